//! Times as people type them for `exp`/`nbf`/`iat`: `+15m`, `-1h`, `+7d`, `now`, unix
//! seconds, or RFC 3339; and, for a moment to check a token at, a wall-clock time read in a
//! zone (`2026-03-08 14:30`).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use super::error::TimeSpecProblem;
use super::zone::Zone;

/// Wall-clock forms without an offset, read in a zone by [`parse_in`].
const WALL_CLOCK: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M",
];

/// Date and time with an offset, as people type them and as jwtpad shows local times
/// (`2026-11-01 01:30:00 -04:00`): the instant, whatever the zone.
const WITH_OFFSET: [&str; 4] = [
    "%Y-%m-%d %H:%M:%S%.f %:z",
    "%Y-%m-%d %H:%M %:z",
    "%Y-%m-%dT%H:%M%:z",
    "%Y-%m-%d %H:%M%:z",
];

/// Resolves a moment to check a token at: what [`parse`] accepts (an RFC 3339 time with its
/// offset or `Z` is that instant), or a date and time without an offset (`2026-03-08
/// 14:30`, `2026-03-08T14:30:00`, a bare date for its midnight) read as the wall clock of
/// `zone`.
///
/// # Errors
///
/// [`TimeSpecProblem::Skipped`] or [`TimeSpecProblem::Ambiguous`] for a wall-clock time a
/// DST change skipped or repeated; [`TimeSpecProblem::NotUnderstoodInZone`] for anything
/// else that is not a time.
pub fn parse_in(
    text: &str,
    now: DateTime<Utc>,
    zone: Zone,
) -> Result<DateTime<Utc>, TimeSpecProblem> {
    let t = text.trim();
    match parse(t, now) {
        Ok(secs) => return DateTime::from_timestamp(secs, 0).ok_or_else(|| too_far(t)),
        Err(TimeSpecProblem::NotUnderstood(_)) => {}
        Err(other) => return Err(other),
    }
    if let Some(at) = WITH_OFFSET
        .iter()
        .find_map(|form| DateTime::parse_from_str(t, form).ok())
    {
        return Ok(at.with_timezone(&Utc));
    }
    let local = WALL_CLOCK
        .iter()
        .find_map(|form| NaiveDateTime::parse_from_str(t, form).ok())
        .or_else(|| {
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
        .ok_or_else(|| TimeSpecProblem::NotUnderstoodInZone(t.to_owned()))?;
    zone.resolve(local, t)
}

/// Resolves a time expression to unix seconds, relative to `now`.
pub fn parse(text: &str, now: DateTime<Utc>) -> Result<i64, TimeSpecProblem> {
    let secs = parse_unchecked(text, now)?;
    // Beyond chrono's range a date cannot be shown or compared; say so instead of clamping.
    DateTime::from_timestamp(secs, 0)
        .map(|_| secs)
        .ok_or_else(|| too_far(text.trim()))
}

fn parse_unchecked(text: &str, now: DateTime<Utc>) -> Result<i64, TimeSpecProblem> {
    let t = text.trim();
    let bad = || TimeSpecProblem::NotUnderstood(t.to_owned());
    if t.eq_ignore_ascii_case("now") {
        return Ok(now.timestamp());
    }
    if let Ok(secs) = t.parse::<i64>() {
        return Ok(secs);
    }
    if let Ok(at) = DateTime::parse_from_rfc3339(t) {
        return Ok(at.timestamp());
    }
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'+') => (1, &t[1..]),
        Some(b'-') => (-1, &t[1..]),
        _ => (1, t),
    };
    let split = rest
        .find(|c: char| !c.is_ascii_digit())
        .filter(|&i| i > 0)
        .ok_or_else(bad)?;
    let (digits, unit) = rest.split_at(split);
    let amount: i64 = digits.parse().map_err(|_| bad())?;
    let unit_secs = match unit.trim() {
        "s" | "sec" | "secs" | "second" | "seconds" => 1,
        "m" | "min" | "mins" | "minute" | "minutes" => 60,
        "h" | "hr" | "hour" | "hours" => 3600,
        "d" | "day" | "days" => 86_400,
        "w" | "week" | "weeks" => 604_800,
        _ => return Err(bad()),
    };
    amount
        .checked_mul(unit_secs)
        .and_then(|d| d.checked_mul(sign))
        .and_then(|d| now.timestamp().checked_add(d))
        .ok_or_else(|| too_far(t))
}

fn too_far(text: &str) -> TimeSpecProblem {
    TimeSpecProblem::TooFar(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn understands_what_testers_type() {
        let now = Utc.timestamp_opt(1_000_000, 0).unwrap();
        assert_eq!(parse("+15m", now).unwrap(), 1_000_900);
        assert_eq!(parse("15m", now).unwrap(), 1_000_900);
        assert_eq!(parse("+2h", now).unwrap(), 1_007_200);
        assert_eq!(parse("+7d", now).unwrap(), 1_604_800);
        assert_eq!(parse("-1h", now).unwrap(), 996_400);
        assert_eq!(parse("+30s", now).unwrap(), 1_000_030);
        assert_eq!(parse("now", now).unwrap(), 1_000_000);
        assert_eq!(parse("1700000000", now).unwrap(), 1_700_000_000);
        assert_eq!(parse("2011-03-22T18:43:00Z", now).unwrap(), 1_300_819_380);
        assert_eq!(
            parse("2011-03-22T15:43:00-03:00", now).unwrap(),
            1_300_819_380
        );
        for bad in ["", "+", "soon", "+15x", "m15", "+99999999999999999999d"] {
            assert!(parse(bad, now).is_err(), "{bad}");
        }
        assert_eq!(
            parse("+9999999999999999w", now),
            Err(TimeSpecProblem::TooFar("+9999999999999999w".into()))
        );
        assert_eq!(
            parse("soon", now).unwrap_err().code(),
            "time-not-understood"
        );
    }

    #[test]
    fn a_time_without_an_offset_is_read_in_the_zone() {
        let now = Utc.timestamp_opt(1_000_000, 0).unwrap();
        let ny = Zone::named("America/New_York").unwrap();
        let sp = Zone::named("America/Sao_Paulo").unwrap();
        let at = |t, z| parse_in(t, now, z).map(|at| at.to_rfc3339());
        assert_eq!(
            at("2026-03-08 01:30", ny).unwrap(),
            "2026-03-08T06:30:00+00:00"
        );
        assert_eq!(
            at("2026-03-08T03:30:00", ny).unwrap(),
            "2026-03-08T07:30:00+00:00"
        );
        assert_eq!(
            at("2026-03-08 14:30", sp).unwrap(),
            "2026-03-08T17:30:00+00:00"
        );
        assert_eq!(at("2026-03-08", sp).unwrap(), "2026-03-08T03:00:00+00:00");
        // An offset or Z is the instant whatever the zone.
        assert_eq!(
            at("2026-03-08T02:30:00Z", ny).unwrap(),
            "2026-03-08T02:30:00+00:00"
        );
        assert_eq!(
            at("2026-03-08T02:30:00-05:00", sp).unwrap(),
            "2026-03-08T07:30:00+00:00"
        );
        assert_eq!(at("+1h", ny).unwrap(), "1970-01-12T14:46:40+00:00");
        // How jwtpad itself shows a local time, and a time typed with its offset.
        assert_eq!(
            at("2026-11-01 01:30:00 -05:00", ny).unwrap(),
            "2026-11-01T06:30:00+00:00"
        );
        assert_eq!(
            at("2026-11-01 01:30 -04:00", ny).unwrap(),
            "2026-11-01T05:30:00+00:00"
        );
        assert_eq!(
            at("2026-03-08 02:30", ny).unwrap_err().code(),
            "time-in-dst-gap"
        );
        assert_eq!(
            at("2026-11-01 01:30", ny).unwrap_err().code(),
            "time-ambiguous"
        );
        for bad in ["2026-02-30 10:00", "2026-03-08 25:00", "tomorrow", ""] {
            assert_eq!(
                at(bad, ny).unwrap_err().code(),
                "time-not-understood",
                "{bad}"
            );
        }
    }
}
