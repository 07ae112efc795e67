//! "Changes": what the header and payload edits changed of the pasted token; and "Compare
//! with…": what a second token changes of the current one. Both are the engine's
//! comparison (`engine::diff`), worded by `crate::changes` as `jwtpad diff` words it.

use egui::{RichText, Ui};
use rust_i18n::t;

use super::widgets::warn_colour;
use crate::app::highlight;
use crate::app::state::Action;
use crate::changes;
use crate::engine::diff::{self, Change, TokenDiff};
use crate::engine::mask;
use crate::engine::{Error, Token};
use crate::workbench::Workbench;

/// The two comparisons, made once per document change rather than at every repaint.
#[derive(Default)]
pub(crate) struct ChangeLists {
    /// What the edits changed of the pasted token; `None` until its parts are edited.
    edits: Option<TokenDiff>,
    /// The "Compare with…" box.
    pub compare_text: String,
    /// The current token against the box's token: `None` while the box is empty.
    compare: Option<Result<TokenDiff, CompareProblem>>,
}

/// Why "Compare with…" has nothing to list.
#[derive(Debug, Clone)]
enum CompareProblem {
    /// The current token does not decode.
    Current,
    /// The second token does not decode.
    Second(Error),
}

impl ChangeLists {
    /// Compares again for the workbench as it stands; in demo mode (`masking`: the claims
    /// masked whole) the values listed are masked as in the report.
    pub(crate) fn refresh(&mut self, wb: &Workbench, masking: Option<&[String]>) {
        let shown = |d: TokenDiff| match masking {
            Some(extra) => masked(d, extra),
            None => d,
        };
        self.edits = wb.edits().map(shown);
        self.compare = (!self.compare_text.trim().is_empty()).then(|| {
            let Some(Ok(current)) = wb.decoded() else {
                return Err(CompareProblem::Current);
            };
            let second = Token::parse(&self.compare_text).map_err(CompareProblem::Second)?;
            Ok(shown(diff::diff(&current.token, &second)))
        });
    }

    /// What the edits changed, for tests and the status of the view.
    pub(crate) fn edits(&self) -> Option<&TokenDiff> {
        self.edits.as_ref()
    }

    /// The comparison with the second token, when it could be made.
    pub(crate) fn compared(&self) -> Option<&TokenDiff> {
        self.compare.as_ref()?.as_ref().ok()
    }
}

/// `d` with each old and new value masked as the value of its claim: the last member name
/// of its path (array indices belong to the claim before them).
fn masked(mut d: TokenDiff, extra: &[String]) -> TokenDiff {
    for change in d.header.iter_mut().chain(d.payload.iter_mut()) {
        let claim = change
            .path
            .rsplit('/')
            .find(|segment| !segment.is_empty() && !segment.bytes().all(|b| b.is_ascii_digit()))
            .map(|segment| segment.replace("~1", "/").replace("~0", "~"));
        for value in [&mut change.old, &mut change.new].into_iter().flatten() {
            *value = mask::mask_under(value, claim.as_deref(), extra);
        }
    }
    d
}

/// The "Changes" list, shown once a pasted token's header or payload is edited.
pub(super) fn changes_ui(ui: &mut Ui, lists: &ChangeLists) {
    let Some(edits) = &lists.edits else {
        return;
    };
    ui.add_space(8.0);
    ui.heading(t!("changes.title"));
    ui.weak(t!("changes.explain"));
    if edits.same() {
        ui.label(t!("changes.none"));
        return;
    }
    diff_grid_ui(ui, "changes_grid", edits);
}

/// The "Compare with…" box and, under it, what the second token changes of the current one.
pub(super) fn compare_ui(
    ui: &mut Ui,
    lists: &mut ChangeLists,
    masking: Option<&[String]>,
    actions: &mut Vec<Action>,
) {
    ui.add_space(8.0);
    egui::CollapsingHeader::new(t!("changes.compare_title"))
        .id_salt("compare_with")
        .show(ui, |ui| {
            let label = ui.label(t!("changes.second_token"));
            if lists.compare_text.len() > super::widgets::LARGE_TEXT {
                if super::widgets::big_text_ui(ui, label.id, lists.compare_text.len()) {
                    lists.compare_text.clear();
                    actions.push(Action::CompareEdited);
                }
            } else {
                let font = egui::TextStyle::Monospace.resolve(ui.style());
                // In demo mode the second token shows as the first does: personal data as `*`.
                let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
                    let text = text.as_str();
                    let masked = masking.and_then(|extra| mask::in_place::token(text, extra));
                    let text = masked.as_deref().unwrap_or(text);
                    let job = highlight::token_job(text, ui.visuals(), font.clone(), wrap_width);
                    ui.fonts_mut(|f| f.layout_job(job))
                };
                let edit = egui::TextEdit::multiline(&mut lists.compare_text)
                    .layouter(&mut layouter)
                    .id(egui::Id::unique(crate::app::big_paste::ids::COMPARE))
                    .desired_rows(2)
                    .desired_width(f32::INFINITY)
                    .hint_text(t!("changes.second_hint"))
                    .font(egui::TextStyle::Monospace);
                if ui.add(edit).labelled_by(label.id).changed() {
                    actions.push(Action::CompareEdited);
                }
            }
            match &lists.compare {
                None => {}
                Some(Err(CompareProblem::Current)) => {
                    ui.colored_label(warn_colour(ui), t!("changes.current_bad"));
                }
                Some(Err(CompareProblem::Second(e))) => {
                    let text = t!("changes.second_bad", error = e.to_string());
                    ui.colored_label(warn_colour(ui), text);
                }
                Some(Ok(d)) => {
                    if d.same() {
                        ui.label(t!("changes.compare_same"));
                    } else {
                        diff_grid_ui(ui, "compare_grid", d);
                    }
                    ui.weak(changes::signature_text(d));
                }
            }
        });
}

/// One row per change, the header's first: what, where, and old → new.
fn diff_grid_ui(ui: &mut Ui, id: &str, d: &TokenDiff) {
    let value_width = (ui.available_width() * 0.55).max(160.0);
    egui::Grid::new(id)
        .striped(true)
        .num_columns(3)
        .spacing([12.0, 4.0])
        .max_col_width(value_width)
        .show(ui, |ui| {
            for (group, list) in [
                (t!("diff.header"), &d.header),
                (t!("diff.payload"), &d.payload),
            ] {
                for change in list {
                    row_ui(ui, &group, change);
                }
            }
        });
}

fn row_ui(ui: &mut Ui, group: &str, change: &Change) {
    ui.label(changes::kind_word(change.kind));
    ui.monospace(format!("{group} {}", changes::path_text(change)));
    let values = RichText::new(changes::values_text(change)).monospace();
    ui.add(egui::Label::new(values).wrap());
    ui.end_row();
}
