//! Time claims (`exp`, `nbf`, `iat`) judged against an injectable clock, and shown in the
//! three forms people need: UTC, local time, and "expires in 14 min".

use chrono::{DateTime, Local, SecondsFormat, TimeZone, Utc};
use rust_i18n::t;
use serde_json::{Map, Value};

use super::json;

/// "Now" and the clock skew tolerated for `exp` and `nbf`.
#[derive(Debug, Clone, Copy)]
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
    /// `exp` not yet passed, `nbf` passed, or `iat` in the past.
    Ok,
    /// `exp` passed by more than the leeway.
    Expired,
    /// `nbf` still ahead by more than the leeway.
    NotYetValid,
    /// `iat` ahead of now by more than the leeway (suspicious, not fatal).
    IssuedInFuture,
    /// Not a NumericDate; the message says what it is instead.
    Invalid(String),
}

impl TimeStatus {
    /// A stable word for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            TimeStatus::Ok => "ok",
            TimeStatus::Expired => "expired",
            TimeStatus::NotYetValid => "not_yet_valid",
            TimeStatus::IssuedInFuture => "issued_in_future",
            TimeStatus::Invalid(_) => "invalid",
        }
    }
}

/// One of `exp`, `nbf`, `iat`, evaluated.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeClaim {
    /// "exp", "nbf" or "iat".
    pub name: &'static str,
    /// The claim's JSON value, as found.
    pub raw: Value,
    /// The instant, when the value is a valid NumericDate.
    pub at: Option<DateTime<Utc>>,
    /// RFC 3339 in UTC.
    pub utc: Option<String>,
    /// Local time with its offset.
    pub local: Option<String>,
    /// "expired 3 h 12 min ago", "valid for 14 min", ...
    pub relative: String,
    /// The verdict for this claim.
    pub status: TimeStatus,
}

/// All time claims of a payload and the overall verdict.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TimeReport {
    /// Present time claims in the order exp, nbf, iat.
    pub claims: Vec<TimeClaim>,
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

    /// Plain-words problems, for the warnings list.
    pub fn problems(&self) -> Vec<String> {
        self.claims
            .iter()
            .filter_map(|c| match &c.status {
                TimeStatus::Ok => None,
                TimeStatus::Invalid(why) => {
                    Some(t!("engine.claims.not_a_time", claim = c.name, reason = why).into_owned())
                }
                _ => Some(
                    t!(
                        "engine.claims.problem",
                        claim = c.name,
                        relative = c.relative
                    )
                    .into_owned(),
                ),
            })
            .collect()
    }
}

/// Evaluates `exp`, `nbf` and `iat` of a claims object.
pub fn evaluate(claims: &Map<String, Value>, clock: &Clock) -> TimeReport {
    let claims = ["exp", "nbf", "iat"]
        .into_iter()
        .filter_map(|name| claims.get(name).map(|raw| evaluate_one(name, raw, clock)))
        .collect();
    TimeReport { claims }
}

fn evaluate_one(name: &'static str, raw: &Value, clock: &Clock) -> TimeClaim {
    let mut claim = TimeClaim {
        name,
        raw: raw.clone(),
        at: None,
        utc: None,
        local: None,
        relative: String::new(),
        status: TimeStatus::Ok,
    };
    let at = match numeric_date(raw) {
        Ok(at) => at,
        Err(why) => {
            claim.relative = why.clone();
            claim.status = TimeStatus::Invalid(why);
            return claim;
        }
    };
    claim.at = Some(at);
    claim.utc = Some(at.to_rfc3339_opts(SecondsFormat::AutoSi, true));
    claim.local = Some(format_local(at));

    // Whole seconds are enough for people; the comparison itself uses full precision.
    let delta_ms = (at - clock.now).num_milliseconds();
    let leeway_ms = clock.leeway.saturating_mul(1000);
    let ahead = human_duration(delta_ms.unsigned_abs() / 1000);
    let leeway = clock.leeway;
    // Whole sentences per case (rather than a shared "within the leeway" suffix) so that a
    // translation can order the words as its language needs.
    let relative = match name {
        "exp" => {
            if delta_ms > 0 {
                t!("engine.claims.exp_valid_for", duration = ahead)
            } else if -delta_ms < leeway_ms {
                t!(
                    "engine.claims.exp_expired_within",
                    duration = ahead,
                    leeway = leeway
                )
            } else {
                claim.status = TimeStatus::Expired;
                t!("engine.claims.exp_expired", duration = ahead)
            }
        }
        "nbf" => {
            if delta_ms <= 0 {
                t!("engine.claims.nbf_valid_since", duration = ahead)
            } else if delta_ms <= leeway_ms {
                t!(
                    "engine.claims.nbf_valid_in_within",
                    duration = ahead,
                    leeway = leeway
                )
            } else {
                claim.status = TimeStatus::NotYetValid;
                t!("engine.claims.nbf_not_yet", duration = ahead)
            }
        }
        _ => {
            if delta_ms <= 0 {
                t!("engine.claims.iat_issued", duration = ahead)
            } else if delta_ms <= leeway_ms {
                t!(
                    "engine.claims.iat_ahead_within",
                    duration = ahead,
                    leeway = leeway
                )
            } else {
                claim.status = TimeStatus::IssuedInFuture;
                t!("engine.claims.iat_future", duration = ahead)
            }
        }
    };
    claim.relative = relative.into_owned();
    claim
}

/// A NumericDate: a JSON number of seconds since the epoch, integer or fractional
/// (RFC 7519 §2). Anything else is refused, never coerced.
pub fn numeric_date(raw: &Value) -> Result<DateTime<Utc>, String> {
    let Value::Number(n) = raw else {
        let shown = match raw {
            Value::String(s) if s.chars().count() <= 40 => {
                t!("engine.claims.the_string", text = s.escape_debug()).into_owned()
            }
            other => json::kind_of(other),
        };
        return Err(t!("engine.claims.not_numeric", found = shown).into_owned());
    };
    let out_of_range = || t!("engine.claims.out_of_range", number = n).into_owned();
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

fn format_local(at: DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S %:z")
        .to_string()
}

/// "3 h 12 min", "14 min", "45 s", "2 d 3 h", "400 d".
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
        assert_eq!(r.claims[0].relative, "valid for 14 min");
        assert_eq!(r.valid(), Some(true));
        let r = evaluate(&claims(json!({"exp": 1_000_000 - 30})), &clock);
        assert_eq!(r.claims[0].status, TimeStatus::Ok);
        assert_eq!(
            r.claims[0].relative,
            "expired 30 s ago (within the 60 s leeway)"
        );
        let r = evaluate(
            &claims(json!({"exp": 1_000_000 - (3 * 3600 + 12 * 60)})),
            &clock,
        );
        assert_eq!(r.claims[0].status, TimeStatus::Expired);
        assert_eq!(r.claims[0].relative, "expired 3 h 12 min ago");
        assert_eq!(r.valid(), Some(false));
        let strict = Clock::at(1_000_000, 0);
        let r = evaluate(&claims(json!({"exp": 1_000_000})), &strict);
        assert_eq!(r.claims[0].status, TimeStatus::Expired, "exp is exclusive");
    }

    #[test]
    fn not_before_and_issued_at() {
        let clock = Clock::at(1_000_000, 60);
        let r = evaluate(
            &claims(json!({"nbf": 1_000_000 + 300, "iat": 1_000_000 + 7200})),
            &clock,
        );
        assert_eq!(r.claims[0].status, TimeStatus::NotYetValid);
        assert_eq!(r.claims[0].relative, "not valid until 5 min from now");
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
        assert!(
            numeric_date(&json!("1300819380"))
                .unwrap_err()
                .contains("the string \"1300819380\"")
        );
        assert!(numeric_date(&json!(null)).unwrap_err().contains("null"));
        assert!(numeric_date(&json!(1e300)).unwrap_err().contains("outside"));
        assert!(
            numeric_date(&json!(u64::MAX))
                .unwrap_err()
                .contains("outside")
        );
        let clock = Clock::at(0, 60);
        let r = evaluate(&claims(json!({"exp": "tomorrow"})), &clock);
        assert_eq!(r.valid(), Some(false));
        assert_eq!(r.claims[0].status.code(), "invalid");
    }

    #[test]
    fn utc_form_is_rfc3339() {
        let clock = Clock::at(0, 60);
        let r = evaluate(&claims(json!({"exp": 1_300_819_380})), &clock);
        assert_eq!(r.claims[0].utc.as_deref(), Some("2011-03-22T18:43:00Z"));
        assert!(
            r.claims[0]
                .local
                .as_deref()
                .unwrap()
                .starts_with("2011-03-2")
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
