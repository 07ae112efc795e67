//! Typing speed: one keystroke in a 100 KiB payload (re-parse, re-sign, re-highlight,
//! repaint), issue 13's "Typing" goal of under 16 ms, see BENCHMARKS.md.
//!
//! `keystroke` drives the real window: through egui_kittest as the UI tests do, and through a
//! bare `egui::Context` that also tessellates what was painted (kittest builds an AccessKit
//! tree every frame, which a window without a screen reader does not). Each iteration types
//! one character in the middle of a string of the payload, the next one deletes it with
//! Backspace, and frames run until the re-signed token is shown. `parts` times the pieces of
//! that keystroke alone, beside `serde_json::from_str` of the same text as an anchor.
//! Run with `cargo bench --bench typing`.

use criterion::{Criterion, criterion_group, criterion_main};
use egui::text::{CCursor, CCursorRange};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use jwtpad::app::JwtpadApp;
use jwtpad::app::highlight;
use jwtpad::engine::mask::in_place;
use jwtpad::engine::{Alg, Clock, Key, KeySet, Secret, sign_json};
use jwtpad::workbench::{KeyInUse, KeyLabel, Workbench};

#[path = "../tests/shared/window_kit.rs"]
#[allow(dead_code)]
mod window_kit;
use window_kit::{NOW, SIZE, app_with, harness_of, memory_backend, type_into};

/// The size the goal names.
const SIZE_100K: usize = 100 * 1024;
/// A payload whose token the token box edits: 48,282 bytes (the box edits up to 64 KiB).
const TOKEN_PAYLOAD: usize = 47 * 1024;
const SECRET: &str = "typing-secret-0123456789-0123456789-abcdef";
const HEADER: &str = "{\n  \"alg\": \"HS256\",\n  \"typ\": \"JWT\"\n}";
/// The string the cursor is put in: a member no demo-mode rule masks, so typing in it is
/// allowed there too.
const TYPED_IN: &str = "\"label\": \"";

/// A payload of at least `len` bytes as a vendor's might be: its claims (iss, exp, personId)
/// first, then accounts with names, addresses, escapes, numbers, literals and nesting.
fn payload(len: usize) -> String {
    let mut s = format!(
        "{{\n  \"iss\": \"my-client-id\",\n  \"sub\": \"1234567890\",\n  \"personId\": \"52998224725\",\n  \"iat\": {NOW},\n  \"exp\": {},\n  \"accounts\": [",
        NOW + 900
    );
    let mut i = 0usize;
    while s.len() + 8 < len {
        if i > 0 {
            s.push(',');
        }
        write!(
            s,
            "\n    {{\n      \"id\": {i},\n      \"name\": \"Cliente {i} da Silva\",\n      \"email\": \"cliente{i}@example.com\",\n      \"label\": \"conta corrente número {i}\",\n      \"note\": \"linha \\\"citada\\\"\\n com \\u00e9 e \\\\ barra\",\n      \"active\": {},\n      \"score\": -{}.5e-3,\n      \"roles\": [\"leitura\", \"escrita-{}\", {{\"grupo\": [1, 2.5, null]}}],\n      \"meta\": {{\"tz\": \"America/Sao_Paulo\", \"limit\": null}}\n    }}",
            i.is_multiple_of(2),
            i * 7,
            i % 5
        )
        .unwrap();
        i += 1;
    }
    s.push_str("\n  ]\n}");
    s
}

/// The character index in `text` of a place inside a "label" string near the middle.
fn middle_of_a_string(text: &str) -> usize {
    let from = text.len() / 2;
    let at = from + text[from..].find(TYPED_IN).unwrap() + TYPED_IN.len() + 5;
    text[..at].chars().count()
}

fn key() -> Key {
    Key::hmac(Secret::new(SECRET.as_bytes().to_vec()))
}

fn clock() -> Clock {
    Clock::at(NOW, 60)
}

/// One keystroke at the cursor: a character when `insert`, else Backspace.
fn keystroke(insert: bool) -> egui::Event {
    if insert {
        egui::Event::Text("x".to_owned())
    } else {
        egui::Event::Key {
            key: egui::Key::Backspace,
            physical_key: None,
            pressed: true,
            repeat: false,
            modifiers: egui::Modifiers::NONE,
        }
    }
}

/// Puts the keyboard focus in the text box `id` with the cursor at character `at`.
fn place_cursor(ctx: &egui::Context, id: egui::Id, at: usize) {
    select(ctx, id, at, at);
}

/// Puts the keyboard focus in the text box `id` with characters `from..to` selected.
fn select(ctx: &egui::Context, id: egui::Id, from: usize, to: usize) {
    ctx.memory_mut(|m| m.request_focus(id));
    let mut state = egui::TextEdit::load_state(ctx, id).unwrap_or_default();
    state.cursor.set_char_range(Some(CCursorRange::two(
        CCursor::new(from),
        CCursor::new(to),
    )));
    egui::TextEdit::store_state(ctx, id, state);
}

/// Steps `harness` until `done` holds; panics naming `what` after a while.
fn settle(
    harness: &mut Harness<'static, JwtpadApp>,
    what: &str,
    done: impl Fn(&JwtpadApp) -> bool,
) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done(harness.state()) {
        assert!(Instant::now() < deadline, "waited a minute for {what}");
        harness.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    harness.run_steps(4);
}

/// Which text box the keystrokes go to.
#[derive(Clone, Copy, PartialEq)]
enum Box_ {
    Payload,
    Token,
}

/// A window with a session secret and a payload of `size` bytes, its focus in `target`.
fn window(demo: bool, target: Box_, size: usize) -> Harness<'static, JwtpadApp> {
    let settings = jwtpad::app::Settings {
        language: jwtpad::app::LanguageChoice::English,
        demo,
        ..jwtpad::app::Settings::default()
    };
    let mut harness = harness_of(app_with(settings, memory_backend()), SIZE);
    type_into(&mut harness, "Secret", SECRET);
    settle(&mut harness, "the session secret", |app| {
        app.workbench().key().label == KeyLabel::SessionSecret
    });
    let text = payload(size);
    let (label, id, content) = match target {
        Box_::Payload => ("Payload JSON", "jwtpad.payload", text.clone()),
        Box_::Token => {
            let token = sign_json(HEADER, &text, Alg::HS256, Some(&key()))
                .unwrap()
                .token;
            ("Encoded token", "jwtpad.token", token)
        }
    };
    harness.get_by_label(label).focus();
    harness.run_steps(2);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.run_steps(2);
    harness.event(egui::Event::Paste(content.clone()));
    settle(&mut harness, "the pasted text", |app| match target {
        Box_::Payload => app.workbench().payload() == text,
        Box_::Token => app.workbench().token() == content,
    });
    let at = match target {
        Box_::Payload => middle_of_a_string(&content),
        // The middle of the token: inside its payload segment.
        Box_::Token => content.len() / 2,
    };
    place_cursor(&harness.ctx, egui::Id::unique(id), at);
    harness.run_steps(4);
    harness
}

/// Types in the window the way the bench does, checking on the way that a keystroke
/// lands where it should: the benches would otherwise time a refused or ignored edit.
fn check_typing(harness: &mut Harness<'static, JwtpadApp>, target: Box_) {
    let buffer = |h: &Harness<'static, JwtpadApp>| match target {
        Box_::Payload => h.state().edit_buffers().2.to_owned(),
        Box_::Token => h.state().edit_buffers().0.to_owned(),
    };
    let before = buffer(harness);
    let token = harness.state().workbench().token().to_owned();
    harness.event(keystroke(true));
    harness.run_steps(2);
    let typed = buffer(harness);
    assert_eq!(typed.len(), before.len() + 1, "the character was typed");
    assert_ne!(
        harness.state().workbench().token(),
        token,
        "the keystroke changed the token"
    );
    harness.event(keystroke(false));
    harness.run_steps(2);
    assert_eq!(buffer(harness), before, "Backspace took it back");
    assert_eq!(harness.state().workbench().token(), token);
}

/// One keystroke and the frames until its token is shown: the frame that takes the key
/// (and re-signs at its end), and the one that paints the new token.
fn kittest_keystroke(harness: &mut Harness<'static, JwtpadApp>, insert: bool) {
    harness.event(keystroke(insert));
    harness.step();
    harness.step();
}

/// The window through a bare `egui::Context`, as eframe runs it: each frame is also
/// tessellated, and no AccessKit tree is built.
struct Bare {
    ctx: egui::Context,
    app: JwtpadApp,
}

impl Bare {
    fn new(demo: bool, target: Box_) -> Self {
        let settings = jwtpad::app::Settings {
            language: jwtpad::app::LanguageChoice::English,
            demo,
            ..jwtpad::app::Settings::default()
        };
        let mut bare = Bare {
            ctx: egui::Context::default(),
            app: app_with(settings, memory_backend()),
        };
        bare.frames(Vec::new(), 4);
        place_cursor(&bare.ctx, egui::Id::unique("jwtpad.session_secret"), 0);
        bare.frames(vec![egui::Event::Text(SECRET.to_owned())], 4);
        assert_eq!(
            bare.app.workbench().key().label,
            KeyLabel::SessionSecret,
            "signed with the session secret"
        );
        let (id, text, at) = match target {
            Box_::Payload => {
                let text = payload(SIZE_100K);
                let at = middle_of_a_string(&text);
                ("jwtpad.payload", text, at)
            }
            Box_::Token => {
                let token = sign_json(HEADER, &payload(TOKEN_PAYLOAD), Alg::HS256, Some(&key()))
                    .unwrap()
                    .token;
                let at = token.len() / 2;
                ("jwtpad.token", token, at)
            }
        };
        let id = egui::Id::unique(id);
        let old = match target {
            Box_::Payload => bare.app.edit_buffers().2.chars().count(),
            Box_::Token => bare.app.edit_buffers().0.chars().count(),
        };
        select(&bare.ctx, id, 0, old);
        bare.frames(vec![egui::Event::Paste(text.clone())], 6);
        match target {
            Box_::Payload => assert_eq!(bare.app.workbench().payload(), text),
            Box_::Token => assert_eq!(bare.app.workbench().token(), text),
        }
        place_cursor(&bare.ctx, id, at);
        bare.frames(Vec::new(), 4);
        let token = bare.app.workbench().token().to_owned();
        bare.frames(vec![keystroke(true)], 2);
        assert_ne!(
            bare.app.workbench().token(),
            token,
            "the keystroke changed the token"
        );
        bare.frames(vec![keystroke(false)], 2);
        assert_eq!(
            bare.app.workbench().token(),
            token,
            "Backspace took it back"
        );
        bare
    }

    /// Runs `count` frames, the first with `events`, each tessellated.
    fn frames(&mut self, events: Vec<egui::Event>, count: usize) {
        let mut events = Some(events);
        for _ in 0..count {
            let input = egui::RawInput {
                screen_rect: Some(egui::Rect::from_min_size(
                    egui::Pos2::ZERO,
                    egui::vec2(SIZE[0], SIZE[1]),
                )),
                focused: true,
                events: events.take().unwrap_or_default(),
                ..Default::default()
            };
            let app = &mut self.app;
            let mut output = self.ctx.run_ui(input, |ui| app.frame(ui));
            // No renderer takes the font atlas's updates.
            output.textures_delta.clear();
            black_box(self.ctx.tessellate(output.shapes, output.pixels_per_point));
        }
    }
}

/// The CPU time this thread has run, in nanoseconds (Linux: `/proc/thread-self/schedstat`);
/// `None` elsewhere. On a loaded machine the wall time of a frame includes the moments the
/// scheduler gave the core to someone else; this does not.
fn thread_cpu_ns() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    stat.split_whitespace().next()?.parse().ok()
}

fn keystrokes(c: &mut Criterion) {
    let mut group = c.benchmark_group("typing 100 KiB");
    group.sample_size(20);
    for (name, demo, target, size) in [
        ("kittest payload", false, Box_::Payload, SIZE_100K),
        ("kittest payload demo", true, Box_::Payload, SIZE_100K),
        // The token box edits tokens up to 64 KiB (bigger ones are a preview); this one is
        // 47 KiB.
        ("kittest token 47 KiB", false, Box_::Token, TOKEN_PAYLOAD),
    ] {
        let mut harness = window(demo, target, size);
        check_typing(&mut harness, target);
        let mut insert = true;
        group.bench_function(name, |b| {
            b.iter(|| {
                kittest_keystroke(&mut harness, insert);
                insert = !insert;
            });
        });
        if target == Box_::Payload {
            // What every repaint of that window costs, keystroke or not.
            group.bench_function(format!("{name}: a frame without input"), |b| {
                b.iter(|| harness.step());
            });
        }
        // An even count of keystrokes leaves the text as it was; one more if not.
        if !insert {
            kittest_keystroke(&mut harness, false);
        }
    }
    for (name, demo, target) in [
        ("window payload", false, Box_::Payload),
        ("window payload demo", true, Box_::Payload),
        ("window token 47 KiB", false, Box_::Token),
    ] {
        let mut bare = Bare::new(demo, target);
        let mut insert = true;
        group.bench_function(name, |b| {
            b.iter(|| {
                bare.frames(vec![keystroke(insert)], 2);
                insert = !insert;
            });
        });
        group.bench_function(format!("{name}: a frame without input"), |b| {
            b.iter(|| bare.frames(Vec::new(), 1));
        });
        if thread_cpu_ns().is_some() {
            // The same keystrokes, timed by this thread's CPU time instead of the clock.
            group.bench_function(format!("{name} (CPU time)"), |b| {
                b.iter_custom(|iters| {
                    let start = thread_cpu_ns().unwrap_or(0);
                    for _ in 0..iters {
                        bare.frames(vec![keystroke(insert)], 2);
                        insert = !insert;
                    }
                    Duration::from_nanos(thread_cpu_ns().unwrap_or(0).saturating_sub(start))
                });
            });
        }
    }
    group.finish();
}

fn parts(c: &mut Criterion) {
    let text = payload(SIZE_100K);
    let mut group = c.benchmark_group("typing 100 KiB parts");
    group.bench_function("anchor: serde_json::from_str", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&text)).unwrap());
    });
    let keyed = || KeyInUse::from_result(KeyLabel::SessionSecret, Ok(KeySet::from(key())));
    let mut wb = Workbench::from_parts(HEADER.to_owned(), text.clone(), keyed(), &clock());
    assert!(!wb.token().is_empty());
    group.bench_function("workbench set_payload (parse + sign + judge)", |b| {
        b.iter(|| wb.set_payload(black_box(text.clone()), &clock()));
    });
    let visuals = egui::Visuals::dark();
    let font = egui::FontId::monospace(12.0);
    group.bench_function("highlight json_job", |b| {
        b.iter(|| highlight::json_job(black_box(&text), &visuals, font.clone(), 600.0));
    });
    let token = wb.token().to_owned();
    let text_token_2 = sign_json(
        HEADER,
        &text.replacen("conta", "xconta", 1),
        Alg::HS256,
        Some(&key()),
    )
    .unwrap()
    .token;
    group.bench_function("highlight token_job", |b| {
        b.iter(|| highlight::token_job(black_box(&token), &visuals, font.clone(), 600.0));
    });
    group.bench_function("in_place::json (demo masking)", |b| {
        b.iter(|| in_place::json(black_box(&text), &[]).unwrap());
    });
    // A keystroke's layout: the text differs from the last frame's in one line, so egui's
    // cache of paragraphs lays out that one again and puts the galley together.
    let mut fonts = egui::epaint::text::Fonts::new(
        egui::epaint::text::TextOptions::default(),
        egui::FontDefinitions::default(),
    );
    let at = text.len() / 2 + text[text.len() / 2..].find(TYPED_IN).unwrap() + TYPED_IN.len();
    let mut n = 0u32;
    group.bench_function("egui layout_job after a keystroke", |b| {
        b.iter(|| {
            n += 1;
            let edited = format!("{}{n}{}", &text[..at], &text[at..]);
            let job = highlight::json_job(&edited, &visuals, font.clone(), 600.0);
            fonts.begin_pass(
                egui::epaint::text::TextOptions::default(),
                egui::epaint::text::ViewportKey::default(),
            );
            black_box(fonts.with_pixels_per_point(1.0).layout_job(job));
        });
    });
    // The token box after a keystroke in the payload: the new token is one paragraph.
    let mut toggle = false;
    group.bench_function("egui layout_job of the re-signed token", |b| {
        b.iter(|| {
            toggle = !toggle;
            let edited = if toggle { &token } else { &text_token_2 };
            let job = highlight::token_job(edited, &visuals, font.clone(), 600.0);
            fonts.begin_pass(
                egui::epaint::text::TextOptions::default(),
                egui::epaint::text::ViewportKey::default(),
            );
            black_box(fonts.with_pixels_per_point(1.0).layout_job(job));
        });
    });
    group.bench_function("json_job on the same edit (to subtract)", |b| {
        b.iter(|| {
            n += 1;
            let edited = format!("{}{n}{}", &text[..at], &text[at..]);
            black_box(highlight::json_job(&edited, &visuals, font.clone(), 600.0));
        });
    });
    group.finish();
}

criterion_group!(benches, parts, keystrokes);
criterion_main!(benches);
