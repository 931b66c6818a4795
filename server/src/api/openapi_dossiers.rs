//! The dossier part of the OpenAPI document.

use serde_json::{Value, json};

fn error(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

/// Paths under `/dossiers`, `/attachments` and `/lookup`.
pub fn paths() -> Value {
    let code = json!({ "name": "code", "in": "path", "required": true,
        "schema": { "type": "string", "example": "000.00.31.H53-261124-0001" } });
    let status = json!({
        "status": { "type": "string", "enum": ["submitted", "received", "awaiting_payment", "supplement_requested",
            "resubmitted", "refused", "processing", "stopped", "result_ready", "returned", "withdrawn"] },
        "status_code": { "type": "integer", "minimum": 1, "maximum": 10, "description": "National TrangThaiHoSo code" },
        "status_label": { "type": "string" }, "status_label_en": { "type": "string" } });
    json!({
        "/dossiers": {
            "post": {
                "summary": "Submit a dossier; the form is checked in full and every problem is returned",
                "security": [{ "bearer": [] }],
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["procedure_code", "form"], "properties": {
                        "procedure_code": { "type": "string", "example": "2.000488" },
                        "form": { "type": "object", "description": "Field name → string, number or boolean; an address is {province, commune, street}" },
                        "channel": { "type": "string", "enum": ["online"], "default": "online" } } } } } },
                "responses": {
                    "201": { "description": "Submitted", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["code", "status", "status_code", "fee_due_vnd"],
                        "properties": status.as_object().cloned().unwrap_or_default().into_iter()
                            .chain([("code".to_owned(), json!({"type": "string"})), ("fee_due_vnd".to_owned(), json!({"type": "integer"}))])
                            .collect::<serde_json::Map<String, Value>>() } } } },
                    "400": error("invalid_form (with error.fields[]), invalid_channel or invalid_json"),
                    "401": error("No or bad token"), "404": error("Unknown procedure") } },
            "get": { "summary": "The caller's dossiers, newest first", "security": [{ "bearer": [] }],
                "responses": { "200": { "description": "{items, total}" }, "401": error("No or bad token") } } },
        "/dossiers/{code}": { "get": {
            "summary": "One dossier with form answers, history, attachments and fees (owner or the agency's staff)",
            "security": [{ "bearer": [] }], "parameters": [code],
            "responses": { "200": { "description": "The dossier" }, "401": error("No or bad token"),
                           "404": error("Missing, or someone else's") } } },
        "/dossiers/{code}/attachments": { "post": {
            "summary": "Attach a PDF, JPEG or PNG (recognised by its bytes); 10 MB per file, 30 MB per dossier",
            "security": [{ "bearer": [] }], "parameters": [code],
            "requestBody": { "required": true, "content": { "multipart/form-data": { "schema": {
                "type": "object", "required": ["file"], "properties": { "file": { "type": "string", "format": "binary" } } } } } },
            "responses": { "201": { "description": "Stored, with its SHA-256" },
                           "400": error("invalid_file: wrong kind, too large, dossier full or not open for files"),
                           "404": error("Missing, or someone else's"), "413": error("Request far over the limit") } } },
        "/attachments/{id}": { "get": {
            "summary": "Download a file (owner or the agency's staff)", "security": [{ "bearer": [] }],
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
            "responses": { "200": { "description": "The file" }, "404": error("Missing, or not yours") } } },
        "/dossiers/{code}/payments": { "post": {
            "summary": "Pay the dossier's fee notice by dynamic VietQR (default) or VNPAY: 201 with a new attempt, 200 with the live one",
            "security": [{ "bearer": [] }], "parameters": [code],
            "requestBody": { "required": false, "content": { "application/json": { "schema": {
                "type": "object", "properties": { "provider": { "type": "string", "enum": ["vietqr", "vnpay"] } } } } } },
            "responses": { "201": { "description": "{id, reference, amount_vnd, qr_payload, qr_svg_url, expires_at, status, provider, payment_url, receipt_pdf_url}" },
                           "200": { "description": "The attempt still live" },
                           "400": error("No fee due"), "404": error("Missing, or someone else's"),
                           "409": error("Already paid, or no collection account") } } },
        "/payments/{id}": { "get": {
            "summary": "One payment attempt and its status (pending, paid, expired, failed, cancelled)",
            "security": [{ "bearer": [] }],
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
            "responses": { "200": { "description": "The attempt" }, "404": error("Missing, or not yours") } } },
        "/payments/{id}/qr.svg": { "get": {
            "summary": "The attempt's QR code as SVG", "security": [{ "bearer": [] }],
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
            "responses": { "200": { "description": "image/svg+xml" }, "404": error("Missing, or not yours") } } },
        "/payments/{id}/receipt.pdf": { "get": {
            "summary": "The e-receipt of a paid attempt (payer and agency staff); the first delivery is the original, later ones are marked \"Bản sao\" (header X-Receipt-Copy)",
            "security": [{ "bearer": [] }],
            "parameters": [{ "name": "id", "in": "path", "required": true, "schema": { "type": "integer" } }],
            "responses": { "200": { "description": "application/pdf" }, "401": error("Not signed in"),
                           "404": error("Not paid, missing, or not yours") } } },
        "/receipts/verify/{token}": { "get": {
            "summary": "Public check of a receipt by the token in its QR: valid when issued here and its Ed25519 signature matches",
            "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": { "200": { "description": "{valid, status, message, issuer_name, issuer_tax_code, template_symbol, series_symbol, number, issued_on, total_vnd, total_in_words, payer (masked), dossier_code, key_id}" },
                           "404": error("No such receipt") } } },
        "/receipts/verify/{token}/qr.svg": { "get": {
            "summary": "The receipt's verification QR as SVG (for the printed slip)",
            "parameters": [{ "name": "token", "in": "path", "required": true, "schema": { "type": "string" } }],
            "responses": { "200": { "description": "image/svg+xml" }, "404": error("No such receipt") } } },
        "/receipts/public-key": { "get": {
            "summary": "The Ed25519 public key receipts are signed with (over their stored JSON content)",
            "responses": { "200": { "description": "{algorithm, public_key, key_id}" } } } },
        "/payment-notifications/vnpay": { "get": {
            "summary": "VNPAY IPN (vnp_* query, vnp_SecureHash = hex HMAC-SHA512 of the sorted form-encoded parameters); always HTTP 200",
            "responses": { "200": { "description": "{RspCode: 00 confirmed | 01 order not found | 02 already confirmed | 04 invalid amount | 97 invalid signature | 99 unknown error, Message}" } } } },
        "/payment-notifications/bank": { "post": {
            "summary": "A bank's balance-change notification, signed X-Motcua-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, \"<t>.<raw body>\")>",
            "parameters": [{ "name": "X-Motcua-Signature", "in": "header", "required": true, "schema": { "type": "string" } }],
            "requestBody": { "required": true, "content": { "application/json": { "schema": {
                "type": "object", "required": ["id", "transfer_type", "amount"], "properties": {
                    "id": { "type": "string" }, "gateway": { "type": "string" }, "transaction_date": { "type": "string" },
                    "account_number": { "type": "string" }, "content": { "type": "string" },
                    "transfer_type": { "type": "string", "enum": ["in", "out"] }, "amount": { "type": "integer" },
                    "reference_code": { "type": "string" } } } } } },
            "responses": { "200": { "description": "{success, result: paid|replay|ignored|exception, exception}" },
                           "400": error("Not a notification"), "401": error("Missing, wrong or stale signature") } } },
        "/lookup": { "get": {
            "summary": "Public lookup by dossier code and phone, without signing in (limited per address)",
            "parameters": [
                { "name": "code", "in": "query", "required": true, "schema": { "type": "string" } },
                { "name": "phone", "in": "query", "required": true, "schema": { "type": "string" } } ],
            "responses": { "200": { "description": "Status and history, no personal answers" },
                           "400": error("Malformed, or no dossier with this code and phone"),
                           "429": error("Too many lookups") } } }
    })
}
