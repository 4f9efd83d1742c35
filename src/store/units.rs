//! Months and the unit types as integer columns: a month as its key YYYYMM (`Integer`),
//! money, rates and hours as their integer of öre, ppm or hundredths (`BigInt`). Row
//! structs carry the types, so nothing between the database and the wire is a bare
//! integer. A stored key that is no month is a read error, never a default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{BigInt, Integer};

use crate::domain::hours::CentiHours;
use crate::domain::money::Ore;
use crate::domain::period::Month;
use crate::domain::rate::Ppm;

impl<DB: Backend> ToSql<Integer, DB> for Month
where
    i32: ToSql<Integer, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        <i32 as ToSql<Integer, DB>>::to_sql(self.key_ref(), out)
    }
}

impl<DB: Backend> FromSql<Integer, DB> for Month
where
    i32: FromSql<Integer, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        let key = <i32 as FromSql<Integer, DB>>::from_sql(bytes)?;
        Month::from_key(key).map_err(Into::into)
    }
}

macro_rules! stored_as_bigint {
    ($($t:ty),+ $(,)?) => {$(
        impl<DB: Backend> ToSql<BigInt, DB> for $t
        where
            i64: ToSql<BigInt, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <i64 as ToSql<BigInt, DB>>::to_sql(self.stored(), out)
            }
        }

        impl<DB: Backend> FromSql<BigInt, DB> for $t
        where
            i64: FromSql<BigInt, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                <i64 as FromSql<BigInt, DB>>::from_sql(bytes).map(<$t>::new)
            }
        }
    )+};
}

stored_as_bigint!(Ore, Ppm, CentiHours);

#[cfg(test)]
mod tests {
    use diesel::dsl::sql;
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Integer};

    use super::*;

    #[test]
    fn months_and_units_round_trip_and_a_bad_key_is_a_read_error() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        let month: Month = diesel::select(sql::<Integer>("201303"))
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(month.to_string(), "2013-03");
        let bound: Month = diesel::select(Month::new(2014, 12).unwrap().into_sql::<Integer>())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(bound.to_key(), 201412);
        let bad = diesel::select(sql::<Integer>("201313")).get_result::<Month>(&mut conn);
        let Err(diesel::result::Error::DeserializationError(cause)) = bad else {
            panic!("a stored key that is no month must be a read error: {bad:?}");
        };
        assert!(format!("{cause:?}").contains("is not a month"), "{cause:?}");
        let ore: Ore = diesel::select(sql::<BigInt>("-3477600"))
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(ore, Ore::new(-3_477_600));
        let back: Ore = diesel::select(Ore::new(i64::MAX).into_sql::<BigInt>())
            .get_result(&mut conn)
            .unwrap();
        assert_eq!(back.get(), i64::MAX);
    }
}
