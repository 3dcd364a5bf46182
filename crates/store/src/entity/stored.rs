//! `Stored<T>`: a column of a domain enum kept as its snake_case name, so the stored text
//! stays what the migrations and reports expect while entities and use cases see the enum.
//! The one conversion each way; a name the enum does not know fails the read.

use domain::NamedEnum;
use sea_orm::sea_query::{ArrayType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, ColumnType, DbErr, QueryResult, TryGetError, TryGetable, Value};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Stored<T>(pub T);

impl<T: NamedEnum> From<T> for Stored<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

/// For views that hand the name on as text.
impl<T: NamedEnum> From<Stored<T>> for String {
    fn from(value: Stored<T>) -> Self {
        value.0.name().to_string()
    }
}

impl<T: NamedEnum> PartialEq<T> for Stored<T> {
    fn eq(&self, other: &T) -> bool {
        self.0.name() == other.name()
    }
}

impl<T: NamedEnum> From<Stored<T>> for Value {
    fn from(value: Stored<T>) -> Self {
        value.0.name().into()
    }
}

impl<T: NamedEnum> TryGetable for Stored<T> {
    fn try_get_by<I: ColIdx>(res: &QueryResult, index: I) -> Result<Self, TryGetError> {
        // Through String's own decoding, which reports NULL as such for `Option<Stored<T>>`.
        let text = String::try_get_by(res, index)?;
        T::from_name(&text)
            .map(Self)
            .ok_or_else(|| TryGetError::DbErr(DbErr::Type(format!("unknown stored name {text:?}"))))
    }
}

impl<T: NamedEnum> ValueType for Stored<T> {
    fn try_from(value: Value) -> Result<Self, ValueTypeErr> {
        match value {
            Value::String(Some(text)) => T::from_name(&text).map(Self).ok_or(ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }

    fn type_name() -> String {
        std::any::type_name::<T>().to_string()
    }

    fn array_type() -> ArrayType {
        <String as ValueType>::array_type()
    }

    fn column_type() -> ColumnType {
        <String as ValueType>::column_type()
    }
}

impl<T> Nullable for Stored<T> {
    fn null() -> Value {
        <String as Nullable>::null()
    }
}
