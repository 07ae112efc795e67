//! Base64 as tokens use it (strict, with positions in errors) and as people paste secrets
//! (either alphabet, padding optional).

use base64::Engine as _;
use base64::alphabet;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use super::error::B64Problem;

/// Encodes as unpadded base64url, the only form JWS allows.
pub fn encode_url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The four base64 spellings of `bytes` (standard or URL-safe alphabet, padded or not),
/// as a secret's text could have been written.
pub(crate) fn encodings(bytes: &[u8]) -> Vec<zeroize::Zeroizing<String>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE};
    let mut out: Vec<zeroize::Zeroizing<String>> = Vec::new();
    for engine in [&STANDARD, &STANDARD_NO_PAD, &URL_SAFE, &URL_SAFE_NO_PAD] {
        let text = zeroize::Zeroizing::new(engine.encode(bytes));
        if !out.contains(&text) {
            out.push(text);
        }
    }
    out
}

/// Decodes one token segment. Positions in problems are 1-based characters.
pub fn decode_segment(segment: &str) -> Result<Vec<u8>, B64Problem> {
    decode_url(segment, true)
}

/// Decodes a base64url value that may be secret (a JWK member): an invalid character is
/// reported by its position only.
pub(crate) fn decode_secret_segment(segment: &str) -> Result<Vec<u8>, B64Problem> {
    decode_url(segment, false)
}

fn decode_url(segment: &str, show_bad_char: bool) -> Result<Vec<u8>, B64Problem> {
    // The strict decoder accepts exactly what `explain` would pass (the URL-safe alphabet,
    // no padding, a possible length, no stray bits), so the per-character walk that finds
    // the position only runs for a segment that is wrong: a 1 MiB payload is not walked twice.
    URL_SAFE_NO_PAD
        .decode(segment)
        .or_else(|_| explain(segment, show_bad_char))
}

/// Decodes `segment` checking each character first, so a problem names its position.
fn explain(segment: &str, show_bad_char: bool) -> Result<Vec<u8>, B64Problem> {
    for (index, c) in segment.chars().enumerate() {
        let position = index + 1;
        // Even '+' or '/' is a character of a secret: only the position is kept then.
        let ch = show_bad_char.then_some(c);
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => {}
            '=' => return Err(B64Problem::Padding { position }),
            '+' | '/' => return Err(B64Problem::StandardChar { ch, position }),
            _ => return Err(B64Problem::BadChar { ch, position }),
        }
    }
    let len = segment.len();
    if len % 4 == 1 {
        return Err(B64Problem::Length(len));
    }
    URL_SAFE_NO_PAD.decode(segment).map_err(|e| match e {
        base64::DecodeError::InvalidLastSymbol(offset, _) => B64Problem::StrayBits {
            position: offset + 1,
        },
        // The characters and the length were checked above; what is left is the last one.
        _ => B64Problem::StrayBits { position: len },
    })
}

const INDIFFERENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STANDARD_ANY: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, INDIFFERENT);
const URL_ANY: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, INDIFFERENT);

/// Decodes a base64 secret in either alphabet, padded or not, ignoring whitespace.
///
/// Problems give positions only, never the offending character: it is part of a secret.
pub(crate) fn decode_secret(text: &str) -> Result<Vec<u8>, B64Problem> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(B64Problem::SecretEmpty);
    }
    let url = compact.contains(['-', '_']);
    if url && compact.contains(['+', '/']) {
        return Err(B64Problem::SecretMixed);
    }
    if let Some(index) = compact
        .chars()
        .position(|c| !(c.is_ascii_alphanumeric() || "+/-_=".contains(c)))
    {
        return Err(B64Problem::SecretBadChar {
            position: index + 1,
        });
    }
    let engine = if url { &URL_ANY } else { &STANDARD_ANY };
    engine
        .decode(&compact)
        .map_err(|_| B64Problem::SecretInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_problems_name_the_character_and_position() {
        assert_eq!(decode_segment("eyJhbGci").unwrap(), b"{\"alg\"");
        assert_eq!(
            decode_segment("abcdefghijklmnop*q"),
            Err(B64Problem::BadChar {
                ch: Some('*'),
                position: 17
            })
        );
        assert_eq!(
            decode_segment("abc="),
            Err(B64Problem::Padding { position: 4 })
        );
        assert_eq!(
            decode_segment("ab+c"),
            Err(B64Problem::StandardChar {
                ch: Some('+'),
                position: 3
            })
        );
        assert_eq!(decode_segment("abcde"), Err(B64Problem::Length(5)));
        assert_eq!(
            decode_segment("ab\u{e9}"),
            Err(B64Problem::BadChar {
                ch: Some('\u{e9}'),
                position: 3
            })
        );
        // "QR" decodes to one byte only if the low bits of 'R' are zero; they are not.
        assert_eq!(
            decode_segment("QR"),
            Err(B64Problem::StrayBits { position: 2 })
        );
        assert_eq!(decode_segment("").unwrap(), b"");
    }

    #[test]
    fn the_fast_path_agrees_with_the_checked_one() {
        // Every string of up to 4 characters over letters that are valid, stray-bit, padding,
        // standard-alphabet, invalid and non-ASCII.
        let letters = ['A', 'Q', 'R', '-', '_', '=', '+', '*', '\u{e9}'];
        let mut level = vec![String::new()];
        let mut texts = level.clone();
        for _ in 0..4 {
            level = level
                .iter()
                .flat_map(|t| letters.iter().map(move |c| format!("{t}{c}")))
                .collect();
            texts.extend(level.iter().cloned());
        }
        for text in &texts {
            for show in [true, false] {
                assert_eq!(decode_url(text, show), explain(text, show), "{text:?}");
            }
        }
    }

    #[test]
    fn secret_segments_keep_only_the_position() {
        assert_eq!(
            decode_secret_segment("ab+c"),
            Err(B64Problem::StandardChar {
                ch: None,
                position: 3
            })
        );
        assert_eq!(
            decode_secret_segment("a!"),
            Err(B64Problem::BadChar {
                ch: None,
                position: 2
            })
        );
    }

    #[test]
    fn secrets_accept_both_alphabets_with_or_without_padding() {
        let want = vec![0xfb, 0xff, 0xbf];
        assert_eq!(decode_secret("+/+/").unwrap(), want);
        assert_eq!(decode_secret("-_-_").unwrap(), want);
        assert_eq!(decode_secret("AQ==").unwrap(), vec![1]);
        assert_eq!(decode_secret("AQ").unwrap(), vec![1]);
        assert_eq!(decode_secret(" AQ\n").unwrap(), vec![1]);
        assert_eq!(decode_secret("+-"), Err(B64Problem::SecretMixed));
        assert_eq!(
            decode_secret("abc!def"),
            Err(B64Problem::SecretBadChar { position: 4 })
        );
        assert_eq!(decode_secret(""), Err(B64Problem::SecretEmpty));
    }
}
