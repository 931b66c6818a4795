//! Blobs as rows of the `blobs` table: with PostgreSQL every node reads what any node
//! wrote, backed up with the rest of the data by `pg_dump`. Written in the caller's
//! transaction, so the row that names a file and the file are committed together.

use sqlx::AnyConnection;

pub(super) async fn insert(
    conn: &mut AnyConnection,
    sha256: &str,
    bytes: &[u8],
) -> anyhow::Result<()> {
    let size = i64::try_from(bytes.len())?;
    sqlx::query(
        "INSERT INTO blobs (sha256, bytes, size_bytes) VALUES ($1, $2, $3) \
         ON CONFLICT (sha256) DO NOTHING",
    )
    .bind(sha256)
    .bind(bytes)
    .bind(size)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub(super) async fn get(db: &crate::Db, sha256: &str) -> anyhow::Result<Option<Vec<u8>>> {
    let row: Option<(Vec<u8>,)> = sqlx::query_as("SELECT bytes FROM blobs WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(b,)| b))
}

pub(super) async fn contains(db: &crate::Db, sha256: &str) -> anyhow::Result<bool> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM blobs WHERE sha256 = $1")
        .bind(sha256)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.is_some())
}
