//! Storage: a SQLite pool (WAL, foreign keys, busy timeout) with the embedded migrations.
//!
//! Queries are plain `sqlx::query` with binds; each concern has its own file.

mod conversation_summary;
mod conversations;
mod events;
mod fields;
mod files;
mod message_edits;
mod message_rows;
mod messages;
#[cfg(test)]
mod migration_tests;
mod moderation;
#[cfg(test)]
mod old_schema;
mod participant_writes;
mod participants;
mod reactions;
mod read_state;
mod search;
mod search_index;
#[cfg(test)]
mod search_tests;
mod users;

use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use chat_elements_protocol::Access;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;

pub use conversation_summary::ConversationSummary;
pub use conversations::{AdminConversation, ConversationRecord, ConversationUpdate, Membership};
pub use events::{Reactors, Replay, StoredEvent};
pub use files::FileRecord;
pub use message_edits::{ChangeOutcome, MessageEdit};
pub use message_rows::MessageRecord;
pub use messages::{CreateOutcome, HistoryPage, NewMessage};
pub use moderation::{ModerationAction, ModerationOutcome, Moderator, Mute, ADMIN_ROLE};
pub use participant_writes::{ParticipantWrite, ParticipantWriteMode};
pub use participants::AdminParticipant;
pub use reactions::{ReactionChange, ReactionOutcome};
pub(crate) use read_state::mark_read_in;
pub use search::{ConversationHit, ConversationPosition, MessageHit};
pub(crate) use users::{user_columns, user_from_prefixed_row};
pub use users::{UserWrite, UserWriteMode};

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("unsupported database URL (only sqlite: URLs are supported): {0}")]
    UnsupportedUrl(String),
    #[error("opening the database: {0}")]
    Open(#[from] sqlx::Error),
    #[error("running database migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// The database. Cheap to clone: clones share one pool.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    /// Signs the download URLs of file blocks in messages read from the store.
    file_signer: Option<Arc<crate::files::FileSigner>>,
}

/// Where the database is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Database {
    /// A SQLite file (the default: `<data-dir>/chat.db`).
    File(PathBuf),
    /// A `sqlite:` URL.
    Url(String),
}

impl Store {
    /// Opens (creating if missing) the SQLite database and runs the migrations.
    pub async fn open(database: &Database) -> Result<Store, StoreError> {
        let options = match database {
            Database::File(path) => SqliteConnectOptions::new().filename(path),
            Database::Url(url) if url.starts_with("sqlite:") => {
                SqliteConnectOptions::from_str(url)?
            }
            Database::Url(url) => return Err(StoreError::UnsupportedUrl(redact_url(url))),
        };
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&pool).await?;
        Ok(Store {
            pool,
            file_signer: None,
        })
    }

    /// Waits for open queries and closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }
}

/// A URL with any password removed, for error messages.
fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://<redacted>{}", &url[..scheme_end], &url[at..])
        }
        _ => url.to_owned(),
    }
}

pub(crate) fn access_to_str(access: Access) -> &'static str {
    match access {
        Access::ReadWrite => "ReadWrite",
        Access::Read => "Read",
    }
}

pub(crate) fn access_from_str(value: &str) -> Result<Access, sqlx::Error> {
    match value {
        "ReadWrite" => Ok(Access::ReadWrite),
        "Read" => Ok(Access::Read),
        other => Err(sqlx::Error::Decode(
            format!("unknown access value {other:?}").into(),
        )),
    }
}

/// Sequence numbers are `u64` on the wire and `INTEGER` (i64) in SQLite.
pub(crate) fn seq_to_db(seq: u64) -> i64 {
    i64::try_from(seq).unwrap_or(i64::MAX)
}

pub(crate) fn seq_from_db(seq: i64) -> u64 {
    u64::try_from(seq).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted_from_urls() {
        assert_eq!(
            redact_url("postgres://u:pw@host/db"),
            "postgres://<redacted>@host/db"
        );
        assert_eq!(redact_url("sqlite://x.db"), "sqlite://x.db");
    }
}
