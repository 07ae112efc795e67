//! Applying the templates pane's actions: the only place the window renders or saves a
//! template.

use rust_i18n::t;

use super::JwtpadApp;
use super::views::{TemplateAction, TemplatePane};
use crate::engine::error::JsonDoc;
use crate::engine::json;
use crate::engine::template::{Context, OsRandom, Template};
use crate::templates::TemplateStore;

impl JwtpadApp {
    /// The same window with its templates in `dir` (tests use a temporary folder).
    pub fn with_templates_dir(mut self, dir: std::path::PathBuf) -> Self {
        self.templates = TemplatePane::new(Some(TemplateStore::new(dir)));
        self
    }

    /// The templates pane's state (for tests).
    pub fn templates(&self) -> &TemplatePane {
        &self.templates
    }

    pub(super) fn apply_template(&mut self, action: TemplateAction) {
        let clock = self.live_clock();
        match action {
            TemplateAction::Pick(name) => {
                let found = self
                    .templates
                    .listed
                    .iter()
                    .find(|l| l.template.name == name)
                    .map(|l| l.template.clone());
                let Some(template) = found else { return };
                let client_id = self.keyring.client_id(&self.key.mode).map(str::to_owned);
                let mut source = OsRandom;
                let mut ctx =
                    Context::new(client_id.as_deref(), clock.now.timestamp(), &mut source);
                match template.render(&mut ctx) {
                    Ok(rendered) => {
                        let pretty = |m| serde_json::to_string_pretty(&m).unwrap_or_default();
                        self.wb.set_header(pretty(rendered.header), &clock);
                        if let Some(alg) = template.alg {
                            self.wb.set_alg(alg, &clock);
                        }
                        self.wb.set_payload(pretty(rendered.payload), &clock);
                        self.sync_editors();
                        self.templates.message = None;
                    }
                    Err(e) => self.templates.message = Some((e.to_string(), true)),
                }
                self.templates.picked = Some(template);
            }
            TemplateAction::StopChecking => self.templates.picked = None,
            TemplateAction::OpenSave => self.templates.save_name = Some(String::new()),
            TemplateAction::CancelSave => self.templates.save_name = None,
            TemplateAction::Save => {
                let name = self
                    .templates
                    .save_name
                    .as_deref()
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                match self.save_template(&name) {
                    Ok(()) => {
                        self.templates.save_name = None;
                        self.templates.reload();
                        self.templates.message =
                            Some((t!("template.saved", name = name).into_owned(), false));
                    }
                    Err(text) => self.templates.message = Some((text, true)),
                }
            }
        }
    }

    /// Keeps the current header and payload as they are; the claims they hold become the
    /// ones the template requires.
    fn save_template(&self, name: &str) -> Result<(), String> {
        let header =
            json::parse_object(self.wb.header(), JsonDoc::Header).map_err(|e| e.to_string())?;
        let payload =
            json::parse_object(self.wb.payload(), JsonDoc::Payload).map_err(|e| e.to_string())?;
        let mut template = Template::new(name, header, payload);
        template.alg = Some(self.wb.alg());
        template.required = template.payload.keys().cloned().collect();
        let Some(store) = &self.templates.store else {
            return Err(crate::templates::StoreProblem::NoConfigDir.to_string());
        };
        store
            .save(&template, false)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
