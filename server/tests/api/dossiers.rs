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

impl TestApp {
    async fn authed(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
    ) -> reqwest::RequestBuilder {
        self.raw.request(method, self.url(path)).bearer_auth(token)
    }

    async fn upload(&self, token: &str, code: &str, name: &str, bytes: Vec<u8>) -> (u16, Value) {
        let form = Form::new().part("file", Part::bytes(bytes).file_name(name.to_owned()));
        let res = self
            .authed(
                reqwest::Method::POST,
                &format!("/api/v1/dossiers/{code}/attachments"),
                token,
            )
            .await
            .multipart(form)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

async fn citizens_submit_and_follow_their_dossiers(app: TestApp) {
    let token = app.citizen_token("0912345678", "001090123456").await;
    let body = json!({"procedure_code": "2.000488", "form": lltp_form(), "channel": "online"});
    let res = app
        .raw
        .post(app.url("/api/v1/dossiers"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "needs a token");

    let res = app
        .authed(reqwest::Method::POST, "/api/v1/dossiers", &token)
        .await
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let code = created["code"].as_str().unwrap().to_owned();
    assert!(code.starts_with("000.00.31.H53-"), "{code}");
    assert_eq!(created["status"], "submitted");
    assert_eq!(created["status_code"], 1);
    assert!(created["fee_due_vnd"].as_i64().unwrap() > 0);

    // Bad answers come back all together, next to their fields.
    let mut bad = lltp_form();
    bad["so_cccd"] = json!("123");
    bad["cam_doan"] = json!(false);
    let res = app
        .authed(reqwest::Method::POST, "/api/v1/dossiers", &token)
        .await
        .json(&json!({"procedure_code": "2.000488", "form": bad}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "invalid_form");
    let fields: Vec<&str> = err["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["so_cccd", "cam_doan"]);
    let res = app
        .authed(reqwest::Method::POST, "/api/v1/dossiers", &token)
        .await
        .json(&json!({"procedure_code": "2.000488", "form": lltp_form(), "channel": "desk"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400, "citizens cannot claim desk intake");

    // Files: refused by their bytes and size, accepted otherwise.
    let (status, err) = app
        .upload(&token, &code, "scan.pdf", b"GIF89a not a pdf".to_vec())
        .await;
    assert_eq!(status, 400);
    assert_eq!(err["error"]["code"], "invalid_file");
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let (status, err) = app.upload(&token, &code, "big.pdf", big.clone()).await;
    assert_eq!(status, 400);
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
    let (status, file) = app.upload(&token, &code, "Tờ khai.pdf", PDF.to_vec()).await;
    assert_eq!(status, 201, "{file}");
    assert_eq!(file["type"], "application/pdf");

    let (_, list) = {
        let res = app
            .authed(reqwest::Method::GET, "/api/v1/dossiers", &token)
            .await
            .send()
            .await
            .unwrap();
        (res.status(), res.json::<Value>().await.unwrap())
    };
    assert_eq!(list["total"], 1);
    let res = app
        .authed(
            reqwest::Method::GET,
            &format!("/api/v1/dossiers/{code}"),
            &token,
        )
        .await
        .send()
        .await
        .unwrap();
    let detail: Value = res.json().await.unwrap();
    assert_eq!(detail["history"][0]["to"], "submitted");
    assert_eq!(detail["attachments"][0]["file_name"], "Tờ khai.pdf");
    assert!(!detail["fees"].as_array().unwrap().is_empty());
    assert_eq!(
        detail["form"]["dia_chi"],
        "Số 5 ngõ 3, Phường Hà Đông, Thành phố Hà Nội"
    );

    let url = detail["attachments"][0]["url"].as_str().unwrap().to_owned();
    let res = app
        .authed(reqwest::Method::GET, &url, &token)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment;")
    );
    assert_eq!(res.bytes().await.unwrap().as_ref(), PDF);

    // Another citizen sees nothing of it.
    let other = app.citizen_token("0987654321", "001190123457").await;
    for path in [format!("/api/v1/dossiers/{code}"), url.clone()] {
        let res = app
            .authed(reqwest::Method::GET, &path, &other)
            .await
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
    }
    let (status, _) = app.upload(&other, &code, "x.pdf", PDF.to_vec()).await;
    assert_eq!(status, 404);

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
    assert_eq!(status, 400);
}
on_both_engines!(
    citizens_submit_and_follow_their_dossiers_on,
    citizens_submit_and_follow_their_dossiers
);

async fn citizens_get_one_live_payment_qr(app: TestApp) {
    let token = app.citizen_token("0912345678", "001090123456").await;
    let res = app
        .authed(reqwest::Method::POST, "/api/v1/dossiers", &token)
        .await
        .json(&json!({"procedure_code": "2.000488", "form": lltp_form()}))
        .send()
        .await
        .unwrap();
    let created: Value = res.json().await.unwrap();
    let code = created["code"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/dossiers/{code}/payments");
    let res = app
        .authed(reqwest::Method::POST, &path, &token)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let pay: Value = res.json().await.unwrap();
    assert_eq!(pay["status"], "pending");
    assert_eq!(pay["amount_vnd"], created["fee_due_vnd"]);
    let payload = pay["qr_payload"].as_str().unwrap();
    let decoded = domain::vietqr::decode(payload);
    assert!(decoded.is_valid(), "{:?}", decoded.errors);
    assert_eq!(decoded.purpose.as_deref(), pay["reference"].as_str());
    let res = app
        .authed(reqwest::Method::POST, &path, &token)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "the live QR again");
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["id"], pay["id"]);

    let id = pay["id"].as_i64().unwrap();
    let res = app
        .authed(
            reqwest::Method::GET,
            &format!("/api/v1/payments/{id}"),
            &token,
        )
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let svg_url = pay["qr_svg_url"].as_str().unwrap();
    let res = app
        .authed(reqwest::Method::GET, svg_url, &token)
        .await
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "image/svg+xml");
    assert!(res.text().await.unwrap().contains("<svg"));

    let other = app.citizen_token("0987654321", "001190123457").await;
    for (method, p) in [
        (reqwest::Method::GET, format!("/api/v1/payments/{id}")),
        (reqwest::Method::GET, svg_url.to_owned()),
        (reqwest::Method::POST, path.clone()),
    ] {
        let res = app.authed(method, &p, &other).await.send().await.unwrap();
        assert_eq!(res.status(), 404, "{p}");
    }
}
on_both_engines!(
    citizens_get_one_live_payment_qr_on,
    citizens_get_one_live_payment_qr
);
