//! The window's and the engine's texts (assets/locales/*.yml) as one string and a sorted
//! table of offsets per language, for `src/texts.rs`.
//!
//! rust-i18n's own macro turns every text into code that builds a `HashMap` of owned
//! strings on the first `t!`: 1,600 allocations and a few hundred kilobytes of code and
//! data paged in before a command prints a line (issue 13). Offsets (`u32`, no pointers)
//! need no relocation at start and are read where they lie.

use std::fmt::Write as _;

fn main() {
    println!("cargo:rerun-if-changed=assets/locales");
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    // The same reader rust-i18n's macro uses, so the texts are exactly the ones it would see.
    let locales = rust_i18n_support::load_locales("assets/locales", |_| false);
    assert!(
        locales.contains_key("en"),
        "assets/locales has no English texts"
    );
    let mut text = String::new();
    let mut code = String::from(
        "/// The texts of each language: `[key start, key length, text start, text length]`, by key.\n",
    );
    code.push_str("static TABLES: &[(&str, &[[u32; 4]])] = &[\n");
    for (locale, texts) in &locales {
        writeln!(code, "    ({locale:?}, &[").unwrap();
        // BTreeMap: already in the byte order `translate` searches by.
        for (key, value) in texts {
            let k = span(&mut text, key);
            let v = span(&mut text, value);
            writeln!(code, "        [{}, {}, {}, {}],", k.0, k.1, v.0, v.1).unwrap();
        }
        code.push_str("    ]),\n");
    }
    code.push_str("];\n");
    std::fs::write(out.join("texts.txt"), &text).expect("write texts.txt");
    std::fs::write(out.join("texts.rs"), code).expect("write texts.rs");
}

fn span(text: &mut String, s: &str) -> (u32, u32) {
    let start = u32::try_from(text.len()).expect("texts under 4 GiB");
    text.push_str(s);
    (start, u32::try_from(s.len()).expect("texts under 4 GiB"))
}
