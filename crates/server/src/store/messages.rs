//! Messages: creating one (with its event and the conversation's next seq, in one transaction)
//! and reading them (history, one message, the participants a message may mention).

use std::collections::{BTreeMap, BTreeSet};

use chat_elements_protocol::{ContentBlock, Custom, Event, MessageType, Origin};
use sqlx::{Row, Sqlite, Transaction};

use super::events::{insert_event, next_seq};
use super::files::attach_files;
use super::message_rows::{
    complete, encode, message_from_row, origin_to_db, record_by_id, records_by_ids,
    select_messages, type_to_db, MessageRecord,
};
use super::search_index::index_message;
use super::{mark_read_in, seq_to_db, Store, StoredEvent};
use crate::ids;

/// A message to create.
#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    pub conversation_id: &'a str,
    /// `None` for a system message (admin API only).
    pub sender_id: Option<&'a str>,
    /// The sender's idempotency key; `None` never deduplicates.
    pub client_id: Option<&'a str>,
    pub origin: Origin,
    pub plaintext: &'a str,
    pub content: &'a [ContentBlock],
    pub custom: &'a Custom,
    pub referenced_message_id: Option<&'a str>,
}

/// What [`Store::create_message`] did.
#[derive(Debug)]
pub enum CreateOutcome {
    /// Stored, with the event that announces it.
    Created(StoredEvent),
    /// The sender had already used this client id: nothing was stored; this is the original.
    Duplicate(Box<MessageRecord>),
    ConversationMissing,
    SenderMissing,
    /// `referenced_message_id` is not a message of this conversation.
    BadReference,
}

/// One page of history, oldest first.
#[derive(Debug)]
pub struct HistoryPage {
    pub messages: Vec<MessageRecord>,
    pub has_more: bool,
}

impl Store {
    /// Stores a message and its `messageCreated` event under the conversation's next seq, in one
    /// transaction, and marks the conversation read for the sender. A (sender, client id) pair
    /// seen before returns the original instead.
    pub async fn create_message(
        &self,
        new: NewMessage<'_>,
        now_ms: i64,
    ) -> Result<CreateOutcome, sqlx::Error> {
        // IMMEDIATE takes the write lock up front, so concurrent senders queue on the busy
        // timeout instead of failing to upgrade a read transaction.
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let mut outcome = create_in(&mut tx, new, now_ms).await?;
        if matches!(outcome, CreateOutcome::Created(_)) {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
        }
        match &mut outcome {
            CreateOutcome::Created(event) => self.refresh_event(event),
            CreateOutcome::Duplicate(record) => self.refresh_record(record),
            _ => {}
        }
        Ok(outcome)
    }

    /// Messages with `seq < before_seq` (or the newest), at most `limit`, oldest first.
    pub async fn history(
        &self,
        conversation_id: &str,
        before_seq: Option<u64>,
        limit: u32,
    ) -> Result<HistoryPage, sqlx::Error> {
        let sql = format!(
            "{} WHERE m.conversation_id = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?",
            select_messages()
        );
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(&sql)
            .bind(conversation_id)
            .bind(before_seq.map(seq_to_db).unwrap_or(i64::MAX))
            .bind(i64::from(limit) + 1)
            .fetch_all(&mut *conn)
            .await?;
        let has_more = rows.len() > limit as usize;
        let mut rows = rows
            .iter()
            .take(limit as usize)
            .map(message_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        rows.reverse();
        let mut messages = complete(&mut conn, rows).await?;
        for record in &mut messages {
            self.refresh_record(record);
        }
        Ok(HistoryPage { messages, has_more })
    }

    /// The message `message_id` of `conversation_id`, if it exists there.
    pub async fn message(
        &self,
        conversation_id: &str,
        message_id: &str,
    ) -> Result<Option<MessageRecord>, sqlx::Error> {
        let mut conn = self.pool().acquire().await?;
        let mut record = record_by_id(&mut conn, message_id).await?;
        if let Some(record) = &mut record {
            self.refresh_record(record);
        }
        Ok(record.filter(|record| record.message.conversation_id == conversation_id))
    }

    /// These messages by id, wherever they are (for conversations' last messages).
    pub async fn messages_by_ids(
        &self,
        ids: &BTreeSet<String>,
    ) -> Result<BTreeMap<String, MessageRecord>, sqlx::Error> {
        let mut conn = self.pool().acquire().await?;
        let mut records = records_by_ids(&mut conn, ids).await?;
        for record in records.values_mut() {
            self.refresh_record(record);
        }
        Ok(records)
    }

    /// The participants of the conversation, id → name: who a message may mention.
    pub async fn mentionable(
        &self,
        conversation_id: &str,
    ) -> Result<BTreeMap<String, String>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT u.id, u.name FROM participants p JOIN users u ON u.id = p.user_id
             WHERE p.conversation_id = ?",
        )
        .bind(conversation_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
            .collect()
    }
}

async fn create_in(
    tx: &mut Transaction<'_, Sqlite>,
    new: NewMessage<'_>,
    now_ms: i64,
) -> Result<CreateOutcome, sqlx::Error> {
    if let (Some(sender_id), Some(client_id)) = (new.sender_id, new.client_id) {
        let sql = format!(
            "{} WHERE m.sender_id = ? AND m.client_id = ?",
            select_messages()
        );
        let existing = sqlx::query(&sql)
            .bind(sender_id)
            .bind(client_id)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(row) = existing {
            let rows = vec![message_from_row(&row)?];
            if let Some(original) = complete(tx, rows).await?.pop() {
                return Ok(CreateOutcome::Duplicate(Box::new(original)));
            }
        }
    }
    if let Some(sender_id) = new.sender_id {
        let exists = sqlx::query("SELECT 1 FROM users WHERE id = ?")
            .bind(sender_id)
            .fetch_optional(&mut **tx)
            .await?;
        if exists.is_none() {
            return Ok(CreateOutcome::SenderMissing);
        }
    }
    if let Some(referenced) = new.referenced_message_id {
        let found = sqlx::query("SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?")
            .bind(referenced)
            .bind(new.conversation_id)
            .fetch_optional(&mut **tx)
            .await?;
        if found.is_none() {
            return Ok(CreateOutcome::BadReference);
        }
    }
    let Some(seq) = next_seq(tx, new.conversation_id, now_ms).await? else {
        return Ok(CreateOutcome::ConversationMissing);
    };
    let id = ids::message_id();
    let kind = match new.sender_id {
        Some(_) => MessageType::UserMessage,
        None => MessageType::SystemMessage,
    };
    sqlx::query(
        "INSERT INTO messages (id, conversation_id, seq, type, sender_id, client_id, origin,
                               plaintext, content, custom, referenced_message_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(new.conversation_id)
    .bind(seq_to_db(seq))
    .bind(type_to_db(kind))
    .bind(new.sender_id)
    .bind(new.client_id)
    .bind(origin_to_db(new.origin))
    .bind(new.plaintext)
    .bind(encode(&new.content)?)
    .bind(encode(new.custom)?)
    .bind(new.referenced_message_id)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    index_message(tx, &id, new.conversation_id, new.plaintext).await?;
    attach_files(tx, &id, new.conversation_id, new.content).await?;
    if let Some(sender_id) = new.sender_id {
        mark_read_in(tx, new.conversation_id, sender_id, seq).await?;
    }
    let record = record_by_id(tx, &id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;
    let event = StoredEvent {
        conversation_id: new.conversation_id.to_owned(),
        seq,
        event: Box::new(Event::MessageCreated {
            message: record.message,
        }),
        reactors: record.reactors,
    };
    insert_event(tx, &event, new.sender_id, Some(&id), now_ms).await?;
    Ok(CreateOutcome::Created(event))
}
