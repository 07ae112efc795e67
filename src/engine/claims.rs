//! Time claims (`exp`, `nbf`, `iat`) judged against an injectable clock. The report holds
//! instants, offsets and statuses; [`crate::timefmt`] turns them into words.

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use serde_json::{Map, Value};

use super::error::JsonKind;

/// "Now" and the clock skew tolerated for `exp` and `nbf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// The instant claims are judged at.
    pub now: DateTime<Utc>,
    /// Seconds of tolerance; 60 by default.
    pub leeway: i64,
}

impl Clock {
    /// Default leeway: one minute, as most verifiers allow.
    pub const DEFAULT_LEEWAY: i64 = 60;

    /// The system clock with the default leeway.
    pub fn system() -> Self {
        Clock {
            now: Utc::now(),
            leeway: Self::DEFAULT_LEEWAY,
        }
    }

    /// A fixed instant (unix seconds), for tests and `--now`.
    pub fn at(unix: i64, leeway: i64) -> Self {
        Clock {
            now: Utc.timestamp_opt(unix, 0).single().unwrap_or_default(),
            leeway,
        }
    }
}

/// How one time claim stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeStatus {
    /// `exp` not yet passed, `nbf` passed, or `iat` in the past (perhaps only thanks to the
    /// leeway: see [`Standing::within_leeway`]).
    Ok,
    /// `exp` passed by more than the leeway.
    Expired,
    /// `nbf` still ahead by more than the leeway.
    NotYetValid,
    /// `iat` ahead of now by more than the leeway (suspicious, not fatal).
    IssuedInFuture,
    /// Not a NumericDate.
    Invalid(NumericDateProblem),
}

impl TimeStatus {
    /// A stable word for scripts (the `status` of `decode --json`'s time claims).
    pub fn code(&self) -> &'static str {
        match self {
            TimeStatus::Ok => "ok",
            TimeStatus::Expired => "expired",
            TimeStatus::NotYetValid => "not_yet_valid",
            TimeStatus::IssuedInFuture => "issued_in_future",
            TimeStatus::Invalid(_) => "invalid",
        }
    }

    /// The diagnostic code of a status that is a problem (a warning's code).
    pub fn problem_code(&self) -> Option<&'static str> {
        match self {
            TimeStatus::Ok => None,
            TimeStatus::Expired => Some("expired"),
            TimeStatus::NotYetValid => Some("not-yet-valid"),
            TimeStatus::IssuedInFuture => Some("iat-in-future"),
            TimeStatus::Invalid(_) => Some("time-invalid"),
        }
    }
}

/// Why a time claim is not a NumericDate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumericDateProblem {
    /// Not a JSON number.
    NotNumeric(Found),
    /// A number outside the dates that can be shown (its JSON text).
    OutOfRange(String),
}

/// What was found instead of a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Found {
    /// A short string, shown as it is.
    Text(String),
    /// Any other value, named by its kind.
    Kind(JsonKind),
}

/// A claim's standing at one instant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Standing {
    /// The verdict.
    pub status: TimeStatus,
    /// The verdict is `Ok` only because of the leeway.
    pub within_leeway: bool,
    /// The claim's instant minus now, when it is a valid date.
    pub offset: Option<TimeDelta>,
}

/// One of `exp`, `nbf`, `iat`, evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeClaim {
    /// "exp", "nbf" or "iat".
    pub name: &'static str,
    /// The claim's JSON value, as found.
    pub raw: Value,
    /// The instant, or why the value is not a NumericDate.
    pub at: Result<DateTime<Utc>, NumericDateProblem>,
    /// The verdict at the report's clock.
    pub status: TimeStatus,
}

impl TimeClaim {
    /// The claim's standing at `now` with `leeway` seconds of tolerance. The one rule for
    /// exp, nbf and iat; a live countdown asks it again as time moves.
    pub fn standing_at(&self, now: DateTime<Utc>, leeway: i64) -> Standing {
        let at = match &self.at {
            Ok(at) => *at,
            Err(problem) => {
                return Standing {
                    status: TimeStatus::Invalid(problem.clone()),
                    within_leeway: false,
                    offset: None,
                };
            }
        };
        let offset = at - now;
        // The comparison uses full precision; people are shown whole seconds.
        let delta_ms = offset.num_milliseconds();
        let leeway_ms = leeway.saturating_mul(1000);
        let (status, within_leeway) = match self.name {
            "exp" if delta_ms > 0 => (TimeStatus::Ok, false),
            "exp" if -delta_ms < leeway_ms => (TimeStatus::Ok, true),
            "exp" => (TimeStatus::Expired, false),
            "nbf" if delta_ms <= 0 => (TimeStatus::Ok, false),
            "nbf" if delta_ms <= leeway_ms => (TimeStatus::Ok, true),
            "nbf" => (TimeStatus::NotYetValid, false),
            _ if delta_ms <= 0 => (TimeStatus::Ok, false),
            _ if delta_ms <= leeway_ms => (TimeStatus::Ok, true),
            _ => (TimeStatus::IssuedInFuture, false),
        };
        Standing {
            status,
            within_leeway,
            offset: Some(offset),
        }
    }

    /// [`TimeClaim::standing_at`] for a clock.
    pub fn standing(&self, clock: &Clock) -> Standing {
        self.standing_at(clock.now, clock.leeway)
    }
}

/// All time claims of a payload, judged at one clock.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeReport {
    /// Present time claims in the order exp, nbf, iat.
    pub claims: Vec<TimeClaim>,
    /// The clock they were judged at.
    pub clock: Clock,
}

impl Default for TimeReport {
    fn default() -> Self {
        TimeReport {
            claims: Vec::new(),
            clock: Clock::at(0, Clock::DEFAULT_LEEWAY),
        }
    }
}

impl TimeReport {
    /// `Some(true)` when `exp`/`nbf` hold, `Some(false)` when one fails or any time claim is
    /// malformed, `None` when the payload has neither `exp` nor `nbf` (nothing to judge).
    pub fn valid(&self) -> Option<bool> {
        let mut judged = false;
        for claim in &self.claims {
            match (&claim.status, claim.name) {
                (TimeStatus::Invalid(_) | TimeStatus::Expired | TimeStatus::NotYetValid, _) => {
                    return Some(false);
                }
                (_, "exp" | "nbf") => judged = true,
                _ => {}
            }
        }
        judged.then_some(true)
    }

    /// The claim with this name, if present.
    pub fn get(&self, name: &str) -> Option<&TimeClaim> {
        self.claims.iter().find(|c| c.name == name)
    }

    /// The first instant after `now` at which some claim's standing changes (a status or
    /// "within the leeway" flips): a live view judges the token again then, so its verdict
    /// and warnings stay true while the clock moves.
    pub fn next_flip(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let leeway = TimeDelta::try_seconds(self.clock.leeway).unwrap_or(TimeDelta::MAX);
        self.claims
            .iter()
            .filter_map(|c| c.at.as_ref().ok())
            .flat_map(|at| {
                [
                    at.checked_sub_signed(leeway),
                    Some(*at),
                    at.checked_add_signed(leeway),
                ]
            })
            .flatten()
            .filter(|t| *t > now)
            .min()
    }

    /// The claims whose status is a problem, for the warnings list.
    pub fn problems(&self) -> impl Iterator<Item = &TimeClaim> {
        self.claims.iter().filter(|c| c.status != TimeStatus::Ok)
    }
}

/// Evaluates `exp`, `nbf` and `iat` of a claims object.
pub fn evaluate(claims: &Map<String, Value>, clock: &Clock) -> TimeReport {
    let claims = ["exp", "nbf", "iat"]
        .into_iter()
        .filter_map(|name| {
            let raw = claims.get(name)?;
            let mut claim = TimeClaim {
                name,
                raw: raw.clone(),
                at: numeric_date(raw),
                status: TimeStatus::Ok,
            };
            claim.status = claim.standing(clock).status;
            Some(claim)
        })
        .collect();
    TimeReport {
        claims,
        clock: *clock,
    }
}

/// A NumericDate: a JSON number of seconds since the epoch, integer or fractional
/// (RFC 7519 §2). Anything else is refused, never coerced.
pub fn numeric_date(raw: &Value) -> Result<DateTime<Utc>, NumericDateProblem> {
    let Value::Number(n) = raw else {
        let found = match raw {
            Value::String(s) if s.chars().count() <= 40 => Found::Text(s.clone()),
            other => Found::Kind(JsonKind::of(other)),
        };
        return Err(NumericDateProblem::NotNumeric(found));
    };
    let out_of_range = || NumericDateProblem::OutOfRange(n.to_string());
    if let Some(secs) = n.as_i64() {
        return Utc.timestamp_opt(secs, 0).single().ok_or_else(out_of_range);
    }
    if n.is_u64() {
        return Err(out_of_range());
    }
    let f = n.as_f64().ok_or_else(out_of_range)?;
    if !f.is_finite() || f.abs() > 8.0e15 {
        return Err(out_of_range());
    }
    let secs = f.floor();
    let nanos = ((f - secs) * 1e9).round().clamp(0.0, 999_999_999.0);
    // Casts are exact here: |secs| < 2^53 and nanos is in [0, 1e9).
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Utc.timestamp_opt(secs as i64, nanos as u32)
        .single()
        .ok_or_else(out_of_range)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn expiry_with_leeway() {
        let clock = Clock::at(1_000_000, 60);
        let r = evaluate(&claims(json!({"exp": 1_000_000 + 14 * 60})), &clock);
        let standing = r.claims[0].standing(&clock);
        assert_eq!(standing.offset, Some(TimeDelta::minutes(14)));
        assert!(!standing.within_leeway);
        assert_eq!(r.valid(), Some(true));
        let r = evaluate(&claims(json!({"exp": 1_000_000 - 30})), &clock);
        assert_eq!(r.claims[0].status, TimeStatus::Ok);
        assert!(r.claims[0].standing(&clock).within_leeway);
        let r = evaluate(
            &claims(json!({"exp": 1_000_000 - (3 * 3600 + 12 * 60)})),
            &clock,
        );
        assert_eq!(r.claims[0].status, TimeStatus::Expired);
        assert_eq!(r.valid(), Some(false));
        assert_eq!(r.problems().count(), 1);
        let strict = Clock::at(1_000_000, 0);
        let r = evaluate(&claims(json!({"exp": 1_000_000})), &strict);
        assert_eq!(r.claims[0].status, TimeStatus::Expired, "exp is exclusive");
    }

    #[test]
    fn standing_moves_with_the_clock() {
        let clock = Clock::at(1_000_000, 60);
        let r = evaluate(&claims(json!({"exp": 1_000_010})), &clock);
        let exp = &r.claims[0];
        assert_eq!(exp.standing_at(clock.now, 60).status, TimeStatus::Ok);
        let later = Clock::at(1_000_100, 60).now;
        assert_eq!(exp.standing_at(later, 60).status, TimeStatus::Expired);
        assert!(
            exp.standing_at(Clock::at(1_000_030, 60).now, 60)
                .within_leeway
        );
        assert_eq!(r.next_flip(clock.now), Some(Clock::at(1_000_010, 0).now));
        assert_eq!(r.next_flip(later), None);
        let far = evaluate(&claims(json!({"exp": 253_402_300_799i64})), &clock);
        assert!(
            far.next_flip(clock.now).is_some(),
            "no overflow at the end of time"
        );
    }

    #[test]
    fn not_before_and_issued_at() {
        let clock = Clock::at(1_000_000, 60);
        let r = evaluate(
            &claims(json!({"nbf": 1_000_000 + 300, "iat": 1_000_000 + 7200})),
            &clock,
        );
        assert_eq!(r.claims[0].status, TimeStatus::NotYetValid);
        assert_eq!(r.claims[1].status, TimeStatus::IssuedInFuture);
        assert_eq!(r.valid(), Some(false));
        let r = evaluate(&claims(json!({"iat": 1_000_000 + 7200})), &clock);
        assert_eq!(r.valid(), None, "iat alone decides nothing");
    }

    #[test]
    fn numeric_dates_are_numbers_only() {
        assert_eq!(
            numeric_date(&json!(0)).unwrap().to_rfc3339(),
            "1970-01-01T00:00:00+00:00"
        );
        let frac = numeric_date(&json!(1_300_819_380.5)).unwrap();
        assert_eq!(frac.timestamp_subsec_millis(), 500);
        assert_eq!(
            numeric_date(&json!("1300819380")),
            Err(NumericDateProblem::NotNumeric(Found::Text(
                "1300819380".into()
            )))
        );
        assert_eq!(
            numeric_date(&json!(null)),
            Err(NumericDateProblem::NotNumeric(Found::Kind(JsonKind::Null)))
        );
        assert!(matches!(
            numeric_date(&json!(1e300)),
            Err(NumericDateProblem::OutOfRange(_))
        ));
        assert!(matches!(
            numeric_date(&json!(u64::MAX)),
            Err(NumericDateProblem::OutOfRange(_))
        ));
        let clock = Clock::at(0, 60);
        let r = evaluate(&claims(json!({"exp": "tomorrow"})), &clock);
        assert_eq!(r.valid(), Some(false));
        assert_eq!(r.claims[0].status.code(), "invalid");
        assert_eq!(r.claims[0].status.problem_code(), Some("time-invalid"));
    }
}
