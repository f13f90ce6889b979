//! Uploaded files: their records, which messages carry them (and so who may download them),
//! and fresh download URLs in the file blocks of messages the store hands out.
//!
//! Stored message content never holds a URL (it would expire); every message read from the
//! store gets signed URLs for its file blocks on the way out.

use std::collections::BTreeSet;
use std::sync::Arc;

use chat_elements_protocol::{ContentBlock, Event, FileBlock, Message, Seconds};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

use super::{MessageRecord, Store, StoredEvent};
use crate::files::{file_id_of, FileKind, FileSigner};
use crate::ids::now_ms;

/// An uploaded file as the server knows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRecord {
    pub id: String,
    pub uploader_id: String,
    pub kind: FileKind,
    /// What downloads are served as (see `files::sniff`).
    pub content_type: String,
    pub filename: String,
    pub size: u64,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub duration: Option<f64>,
    pub created_at: i64,
}

impl FileRecord {
    /// The block a message carries for this file (its URL is added when it is read).
    pub fn block(&self, file_token: String) -> FileBlock {
        FileBlock {
            subtype: self.kind.subtype(),
            file_token,
            url: None,
            size: Some(self.size),
            filename: Some(self.filename.clone()),
            content_type: Some(self.content_type.clone()),
            width: self.width,
            height: self.height,
            duration: self.duration.map(Seconds),
        }
    }
}

fn record_from_row(row: &SqliteRow) -> Result<FileRecord, sqlx::Error> {
    let kind: String = row.try_get("kind")?;
    let size: i64 = row.try_get("size")?;
    let dimension = |name: &str| -> Result<Option<u32>, sqlx::Error> {
        let value: Option<i64> = row.try_get(name)?;
        Ok(value.and_then(|v| u32::try_from(v).ok()))
    };
    Ok(FileRecord {
        id: row.try_get("id")?,
        uploader_id: row.try_get("uploader_id")?,
        kind: FileKind::parse(&kind)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown file kind {kind:?}").into()))?,
        content_type: row.try_get("content_type")?,
        filename: row.try_get("filename")?,
        size: u64::try_from(size).unwrap_or(0),
        width: dimension("width")?,
        height: dimension("height")?,
        duration: row.try_get("duration")?,
        created_at: row.try_get("created_at")?,
    })
}

/// Records which files `content` attaches to the message, replacing what it had (for edits).
pub(super) async fn attach_files(
    tx: &mut Transaction<'_, Sqlite>,
    message_id: &str,
    conversation_id: &str,
    content: &[ContentBlock],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM message_files WHERE message_id = ?")
        .bind(message_id)
        .execute(&mut **tx)
        .await?;
    let ids: BTreeSet<&str> = content
        .iter()
        .filter_map(|block| match block {
            ContentBlock::File(file) => file_id_of(&file.file_token),
            ContentBlock::Text { .. } => None,
        })
        .collect();
    for file_id in ids {
        sqlx::query(
            "INSERT INTO message_files (message_id, file_id, conversation_id) VALUES (?, ?, ?)",
        )
        .bind(message_id)
        .bind(file_id)
        .bind(conversation_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl Store {
    /// Signs the download URLs of the file blocks in messages this store hands out.
    pub fn with_file_signer(mut self, signer: Arc<FileSigner>) -> Store {
        self.file_signer = Some(signer);
        self
    }

    pub async fn insert_file(&self, file: &FileRecord) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO files (id, uploader_id, kind, content_type, filename, size, width,
                                height, duration, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&file.id)
        .bind(&file.uploader_id)
        .bind(file.kind.as_str())
        .bind(&file.content_type)
        .bind(&file.filename)
        .bind(i64::try_from(file.size).unwrap_or(i64::MAX))
        .bind(file.width.map(i64::from))
        .bind(file.height.map(i64::from))
        .bind(file.duration)
        .bind(file.created_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn file(&self, id: &str) -> Result<Option<FileRecord>, sqlx::Error> {
        let row = sqlx::query("SELECT * FROM files WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(record_from_row).transpose()
    }

    /// True when `user_id` takes part in a conversation where the file was sent.
    pub async fn may_download(&self, file_id: &str, user_id: &str) -> Result<bool, sqlx::Error> {
        let row = sqlx::query(
            "SELECT 1 FROM message_files f
             JOIN participants p ON p.conversation_id = f.conversation_id AND p.user_id = ?
             WHERE f.file_id = ? LIMIT 1",
        )
        .bind(user_id)
        .bind(file_id)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.is_some())
    }

    /// Gives the file blocks of `message` (and of the message it quotes) fresh download URLs.
    pub(crate) fn refresh_message(&self, message: &mut Message) {
        let Some(signer) = &self.file_signer else {
            return;
        };
        let now = now_ms();
        let quoted = message
            .referenced_message
            .as_mut()
            .map(|quoted| &mut quoted.content);
        for content in std::iter::once(&mut message.content).chain(quoted) {
            for block in content.iter_mut() {
                if let ContentBlock::File(file) = block {
                    if let Some(id) = file_id_of(&file.file_token) {
                        let filename = file.filename.as_deref().unwrap_or("file");
                        file.url = Some(signer.url(id, filename, now));
                    }
                }
            }
        }
    }

    pub(crate) fn refresh_record(&self, record: &mut MessageRecord) {
        self.refresh_message(&mut record.message);
    }

    pub(crate) fn refresh_event(&self, event: &mut StoredEvent) {
        if let Event::MessageCreated { message } | Event::MessageUpdated { message } =
            event.event.as_mut()
        {
            self.refresh_message(message);
        }
    }
}
