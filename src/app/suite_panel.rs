//! The test-data panel's negative-test suite: made from the token being edited, with the
//! key in use, and exported only when the user asks.

use std::path::PathBuf;

use rust_i18n::t;
use serde_json::Value;

use super::JwtpadApp;
use crate::engine::Clock;
use crate::engine::error::JsonDoc;
use crate::engine::json;
use crate::engine::suite::{self, Baseline, Rules, Suite, SuiteProblem};
use crate::engine::template::{CAF_SMART_AUTH, Template};

impl JwtpadApp {
    /// Makes the suite at `now` (unix seconds); a failure is shown in the panel.
    pub(super) fn make_suite(&mut self, now: i64) {
        let client_id = self.keyring.client_id(&self.key.mode).map(str::to_owned);
        match self.build_suite(now, client_id) {
            Ok(made) => {
                self.test_data.suite = Some(made);
                self.test_data.suite_source = self.wb.token().to_owned();
                self.test_data.suite_notice = None;
            }
            Err(why) => {
                self.test_data.suite = None;
                self.test_data.suite_notice = Some((false, why));
            }
        }
    }

    fn build_suite(&self, now: i64, client_id: Option<String>) -> Result<Suite, String> {
        let Some(key) = self.wb.key().signer() else {
            return Err(t!("engine.broken.needs_key").into_owned());
        };
        let header =
            json::parse_object(self.wb.header(), JsonDoc::Header).map_err(|e| e.to_string())?;
        let payload = match json::parse_strict(self.wb.payload(), JsonDoc::Payload) {
            Ok(Value::Object(claims)) => claims,
            Ok(_) => return Err(t!("engine.broken.needs_object").into_owned()),
            Err(e) => return Err(e.to_string()),
        };
        let alg = self.wb.alg();
        suite::make(
            &Baseline {
                rules: window_rules(self.templates.picked.as_ref(), &payload, alg, client_id),
                header,
                payload,
                key,
                alg,
            },
            now,
            Clock::DEFAULT_LEEWAY,
        )
        .map_err(|e: SuiteProblem| e.to_string())
    }

    /// Writes the suite where the export row says, never over a file unless asked.
    pub(super) fn export_suite(&mut self) {
        let inputs = &mut self.test_data;
        let Some(made) = &inputs.suite else {
            return;
        };
        let text = inputs.export_path.trim();
        if text.is_empty() {
            inputs.suite_notice = Some((false, t!("suite.ui.export_no_path").into_owned()));
            return;
        }
        let path = PathBuf::from(text);
        let body = made.render(inputs.export_format);
        let count = made.cases.len();
        let notice =
            match crate::suite_file::write_new(&path, body.as_bytes(), inputs.export_replace) {
                Ok(()) => (
                    true,
                    t!("suite.ui.exported", n = count, path = path.display()).into_owned(),
                ),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => (
                    false,
                    t!("suite.ui.export_exists", path = path.display()).into_owned(),
                ),
                Err(e) => (
                    false,
                    t!("suite.ui.export_failed", path = path.display(), why = e).into_owned(),
                ),
            };
        inputs.suite_notice = Some(notice);
    }
}

/// The rules the window's suite tests: the template picked in the Templates pane, else the
/// vendor's (`iss` the clientId, `exp` required, `personId` a CPF string); only the required
/// claims the token has are kept, so any token being edited can make a suite.
fn window_rules(
    picked: Option<&Template>,
    payload: &serde_json::Map<String, Value>,
    alg: crate::engine::Alg,
    client_id: Option<String>,
) -> Rules {
    let mut template = picked
        .cloned()
        .or_else(|| Template::builtin(CAF_SMART_AUTH))
        .unwrap_or_else(|| {
            Template::new(
                CAF_SMART_AUTH,
                serde_json::Map::new(),
                serde_json::Map::new(),
            )
        });
    template
        .required
        .retain(|claim| payload.contains_key(claim));
    template.alg = None;
    template
        .payload
        .retain(|claim, _| payload.contains_key(claim));
    // Without a profile's clientId, the token's own iss is the one to hold.
    let client_id = client_id.or_else(|| {
        payload
            .get("iss")
            .and_then(Value::as_str)
            .map(str::to_owned)
    });
    Rules::new(template, alg, client_id)
}
