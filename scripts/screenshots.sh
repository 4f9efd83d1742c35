#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png): the browser journeys
# save them as they pass (needs chromium and chromium-driver).
set -euo pipefail
cd "$(dirname "$0")/.."
ESF_REQUIRE_BROWSER=1 ESF_SCREENSHOTS="$PWD/docs/screenshots" \
  cargo test --locked --test api browser:: -- --test-threads 1
ls -l docs/screenshots
