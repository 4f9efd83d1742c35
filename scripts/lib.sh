# shellcheck shell=bash
# The jobs that the robustness scripts under scripts/ (load, faults, fuzz, bench) share:
# building the release binary, a throwaway PostgreSQL cluster, the release server on
# 127.0.0.1, waiting for an HTTP answer, temporary directories, and one cleanup at exit
# that stops and removes everything started through these functions, even when a step
# fails. A script sources it before it changes directory:
#
#   set -euo pipefail
#   source "$(dirname "$0")/../lib.sh"
#
# Sourcing sets no shell options (the script keeps its own `set -euo pipefail`) and
# registers esf_cleanup as the EXIT trap (bash runs it on INT, TERM and HUP too): a script
# sets no EXIT trap of its own but adds its steps with esf_on_exit. The functions that
# start something keep their state in the script's shell: call them directly, not in $(…).
#
#   esf_fail MESSAGE...          "FAIL: MESSAGE" on stderr, exit 1
#   esf_require COMMAND HINT     exit 2 with "COMMAND is missing: HINT" unless COMMAND is on PATH
#   esf_build_release            cargo build --release --quiet in the repository; the binary is
#                                ESF_BIN (target/release/esf-ledger, an absolute path)
#   esf_workdir                  a new temporary directory in ESF_WORK, removed at exit
#   esf_on_exit COMMAND          COMMAND (a string, eval'd) runs at exit, after the servers and
#                                PostgreSQL are stopped and before the temporary directories go
#   esf_keep_server_log FILE     at exit, copies the log of the last esf_start_server to FILE
#   esf_free_port                prints a TCP port on 127.0.0.1 that nothing listens on
#   esf_wait_http URL [SECONDS] [PID]
#                                waits until URL answers 2xx (SECONDS whole, 10 by default):
#                                returns 0, or 1 when the time is up, or 2 as soon as process
#                                PID has exited
#   esf_start_server DB PORT [LOG]
#                                fails if something answers on http://127.0.0.1:PORT/readyz, else
#                                starts `ESF_BIN serve --bind 127.0.0.1:PORT` in the background
#                                (its output appended to LOG, $ESF_WORK/server.log by default),
#                                records its pid in ESF_SERVER_PID and waits up to
#                                ESF_SERVER_START_SECONDS (10) for /readyz to answer, else fails
#                                with "the server exited: …" or "the server did not start". DB is
#                                the server's DATABASE_URL (postgres://… or a SQLite file), or ""
#                                to leave the environment (DATABASE_URL, ESF_DATA_DIR) as it is
#   esf_stop_server [SIGNAL]     sends SIGNAL (TERM) to the server of ESF_SERVER_PID and reaps
#                                it; returns 1 if it had already exited
#   esf_start_postgres [PORT] [OPTION...]
#                                initdb (trust, superuser postgres) into a new temporary directory
#                                and starts that cluster on 127.0.0.1:PORT (a free port by default)
#                                with the extra server OPTIONs (e.g. -c fsync=off); as the postgres
#                                user when run as root. PG_BIN names the binaries' directory
#                                (default: the newest /usr/lib/postgresql/*/bin, else initdb's on
#                                PATH). Exports ESF_PG_PORT and ESF_PG_URL (the cluster's postgres
#                                database); ESF_PG_DATA is its data directory
#   esf_pg_createdb NAME         creates database NAME in that cluster and prints its URL
#   esf_stop_postgres [MODE]     pg_ctl stop -m MODE (fast) of that cluster; it is kept on disk
#   esf_resume_postgres          starts that cluster again, with the same port and options
#   esf_cleanup                  the EXIT trap: kills the servers still running (with
#                                ESF_SERVER_STOP_SIGNAL, TERM by default) and, if any server was
#                                started, waits for the script's background jobs; stops PostgreSQL
#                                (-m immediate); runs the esf_on_exit commands in order; copies
#                                the server log (esf_keep_server_log); removes the temporary
#                                directories. Each part runs once, whatever fails.

[ -z "${ESF_LIB_LOADED:-}" ] || return 0
ESF_LIB_LOADED=1

ESF_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ESF_BIN=$ESF_ROOT/target/release/esf-ledger
ESF_WORK=""
ESF_SERVER_PID=""
ESF_SERVER_STOP_SIGNAL=TERM
ESF_PG_DATA=""
ESF_PG_PORT=""
ESF_PG_URL=""
_esf_server_pids=()
_esf_server_started=""
_esf_server_log=""
_esf_keep_log=""
_esf_pg_options=""
_esf_exit_commands=()
_esf_dirs=()

esf_fail() { echo "FAIL: $*" >&2; exit 1; }

esf_require() {
  command -v "$1" >/dev/null || { echo "$1 is missing: $2" >&2; exit 2; }
}

esf_build_release() { (cd "$ESF_ROOT" && cargo build --release --quiet); }

esf_workdir() {
  ESF_WORK=$(mktemp -d)
  _esf_dirs+=("$ESF_WORK")
}

esf_on_exit() { _esf_exit_commands+=("$1"); }

esf_keep_server_log() { _esf_keep_log=$1; }

esf_free_port() {
  local port _
  for _ in $(seq 200); do
    # Below Linux's ephemeral range, so that no outgoing connection takes it meanwhile.
    port=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "esf_free_port: no free port on 127.0.0.1 after 200 tries" >&2
  return 1
}

esf_wait_http() {
  local url=$1 seconds=${2:-10} pid=${3:-} i
  for ((i = 0; i < seconds * 10; i++)); do
    curl -sf --max-time 5 -o /dev/null "$url" && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then return 2; fi
    sleep 0.1
  done
  return 1
}

esf_start_server() {
  local db=$1 port=$2 log=${3:-${ESF_WORK:?esf_start_server: no LOG and no esf_workdir}/server.log}
  local url=http://127.0.0.1:$port/readyz status=0
  curl -sf --max-time 5 -o /dev/null "$url" && esf_fail "something already answers on port $port"
  if [ -n "$db" ]; then
    DATABASE_URL=$db "$ESF_BIN" serve --bind "127.0.0.1:$port" >>"$log" 2>&1 &
  else
    "$ESF_BIN" serve --bind "127.0.0.1:$port" >>"$log" 2>&1 &
  fi
  ESF_SERVER_PID=$!
  _esf_server_pids+=("$ESF_SERVER_PID")
  _esf_server_started=1
  _esf_server_log=$log
  esf_wait_http "$url" "${ESF_SERVER_START_SECONDS:-10}" "$ESF_SERVER_PID" || status=$?
  case $status in
    0) ;;
    2) esf_fail "the server exited: $(tail -3 "$log")" ;;
    *) esf_fail "the server did not start" ;;
  esac
}

_esf_forget_server() {
  local pid kept=()
  for pid in "${_esf_server_pids[@]}"; do [ "$pid" = "$1" ] || kept+=("$pid"); done
  _esf_server_pids=("${kept[@]}")
}

esf_stop_server() {
  local pid=$ESF_SERVER_PID signalled=0
  [ -n "$pid" ] || return 0
  kill -"${1:-TERM}" "$pid" 2>/dev/null || signalled=$?
  wait "$pid" 2>/dev/null || true
  _esf_forget_server "$pid"
  ESF_SERVER_PID=""
  [ "$signalled" = 0 ] || { echo "the server (pid $pid) had already exited" >&2; return 1; }
}

# Runs a command (its arguments as they are) as the postgres user when root, else as is.
_esf_as_postgres() {
  if [ "$(id -u)" = 0 ]; then
    su postgres -s /bin/bash -c "$(printf '%q ' "$@")"
  else
    "$@"
  fi
}

_esf_pg_ctl() { _esf_as_postgres "$PG_BIN/pg_ctl" -D "$ESF_PG_DATA" "$@"; }

esf_start_postgres() {
  local port=${1:-} base bins
  [ $# = 0 ] || shift
  [ -z "$ESF_PG_DATA" ] || esf_fail "esf_start_postgres: a cluster already runs in $ESF_PG_DATA"
  if [ -z "${PG_BIN:-}" ]; then
    bins=(/usr/lib/postgresql/*/bin)
    if [ ${#bins[@]} -gt 0 ] && [ -d "${bins[-1]}" ]; then
      PG_BIN=$(printf '%s\n' "${bins[@]}" | sort -V | tail -1)
    elif command -v initdb >/dev/null; then
      PG_BIN=$(dirname "$(command -v initdb)")
    else
      esf_fail "no PostgreSQL server binaries (initdb): apt-get install postgresql, or set PG_BIN"
    fi
  fi
  [ -n "$port" ] || port=$(esf_free_port)
  base=$(mktemp -d)
  _esf_dirs+=("$base")
  chmod 755 "$base"
  mkdir "$base/pg"
  [ "$(id -u)" != 0 ] || chown postgres "$base/pg" 2>/dev/null || true
  ESF_PG_DATA=$base/pg
  export ESF_PG_PORT=$port
  export ESF_PG_URL=postgres://postgres@127.0.0.1:$port/postgres
  _esf_pg_options="-p $port -k $ESF_PG_DATA -c listen_addresses=127.0.0.1${*:+ $*}"
  _esf_as_postgres "$PG_BIN/initdb" -A trust -U postgres -D "$ESF_PG_DATA" >/dev/null
  esf_resume_postgres
}

esf_resume_postgres() {
  _esf_pg_ctl -o "$_esf_pg_options" -l "$ESF_PG_DATA/log" -w start >/dev/null
}

esf_stop_postgres() { _esf_pg_ctl -m "${1:-fast}" stop >/dev/null; }

esf_pg_createdb() {
  _esf_as_postgres "$PG_BIN/createdb" -h 127.0.0.1 -p "$ESF_PG_PORT" -U postgres "$1" || return
  echo "postgres://postgres@127.0.0.1:$ESF_PG_PORT/$1"
}

esf_cleanup() {
  local - pid command dir
  set +eu
  for pid in "${_esf_server_pids[@]}"; do kill -"$ESF_SERVER_STOP_SIGNAL" "$pid" 2>/dev/null; done
  _esf_server_pids=()
  ESF_SERVER_PID=""
  if [ -n "$_esf_server_started" ]; then
    _esf_server_started=""
    wait 2>/dev/null
  fi
  if [ -n "$ESF_PG_DATA" ]; then
    [ -d "$ESF_PG_DATA" ] && _esf_pg_ctl -m immediate stop >/dev/null 2>&1
    ESF_PG_DATA=""
  fi
  for command in "${_esf_exit_commands[@]}"; do eval "$command"; done
  _esf_exit_commands=()
  if [ -n "$_esf_keep_log" ] && [ -n "$_esf_server_log" ]; then
    cp "$_esf_server_log" "$_esf_keep_log" 2>/dev/null
  fi
  _esf_keep_log=""
  for dir in "${_esf_dirs[@]}"; do rm -rf "$dir"; done
  _esf_dirs=()
  return 0
}

trap esf_cleanup EXIT
