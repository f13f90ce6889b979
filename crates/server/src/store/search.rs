//! Search queries over the full-text indexes (see `migrations/0004_search.sql`). Only
//! conversations the user takes part in are ever searched: the participant check is part of
//! each query, not a filter applied afterwards.
//!
//! Callers pass `words`: the user's words already in FTS5 syntax (`search::query::to_fts5`);
//! these functions put them in the right column and narrow messages by conversation token.

use sqlx::Row;

use super::message_rows::{complete, message_columns, message_from_row};
use super::search_index::conversation_token;
use super::{MessageRecord, Store};

/// A user in at most this many conversations has them named in the index query, so the index
/// itself skips everyone else's messages; for more, the participant check does it alone.
const NAMED_CONVERSATIONS: usize = 32;

/// A message found by a search, with its position for the next page's cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct MessageHit {
    /// The message's search key: higher is newer.
    pub key: i64,
    pub record: MessageRecord,
}

/// A conversation found by a search, with its position for the next page's cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationHit {
    pub conversation_id: String,
    /// `max(lastMessage.createdAt, joinedAt)` for the user.
    pub last_activity_at: i64,
}

/// Where a conversation page starts: after this (activity, id) in the order.
pub type ConversationPosition = (i64, String);

impl Store {
    /// Messages whose text matches `words` in conversations `user_id` takes part in (only
    /// `conversation_id` when given), with a key below `before_key`, newest first, at most
    /// `limit`.
    pub async fn search_messages(
        &self,
        user_id: &str,
        words: &str,
        conversation_id: Option<&str>,
        before_key: Option<i64>,
        limit: u32,
    ) -> Result<Vec<MessageHit>, sqlx::Error> {
        let scope = match conversation_id {
            Some(id) => vec![id.to_owned()],
            None => {
                let rows = sqlx::query(
                    "SELECT conversation_id FROM participants WHERE user_id = ? LIMIT ?",
                )
                .bind(user_id)
                .bind(NAMED_CONVERSATIONS as i64 + 1)
                .fetch_all(self.pool())
                .await?;
                let ids = rows
                    .iter()
                    .map(|row| row.try_get::<String, _>("conversation_id"))
                    .collect::<Result<Vec<_>, _>>()?;
                if ids.is_empty() {
                    return Ok(Vec::new());
                }
                if ids.len() > NAMED_CONVERSATIONS {
                    Vec::new()
                } else {
                    ids
                }
            }
        };
        let fts_query = message_query(words, &scope);
        let sql = format!(
            "SELECT k.key AS search_key, {columns}
             FROM message_search s
             JOIN message_search_keys k ON k.key = s.rowid
             JOIN messages m ON m.id = k.message_id
             LEFT JOIN users u ON u.id = m.sender_id
             WHERE message_search MATCH ?1
               AND s.rowid < ?2
               AND k.conversation_id IN
                   (SELECT p.conversation_id FROM participants p WHERE p.user_id = ?3)
               AND (?4 IS NULL OR k.conversation_id = ?4)
             ORDER BY s.rowid DESC
             LIMIT ?5",
            columns = message_columns()
        );
        let mut conn = self.pool().acquire().await?;
        let rows = sqlx::query(&sql)
            .bind(fts_query)
            .bind(before_key.unwrap_or(i64::MAX))
            .bind(user_id)
            .bind(conversation_id)
            .bind(i64::from(limit))
            .fetch_all(&mut *conn)
            .await?;
        let keys = rows
            .iter()
            .map(|row| row.try_get::<i64, _>("search_key"))
            .collect::<Result<Vec<_>, _>>()?;
        let messages = rows
            .iter()
            .map(message_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let mut records = complete(&mut conn, messages).await?;
        for record in &mut records {
            self.refresh_record(record);
        }
        Ok(keys
            .into_iter()
            .zip(records)
            .map(|(key, record)| MessageHit { key, record })
            .collect())
    }

    /// Conversations `user_id` takes part in whose subject or `custom.search` matches every one
    /// of `words` (TalkJS: one or the other, not a mix), most recently active first (ties by
    /// id), after `after` in that order, at most `limit`.
    pub async fn search_conversations(
        &self,
        user_id: &str,
        words: &str,
        after: Option<&ConversationPosition>,
        limit: u32,
    ) -> Result<Vec<ConversationHit>, sqlx::Error> {
        let fts_query = format!("{{subject}} : ({words}) OR {{custom_search}} : ({words})");
        let (after_activity, after_id) = match after {
            Some((activity, id)) => (Some(*activity), Some(id.as_str())),
            None => (None, None),
        };
        let rows = sqlx::query(
            "SELECT id, activity FROM (
                 SELECT k.conversation_id AS id,
                        MAX(p.joined_at, COALESCE(
                            (SELECT m.created_at FROM messages m
                             WHERE m.conversation_id = k.conversation_id
                             ORDER BY m.seq DESC LIMIT 1), 0)) AS activity
                 FROM conversation_search s
                 JOIN conversation_search_keys k ON k.key = s.rowid
                 JOIN participants p ON p.conversation_id = k.conversation_id AND p.user_id = ?2
                 WHERE conversation_search MATCH ?1
             )
             WHERE ?3 IS NULL OR activity < ?3 OR (activity = ?3 AND id > ?4)
             ORDER BY activity DESC, id ASC
             LIMIT ?5",
        )
        .bind(fts_query)
        .bind(user_id)
        .bind(after_activity)
        .bind(after_id)
        .bind(i64::from(limit))
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(ConversationHit {
                    conversation_id: row.try_get("id")?,
                    last_activity_at: row.try_get("activity")?,
                })
            })
            .collect()
    }
}

/// `words` in the message text, in one of `conversations` when any are named.
fn message_query(words: &str, conversations: &[String]) -> String {
    if conversations.is_empty() {
        return format!("{{body}} : ({words})");
    }
    let tokens: Vec<String> = conversations
        .iter()
        .map(|id| format!("\"{}\"", conversation_token(id)))
        .collect();
    format!(
        "{{body}} : ({words}) AND {{conv}} : ({})",
        tokens.join(" OR ")
    )
}
