//! The desk over HTTP: record a paper dossier (`POST /can-bo/tiep-nhan`), text its fee
//! notice's payment link (`POST /can-bo/ho-so/{code}/thong-bao-phi`) and print the
//! notice slip with the link's QR for the applicant's phone (`GET` of the same path).

use crate::state::AppState;
use crate::web::forms::{back, ok, problem, problem_listed};
use crate::web::html::escape;
use app::caller::Officer;
use axum::extract::{Form, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use domain::Text;
use services::dossiers::{DeskIntake, Who};
use services::payments::links;
use std::collections::BTreeMap;

const DESK: &str = "/can-bo/tiep-nhan";

pub fn routes() -> axum::Router<AppState> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(DESK, post(record))
        .route("/can-bo/ho-so/{code}/thong-bao-phi", get(slip).post(send))
}

/// `POST /can-bo/tiep-nhan`: records the dossier and, with `send_sms=1`, texts the
/// notice. Refused input goes back to the form with what was typed.
async fn record(
    State(state): State<AppState>,
    Officer(me): Officer,
    Form(values): Form<BTreeMap<String, String>>,
) -> Response {
    let field = |name: &str| values.get(name).cloned().unwrap_or_default();
    let intake = DeskIntake {
        procedure_code: field("procedure"),
        channel: field("channel"),
        full_name: field("full_name"),
        phone: field("phone"),
        national_id: field("national_id"),
        date_of_birth: field("date_of_birth"),
        // The service keeps only the fee's counts and the category.
        fee_answers: values.clone(),
    };
    let s = &state.services;
    let dossier = match services::dossiers::record_desk(s, &me, &intake).await {
        Ok(d) => d,
        Err(e) => {
            let mut res = back(DESK, problem_listed(&e));
            let kept = serde_urlencoded::to_string(&values).unwrap_or_default();
            app::cookies::INTAKE_DRAFT.set_on(res.headers_mut(), &kept, 300, state.secure_cookies);
            return res;
        }
    };
    let code = dossier.summary.code.clone().unwrap_or_default();
    let page = format!("/can-bo/ho-so/{code}");
    let mut message = Text::new(
        format!("Đã tiếp nhận hồ sơ {code}."),
        format!("Dossier {code} recorded."),
    );
    if dossier.summary.fee_due_vnd > 0 && field("send_sms") == "1" {
        match links::send(s, &me, &code, &state.public_url).await {
            Ok(sent) => {
                message = Text::new(
                    format!(
                        "Đã tiếp nhận hồ sơ {code} và gửi tin nhắn thông báo phí tới {}.",
                        sent.phone
                    ),
                    format!(
                        "Dossier {code} recorded; the fee notice was texted to {}.",
                        sent.phone
                    ),
                );
            }
            Err(e) => {
                let why = e.text();
                message = Text::new(
                    format!(
                        "Đã tiếp nhận hồ sơ {code}, nhưng chưa gửi được tin nhắn: {}",
                        why.vi
                    ),
                    format!(
                        "Dossier {code} recorded, but the text was not sent: {}",
                        why.en
                    ),
                );
                return back(
                    &page,
                    problem(&services::ServiceError::invalid_input(message)),
                );
            }
        }
    }
    back(&page, ok(message))
}

/// `POST /can-bo/ho-so/{code}/thong-bao-phi`: texts the payment link to the applicant.
async fn send(
    State(state): State<AppState>,
    Officer(me): Officer,
    Path(code): Path<String>,
) -> Response {
    let page = format!("/can-bo/ho-so/{code}");
    match links::send(&state.services, &me, &code, &state.public_url).await {
        Ok(sent) => back(
            &page,
            ok(Text::new(
                format!("Đã gửi tin nhắn thông báo phí tới {}.", sent.phone),
                format!("The fee notice was texted to {}.", sent.phone),
            )),
        ),
        Err(e) => back(&page, problem(&e)),
    }
}

/// `GET /can-bo/ho-so/{code}/thong-bao-phi`: the printable notice slip (80 mm or A4)
/// with the QR of the payment link.
async fn slip(
    State(state): State<AppState>,
    Officer(me): Officer,
    Path(code): Path<String>,
) -> Response {
    let page = format!("/can-bo/ho-so/{code}");
    let s = &state.services;
    let who = Who::Staff(me.clone());
    let (dossier, notice) = match async {
        let d = services::dossiers::get(s, &who, services::dossiers::Key::Code(&code)).await?;
        let n = links::notice_link(s, &me, &code, &state.public_url).await?;
        Ok::<_, services::ServiceError>((d, n))
    }
    .await
    {
        Ok(v) => v,
        Err(e) => return back(&page, problem(&e)),
    };
    let Some(qr) = services::qr::svg_inline(&notice.link) else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "QR").into_response();
    };
    let amount = domain::Vnd::try_new(notice.amount_vnd)
        .unwrap_or_default()
        .display_vi();
    let mut res = Html(crate::web::html::page(
&format!("Thông báo phí {code} — Một Cửa"),
"notice-page",
&format!(
        "<main class=\"notice-slip\" data-testid=\"notice-slip\">\
         <p class=\"notice-org\">{agency}</p>\
         <h1>THÔNG BÁO NỘP PHÍ, LỆ PHÍ</h1>\
         <p>Hồ sơ: <strong data-testid=\"notice-code\">{code_h}</strong></p>\
         <p>Thủ tục: {procedure}</p>\
         <p>Người nộp: {applicant}</p>\
         <p class=\"notice-amount\">Số tiền: <strong data-testid=\"notice-amount\">{amount}</strong></p>\
         <div class=\"notice-qr\" data-testid=\"notice-qr\" data-url=\"{link}\">{qr}</div>\
         <p>Quét mã bằng camera điện thoại để mở trang thanh toán bằng mã QR ngân hàng (không cần đăng nhập). \
         Hoặc mở: <span class=\"notice-link\">{link}</span></p>\
         <p class=\"notice-hint\">Thanh toán qua đường dẫn này được tính là thanh toán trực tuyến.</p>\
         </main><p class=\"notice-actions\"><a href=\"{back}\">Quay lại hồ sơ</a></p>",
        agency = escape(&dossier.summary.agency_name),
        code_h = escape(&code),
        procedure = escape(&dossier.summary.procedure_name),
        applicant = escape(&dossier.summary.applicant_name),
        link = escape(&notice.link),
        back = escape(&page),
    )))
    .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
