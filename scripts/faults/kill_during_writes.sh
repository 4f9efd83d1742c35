#!/usr/bin/env bash
# Fault test (issue 6, item 4, part): kill -9 the process in the middle of a large write
# transaction and in the middle of issuing claims, restart, and check that the database
# holds each transaction whole or not at all and that `esf-ledger verify` is clean.
#
#   scripts/faults/kill_during_writes.sh          # SQLite in a temporary directory
#
# The writer is `esf-ledger seed --scale national`: one transaction of about 2.3 million
# rows (entries), then twelve claims, each drafted and issued in its own transactions.
# Needs sqlite3 (the command-line shell) to look at the file while the writer runs.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
BIN=$ESF_BIN
esf_build_release
esf_require sqlite3 "apt-get install sqlite3"
esf_workdir
WORK=$ESF_WORK
export ESF_DATA_DIR=$WORK RUST_LOG=error
DB=$WORK/esf-ledger.db
q() { sqlite3 -cmd ".timeout 5000" "$DB" "$1"; }

echo "== 1. kill -9 during the entries transaction"
"$BIN" seed --scale national >/dev/null 2>&1 &
pid=$!
# The uncommitted transaction grows the write-ahead log: kill once it holds 50 MB.
until [ "$(stat -c %s "$DB-wal" 2>/dev/null || echo 0)" -gt 50000000 ]; do
  kill -0 "$pid" 2>/dev/null || esf_fail "the writer finished before it could be killed"
  sleep 0.05
done
echo "killing with $(( $(stat -c %s "$DB-wal") / 1000000 )) MB of uncommitted log"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
staff=$(q "SELECT COUNT(*) FROM staff"); rows=$(q "SELECT COUNT(*) FROM timesheet_rows")
echo "after the kill: $staff staff, $rows timesheet rows (all or none expected: 0)"
{ [ "$staff" = 0 ] && [ "$rows" = 0 ]; } || esf_fail "a partial entries transaction survived"
"$BIN" verify | tail -1

echo "== 2. kill -9 while claims are being issued"
"$BIN" seed --scale national >/dev/null 2>&1 &
pid=$!
until [ "$(q "SELECT COUNT(*) FROM claims WHERE state = 'issued'" 2>/dev/null || echo 0)" -ge 3 ]; do
  kill -0 "$pid" 2>/dev/null || esf_fail "the writer finished before it could be killed"
  sleep 0.05
done
kill -9 "$pid"; wait "$pid" 2>/dev/null || true
issued=$(q "SELECT COUNT(*) FROM claims WHERE state = 'issued'")
drafts=$(q "SELECT COUNT(*) FROM claims WHERE state = 'draft'")
lines=$(q "SELECT COUNT(DISTINCT claim_id) FROM claim_lines")
claimed=$(q "SELECT COUNT(*) FROM monthly_reports WHERE state = 'claimed'")
expected=$(q "SELECT COALESCE(SUM((last_month / 100 * 12 + last_month % 100) - (first_month / 100 * 12 + first_month % 100) + 1), 0) * (SELECT COUNT(*) FROM organisations) FROM claims WHERE state = 'issued'")
echo "after the kill: $issued issued claims (all with lines: $lines), $drafts draft(s) left, $claimed claimed reports (expected $expected)"
[ "$issued" = "$lines" ] || esf_fail "an issued claim without its lines"
[ "$claimed" = "$expected" ] || esf_fail "months claimed do not match the issued claims"
out=$("$BIN" verify) || esf_fail "verify: $out"
echo "$out" | tail -1
echo "== all or nothing held; verify is clean"
