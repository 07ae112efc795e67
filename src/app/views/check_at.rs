//! "Check at": the moment and the zone the window judges the token at. By default the live
//! clock and the machine's zone; set to another moment (a wall-clock time read in the chosen
//! zone, as the user on the phone tells it), the verdict, the claims table and the warnings
//! are computed for that moment, and a marker says plainly that it is not now.

use chrono::{DateTime, Utc};
use egui::{RichText, TextEdit, Ui};
use rust_i18n::t;

use super::widgets::{bad_colour, warn_colour};
use crate::app::state::Action;
use crate::engine::Zone;
use crate::engine::error::TimeSpecProblem;
use crate::engine::zone::SystemZone;
use crate::timefmt;

/// What the "Check at" control holds while the window runs (only the zone's name is saved).
pub(crate) struct CheckAt {
    /// What was typed in the date and time field, kept as typed even when it is wrong.
    pub text: String,
    /// The zone picker's search text.
    pub query: String,
    /// The zone times are read and shown in.
    pub zone: Zone,
    /// The machine's zone, and why it is UTC when it could not be found.
    pub system: SystemZone,
    /// The moment the token is judged at; `None` for the live clock.
    pub moment: Option<DateTime<Utc>>,
    /// Why the typed text is not a moment, put into words where drawn.
    pub problem: Option<TimeSpecProblem>,
}

impl CheckAt {
    /// The live clock, in the remembered zone when there is one, else the machine's.
    pub(crate) fn new(remembered: Option<&str>) -> Self {
        let system = Zone::system();
        let zone = remembered
            .and_then(|name| Zone::named(name).ok())
            .unwrap_or(system.zone);
        CheckAt {
            text: String::new(),
            query: String::new(),
            zone,
            system,
            moment: None,
            problem: None,
        }
    }
}

/// The field, the zone picker and, when set, the marker with "Back to now".
pub(crate) fn check_at_ui(ui: &mut Ui, check: &mut CheckAt, actions: &mut Vec<Action>) {
    ui.horizontal_wrapped(|ui| {
        let label = ui.label(t!("check_at.label"));
        let field = ui
            .add(
                TextEdit::singleline(&mut check.text)
                    .id_salt("check_at_text")
                    .hint_text(t!("check_at.hint"))
                    .desired_width(170.0),
            )
            .labelled_by(label.id);
        if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
            actions.push(Action::CheckAt);
        }
        let zone_label = ui.label(t!("check_at.zone"));
        let picker = egui::ComboBox::from_id_salt("check_at_zone")
            .selected_text(check.zone.name())
            .width(190.0)
            .height(320.0)
            .show_ui(ui, |ui| zone_list_ui(ui, check, actions));
        picker.response.labelled_by(zone_label.id);
        if ui
            .button(t!("check_at.apply"))
            .on_hover_text(t!("check_at.apply_tip"))
            .clicked()
        {
            actions.push(Action::CheckAt);
        }
    });
    if let Some(problem) = &check.problem {
        ui.label(RichText::new(problem.to_string()).color(bad_colour(ui)));
    }
    if let Some(problem) = &check.system.fallback
        && check.zone == check.system.zone
    {
        ui.weak(problem.to_string());
    }
    match check.moment {
        Some(moment) => {
            let colour = warn_colour(ui);
            egui::Frame::new()
                .stroke(egui::Stroke::new(1.5, colour))
                .corner_radius(6.0)
                .inner_margin(8.0)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(t!(
                                "check_at.marker",
                                moment = timefmt::zoned(moment, check.zone),
                                utc = timefmt::utc(moment)
                            ))
                            .strong()
                            .color(colour),
                        );
                        if ui.button(t!("check_at.back")).clicked() {
                            actions.push(Action::BackToNow);
                        }
                    });
                });
        }
        None => {
            ui.weak(t!("check_at.live", zone = check.zone.name()));
        }
    }
}

/// The picker's popup: a search box, then the zones whose names match it.
fn zone_list_ui(ui: &mut Ui, check: &mut CheckAt, actions: &mut Vec<Action>) {
    let label = ui.label(t!("check_at.search"));
    let search = ui
        .add(
            TextEdit::singleline(&mut check.query)
                .id_salt("check_at_zone_search")
                .hint_text(t!("check_at.search_hint"))
                .desired_width(180.0),
        )
        .labelled_by(label.id);
    // Opening the picker is asking to search: typing goes straight into the box.
    if check.query.is_empty() && !search.has_focus() {
        search.request_focus();
    }
    // A POSIX `TZ` rule has no IANA name: it is offered first so it can be picked again.
    let system = Some(check.system.zone).filter(|z| !z.is_named() && check.query.is_empty());
    let mut found = system
        .into_iter()
        .chain(Zone::search(&check.query))
        .peekable();
    match found.peek() {
        None => {
            ui.weak(t!("check_at.no_zone"));
        }
        // Enter in the search box picks the first zone listed.
        Some(first) if search.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) => {
            actions.push(Action::CheckAtZone(*first));
            ui.close();
        }
        Some(_) => {}
    }
    for zone in found {
        if ui
            .selectable_label(zone == check.zone, zone.name())
            .clicked()
        {
            actions.push(Action::CheckAtZone(zone));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_live_in_the_remembered_zone_else_the_machine_s() {
        let check = CheckAt::new(Some("Europe/Berlin"));
        assert_eq!(check.zone.name(), "Europe/Berlin");
        assert_eq!(check.moment, None);
        // A name the database no longer has falls back to the machine's zone.
        let check = CheckAt::new(Some("Atlantis/Capital"));
        assert_eq!(check.zone, Zone::system().zone);
        assert_eq!(CheckAt::new(None).zone, Zone::system().zone);
    }
}
