//! Token templates: a header and a payload with placeholders (`{{clientId}}`, `{{now+15m}}`,
//! `{{cpf}}`…), a default profile and algorithm, and the claims a server requires.
//!
//! A template is compiled once ([`Template::compile`]) into a form that renders without
//! parsing again, so a batch can render hundreds of thousands of tokens a second. The same
//! template checks a decoded token ([`Template::check`]): the window and the command line
//! judge "does this token follow the template" here, the same way.
//!
//! Templates hold no secret: they are saved as plain JSON in the config directory.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

use super::alg::Alg;
use super::cpf::{self, CpfProblem};
use super::error::JsonKind;

/// The built-in vendor template's name.
pub const CAF_SMART_AUTH: &str = "caf-smart-auth";

/// The claim that carries the CPF unless a template says otherwise (the vendor's pages also
/// spell it `peopleId`).
pub const DEFAULT_PERSON_CLAIM: &str = cpf::CLAIM;

/// The longest template name, which is also a file name.
pub const MAX_NAME_LEN: usize = 64;

/// A token template. Non-secret: it is saved as JSON as it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Template {
    /// Its name: letters, digits, `.`, `_` and `-` (see [`validate_name`]).
    pub name: String,
    /// The JOSE header; string values may hold placeholders.
    #[serde(default)]
    pub header: Map<String, Value>,
    /// The claims; string values may hold placeholders.
    #[serde(default)]
    pub payload: Map<String, Value>,
    /// The profile that signs by default.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The algorithm to sign with by default.
    #[serde(default, skip_serializing_if = "Option::is_none", with = "alg_name")]
    pub alg: Option<Alg>,
    /// The claims a server requires: the decode check and the negative suite use them.
    #[serde(default)]
    pub required: Vec<String>,
    /// The claim that carries the CPF.
    #[serde(default = "default_person_claim")]
    pub person_claim: String,
}

fn default_person_claim() -> String {
    DEFAULT_PERSON_CLAIM.to_owned()
}

/// `alg` saved by its RFC name.
mod alg_name {
    use serde::{Deserialize, Deserializer, Serializer, de::Error as _};

    use crate::engine::Alg;

    pub fn serialize<S: Serializer>(alg: &Option<Alg>, s: S) -> Result<S::Ok, S::Error> {
        match alg {
            Some(a) => s.serialize_str(a.name()),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Alg>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|t| {
            t.parse::<Alg>()
                .map_err(|_| D::Error::custom(format!("unknown alg \"{t}\"")))
        })
        .transpose()
    }
}

/// Which document of a template a placeholder is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Doc {
    /// The JOSE header.
    Header,
    /// The claims.
    Payload,
}

/// Where in a template something is: the document and a JSON Pointer (RFC 6901) into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Header or payload.
    pub doc: Doc,
    /// `/iss`, `/aud/0`.
    pub pointer: String,
}

/// Why a template cannot be used, saved, or rendered.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateError {
    /// `{{name}}` is not a placeholder jwtpad knows.
    PlaceholderUnknown {
        /// What was between the braces (trimmed).
        name: String,
        /// Where.
        at: Place,
    },
    /// `{{` without its `}}`.
    PlaceholderUnclosed {
        /// Where.
        at: Place,
    },
    /// `{{now…}}` with an offset that is not `+N` or `-N` followed by `s`, `m`, `h` or `d`.
    PlaceholderOffset {
        /// The whole placeholder text (trimmed).
        text: String,
        /// Where.
        at: Place,
    },
    /// `{{env:NAME}}` and NAME is not set (or not valid Unicode).
    EnvUnset {
        /// The variable.
        name: String,
        /// Where.
        at: Place,
    },
    /// `{{clientId}}` and no clientId was given (the profile has none).
    NoClientId {
        /// Where.
        at: Place,
    },
    /// A name that cannot be a template's (empty, too long, or other characters).
    NameInvalid(String),
    /// A built-in template cannot be replaced or removed.
    BuiltinReadOnly(String),
    /// No template of that name.
    NotFound(String),
    /// A template file is not a template: the JSON problem, its line and column.
    Invalid {
        /// serde's description.
        detail: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// `--set CLAIM=VALUE` without `=`, or with an empty claim name.
    SetSyntax(String),
    /// `--set-json CLAIM=JSON` whose value is not JSON.
    SetJson {
        /// The claim.
        claim: String,
        /// serde's description.
        detail: String,
    },
}

impl TemplateError {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            TemplateError::PlaceholderUnknown { .. } => "template-placeholder-unknown",
            TemplateError::PlaceholderUnclosed { .. } => "template-placeholder-unclosed",
            TemplateError::PlaceholderOffset { .. } => "template-placeholder-offset",
            TemplateError::EnvUnset { .. } => "template-env-unset",
            TemplateError::NoClientId { .. } => "template-client-id-missing",
            TemplateError::NameInvalid(_) => "template-name-invalid",
            TemplateError::BuiltinReadOnly(_) => "template-builtin-read-only",
            TemplateError::NotFound(_) => "template-not-found",
            TemplateError::Invalid { .. } => "template-invalid",
            TemplateError::SetSyntax(_) => "template-set-syntax",
            TemplateError::SetJson { .. } => "template-set-json",
        }
    }
}

impl std::error::Error for TemplateError {}

/// A way a decoded token departs from its template; words in `Display`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TemplateWarning {
    /// A claim the template requires is absent.
    ClaimMissing(String),
    /// `iss` is not the clientId.
    IssMismatch {
        /// What the token has (JSON text).
        found: String,
        /// The clientId.
        expected: String,
    },
    /// The person claim is not a string (a number loses leading zeros).
    PersonNotString {
        /// The claim's name.
        claim: String,
        /// What it is instead.
        kind: JsonKind,
    },
    /// The person claim is not a valid CPF.
    PersonNotCpf {
        /// The claim's name.
        claim: String,
        /// Why.
        problem: CpfProblem,
    },
    /// The token is signed with another algorithm than the template's.
    AlgDiffers {
        /// The token's `alg`.
        token: String,
        /// The template's.
        template: Alg,
    },
}

impl TemplateWarning {
    /// The stable machine code.
    pub fn code(&self) -> &'static str {
        match self {
            TemplateWarning::ClaimMissing(_) => "template-claim-missing",
            TemplateWarning::IssMismatch { .. } => "template-iss-mismatch",
            TemplateWarning::PersonNotString { .. } => "template-person-not-string",
            TemplateWarning::PersonNotCpf { .. } => "template-person-not-cpf",
            TemplateWarning::AlgDiffers { .. } => "template-alg-differs",
        }
    }
}

/// Where fresh CPFs and UUIDs come from. A batch brings a seeded one that never repeats a
/// CPF; [`OsRandom`] serves single tokens.
pub trait Source {
    /// A valid CPF, unformatted (11 digits).
    fn cpf(&mut self) -> String;
    /// 16 random bytes for a UUID v4 (the version bits are set by the caller).
    fn uuid_bytes(&mut self) -> [u8; 16];
}

/// Fresh values from the operating system's randomness.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsRandom;

impl Source for OsRandom {
    fn cpf(&mut self) -> String {
        cpf::generate()
    }

    fn uuid_bytes(&mut self) -> [u8; 16] {
        let mut bytes = [0u8; 16];
        // Test data needs variety, not secrecy: the clock stands in if the OS cannot help.
        if getrandom::getrandom(&mut bytes).is_err() {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default();
            bytes = nanos.to_le_bytes();
        }
        bytes
    }
}

/// Environment lookup that reads the process environment.
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// What a render fills placeholders with.
pub struct Context<'a> {
    /// `{{clientId}}`: the profile's clientId.
    pub client_id: Option<&'a str>,
    /// `{{now}}`, unix seconds.
    pub now: i64,
    /// When set, `exp` is this (unix seconds) whatever the template says.
    pub exp: Option<i64>,
    /// `{{seq}}`.
    pub seq: u64,
    /// `{{env:NAME}}`.
    pub env: &'a dyn Fn(&str) -> Option<String>,
    /// `{{cpf}}` and `{{uuid}}`.
    pub source: &'a mut dyn Source,
}

impl<'a> Context<'a> {
    /// A context at `now` with the process environment, sequence 1 and no `exp` override.
    pub fn new(client_id: Option<&'a str>, now: i64, source: &'a mut dyn Source) -> Self {
        Context {
            client_id,
            now,
            exp: None,
            seq: 1,
            env: &process_env,
            source,
        }
    }
}

/// A rendered header and payload, ready to sign.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The claims.
    pub payload: Map<String, Value>,
}

impl Rendered {
    /// Applies `--set`/`--set-json` values: each replaces (or adds) a claim, as given, with no
    /// placeholder expansion.
    pub fn apply(&mut self, sets: &[(String, Value)]) {
        for (claim, value) in sets {
            self.payload.insert(claim.clone(), value.clone());
        }
    }
}

/// Reads `CLAIM=VALUE` (a `--set`): the value as a JSON string.
pub fn parse_set(text: &str) -> Result<(String, Value), TemplateError> {
    let (claim, value) = split_set(text)?;
    Ok((claim, Value::String(value.to_owned())))
}

/// Reads `CLAIM=JSON` (a `--set-json`): the value as any JSON value.
pub fn parse_set_json(text: &str) -> Result<(String, Value), TemplateError> {
    let (claim, value) = split_set(text)?;
    let value = serde_json::from_str(value).map_err(|e| TemplateError::SetJson {
        claim: claim.clone(),
        detail: e.to_string(),
    })?;
    Ok((claim, value))
}

fn split_set(text: &str) -> Result<(String, &str), TemplateError> {
    match text.split_once('=') {
        Some((claim, value)) if !claim.trim().is_empty() => Ok((claim.trim().to_owned(), value)),
        _ => Err(TemplateError::SetSyntax(text.to_owned())),
    }
}

/// Checks a template name: 1 to [`MAX_NAME_LEN`] ASCII letters, digits, `.`, `_` or `-`,
/// not starting with `.` (it is also the file name).
pub fn validate_name(name: &str) -> Result<(), TemplateError> {
    let ok = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(TemplateError::NameInvalid(name.to_owned()))
    }
}

/// The built-in templates, in the order they are listed.
pub fn builtins() -> Vec<Template> {
    vec![caf_smart_auth()]
}

/// Whether `name` is a built-in template's.
pub fn is_builtin(name: &str) -> bool {
    name == CAF_SMART_AUTH
}

/// The vendor's "Access Token": HS256; `iss` the clientId, `exp` 15 minutes ahead, `personId`
/// a fresh test CPF.
fn caf_smart_auth() -> Template {
    let object = |v: Value| match v {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    Template {
        name: CAF_SMART_AUTH.to_owned(),
        header: object(serde_json::json!({"alg": "HS256", "typ": "JWT"})),
        payload: object(serde_json::json!({
            "iss": "{{clientId}}",
            "exp": "{{now+15m}}",
            "personId": "{{cpf}}",
        })),
        profile: None,
        alg: Some(Alg::HS256),
        required: vec!["iss".into(), "exp".into(), DEFAULT_PERSON_CLAIM.into()],
        person_claim: DEFAULT_PERSON_CLAIM.to_owned(),
    }
}

impl Template {
    /// A built-in template by name.
    pub fn builtin(name: &str) -> Option<Template> {
        builtins().into_iter().find(|t| t.name == name)
    }

    /// A template named `name` holding this header and payload as they are, with no
    /// placeholders (what the window's "Save as template" keeps).
    pub fn new(name: &str, header: Map<String, Value>, payload: Map<String, Value>) -> Self {
        Template {
            name: name.to_owned(),
            header,
            payload,
            profile: None,
            alg: None,
            required: Vec::new(),
            person_claim: default_person_claim(),
        }
    }

    /// Reads a template file.
    pub fn from_json(text: &str) -> Result<Template, TemplateError> {
        let template: Template =
            serde_json::from_str(text).map_err(|e| TemplateError::Invalid {
                detail: e.to_string(),
                line: e.line(),
                column: e.column(),
            })?;
        validate_name(&template.name)?;
        template.compile()?;
        Ok(template)
    }

    /// The template as pretty JSON, as it is saved.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The same template with the CPF in `claim` (e.g. `peopleId`) instead: the claim is renamed
    /// in place, in `required` too.
    pub fn with_person_claim(mut self, claim: &str) -> Self {
        if claim == self.person_claim {
            return self;
        }
        let old = std::mem::replace(&mut self.person_claim, claim.to_owned());
        self.payload = std::mem::take(&mut self.payload)
            .into_iter()
            .map(|(k, v)| {
                if k == old {
                    (claim.to_owned(), v)
                } else {
                    (k, v)
                }
            })
            .collect();
        for r in &mut self.required {
            if *r == old {
                *r = claim.to_owned();
            }
        }
        self
    }

    /// Parses every placeholder once; the result renders without parsing.
    pub fn compile(&self) -> Result<Compiled, TemplateError> {
        let mut pointer = String::new();
        let header = compile_map(&self.header, Doc::Header, &mut pointer)?;
        let payload = compile_map(&self.payload, Doc::Payload, &mut pointer)?;
        Ok(Compiled { header, payload })
    }

    /// Compiles and renders once.
    pub fn render(&self, ctx: &mut Context<'_>) -> Result<Rendered, TemplateError> {
        self.compile()?.render(ctx)
    }

    /// The literal `iss` of the template, when it has one without placeholders.
    fn literal_iss(&self) -> Option<&str> {
        match self.payload.get("iss") {
            Some(Value::String(s)) if !s.contains("{{") => Some(s),
            _ => None,
        }
    }

    /// Checks decoded claims against the template: every required claim present, `iss` equal
    /// to `client_id` (or to the template's literal `iss`), the person claim a CPF string, and
    /// the token's `alg` (when given) the template's.
    pub fn check(
        &self,
        claims: &Map<String, Value>,
        token_alg: Option<&str>,
        client_id: Option<&str>,
    ) -> Vec<TemplateWarning> {
        let mut warnings: Vec<TemplateWarning> = self
            .required
            .iter()
            .filter(|c| !claims.contains_key(c.as_str()))
            .map(|c| TemplateWarning::ClaimMissing(c.clone()))
            .collect();
        if let (Some(template), Some(token)) = (self.alg, token_alg)
            && template.name() != token
        {
            warnings.push(TemplateWarning::AlgDiffers {
                token: token.to_owned(),
                template,
            });
        }
        if let (Some(expected), Some(found)) =
            (client_id.or_else(|| self.literal_iss()), claims.get("iss"))
            && found.as_str() != Some(expected)
        {
            warnings.push(TemplateWarning::IssMismatch {
                found: found.to_string(),
                expected: expected.to_owned(),
            });
        }
        let claim = &self.person_claim;
        let judged = self.payload.contains_key(claim) || self.required.iter().any(|r| r == claim);
        match claims.get(claim) {
            Some(Value::String(s)) if judged => {
                if let Err(problem) = cpf::validate(s) {
                    warnings.push(TemplateWarning::PersonNotCpf {
                        claim: claim.clone(),
                        problem,
                    });
                }
            }
            Some(other) if judged => warnings.push(TemplateWarning::PersonNotString {
                claim: claim.clone(),
                kind: JsonKind::of(other),
            }),
            _ => {}
        }
        warnings
    }
}

/// A placeholder, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Placeholder {
    ClientId,
    /// `{{now}}` plus this many seconds.
    Now(i64),
    Cpf,
    CpfFormatted,
    Uuid,
    Seq,
    Env(String),
}

impl Placeholder {
    fn is_number(&self) -> bool {
        matches!(self, Placeholder::Now(_) | Placeholder::Seq)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Hole(Placeholder, usize),
}

/// A compiled JSON value; `usize`s index the places table for error messages.
#[derive(Debug, Clone, PartialEq)]
enum Node {
    Literal(Value),
    /// A string that is exactly one placeholder: a number stays a number.
    Exact(Placeholder, usize),
    Text(Vec<Piece>),
    Array(Vec<Node>),
    Object(Vec<(String, Node)>),
}

/// A template with its placeholders parsed, from [`Template::compile`].
#[derive(Debug, Clone, PartialEq)]
pub struct Compiled {
    header: (Vec<(String, Node)>, Vec<Place>),
    payload: (Vec<(String, Node)>, Vec<Place>),
}

fn push_pointer(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

type CompiledMap = (Vec<(String, Node)>, Vec<Place>);

fn compile_map(
    map: &Map<String, Value>,
    doc: Doc,
    pointer: &mut String,
) -> Result<CompiledMap, TemplateError> {
    pointer.clear();
    let mut places = Vec::new();
    let mut members = Vec::with_capacity(map.len());
    for (k, v) in map {
        let len = pointer.len();
        push_pointer(pointer, k);
        members.push((k.clone(), compile_value(v, doc, pointer, &mut places)?));
        pointer.truncate(len);
    }
    Ok((members, places))
}

fn compile_value(
    value: &Value,
    doc: Doc,
    pointer: &mut String,
    places: &mut Vec<Place>,
) -> Result<Node, TemplateError> {
    Ok(match value {
        Value::String(s) if s.contains("{{") => {
            let place = Place {
                doc,
                pointer: pointer.clone(),
            };
            let pieces = parse_text(s, &place)?;
            places.push(place);
            let at = places.len() - 1;
            match pieces.as_slice() {
                [Piece::Hole(p, _)] => Node::Exact(p.clone(), at),
                _ => Node::Text(
                    pieces
                        .into_iter()
                        .map(|piece| match piece {
                            Piece::Hole(p, _) => Piece::Hole(p, at),
                            text => text,
                        })
                        .collect(),
                ),
            }
        }
        Value::Array(items) => {
            let mut nodes = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{i}");
                nodes.push(compile_value(item, doc, pointer, places)?);
                pointer.truncate(len);
            }
            if nodes.iter().all(|n| matches!(n, Node::Literal(_))) {
                Node::Literal(value.clone())
            } else {
                Node::Array(nodes)
            }
        }
        Value::Object(map) => {
            let mut members = Vec::with_capacity(map.len());
            for (k, v) in map {
                let len = pointer.len();
                push_pointer(pointer, k);
                members.push((k.clone(), compile_value(v, doc, pointer, places)?));
                pointer.truncate(len);
            }
            if members.iter().all(|(_, n)| matches!(n, Node::Literal(_))) {
                Node::Literal(value.clone())
            } else {
                Node::Object(members)
            }
        }
        other => Node::Literal(other.clone()),
    })
}

fn parse_text(text: &str, at: &Place) -> Result<Vec<Piece>, TemplateError> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_owned()));
        }
        let inner = &rest[open + 2..];
        let close = inner
            .find("}}")
            .ok_or_else(|| TemplateError::PlaceholderUnclosed { at: at.clone() })?;
        pieces.push(Piece::Hole(
            parse_placeholder(inner[..close].trim(), at)?,
            0,
        ));
        rest = &inner[close + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_owned()));
    }
    Ok(pieces)
}

fn parse_placeholder(name: &str, at: &Place) -> Result<Placeholder, TemplateError> {
    Ok(match name {
        "clientId" => Placeholder::ClientId,
        "now" => Placeholder::Now(0),
        "cpf" => Placeholder::Cpf,
        "cpf.formatted" => Placeholder::CpfFormatted,
        "uuid" => Placeholder::Uuid,
        "seq" => Placeholder::Seq,
        _ => {
            if let Some(var) = name.strip_prefix("env:") {
                let var = var.trim();
                if var.is_empty() {
                    return Err(TemplateError::PlaceholderUnknown {
                        name: name.to_owned(),
                        at: at.clone(),
                    });
                }
                Placeholder::Env(var.to_owned())
            } else if let Some(offset) = name.strip_prefix("now") {
                Placeholder::Now(parse_offset(offset).ok_or_else(|| {
                    TemplateError::PlaceholderOffset {
                        text: name.to_owned(),
                        at: at.clone(),
                    }
                })?)
            } else {
                return Err(TemplateError::PlaceholderUnknown {
                    name: name.to_owned(),
                    at: at.clone(),
                });
            }
        }
    })
}

/// `+15m`, `- 1h`, `+900` (seconds): the signed number of seconds.
fn parse_offset(text: &str) -> Option<i64> {
    let text = text.trim();
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let rest = rest.trim();
    let (digits, unit) = match rest.find(|c: char| !c.is_ascii_digit()) {
        Some(i) => (&rest[..i], rest[i..].trim()),
        None => (rest, "s"),
    };
    let n: i64 = digits.parse().ok()?;
    let scale = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return None,
    };
    n.checked_mul(scale)?.checked_mul(sign)
}

/// Values made once per render, so `{{cpf}}` and `{{cpf.formatted}}` name the same person.
#[derive(Default)]
struct Fresh {
    cpf: Option<String>,
    uuid: Option<String>,
}

fn format_uuid(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        let _ = write!(s, "{byte:02x}");
    }
    s
}

struct Renderer<'r, 'a> {
    ctx: &'r mut Context<'a>,
    fresh: Fresh,
}

impl Renderer<'_, '_> {
    fn text(&mut self, p: &Placeholder, at: &Place, out: &mut String) -> Result<(), TemplateError> {
        match p {
            Placeholder::ClientId => out.push_str(
                self.ctx
                    .client_id
                    .ok_or_else(|| TemplateError::NoClientId { at: at.clone() })?,
            ),
            Placeholder::Now(offset) => {
                let _ = write!(out, "{}", self.ctx.now.saturating_add(*offset));
            }
            Placeholder::Seq => {
                let _ = write!(out, "{}", self.ctx.seq);
            }
            Placeholder::Cpf => out.push_str(self.cpf()),
            Placeholder::CpfFormatted => {
                let formatted = cpf::format(self.cpf());
                out.push_str(&formatted);
            }
            Placeholder::Uuid => {
                if self.fresh.uuid.is_none() {
                    self.fresh.uuid = Some(format_uuid(self.ctx.source.uuid_bytes()));
                }
                out.push_str(self.fresh.uuid.as_deref().unwrap_or_default());
            }
            Placeholder::Env(name) => {
                let value = (self.ctx.env)(name).ok_or_else(|| TemplateError::EnvUnset {
                    name: name.clone(),
                    at: at.clone(),
                })?;
                out.push_str(&value);
            }
        }
        Ok(())
    }

    fn cpf(&mut self) -> &str {
        self.fresh
            .cpf
            .get_or_insert_with(|| self.ctx.source.cpf())
            .as_str()
    }

    fn node(&mut self, node: &Node, places: &[Place]) -> Result<Value, TemplateError> {
        Ok(match node {
            Node::Literal(v) => v.clone(),
            Node::Exact(p, at) if p.is_number() => Value::Number(match p {
                Placeholder::Seq => Number::from(self.ctx.seq),
                Placeholder::Now(offset) => Number::from(self.ctx.now.saturating_add(*offset)),
                _ => unreachable!("is_number covers Seq and Now"),
            }),
            Node::Exact(p, at) => {
                let mut s = String::new();
                self.text(p, &places[*at], &mut s)?;
                Value::String(s)
            }
            Node::Text(pieces) => {
                let mut s = String::new();
                for piece in pieces {
                    match piece {
                        Piece::Text(t) => s.push_str(t),
                        Piece::Hole(p, at) => self.text(p, &places[*at], &mut s)?,
                    }
                }
                Value::String(s)
            }
            Node::Array(nodes) => Value::Array(
                nodes
                    .iter()
                    .map(|n| self.node(n, places))
                    .collect::<Result<_, _>>()?,
            ),
            Node::Object(members) => Value::Object(self.members(members, places)?),
        })
    }

    fn members(
        &mut self,
        members: &[(String, Node)],
        places: &[Place],
    ) -> Result<Map<String, Value>, TemplateError> {
        let mut map = Map::with_capacity(members.len());
        for (k, n) in members {
            map.insert(k.clone(), self.node(n, places)?);
        }
        Ok(map)
    }
}

impl Compiled {
    /// Fills the placeholders from `ctx`. Each call makes fresh CPF and UUID values (one of
    /// each per render, shared by every placeholder that names it).
    pub fn render(&self, ctx: &mut Context<'_>) -> Result<Rendered, TemplateError> {
        let exp = ctx.exp;
        let mut r = Renderer {
            ctx,
            fresh: Fresh::default(),
        };
        let header = r.members(&self.header.0, &self.header.1)?;
        let mut payload = r.members(&self.payload.0, &self.payload.1)?;
        if let Some(exp) = exp {
            payload.insert("exp".to_owned(), Value::Number(exp.into()));
        }
        Ok(Rendered { header, payload })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Fixed(u64);

    impl Source for Fixed {
        fn cpf(&mut self) -> String {
            self.0 += 1;
            cpf::from_base([5, 2, 9, 9, 8, 2, 2, 4, (self.0 % 10) as u8])
        }
        fn uuid_bytes(&mut self) -> [u8; 16] {
            [0xab; 16]
        }
    }

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => panic!("not an object"),
        }
    }

    fn env(name: &str) -> Option<String> {
        (name == "TENANT").then(|| "acme".to_owned())
    }

    fn render(payload: Value) -> Result<Rendered, TemplateError> {
        let t = Template::new("t", Map::new(), obj(payload));
        let mut source = Fixed(0);
        let mut ctx = Context::new(Some("client-1"), 1_000_000, &mut source);
        ctx.seq = 7;
        ctx.env = &env;
        t.render(&mut ctx)
    }

    #[test]
    fn caf_smart_auth_renders_the_vendor_token() {
        let t = Template::builtin(CAF_SMART_AUTH).unwrap();
        let mut source = OsRandom;
        let mut ctx = Context::new(Some("my-client"), 1_700_000_000, &mut source);
        let r = t.render(&mut ctx).unwrap();
        assert_eq!(r.header, obj(json!({"alg": "HS256", "typ": "JWT"})));
        assert_eq!(r.payload["iss"], json!("my-client"));
        assert_eq!(r.payload["exp"], json!(1_700_000_000 + 900));
        assert!(cpf::is_valid(r.payload["personId"].as_str().unwrap()));
        assert_eq!(t.alg, Some(Alg::HS256));
        assert!(
            t.check(&r.payload, Some("HS256"), Some("my-client"))
                .is_empty()
        );
    }

    #[test]
    fn every_placeholder_is_filled() {
        let r = render(json!({
            "iss": "{{clientId}}",
            "iat": "{{now}}",
            "exp": "{{now+15m}}",
            "nbf": "{{ now - 1h }}",
            "late": "{{now+2d}}",
            "secs": "{{now+30s}}",
            "cpf": "{{cpf}}",
            "shown": "{{cpf.formatted}}",
            "jti": "{{uuid}}",
            "n": "{{seq}}",
            "tenant": "{{env:TENANT}}",
            "label": "user-{{seq}} of {{env:TENANT}} at {{now}}",
            "nested": {"list": ["{{clientId}}", 1, "{{seq}}"]},
            "plain": "no braces",
        }))
        .unwrap()
        .payload;
        assert_eq!(r["iss"], json!("client-1"));
        assert_eq!(r["iat"], json!(1_000_000));
        assert_eq!(r["exp"], json!(1_000_900));
        assert_eq!(r["nbf"], json!(1_000_000 - 3600));
        assert_eq!(r["late"], json!(1_000_000 + 2 * 86_400));
        assert_eq!(r["secs"], json!(1_000_030));
        let cpf_text = r["cpf"].as_str().unwrap();
        assert!(cpf::is_valid(cpf_text));
        // One person per render: the formatted form is the same CPF.
        assert_eq!(r["shown"], json!(cpf::format(cpf_text)));
        assert_eq!(r["jti"], json!("abababab-abab-4bab-abab-abababababab"));
        assert_eq!(r["n"], json!(7));
        assert_eq!(r["tenant"], json!("acme"));
        assert_eq!(r["label"], json!("user-7 of acme at 1000000"));
        assert_eq!(r["nested"], json!({"list": ["client-1", 1, 7]}));
        assert_eq!(r["plain"], json!("no braces"));
    }

    #[test]
    fn uuid_from_os_is_v4() {
        let t = Template::new("t", Map::new(), obj(json!({"jti": "{{uuid}}"})));
        let mut source = OsRandom;
        let a = t.render(&mut Context::new(None, 0, &mut source)).unwrap();
        let b = t.render(&mut Context::new(None, 0, &mut source)).unwrap();
        let a = a.payload["jti"].as_str().unwrap().to_owned();
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "4");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(json!(a), b.payload["jti"]);
    }

    #[test]
    fn bad_placeholders_are_named_with_their_place() {
        let err = render(json!({"a": {"b~/": ["x", "{{cpff}}"]}})).unwrap_err();
        assert_eq!(err.code(), "template-placeholder-unknown");
        assert_eq!(
            err,
            TemplateError::PlaceholderUnknown {
                name: "cpff".into(),
                at: Place {
                    doc: Doc::Payload,
                    pointer: "/a/b~0~1/1".into()
                }
            }
        );
        for (text, code) in [
            ("{{now+15x}}", "template-placeholder-offset"),
            ("{{now15m}}", "template-placeholder-offset"),
            ("{{now+}}", "template-placeholder-offset"),
            ("{{clientId", "template-placeholder-unclosed"),
            ("{{}}", "template-placeholder-unknown"),
            ("{{env:}}", "template-placeholder-unknown"),
            ("{{env:NOPE_NOT_SET}}", "template-env-unset"),
        ] {
            let err = render(json!({ "x": text })).unwrap_err();
            assert_eq!(err.code(), code, "{text}");
        }
        let header = Template::new("t", obj(json!({"kid": "{{bogus}}"})), Map::new());
        match header.compile().unwrap_err() {
            TemplateError::PlaceholderUnknown { at, .. } => {
                assert_eq!(at.doc, Doc::Header);
                assert_eq!(at.pointer, "/kid");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn client_id_placeholder_needs_a_client_id() {
        let t = Template::builtin(CAF_SMART_AUTH).unwrap();
        let mut source = OsRandom;
        let err = t
            .render(&mut Context::new(None, 0, &mut source))
            .unwrap_err();
        assert_eq!(err.code(), "template-client-id-missing");
    }

    #[test]
    fn exp_override_and_sets() {
        let t = Template::builtin(CAF_SMART_AUTH).unwrap();
        let mut source = OsRandom;
        let mut ctx = Context::new(Some("c"), 100, &mut source);
        ctx.exp = Some(5000);
        let mut r = t.render(&mut ctx).unwrap();
        assert_eq!(r.payload["exp"], json!(5000));
        r.apply(&[
            parse_set("personId=52998224725").unwrap(),
            parse_set_json("aud=[\"a\",\"b\"]").unwrap(),
            parse_set("note=a=b").unwrap(),
        ]);
        assert_eq!(r.payload["personId"], json!("52998224725"));
        assert_eq!(r.payload["aud"], json!(["a", "b"]));
        assert_eq!(r.payload["note"], json!("a=b"));
        assert_eq!(
            parse_set("novalue").unwrap_err().code(),
            "template-set-syntax"
        );
        assert_eq!(parse_set("=x").unwrap_err().code(), "template-set-syntax");
        assert_eq!(
            parse_set_json("a={").unwrap_err().code(),
            "template-set-json"
        );
    }

    #[test]
    fn json_round_trip_and_names() {
        let mut t = Template::builtin(CAF_SMART_AUTH)
            .unwrap()
            .with_person_claim("peopleId");
        t.name = "mine".into();
        t.profile = Some("staging".into());
        assert!(t.payload.contains_key("peopleId") && !t.payload.contains_key("personId"));
        assert_eq!(
            t.payload.keys().nth(2).map(String::as_str),
            Some("peopleId")
        );
        assert!(t.required.contains(&"peopleId".to_owned()));
        let back = Template::from_json(&t.to_json()).unwrap();
        assert_eq!(back, t);
        assert!(t.to_json().contains("\"alg\": \"HS256\""));

        let minimal = Template::from_json(r#"{"name":"m","payload":{"a":1}}"#).unwrap();
        assert_eq!(minimal.person_claim, "personId");
        assert_eq!(minimal.alg, None);
        assert_eq!(
            Template::from_json(r#"{"name":"m","alg":"HS999"}"#)
                .unwrap_err()
                .code(),
            "template-invalid"
        );
        assert_eq!(
            Template::from_json(r#"{"name":"m","payload":{"a":"{{x}}"}}"#)
                .unwrap_err()
                .code(),
            "template-placeholder-unknown"
        );
        for bad in ["", ".hidden", "a/b", "white space", &"x".repeat(65)] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
        for good in ["caf-smart-auth", "v1.2_test"] {
            assert!(validate_name(good).is_ok());
        }
        assert!(is_builtin(CAF_SMART_AUTH) && !is_builtin("mine"));
    }

    #[test]
    fn check_names_each_miss() {
        let t = Template::builtin(CAF_SMART_AUTH).unwrap();
        let codes = |claims: Value, alg: Option<&str>| {
            t.check(&obj(claims), alg, Some("client"))
                .iter()
                .map(TemplateWarning::code)
                .collect::<Vec<_>>()
        };
        assert!(
            codes(
                json!({"iss":"client","exp":1,"personId":"52998224725"}),
                None
            )
            .is_empty()
        );
        assert_eq!(
            codes(json!({"iss":"client","personId":"52998224725"}), None),
            ["template-claim-missing"]
        );
        assert_eq!(
            codes(
                json!({"iss":"other","exp":1,"personId":"52998224725"}),
                None
            ),
            ["template-iss-mismatch"]
        );
        assert_eq!(
            codes(
                json!({"iss":["client"],"exp":1,"personId":"52998224725"}),
                None
            ),
            ["template-iss-mismatch"]
        );
        assert_eq!(
            codes(
                json!({"iss":"client","exp":1,"personId":"52998224724"}),
                None
            ),
            ["template-person-not-cpf"]
        );
        assert_eq!(
            codes(
                json!({"iss":"client","exp":1,"personId":52998224725_u64}),
                None
            ),
            ["template-person-not-string"]
        );
        assert_eq!(
            codes(
                json!({"iss":"client","exp":1,"personId":"52998224725"}),
                Some("HS512")
            ),
            ["template-alg-differs"]
        );
        assert_eq!(
            codes(json!({}), None),
            [
                "template-claim-missing",
                "template-claim-missing",
                "template-claim-missing"
            ]
        );
        // Without a clientId, a template's literal iss is the one expected.
        let mut lit = Template::new("l", Map::new(), obj(json!({"iss": "fixed"})));
        lit.required = vec!["iss".into()];
        let w = lit.check(&obj(json!({"iss":"x"})), None, None);
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code(), "template-iss-mismatch");
    }

    #[test]
    fn compiled_renders_fresh_values_each_time() {
        let t = Template::builtin(CAF_SMART_AUTH).unwrap();
        let compiled = t.compile().unwrap();
        let mut source = Fixed(0);
        let mut seen = std::collections::HashSet::new();
        for seq in 0..5 {
            let mut ctx = Context::new(Some("c"), 0, &mut source);
            ctx.seq = seq;
            let r = compiled.render(&mut ctx).unwrap();
            assert!(seen.insert(r.payload["personId"].as_str().unwrap().to_owned()));
        }
    }
}
