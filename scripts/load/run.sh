#!/usr/bin/env bash
# Load test (issue 6, item 3): starts the release server on 127.0.0.1 with national-scale
# data and drives it with wrk: 54 connections of authenticated reads and 10 of writes
# (new timesheets) at once, 64 in all, for DURATION seconds. Prints wrk's throughput,
# latency percentiles and errors for each.
#
#   scripts/load/run.sh                  # SQLite in a temporary directory, 60 s
#   DATABASE_URL=postgres://user@127.0.0.1:5432/empty_db ESF_JWT_SECRET=… scripts/load/run.sh
#   DURATION=20 scripts/load/run.sh
#
# Needs wrk (apt-get install wrk) and python3. Sends traffic only to 127.0.0.1 and stops.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-60}
PORT=${PORT:-18080}
BIN=target/release/esf-ledger
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 2; }
cargo build --release --quiet
WORK=$(mktemp -d)
export ESF_DATA_DIR=$WORK RUST_LOG=${RUST_LOG:-warn}
server=""
cleanup() { set +e; [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

if [ -n "${DATABASE_URL:-}" ]; then echo "== data: PostgreSQL"; else echo "== data: SQLite in $WORK"; fi
"$BIN" seed --scale national | tail -1
"$BIN" serve --bind "127.0.0.1:$PORT" >"$WORK/server.log" 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
python3 scripts/load/setup.py "$BIN" "http://127.0.0.1:$PORT" "$WORK/data.lua"
export LOAD_DATA=$WORK/data.lua LOAD_WRITE_THREADS=1
echo "== ${DURATION} s: 54 connections reading, 10 writing"
wrk -t1 -c54 -d"${DURATION}s" --latency -s scripts/load/reads.lua "http://127.0.0.1:$PORT" >"$WORK/reads.txt" &
reads=$!
wrk -t1 -c10 -d"${DURATION}s" --latency -s scripts/load/writes.lua "http://127.0.0.1:$PORT" >"$WORK/writes.txt"
wait $reads
echo "== reads";  cat "$WORK/reads.txt"
echo "== writes"; cat "$WORK/writes.txt"
echo "== server rss: $(ps -o rss= -p "$server" | awk '{printf "%.0f MB", $1/1024}')"
