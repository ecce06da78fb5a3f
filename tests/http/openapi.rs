//! The Seqera API spec (`shared/reference/seqera-api.yml`, OpenAPI 3.0) as JSON Schema for the
//! `jsonschema` crate: `nullable` becomes "or null", the discriminated `oneOf`s (whose branches
//! overlap) become `anyOf`, `int32` gets its range. Stricter than the spec in one way: an object
//! schema with `properties` rejects a property it does not declare (`unevaluatedProperties`) but
//! nfdeck's own, named `nfdeck...`, so the server sends nothing else the spec does not name; bases of `allOf` compositions are left
//! open, the composition is closed.

use nfdeck::api::convert::runs::yaml_to_json;
use serde_json::{Map, Value, json};
use std::collections::HashSet;
use std::sync::OnceLock;

pub const SPEC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/reference/seqera-api.yml"
);

/// The spec, read once per test binary.
pub fn spec() -> &'static Value {
    static SPEC_JSON: OnceLock<Value> = OnceLock::new();
    SPEC_JSON.get_or_init(|| {
        // NFDECK_SPEC points elsewhere where shared/ is not beside the checkout (a worktree).
        let path = std::env::var("NFDECK_SPEC").unwrap_or_else(|_| SPEC.to_string());
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let docs = yaml_rust2::YamlLoader::load_from_str(&text).expect("the spec is YAML");
        yaml_to_json(&docs[0])
    })
}

/// The components' schemas as JSON Schema, once.
fn components() -> &'static Value {
    static COMPONENTS: OnceLock<Value> = OnceLock::new();
    COMPONENTS.get_or_init(|| {
        let schemas = spec()["components"]["schemas"]
            .as_object()
            .expect("schemas");
        let open = composed_bases(schemas);
        let out: Map<String, Value> = schemas
            .iter()
            .map(|(name, s)| (name.clone(), translate(s, !open.contains(name))))
            .collect();
        json!({ "schemas": out })
    })
}

/// Components used as a branch of an `allOf` with more than one branch: the composition adds
/// properties, so the base cannot reject undeclared ones itself.
fn composed_bases(schemas: &Map<String, Value>) -> HashSet<String> {
    let mut out = HashSet::new();
    fn walk(v: &Value, out: &mut HashSet<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::Array(all)) = m.get("allOf")
                    && all.len() > 1
                {
                    for b in all {
                        if let Some(r) = b["$ref"].as_str() {
                            out.insert(r.rsplit('/').next().unwrap().to_string());
                        }
                    }
                }
                m.values().for_each(|x| walk(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, out)),
            _ => {}
        }
    }
    schemas.values().for_each(|s| walk(s, &mut out));
    out
}

fn translate(schema: &Value, strict: bool) -> Value {
    let Value::Object(m) = schema else {
        return schema.clone();
    };
    let mut out = Map::new();
    for (k, v) in m {
        match k.as_str() {
            "nullable" | "discriminator" | "example" | "x-enum-varnames" => {}
            "oneOf" => {
                out.insert("anyOf".into(), list(v, true));
            }
            "allOf" | "anyOf" => {
                let members_strict = v.as_array().is_some_and(|a| a.len() == 1);
                out.insert(k.clone(), list(v, members_strict));
            }
            "properties" => {
                let props = v.as_object().expect("properties");
                let p = props
                    .iter()
                    .map(|(n, s)| (n.clone(), translate(s, true)))
                    .collect();
                out.insert(k.clone(), Value::Object(p));
            }
            // Java's `Map<String, Object>` comes out as maps of objects (run `params`): any
            // value is meant.
            "additionalProperties" if v == &json!({"type": "object"}) => {
                out.insert(k.clone(), Value::Bool(true));
            }
            "items" | "additionalProperties" if v.is_object() => {
                out.insert(k.clone(), translate(v, true));
            }
            _ => {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    if m.get("format").and_then(Value::as_str) == Some("int32") {
        out.insert("minimum".into(), json!(i32::MIN));
        out.insert("maximum".into(), json!(i32::MAX));
    }
    let composed = m
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|a| a.len() > 1);
    if strict
        && (m.contains_key("properties") || composed)
        && !m.contains_key("additionalProperties")
    {
        out.insert("unevaluatedProperties".into(), Value::Bool(false));
        // nfdeck's own additions to the spec's objects are named `nfdeck...`.
        out.insert("patternProperties".into(), json!({ "^nfdeck": {} }));
    }
    if m.get("nullable") == Some(&Value::Bool(true)) {
        return json!({ "anyOf": [Value::Object(out), { "type": "null" }] });
    }
    Value::Object(out)
}

fn list(v: &Value, strict: bool) -> Value {
    Value::Array(
        v.as_array()
            .expect("a list of schemas")
            .iter()
            .map(|s| translate(s, strict))
            .collect(),
    )
}

/// A validator for `schema` (a spec schema, `$ref`s into the components allowed).
pub fn validator(schema: &Value) -> jsonschema::Validator {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [translate(schema, true)],
        "components": components(),
    });
    jsonschema::draft202012::options()
        .should_validate_formats(false)
        .build(&root)
        .unwrap_or_else(|e| panic!("the schema does not compile: {e}"))
}

/// A validator for the component schema `name`.
pub fn named(name: &str) -> jsonschema::Validator {
    assert!(
        spec()["components"]["schemas"].get(name).is_some(),
        "no schema {name} in the spec"
    );
    validator(&json!({ "$ref": format!("#/components/schemas/{name}") }))
}

/// Every place `value` breaks `validator`, as text (empty when it conforms).
pub fn errors(validator: &jsonschema::Validator, value: &Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The schema of the `status` answer of `method path` (None: the spec gives no JSON body).
pub fn response_schema(method: &str, path: &str, status: u16) -> Option<Value> {
    let op = &spec()["paths"][path][method.to_ascii_lowercase()];
    assert!(op.is_object(), "the spec has no {method} {path}");
    let responses = &op["responses"];
    let r = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))?;
    r["content"]["application/json"]["schema"]
        .is_object()
        .then(|| r["content"]["application/json"]["schema"].clone())
}
