//! REST API v1 (JSON). Errors are always `{"error":{"code","message"}}`.

mod agencies;
mod auth;
mod body;
pub mod dossiers;
pub mod error;
mod extract;
pub mod notifications;
mod openapi;
mod payment_events;
pub mod payments;
mod procedures;
mod qr_photo;
mod receipts;
pub mod reports;

use crate::state::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use std::sync::Arc;
use utoipa::OpenApi as _;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The API's routes and the OpenAPI document made from them: a handler is routed only
/// through `routes!`, which also documents it, so nothing is served undocumented.
fn documented() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let uploads = OpenApiRouter::new()
        .routes(routes!(dossiers::attach))
        .layer(DefaultBodyLimit::max(dossiers::UPLOAD_BODY_LIMIT));
    let photos = OpenApiRouter::new()
        .routes(routes!(qr_photo::read))
        .layer(DefaultBodyLimit::max(services::qr::PHOTO_MAX_BYTES));
    OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(procedures::list))
        .routes(routes!(procedures::show))
        .routes(routes!(agencies::list))
        .routes(routes!(auth::request_otp))
        .routes(routes!(auth::token))
        .routes(routes!(auth::me))
        .routes(routes!(dossiers::create, dossiers::mine))
        .routes(routes!(dossiers::show))
        .merge(uploads)
        .routes(routes!(dossiers::download))
        .routes(routes!(payments::start))
        .routes(routes!(payments::show))
        .routes(routes!(payments::svg))
        .routes(routes!(payment_events::events))
        .routes(routes!(receipts::pdf))
        .routes(routes!(receipts::verify))
        .routes(routes!(receipts::verify_qr))
        .routes(routes!(receipts::public_key))
        .routes(routes!(dossiers::lookup))
        .routes(routes!(reports::monthly))
        .routes(routes!(reports::monthly_csv))
        .routes(routes!(reports::monthly_xlsx))
        .merge(photos)
        .routes(routes!(notifications::bank))
        .routes(routes!(notifications::vnpay_ipn))
        .split_for_parts()
}

/// The OpenAPI document of API v1, as served.
#[must_use]
pub fn document() -> utoipa::openapi::OpenApi {
    documented().1
}

pub fn routes() -> Router<AppState> {
    let (router, doc) = documented();
    let json: Arc<str> = Arc::from(serde_json::to_string(&doc).unwrap_or_default());
    router
        .route(
            "/openapi.json",
            get(move || {
                let json = Arc::clone(&json);
                async move {
                    (
                        [(axum::http::header::CONTENT_TYPE, "application/json")],
                        json.to_string(),
                    )
                }
            }),
        )
        .route(
            "/{*rest}",
            axum::routing::any(|| async { error::ApiError::NotFound }),
        )
        // Most answers are someone's own (dossiers, payments, the caller's details, with a
        // cookie or a token): no cache keeps them unless a handler says otherwise.
        .layer(
            tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                axum::http::header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("private, no-store"),
            ),
        )
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    fn doc() -> Value {
        serde_json::to_value(super::document()).expect("the document is JSON")
    }

    fn operations(doc: &Value) -> Vec<(String, String, Value)> {
        let mut out = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("a path item") {
                out.push((method.clone(), path.clone(), op.clone()));
            }
        }
        out
    }

    /// Every operation says who may call it and what each refusal looks like: a
    /// bearer-only operation documents its 401, and every 4xx answer is the `Error` body.
    #[test]
    fn every_operation_documents_its_refusals() {
        let doc = doc();
        let ops = operations(&doc);
        assert!(ops.len() >= 26, "{} operations", ops.len());
        for (method, path, op) in &ops {
            let responses = op["responses"].as_object().expect("responses");
            if op.get("security").is_some() {
                assert!(
                    responses.contains_key("401"),
                    "{method} {path} documents 401"
                );
            }
            for (status, response) in responses {
                if status.starts_with('4') {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/Error",
                        "{method} {path} {status}"
                    );
                }
            }
        }
        assert_eq!(doc["servers"][0]["url"], "/api/v1");
        assert_eq!(
            doc["components"]["securitySchemes"]["bearer"]["scheme"],
            "bearer"
        );
    }

    /// The rules the document states are the domain's own: the phone pattern the API
    /// enforces (`PhoneNumber::parse_exact`) and every dossier status.
    #[test]
    fn the_document_states_the_domains_rules() {
        let doc = doc();
        let schemas = &doc["components"]["schemas"];
        assert_eq!(
            schemas["OtpRequest"]["properties"]["phone"]["pattern"],
            domain::PhoneNumber::PATTERN
        );
        assert_eq!(
            schemas["TokenRequest"]["properties"]["phone"]["pattern"],
            domain::PhoneNumber::PATTERN
        );
        let statuses: Vec<&str> = schemas["StatusFields"]["properties"]["status"]["enum"]
            .as_array()
            .expect("an enum")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert_eq!(
            statuses,
            domain::dossier::Status::ALL.map(domain::dossier::Status::as_str)
        );
    }
}
