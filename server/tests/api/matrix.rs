//! Issue 15, item 10: who may call what. Every route the server answers (the app's pages,
//! its server functions, the REST API and the axum handlers) is called by ten kinds of
//! caller, and what each is answered is compared with the policy below. The routes are
//! read from the server itself (the app's route list, the server functions' registry,
//! the OpenAPI document made by the router, and the `.route(…)` calls in `server/src`),
//! so a route added without a line in [`POLICY`] fails the test, and so does a line for
//! a route that no longer exists.
//!
//! The callers, in the order of each line's letters:
//!
//! | # | caller | who |
//! |---|---|---|
//! | 0 | anonymous | a browser with no credential |
//! | 1 | citizen A | owns dossier `{code}` (paid online: payment `{id}`, receipt) |
//! | 2 | citizen B | another citizen |
//! | 3 | officer X | an officer of the Department of Justice, `{code}`'s agency |
//! | 4 | officer Y | an officer of the Police |
//! | 5 | manager | the Department of Justice's manager |
//! | 6 | admin | an administrator (no agency) |
//! | 7 | notice holder | opened the fee-notice link of a desk dossier of agency X |
//! | 8 | kiosk | an enrolled kiosk, nobody signed in |
//! | 9 | assisted | that kiosk, officer X assisting, citizen A's session opened on their word |
//!
//! The letters: `A` answered (2xx, or a redirect that is not to a sign-in page); `B`
//! authorised but the input or the state refused (400, 409, 413, 422, 429, or a server
//! function's `Invalid`, `Conflict`, `RateLimited`, `RegistrationRequired`); `a` either
//! of those; `U` unauthenticated (401, a server function's `Unauthenticated`, or a
//! redirect to a sign-in page); `F` forbidden (403); `N` not found (404: what a caller
//! may not know exists answers like what does not exist); `R` a form post sent back to its
//! page with a refusal in the flash (the axum form handlers: the refusal's kind is in its
//! message); `M` method not allowed.
//!
//! Pages render for everyone (their data comes from the server functions, which are
//! what this policy guards); a page answers 404 when what it names does not exist for
//! the caller.

use crate::helpers::{TestApp, Visitor};
use crate::on_both_engines;
use services::staff::Role;
use std::collections::{BTreeMap, BTreeSet};

/// The file the upload lines send.
const PDF: &[u8] = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";

/// The ten callers, by the index of their letter.
const CALLERS: [&str; 10] = [
    "anonymous",
    "citizen A",
    "citizen B",
    "officer X",
    "officer Y",
    "manager",
    "admin",
    "notice holder",
    "kiosk",
    "assisted",
];

/// What one caller is answered by one route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// A page or REST call: its status.
    Plain,
    /// A server function, called as the page's script calls it.
    ServerFn,
}

/// One line of the policy: `method path` as the router writes it, the path called
/// (with the fixture's placeholders; the route's own when empty), the request's form
/// (server functions) or query, and the ten letters.
struct Line {
    method: &'static str,
    path: &'static str,
    target: &'static str,
    args: &'static str,
    expect: &'static str,
}

const fn line(
    method: &'static str,
    path: &'static str,
    args: &'static str,
    expect: &'static str,
) -> Line {
    at(method, path, "", args, expect)
}

const fn at(
    method: &'static str,
    path: &'static str,
    target: &'static str,
    args: &'static str,
    expect: &'static str,
) -> Line {
    Line {
        method,
        path,
        target,
        args,
        expect,
    }
}

/// The policy. `{code}` is citizen A's dossier, `{id}` its paid attempt, `{receipt}`
/// its receipt's public token, `{desk}` the desk dossier whose link the holder opened,
/// `{link}` that link's token, `{attachment}` a file of `{code}`, `{a}` citizen A's id.
/// Writes that would change what later lines read name something that does not exist
/// (`9.999999`, id 0), so they are refused after the caller is let in. The lines that
/// end a credential (sign-out, the kiosk's "Kết thúc") run last.
#[rustfmt::skip]
const POLICY: &[Line] = &[
    // ---- pages (GET, HTML)
    line("GET", "/", "", "AAAAAAAAAA"),
    line("GET", "/thu-tuc", "", "AAAAAAAAAA"),
    at("GET", "/thu-tuc/{code}", "/thu-tuc/{procedure}", "", "AAAAAAAAAA"),
    at("GET", "/nop-ho-so/{code}", "/nop-ho-so/{procedure}", "", "AAAAAAAAAA"),
    line("GET", "/ho-so", "", "AAAAAAAAAA"),
    line("GET", "/ho-so/{code}", "", "AANANANAAA"),
    line("GET", "/thanh-toan/{id}", "", "AANANANNAA"),
    line("GET", "/thanh-toan/{id}/bien-lai", "", "AANANANNAA"),
    at("GET", "/verify/receipt/{token}", "/verify/receipt/{receipt}", "", "AAAAAAAAAA"),
    line("GET", "/kiosk", "", "AAAAAAAAAA"),
    line("GET", "/kiosk/menu", "", "AAAAAAAAAA"),
    line("GET", "/kiosk/ho-tro", "", "NNNNNNNNAA"),
    line("GET", "/kiosk/dien-thoai", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/ki-ot", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/hang-doi", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/the-can-bo", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/tiep-nhan", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/bao-cao", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/ngoai-le", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/hoan-phi", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/nhat-ky", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/doi-soat", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/cau-hinh", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/cau-hinh/thu-tuc", "", "AAAAAAAAAA"),
    line("GET", "/tra-cuu", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/ho-so", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/ho-so/{code}", "", "AANANANAAA"),
    // {code}'s notice is paid: no slip to print (400) for its agency's staff.
    line("GET", "/can-bo/ho-so/{code}/thong-bao-phi", "", "UUUBNBFUUU"),
    line("GET", "/dang-nhap", "", "AAAAAAAAAA"),
    line("GET", "/dang-nhap/xac-thuc", "", "AAAAAAAAAA"),
    line("GET", "/tai-khoan", "", "AAAAAAAAAA"),
    at("GET", "/tiep-tuc/{token}", "/tiep-tuc/0", "", "NNNNNNNNNN"),
    line("GET", "/can-bo", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/dang-nhap", "", "AAAAAAAAAA"),
    line("GET", "/can-bo/dang-nhap/ma-xac-thuc", "", "AAAAAAAAAA"),
    // ---- axum handlers
    line("GET", "/healthz", "", "AAAAAAAAAA"),
    line("GET", "/readyz", "", "AAAAAAAAAA"),
    // Every caller here is on this machine; tests/api/metrics.rs asks from elsewhere.
    line("GET", "/metrics", "", "AAAAAAAAAA"),
    at("GET", "/ngon-ngu/{lang}", "/ngon-ngu/en", "", "AAAAAAAAAA"),
    at("GET", "/tb/{token}", "/tb/{link}", "", "AAAAAAAAAA"),
    at("POST", "/nop-ho-so/{code}", "/nop-ho-so/{procedure}", "file=&intent=draft", "UAARRRRUUA"),
    line("POST", "/ho-so/{code}", "file=", "UARARARUUA"),
    line("POST", "/can-bo/ho-so/{code}", "file=&action=", "URRRRRRUUR"),
    line("GET", "/thanh-toan/vnpay/ket-qua", "", "BBBBBBBBBB"),
    line("POST", "/can-bo/the-can-bo", "", "UFFAAAAUUF"),
    line("POST", "/can-bo/doi-soat", "file=", "UFFRRRRUUF"),
    line("GET", "/sandbox/sms", "", "AAAAAAAAAA"),
    line("GET", "/sandbox/bank", "", "AAAAAAAAAA"),
    line("POST", "/sandbox/bank", "", "BBBBBBBBBB"),
    line("POST", "/sandbox/bank/transfers", "", "BBBBBBBBBB"),
    line("GET", "/sandbox/vnpay/pay", "", "BBBBBBBBBB"),
    line("POST", "/sandbox/vnpay/pay", "", "BBBBBBBBBB"),
    line("POST", "/sandbox/vnpay/merchant_webapi/api/transaction", "", "AAAAAAAAAA"),
    line("GET", "/api/v1/openapi.json", "", "AAAAAAAAAA"),
    at("GET", "/api/v1/{*rest}", "/api/v1/khong-co", "", "NNNNNNNNNN"),
    // ---- REST API v1
    line("GET", "/api/v1/procedures", "", "AAAAAAAAAA"),
    at("GET", "/api/v1/procedures/{code}", "/api/v1/procedures/{procedure}", "", "AAAAAAAAAA"),
    line("GET", "/api/v1/agencies", "", "AAAAAAAAAA"),
    line("POST", "/api/v1/auth/otp", "", "BBBBBBBBBB"),
    line("POST", "/api/v1/auth/token", "", "BBBBBBBBBB"),
    line("GET", "/api/v1/me", "", "UAAFFFFUUA"),
    line("POST", "/api/v1/dossiers", "", "UBBFFFFUUB"),
    line("GET", "/api/v1/dossiers", "", "UAAFFFFUUA"),
    line("GET", "/api/v1/dossiers/{code}", "", "UANANANUUA"),
    line("POST", "/api/v1/dossiers/{code}/attachments", "file=", "UANANANUUA"),
    at("GET", "/api/v1/attachments/{id}", "/api/v1/attachments/{attachment}", "", "UANANANUUA"),
    line("POST", "/api/v1/dossiers/{code}/payments", "", "UBNBNBNNUB"),
    line("GET", "/api/v1/payments/{id}", "", "UANANANNUA"),
    line("GET", "/api/v1/payments/{id}/qr.svg", "", "UANANANNUA"),
    line("GET", "/api/v1/payments/{id}/events", "", "UANANANNUA"),
    line("GET", "/api/v1/payments/{id}/receipt.pdf", "", "UANANANNUA"),
    at("GET", "/api/v1/receipts/verify/{token}", "/api/v1/receipts/verify/{receipt}", "", "AAAAAAAAAA"),
    at("GET", "/api/v1/receipts/verify/{token}/qr.svg", "/api/v1/receipts/verify/{receipt}/qr.svg", "", "AAAAAAAAAA"),
    line("GET", "/api/v1/receipts/public-key", "", "AAAAAAAAAA"),
    line("GET", "/api/v1/lookup", "", "BBBBBBBBBB"),
    line("GET", "/api/v1/staff/reports/monthly", "", "UFFAAAAUUF"),
    line("GET", "/api/v1/staff/reports/monthly.csv", "", "UFFAAAAUUF"),
    line("GET", "/api/v1/staff/reports/monthly.xlsx", "", "UFFAAAAUUF"),
    line("POST", "/api/v1/qr/read", "", "UAAAAAAUAA"),
    line("POST", "/api/v1/payment-notifications/bank", "", "UUUUUUUUUU"),
    line("GET", "/api/v1/payment-notifications/vnpay", "", "AAAAAAAAAA"),
    // ---- server functions (POST, as the page's script sends them)
    line("POST", "/api/auth/me", "", "AAAAAAAAAA"),
    line("POST", "/api/auth/request-otp", "phone=0912999999", "ABBBBBBBBB"),
    line("POST", "/api/auth/verify-otp", "phone=0912999999&code=000000", "BBBBBBBBBB"),
    line("POST", "/api/auth/phone-link", "next=/ho-so", "NNNNNNNNUA"),
    line("POST", "/api/auth/phone-link/preview", "token=0", "NNNNNNNNNN"),
    // An unknown link is sent to its page, which answers 404 (`/tiep-tuc/{token}`).
    line("POST", "/api/auth/phone-link/continue", "token=0", "AAAAAAAAAA"),
    line("POST", "/api/catalog/search", "q=&agency=&field=&level=", "AAAAAAAAAA"),
    line("POST", "/api/catalog/procedure", "code={procedure}", "AAAAAAAAAA"),
    line("POST", "/api/catalog/filters", "", "AAAAAAAAAA"),
    line("POST", "/api/places/communes", "province=01", "AAAAAAAAAA"),
    line("POST", "/api/flash", "", "AAAAAAAAAA"),
    line("POST", "/api/receipts/verify", "token={receipt}", "AAAAAAAAAA"),
    line("POST", "/api/dossiers/lookup", "code={code}&phone=0912000001", "AAAAAAAAAA"),
    line("POST", "/api/dossiers/submit-view", "code={procedure}&check=false", "UAAFFFFUUA"),
    line("POST", "/api/dossiers/mine", "", "UAAFFFFUUA"),
    line("POST", "/api/dossiers/one", "code={code}", "UANANANUUA"),
    line("POST", "/api/dossiers/queue", "status=&q=", "UFFAAAFUUF"),
    line("POST", "/api/payments/start", "code={code}&provider=", "UBNBNBNUUB"),
    line("POST", "/api/payments/one", "id={id}", "UANANANNUA"),
    line("POST", "/api/payments/of-dossier", "code={code}", "UANANANNUA"),
    line("POST", "/api/payments/slip", "id={id}", "UANANANNUA"),
    line("POST", "/api/staff/sign-in", "phone=0901999999&password=x", "BBBBBBBBBB"),
    line("POST", "/api/staff/code-step", "", "UUUUUUUUUU"),
    line("POST", "/api/staff/verify-code", "code=000000", "BBBBBBBBBB"),
    line("POST", "/api/staff/audit", "q=", "UUUFFAAUUU"),
    line("POST", "/api/staff/config/agencies", "", "UUUAAAAUUU"),
    line("POST", "/api/staff/config/procedures", "", "UUUFFAAUUU"),
    line("POST", "/api/staff/config/agency", "code=9.999999", "UUUFFFBUUU"),
    line("POST", "/api/staff/config/online-payment", "code=9.999999&on=", "UUUFFNNUUU"),
    line("POST", "/api/staff/config/fee-categories", "code=9.999999&categories=", "UUUFFNNUUU"),
    line("POST", "/api/staff/config/fee-line", "code=9.999999&intent=preview", "UUUFFNNUUU"),
    line("POST", "/api/staff/desk-form", "procedure=", "UUUAAAFUUU"),
    line("POST", "/api/staff/desk/record", "procedure=", "UUUBBBFUUU"),
    line("POST", "/api/staff/notice-slip", "code={desk}", "UUUANAFUUU"),
    line("POST", "/api/staff/notice-link/send", "code=9.999999", "UUUNNNFUUU"),
    line("POST", "/api/staff/payment-exceptions", "all=false", "UUUAAAAUUU"),
    line("POST", "/api/staff/payment-exceptions/resolve", "id=0&action=&code=&reason=", "UUUBBBBUUU"),
    line("POST", "/api/staff/refunds", "all=false", "UUUAAAAUUU"),
    line("POST", "/api/staff/refunds/request", "code={code}&reason=", "UUUBBBBUUU"),
    line("POST", "/api/staff/refunds/decide", "id=0&decision=approve&note=", "UUUFFNFUUU"),
    line("POST", "/api/staff/refunds/pay-out", "id=0&bank_reference=FT26341000001", "UUUNNNNUUU"),
    line("POST", "/api/staff/reports/monthly", "month=", "UUUAAAAUUU"),
    line("POST", "/api/staff/kiosks", "", "UUUAAAAUUU"),
    line("POST", "/api/staff/jobs", "", "UUUFFFAUUU"),
    line("POST", "/api/staff/jobs/retry", "id=0", "UUUFFFNUUU"),
    line("POST", "/api/staff/kiosks/register", "name=&location=", "UUUFFFBUUU"),
    line("POST", "/api/staff/kiosks/mode", "id=0&mode=self_service", "UUUNNNNUUU"),
    line("POST", "/api/staff/kiosk-pin", "pin=", "UUUBBBBUUU"),
    line("POST", "/api/kiosk/status", "", "NNNNNNNNAA"),
    line("POST", "/api/kiosk/assist", "query=", "NNNNNNNNAA"),
    line("POST", "/api/kiosk/enrol", "code=0", "BBBBBBBBBB"),
    line("POST", "/api/kiosk/assist/unlock", "code=CB00000000&pin=000000", "NNNNNNNNBB"),
    line("POST", "/api/kiosk/assist/badge", "badge=x", "NNNNNNNNBB"),
    // A kiosk nobody assists is sent back to the assistance page; no session opens.
    line("POST", "/api/kiosk/assist/attest", "citizen_id={a}&pin=", "NNNNNNNNAB"),
    // Last: these end the caller's credential.
    line("POST", "/api/kiosk/assist/leave", "", "AAAAAAAAAA"),
    line("POST", "/api/kiosk/finish", "", "AAAAAAAAAA"),
    line("POST", "/api/auth/sign-out", "", "AAAAAAAAAA"),
];

/// Every route the server has, as `METHOD path` with its parameters as the router
/// writes them (`{code}`), read from the server itself.
fn routes_of_the_server() -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for r in server::startup::app_routes() {
        out.insert(format!("GET {}", r.path()));
    }
    for (path, method) in leptos::server_fn::axum::server_fn_paths() {
        out.insert(format!("{method} {path}"));
    }
    let doc = serde_json::to_value(server::api::document()).expect("the document");
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for method in ops.as_object().expect("operations").keys() {
            out.insert(format!("{} /api/v1{path}", method.to_ascii_uppercase()));
        }
    }
    for path in axum_route_paths() {
        out.insert(format!("* {path}"));
    }
    out
}

/// The paths of every `.route(…)` call in `server/src` (the handlers axum routes by
/// hand; the REST API's `routes!` are read from the document), `/api/v1` put before the
/// API's own; the server-function dispatcher is the registry above.
fn axum_route_paths() -> BTreeSet<String> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).expect("server/src").flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut out = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a source file");
        let prefix = if file.ends_with("api.rs") {
            "/api/v1"
        } else {
            ""
        };
        for (at, _) in text.match_indices(".route(") {
            let rest = text[at + ".route(".len()..].trim_start();
            let path = if let Some(literal) = rest.strip_prefix('"') {
                literal.split('"').next().unwrap_or_default().to_owned()
            } else {
                // A constant of the same file: `const PAGE: &str = "…";`.
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let decl = format!("const {name}: &str = \"");
                let Some(start) = text.find(&decl) else {
                    panic!(
                        "{}: the path of .route({name}, …) is not a literal or a const",
                        file.display()
                    )
                };
                text[start + decl.len()..]
                    .split('"')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            };
            if path != "/api/{*fn_name}" {
                out.insert(format!("{prefix}{path}"));
            }
        }
    }
    out
}

/// The letter one answer gets.
fn letter(how: How, reply: &crate::helpers::Reply) -> char {
    let to_sign_in =
        |loc: &str| loc.starts_with("/dang-nhap") || loc.starts_with("/can-bo/dang-nhap");
    if how == How::ServerFn
        && reply.status >= 400
        && let Ok(e) = serde_json::from_str::<app::error::AppError>(&reply.body)
    {
        use app::error::AppError as E;
        return match e {
            E::Unauthenticated => 'U',
            E::Forbidden => 'F',
            E::NotFound => 'N',
            E::Invalid { .. }
            | E::InvalidForm(_)
            | E::Conflict(_)
            | E::RateLimited(_)
            | E::RegistrationRequired => 'B',
            E::Internal { .. } | E::Transport(_) => 'E',
        };
    }
    match reply.status {
        200..=299 => 'A',
        300..=399 if to_sign_in(reply.location()) => 'U',
        300..=399 if reply.flash().is_some_and(|f| !f.ok) => 'R',
        300..=399 => 'A',
        401 => 'U',
        403 => 'F',
        404 => 'N',
        405 => 'M',
        400 | 409 | 413 | 415 | 422 | 429 => 'B',
        _ => 'E',
    }
}

fn matches(expected: char, got: char) -> bool {
    expected == got || (expected == 'a' && matches!(got, 'A' | 'B'))
}

/// The values the policy's placeholders stand for.
struct Fixture {
    values: BTreeMap<&'static str, String>,
}

impl Fixture {
    fn fill(&self, template: &str) -> String {
        let mut out = template.to_owned();
        for (k, v) in &self.values {
            out = out.replace(&format!("{{{k}}}"), v);
        }
        out
    }
}

/// The ten callers and the records the policy names.
async fn callers(app: &TestApp) -> (Vec<Visitor<'_>>, Fixture) {
    let s = &app.services;
    let x = Some("000.00.31.H53");
    let citizen_a = app.as_citizen("0912000001", "001090000011").await;
    let citizen_b = app.as_citizen("0912000002", "001090000022").await;
    let (officer_x, staff_x) = app.as_staff("0901000011", Role::Officer, x).await;
    let (officer_y, _) = app
        .as_staff("0901000012", Role::Officer, Some("000.00.15.H53"))
        .await;
    let (manager, _) = app.as_staff("0901000013", Role::Manager, x).await;
    let (admin, admin_staff) = app.as_staff("0901000014", Role::Admin, None).await;
    let a: i64 = citizen_a.get("/api/v1/me").await.json()["id"]
        .as_i64()
        .expect("citizen A's id");

    // Citizen A's dossier, paid online: a receipt.
    let form = serde_json::json!({
        "ho_ten": "Nguyễn Văn An", "so_cccd": "001090000011", "ngay_sinh": "1990-05-17",
        "so_dien_thoai": "0912000001",
        "dia_chi": {"province": "Hà Nội", "commune": "Hà Đông", "street": "Số 5"},
        "loai_phieu": "Phiếu số 1", "so_phieu": 1, "muc_dich": "Xin việc", "cam_doan": true
    });
    let created = citizen_a
        .post_json(
            "/api/v1/dossiers",
            &serde_json::json!({"procedure_code": "2.000488", "form": form}),
        )
        .await;
    let code = created.json()["code"].as_str().expect("a code").to_owned();
    let file = services::dossiers::attach(
        s,
        &services::dossiers::Who::Staff(staff_x.clone()),
        services::dossiers::Key::Code(&code),
        "giay-to.pdf",
        PDF,
    )
    .await
    .expect("a file");
    let attempt = citizen_a
        .post(&format!("/api/v1/dossiers/{code}/payments"))
        .await
        .json();
    let attempt_id = attempt["id"].as_i64().expect("a payment");
    crate::helpers::receive_bank(
        s,
        &serde_json::json!({
            "id": "matrix-1", "gateway": "SANDBOX", "transaction_date": "2026-11-24 09:01:00",
            "account_number": "0011000000031", "content": attempt["reference"], "transfer_type": "in",
            "amount": attempt["amount_vnd"], "reference_code": "FTMATRIX1",
        })
        .to_string(),
    )
    .await
    .expect("paid");
    let receipt =
        services::receipts::for_attempt(s, &services::dossiers::Who::Citizen(a), attempt_id)
            .await
            .expect("a receipt")
            .content
            .verify_token;

    // A desk dossier of agency X, and the holder of its fee-notice link.
    let desk = services::dossiers::record_desk(
        s,
        &staff_x,
        &services::dossiers::DeskIntake {
            procedure_code: "2.000488".into(),
            channel: "desk".into(),
            full_name: "Lê Thị Hoa".into(),
            phone: "0987654321".into(),
            national_id: "001190123456".into(),
            date_of_birth: "1990-03-02".into(),
            fee_answers: [("so_phieu".to_owned(), "1".to_owned())].into(),
            identity: "create".into(),
        },
    )
    .await
    .expect("a desk dossier");
    let desk_code = desk.summary.code.expect("a code");
    let link = services::payments::links::notice_link(s, &staff_x, &desk_code, "http://x")
        .await
        .expect("a notice link")
        .link;
    let token = link.rsplit('/').next().expect("the token").to_owned();
    let opened = app.get_page(&format!("/tb/{token}")).await;
    let holder = app
        .visitor()
        .with_cookie(opened.cookie("motcua_notice").expect("the holder's cookie"));

    // A kiosk, and the same kiosk with officer X assisting citizen A.
    let kiosk = app.as_kiosk(&admin_staff, "Ki-ốt ma trận").await;
    services::assist::set_pin(s, &staff_x, "480219")
        .await
        .expect("a PIN");
    let staff_code = services::assist::staff_code(s, staff_x.id)
        .await
        .expect("a staff code");
    let unlocked = kiosk
        .clone()
        .on_page("/kiosk/ho-tro")
        .post_form(
            "/api/kiosk/assist/unlock",
            &[("code", staff_code.as_str()), ("pin", "480219")],
        )
        .await;
    let assist = unlocked.cookie("motcua_assist").expect("the assist cookie");
    let attested = kiosk
        .clone()
        .with_cookie(assist.clone())
        .on_page("/kiosk/ho-tro")
        .post_form(
            "/api/kiosk/assist/attest",
            &[("citizen_id", a.to_string().as_str()), ("pin", "480219")],
        )
        .await;
    let session = attested
        .cookie("motcua_session")
        .expect("citizen A's session on the kiosk");
    let assisted = kiosk.clone().with_cookie(assist).with_cookie(session);

    let values = BTreeMap::from([
        ("code", code),
        ("id", attempt_id.to_string()),
        ("receipt", receipt),
        ("desk", desk_code),
        ("link", token),
        ("attachment", file.id.to_string()),
        ("a", a.to_string()),
        ("procedure", "2.000488".to_owned()),
    ]);
    (
        vec![
            app.visitor(),
            citizen_a,
            citizen_b,
            officer_x,
            officer_y,
            manager,
            admin,
            holder,
            kiosk,
            assisted,
        ],
        Fixture { values },
    )
}

/// Whether a policy line covers a route of the server (`* path` stands for any method).
fn covers(line: &Line, route: &str) -> bool {
    let (method, path) = route.split_once(' ').expect("METHOD path");
    line.path == path && (method == "*" || method == line.method)
}

async fn every_route_answers_each_caller_as_the_policy_says(app: TestApp) {
    // The policy and the server list the same routes.
    let routes = routes_of_the_server();
    let missing: Vec<&String> = routes
        .iter()
        .filter(|r| !POLICY.iter().any(|l| covers(l, r)))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without a line in the policy (add one): {missing:#?}"
    );
    let stale: Vec<String> = POLICY
        .iter()
        .filter(|l| !routes.iter().any(|r| covers(l, r)))
        .map(|l| format!("{} {}", l.method, l.path))
        .collect();
    assert!(stale.is_empty(), "policy lines for no route: {stale:#?}");

    let (callers, fixture) = callers(&app).await;
    let mut wrong = Vec::new();
    let mut table = String::new();
    for l in POLICY {
        assert_eq!(
            l.expect.chars().count(),
            CALLERS.len(),
            "{} {}",
            l.method,
            l.path
        );
        let path = fixture.fill(if l.target.is_empty() {
            l.path
        } else {
            l.target
        });
        let how = if l.path.starts_with("/api/") && !l.path.starts_with("/api/v1/") {
            How::ServerFn
        } else {
            How::Plain
        };
        let mut got = String::new();
        for (i, caller) in callers.iter().enumerate() {
            let reply = match (l.method, how) {
                ("GET", _) => {
                    let url = if l.args.is_empty() {
                        path.clone()
                    } else {
                        format!("{path}?{}", fixture.fill(l.args))
                    };
                    caller
                        .clone()
                        .with_header("accept", "text/html,*/*")
                        .get(&url)
                        .await
                }
                (_, How::ServerFn) => {
                    let form: Vec<(String, String)> =
                        serde_urlencoded::from_str(&fixture.fill(l.args)).expect("a form");
                    let form: Vec<(&str, &str)> =
                        form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    caller.post_form(&path, &form).await
                }
                _ if l.args.starts_with("file=") => {
                    // A form with one small PDF in `file` (the field every upload reads),
                    // and the other fields given.
                    let mut form = reqwest::multipart::Form::new().part(
                        "file",
                        reqwest::multipart::Part::bytes(PDF.to_vec())
                            .file_name("giay-to.pdf")
                            .mime_str("application/pdf")
                            .expect("a mime type"),
                    );
                    let fields: Vec<(String, String)> =
                        serde_urlencoded::from_str(&fixture.fill(l.args)).expect("a form");
                    for (k, v) in fields.into_iter().filter(|(k, _)| k != "file") {
                        form = form.text(k, v);
                    }
                    caller.post_multipart(&path, form).await
                }
                _ => {
                    caller
                        .post_body(&path, "application/json", b"{}".to_vec())
                        .await
                }
            };
            let c = letter(how, &reply);
            let expected = l.expect.chars().nth(i).unwrap_or('?');
            if !matches(expected, c) {
                wrong.push(format!(
                    "{} {} as {}: expected {expected}, got {c} ({} {})",
                    l.method,
                    l.path,
                    CALLERS[i],
                    reply.status,
                    reply.body.chars().take(160).collect::<String>()
                ));
            }
            got.push(c);
        }
        table.push_str(&format!(
            "    line(\"{}\", \"{}\", \"{}\", \"{got}\"),\n",
            l.method, l.path, l.args
        ));
    }
    // What each caller got, in the policy's own form (to review a change against).
    if let Some(file) = std::env::var_os("MOTCUA_MATRIX_OUT") {
        std::fs::write(file, &table).expect("the matrix written");
    }
    assert!(
        wrong.is_empty(),
        "{} answers differ from the policy:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
on_both_engines!(
    every_route_answers_each_caller_as_the_policy_says_on,
    every_route_answers_each_caller_as_the_policy_says
);
