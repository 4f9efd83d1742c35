#!/usr/bin/env bash
# A flood of logins for unknown e-mail addresses against the release server (issue 13.6):
# 256 logins, 128 at a time, while one client keeps reading with a valid token. Prints
# the statuses, the server's peak memory (VmHWM) and the reads' latency. Sends traffic
# only to 127.0.0.1 and stops by itself.
#
#   scripts/faults/login_flood.sh                 # the release build of this checkout
#   BIN=/path/to/other/esf-ledger scripts/faults/login_flood.sh   # a peer build
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
PORT=${PORT:-18086}
if [ -z "${BIN:-}" ]; then
  esf_build_release
  BIN=$ESF_BIN
fi
ESF_BIN=$BIN
esf_workdir
WORK=$ESF_WORK
export ESF_DATA_DIR=$WORK RUST_LOG=${RUST_LOG:-warn}
"$BIN" seed >/dev/null
esf_start_server "" "$PORT"
server=$ESF_SERVER_PID
token=$("$BIN" token --email molndal.economist@plugin.example --ttl-seconds 600)
before=$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$server/status")
python3 - "$PORT" "$token" "$server" "$before" <<'PY'
import concurrent.futures, json, sys, threading, time, urllib.request, urllib.error
port, token, pid, before = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
base = f"http://127.0.0.1:{port}/api/v1"
def login(i):
    body = json.dumps({"email": f"nobody{i}@example.org", "password": "wrong password"}).encode()
    req = urllib.request.Request(f"{base}/auth/login", body, {"Content-Type": "application/json"})
    try:
        return urllib.request.urlopen(req, timeout=60).status
    except urllib.error.HTTPError as e:
        return e.code
reads, stop = [], threading.Event()
def reader():
    while not stop.is_set():
        t = time.monotonic()
        req = urllib.request.Request(f"{base}/users/me", headers={"Authorization": f"Bearer {token}"})
        urllib.request.urlopen(req, timeout=60).read()
        reads.append(time.monotonic() - t)
        time.sleep(0.05)
r = threading.Thread(target=reader); r.start()
t0 = time.monotonic()
with concurrent.futures.ThreadPoolExecutor(128) as pool:
    statuses = list(pool.map(login, range(256)))
elapsed = time.monotonic() - t0
stop.set(); r.join()
hwm = int(next(l.split()[1] for l in open(f"/proc/{pid}/status") if l.startswith("VmHWM"))) // 1024
counts = {s: statuses.count(s) for s in sorted(set(statuses))}
reads.sort()
print(f"256 logins, 128 at a time, in {elapsed:.1f} s: statuses {counts}")
print(f"server memory: {before} MB resident before, peak {hwm} MB")
print(f"authenticated reads meanwhile: {len(reads)}, median {reads[len(reads)//2]*1000:.0f} ms, max {reads[-1]*1000:.0f} ms")
PY
