//! Conversations and their participants.

use chat_elements_protocol::{Access, Conversation};
use serde::Serialize;
use sqlx::Row;

use super::{access_from_str, access_to_str, seq_from_db, Store};
use crate::ids::now_ms;

/// A conversation as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRow {
    pub id: String,
    pub subject: Option<String>,
    pub last_seq: u64,
}

/// A participant as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub user_id: String,
    pub access: Access,
}

/// A conversation as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminConversation {
    pub id: String,
    pub subject: Option<String>,
    pub last_seq: u64,
    pub participants: Vec<Participant>,
}

fn conversation_from_row(row: &sqlx::sqlite::SqliteRow) -> Result<ConversationRow, sqlx::Error> {
    Ok(ConversationRow {
        id: row.try_get("id")?,
        subject: row.try_get("subject")?,
        last_seq: seq_from_db(row.try_get("last_seq")?),
    })
}

impl Store {
    pub async fn get_conversation(&self, id: &str) -> Result<Option<ConversationRow>, sqlx::Error> {
        let row = sqlx::query("SELECT id, subject, last_seq FROM conversations WHERE id = ?")
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(conversation_from_row).transpose()
    }

    /// Creates or updates a conversation. `subject`: `None` keeps the current subject (none for
    /// a new conversation), `Some(None)` clears it.
    pub async fn upsert_conversation(
        &self,
        id: &str,
        subject: Option<Option<&str>>,
    ) -> Result<ConversationRow, sqlx::Error> {
        let row = sqlx::query(
            "INSERT INTO conversations (id, subject, last_seq, created_at, updated_at)
             VALUES (?1, ?2, 0, ?3, ?3)
             ON CONFLICT (id) DO UPDATE SET
                subject = CASE WHEN ?4 THEN excluded.subject ELSE conversations.subject END,
                updated_at = excluded.updated_at
             RETURNING id, subject, last_seq",
        )
        .bind(id)
        .bind(subject.flatten())
        .bind(now_ms())
        .bind(subject.is_some())
        .fetch_one(self.pool())
        .await?;
        conversation_from_row(&row)
    }

    /// Creates the conversation unless it exists (seeding).
    pub async fn ensure_conversation(&self, id: &str, subject: &str) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO conversations (id, subject, last_seq, created_at, updated_at)
             VALUES (?1, ?2, 0, ?3, ?3)
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(id)
        .bind(subject)
        .bind(now_ms())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn participants(
        &self,
        conversation_id: &str,
    ) -> Result<Vec<Participant>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT user_id, access FROM participants WHERE conversation_id = ? ORDER BY created_at, user_id",
        )
        .bind(conversation_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(Participant {
                    user_id: row.try_get("user_id")?,
                    access: access_from_str(row.try_get("access")?)?,
                })
            })
            .collect()
    }

    /// The conversation with its participants, or `None` when it does not exist.
    pub async fn admin_conversation(
        &self,
        id: &str,
    ) -> Result<Option<AdminConversation>, sqlx::Error> {
        let Some(row) = self.get_conversation(id).await? else {
            return Ok(None);
        };
        let participants = self.participants(id).await?;
        Ok(Some(AdminConversation {
            id: row.id,
            subject: row.subject,
            last_seq: row.last_seq,
            participants,
        }))
    }

    /// Adds a participant (with `access`, default ReadWrite) or changes an existing one's access
    /// (when `access` is given). Returns the access now in force.
    pub async fn set_participant(
        &self,
        conversation_id: &str,
        user_id: &str,
        access: Option<Access>,
    ) -> Result<Access, sqlx::Error> {
        let row = sqlx::query(
            "INSERT INTO participants (conversation_id, user_id, access, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (conversation_id, user_id) DO UPDATE SET
                access = CASE WHEN ?5 THEN excluded.access ELSE participants.access END,
                updated_at = excluded.updated_at
             RETURNING access",
        )
        .bind(conversation_id)
        .bind(user_id)
        .bind(access_to_str(access.unwrap_or_default()))
        .bind(now_ms())
        .bind(access.is_some())
        .fetch_one(self.pool())
        .await?;
        access_from_str(row.try_get("access")?)
    }

    /// Adds a participant unless present (seeding).
    pub async fn ensure_participant(
        &self,
        conversation_id: &str,
        user_id: &str,
        access: Access,
    ) -> Result<(), sqlx::Error> {
        sqlx::query(
            "INSERT INTO participants (conversation_id, user_id, access, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?4)
             ON CONFLICT (conversation_id, user_id) DO NOTHING",
        )
        .bind(conversation_id)
        .bind(user_id)
        .bind(access_to_str(access))
        .bind(now_ms())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Removes a participant; true when they were one.
    pub async fn remove_participant(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<bool, sqlx::Error> {
        let result =
            sqlx::query("DELETE FROM participants WHERE conversation_id = ? AND user_id = ?")
                .bind(conversation_id)
                .bind(user_id)
                .execute(self.pool())
                .await?;
        Ok(result.rows_affected() > 0)
    }

    /// The conversation as `user_id` sees it, or `None` when they are not a participant (or it
    /// does not exist: callers must not tell the two apart to users).
    pub async fn membership(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<Option<Conversation>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT c.id, c.subject, c.last_seq, p.access
             FROM participants p JOIN conversations c ON c.id = p.conversation_id
             WHERE p.conversation_id = ? AND p.user_id = ?",
        )
        .bind(conversation_id)
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(Conversation {
                id: row.try_get("id")?,
                subject: row.try_get("subject")?,
                last_seq: seq_from_db(row.try_get("last_seq")?),
                access: access_from_str(row.try_get("access")?)?,
            })
        })
        .transpose()
    }
}
