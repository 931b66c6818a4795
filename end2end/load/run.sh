#!/usr/bin/env bash
# `make load` (issue 17, item 6; not part of `make test`): signed bank notifications,
# 30 % of them sent twice, shuffled, 64 at a time, against one node on SQLite and
# against two nodes on one PostgreSQL database. Each setup starts from an empty
# database: `motcua loadtest prepare` records the dossiers and opens a QR each, the
# harness (notifications.mjs) sends and times, and `motcua loadtest check` checks that
# every attempt is paid with one receipt and that receipt numbers have no gaps.
#
#   LOAD_TOTAL (10000)  LOAD_CONCURRENCY (64)  LOAD_SETUPS ("sqlite postgres")
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${MOTCUA_BIN:-target/release/motcua}"
TOTAL="${LOAD_TOTAL:-10000}"
CONCURRENCY="${LOAD_CONCURRENCY:-64}"
SETUPS="${LOAD_SETUPS:-sqlite postgres}"
# The distinct notifications, rounded as notifications.mjs rounds them.
ATTEMPTS=$(( (TOTAL * 7 + 5) / 10 ))
PG_ADMIN="${MOTCUA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
WORK="$(mktemp -d)"
export MOTCUA_ENV=development
export MOTCUA_BANK_WEBHOOK_SECRET="load harness bank key, never used in production"
export LEPTOS_SITE_ROOT=target/site
export RUST_LOG="${RUST_LOG:-warn}"
# QR codes stay payable through a long preparation (the default is 15 minutes).
export MOTCUA_PAYMENT_TTL_SECONDS=86400
PIDS=()
DB=""
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -z "$DB" ] || psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

start_node() { # port data_dir
  LEPTOS_SITE_ADDR="127.0.0.1:$1" MOTCUA_DATA_DIR="$2" "$BIN" serve >"$2.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do curl -fsS "http://127.0.0.1:$1/readyz" >/dev/null 2>&1 && return; sleep 0.1; done
  echo "load: the node on port $1 did not start"; tail -20 "$2.log"; exit 1
}

run_setup() { # name database_url ports...
  local name="$1" url="$2"; shift 2
  export MOTCUA_DATABASE_URL="$url"
  export MOTCUA_DATA_DIR="$WORK/$name-prep"
  "$BIN" migrate >/dev/null
  "$BIN" seed --demo >/dev/null
  local t0=$SECONDS
  "$BIN" loadtest prepare --attempts "$ATTEMPTS" >"$WORK/$name.targets"
  echo "load[$name]: $ATTEMPTS dossiers with a live QR prepared in $((SECONDS - t0)) s"
  local nodes=""
  for port in "$@"; do
    start_node "$port" "$WORK/$name-node-$port"
    nodes="${nodes:+$nodes,}http://127.0.0.1:$port"
  done
  echo -n "load[$name]: "
  node end2end/load/notifications.mjs --targets "$WORK/$name.targets" --nodes "$nodes" \
    --secret "$MOTCUA_BANK_WEBHOOK_SECRET" --total "$TOTAL" --duplicates 0.3 --concurrency "$CONCURRENCY"
  echo -n "load[$name]: check: "
  "$BIN" loadtest check <"$WORK/$name.targets"
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  PIDS=()
}

for setup in $SETUPS; do
  case "$setup" in
    sqlite) run_setup sqlite "sqlite://$WORK/motcua.db" 3301 ;;
    postgres)
      DB="motcua_test_load_$$"
      psql "$PG_ADMIN" -qc "CREATE DATABASE $DB" >/dev/null
      run_setup postgres "${PG_ADMIN%/*}/$DB" 3302 3303
      psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null
      DB=""
      ;;
    *) echo "load: unknown setup $setup"; exit 2 ;;
  esac
done
