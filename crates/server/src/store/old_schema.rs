//! Test support: a database file written by an older version (only the first migrations run,
//! then the given rows), to check that opening it with the current `Store` migrates it intact.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// Writes `chat.db` in `dir` with the first `migrations` applied and `rows` inserted; returns its path.
pub async fn write_old_database(dir: &Path, migrations: usize, rows: &[&str]) -> PathBuf {
    let path = dir.join("chat.db");
    let options = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .foreign_keys(true);
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .unwrap();
    let mut old = sqlx::migrate!("./migrations");
    old.migrations = Cow::Owned(old.migrations.iter().take(migrations).cloned().collect());
    old.run(&pool).await.unwrap();
    for sql in rows {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;
    path
}
