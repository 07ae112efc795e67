//! The texts `t!` shows, served from tables `build.rs` makes at compile time (see there for
//! why not rust-i18n's own backend). Languages, keys and fallbacks work as before: this is
//! rust-i18n's backend, the macro and `set_locale` are rust-i18n's.

/// Every key and text, back to back.
static TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/texts.txt"));

include!(concat!(env!("OUT_DIR"), "/texts.rs"));

/// The compiled-in texts, as a rust-i18n backend.
pub struct Texts;

impl rust_i18n::Backend for Texts {
    fn available_locales(&self) -> Vec<&str> {
        TABLES.iter().map(|(locale, _)| *locale).collect()
    }

    fn translate(&self, locale: &str, key: &str) -> Option<&str> {
        let (_, table) = TABLES.iter().find(|(l, _)| *l == locale)?;
        let found = table
            .binary_search_by(|entry| part(entry[0], entry[1]).cmp(key))
            .ok()?;
        let [_, _, start, len] = table[found];
        Some(part(start, len))
    }
}

/// A piece of [`TEXT`]; empty should a table ever point outside it.
fn part(start: u32, len: u32) -> &'static str {
    let (start, len) = (start as usize, len as usize);
    TEXT.get(start..start + len).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use rust_i18n::Backend as _;

    use super::*;

    #[test]
    fn every_text_of_the_locale_files_is_served_as_written() {
        // Read the files the same way build.rs does, independently of its tables.
        let locales = rust_i18n_support::load_locales(
            concat!(env!("CARGO_MANIFEST_DIR"), "/assets/locales"),
            |_| false,
        );
        assert_eq!(Texts.available_locales(), ["en", "pt-BR"]);
        let mut count = 0;
        for (locale, texts) in &locales {
            for (key, value) in texts {
                assert_eq!(
                    Texts.translate(locale, key),
                    Some(value.as_str()),
                    "{locale} {key}"
                );
                count += 1;
            }
        }
        assert!(count > 1000, "{count}");
        assert_eq!(Texts.translate("en", "no.such.key"), None);
        assert_eq!(Texts.translate("fr", "demo.toggle"), None);
        assert_eq!(Texts.translate("en", ""), None);
    }

    #[test]
    fn t_falls_back_to_english_and_speaks_each_language() {
        assert_eq!(
            rust_i18n::t!("demo.reveal", locale = "en"),
            "Reveal to edit"
        );
        assert_ne!(
            rust_i18n::t!("demo.reveal", locale = "pt-BR"),
            "Reveal to edit"
        );
        // A language jwtpad has no texts for gets English, as rust-i18n's fallback did.
        assert_eq!(
            rust_i18n::t!("demo.reveal", locale = "fr"),
            "Reveal to edit"
        );
    }
}
