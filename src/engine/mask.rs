//! Personal data masked for a report that is safe to share and for the window's demo mode:
//! one set of rules over JSON, at any depth, with the JSON Pointer of every value it masked.
//! No words here: the callers say "masked: /personId, /email". [`in_place`] renders the same
//! rules without moving a character, for text shown in an editor.
//!
//! The rules, by claim name first, then by what a string looks like:
//! - a CPF (claims `personId` and `peopleId`, or any string, or word of a string, that is a
//!   valid CPF) keeps its first 3 and last 2 digits: `529.***.***-25`;
//! - an e-mail address keeps the first character of its local part: `j***@example.com`;
//! - `name`, `given_name`, `family_name` become initials: `J. D.`;
//! - a phone number (a claim whose name says phone: `phone_number`, `phone`, `mobile`,
//!   `telefone`, `celular`, `msisdn`…; or a string written like one: `+`, digits, spaces,
//!   dashes and parentheses, 8 to 15 digits, with a `+` or some punctuation) keeps only its
//!   last 2 digits, the others become `*` and the punctuation stays: `+** ** *****-**34`.
//!   Bare digits outside a phone claim are left alone: `"sub": "1234567890"` is an id;
//! - a claim named in the caller's extra list is masked whole: `"***"`, an array or object
//!   keeps its shape with every value inside masked.

use serde_json::{Map, Value};

use super::cpf;

pub mod in_place;

/// The claims that carry a CPF whatever they look like.
pub const CPF_CLAIMS: [&str; 2] = [cpf::CLAIM, "peopleId"];
/// The claims that carry a person's name.
pub const NAME_CLAIMS: [&str; 3] = ["name", "given_name", "family_name"];
/// What a claim name holds when it carries a phone number (`phone_number`, `mobilePhone`,
/// `telefone`, `celular`, …), compared in lower case.
const PHONE_NAMES: [&str; 6] = ["phone", "mobile", "fone", "celular", "msisdn", "tel"];

/// Whether a claim of this name carries a phone number. `tel` must be the whole name or a
/// word of it (`tel`, `home_tel`), so `hotel` and `intel` are not phones.
pub fn is_phone_claim(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    PHONE_NAMES[..5].iter().any(|p| lower.contains(p))
        || lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word == "tel")
}

/// What a masked value is replaced with when nothing of it may show.
pub const HIDDEN: &str = "***";

/// A value with its personal data masked.
#[derive(Debug, Clone, PartialEq)]
pub struct Masked {
    /// The value, masked.
    pub value: Value,
    /// The JSON Pointer (RFC 6901) of every value that was masked, in document order.
    pub paths: Vec<String>,
}

/// Masks `value` by the rules above; `extra` names claims to mask whole, at any depth.
pub fn mask(value: &Value, extra: &[String]) -> Masked {
    let mut paths = Vec::new();
    let value = walk(value, None, "", extra, &mut paths, &mut Reach::All);
    Masked { value, paths }
}

/// Masks `value` as the value of member `claim` (an array element inherits its array's
/// claim), as [`mask`] would inside a document: a diff shows `/personId`'s old and new values
/// on their own.
pub fn mask_under(value: &Value, claim: Option<&str>, extra: &[String]) -> Value {
    walk(value, claim, "", extra, &mut Vec::new(), &mut Reach::All)
}

/// The start of what [`mask_under`] makes of `value`: arrays and objects are cut once at
/// least `bytes` bytes of its compact JSON are made, so the first `bytes` bytes of the
/// answer's compact JSON are those of the whole masked value. A view that shows a few dozen
/// characters of a 100 KiB claim masks those, not the whole claim.
pub fn mask_start(value: &Value, claim: Option<&str>, extra: &[String], bytes: usize) -> Value {
    walk(
        value,
        claim,
        "",
        extra,
        &mut Vec::new(),
        &mut Reach::Bytes(bytes),
    )
}

/// Whether [`mask_under`] masks anything in `value`, stopping at the first value it masks.
pub fn masks_any(value: &Value, claim: Option<&str>, extra: &[String]) -> bool {
    let mut paths = Vec::new();
    walk(value, claim, "", extra, &mut paths, &mut Reach::FirstMask);
    !paths.is_empty()
}

/// A line of free text (a warning, a verdict) with every e-mail address and every CPF
/// written in it masked; `None` when it holds neither. Names and phone numbers are known only
/// by their claim, so a sentence cannot be searched for them.
pub fn words(text: &str) -> Option<String> {
    personal_words(text)
}

/// Masks an object of claims, as [`mask`] does.
pub fn mask_claims(
    claims: &Map<String, Value>,
    extra: &[String],
) -> (Map<String, Value>, Vec<String>) {
    let mut paths = Vec::new();
    let out = claims
        .iter()
        .map(|(k, v)| {
            let path = format!("/{}", escape(k));
            (
                k.clone(),
                walk(v, Some(k), &path, extra, &mut paths, &mut Reach::All),
            )
        })
        .collect();
    (out, paths)
}

/// How far [`walk`] goes: the rules are the same, only where it stops differs.
enum Reach {
    /// The whole value.
    All,
    /// Until at least this many more bytes of compact JSON are made (counted short: only
    /// names and values, no punctuation), then arrays and objects are cut.
    Bytes(usize),
    /// Until the first value is masked.
    FirstMask,
}

impl Reach {
    /// Whether the walk stops before the next member or element.
    fn reached(&self, paths: &[String]) -> bool {
        match self {
            Reach::All => false,
            Reach::Bytes(left) => *left == 0,
            Reach::FirstMask => !paths.is_empty(),
        }
    }

    /// `made` was written: a name or a value.
    fn made(&mut self, made: impl FnOnce() -> usize) {
        if let Reach::Bytes(left) = self {
            *left = left.saturating_sub(made());
        }
    }
}

/// A value's compact JSON length, for a value that holds no array or object.
fn leaf_len(value: &Value) -> usize {
    match value {
        // At least its characters and the quotes; escapes only make it longer.
        Value::String(s) => s.len() + 2,
        Value::Number(n) => n.to_string().len(),
        Value::Bool(true) | Value::Null => 4,
        Value::Bool(false) => 5,
        // Containers are counted by their members.
        Value::Array(_) | Value::Object(_) => 0,
    }
}

/// `value` at `path`, whose nearest object member name is `claim` (array elements inherit
/// it), as far as `reach` goes.
fn walk(
    value: &Value,
    claim: Option<&str>,
    path: &str,
    extra: &[String],
    paths: &mut Vec<String>,
    reach: &mut Reach,
) -> Value {
    if let Some(claim) = claim
        && extra.iter().any(|e| e == claim)
    {
        paths.push(path.to_owned());
        if matches!(reach, Reach::FirstMask) {
            // Only whether something is masked was asked: it is.
            return Value::Null;
        }
        return whole(value, reach);
    }
    let out = match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                if reach.reached(paths) {
                    break;
                }
                reach.made(|| k.len() + 2);
                let path = format!("{path}/{}", escape(k));
                out.insert(k.clone(), walk(v, Some(k), &path, extra, paths, reach));
            }
            return Value::Object(out);
        }
        Value::Array(items) => {
            let mut out = Vec::new();
            for (i, v) in items.iter().enumerate() {
                if reach.reached(paths) {
                    break;
                }
                out.push(walk(v, claim, &format!("{path}/{i}"), extra, paths, reach));
            }
            return Value::Array(out);
        }
        Value::String(s) => match leaf(s, claim) {
            Some(masked) => {
                paths.push(path.to_owned());
                Value::String(masked)
            }
            None => value.clone(),
        },
        // A number in a CPF or phone claim is its digits.
        Value::Number(n) if claim.is_some_and(|c| CPF_CLAIMS.contains(&c) || is_phone_claim(c)) => {
            paths.push(path.to_owned());
            Value::String(leaf(&n.to_string(), claim).unwrap_or_else(|| HIDDEN.to_owned()))
        }
        other => other.clone(),
    };
    reach.made(|| leaf_len(&out));
    out
}

/// The masked form of a string under `claim`, or `None` when it shows nothing personal.
fn leaf(text: &str, claim: Option<&str>) -> Option<String> {
    // A claim's own rule keeps some of the text; an address in what it keeps is masked too
    // (`"personId": "a@b.com"` kept its letters).
    by_claim(text, claim).map(|kept| emails(&kept).unwrap_or(kept))
}

/// [`leaf`] without the last pass over addresses.
fn by_claim(text: &str, claim: Option<&str>) -> Option<String> {
    rule(text, claim).map(|rule| match rule {
        Rule::Cpf => cpf_like(text),
        Rule::Name => initials(text).unwrap_or_else(|| HIDDEN.to_owned()),
        Rule::Phone => keep_last_two_digits(text),
        Rule::Hidden => HIDDEN.to_owned(),
        Rule::Words => personal_words(text).unwrap_or_else(|| text.to_owned()),
    })
}

/// Which rule masks a string: decided here once, rendered by [`by_claim`] for the report and
/// by [`in_place`] for the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// A CPF, by its claim or by its digits: the first 3 and last 2 digits show.
    Cpf,
    /// A person's name: the initials show.
    Name,
    /// A phone number: the last 2 digits show.
    Phone,
    /// Nothing of it may show.
    Hidden,
    /// The e-mail addresses and CPFs written as words of it.
    Words,
}

fn rule(text: &str, claim: Option<&str>) -> Option<Rule> {
    let hidden = || (!text.trim().is_empty()).then_some(Rule::Hidden);
    match claim {
        Some(c) if CPF_CLAIMS.contains(&c) => return Some(Rule::Cpf),
        Some(c) if NAME_CLAIMS.contains(&c) => {
            return initials(text).map(|_| Rule::Name).or_else(hidden);
        }
        Some(c) if is_phone_claim(c) => {
            return (keep_last_two_digits(text) != text)
                .then_some(Rule::Phone)
                .or_else(hidden);
        }
        _ => {}
    }
    if cpf::is_valid(text) {
        return Some(Rule::Cpf);
    }
    if is_phone(text) {
        return Some(Rule::Phone);
    }
    personal_words(text).map(|_| Rule::Words)
}

/// A value masked whole, keeping arrays and objects as such, as far as `reach` goes.
fn whole(value: &Value, reach: &mut Reach) -> Value {
    let out = match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                // Only the bytes count here: a value masked whole has no paths of its own.
                if matches!(reach, Reach::Bytes(0)) {
                    break;
                }
                reach.made(|| k.len() + 2);
                out.insert(k.clone(), whole(v, reach));
            }
            return Value::Object(out);
        }
        Value::Array(items) => {
            let mut out = Vec::new();
            for v in items {
                if matches!(reach, Reach::Bytes(0)) {
                    break;
                }
                out.push(whole(v, reach));
            }
            return Value::Array(out);
        }
        Value::Null => Value::Null,
        _ => Value::String(HIDDEN.to_owned()),
    };
    reach.made(|| leaf_len(&out));
    out
}

/// A CPF as `529.***.***-25`; text without 11 digits keeps only its last 2 digits.
pub fn cpf_like(text: &str) -> String {
    let digits: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 11 {
        let first: String = digits[..3].iter().collect();
        let last: String = digits[9..].iter().collect();
        format!("{first}.***.***-{last}")
    } else {
        keep_last_two_digits(text)
    }
}

/// Initials: `"John Doe"` → `"J. D."`; `None` for text without letters.
pub fn initials(name: &str) -> Option<String> {
    let parts: Vec<String> = name
        .split_whitespace()
        .filter_map(|word| word.chars().find(|c| c.is_alphabetic()))
        .map(|c| format!("{}.", c.to_uppercase()))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Whether `text` is written like a phone number: only `+`, digits, spaces, dashes and
/// parentheses, 8 to 15 digits (E.164's most), a `+` or some punctuation (bare digits are
/// as likely an id), and not a date like `2026-12-01`.
pub fn is_phone(text: &str) -> bool {
    let text = text.trim();
    let allowed = text
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | ' ' | '-' | '(' | ')'));
    let digits = text.chars().filter(char::is_ascii_digit).count();
    let written = text.chars().any(|c| !c.is_ascii_digit());
    let date = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    allowed && written && (8..=15).contains(&digits) && !date
}

/// Every digit but the last two becomes `*`; everything else stays.
pub fn keep_last_two_digits(text: &str) -> String {
    let total = text.chars().filter(char::is_ascii_digit).count();
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if c.is_ascii_digit() {
                seen += 1;
                if seen + 2 <= total { '*' } else { c }
            } else {
                c
            }
        })
        .collect()
}

/// The text with every e-mail address in it masked (`j***@example.com`), or `None` when it
/// holds none.
pub fn emails(text: &str) -> Option<String> {
    map_words(text, email)
}

/// The text with every e-mail address and every CPF written as a word of it masked, or
/// `None` when it holds neither: `"CPF 529.982.247-25"` is as personal as the CPF alone.
fn personal_words(text: &str) -> Option<String> {
    map_words(text, |word| cpf_word(word).or_else(|| email(word)))
}

/// Each whitespace-separated word replaced by `f`'s answer when it has one; `None` when it
/// never had. The whitespace is kept as it was.
fn map_words(text: &str, f: impl Fn(&str) -> Option<String>) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    let mut rest = text;
    while !rest.is_empty() {
        let start = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let word = &rest[..end];
        match f(word) {
            Some(masked) => {
                found = true;
                out.push_str(&masked);
            }
            None => out.push_str(word),
        }
        rest = &rest[end..];
    }
    found.then_some(out)
}

/// One word as a masked CPF, when it is a valid one (surrounding punctuation kept).
fn cpf_word(word: &str) -> Option<String> {
    let (at, core) = cpf_in_word(word)?;
    Some(format!(
        "{}{}{}",
        &word[..at],
        cpf_like(core),
        &word[at + core.len()..]
    ))
}

/// What may wrap a CPF or an address written as a word: `<a@b.com>,` or `(529.982.247-25)`.
fn wrapping(c: char) -> bool {
    matches!(
        c,
        '<' | '>' | '(' | ')' | ',' | ';' | ':' | '.' | '"' | '\''
    )
}

/// Where in `word` a valid CPF stands, and the CPF.
fn cpf_in_word(word: &str) -> Option<(usize, &str)> {
    let core = word.trim_matches(wrapping);
    if core.is_empty() || !cpf::is_valid(core) {
        return None;
    }
    Some((word.find(core)?, core))
}

/// One word as a masked address, when it is one (surrounding `<>(),;:.` and quotes kept).
fn email(word: &str) -> Option<String> {
    let address = address_in_word(word)?;
    let first = address.local.chars().next()?;
    Some(format!(
        "{}{first}***@{}{}",
        &word[..address.at],
        address.domain,
        &word[address.at + address.len..]
    ))
}

/// An e-mail address written as a word.
struct Address<'a> {
    /// Where in the word it starts, and its length in bytes.
    at: usize,
    len: usize,
    local: &'a str,
    domain: &'a str,
}

fn address_in_word(word: &str) -> Option<Address<'_>> {
    let core = word.trim_matches(wrapping);
    let (local, domain) = core.split_once('@')?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    (local_ok && domain_ok).then(|| Address {
        at: word.find(core).unwrap_or_default(),
        len: core.len(),
        local,
        domain,
    })
}

/// A member name as a JSON Pointer token (RFC 6901: `~` is `~0`, `/` is `~1`).
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn masked(v: Value) -> Masked {
        mask(&v, &[])
    }

    // Found by the masking property (tests/it/properties.rs): an address in a CPF claim.
    #[test]
    fn an_address_in_a_cpf_or_phone_claim_is_masked() {
        let m = masked(json!({"personId": "ana@example.com", "phone": "ana123@example.com"}));
        assert_eq!(
            m.value,
            json!({"personId": "a***@example.com", "phone": "a***@example.com"})
        );
    }

    // Found by the masking property (tests/it/properties.rs): a CPF inside a sentence.
    #[test]
    fn a_cpf_written_inside_a_sentence_is_masked() {
        let m = masked(json!({"note": "a 529.982.247-25, then 00000000191", "sub": "12345678901"}));
        assert_eq!(
            m.value,
            json!({"note": "a 529.***.***-25, then 000.***.***-91", "sub": "12345678901"})
        );
        assert_eq!(m.paths, ["/note"]);
    }

    #[test]
    fn a_cpf_keeps_its_first_three_and_last_two_digits() {
        let m = masked(
            json!({"personId": "52998224725", "peopleId": 52998224725u64,
            "doc": "529.982.247-25"}),
        );
        assert_eq!(m.value["personId"], "529.***.***-25");
        assert_eq!(m.value["peopleId"], "529.***.***-25");
        assert_eq!(m.value["doc"], "529.***.***-25");
        assert_eq!(m.paths, ["/personId", "/peopleId", "/doc"]);
    }

    #[test]
    fn an_invalid_cpf_is_not_a_cpf_but_personid_is_masked_anyway() {
        // Wrong check digits, a repeated digit: not CPFs, so an unnamed claim stays.
        let m = masked(json!({"doc": "529.982.247-24", "same": "111.111.111-11"}));
        assert_eq!(
            m.value,
            json!({"doc": "529.982.247-24", "same": "111.111.111-11"})
        );
        assert!(m.paths.is_empty());
        // Under personId whatever is there is personal.
        let m = masked(json!({"personId": "529.982.247-24", "peopleId": "12345"}));
        assert_eq!(m.value["personId"], "529.***.***-24");
        assert_eq!(m.value["peopleId"], "***45");
    }

    #[test]
    fn an_address_keeps_the_first_character_of_its_local_part() {
        let m = masked(json!({"email": "john.doe@example.com",
            "note": "write to <ana@corp.example.org>, please"}));
        assert_eq!(m.value["email"], "j***@example.com");
        assert_eq!(m.value["note"], "write to <a***@corp.example.org>, please");
        assert_eq!(m.paths, ["/email", "/note"]);
    }

    #[test]
    fn an_at_sign_in_a_sentence_is_not_an_address() {
        for text in [
            "meet me @ noon",
            "price @ 10",
            "user@localhost",
            "@handle",
            "a@b.",
        ] {
            assert_eq!(emails(text), None, "{text}");
        }
    }

    #[test]
    fn names_become_initials() {
        let m = masked(
            json!({"name": "John Doe", "given_name": "joão", "family_name": "da Silva",
            "nickname": "John Doe"}),
        );
        assert_eq!(m.value["name"], "J. D.");
        assert_eq!(m.value["given_name"], "J.");
        assert_eq!(m.value["family_name"], "D. S.");
        assert_eq!(m.value["nickname"], "John Doe", "only the name claims");
        assert_eq!(initials("  "), None);
    }

    #[test]
    fn a_phone_keeps_only_its_last_two_digits() {
        let m = masked(
            json!({"phone_number": "+55 11 91234-5634", "phone": 11912345634u64,
            "contact": "(11) 3456-7890", "short": "123-4567"}),
        );
        assert_eq!(m.value["phone_number"], "+** ** *****-**34");
        assert_eq!(m.value["phone"], "*********34");
        assert_eq!(m.value["contact"], "(**) ****-**90");
        assert_eq!(
            m.value["short"], "123-4567",
            "7 digits is not a phone number"
        );
    }

    #[test]
    fn dates_and_words_are_not_phone_numbers() {
        assert!(!is_phone("2026-12-01"));
        assert!(!is_phone("call 11 91234-5634"));
        assert!(!is_phone("1234567"));
        assert!(is_phone("+1 (555) 010-9999"));
        assert!(is_phone("+5511912345634"));
    }

    #[test]
    fn bare_digits_are_an_id_unless_the_claim_is_a_phone() {
        let m = masked(json!({"sub": "1234567890", "account": "5511912345634",
            "mobilePhone": "5511912345634", "telefone": "11912345634", "home_tel": "34567890",
            "hotel": "34567890", "card": "+55 11 91234-5634 0000 1111"}));
        assert_eq!(
            m.value["sub"], "1234567890",
            "jwt.io's example sub is an id"
        );
        assert_eq!(m.value["account"], "5511912345634");
        assert_eq!(m.value["mobilePhone"], "***********34");
        assert_eq!(m.value["telefone"], "*********34");
        assert_eq!(m.value["home_tel"], "******90");
        assert_eq!(m.value["hotel"], "34567890", "hotel is not a phone");
        assert_eq!(
            m.value["card"], "+55 11 91234-5634 0000 1111",
            "more than 15 digits"
        );
    }

    #[test]
    fn the_start_of_a_masked_value_is_the_start_of_the_whole_masked_value() {
        let accounts: Vec<Value> = (0..200)
            .map(|i| {
                json!({"id": i, "name": format!("Maria {i} da Silva Santos"),
                    "email": format!("maria{i}@example.com"), "cpf": "529.982.247-25",
                    "tags": ["a", {"deep": [1, 2.5, null, true]}]})
            })
            .collect();
        let doc = json!({"name": "Maria da Silva", "personId": 52998224725u64,
            "secret": "x".repeat(500), "accounts": accounts, "last": false});
        let extra = ["secret".to_owned(), "tags".to_owned()];
        for extra in [&extra[..], &[]] {
            let full = serde_json::to_string(&mask_under(&doc, None, extra)).unwrap();
            for bytes in [0, 1, 20, 73, 300, 1201, 5000] {
                let start = serde_json::to_string(&mask_start(&doc, None, extra, bytes)).unwrap();
                let n = bytes.min(full.len());
                assert_eq!(start[..n], full[..n], "{bytes} bytes, extra {extra:?}");
                assert!(start.len() < full.len(), "cut at {bytes} bytes");
            }
            let under = |v: &Value| serde_json::to_string(&mask_under(v, Some("name"), extra));
            let start = mask_start(&doc["accounts"], Some("name"), extra, 10_000_000);
            assert_eq!(
                serde_json::to_string(&start).ok(),
                under(&doc["accounts"]).ok()
            );
        }
    }

    #[test]
    fn masks_any_says_what_the_whole_walk_finds() {
        let extra = ["roles".to_owned()];
        for (value, claim) in [
            (json!({"a": [1, 2, {"b": "plain"}]}), None),
            (json!([1, 2, {"b": "x", "c": "maria@example.com"}]), None),
            (json!(["leitura", "escrita"]), Some("roles")),
            (json!(52998224725u64), Some("personId")),
            (json!("52998224725"), None),
            (json!({"phone_number": 1234}), None),
            (json!({"n": null}), Some("other")),
        ] {
            for extra in [&extra[..], &[]] {
                let mut paths = Vec::new();
                walk(&value, claim, "", extra, &mut paths, &mut Reach::All);
                assert_eq!(
                    masks_any(&value, claim, extra),
                    !paths.is_empty(),
                    "{value} under {claim:?}"
                );
            }
        }
    }

    #[test]
    fn extra_claims_are_masked_whole_keeping_their_shape() {
        let extra = ["sub".to_owned(), "roles".to_owned(), "addr".to_owned()];
        let m = mask(
            &json!({"sub": "1234", "roles": ["admin", 2], "addr": {"city": "SP", "n": null}, "age": 3}),
            &extra,
        );
        assert_eq!(
            m.value,
            json!({"sub": "***", "roles": ["***", "***"], "addr": {"city": "***", "n": null}, "age": 3})
        );
        assert_eq!(m.paths, ["/sub", "/roles", "/addr"]);
    }

    #[test]
    fn masking_reaches_any_depth_and_names_each_path() {
        let m = masked(
            json!({"user": {"contacts": [{"email": "j@x.io"}, "+55 11 91234-5634"],
            "a/b~c": {"name": "Ana Lima"}}}),
        );
        assert_eq!(m.value["user"]["contacts"][0]["email"], "j***@x.io");
        assert_eq!(m.value["user"]["contacts"][1], "+** ** *****-**34");
        assert_eq!(m.value["user"]["a/b~c"]["name"], "A. L.");
        assert_eq!(
            m.paths,
            [
                "/user/contacts/0/email",
                "/user/contacts/1",
                "/user/a~1b~0c/name"
            ]
        );
        let (claims, paths) = mask_claims(
            json!({"phone": ["11 91234-5634"]}).as_object().unwrap(),
            &[],
        );
        assert_eq!(claims["phone"][0], "** *****-**34");
        assert_eq!(paths, ["/phone/0"]);
    }
}
