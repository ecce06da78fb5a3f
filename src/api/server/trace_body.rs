//! The bodies of Nextflow's trace calls, read the way the nf-tower plugin writes them: unknown
//! fields are ignored, and a value of another type than the spec's (`nextflow.build` is an
//! integer, a local task's `nativeId` a number, `manifest.gitmodules` may be a boolean) is
//! converted when it can be and otherwise dropped, with a warning in the log naming the field.
//! Refusing it would stop the user's pipeline: the plugin aborts the run on a failed
//! `begin` or `progress`.

use super::bodies::{RequestBody, missing};
use super::coerce;
use super::errors::ApiError;
use super::extract::{json_bytes, json_value};
use super::strict;
use crate::domain::Error;
use axum::extract::{FromRequest, MatchedPath, Request};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Decoding passes for one body: the probe's, and one more once its repairs are in place
/// (a converted value then fits, and a null is either absent or refused). The third is a
/// guard only.
const MAX_PASSES: usize = 3;

/// A trace request body, decoded leniently (see the module).
pub struct TraceBody<T>(pub T);

impl<S, T> FromRequest<S> for TraceBody<T>
where
    S: Send + Sync,
    T: RequestBody,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (value, endpoint) = match read(req, state).await? {
            Read::AsSent(body) => return Ok(TraceBody(body)),
            Read::Lenient { value, endpoint } => (value, endpoint),
        };
        // The keys a step needs (`workflow` on begin and complete) are still required.
        if let Some(message) = missing::<T>(&value) {
            return Err(Error::invalid(message).into());
        }
        // A step's required part is an object (`workflow`): another type is not converted.
        for required in T::REQUIRED {
            if value.get(required.path).is_some_and(|v| !v.is_object()) {
                return Err(
                    Error::invalid(format!("{}: must be a JSON object", required.path)).into(),
                );
            }
        }
        Ok(TraceBody(lenient(value, &endpoint)?))
    }
}

/// A report about a run that exists (progress, heartbeat): decoded like `TraceBody`, but a
/// JSON object that cannot be read as a report is logged and taken as an empty report rather
/// than refused (see the module). A body that is not a JSON object is refused.
pub struct TraceReport<T>(pub T);

impl<S, T> FromRequest<S> for TraceReport<T>
where
    S: Send + Sync,
    T: RequestBody + Default,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let (value, endpoint) = match read(req, state).await? {
            Read::AsSent(report) => return Ok(TraceReport(report)),
            Read::Lenient { value, endpoint } => (value, endpoint),
        };
        Ok(TraceReport(lenient(value, &endpoint).unwrap_or_else(|e| {
            tracing::warn!(
                endpoint,
                error = e.message,
                "an unreadable trace report was ignored"
            );
            T::default()
        })))
    }
}

/// A trace body, read once: decoded as sent, or else the JSON object to decode leniently.
enum Read<T> {
    AsSent(T),
    /// `endpoint` is the route it came by, for the log.
    Lenient {
        value: Value,
        endpoint: String,
    },
}

/// Reads the body (JSON by its content type, within the limit; otherwise refused) and decodes
/// it as sent if it can; a body that is not a JSON object is refused.
async fn read<S: Send + Sync, T: RequestBody>(
    req: Request,
    state: &S,
) -> Result<Read<T>, ApiError> {
    let endpoint = endpoint_of(&req);
    let bytes = json_bytes(req, state).await?;
    if let Some(body) = as_sent(&bytes) {
        return Ok(Read::AsSent(body));
    }
    let value = json_value(&bytes)?;
    strict::require_object(&value).map_err(|e| Error::invalid(e.to_string()))?;
    Ok(Read::Lenient { value, endpoint })
}

/// The body decoded straight from its bytes, when it reads as `T` just as it was sent (what
/// Nextflow sends nearly always): one pass, instead of a JSON value first and `T` from it.
/// Anything else (another type somewhere, a duplicate key, bad JSON) is None, and the caller
/// takes the lenient path, which gives the same result or says what is wrong. Not for a type
/// with required keys, whose absence would read as an absent field here, nor for anything but
/// an object: serde would read a struct of optional fields from an array.
fn as_sent<T: RequestBody>(bytes: &[u8]) -> Option<T> {
    let object = bytes.trim_ascii_start().first() == Some(&b'{');
    if !object || !T::REQUIRED.is_empty() {
        return None;
    }
    serde_json::from_slice(bytes).ok()
}

/// The route a request came by (`/trace/{workflowId}/progress`), for the log.
fn endpoint_of(req: &Request) -> String {
    match req.extensions().get::<MatchedPath>() {
        Some(route) => route.as_str().to_string(),
        None => req.uri().path().to_string(),
    }
}

/// Decodes `value` as `T`, converting or dropping each value of the wrong type: one pass finds
/// them all (`coerce::probe`), and the body is decoded again once they are replaced. What
/// still does not read (a null where a value is required, a type's own refusal) is refused
/// with the field named, as plain decoding names it.
pub fn lenient<T: DeserializeOwned>(mut value: Value, endpoint: &str) -> crate::domain::Result<T> {
    // Serde would read an array as a struct's fields in order.
    if !value.is_object() {
        return Err(Error::invalid("the request body must be a JSON object"));
    }
    for _ in 0..MAX_PASSES {
        let (decoded, repairs) = coerce::probe::<T>(&value);
        if repairs.is_empty() {
            if let Ok(t) = decoded {
                return Ok(t);
            }
            break;
        }
        if !apply(&repairs, &mut value, endpoint) {
            break;
        }
    }
    serde_path_to_error::deserialize::<_, T>(&value)
        .map_err(|e| Error::invalid(format!("{}: {}", e.path(), e.inner())))
}

/// The most fields the log names one by one for one body; the rest are counted.
const LOGGED_REPAIRS: usize = 20;

/// Puts each repair in place and logs it; false when none changed anything (a null where a
/// value is required stays a null).
fn apply(repairs: &[coerce::Repair], value: &mut Value, endpoint: &str) -> bool {
    let mut changed = 0;
    for repair in repairs {
        if !repair.apply(value) {
            continue;
        }
        changed += 1;
        if changed <= LOGGED_REPAIRS {
            tracing::warn!(
                endpoint,
                field = repair.field(),
                expected = repair.expected,
                converted = !repair.with.is_null(),
                "a trace request field has an unexpected type: converted or ignored"
            );
        }
    }
    if changed > LOGGED_REPAIRS {
        tracing::warn!(
            endpoint,
            more = changed - LOGGED_REPAIRS,
            "more trace request fields had an unexpected type: converted or ignored"
        );
    }
    changed > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dto::trace::{TraceBeginRequest, TraceProgressRequest};
    use serde_json::json;
    use serde_path_to_error::Segment;

    // ---- The previous way, kept as the reference the one-pass path is checked against:
    // plain decoding, and the first field it stops at converted or dropped, one per pass.

    /// Plain decoding, and the first field it stops at converted or dropped (`None`: decode
    /// again); a field already null there, or a path into something else, is the refusal.
    fn repair_first_error<T: DeserializeOwned>(
        value: &mut Value,
        endpoint: &str,
    ) -> crate::domain::Result<Option<T>> {
        let err = match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(t) => return Ok(Some(t)),
            Err(e) => e,
        };
        let path = err.path().to_string();
        let message = err.inner().to_string();
        let Some(node) = node_at(value, err.path()).filter(|n| !n.is_null()) else {
            return Err(Error::invalid(format!("{path}: {message}")));
        };
        let repaired = convert(node, &message);
        if repaired == *node {
            // A value of the right kind that the type refuses (out of its range, say).
            *node = Value::Null;
        } else {
            *node = repaired;
        }
        tracing::warn!(
            endpoint,
            field = path,
            error = message,
            converted = !node.is_null(),
            "a trace request field has an unexpected type: converted or ignored"
        );
        Ok(None)
    }

    /// The value at a deserializer's error path, when the path leads into objects and arrays.
    fn node_at<'v>(
        mut node: &'v mut Value,
        path: &serde_path_to_error::Path,
    ) -> Option<&'v mut Value> {
        for segment in path.iter() {
            node = match segment {
                Segment::Seq { index } => node.get_mut(*index)?,
                Segment::Map { key } => node.get_mut(key.as_str())?,
                Segment::Enum { .. } | Segment::Unknown => return None,
            };
        }
        Some(node)
    }

    /// What to put in place of a value of the wrong type: the same value in the expected type
    /// when it converts without loss, else null (the field is then absent).
    fn convert(node: &Value, message: &str) -> Value {
        let expects = |what: &str| message.contains(&format!("expected {what}"));
        match node {
            Value::Number(_) | Value::Bool(_) if expects("a string") => {
                Value::String(node.to_string())
            }
            Value::Number(n) if expects("i") || expects("u") => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map_or(Value::Null, |f| Value::from(f as i64)),
            Value::String(s) if expects("i") || expects("u") => {
                s.trim().parse::<i64>().map_or(Value::Null, Value::from)
            }
            Value::String(s) if expects("f") => s
                .trim()
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map_or(Value::Null, Value::from),
            Value::String(s) if expects("a boolean") => match s.trim() {
                "true" => Value::Bool(true),
                "false" => Value::Bool(false),
                _ => Value::Null,
            },
            _ => Value::Null,
        }
    }

    #[test]
    fn numbers_and_strings_are_converted_where_the_plugin_differs_from_the_spec() {
        let begin: TraceBeginRequest = lenient(
            json!({"workflow": {"runName": "x", "nextflow": {"version": "26.04.0", "build": 6004,
                "enable": {}}, "manifest": {"gitmodules": true}, "exitStatus": "0"}, "dag": {}}),
            "/trace/x/begin",
        )
        .unwrap();
        let wf = begin.workflow.unwrap();
        assert_eq!(wf.nextflow.unwrap().build.as_deref(), Some("6004"));
        assert_eq!(wf.manifest.unwrap().gitmodules.as_deref(), Some("true"));
        assert_eq!(wf.exit_status, Some(0));
    }

    #[test]
    fn what_cannot_be_converted_is_dropped_and_the_rest_kept() {
        let p: TraceProgressRequest = lenient(
            json!({"tasks": [{"taskId": 1, "status": "COMPLETED", "nativeId": 4242,
                    "cpus": 2.0, "memory": "lots", "pcpu": "99.5", "module": "x"}],
                   "progress": {"succeeded": 1, "failed": -2, "peakCpus": 1.5}}),
            "/trace/x/progress",
        )
        .unwrap();
        let t = &p.tasks.unwrap()[0];
        assert_eq!(t.native_id.as_deref(), Some("4242"));
        assert_eq!((t.cpus, t.memory, t.pcpu), (Some(2), None, Some(99.5)));
        assert_eq!(t.module, None);
        let progress = p.progress.unwrap();
        assert_eq!((progress.succeeded, progress.failed), (Some(1), Some(-2)));
        assert_eq!(progress.peak_cpus, None);
    }

    /// What the nf-tower plugin sends (the fixtures recorded from it) takes the one-pass path,
    /// with the same result as the lenient one.
    #[test]
    fn the_plugins_reports_decode_as_sent_as_the_lenient_path_would() {
        for fixture in [
            include_str!("../../../tests/http/fixtures/nextflow/3-progress.json"),
            include_str!("../../../tests/http/fixtures/nextflow/4-progress.json"),
        ] {
            let sent = as_sent::<TraceProgressRequest>(fixture.as_bytes()).expect("as sent");
            let value: Value = serde_json::from_str(fixture).unwrap();
            assert_eq!(sent, lenient(value, "/trace/x/progress").unwrap());
            assert!(!sent.tasks.unwrap_or_default().is_empty());
        }
    }

    #[test]
    fn what_the_one_pass_path_could_misread_takes_the_lenient_one() {
        // serde reads a struct of optional fields from an array; the lenient path refuses it.
        assert!(serde_json::from_slice::<TraceProgressRequest>(b" []").is_ok());
        assert!(as_sent::<TraceProgressRequest>(b" []").is_none());
        // A missing required key would read as an absent field.
        assert!(as_sent::<TraceBeginRequest>(b"{}").is_none());
        // Another type than the spec's, and a key given twice (the last one counts).
        let odd = br#"{"tasks": [{"taskId": 1, "cpus": "2"}], "progress": {"succeeded": 1}}"#;
        assert!(as_sent::<TraceProgressRequest>(odd).is_none());
        let twice = br#"{"progress": {"succeeded": 1}, "progress": {"succeeded": 2}}"#;
        assert!(as_sent::<TraceProgressRequest>(twice).is_none());
        let value: Value = serde_json::from_slice(twice).unwrap();
        let p: TraceProgressRequest = lenient(value, "/trace/x/progress").unwrap();
        assert_eq!(p.progress.unwrap().succeeded, Some(2));
    }

    /// The previous way, kept here as the reference: plain decoding, one field repaired per
    /// pass.
    fn field_by_field<T: DeserializeOwned>(mut value: Value) -> crate::domain::Result<T> {
        // The old limit: a thousand repairs.
        for _ in 0..1000 {
            if let Some(t) = repair_first_error(&mut value, "/trace/x/progress")? {
                return Ok(t);
            }
        }
        Err(Error::invalid("too many"))
    }

    /// A report with a value of another type in every place one can be.
    fn odd_report(tasks: usize) -> Value {
        let task = |n: usize| {
            json!({"taskId": n, "status": "COMPLETED", "nativeId": {"pid": n}, "cpus": 2.0,
                   "memory": "lots", "disk": "1024", "attempt": "1", "exit": 3_000_000_000u64,
                   "pcpu": "99.5", "pmem": true, "module": "x", "name": ["a"], "hash": 7,
                   "cost": "n/a", "realtime": -1.5, "process": false})
        };
        json!({"tasks": (0..tasks).map(task).collect::<Vec<_>>(),
               "progress": {"succeeded": "3", "failed": -2, "pending": 3_000_000_000u64,
                            "peakCpus": 1.5, "processes": {"not": "a list"}},
               "containers": "none"})
    }

    #[test]
    fn every_odd_value_is_found_in_one_pass_with_the_result_of_the_old_way() {
        let value = odd_report(50);
        let (_, repairs) = coerce::probe::<TraceProgressRequest>(&value);
        // 13 in each task (an object for nativeId is read as absent), 5 in the rest.
        assert_eq!(repairs.len(), 50 * 13 + 5, "{:?}", &repairs[..3]);
        let mut repaired = value.clone();
        assert!(apply(&repairs, &mut repaired, "/trace/x/progress"));
        let (decoded, again) = coerce::probe::<TraceProgressRequest>(&repaired);
        assert!(again.is_empty(), "{again:?}");
        let decoded = decoded.unwrap();
        assert_eq!(decoded, field_by_field(value.clone()).unwrap());
        assert_eq!(decoded, lenient(value, "/trace/x/progress").unwrap());

        let t = &decoded.tasks.as_ref().unwrap()[7];
        assert_eq!((t.task_id, t.native_id.as_deref()), (Some(7), None));
        assert_eq!(
            (t.cpus, t.memory, t.disk, t.attempt),
            (Some(2), None, Some(1024), Some(1))
        );
        assert_eq!(
            (t.exit, t.pcpu, t.pmem, t.cost, t.realtime),
            (None, Some(99.5), None, None, None)
        );
        assert_eq!((t.module.as_ref(), t.name.as_ref()), (None, None));
        assert_eq!(
            (t.hash.as_deref(), t.process.as_deref()),
            (Some("7"), Some("false"))
        );
        let p = decoded.progress.unwrap();
        assert_eq!(
            (p.succeeded, p.failed, p.pending),
            (Some(3), Some(-2), None)
        );
        assert_eq!((p.peak_cpus, p.processes), (None, None));
        assert_eq!(decoded.containers, None);
    }

    /// A number out of its field's range used to be "converted" to itself and tried again
    /// until the repair limit, and the whole report was then ignored.
    #[test]
    fn a_number_out_of_its_fields_range_is_dropped_and_the_rest_kept() {
        let p: TraceProgressRequest = lenient(
            json!({"progress": {"pending": 3_000_000_000u64, "running": 4, "failed": -1}}),
            "/trace/x/progress",
        )
        .unwrap();
        let p = p.progress.unwrap();
        assert_eq!((p.pending, p.running, p.failed), (None, Some(4), Some(-1)));
    }

    /// What a required place cannot hold is refused with the field named, as before.
    #[test]
    fn a_value_that_cannot_be_kept_where_one_is_required_is_refused_naming_it() {
        for (value, field) in [
            (
                json!({"tasks": [{"taskId": 1, "module": ["a", {"b": 1}]}]}),
                "tasks[0].module[1]",
            ),
            (json!({"tasks": [3]}), "tasks[0]"),
        ] {
            let err = lenient::<TraceProgressRequest>(value.clone(), "/x").unwrap_err();
            assert!(err.message.starts_with(field), "{err}");
            let old = field_by_field::<TraceProgressRequest>(value).unwrap_err();
            assert_eq!(err.message, old.message);
        }
    }

    #[test]
    fn a_body_that_is_not_an_object_is_refused_with_a_message() {
        let err = lenient::<TraceProgressRequest>(json!([1, 2]), "/trace/x/progress").unwrap_err();
        assert_eq!(err.message, "the request body must be a JSON object");
    }
}
