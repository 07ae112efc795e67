//! The claims table (each claim, its value and what it means) and the warnings under it.

use std::collections::BTreeSet;

use egui::{RichText, Ui};
use rust_i18n::t;

use super::widgets::{json_start, masked_words, shorten, warn_colour};
use crate::app::state::Action;
use crate::engine::{Clock, Payload, Warning, Zone, mask};
use crate::notes;
use crate::timefmt;
use crate::workbench::Workbench;

fn claim_meaning(name: &str) -> Option<String> {
    let key = match name {
        "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti" | "personId" | "name" | "email"
        | "scope" | "azp" | "nonce" => format!("claims.{name}"),
        _ => return None,
    };
    Some(t!(&key).into_owned())
}

/// One row of the claims table, in words.
struct ClaimRow {
    name: String,
    /// The value's start (a claim can be a 1 MiB blob), with the local time for time claims.
    value: String,
    meaning: String,
    /// The engine's rules mask it (or something inside it) in the report, whatever the toggle.
    masked_by_rule: bool,
}

/// The claims table's rows, formatted once per document or language change rather than at
/// every repaint (the window repaints each second while a countdown runs). Empty when the
/// payload is not a decoded JSON object.
#[derive(Default)]
pub(crate) struct ClaimRows(Vec<ClaimRow>);

impl ClaimRows {
    /// The rows for the workbench's decoded payload, with local times in `zone`; in demo
    /// mode (`masking`: the claims masked whole) with the values masked as in the report.
    pub(crate) fn of(wb: &Workbench, zone: Zone, masking: Option<&[String]>) -> Self {
        let Some(Ok(decoded)) = wb.decoded() else {
            return ClaimRows::default();
        };
        let Payload::Json(serde_json::Value::Object(claims)) = &decoded.token.payload else {
            return ClaimRows::default();
        };
        // Only as much of each value is masked and written as the table shows: a keystroke
        // in a 100 KiB claim does not walk it whole (BENCHMARKS.md, "Typing").
        let limit = 4 * (VALUE_CHARS + 1);
        let rows = claims
            .iter()
            .map(|(name, value)| {
                let claim = Some(name.as_str());
                let masked_by_rule = mask::masks_any(value, claim, &[]);
                let masked_value;
                let value = match masking {
                    Some(extra) => {
                        masked_value = mask::mask_start(value, claim, extra, limit);
                        &masked_value
                    }
                    None => value,
                };
                let value = match (decoded.time.get(name), value) {
                    (Some(claim), _) => {
                        let value = json_start(value, limit);
                        match &claim.at {
                            Ok(at) => format!("{value} · {}", timefmt::local(*at, zone)),
                            Err(why) => format!("{value} · {why}"),
                        }
                    }
                    // Shortened before copying: a long text is not copied whole.
                    (None, serde_json::Value::String(s)) => shorten(s, VALUE_CHARS).into_owned(),
                    (None, other) => json_start(other, limit),
                };
                // A time claim's problem quotes the claim as written.
                let value = match masking {
                    Some(_) => mask::words(&value).unwrap_or(value),
                    None => value,
                };
                ClaimRow {
                    masked_by_rule,
                    name: name.clone(),
                    value: shorten(&value, VALUE_CHARS).into_owned(),
                    meaning: claim_meaning(name).unwrap_or_default(),
                }
            })
            .collect();
        ClaimRows(rows)
    }
}

/// How much of a claim's value the table shows.
const VALUE_CHARS: usize = 300;

/// The decoded payload's claims, each with its value, what it means, and whether the
/// report masks it: the engine's masks are shown ticked and fixed; any other claim can be
/// masked too, as `jwtpad report --mask` does.
pub(super) fn claims_ui(
    ui: &mut Ui,
    rows: &ClaimRows,
    masks: &BTreeSet<String>,
    actions: &mut Vec<Action>,
) {
    if rows.0.is_empty() {
        return;
    }
    ui.heading(t!("claims.title"));
    let value_width = (ui.available_width() * 0.45).max(160.0);
    egui::Grid::new("claims")
        .striped(true)
        .num_columns(4)
        .spacing([12.0, 4.0])
        .max_col_width(value_width)
        .show(ui, |ui| {
            ui.strong(t!("report_ui.mask_column"))
                .on_hover_text(t!("report_ui.mask_column_tip"));
            ui.strong(t!("claims.claim"));
            ui.strong(t!("claims.value"));
            ui.strong(t!("claims.meaning"));
            ui.end_row();
            for row in &rows.0 {
                mask_toggle_ui(ui, row, masks, actions);
                ui.monospace(row.name.as_str());
                ui.add(egui::Label::new(RichText::new(row.value.as_str()).monospace()).wrap());
                ui.weak(row.meaning.as_str());
                ui.end_row();
            }
        });
}

/// A row's report mask: ticked and fixed when the engine's rules mask the claim.
fn mask_toggle_ui(
    ui: &mut Ui,
    row: &ClaimRow,
    masks: &BTreeSet<String>,
    actions: &mut Vec<Action>,
) {
    let mut on = row.masked_by_rule || masks.contains(&row.name);
    let label = t!("report_ui.mask_claim", claim = row.name.as_str()).into_owned();
    let response = ui.add_enabled(!row.masked_by_rule, egui::Checkbox::without_text(&mut on));
    // The box has no text of its own; its accessible name says which claim it masks.
    response.widget_info(|| {
        egui::WidgetInfo::selected(
            egui::Role::CheckBox,
            !row.masked_by_rule,
            on,
            label.as_str(),
        )
    });
    let response = response
        .on_hover_text(t!("report_ui.mask_tip"))
        .on_disabled_hover_text(t!("report_ui.masked_by_rule"));
    if response.changed() {
        actions.push(Action::SetReportMask(row.name.clone(), on));
    }
}

/// What the engine found risky in the token and in signing it, with the time claims'
/// problems as they stand at `clock` (the same notes, in the same order, as the command
/// line's report).
pub(super) fn warnings_ui(ui: &mut Ui, wb: &Workbench, clock: &Clock, demo: bool) {
    let (mut lines, decoded): (Vec<String>, &[Warning]) = match wb.decoded() {
        Some(Ok(decoded)) => (
            notes::warnings(decoded, clock.now)
                .into_iter()
                .map(|n| n.message)
                .collect(),
            &decoded.warnings,
        ),
        _ => (Vec::new(), &[]),
    };
    let signing = wb.sign_warnings();
    // Each once: the signing warnings the decode did not already give.
    lines.extend(
        signing
            .iter()
            .enumerate()
            .filter(|&(i, w)| !decoded.contains(w) && !signing[..i].contains(w))
            .map(|(_, w)| w.to_string()),
    );
    if lines.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.heading(t!("warnings.title"));
    for line in lines {
        let line = masked_words(demo, format!("• {line}"));
        ui.label(RichText::new(line).color(warn_colour(ui)));
    }
}
