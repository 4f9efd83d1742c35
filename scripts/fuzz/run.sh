#!/usr/bin/env bash
# cargo-fuzz (libFuzzer) on the identity-number parser and every Excel importer
# (issue 6, item 5), each target for SECONDS seconds (default 120). Not part of CI.
#
#   cargo install cargo-fuzz
#   scripts/fuzz/run.sh                      # identity, workbook_bytes, workbook_cells
#   SECONDS_EACH=600 scripts/fuzz/run.sh workbook_cells
#
# cargo fuzz needs nightly compiler flags; RUSTC_BOOTSTRAP=1 lets the machine's stable
# toolchain accept them. The corpus grows in fuzz/corpus (not committed); a crash is
# written to fuzz/artifacts/TARGET/ and ends the run with a non-zero exit.
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../../fuzz"
export RUSTC_BOOTSTRAP=1
SECONDS_EACH=${SECONDS_EACH:-120}
TARGETS=${*:-identity workbook_bytes workbook_cells}
esf_require cargo-fuzz "cargo install cargo-fuzz"
mkdir -p corpus/workbook_bytes corpus/identity
cargo run --quiet --release --bin seeds -- corpus/workbook_bytes
for seed in 199001012380 9001012380 900101-2380 19900161-2387 19900101T029 121212+1212; do
  printf '%s' "$seed" >"corpus/identity/seed-$seed"
done
for t in $TARGETS; do
  echo "== $t: ${SECONDS_EACH} s"
  cargo fuzz run "$t" -- -max_total_time="$SECONDS_EACH" -max_len=4096 -rss_limit_mb=1024 -timeout=10 -print_final_stats=1 2>&1 |
    grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added|==[0-9]+==|SUMMARY|.*panicked|artifact_prefix|Test unit written)" || true
  [ -z "$(ls -A "artifacts/$t" 2>/dev/null)" ] || { echo "FAIL: $t found a crash: $(ls "artifacts/$t")" >&2; exit 1; }
done
