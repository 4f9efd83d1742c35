#!/usr/bin/env bash
# Schemathesis against the served OpenAPI document (issue 6, item 5): starts the release
# server on 127.0.0.1 with the Plug In tree, demo users and small scale data in a
# temporary SQLite file (or DATABASE_URL), and lets schemathesis generate requests for
# every documented operation as the owner's admin (who may call nearly all of them) for
# MAX_TIME seconds. Fails on any 5xx answer (check not_a_server_error) and reports the
# other checks (status codes, content types, response schemas) as well.
#
#   pip install schemathesis
#   scripts/fuzz/schemathesis.sh                 # 300 s
#   MAX_TIME=60 scripts/fuzz/schemathesis.sh
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
MAX_TIME=${MAX_TIME:-300}
PORT=${PORT:-18083}
BIN=$ESF_BIN
esf_require schemathesis "pip install schemathesis"
esf_build_release
esf_workdir
WORK=$ESF_WORK
export ESF_DATA_DIR=$WORK RUST_LOG=${RUST_LOG:-error} ESF_JWT_SECRET=${ESF_JWT_SECRET:-schemathesis-secret-schemathesis-0123}
esf_keep_server_log /tmp/schemathesis-server.log
"$BIN" seed --scale small | tail -1
esf_start_server "" "$PORT"
token=$("$BIN" token --email skl.admin@plugin.example --ttl-seconds 7200)
set +e
schemathesis run "http://127.0.0.1:$PORT/api/v1/openapi.json" \
  --url "http://127.0.0.1:$PORT" \
  -H "Authorization: Bearer $token" \
  --checks all --max-time "$MAX_TIME" --workers 2 \
  --phases examples,coverage,fuzzing,stateful \
  --report junit --report-dir "$WORK/report" "$@" | tee "$WORK/out.txt"
set -e
echo "== server errors (5xx) in the server log:"
grep -c '"status":5\|status=5' "$WORK/server.log" || true
if grep -q "not_a_server_error" "$WORK/out.txt" && grep -A3 "Server error" "$WORK/out.txt" | grep -q .; then
  echo "FAIL: schemathesis found a server error" >&2; exit 1
fi
