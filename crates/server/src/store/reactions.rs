//! Emoji reactions: who reacted to which message with what. Each change announces the message's
//! new state (`messageUpdated`) under the conversation's next seq.

use sqlx::Row;

use super::message_edits::announce_update;
use super::{Store, StoredEvent};

/// A reaction to add or remove.
#[derive(Debug, Clone, Copy)]
pub struct ReactionChange<'a> {
    pub conversation_id: &'a str,
    pub message_id: &'a str,
    pub user_id: &'a str,
    pub emoji: &'a str,
}

/// What adding or removing a reaction did.
#[derive(Debug)]
pub enum ReactionOutcome {
    /// Committed, with the `messageUpdated` event to publish.
    Changed(StoredEvent),
    /// Already as asked: nothing stored.
    Unchanged,
    /// No such message in this conversation.
    Missing,
    /// The message already has `max` distinct emoji and this is not one of them.
    TooMany,
}

impl Store {
    /// Adds `user_id`'s reaction unless present; at most `max_emoji` distinct emoji a message.
    pub async fn add_reaction(
        &self,
        change: ReactionChange<'_>,
        max_emoji: u32,
        now_ms: i64,
    ) -> Result<ReactionOutcome, sqlx::Error> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let found = sqlx::query("SELECT 1 FROM messages WHERE id = ? AND conversation_id = ?")
            .bind(change.message_id)
            .bind(change.conversation_id)
            .fetch_optional(&mut *tx)
            .await?;
        if found.is_none() {
            return Ok(ReactionOutcome::Missing);
        }
        let row = sqlx::query(
            "SELECT COUNT(DISTINCT emoji) AS distinct_emoji,
                    COALESCE(MAX(emoji = ?2), 0) AS emoji_used,
                    COALESCE(MAX(emoji = ?2 AND user_id = ?3), 0) AS mine
             FROM reactions WHERE message_id = ?1",
        )
        .bind(change.message_id)
        .bind(change.emoji)
        .bind(change.user_id)
        .fetch_one(&mut *tx)
        .await?;
        let distinct: i64 = row.try_get("distinct_emoji")?;
        let emoji_used: i64 = row.try_get("emoji_used")?;
        let mine: i64 = row.try_get("mine")?;
        if mine != 0 {
            return Ok(ReactionOutcome::Unchanged);
        }
        if emoji_used == 0 && distinct >= i64::from(max_emoji) {
            return Ok(ReactionOutcome::TooMany);
        }
        sqlx::query(
            "INSERT INTO reactions (message_id, emoji, user_id, created_at) VALUES (?, ?, ?, ?)",
        )
        .bind(change.message_id)
        .bind(change.emoji)
        .bind(change.user_id)
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        self.finish_reaction(tx, change, now_ms).await
    }

    /// Removes `user_id`'s reaction if present.
    pub async fn remove_reaction(
        &self,
        change: ReactionChange<'_>,
        now_ms: i64,
    ) -> Result<ReactionOutcome, sqlx::Error> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let removed = sqlx::query(
            "DELETE FROM reactions
             WHERE message_id = ? AND emoji = ? AND user_id = ?
               AND message_id IN (SELECT id FROM messages WHERE conversation_id = ?)",
        )
        .bind(change.message_id)
        .bind(change.emoji)
        .bind(change.user_id)
        .bind(change.conversation_id)
        .execute(&mut *tx)
        .await?;
        if removed.rows_affected() == 0 {
            return Ok(ReactionOutcome::Unchanged);
        }
        self.finish_reaction(tx, change, now_ms).await
    }

    async fn finish_reaction(
        &self,
        mut tx: sqlx::Transaction<'_, sqlx::Sqlite>,
        change: ReactionChange<'_>,
        now_ms: i64,
    ) -> Result<ReactionOutcome, sqlx::Error> {
        let mut events = announce_update(
            &mut tx,
            change.conversation_id,
            change.message_id,
            change.user_id,
            false,
            now_ms,
        )
        .await?;
        let mut event = events.pop().ok_or(sqlx::Error::RowNotFound)?;
        tx.commit().await?;
        self.refresh_event(&mut event);
        Ok(ReactionOutcome::Changed(event))
    }
}
