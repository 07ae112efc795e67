//! What a text box's layouter made last, kept until its text or look changes.
//!
//! A `TextEdit` with a layouter calls it on every frame it paints, more than once on some.
//! egui's own galley cache finds the galley again, but only after the job was built:
//! colouring a 100 KiB JSON and masking it in demo mode cost more per repaint than the
//! layout. Here the text is compared with the last one instead, and the job is built only
//! when something changed (see BENCHMARKS.md, "Typing").

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use egui::text::LayoutJob;
use egui::{Galley, Id, Ui};

use crate::engine::mask::in_place;

/// The last value computed for one text box, and what it was computed from.
#[derive(Clone, Default)]
struct Memo<T> {
    text: String,
    look: u64,
    value: Option<T>,
}

/// `make(text)`, or the value it gave last time for the same `text` and `look` under `id`.
/// `look` holds everything besides the text that the value depends on.
pub(super) fn memo<T: Clone + Send + Sync + 'static>(
    ui: &Ui,
    id: Id,
    text: &str,
    look: impl Hash,
    make: impl FnOnce(&str) -> T,
) -> T {
    let look = {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        look.hash(&mut hasher);
        hasher.finish()
    };
    let hit = ui.ctx().data(|d| {
        d.get_temp::<Arc<Memo<T>>>(id)
            .filter(|m| m.look == look && m.text == text)
            .and_then(|m| m.value.clone())
    });
    if let Some(value) = hit {
        return value;
    }
    let value = make(text);
    let memo = Memo {
        text: text.to_owned(),
        look,
        value: Some(value.clone()),
    };
    ui.ctx().data_mut(|d| d.insert_temp(id, Arc::new(memo)));
    value
}

/// The galley of the job `make` builds for `text`, the job kept under `id` for the same
/// `text` and `look`. The job is still handed to egui's galley cache on every call: that
/// cache keeps a galley's paragraphs only while they are asked for each pass, and a
/// keystroke then lays out one line again instead of the whole text.
pub(super) fn galley(
    ui: &Ui,
    id: Id,
    text: &str,
    look: impl Hash,
    make: impl FnOnce(&str) -> egui::text::LayoutJob,
) -> Arc<Galley> {
    let look = (look, ui.visuals().dark_mode, ui.visuals().text_color());
    let job = memo(ui, id, text, look, |text| Arc::new(make(text)));
    ui.fonts_mut(|f| f.layout_job(LayoutJob::clone(&job)))
}

/// [`in_place::json`] of one text with one list of claims masked whole.
struct MaskedJson {
    text: String,
    extra: Vec<String>,
    shown: Option<Arc<in_place::Shown>>,
}

/// How many texts [`masked_json`] keeps: an edit's text before and after it, and the
/// other editor's.
const MASKED_KEPT: usize = 3;

/// [`in_place::json`] of `text`, made once for everyone who asks in demo mode: a keystroke
/// in a 100 KiB payload asks for the text before it (is a masked value edited?), and then for
/// the text after it (the editor's colours, the note under it), which the next keystroke
/// asks for as the text before it. Each of those was a 1.6 ms walk of its own.
pub(crate) fn masked_json(
    ctx: &egui::Context,
    text: &str,
    extra: &[String],
) -> Option<Arc<in_place::Shown>> {
    let id = Id::unique("jwtpad.masked_json");
    let found = ctx.data(|d| {
        d.get_temp::<Arc<Vec<Arc<MaskedJson>>>>(id)
            .and_then(|kept| {
                kept.iter()
                    .find(|m| m.text == text && m.extra == extra)
                    .cloned()
            })
    });
    if let Some(found) = found {
        return found.shown.clone();
    }
    let made = Arc::new(MaskedJson {
        text: text.to_owned(),
        extra: extra.to_vec(),
        shown: in_place::json(text, extra).map(Arc::new),
    });
    ctx.data_mut(|d| {
        let kept = d
            .get_temp::<Arc<Vec<Arc<MaskedJson>>>>(id)
            .unwrap_or_default();
        let mut kept: Vec<Arc<MaskedJson>> = kept.iter().take(MASKED_KEPT - 1).cloned().collect();
        kept.insert(0, made.clone());
        d.insert_temp(id, Arc::new(kept));
    });
    made.shown.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    fn with_ui(run: impl FnMut(&mut Ui)) {
        let ctx = egui::Context::default();
        let mut run = run;
        let mut output = ctx.run_ui(egui::RawInput::default(), |ui| run(ui));
        // No renderer here to take the font atlas.
        output.textures_delta.clear();
    }

    #[test]
    fn the_value_is_made_again_only_when_text_or_look_changes() {
        let made = Cell::new(0);
        with_ui(|ui| {
            let id = Id::unique("box");
            let count = |text: &str| {
                made.set(made.get() + 1);
                text.len()
            };
            assert_eq!(memo(ui, id, "abc", 1, count), 3);
            assert_eq!(memo(ui, id, "abc", 1, count), 3);
            assert_eq!(made.get(), 1, "same text and look: kept");
            assert_eq!(memo(ui, id, "abcd", 1, count), 4);
            assert_eq!(made.get(), 2, "a keystroke: made again");
            assert_eq!(memo(ui, id, "abcd", 2, count), 4);
            assert_eq!(made.get(), 3, "another look: made again");
            assert_eq!(memo(ui, Id::unique("other"), "abcd", 2, count), 4);
            assert_eq!(made.get(), 4, "each box has its own");
        });
    }

    #[test]
    fn a_masked_text_is_masked_once_and_the_last_few_are_kept() {
        let ctx = egui::Context::default();
        let extra = ["team".to_owned()];
        let texts: Vec<String> = (0..4)
            .map(|i| format!("{{\"email\": \"maria{i}@example.com\", \"team\": \"x\"}}"))
            .collect();
        let first = masked_json(&ctx, &texts[0], &extra).expect("masked");
        assert_eq!(first.text, in_place::json(&texts[0], &extra).unwrap().text);
        let again = masked_json(&ctx, &texts[0], &extra).expect("masked");
        assert!(Arc::ptr_eq(&first, &again), "kept, not made again");
        let other = masked_json(&ctx, &texts[0], &[]).expect("masked");
        assert!(
            !Arc::ptr_eq(&first, &other),
            "other claims masked whole: made again"
        );
        assert_ne!(first.text, other.text);
        assert!(masked_json(&ctx, "{\"a\": 1}", &extra).is_none());
        for text in &texts[1..] {
            masked_json(&ctx, text, &extra);
        }
        let later = masked_json(&ctx, &texts[0], &extra).expect("masked");
        assert!(
            !Arc::ptr_eq(&first, &later),
            "forgotten after {MASKED_KEPT} others"
        );
        assert_eq!(first.text, later.text);
    }

    #[test]
    fn a_kept_job_is_not_built_again() {
        let built = Cell::new(0);
        with_ui(|ui| {
            let id = Id::unique("box");
            let job = |text: &str| {
                built.set(built.get() + 1);
                egui::text::LayoutJob::simple(
                    text.to_owned(),
                    egui::FontId::monospace(12.0),
                    egui::Color32::WHITE,
                    100.0,
                )
            };
            let a = galley(ui, id, "{}", (), job);
            let b = galley(ui, id, "{}", (), job);
            assert_eq!(built.get(), 1);
            assert_eq!(a.job.text, b.job.text);
            let c = galley(ui, id, "{ }", (), job);
            assert_eq!(built.get(), 2);
            assert_eq!(c.job.text, "{ }");
        });
    }
}
