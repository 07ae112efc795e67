//! What the window's text boxes hold right now, for the stress tests (tests/it/stress.rs):
//! a paste or a burst of typing must land whole in the box, not only in the document.

use super::JwtpadApp;

impl JwtpadApp {
    /// The edit buffers: token box, header editor, payload editor.
    #[doc(hidden)]
    pub fn edit_buffers(&self) -> (&str, &str, &str) {
        (
            &self.editors.token,
            &self.editors.header,
            &self.editors.payload,
        )
    }

    /// The session key boxes: the HMAC secret and the PEM / JWK text.
    #[doc(hidden)]
    pub fn session_key_text(&self) -> (&str, &str) {
        (self.key.secret.as_str(), self.key.pem.as_str())
    }

    /// The "Compare with…" second token box.
    #[doc(hidden)]
    pub fn compare_text(&self) -> &str {
        &self.changes.compare_text
    }
}

impl JwtpadApp {
    /// Why the last paste from the clipboard did not happen, as the token pane says it.
    #[doc(hidden)]
    pub fn paste_problem(&self) -> Option<&str> {
        self.notices.paste_problem.as_deref()
    }
}

impl JwtpadApp {
    /// The text last pasted whole, kept aside when tokens were found in it.
    #[doc(hidden)]
    pub fn pasted_text(&self) -> Option<&str> {
        self.notices.pasted.as_ref().map(|p| p.text.as_str())
    }
}

impl JwtpadApp {
    /// Whether a paste is still waiting for the clipboard's answer.
    #[doc(hidden)]
    pub fn clipboard_reading(&self) -> bool {
        self.clipboard.reading()
    }
}
