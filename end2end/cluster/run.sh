#!/usr/bin/env bash
# Two release nodes on one fresh PostgreSQL database behind nginx configured with
# deploy/nginx-motcua.conf (docs/deploy.md; the edits for loopback are listed below),
# and the checks of
# checks.mjs: a journey served by both nodes, files across nodes, a live payment across
# nodes within 0.5 s, shared rate limits, and kill -9 of a node while bank notifications
# are sent. Then `motcua loadtest check`: every attempt paid once, one receipt each,
# receipt numbers without gaps. Needs nginx (Debian) and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN="${MOTCUA_BIN:-target/release/motcua}"
PG_ADMIN="${MOTCUA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
PORT_NGINX="${CLUSTER_PORT:-3400}"
PORT_A=$((PORT_NGINX + 1))
PORT_B=$((PORT_NGINX + 2))
WORK="$(mktemp -d)"
chmod 755 "$WORK"
DB="motcua_test_cluster_$$"
PIDS=()

command -v nginx >/dev/null || { echo "cluster: nginx is missing (make tools-test installs it)"; exit 1; }
if ! psql "$PG_ADMIN" -qc "CREATE DATABASE $DB" >/dev/null 2>&1; then
  if [ "${MOTCUA_REQUIRE_POSTGRES:-}" = 1 ]; then echo "cluster: PostgreSQL is required but unreachable at $PG_ADMIN"; exit 1; fi
  echo "cluster: skipped, PostgreSQL unreachable at $PG_ADMIN"; exit 0
fi
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() {
  echo "cluster: $*"
  for f in "$WORK"/*.log; do echo "--- $f"; tail -30 "$f"; done
  exit 1
}

export MOTCUA_ENV=development
export MOTCUA_DATABASE_URL="${PG_ADMIN%/*}/$DB"
export MOTCUA_BANK_WEBHOOK_SECRET="cluster test bank key, never used in production"
export MOTCUA_PUBLIC_URL="http://127.0.0.1:$PORT_NGINX"
export MOTCUA_TRUSTED_PROXIES=127.0.0.1
export LEPTOS_SITE_ROOT=target/site
export RUST_LOG="${RUST_LOG:-warn}"
export MOTCUA_PAYMENT_TTL_SECONDS=3600
MOTCUA_DATA_DIR="$WORK/prep" "$BIN" migrate >/dev/null
MOTCUA_DATA_DIR="$WORK/prep" "$BIN" seed --demo >/dev/null
MOTCUA_DATA_DIR="$WORK/prep" "$BIN" loadtest prepare --attempts 200 >"$WORK/targets"

start_node() { # port name
  LEPTOS_SITE_ADDR="127.0.0.1:$1" MOTCUA_DATA_DIR="$WORK/$2" "$BIN" serve >"$WORK/$2.log" 2>&1 &
  PIDS+=($!)
  eval "PID_$2=$!"
}
start_node "$PORT_A" a
start_node "$PORT_B" b

# The documented site, on loopback without TLS: the listen line, the certificate and
# HTTP/2 lines and the node addresses change, the port-80 redirect is left out, and a
# header naming the node that answered is added so the checks can see the balancing
# (not in the documented file: it would show internal addresses).
mkdir -p "$WORK/nginx/tmp" && chmod -R 777 "$WORK/nginx"
sed -e "s/listen 443 ssl;/listen 127.0.0.1:$PORT_NGINX;/" \
    -e '/http2 on;/d' -e '/ssl_certificate/d' \
    -e "s/10.0.0.11:3000/127.0.0.1:$PORT_A/" -e "s/10.0.0.12:3000/127.0.0.1:$PORT_B/" \
    -e 's/client_max_body_size 32m;/client_max_body_size 32m;\n    add_header X-Motcua-Upstream $upstream_addr always;/' \
    -e '/^# Plain HTTP only redirects/,$d' \
    deploy/nginx-motcua.conf >"$WORK/nginx/site.conf"
grep -q "listen 127.0.0.1:$PORT_NGINX;" "$WORK/nginx/site.conf" || fail "the nginx file's listen line changed: update run.sh"
grep -q "127.0.0.1:$PORT_B" "$WORK/nginx/site.conf" || fail "the nginx file's node lines changed: update run.sh"
{
  [ "$(id -u)" != 0 ] || echo "user root;"
  echo "worker_processes 1;"
  echo "pid $WORK/nginx/nginx.pid;"
  echo "error_log $WORK/nginx.log warn;"
  echo "events { worker_connections 1024; }"
  echo "http {"
  echo "  access_log off;"
  for t in client_body proxy fastcgi uwsgi scgi; do echo "  ${t}_temp_path $WORK/nginx/tmp/$t;"; done
  echo "  include $WORK/nginx/site.conf;"
  echo "}"
} >"$WORK/nginx/nginx.conf"
nginx -t -q -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2>"$WORK/nginx-test.log" || fail "nginx refused the configuration: $(cat "$WORK/nginx-test.log")"
nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -g 'daemon off;' >"$WORK/nginx-out.log" 2>&1 &
PIDS+=($!)

for port in "$PORT_A" "$PORT_B" "$PORT_NGINX"; do
  for _ in $(seq 1 150); do curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 || fail "nothing answers on port $port"
done

node end2end/cluster/checks.mjs --nginx "http://127.0.0.1:$PORT_NGINX" \
  --a "http://127.0.0.1:$PORT_A" --b "http://127.0.0.1:$PORT_B" --a-pid "$PID_a" \
  --targets "$WORK/targets" --secret "$MOTCUA_BANK_WEBHOOK_SECRET" || fail "a check failed"
echo -n "cluster: after kill -9: "
MOTCUA_DATA_DIR="$WORK/prep" "$BIN" loadtest check <"$WORK/targets" || fail "attempts unpaid or receipts wrong after kill -9"
echo "cluster: ok"
