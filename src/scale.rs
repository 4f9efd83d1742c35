//! Realistic, deterministic data at scale for the Plug In tree (`esf-ledger seed --scale`):
//! staff with salary histories, daily timesheets, premises, other costs and cash
//! co-financing, participants with enrolments, attendance and compensation, every month
//! consolidated through the chain, and a claim per quarter issued through the service.
//! Everything but the claims is written set-based in SQL (one INSERT … SELECT per table,
//! the same text on both databases apart from number series and dates), so national
//! scale takes seconds, not hours. Values derive from ids by fixed arithmetic: the same
//! preset on an empty database always gives the same figures.

use std::time::Instant;

use diesel::RunQueryDsl;
use serde::Serialize;

use crate::domain::period::Month;
use crate::error::{AppError, AppResult};
use crate::service::claims::{self};
use crate::store::{Backend, DbConnection};
use crate::views::claims::{ClaimInput, IssueInput};

/// A size of data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// 2 staff per organisation, 3 months, 200 participants.
    Small,
    /// 10 staff per organisation, 12 months, 2 000 participants.
    Regional,
    /// 40 staff per organisation (3 040), 36 months, 10 000 participants: ~2 million
    /// timesheet rows.
    National,
}

impl Scale {
    fn staff_per_organisation(self) -> u32 {
        match self {
            Scale::Small => 2,
            Scale::Regional => 10,
            Scale::National => 40,
        }
    }

    /// How many months are generated, from January 2012.
    pub fn months(self) -> u32 {
        match self {
            Scale::Small => 3,
            Scale::Regional => 12,
            Scale::National => 36,
        }
    }

    pub fn participants(self) -> u32 {
        match self {
            Scale::Small => 200,
            Scale::Regional => 2_000,
            Scale::National => 10_000,
        }
    }

    /// The first and the last generated month.
    pub fn generated_months(self) -> (Month, Month) {
        let first = Month::new(FIRST_YEAR as i32, 1).expect("January of the first year");
        let last = (1..self.months()).fold(first, |m, _| m.next());
        (first, last)
    }
}

/// What was generated and how long each part took.
#[derive(Debug, Clone, Serialize)]
pub struct ScaleReport {
    pub staff: i64,
    pub timesheets: i64,
    pub timesheet_rows: i64,
    pub other_entries: i64,
    pub participants: i64,
    pub compensation: i64,
    pub claims: usize,
    pub entries_seconds: f64,
    pub claims_seconds: f64,
}

/// Days of work in each timesheet (the 1st to the 19th).
const DAYS: u32 = 19;
/// The first month of generated data (the project's first month in the fixtures).
const FIRST_YEAR: u32 = 2012;

struct Sql {
    pg: bool,
    user: i64,
}

impl Sql {
    fn numbers(&self, n: u32) -> String {
        if self.pg {
            format!("SELECT generate_series(0, {}) AS n", n - 1)
        } else {
            format!(
                "WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < {}) SELECT n FROM c",
                n - 1
            )
        }
    }

    /// Month keys (YYYYMM) of the first `n` months from January 2012, as column `m`,
    /// with their index as `i`.
    fn months(&self, n: u32) -> String {
        format!(
            "SELECT n AS i, ({FIRST_YEAR} + n / 12) * 100 + (n % 12) + 1 AS m FROM ({}) x",
            self.numbers(n)
        )
    }

    /// A date expression from a YYYYMM key expression and a day expression.
    fn date(&self, key: &str, day: &str) -> String {
        if self.pg {
            format!(
                "make_date(CAST(({key}) / 100 AS INTEGER), CAST(({key}) % 100 AS INTEGER), CAST({day} AS INTEGER))"
            )
        } else {
            format!("printf('%04d-%02d-%02d', ({key}) / 100, ({key}) % 100, {day})")
        }
    }

    fn key_of(index: &str) -> String {
        format!("(({FIRST_YEAR} + ({index}) / 12) * 100 + ({index}) % 12 + 1)")
    }

    fn run(&self, conn: &mut DbConnection, sql: &str) -> AppResult<usize> {
        diesel::sql_query(sql)
            .execute(conn)
            .map_err(|e| AppError::Internal(format!("generating scale data: {e}")))
    }
}

fn count(conn: &mut DbConnection, table: &str) -> AppResult<i64> {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    Ok(
        diesel::sql_query(format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {table}"))
            .get_result::<N>(conn)
            .map_err(|e| AppError::Internal(e.to_string()))?
            .n,
    )
}

fn user_id(conn: &mut DbConnection, email: &str) -> AppResult<i64> {
    crate::store::users::find_by_email(conn, email)?
        .map(|u| u.id)
        .ok_or_else(|| {
            AppError::conflict(
                "users",
                format!("{email} is missing: scale data needs the demo users (seed without --without-users)"),
            )
        })
}

/// Fills an empty (seeded) database with the preset and issues its quarterly claims
/// (only the first `claims` of them when given); refuses a database with entries.
pub fn generate(
    conn: &mut DbConnection,
    scale: Scale,
    claims: Option<u32>,
) -> AppResult<ScaleReport> {
    if count(conn, "staff")? > 0 || count(conn, "participants")? > 0 {
        return Err(AppError::conflict(
            "database",
            "the database already has staff or participants; scale data goes into a freshly seeded database",
        ));
    }
    let manager = user_id(conn, "skl.manager@plugin.example")?;
    let started = Instant::now();
    generate_entries(conn, scale)?;
    let entries_seconds = started.elapsed().as_secs_f64();
    let started = Instant::now();
    let generation = crate::store::users::find(conn, manager)?.map_or(0, |u| u.token_generation);
    let actor = crate::service::auth::load_actor(
        conn,
        crate::auth::token::Subject {
            user_id: manager,
            generation,
        },
    )?;
    let mut issued = 0;
    let (mut from, _) = scale.generated_months();
    let quarters = scale.months() / 3;
    for _ in 0..claims.map_or(quarters, |n| n.min(quarters)) {
        let to = from.next().next();
        let draft = claims::create(conn, &actor, ClaimInput { from, to })?;
        // Sent a fortnight after the quarter, as a historical claim is recorded.
        let sent_on = (to.last_day() + chrono::Days::new(14)).min(chrono::Utc::now().date_naive());
        claims::issue(
            conn,
            &actor,
            draft.id,
            IssueInput {
                version: draft.version,
                sent_on: Some(sent_on.into()),
            },
        )?;
        issued += 1;
        from = to.next();
    }
    Ok(ScaleReport {
        staff: count(conn, "staff")?,
        timesheets: count(conn, "timesheets")?,
        timesheet_rows: count(conn, "timesheet_rows")?,
        other_entries: count(conn, "premises")?
            + count(conn, "other_costs")?
            + count(conn, "cash_cofinancing")?,
        participants: count(conn, "participants")?,
        compensation: count(conn, "compensation")?,
        claims: issued,
        entries_seconds,
        claims_seconds: started.elapsed().as_secs_f64(),
    })
}

/// Everything but the claims, in one transaction (the benchmarks draft their own
/// claims over it).
pub fn generate_entries(conn: &mut DbConnection, scale: Scale) -> AppResult<()> {
    let economist = user_id(conn, "skl.economist@plugin.example")?;
    let manager = user_id(conn, "skl.manager@plugin.example")?;
    let sql = Sql {
        pg: conn.backend() == Backend::Postgres,
        user: economist,
    };
    conn.write_tx(|conn| entries(conn, &sql, scale, manager))?;
    // Millions of rows just arrived: give the planners their statistics now (SQLite
    // never gathers them by itself; PostgreSQL's autovacuum would, later).
    diesel::sql_query("ANALYZE").execute(conn)?;
    Ok(())
}

fn entries(conn: &mut DbConnection, q: &Sql, scale: Scale, manager: i64) -> AppResult<()> {
    let now = "CURRENT_TIMESTAMP";
    let user = q.user;
    let months = q.months(scale.months());
    q.run(conn, &format!(
        "INSERT INTO staff (organisation_id, name, employee_number, active, version, created_at, updated_at) \
         SELECT o.id, 'Anställd ' || CAST(k.n + 1 AS TEXT), 'S' || CAST(o.id AS TEXT) || '-' || CAST(k.n + 1 AS TEXT), TRUE, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({}) k", q.numbers(scale.staff_per_organisation())))?;
    // Salary history: 30 000 a month full time from the start; every third person gets
    // 31 500 from January 2014; every seventh works half time on half the salary.
    q.run(conn, &format!(
        "INSERT INTO salary_records (staff_id, valid_from, monthly_salary_ore, employment_rate_ppm, version, created_at, updated_at) \
         SELECT id, {FIRST_YEAR}01, CASE WHEN id % 7 = 0 THEN 1500000 ELSE 3000000 END, \
         CASE WHEN id % 7 = 0 THEN 500000 ELSE 1000000 END, 1, {now}, {now} FROM staff"))?;
    q.run(conn, &format!(
        "INSERT INTO salary_records (staff_id, valid_from, monthly_salary_ore, employment_rate_ppm, version, created_at, updated_at) \
         SELECT id, 201401, CASE WHEN id % 7 = 0 THEN 1575000 ELSE 3150000 END, \
         CASE WHEN id % 7 = 0 THEN 500000 ELSE 1000000 END, 1, {now}, {now} FROM staff WHERE id % 3 = 0"))?;
    // 19 days a month of 7 or 7.5 hours (half time: 3.5 or 3.75) at the rate of the
    // salary record: 289.80 SEK/h (30 000 × 12 × 1.3846 / 1 720), 304.29 after a raise.
    // Every fifth person is the municipality's own staff: in kind.
    let day_hours = "CASE WHEN s.id % 7 = 0 THEN (CASE WHEN s.id % 2 = 0 THEN 350 ELSE 375 END) \
                     ELSE (CASE WHEN s.id % 2 = 0 THEN 700 ELSE 750 END) END";
    let rate = "CASE WHEN s.id % 3 = 0 AND mm.m >= 201401 THEN 30429 ELSE 28980 END";
    q.run(conn, &format!(
        "INSERT INTO timesheets (organisation_id, staff_id, month, funding, state, entered_by, signed_by, attested_by, \
         hours_centi, hourly_rate_ore, cost_ore, version, created_at, updated_at) \
         SELECT s.organisation_id, s.id, mm.m, CASE WHEN s.id % 5 = 0 THEN 'in_kind' ELSE 'project' END, 'attested', \
         {user}, {user}, {manager}, {DAYS} * {day_hours}, {rate}, ({DAYS} * {day_hours} * {rate} + 50) / 100, 3, {now}, {now} \
         FROM staff s CROSS JOIN ({months}) mm"))?;
    let day = q.date("t.month", "d.n + 1");
    q.run(conn, &format!(
        "INSERT INTO timesheet_rows (timesheet_id, work_date, hours_centi, note) \
         SELECT t.id, {day}, t.hours_centi / {DAYS}, 'Metodverkstad' FROM timesheets t CROSS JOIN ({}) d",
        q.numbers(DAYS)))?;
    // Per organisation and month: premises (every fifth provided free, in kind), three
    // other costs and a cash co-financing payment.
    q.run(conn, &format!(
        "INSERT INTO premises (organisation_id, month, description, monthly_cost_ore, share_ppm, financing, amount_ore, created_by, version, created_at, updated_at) \
         SELECT o.id, mm.m, 'Metodverkstan', 1200000, 400000, CASE WHEN o.id % 5 = 0 THEN 'in_kind' ELSE 'cash' END, 480000, {user}, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({months}) mm"))?;
    let cost_date = q.date("mm.m", "10 + k.n");
    q.run(conn, &format!(
        "INSERT INTO other_costs (organisation_id, month, cost_date, category, amount_ore, supplier, voucher_number, description, created_by, version, created_at, updated_at) \
         SELECT o.id, mm.m, {cost_date}, CASE k.n WHEN 0 THEN 'services' WHEN 1 THEN 'travel' ELSE 'materials' END, \
         150000 + (o.id * 7919 + mm.i * 104729 + k.n * 1299709) % 400000, \
         CASE k.n WHEN 0 THEN 'Handledning AB' WHEN 1 THEN 'Västtrafik' ELSE 'Kontorsvaror AB' END, \
         'V' || CAST(mm.m AS TEXT) || '-' || CAST(k.n + 1 AS TEXT), 'Kostnad', {user}, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({months}) mm CROSS JOIN ({}) k",
        q.numbers(3)))?;
    q.run(conn, &format!(
        "INSERT INTO cash_cofinancing (organisation_id, month, kind, amount_ore, paid_by, created_by, version, created_at, updated_at) \
         SELECT o.id, mm.m, CASE WHEN o.parent_id IS NULL THEN 'owner_cash' ELSE 'public_cash' END, \
         1000000 + (o.id * 31 + mm.i * 17) % 20 * 50000, 'Arbetsförmedlingen', {user}, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({months}) mm"))?;
    participants(conn, q, scale)?;
    // Every report through the chain: submitted by the organisation, decided above it.
    q.run(conn, &format!(
        "INSERT INTO monthly_reports (organisation_id, month, state, submitted_by, submitted_at, decided_by, decided_at, version, updated_at) \
         SELECT o.id, mm.m, 'consolidated', {user}, {now}, {manager}, {now}, 3, {now} FROM organisations o CROSS JOIN ({months}) mm"))?;
    Ok(())
}

/// Participants in the municipalities, each enrolled for six months starting in one of
/// the generated months, with attendance and youth compensation every month enrolled.
fn participants(conn: &mut DbConnection, q: &Sql, scale: Scale) -> AppResult<()> {
    let now = "CURRENT_TIMESTAMP";
    let user = q.user;
    let n = scale.participants();
    let span = scale.months().saturating_sub(5).max(1);
    // Birth dates from 1993-01-01 onwards (16 or older at any start), one serial per person: unique 12-digit numbers.
    let identity = if q.pg {
        "to_char(DATE '1993-01-01' + (k.n % 1000), 'YYYYMMDD') || lpad(CAST(k.n / 1000 + 1000 AS TEXT), 4, '0')"
    } else {
        "strftime('%Y%m%d', date('1993-01-01', '+' || (k.n % 1000) || ' days')) || printf('%04d', k.n / 1000 + 1000)"
    };
    let birth = if q.pg {
        "DATE '1993-01-01' + (k.n % 1000)"
    } else {
        "date('1993-01-01', '+' || (k.n % 1000) || ' days')"
    };
    q.run(conn, &format!(
        "INSERT INTO participants (id_kind, identity, birth_date, sex, created_at) \
         SELECT 'personnummer', {identity}, {birth}, CASE WHEN k.n % 2 = 0 THEN 'female' ELSE 'male' END, {now} FROM ({}) k",
        q.numbers(n)))?;
    let start_index = format!("(p.id % {span})");
    // Participants are enrolled where SCB can place them: municipalities with a code
    // (a school association such as Kalmarsunds Gymnasieförbund has none).
    let coded = "kind = 'municipality' AND municipality_code IS NOT NULL";
    let start = q.date(&Sql::key_of(&start_index), "1");
    let end = q.date(&Sql::key_of(&format!("{start_index} + 5")), "28");
    q.run(conn, &format!(
        "INSERT INTO enrolments (participant_id, organisation_id, start_date, end_date, status_at_start, education_level, labour_status, \
         in_education_at_start, outcome, qualification_gained, created_by, version, created_at, updated_at) \
         SELECT p.id, m.id, {start}, {end}, CASE WHEN p.id % 5 = 0 THEN 'at_risk' ELSE 'dropped_out' END, 'isced_0_2', \
         CASE p.id % 4 WHEN 0 THEN 'unemployed' WHEN 1 THEN 'inactive' WHEN 2 THEN 'long_term_unemployed' ELSE 'employed' END, \
         FALSE, CASE p.id % 4 WHEN 0 THEN 'back_in_studies' WHEN 1 THEN 'in_work' WHEN 2 THEN 'other_activity' ELSE 'unknown' END, \
         p.id % 6 = 0, {user}, 1, {now}, {now} \
         FROM participants p JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM organisations WHERE {coded}) m \
         ON m.k = p.id % (SELECT COUNT(*) FROM organisations WHERE {coded})"))?;
    let month = Sql::key_of(&format!("(e.participant_id % {span}) + j.n"));
    q.run(conn, &format!(
        "INSERT INTO attendance (enrolment_id, organisation_id, month, hours_centi, updated_by, version, updated_at) \
         SELECT e.id, e.organisation_id, {month}, 4000 + (e.id % 40) * 100, {user}, 1, {now} \
         FROM enrolments e CROSS JOIN ({}) j", q.numbers(6)))?;
    q.run(conn, &format!(
        "INSERT INTO compensation (enrolment_id, organisation_id, month, kind, amount_ore, payer, certificate_confirmed, created_by, version, created_at, updated_at) \
         SELECT e.id, e.organisation_id, {month}, 'youth_compensation', 120000 + (e.id % 5) * 10000, 'Kommunen', TRUE, {user}, 1, {now}, {now} \
         FROM enrolments e CROSS JOIN ({}) j", q.numbers(6)))?;
    Ok(())
}
