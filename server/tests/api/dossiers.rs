//! Dossiers over the REST API: submit, list, detail, attachments, downloads, lookup.

use crate::helpers::TestApp;
use crate::on_both_engines;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";

fn lltp_form() -> Value {
    json!({
        "ho_ten": "Nguyễn Văn An",
        "so_cccd": "001090123456",
        "ngay_sinh": "1990-05-17",
        "so_dien_thoai": "0912345678",
        "dia_chi": {"province": "Hà Nội", "commune": "Hà Đông", "street": "Số 5 ngõ 3"},
        "loai_phieu": "Phiếu số 1",
        "so_phieu": 1,
        "muc_dich": "Xin việc",
        "cam_doan": true
    })
}

/// A file sent as the API's upload form.
fn file(name: &str, bytes: Vec<u8>) -> Form {
    Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()))
}

async fn citizens_submit_and_follow_their_dossiers(app: TestApp) {
    let token = app.citizen_token("0912345678", "001090123456").await;
    let api = app.api_client(&token);
    let body = json!({"procedure_code": "2.000488", "form": lltp_form(), "channel": "online"});
    let res = app
        .visitor()
        .without_origin()
        .post_json("/api/v1/dossiers", &body)
        .await;
    assert_eq!(res.status, 401, "needs a token");

    let res = api.post_json("/api/v1/dossiers", &body).await;
    assert_eq!(res.status, 201);
    let created = res.json();
    let code = created["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("000.00.31.H53-"), "{code}");
    assert_eq!(created["status"], "submitted");
    assert_eq!(created["status_code"], 1);
    assert!(created["fee_due_vnd"].as_i64().unwrap() > 0);

    // Bad answers come back all together, next to their fields.
    let mut bad = lltp_form();
    bad["so_cccd"] = json!("123");
    bad["cam_doan"] = json!(false);
    let res = api
        .post_json(
            "/api/v1/dossiers",
            &json!({"procedure_code": "2.000488", "form": bad}),
        )
        .await;
    assert_eq!(res.status, 400);
    let err = res.json();
    assert_eq!(err["error"]["code"], "invalid_form");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["so_cccd", "cam_doan"]);
    let res = api
        .post_json(
            "/api/v1/dossiers",
            &json!({"procedure_code": "2.000488", "form": lltp_form(), "channel": "desk"}),
        )
        .await;
    assert_eq!(res.status, 400, "citizens cannot claim desk intake");

    // Files: refused by their bytes and size, accepted otherwise.
    let attachments = format!("/api/v1/dossiers/{code}/attachments");
    let res = api
        .post_multipart(&attachments, file("scan.pdf", b"GIF89a not a pdf".to_vec()))
        .await;
    assert_eq!(res.status, 400);
    assert_eq!(res.json()["error"]["code"], "invalid_file");
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let res = api
        .post_multipart(&attachments, file("big.pdf", big.clone()))
        .await;
    assert_eq!(res.status, 400);
    let err = res.json();
    assert!(
        err["error"]["message"].as_str().unwrap().contains("10 MB"),
        "{err}"
    );
    // Far over the limit, the server answers 413 without reading the rest; the client
    // may still be writing and see the connection close instead of the answer.
    // It goes on a client of its own, so the connection the server closes is not reused.
    big.resize(12 * 1024 * 1024, b' ');
    let form = Form::new().part("file", Part::bytes(big).file_name("huge.pdf"));
    let sent = reqwest::Client::new()
        .post(app.url(&format!("/api/v1/dossiers/{code}/attachments")))
        .bearer_auth(&token)
        .multipart(form)
        .send()
        .await;
    if let Ok(res) = sent {
        assert_eq!(res.status(), 413);
        let err: Value = res.json().await.unwrap();
        assert!(
            err["error"]["message"].as_str().unwrap().contains("10 MB"),
            "{err}"
        );
    }
    let res = api
        .post_multipart(&attachments, file("Tờ khai.pdf", PDF.to_vec()))
        .await;
    assert_eq!(res.status, 201, "{}", res.body);
    assert_eq!(res.json()["type"], "application/pdf");

    let list = api.get("/api/v1/dossiers").await.json();
    assert_eq!(list["total"], 1);
    let detail = api.get(&format!("/api/v1/dossiers/{code}")).await.json();
    assert_eq!(detail["history"][0]["to"], "submitted");
    assert_eq!(detail["attachments"][0]["file_name"], "Tờ khai.pdf");
    assert!(!detail["fees"].as_array().unwrap().is_empty());
    assert_eq!(
        detail["form"]["dia_chi"],
        "Số 5 ngõ 3, Phường Hà Đông, Thành phố Hà Nội"
    );

    let url = detail["attachments"][0]["url"].as_str().unwrap().to_owned();
    let res = api.get(&url).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), "application/pdf");
    assert!(res.header("content-disposition").starts_with("attachment;"));
    assert_eq!(res.bytes, PDF);

    // Another citizen sees nothing of it.
    let other_token = app.citizen_token("0987654321", "001190123457").await;
    let other = app.api_client(&other_token);
    for path in [format!("/api/v1/dossiers/{code}"), url.clone()] {
        assert_eq!(other.get(&path).await.status, 404, "{path}");
    }
    let res = other
        .post_multipart(&attachments, file("x.pdf", PDF.to_vec()))
        .await;
    assert_eq!(res.status, 404);

    // Anyone with the code and the phone can follow it.
    let (status, found) = app
        .get_json(&format!("/api/v1/lookup?code={code}&phone=0912345678"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(found["status_code"], 1);
    assert!(
        found.get("form").is_none(),
        "no personal answers in the public view"
    );
    let (status, _) = app
        .get_json(&format!("/api/v1/lookup?code={code}&phone=0987654321"))
        .await;
    assert_eq!(status, 404, "a code with another phone is no dossier");
}
on_both_engines!(
    citizens_submit_and_follow_their_dossiers_on,
    citizens_submit_and_follow_their_dossiers
);

async fn citizens_get_one_live_payment_qr(app: TestApp) {
    let token = app.citizen_token("0912345678", "001090123456").await;
    let api = app.api_client(&token);
    let created = api
        .post_json(
            "/api/v1/dossiers",
            &json!({"procedure_code": "2.000488", "form": lltp_form()}),
        )
        .await
        .json();
    let code = created["code"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/dossiers/{code}/payments");
    let res = api.post(&path).await;
    assert_eq!(res.status, 201);
    let pay = res.json();
    assert_eq!(pay["status"], "pending");
    assert_eq!(pay["amount_vnd"], created["fee_due_vnd"]);
    let payload = pay["qr_payload"].as_str().unwrap();
    let decoded = domain::vietqr::decode(payload);
    assert!(decoded.is_valid(), "{:?}", decoded.errors);
    assert_eq!(decoded.purpose.as_deref(), pay["reference"].as_str());
    let res = api.post(&path).await;
    assert_eq!(res.status, 200, "the live QR again");
    let again = res.json();
    assert_eq!(again["id"], pay["id"]);

    let id = pay["id"].as_i64().unwrap();
    let res = api.get(&format!("/api/v1/payments/{id}")).await;
    assert_eq!(res.status, 200);
    let svg_url = pay["qr_svg_url"].as_str().unwrap();
    let res = api.get(svg_url).await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-type"), "image/svg+xml");
    assert!(res.body.contains("<svg"));
    // The QR never changes: the payer's browser keeps it until the deadline (the
    // default 15 minutes), no shared cache at all.
    let cache = res.header("cache-control");
    let max_age: i64 = cache
        .strip_prefix("private, max-age=")
        .and_then(|rest| rest.strip_suffix(", immutable"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("cache-control: {cache}"));
    assert!((890..=900).contains(&max_age), "{cache}");

    let other_token = app.citizen_token("0987654321", "001190123457").await;
    let other = app.api_client(&other_token);
    for p in [format!("/api/v1/payments/{id}"), svg_url.to_owned()] {
        assert_eq!(other.get(&p).await.status, 404, "{p}");
    }
    assert_eq!(other.post(&path).await.status, 404, "{path}");
}
on_both_engines!(
    citizens_get_one_live_payment_qr_on,
    citizens_get_one_live_payment_qr
);
