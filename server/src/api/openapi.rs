//! `GET /api/v1/openapi.json`: the OpenAPI 3 description of API v1.

use axum::Json;
use serde_json::{Value, json};

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } })
}

pub async fn document() -> Json<Value> {
    let fee = json!({ "type": "object", "required": ["name", "amount_vnd", "unit", "legal_basis"], "properties": {
        "name": { "type": "string" }, "amount_vnd": { "type": "integer", "minimum": 0 },
        "online_amount_vnd": { "type": ["integer", "null"] }, "unit": { "type": "string" },
        "legal_basis": { "type": "string" }, "valid_from": { "type": "string", "format": "date" } } });
    let procedure = json!({ "type": "object",
        "required": ["code", "name", "name_en", "level", "field", "agency", "fees", "online_payment"],
        "properties": {
            "code": { "type": "string", "example": "2.000488" }, "name": { "type": "string" },
            "name_en": { "type": "string" }, "level": { "type": "string", "enum": ["tinh", "xa"] },
            "field": { "type": "string" }, "field_slug": { "type": "string" },
            "agency": { "type": "string", "example": "000.00.31.H53" }, "agency_name": { "type": "string" },
            "fees": { "type": "array", "items": { "$ref": "#/components/schemas/Fee" } },
            "fee_summary": { "type": "string" }, "online_payment": { "type": "boolean" } } });
    let form_field = json!({ "type": "object", "required": ["name", "label", "type", "required"], "properties": {
        "name": { "type": "string" }, "label": { "type": "string" },
        "type": { "type": "string", "enum": ["text", "textarea", "date", "number", "select", "phone", "national_id", "email", "checkbox", "address"] },
        "required": { "type": "boolean" }, "options": { "type": "array", "items": { "type": "string" } } } });
    let mut doc = json!({
        "openapi": "3.1.0",
        "info": { "title": "Một Cửa API", "version": "1.0.0",
                  "description": "Procedure catalog, citizen accounts and dossiers of the Một Cửa public-service centre app. Errors carry `message` (Vietnamese) and `message_en`." },
        "servers": [{ "url": "/api/v1" }],
        "paths": {
            "/procedures": { "get": {
                "summary": "Search procedures (accent-insensitive), in relevance order",
                "parameters": [
                    { "name": "q", "in": "query", "schema": { "type": "string" } },
                    { "name": "agency", "in": "query", "schema": { "type": "string" } },
                    { "name": "field", "in": "query", "schema": { "type": "string" } },
                    { "name": "level", "in": "query", "schema": { "type": "string", "enum": ["tinh", "xa"] } } ],
                "responses": {
                    "200": { "description": "Matching procedures", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["items", "total"], "properties": {
                            "items": { "type": "array", "items": { "$ref": "#/components/schemas/Procedure" } },
                            "total": { "type": "integer" } } } } } },
                    "400": error_response("Invalid filter") } } },
            "/procedures/{code}": { "get": {
                "summary": "One procedure with documents, processing time and dossier form",
                "parameters": [{ "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }],
                "responses": {
                    "200": { "description": "The procedure", "content": { "application/json": { "schema": {
                        "allOf": [{ "$ref": "#/components/schemas/Procedure" }, { "type": "object", "properties": {
                            "documents": { "type": "array", "items": { "type": "string" } },
                            "processing_days": { "type": "integer" },
                            "form": { "type": "object", "properties": { "fields": { "type": "array", "items": { "$ref": "#/components/schemas/FormField" } } } } } }] } } } },
                    "404": error_response("Unknown code") } } },
            "/agencies": { "get": { "summary": "Agencies with their collection accounts",
                "responses": { "200": { "description": "Agencies", "content": { "application/json": { "schema": { "type": "object" } } } } } } },
            "/auth/otp": { "post": {
                "summary": "Send a 6-digit sign-in code by SMS",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["phone"], "properties": { "phone": { "type": "string", "example": "0912345678" } } } } } },
                "responses": { "202": { "description": "Code sent" }, "400": error_response("Invalid phone"),
                               "429": error_response("Cooldown or rate limit") } } },
            "/auth/token": { "post": {
                "summary": "Exchange a code for a bearer token; full_name, date_of_birth and national_id register a new account",
                "requestBody": { "required": true, "content": { "application/json": { "schema": {
                    "type": "object", "required": ["phone", "code"], "properties": {
                        "phone": { "type": "string" }, "code": { "type": "string", "pattern": "^[0-9]{6}$" },
                        "full_name": { "type": "string" }, "date_of_birth": { "type": "string", "format": "date" },
                        "national_id": { "type": "string", "pattern": "^[0-9]{12}$" } } } } } },
                "responses": {
                    "200": { "description": "Signed in", "content": { "application/json": { "schema": {
                        "type": "object", "required": ["token", "citizen"], "properties": {
                            "token": { "type": "string" },
                            "citizen": { "type": "object", "properties": { "id": { "type": "integer" }, "phone": { "type": "string" }, "full_name": { "type": "string" } } } } } } } },
                    "400": error_response("Wrong code, invalid registration or registration_required"),
                    "429": error_response("Code dead after 5 wrong tries, or too many attempts") } } },
            "/me": { "get": { "summary": "The signed-in citizen", "security": [{ "bearer": [] }],
                "responses": { "200": { "description": "The citizen" }, "401": error_response("No or bad token") } } }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "object",
                    "required": ["code", "message"], "properties": { "code": { "type": "string" }, "message": { "type": "string" }, "message_en": { "type": "string" } } } } },
                "Fee": fee, "Procedure": procedure, "FormField": form_field
            }
        }
    });
    if let (Some(paths), Value::Object(more)) = (
        doc.get_mut("paths").and_then(Value::as_object_mut),
        super::openapi_dossiers::paths(),
    ) {
        paths.extend(more);
    }
    Json(doc)
}
