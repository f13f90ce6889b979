//! Messages: creating one (with its event and the conversation's next seq, in one transaction)
//! and reading history.

use chat_elements_protocol::{Event, Message, User};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

use super::{seq_from_db, seq_to_db, Store, StoredEvent};
use crate::ids;

/// A message to create.
#[derive(Debug, Clone, Copy)]
pub struct NewMessage<'a> {
    pub conversation_id: &'a str,
    pub sender_id: &'a str,
    /// The sender's idempotency key; `None` (admin API only) never deduplicates.
    pub client_id: Option<&'a str>,
    pub text: &'a str,
}

/// What [`Store::create_message`] did.
#[derive(Debug)]
pub enum CreateOutcome {
    /// Stored, with the event that announces it.
    Created(StoredEvent),
    /// The sender had already used this client id: nothing was stored; this is the original.
    Duplicate(Message),
    ConversationMissing,
    SenderMissing,
}

/// One page of history, oldest first.
#[derive(Debug)]
pub struct HistoryPage {
    pub messages: Vec<Message>,
    pub has_more: bool,
}

const MESSAGE_COLUMNS: &str = "m.id, m.conversation_id, m.seq, m.client_id, m.text, m.created_at, \
     u.id AS sender_id, u.name AS sender_name, u.photo_url AS sender_photo_url";

fn message_from_row(row: &SqliteRow) -> Result<Message, sqlx::Error> {
    Ok(Message {
        id: row.try_get("id")?,
        conversation_id: row.try_get("conversation_id")?,
        seq: seq_from_db(row.try_get("seq")?),
        sender: User {
            id: row.try_get("sender_id")?,
            name: row.try_get("sender_name")?,
            photo_url: row.try_get("sender_photo_url")?,
        },
        client_id: row.try_get("client_id")?,
        text: row.try_get("text")?,
        created_at: row.try_get("created_at")?,
    })
}

impl Store {
    /// Stores a message and its `messageCreated` event under the conversation's next seq, in one
    /// transaction. A (sender, client id) pair seen before returns the original instead.
    pub async fn create_message(
        &self,
        new: NewMessage<'_>,
        now_ms: i64,
    ) -> Result<CreateOutcome, sqlx::Error> {
        // IMMEDIATE takes the write lock up front, so concurrent senders queue on the busy
        // timeout instead of failing to upgrade a read transaction.
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let outcome = create_in(&mut tx, new, now_ms).await?;
        if matches!(outcome, CreateOutcome::Created(_)) {
            tx.commit().await?;
        } else {
            tx.rollback().await?;
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
            "SELECT {MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
             WHERE m.conversation_id = ? AND m.seq < ?
             ORDER BY m.seq DESC LIMIT ?"
        );
        let rows = sqlx::query(&sql)
            .bind(conversation_id)
            .bind(before_seq.map(seq_to_db).unwrap_or(i64::MAX))
            .bind(i64::from(limit) + 1)
            .fetch_all(self.pool())
            .await?;
        let has_more = rows.len() > limit as usize;
        let mut messages = rows
            .iter()
            .take(limit as usize)
            .map(message_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        messages.reverse();
        Ok(HistoryPage { messages, has_more })
    }
}

async fn create_in(
    tx: &mut Transaction<'_, Sqlite>,
    new: NewMessage<'_>,
    now_ms: i64,
) -> Result<CreateOutcome, sqlx::Error> {
    if let Some(client_id) = new.client_id {
        let sql = format!(
            "SELECT {MESSAGE_COLUMNS} FROM messages m JOIN users u ON u.id = m.sender_id
             WHERE m.sender_id = ? AND m.client_id = ?"
        );
        let existing = sqlx::query(&sql)
            .bind(new.sender_id)
            .bind(client_id)
            .fetch_optional(&mut **tx)
            .await?;
        if let Some(row) = existing {
            return Ok(CreateOutcome::Duplicate(message_from_row(&row)?));
        }
    }

    let sender = sqlx::query("SELECT id, name, photo_url FROM users WHERE id = ?")
        .bind(new.sender_id)
        .fetch_optional(&mut **tx)
        .await?;
    let Some(sender) = sender else {
        return Ok(CreateOutcome::SenderMissing);
    };
    let sender = User {
        id: sender.try_get("id")?,
        name: sender.try_get("name")?,
        photo_url: sender.try_get("photo_url")?,
    };

    let seq = sqlx::query(
        "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?
         WHERE id = ? RETURNING last_seq",
    )
    .bind(now_ms)
    .bind(new.conversation_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(seq) = seq else {
        return Ok(CreateOutcome::ConversationMissing);
    };
    let seq: i64 = seq.try_get("last_seq")?;

    let message = Message {
        id: ids::message_id(),
        conversation_id: new.conversation_id.to_owned(),
        seq: seq_from_db(seq),
        sender,
        client_id: new.client_id.map(str::to_owned),
        text: new.text.to_owned(),
        created_at: now_ms,
    };
    sqlx::query(
        "INSERT INTO messages (id, conversation_id, seq, sender_id, client_id, text, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&message.id)
    .bind(&message.conversation_id)
    .bind(seq)
    .bind(&message.sender.id)
    .bind(&message.client_id)
    .bind(&message.text)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;

    let event = StoredEvent {
        conversation_id: message.conversation_id.clone(),
        seq: message.seq,
        event: Event::MessageCreated {
            message: message.clone(),
        },
    };
    event
        .insert(tx, &message.sender.id, Some(&message.id), now_ms)
        .await?;
    Ok(CreateOutcome::Created(event))
}
