//! The SQLite side of [`Db`](super::Db): rusqlite with its statement cache; values pass through
//! unchanged (SQL is written in SQLite's dialect).

use super::{DbError, DbResult, Row, RowInner, Value, ValueRef};
use rusqlite::types::{ToSqlOutput, ValueRef as SqliteRef};

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(SqliteRef::Null),
            Value::Integer(i) => ToSqlOutput::Borrowed(SqliteRef::Integer(*i)),
            Value::Real(r) => ToSqlOutput::Borrowed(SqliteRef::Real(*r)),
            Value::Text(t) => ToSqlOutput::Borrowed(SqliteRef::Text(t.as_bytes())),
            Value::Blob(b) => ToSqlOutput::Borrowed(SqliteRef::Blob(b)),
            Value::Ids(a) => {
                let array: rusqlite::vtab::array::Array = std::rc::Rc::new(
                    a.ids
                        .iter()
                        .map(|&i| rusqlite::types::Value::Integer(i))
                        .collect(),
                );
                // What `rarray` reads (rusqlite's own `Array` binds exactly this way).
                ToSqlOutput::from_rc(array, c"rarray")
            }
        })
    }
}

fn bind<'a>(values: &'a [Value<'a>]) -> rusqlite::ParamsFromIter<std::slice::Iter<'a, Value<'a>>> {
    rusqlite::params_from_iter(values.iter())
}

pub(super) fn execute(
    conn: &rusqlite::Connection,
    sql: &str,
    values: &[Value<'_>],
) -> DbResult<usize> {
    conn.execute(sql, bind(values)).map_err(DbError::from)
}

pub(super) fn value<'a>(row: &'a rusqlite::Row<'a>, idx: usize) -> DbResult<ValueRef<'a>> {
    Ok(match row.get_ref(idx)? {
        SqliteRef::Null => ValueRef::Null,
        SqliteRef::Integer(i) => ValueRef::Integer(i),
        SqliteRef::Real(r) => ValueRef::Real(r),
        SqliteRef::Text(t) => {
            ValueRef::Text(std::str::from_utf8(t).map_err(|e| DbError::conversion(idx, e))?)
        }
        SqliteRef::Blob(b) => ValueRef::Blob(b),
    })
}

/// A cached or a one-off rusqlite statement.
pub(super) enum Statement<'a> {
    Cached(rusqlite::CachedStatement<'a>),
    Plain(rusqlite::Statement<'a>),
}

impl<'a> Statement<'a> {
    pub(super) fn cached(conn: &'a rusqlite::Connection, sql: &str) -> DbResult<Self> {
        Ok(Statement::Cached(conn.prepare_cached(sql)?))
    }

    pub(super) fn plain(conn: &'a rusqlite::Connection, sql: &str) -> DbResult<Self> {
        Ok(Statement::Plain(conn.prepare(sql)?))
    }

    pub(super) fn raw(&self) -> &rusqlite::Statement<'a> {
        match self {
            Statement::Cached(s) => s,
            Statement::Plain(s) => s,
        }
    }

    fn raw_mut(&mut self) -> &mut rusqlite::Statement<'a> {
        match self {
            Statement::Cached(s) => s,
            Statement::Plain(s) => s,
        }
    }

    pub(super) fn execute(&mut self, values: &[Value<'_>]) -> DbResult<usize> {
        self.raw_mut().execute(bind(values)).map_err(DbError::from)
    }

    pub(super) fn query_map<T, F>(
        &mut self,
        values: &[Value<'_>],
        mut f: F,
    ) -> DbResult<std::vec::IntoIter<DbResult<T>>>
    where
        F: FnMut(&Row<'_>) -> DbResult<T>,
    {
        let mut rows = self.raw_mut().query(bind(values))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mapped = f(&Row {
                inner: RowInner::Sqlite(row),
            });
            let failed = mapped.is_err();
            out.push(mapped);
            if failed {
                break;
            }
        }
        Ok(out.into_iter())
    }

    pub(super) fn query_row<T, F>(&mut self, values: &[Value<'_>], f: F) -> DbResult<T>
    where
        F: FnOnce(&Row<'_>) -> DbResult<T>,
    {
        let mut rows = self.raw_mut().query(bind(values))?;
        match rows.next()? {
            Some(row) => f(&Row {
                inner: RowInner::Sqlite(row),
            }),
            None => Err(DbError::NoRows),
        }
    }
}
