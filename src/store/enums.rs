//! The domain's enums as text columns. Each enum derives diesel's `AsExpression` and
//! `FromSqlRow` with `sql_type = Text` and strum's names (`domain::names`); this file gives
//! every one of them the same `ToSql`/`FromSql` on both backends: the variant's name is
//! written, and a stored name that is no variant is a deserialization error, never a
//! default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::Text;

use crate::domain::names::Named;

macro_rules! stored_as_text {
    ($($t:ty),+ $(,)?) => {$(
        impl<DB: Backend> ToSql<Text, DB> for $t
        where
            str: ToSql<Text, DB>,
        {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
                <str as ToSql<Text, DB>>::to_sql(Named::as_str(*self), out)
            }
        }

        impl<DB: Backend> FromSql<Text, DB> for $t
        where
            String: FromSql<Text, DB>,
        {
            fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
                let name = <String as FromSql<Text, DB>>::from_sql(bytes)?;
                <$t as Named>::parse(&name).map_err(Into::into)
            }
        }
    )+};
}

use crate::domain::claim::{Category, ClaimState, LineSource};
use crate::domain::entry::{CashKind, CompensationKind, Funding, OtherCategory, PremisesFinancing};
use crate::domain::identity::{IdKind, Sex};
use crate::domain::organisation::{EmployerKind, OrgKind};
use crate::domain::participant::{EducationLevel, LabourStatus, Outcome, StatusAtStart};
use crate::domain::project::{DistributionKey, IndirectBase};
use crate::domain::roles::Role;
use crate::domain::upload::{UploadKind, UploadOutcome};
use crate::domain::workflow::{ReportState, TimesheetState};

stored_as_text!(
    Category,
    ClaimState,
    LineSource,
    CashKind,
    CompensationKind,
    Funding,
    OtherCategory,
    PremisesFinancing,
    IdKind,
    Sex,
    EmployerKind,
    OrgKind,
    EducationLevel,
    LabourStatus,
    Outcome,
    StatusAtStart,
    DistributionKey,
    IndirectBase,
    Role,
    ReportState,
    TimesheetState,
    UploadKind,
    UploadOutcome,
);

/// A set of roles is stored as its sorted comma-separated names ("economist,manager").
/// Its text is built for the statement, so each backend takes it owned or copied.
mod role_set {
    use diesel::deserialize::{self, FromSql};
    use diesel::pg::Pg;
    use diesel::serialize::{self, IsNull, Output, ToSql};
    use diesel::sql_types::Text;
    use diesel::sqlite::Sqlite;
    use std::io::Write;

    use crate::domain::roles::RoleSet;
    use crate::store::db::MultiBackend;

    impl ToSql<Text, Sqlite> for RoleSet {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
            out.set_value(self.to_stored());
            Ok(IsNull::No)
        }
    }

    impl ToSql<Text, Pg> for RoleSet {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
            out.write_all(self.to_stored().as_bytes())?;
            Ok(IsNull::No)
        }
    }

    impl ToSql<Text, MultiBackend> for RoleSet {
        fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, MultiBackend>) -> serialize::Result {
            out.set_value((Text, self));
            Ok(IsNull::No)
        }
    }

    impl<DB: diesel::backend::Backend> FromSql<Text, DB> for RoleSet
    where
        String: FromSql<Text, DB>,
    {
        fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
            let stored = <String as FromSql<Text, DB>>::from_sql(bytes)?;
            RoleSet::from_stored(&stored).map_err(Into::into)
        }
    }
}
