//! Issue 17, item 3: the job queue in the database (queued with the change, claimed once
//! at a time, retried with backoff, dead jobs shown to administrators and queued again)
//! and periodic work run by one node at a time.

use crate::common::{TestEnv, staff_member};
use crate::on_both_engines;
use domain::PhoneNumber;
use services::jobs::periodic::{self, Look, Task};
use services::jobs::{self, Job};
use services::sms::SmsSender;
use services::staff::Role;
use services::{ServiceError, Services};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// A sender that fails its first `fail_first` sends and counts what it delivers.
#[derive(Debug, Default)]
struct Flaky {
    fail_first: usize,
    tries: AtomicUsize,
    sent: Mutex<HashMap<String, usize>>,
}

#[async_trait::async_trait]
impl SmsSender for Flaky {
    async fn send(&self, _to: &PhoneNumber, body: &str) -> anyhow::Result<()> {
        let n = self.tries.fetch_add(1, Ordering::SeqCst);
        // Long enough for claims on other workers to overlap this one.
        tokio::time::sleep(std::time::Duration::from_millis(3)).await;
        anyhow::ensure!(n >= self.fail_first, "provider unavailable (try {})", n + 1);
        *self
            .sent
            .lock()
            .unwrap()
            .entry(body.to_owned())
            .or_default() += 1;
        Ok(())
    }
}

fn with_sender(env: &TestEnv, sender: Arc<Flaky>) -> Services {
    let mut s = env.services.clone();
    s.sms = sender;
    s
}

async fn queue(s: &Services, to: &str, body: &str) -> i64 {
    let phone = PhoneNumber::parse(to).unwrap();
    let mut tx = s.db.begin_write().await.unwrap();
    let id = jobs::enqueue(&mut tx, s.now(), &Job::sms(&phone, body))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

async fn state(s: &Services, id: i64) -> (String, i64, i64, String) {
    sqlx::query_as("SELECT status, attempts, run_at, last_error FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap()
}

async fn a_job_is_queued_with_its_change_and_run_once(env: TestEnv) {
    let s = &env.services;
    let phone = PhoneNumber::parse("0912345678").unwrap();
    // Rolled back with the change it belongs to: nothing is queued.
    let mut tx = s.db.begin_write().await.unwrap();
    jobs::enqueue(&mut tx, s.now(), &Job::sms(&phone, "rolled back"))
        .await
        .unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(
        jobs::depth(&s.db, s.now()).await.unwrap(),
        jobs::Depth::default()
    );

    let id = queue(s, "0912345678", "Hồ sơ đã có kết quả").await;
    env.clock.advance(7);
    assert_eq!(
        jobs::depth(&s.db, s.now()).await.unwrap(),
        jobs::Depth {
            waiting: 1,
            overdue_seconds: 7,
            dead: 0
        },
        "one job waiting, due 7 s ago"
    );
    assert!(
        services::sms::outbox(&s.db, Some(&phone), 5)
            .await
            .unwrap()
            .is_empty(),
        "nothing is sent before the worker runs"
    );
    let ran = jobs::run_due(s).await.unwrap();
    assert_eq!((ran.done, ran.retried, ran.dead), (1, 0, 0));
    let sent = services::sms::outbox(&s.db, Some(&phone), 5).await.unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].body, "Hồ sơ đã có kết quả");
    assert_eq!(state(s, id).await.0, "done");
    let (kept,): (String,) = sqlx::query_as("SELECT payload FROM jobs WHERE id = $1")
        .bind(id)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert!(
        !kept.contains("kết quả"),
        "a sent text's words are not kept: {kept}"
    );
    // Done is done: a second round sends nothing.
    assert_eq!(jobs::run_due(s).await.unwrap().total(), 0);
    assert_eq!(
        services::sms::outbox(&s.db, Some(&phone), 5)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        jobs::depth(&s.db, s.now()).await.unwrap(),
        jobs::Depth::default()
    );
}
on_both_engines!(
    queued_with_its_change,
    a_job_is_queued_with_its_change_and_run_once
);

async fn a_failing_job_backs_off_then_dies_and_an_admin_runs_it_again(env: TestEnv) {
    let always = Arc::new(Flaky {
        fail_first: usize::MAX,
        ..Flaky::default()
    });
    let s = with_sender(&env, always.clone());
    let id = queue(&s, "0912345678", "Một Cửa: Hồ sơ X - Đã có kết quả.").await;
    // Waits of 10, 30, 90, 270 and 810 s between the six tries (jobs::backoff_seconds).
    for (attempt, wait) in [(1, 10), (2, 30), (3, 90), (4, 270), (5, 810)] {
        let ran = jobs::run_due(&s).await.unwrap();
        assert_eq!(ran.retried, 1, "try {attempt} fails and is retried");
        let (status, attempts, run_at, error) = state(&s, id).await;
        assert_eq!((status.as_str(), attempts), ("queued", attempt));
        assert_eq!(run_at, s.now() + wait, "try {attempt}");
        assert!(error.contains("provider unavailable"), "{error}");
        env.clock.advance(wait - 1);
        assert_eq!(jobs::run_due(&s).await.unwrap().total(), 0, "not due yet");
        env.clock.advance(1);
    }
    let ran = jobs::run_due(&s).await.unwrap();
    assert_eq!(ran.dead, 1, "the sixth failure gives it up");
    assert_eq!(state(&s, id).await.0, "dead");
    assert_eq!(
        jobs::depth(&s.db, s.now()).await.unwrap(),
        jobs::Depth {
            waiting: 0,
            overdue_seconds: 0,
            dead: 1
        }
    );
    assert_eq!(always.tries.load(Ordering::SeqCst), 6);
    env.clock.advance(86_400);
    assert_eq!(
        jobs::run_due(&s).await.unwrap().total(),
        0,
        "a dead job stays dead"
    );

    // Administrators see it, without the message's text; other staff do not.
    let admin = staff_member(&env, "0900000101", "Quản trị", Role::Admin, None).await;
    let manager = staff_member(
        &env,
        "0900000102",
        "Lãnh đạo",
        Role::Manager,
        Some("000.00.31.H53"),
    )
    .await;
    let officer = staff_member(
        &env,
        "0900000103",
        "Cán bộ",
        Role::Officer,
        Some("000.00.31.H53"),
    )
    .await;
    for who in [&manager, &officer] {
        assert!(matches!(
            jobs::overview(&s, who).await,
            Err(ServiceError::Forbidden)
        ));
        assert!(matches!(
            jobs::retry(&s, who, id).await,
            Err(ServiceError::Forbidden)
        ));
    }
    let o = jobs::overview(&s, &admin).await.unwrap();
    assert_eq!(o.dead.len(), 1);
    let dead = &o.dead[0];
    assert_eq!((dead.id, dead.kind.as_str(), dead.attempts), (id, "sms", 6));
    assert_eq!(dead.subject, "SMS 0912 *** 678", "masked, and no text");
    assert!(dead.last_error.contains("provider unavailable (try 6)"));
    assert!(
        o.counts
            .iter()
            .any(|c| c.kind == "sms" && c.status == "dead" && c.jobs == 1)
    );

    // Queued again by the administrator (audited), it goes out once the provider is back.
    jobs::retry(&s, &admin, id).await.unwrap();
    assert!(
        matches!(
            jobs::retry(&s, &admin, id).await,
            Err(ServiceError::NotFound)
        ),
        "only a dead job is queued again"
    );
    let (status, attempts, ..) = state(&s, id).await;
    assert_eq!((status.as_str(), attempts), ("queued", 0));
    let audit = services::audit::recent(&s.db.pool, 1).await.unwrap();
    assert_eq!(audit[0].action, "job.retry");
    assert_eq!(audit[0].subject, format!("job:{id}"));
    assert_eq!(audit[0].actor_id, Some(admin.id));
    let back = with_sender(&env, Arc::new(Flaky::default()));
    assert_eq!(jobs::run_due(&back).await.unwrap().done, 1);
    assert_eq!(state(&s, id).await.0, "done");
}
on_both_engines!(
    backoff_and_dead_letter,
    a_failing_job_backs_off_then_dies_and_an_admin_runs_it_again
);

async fn a_job_that_can_never_work_dies_at_once(env: TestEnv) {
    let s = &env.services;
    let mut tx = s.db.begin_write().await.unwrap();
    let id = jobs::enqueue(
        &mut tx,
        s.now(),
        &Job::Sms {
            to: "12345".into(),
            body: "x".into(),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(jobs::run_due(s).await.unwrap().dead, 1);
    let (status, attempts, _, error) = state(s, id).await;
    assert_eq!((status.as_str(), attempts), ("dead", 1));
    assert!(error.contains("not a phone number"), "{error}");
}
on_both_engines!(never_works, a_job_that_can_never_work_dies_at_once);

async fn a_job_whose_node_died_is_run_again_after_its_lease(env: TestEnv) {
    let s = &env.services;
    let id = queue(s, "0912345678", "lease").await;
    // A node claimed it (as jobs::run_due does) and died before finishing.
    sqlx::query("UPDATE jobs SET status = 'running', attempts = 1, run_at = $1 WHERE id = $2")
        .bind(s.now() + jobs::LEASE_SECONDS)
        .bind(id)
        .execute(&s.db.pool)
        .await
        .unwrap();
    env.clock.advance(jobs::LEASE_SECONDS - 1);
    assert_eq!(jobs::run_due(s).await.unwrap().total(), 0, "still leased");
    env.clock.advance(1);
    assert_eq!(jobs::run_due(s).await.unwrap().done, 1);
    let (status, attempts, ..) = state(s, id).await;
    assert_eq!((status.as_str(), attempts), ("done", 2));

    // A job whose worker stopped on each of its tries is given up, not tried for ever.
    let id = queue(s, "0912345678", "stops its worker").await;
    sqlx::query(
        "UPDATE jobs SET status = 'running', attempts = max_attempts, run_at = $1 WHERE id = $2",
    )
    .bind(s.now())
    .bind(id)
    .execute(&s.db.pool)
    .await
    .unwrap();
    assert_eq!(jobs::run_due(s).await.unwrap().dead, 1);
    let (status, _, _, error) = state(s, id).await;
    assert_eq!(status, "dead");
    assert!(error.contains("stopped on every try"), "{error}");
}
on_both_engines!(lease, a_job_whose_node_died_is_run_again_after_its_lease);

async fn workers_running_at_once_run_each_job_exactly_once(env: TestEnv) {
    let sender = Arc::new(Flaky::default());
    let s = with_sender(&env, sender.clone());
    for n in 0..60 {
        queue(&s, "0912345678", &format!("job {n}")).await;
    }
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let s = s.clone();
            tokio::spawn(async move {
                let mut ran = 0;
                loop {
                    let r = jobs::run_due(&s).await.unwrap();
                    if r.total() == 0 {
                        return ran;
                    }
                    ran += r.done;
                }
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w.await.unwrap();
    }
    assert_eq!(total, 60);
    let sent = sender.sent.lock().unwrap().clone();
    assert_eq!(sent.len(), 60);
    assert!(sent.values().all(|&n| n == 1), "{sent:?}");
}
on_both_engines!(
    concurrent_workers,
    workers_running_at_once_run_each_job_exactly_once
);

const TEST_TASK: Task = Task {
    name: "test_task",
    lock_key: 0x7465_7374,
    every_seconds: 300,
};

async fn a_periodic_task_runs_once_per_interval_on_one_node(env: TestEnv) {
    let s = &env.services;
    let runs = Arc::new(AtomicUsize::new(0));
    let count = |runs: Arc<AtomicUsize>| async move {
        runs.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        Ok(())
    };
    // Two nodes look at once: one runs it; the other finds it running (PostgreSQL's
    // advisory lock) or already done (SQLite's write lock).
    let (a, b) = tokio::join!(
        periodic::run_if_due(s, TEST_TASK, || count(runs.clone())),
        periodic::run_if_due(s, TEST_TASK, || count(runs.clone())),
    );
    let mut looks = [a.unwrap(), b.unwrap()];
    looks.sort_by_key(|l| *l != Look::Ran);
    assert_eq!(looks[0], Look::Ran);
    assert!(matches!(looks[1], Look::Busy | Look::NotDue), "{looks:?}");
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    // Within the interval it is not due, on any node.
    env.clock.advance(299);
    let again = periodic::run_if_due(s, TEST_TASK, || count(runs.clone())).await;
    assert_eq!(again.unwrap(), Look::NotDue);
    env.clock.advance(1);
    // A run that fails leaves the task due at the next look.
    let failed = periodic::run_if_due(s, TEST_TASK, || async { anyhow::bail!("boom") }).await;
    assert!(failed.is_err());
    let after = periodic::run_if_due(s, TEST_TASK, || count(runs.clone())).await;
    assert_eq!(after.unwrap(), Look::Ran);
    assert_eq!(runs.load(Ordering::SeqCst), 2);

    if s.db.engine == services::Engine::Postgres {
        // Another node holds the task's lock: this one skips it, even when it is due.
        env.clock.advance(300);
        let mut other = s.db.pool.acquire().await.unwrap();
        sqlx::query("SELECT pg_advisory_lock($1)")
            .bind(TEST_TASK.lock_key)
            .execute(&mut *other)
            .await
            .unwrap();
        let busy = periodic::run_if_due(s, TEST_TASK, || count(runs.clone())).await;
        assert_eq!(busy.unwrap(), Look::Busy);
        sqlx::query("SELECT pg_advisory_unlock($1)")
            .bind(TEST_TASK.lock_key)
            .execute(&mut *other)
            .await
            .unwrap();
        let free = periodic::run_if_due(s, TEST_TASK, || count(runs.clone())).await;
        assert_eq!(free.unwrap(), Look::Ran);
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }
}
on_both_engines!(
    periodic_once,
    a_periodic_task_runs_once_per_interval_on_one_node
);

async fn the_purge_keeps_dead_jobs_longer_than_finished_ones(env: TestEnv) {
    let s = &env.services;
    let done = queue(s, "0912345678", "done").await;
    let dead = {
        let mut tx = s.db.begin_write().await.unwrap();
        let id = jobs::enqueue(
            &mut tx,
            s.now(),
            &Job::Sms {
                to: "x".into(),
                body: "words to erase".into(),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        id
    };
    jobs::run_due(s).await.unwrap();
    assert_eq!(state(s, done).await.0, "done");
    assert_eq!(state(s, dead).await.0, "dead");
    let exists = |id| async move {
        sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM jobs WHERE id = $1")
            .bind(id)
            .fetch_one(&s.db.pool)
            .await
            .unwrap()
            .0
            == 1
    };
    env.clock.advance(jobs::KEEP_DONE_SECONDS);
    periodic::purge(s).await.unwrap();
    assert!(!exists(done).await, "a week after it finished");
    assert!(exists(dead).await, "kept for the staff");
    // A day after it was given up its words are erased, and it cannot be sent again.
    let admin = staff_member(&env, "0900000111", "Quản trị", Role::Admin, None).await;
    let (payload,): (String,) = sqlx::query_as("SELECT payload FROM jobs WHERE id = $1")
        .bind(dead)
        .fetch_one(&s.db.pool)
        .await
        .unwrap();
    assert!(payload.contains(jobs::ERASED), "{payload}");
    assert!(matches!(
        jobs::retry(s, &admin, dead).await,
        Err(ServiceError::Conflict(_))
    ));
    env.clock
        .advance(jobs::KEEP_DEAD_SECONDS - jobs::KEEP_DONE_SECONDS);
    periodic::purge(s).await.unwrap();
    assert!(!exists(dead).await, "90 days after it was given up");
}
on_both_engines!(purge, the_purge_keeps_dead_jobs_longer_than_finished_ones);
