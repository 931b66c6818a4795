#!/usr/bin/env bash
# Starts the built server on a fresh SQLite database with demo data, runs the
# Playwright suite against it (JavaScript on and off), and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${E2E_PORT:-3100}"
BIN="${MOTCUA_BIN:-target/release/motcua}"
WORK="$(mktemp -d)"
# The authenticator secrets and used TOTP steps of an earlier run on this port (helpers.mjs).
rm -f "${TMPDIR:-/tmp}/motcua-e2e-totp-$PORT".*
export MOTCUA_DATABASE_URL="sqlite://$WORK/motcua.db"
export MOTCUA_DATA_DIR="$WORK/data"
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
export LEPTOS_SITE_ROOT="target/site"
# The server refuses to start without it; the tests use the sandbox SMS and bank.
export MOTCUA_ENV=development
"$BIN" migrate >/dev/null
"$BIN" seed --demo >/dev/null
# An officer of the Department of Justice for the dossier journey.
printf 'mat-khau-e2e-du-dai\n' | "$BIN" staff create --phone 0909000111 --name "Cán bộ Kiểm thử" \
  --role officer --agency 000.00.31.H53 >/dev/null
# Their manager, who approves refunds the officer asks for.
printf 'mat-khau-e2e-du-dai\n' | "$BIN" staff create --phone 0909000555 --name "Lãnh đạo Kiểm thử" \
  --role manager --agency 000.00.31.H53 >/dev/null
# An administrator of the centre for the kiosk console.
printf 'mat-khau-e2e-du-dai\n' | "$BIN" staff create --phone 0909000999 --name "Quản trị Kiểm thử" \
  --role admin >/dev/null
# Kiosks end an idle visit after 30 s (the shortest allowed) so the test can watch it.
# The browsers' requests come through 127.0.0.1 as a proxy: each test names its own
# client address in X-Forwarded-For (helpers.mjs newClient), as citizens behind the
# production proxy have theirs.
MOTCUA_KIOSK_IDLE_SECONDS=30 MOTCUA_TRUSTED_PROXIES=127.0.0.1 "$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "server did not start:"; cat "$WORK/server.log"; exit 1; }
cd end2end
export PLAYWRIGHT_JSON_OUTPUT_NAME="$WORK/report.json"
BASE_URL="http://127.0.0.1:$PORT" npx playwright test "$@" || {
  echo "--- server log (last 50 lines) ---"; tail -50 "$WORK/server.log"
  node failures.mjs "$WORK/report.json"
  exit 1
}
