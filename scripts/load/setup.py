#!/usr/bin/env python3
"""Prepares a load run against a server on 127.0.0.1 (see scripts/load/run.sh): adds an
economist to every municipality, takes tokens, lists each municipality's staff, and writes
the Lua data wrk's scripts read (tokens, organisations, staff to write timesheets for)."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request

BIN, BASE, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
PASSWORD = "load test password 1"


def cli(*args, stdin=None):
    return subprocess.run([BIN, *args], input=stdin, capture_output=True, text=True, check=True).stdout.strip()


def get(path, token):
    req = urllib.request.Request(BASE + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


owner = cli("token", "--email", "skl.manager@plugin.example", "--ttl-seconds", "3600")
admin = cli("token", "--email", "skl.admin@plugin.example", "--ttl-seconds", "3600")
# The writes go to 2015, whose social-fee rates the application never invents: the load
# test enters assumed ones (the 2014 figures) as an admin would.
for kind, rate in [("municipality", "38.46"), ("county_council", "44.13")]:
    body = json.dumps({"rate_percent": rate, "source": "load test: 2014 rate assumed"}).encode()
    req = urllib.request.Request(f"{BASE}/api/v1/social-fee-rates/2015/{kind}", data=body, method="PUT",
                                 headers={"Authorization": f"Bearer {admin}", "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req).read()
    except urllib.error.HTTPError as e:
        if e.code != 409:
            sys.exit(f"PUT social fee {kind}: {e.code} {e.read().decode()}")
orgs = get("/api/v1/organisations?limit=500", owner)
items = orgs["items"] if isinstance(orgs, dict) else orgs
municipalities = [o for o in items if o["kind"] == "municipality"]
regions = [o for o in items if o["kind"] == "region"]
writers = []
for o in municipalities:
    email = f"load.{o['id']}@load.example"
    try:
        cli("user", "add", "--email", email, "--name", f"Last {o['code']}", "--organisation", o["code"],
            "--roles", "economist", "--password-stdin", stdin=PASSWORD + "\n")
    except subprocess.CalledProcessError:
        pass  # added by an earlier run
    token = cli("token", "--email", email, "--ttl-seconds", "3600")
    staff = get(f"/api/v1/staff?organisation_id={o['id']}&limit=500", token)
    staff = staff["items"] if isinstance(staff, dict) else staff
    writers.append({"org": o["id"], "token": token, "staff": [s["id"] for s in staff]})


def lua(value):
    if isinstance(value, list):
        return "{" + ",".join(lua(v) for v in value) + "}"
    if isinstance(value, dict):
        return "{" + ",".join(f"{k}={lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, str):
        return json.dumps(value)
    return str(value)


with open(OUT, "w") as f:
    f.write("return " + lua({
        "owner": owner,
        "municipalities": [o["id"] for o in municipalities],
        "regions": [o["id"] for o in regions],
        "writers": writers,
    }) + "\n")
print(f"{len(writers)} municipalities with writers, {sum(len(w['staff']) for w in writers)} staff", file=sys.stderr)
