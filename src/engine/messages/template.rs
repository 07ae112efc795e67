//! Words of templates' errors and warnings (`assets/locales/template.*.yml`).

use std::fmt::{self, Display, Formatter};

use rust_i18n::t;

use crate::engine::template::{Doc, Place, TemplateError, TemplateWarning};

words!(Doc, |doc| match doc {
    Doc::Header => t!("template.doc_header"),
    Doc::Payload => t!("template.doc_payload"),
});

words!(Place, |place| t!(
    "template.place",
    doc = place.doc,
    pointer = place.pointer
));

words!(TemplateError, |error| match error {
    TemplateError::PlaceholderUnknown { name, at } => {
        t!("template.error.placeholder_unknown", name = name, at = at)
    }
    TemplateError::PlaceholderUnclosed { at } => {
        t!("template.error.placeholder_unclosed", at = at)
    }
    TemplateError::PlaceholderOffset { text, at } => {
        t!("template.error.placeholder_offset", text = text, at = at)
    }
    TemplateError::EnvUnset { name, at } => t!("template.error.env_unset", name = name, at = at),
    TemplateError::NoClientId { at } => t!("template.error.no_client_id", at = at),
    TemplateError::NameInvalid(name) => t!("template.error.name_invalid", name = name),
    TemplateError::BuiltinReadOnly(name) => t!("template.error.builtin_read_only", name = name),
    TemplateError::NotFound(name) => t!("template.error.not_found", name = name),
    TemplateError::Invalid {
        detail,
        line,
        column,
    } => t!(
        "template.error.invalid",
        detail = detail,
        line = line,
        column = column
    ),
    TemplateError::SetSyntax(text) => t!("template.error.set_syntax", text = text),
    TemplateError::SetJson { claim, detail } => {
        t!("template.error.set_json", claim = claim, detail = detail)
    }
});

words!(TemplateWarning, |warning| match warning {
    TemplateWarning::ClaimMissing(claim) => t!("template.warning.claim_missing", claim = claim),
    TemplateWarning::IssMismatch { found, expected } => t!(
        "template.warning.iss_mismatch",
        found = found,
        expected = expected
    ),
    TemplateWarning::PersonNotString { claim, kind } => t!(
        "template.warning.person_not_string",
        claim = claim,
        kind = kind
    ),
    TemplateWarning::PersonNotCpf { claim, problem } => t!(
        "template.warning.person_not_cpf",
        claim = claim,
        problem = problem
    ),
    TemplateWarning::AlgDiffers { token, template } => t!(
        "template.warning.alg_differs",
        token = token,
        template = template
    ),
});
