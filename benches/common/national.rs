//! National-scale data for the benchmarks, generated set-based in SQL (deterministic):
//! 76 organisations, 3 040 staff (40 each), 36 months (2012-01..2014-12) of attested
//! timesheets with 19 daily rows each (2 079 360 rows), every report consolidated; and,
//! for the claim benchmark, premises, other costs and cash co-financing for every
//! organisation and month plus 10 000 participants with six months of compensation each.
#![allow(dead_code)]

use diesel::RunQueryDsl;

use esf_ledger::store::{Backend, DbConnection};

pub fn exec(conn: &mut DbConnection, sql: &str) {
    diesel::sql_query(sql)
        .execute(conn)
        .unwrap_or_else(|e| panic!("{e}: {sql}"));
}

pub fn generate(conn: &mut DbConnection) {
    let pg = conn.backend() == Backend::Postgres;
    let numbers = |n: u32| numbers(pg, n);
    let now = "CURRENT_TIMESTAMP";
    exec(conn, &format!(
        "INSERT INTO staff (organisation_id, name, employee_number, active, version, created_at, updated_at) \
         SELECT o.id, 'Anställd ' || CAST(k.n AS TEXT), 'B' || CAST(k.n AS TEXT), TRUE, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({}) k", numbers(40)));
    let months = "SELECT (2012 + n / 12) * 100 + (n % 12) + 1 AS m FROM (".to_string()
        + &numbers(36)
        + ") x";
    let user = first_user(conn);
    // 19 days of 7 h at 289.80 SEK/h: 133 h, 38 543.40 SEK a timesheet.
    exec(conn, &format!(
        "INSERT INTO timesheets (organisation_id, staff_id, month, funding, state, entered_by, signed_by, attested_by, \
         hours_centi, hourly_rate_ore, cost_ore, version, created_at, updated_at) \
         SELECT s.organisation_id, s.id, mm.m, CASE WHEN s.id % 5 = 0 THEN 'in_kind' ELSE 'project' END, 'attested', \
         {user}, {user}, {user}, 13300, 28980, 3854340, 3, {now}, {now} FROM staff s CROSS JOIN ({months}) mm"));
    let date = if pg {
        "make_date(t.month / 100, t.month % 100, d.n + 1)".to_string()
    } else {
        "printf('%04d-%02d-%02d', t.month / 100, t.month % 100, d.n + 1)".to_string()
    };
    exec(
        conn,
        &format!(
            "INSERT INTO timesheet_rows (timesheet_id, work_date, hours_centi, note) \
         SELECT t.id, {date}, 700, 'Metodverkstad' FROM timesheets t CROSS JOIN ({}) d",
            numbers(19)
        ),
    );
    exec(
        conn,
        &format!(
            "INSERT INTO monthly_reports (organisation_id, month, state, version, updated_at) \
         SELECT o.id, mm.m, 'consolidated', 3, {now} FROM organisations o CROSS JOIN ({months}) mm"
        ),
    );
}

fn numbers(pg: bool, n: u32) -> String {
    if pg {
        format!("SELECT generate_series(0, {}) AS n", n - 1)
    } else {
        format!("WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < {}) SELECT n FROM c", n - 1)
    }
}

fn first_user(conn: &mut DbConnection) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    diesel::sql_query("SELECT id FROM users ORDER BY id LIMIT 1")
        .get_result::<Id>(conn)
        .unwrap()
        .id
}

/// Premises (one a month, every fifth in kind), three other costs and one cash
/// co-financing payment for every organisation and month; 10 000 participants in the
/// municipalities with six months of youth compensation each (60 000 entries).
pub fn other_entries(conn: &mut DbConnection) {
    let pg = conn.backend() == Backend::Postgres;
    let now = "CURRENT_TIMESTAMP";
    let user = first_user(conn);
    let months = format!(
        "SELECT (2012 + n / 12) * 100 + (n % 12) + 1 AS m FROM ({}) x",
        numbers(pg, 36)
    );
    let text = |e: &str| format!("CAST({e} AS TEXT)");
    exec(conn, &format!(
        "INSERT INTO premises (organisation_id, month, description, monthly_cost_ore, share_ppm, financing, amount_ore, created_by, version, created_at, updated_at) \
         SELECT o.id, mm.m, 'Lokal', 1200000, 400000, CASE WHEN o.id % 5 = 0 THEN 'in_kind' ELSE 'cash' END, 480000, {user}, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({months}) mm"));
    let date = if pg {
        "make_date(mm.m / 100, mm.m % 100, 10)".to_string()
    } else {
        "printf('%04d-%02d-10', mm.m / 100, mm.m % 100)".to_string()
    };
    exec(conn, &format!(
        "INSERT INTO other_costs (organisation_id, month, cost_date, category, amount_ore, supplier, voucher_number, description, created_by, version, created_at, updated_at) \
         SELECT o.id, mm.m, {date}, CASE k.n WHEN 0 THEN 'services' WHEN 1 THEN 'travel' ELSE 'materials' END, 250050 + k.n * 1001, 'Leverantör AB', \
         'V' || {} || '-' || {}, 'Kostnad', {user}, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({months}) mm CROSS JOIN ({}) k",
        text("mm.m"), text("k.n"), numbers(pg, 3)));
    exec(conn, &format!(
        "INSERT INTO cash_cofinancing (organisation_id, month, kind, amount_ore, paid_by, created_by, version, created_at, updated_at) \
         SELECT o.id, mm.m, 'public_cash', 2000000, 'Arbetsförmedlingen', {user}, 1, {now}, {now} \
         FROM organisations o CROSS JOIN ({months}) mm"));
    let identity = if pg {
        "'19950101' || lpad(CAST(k.n AS TEXT), 4, '0')"
    } else {
        "'19950101' || printf('%04d', k.n)"
    };
    exec(conn, &format!(
        "INSERT INTO participants (id_kind, identity, birth_date, sex, created_at) \
         SELECT 'personnummer', {identity}, '1995-01-01', CASE WHEN k.n % 2 = 0 THEN 'female' ELSE 'male' END, {now} FROM ({}) k",
        numbers(pg, 10_000)));
    exec(conn, &format!(
        "INSERT INTO enrolments (participant_id, organisation_id, start_date, status_at_start, education_level, labour_status, \
         in_education_at_start, qualification_gained, created_by, version, created_at, updated_at) \
         SELECT p.id, m.id, '2012-01-02', 'dropped_out', 'isced_0_2', 'unemployed', FALSE, FALSE, {user}, 1, {now}, {now} \
         FROM participants p JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM organisations WHERE kind = 'municipality') m \
         ON m.k = p.id % (SELECT COUNT(*) FROM organisations WHERE kind = 'municipality')"));
    exec(conn, &format!(
        "INSERT INTO compensation (enrolment_id, organisation_id, month, kind, amount_ore, payer, certificate_confirmed, created_by, version, created_at, updated_at) \
         SELECT e.id, e.organisation_id, (2012 + ((e.id + k.n * 6) % 36) / 12) * 100 + ((e.id + k.n * 6) % 36) % 12 + 1, \
         'youth_compensation', 150000, 'Kommunen', TRUE, {user}, 1, {now}, {now} FROM enrolments e CROSS JOIN ({}) k",
        numbers(pg, 6)));
}
