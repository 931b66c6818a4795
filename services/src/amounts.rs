//! Amounts as the tables keep them: `BIGINT` đồng. `domain::Vnd` is read from a column
//! with `#[sqlx(try_from = "i64")]` (a negative stored amount is an error, not a
//! value) and bound with `.get()`; a nullable amount column reads through
//! [`StoredAmount`] into `Option<Vnd>`.

use domain::Vnd;
use sqlx::any::{AnyTypeInfo, AnyValueRef};
use sqlx::error::BoxDynError;
use sqlx::{Any, Decode, Type};

/// A nullable amount column, for `#[sqlx(try_from = "StoredAmount")]` on an
/// `Option<Vnd>` field.
#[derive(Debug, Clone, Copy)]
pub struct StoredAmount(Option<i64>);

impl Type<Any> for StoredAmount {
    fn type_info() -> AnyTypeInfo {
        <i64 as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <i64 as Type<Any>>::compatible(ty)
    }
}

impl<'r> Decode<'r, Any> for StoredAmount {
    fn decode(value: AnyValueRef<'r>) -> Result<Self, BoxDynError> {
        <Option<i64> as Decode<'r, Any>>::decode(value).map(Self)
    }
}

impl TryFrom<StoredAmount> for Option<Vnd> {
    type Error = domain::money::MoneyError;

    fn try_from(stored: StoredAmount) -> Result<Self, Self::Error> {
        stored.0.map(Vnd::try_new).transpose()
    }
}
