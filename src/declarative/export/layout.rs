//! The TOML text of an export, laid out like the brief's examples: short lists of tables
//! (participants, resource labels, runs) and small tables (Studios, keys, secret variables,
//! default roles) written inline, one entry per line.

use crate::declarative::format::File;
use crate::domain::{Error, Result};

/// Keys whose lists of tables are written inline, one entry per line.
const INLINE_LISTS: &[&str] = &["participants", "resource_labels", "runs"];

/// Keys whose tables are written inline on one line.
const INLINE_TABLES: &[&str] = &["studios", "keys", "secret_env", "default_roles"];

pub fn to_toml(file: &File) -> Result<String> {
    let text = toml::to_string_pretty(file)
        .map_err(|e| Error::internal(format!("cannot write TOML: {e}")))?;
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e| Error::internal(format!("cannot reformat TOML: {e}")))?;
    inline_lists(doc.as_table_mut());
    Ok(doc.to_string())
}

/// Turns `[[...participants]]` tables into `participants = [ { ... }, ... ]` and
/// `[...studios]` into `studios = { ... }`.
fn inline_lists(table: &mut toml_edit::Table) {
    for (mut key, item) in table.iter_mut() {
        if INLINE_TABLES.contains(&key.get())
            && let Some(t) = item.as_table()
        {
            let mut inline = t.clone().into_inline_table();
            inline.fmt();
            *item = toml_edit::value(inline);
            key.leaf_decor_mut().set_suffix(" ");
        } else if INLINE_LISTS.contains(&key.get())
            && let Some(tables) = item.as_array_of_tables()
        {
            let mut array = toml_edit::Array::new();
            for t in tables.iter() {
                let mut inline = t.clone().into_inline_table();
                inline.fmt();
                array.push(inline);
            }
            for value in array.iter_mut() {
                value.decor_mut().set_prefix("\n  ");
            }
            array.set_trailing("\n");
            array.set_trailing_comma(true);
            *item = toml_edit::value(array);
            key.leaf_decor_mut().set_suffix(" ");
        } else if let Some(tables) = item.as_array_of_tables_mut() {
            for t in tables.iter_mut() {
                inline_lists(t);
            }
        } else if let Some(t) = item.as_table_mut() {
            inline_lists(t);
        }
    }
}
