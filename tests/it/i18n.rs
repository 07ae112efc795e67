//! The English locale and the code agree: every `t!` key used under `src/` has English text,
//! every `%{placeholder}` in that text is passed at each call site (and nothing else is), and
//! no text goes unused.
//!
//! rust-i18n falls back to printing the key itself and leaves an unpassed `%{name}` as it is,
//! so without this check a typo in a key or an argument name only shows up on screen.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Calls whose key is built at run time, so the scan cannot read it: the file, the call as
/// written (whitespace collapsed) and every key it can produce. A new non-literal call fails the test until it is
/// listed here, and the listed keys count as used.
const DYNAMIC_KEYS: &[(&str, &str, &[&str])] = &[
    (
        // `claim_meaning`: "claims.{name}" for the registered claim names it matches on.
        "src/app/views/claims.rs",
        "t!(&key)",
        &[
            "claims.iss",
            "claims.sub",
            "claims.aud",
            "claims.exp",
            "claims.nbf",
            "claims.iat",
            "claims.jti",
            "claims.personId",
            "claims.name",
            "claims.email",
            "claims.scope",
            "claims.azp",
            "claims.nonce",
        ],
    ),
    (
        // `profile_form_ui`: the labels of the three text fields, taken from a local table.
        "src/app/views/dialogs.rs",
        "t!(key)",
        &["profile.name", "profile.env", "profile.client_id"],
    ),
];

/// Arguments of `t!` that rust-i18n consumes itself instead of substituting.
const MACRO_OPTIONS: &[&str] = &[
    "locale",
    "_minify_key",
    "_minify_key_len",
    "_minify_key_prefix",
    "_minify_key_thresh",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// One `t!(...)` in the source.
struct Call {
    /// "src/app/views.rs:42", for messages.
    place: String,
    /// The literal key, or `None` when the first argument is not a string literal.
    key: Option<String>,
    /// The call as written, whitespace collapsed (to match [`DYNAMIC_KEYS`]).
    text: String,
    /// Names of the arguments after the key.
    args: BTreeSet<String>,
}

/// Reads a string literal starting at `chars[start]` (the opening quote). Returns its content
/// (escapes left as written) and the index after the closing quote.
fn string_literal(chars: &[char], start: usize) -> (String, usize) {
    let mut out = String::new();
    let mut i = start + 1;
    while i < chars.len() {
        match chars[i] {
            '\\' => {
                out.push(chars[i]);
                if let Some(&c) = chars.get(i + 1) {
                    out.push(c);
                }
                i += 2;
            }
            '"' => return (out, i + 1),
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    (out, i)
}

/// Index of the `)` closing the `(` just before `start`, skipping strings and char literals.
fn closing_paren(chars: &[char], start: usize) -> usize {
    let mut depth = 1;
    let mut i = start;
    while i < chars.len() {
        match chars[i] {
            '"' => {
                i = string_literal(chars, i).1;
                continue;
            }
            // A char literal such as ')' or '\''; a lifetime has no closing quote this close.
            '\'' if chars.get(i + 2) == Some(&'\'') => i += 2,
            '\'' if chars.get(i + 1) == Some(&'\\') && chars.get(i + 3) == Some(&'\'') => i += 3,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
        i += 1;
    }
    panic!("unclosed t!( call");
}

/// The names of `name = value` / `name => value` arguments in `args` (the text after the key,
/// up to the closing parenthesis), splitting on top-level commas only.
fn argument_names(args: &[char]) -> BTreeSet<String> {
    let mut pieces = Vec::new();
    let (mut depth, mut begin, mut i) = (0, 0, 0);
    while i < args.len() {
        match args[i] {
            '"' => {
                i = string_literal(args, i).1;
                continue;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                pieces.push(&args[begin..i]);
                begin = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    pieces.push(&args[begin..]);
    pieces
        .into_iter()
        .map(|p| p.iter().collect::<String>())
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let name = p.trim().split(['=', ' ', '\n']).next().unwrap_or_default();
            name.trim_matches('"').to_owned()
        })
        .filter(|name| !MACRO_OPTIONS.contains(&name.as_str()))
        .collect()
}

fn calls_in(path: &Path) -> Vec<Call> {
    let source = fs::read_to_string(path).unwrap();
    // Comments may mention `t!(...)` without calling it; blank them, keeping line numbers.
    let code: String = source
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("//") {
                ""
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let chars: Vec<char> = code.chars().collect();
    let relative = path.strip_prefix(root()).unwrap().display().to_string();
    let mut calls = Vec::new();
    for i in 0..chars.len() {
        // `t!(` not preceded by an identifier character: not `format!(`, `assert!(`, ...
        if chars[i..].starts_with(&['t', '!', '('])
            && !(i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_'))
        {
            let open = i + 3;
            let close = closing_paren(&chars, open);
            let mut j = open;
            while chars[j].is_whitespace() {
                j += 1;
            }
            let (key, args_from) = if chars[j] == '"' {
                let (key, after) = string_literal(&chars, j);
                (Some(key), after)
            } else {
                (None, close)
            };
            let line = chars[..i].iter().filter(|&&c| c == '\n').count() + 1;
            let text: String = chars[i..=close].iter().collect();
            calls.push(Call {
                place: format!("{relative}:{line}"),
                key,
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                args: argument_names(&chars[args_from..close]),
            });
        }
    }
    calls
}

/// The `%{name}` placeholders of a locale value.
fn placeholders(value: &str) -> BTreeSet<String> {
    value
        .split("%{")
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
        .collect()
}

/// The locale of a file the way rust-i18n reads it: the last dot-separated part of the stem.
fn locale_of(path: &Path) -> String {
    let stem = path.file_stem().unwrap().to_string_lossy();
    stem.rsplit('.').next().unwrap().to_owned()
}

/// The locales under assets/locales other than English.
fn other_locales() -> BTreeSet<String> {
    fs::read_dir(root().join("assets/locales"))
        .unwrap()
        .map(|e| locale_of(&e.unwrap().path()))
        .filter(|l| l != "en")
        .collect()
}

fn english() -> BTreeMap<String, (String, String)> {
    locale("en")
}

/// Every key of `locale` and its text, from all its files (`en.yml`, `engine.en.yml`, ...).
/// Only the flat form the project writes is accepted (`key: "value"` on one line), so
/// nothing is skipped unnoticed.
fn locale(locale: &str) -> BTreeMap<String, (String, String)> {
    let dir = root().join("assets/locales");
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| locale_of(p) == locale)
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no {locale} locale in {}", dir.display());
    let mut keys = BTreeMap::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for (n, line) in fs::read_to_string(&file).unwrap().lines().enumerate() {
            let place = format!("assets/locales/{name}:{}", n + 1);
            if line.trim().is_empty() || line.starts_with('#') || line.starts_with("_version:") {
                continue;
            }
            let Some((key, value)) = line.split_once(": ") else {
                panic!("{place}: not a `key: \"value\"` line: {line}");
            };
            assert!(
                value.len() >= 2 && value.starts_with('"') && value.ends_with('"'),
                "{place}: the value must be one double-quoted string: {line}"
            );
            let value = value[1..value.len() - 1].to_owned();
            if let Some((earlier, _)) = keys.insert(key.to_owned(), (place.clone(), value)) {
                panic!("{place}: \"{key}\" is already defined at {earlier}");
            }
        }
    }
    keys
}

#[test]
fn locale_keys_and_placeholders_match_the_code() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    files.sort();
    let calls: Vec<Call> = files.iter().flat_map(|f| calls_in(f)).collect();
    assert!(
        calls.len() > 100,
        "the scan found only {} t! calls",
        calls.len()
    );
    let english = english();

    let mut problems = Vec::new();
    let mut used = BTreeSet::new();
    for call in &calls {
        let keys: Vec<&str> = match &call.key {
            Some(key) => vec![key.as_str()],
            None => {
                let file = call.place.split(':').next().unwrap();
                match DYNAMIC_KEYS
                    .iter()
                    .find(|(f, text, _)| *f == file && *text == call.text)
                {
                    Some((_, _, keys)) => keys.to_vec(),
                    None => {
                        problems.push(format!(
                            "{}: `{}` builds its key at run time; list the keys it can produce in DYNAMIC_KEYS",
                            call.place, call.text
                        ));
                        continue;
                    }
                }
            }
        };
        for key in keys {
            used.insert(key.to_owned());
            let Some((_, value)) = english.get(key) else {
                problems.push(format!("{}: \"{key}\" has no English text", call.place));
                continue;
            };
            for name in placeholders(value).difference(&call.args) {
                problems.push(format!(
                    "{}: \"{key}\" needs %{{{name}}}, which this call does not pass",
                    call.place
                ));
            }
            // An argument the text never shows is a misspelt placeholder on one side or the other.
            for name in call.args.difference(&placeholders(value)) {
                problems.push(format!(
                    "{}: \"{key}\" has no %{{{name}}}, yet this call passes it",
                    call.place
                ));
            }
        }
    }
    for (file, text, _) in DYNAMIC_KEYS {
        if !calls
            .iter()
            .any(|c| c.place.starts_with(&format!("{file}:")) && c.text == *text)
        {
            problems.push(format!(
                "DYNAMIC_KEYS lists `{text}` in {file}, which is gone"
            ));
        }
    }
    for (key, (place, _)) in &english {
        if !used.contains(key) {
            problems.push(format!("{place}: \"{key}\" is never used in src/"));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// A translation is complete or it is not shipped: every English key, no other, each with the
/// same placeholders (rust-i18n would fall back to English, or show `%{name}` raw).
#[test]
fn every_translation_has_every_key_and_the_same_placeholders() {
    let english = english();
    let others = other_locales();
    let mut problems = Vec::new();
    for name in &others {
        let translated = locale(name);
        for (key, (_, value)) in &english {
            match translated.get(key) {
                None => problems.push(format!("{name}: \"{key}\" is not translated")),
                Some((place, text)) if placeholders(text) != placeholders(value) => {
                    problems.push(format!(
                        "{place}: \"{key}\" has placeholders {:?}, English has {:?}",
                        placeholders(text),
                        placeholders(value)
                    ));
                }
                Some((place, text)) if text.trim().is_empty() => {
                    problems.push(format!("{place}: \"{key}\" is empty"));
                }
                Some(_) => {}
            }
        }
        for (key, (place, _)) in &translated {
            if !english.contains_key(key) {
                problems.push(format!("{place}: \"{key}\" is not an English key"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
