//! What the window remembers (only non-secret settings), what it holds while running, and
//! the actions views return. Only [`super::JwtpadApp::apply`] acts on them.
//!
//! Engine, profile and keyring problems are kept as their typed values and put into words
//! where they are drawn, so a language switch re-words them.

use std::fmt;
use std::time::Instant;

use rust_i18n::t;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::engine::broken::Broken;
use crate::engine::cpf::CpfProblem;
use crate::engine::error::TimeSpecProblem;
use crate::engine::keys::KeyDescription;
use crate::engine::normalize::Removed;
use crate::engine::{Alg, Error};
use crate::profiles::{KeyKind, Profile, ProfileError};
use crate::secrets::StoreError;
use crate::workbench::Workbench;

/// Saved between runs by eframe. Never a secret; tokens and drafts only when asked to.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Light, dark, or follow the OS.
    pub theme: ThemeChoice,
    /// The profile picked last time (its name; the secret stays in the keyring).
    pub last_profile: Option<String>,
    /// The algorithm picked last time.
    pub alg: Option<String>,
    /// Remember header and payload drafts; off by default (they can hold personal data).
    pub keep_drafts: bool,
    /// The drafts, when `keep_drafts` is on.
    pub drafts: Option<(String, String)>,
    /// The window's language.
    pub language: LanguageChoice,
    /// The zone picked in "Check at" (its IANA name), when not the machine's.
    pub check_zone: Option<String>,
    /// Seconds after a copy before jwtpad clears the clipboard; 0 = never.
    pub clipboard_clear: super::clipboard::ClearAfter,
    /// Demo mode: secrets and personal data are kept off the screen. Remembered, so a
    /// window restarted during a demo comes back in it.
    pub demo: bool,
    /// The zoom the window had before demo mode enlarged it, to give back when it ends
    /// (egui saves the zoom itself, so a restart in demo mode would not know it).
    pub zoom_before_demo: Option<f32>,
}

/// The window's language. The command line always speaks English: scripts match its text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LanguageChoice {
    /// The operating system's language, when jwtpad has it; English otherwise.
    #[default]
    System,
    /// English.
    English,
    /// Brazilian Portuguese, the vendor's market.
    Portuguese,
}

impl LanguageChoice {
    /// Every choice, in the order the picker lists them.
    pub const ALL: [LanguageChoice; 3] = [
        LanguageChoice::System,
        LanguageChoice::English,
        LanguageChoice::Portuguese,
    ];

    /// The locale to use, given the system's language (e.g. `pt_BR.UTF-8`).
    pub fn locale(self, system: Option<&str>) -> &'static str {
        match self {
            LanguageChoice::English => "en",
            LanguageChoice::Portuguese => "pt-BR",
            LanguageChoice::System => match system {
                Some(lang) if lang.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("pt")) => {
                    "pt-BR"
                }
                _ => "en",
            },
        }
    }
}

/// The user's language from the POSIX locale variables: the first set of `LC_ALL`,
/// `LC_MESSAGES` and `LANG` decides, and GNU's `LANGUAGE` list refines it unless that is
/// the C locale. `None` for the C locale or when nothing is set (English then).
pub fn system_language() -> Option<String> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(var);
    if matches!(locale.as_deref(), Some("C" | "POSIX"))
        || locale.as_deref().is_some_and(|l| l.starts_with("C."))
    {
        return None;
    }
    let preferred = var("LANGUAGE").and_then(|list| list.split(':').next().map(str::to_owned));
    preferred.filter(|p| !p.is_empty()).or(locale)
}

/// The theme choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// Where the key comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyMode {
    /// No key: tokens are decoded, never verified; authored tokens are "not signed".
    None,
    /// An HMAC secret typed into the window, held in memory only.
    SessionSecret,
    /// A PEM or JWK pasted into the window, held in memory only.
    SessionKey,
    /// A stored profile, by name.
    Profile(String),
    /// Every stored profile's key, to find which one signed a pasted token; never signs.
    AnyProfile,
}

/// The key inputs. Secret text is zeroized when replaced or dropped.
pub struct KeyInputs {
    /// The chosen source.
    pub mode: KeyMode,
    /// Session HMAC secret.
    pub secret: Zeroizing<String>,
    /// Whether `secret` is base64.
    pub base64: bool,
    /// Session PEM / JWK text (may be a private key).
    pub pem: Zeroizing<String>,
}

impl Default for KeyInputs {
    fn default() -> Self {
        KeyInputs {
            mode: KeyMode::SessionSecret,
            secret: Zeroizing::new(String::new()),
            base64: false,
            pem: Zeroizing::new(String::new()),
        }
    }
}

/// The edit buffers of the token box and the two JSON editors. egui edits these; changes
/// reach the workbench only as actions.
#[derive(Default)]
pub(crate) struct Editors {
    /// The encoded token box.
    pub token: String,
    /// The header JSON editor.
    pub header: String,
    /// The payload JSON editor.
    pub payload: String,
}

impl Editors {
    /// Buffers showing the document's current texts.
    pub fn of(wb: &Workbench) -> Self {
        Editors {
            token: wb.token().to_owned(),
            header: wb.header().to_owned(),
            payload: wb.payload().to_owned(),
        }
    }
}

/// What the window knows of the keyring and the stored profiles, as the worker reported it.
#[derive(Default)]
pub(crate) struct KeyringView {
    /// The stored profiles (empty while the settings file cannot be read).
    pub profiles: Vec<Profile>,
    /// Why the keyring cannot be used, if it cannot (a banner).
    pub error: Option<StoreError>,
    /// Why the profiles cannot be listed, if they cannot (a banner): a damaged settings
    /// file is shown, never replaced.
    pub list_error: Option<ProfileError>,
    /// The profile whose secret is being fetched.
    pub loading: Option<String>,
    /// Waiting for every profile's secret ("Any profile").
    pub loading_all: bool,
    /// What went wrong with the profile in use or a removal (under the key).
    pub problem: Option<ProfileError>,
    /// Every profile's keys were asked for, for the `other-profile` hint.
    pub others_asked: bool,
}

impl KeyringView {
    /// A call failed because the keyring itself did (its daemon gone, locked, silent): the
    /// banner says so and offers Retry, as when it was down at start. The next connect that
    /// works takes it away.
    pub fn failed(&mut self, error: &ProfileError) {
        if let ProfileError::Store(e) = error {
            self.error = Some(e.clone());
        }
    }

    /// The profile called `name`.
    pub fn profile(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The clientId of the profile `mode` uses, when it has one.
    pub fn client_id(&self, mode: &KeyMode) -> Option<&str> {
        let KeyMode::Profile(name) = mode else {
            return None;
        };
        self.profile(name)?.client_id.as_deref()
    }
}

/// The open dialog, if any.
#[derive(Default)]
pub(crate) struct Dialogs {
    /// The "Add profile" form.
    pub profile: Option<ProfileDraft>,
    /// The profile whose deletion waits for a yes.
    pub confirm_delete: Option<String>,
}

/// What demo mode holds besides its setting.
#[derive(Default)]
pub(crate) struct DemoState {
    /// The header editor shows its masked values: the user revealed them to edit.
    pub header_revealed: bool,
    /// The payload editor shows its masked values.
    pub payload_revealed: bool,
    /// The editor where an edit of a masked value was undone, until the user reveals or
    /// edits elsewhere.
    pub refused: Option<CopyWhat>,
    /// "Leave demo mode?" waits for an answer.
    pub confirm_leave: bool,
    /// Whether the zoom now set is demo mode's (`None` before the first frame).
    pub zoom_applied: Option<bool>,
}

impl DemoState {
    /// Whether the editor `which` shows its values unmasked.
    pub fn revealed(&self, which: CopyWhat) -> bool {
        match which {
            CopyWhat::Header => self.header_revealed,
            CopyWhat::Payload => self.payload_revealed,
            CopyWhat::Token => false,
        }
    }
}

/// Short-lived notes the window makes itself.
#[derive(Default)]
pub(crate) struct Notices {
    /// "Copied token", and when it appeared (it goes after two seconds).
    pub toast: Option<(String, Instant)>,
    /// The toast is a copy that jwtpad clears after this many seconds.
    pub clears_in: Option<u64>,
    /// Why Paste found nothing to paste.
    pub paste_problem: Option<String>,
    /// What was stripped from the last pasted token ("Bearer ", quotes, line breaks), as
    /// the engine reported it.
    pub removed: Vec<Removed>,
    /// Pasted text that held more than a bare token, and the tokens found in it.
    pub pasted: Option<super::paste::Pasted>,
}

/// Which part of the token the pointer is over, in the token box, a JSON editor or the
/// explanation. Each view tints its part from the previous frame's answer; a change asks
/// for one more frame, so an idle window still paints nothing.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hover {
    /// The part found under the pointer last frame: what the views tint now.
    pub shown: Option<crate::engine::Part>,
    /// The part found under the pointer so far this frame.
    pub found: Option<crate::engine::Part>,
}

impl Hover {
    /// The pointer is over `part` this frame.
    pub fn over(&mut self, part: crate::engine::Part) {
        self.found = Some(part);
    }

    /// Ends the frame: what was found becomes what is shown, and a change asks for a
    /// repaint so every view tints the new part.
    pub fn end_frame(&mut self, ctx: &egui::Context) {
        if self.found != self.shown {
            self.shown = self.found;
            ctx.request_repaint();
        }
        self.found = None;
    }
}

/// The test-data pane's inputs, and what it shows that costs a walk over the payload.
pub(crate) struct TestDataInputs {
    /// The custom expiry field: "+2h", "90m", unix seconds or a date.
    pub expiry_text: String,
    /// Why the custom expiry was refused, if it was.
    pub expiry_problem: Option<TimeSpecProblem>,
    /// The claim the "missing claim" test token leaves out.
    pub missing_claim: String,
    /// Whether `personId` is a valid CPF (`None` without one); checked once per document
    /// change, not per frame: the claim may be long.
    pub person_id: Option<Result<(), CpfProblem>>,
    /// The negative-test suite, once made ("Make suite"); kept until made again.
    pub suite: Option<crate::engine::suite::Suite>,
    /// The token the suite was made from: when the token changes, the panel says so.
    pub suite_source: String,
    /// Why the suite could not be made, or the export's outcome (`true` when it worked).
    pub suite_notice: Option<(bool, String)>,
    /// Whether the "Export suite…" row is open.
    pub export_open: bool,
    /// Where "Export suite…" writes.
    pub export_path: String,
    /// The export's format.
    pub export_format: crate::engine::suite::Format,
    /// Replace the file if it exists.
    pub export_replace: bool,
}

impl Default for TestDataInputs {
    fn default() -> Self {
        TestDataInputs {
            expiry_text: String::new(),
            expiry_problem: None,
            missing_claim: "personId".to_owned(),
            person_id: None,
            suite: None,
            suite_source: String::new(),
            suite_notice: None,
            export_open: false,
            export_path: String::new(),
            export_format: crate::engine::suite::Format::Csv,
            export_replace: false,
        }
    }
}

/// Why the "Add profile" form cannot save yet.
#[derive(Debug, Clone)]
pub enum FormProblem {
    /// The pasted key or secret cannot be read.
    Key(Error),
    /// The pasted key is a public key; a profile signs.
    NoPrivateKey,
    /// The keyring or the settings file refused the profile.
    Profile(ProfileError),
}

impl fmt::Display for FormProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FormProblem::Key(e) => e.fmt(f),
            FormProblem::NoPrivateKey => f.write_str(&t!("profile.no_private_key")),
            FormProblem::Profile(e) => e.fmt(f),
        }
    }
}

/// The "Add profile" dialog's fields.
pub struct ProfileDraft {
    /// Profile name.
    pub name: String,
    /// Environment label.
    pub env: String,
    /// clientId.
    pub client_id: String,
    /// Algorithm.
    pub alg: Alg,
    /// HMAC secret or private key.
    pub kind: KeyKind,
    /// The secret or key text.
    pub secret: Zeroizing<String>,
    /// The matching public key (PEM or JWK), optional; only for private keys.
    pub public_key: String,
    /// A problem to show, e.g. "a profile named … already exists".
    pub problem: Option<FormProblem>,
    /// What the pasted private key is, e.g. "EC P-256 private key".
    pub key_note: Option<KeyDescription>,
    /// Waiting for the keyring.
    pub saving: bool,
    /// Set when the dialog updates this verify-only profile's keys instead of adding one.
    pub update_of: Option<String>,
    /// What the pasted public keys are (verify-only profiles), one per key.
    pub public_note: Vec<KeyDescription>,
    /// "Generate key" was clicked: the key is being made and saved.
    pub generating: bool,
}

impl Default for ProfileDraft {
    fn default() -> Self {
        ProfileDraft {
            name: String::new(),
            env: String::new(),
            client_id: String::new(),
            alg: Alg::HS256,
            kind: KeyKind::HmacText,
            secret: Zeroizing::new(String::new()),
            public_key: String::new(),
            problem: None,
            key_note: None,
            saving: false,
            update_of: None,
            public_note: Vec::new(),
            generating: false,
        }
    }
}

/// Which text a Copy button copies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CopyWhat {
    /// The compact token.
    Token,
    /// The header JSON.
    Header,
    /// The payload JSON.
    Payload,
}

/// What a view asks for; applied once per frame.
#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// The token box changed (its text is in the edit buffer).
    TokenEdited,
    /// The header editor changed.
    HeaderEdited,
    /// The payload editor changed.
    PayloadEdited,
    /// Replace the token with the clipboard's text.
    Paste,
    /// Empty the token box.
    Clear,
    /// Copy a text to the clipboard.
    Copy(CopyWhat),
    /// Show the n-th token found in the pasted text.
    PickFound(usize),
    /// Copy the pasted text the tokens were found in.
    CopyPasted,
    /// Indent both JSON editors.
    Format,
    /// Pick an algorithm.
    SetAlg(Alg),
    /// Pick a key source.
    SetKeyMode(KeyMode),
    /// A session key input changed.
    KeyEdited,
    /// Try the keyring again, and read the profiles file again.
    RetryKeyring,
    /// Open the "Add profile" dialog.
    OpenAddProfile,
    /// The dialog's key or key kind changed: check the key now, not only on save.
    ProfileKeyEdited,
    /// Save the dialog's profile.
    SaveProfile,
    /// Close the dialog without saving.
    CloseDialog,
    /// Ask before deleting this profile.
    AskDelete(String),
    /// Open the dialog to replace this verify-only profile's public keys.
    OpenUpdateKeys(String),
    /// Delete the profile asked about.
    ConfirmDelete,
    /// `iat` now and `exp` this many seconds later.
    SetLifetime(i64),
    /// Set `exp` from the custom expiry field (`+2h`, a date, ...).
    SetCustomExpiry,
    /// A fresh valid test CPF as `personId`.
    NewPersonId,
    /// `iss` set to the chosen profile's clientId (the vendor's flow).
    SetIssFromProfile,
    /// Copy a deliberately broken variant of the token.
    CopyBroken(Broken),
    /// Pick the claim the "missing claim" token leaves out.
    PickMissingClaim(String),
    /// Make the negative-test suite from the current token and key.
    MakeSuite,
    /// Copy the token of the suite's case at this index.
    CopySuiteCase(usize),
    /// Write the suite to the export path in the chosen format.
    ExportSuite,
    /// Pick a theme.
    SetTheme(ThemeChoice),
    /// Pick the window's language.
    SetLanguage(LanguageChoice),
    /// Turn keeping drafts on or off.
    SetKeepDrafts(bool),
    /// How long after a copy the clipboard is cleared.
    SetClipboardClear(super::clipboard::ClearAfter),
    /// Judge the token at the moment typed in "Check at" (empty: now).
    CheckAt,
    /// Read and show times in this zone.
    CheckAtZone(crate::engine::Zone),
    /// Back to the live clock.
    BackToNow,
    /// The "Compare with…" box changed (its text is in the app's change lists).
    CompareEdited,
    /// Copy the report that is safe to share, in this form.
    CopyReport(ReportForm),
    /// Mask this claim in the report, or stop masking it (the engine's own masks stay).
    SetReportMask(String, bool),
    /// Make a new key for the dialog's algorithm and add the profile with it.
    GenerateProfileKey,
    /// Copy the public half of the key in use, in this shape.
    CopyPublicKey(crate::engine::keys::export::PublicFormat),
    /// Something the templates pane asked for.
    Template(super::views::TemplateAction),
    /// Turn demo mode on, or (after "Leave demo mode?") off.
    SetDemo(bool),
    /// Ask before leaving demo mode: everything hidden shows at once.
    AskLeaveDemo,
    /// Show the masked values of this editor so they can be edited (demo mode).
    Reveal(CopyWhat),
    /// Mask this editor's values again.
    HideRevealed(CopyWhat),
}

/// The form of a copied report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportForm {
    /// Plain text, aligned: reads the same in a chat, an e-mail or any ticket.
    Text,
    /// Headings and tables, for trackers that render Markdown.
    Markdown,
}

#[cfg(test)]
mod tests {
    use super::LanguageChoice;

    #[test]
    fn language_follows_the_system_only_when_asked() {
        let system = LanguageChoice::System;
        assert_eq!(system.locale(Some("pt_BR.UTF-8")), "pt-BR");
        assert_eq!(system.locale(Some("pt")), "pt-BR");
        assert_eq!(system.locale(Some("en_US.UTF-8")), "en");
        assert_eq!(system.locale(Some("de_DE")), "en");
        assert_eq!(system.locale(None), "en");
        assert_eq!(LanguageChoice::English.locale(Some("pt_BR")), "en");
        assert_eq!(LanguageChoice::Portuguese.locale(None), "pt-BR");
    }
}
