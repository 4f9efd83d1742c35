#!/usr/bin/env bash
# Every performance target of issues 3-6 in one table, on SQLite and PostgreSQL
# (issue 6, item 2). Runs the four benches (cargo bench) on each database, openpyxl
# reading the timesheet bench's workbook, and the claim's bare SQL floor
# (benches/claim_floor.sql) in the database's own shell, sqlite3 and psql, on the same
# national data (`esf-ledger seed --scale national --claims 0`).
#
#   scripts/bench/all.sh                 # both databases, about 6 min
#   BACKENDS=sqlite scripts/bench/all.sh
#
# PostgreSQL: a throwaway cluster (run as the postgres user) on 127.0.0.1:55434 with
# fsync off. Needs sqlite3, psql, python3 with openpyxl. Prints the table at the end;
# every bench's own output is kept in target/bench-all/.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
BACKENDS=${BACKENDS:-sqlite postgres}
PG_PORT=55434
OUT=target/bench-all
mkdir -p "$OUT"
: >"$OUT/results.tsv"
esf_workdir
WORK=$ESF_WORK
result() { printf 'RESULT\t%s\t%s\t%s\t%s\t%s\n' "$@" >>"$OUT/results.tsv"; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

export RUST_LOG=${RUST_LOG:-warn}
cargo bench --no-run --quiet
esf_build_release
if [[ " $BACKENDS " == *" postgres "* ]]; then
  esf_start_postgres "$PG_PORT" -c fsync=off
fi

for backend in $BACKENDS; do
  for bench in timesheet_import monthly_report scb_report claims; do
    echo "== $bench on $backend"
    if [ "$backend" = postgres ]; then
      ESF_BENCH_DATABASE_URL=$(esf_pg_createdb "$bench")
      export ESF_BENCH_DATABASE_URL
    else
      unset ESF_BENCH_DATABASE_URL
    fi
    cargo bench --quiet --bench "$bench" 2>"$OUT/$bench-$backend.err" | tee "$OUT/$bench-$backend.txt" | grep -v '^RESULT' | sed 's/^/   /'
    grep '^RESULT' "$OUT/$bench-$backend.txt" >>"$OUT/results.tsv"
  done

  echo "== the claim's bare SQL floor in the $backend shell (11 runs of benches/claim_floor.sql)"
  if [ "$backend" = postgres ]; then
    DATABASE_URL=$(esf_pg_createdb floor)
    export DATABASE_URL ESF_JWT_SECRET=bench-secret-bench-secret-bench-secret-01
  else
    unset DATABASE_URL; export ESF_DATA_DIR=$WORK/floor
  fi
  "$ESF_BIN" seed --scale national --claims 0 | tail -1 | sed 's/^/   /'
  runs=$(for _ in $(seq 11); do
    if [ "$backend" = postgres ]; then
      { printf '%s\n' '\timing on'; cat benches/claim_floor.sql; } | psql -qAt "$DATABASE_URL" 2>&1 |
        awk '/^Time:/ {s += $2} END {print s}'
    else
      { echo '.timer on'; cat benches/claim_floor.sql; } | sqlite3 "$ESF_DATA_DIR/esf-ledger.db" 2>&1 |
        awk '/^Run Time:/ {s += $4 * 1000} END {print s}'
    fi
  done)
  floor=$(echo "$runs" | median)
  { [ -n "$floor" ] && [ "$floor" != 0 ]; } || { echo "the floor did not run: $runs" >&2; exit 1; }
  echo "   median $floor ms"
  result "$([ "$backend" = postgres ] && echo Postgres || echo Sqlite)" "claim's bare SQL in the database's own shell" "$floor" ms "(the floor)"
  unset DATABASE_URL ESF_DATA_DIR
done

if [ -f target/timesheets-100k.xlsx ] && python3 -c 'import openpyxl' 2>/dev/null; then
  echo "== openpyxl reading target/timesheets-100k.xlsx (3 runs)"
  t=$(for _ in 1 2 3; do python3 scripts/openpyxl_read.py target/timesheets-100k.xlsx | awk '{print $(NF-1)}'; done | median)
  echo "   median $t s"
  result - "openpyxl merely reading the same workbook" "$t" s "(the yardstick)"
fi

python3 - "$OUT/results.tsv" <<'PY'
import sys
rows, order = {}, []
for line in open(sys.argv[1], encoding="utf-8"):
    _, backend, what, value, unit, target = line.rstrip("\n").split("\t")
    if what not in rows:
        order.append(what)
        rows[what] = {"unit": unit, "target": target}
    rows[what][backend] = float(value)
floor = {b: rows.get("claim's bare SQL in the database's own shell", {}).get(b) for b in ("Sqlite", "Postgres")}
recompute = rows.get("claim recompute, 36 months national", {})
if any(floor.values()):
    what = "claim ÷ bare SQL in the database's own shell"
    order.append(what)
    rows[what] = {"unit": "×", "target": "≤ 2 (aim)"}
    for b in ("Sqlite", "Postgres"):
        if floor[b] and b in recompute:
            rows[what][b] = recompute[b] / floor[b]
fmt = lambda v: "" if v is None else (f"{v:.2f}" if v < 10 else f"{v:.0f}")
print(f"\n| {'what':50s} | {'SQLite':>9s} | {'PostgreSQL':>10s} | unit | target |")
print(f"|{'-' * 52}|{'-' * 11}|{'-' * 12}|------|--------|")
for what in order:
    r = rows[what]
    sqlite = r.get("Sqlite", r.get("-"))
    print(f"| {what:50s} | {fmt(sqlite):>9s} | {fmt(r.get('Postgres')):>10s} | {r['unit']} | {r['target']} |")
PY
