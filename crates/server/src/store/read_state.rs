//! Read state: each participant's `read_until_seq`. Messages by others after it are unread.
//! It belongs to one user and has no seq of its own.

use sqlx::{Sqlite, Transaction};

use super::{seq_to_db, Store};

/// Marks everything up to `seq` read for `user_id` (their own send), inside the caller's
/// transaction. Never moves the cursor backwards.
pub(crate) async fn mark_read_in(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: &str,
    user_id: &str,
    seq: u64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET read_until_seq = ?3
         WHERE conversation_id = ?1 AND user_id = ?2 AND read_until_seq < ?3",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(seq_to_db(seq))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Reads everything in the conversation for `user_id`. True when their state changed.
    pub async fn mark_read(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<bool, sqlx::Error> {
        let result = sqlx::query(
            "UPDATE participants
             SET read_until_seq = (SELECT last_seq FROM conversations WHERE id = ?1)
             WHERE conversation_id = ?1 AND user_id = ?2
               AND read_until_seq != (SELECT last_seq FROM conversations WHERE id = ?1)",
        )
        .bind(conversation_id)
        .bind(user_id)
        .execute(self.pool())
        .await?;
        Ok(result.rows_affected() > 0)
    }

    /// Moves `user_id`'s cursor to just before the latest message by someone else, so it
    /// counts as unread. No such message: nothing changes. True when their state changed.
    pub async fn mark_unread(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<bool, sqlx::Error> {
        // Deleted messages are gone from the table, so they never count.
        let latest_by_others = "(SELECT MAX(m.seq) FROM messages m
              WHERE m.conversation_id = ?1 AND (m.sender_id IS NULL OR m.sender_id != ?2))";
        let sql = format!(
            "UPDATE participants SET read_until_seq = {latest_by_others} - 1
             WHERE conversation_id = ?1 AND user_id = ?2
               AND {latest_by_others} IS NOT NULL
               AND read_until_seq != {latest_by_others} - 1"
        );
        let result = sqlx::query(&sql)
            .bind(conversation_id)
            .bind(user_id)
            .execute(self.pool())
            .await?;
        Ok(result.rows_affected() > 0)
    }
}
