//! What changed between two tokens: their headers and payloads compared member by member,
//! each change named by its JSON Pointer (RFC 6901). No words here: `crate::changes` says
//! "exp changed 1700000000 → 1700000900 (+15 min)" in the caller's language.
//!
//! The rules:
//! - objects are compared by member name, so member order alone is never a change;
//!   changes come in the first token's member order, then members only the second has;
//! - arrays are compared by index: the elements both have are compared in turn, and a
//!   longer array's tail elements are `added` (or `removed`) one by one. An element
//!   inserted at the front therefore shows as every later index changed, which is what
//!   the index-based paths mean;
//! - a value whose JSON type changes (a string becoming an object) is one change at its
//!   path, old and new whole;
//! - a payload that is not JSON (text or bytes) is compared as one value, at the root
//!   pointer `""`;
//! - a top-level time claim (`exp`, `nbf`, `iat`, `auth_time`, `updated_at`) that changes
//!   from one NumericDate to another also carries its shift in seconds;
//! - the signatures are compared as bytes and reported apart: the same claims signed again
//!   (another key, another member order) give another signature, and that alone does not
//!   make the tokens say something different.

use serde_json::{Map, Value};

use super::claims::numeric_date;
use super::token::{Payload, Token};

/// The payload claims that hold a NumericDate (RFC 7519 §4.1, OpenID Connect Core §2, §5.1).
pub const TIME_CLAIMS: [&str; 5] = ["exp", "nbf", "iat", "auth_time", "updated_at"];

/// How one value differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChangeKind {
    /// Only the second token has it.
    Added,
    /// Only the first token has it.
    Removed,
    /// Both have it, with different values.
    Changed,
}

impl ChangeKind {
    /// `added`, `removed` or `changed`, for `--json`.
    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One difference between the two tokens.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Where, as a JSON Pointer into the header or the payload: `/exp`, `/profile/roles/0`.
    pub path: String,
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The first token's value (none when added).
    pub old: Option<Value>,
    /// The second token's value (none when removed).
    pub new: Option<Value>,
    /// For a time claim moved from one NumericDate to another: new minus old, in seconds.
    pub shift_seconds: Option<i64>,
}

/// Everything that differs between two tokens.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TokenDiff {
    /// Changes in the header.
    pub header: Vec<Change>,
    /// Changes in the payload.
    pub payload: Vec<Change>,
    /// Whether the signature bytes differ.
    pub signature_differs: bool,
}

impl TokenDiff {
    /// Whether the headers and payloads say the same thing (whatever the signatures).
    pub fn same(&self) -> bool {
        self.header.is_empty() && self.payload.is_empty()
    }
}

/// Compares token `a` with token `b`: what `b` changes of `a`.
pub fn diff(a: &Token, b: &Token) -> TokenDiff {
    let mut header = Vec::new();
    objects(&a.header, &b.header, "", &mut header);
    let payload = match (&a.payload, &b.payload) {
        (Payload::Json(old), Payload::Json(new)) => {
            let mut changes = Vec::new();
            values(old, new, "", &mut changes);
            changes.into_iter().map(with_shift).collect()
        }
        (old, new) if old == new => Vec::new(),
        (old, new) => vec![changed("", old.to_json(), new.to_json())],
    };
    TokenDiff {
        header,
        payload,
        signature_differs: a.signature != b.signature,
    }
}

/// Compares two JSON values; the changes `new` makes to `old`, at and under `path`.
pub fn values(old: &Value, new: &Value, path: &str, out: &mut Vec<Change>) {
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => objects(old, new, path, out),
        (Value::Array(old), Value::Array(new)) => {
            for (i, (o, n)) in old.iter().zip(new).enumerate() {
                values(o, n, &format!("{path}/{i}"), out);
            }
            for (i, o) in old.iter().enumerate().skip(new.len()) {
                out.push(removed(&format!("{path}/{i}"), o.clone()));
            }
            for (i, n) in new.iter().enumerate().skip(old.len()) {
                out.push(added(&format!("{path}/{i}"), n.clone()));
            }
        }
        (old, new) if same_value(old, new) => {}
        (old, new) => out.push(changed(path, old.clone(), new.clone())),
    }
}

fn objects(old: &Map<String, Value>, new: &Map<String, Value>, path: &str, out: &mut Vec<Change>) {
    for (name, o) in old {
        let at = format!("{path}/{}", escape(name));
        match new.get(name) {
            Some(n) => values(o, n, &at, out),
            None => out.push(removed(&at, o.clone())),
        }
    }
    for (name, n) in new {
        if !old.contains_key(name) {
            out.push(added(&format!("{path}/{}", escape(name)), n.clone()));
        }
    }
}

/// Equal JSON values; `1` and `1.0` are the same number.
fn same_value(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::Number(a), Value::Number(b)) => {
            a == b || matches!((a.as_f64(), b.as_f64()), (Some(x), Some(y)) if x == y)
        }
        _ => old == new,
    }
}

/// A member name as a JSON Pointer token (RFC 6901: `~` is `~0`, `/` is `~1`).
pub fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn with_shift(mut change: Change) -> Change {
    let top = change.path.strip_prefix('/').unwrap_or_default();
    if change.kind == ChangeKind::Changed
        && TIME_CLAIMS.contains(&top)
        && let (Some(old), Some(new)) = (&change.old, &change.new)
        && let (Ok(old), Ok(new)) = (numeric_date(old), numeric_date(new))
    {
        change.shift_seconds = Some((new - old).num_seconds());
    }
    change
}

fn added(path: &str, new: Value) -> Change {
    Change {
        path: path.to_owned(),
        kind: ChangeKind::Added,
        old: None,
        new: Some(new),
        shift_seconds: None,
    }
}

fn removed(path: &str, old: Value) -> Change {
    Change {
        path: path.to_owned(),
        kind: ChangeKind::Removed,
        old: Some(old),
        new: None,
        shift_seconds: None,
    }
}

fn changed(path: &str, old: Value, new: Value) -> Change {
    Change {
        path: path.to_owned(),
        kind: ChangeKind::Changed,
        old: Some(old),
        new: Some(new),
        shift_seconds: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{SignRequest, sign};
    use serde_json::json;

    fn token(header: Value, payload: Value) -> Token {
        let Value::Object(header) = header else {
            panic!()
        };
        let signed = sign::unsigned(SignRequest {
            header,
            payload,
            alg: crate::engine::Alg::HS256,
            key: None,
        });
        Token::parse(&signed.token).unwrap()
    }

    fn paths(changes: &[Change]) -> Vec<(&str, &str)> {
        changes
            .iter()
            .map(|c| (c.path.as_str(), c.kind.code()))
            .collect()
    }

    #[test]
    fn member_order_alone_is_no_change() {
        let a = token(
            json!({"alg":"HS256","typ":"JWT"}),
            json!({"a":1,"b":{"x":1,"y":2}}),
        );
        let b = token(
            json!({"typ":"JWT","alg":"HS256"}),
            json!({"b":{"y":2,"x":1},"a":1.0}),
        );
        let d = diff(&a, &b);
        assert!(d.same(), "{d:?}");
    }

    #[test]
    fn nested_members_and_arrays_by_index() {
        let a = token(
            json!({"alg":"HS256"}),
            json!({"sub":"1","profile":{"roles":["qa","dev"],"team":"x"},"gone":true}),
        );
        let b = token(
            json!({"alg":"HS256","kid":"k2"}),
            json!({"sub":"1","profile":{"roles":["qa","ops","admin"],"team":{"id":7}},"new":[1]}),
        );
        let d = diff(&a, &b);
        assert_eq!(paths(&d.header), [("/kid", "added")]);
        assert_eq!(
            paths(&d.payload),
            [
                ("/profile/roles/1", "changed"),
                ("/profile/roles/2", "added"),
                ("/profile/team", "changed"),
                ("/gone", "removed"),
                ("/new", "added"),
            ]
        );
        let team = &d.payload[2];
        assert_eq!(
            (team.old.clone(), team.new.clone()),
            (Some(json!("x")), Some(json!({"id":7})))
        );
        assert_eq!(d.payload[3].new, None);
        let shorter = diff(&b, &a);
        assert!(
            paths(&shorter.payload).contains(&("/profile/roles/2", "removed")),
            "{shorter:?}"
        );
    }

    #[test]
    fn pointers_escape_tilde_and_slash() {
        let a = token(json!({"alg":"HS256"}), json!({"a/b":1,"m~n":{"x/y~":1}}));
        let b = token(json!({"alg":"HS256"}), json!({"a/b":2,"m~n":{"x/y~":2}}));
        assert_eq!(
            paths(&diff(&a, &b).payload),
            [("/a~1b", "changed"), ("/m~0n/x~1y~0", "changed")]
        );
    }

    #[test]
    fn time_claims_carry_their_shift() {
        let a = token(
            json!({"alg":"HS256"}),
            json!({"exp":1_700_000_000,"iat":1_699_999_000,"auth_time":5,"x":{"exp":1}}),
        );
        let b = token(
            json!({"alg":"HS256"}),
            json!({"exp":1_700_000_900,"iat":1_699_998_940.5,"auth_time":"soon","x":{"exp":2}}),
        );
        let d = diff(&a, &b);
        let shift = |p: &str| {
            d.payload
                .iter()
                .find(|c| c.path == p)
                .unwrap()
                .shift_seconds
        };
        assert_eq!(shift("/exp"), Some(900));
        assert_eq!(shift("/iat"), Some(-59), "fractions are cut towards zero");
        assert_eq!(shift("/auth_time"), None, "not a NumericDate any more");
        assert_eq!(shift("/x/exp"), None, "only top-level claims are times");
    }

    /// Random nested values with awkward member names: every change's path finds its old
    /// value in the first and its new value in the second (`Value::pointer`, RFC 6901), and
    /// a value compared with itself has no change.
    #[test]
    fn every_path_points_at_its_values() {
        let mut seed = 0x6469_6666_u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        fn value(depth: u32, next: &mut dyn FnMut(u64) -> u64) -> Value {
            const NAMES: [&str; 6] = ["a", "b/c", "~d", "~1", "", "exp"];
            match if depth == 0 { next(3) } else { next(5) } {
                0 => json!(next(3)),
                1 => json!(["x", "y", "z"][usize::try_from(next(3)).unwrap()]),
                2 => Value::Null,
                3 => Value::Array((0..next(4)).map(|_| value(depth - 1, next)).collect()),
                _ => Value::Object(
                    (0..next(4))
                        .map(|_| {
                            let name = NAMES[usize::try_from(next(6)).unwrap()].to_owned();
                            (name, value(depth - 1, next))
                        })
                        .collect(),
                ),
            }
        }
        for _ in 0..500 {
            let (a, b) = (value(3, &mut next), value(3, &mut next));
            let mut same = Vec::new();
            values(&a, &a, "", &mut same);
            assert!(same.is_empty(), "{a} vs itself: {same:?}");
            let mut changes = Vec::new();
            values(&a, &b, "", &mut changes);
            assert_eq!(changes.is_empty(), a == b, "{a} vs {b}: {changes:?}");
            for c in &changes {
                assert_eq!(a.pointer(&c.path), c.old.as_ref(), "{c:?} in {a}");
                assert_eq!(b.pointer(&c.path), c.new.as_ref(), "{c:?} in {b}");
            }
        }
    }

    #[test]
    fn a_payload_that_is_not_json_is_one_value() {
        let a = token(json!({"alg":"HS256"}), json!({"a":1}));
        let mut b = a.clone();
        b.payload = Payload::Text("hello".into());
        let d = diff(&a, &b);
        assert_eq!(paths(&d.payload), [("", "changed")]);
        assert_eq!(d.payload[0].new, Some(json!("hello")));
        assert!(diff(&b, &b).same());
    }

    #[test]
    fn signatures_are_told_apart_but_are_not_a_change() {
        let a = token(json!({"alg":"HS256"}), json!({"a":1}));
        let mut b = a.clone();
        b.signature = vec![1, 2, 3];
        let d = diff(&a, &b);
        assert!(d.same() && d.signature_differs);
        assert!(!diff(&a, &a).signature_differs);
    }
}
