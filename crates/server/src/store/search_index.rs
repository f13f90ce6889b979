//! Keeping the message search index in step with `messages`, inside the caller's transaction,
//! so a message can be found the moment its send commits and never after its delete commits.
//!
//! Every message gets a search key when it is stored (keys only grow, so the newest message has
//! the highest key); its plain text is indexed under that key, beside a token naming its
//! conversation. Edits replace the indexed text and keep the key, so an edited message keeps
//! its place in the order.

use sqlx::{Row, Sqlite, Transaction};

/// The index token of a conversation: the hex of its id (what SQLite's `hex()` gives, as the
/// migration that built the index used it).
pub fn conversation_token(conversation_id: &str) -> String {
    conversation_id
        .bytes()
        .map(|byte| format!("{byte:02X}"))
        .collect()
}

/// Gives a new message its key and indexes its text (blank text is not indexed).
pub(super) async fn index_message(
    tx: &mut Transaction<'_, Sqlite>,
    message_id: &str,
    conversation_id: &str,
    plaintext: &str,
) -> Result<(), sqlx::Error> {
    let row = sqlx::query(
        "INSERT INTO message_search_keys (message_id, conversation_id) VALUES (?, ?)
         RETURNING key",
    )
    .bind(message_id)
    .bind(conversation_id)
    .fetch_one(&mut **tx)
    .await?;
    let key: i64 = row.try_get("key")?;
    insert_text(tx, key, conversation_id, plaintext).await
}

/// Replaces the indexed text of an edited message.
pub(super) async fn reindex_message(
    tx: &mut Transaction<'_, Sqlite>,
    message_id: &str,
    plaintext: &str,
) -> Result<(), sqlx::Error> {
    let Some((key, conversation_id)) = key_of(tx, message_id).await? else {
        return Ok(());
    };
    sqlx::query("DELETE FROM message_search WHERE rowid = ?")
        .bind(key)
        .execute(&mut **tx)
        .await?;
    insert_text(tx, key, &conversation_id, plaintext).await
}

/// Removes a message from the index. Call before deleting its row (its key goes with it).
pub(super) async fn unindex_message(
    tx: &mut Transaction<'_, Sqlite>,
    message_id: &str,
) -> Result<(), sqlx::Error> {
    let Some((key, _)) = key_of(tx, message_id).await? else {
        return Ok(());
    };
    sqlx::query("DELETE FROM message_search WHERE rowid = ?")
        .bind(key)
        .execute(&mut **tx)
        .await?;
    sqlx::query("DELETE FROM message_search_keys WHERE key = ?")
        .bind(key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn key_of(
    tx: &mut Transaction<'_, Sqlite>,
    message_id: &str,
) -> Result<Option<(i64, String)>, sqlx::Error> {
    let row =
        sqlx::query("SELECT key, conversation_id FROM message_search_keys WHERE message_id = ?")
            .bind(message_id)
            .fetch_optional(&mut **tx)
            .await?;
    row.map(|row| Ok((row.try_get("key")?, row.try_get("conversation_id")?)))
        .transpose()
}

async fn insert_text(
    tx: &mut Transaction<'_, Sqlite>,
    key: i64,
    conversation_id: &str,
    plaintext: &str,
) -> Result<(), sqlx::Error> {
    if plaintext.trim().is_empty() {
        return Ok(());
    }
    sqlx::query("INSERT INTO message_search (rowid, body, conv) VALUES (?, ?, ?)")
        .bind(key)
        .bind(plaintext)
        .bind(conversation_token(conversation_id))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
