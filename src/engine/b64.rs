//! Base64 as tokens use it (strict, with positions in errors) and as people paste secrets
//! (either alphabet, padding optional).

use base64::Engine as _;
use base64::alphabet;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use rust_i18n::t;

/// Encodes as unpadded base64url, the only form JWS allows.
pub(crate) fn encode_url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes one token segment. Positions in messages are 1-based characters.
pub(crate) fn decode_segment(segment: &str) -> Result<Vec<u8>, String> {
    decode_url(segment, true)
}

/// Decodes a base64url value that may be secret (a JWK member): an invalid character is
/// reported by its position only.
pub(crate) fn decode_secret_segment(segment: &str) -> Result<Vec<u8>, String> {
    decode_url(segment, false)
}

fn decode_url(segment: &str, show_bad_char: bool) -> Result<Vec<u8>, String> {
    for (index, c) in segment.chars().enumerate() {
        let position = index + 1;
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '_' => {}
            '=' => return Err(t!("engine.b64.padding", position = position).into_owned()),
            '+' | '/' if show_bad_char => {
                return Err(
                    t!("engine.b64.standard_char", char = c, position = position).into_owned(),
                );
            }
            // Even '+' or '/' is a character of the secret: name the position only.
            '+' | '/' => {
                return Err(t!("engine.b64.standard_char_hidden", position = position).into_owned());
            }
            _ if show_bad_char => {
                return Err(t!(
                    "engine.b64.bad_char",
                    char = c.escape_debug(),
                    position = position
                )
                .into_owned());
            }
            _ => return Err(t!("engine.b64.bad_char_hidden", position = position).into_owned()),
        }
    }
    let len = segment.len();
    if len % 4 == 1 {
        return Err(t!("engine.b64.length", len = len).into_owned());
    }
    URL_SAFE_NO_PAD.decode(segment).map_err(|e| match e {
        base64::DecodeError::InvalidLastSymbol(offset, _) => {
            t!("engine.b64.stray_bits", position = offset + 1).into_owned()
        }
        other => other.to_string(),
    })
}

const INDIFFERENT: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(true);
const STANDARD_ANY: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, INDIFFERENT);
const URL_ANY: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, INDIFFERENT);

/// Decodes a base64 secret in either alphabet, padded or not, ignoring whitespace.
///
/// Errors give positions only, never the offending character: it is part of a secret.
pub(crate) fn decode_secret(text: &str) -> Result<Vec<u8>, String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(t!("engine.b64.secret_empty").into_owned());
    }
    let url = compact.contains(['-', '_']);
    if url && compact.contains(['+', '/']) {
        return Err(t!("engine.b64.secret_mixed").into_owned());
    }
    if let Some(index) = compact
        .chars()
        .position(|c| !(c.is_ascii_alphanumeric() || "+/-_=".contains(c)))
    {
        return Err(t!("engine.b64.secret_bad_char", position = index + 1).into_owned());
    }
    let engine = if url { &URL_ANY } else { &STANDARD_ANY };
    engine
        .decode(&compact)
        .map_err(|_| t!("engine.b64.secret_invalid").into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_errors_name_the_character_and_position() {
        assert_eq!(decode_segment("eyJhbGci").unwrap(), b"{\"alg\"");
        assert_eq!(
            decode_segment("abcdefghijklmnop*q").unwrap_err(),
            "invalid base64url character '*' at position 17"
        );
        assert!(
            decode_segment("abc=")
                .unwrap_err()
                .contains("padding '=' at position 4")
        );
        assert!(
            decode_segment("ab+c")
                .unwrap_err()
                .contains("'+' at position 3 belongs to standard base64")
        );
        assert!(
            decode_segment("ab/c")
                .unwrap_err()
                .contains("'/' at position 3")
        );
        assert!(
            decode_segment("abcde")
                .unwrap_err()
                .contains("5 characters")
        );
        assert!(
            decode_segment("ab\u{e9}")
                .unwrap_err()
                .contains("'\u{e9}' at position 3")
        );
        // "QR" decodes to one byte only if the low bits of 'R' are zero; they are not.
        assert!(decode_segment("QR").unwrap_err().contains("not canonical"));
        assert_eq!(decode_segment("").unwrap(), b"");
    }

    #[test]
    fn secrets_accept_both_alphabets_with_or_without_padding() {
        let want = vec![0xfb, 0xff, 0xbf];
        assert_eq!(decode_secret("+/+/").unwrap(), want);
        assert_eq!(decode_secret("-_-_").unwrap(), want);
        assert_eq!(decode_secret("AQ==").unwrap(), vec![1]);
        assert_eq!(decode_secret("AQ").unwrap(), vec![1]);
        assert_eq!(decode_secret(" AQ\n").unwrap(), vec![1]);
        assert!(decode_secret("+-").unwrap_err().contains("mixes"));
        let err = decode_secret("abc!def").unwrap_err();
        assert!(err.contains("position 4") && !err.contains('!'));
        assert!(decode_secret("").is_err());
    }
}
