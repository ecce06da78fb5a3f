//! Three-way merge of an update, so that no writer silently undoes another's change.
//!
//! A writer that read an object (`base`) and wants it to become `wanted` writes only the fields
//! it changes; every other field keeps what is there now (`current`), even if another writer
//! changed it in between. Only when another writer changed the *same* field to something else is
//! the update refused, with a message that names the object and the field. `apply`, the remote
//! client and the terminal UI's edit forms all merge through here.

use crate::domain::{Error, Result};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// What a writer saw (`base`) and what it wants (`wanted`), merged into what is there now.
///
/// Fields are compared as their serialized (serde) form, one top-level field at a time.
pub fn merge3<T>(object: &str, base: &T, wanted: &T, current: &T) -> Result<T>
where
    T: Serialize + DeserializeOwned,
{
    let (base, wanted, current) = (fields(base)?, fields(wanted)?, fields(current)?);
    let mut merged = current.clone();
    for (name, want) in &wanted {
        let saw = base.get(name).unwrap_or(&Value::Null);
        let now = current.get(name).unwrap_or(&Value::Null);
        if want == saw || want == now {
            continue;
        }
        if now != saw {
            return Err(conflict(object, name, saw, now));
        }
        merged.insert(name.clone(), want.clone());
    }
    serde_json::from_value(Value::Object(merged))
        .map_err(|e| Error::internal(format!("{object}: cannot merge the update: {e}")))
}

/// What an update writes: with the state its writer read (`base`), only the fields it changes,
/// merged into what is there now; without one (a change built by hand), `wanted` as it is.
pub fn merged<T>(object: &str, base: &Option<T>, wanted: &T, now: &T) -> Result<T>
where
    T: Serialize + DeserializeOwned + Clone,
{
    match base {
        Some(base) => merge3(object, base, wanted, now),
        None => Ok(wanted.clone()),
    }
}

/// One value (a role, a flag) that a writer saw as `base` and wants as `wanted`: refused when
/// another writer set it to a third value in between.
pub fn check_unchanged<T: PartialEq + std::fmt::Debug>(
    object: &str,
    field: &str,
    base: &T,
    wanted: &T,
    current: &T,
) -> Result<()> {
    if current == base || current == wanted {
        return Ok(());
    }
    Err(Error::conflict(format!(
        "{object} was changed by another writer since this was read ({field} was {}, is now {}); \
         nothing of it was overwritten: read it again and retry",
        shown(&format!("{base:?}")),
        shown(&format!("{current:?}"))
    )))
}

fn fields<T: Serialize>(value: &T) -> Result<Map<String, Value>> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Ok(Map::from_iter([(String::from("value"), other)])),
        Err(e) => Err(Error::internal(format!("cannot compare an update: {e}"))),
    }
}

fn conflict(object: &str, field: &str, saw: &Value, now: &Value) -> Error {
    Error::conflict(format!(
        "{object} was changed by another writer since this was read ({} was {}, is now {}); \
         nothing of it was overwritten: read it again and retry",
        field_name(field),
        shown(&saw.to_string()),
        shown(&now.to_string())
    ))
}

/// `full_name` -> `full name`, as the rest of nfdeck's messages name fields.
fn field_name(field: &str) -> String {
    field.replace('_', " ")
}

/// A value as a message shows it: short, never a wall of text.
fn shown(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    struct Ws {
        description: String,
        visibility: String,
        lifespan: u32,
    }

    fn ws(description: &str, visibility: &str, lifespan: u32) -> Ws {
        Ws {
            description: description.into(),
            visibility: visibility.into(),
            lifespan,
        }
    }

    #[test]
    fn a_change_to_another_field_is_kept() {
        let base = ws("old", "PRIVATE", 8);
        let wanted = ws("new", "PRIVATE", 8);
        let current = ws("old", "SHARED", 12);
        let merged = merge3("workspace a/b", &base, &wanted, &current).unwrap();
        assert_eq!(merged, ws("new", "SHARED", 12));
    }

    #[test]
    fn the_same_field_changed_twice_is_refused_and_named() {
        let base = ws("old", "PRIVATE", 8);
        let wanted = ws("mine", "PRIVATE", 8);
        let current = ws("theirs", "PRIVATE", 8);
        let e = merge3("workspace a/b", &base, &wanted, &current).unwrap_err();
        assert_eq!(e.kind, crate::domain::ErrorKind::Conflict);
        assert!(e.message.contains("workspace a/b was changed by another writer"));
        assert!(e.message.contains("description was \"old\", is now \"theirs\""));
    }

    #[test]
    fn both_writers_wanting_the_same_value_agree() {
        let base = ws("old", "PRIVATE", 8);
        let wanted = ws("new", "PRIVATE", 8);
        let current = ws("new", "PRIVATE", 9);
        assert_eq!(
            merge3("w", &base, &wanted, &current).unwrap(),
            ws("new", "PRIVATE", 9)
        );
    }

    #[test]
    fn a_single_value_changed_by_someone_else_is_refused() {
        assert!(check_unchanged("p", "role", &1, &2, &1).is_ok());
        assert!(check_unchanged("p", "role", &1, &2, &2).is_ok());
        let e = check_unchanged("participant x", "role", &1, &2, &3).unwrap_err();
        assert!(e.message.contains("role was 1, is now 3"), "{}", e.message);
    }
}
