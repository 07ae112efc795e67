//! Properties over generated inputs (proptest): signing round-trips for every algorithm,
//! normalisation is idempotent, base64url is strict, and masking leaves no CPF or e-mail
//! address behind. Case counts stay modest so the test binary stays fast.

use std::path::Path;

use jwtpad::engine::b64::{decode_segment, encode_url};
use jwtpad::engine::normalize::normalize;
use jwtpad::engine::{Alg, Clock, Key, KeySet, Secret, SignRequest, cpf, decode, mask, sign};
use proptest::prelude::*;
use serde_json::{Map, Value};

fn fixture_key(name: &str) -> Key {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/keys")
        .join(name);
    let bytes = std::fs::read(&path).expect("a readable key fixture");
    let set = KeySet::from_bytes(&bytes).expect("a key fixture parses");
    set.keys.into_iter().next().expect("one key")
}

/// One key per asymmetric family, read once: RSA is never generated per case.
fn asymmetric_keys() -> Vec<(Alg, Key)> {
    let rsa = fixture_key("rsa2048.pkcs8.pem");
    let mut keys: Vec<(Alg, Key)> = [
        Alg::RS256,
        Alg::RS384,
        Alg::RS512,
        Alg::PS256,
        Alg::PS384,
        Alg::PS512,
    ]
    .into_iter()
    .map(|alg| (alg, rsa.clone()))
    .collect();
    keys.push((Alg::ES256, fixture_key("ec-p256.pkcs8.pem")));
    keys.push((Alg::ES384, fixture_key("ec-p384.pkcs8.pem")));
    keys.push((Alg::ES512, fixture_key("ec-p521.pkcs8.pem")));
    keys.push((Alg::EdDSA, fixture_key("ed25519.pkcs8.pem")));
    keys
}

/// JSON numbers that survive a text round trip exactly (integers, and short binary fractions).
fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<i32>().prop_map(|n| Value::from(f64::from(n) / 8.0)),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        "\\PC{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(("\\PC{0,8}", inner), 0..6)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// Header members of the test's own (`x-…`), so no registered name (`crit`, `b64`…)
/// changes how the token is read.
fn header() -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec(("x-[a-z0-9]{0,6}", json_value()), 0..5)
        .prop_map(|members| members.into_iter().collect())
}

fn round_trip(
    header: Map<String, Value>,
    payload: Value,
    alg: Alg,
    key: &Key,
) -> Result<(), TestCaseError> {
    let signed = sign(SignRequest {
        header: header.clone(),
        payload: payload.clone(),
        alg,
        key: Some(key),
    })
    .map_err(|e| TestCaseError::fail(format!("{alg:?} does not sign: {e}")))?;
    let keys = KeySet::from(key.clone());
    let decoded = decode(&signed.token, Some(&keys), &Clock::at(1_700_000_000, 60))
        .map_err(|e| TestCaseError::fail(format!("{alg:?} token does not decode: {e}")))?;
    prop_assert_eq!(decoded.verification.verified(), Some(true), "{:?}", alg);
    prop_assert_eq!(decoded.token.payload.to_json(), payload);
    prop_assert_eq!(&decoded.token.header, &signed.header);
    let mut expected = header;
    expected.insert(
        "alg".into(),
        Value::String(decoded.token.alg_text().unwrap_or("").into()),
    );
    let mut got = decoded.token.header.clone();
    got.sort_keys();
    expected.sort_keys();
    prop_assert_eq!(got, expected);
    prop_assert_eq!(decoded.token.compact(), signed.token);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn hmac_sign_then_decode_gives_back_the_json(
        header in header(),
        payload in json_value(),
        alg in prop::sample::select(vec![Alg::HS256, Alg::HS384, Alg::HS512]),
        secret in prop::collection::vec(any::<u8>(), 1..80),
    ) {
        round_trip(header, payload, alg, &Key::hmac(Secret::new(secret)))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn asymmetric_sign_then_decode_gives_back_the_json(
        header in header(),
        payload in json_value(),
        which in 0usize..10,
    ) {
        thread_local! {
            static KEYS: Vec<(Alg, Key)> = asymmetric_keys();
        }
        KEYS.with(|keys| {
            let (alg, key) = &keys[which % keys.len()];
            round_trip(header, payload, *alg, key)
        })?;
    }
}

/// Something a person pastes: a token with the noise normalisation strips, or any text.
fn pasted() -> impl Strategy<Value = String> {
    let segment = "[A-Za-z0-9_-]{0,24}";
    let noise = prop::sample::select(vec![
        "",
        " ",
        "\n",
        "\t",
        "\r\n",
        "Bearer ",
        "bearer  ",
        "Authorization: Bearer ",
        "\"",
        "'",
        "`",
        "\u{a0}",
        "\u{200b}",
    ]);
    prop_oneof![
        (
            noise.clone(),
            segment,
            noise.clone(),
            segment,
            noise.clone(),
            segment,
            noise
        )
            .prop_map(|(a, h, b, p, c, s, d)| format!("{a}{h}.{b}{p}.{c}{s}{d}{a}")),
        "\\PC{0,40}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn normalisation_is_idempotent(text in pasted()) {
        let once = normalize(&text);
        let twice = normalize(&once.token);
        prop_assert_eq!(&twice.token, &once.token);
        prop_assert!(twice.removed.is_empty(), "removed again: {:?}", twice.removed);
    }

    #[test]
    fn base64url_round_trips(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let text = encode_url(&bytes);
        prop_assert_eq!(decode_segment(&text).ok(), Some(bytes));
    }

    #[test]
    fn base64url_refuses_padded_and_standard_forms(bytes in prop::collection::vec(any::<u8>(), 1..64)) {
        let text = encode_url(&bytes);
        if bytes.len() % 3 != 0 {
            let padded = format!("{text}{}", "=".repeat(4 - text.len() % 4));
            prop_assert!(decode_segment(&padded).is_err(), "padded {padded} accepted");
        }
        let suffixed = format!("{text}=");
        prop_assert!(decode_segment(&suffixed).is_err(), "{} accepted", suffixed);
        if text.contains(['-', '_']) {
            let standard = text.replace('-', "+").replace('_', "/");
            prop_assert!(decode_segment(&standard).is_err(), "standard {standard} accepted");
        }
    }

    #[test]
    fn base64url_refuses_stray_bits(bytes in prop::collection::vec(any::<u8>(), 1..64), bits in 1u8..16) {
        // The last character of a 1- or 2-byte tail carries 4 or 2 unused bits.
        let unused = match bytes.len() % 3 { 1 => 4, 2 => 2, _ => return Ok(()) };
        let mut text = encode_url(&bytes);
        let last = text.pop().expect("not empty");
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let value = ALPHABET.iter().position(|&c| c == last as u8).expect("url alphabet");
        let stray = value | (usize::from(bits) & ((1 << unused) - 1)).max(1);
        text.push(char::from(ALPHABET[stray]));
        prop_assert!(decode_segment(&text).is_err(), "non-canonical {text} accepted");
    }

    /// Exactly the canonical form: whatever is accepted is what encoding gives back.
    #[test]
    fn base64url_accepts_only_what_it_would_write(text in "[A-Za-z0-9_=+/-]{0,24}|\\PC{0,12}") {
        if let Ok(bytes) = decode_segment(&text) {
            prop_assert_eq!(encode_url(&bytes), text);
        }
    }
}

fn cpf_text() -> impl Strategy<Value = String> {
    (prop::array::uniform9(0u8..10), any::<bool>()).prop_filter_map(
        "repeated digits",
        |(base, pretty)| {
            let plain = cpf::from_base(base);
            cpf::is_valid(&plain).then(|| if pretty { cpf::format(&plain) } else { plain })
        },
    )
}

fn email_text() -> impl Strategy<Value = String> {
    "[a-z][a-z0-9._]{1,10}@[a-z]{2,8}\\.(com|com\\.br|org)"
}

/// A document with CPFs and e-mail addresses placed anywhere: alone in a string, inside a
/// sentence, in arrays, under any claim name, at any depth.
fn personal() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        cpf_text().prop_map(Value::String),
        email_text().prop_map(Value::String),
        (email_text(), "[a-z ]{0,8}").prop_map(|(e, w)| Value::String(format!("{w} {e} {w}"))),
        (cpf_text(), "[a-z ]{0,8}").prop_map(|(c, w)| Value::String(format!("{w} {c} {w}"))),
        "[a-z0-9 ]{0,8}".prop_map(Value::String),
        any::<i32>().prop_map(Value::from),
    ];
    let name = prop::sample::select(vec![
        "sub",
        "email",
        "personId",
        "peopleId",
        "name",
        "note",
        "contacts",
        "phone_number",
        "x",
    ]);
    leaf.prop_recursive(5, 32, 5, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((name.clone(), inner), 0..5).prop_map(|members| {
                Value::Object(
                    members
                        .into_iter()
                        .map(|(k, v)| (k.to_owned(), v))
                        .collect(),
                )
            }),
        ]
    })
}

/// Every string (and number) in `value`, split into words as a reader would see them.
fn words(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => {
            out.push(s.clone());
            out.extend(s.split_whitespace().map(str::to_owned));
        }
        Value::Number(n) => out.push(n.to_string()),
        Value::Array(items) => items.iter().for_each(|v| words(v, out)),
        Value::Object(map) => map.values().for_each(|v| words(v, out)),
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn masking_leaves_no_cpf_or_email(value in personal()) {
        let mut before = Vec::new();
        words(&value, &mut before);
        let masked = mask::mask(&value, &[]).value;
        let mut after = Vec::new();
        words(&masked, &mut after);
        for word in &after {
            prop_assert!(!cpf::is_valid(word), "a CPF is left: {word:?} in {masked}");
            for original in before.iter().filter(|w| w.contains('@') && !w.contains(' ')) {
                prop_assert!(!word.contains(original.as_str()), "{original:?} is left in {masked}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// Demo mode's in-place masking hides what the report's masking hides, in compact and
    /// pretty JSON text alike, and moves no character.
    #[test]
    fn masking_in_place_leaves_no_cpf_or_email(value in personal(), pretty in any::<bool>()) {
        let text = if pretty {
            serde_json::to_string_pretty(&value).unwrap()
        } else {
            serde_json::to_string(&value).unwrap()
        };
        let shown = mask::in_place::json(&text, &[]).map_or(text.clone(), |s| s.text);
        prop_assert_eq!(shown.chars().count(), text.chars().count());
        // The masked text is still JSON (only string contents and CPF or phone numbers
        // changed); read it back to find its words.
        let mut before = Vec::new();
        words(&value, &mut before);
        let words_shown: Vec<&str> = shown
            .split(|c: char| c.is_whitespace() || c == '"')
            .collect();
        for word in &words_shown {
            let word = word.trim_matches(|c: char| matches!(c, ',' | ':' | '[' | ']' | '{' | '}'));
            prop_assert!(!cpf::is_valid(word), "a CPF is left: {word:?} in {shown}");
        }
        for original in before.iter().filter(|w| w.contains('@') && !w.contains(' ')) {
            prop_assert!(!shown.contains(original.as_str()), "{original:?} is left in {shown}");
        }
    }
}
