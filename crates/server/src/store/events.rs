//! The per-conversation event log: written with each change, read to replay missed events.

use chat_elements_protocol::Event;
use sqlx::{Row, Sqlite, Transaction};

use super::{seq_from_db, seq_to_db, Store};

/// One change in a conversation, as stored and as fanned out.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredEvent {
    pub conversation_id: String,
    pub seq: u64,
    pub event: Event,
}

/// The answer to "what happened after seq N".
#[derive(Debug)]
pub enum Replay {
    /// Every event after the cursor, oldest first.
    Events(Vec<StoredEvent>),
    /// Too many to replay, or the cursor is ahead of the conversation: nothing is replayed.
    Truncated,
}

impl StoredEvent {
    /// The protocol's name for this kind of event.
    pub fn kind(&self) -> &'static str {
        match self.event {
            Event::MessageCreated { .. } => "messageCreated",
        }
    }

    pub(super) async fn insert(
        &self,
        tx: &mut Transaction<'_, Sqlite>,
        actor_id: &str,
        message_id: Option<&str>,
        now_ms: i64,
    ) -> Result<(), sqlx::Error> {
        let payload =
            serde_json::to_string(&self.event).map_err(|err| sqlx::Error::Encode(Box::new(err)))?;
        sqlx::query(
            "INSERT INTO events (conversation_id, seq, kind, actor_id, message_id, payload, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&self.conversation_id)
        .bind(seq_to_db(self.seq))
        .bind(self.kind())
        .bind(actor_id)
        .bind(message_id)
        .bind(payload)
        .bind(now_ms)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }
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
            "SELECT seq, payload FROM events
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
                let event: Event = serde_json::from_str(&payload)
                    .map_err(|err| sqlx::Error::Decode(Box::new(err)))?;
                Ok(StoredEvent {
                    conversation_id: conversation_id.to_owned(),
                    seq: seq_from_db(row.try_get("seq")?),
                    event,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        Ok(Replay::Events(events))
    }
}
