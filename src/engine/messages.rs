//! The engine's words: every `Display` of an engine diagnostic lives here, and is the only
//! place in the engine that calls `t!`. Text is made when a value is shown, in the language
//! in force then (`assets/locales/engine.*.yml`, `qa.*.yml`).

use std::fmt::{self, Display, Formatter};

use rust_i18n::t;

use super::alg::{KeyFamily, UnknownAlg};
use super::broken::{Broken, Expectation, UnknownBroken};
use super::claims::{Found, NumericDateProblem};
use super::cpf::CpfProblem;
use super::error::{
    AlgProblem, B64Problem, CryptoProblem, EncodeWhat, Error, JsonDoc, JsonError, JsonIssue,
    JsonKind, JsonProblem, KeyError, KeyPlace, KeyProblem, Part, SigHint, SignProblem,
    TimeSpecProblem, TokenProblem, ZoneProblem,
};
use super::extract::{Oddity, Source};
use super::hints::{Hint, Whitespace};
use super::json::MAX_DEPTH;
use super::keys::{KeyDescription, KeyInfo, KeyOrigin, KeyRefusal, KeyShape};
use super::normalize::Removed;
use super::suite::{CaseKind, Category, Expect, Refusal, SuiteProblem, Why};
use super::verify::FailReason;
use super::warning::{CritProblem, HeaderMember, Warning};

/// Implements `Display` by writing what the body evaluates to (a `t!` result).
macro_rules! words {
    ($ty:ty, |$this:ident| $body:expr) => {
        impl Display for $ty {
            fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
                let $this = self;
                f.write_str(&$body)
            }
        }
    };
}

// Generated keys', exports' and batches' words (keygen.*.yml), apart like the templates'.
mod keygen;
// Templates' words (template.*.yml), apart so they merge on their own.
mod template;

words!(Part, |part| match part {
    Part::Token => t!("engine.error.part_token"),
    Part::Header => t!("engine.error.part_header"),
    Part::Payload => t!("engine.error.part_payload"),
    Part::Signature => t!("engine.error.part_signature"),
});

words!(Error, |error| match error {
    Error::Malformed { part, problem } => {
        t!("engine.error.malformed", part = part, detail = problem)
    }
    Error::Json(e) => e.to_string().into(),
    Error::Key(e) => t!("engine.error.key", detail = e),
    Error::Sign(p) => p.to_string().into(),
    Error::Time(p) => p.to_string().into(),
});

words!(TokenProblem, |problem| match problem {
    TokenProblem::Empty => t!("engine.token.empty"),
    TokenProblem::Jwe => t!("engine.token.jwe"),
    TokenProblem::SegmentCount(n) => t!("engine.token.segment_count", found = n),
    TokenProblem::Base64(p) => p.to_string().into(),
    TokenProblem::HeaderEmpty => t!("engine.token.header_empty"),
    TokenProblem::HeaderNotUtf8 { offset } => {
        t!("engine.token.header_not_utf8", offset = offset)
    }
    TokenProblem::HeaderNotJson(issue) => t!(
        "engine.token.header_not_json",
        detail = issue.problem,
        line = issue.line,
        column = issue.column
    ),
});

words!(B64Problem, |problem| match *problem {
    B64Problem::Padding { position } => t!("engine.b64.padding", position = position),
    B64Problem::StandardChar {
        ch: Some(c),
        position,
    } => t!("engine.b64.standard_char", char = c, position = position),
    B64Problem::StandardChar { ch: None, position } => {
        t!("engine.b64.standard_char_hidden", position = position)
    }
    B64Problem::BadChar {
        ch: Some(c),
        position,
    } => t!(
        "engine.b64.bad_char",
        char = c.escape_debug(),
        position = position
    ),
    B64Problem::BadChar { ch: None, position } => {
        t!("engine.b64.bad_char_hidden", position = position)
    }
    B64Problem::Length(len) => t!("engine.b64.length", len = len),
    B64Problem::StrayBits { position } => t!("engine.b64.stray_bits", position = position),
    B64Problem::SecretEmpty => t!("engine.b64.secret_empty"),
    B64Problem::SecretMixed => t!("engine.b64.secret_mixed"),
    B64Problem::SecretBadChar { position } => {
        t!("engine.b64.secret_bad_char", position = position)
    }
    B64Problem::SecretInvalid => t!("engine.b64.secret_invalid"),
});

words!(JsonDoc, |doc| match doc {
    JsonDoc::Header => t!("engine.sign.header_json"),
    JsonDoc::Payload => t!("engine.sign.payload_json"),
    JsonDoc::Jwk => t!("engine.keys.jwk"),
    JsonDoc::Other => t!("engine.json.doc_other"),
});

words!(JsonError, |e| t!(
    "engine.error.json",
    what = e.doc,
    detail = e.issue.problem,
    line = e.issue.line,
    column = e.issue.column
));

words!(JsonIssue, |issue| t!(
    "engine.token.payload_not_json",
    detail = issue.problem,
    line = issue.line,
    column = issue.column
));

words!(JsonProblem, |problem| match problem {
    JsonProblem::Duplicate(name) => t!("engine.json.duplicate", name = name.escape_debug()),
    JsonProblem::NotObject(kind) => t!("engine.json.not_object", kind = kind),
    JsonProblem::TooDeep => t!("engine.json.too_deep", depth = MAX_DEPTH),
    JsonProblem::BareWord => t!("engine.json.bare_word"),
    JsonProblem::EofValue => t!("engine.json.eof_value"),
    JsonProblem::EofObject => t!("engine.json.eof_object"),
    JsonProblem::EofList => t!("engine.json.eof_list"),
    JsonProblem::EofString => t!("engine.json.eof_string"),
    JsonProblem::ExpectedValue => t!("engine.json.expected_value"),
    JsonProblem::ExpectedColon => t!("engine.json.expected_colon"),
    JsonProblem::ExpectedCommaBracket => t!("engine.json.expected_comma_bracket"),
    JsonProblem::ExpectedCommaBrace => t!("engine.json.expected_comma_brace"),
    JsonProblem::ExpectedQuote => t!("engine.json.expected_quote"),
    JsonProblem::KeyNotString => t!("engine.json.key_not_string"),
    JsonProblem::TrailingComma => t!("engine.json.trailing_comma"),
    JsonProblem::TrailingCharacters => t!("engine.json.trailing_characters"),
    JsonProblem::InvalidEscape => t!("engine.json.invalid_escape"),
    JsonProblem::InvalidNumber => t!("engine.json.invalid_number"),
    JsonProblem::NumberOutOfRange => t!("engine.json.number_out_of_range"),
    JsonProblem::InvalidCodePoint => t!("engine.json.invalid_code_point"),
    JsonProblem::ControlCharacter => t!("engine.json.control_character"),
    JsonProblem::LoneSurrogate => t!("engine.json.lone_surrogate"),
    JsonProblem::ShortHexEscape => t!("engine.json.short_hex_escape"),
    JsonProblem::Other(text) => text.as_str().into(),
});

words!(JsonKind, |kind| match kind {
    JsonKind::Null => t!("engine.json.kind_null"),
    JsonKind::Boolean => t!("engine.json.kind_boolean"),
    JsonKind::Number => t!("engine.json.kind_number"),
    JsonKind::String => t!("engine.json.kind_string"),
    JsonKind::Array => t!("engine.json.kind_array"),
    JsonKind::Object => t!("engine.json.kind_object"),
});

words!(KeyError, |e| match &e.at {
    None => e.problem.to_string().into(),
    Some(KeyPlace::PemBlock {
        index,
        label: Some(label),
    }) => t!(
        "engine.keys.pem_block",
        index = index,
        label = label,
        problem = e.problem
    ),
    Some(KeyPlace::PemBlock { index, label: None }) => t!(
        "engine.keys.pem_block_unlabelled",
        index = index,
        problem = e.problem
    ),
    Some(KeyPlace::JwksEntry(n)) => t!("engine.keys.jwks_key", n = n, problem = e.problem),
});

words!(KeyProblem, |problem| {
    use KeyProblem as K;
    match problem {
        K::EmptyFile => t!("engine.keys.empty_file"),
        K::UnknownFormat => t!("engine.keys.unknown_format"),
        K::PemUnclosed => t!("engine.keys.pem_unclosed"),
        K::PemNoEnd { end_marker } => t!("engine.keys.pem_no_end", end_marker = end_marker),
        K::PemInvalid(error) => t!("engine.keys.pem_invalid", error = error),
        K::PemNoKey => t!("engine.keys.pem_no_key"),
        K::NotAKeyBlock(label) => t!("engine.keys.not_a_key_block", label = label),
        K::DerUnknown => t!("engine.keys.der_unknown"),
        K::JwksEmpty => t!("engine.keys.jwks_empty"),
        K::JwksNotObject(kind) => t!("engine.keys.jwks_not_object", kind = kind),
        K::KeysNotArray(kind) => t!("engine.keys.keys_not_array", kind = kind),
        K::X509Invalid(error) => t!("engine.keys.x509_invalid", error = error),
        K::CertSpki(error) => t!("engine.keys.cert_spki", error = error),
        K::Encrypted => t!("engine.keys.encrypted"),
        K::OpenSsh => t!("engine.keys.openssh"),
        K::RsaInvalid(error) => t!("engine.keys.rsa_invalid", error = error),
        K::Secp256k1 => t!("engine.keys.secp256k1"),
        K::CurveOidUnsupported(oid) => t!("engine.keys.curve_oid_unsupported", oid = oid),
        K::NoCurve => t!("engine.keys.no_curve"),
        K::Ed448 => t!("engine.keys.ed448"),
        K::X25519 => t!("engine.keys.x25519_oid"),
        K::RsaPss => t!("engine.keys.rsa_pss"),
        K::OidUnsupported(oid) => t!("engine.keys.oid_unsupported", oid = oid),
        K::SpkiInvalid(error) => t!("engine.keys.spki_invalid", error = error),
        K::Ed25519PublicInvalid(error) => {
            t!("engine.keys.ed25519_public_invalid", error = error)
        }
        K::Pkcs8Invalid(error) => t!("engine.keys.pkcs8_invalid", error = error),
        K::EcPrivateInvalid { curve, error } => t!(
            "engine.keys.ec_private_invalid",
            curve = curve.name(),
            error = error
        ),
        K::Ed25519PrivateInvalid(error) => {
            t!("engine.keys.ed25519_private_invalid", error = error)
        }
        K::Sec1Invalid(error) => t!("engine.keys.sec1_invalid", error = error),
        K::EcNotOnCurve(curve) => t!("engine.keys.ec_not_on_curve", curve = curve.name()),
        K::EcOutOfRange(curve) => t!("engine.keys.ec_out_of_range", curve = curve.name()),
        K::EcPrivateLen { curve, len, found } => t!(
            "engine.keys.ec_private_len",
            curve = curve.name(),
            len = len,
            found = found
        ),
        K::MemberNotString { name, kind } => {
            t!("engine.keys.member_not_string", name = name, kind = kind)
        }
        K::MemberMissing { kty, name } => {
            t!("engine.keys.member_missing", kty = kty, name = name)
        }
        K::MemberNotBase64 { name, problem } => {
            t!("engine.keys.member_not_b64", name = name, problem = problem)
        }
        K::NoKty => t!("engine.keys.no_kty"),
        K::OctEmpty => t!("engine.keys.oct_empty"),
        K::EcCurveUnsupported(crv) => {
            t!("engine.keys.ec_curve_unsupported", crv = crv.escape_debug())
        }
        K::EcXyLen { curve, len, x, y } => t!(
            "engine.keys.ec_xy_len",
            curve = curve.name(),
            len = len,
            x = x,
            y = y
        ),
        K::EcDMismatch => t!("engine.keys.ec_d_mismatch"),
        K::KeyAgreementCurve(crv) => t!("engine.keys.key_agreement_curve", crv = crv),
        K::OkpCurveUnsupported(crv) => {
            t!(
                "engine.keys.okp_curve_unsupported",
                crv = crv.escape_debug()
            )
        }
        K::Ed25519XLen(found) => t!("engine.keys.ed25519_x_len", found = found),
        K::Ed25519XInvalid => t!("engine.keys.ed25519_x_invalid"),
        K::Ed25519DLen(found) => t!("engine.keys.ed25519_d_len", found = found),
        K::Ed25519DMismatch => t!("engine.keys.ed25519_d_mismatch"),
        K::KtyUnsupported(kty) => t!("engine.keys.kty_unsupported", kty = kty.escape_debug()),
        K::Base64Secret(p) => p.to_string().into(),
    }
});

words!(KeyRefusal, |refusal| match refusal {
    KeyRefusal::NoneTakesNoKey => t!("engine.keys.none_takes_no_key"),
    KeyRefusal::WrongFamily { family, alg } => t!(
        "engine.keys.wrong_family",
        family = capitalize(&family.to_string()),
        alg = alg,
        needed = alg.family().map(|f| f.to_string()).unwrap_or_default()
    ),
    KeyRefusal::JwkAlg { jwk_alg, alg } => {
        t!(
            "engine.keys.jwk_alg",
            jwk_alg = jwk_alg.escape_debug(),
            alg = alg
        )
    }
    KeyRefusal::JwkUse(u) => t!("engine.keys.jwk_use", jwk_use = u.escape_debug()),
});

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase().chain(chars).collect::<String>()
    })
}

words!(KeyFamily, |family| match family {
    KeyFamily::Hmac => t!("engine.alg.family_hmac"),
    KeyFamily::Rsa => t!("engine.alg.family_rsa"),
    KeyFamily::Ec(curve) => t!("engine.alg.family_ec", curve = curve.name()),
    KeyFamily::Ed25519 => t!("engine.alg.family_ed25519"),
});

words!(UnknownAlg, |unknown| t!(
    "engine.alg.unknown",
    alg = unknown.0.escape_debug()
));

impl std::error::Error for UnknownAlg {}

words!(KeyDescription, |description| {
    let part = |private: bool| {
        if private {
            t!("engine.keys.private")
        } else {
            t!("engine.keys.public")
        }
    };
    let mut text = match description.shape {
        KeyShape::Hmac { bytes } => t!("engine.keys.describe_hmac", bytes = bytes),
        KeyShape::Rsa { bits, private } => {
            t!(
                "engine.keys.describe_rsa",
                bits = bits,
                part = part(private)
            )
        }
        KeyShape::Ec { curve, private } => t!(
            "engine.keys.describe_ec",
            curve = curve.name(),
            part = part(private)
        ),
        KeyShape::Ed25519 { private } => t!("engine.keys.describe_ed25519", part = part(private)),
    }
    .into_owned();
    if let Some(kid) = &description.kid {
        text.push_str(&t!("engine.keys.kid", kid = kid.escape_debug()));
    }
    text
});

words!(KeyOrigin, |origin| match origin {
    KeyOrigin::Secret => t!("engine.keys.origin_hmac"),
    KeyOrigin::Pem(label) => t!("engine.keys.origin_pem", label = label),
    KeyOrigin::Der(label) => t!("engine.keys.origin_der", label = label),
    KeyOrigin::Jwk => t!("engine.keys.jwk"),
    KeyOrigin::JwksEntry(n) => t!("engine.keys.origin_jwks", n = n),
    KeyOrigin::Profile(name) => t!("engine.keys.origin_profile", name = name),
});

// A plain secret's origin would only repeat its description.
words!(KeyInfo, |info| match info.origin {
    KeyOrigin::Secret => info.description.to_string().into(),
    _ => t!(
        "engine.verify.from_origin",
        key = info.description,
        origin = info.origin
    ),
});

words!(SignProblem, |problem| match problem {
    SignProblem::NeedsKey(alg) => t!(
        "engine.sign.needs_key",
        alg = alg,
        family = alg.family().map(|f| f.to_string()).unwrap_or_default()
    ),
    SignProblem::PublicKey => t!("engine.sign.public_key"),
    SignProblem::Refused(r) => r.to_string().into(),
    SignProblem::Crypto(c) => c.to_string().into(),
    SignProblem::BrokenNeedsKey => t!("engine.broken.needs_key"),
    SignProblem::BrokenNeedsObject => t!("engine.broken.needs_object"),
    SignProblem::NoSuchClaim(claim) => {
        t!("engine.broken.no_such_claim", claim = claim.escape_debug())
    }
});

words!(CryptoProblem, |problem| match problem {
    CryptoProblem::WrongLength {
        alg,
        expected,
        found,
        hint,
    } => t!(
        "engine.crypto.wrong_length",
        alg = alg,
        expected = expected,
        found = found,
        hint = match hint {
            Some(SigHint::Der) => t!("engine.crypto.hint_der"),
            Some(SigHint::Raw) => t!("engine.crypto.hint_raw"),
            None => "".into(),
        }
    ),
    CryptoProblem::Es512Key { private: false } => t!("engine.crypto.es512_key"),
    CryptoProblem::Es512Key { private: true } => t!("engine.crypto.es512_private_key"),
    CryptoProblem::P521Invalid { private: false } => t!("engine.crypto.p521_public_invalid"),
    CryptoProblem::P521Invalid { private: true } => t!("engine.crypto.p521_private_invalid"),
    CryptoProblem::Unsupported {
        alg,
        signing: false,
    } => t!("engine.crypto.cannot_verify", alg = alg),
    CryptoProblem::Unsupported { alg, signing: true } => {
        t!("engine.crypto.cannot_sign", alg = alg)
    }
    CryptoProblem::KeyUnusable(kind) => t!("engine.crypto.key_unusable", kind = kind),
    CryptoProblem::SignFailed(kind) => t!("engine.crypto.sign_failed", kind = kind),
    CryptoProblem::EcUnusable(curve) => t!("engine.crypto.ec_unusable", curve = curve.name()),
    CryptoProblem::Encode {
        what: EncodeWhat::Rsa,
        error,
    } => t!("engine.crypto.rsa_encode", error = error),
    CryptoProblem::Encode {
        what: EncodeWhat::Ed25519,
        error,
    } => t!("engine.crypto.ed25519_encode", error = error),
});

words!(TimeSpecProblem, |problem| match problem {
    TimeSpecProblem::NotUnderstood(text) => {
        t!("engine.timespec.not_understood", text = text.escape_debug())
    }
    TimeSpecProblem::TooFar(text) => t!("engine.timespec.too_far", text = text.escape_debug()),
    TimeSpecProblem::NotUnderstoodInZone(text) => {
        t!("zone.not_understood", text = text.escape_debug())
    }
    TimeSpecProblem::Skipped {
        text,
        zone,
        from,
        before,
        after,
    } => t!(
        "zone.skipped",
        text = text.escape_debug(),
        zone = zone,
        from = from.format("%Y-%m-%d %H:%M"),
        before = before,
        after = after
    ),
    TimeSpecProblem::Ambiguous {
        text,
        zone,
        earlier,
        later,
    } => t!(
        "zone.ambiguous",
        text = text.escape_debug(),
        zone = zone,
        earlier = earlier.to_rfc3339(),
        later = later.to_rfc3339()
    ),
});

words!(ZoneProblem, |problem| match problem {
    ZoneProblem::Unknown { name, suggestions } if suggestions.is_empty() => {
        t!("zone.unknown", name = name.escape_debug())
    }
    ZoneProblem::Unknown { name, suggestions } => t!(
        "zone.unknown_near",
        name = name.escape_debug(),
        near = suggestions.join(", ")
    ),
    ZoneProblem::SystemUnknown { name: Some(name) } => {
        t!("zone.system_unknown_name", name = name.escape_debug())
    }
    ZoneProblem::SystemUnknown { name: None } => t!("zone.system_unknown"),
});

words!(AlgProblem, |problem| match problem {
    AlgProblem::Missing => t!("engine.token.no_alg"),
    AlgProblem::NotString(kind) => t!("engine.token.alg_not_string", kind = kind),
    AlgProblem::Unknown(unknown) => unknown.to_string().into(),
});

words!(CritProblem, |problem| match problem {
    CritProblem::NotArray(kind) => t!("engine.token.crit_not_array", kind = kind),
    CritProblem::Empty => t!("engine.token.crit_empty"),
    CritProblem::Unknown(names) => t!("engine.token.crit", names = names.join(", ")),
});

words!(HeaderMember, |member| match member {
    HeaderMember::Jku => t!("engine.token.jku"),
    HeaderMember::X5u => t!("engine.token.x5u"),
    HeaderMember::Jwk => t!("engine.token.jwk"),
    HeaderMember::X5c => t!("engine.token.x5c"),
});

words!(Warning, |warning| match warning {
    Warning::AlgNone => t!("engine.token.alg_none"),
    Warning::AlgNoneCase(alg) => t!("engine.token.alg_none_case", alg = alg),
    Warning::NoneWithSignature => t!("engine.token.none_with_signature"),
    Warning::HeaderUrlMember(member) => t!(
        "engine.token.key_in_header",
        member = member.name(),
        what = member
    ),
    Warning::Crit(problem) => problem.to_string().into(),
    Warning::PayloadNotObject(kind) => t!("engine.token.payload_not_object", kind = kind),
    Warning::SignPayloadNotObject(kind) => t!("engine.sign.payload_not_object", kind = kind),
    Warning::DuplicateClaim(name) => {
        t!("engine.token.duplicate_claim", name = name.escape_debug())
    }
    Warning::NoExp => t!("engine.token.no_exp"),
    Warning::KidDiffers { key_kid, token_kid } => t!(
        "engine.verify.kid_differs",
        key_kid = key_kid.escape_debug(),
        token_kid = token_kid.escape_debug()
    ),
    Warning::ShortSecret { bytes, min, alg } => t!(
        "engine.verify.short_secret",
        bytes = bytes,
        min = min,
        alg = alg
    ),
    Warning::SmallRsa { bits } => t!("engine.verify.small_rsa", bits = bits),
    Warning::AlgChanged { current, alg } => {
        t!("engine.sign.alg_changed", current = current, alg = alg)
    }
    Warning::NoneIgnoresKey => t!("engine.sign.none_ignores_key"),
    Warning::PersonIdNotCpf(problem) => t!("engine.token.person_id_not_cpf", problem = problem),
    Warning::ProfileAlgDiffers { token, profile } => t!(
        "engine.token.profile_alg_differs",
        token = token,
        profile = profile
    ),
});

words!(FailReason, |reason| match reason {
    FailReason::Unsigned { alg } => t!("engine.verify.unsigned", alg = alg.escape_debug()),
    FailReason::Alg(problem) => problem.to_string().into(),
    FailReason::Crit(problem) => problem.to_string().into(),
    FailReason::KeyRefused(refusal) => refusal.to_string().into(),
    FailReason::NoKeyFits { alg, keys } => t!(
        "engine.verify.no_key_fits",
        count = keys.len(),
        alg = alg,
        family = alg.family().map(|f| f.to_string()).unwrap_or_default(),
        keys = keys
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    ),
    FailReason::KidNotFound { alg, kid } => t!(
        "engine.verify.no_kid_match",
        alg = alg,
        kid = kid.escape_debug()
    ),
    FailReason::Uncheckable(why) => t!("engine.verify.cannot_match", why = why),
    FailReason::Mismatch => t!("engine.verify.no_match"),
    FailReason::MismatchAny { count, alg } => {
        t!("engine.verify.no_match_any", count = count, alg = alg)
    }
});

words!(NumericDateProblem, |problem| match problem {
    NumericDateProblem::NotNumeric(found) => t!("engine.claims.not_numeric", found = found),
    NumericDateProblem::OutOfRange(number) => t!("engine.claims.out_of_range", number = number),
});

words!(Found, |found| match found {
    Found::Text(text) => t!("engine.claims.the_string", text = text.escape_debug()),
    Found::Kind(kind) => kind.to_string().into(),
});

words!(Removed, |removed| match *removed {
    Removed::Whitespace => t!("engine.normalize.whitespace"),
    Removed::Authorization => t!("engine.normalize.authorization"),
    Removed::Bearer => t!("engine.normalize.bearer"),
    Removed::Quotes => t!("engine.normalize.quotes"),
    Removed::LineBreaks(1) => t!("engine.normalize.line_break", n = 1),
    Removed::LineBreaks(n) => t!("engine.normalize.line_breaks", n = n),
    Removed::Spaces(1) => t!("engine.normalize.space", n = 1),
    Removed::Spaces(n) => t!("engine.normalize.spaces", n = n),
    Removed::Around { before, after } => t!("paste.removed_around", before = before, after = after),
});

words!(CpfProblem, |problem| match problem {
    CpfProblem::Length(n) => t!("engine.cpf.length", n = n),
    CpfProblem::Character(c, at) => t!("engine.cpf.character", ch = c.escape_debug(), at = at),
    CpfProblem::Repeated => t!("engine.cpf.repeated"),
    CpfProblem::CheckDigits { expected, found } => t!(
        "engine.cpf.check_digits",
        found = found,
        expected = expected
    ),
});

words!(Broken, |broken| match broken {
    Broken::Expired => t!("engine.broken.expired"),
    Broken::NotYetValid => t!("engine.broken.not_yet_valid"),
    Broken::WrongSignature => t!("engine.broken.wrong_signature"),
    Broken::MissingClaim(name) => t!("engine.broken.missing_claim", claim = name),
    Broken::AlgNone => t!("engine.broken.alg_none"),
});

words!(Expectation<'_>, |expectation| match expectation.0 {
    Broken::Expired => t!("engine.broken.expired_expect"),
    Broken::NotYetValid => t!("engine.broken.not_yet_valid_expect"),
    Broken::WrongSignature => t!("engine.broken.wrong_signature_expect"),
    Broken::MissingClaim(name) => t!("engine.broken.missing_claim_expect", claim = name),
    Broken::AlgNone => t!("engine.broken.alg_none_expect"),
});

words!(UnknownBroken, |unknown| t!(
    "engine.broken.unknown",
    name = unknown.0.escape_debug()
));

words!(Category, |category| match category {
    Category::Control => t!("suite.category.control"),
    Category::Signature => t!("suite.category.signature"),
    Category::Time => t!("suite.category.time"),
    Category::Claims => t!("suite.category.claims"),
    Category::Structure => t!("suite.category.structure"),
});

words!(Expect, |expect| match expect {
    Expect::Reject => t!("suite.expect.reject"),
    Expect::Accept => t!("suite.expect.accept"),
});

words!(CaseKind, |kind| match kind {
    CaseKind::Baseline => t!("suite.case.baseline"),
    CaseKind::ExtraClaim => t!("suite.case.extra_claim"),
    CaseKind::HeaderWhitespace => t!("suite.case.header_whitespace"),
    CaseKind::BitFlip => t!("suite.case.bit_flip"),
    CaseKind::OtherKey => t!("suite.case.other_key"),
    CaseKind::EmptySignature => t!("suite.case.empty_signature"),
    CaseKind::TruncatedSignature => t!("suite.case.truncated_signature"),
    CaseKind::AlgNone(spelling) => t!("suite.case.alg_none", alg = spelling),
    CaseKind::OtherAlg { alg, expected } => {
        t!("suite.case.other_alg", alg = alg, expected = expected)
    }
    CaseKind::EmptyHmac => t!("suite.case.empty_hmac"),
    CaseKind::PemHmac {
        final_newline: true,
    } => t!("suite.case.pem_hmac"),
    CaseKind::PemHmac {
        final_newline: false,
    } => t!("suite.case.pem_hmac_no_newline"),
    CaseKind::EmbeddedJwk => t!("suite.case.embedded_jwk"),
    CaseKind::Jku => t!("suite.case.jku"),
    CaseKind::X5u => t!("suite.case.x5u"),
    CaseKind::KidPath => t!("suite.case.kid_path"),
    CaseKind::KidSql => t!("suite.case.kid_sql"),
    CaseKind::Psychic => t!("suite.case.psychic"),
    CaseKind::Expired => t!("suite.case.expired"),
    CaseKind::ExpiredPastLeeway { leeway } => {
        t!(
            "suite.case.expired_past_leeway",
            ago = leeway.saturating_add(1),
            leeway = leeway
        )
    }
    CaseKind::NotYetValid => t!("suite.case.not_yet_valid"),
    CaseKind::IatFuture => t!("suite.case.iat_future"),
    CaseKind::ExpString => t!("suite.case.exp_string"),
    CaseKind::ExpAbsent => t!("suite.case.exp_absent"),
    CaseKind::ExpNegative => t!("suite.case.exp_negative"),
    CaseKind::ExpFar => t!("suite.case.exp_far"),
    CaseKind::Missing(claim) => t!("suite.case.missing", claim = claim),
    CaseKind::IssWrong => t!("suite.case.iss_wrong"),
    CaseKind::IssArray => t!("suite.case.iss_array"),
    CaseKind::CpfCheckDigits(claim) => t!("suite.case.cpf_check_digits", claim = claim),
    CaseKind::CpfRepeated(claim) => t!("suite.case.cpf_repeated", claim = claim),
    CaseKind::CpfNumber(claim) => t!("suite.case.cpf_number", claim = claim),
    CaseKind::DuplicateClaim => t!("suite.case.duplicate_claim"),
    CaseKind::NullClaim(claim) => t!("suite.case.null_claim", claim = claim),
    CaseKind::TwoSegments => t!("suite.case.two_segments"),
    CaseKind::FourSegments => t!("suite.case.four_segments"),
    CaseKind::Padding => t!("suite.case.padding"),
    CaseKind::StandardAlphabet => t!("suite.case.standard_alphabet"),
    CaseKind::Huge => t!("suite.case.huge"),
});

words!(Why<'_>, |why| match why.0 {
    CaseKind::Baseline => t!("suite.why.baseline"),
    CaseKind::ExtraClaim => t!("suite.why.extra_claim"),
    CaseKind::HeaderWhitespace => t!("suite.why.header_whitespace"),
    CaseKind::BitFlip
    | CaseKind::OtherKey
    | CaseKind::EmptySignature
    | CaseKind::TruncatedSignature => t!("suite.why.signature"),
    CaseKind::AlgNone(_) => t!("suite.why.alg_none"),
    CaseKind::OtherAlg { .. } => t!("suite.why.other_alg"),
    CaseKind::EmptyHmac => t!("suite.why.empty_hmac"),
    CaseKind::PemHmac { .. } => t!("suite.why.pem_hmac"),
    CaseKind::EmbeddedJwk => t!("suite.why.embedded_jwk"),
    CaseKind::Jku | CaseKind::X5u => t!("suite.why.key_url"),
    CaseKind::KidPath | CaseKind::KidSql => t!("suite.why.kid"),
    CaseKind::Psychic => t!("suite.why.psychic"),
    CaseKind::Expired | CaseKind::ExpiredPastLeeway { .. } => t!("suite.why.exp"),
    CaseKind::NotYetValid => t!("suite.why.nbf"),
    CaseKind::IatFuture => t!("suite.why.iat"),
    CaseKind::ExpString | CaseKind::ExpNegative | CaseKind::ExpFar => {
        t!("suite.why.numeric_date")
    }
    CaseKind::ExpAbsent | CaseKind::Missing(_) => t!("suite.why.required"),
    CaseKind::IssWrong => t!("suite.why.iss"),
    CaseKind::IssArray => t!("suite.why.iss_string"),
    CaseKind::CpfCheckDigits(_) | CaseKind::CpfRepeated(_) => t!("suite.why.cpf"),
    CaseKind::CpfNumber(_) | CaseKind::NullClaim(_) => t!("suite.why.cpf_string"),
    CaseKind::DuplicateClaim => t!("suite.why.duplicate"),
    CaseKind::TwoSegments | CaseKind::FourSegments => t!("suite.why.segments"),
    CaseKind::Padding | CaseKind::StandardAlphabet => t!("suite.why.base64url"),
    CaseKind::Huge => t!("suite.why.size"),
});

words!(Refusal, |refusal| match refusal {
    Refusal::TooLarge { bytes } => t!(
        "suite.refusal.too_large",
        bytes = bytes,
        max = super::suite::MAX_TOKEN_BYTES
    ),
    Refusal::Malformed(e) => e.to_string().into(),
    Refusal::Signature(reason) => reason.to_string().into(),
    Refusal::Time { claim, code } => t!("suite.refusal.time", claim = claim, code = code),
    Refusal::Template(w) => w.to_string().into(),
    Refusal::DuplicateClaim(claim) => t!("suite.refusal.duplicate_claim", claim = claim),
});

words!(SuiteProblem, |problem| match problem {
    SuiteProblem::AlgNone => t!("suite.problem.alg_none"),
    SuiteProblem::Sign(e) => e.to_string().into(),
    SuiteProblem::BaselineInvalid(why) => t!("suite.problem.baseline_invalid", why = why),
    SuiteProblem::NoRandomness => t!("suite.problem.no_randomness"),
});

#[cfg(test)]
mod tests {
    //! The English words are a contract with scripts and users: these pin a few of each
    //! kind, so a refactor of the data cannot quietly change what people read.
    use crate::engine::{Alg, Clock, Key, KeySet, Secret, decode, sign_json};

    fn decode_error(input: &str) -> String {
        decode(input, None, &Clock::at(0, 60))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn token_errors_read_as_before() {
        for (input, want) in [
            ("", "token: the input is empty"),
            ("a.b", "token: expected 3 segments"),
            (
                "a.b.c.d.e",
                "token: 5 segments: this is an encrypted token (JWE)",
            ),
            ("e30.e30=.", "payload segment: padding '=' at position 4"),
            (
                "e3+.e30.",
                "header segment: '+' at position 3 belongs to standard base64",
            ),
            (
                "e30.e30.ab*c",
                "signature segment: invalid base64url character '*' at position 3",
            ),
            (".e30.", "header segment: empty"),
            (
                "W10.e30.",
                "header segment: not a valid JSON object: expected a JSON object",
            ),
            ("_w.e30.", "header segment: not UTF-8"),
            (
                "eyJhIjoxLCJhIjoyfQ.e30.",
                "header segment: not a valid JSON object: duplicate member name \"a\"",
            ),
            ("e30.e30.QR", "stray low bits (not canonical base64url)"),
        ] {
            let err = decode_error(input);
            assert!(
                err.starts_with(want) || err.ends_with(want),
                "{input:?}: {err}"
            );
        }
    }

    #[test]
    fn key_errors_read_as_before() {
        let err = KeySet::from_jwk_json(r#"{"kty":"oct","k":"se*cret"}"#).unwrap_err();
        assert_eq!(
            err.to_string(),
            "key: \"k\" is not base64url: invalid character at position 3"
        );
        let err = KeySet::from_jwk_json(r#"{"keys":[{"kty":"oct","k":"AQ"},{"kty":"XYZ"}]}"#)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "key: JWKS key #2: key type \"XYZ\" is not supported"
        );
        let err = KeySet::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n").unwrap_err();
        assert_eq!(
            err.to_string(),
            "key: PEM block 1 (PUBLIC KEY): no matching \"-----END PUBLIC KEY-----\" line"
        );
        let err = KeySet::from_pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----")
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("key: PEM block 1 (PUBLIC KEY): not a valid public key"),
            "{err}"
        );
        let err = Key::hmac_base64("abc!def").unwrap_err().to_string();
        assert!(err.contains("position 4") && !err.contains('!'), "{err}");
    }

    #[test]
    fn verdicts_and_warnings_read_as_before() {
        let secret = Key::hmac(Secret::new(b"short".to_vec()));
        let signed = sign_json("{}", "{}", Alg::HS256, Some(&secret)).unwrap();
        let words: Vec<String> = signed.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            words,
            [
                "no \"exp\" claim: the token never expires",
                "the HMAC secret is 5 bytes; RFC 7518 §3.2 asks for at least 32 bytes for HS256 (jwt.io refuses to sign with it)",
            ]
        );
        let other = KeySet::from(Key::hmac(Secret::new(b"other".to_vec())));
        let decoded = decode(&signed.token, Some(&other), &Clock::at(0, 60)).unwrap();
        let crate::engine::Verification::Failed(reason) = &decoded.verification else {
            panic!()
        };
        assert_eq!(
            reason.to_string(),
            "signature does not match: the token was changed, or signed with a different key"
        );
        let rsa = KeySet::from_pem(&crate::test_support::key_fixture("rsa2048.spki.pem")).unwrap();
        let decoded = decode(crate::test_support::JWTIO, Some(&rsa), &Clock::at(0, 60)).unwrap();
        let crate::engine::Verification::Failed(reason) = &decoded.verification else {
            panic!()
        };
        assert!(
            reason
                .to_string()
                .starts_with("An RSA key cannot be used with HS256, which needs an HMAC secret"),
            "{reason}"
        );
        let pem = KeySet::from_pem(&crate::test_support::key_fixture("ec-p256.pkcs8.pem")).unwrap();
        let signed = sign_json("{}", r#"{"exp":1}"#, Alg::ES256, pem.signer()).unwrap();
        let decoded = decode(&signed.token, Some(&pem), &Clock::at(0, 60)).unwrap();
        let crate::engine::Verification::Verified { key, .. } = &decoded.verification else {
            panic!()
        };
        assert_eq!(key.to_string(), "EC P-256 private key from PEM PRIVATE KEY");
    }
}

words!(Whitespace, |what| match what {
    Whitespace::Newline => t!("hints.ws_newline"),
    Whitespace::CrLf => t!("hints.ws_crlf"),
    Whitespace::Space => t!("hints.ws_space"),
    Whitespace::Several => t!("hints.ws_several"),
});

words!(Hint, |hint| match hint {
    Hint::SecretIsBase64 => t!("hints.secret_is_base64"),
    Hint::SecretIsText => t!("hints.secret_is_text"),
    Hint::SecretWhitespace { what, added: false } => {
        t!("hints.secret_whitespace_removed", what = what)
    }
    Hint::SecretWhitespace { what, added: true } => {
        t!("hints.secret_whitespace_added", what = what)
    }
    Hint::KidMismatch {
        token_kid,
        key_kid: Some(key_kid),
    } => t!(
        "hints.kid_mismatch",
        token_kid = token_kid,
        key_kid = key_kid
    ),
    Hint::KidMismatch {
        token_kid,
        key_kid: None,
    } => t!("hints.kid_mismatch_no_kid", token_kid = token_kid),
    Hint::AlgVariant { header, signed } => {
        t!("hints.alg_variant", header = header, signed = signed)
    }
    Hint::EcdsaDer { alg } => t!("hints.ecdsa_der", alg = alg),
    Hint::KeyFamily { alg, given, needed } => t!(
        "hints.key_family",
        alg = alg,
        given = given,
        needed = needed
    ),
    Hint::ClockSkew {
        claim: "nbf",
        off_secs,
        leeway,
        needed,
    } => t!(
        "hints.clock_skew_nbf",
        off = off_secs,
        leeway = leeway,
        needed = needed
    ),
    Hint::ClockSkew {
        claim,
        off_secs,
        leeway,
        needed,
    } => t!(
        "hints.clock_skew_exp",
        claim = claim,
        off = off_secs,
        leeway = leeway,
        needed = needed
    ),
    Hint::OtherProfile { name } => t!("pubprofile.hint_other_profile", name = name),
});

words!(Source, |source| match source {
    Source::Whole => t!("paste.source.whole"),
    Source::Header(name) => t!("paste.source.header", name = name),
    Source::CurlHeader(name) => t!("paste.source.curl_header", name = name),
    Source::JsonMember(name) => t!("paste.source.json_member", name = name),
    Source::Cookie(name) => t!("paste.source.cookie", name = name),
    Source::UrlFragment(name) => t!("paste.source.url_fragment", name = name),
    Source::UrlQuery(name) => t!("paste.source.url_query", name = name),
    Source::Text => t!("paste.source.text"),
});

words!(Oddity, |oddity| match oddity {
    Oddity::Alg(problem) => t!("paste.oddity", part = Part::Header, detail = problem),
    Oddity::SignatureLength {
        alg,
        expected,
        found,
    } => t!(
        "paste.signature_length",
        part = Part::Signature,
        alg = alg,
        expected = expected,
        found = found
    ),
});
