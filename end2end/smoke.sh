#!/usr/bin/env bash
# Smoke test of `make run` itself, on a built tree: it runs `make run` as a user does
# (only the database, data directory and port differ), and checks that it serves
# within 10 seconds, that the health probes, the home page, a procedure page and the
# wasm, JS and CSS files the page links answer 200, that the files served are the
# release build's, and that the page hydrates in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${SMOKE_PORT:-3200}"
MAX_START_SECONDS="${SMOKE_MAX_START_SECONDS:-10}"
BASE="http://127.0.0.1:$PORT"
WORK="$(mktemp -d)"
export MOTCUA_DATABASE_URL="sqlite://$WORK/motcua.db"
export MOTCUA_DATA_DIR="$WORK/data"
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT"

fail() {
  echo "smoke: $*" >&2
  echo "--- make run output ---" >&2
  tail -40 "$WORK/run.log" >&2 || true
  exit 1
}

start=$(date +%s%N)
# Its own process group, so stopping it stops make and the server together.
setsid make --no-print-directory run >"$WORK/run.log" 2>&1 &
RUN=$!
trap 'kill -TERM -- -$RUN 2>/dev/null || true; wait $RUN 2>/dev/null || true; rm -rf "$WORK"' EXIT

until curl -fsS "$BASE/readyz" >/dev/null 2>&1; do
  kill -0 "$RUN" 2>/dev/null || fail "make run exited before serving"
  elapsed=$((($(date +%s%N) - start) / 1000000))
  [ "$elapsed" -lt 120000 ] || fail "not serving after 120 s"
  sleep 0.1
done
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
echo "smoke: make run served $BASE/readyz after ${elapsed_ms} ms"
[ "$elapsed_ms" -le $((MAX_START_SECONDS * 1000)) ] ||
  fail "make run took ${elapsed_ms} ms to serve on an unchanged tree (limit ${MAX_START_SECONDS} s): did it rebuild?"
grep -q 'make: building the release' "$WORK/run.log" && fail "make run rebuilt an unchanged tree"

status() { curl -s -o "$WORK/body" -w '%{http_code}' "$BASE$1"; }
expect_200() {
  local code
  code=$(status "$1")
  [ "$code" = 200 ] || fail "GET $1 answered $code"
  echo "smoke: GET $1 200 ($(wc -c <"$WORK/body") bytes)"
}

# The release binary with Leptos' production settings.
expect_200 /healthz
grep -q '"build":"release"' "$WORK/body" || fail "/healthz does not report a release build: $(cat "$WORK/body")"
grep -q '"leptos_env":"PROD"' "$WORK/body" || fail "/healthz does not report LEPTOS_ENV PROD: $(cat "$WORK/body")"
expect_200 /readyz

# Pages from the demo seed: the home page and the criminal-record procedure (seed code 2.000488).
expect_200 /
cp "$WORK/body" "$WORK/home.html"
expect_200 /thu-tuc/2.000488
grep -q '2.000488' "$WORK/body" || fail "the procedure page does not show its code"

# The stamp of the release build make run served (linted by make test, or plain).
STAMP=target/release-build-linted.sha256
[ -f "$STAMP" ] || STAMP=target/release-build.sha256
[ -f "$STAMP" ] || fail "no release build stamp in target/"

# Every script, wasm and stylesheet the home page links, served byte for byte as built.
assets=$(grep -o -E '(href|src)="/pkg/[^"]+"' "$WORK/home.html" | sed -E 's/^(href|src)="//; s/"$//' | sort -u)
for kind in '\.js$' '\.wasm$' '\.css$'; do
  grep -q -E "$kind" <<<"$assets" || fail "the home page links no file matching $kind"
done
for path in $assets; do
  expect_200 "$path"
  file="target/site$path"
  [ -f "$file" ] || fail "$path is not in target/site"
  cmp -s "$WORK/body" "$file" || fail "$path differs from $file"
  grep -q " $file\$" "$STAMP" || fail "$file is not from the release build"
done
sha256sum --status -c "$STAMP" || fail "target/site or the binary changed since the release build"

# Hydration in Chromium: the release wasm runs and takes over the page.
(cd end2end && BASE_URL="$BASE" npx playwright test --config smoke.config.mjs) || fail "the page did not hydrate"
echo "smoke: ok"
