//! What narrows a read of the audit log, and how a "since" is written: an RFC 3339 time or an
//! age like `30m`, `2h`, `7d`, `1w`. Times are kept as RFC 3339 UTC with whole seconds, the
//! form the log records, so the engine compares them as text.

use super::{AuditEntry, Error, Result};
use chrono::{DateTime, Duration, SecondsFormat, Utc};

/// A filter over the audit log; every part is optional and they all must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Changes at or after this time (normalised RFC 3339, see `parse_time`).
    pub since: Option<String>,
    /// Changes at or before this time.
    pub until: Option<String>,
    /// The actor's email contains this.
    pub who: Option<String>,
    /// The action starts with this (`workspace`, `participant.role`) or the object type is it.
    pub what: Option<String>,
    /// Free text found in the action, the actor, the object's type or name.
    pub search: Option<String>,
    /// Keyset paging: only entries older than this id (the last id of the previous page).
    pub before_id: Option<i64>,
}

impl AuditFilter {
    /// The filter with free-text `search` (blank clears it).
    pub fn with_search(mut self, search: &str) -> Self {
        let s = search.trim();
        self.search = (!s.is_empty()).then(|| s.to_string());
        self
    }
}

impl AuditFilter {
    /// Whether `e` passes the who/what/search parts (case-insensitive, as the engine's LIKE).
    /// For entries from a server that may not apply nfdeck's own filters; time and paging are
    /// the server's.
    pub fn matches(&self, e: &AuditEntry) -> bool {
        let has = |field: &str, part: &str| field.to_lowercase().contains(&part.to_lowercase());
        let who = self.who.as_deref().is_none_or(|w| has(&e.actor, w));
        let what = self.what.as_deref().is_none_or(|w| {
            e.action.to_lowercase().starts_with(&w.to_lowercase()) || e.object_type == w
        });
        let search = self.search.as_deref().is_none_or(|t| {
            [&e.action, &e.actor, &e.object_type, &e.object_name]
                .iter()
                .any(|f| has(f, t))
        });
        who && what && search
    }
}

/// An RFC 3339 time, or an age before `now` (`45s`, `30m`, `2h`, `7d`, `1w`), as RFC 3339 UTC.
/// `field` names the flag or parameter in the message.
pub fn parse_time(field: &str, text: &str, now: DateTime<Utc>) -> Result<String> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(format(t.with_timezone(&Utc)));
    }
    age(text)
        .map(|d| format(now - d))
        .ok_or_else(|| {
            Error::invalid(format!(
                "{field}: '{text}' is neither an RFC 3339 time (2026-01-31T12:00:00Z) nor an age like 30m, 2h, 7d or 1w"
            ))
        })
}

fn format(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// `2h` as a duration; a number followed by one unit letter.
fn age(text: &str) -> Option<Duration> {
    let unit = text.chars().last()?;
    let n: i64 = text[..text.len() - unit.len_utf8()].parse().ok()?;
    if n < 0 {
        return None;
    }
    match unit {
        's' => Duration::try_seconds(n),
        'm' => Duration::try_minutes(n),
        'h' => Duration::try_hours(n),
        'd' => Duration::try_days(n),
        'w' => Duration::try_weeks(n),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-03-10T12:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn ages_and_times_become_utc_seconds() {
        assert_eq!(
            parse_time("--since", "2h", now()).unwrap(),
            "2026-03-10T10:00:00Z"
        );
        assert_eq!(
            parse_time("--since", "7d", now()).unwrap(),
            "2026-03-03T12:00:00Z"
        );
        assert_eq!(
            parse_time("--since", "2026-03-10T14:30:00+02:00", now()).unwrap(),
            "2026-03-10T12:30:00Z"
        );
    }

    #[test]
    fn matches_as_the_engine_filters() {
        let e = AuditEntry {
            id: 1,
            at: "2026-03-10T12:00:00Z".into(),
            actor: "Ana@example.org".into(),
            action: "participant.role".into(),
            object_type: "participant".into(),
            object_id: "7".into(),
            object_name: "ben@example.org".into(),
            before: None,
            after: None,
        };
        let f = |who: Option<&str>, what: Option<&str>, search: &str| {
            AuditFilter {
                who: who.map(String::from),
                what: what.map(String::from),
                ..AuditFilter::default()
            }
            .with_search(search)
            .matches(&e)
        };
        assert!(f(Some("ana@"), Some("participant"), "ben"));
        assert!(f(None, Some("participant.role"), ""));
        assert!(!f(Some("ben@"), None, ""));
        assert!(!f(None, Some("role"), ""));
        assert!(!f(None, None, "workspace"));
    }

    #[test]
    fn anything_else_names_the_field() {
        for bad in ["yesterday", "2x", "-2h", "", "h", "2026-13-01"] {
            let e = parse_time("--since", bad, now()).unwrap_err();
            assert!(e.message.starts_with("--since: "), "{bad}: {}", e.message);
        }
    }
}
