use crate::common::{TestEnv, last_code};
use crate::on_both_engines;
use domain::dossier::{Action, Channel, Status};
use domain::form::FormValues;
use services::ServiceError;
use services::accounts::{self, Channel as SessionChannel, Registration};
use services::audit::Actor;
use services::dossiers::{self, Key, QueueFilter, Who};
use services::staff::{self, NewStaff, Role, Staff};

const IP: &str = "198.51.100.4";
const LLTP: &str = "2.000488";
const PDF: &[u8] = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";

async fn citizen(env: &TestEnv, phone: &str, national_id: &str) -> i64 {
    let s = &env.services;
    accounts::request_otp(s, phone, IP).await.unwrap();
    let code = last_code(s, phone).await;
    let reg = Registration {
        full_name: "Nguyễn Văn An".into(),
        date_of_birth: "1990-05-17".into(),
        national_id: national_id.into(),
    };
    accounts::sign_in(s, phone, &code, Some(reg), IP, SessionChannel::Web)
        .await
        .unwrap()
        .citizen
        .id
}

async fn officer(env: &TestEnv, phone: &str, agency: &str) -> Staff {
    staff::create(
        &env.services,
        NewStaff {
            phone: phone.into(),
            full_name: "Trần Thị Bình".into(),
            role: Role::Officer,
            agency_code: Some(agency.into()),
            password: "mat-khau-du-dai".into(),
        },
        Actor::Cli,
    )
    .await
    .unwrap()
}

fn form() -> FormValues {
    [
        ("ho_ten", "Nguyễn Văn An"),
        ("so_cccd", "001090123456"),
        ("ngay_sinh", "17/05/1990"),
        ("so_dien_thoai", "0912345678"),
        ("dia_chi.province", "Hà Nội"),
        ("dia_chi.commune", "Hà Đông"),
        ("dia_chi.street", "Số 5 ngõ 3 Quang Trung"),
        ("loai_phieu", "Phiếu số 1"),
        ("so_phieu", "1"),
        ("muc_dich", "Bổ sung hồ sơ xin việc"),
        ("cam_doan", "on"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

async fn a_dossier_goes_from_submission_to_returned(env: TestEnv) {
    let s = &env.services;
    let owner = citizen(&env, "0912345678", "001090123456").await;
    let me = Who::Citizen(owner);
    let d = dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
        .await
        .unwrap();
    let code = d.summary.code.clone().unwrap();
    assert_eq!(code, "000.00.31.H53-261124-0001");
    assert_eq!(d.summary.status, Status::Submitted);
    assert_eq!(d.summary.status.national().unwrap().code, 1);
    assert!(
        d.summary.fee_due_vnd > domain::Vnd::ZERO,
        "LLTP carries a fee"
    );
    assert_eq!(
        d.form["dia_chi"],
        "Số 5 ngõ 3 Quang Trung, Phường Hà Đông, Thành phố Hà Nội"
    );
    assert_eq!(d.history.len(), 1);

    // Only the agency's staff see it; others get "not found", as for a missing dossier.
    let desk = Who::Staff(officer(&env, "0901234567", "000.00.31.H53").await);
    let police = Who::Staff(officer(&env, "0901234568", "000.00.15.H53").await);
    let stranger = Who::Citizen(citizen(&env, "0987654321", "001190123457").await);
    let queue = dossiers::queue(s, &desk, &QueueFilter::default())
        .await
        .unwrap();
    assert_eq!(queue.len(), 1);
    assert!(
        dossiers::queue(s, &police, &QueueFilter::default())
            .await
            .unwrap()
            .is_empty()
    );
    for who in [&police, &stranger] {
        assert!(matches!(
            dossiers::get(s, who, Key::Code(&code)).await,
            Err(ServiceError::NotFound)
        ));
        assert!(matches!(
            dossiers::act(s, who, &code, Action::Receive, "").await,
            Err(ServiceError::NotFound)
        ));
    }
    // The citizen cannot move it like staff.
    assert!(matches!(
        dossiers::act(s, &me, &code, Action::Receive, "").await,
        Err(ServiceError::Invalid { .. })
    ));

    // A supplement request needs a note; the citizen reads it and gets a text.
    assert!(
        dossiers::act(s, &desk, &code, Action::RequestSupplement, " ")
            .await
            .is_err()
    );
    let d = dossiers::act(
        s,
        &desk,
        &code,
        Action::RequestSupplement,
        "Bổ sung bản chụp CCCD mặt sau",
    )
    .await
    .unwrap();
    assert_eq!(d.summary.status, Status::SupplementRequested);
    assert_eq!(d.citizen_note, "Bổ sung bản chụp CCCD mặt sau");
    let phone = domain::PhoneNumber::parse("0912345678").unwrap();
    // The text goes out through the job queue.
    services::jobs::run_due(s).await.unwrap();
    let sms = services::sms::outbox(&s.db, Some(&phone), 1).await.unwrap();
    assert!(
        sms[0].body.contains(&code) && sms[0].body.contains("Bổ sung bản chụp"),
        "{}",
        sms[0].body
    );

    let file = dossiers::attach(s, &me, Key::Code(&code), "cccd-mat-sau.png", PNG)
        .await
        .unwrap();
    assert_eq!(file.round, 1, "files of the first supplement");
    let d = dossiers::act(s, &me, &code, Action::Resubmit, "")
        .await
        .unwrap();
    assert_eq!(d.summary.status, Status::Resubmitted);
    assert_eq!(d.citizen_note, "", "the request was answered");

    // Intake of an unpaid dossier holds it for the fee: no processing before payment.
    let d = dossiers::act(s, &desk, &code, Action::Receive, "")
        .await
        .unwrap();
    assert_eq!(d.summary.status, Status::AwaitingPayment);
    assert!(
        dossiers::act(s, &desk, &code, Action::StartProcessing, "")
            .await
            .is_err()
    );
    // The text goes out through the job queue.
    services::jobs::run_due(s).await.unwrap();
    let sms = services::sms::outbox(&s.db, Some(&phone), 1).await.unwrap();
    assert!(sms[0].body.contains("Chờ nộp phí"), "{}", sms[0].body);
    let (attempt, _) = services::payments::start_attempt(s, &me, &code)
        .await
        .unwrap();
    let credit = serde_json::json!({
        "id": "fee-1", "content": attempt.reference, "transfer_type": "in",
        "amount": attempt.amount_vnd, "account_number": attempt.account_number,
    });
    crate::common::receive_bank(s, &credit.to_string())
        .await
        .unwrap();
    let d = dossiers::get(s, &me, Key::Code(&code)).await.unwrap();
    assert_eq!(d.summary.status, Status::Received, "payment releases it");
    for action in [
        Action::StartProcessing,
        Action::MarkResultReady,
        Action::Return,
    ] {
        dossiers::act(s, &desk, &code, action, "").await.unwrap();
    }
    let d = dossiers::get(s, &me, Key::Code(&code)).await.unwrap();
    assert_eq!(d.summary.status, Status::Returned);
    assert_eq!(d.summary.status.national().unwrap().code, 10);
    let steps: Vec<Status> = d.history.iter().map(|e| e.to).collect();
    assert_eq!(
        steps,
        [
            Status::Submitted,
            Status::SupplementRequested,
            Status::Resubmitted,
            Status::Received,
            Status::AwaitingPayment,
            Status::Received,
            Status::Processing,
            Status::ResultReady,
            Status::Returned
        ]
    );
    assert_eq!(d.history[1].actor_name, "Trần Thị Bình");
    // Finished dossiers take no more files and no more moves.
    assert!(
        dossiers::attach(s, &me, Key::Code(&code), "x.pdf", PDF)
            .await
            .is_err()
    );
    assert!(
        dossiers::act(s, &desk, &code, Action::Receive, "")
            .await
            .is_err()
    );
    // Every staff move is audited.
    let audit = services::audit::recent(&s.db.pool, 50).await.unwrap();
    for action in [
        "dossier.request_supplement",
        "dossier.receive",
        "dossier.return",
    ] {
        assert!(
            audit
                .iter()
                .any(|e| e.action == action && e.actor_kind == "staff"),
            "{action} audited"
        );
    }
}
on_both_engines!(
    a_dossier_goes_from_submission_to_returned_on,
    a_dossier_goes_from_submission_to_returned
);

async fn form_problems_come_back_together_and_drafts_resume(env: TestEnv) {
    let s = &env.services;
    let owner = citizen(&env, "0912345678", "001090123456").await;
    let mut partial = form();
    partial.remove("cam_doan");
    partial.insert("so_phieu".into(), "không".into());
    partial.insert("dia_chi.commune".into(), "Rạch Giá".into());
    let err = dossiers::submit(s, owner, LLTP, &partial, Channel::Online)
        .await
        .unwrap_err();
    let ServiceError::InvalidForm(problems) = err else {
        panic!("{err:?}")
    };
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["dia_chi.commune", "so_phieu", "cam_doan"]);

    let id = dossiers::save_draft(s, owner, LLTP, &partial)
        .await
        .unwrap();
    let again = dossiers::save_draft(s, owner, LLTP, &partial)
        .await
        .unwrap();
    assert_eq!(id, again, "one draft per procedure");
    let draft = dossiers::draft_for(s, owner, LLTP).await.unwrap().unwrap();
    assert_eq!(draft.summary.status, Status::Draft);
    assert_eq!(draft.form["so_phieu"], "không", "kept as typed");
    assert_eq!(draft.summary.code, None);
    dossiers::attach(s, &Who::Citizen(owner), Key::Id(id), "to-khai.pdf", PDF)
        .await
        .unwrap();

    let d = dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
        .await
        .unwrap();
    assert_eq!(d.id, id, "the draft became the dossier");
    assert_eq!(d.attachments.len(), 1, "with its files");
    assert!(dossiers::draft_for(s, owner, LLTP).await.unwrap().is_none());
    let mine = dossiers::mine(s, owner).await.unwrap();
    assert_eq!(mine.len(), 1);
}
on_both_engines!(
    form_problems_come_back_together_and_drafts_resume_on,
    form_problems_come_back_together_and_drafts_resume
);

async fn codes_stay_unique_under_100_concurrent_submissions(env: TestEnv) {
    let s = env.services.clone();
    let owner = citizen(&env, "0912345678", "001090123456").await;
    let mut tasks = Vec::new();
    for _ in 0..100 {
        let s = s.clone();
        tasks.push(tokio::spawn(async move {
            dossiers::submit(&s, owner, LLTP, &form(), Channel::Online)
                .await
                .map(|d| d.summary.code.unwrap())
        }));
    }
    let mut codes = Vec::new();
    for t in tasks {
        codes.push(t.await.unwrap().unwrap());
    }
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), 100, "no duplicates");
    assert_eq!(codes[0], "000.00.31.H53-261124-0001");
    assert_eq!(codes[99], "000.00.31.H53-261124-0100", "no gaps");
}
on_both_engines!(
    codes_stay_unique_under_100_concurrent_submissions_on,
    codes_stay_unique_under_100_concurrent_submissions
);

async fn files_are_refused_with_a_reason(env: TestEnv) {
    let s = &env.services;
    let owner = citizen(&env, "0912345678", "001090123456").await;
    let me = Who::Citizen(owner);
    let d = dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
        .await
        .unwrap();
    let code = d.summary.code.unwrap();
    let refused = |r: Result<_, ServiceError>| match r {
        Err(ServiceError::Invalid {
            field: Some("file"),
            message,
        }) => message,
        other => panic!("{other:?}"),
    };
    let m =
        refused(dossiers::attach(s, &me, Key::Code(&code), "scan.pdf", b"MZ\x90\0not a pdf").await);
    assert!(m.vi.contains("Chỉ nhận tệp PDF, JPEG hoặc PNG"));
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let m = refused(dossiers::attach(s, &me, Key::Code(&code), "big.pdf", &big).await);
    assert!(m.vi.contains("quá giới hạn 10 MB"));
    big.truncate(10 * 1024 * 1024);
    for i in 0..3 {
        let mut one = big.clone();
        one[20] = b'a' + i; // distinct files
        dossiers::attach(s, &me, Key::Code(&code), "part.pdf", &one)
            .await
            .unwrap();
    }
    let m = refused(dossiers::attach(s, &me, Key::Code(&code), "more.png", PNG).await);
    assert!(m.en.contains("may not exceed 30 MB"), "{}", m.en);
    // Refused before a byte is written (issue 15, item 6): only the three files kept.
    assert_eq!(stored_blobs(s).await, 3);
    // The account's dossiers together hold at most MAX_ACCOUNT_BYTES: another dossier of
    // the same account whose files fill the rest takes nothing more, and writes nothing.
    let (other, filler) = (
        dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
            .await
            .unwrap(),
        dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
            .await
            .unwrap(),
    );
    let rest = domain::attachment::MAX_ACCOUNT_BYTES - 30 * 1024 * 1024 - 4;
    sqlx::query(
        "INSERT INTO attachments (dossier_id, file_name, kind, size_bytes, sha256, uploaded_at, \
         uploaded_by, round, purpose) VALUES ($1, 'earlier.pdf', 'pdf', $2, $3, 0, 'citizen', 0, 'document')",
    )
    .bind(filler.id)
    .bind(i64::try_from(rest).unwrap())
    .bind("0".repeat(64))
    .execute(&s.db.pool)
    .await
    .unwrap();
    let m = refused(dossiers::attach(s, &me, Key::Id(other.id), "one-more.png", PNG).await);
    assert!(
        m.en.contains("This account's dossiers already hold"),
        "{}",
        m.en
    );
    assert_eq!(stored_blobs(s).await, 3);

    // Downloads: the owner and the agency's staff; nobody else.
    let d = dossiers::get(s, &me, Key::Code(&code)).await.unwrap();
    let first = d.attachments[0].id;
    let (meta, bytes) = dossiers::download(s, &me, first).await.unwrap();
    assert_eq!(bytes.len() as i64, meta.size_bytes);
    assert_eq!(meta.file_name, "part.pdf");
    let desk = Who::Staff(officer(&env, "0901234567", "000.00.31.H53").await);
    assert!(dossiers::download(s, &desk, first).await.is_ok());
    let police = Who::Staff(officer(&env, "0901234568", "000.00.15.H53").await);
    let stranger = Who::Citizen(citizen(&env, "0987654321", "001190123457").await);
    for who in [&police, &stranger] {
        assert!(matches!(
            dossiers::download(s, who, first).await,
            Err(ServiceError::NotFound)
        ));
    }
}
on_both_engines!(
    files_are_refused_with_a_reason_on,
    files_are_refused_with_a_reason
);

async fn public_lookup_needs_code_and_phone(env: TestEnv) {
    let s = &env.services;
    let owner = citizen(&env, "0912345678", "001090123456").await;
    let d = dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
        .await
        .unwrap();
    let code = d.summary.code.unwrap();
    let found = dossiers::lookup(s, &code.to_lowercase(), "+84912345678", "10.0.0.1")
        .await
        .unwrap();
    assert_eq!(found.status, Status::Submitted);
    assert_eq!(found.history.len(), 1);
    assert!(matches!(
        dossiers::lookup(s, &code, "0987654321", "10.0.0.1").await,
        Err(ServiceError::NotFound)
    ));
    assert!(matches!(
        dossiers::lookup(s, "abc", "0912345678", "10.0.0.1").await,
        Err(ServiceError::Invalid {
            field: Some("code"),
            ..
        })
    ));
    // Two counted lookups so far (the malformed code is refused before counting).
    for _ in 0..28 {
        let _ = dossiers::lookup(s, &code, "0987654321", "10.0.0.1").await;
    }
    assert!(matches!(
        dossiers::lookup(s, &code, "0912345678", "10.0.0.1").await,
        Err(ServiceError::RateLimited { .. })
    ));
    assert!(
        dossiers::lookup(s, &code, "0912345678", "10.0.0.2")
            .await
            .is_ok(),
        "per address"
    );
}
on_both_engines!(
    public_lookup_needs_code_and_phone_on,
    public_lookup_needs_code_and_phone
);

async fn refusal_needs_a_reason_and_citizens_may_withdraw(env: TestEnv) {
    let s = &env.services;
    let owner = citizen(&env, "0912345678", "001090123456").await;
    let me = Who::Citizen(owner);
    let desk = Who::Staff(officer(&env, "0901234567", "000.00.31.H53").await);
    let first = dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
        .await
        .unwrap();
    let first = first.summary.code.unwrap();
    let err = dossiers::act(s, &desk, &first, Action::Refuse, "")
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            ServiceError::Invalid {
                field: Some("note"),
                ..
            }
        ),
        "{err:?}"
    );
    let d = dossiers::act(
        s,
        &desk,
        &first,
        Action::Refuse,
        "Không thuộc thẩm quyền của Sở",
    )
    .await
    .unwrap();
    assert_eq!(d.summary.status, Status::Refused);
    assert_eq!(d.summary.status.national().unwrap().code, 3);
    let phone = domain::PhoneNumber::parse("0912345678").unwrap();
    // The text goes out through the job queue.
    services::jobs::run_due(s).await.unwrap();
    let sms = services::sms::outbox(&s.db, Some(&phone), 1).await.unwrap();
    assert!(sms[0].body.contains("Không được tiếp nhận") && sms[0].body.contains("thẩm quyền"));

    let second = dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
        .await
        .unwrap();
    let second = second.summary.code.unwrap();
    assert!(second.ends_with("-0002"), "{second}");
    let d = dossiers::act(s, &me, &second, Action::Withdraw, "")
        .await
        .unwrap();
    assert_eq!(d.summary.status, Status::Withdrawn);
    // Final dossiers leave the open queue but can still be listed by status.
    let open = dossiers::queue(s, &desk, &QueueFilter::default())
        .await
        .unwrap();
    assert!(open.is_empty());
    let withdrawn = dossiers::queue(
        s,
        &desk,
        &QueueFilter {
            status: Some(Status::Withdrawn),
            q: String::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(withdrawn.len(), 1);
    let by_name = dossiers::queue(
        s,
        &desk,
        &QueueFilter {
            status: Some(Status::Refused),
            q: "nguyen van".into(),
        },
    )
    .await
    .unwrap();
    assert_eq!(by_name.len(), 1, "search by applicant name without accents");
}
on_both_engines!(
    refusal_needs_a_reason_and_citizens_may_withdraw_on,
    refusal_needs_a_reason_and_citizens_may_withdraw
);

/// Issue 18, item 3: the open queue is filtered in SQL, so an agency's closed dossiers,
/// however many, never push its open ones out of the list.
async fn closed_dossiers_never_crowd_open_ones_out_of_the_queue(env: TestEnv) {
    let s = &env.services;
    let owner = citizen(&env, "0912345678", "001090123456").await;
    let desk = Who::Staff(officer(&env, "0901234567", "000.00.31.H53").await);
    let open = dossiers::submit(s, owner, LLTP, &form(), Channel::Online)
        .await
        .unwrap();
    // More closed dossiers than the queue lists, all submitted before the open one.
    let closed = services::dossiers::QUEUE_LIMIT + 1;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO dossiers (code, procedure_id, agency_id, citizen_id, status, channel, form_json, \
         applicant_name, created_at, submitted_at, updated_at) \
         SELECT 'CLOSED-' || CAST(n.i AS TEXT), d.procedure_id, d.agency_id, d.citizen_id, 'withdrawn', \
         d.channel, d.form_json, d.applicant_name, 0, n.i, 0 FROM n, dossiers d WHERE d.code = $2",
    )
    .bind(i64::try_from(closed).unwrap())
    .bind(open.summary.code.as_deref().unwrap())
    .execute(&s.db.pool)
    .await
    .unwrap();
    let queue = dossiers::queue(s, &desk, &QueueFilter::default())
        .await
        .unwrap();
    let listed: Vec<Option<&str>> = queue.iter().map(|d| d.code.as_deref()).collect();
    assert_eq!(
        listed,
        [open.summary.code.as_deref()],
        "the one open dossier, and no closed one"
    );
    let withdrawn = dossiers::queue(
        s,
        &desk,
        &QueueFilter {
            status: Some(Status::Withdrawn),
            q: String::new(),
        },
    )
    .await
    .unwrap();
    assert_eq!(
        withdrawn.len(),
        services::dossiers::QUEUE_LIMIT,
        "a status's list stops at the limit"
    );
}
on_both_engines!(
    closed_dossiers_never_crowd_open_ones_out_of_the_queue_on,
    closed_dossiers_never_crowd_open_ones_out_of_the_queue
);

/// Files under a directory, however deep.
/// The files the store holds: under its directory, or rows of `blobs`.
async fn stored_blobs(s: &services::Services) -> usize {
    match s.blobs.root() {
        Some(dir) => files_in(dir),
        None => {
            let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM blobs")
                .fetch_one(&s.db.pool)
                .await
                .unwrap();
            usize::try_from(n).unwrap()
        }
    }
}

fn files_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |rd| {
        rd.flatten()
            .map(|e| {
                if e.path().is_dir() {
                    files_in(&e.path())
                } else {
                    1
                }
            })
            .sum()
    })
}
