#!/usr/bin/env bash
# Malicious workbooks against the running release server (issue 6, item 5): writes the
# corpus of tests/api/malicious.rs (zip bombs, too many parts or rows, a cell in the far
# corner, deeply nested XML, entity expansion, a 20 MB cell, wrong content types), posts
# each file to the timesheet import on 127.0.0.1 and prints the status, the time and the
# server's peak memory (VmHWM, reset before each file through /proc/PID/clear_refs).
#
#   scripts/faults/malicious_workbooks.sh        # SQLite in a temporary directory, about 1 min
#
# The same corpus runs in CI (`cargo test malicious`), which checks the statuses and
# that nothing is written; this script adds the figures.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
PORT=${PORT:-18081}
BIN=$ESF_BIN
esf_build_release
esf_workdir
WORK=$ESF_WORK
export ESF_DATA_DIR=$WORK RUST_LOG=${RUST_LOG:-warn} ESF_MAX_UPLOAD_BYTES=$((20 * 1024 * 1024))

ESF_CORPUS_DIR=$WORK/corpus cargo test --quiet --test api malicious::corpus_files >/dev/null
"$BIN" seed >/dev/null
esf_start_server "" "$PORT"
server=$ESF_SERVER_PID
token=$("$BIN" token --email molndal.economist@plugin.example --ttl-seconds 600)
org=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$PORT/api/v1/organisations?limit=500" |
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(next(o["id"] for o in d["items"] if o["code"]=="1481"))')
hwm() { awk '/VmHWM/ {printf "%d", $2/1024}' "/proc/$server/status"; }
printf '%-26s %9s %6s %8s %9s  %s\n' file bytes status seconds "peak MB" detail
for f in "$WORK"/corpus/*; do
  case $f in *.type) continue ;; esac
  echo 5 >"/proc/$server/clear_refs"
  out=$(curl -s -o "$WORK/body" -w '%{http_code} %{time_total}' -X POST \
    -H "Authorization: Bearer $token" -H "Content-Type: $(cat "$f.type")" \
    --data-binary @"$f" "http://127.0.0.1:$PORT/api/v1/imports/timesheets?organisation_id=$org")
  detail=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("detail","")[:70])' "$WORK/body" 2>/dev/null || head -c 70 "$WORK/body")
  printf '%-26s %9d %6s %8s %9s  %s\n' "$(basename "$f")" "$(stat -c %s "$f")" "${out% *}" "${out#* }" "$(hwm)" "$detail"
done
echo "server still answering: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/readyz")"
