//! A conversation as one participant sees it, without its last message: everything a
//! conversation list filters and orders by, read in one query for all of a user's
//! conversations. The last message is loaded only for the conversations actually shown.

use chat_elements_protocol::{Access, Conversation, Custom, FilterTarget, Message, Notify};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::conversations::{record_from_row, ConversationRecord, CONVERSATION_COLUMNS};
use super::fields::notify_from_db;
use super::{access_from_str, Store};

/// One participant's view of a conversation, minus the last message itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationSummary {
    pub record: ConversationRecord,
    pub access: Access,
    pub notify: Notify,
    pub joined_at: i64,
    pub last_message_id: Option<String>,
    pub last_message_at: Option<i64>,
    pub unread_message_count: u64,
    pub read_until: i64,
    pub everyone_read_until: i64,
}

impl ConversationSummary {
    /// `max(lastMessage.createdAt, joinedAt)`.
    pub fn last_activity_at(&self) -> i64 {
        self.last_message_at
            .map_or(self.joined_at, |at| at.max(self.joined_at))
    }

    /// The full snapshot, given the last message (as the viewer sees it).
    pub fn into_conversation(self, last_message: Option<Message>) -> Conversation {
        Conversation {
            id: self.record.id,
            subject: self.record.subject,
            photo_url: self.record.photo_url,
            welcome_messages: self.record.welcome_messages,
            custom: self.record.custom,
            created_at: self.record.created_at,
            joined_at: self.joined_at,
            last_message: last_message.map(Box::new),
            unread_message_count: self.unread_message_count,
            read_until: self.read_until,
            everyone_read_until: self.everyone_read_until,
            is_unread: self.unread_message_count > 0,
            access: self.access,
            notify: self.notify,
            last_seq: self.record.last_seq,
        }
    }
}

impl FilterTarget for ConversationSummary {
    fn access(&self) -> Access {
        self.access
    }
    fn custom(&self) -> &Custom {
        &self.record.custom
    }
    fn is_unread(&self) -> bool {
        self.unread_message_count > 0
    }
    fn subject(&self) -> Option<&str> {
        self.record.subject.as_deref()
    }
    fn last_activity_at(&self) -> i64 {
        ConversationSummary::last_activity_at(self)
    }
    fn created_at(&self) -> i64 {
        self.record.created_at
    }
    fn has_messages(&self) -> bool {
        self.last_message_id.is_some()
    }
    fn joined_at(&self) -> i64 {
        self.joined_at
    }
}

/// Deleted messages are removed from `messages`, so every row counts.
fn summary_sql(condition: &str) -> String {
    format!(
        "SELECT {CONVERSATION_COLUMNS}, p.access, p.notify, p.joined_at,
            lm.id AS last_message_id, lm.created_at AS last_message_at,
            (SELECT COUNT(*) FROM messages m
              WHERE m.conversation_id = c.id AND m.seq > p.read_until_seq
                AND (m.sender_id IS NULL OR m.sender_id != p.user_id)
            ) AS unread,
            COALESCE((SELECT m.created_at FROM messages m
              WHERE m.conversation_id = c.id AND m.seq <= p.read_until_seq
              ORDER BY m.seq DESC LIMIT 1), 0) AS read_until,
            COALESCE((SELECT m.created_at FROM messages m
              WHERE m.conversation_id = c.id AND m.seq <=
                (SELECT MIN(q.read_until_seq) FROM participants q WHERE q.conversation_id = c.id)
              ORDER BY m.seq DESC LIMIT 1), 0) AS everyone_read_until
         FROM participants p
         JOIN conversations c ON c.id = p.conversation_id
         LEFT JOIN messages lm ON lm.id = (SELECT m.id FROM messages m
              WHERE m.conversation_id = c.id ORDER BY m.seq DESC LIMIT 1)
         WHERE p.user_id = ? {condition}"
    )
}

fn summary_from_row(row: &SqliteRow) -> Result<ConversationSummary, sqlx::Error> {
    let unread: i64 = row.try_get("unread")?;
    Ok(ConversationSummary {
        record: record_from_row(row)?,
        access: access_from_str(row.try_get("access")?)?,
        notify: notify_from_db(row.try_get("notify")?)?,
        joined_at: row.try_get("joined_at")?,
        last_message_id: row.try_get("last_message_id")?,
        last_message_at: row.try_get("last_message_at")?,
        unread_message_count: u64::try_from(unread).unwrap_or(0),
        read_until: row.try_get("read_until")?,
        everyone_read_until: row.try_get("everyone_read_until")?,
    })
}

impl Store {
    /// `user_id`'s view of the conversation, or `None` unless they take part.
    pub async fn conversation_summary(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<Option<ConversationSummary>, sqlx::Error> {
        let row = sqlx::query(&summary_sql("AND c.id = ?"))
            .bind(user_id)
            .bind(conversation_id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(summary_from_row).transpose()
    }

    /// `user_id`'s view of those of `ids` they take part in, in no particular order.
    pub async fn conversation_summaries_among(
        &self,
        user_id: &str,
        ids: &[String],
    ) -> Result<Vec<ConversationSummary>, sqlx::Error> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = vec!["?"; ids.len()].join(", ");
        let sql = summary_sql(&format!("AND c.id IN ({placeholders})"));
        let mut query = sqlx::query(&sql).bind(user_id);
        for id in ids {
            query = query.bind(id);
        }
        let rows = query.fetch_all(self.pool()).await?;
        rows.iter().map(summary_from_row).collect()
    }

    /// Every conversation `user_id` takes part in, in no particular order.
    pub async fn conversation_summaries(
        &self,
        user_id: &str,
    ) -> Result<Vec<ConversationSummary>, sqlx::Error> {
        let rows = sqlx::query(&summary_sql(""))
            .bind(user_id)
            .fetch_all(self.pool())
            .await?;
        rows.iter().map(summary_from_row).collect()
    }
}
