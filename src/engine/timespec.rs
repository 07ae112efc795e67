//! Times as people type them for `exp`/`nbf`/`iat`: `+15m`, `-1h`, `+7d`, `now`, unix
//! seconds, or RFC 3339.

use chrono::{DateTime, Utc};

use super::error::TimeSpecProblem;

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
}
