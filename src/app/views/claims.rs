//! The claims table (each claim, its value and what it means) and the warnings under it.

use egui::{RichText, Ui};
use rust_i18n::t;

use super::widgets::{shorten, warn_colour};
use crate::engine::{Payload, TimeStatus};
use crate::workbench::Workbench;

fn claim_meaning(name: &str) -> Option<String> {
    let key = match name {
        "iss" | "sub" | "aud" | "exp" | "nbf" | "iat" | "jti" | "personId" | "name" | "email"
        | "scope" | "azp" | "nonce" => format!("claims.{name}"),
        _ => return None,
    };
    Some(t!(&key).into_owned())
}

/// The decoded payload's claims, each with its value and what it means.
pub(super) fn claims_ui(ui: &mut Ui, wb: &Workbench) {
    let Some(Ok(decoded)) = wb.decoded() else {
        return;
    };
    let Payload::Json(serde_json::Value::Object(claims)) = &decoded.token.payload else {
        return;
    };
    ui.heading(t!("claims.title"));
    let value_width = (ui.available_width() * 0.45).max(160.0);
    egui::Grid::new("claims")
        .striped(true)
        .num_columns(3)
        .spacing([12.0, 4.0])
        .max_col_width(value_width)
        .show(ui, |ui| {
            ui.strong(t!("claims.claim"));
            ui.strong(t!("claims.value"));
            ui.strong(t!("claims.meaning"));
            ui.end_row();
            for (name, value) in claims {
                ui.monospace(name);
                let shown = match decoded.time.get(name) {
                    Some(claim) => match (&claim.local, &claim.status) {
                        (Some(local), _) => format!("{value} · {local}"),
                        (None, TimeStatus::Invalid(why)) => format!("{value} · {why}"),
                        _ => value.to_string(),
                    },
                    None => match value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    },
                };
                // A claim can be huge (a 1 MiB blob); the table shows its start only.
                let shown = shorten(&shown, 300);
                ui.add(egui::Label::new(RichText::new(shown).monospace()).wrap());
                ui.weak(claim_meaning(name).unwrap_or_default());
                ui.end_row();
            }
        });
}

/// What the engine found risky in the token and in signing it.
pub(super) fn warnings_ui(ui: &mut Ui, wb: &Workbench) {
    let mut warnings: Vec<String> = match wb.decoded() {
        Some(Ok(decoded)) => decoded.warnings.clone(),
        _ => Vec::new(),
    };
    for w in wb.sign_warnings() {
        if !warnings.contains(w) {
            warnings.push(w.clone());
        }
    }
    if warnings.is_empty() {
        return;
    }
    ui.add_space(8.0);
    ui.heading(t!("warnings.title"));
    for w in warnings {
        ui.label(RichText::new(format!("• {w}")).color(warn_colour(ui)));
    }
}
