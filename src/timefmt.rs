//! Time claims in words, for the window and the command line alike: UTC, local time, the
//! relative phrase ("expired 3 h 12 min ago") and durations. The engine's [`TimeReport`]
//! holds instants and statuses only; this is the one place that turns them into text, in
//! whichever [`Zone`] the caller shows times in (`--tz`, the window's "Check at", else the
//! machine's zone).

use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use rust_i18n::t;

use crate::engine::Zone;
use crate::engine::claims::{TimeClaim, TimeReport, TimeStatus};

/// How times are shown: the zone of local times (`--tz` or the window's zone, else the
/// machine's), and whether the clock was set by hand (`--now`, "Check at"), so a report says
/// which moment it judged at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// Local times are shown here, with their offset.
    pub zone: Zone,
    /// The clock was set by hand, not the present.
    pub fixed: bool,
}

/// RFC 3339 in UTC: `2011-03-22T18:43:00Z`.
pub fn utc(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// The time in `zone` with the offset in force then: `2011-03-22 15:43:00 -03:00`.
pub fn local(at: DateTime<Utc>, zone: Zone) -> String {
    at.with_timezone(&zone.offset_at(at))
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

/// [`local`] followed by the zone's name: `2011-03-22 15:43:00 -03:00 (America/Sao_Paulo)`.
pub fn zoned(at: DateTime<Utc>, zone: Zone) -> String {
    format!("{} ({zone})", local(at, zone))
}

/// The time of day in UTC: `18:43:00`.
pub fn utc_time_of_day(at: DateTime<Utc>) -> String {
    at.format("%H:%M:%S").to_string()
}

/// The claim's relative phrase at `now`: "valid for 14 min", "expired 30 s ago (within the
/// 60 s leeway)", or why it is not a time.
pub fn relative(claim: &TimeClaim, now: DateTime<Utc>, leeway: i64) -> String {
    let standing = claim.standing_at(now, leeway);
    let Some(offset) = standing.offset else {
        return match &claim.at {
            Err(problem) => problem.to_string(),
            Ok(_) => String::new(),
        };
    };
    let ahead = offset.num_milliseconds() > 0;
    let duration = human_duration(offset.num_seconds().unsigned_abs());
    // Whole sentences per case (rather than a shared "within the leeway" suffix) so that a
    // translation can order the words as its language needs.
    match (claim.name, standing.within_leeway, ahead) {
        ("exp", false, true) => t!("engine.claims.exp_valid_for", duration = duration),
        ("exp", true, _) => t!(
            "engine.claims.exp_expired_within",
            duration = duration,
            leeway = leeway
        ),
        ("exp", false, false) => t!("engine.claims.exp_expired", duration = duration),
        ("nbf", false, false) => t!("engine.claims.nbf_valid_since", duration = duration),
        ("nbf", true, _) => t!(
            "engine.claims.nbf_valid_in_within",
            duration = duration,
            leeway = leeway
        ),
        ("nbf", false, true) => t!("engine.claims.nbf_not_yet", duration = duration),
        (_, false, false) => t!("engine.claims.iat_issued", duration = duration),
        (_, true, _) => t!(
            "engine.claims.iat_ahead_within",
            duration = duration,
            leeway = leeway
        ),
        (_, false, true) => t!("engine.claims.iat_future", duration = duration),
    }
    .into_owned()
}

/// A claim whose status is a problem, in words for a warnings list: `"exp": expired 3 h
/// ago`, or `"exp" is not a valid time: …`. `None` when the claim is fine.
pub fn problem(claim: &TimeClaim, report: &TimeReport) -> Option<String> {
    problem_at(claim, report.clock.now, report.clock.leeway)
}

/// [`problem`] as the claim stands at `now`.
pub fn problem_at(claim: &TimeClaim, now: DateTime<Utc>, leeway: i64) -> Option<String> {
    match claim.standing_at(now, leeway).status {
        TimeStatus::Ok => None,
        TimeStatus::Invalid(why) => {
            Some(t!("engine.claims.not_a_time", claim = claim.name, reason = why).into_owned())
        }
        _ => Some(
            t!(
                "engine.claims.problem",
                claim = claim.name,
                relative = relative(claim, now, leeway)
            )
            .into_owned(),
        ),
    }
}

/// The window's one-line countdown for `exp` at `now`: "expires in 14 min · 2026-11-27
/// 18:42:10 -03:00 · 21:42:10 UTC" (the local time in `zone`), and whether it is bad news
/// (expired).
pub fn countdown(exp: &TimeClaim, now: DateTime<Utc>, leeway: i64, zone: Zone) -> (String, bool) {
    let at = match &exp.at {
        Ok(at) => *at,
        Err(reason) => {
            let text = t!("time.invalid", claim = exp.name, reason = reason);
            return (text.into_owned(), true);
        }
    };
    let standing = exp.standing_at(now, leeway);
    let duration = standing
        .offset
        .map(|o| human_duration(o.num_seconds().unsigned_abs()))
        .unwrap_or_default();
    let (status, bad) = match standing.status {
        TimeStatus::Expired => (t!("time.expired", duration = duration), true),
        _ if standing.within_leeway => (t!("time.expired_leeway", duration = duration), false),
        _ => (t!("time.expires_in", duration = duration), false),
    };
    let line = t!(
        "time.line",
        status = status,
        local = local(at, zone),
        utc = utc_time_of_day(at)
    );
    (line.into_owned(), bad)
}

/// How long until the relative phrase for `claim` reads differently (its duration is
/// shown to the second below 10 minutes, to the minute below a day, and so on), so a view
/// repaints only when something on screen changes. `None` for a claim that is not a time.
pub fn next_change(claim: &TimeClaim, now: DateTime<Utc>) -> Option<Duration> {
    let at = *claim.at.as_ref().ok()?;
    let offset_ms = (at - now).num_milliseconds();
    let abs_ms = offset_ms.unsigned_abs();
    let shown = abs_ms / 1000;
    let step = granularity(shown) * 1000;
    let wait_ms = if offset_ms > 0 {
        // Counting down: the shown value drops just after |offset| falls below a multiple
        // of step (whole seconds are truncated).
        abs_ms % step + 1
    } else {
        // Counting up: it rises when |offset| reaches the next multiple.
        step - abs_ms % step
    };
    Some(Duration::from_millis(wait_ms.max(1)))
}

/// The unit [`human_duration`] rounds `secs` to.
fn granularity(secs: u64) -> u64 {
    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    match secs {
        s if s < 10 * MIN => 1,
        s if s < DAY => MIN,
        s if s < 30 * DAY => HOUR,
        _ => DAY,
    }
}

/// "3 h 12 min", "14 min", "45 s", "2 d 3 h", "400 d", "15 years".
pub fn human_duration(secs: u64) -> String {
    const MIN: u64 = 60;
    const HOUR: u64 = 60 * MIN;
    const DAY: u64 = 24 * HOUR;
    match secs {
        s if s < MIN => t!("engine.duration.s", n = s),
        s if s < HOUR => {
            let (m, rest) = (s / MIN, s % MIN);
            if m < 10 && rest > 0 {
                t!("engine.duration.min_s", min = m, s = rest)
            } else {
                t!("engine.duration.min", n = m)
            }
        }
        s if s < DAY => {
            let (h, m) = (s / HOUR, (s % HOUR) / MIN);
            if m > 0 {
                t!("engine.duration.h_min", h = h, min = m)
            } else {
                t!("engine.duration.h", n = h)
            }
        }
        s if s < 30 * DAY => {
            let (d, h) = (s / DAY, (s % DAY) / HOUR);
            if h > 0 {
                t!("engine.duration.d_h", d = d, h = h)
            } else {
                t!("engine.duration.d", n = d)
            }
        }
        s if s < 730 * DAY => t!("engine.duration.d", n = s / DAY),
        s => t!("engine.duration.years", n = s / (365 * DAY)),
    }
    .into_owned()
}

/// A signed shift between two instants: "+15 min", "-2 h", "+0 s" (words from
/// [`human_duration`]).
pub fn shift(secs: i64) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    format!("{sign}{}", human_duration(secs.unsigned_abs()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::Clock;
    use crate::engine::claims::evaluate;
    use serde_json::{Value, json};

    fn report(v: Value, clock: &Clock) -> TimeReport {
        evaluate(v.as_object().unwrap(), clock)
    }

    #[test]
    fn relative_phrases() {
        let clock = Clock::at(1_000_000, 60);
        let cases = [
            (json!({"exp": 1_000_000 + 14 * 60}), "valid for 14 min"),
            (
                json!({"exp": 1_000_000 - 30}),
                "expired 30 s ago (within the 60 s leeway)",
            ),
            (
                json!({"exp": 1_000_000 - (3 * 3600 + 12 * 60)}),
                "expired 3 h 12 min ago",
            ),
            (
                json!({"nbf": 1_000_000 + 300}),
                "not valid until 5 min from now",
            ),
            (json!({"iat": 1_000_000 - 7200}), "issued 2 h ago"),
        ];
        for (claims, want) in cases {
            let r = report(claims, &clock);
            assert_eq!(relative(&r.claims[0], clock.now, clock.leeway), want);
        }
        let r = report(json!({"exp": "1300819380"}), &clock);
        assert_eq!(
            problem(&r.claims[0], &r).unwrap(),
            "\"exp\" is not a valid time: the string \"1300819380\"; a NumericDate must be a JSON number of seconds since 1970"
        );
        let r = report(json!({"exp": 1_000_000 - 3600}), &clock);
        assert_eq!(
            problem(&r.claims[0], &r).unwrap(),
            "\"exp\": expired 1 h ago"
        );
    }

    #[test]
    fn utc_form_is_rfc3339() {
        let at = crate::engine::claims::numeric_date(&json!(1_300_819_380)).unwrap();
        assert_eq!(utc(at), "2011-03-22T18:43:00Z");
        let sp = Zone::named("America/Sao_Paulo").unwrap();
        assert_eq!(local(at, sp), "2011-03-22 15:43:00 -03:00");
        assert_eq!(
            zoned(at, sp),
            "2011-03-22 15:43:00 -03:00 (America/Sao_Paulo)"
        );
        assert_eq!(local(at, Zone::UTC), "2011-03-22 18:43:00 +00:00");
    }

    #[test]
    fn the_offset_follows_dst_on_each_side_of_a_change() {
        let ny = Zone::named("America/New_York").unwrap();
        let sp = Zone::named("America/Sao_Paulo").unwrap();
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        // New York springs forward on 2026-03-08 at 07:00 UTC.
        assert_eq!(
            local(at("2026-03-08T06:59:00Z"), ny),
            "2026-03-08 01:59:00 -05:00"
        );
        assert_eq!(
            local(at("2026-03-08T07:00:00Z"), ny),
            "2026-03-08 03:00:00 -04:00"
        );
        // São Paulo's last summer time ended on 2019-02-17 (00:00 -02:00 became 23:00 -03:00).
        assert_eq!(
            local(at("2019-02-17T01:59:00Z"), sp),
            "2019-02-16 23:59:00 -02:00"
        );
        assert_eq!(
            local(at("2019-02-17T02:00:00Z"), sp),
            "2019-02-16 23:00:00 -03:00"
        );
    }

    #[test]
    fn the_countdown_follows_the_one_rule() {
        let r = report(json!({"exp": 1_000_000}), &Clock::at(0, 60));
        let exp = &r.claims[0];
        let at = |t: i64| Clock::at(t, 60).now;
        assert!(
            countdown(exp, at(1_000_000 - 840), 60, Zone::UTC)
                .0
                .starts_with("expires in 14 min")
        );
        let (text, bad) = countdown(exp, at(1_000_030), 60, Zone::UTC);
        assert!(
            text.starts_with("expired 30 s ago (within the leeway)"),
            "{text}"
        );
        assert!(!bad);
        let (text, bad) = countdown(exp, at(1_000_060), 60, Zone::UTC);
        assert!(text.starts_with("expired 1 min ago"), "{text}");
        assert!(bad, "exp + leeway is expired, as the engine judges it");
    }

    #[test]
    fn repaints_wait_for_the_text_to_change() {
        let r = report(json!({"exp": 1_000_000}), &Clock::at(0, 60));
        let exp = &r.claims[0];
        let at = |t: i64| Clock::at(t, 60).now;
        // 400 days ahead: the text is in days.
        assert_eq!(
            next_change(exp, at(1_000_000 - 400 * 86_400 - 5)),
            Some(Duration::from_millis(5001))
        );
        // Two hours ahead: in minutes; 2 h 0 min 30 s shows "2 h" for 30 s more.
        assert_eq!(
            next_change(exp, at(1_000_000 - 7230)),
            Some(Duration::from_millis(30_001))
        );
        // Seconds near the end, both sides: at exactly 5 s ahead "5 s" turns to "4 s" at
        // once; 5 s past, "5 s" turns to "6 s" a second later.
        assert_eq!(
            next_change(exp, at(1_000_000 - 5)),
            Some(Duration::from_millis(1))
        );
        assert_eq!(
            next_change(exp, at(1_000_000 + 5)),
            Some(Duration::from_secs(1))
        );
        // Expired a day and a half ago: counted in hours.
        assert_eq!(
            next_change(exp, at(1_000_000 + 36 * 3600 + 10)),
            Some(Duration::from_secs(3590))
        );
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(human_duration(0), "0 s");
        assert_eq!(human_duration(45), "45 s");
        assert_eq!(human_duration(150), "2 min 30 s");
        assert_eq!(human_duration(840), "14 min");
        assert_eq!(human_duration(3600), "1 h");
        assert_eq!(human_duration(2 * 86400 + 3 * 3600), "2 d 3 h");
        assert_eq!(human_duration(400 * 86400), "400 d");
        assert_eq!(human_duration(15 * 365 * 86400), "15 years");
    }
}
