use crate::helpers::TestApp;
use crate::on_both_engines;

async fn codes(app: &TestApp, q: &str) -> Vec<String> {
    let (status, body) = app.get_json(&format!("/api/v1/procedures?q={q}")).await;
    assert_eq!(status, 200);
    assert_eq!(
        body["total"].as_u64().unwrap() as usize,
        body["items"].as_array().unwrap().len()
    );
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect()
}

async fn search_ranks_the_right_procedure_first(app: TestApp) {
    assert_eq!(codes(&app, "ly%20lich%20tu%20phap").await[0], "2.000488");
    assert_eq!(codes(&app, "khai%20sinh").await[0], "1.001193");
    assert_eq!(codes(&app, "dang%20ky%20tam%20tru").await[0], "1.004194");
    let (_, body) = app.get_json("/api/v1/procedures?q=chung%20thuc").await;
    let items = body["items"].as_array().unwrap();
    assert!(items.len() >= 6);
    assert!(items[..6].iter().all(|i| i["field"] == "Chứng thực"));
    let item = &body["items"][0];
    for key in [
        "code",
        "name",
        "name_en",
        "level",
        "field",
        "agency",
        "fees",
        "online_payment",
    ] {
        assert!(item.get(key).is_some(), "item has {key}");
    }
}
on_both_engines!(
    search_ranks_the_right_procedure_first_on,
    search_ranks_the_right_procedure_first
);

async fn filters_and_bad_filters(app: TestApp) {
    let (_, body) = app.get_json("/api/v1/procedures?level=tinh").await;
    assert_eq!(body["total"], 10);
    let (_, body) = app
        .get_json("/api/v1/procedures?agency=000.00.31.H53")
        .await;
    assert_eq!(body["items"][0]["code"], "2.000488");
    let (_, body) = app.get_json("/api/v1/procedures?field=chung-thuc").await;
    assert!(
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["field"] == "Chứng thực")
    );
    let (status, body) = app.get_json("/api/v1/procedures?level=huyen").await;
    assert_eq!(status, 400);
    assert_eq!(body["error"]["code"], "invalid_query");
    let message = body["error"]["message_en"].as_str().unwrap();
    assert!(
        message.contains("huyen") && message.contains("tinh"),
        "{message}"
    );
}
on_both_engines!(filters_and_bad_filters_on, filters_and_bad_filters);

async fn procedure_detail_and_not_found(app: TestApp) {
    let (status, p) = app.get_json("/api/v1/procedures/2.000488").await;
    assert_eq!(status, 200);
    assert_eq!(p["fees"][0]["amount_vnd"], 200_000);
    assert!(
        p["fees"][0]["legal_basis"]
            .as_str()
            .unwrap()
            .contains("244/2016")
    );
    assert!(p["documents"].as_array().unwrap().len() >= 2);
    assert!(p["processing_days"].as_i64().unwrap() > 0);
    let allowed = [
        "text",
        "textarea",
        "date",
        "number",
        "select",
        "phone",
        "national_id",
        "email",
        "checkbox",
        "address",
    ];
    let fields = p["form"]["fields"].as_array().unwrap();
    assert!(
        fields
            .iter()
            .all(|f| allowed.contains(&f["type"].as_str().unwrap()))
    );
    assert!(
        fields.iter().any(
            |f| f["type"] == "select" && f["options"].as_array().is_some_and(|o| !o.is_empty())
        )
    );
    let (status, body) = app.get_json("/api/v1/procedures/9.999999").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"]["code"], "not_found");
    assert!(body["error"]["message"].is_string());
}
on_both_engines!(
    procedure_detail_and_not_found_on,
    procedure_detail_and_not_found
);

async fn agencies_have_collection_accounts(app: TestApp) {
    let (status, body) = app.get_json("/api/v1/agencies").await;
    assert_eq!(status, 200);
    let items = body["items"].as_array().unwrap();
    assert!(items.len() >= 5);
    for a in items {
        assert!(
            a["collection_account"]["bank_bin"]
                .as_str()
                .unwrap()
                .starts_with("970")
        );
        assert!(
            !a["collection_account"]["account_number"]
                .as_str()
                .unwrap()
                .is_empty()
        );
    }
}
on_both_engines!(
    agencies_have_collection_accounts_on,
    agencies_have_collection_accounts
);
