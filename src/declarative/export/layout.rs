//! The TOML text of an export, laid out like the brief's examples: short lists of tables
//! (participants, resource labels, runs) written inline one entry per line, small tables
//! (Studios, keys, secret variables, default roles) and short lists on one line, and an org's
//! and a workspace's keys in the order of the format.

use crate::declarative::format::File;
use crate::domain::{Error, Result};
use toml_edit::{Array, ArrayOfTables, Table, Value};

/// Keys whose lists of tables are written inline, one entry per line.
const INLINE_LISTS: &[&str] = &["participants", "resource_labels", "runs"];

/// Keys whose tables are written inline on one line.
const INLINE_TABLES: &[&str] = &["studios", "keys", "secret_env", "default_roles"];

/// Lists of values at most this long (on one line) are written on one line.
const SHORT_LIST: usize = 90;

const ORG_ORDER: &[&str] = &[
    "name",
    "full_name",
    "description",
    "location",
    "website",
    "tier",
    "owners",
    "members",
    "collaborators",
    "default_roles",
    "credits",
];

const WORKSPACE_ORDER: &[&str] = &[
    "name",
    "full_name",
    "description",
    "visibility",
    "participants",
    "studios",
    "labels",
    "resource_labels",
    "credits_allocation",
    "runs",
];

pub fn to_toml(file: &File) -> Result<String> {
    let text = toml::to_string_pretty(file)
        .map_err(|e| Error::internal(format!("cannot write TOML: {e}")))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Error::internal(format!("cannot reformat TOML: {e}")))?;
    lay_out(doc.as_table_mut(), None);
    Ok(doc.to_string())
}

/// Lays out one table; `order` is the key order of its kind (orgs, workspaces).
fn lay_out(table: &mut Table, order: Option<&[&str]>) {
    for (mut key, item) in table.iter_mut() {
        let name = key.get().to_string();
        if INLINE_TABLES.contains(&name.as_str())
            && let Some(t) = item.as_table()
        {
            let mut inline = t.clone().into_inline_table();
            inline.fmt();
            *item = toml_edit::value(inline);
            key.leaf_decor_mut().set_suffix(" ");
        } else if INLINE_LISTS.contains(&name.as_str())
            && let Some(tables) = item.as_array_of_tables()
        {
            *item = toml_edit::value(one_per_line(tables));
            key.leaf_decor_mut().set_suffix(" ");
        } else if let Some(tables) = item.as_array_of_tables_mut() {
            let order = match name.as_str() {
                "orgs" => Some(ORG_ORDER),
                "workspaces" => Some(WORKSPACE_ORDER),
                _ => None,
            };
            for t in tables.iter_mut() {
                lay_out(t, order);
            }
        } else if let Some(t) = item.as_table_mut() {
            lay_out(t, None);
        } else if let Some(array) = item.as_array_mut() {
            shorten(array);
        }
    }
    if let Some(order) = order {
        table.sort_values_by(|a, _, b, _| rank(order, a.get()).cmp(&rank(order, b.get())));
    }
}

/// Keys of the format's order first, in that order; any other keeps its place after them.
fn rank(order: &[&str], key: &str) -> usize {
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

/// `[ { ... }, { ... } ]` with one inline table per line; lists inside an entry on one line.
fn one_per_line(tables: &ArrayOfTables) -> Array {
    let mut array = Array::new();
    for t in tables.iter() {
        let mut inline = t.clone().into_inline_table();
        for (_, value) in inline.iter_mut() {
            if let Value::Array(list) = value {
                list.fmt();
            }
        }
        inline.fmt();
        array.push(inline);
    }
    for value in array.iter_mut() {
        value.decor_mut().set_prefix("\n  ");
    }
    array.set_trailing("\n");
    array.set_trailing_comma(true);
    array
}

/// Writes a list of plain values on one line when it is short.
fn shorten(array: &mut Array) {
    if array.iter().any(|v| v.is_inline_table() || v.is_array()) {
        return;
    }
    let mut one_line = array.clone();
    one_line.fmt();
    one_line.set_trailing("");
    one_line.set_trailing_comma(false);
    if one_line.to_string().len() <= SHORT_LIST {
        *array = one_line;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn orders_ranks_and_short_lists() {
        assert_eq!(rank(WORKSPACE_ORDER, "participants"), 4);
        assert_eq!(rank(WORKSPACE_ORDER, "credentials"), WORKSPACE_ORDER.len());
        assert_eq!(
            rank(ORG_ORDER, "credits").cmp(&rank(ORG_ORDER, "tier")),
            Ordering::Greater
        );
        let mut doc: toml_edit::DocumentMut = "a = [\n  \"x\",\n  \"y\",\n]\n".parse().unwrap();
        lay_out(doc.as_table_mut(), None);
        assert_eq!(doc.to_string(), "a = [\"x\", \"y\"]\n");
    }
}
