#!/usr/bin/env bash
# The REST API against the OpenAPI document it serves: schemathesis (PyPI) generates
# requests from /api/v1/openapi.json, valid and invalid, signed in and not, and runs
# every check on every answer (status and content type documented, body matching its
# schema, valid data accepted, invalid data refused, auth not ignored, methods not
# allowed answered 405…). Any failure fails `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${CONTRACT_PORT:-3300}"
BIN="${MOTCUA_BIN:-target/release/motcua}"
ST="${SCHEMATHESIS:-.tools/venv/bin/schemathesis}"
WORK="$(mktemp -d)"
export MOTCUA_DATABASE_URL="sqlite://$WORK/motcua.db"
export MOTCUA_DATA_DIR="$WORK/data"
export LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
export LEPTOS_SITE_ROOT="target/site"
# The server refuses to start without it; the tests use the sandbox SMS and bank.
export MOTCUA_ENV=development
"$BIN" migrate >/dev/null
"$BIN" seed --demo >/dev/null
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do
  curl -fsS "$BASE/readyz" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$BASE/readyz" >/dev/null || { echo "server did not start:"; cat "$WORK/server.log"; exit 1; }

# A citizen nobody else uses, registered and signed in through the API itself: a code
# sent to a fresh phone, read from the SMS sandbox, exchanged for a bearer token.
PHONE=0388000123
curl -fsS -H 'content-type: application/json' -d "{\"phone\":\"$PHONE\"}" "$BASE/api/v1/auth/otp" >/dev/null
CODE="$(curl -fsS -H 'accept: application/json' "$BASE/sandbox/sms?phone=$PHONE" | grep -oE '\b[0-9]{6}\b' | head -1 || true)"
[ -n "$CODE" ] || { echo "no sign-in code in the SMS sandbox"; exit 1; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
MOTCUA_CONTRACT_TOKEN="$(curl -fsS -H 'content-type: application/json' \
  -d "{\"phone\":\"$PHONE\",\"code\":\"$CODE\",\"full_name\":\"Công Dân Hợp Đồng\",\"date_of_birth\":\"1990-05-20\",\"national_id\":\"001090654321\"}" \
  "$BASE/api/v1/auth/token" | field '["token"]')"
export MOTCUA_CONTRACT_TOKEN
AUTH="Authorization: Bearer $MOTCUA_CONTRACT_TOKEN"

# Something of theirs for the operations that read one: a dossier (a criminal-record
# certificate, 2.000488), a file attached to it, and its fee paid through the sandbox
# bank, so that reading the dossier, the file, the payment, its QR, its events and its
# receipt reach the handlers' real answers rather than 404.
MOTCUA_CONTRACT_DOSSIER="$(curl -fsS -H "$AUTH" -H 'content-type: application/json' -d '{"procedure_code":"2.000488",
  "form":{"ho_ten":"Công Dân Hợp Đồng","so_cccd":"001090654321","ngay_sinh":"1990-05-20","so_dien_thoai":"0388000123",
  "dia_chi":{"province":"Hà Nội","commune":"Hà Đông","street":"Số 5 ngõ 3"},"loai_phieu":"Phiếu số 1","so_phieu":1,
  "muc_dich":"Xin việc","cam_doan":true}}' "$BASE/api/v1/dossiers" | field '["code"]')"
printf '%%PDF-1.4\n%%%%EOF\n' >"$WORK/scan.pdf"
MOTCUA_CONTRACT_ATTACHMENT="$(curl -fsS -H "$AUTH" -F "file=@$WORK/scan.pdf;type=application/pdf" \
  "$BASE/api/v1/dossiers/$MOTCUA_CONTRACT_DOSSIER/attachments" | field '["id"]')"
PAYMENT="$(curl -fsS -H "$AUTH" -X POST "$BASE/api/v1/dossiers/$MOTCUA_CONTRACT_DOSSIER/payments")"
MOTCUA_CONTRACT_PAYMENT="$(field '["id"]' <<<"$PAYMENT")"
QR="$(field '["qr_payload"]' <<<"$PAYMENT")"
curl -fsS -H 'content-type: application/json' -d "{\"qr\":\"$QR\"}" "$BASE/sandbox/bank/transfers" >/dev/null
[ "$(curl -fsS -H "$AUTH" "$BASE/api/v1/payments/$MOTCUA_CONTRACT_PAYMENT" | field '["status"]')" = paid ] ||
  { echo "the test payment was not paid"; exit 1; }
export MOTCUA_CONTRACT_DOSSIER MOTCUA_CONTRACT_ATTACHMENT MOTCUA_CONTRACT_PAYMENT

"$ST" --config-file end2end/schemathesis.toml run "$BASE/api/v1/openapi.json" \
  --checks all --max-examples "${CONTRACT_EXAMPLES:-40}" --request-timeout 10 \
  --seed "${CONTRACT_SEED:-20261202}" --no-color --report junit --report-dir "$WORK/report" "$@" || {
  echo "--- server log (last 30 lines) ---"; tail -30 "$WORK/server.log"
  exit 1
}
