//! Pastes too big for a text box to take in one frame.
//!
//! egui's `TextEdit` lays out (and highlights) its whole text in the frame that receives a
//! paste. For a 5 MiB paste that one frame took over a minute in a debug build and seconds
//! in a release one: the window froze. So a paste bigger than [`BIG`] into one of the
//! window's boxes is taken out of the frame's input before the views run, and put into the
//! box's buffer here, where the text box would have put it (replacing the selection); the
//! views then show a big text as a preview, never as a text box to lay out.

use egui::text::{CCursor, CCursorRange};
use egui::{Context, Event, Id};

use super::state::Action;

/// Pastes above this size skip the text box.
pub(crate) const BIG: usize = 64 * 1024;

/// The ids of the window's text boxes, set with `TextEdit::id`, so that a paste can find
/// which one has the focus.
pub(crate) mod ids {
    /// The encoded token box.
    pub const TOKEN: &str = "jwtpad.token";
    /// The header JSON editor.
    pub const HEADER: &str = "jwtpad.header";
    /// The payload JSON editor.
    pub const PAYLOAD: &str = "jwtpad.payload";
    /// The session secret.
    pub const SECRET: &str = "jwtpad.session_secret";
    /// The session PEM / JWK box.
    pub const PEM: &str = "jwtpad.session_pem";
    /// "Compare with…"'s second token.
    pub const COMPARE: &str = "jwtpad.compare";
}

/// Which box a big paste goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Target {
    Token,
    Header,
    Payload,
    Secret,
    Pem,
    Compare,
}

impl Target {
    fn of(id: Id) -> Option<Target> {
        [
            (ids::TOKEN, Target::Token),
            (ids::HEADER, Target::Header),
            (ids::PAYLOAD, Target::Payload),
            (ids::SECRET, Target::Secret),
            (ids::PEM, Target::Pem),
            (ids::COMPARE, Target::Compare),
        ]
        .into_iter()
        .find_map(|(name, target)| (Id::unique(name) == id).then_some(target))
    }

    fn multiline(self) -> bool {
        self != Target::Secret
    }
}

/// A big paste into one of the window's boxes, taken out of this frame's input.
pub(crate) struct BigPaste {
    pub target: Target,
    id: Id,
    text: String,
}

/// Takes the first paste bigger than [`BIG`] out of the input when one of the window's
/// boxes has the focus. Smaller pastes, and pastes anywhere else, are left to egui.
pub(crate) fn take(ctx: &Context) -> Option<BigPaste> {
    let id = ctx.memory(egui::Memory::focused)?;
    let target = Target::of(id)?;
    ctx.input_mut(|input| {
        let at = input
            .events
            .iter()
            .position(|e| matches!(e, Event::Paste(text) if text.len() > BIG))?;
        match input.events.remove(at) {
            Event::Paste(text) => Some(BigPaste { target, id, text }),
            _ => None,
        }
    })
}

impl BigPaste {
    /// Puts the paste into `buffer` as the text box would: in place of the selection (or at
    /// the cursor; at the end when the box never had one), line breaks made spaces in a
    /// one-line box; the cursor goes after it.
    pub(crate) fn apply(self, ctx: &Context, buffer: &mut String) {
        let text = if self.target.multiline() {
            self.text
        } else {
            self.text.replace(['\r', '\n'], " ")
        };
        let mut state = egui::TextEdit::load_state(ctx, self.id).unwrap_or_default();
        let chars = buffer.chars().count();
        let (start, end) = state
            .cursor
            .char_range()
            .map(|range| {
                let [a, b] = range.sorted_cursors();
                (a.index.0.min(chars), b.index.0.min(chars))
            })
            .unwrap_or((chars, chars));
        let byte = |index: usize| {
            buffer
                .char_indices()
                .nth(index)
                .map_or(buffer.len(), |(at, _)| at)
        };
        let (from, to) = (byte(start), byte(end));
        buffer.replace_range(from..to, &text);
        let after = start + text.chars().count();
        state
            .cursor
            .set_char_range(Some(CCursorRange::one(CCursor::new(after))));
        egui::TextEdit::store_state(ctx, self.id, state);
    }
}

impl super::JwtpadApp {
    /// Puts a big paste into its box's buffer; the action is what the box would have asked.
    pub(super) fn take_big_paste(&mut self, ctx: &Context, paste: BigPaste) -> Option<Action> {
        let (buffer, action): (&mut String, Action) = match paste.target {
            Target::Token => {
                // Decoded as a paste: cleaned up, tokens found in it listed.
                paste.apply(ctx, &mut self.editors.token);
                let clock = self.clock();
                self.clipboard.cancel_read();
                self.paste_text(self.editors.token.clone(), &clock);
                return None;
            }
            Target::Header => (&mut self.editors.header, Action::HeaderEdited),
            Target::Payload => (&mut self.editors.payload, Action::PayloadEdited),
            Target::Secret => (&mut self.key.secret, Action::KeyEdited),
            Target::Pem => (&mut self.key.pem, Action::KeyEdited),
            Target::Compare => (&mut self.changes.compare_text, Action::CompareEdited),
        };
        paste.apply(ctx, buffer);
        Some(action)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paste(ctx: &Context, text: &str) {
        ctx.input_mut(|input| input.events.push(Event::Paste(text.to_owned())));
    }

    #[test]
    fn only_a_big_paste_into_a_known_box_is_taken() {
        let ctx = Context::default();
        let big = "x".repeat(BIG + 1);
        // Nothing focused: left to egui.
        paste(&ctx, &big);
        assert!(take(&ctx).is_none());
        ctx.memory_mut(|m| m.request_focus(Id::unique("somewhere else")));
        assert!(take(&ctx).is_none());
        ctx.memory_mut(|m| m.request_focus(Id::unique(ids::PAYLOAD)));
        let small = "y".repeat(BIG);
        ctx.input_mut(|input| input.events.clear());
        paste(&ctx, &small);
        assert!(take(&ctx).is_none(), "a small paste is egui's");
        paste(&ctx, &big);
        let taken = take(&ctx).expect("the big paste");
        assert_eq!(taken.target, Target::Payload);
        assert_eq!(taken.text, big);
        let left = ctx.input(|i| i.events.len());
        assert_eq!(left, 1, "the small paste stays in the input");
    }

    #[test]
    fn it_replaces_the_selection_and_a_one_line_box_gets_spaces() {
        let ctx = Context::default();
        let id = Id::unique(ids::SECRET);
        let mut state = egui::text_edit::TextEditState::default();
        // "aé|bc|d": the selection is "bc", in characters, not bytes.
        state
            .cursor
            .set_char_range(Some(CCursorRange::two(CCursor::new(2), CCursor::new(4))));
        state.store(&ctx, id);
        let mut buffer = "aébcd".to_owned();
        BigPaste {
            target: Target::Secret,
            id,
            text: "1\n2\r\n3".to_owned(),
        }
        .apply(&ctx, &mut buffer);
        assert_eq!(buffer, "aé1 2  3d");
        let cursor = egui::TextEdit::load_state(&ctx, id)
            .and_then(|s| s.cursor.char_range())
            .unwrap();
        assert_eq!(cursor.primary.index.0, 8);

        // No cursor yet: at the end; a multi-line box keeps the line breaks.
        let mut buffer = "ab".to_owned();
        BigPaste {
            target: Target::Pem,
            id: Id::unique(ids::PEM),
            text: "\nc".to_owned(),
        }
        .apply(&ctx, &mut buffer);
        assert_eq!(buffer, "ab\nc");
    }
}
