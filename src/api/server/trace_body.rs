//! The bodies of Nextflow's trace calls, read the way the nf-tower plugin writes them: unknown
//! fields are ignored, and a value of another type than the spec's (`nextflow.build` is an
//! integer, a local task's `nativeId` a number, `manifest.gitmodules` may be a boolean) is
//! converted when it can be and otherwise dropped, with a warning in the log naming the field.
//! Refusing it would stop the user's pipeline: the plugin aborts the run on a failed
//! `begin` or `progress`.

use super::bodies::{RequestBody, missing};
use super::errors::ApiError;
use super::extract::Body;
use crate::domain::Error;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;
use serde_json::Value;
use serde_path_to_error::Segment;

/// The most fields one body may have repaired before it is refused as not what Nextflow sends.
const MAX_REPAIRS: usize = 1000;

/// A trace request body, decoded leniently (see the module).
pub struct TraceBody<T>(pub T);

impl<S, T> FromRequest<S> for TraceBody<T>
where
    S: Send + Sync,
    T: RequestBody,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiError> {
        let path = req.uri().path().to_string();
        let Body(value) = Body::<Value>::from_request(req, state).await?;
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
        Ok(TraceBody(lenient(value, &path)?))
    }
}

/// Decodes `value` as `T`, converting or dropping each value of the wrong type.
pub fn lenient<T: DeserializeOwned>(mut value: Value, endpoint: &str) -> crate::domain::Result<T> {
    // Serde would read an array as a struct's fields in order.
    if !value.is_object() {
        return Err(Error::invalid("the request body must be a JSON object"));
    }
    for _ in 0..MAX_REPAIRS {
        let err = match serde_path_to_error::deserialize::<_, T>(&value) {
            Ok(t) => return Ok(t),
            Err(e) => e,
        };
        let path = err.path().to_string();
        let message = err.inner().to_string();
        let Some(node) = node_at(&mut value, err.path()).filter(|n| !n.is_null()) else {
            return Err(Error::invalid(format!("{path}: {message}")));
        };
        let repaired = convert(node, &message);
        tracing::warn!(
            endpoint,
            field = path,
            error = message,
            converted = !repaired.is_null(),
            "a trace request field has an unexpected type: converted or ignored"
        );
        *node = repaired;
    }
    Err(Error::invalid(format!(
        "more than {MAX_REPAIRS} fields have an unexpected type"
    )))
}

/// The value at a deserializer's error path, when the path leads into objects and arrays.
fn node_at<'v>(mut node: &'v mut Value, path: &serde_path_to_error::Path) -> Option<&'v mut Value> {
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
        Value::Number(_) | Value::Bool(_) if expects("a string") => Value::String(node.to_string()),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::dto::trace::{TraceBeginRequest, TraceProgressRequest};
    use serde_json::json;

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

    #[test]
    fn a_body_that_is_not_an_object_is_refused_with_a_message() {
        let err = lenient::<TraceProgressRequest>(json!([1, 2]), "/trace/x/progress").unwrap_err();
        assert_eq!(err.message, "the request body must be a JSON object");
    }
}
