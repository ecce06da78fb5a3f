//! A small checker of JSON answers against schemas copied from the Seqera API spec (OpenAPI
//! 3.0 subset: `$ref`, `allOf`, `type`, `format` int32/int64, `nullable`, `enum`, `required`,
//! `properties`, `items`). Stricter than the spec in one way: a property the schema does not
//! declare is an error, so the server sends nothing the spec does not name.

use serde_json::{Map, Value};

pub struct Schemas(Map<String, Value>);

impl Schemas {
    pub fn load(json: &str) -> Schemas {
        let all: Value = serde_json::from_str(json).expect("schema file");
        Schemas(all["schemas"].as_object().expect("schemas").clone())
    }

    /// Panics with every place `value` breaks schema `name`.
    pub fn check(&self, name: &str, value: &Value) {
        let mut errors = Vec::new();
        self.walk(&self.named(name), value, "$", &mut errors);
        assert!(errors.is_empty(), "{name}: {}", errors.join("; "));
    }

    fn named(&self, name: &str) -> Value {
        self.0
            .get(name)
            .unwrap_or_else(|| panic!("no schema {name}"))
            .clone()
    }

    fn resolve(&self, schema: &Value) -> Value {
        if let Some(r) = schema["$ref"].as_str() {
            return self.named(r.rsplit('/').next().unwrap());
        }
        if let Some([one]) = schema["allOf"].as_array().map(Vec::as_slice) {
            let mut s = self.resolve(one);
            if schema["nullable"] == true {
                s["nullable"] = Value::Bool(true);
            }
            return s;
        }
        schema.clone()
    }

    fn walk(&self, schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
        let schema = self.resolve(schema);
        if value.is_null() {
            // Absent and null are alike for the clients; required fields are checked apart.
            return;
        }
        if let Some(allowed) = schema["enum"].as_array()
            && !allowed.contains(value)
        {
            errors.push(format!("{at}: {value} is not one of {allowed:?}"));
        }
        let ok = match schema["type"].as_str() {
            Some("string") => value.is_string(),
            Some("boolean") => value.is_boolean(),
            Some("number") => value.is_number(),
            Some("integer") => match schema["format"].as_str() {
                Some("int32") => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                _ => value.is_i64(),
            },
            Some("array") => value.is_array(),
            Some("object") | None => value.is_object(),
            Some(other) => panic!("schema type {other} not handled"),
        };
        if !ok {
            errors.push(format!("{at}: {value} is not a {}", schema["type"]));
            return;
        }
        if let (Some(items), Some(list)) = (schema.get("items"), value.as_array()) {
            for (i, v) in list.iter().enumerate() {
                self.walk(items, v, &format!("{at}[{i}]"), errors);
            }
        }
        let Some(obj) = value.as_object() else {
            return;
        };
        let props = schema["properties"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        for req in schema["required"].as_array().into_iter().flatten() {
            let key = req.as_str().unwrap();
            if obj.get(key).is_none_or(Value::is_null) {
                errors.push(format!("{at}.{key} is required"));
            }
        }
        for (key, v) in obj {
            match props.get(key) {
                Some(p) => self.walk(p, v, &format!("{at}.{key}"), errors),
                None if schema.get("properties").is_some() => {
                    errors.push(format!("{at}.{key} is not in the schema"))
                }
                None => {}
            }
        }
    }
}

#[test]
fn the_checker_finds_wrong_types_missing_fields_and_unknown_ones() {
    let schemas = Schemas::load(include_str!("fixtures/nextflow/spec-schemas.json"));
    let good = serde_json::json!({"task": {"taskId": 1, "status": "COMPLETED", "cpus": 2}});
    schemas.check("DescribeTaskResponse", &good);
    for bad in [
        serde_json::json!({"task": {"taskId": "1", "status": "COMPLETED"}}),
        serde_json::json!({"task": {"taskId": 1}}),
        serde_json::json!({"task": {"taskId": 1, "status": "PENDING"}}),
        serde_json::json!({"task": {"taskId": 1, "status": "NEW", "cpus": 5_000_000_000_i64}}),
        serde_json::json!({"task": {"taskId": 1, "status": "NEW", "hostname": "x"}}),
    ] {
        let caught = std::panic::catch_unwind(|| schemas.check("DescribeTaskResponse", &bad));
        assert!(caught.is_err(), "{bad}");
    }
}
