//! Participants: who is in a conversation, with what access and notification setting
//! (changing them: `participant_writes.rs`).

use chat_elements_protocol::{Access, Participant};
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::Row;

use super::fields::notify_from_db;
use super::users::{user_columns, user_from_prefixed_row};
use super::{access_from_str, access_to_str, Mute, Store};
use crate::ids::now_ms;

/// A participant as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminParticipant {
    pub user_id: String,
    pub access: Access,
}

fn participant_from_row(row: &SqliteRow) -> Result<Participant, sqlx::Error> {
    let mute = Mute::from_row(
        row.try_get::<i64, _>("muted")? != 0,
        row.try_get("muted_until")?,
        now_ms(),
    );
    Ok(Participant {
        user: user_from_prefixed_row(row, "u_")?,
        access: access_from_str(row.try_get("access")?)?,
        notify: notify_from_db(row.try_get("notify")?)?,
        joined_at: row.try_get("joined_at")?,
        is_muted: mute.is_muted(),
        muted_until: mute.until(),
    })
}

fn participant_query(condition: &str) -> String {
    format!(
        "SELECT p.access, p.notify, p.joined_at,
                m.user_id IS NOT NULL AS muted, m.muted_until, {}
         FROM participants p JOIN users u ON u.id = p.user_id
         LEFT JOIN conversation_mutes m
            ON m.conversation_id = p.conversation_id AND m.user_id = p.user_id
         WHERE p.conversation_id = ? {condition}",
        user_columns("u", "u_")
    )
}

impl Store {
    /// One participant with their profile, or `None` when not a participant.
    pub async fn participant(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<Option<Participant>, sqlx::Error> {
        let row = sqlx::query(&participant_query("AND p.user_id = ?"))
            .bind(conversation_id)
            .bind(user_id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(participant_from_row).transpose()
    }

    /// The `limit` participants who joined most recently (newest first), and whether that is all.
    pub async fn participants_page(
        &self,
        conversation_id: &str,
        limit: u32,
    ) -> Result<(Vec<Participant>, bool), sqlx::Error> {
        let sql = participant_query("ORDER BY p.joined_at DESC, p.user_id DESC LIMIT ?");
        let rows = sqlx::query(&sql)
            .bind(conversation_id)
            .bind(i64::from(limit) + 1)
            .fetch_all(self.pool())
            .await?;
        let loaded_all = rows.len() <= limit as usize;
        let participants = rows
            .iter()
            .take(limit as usize)
            .map(participant_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        Ok((participants, loaded_all))
    }

    /// Every participant's id and access, in the order they joined.
    pub async fn admin_participants(
        &self,
        conversation_id: &str,
    ) -> Result<Vec<AdminParticipant>, sqlx::Error> {
        let rows = sqlx::query(
            "SELECT user_id, access FROM participants WHERE conversation_id = ?
             ORDER BY joined_at, user_id",
        )
        .bind(conversation_id)
        .fetch_all(self.pool())
        .await?;
        rows.iter()
            .map(|row| {
                Ok(AdminParticipant {
                    user_id: row.try_get("user_id")?,
                    access: access_from_str(row.try_get("access")?)?,
                })
            })
            .collect()
    }

    /// Adds a participant unless present or banned, without an event (seeding).
    pub async fn ensure_participant(
        &self,
        conversation_id: &str,
        user_id: &str,
        access: Access,
    ) -> Result<(), sqlx::Error> {
        let now = now_ms();
        sqlx::query(
            "INSERT INTO participants
                (conversation_id, user_id, access, joined_at, created_at, updated_at)
             SELECT ?1, ?2, ?3, ?4, ?4, ?4
             WHERE NOT EXISTS (SELECT 1 FROM conversation_bans
                               WHERE conversation_id = ?1 AND user_id = ?2)
             ON CONFLICT (conversation_id, user_id) DO NOTHING",
        )
        .bind(conversation_id)
        .bind(user_id)
        .bind(access_to_str(access))
        .bind(now)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
