#!/usr/bin/env python3
"""Read load through a database outage (scripts/faults/server_faults.sh, restart): 8 threads
read the consolidated monthly report and the participant list for DURATION seconds, each
request timed and its status kept. Prints the answers second by second, and fails (exit 1)
when any answer is neither 200 nor 503, a request fails outright, or the service is not
answering 200 again in the last 5 seconds.

    outage_load.py BASE_URL TOKEN DURATION
"""

import collections
import http.client
import json
import sys
import threading
import time
import urllib.parse

BASE, TOKEN, DURATION = sys.argv[1], sys.argv[2], float(sys.argv[3])
url = urllib.parse.urlparse(BASE)
HEADERS = {"Authorization": f"Bearer {TOKEN}"}


def connect():
    return http.client.HTTPConnection(url.hostname, url.port, timeout=30)


c = connect()
c.request("GET", "/api/v1/organisations?limit=500", headers=HEADERS)
orgs = json.load(c.getresponse())["items"]
root = next(o["id"] for o in orgs if o["kind"] == "owner" or o.get("parent_id") is None)
paths = [f"/api/v1/monthly-reports/{root}/2013-03", f"/api/v1/participants?organisation_id={root}&limit=50"]
start = time.monotonic()
results = []  # (second, status or "error", latency ms)
lock = threading.Lock()


def worker(n):
    conn, i = connect(), n
    while (t0 := time.monotonic()) - start < DURATION:
        i += 1
        try:
            conn.request("GET", paths[i % len(paths)], headers=HEADERS)
            r = conn.getresponse()
            r.read()
            status = r.status
        except (OSError, http.client.HTTPException):
            status = "error"
            conn.close()
            conn = connect()
        with lock:
            results.append((int(t0 - start), status, (time.monotonic() - t0) * 1000))


threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()

by_second = collections.defaultdict(collections.Counter)
slowest = collections.defaultdict(float)
for second, status, ms in results:
    by_second[second][status] += 1
    slowest[second] = max(slowest[second], ms)
print("   second  answers (status×count)            slowest")
for second in sorted(by_second):
    counts = " ".join(f"{s}×{n}" for s, n in sorted(by_second[second].items(), key=str))
    print(f"   {second:6d}  {counts:34s} {slowest[second]:7.0f} ms")
total = collections.Counter(status for _, status, _ in results)
print("   in all: " + ", ".join(f"{s}×{n}" for s, n in sorted(total.items(), key=str)))
bad = {s for s in total if s not in (200, 503)}
tail = {status for second, status, _ in results if second >= DURATION - 5}
if bad or tail != {200}:
    print(f"   FAIL: other answers {bad or 'none'}; last 5 s {tail}")
    sys.exit(1)
