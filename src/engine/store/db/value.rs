//! Values crossing the store boundary: parameters going in ([`ToSql`] → [`Value`]) and columns
//! coming out ([`ValueRef`] → [`FromSql`]). Both backends store the same five kinds of value
//! (integers are 64-bit everywhere: PostgreSQL columns are BIGINT, flags are 0/1), plus a list
//! of ids as one parameter.

/// A parameter as bound to a statement.
#[derive(Clone, Debug)]
pub enum Value<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
    /// Sorted ids without repeats, read in SQL as `rarray(?n)`.
    Ids(&'a IdArray),
}

/// A column as read from a row.
#[derive(Clone, Copy, Debug)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// Ids as one statement parameter (see `store::id_array`).
#[derive(Clone, Debug, Default)]
pub struct IdArray {
    pub(super) ids: Vec<i64>,
}

impl IdArray {
    pub fn new(ids: impl IntoIterator<Item = i64>) -> Self {
        let ids: Vec<i64> = ids
            .into_iter()
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        IdArray { ids }
    }
}

/// Something that can be bound as a parameter.
pub trait ToSql {
    fn to_value(&self) -> Value<'_>;
}

/// An owned parameter, for statements whose parameters are built at run time.
#[derive(Clone, Debug)]
pub enum SqlValue {
    Null,
    Integer(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

impl ToSql for SqlValue {
    fn to_value(&self) -> Value<'_> {
        match self {
            SqlValue::Null => Value::Null,
            SqlValue::Integer(i) => Value::Integer(*i),
            SqlValue::Real(r) => Value::Real(*r),
            SqlValue::Text(t) => Value::Text(t),
            SqlValue::Blob(b) => Value::Blob(b),
        }
    }
}

impl From<i64> for SqlValue {
    fn from(v: i64) -> Self {
        SqlValue::Integer(v)
    }
}

impl From<String> for SqlValue {
    fn from(v: String) -> Self {
        SqlValue::Text(v)
    }
}

impl From<&str> for SqlValue {
    fn from(v: &str) -> Self {
        SqlValue::Text(v.to_owned())
    }
}

impl From<f64> for SqlValue {
    fn from(v: f64) -> Self {
        SqlValue::Real(v)
    }
}

/// None is NULL.
impl<T: Into<SqlValue>> From<Option<T>> for SqlValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(SqlValue::Null, Into::into)
    }
}

impl ToSql for IdArray {
    fn to_value(&self) -> Value<'_> {
        Value::Ids(self)
    }
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToSql + ?Sized> ToSql for Box<T> {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

impl ToSql for str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl ToSql for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl ToSql for [u8] {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl ToSql for Vec<u8> {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl ToSql for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Integer(i64::from(*self))
    }
}

impl ToSql for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

macro_rules! int_to_sql {
    ($($t:ty)*) => {$(
        impl ToSql for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Integer(*self as i64)
            }
        }
    )*};
}
int_to_sql!(i64 i32 i16 i8 u32 u16 u8 u64 usize);

/// A Rust value read from a column.
pub trait FromSql: Sized {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String>;
}

fn unexpected<T>(want: &str, v: ValueRef<'_>) -> Result<T, String> {
    Err(format!("expected {want}, found {v:?}"))
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Null => Ok(None),
            v => T::from_value(v).map(Some),
        }
    }
}

impl FromSql for i64 {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Integer(i) => Ok(i),
            v => unexpected("an integer", v),
        }
    }
}

macro_rules! int_from_sql {
    ($($t:ty)*) => {$(
        impl FromSql for $t {
            fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
                let i = i64::from_value(v)?;
                <$t>::try_from(i).map_err(|_| format!("{i} is out of range for {}", stringify!($t)))
            }
        }
    )*};
}
int_from_sql!(i32 i16 i8 u32 u16 u8 u64 usize);

impl FromSql for bool {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        Ok(i64::from_value(v)? != 0)
    }
}

impl FromSql for f64 {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Real(r) => Ok(r),
            ValueRef::Integer(i) => Ok(i as f64),
            v => unexpected("a number", v),
        }
    }
}

impl FromSql for String {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Text(t) => Ok(t.to_owned()),
            v => unexpected("text", v),
        }
    }
}

impl FromSql for Vec<u8> {
    fn from_value(v: ValueRef<'_>) -> Result<Self, String> {
        match v {
            ValueRef::Blob(b) => Ok(b.to_vec()),
            v => unexpected("a blob", v),
        }
    }
}
