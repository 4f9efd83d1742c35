#!/usr/bin/env bash
# Load test (issue 6, item 3): starts the release server on 127.0.0.1 with national-scale
# data and drives it with wrk: 54 connections of authenticated reads and 10 of writes
# (new timesheets) at once, 64 in all, for DURATION seconds. Prints wrk's throughput,
# latency percentiles and errors for each.
#
#   scripts/load/run.sh                  # SQLite in a temporary directory, 60 s
#   DATABASE_URL=postgres://user@127.0.0.1:5432/empty_db ESF_JWT_SECRET=… scripts/load/run.sh
#   PG=1 scripts/load/run.sh             # a throwaway PostgreSQL cluster
#   DURATION=20 scripts/load/run.sh
#   EACH=1 PERF=1 scripts/load/run.sh    # also each read alone, and a perf profile
#   LOAD_WRITE_RATE=200 scripts/load/run.sh  # writers paced to under 200/s (writes.lua)
#
# Needs wrk (apt-get install wrk) and python3. Sends traffic only to 127.0.0.1 and stops.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-60}
PORT=${PORT:-18080}
BIN=$ESF_BIN
esf_require wrk "apt-get install wrk"
esf_build_release
esf_workdir
WORK=$ESF_WORK
export ESF_DATA_DIR=$WORK RUST_LOG=${RUST_LOG:-warn}

# PG=1: a throwaway PostgreSQL cluster on 127.0.0.1 instead of SQLite.
if [ "${PG:-0}" = 1 ]; then
  esf_start_postgres ""
  DATABASE_URL=$(esf_pg_createdb load)
  export DATABASE_URL ESF_JWT_SECRET=${ESF_JWT_SECRET:-load-test-secret-load-test-secret-0123456789}
fi
if [ -n "${DATABASE_URL:-}" ]; then echo "== data: PostgreSQL"; else echo "== data: SQLite in $WORK"; fi
"$BIN" seed --scale national | tail -1
esf_start_server "${DATABASE_URL:-}" "$PORT"
python3 scripts/load/setup.py "$BIN" "http://127.0.0.1:$PORT" "$WORK/data.lua"
export LOAD_DATA=$WORK/data.lua LOAD_WRITE_THREADS=1
echo "== server rss before the mix: $(ps -o rss= -p "$ESF_SERVER_PID" | awk '{printf "%.0f MB", $1/1024}')"
echo "== ${DURATION} s: 54 connections reading, 10 writing"
wrk -t1 -c54 -d"${DURATION}s" --latency -s scripts/load/reads.lua "http://127.0.0.1:$PORT" >"$WORK/reads.txt" &
reads=$!
# PERF=1: where the server's time goes, sampled for 20 s in the middle of the mix.
if [ "${PERF:-0}" = 1 ]; then
  (sleep 10; perf record -F 499 -g -p "$ESF_SERVER_PID" -o "$WORK/perf.data" -- sleep 20 >/dev/null 2>&1) &
fi
wrk -t1 -c10 -d"${DURATION}s" --latency -s scripts/load/writes.lua "http://127.0.0.1:$PORT" >"$WORK/writes.txt"
wait $reads
echo "== reads";  cat "$WORK/reads.txt"
echo "== writes"; cat "$WORK/writes.txt"
echo "== server rss after the mix: $(ps -o rss= -p "$ESF_SERVER_PID" | awk '{printf "%.0f MB", $1/1024}')"
# The floor and the peer under the same wrk settings (54 connections, one thread), so the
# mix can be given as a ratio of them: the figure that travels between machines.
FLOOR=${FLOOR:-20}
TOKEN=$(sed -n 's/.*owner="\([^"]*\)".*/\1/p' "$WORK/data.lua" | head -1)
echo "== floor: /healthz alone, 54 connections, ${FLOOR} s"
wrk -t1 -c54 -d"${FLOOR}s" --latency "http://127.0.0.1:$PORT/healthz"
echo "== peer: /api/v1/users/me alone, 54 connections, ${FLOOR} s"
wrk -t1 -c54 -d"${FLOOR}s" --latency -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/users/me"
if [ "${EACH:-0}" = 1 ]; then
  for only in 0:own-report 5:region-report 6:participants 8:staff; do
    echo "== ${only#*:} alone, 54 connections, ${FLOOR} s"
    LOAD_ONLY=${only%%:*} wrk -t1 -c54 -d"${FLOOR}s" --latency -s scripts/load/reads.lua "http://127.0.0.1:$PORT" | grep -E "Requests/sec|99%|Transfer/sec"
  done
fi
echo "== server rss at the end: $(ps -o rss= -p "$ESF_SERVER_PID" | awk '{printf "%.0f MB", $1/1024}')"
if [ "${PERF:-0}" = 1 ]; then
  echo "== perf: the server's own time by shared object, then by symbol (top 25)"
  perf report -i "$WORK/perf.data" --no-children --sort dso -g none --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | head -12
  perf report -i "$WORK/perf.data" --no-children --sort dso,symbol -g none --stdio 2>/dev/null | grep -v '^#' | grep -v '^$' | grep '%' | head -25
fi
