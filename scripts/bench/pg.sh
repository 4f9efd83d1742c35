#!/usr/bin/env bash
# One bench on a throwaway PostgreSQL 15 cluster (127.0.0.1, fsync off, as
# scripts/bench/all.sh starts it), e.g.
#
#   scripts/bench/pg.sh timesheet_import
#   ESF_BENCH_SCALE=regional scripts/bench/pg.sh monthly_report
#   PG_OPTIONS="-c plan_cache_mode=auto" scripts/bench/pg.sh claims   # extra server options
set -euo pipefail
# shellcheck source=SCRIPTDIR/../lib.sh
source "$(dirname "$0")/../lib.sh"
cd "$(dirname "$0")/../.."
[ $# = 1 ] || esf_fail "usage: scripts/bench/pg.sh BENCH"
# shellcheck disable=SC2086 # PG_OPTIONS is a list of options
esf_start_postgres "" -c fsync=off ${PG_OPTIONS:-}
ESF_BENCH_DATABASE_URL=$(esf_pg_createdb "$1")
export ESF_BENCH_DATABASE_URL
RUST_LOG=${RUST_LOG:-warn} cargo bench --quiet --bench "$1"
