#!/usr/bin/env bash
# Faults against the serving process (issue 6, item 4). Each scenario runs the release
# server on 127.0.0.1, breaks something, and checks that the database holds whole
# transactions only, that `esf-ledger verify` is clean, and that the service recovers.
#
#   scripts/faults/server_faults.sh sqlite      # SQLite files in a temporary directory
#   scripts/faults/server_faults.sh postgres    # a throwaway PostgreSQL 15 cluster (run as
#                                               # the postgres user) on 127.0.0.1:55433
#
# Scenarios (both databases unless marked):
#   import   kill -9 the server in the middle of a 100 000-row timesheet import over HTTP
#   claim    kill -9 it in the middle of issuing a claim over 36 months of national data
#   restart  (postgres) stop PostgreSQL for OUTAGE s (5) under read load: 503 meanwhile, then 200
#   disk     (sqlite) the database file read-only: the server will not start and says why;
#            the disk full under a running server: 503 with the cause, reads go on,
#            nothing is corrupted, writes work again once there is space
# SCENARIOS="import claim" picks some. Needs sqlite3 or psql, python3 with openpyxl, curl;
# disk needs root (it mounts a small tmpfs). Sends traffic only to 127.0.0.1; about 3 min.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
BACKEND=${1:-sqlite}
SCENARIOS=${SCENARIOS:-import claim restart disk}
PORT=${PORT:-18082}
BASE=http://127.0.0.1:$PORT
BIN=$ESF_BIN
PG_PORT=55433
esf_build_release
esf_workdir
WORK=$ESF_WORK
export RUST_LOG=${RUST_LOG:-warn} ESF_JWT_SECRET=fault-test-secret-fault-test-secret-0123
ESF_SERVER_STOP_SIGNAL=KILL
unmount() { for m in "$WORK/ro" "$WORK/disk"; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done; }
esf_on_exit unmount
esf_keep_server_log /tmp/server_faults.last.log

# --- the database ------------------------------------------------------------------
if [ "$BACKEND" = postgres ]; then
  esf_start_postgres "$PG_PORT"
fi
# use NAME: point the server and the CLI at database NAME (a fresh one).
use() {
  if [ "$BACKEND" = postgres ]; then
    DATABASE_URL=$(esf_pg_createdb "$1")
    export DATABASE_URL
  else
    export ESF_DATA_DIR=${2:-$WORK/$1}
    mkdir -p "$ESF_DATA_DIR"
  fi
}
q() {
  if [ "$BACKEND" = postgres ]; then
    psql -qAt "$DATABASE_URL" -c "$1"
  else
    sqlite3 -cmd ".timeout 5000" "$ESF_DATA_DIR/esf-ledger.db" "$1"
  fi
}
# Waits until a write transaction of the server is under way: on SQLite the write-ahead
# log (emptied first) has grown past $1 MB, on PostgreSQL a backend holds a transaction
# id and has written for $2 s.
prepare_wait() { [ "$BACKEND" = sqlite ] && q "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; true; }
wait_for_write() {
  for _ in $(seq 600); do
    if [ "$BACKEND" = sqlite ]; then
      [ "$(stat -c %s "$ESF_DATA_DIR/esf-ledger.db-wal" 2>/dev/null || echo 0)" -gt $(($1 * 1000000)) ] && return 0
    elif [ "$(q "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()")" -gt 0 ]; then
      sleep "$2"; return 0
    fi
    sleep 0.02
  done
  esf_fail "no write transaction started"
}
start_server() { esf_start_server "${DATABASE_URL:-}" "$PORT"; }
kill_server() { esf_stop_server KILL; }
verify_clean() { out=$("$BIN" verify) || esf_fail "verify: $out"; echo "   verify: $(echo "$out" | tail -1)"; }

# --- scenarios ------------------------------------------------------------------------
scenario_import() {
  echo "== import: kill -9 during a 100 000-row timesheet import over HTTP ($BACKEND)"
  use import_fault
  "$BIN" seed >/dev/null
  start_server
  org=$(python3 scripts/faults/import_setup.py "$BIN" "$BASE" "$WORK/timesheets.xlsx")
  token=$("$BIN" token --email molndal.economist@plugin.example --ttl-seconds 600)
  post() { curl -s -o "$WORK/import.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -H "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" \
    -H 'Content-Disposition: attachment; filename="tidrapport-2013.xlsx"' \
    --data-binary @"$WORK/timesheets.xlsx" "$BASE/api/v1/imports/timesheets?organisation_id=$org"; }
  prepare_wait
  post >/dev/null &
  wait_for_write 4 1
  kill_server
  rows=$(q "SELECT COUNT(*) FROM timesheet_rows"); sheets=$(q "SELECT COUNT(*) FROM timesheets")
  imports=$(q "SELECT COUNT(*) FROM imports")
  echo "   killed mid-transaction: $sheets timesheets, $rows rows, $imports import records (all: 4800/100000/1, or none)"
  { [ "$rows" = 0 ] && [ "$sheets" = 0 ] && [ "$imports" = 0 ]; } ||
    { [ "$rows" = 100000 ] && [ "$sheets" = 4800 ] && [ "$imports" = 1 ]; } || esf_fail "a partial import survived"
  start_server
  verify_clean
  status=$(post)
  [ "$status" = 200 ] || esf_fail "the import after the restart: $status $(cat "$WORK/import.json")"
  echo "   after the restart the same import: $status, $(q "SELECT COUNT(*) FROM timesheet_rows") rows"
  verify_clean
  kill_server
}

scenario_claim() {
  echo "== claim: kill -9 while a claim over 36 months of national data is being issued ($BACKEND)"
  use claim_fault
  "$BIN" seed --scale national --claims 0 | tail -1
  start_server
  token=$("$BIN" token --email skl.manager@plugin.example --ttl-seconds 600)
  call() { curl -s -o "$WORK/claim.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -H "Content-Type: application/json" -d "$2" "$BASE$1"; }
  [ "$(call /api/v1/claims '{"from":"2012-01","to":"2014-12"}')" = 201 ] || esf_fail "draft: $(cat "$WORK/claim.json")"
  read -r id version < <(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["id"], d["version"])' "$WORK/claim.json")
  prepare_wait
  call "/api/v1/claims/$id/issue" "{\"version\":$version}" >/dev/null &
  wait_for_write 2 0.5
  kill_server
  issued=$(q "SELECT COUNT(*) FROM claims WHERE state = 'issued'")
  lines=$(q "SELECT COUNT(*) FROM claim_lines")
  claimed=$(q "SELECT COUNT(*) FROM monthly_reports WHERE state = 'claimed'")
  echo "   killed mid-issue: $issued issued claims, $lines frozen lines, $claimed claimed reports (all: 1/…/2736, or none: 0/0/0)"
  { [ "$issued" = 0 ] && [ "$lines" = 0 ] && [ "$claimed" = 0 ]; } ||
    { [ "$issued" = 1 ] && [ "$lines" -gt 0 ] && [ "$claimed" = 2736 ]; } || esf_fail "a partial issue survived"
  start_server
  verify_clean
  if [ "$issued" = 0 ]; then
    status=$(call "/api/v1/claims/$id/issue" "{\"version\":$version}")
    [ "$status" = 200 ] || esf_fail "issue after the restart: $status $(cat "$WORK/claim.json")"
    echo "   after the restart the same issue: $status, $(q "SELECT COUNT(*) FROM claim_lines") lines frozen"
    verify_clean
  fi
  kill_server
}

scenario_restart() {
  [ "$BACKEND" = postgres ] || return 0
  echo "== restart: PostgreSQL stopped for ${OUTAGE:-5} s under read load"
  if [ -z "${DATABASE_URL:-}" ]; then
    use restart_fault
    "$BIN" seed --scale small | tail -1
  fi
  start_server
  python3 scripts/faults/outage_load.py "$BASE" "$("$BIN" token --email skl.manager@plugin.example --ttl-seconds 600)" $((${OUTAGE:-5} + 20)) \
    >"$WORK/outage.txt" &
  load=$!
  sleep 6
  esf_stop_postgres fast
  echo "   $(date +%T) PostgreSQL stopped"
  sleep "${OUTAGE:-5}"
  esf_resume_postgres
  echo "   $(date +%T) PostgreSQL started"
  wait "$load" || { cat "$WORK/outage.txt"; esf_fail "the service did not recover or answered other than 200/503"; }
  cat "$WORK/outage.txt"
  verify_clean
  kill_server
}

scenario_disk() {
  [ "$BACKEND" = sqlite ] || return 0
  echo "== disk: the SQLite file read-only, then its disk full"
  mkdir -p "$WORK/disk"
  mount -t tmpfs -o size=48m tmpfs "$WORK/disk"
  use disk_fault "$WORK/disk"
  "$BIN" seed >/dev/null
  start_server
  token=$("$BIN" token --email molndal.economist@plugin.example --ttl-seconds 600)
  org=$(q "SELECT id FROM organisations WHERE code = '1481'")
  # Each write adds a staff member with a new number; the 201s are counted against the rows.
  add_staff() { n=$(date +%s%N); curl -s -o "$WORK/staff.json" -w '%{http_code}' -X POST -H "Authorization: Bearer $token" \
    -H "Content-Type: application/json" -d "{\"organisation_id\":$org,\"name\":\"Disk $n\",\"employee_number\":\"D-$n\"}" "$BASE/api/v1/staff" |
    tee -a "$WORK/statuses"; }
  read_staff() { curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$BASE/api/v1/staff?organisation_id=$org"; }
  detail() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["detail"])' "$WORK/staff.json"; }
  [ "$(add_staff)" = 201 ] || esf_fail "a write before the fault"

  # Read-only: the same files seen through a read-only bind mount (a file system cannot
  # be remounted read-only under open files; a server is started on it instead).
  kill_server
  sum=$(sha256sum "$WORK/disk/esf-ledger.db" | cut -c1-16)
  mkdir -p "$WORK/ro" && mount --bind "$WORK/disk" "$WORK/ro" && mount -o remount,bind,ro "$WORK/ro"
  # It must exit by itself; still running after 10 s means it is serving the file.
  if ESF_DATA_DIR=$WORK/ro timeout 10 "$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/ro.log" 2>&1 ||
    [ $? = 124 ]; then
    umount "$WORK/ro"; esf_fail "served a read-only file"
  fi
  umount "$WORK/ro"
  echo "   read-only file: the server refuses to start: $(tail -1 "$WORK/ro.log" | sed 's/^error: //')"
  [ "$(sha256sum "$WORK/disk/esf-ledger.db" | cut -c1-16)" = "$sum" ] || esf_fail "the read-only start changed the file"
  start_server

  dd if=/dev/zero of="$WORK/disk/filler" bs=1M status=none 2>/dev/null || true
  statuses=""
  for _ in $(seq 20); do statuses="$statuses $(add_staff)"; echo >>"$WORK/statuses"; done
  echo "   full disk: 20 writes gave$(echo "${statuses# }" | tr ' ' '\n' | sort | uniq -c | awk '{printf " %s×%s", $1, $2}') ($(detail)); read $(read_staff)"
  echo "$statuses" | grep -qE '500|000' && esf_fail "a full disk gave an internal error"
  rm "$WORK/disk/filler"
  status=$(add_staff)
  echo "   space again: write $status"
  [ "$status" = 201 ] || esf_fail "writes did not come back"
  kill_server
  echo "   integrity_check: $(q "PRAGMA integrity_check")"
  [ "$(q "PRAGMA integrity_check")" = ok ] || esf_fail "the database is corrupt"
  created=$(grep -o 201 "$WORK/statuses" | wc -l)
  written=$(q "SELECT COUNT(*) FROM staff WHERE employee_number LIKE 'D-%'")
  echo "   staff in the database: $written, writes answered 201: $created"
  [ "$written" = "$created" ] || esf_fail "a refused write was stored, or an accepted one lost"
  verify_clean
}

for s in $SCENARIOS; do "scenario_$s"; done
echo "== all scenarios held ($BACKEND)"
