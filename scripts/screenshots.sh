#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png):
# - the pages: the browser journeys save them as they pass (needs chromium and
#   chromium-driver);
# - the printed workbooks (docs/screenshots/print-*.png): the printed-workbooks test
#   (tests/api/printed.rs) prints every export through LibreOffice to PDF and keeps the
#   PDFs in ESF_PRINT_DIR; pdftoppm draws the first page of the claim, the monthly
#   report, the budget follow-up, the statement and the distribution (needs LibreOffice
#   Calc and poppler-utils).
# `scripts/screenshots.sh print` redraws only the printed workbooks.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" != print ]; then
  ESF_REQUIRE_BROWSER=1 ESF_SCREENSHOTS="$PWD/docs/screenshots" \
    cargo test --locked --test api browser:: -- --test-threads 1
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
ESF_PRINT_DIR="$out" ESF_REQUIRE_LIBREOFFICE=1 cargo test --locked --test api \
  printed::every_export_and_template_prints_as_a_finance_office_would_sign_it::sqlite -- --exact
for name in ansokan manadsrapport budgetuppfoljning besked fordelning; do
  pdftoppm -png -r 90 -f 1 -l 1 -singlefile "$out/$name.pdf" "docs/screenshots/print-$name"
done
ls -l docs/screenshots
