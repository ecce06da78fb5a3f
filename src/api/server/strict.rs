//! Decoding a request body strictly. serde on its own reads a struct from a JSON array (`[]`
//! became a request with every field absent) and skips keys it does not know (a misspelt key
//! became an absent field); both then read as "remove" or "use the default". This deserializer
//! walks the parsed JSON and refuses, with the JSON path of the culprit: an array or any
//! non-object where a struct is expected, a key the struct does not have (unless the request
//! type's clients send extra keys, as Nextflow does), and wrong types.

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Map, Value};
use std::fmt;

/// What to do with a key the request type does not have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownKeys {
    /// A 400 naming the key: admin clients send what the spec's schema has.
    Refuse,
    /// Skipped: Nextflow's nf-tower plugin sends many fields nfdeck does not read.
    Ignore,
}

/// Why a body could not be decoded, and where (a JSON path; empty for the whole body).
#[derive(Debug)]
pub struct BodyError {
    pub path: String,
    pub message: String,
    /// Set once the innermost value that failed has put its path here.
    located: bool,
}

impl BodyError {
    fn at(path: &str, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            message: message.into(),
            located: true,
        }
    }

    /// The error of a child value, located at the child unless a deeper value already was.
    fn locate(mut self, path: &str) -> Self {
        if !self.located {
            self.path = path.to_string();
            self.located = true;
        }
        self
    }
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "the request body: {}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for BodyError {}

impl de::Error for BodyError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self {
            path: String::new(),
            message: msg.to_string(),
            located: false,
        }
    }
}

fn from_json(e: serde_json::Error) -> BodyError {
    de::Error::custom(e)
}

/// Decodes `value` as a `T`, strictly.
pub fn decode<T: DeserializeOwned>(value: Value, unknown: UnknownKeys) -> Result<T, BodyError> {
    T::deserialize(Strict {
        value,
        path: String::new(),
        unknown,
    })
}

/// A whole body must be a JSON object (every request type is one).
pub fn require_object(body: &Value) -> Result<(), BodyError> {
    match body {
        Value::Object(_) => Ok(()),
        other => Err(BodyError::at(
            "",
            format!("must be a JSON object, not {}", kind(other)),
        )),
    }
}

/// The JSON type of a value, as a message names it.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

struct Strict {
    value: Value,
    path: String,
    unknown: UnknownKeys,
}

fn visit_object<'de, V: Visitor<'de>>(
    map: Map<String, Value>,
    path: String,
    unknown: UnknownKeys,
    visitor: V,
) -> Result<V::Value, BodyError> {
    visitor.visit_map(StrictMap {
        entries: map.into_iter(),
        value: None,
        path,
        unknown,
    })
}

fn visit_array<'de, V: Visitor<'de>>(
    items: Vec<Value>,
    path: String,
    unknown: UnknownKeys,
    visitor: V,
) -> Result<V::Value, BodyError> {
    visitor.visit_seq(StrictSeq {
        items: items.into_iter(),
        index: 0,
        path,
        unknown,
    })
}

impl<'de> de::Deserializer<'de> for Strict {
    type Error = BodyError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BodyError> {
        match self.value {
            Value::Object(m) => visit_object(m, self.path, self.unknown, visitor),
            Value::Array(a) => visit_array(a, self.path, self.unknown, visitor),
            other => other.deserialize_any(visitor).map_err(from_json),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BodyError> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, BodyError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BodyError> {
        let m = match self.value {
            Value::Object(m) => m,
            other => {
                return Err(BodyError::at(
                    &self.path,
                    format!("must be a JSON object, not {}", kind(&other)),
                ));
            }
        };
        if self.unknown == UnknownKeys::Refuse
            && let Some(key) = m.keys().find(|k| !fields.contains(&k.as_str()))
        {
            return Err(BodyError::at(
                &child(&self.path, key),
                format!("unknown field; the fields here are {}", fields.join(", ")),
            ));
        }
        visit_object(m, self.path, self.unknown, visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BodyError> {
        match self.value {
            Value::Object(m) => visit_object(m, self.path, self.unknown, visitor),
            other => Err(BodyError::at(
                &self.path,
                format!("must be a JSON object, not {}", kind(&other)),
            )),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, BodyError> {
        match self.value {
            Value::Array(a) => visit_array(a, self.path, self.unknown, visitor),
            other => Err(BodyError::at(
                &self.path,
                format!("must be a JSON array, not {}", kind(&other)),
            )),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, BodyError> {
        self.value
            .deserialize_enum(name, variants, visitor)
            .map_err(from_json)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct tuple tuple_struct identifier ignored_any
    }
}

struct StrictMap {
    entries: serde_json::map::IntoIter,
    value: Option<(String, Value)>,
    path: String,
    unknown: UnknownKeys,
}

impl<'de> MapAccess<'de> for StrictMap {
    type Error = BodyError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, BodyError> {
        let Some((key, value)) = self.entries.next() else {
            return Ok(None);
        };
        let path = child(&self.path, &key);
        let k = seed
            .deserialize(key.into_deserializer())
            .map_err(|e: BodyError| e.locate(&path))?;
        self.value = Some((path, value));
        Ok(Some(k))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, BodyError> {
        let (path, value) = self
            .value
            .take()
            .ok_or_else(|| <BodyError as de::Error>::custom("a value without its key"))?;
        seed.deserialize(Strict {
            value,
            path: path.clone(),
            unknown: self.unknown,
        })
        .map_err(|e| e.locate(&path))
    }
}

struct StrictSeq {
    items: std::vec::IntoIter<Value>,
    index: usize,
    path: String,
    unknown: UnknownKeys,
}

impl<'de> SeqAccess<'de> for StrictSeq {
    type Error = BodyError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, BodyError> {
        let Some(value) = self.items.next() else {
            return Ok(None);
        };
        let path = format!("{}[{}]", self.path, self.index);
        self.index += 1;
        seed.deserialize(Strict {
            value,
            path: path.clone(),
            unknown: self.unknown,
        })
        .map(Some)
        .map_err(|e| e.locate(&path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code)]
    struct Inner {
        #[serde(default)]
        full_name: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        #[serde(default)]
        inner: Option<Inner>,
        #[serde(default)]
        items: Option<Vec<Inner>>,
        #[serde(default)]
        amount: Option<f64>,
        #[serde(default)]
        extra: Option<Value>,
    }

    fn error(v: Value, unknown: UnknownKeys) -> String {
        decode::<Outer>(v, unknown).unwrap_err().to_string()
    }

    #[test]
    fn arrays_are_not_structs() {
        assert_eq!(
            error(json!([]), UnknownKeys::Refuse),
            "the request body: must be a JSON object, not an array"
        );
        assert_eq!(
            error(json!({"inner": []}), UnknownKeys::Ignore),
            "inner: must be a JSON object, not an array"
        );
        assert_eq!(
            error(json!({"items": [{}, 3]}), UnknownKeys::Refuse),
            "items[1]: must be a JSON object, not a number"
        );
    }

    #[test]
    fn unknown_keys_are_refused_or_ignored() {
        assert_eq!(
            error(json!({"inner": {"fullNam": "x"}}), UnknownKeys::Refuse),
            "inner.fullNam: unknown field; the fields here are fullName"
        );
        let ok = decode::<Outer>(
            json!({"inner": {"fullNam": "x"}, "more": 1}),
            UnknownKeys::Ignore,
        )
        .unwrap();
        assert!(ok.inner.unwrap().full_name.is_none());
        // A free-form value keeps whatever it holds.
        let ok = decode::<Outer>(
            json!({"extra": {"any": [1, {"k": null}]}}),
            UnknownKeys::Refuse,
        )
        .unwrap();
        assert_eq!(ok.extra.unwrap()["any"][1], json!({"k": null}));
    }

    #[test]
    fn wrong_types_name_their_path() {
        let e = error(json!({"inner": {"fullName": 5}}), UnknownKeys::Refuse);
        assert!(
            e.starts_with("inner.fullName: invalid type: integer `5`"),
            "{e}"
        );
        let e = error(json!({"amount": "7"}), UnknownKeys::Refuse);
        assert!(e.starts_with("amount: invalid type"), "{e}");
        let ok = decode::<Outer>(json!({"amount": 7, "inner": null}), UnknownKeys::Refuse).unwrap();
        assert_eq!(ok.amount, Some(7.0));
    }
}
