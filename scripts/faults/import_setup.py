#!/usr/bin/env python3
"""Prepares the 100 000-row HTTP import of scripts/faults/server_faults.sh: adds 400 staff
members with salaries to Mölndal (1481) through the API and writes a timesheet workbook
with 21 working days of 6 h for each of them in every month of 2013 (100 800 rows), the
same file as `cargo bench --bench timesheet_import`. Prints Mölndal's organisation id.

    import_setup.py BIN BASE_URL OUT.xlsx      (needs openpyxl: pip install openpyxl)
"""

import datetime
import json
import subprocess
import sys
import urllib.request

from openpyxl import Workbook

BIN, BASE, OUT = sys.argv[1:4]
STAFF = 400
token = subprocess.run([BIN, "token", "--email", "molndal.economist@plugin.example", "--ttl-seconds", "3600"],
                       capture_output=True, text=True, check=True).stdout.strip()


def call(method, path, body=None):
    req = urllib.request.Request(BASE + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)


orgs = call("GET", "/api/v1/organisations?limit=500")["items"]
org = next(o["id"] for o in orgs if o["code"] == "1481")
for i in range(STAFF):
    s = call("POST", "/api/v1/staff", {"organisation_id": org, "name": f"Anställd {i}", "employee_number": f"E{i:04}"})
    call("POST", f"/api/v1/staff/{s['id']}/salaries",
         {"valid_from": "2013-01", "monthly_salary": "30000", "employment_rate_percent": "100"})

wb = Workbook(write_only=True)
ws = wb.create_sheet("Tidrapport")
ws.append(["Anställningsnummer", "Datum", "Timmar", "Finansiering", "Aktivitet"])
for i in range(STAFF):
    for month in range(1, 13):
        day, days = datetime.date(2013, month, 1), 0
        while day.month == month and days < 21:
            if day.weekday() < 5:
                ws.append([f"E{i:04}", day.isoformat(), "6", "projekt", "Metodverkstad"])
                days += 1
            day += datetime.timedelta(days=1)
wb.save(OUT)
print(org)
