//! One pass over a JSON value that finds every value of another type than the one a request
//! type expects, and what to put in its place: the same value in the expected type when it
//! converts without loss (`2.0` or `"2"` for an integer, `4242` for a string), else null (the
//! field is then absent). `trace_body::lenient` applies them all, then decodes once more.
//!
//! Before this, each such value cost a whole decoding of the body (serde stops at the first
//! error), so a 30 MB report with 1,000 of them cost about four times a valid one.
//!
//! The probe decodes the request type from the value as serde would, except that where a
//! value does not fit it notes the repair and hands the type a neutral stand-in (0, "", false,
//! an empty list or object) so that the rest of the body is still looked at. The result of a
//! pass that needed repairs is thrown away: the stand-ins are not the absent fields the
//! repairs make. A pass that needed none is the decoded body.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Error, Map, Value};
use std::cell::RefCell;

/// A value to replace: where it is, what replaces it (null when it cannot be converted), and
/// what was expected there, for the log.
#[derive(Clone, Debug, PartialEq)]
pub struct Repair {
    pub path: Vec<Step>,
    pub with: Value,
    pub expected: &'static str,
}

/// One step of a path into a JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

impl Repair {
    /// The path as serde_path_to_error writes it (`tasks[0].cpus`), for the log.
    pub fn field(&self) -> String {
        let mut out = String::new();
        for step in &self.path {
            match step {
                Step::Key(key) if out.is_empty() => out.push_str(key),
                Step::Key(key) => {
                    out.push('.');
                    out.push_str(key);
                }
                Step::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        if out.is_empty() { ".".into() } else { out }
    }

    /// Puts the replacement in place in `root`; false when that changes nothing (a null
    /// where a value is required is noted as null again).
    pub fn apply(&self, root: &mut Value) -> bool {
        let mut node = root;
        for step in &self.path {
            let next = match step {
                Step::Key(key) => node.get_mut(key.as_str()),
                Step::Index(i) => node.get_mut(*i),
            };
            match next {
                Some(next) => node = next,
                None => return false,
            }
        }
        if *node == self.with {
            return false;
        }
        *node = self.with.clone();
        true
    }
}

/// Decodes `T` from `value`, noting every value that does not fit. With no repairs the result
/// is `T` as serde would decode it; with some, the result is only a stand-in (see the module).
/// An error is one the probe cannot step over (a type's own check); the caller handles it as
/// before.
pub fn probe<'de, T: de::Deserialize<'de>>(value: &'de Value) -> (Result<T, Error>, Vec<Repair>) {
    let repairs = RefCell::new(Vec::new());
    let result = T::deserialize(Probe {
        value,
        path: &Path::Root,
        repairs: &repairs,
    });
    (result, repairs.into_inner())
}

/// The path to the value being decoded, as a chain on the stack (nothing is allocated unless a
/// repair is noted).
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl Path<'_> {
    fn steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        let mut at = self;
        loop {
            match at {
                Path::Root => break,
                Path::Key(parent, key) => {
                    steps.push(Step::Key((*key).to_string()));
                    at = parent;
                }
                Path::Index(parent, i) => {
                    steps.push(Step::Index(*i));
                    at = parent;
                }
            }
        }
        steps.reverse();
        steps
    }
}

struct Probe<'de, 'a> {
    value: &'de Value,
    path: &'a Path<'a>,
    repairs: &'a RefCell<Vec<Repair>>,
}

impl<'de> Probe<'de, '_> {
    fn note(&self, with: Value, expected: &'static str) {
        self.repairs.borrow_mut().push(Repair {
            path: self.path.steps(),
            with,
            expected,
        });
    }

    /// The integer in `lo..=hi` this value is, or converts to without loss; `None` when it
    /// neither is nor converts (noted as null). A conversion is noted.
    fn integer(&self, lo: i128, hi: i128, expected: &'static str) -> Option<i128> {
        let exact = match self.value {
            Value::Number(n) => n.as_i64().map(i128::from).or(n.as_u64().map(i128::from)),
            _ => None,
        };
        let converted = match self.value {
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i128),
            Value::String(s) => s.trim().parse::<i128>().ok(),
            _ => None,
        };
        let in_range = |n: &i128| (lo..=hi).contains(n);
        if let Some(n) = exact.filter(in_range) {
            return Some(n);
        }
        match converted.filter(|n| exact.is_none() && in_range(n)) {
            Some(n) => {
                self.note(integer_value(n), expected);
                Some(n)
            }
            None => {
                self.note(Value::Null, expected);
                None
            }
        }
    }

    fn visit_integer<V: Visitor<'de>>(
        self,
        lo: i128,
        hi: i128,
        expected: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.integer(lo, hi, expected).unwrap_or(0) {
            n if n < 0 => visitor.visit_i64(n as i64),
            n => visitor.visit_u64(n as u64),
        }
    }
}

fn integer_value(n: i128) -> Value {
    match i64::try_from(n) {
        Ok(n) => Value::from(n),
        Err(_) => Value::from(n as u64),
    }
}

macro_rules! integers {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
                let (lo, hi) = (<$ty>::MIN as i128, <$ty>::MAX as i128);
                self.visit_integer(lo, hi, stringify!($ty), visitor)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for Probe<'de, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => visitor.visit_seq(Items::new(items, self.path, self.repairs)),
            Value::Object(map) => visitor.visit_map(Fields::new(map, self.path, self.repairs)),
            Value::String(s) => visitor.visit_borrowed_str(s),
            scalar => scalar.deserialize_any(visitor),
        }
    }

    integers! {
        deserialize_i8: i8, deserialize_i16: i16, deserialize_i32: i32, deserialize_i64: i64,
        deserialize_u8: u8, deserialize_u16: u16, deserialize_u32: u32, deserialize_u64: u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let n = match self.value {
            Value::Number(_) => return self.value.deserialize_f64(visitor),
            Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
            _ => None,
        };
        self.note(n.map_or(Value::Null, Value::from), "a number");
        visitor.visit_f64(n.unwrap_or(0.0))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let b = match self.value {
            Value::Bool(b) => return visitor.visit_bool(*b),
            Value::String(s) => match s.trim() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            _ => None,
        };
        self.note(b.map_or(Value::Null, Value::Bool), "a boolean");
        visitor.visit_bool(b.unwrap_or(false))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Number(_) | Value::Bool(_) => {
                let text = self.value.to_string();
                self.note(Value::String(text.clone()), "a string");
                visitor.visit_string(text)
            }
            _ => {
                self.note(Value::Null, "a string");
                visitor.visit_borrowed_str("")
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if !self.value.is_null() {
            self.note(Value::Null, "null");
        }
        visitor.visit_unit()
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Array(items) => visitor.visit_seq(Items::new(items, self.path, self.repairs)),
            _ => {
                self.note(Value::Null, "an array");
                visitor.visit_seq(Items::new(&[], self.path, self.repairs))
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value {
            Value::Object(map) => visitor.visit_map(Fields::new(map, self.path, self.repairs)),
            _ => {
                self.note(Value::Null, "an object");
                visitor.visit_map(Fields::empty(self.path, self.repairs))
            }
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    /// A real enum's own checks are serde_json's; the request types' enums are strings
    /// (`wire_enum!`), read through `deserialize_string`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.value.deserialize_enum(name, variants, visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

/// An array's items, each probed at its index.
struct Items<'de, 'a> {
    items: std::iter::Enumerate<std::slice::Iter<'de, Value>>,
    path: &'a Path<'a>,
    repairs: &'a RefCell<Vec<Repair>>,
}

impl<'de, 'a> Items<'de, 'a> {
    fn new(items: &'de [Value], path: &'a Path<'a>, repairs: &'a RefCell<Vec<Repair>>) -> Self {
        Items {
            items: items.iter().enumerate(),
            path,
            repairs,
        }
    }
}

impl<'de> SeqAccess<'de> for Items<'de, '_> {
    type Error = Error;

    fn next_element_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<Option<S::Value>, Error> {
        let Some((i, value)) = self.items.next() else {
            return Ok(None);
        };
        let path = Path::Index(self.path, i);
        seed.deserialize(Probe {
            value,
            path: &path,
            repairs: self.repairs,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// An object's fields, each value probed at its key.
struct Fields<'de, 'a> {
    fields: Option<serde_json::map::Iter<'de>>,
    /// The value of the key last read, for `next_value_seed`.
    pending: Option<(&'de str, &'de Value)>,
    path: &'a Path<'a>,
    repairs: &'a RefCell<Vec<Repair>>,
}

impl<'de, 'a> Fields<'de, 'a> {
    fn new(
        map: &'de Map<String, Value>,
        path: &'a Path<'a>,
        repairs: &'a RefCell<Vec<Repair>>,
    ) -> Self {
        Fields {
            fields: Some(map.iter()),
            pending: None,
            path,
            repairs,
        }
    }

    fn empty(path: &'a Path<'a>, repairs: &'a RefCell<Vec<Repair>>) -> Self {
        Fields {
            fields: None,
            pending: None,
            path,
            repairs,
        }
    }
}

impl<'de> MapAccess<'de> for Fields<'de, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.fields.as_mut().and_then(Iterator::next) else {
            return Ok(None);
        };
        self.pending = Some((key.as_str(), value));
        seed.deserialize(BorrowedStrDeserializer::new(key.as_str()))
            .map(Some)
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let Some((key, value)) = self.pending.take() else {
            return Err(de::Error::custom("a value was asked for before its key"));
        };
        let path = Path::Key(self.path, key);
        seed.deserialize(Probe {
            value,
            path: &path,
            repairs: self.repairs,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.fields.as_ref().map(|f| f.len())
    }
}
