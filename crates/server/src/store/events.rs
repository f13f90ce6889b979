//! The per-conversation event log: written with each change, read to replay missed events.

use std::collections::{BTreeMap, BTreeSet};

use chat_elements_protocol::Event;
use sqlx::{Row, Sqlite, SqliteConnection, Transaction};

use super::{seq_from_db, seq_to_db, Store};

/// Who reacted with what: message id → emoji → user ids. Kept beside messages so each viewer
/// can be told whether they reacted (`currentUserReacted`).
pub type Reactors = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// One change in a conversation, as stored and as fanned out.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub conversation_id: String,
    pub seq: u64,
    /// Boxed: a message event is large, and outcomes carry stored events around.
    pub event: Box<Event>,
    /// Who reacted to the messages in `event` (empty for other kinds of change).
    pub reactors: Reactors,
}

/// The answer to "what happened after seq N".
#[derive(Debug)]
pub enum Replay {
    /// Every event after the cursor, oldest first.
    Events(Vec<StoredEvent>),
    /// Too many to replay, or the cursor is ahead of the conversation: nothing is replayed.
    Truncated,
}

fn encode<T: serde::Serialize>(value: &T) -> Result<String, sqlx::Error> {
    serde_json::to_string(value).map_err(|err| sqlx::Error::Encode(Box::new(err)))
}

impl StoredEvent {
    /// The protocol's name for this kind of event.
    pub fn kind(&self) -> &'static str {
        event_kind(&self.event)
    }
}

/// The protocol's name for `event`'s kind.
pub(crate) fn event_kind(event: &Event) -> &'static str {
    match event {
        Event::MessageCreated { .. } => "messageCreated",
        Event::MessageUpdated { .. } => "messageUpdated",
        Event::MessageDeleted { .. } => "messageDeleted",
        Event::ConversationUpdated => "conversationUpdated",
        Event::ParticipantsChanged => "participantsChanged",
    }
}

/// Takes the conversation's next seq (in the caller's transaction). `None` when the
/// conversation does not exist.
pub(crate) async fn next_seq(
    conn: &mut SqliteConnection,
    conversation_id: &str,
    now_ms: i64,
) -> Result<Option<u64>, sqlx::Error> {
    let row = sqlx::query(
        "UPDATE conversations SET last_seq = last_seq + 1, updated_at = ?
         WHERE id = ? RETURNING last_seq",
    )
    .bind(now_ms)
    .bind(conversation_id)
    .fetch_optional(conn)
    .await?;
    row.map(|row| row.try_get("last_seq").map(seq_from_db))
        .transpose()
}

/// Stores `event` under `seq` (taken with [`next_seq`] in the same transaction).
pub(crate) async fn insert_event(
    tx: &mut Transaction<'_, Sqlite>,
    event: &StoredEvent,
    actor_id: Option<&str>,
    message_id: Option<&str>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let reactors = if event.reactors.is_empty() {
        None
    } else {
        Some(encode(&event.reactors)?)
    };
    sqlx::query(
        "INSERT INTO events
            (conversation_id, seq, kind, actor_id, message_id, payload, reactors, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&event.conversation_id)
    .bind(seq_to_db(event.seq))
    .bind(event.kind())
    .bind(actor_id)
    .bind(message_id)
    .bind(encode(&event.event)?)
    .bind(reactors)
    .bind(now_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Takes the conversation's next seq and stores `event` with its reactors under it. `None` when
/// the conversation does not exist.
pub(crate) async fn append_event(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: &str,
    (event, reactors): (Event, Reactors),
    actor_id: Option<&str>,
    message_id: Option<&str>,
    now_ms: i64,
) -> Result<Option<StoredEvent>, sqlx::Error> {
    let Some(seq) = next_seq(tx, conversation_id, now_ms).await? else {
        return Ok(None);
    };
    let stored = StoredEvent {
        conversation_id: conversation_id.to_owned(),
        seq,
        event: Box::new(event),
        reactors,
    };
    insert_event(tx, &stored, actor_id, message_id, now_ms).await?;
    Ok(Some(stored))
}

/// Makes every stored event about `message_id` say it was deleted, so its text and reactions
/// are gone from replays too; quotes of it in replies' events are removed.
pub(crate) async fn scrub_message_events(
    tx: &mut Transaction<'_, Sqlite>,
    message_id: &str,
) -> Result<(), sqlx::Error> {
    let deleted = Event::MessageDeleted {
        message_id: message_id.to_owned(),
    };
    sqlx::query(
        "UPDATE events SET kind = ?, payload = ?, reactors = NULL
         WHERE message_id = ? AND kind != 'messageDeleted'",
    )
    .bind(event_kind(&deleted))
    .bind(encode(&deleted)?)
    .bind(message_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "UPDATE events
         SET payload = json_set(payload, '$.message.referencedMessage', json('null'))
         WHERE message_id IN (SELECT id FROM messages WHERE referenced_message_id = ?1)
           AND json_extract(payload, '$.message.referencedMessage.id') = ?1",
    )
    .bind(message_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// The events with `after_seq < seq <= through_seq`, where `through_seq` is the
    /// conversation's `last_seq` as the caller read it; at most `max` of them, else `Truncated`.
    /// Because seqs are dense, the count is known without reading.
    pub async fn events_between(
        &self,
        conversation_id: &str,
        after_seq: u64,
        through_seq: u64,
        max: u64,
    ) -> Result<Replay, sqlx::Error> {
        if after_seq > through_seq || through_seq - after_seq > max {
            return Ok(Replay::Truncated);
        }
        if after_seq == through_seq {
            return Ok(Replay::Events(Vec::new()));
        }
        let rows = sqlx::query(
            "SELECT seq, payload, reactors FROM events
             WHERE conversation_id = ? AND seq > ? AND seq <= ?
             ORDER BY seq",
        )
        .bind(conversation_id)
        .bind(seq_to_db(after_seq))
        .bind(seq_to_db(through_seq))
        .fetch_all(self.pool())
        .await?;
        let events = rows
            .iter()
            .map(|row| {
                let payload: String = row.try_get("payload")?;
                let reactors: Option<String> = row.try_get("reactors")?;
                Ok(StoredEvent {
                    conversation_id: conversation_id.to_owned(),
                    seq: seq_from_db(row.try_get("seq")?),
                    event: Box::new(decode(&payload)?),
                    reactors: reactors
                        .as_deref()
                        .map(decode)
                        .transpose()?
                        .unwrap_or_default(),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(Replay::Events(self.refreshed(events)))
    }
}

fn decode<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(text).map_err(|err| sqlx::Error::Decode(Box::new(err)))
}
