#!/usr/bin/env bash
# The web pages at national scale (issues 14 and 15: every page under 50 ms and under
# 200 kB). Release build, SQLite, `seed --scale national --claims 11` (the last quarter
# consolidated and unclaimed: the script drafts its claim over the API, records a payment
# for the first claim and imports a budget for every organisation, year and cost
# category); each URL fetched N times (100) one after
# another with curl, through a session made by the login form; /healthz (the floor) and
# the API's /users/me (the peer) in the same run. Prints one table row per URL: median,
# p95 and max time, and the page's bytes.
#
#   scripts/bench/pages.sh [N]
set -euo pipefail
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
N="${1:-100}"
esf_require curl "apt-get install curl"
esf_require python3 "apt-get install python3"
esf_build_release
esf_workdir
DB="$ESF_WORK/national.db"
DATABASE_URL="$DB" "$ESF_BIN" seed --scale national --claims 11 >/dev/null 2>&1
PORT="$(esf_free_port)"
esf_start_server "$DB" "$PORT"
BASE="http://127.0.0.1:$PORT"
PASSWORD="${ESF_DEMO_PASSWORD:-plugin-demo-2013}"

# A session through the login form: its double-submit token, then the credentials.
log_in() { # JAR EMAIL
  local form token
  form="$(curl -s -c "$1" "$BASE/logga-in")"
  token="$(sed -n 's/.*name="form_token" value="\([^"]*\)".*/\1/p' <<<"$form")"
  curl -s -o /dev/null -b "$1" -c "$1" --data-urlencode "email=$2" \
    --data-urlencode "password=$PASSWORD" --data-urlencode "form_token=$token" "$BASE/logga-in"
}
api_token() { # EMAIL
  curl -s -H 'Content-Type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"$PASSWORD\"}" "$BASE/api/v1/auth/login" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
measure() { # LABEL URL [CURL ARGS...]
  local label="$1" url="$2"
  shift 2
  for _ in $(seq "$N"); do
    curl -s -o /dev/null -w '%{http_code} %{time_total} %{size_download}\n' "$@" "$BASE$url"
  done | python3 -c '
import sys
label = sys.argv[1]
rows = [l.split() for l in sys.stdin if l.strip()]
bad = [r[0] for r in rows if r[0] != "200"]
if bad:
    sys.exit(f"{label}: answered {bad[0]}")
t = sorted(float(r[1]) * 1000 for r in rows)
size = rows[-1][2]
p = lambda q: t[min(len(t) - 1, int(q * len(t)))]
size = f"{int(size):,}".replace(",", " ")
print(f"| {label} | {p(0.5):.1f} ms | {p(0.95):.1f} ms | {t[-1]:.1f} ms | {size} |")
' "$label"
}

SKL="$ESF_WORK/skl.jar" MOLNDAL="$ESF_WORK/molndal.jar" GRM="$ESF_WORK/gr.jar"
log_in "$SKL" skl.manager@plugin.example
log_in "$MOLNDAL" molndal.economist@plugin.example
log_in "$GRM" gr.manager@plugin.example
TOKEN="$(api_token molndal.economist@plugin.example)"
read -r ORG STAFF < <(curl -s -H "Authorization: Bearer $TOKEN" \
  "$BASE/api/v1/timesheets?month=2013-03&limit=1" |
  python3 -c 'import json,sys; t=json.load(sys.stdin)["items"][0]; print(t["organisation_id"], t["staff_id"])')
GR_ID="$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/organisations/$ORG" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["parent_id"])')"

# A refused upload with more errors than are listed: 3 000 days of 14 hours.
python3 - "$ESF_WORK/bad.xlsx" <<'PY'
import sys, datetime, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Tidrapport"
ws.append(["Anställningsnummer", "Datum", "Timmar", "Finansiering", "Aktivitet"])
day = datetime.date(2012, 1, 1)
for i in range(3000):
    ws.append(["X-%d" % (i % 7), (day + datetime.timedelta(days=i % 1200)).isoformat(), 14, "projekt", "Metodverkstad"])
wb.save(sys.argv[1])
PY
CSRF="$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' <<<"$(curl -s -b "$MOLNDAL" "$BASE/excel")" | head -1)"
UPLOAD="$(curl -s -o /dev/null -w '%{redirect_url}' -b "$MOLNDAL" -F "csrf=$CSRF" -F typ=timesheets \
  -F "fil=@$ESF_WORK/bad.xlsx" "$BASE/excel")"
UPLOAD="${UPLOAD#"$BASE"}"

# The owner's side: a national claim draft (the quarter after the issued ones), a payment
# for the first claim, a budget for every organisation × year × cost category.
MANAGER="$(api_token skl.manager@plugin.example)"
ADMIN="$(api_token skl.admin@plugin.example)"
read -r FIRST DRAFT < <(python3 - "$BASE" "$MANAGER" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        return json.load(r)
claims = [c for c in call("GET", "/api/v1/claims") if c["number"] is not None]
claims.sort(key=lambda c: c["number"])
last = claims[-1]["to"]
y, m = map(int, last.split("-"))
start = (y, m + 1) if m < 12 else (y + 1, 1)
end = (start[0], start[1] + 2)
draft = call("POST", "/api/v1/claims", {"from": "%d-%02d" % start, "to": "%d-%02d" % end})
first = claims[0]
call("POST", "/api/v1/claims/%d/payment" % first["id"],
     {"amount": first["esf_requested"], "paid_on": first["sent_on"]})
print(first["id"], draft["id"])
PY
)
python3 - "$BASE" "$ADMIN" "$ESF_WORK/budget.xlsx" <<'PY'
import json, sys, urllib.request, openpyxl
base, token, path = sys.argv[1:4]
req = urllib.request.Request(base + "/api/v1/organisations?limit=1000",
    headers={"Authorization": "Bearer " + token})
orgs = json.load(urllib.request.urlopen(req))["items"]
wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Budget"
ws.append(["Organisation (kod)", "År", "Kostnadsslag/finansiering", "Belopp"])
for o in orgs:
    for year in (2013, 2014, 2015):
        for cat, amount in (("Lön personal", 4000000), ("Lokal", 600000), ("Köp av tjänst", 300000),
                            ("Resa", 50000), ("Materiel", 80000), ("Offentligt bidrag i annat än pengar", 2500000)):
            ws.append([o["code"], year, cat, amount])
wb.save(path)
req = urllib.request.Request(base + "/api/v1/imports/budget", method="POST", data=open(path, "rb").read(),
    headers={"Authorization": "Bearer " + token,
             "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
json.load(urllib.request.urlopen(req))
PY
ADM="$ESF_WORK/admin.jar"
log_in "$ADM" skl.admin@plugin.example
PARTICIPANT="$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/participants?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"

echo "| request | median | p95 | max | bytes |"
echo "|---|---|---|---|---|"
measure '`/healthz` (floor)' /healthz
measure '`/api/v1/users/me` (peer)' /api/v1/users/me -H "Authorization: Bearer $TOKEN"
measure "Översikt, SKL's board for 2013" '/?ar=2013' -b "$SKL"
measure "Månad, SKL's consolidated March 2013" "/manad/1/2013-03" -b "$SKL"
measure "Månad, a municipality's own March 2013 with its entries" "/manad/$ORG/2013-03?vy=egen" -b "$MOLNDAL"
measure "Tidrapporter, a municipality's March 2013" '/tidrapporter?manad=2013-03' -b "$MOLNDAL"
measure "Tidrapport, one staff member's March 2013 (grid)" "/tidrapporter/$STAFF/2013-03" -b "$MOLNDAL"
measure "Att attestera, a region's manager (none wait)" /attestera -b "$GRM"
measure "Att attestera, SKL's manager (the seed attests every timesheet: none wait)" /attestera -b "$SKL"
measure "Excel in, with the latest uploads" /excel -b "$MOLNDAL"
measure "An upload's result, 1 000 of 3 000 errors listed" "$UPLOAD" -b "$MOLNDAL"
measure "Logg, first page of 50" /logg -b "$SKL"
measure "Personal, the first 100 of SKL's staff" /personal -b "$SKL"
measure "Ansökningar, the next claim and the claims made" /ansokningar -b "$SKL"
measure "Ansökan, the national draft of the last quarter" "/ansokningar/$DRAFT" -b "$SKL"
measure "Ansökan, the draft's first page of lines" "/ansokningar/$DRAFT/rader" -b "$SKL"
measure "Ansökan, the draft's lines behind Lön personal" "/ansokningar/$DRAFT/rader?kategori=staff" -b "$SKL"
measure "Utfärda, the check-your-answers page" "/ansokningar/$DRAFT/utfarda" -b "$SKL"
measure "Utbetalningar, the payments" /utbetalningar -b "$SKL"
measure "Fördelning of the first claim's payment, 76 organisations" "/utbetalningar/$FIRST" -b "$SKL"
measure "Besked, a municipality's statement" "/utbetalningar/$FIRST/besked" -b "$MOLNDAL"
measure "Deltagare, the first 100 of SKL's scope" /deltagare -b "$SKL"
measure "Deltagare, one participant" "/deltagare/$PARTICIPANT" -b "$MOLNDAL"
measure "Närvaro, a municipality's March 2013" '/narvaro?manad=2013-03' -b "$MOLNDAL"
measure "Ersättning, a municipality's March 2013" '/ersattning?manad=2013-03' -b "$MOLNDAL"
measure "SCB, March 2013 for the whole project (first 100 rows)" '/scb?manad=2013-03' -b "$ADM"
measure "Statistik, the whole project, 36 months, with 4 charts" /statistik -b "$SKL"
measure "Statistik, a region, 36 months" "/statistik?organisation=$GR_ID" -b "$SKL"
measure "Budget, SKL's follow-up of the whole project, with 3 charts" /budget -b "$SKL"
measure "Budget, GR's follow-up of 2014" '/budget?ar=2014' -b "$GRM"
measure "Budgetrader 2014, the first 100 of 456" '/budget/rader?ar=2014' -b "$SKL"
measure "Administration, organisations (the tree)" /admin/organisationer -b "$ADM"
measure "Administration, the project's settings" /admin/projekt -b "$ADM"
measure "Administration, the social-fee table" /admin/arbetsgivaravgifter -b "$ADM"
measure "Administration, the ledger check's page" /admin/kontroll -b "$ADM"
measure "Administration, the ledger check run on request (verify re-reads 11 claims' lines)" '/admin/kontroll?kor=ja' -b "$ADM"
echo "(GR is organisation $GR_ID; the municipality $ORG; the draft claim $DRAFT; $N requests each)"
