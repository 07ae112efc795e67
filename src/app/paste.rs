//! What the window keeps of pasted text that held more than a bare token: the text itself
//! (so nothing pasted is lost) and the tokens found in it, one of them shown.

use crate::engine::extract::{self, Found, Source};

/// Pasted text with the tokens found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pasted {
    /// The text as it was pasted or typed.
    pub text: String,
    /// The tokens found, in order; never empty.
    pub found: Vec<Found>,
    /// The one in the token box, until the box is edited by hand.
    pub chosen: Option<usize>,
}

impl Pasted {
    /// The tokens in `text`, or `None` when it is just a token (with `Bearer `, quotes or
    /// line breaks), which is decoded as it is.
    pub fn of(text: &str) -> Option<Pasted> {
        let found = extract::extract(text);
        if let [only] = found.as_slice()
            && only.source == Source::Whole
        {
            return None;
        }
        Some(Pasted {
            text: text.to_owned(),
            found,
            chosen: Some(0),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::JWTIO;

    #[test]
    fn only_text_around_tokens_is_kept() {
        assert_eq!(Pasted::of(JWTIO), None);
        assert_eq!(Pasted::of(&format!("Bearer {JWTIO}")), None);
        let text = format!("{{\"access_token\":\"{JWTIO}\",\"id_token\":\"{JWTIO}\"}}");
        let pasted = Pasted::of(&text).unwrap();
        assert_eq!(pasted.text, text);
        assert_eq!(pasted.found.len(), 2);
        assert_eq!(pasted.chosen, Some(0));
        assert_eq!(
            pasted.found[0].source,
            Source::JsonMember("access_token".into())
        );
    }
}
