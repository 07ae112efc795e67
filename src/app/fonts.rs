//! The window's fonts: egui's own, with the monospace one made cheaper to draw the first
//! time. Every glyph is rasterised, hinted, the first time it is drawn, so the first frame
//! pays for each one it shows (issue 13, BENCHMARKS.md "Window").

use std::sync::Arc;

/// The name of egui's monospace font in [`egui::FontDefinitions::default`].
const MONOSPACE_FONT: &str = "Hack";

/// egui's own fonts, but the monospace one (Hack: the token, the JSON, claim names)
/// - placed at whole pixels instead of in quarter-pixel bins: binning drew each glyph up to
///   four times, and a monospace font loses nothing to it (a terminal lays text out the same
///   way);
/// - hinted by skrifa's auto-hinter instead of its own hinting program (see
///   [`without_hinting_programs`]).
pub(super) fn fonts() -> egui::FontDefinitions {
    let mut fonts = egui::FontDefinitions::default();
    if let Some(hack) = fonts.font_data.get_mut(MONOSPACE_FONT) {
        let hack = Arc::make_mut(hack);
        hack.tweak.subpixel_binning = Some(false);
        // Should egui ever ship a Hack this cannot read, it keeps its own hinting.
        if let Some(auto_hinted) = without_hinting_programs((*hack.font).as_ref()) {
            hack.font = Arc::new(auto_hinted);
        }
    }
    fonts
}

/// A copy of a TrueType font whose hinting programs are empty: the `fpgm` and `prep`
/// tables of length zero and no glyph instructions by `maxp`, the test by which skrifa (as
/// FreeType) hands a font to its auto-hinter rather than the TrueType interpreter. Outlines,
/// metrics and every other table are untouched; only the checksums of the changed tables
/// go stale, which no reader egui uses checks.
///
/// Why: Hack's hinting is a ttfautohint program, which the interpreter runs glyph by glyph
/// (about 40 µs a glyph here, the costliest part of the first frame). skrifa's auto-hinter
/// is a port of FreeType's autofitter, the hinter ttfautohint itself was built from: the
/// same stems at about half the time (BENCHMARKS.md "Window"). Not worth it for a font
/// hinted by hand, whose program says more than an auto-hinter can guess.
///
/// `None` when `font` is not a TrueType font this can read (nothing is changed then).
fn without_hinting_programs(font: &[u8]) -> Option<Vec<u8>> {
    /// `maxp` version 1.0, the one with TrueType's limits (0.5 is CFF's and has none).
    const MAXP_TRUETYPE: u32 = 0x0001_0000;
    /// Where `maxSizeOfInstructions` sits in a version 1.0 `maxp`.
    const MAX_INSTRUCTIONS: usize = 26;

    let be_u32 = |at: usize| -> Option<u32> {
        Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?))
    };
    if be_u32(0)? != 0x0001_0000 {
        return None; // not a TrueType outline font (CFF, a collection or not a font)
    }
    let tables = usize::from(u16::from_be_bytes(font.get(4..6)?.try_into().ok()?));
    let mut out = font.to_vec();
    let mut maxp_done = false;
    for record in (0..tables).map(|i| 12 + 16 * i) {
        let tag = font.get(record..record + 4)?;
        let offset = usize::try_from(be_u32(record + 8)?).ok()?;
        let length = usize::try_from(be_u32(record + 12)?).ok()?;
        font.get(offset..offset.checked_add(length)?)?;
        match tag {
            b"fpgm" | b"prep" => out[record + 12..record + 16].fill(0),
            b"maxp" => {
                if be_u32(offset)? != MAXP_TRUETYPE || length < MAX_INSTRUCTIONS + 2 {
                    return None;
                }
                out[offset + MAX_INSTRUCTIONS..offset + MAX_INSTRUCTIONS + 2].fill(0);
                maxp_done = true;
            }
            _ => {}
        }
    }
    maxp_done.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::{MONOSPACE_FONT, fonts, without_hinting_programs};
    use skrifa::MetadataProvider as _;

    fn egui_font(name: &str) -> Vec<u8> {
        let data = &egui::FontDefinitions::default().font_data[name];
        (*data.font).as_ref().to_vec()
    }

    /// What decides the hinter: skrifa's own choice for the font's outlines.
    fn uses_interpreter(font: &[u8]) -> bool {
        let font = skrifa::FontRef::new(font).expect("a font");
        font.outline_glyphs().prefer_interpreter()
    }

    #[test]
    fn only_the_monospace_font_is_changed() {
        let ours = fonts();
        let theirs = egui::FontDefinitions::default();
        assert_eq!(ours.families, theirs.families);
        assert_eq!(
            ours.font_data.keys().collect::<Vec<_>>(),
            theirs.font_data.keys().collect::<Vec<_>>()
        );
        for (name, data) in &ours.font_data {
            let monospace = name == MONOSPACE_FONT;
            assert_eq!(
                data.tweak.subpixel_binning == Some(false),
                monospace,
                "{name}"
            );
            let bytes = |data: &egui::FontData| (*data.font).as_ref().to_vec();
            let same = bytes(data) == bytes(&theirs.font_data[name]);
            assert_eq!(same, !monospace, "{name}");
        }
        let monospace = &ours.families[&egui::FontFamily::Monospace];
        assert_eq!(monospace.first().map(String::as_str), Some(MONOSPACE_FONT));
        let hack = &ours.font_data[MONOSPACE_FONT];
        assert!(!uses_interpreter((*hack.font).as_ref()));
    }

    #[test]
    fn hack_goes_from_its_hinting_program_to_the_auto_hinter_and_keeps_its_glyphs() {
        let original = egui_font(MONOSPACE_FONT);
        assert!(
            uses_interpreter(&original),
            "egui's Hack has lost its hinting program"
        );
        let patched = without_hinting_programs(&original).expect("Hack is TrueType");
        assert!(!uses_interpreter(&patched));
        assert_eq!(patched.len(), original.len());

        let (before, after) = (
            skrifa::FontRef::new(&original).unwrap(),
            skrifa::FontRef::new(&patched).unwrap(),
        );
        let size = skrifa::instance::Size::new(13.0);
        let location = skrifa::instance::LocationRef::default();
        assert_eq!(
            before.metrics(size, location).ascent,
            after.metrics(size, location).ascent
        );
        let (map_before, map_after) = (before.charmap(), after.charmap());
        let glyphs_before = before.glyph_metrics(size, location);
        let glyphs_after = after.glyph_metrics(size, location);
        for c in "eyJhbGciOiJIUzI1NiJ9.{}\":,0123456789".chars() {
            let id = map_before.map(c).expect("Hack draws it");
            assert_eq!(map_after.map(c), Some(id), "{c}");
            assert_eq!(
                glyphs_before.advance_width(id),
                glyphs_after.advance_width(id),
                "{c}"
            );
        }
    }

    /// The extremes of a glyph's outline: only its points, which is all hinting moves.
    #[derive(Default)]
    struct Extent {
        min: (f32, f32),
        max: (f32, f32),
        points: usize,
    }

    impl Extent {
        fn add(&mut self, x: f32, y: f32) {
            if self.points == 0 {
                (self.min, self.max) = ((x, y), (x, y));
            }
            self.min = (self.min.0.min(x), self.min.1.min(y));
            self.max = (self.max.0.max(x), self.max.1.max(y));
            self.points += 1;
        }
    }

    impl skrifa::outline::OutlinePen for Extent {
        fn move_to(&mut self, x: f32, y: f32) {
            self.add(x, y);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.add(x, y);
        }
        fn quad_to(&mut self, _: f32, _: f32, x: f32, y: f32) {
            self.add(x, y);
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, x: f32, y: f32) {
            self.add(x, y);
        }
        fn close(&mut self) {}
    }

    /// Each glyph as the window hints it at 13 px: baseline, x-height and cap height land
    /// on the same whole pixels with the auto-hinter as with Hack's own program (the
    /// screenshots in BENCHMARKS.md show the same text; this keeps it so).
    #[test]
    fn the_auto_hinter_puts_hacks_heights_on_the_same_pixels() {
        use skrifa::outline::{DrawSettings, HintingInstance, Target};
        let original = egui_font(MONOSPACE_FONT);
        let patched = without_hinting_programs(&original).unwrap();
        let size = skrifa::instance::Size::new(13.0);
        let location = skrifa::instance::LocationRef::default();
        let extents = |font: &[u8], c: char| {
            let font = skrifa::FontRef::new(font).unwrap();
            let outlines = font.outline_glyphs();
            let hinter =
                HintingInstance::new(&outlines, size, location, Target::default()).unwrap();
            let id = font.charmap().map(c).unwrap();
            let mut extent = Extent::default();
            outlines
                .get(id)
                .unwrap()
                .draw(DrawSettings::hinted(&hinter, false), &mut extent)
                .unwrap();
            extent
        };
        for c in "eyJhbGciOiJIUzI1NiJ9xXHo0123456789".chars() {
            let (own, auto) = (extents(&original, c), extents(&patched, c));
            assert!(own.points > 0 && auto.points > 0, "{c}");
            for (a, b) in [(own.min.1, auto.min.1), (own.max.1, auto.max.1)] {
                assert!((a - b).abs() <= 0.5, "{c}: {a} against {b}");
            }
            for (a, b) in [(own.min.0, auto.min.0), (own.max.0, auto.max.0)] {
                assert!((a - b).abs() <= 1.0, "{c}: {a} against {b}");
            }
        }
    }

    #[test]
    fn the_proportional_font_keeps_its_own_hinting() {
        assert!(uses_interpreter(&egui_font("Ubuntu-Light")));
    }

    #[test]
    fn what_is_not_a_truetype_font_is_left_alone() {
        let hack = egui_font(MONOSPACE_FONT);
        assert_eq!(without_hinting_programs(b""), None);
        assert_eq!(without_hinting_programs(b"OTTO\0\x01"), None);
        assert_eq!(without_hinting_programs(b"not a font at all"), None);
        // Cut anywhere, it must say no rather than read past the end or panic.
        for cut in [5, 12, 100, 400, hack.len() / 2] {
            assert_eq!(without_hinting_programs(&hack[..cut]), None, "cut at {cut}");
        }
        // A table record pointing past the end of the file.
        let mut bad = hack.clone();
        bad[12 + 8..12 + 12].copy_from_slice(&u32::MAX.to_be_bytes());
        assert_eq!(without_hinting_programs(&bad), None);
    }
}
