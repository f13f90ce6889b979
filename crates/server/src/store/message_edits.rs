//! Changing and deleting messages. Each change takes the conversation's next seq in the same
//! transaction; replies quoting the message get a `messageUpdated` too, since their quote changed.

use chat_elements_protocol::patch::CustomPatch;
use chat_elements_protocol::{ContentBlock, Custom, Event};
use sqlx::{Row, Sqlite, SqliteConnection, Transaction};

use super::events::{append_event, scrub_message_events};
use super::fields::apply_custom;
use super::files::attach_files;
use super::message_rows::{encode, record_by_id};
use super::search_index::{reindex_message, unindex_message};
use super::{Store, StoredEvent};

/// A change to a message by its author.
#[derive(Debug, Clone, Copy)]
pub struct MessageEdit<'a> {
    pub conversation_id: &'a str,
    pub message_id: &'a str,
    pub editor_id: &'a str,
    /// New content with its plain text, if the text changes.
    pub content: Option<(&'a [ContentBlock], &'a str)>,
    pub custom: &'a CustomPatch,
}

/// What an edit or delete did.
#[derive(Debug)]
pub enum ChangeOutcome {
    /// Committed; the events to publish, in seq order.
    Changed(Vec<StoredEvent>),
    /// No such message in this conversation.
    Missing,
    /// Someone else wrote it (or it is a system message).
    NotAuthor,
}

/// The message's author (`None` for a system message), if it is in the conversation.
async fn author_of(
    conn: &mut SqliteConnection,
    conversation_id: &str,
    message_id: &str,
) -> Result<Option<Option<String>>, sqlx::Error> {
    let row = sqlx::query("SELECT sender_id FROM messages WHERE id = ? AND conversation_id = ?")
        .bind(message_id)
        .bind(conversation_id)
        .fetch_optional(conn)
        .await?;
    row.map(|row| row.try_get("sender_id")).transpose()
}

/// Appends `messageUpdated` for the message (when it still exists) and for every reply quoting it.
pub(super) async fn announce_update(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: &str,
    message_id: &str,
    actor_id: &str,
    include_quotes: bool,
    now_ms: i64,
) -> Result<Vec<StoredEvent>, sqlx::Error> {
    let mut ids = vec![message_id.to_owned()];
    if include_quotes {
        let replies = sqlx::query(
            "SELECT id FROM messages WHERE referenced_message_id = ? AND conversation_id = ?
             ORDER BY seq",
        )
        .bind(message_id)
        .bind(conversation_id)
        .fetch_all(&mut **tx)
        .await?;
        for row in replies {
            ids.push(row.try_get("id")?);
        }
    }
    let mut events = Vec::new();
    for id in ids {
        let Some(record) = record_by_id(tx, &id).await? else {
            continue;
        };
        let event = (
            Event::MessageUpdated {
                message: record.message,
            },
            record.reactors,
        );
        let stored = append_event(
            tx,
            conversation_id,
            event,
            Some(actor_id),
            Some(&id),
            now_ms,
        )
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
        events.push(stored);
    }
    Ok(events)
}

impl Store {
    /// Applies an edit by the message's author and sets `editedAt`.
    pub async fn edit_message(
        &self,
        edit: MessageEdit<'_>,
        now_ms: i64,
    ) -> Result<ChangeOutcome, sqlx::Error> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        match author_of(&mut tx, edit.conversation_id, edit.message_id).await? {
            None => return Ok(ChangeOutcome::Missing),
            Some(author) if author.as_deref() != Some(edit.editor_id) => {
                return Ok(ChangeOutcome::NotAuthor)
            }
            Some(_) => {}
        }
        if let Some((content, plaintext)) = edit.content {
            sqlx::query("UPDATE messages SET content = ?, plaintext = ? WHERE id = ?")
                .bind(encode(&content)?)
                .bind(plaintext)
                .bind(edit.message_id)
                .execute(&mut *tx)
                .await?;
            reindex_message(&mut tx, edit.message_id, plaintext).await?;
            attach_files(&mut tx, edit.message_id, edit.conversation_id, content).await?;
        }
        if edit.custom.is_some() {
            let row = sqlx::query("SELECT custom FROM messages WHERE id = ?")
                .bind(edit.message_id)
                .fetch_one(&mut *tx)
                .await?;
            let stored: String = row.try_get("custom")?;
            let mut custom: Custom =
                serde_json::from_str(&stored).map_err(|err| sqlx::Error::Decode(Box::new(err)))?;
            apply_custom(&mut custom, edit.custom);
            sqlx::query("UPDATE messages SET custom = ? WHERE id = ?")
                .bind(encode(&custom)?)
                .bind(edit.message_id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE messages SET edited_at = ? WHERE id = ?")
            .bind(now_ms)
            .bind(edit.message_id)
            .execute(&mut *tx)
            .await?;
        let events = announce_update(
            &mut tx,
            edit.conversation_id,
            edit.message_id,
            edit.editor_id,
            edit.content.is_some(),
            now_ms,
        )
        .await?;
        tx.commit().await?;
        Ok(ChangeOutcome::Changed(self.refreshed(events)))
    }

    /// Deletes a message by its author: the row and its reactions go, earlier events about it
    /// are rewritten, and `messageDeleted` is appended (then `messageUpdated` for replies that
    /// quoted it). A missing message is [`ChangeOutcome::Missing`].
    pub async fn delete_message(
        &self,
        conversation_id: &str,
        message_id: &str,
        deleter_id: &str,
        now_ms: i64,
    ) -> Result<ChangeOutcome, sqlx::Error> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        match author_of(&mut tx, conversation_id, message_id).await? {
            None => return Ok(ChangeOutcome::Missing),
            Some(author) if author.as_deref() != Some(deleter_id) => {
                return Ok(ChangeOutcome::NotAuthor)
            }
            Some(_) => {}
        }
        unindex_message(&mut tx, message_id).await?;
        sqlx::query("DELETE FROM messages WHERE id = ?")
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
        scrub_message_events(&mut tx, message_id).await?;
        let deleted = Event::MessageDeleted {
            message_id: message_id.to_owned(),
        };
        let mut events = vec![append_event(
            &mut tx,
            conversation_id,
            (deleted, Default::default()),
            Some(deleter_id),
            Some(message_id),
            now_ms,
        )
        .await?
        .ok_or(sqlx::Error::RowNotFound)?];
        let quotes = announce_update(
            &mut tx,
            conversation_id,
            message_id,
            deleter_id,
            true,
            now_ms,
        )
        .await?;
        events.extend(quotes);
        tx.commit().await?;
        Ok(ChangeOutcome::Changed(self.refreshed(events)))
    }

    /// `events` with fresh download URLs in their messages.
    pub(super) fn refreshed(&self, mut events: Vec<StoredEvent>) -> Vec<StoredEvent> {
        for event in &mut events {
            self.refresh_event(event);
        }
        events
    }
}
