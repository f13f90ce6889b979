//! Changing participants: adding, editing and removing them. Every change takes the
//! conversation's next seq with a `participantsChanged` event, in the same transaction.

use chat_elements_protocol::{Access, Event, Notify, ParticipantFields};
use sqlx::{Row, Sqlite, Transaction};

use super::events::append_event;
use super::fields::{notify_from_db, notify_to_db};
use super::moderation::is_banned_on;
use super::{access_from_str, access_to_str, Store, StoredEvent};
use crate::ids::now_ms;

/// Which participants a write may touch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParticipantWriteMode {
    /// Add the user unless already a participant (then nothing changes).
    Create,
    /// Change an existing participant only.
    Edit,
    /// Add if needed, then apply the fields.
    Set,
}

/// What a participant write did.
#[derive(Debug)]
pub enum ParticipantWrite {
    ConversationMissing,
    UserMissing,
    /// [`ParticipantWriteMode::Edit`] of someone who is not a participant.
    NotParticipant,
    /// Adding a user who is banned from the conversation.
    Banned,
    Unchanged,
    Added(StoredEvent),
    Changed(StoredEvent),
}

/// Adds a participant (inside the caller's transaction), joining now with nothing read.
pub(crate) async fn insert_participant(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: &str,
    user_id: &str,
    access: Access,
    notify: Option<Notify>,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO participants
            (conversation_id, user_id, access, notify, joined_at, read_until_seq, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, ?5, ?5)",
    )
    .bind(conversation_id)
    .bind(user_id)
    .bind(access_to_str(access))
    .bind(notify_to_db(notify.unwrap_or_default()))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn exists(
    tx: &mut Transaction<'_, Sqlite>,
    sql: &str,
    id: &str,
) -> Result<bool, sqlx::Error> {
    Ok(sqlx::query(sql)
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?
        .is_some())
}

impl Store {
    /// Adds or changes a participant as `mode` allows, applying `fields` (`null` restores a
    /// default), in one transaction with the event when something changed.
    pub async fn write_participant(
        &self,
        conversation_id: &str,
        user_id: &str,
        fields: &ParticipantFields,
        mode: ParticipantWriteMode,
        actor_id: Option<&str>,
    ) -> Result<ParticipantWrite, sqlx::Error> {
        let now = now_ms();
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let outcome = write_in(
            &mut tx,
            conversation_id,
            user_id,
            fields,
            mode,
            actor_id,
            now,
        )
        .await?;
        match outcome {
            ParticipantWrite::Added(_) | ParticipantWrite::Changed(_) => tx.commit().await?,
            _ => tx.rollback().await?,
        }
        Ok(outcome)
    }

    /// Removes a participant; the event when they were one.
    pub async fn delete_participant(
        &self,
        conversation_id: &str,
        user_id: &str,
        actor_id: Option<&str>,
    ) -> Result<Option<StoredEvent>, sqlx::Error> {
        let now = now_ms();
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let removed =
            sqlx::query("DELETE FROM participants WHERE conversation_id = ? AND user_id = ?")
                .bind(conversation_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
        if removed.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let event = append_event(
            &mut tx,
            conversation_id,
            (Event::ParticipantsChanged, Default::default()),
            actor_id,
            None,
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }
}

async fn write_in(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: &str,
    user_id: &str,
    fields: &ParticipantFields,
    mode: ParticipantWriteMode,
    actor_id: Option<&str>,
    now: i64,
) -> Result<ParticipantWrite, sqlx::Error> {
    if !exists(
        tx,
        "SELECT 1 FROM conversations WHERE id = ?",
        conversation_id,
    )
    .await?
    {
        return Ok(ParticipantWrite::ConversationMissing);
    }
    let current = sqlx::query(
        "SELECT access, notify FROM participants WHERE conversation_id = ? AND user_id = ?",
    )
    .bind(conversation_id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    let current = match current {
        Some(row) => Some((
            access_from_str(row.try_get("access")?)?,
            notify_from_db(row.try_get("notify")?)?,
        )),
        None => None,
    };
    let added = match (current, mode) {
        (None, ParticipantWriteMode::Edit) => return Ok(ParticipantWrite::NotParticipant),
        (Some(_), ParticipantWriteMode::Create) => return Ok(ParticipantWrite::Unchanged),
        (None, _) => {
            if !exists(tx, "SELECT 1 FROM users WHERE id = ?", user_id).await? {
                return Ok(ParticipantWrite::UserMissing);
            }
            if is_banned_on(tx, conversation_id, user_id).await? {
                return Ok(ParticipantWrite::Banned);
            }
            let access = fields.access.flatten().unwrap_or_default();
            insert_participant(
                tx,
                conversation_id,
                user_id,
                access,
                fields.notify.flatten(),
                now,
            )
            .await?;
            true
        }
        (Some((access, notify)), _) => {
            let new_access = fields.access.map_or(access, Option::unwrap_or_default);
            let new_notify = fields.notify.map_or(notify, Option::unwrap_or_default);
            if (new_access, new_notify) == (access, notify) {
                return Ok(ParticipantWrite::Unchanged);
            }
            sqlx::query(
                "UPDATE participants SET access = ?, notify = ?, updated_at = ?
                 WHERE conversation_id = ? AND user_id = ?",
            )
            .bind(access_to_str(new_access))
            .bind(notify_to_db(new_notify))
            .bind(now)
            .bind(conversation_id)
            .bind(user_id)
            .execute(&mut **tx)
            .await?;
            false
        }
    };
    let event = append_event(
        tx,
        conversation_id,
        (Event::ParticipantsChanged, Default::default()),
        actor_id,
        None,
        now,
    )
    .await?;
    Ok(match event {
        None => ParticipantWrite::ConversationMissing,
        Some(event) if added => ParticipantWrite::Added(event),
        Some(event) => ParticipantWrite::Changed(event),
    })
}
