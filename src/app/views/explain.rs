//! "How this token is made": the current token's three parts under the token box, each
//! coloured like its segment — what each segment is the base64url of, and how the signature
//! is made and whether it verifies — and the rows that take part in hover highlighting.
//!
//! What the rows show is made once per document change ([`Explanation::of`]); a frame only
//! puts it into words, so the language can switch and nothing is decoded per frame.

use egui::{RichText, Ui};
use rust_i18n::t;
use serde_json::Value;

use super::widgets::{bad_colour, ok_colour, shorten, warn_colour};
use crate::app::highlight::{hover_tint, segment_colours};
use crate::app::state::Hover;
use crate::engine::alg::{Scheme, Sha};
use crate::engine::error::AlgProblem;
use crate::engine::token::Payload;
use crate::engine::{Alg, Part};
use crate::workbench::{Verdict, Workbench};

/// How many characters of a segment the explanation quotes.
const SEGMENT_SHOWN: usize = 24;
/// How many characters of a part's JSON the explanation quotes.
const JSON_SHOWN: usize = 72;

/// What the explanation shows of the current token; empty when nothing decodes.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Explanation {
    /// The header segment's start and its JSON, compact and shortened.
    header: Option<Quoted>,
    /// The payload segment's start and its content (masked in demo mode).
    payload: Option<Quoted>,
    /// How the signature is made, when the whole token decodes.
    signature: Option<Signature>,
    /// Made for demo mode: the payload is masked.
    demo: bool,
}

/// A segment's start and what it decodes to.
#[derive(Debug, Clone, PartialEq)]
struct Quoted {
    segment: String,
    content: Content,
}

/// What a segment decodes to, ready to print.
#[derive(Debug, Clone, PartialEq)]
enum Content {
    /// JSON (or text, quoted as a JSON string), compact and shortened.
    Json(String),
    /// Bytes that are not text: only their count.
    Binary(usize),
}

/// The signature segment's start and the scheme the header's `alg` names.
#[derive(Debug, Clone, PartialEq)]
struct Signature {
    segment: String,
    scheme: Result<Scheme, AlgProblem>,
}

impl Explanation {
    /// What to show of `wb`'s token; in demo mode (`masking`: the claims masked whole) its
    /// JSON is masked by the support report's rules, and its segments as the token box shows
    /// them. A partial token shows what decodes of it.
    pub fn of(wb: &Workbench, masking: Option<&[String]>) -> Self {
        let demo = masking.is_some();
        let shown = |value: &Value| {
            let start = if let Some(extra) = masking {
                // Only the start that is quoted is masked, not the whole payload.
                let masked = crate::engine::mask::mask_start(value, None, extra, START_BYTES);
                compact_start(&masked)
            } else {
                compact_start(value)
            };
            Content::Json(shorten(&start, JSON_SHOWN).into_owned())
        };
        let payload_content = |payload: &Payload| match payload {
            Payload::Json(value) => shown(value),
            Payload::Text(text) => shown(&Value::String(text.clone())),
            Payload::Binary(bytes) => Content::Binary(bytes.len()),
        };
        let quote = |segment: &str, content| Quoted {
            segment: shorten(segment, SEGMENT_SHOWN).into_owned(),
            content,
        };
        // The segments' starts as the token box shows them: in demo mode a CPF near the start
        // of the payload must not show through its base64url. Only the starts are masked,
        // not the whole token: they are all that is quoted.
        let segments_shown = |segments: Vec<String>| -> Vec<String> {
            let masked = masking.and_then(|extra| {
                crate::engine::mask::in_place::token_starts(
                    &segments.join("."),
                    extra,
                    SEGMENT_SHOWN,
                )
            });
            match masked {
                // The masked start, then the rest as it is, which `shorten` cuts off.
                Some(starts) => segments
                    .iter()
                    .zip(starts)
                    .map(|(segment, start)| format!("{start}{}", &segment[start.len()..]))
                    .collect(),
                None => segments,
            }
        };
        match wb.decoded() {
            Some(Ok(decoded)) => {
                let token = &decoded.token;
                let header = Value::Object(token.header.clone());
                let segments = segments_shown(token.segments.to_vec());
                Explanation {
                    header: Some(quote(&segments[0], shown(&header))),
                    payload: Some(quote(&segments[1], payload_content(&token.payload))),
                    signature: Some(Signature {
                        segment: shorten(&segments[2], SEGMENT_SHOWN).into_owned(),
                        scheme: token.alg().map(Alg::scheme),
                    }),
                    demo,
                }
            }
            Some(Err(_)) => {
                let Some(partial) = wb.partial() else {
                    return Explanation::default();
                };
                let normalized = crate::engine::normalize::normalize(wb.token()).token;
                let segments = segments_shown(normalized.split('.').map(str::to_owned).collect());
                let mut segments = segments.iter().map(String::as_str);
                let (first, second) = (segments.next(), segments.next());
                Explanation {
                    header: partial
                        .header
                        .as_ref()
                        .zip(first)
                        .map(|(h, s)| quote(s, shown(&Value::Object(h.clone())))),
                    payload: partial
                        .payload
                        .as_ref()
                        .zip(second)
                        .map(|(p, s)| quote(s, payload_content(p))),
                    signature: None,
                    demo,
                }
            }
            None => Explanation {
                demo,
                ..Explanation::default()
            },
        }
    }

    /// Nothing of the token decodes: the panel is hidden.
    pub fn is_empty(&self) -> bool {
        self.header.is_none() && self.payload.is_none() && self.signature.is_none()
    }
}

/// The start of `value` as compact JSON: enough for [`shorten`], without writing out a
/// payload of megabytes to keep a few dozen characters of it.
fn compact_start(value: &Value) -> String {
    super::widgets::json_start(value, START_BYTES)
}

/// How much of a part's compact JSON is written for [`JSON_SHOWN`] characters of it: four
/// bytes a character at most, and one more so that a cut text is longer than JSON_SHOWN and
/// gets its "…".
const START_BYTES: usize = 4 * (JSON_SHOWN + 1);

/// The "How this token is made" panel, open in demo mode. Hovering a row marks its part;
/// the part hovered elsewhere tints its row.
pub(super) fn explain_ui(
    ui: &mut Ui,
    wb: &Workbench,
    explanation: &mut Explanation,
    masking: Option<&[String]>,
    hover: &mut Hover,
) {
    let demo = masking.is_some();
    // Demo mode turned on by whatever means, before the app made this again: never show
    // a frame of the unmasked payload.
    if explanation.demo != demo {
        *explanation = Explanation::of(wb, masking);
    }
    if explanation.is_empty() {
        return;
    }
    let colours = segment_colours(ui.visuals());
    // Demo mode has a header of its own, open at first; outside it the header remembers
    // what the user last did with it.
    egui::CollapsingHeader::new(t!("explain.title"))
        .id_salt(("explain", demo))
        .default_open(demo)
        .show(ui, |ui| {
            if let Some(header) = &explanation.header {
                part_ui(ui, Part::Header, colours[0], hover, |ui| {
                    heading(ui, t!("explain.header"), colours[0]);
                    quoted_ui(ui, header);
                });
            }
            if let Some(payload) = &explanation.payload {
                part_ui(ui, Part::Payload, colours[1], hover, |ui| {
                    heading(ui, t!("explain.payload"), colours[1]);
                    quoted_ui(ui, payload);
                });
            }
            if let Some(signature) = &explanation.signature {
                part_ui(ui, Part::Signature, colours[2], hover, |ui| {
                    signature_ui(ui, wb, signature, colours[2]);
                });
            }
            ui.weak(t!("explain.not_encrypted"));
        });
}

/// One part's rows, tinted while its part is hovered anywhere, and marking it when hovered.
fn part_ui(
    ui: &mut Ui,
    part: Part,
    colour: egui::Color32,
    hover: &mut Hover,
    add_contents: impl FnOnce(&mut Ui),
) {
    let fill = if hover.shown == Some(part) {
        hover_tint(colour)
    } else {
        egui::Color32::TRANSPARENT
    };
    let response = egui::Frame::new()
        .fill(fill)
        .corner_radius(4.0)
        .inner_margin(egui::Margin::symmetric(6, 3))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add_contents(ui);
        })
        .response;
    if response.contains_pointer() {
        hover.over(part);
    }
}

fn heading(ui: &mut Ui, text: impl Into<String>, colour: egui::Color32) {
    ui.label(RichText::new(text).strong().color(colour));
}

/// `eyJhbGciOi… = base64url of {"alg":"HS256"}`.
fn quoted_ui(ui: &mut Ui, quoted: &Quoted) {
    let content = match &quoted.content {
        Content::Json(json) => json.clone(),
        Content::Binary(bytes) => t!("explain.binary", bytes = bytes).into_owned(),
    };
    ui.label(
        RichText::new(t!(
            "explain.decodes",
            segment = quoted.segment,
            content = content
        ))
        .monospace(),
    );
}

/// "Signature = HMAC-SHA256(secret, header "." payload)", then the segment and whether it
/// verifies, as the verdict says.
fn signature_ui(ui: &mut Ui, wb: &Workbench, signature: &Signature, colour: egui::Color32) {
    let formula = match signature.scheme {
        Ok(scheme) => t!("explain.signature", formula = formula(scheme)),
        Err(ref problem) => t!("explain.no_scheme", problem = problem),
    };
    heading(ui, formula, colour);
    let (verdict, verdict_colour) = match wb.verdict() {
        Verdict::Verified(key) => (t!("explain.verified", key = key), ok_colour(ui)),
        Verdict::Invalid(_) => (t!("explain.invalid"), bad_colour(ui)),
        Verdict::NotVerified(reason) => {
            (t!("explain.not_verified", reason = reason), bad_colour(ui))
        }
        Verdict::NoKey => (t!("explain.no_key"), warn_colour(ui)),
        Verdict::Unsigned => (t!("explain.unsecured"), warn_colour(ui)),
        Verdict::Empty | Verdict::Malformed(_) => return,
    };
    ui.horizontal_wrapped(|ui| {
        if signature.segment.is_empty() {
            ui.weak(t!("explain.empty_segment"));
        } else {
            ui.label(RichText::new(signature.segment.as_str()).monospace());
        }
        ui.label(RichText::new(verdict).color(verdict_colour));
    });
}

/// The scheme spelled out with the key it takes: `HMAC-SHA256(secret, header "." payload)`.
fn formula(scheme: Scheme) -> String {
    let bits = |sha: Sha| sha.bits();
    match scheme {
        Scheme::Hmac(sha) => t!("explain.hmac", bits = bits(sha)),
        Scheme::RsaPkcs1(sha) => t!("explain.rsa_pkcs1", bits = bits(sha)),
        Scheme::RsaPss(sha) => t!("explain.rsa_pss", bits = bits(sha)),
        Scheme::Ecdsa(curve, sha) => t!("explain.ecdsa", curve = curve.name(), bits = bits(sha)),
        Scheme::Ed25519 => t!("explain.ed25519"),
        Scheme::Unsecured => t!("explain.none"),
    }
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Clock;
    use crate::engine::b64::encode_url;
    use crate::workbench::KeyInUse;

    fn explained(token: &str, demo: bool) -> Explanation {
        let clock = Clock::at(1_700_000_000, 60);
        let mut wb = Workbench::from_parts("{}".into(), "{}".into(), KeyInUse::default(), &clock);
        wb.set_token(token.to_owned(), &clock);
        Explanation::of(&wb, demo.then_some(&[]))
    }

    fn token(payload: &[u8]) -> String {
        format!(
            "{}.{}.",
            encode_url(br#"{"alg":"none"}"#),
            encode_url(payload)
        )
    }

    #[test]
    fn text_and_bytes_payloads_are_quoted_and_text_is_masked_in_demo_mode() {
        let text = "CPF 529.982.247-25 of maria@example.com";
        let shown = |e: &Explanation| e.payload.as_ref().map(|q| q.content.clone());
        let plain = explained(&token(text.as_bytes()), false);
        assert_eq!(
            shown(&plain),
            Some(Content::Json(Value::String(text.into()).to_string()))
        );
        assert_eq!(
            plain.signature.as_ref().map(|s| s.scheme.clone()),
            Some(Ok(Scheme::Unsecured))
        );
        let Some(Content::Json(masked)) = shown(&explained(&token(text.as_bytes()), true)) else {
            panic!("no payload line");
        };
        assert!(
            !masked.contains("982") && !masked.contains("maria"),
            "{masked}"
        );
        assert_eq!(
            shown(&explained(&token(&[0xff, 0xfe, 0x00]), false)),
            Some(Content::Binary(3))
        );
    }

    #[test]
    fn an_unknown_alg_is_named_and_nothing_decodes_hides_the_panel() {
        let unknown = format!(
            "{}.{}.c2ln",
            encode_url(br#"{"alg":"HS999"}"#),
            encode_url(b"{}")
        );
        let explanation = explained(&unknown, false);
        assert!(matches!(
            explanation.signature.map(|s| s.scheme),
            Some(Err(AlgProblem::Unknown(_)))
        ));
        assert!(explained("not a token", false).is_empty());
        assert!(explained("", false).is_empty());
    }

    #[test]
    fn the_start_of_big_json_is_written_and_small_json_whole() {
        let small = serde_json::json!({"alg": "HS256", "typ": "JWT"});
        assert_eq!(compact_start(&small), small.to_string());
        let big = serde_json::json!({"blob": "é".repeat(1 << 20)});
        let start = compact_start(&big);
        // A character cut in two at the end becomes one replacement character.
        assert!(start.len() <= START_BYTES + 3, "{} bytes", start.len());
        assert!(start.starts_with("{\"blob\":\"éé"));
        let shown = shorten(&start, JSON_SHOWN);
        assert!(shown.ends_with('…'), "{shown}");
        assert!(
            !shown.contains('\u{fffd}'),
            "a cut character is not shown: {shown}"
        );
    }
}
