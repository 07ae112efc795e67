//! Colour for the encoded token (one colour per segment, dots kept visible) and for JSON.
//! Only layout jobs are built here; egui caches the laid-out text by content.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Visuals};

use crate::engine::Part;

/// Above this size the token is coloured only in its first part: laying out and colouring
/// a megabyte on every edit would make typing sluggish, and colour adds nothing there.
pub const COLOUR_LIMIT: usize = 64 * 1024;

/// Segment colours, after jwt.io's, tuned for light and dark backgrounds.
pub fn segment_colours(visuals: &Visuals) -> [Color32; 3] {
    if visuals.dark_mode {
        [
            Color32::from_rgb(0xff, 0x6b, 0x81),
            Color32::from_rgb(0xd0, 0x8c, 0xff),
            Color32::from_rgb(0x3f, 0xc8, 0xf0),
        ]
    } else {
        [
            Color32::from_rgb(0xc8, 0x1d, 0x3a),
            Color32::from_rgb(0x8a, 0x2b, 0xd8),
            Color32::from_rgb(0x00, 0x7a, 0xa6),
        ]
    }
}

/// The token with each segment in its colour and the dots in the normal text colour.
pub fn token_job(text: &str, visuals: &Visuals, font: FontId, wrap_width: f32) -> LayoutJob {
    token_job_marked(text, visuals, font, wrap_width, None)
}

/// [`token_job`], with one segment (or, for [`Part::Token`], all of it) underlined in the
/// error colour on a tinted background: the segment a problem is about.
pub fn token_job_marked(
    text: &str,
    visuals: &Visuals,
    font: FontId,
    wrap_width: f32,
    marked: Option<Part>,
) -> LayoutJob {
    token_job_hovered(text, visuals, font, wrap_width, marked, None)
}

/// [`token_job_marked`], with the `hovered` segment on a background of its own colour: the
/// part the pointer is over here, in its JSON editor or in the explanation. A marked problem
/// keeps its error tint.
pub fn token_job_hovered(
    text: &str,
    visuals: &Visuals,
    font: FontId,
    wrap_width: f32,
    marked: Option<Part>,
    hovered: Option<Part>,
) -> LayoutJob {
    let hovered_index = hovered.and_then(segment_index);
    let marked_index = |segment: usize| match marked {
        None => false,
        Some(Part::Token) => true,
        Some(Part::Header) => segment == 0,
        Some(Part::Payload) => segment == 1,
        Some(Part::Signature) => segment == 2,
    };
    let colours = segment_colours(visuals);
    let mark = |segment: usize, mut format: TextFormat| {
        if hovered_index == Some(segment) {
            format.background = hover_tint(colours[segment]);
        }
        if marked_index(segment) {
            format.underline = egui::Stroke::new(2.0, visuals.error_fg_color);
            format.background = visuals.error_fg_color.gamma_multiply(0.15);
        }
        format
    };
    let plain = visuals.text_color();
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    job.wrap.break_anywhere = true;
    let (coloured, rest) = text.split_at(floor_char_boundary(text, COLOUR_LIMIT));
    let mut segment = 0usize;
    let mut start = 0usize;
    for (i, c) in coloured.char_indices() {
        if c == '.' {
            let colour = colours.get(segment).copied().unwrap_or(plain);
            job.append(
                &coloured[start..i],
                0.0,
                mark(segment, format(&font, colour)),
            );
            job.append(".", 0.0, dot_format(&font, plain));
            segment += 1;
            start = i + 1;
        }
    }
    let colour = colours.get(segment).copied().unwrap_or(plain);
    job.append(
        &coloured[start..],
        0.0,
        mark(segment, format(&font, colour)),
    );
    if !rest.is_empty() {
        job.append(rest, 0.0, format(&font, plain));
    }
    job
}

/// The background that shows a part is hovered: its segment colour, faint enough that the
/// text on it stays readable in both themes.
pub fn hover_tint(colour: Color32) -> Color32 {
    colour.gamma_multiply(0.22)
}

/// The index (0, 1, 2) of a token part's segment; `None` for the token as a whole.
fn segment_index(part: Part) -> Option<usize> {
    match part {
        Part::Header => Some(0),
        Part::Payload => Some(1),
        Part::Signature => Some(2),
        Part::Token => None,
    }
}

/// The part of the token text the character at `char_index` belongs to, counting dots as
/// the colouring does: `None` on a dot, past the end, or in a fourth or later segment.
/// Stops at `char_index`, so hovering the start of a big token costs nothing.
pub fn part_at(text: &str, char_index: usize) -> Option<Part> {
    let mut segment = 0usize;
    for (i, c) in text.chars().enumerate() {
        if i == char_index {
            return if c == '.' {
                None
            } else {
                [Part::Header, Part::Payload, Part::Signature]
                    .get(segment)
                    .copied()
            };
        }
        if c == '.' {
            segment += 1;
            if segment > 2 {
                return None;
            }
        }
    }
    None
}

/// The index of the character drawn under `pos` (relative to the galley), if the pointer is
/// over one: [`egui::Galley::cursor_from_pos`] gives the nearest gap between characters, the
/// character is the one on the pointer's side of that gap.
pub fn char_under(galley: &egui::Galley, pos: egui::Vec2) -> Option<usize> {
    if !galley.rect.expand(1.0).contains(pos.to_pos2()) {
        return None;
    }
    let cursor = galley.cursor_from_pos(pos);
    let gap = galley.pos_from_cursor(cursor);
    if pos.y < gap.min.y - 1.0 || pos.y > gap.max.y + 1.0 {
        return None;
    }
    let index = cursor.index.0;
    if pos.x < gap.min.x {
        index.checked_sub(1)
    } else {
        // Right of the last character of a row: nothing is drawn there.
        let next = egui::text::CCursor::new(index + 1);
        let end = galley.pos_from_cursor(next);
        (end.min.x > gap.min.x && end.min.y == gap.min.y).then_some(index)
    }
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

fn format(font: &FontId, color: Color32) -> TextFormat {
    TextFormat::simple(font.clone(), color)
}

fn dot_format(font: &FontId, color: Color32) -> TextFormat {
    TextFormat {
        font_id: FontId::new(font.size * 1.15, font.family.clone()),
        color,
        ..Default::default()
    }
}

/// JSON with keys, strings, numbers and literals coloured. Invalid JSON is coloured as far
/// as it goes; nothing is ever dropped.
pub fn json_job(text: &str, visuals: &Visuals, font: FontId, wrap_width: f32) -> LayoutJob {
    let (key, string, number, literal, punct) = if visuals.dark_mode {
        (
            Color32::from_rgb(0x9c, 0xdc, 0xfe),
            Color32::from_rgb(0xce, 0x91, 0x78),
            Color32::from_rgb(0xb5, 0xce, 0xa8),
            Color32::from_rgb(0x56, 0x9c, 0xd6),
            visuals.text_color(),
        )
    } else {
        (
            Color32::from_rgb(0x00, 0x55, 0xaa),
            Color32::from_rgb(0xa3, 0x15, 0x15),
            Color32::from_rgb(0x09, 0x86, 0x58),
            Color32::from_rgb(0x00, 0x00, 0xff),
            visuals.text_color(),
        )
    };
    let mut job = LayoutJob::default();
    job.wrap.max_width = wrap_width;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let colour = match bytes[i] {
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i = (i + 1).min(bytes.len());
                // A string followed by a colon is a member name.
                let next = text[i..].trim_start().as_bytes().first();
                if next == Some(&b':') { key } else { string }
            }
            b'-' | b'0'..=b'9' => {
                while i < bytes.len()
                    && matches!(bytes[i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                {
                    i += 1;
                }
                number
            }
            b't' | b'f' | b'n' if bytes[i].is_ascii_alphabetic() => {
                while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                    i += 1;
                }
                literal
            }
            _ => {
                i += 1;
                while i < bytes.len()
                    && !matches!(bytes[i], b'"' | b'-' | b'0'..=b'9' | b't' | b'f' | b'n')
                {
                    i += 1;
                }
                punct
            }
        };
        // Indices may land inside a multi-byte character only after a backslash escape at
        // the very end; fall back to the next boundary.
        let end = (i..=text.len())
            .find(|&e| text.is_char_boundary(e))
            .unwrap_or(text.len());
        i = end;
        job.append(&text[start..end], 0.0, format(&font, colour));
    }
    job
}

/// Marks the character at the 1-based `line` and `column` (serde_json counts columns in
/// bytes) so the editor points at the error, not only the message under it. A position past
/// the end of a line marks that line's last character.
pub fn mark_error(job: &mut LayoutJob, line: usize, column: usize, colour: Color32) {
    use egui::text::ByteIndex;
    let text = job.text.as_str();
    if text.is_empty() {
        return;
    }
    let mut line_start = 0;
    for _ in 1..line {
        match text[line_start..].find('\n') {
            Some(i) => line_start += i + 1,
            None => break,
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut at = (line_start + column.saturating_sub(1)).min(line_end);
    if at == line_end && at > line_start {
        at -= 1;
    }
    if at >= text.len() {
        at = text.len() - 1;
    }
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let end = (at + 1..=text.len())
        .find(|&e| text.is_char_boundary(e))
        .unwrap_or(text.len());
    let mut sections = Vec::with_capacity(job.sections.len() + 2);
    for section in job.sections.drain(..) {
        let (start, stop) = (section.byte_range.start.0, section.byte_range.end.0);
        if stop <= at || start >= end {
            sections.push(section);
            continue;
        }
        let piece = |from: usize, to: usize, format: TextFormat| egui::text::LayoutSection {
            leading_space: 0.0,
            byte_range: ByteIndex(from)..ByteIndex(to),
            format,
        };
        if start < at {
            sections.push(piece(start, at, section.format.clone()));
        }
        let mut marked = section.format.clone();
        marked.background = colour.gamma_multiply(0.35);
        marked.underline = egui::Stroke::new(1.5, colour);
        sections.push(piece(at.max(start), end.min(stop), marked));
        if stop > end {
            sections.push(piece(end, stop, section.format));
        }
    }
    job.sections = sections;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sections(job: &LayoutJob) -> Vec<(&str, Color32)> {
        job.sections
            .iter()
            .map(|s| {
                (
                    &job.text[s.byte_range.start.0..s.byte_range.end.0],
                    s.format.color,
                )
            })
            .collect()
    }

    #[test]
    fn token_segments_get_their_colours_and_dots_stay() {
        let visuals = Visuals::dark();
        let job = token_job("aaa.bbb.ccc", &visuals, FontId::monospace(12.0), 100.0);
        let c = segment_colours(&visuals);
        assert_eq!(job.text, "aaa.bbb.ccc", "nothing added or lost");
        let s = sections(&job);
        assert_eq!(s[0], ("aaa", c[0]));
        assert_eq!(s[2], ("bbb", c[1]));
        assert_eq!(s[4], ("ccc", c[2]));
        assert_eq!(s[1].0, ".");
    }

    #[test]
    fn a_character_maps_to_its_segment_and_dots_to_none() {
        let token = "ab.cd.ef";
        let parts: Vec<Option<Part>> = (0..=token.len()).map(|i| part_at(token, i)).collect();
        let (h, p, s) = (
            Some(Part::Header),
            Some(Part::Payload),
            Some(Part::Signature),
        );
        assert_eq!(parts, [h, h, None, p, p, None, s, s, None]);
        // Empty segments: dots next to dots, nothing between them to hover.
        assert_eq!(part_at("..x", 0), None);
        assert_eq!(part_at("..x", 1), None);
        assert_eq!(part_at("..x", 2), s);
        assert_eq!(part_at("", 0), None);
        // A fourth segment (a JWE, or junk) is none of the three parts.
        assert_eq!(part_at("a.b.c.d.e", 6), None);
        assert_eq!(part_at("a.b.c.d.e", 4), s);
        // Characters, not bytes: an accented payload keeps its place.
        assert_eq!(part_at("é.çç.x", 3), p);
        assert_eq!(part_at("é.çç.x", 5), s);
    }

    #[test]
    fn the_hovered_segment_gets_its_colour_behind_it() {
        let visuals = Visuals::light();
        let c = segment_colours(&visuals);
        let font = FontId::monospace(12.0);
        let job = token_job_hovered("aa.bb.cc", &visuals, font, 100.0, None, Some(Part::Payload));
        let backgrounds: Vec<Color32> = job.sections.iter().map(|s| s.format.background).collect();
        assert_eq!(backgrounds[2], hover_tint(c[1]));
        assert_eq!(backgrounds[0], Color32::TRANSPARENT);
        assert_eq!(backgrounds[4], Color32::TRANSPARENT);
    }

    #[test]
    fn the_character_under_the_pointer_is_found_in_the_galley() {
        use egui::epaint::text::{FontDefinitions, Fonts, TextOptions};
        let mut fonts = Fonts::new(TextOptions::default(), FontDefinitions::default());
        let job = token_job(
            "abc.def.ghi",
            &Visuals::dark(),
            FontId::monospace(14.0),
            1000.0,
        );
        let galley = fonts.with_pixels_per_point(1.0).layout_job(job);
        let row = &galley.rows[0];
        let middle_y = row.rect().center().y;
        for (i, glyph) in row.glyphs.iter().enumerate() {
            let left = glyph.logical_rect().left() + 1.0;
            let right = glyph.logical_rect().right() - 1.0;
            for x in [left, right] {
                assert_eq!(
                    char_under(&galley, egui::vec2(x, middle_y)),
                    Some(i),
                    "x {x}"
                );
            }
        }
        let past = row.rect().right() + 20.0;
        assert_eq!(char_under(&galley, egui::vec2(past, middle_y)), None);
        assert_eq!(
            char_under(&galley, egui::vec2(5.0, row.rect().bottom() + 30.0)),
            None
        );
    }

    #[test]
    fn huge_tokens_keep_all_text() {
        let big = format!("{}.{}.sig", "a".repeat(10), "é".repeat(COLOUR_LIMIT));
        let job = token_job(&big, &Visuals::light(), FontId::monospace(12.0), 100.0);
        assert_eq!(job.text, big);
    }

    #[test]
    fn the_error_position_is_marked() {
        let text = "{\n  \"sub\": \"42\",\n  \"exp\": \n}";
        let mut job = json_job(text, &Visuals::dark(), FontId::monospace(12.0), 100.0);
        mark_error(&mut job, 4, 1, Color32::RED);
        assert_eq!(job.text, text);
        let marked: Vec<&str> = job
            .sections
            .iter()
            .filter(|s| s.format.underline.width > 0.0)
            .map(|s| &job.text[s.byte_range.start.0..s.byte_range.end.0])
            .collect();
        assert_eq!(marked, vec!["}"]);
        // Past the end of a line: the line's last character; past the text: its last one.
        let mut job = json_job("{\"a\":", &Visuals::dark(), FontId::monospace(12.0), 100.0);
        mark_error(&mut job, 1, 99, Color32::RED);
        assert_eq!(
            job.sections
                .iter()
                .filter(|s| s.format.underline.width > 0.0)
                .count(),
            1
        );
        let mut empty = json_job("", &Visuals::dark(), FontId::monospace(12.0), 100.0);
        mark_error(&mut empty, 1, 1, Color32::RED);
    }

    #[test]
    fn json_is_coloured_without_losing_text() {
        for text in [
            "{\"a\": \"b\", \"n\": -1.5e3, \"t\": true, \"z\": null}",
            "{\"broken\": \"unterminated",
            "{\"esc\": \"x\\\"y\", \"ü\": \"ü\\",
            "",
        ] {
            let job = json_job(text, &Visuals::dark(), FontId::monospace(12.0), 100.0);
            assert_eq!(job.text, text);
        }
        let job = json_job(
            "{\"k\": \"v\"}",
            &Visuals::dark(),
            FontId::monospace(12.0),
            100.0,
        );
        let s = sections(&job);
        assert!(s.iter().any(|(t, _)| *t == "\"k\""));
        let k = s.iter().find(|(t, _)| *t == "\"k\"").unwrap().1;
        let v = s.iter().find(|(t, _)| *t == "\"v\"").unwrap().1;
        assert_ne!(k, v, "member names and string values differ");
    }
}
