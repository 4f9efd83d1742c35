#!/usr/bin/env bash
# The web pages at national scale (issue 14: every page under 50 ms and under 200 kB).
# Release build, SQLite, `seed --scale national`; each URL fetched N times (100) one after
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
DATABASE_URL="$DB" "$ESF_BIN" seed --scale national >/dev/null 2>&1
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
echo "(GR is organisation $GR_ID; the municipality $ORG; $N requests each)"
