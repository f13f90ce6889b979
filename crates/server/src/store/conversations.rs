//! Conversations: their shared fields, creating one, and changing its fields (a
//! `conversationUpdated` event under the next seq, in the same transaction).

use chat_elements_protocol::{Access, ConversationFields, Custom, Event};
use serde::Serialize;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, Sqlite, Transaction};

use super::events::append_event;
use super::fields::{
    apply, apply_custom, custom_from_db, custom_to_db, strings_from_db, strings_to_db,
};
use super::participant_writes::insert_participant;
use super::participants::AdminParticipant;
use super::{access_from_str, seq_from_db, Mute, Store, StoredEvent};
use crate::ids::now_ms;

/// A conversation's shared fields, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationRecord {
    pub id: String,
    pub subject: Option<String>,
    pub photo_url: Option<String>,
    pub welcome_messages: Vec<String>,
    pub custom: Custom,
    pub created_at: i64,
    pub last_seq: u64,
}

/// A user's participation in a conversation, for access checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub conversation_id: String,
    pub access: Access,
    /// The conversation's latest seq when this was read.
    pub last_seq: u64,
    /// A moderator's mute, as of when this was read.
    pub mute: Mute,
}

/// A conversation as the admin API shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminConversation {
    pub id: String,
    pub subject: Option<String>,
    pub photo_url: Option<String>,
    pub welcome_messages: Vec<String>,
    pub custom: Custom,
    pub last_seq: u64,
    pub participants: Vec<AdminParticipant>,
}

/// What [`Store::update_conversation`] did.
#[derive(Debug)]
pub enum ConversationUpdate {
    Missing,
    Unchanged,
    /// Changed, with the `conversationUpdated` event to publish.
    Updated(StoredEvent),
}

pub(crate) const CONVERSATION_COLUMNS: &str =
    "c.id, c.subject, c.photo_url, c.welcome_messages, c.custom, c.created_at, c.last_seq";

pub(crate) fn record_from_row(row: &SqliteRow) -> Result<ConversationRecord, sqlx::Error> {
    Ok(ConversationRecord {
        id: row.try_get("id")?,
        subject: row.try_get("subject")?,
        photo_url: row.try_get("photo_url")?,
        welcome_messages: strings_from_db(row.try_get("welcome_messages")?)?,
        custom: custom_from_db(row.try_get("custom")?)?,
        created_at: row.try_get("created_at")?,
        last_seq: seq_from_db(row.try_get("last_seq")?),
    })
}

/// `record` with the shared fields of `fields` applied (`access`/`notify` are not its own).
fn applied(mut record: ConversationRecord, fields: &ConversationFields) -> ConversationRecord {
    apply(&mut record.subject, &fields.subject);
    apply(&mut record.photo_url, &fields.photo_url);
    if let Some(list) = &fields.welcome_messages {
        record.welcome_messages = list.clone().unwrap_or_default();
    }
    apply_custom(&mut record.custom, &fields.custom);
    record
}

async fn read_record(
    tx: &mut Transaction<'_, Sqlite>,
    id: &str,
) -> Result<Option<ConversationRecord>, sqlx::Error> {
    let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?");
    let row = sqlx::query(&sql).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(record_from_row).transpose()
}

async fn write_fields(
    tx: &mut Transaction<'_, Sqlite>,
    record: &ConversationRecord,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE conversations SET subject = ?, photo_url = ?, welcome_messages = ?, custom = ?,
            updated_at = ?
         WHERE id = ?",
    )
    .bind(&record.subject)
    .bind(&record.photo_url)
    .bind(strings_to_db(&record.welcome_messages))
    .bind(custom_to_db(&record.custom))
    .bind(now)
    .bind(&record.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    pub async fn get_conversation(
        &self,
        id: &str,
    ) -> Result<Option<ConversationRecord>, sqlx::Error> {
        let sql = format!("SELECT {CONVERSATION_COLUMNS} FROM conversations c WHERE c.id = ?");
        let row = sqlx::query(&sql)
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.as_ref().map(record_from_row).transpose()
    }

    /// Creates the conversation with `fields` (and `creator` as a ReadWrite participant) unless
    /// it exists. True when it was created; an existing one is left as it is. Creating is not a
    /// change in the conversation: it starts at seq 0.
    pub async fn create_conversation(
        &self,
        id: &str,
        fields: &ConversationFields,
        creator: Option<&str>,
    ) -> Result<bool, sqlx::Error> {
        let now = now_ms();
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        if read_record(&mut tx, id).await?.is_some() {
            tx.rollback().await?;
            return Ok(false);
        }
        let record = applied(
            ConversationRecord {
                id: id.to_owned(),
                subject: None,
                photo_url: None,
                welcome_messages: Vec::new(),
                custom: Custom::new(),
                created_at: now,
                last_seq: 0,
            },
            fields,
        );
        sqlx::query(
            "INSERT INTO conversations
                (id, subject, photo_url, welcome_messages, custom, last_seq, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)",
        )
        .bind(id)
        .bind(&record.subject)
        .bind(&record.photo_url)
        .bind(strings_to_db(&record.welcome_messages))
        .bind(custom_to_db(&record.custom))
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(creator) = creator {
            // The creator's own access and notify may come with the fields.
            let access = fields.access.flatten().unwrap_or_default();
            insert_participant(&mut tx, id, creator, access, fields.notify.flatten(), now).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Applies the shared fields of `fields`; a change takes the next seq with a
    /// `conversationUpdated` event, in one transaction.
    pub async fn update_conversation(
        &self,
        id: &str,
        fields: &ConversationFields,
        actor_id: Option<&str>,
    ) -> Result<ConversationUpdate, sqlx::Error> {
        let now = now_ms();
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let Some(current) = read_record(&mut tx, id).await? else {
            tx.rollback().await?;
            return Ok(ConversationUpdate::Missing);
        };
        let updated = applied(current.clone(), fields);
        if updated == current {
            tx.rollback().await?;
            return Ok(ConversationUpdate::Unchanged);
        }
        write_fields(&mut tx, &updated, now).await?;
        let event = append_event(
            &mut tx,
            id,
            (Event::ConversationUpdated, Default::default()),
            actor_id,
            None,
            now,
        )
        .await?;
        let Some(event) = event else {
            tx.rollback().await?;
            return Ok(ConversationUpdate::Missing);
        };
        tx.commit().await?;
        Ok(ConversationUpdate::Updated(event))
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

    /// The conversation with its participants, or `None` when it does not exist.
    pub async fn admin_conversation(
        &self,
        id: &str,
    ) -> Result<Option<AdminConversation>, sqlx::Error> {
        let Some(record) = self.get_conversation(id).await? else {
            return Ok(None);
        };
        let participants = self.admin_participants(id).await?;
        Ok(Some(AdminConversation {
            id: record.id,
            subject: record.subject,
            photo_url: record.photo_url,
            welcome_messages: record.welcome_messages,
            custom: record.custom,
            last_seq: record.last_seq,
            participants,
        }))
    }

    /// `user_id`'s participation, or `None` when they are not a participant (or the
    /// conversation does not exist: callers must not tell the two apart to users).
    pub async fn membership(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<Option<Membership>, sqlx::Error> {
        let row = sqlx::query(
            "SELECT c.id, c.last_seq, p.access,
                    m.user_id IS NOT NULL AS muted, m.muted_until
             FROM participants p JOIN conversations c ON c.id = p.conversation_id
             LEFT JOIN conversation_mutes m
                ON m.conversation_id = p.conversation_id AND m.user_id = p.user_id
             WHERE p.conversation_id = ? AND p.user_id = ?",
        )
        .bind(conversation_id)
        .bind(user_id)
        .fetch_optional(self.pool())
        .await?;
        row.map(|row| {
            Ok(Membership {
                conversation_id: row.try_get("id")?,
                last_seq: seq_from_db(row.try_get("last_seq")?),
                access: access_from_str(row.try_get("access")?)?,
                mute: Mute::from_row(
                    row.try_get::<i64, _>("muted")? != 0,
                    row.try_get("muted_until")?,
                    now_ms(),
                ),
            })
        })
        .transpose()
    }
}
