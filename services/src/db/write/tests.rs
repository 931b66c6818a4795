//! SQLite's shared commits: what one write does to the others in its group, and that
//! a write is on disk (seen by every other connection) when its `commit()` returns.

use super::super::Db;
use super::*;
use std::time::Duration;

async fn scratch() -> Db {
    let path =
        std::env::temp_dir().join(format!("motcua-group-{}.db", uuid::Uuid::new_v4().simple()));
    let db = Db::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap();
    sqlx::query("CREATE TABLE t (v INTEGER PRIMARY KEY)")
        .execute(&db.pool)
        .await
        .unwrap();
    db
}

async fn insert(tx: &mut WriteTx, v: i64) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO t (v) VALUES ($1)")
        .bind(v)
        .execute(&mut **tx)
        .await
        .map(drop)
}

/// The values committed, read through another connection of the pool.
async fn committed(db: &Db) -> Vec<i64> {
    sqlx::query_as::<_, (i64,)>("SELECT v FROM t ORDER BY v")
        .fetch_all(&db.pool)
        .await
        .unwrap()
        .into_iter()
        .map(|(v,)| v)
        .collect()
}

async fn groups(db: &Db) -> u64 {
    db.group.writer.lock().await.generation
}

/// Until `n` writes wait for their turn.
async fn queued(db: &Db, n: usize) {
    tokio::time::timeout(Duration::from_secs(5), async {
        while db.group.waiting.load(Ordering::SeqCst) != n {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("the writes queue");
}

/// Starts a write of `v` that queues behind the current one, and returns its task once
/// it is queued.
async fn behind(
    db: &Db,
    v: i64,
    end: impl FnOnce(WriteTx) -> BoxedEnd + Send + 'static,
) -> tokio::task::JoinHandle<Result<(), sqlx::Error>> {
    let other = db.clone();
    let task = tokio::spawn(async move {
        let mut tx = other.begin_write().await?;
        insert(&mut tx, v).await?;
        end(tx).await
    });
    queued(db, 1).await;
    task
}

/// Polls `f` once and drops it, as a server drops a request whose client went away;
/// whether it was still pending then.
async fn once<F: Future>(f: F) -> bool {
    let mut f = std::pin::pin!(f);
    std::future::poll_fn(|cx| std::task::Poll::Ready(f.as_mut().poll(cx).is_pending())).await
}

type BoxedEnd = std::pin::Pin<Box<dyn Future<Output = Result<(), sqlx::Error>> + Send>>;

#[tokio::test]
async fn a_lone_write_commits_at_once() {
    let db = scratch().await;
    let mut tx = db.begin_write().await.unwrap();
    insert(&mut tx, 1).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(committed(&db).await, [1]);
    assert_eq!(groups(&db).await, 1);
}

#[tokio::test]
async fn concurrent_writes_share_commits_and_each_is_on_disk_when_its_commit_returns() {
    let db = scratch().await;
    let writes = (1..=200_i64).map(|v| {
        let db = db.clone();
        tokio::spawn(async move {
            let mut tx = db.begin_write().await.unwrap();
            insert(&mut tx, v).await.unwrap();
            tx.commit().await.unwrap();
            // Another connection sees only what was committed.
            let (seen,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM t WHERE v = $1")
                .bind(v)
                .fetch_one(&db.pool)
                .await
                .unwrap();
            assert_eq!(seen, 1, "write {v} is committed when its commit returns");
        })
    });
    for w in writes.collect::<Vec<_>>() {
        w.await.unwrap();
    }
    assert_eq!(committed(&db).await, (1..=200).collect::<Vec<_>>());
    let commits = groups(&db).await;
    assert!(
        commits < 200,
        "200 concurrent writes were committed in {commits} groups, not one each"
    );
}

#[tokio::test]
async fn a_write_rolled_back_leaves_the_others_of_its_group() {
    let db = scratch().await;
    let mut first = db.begin_write().await.unwrap();
    insert(&mut first, 1).await.unwrap();
    let second = behind(&db, 2, |mut tx| {
        Box::pin(async move {
            // The same key again: refused, and this write gives up.
            assert!(insert(&mut tx, 1).await.is_err());
            tx.rollback().await
        })
    })
    .await;
    // Another write is waiting, so the group stays open for it.
    first.commit().await.unwrap();
    second.await.unwrap().unwrap();
    assert_eq!(
        committed(&db).await,
        [1],
        "the first write kept, the second undone"
    );
    assert_eq!(groups(&db).await, 1, "both in one group");
}

#[tokio::test]
async fn a_write_dropped_midway_is_undone_and_its_group_still_commits() {
    let db = scratch().await;
    let mut first = db.begin_write().await.unwrap();
    insert(&mut first, 1).await.unwrap();
    let second = behind(&db, 2, |tx| {
        Box::pin(async move {
            drop(tx);
            Ok(())
        })
    })
    .await;
    tokio::time::timeout(Duration::from_secs(5), first.commit())
        .await
        .expect("the group commits without the dropped write")
        .unwrap();
    second.await.unwrap().unwrap();
    assert_eq!(committed(&db).await, [1]);
    let mut third = db.begin_write().await.unwrap();
    insert(&mut third, 3).await.unwrap();
    third.commit().await.unwrap();
    assert_eq!(committed(&db).await, [1, 3], "the writer goes on");
}

#[tokio::test]
async fn a_write_that_ends_the_transaction_fails_its_whole_group() {
    let db = scratch().await;
    let mut first = db.begin_write().await.unwrap();
    insert(&mut first, 1).await.unwrap();
    let second = behind(&db, 2, |mut tx| {
        Box::pin(async move {
            // As a full disk or an I/O error would: the whole transaction is gone.
            sqlx::query("ROLLBACK").execute(&mut *tx).await?;
            tx.rollback().await
        })
    })
    .await;
    let told = first.commit().await;
    assert!(
        told.is_err(),
        "the first write is told its group failed: {told:?}"
    );
    assert!(second.await.unwrap().is_err());
    assert_eq!(committed(&db).await, Vec::<i64>::new(), "nothing half-kept");
    let mut third = db.begin_write().await.unwrap();
    insert(&mut third, 3).await.unwrap();
    third.commit().await.unwrap();
    assert_eq!(committed(&db).await, [3], "the next group starts clean");
}

#[tokio::test]
async fn a_write_queued_behind_that_goes_away_does_not_hold_up_the_group() {
    let db = scratch().await;
    let mut first = db.begin_write().await.unwrap();
    insert(&mut first, 1).await.unwrap();
    let other = db.clone();
    // Queued, then gone before its turn (its request was cancelled).
    let gone = tokio::spawn(async move { other.begin_write().await.map(drop) });
    queued(&db, 1).await;
    let commit = tokio::spawn(first.commit());
    tokio::task::yield_now().await;
    gone.abort();
    tokio::time::timeout(Duration::from_secs(5), commit)
        .await
        .expect("the group commits once it is old enough")
        .unwrap()
        .unwrap();
    assert_eq!(committed(&db).await, [1]);
}

#[tokio::test]
async fn a_commit_whose_caller_goes_away_midway_still_completes() {
    let db = scratch().await;
    let mut first = db.begin_write().await.unwrap();
    insert(&mut first, 1).await.unwrap();
    // Polled once (its release handed to the writer), then dropped: the bank's client
    // timed out.
    assert!(once(first.commit()).await, "the commit was cut short");
    // Nobody else writes: the group is committed all the same, and the lock let go.
    tokio::time::timeout(Duration::from_secs(5), async {
        while committed(&db).await.is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the cut-short write is committed by itself");
    assert!(db.group.writer.lock().await.opened.is_none());
    let mut second = db.begin_write().await.unwrap();
    insert(&mut second, 2).await.unwrap();
    second.commit().await.unwrap();
    assert_eq!(committed(&db).await, [1, 2], "both writes are kept");
}

#[tokio::test]
async fn a_begin_whose_caller_goes_away_leaves_the_writer_in_order() {
    let db = scratch().await;
    assert!(once(db.begin_write()).await, "the begin was cut short");
    let mut next = db.begin_write().await.unwrap();
    insert(&mut next, 1).await.unwrap();
    next.commit().await.unwrap();
    assert_eq!(committed(&db).await, [1]);
    let writer = db.group.writer.lock().await;
    assert!(
        writer.opened.is_none() && !writer.in_write,
        "no transaction or savepoint left open"
    );
}

#[tokio::test]
async fn a_group_left_by_everyone_is_committed_by_its_deadline() {
    let db = scratch().await;
    let mut first = db.begin_write().await.unwrap();
    insert(&mut first, 1).await.unwrap();
    let other = db.clone();
    let queued_behind = tokio::spawn(async move { other.begin_write().await.map(drop) });
    queued(&db, 1).await;
    // The first write's request goes away mid-commit while another write waits (so its
    // group is not due), then the waiting one goes away too.
    assert!(once(first.commit()).await, "the commit was cut short");
    queued_behind.abort();
    tokio::time::timeout(Duration::from_secs(5), async {
        while committed(&db).await.is_empty() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the released write is committed by the group's deadline");
    assert!(db.group.writer.lock().await.opened.is_none());
}
