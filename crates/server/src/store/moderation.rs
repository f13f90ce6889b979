//! Moderation records: bans keep a user out of a conversation until unbanned; mutes let a
//! participant read but not write until they end. Each request is one transaction that also
//! checks who moderates; a change participants can see takes the next seq with a
//! `participantsChanged` event.

use chat_elements_protocol::Event;
use sqlx::{Row, Sqlite, SqliteConnection, Transaction};

use super::events::append_event;
use super::{Store, StoredEvent};

/// The role that may moderate conversations it takes part in (given by the app's backend).
pub const ADMIN_ROLE: &str = "admin";

/// A participant's mute as of a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mute {
    NotMuted,
    /// Until this time (ms since the epoch).
    Until(i64),
    UntilUnmuted,
}

impl Mute {
    /// From a `conversation_mutes` row read with a LEFT JOIN (`present`: there is one) at `now`.
    pub(crate) fn from_row(present: bool, until: Option<i64>, now: i64) -> Mute {
        match (present, until) {
            (false, _) => Mute::NotMuted,
            (true, None) => Mute::UntilUnmuted,
            (true, Some(until)) if until > now => Mute::Until(until),
            (true, Some(_)) => Mute::NotMuted,
        }
    }

    pub fn is_muted(self) -> bool {
        self != Mute::NotMuted
    }

    /// When a timed mute ends; `None` otherwise.
    pub fn until(self) -> Option<i64> {
        match self {
            Mute::Until(until) => Some(until),
            Mute::NotMuted | Mute::UntilUnmuted => None,
        }
    }
}

/// Who moderates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moderator<'a> {
    /// The app's backend (the admin API): may moderate anyone in any conversation.
    App,
    /// A user, who must take part in the conversation and have the admin role.
    User(&'a str),
}

impl<'a> Moderator<'a> {
    fn actor_id(self) -> Option<&'a str> {
        match self {
            Moderator::App => None,
            Moderator::User(id) => Some(id),
        }
    }
}

/// What to do to a user in a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModerationAction {
    Ban,
    Unban,
    /// Mute until then (ms since the epoch), or until unmuted when `None`.
    Mute {
        until: Option<i64>,
    },
    Unmute,
}

/// What a moderation request did, or why it did nothing.
#[derive(Debug)]
pub enum ModerationOutcome {
    /// The conversation does not exist (only told to the app's backend).
    ConversationMissing,
    /// The moderating user does not take part (or the conversation does not exist).
    ModeratorNotParticipant,
    /// The moderating user's role is not `admin`.
    ModeratorNotAdmin,
    /// No such user to moderate.
    UserMissing,
    /// A user tried to ban or mute an admin.
    TargetIsAdmin,
    /// Only participants can be muted.
    TargetNotParticipant,
    /// Committed. `event` when participants can see the change; `removed` when a ban took the
    /// user out of the conversation.
    Done {
        event: Option<StoredEvent>,
        removed: bool,
    },
}

/// True when `user_id` is banned from the conversation (on the caller's connection, which may
/// be inside a transaction).
pub(crate) async fn is_banned_on(
    conn: &mut SqliteConnection,
    conversation_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 FROM conversation_bans WHERE conversation_id = ? AND user_id = ?")
            .bind(conversation_id)
            .bind(user_id)
            .fetch_optional(conn)
            .await?
            .is_some(),
    )
}

impl Store {
    /// True when `user_id` is banned from the conversation.
    pub async fn is_banned(
        &self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<bool, sqlx::Error> {
        let mut conn = self.pool().acquire().await?;
        is_banned_on(&mut conn, conversation_id, user_id).await
    }

    /// Checks that `moderator` may act and applies `action` to `user_id`, in one transaction
    /// (committed only when the outcome is `Done`).
    pub async fn moderate(
        &self,
        conversation_id: &str,
        user_id: &str,
        moderator: Moderator<'_>,
        action: ModerationAction,
        now: i64,
    ) -> Result<ModerationOutcome, sqlx::Error> {
        let mut tx = self.pool().begin_with("BEGIN IMMEDIATE").await?;
        let outcome =
            moderate_in(&mut tx, conversation_id, user_id, moderator, action, now).await?;
        match outcome {
            ModerationOutcome::Done { .. } => tx.commit().await?,
            _ => tx.rollback().await?,
        }
        Ok(outcome)
    }
}

async fn role_of(
    tx: &mut Transaction<'_, Sqlite>,
    user_id: &str,
) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT role FROM users WHERE id = ?")
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?;
    row.map(|row| row.try_get("role")).transpose()
}

async fn is_participant(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: &str,
    user_id: &str,
) -> Result<bool, sqlx::Error> {
    Ok(
        sqlx::query("SELECT 1 FROM participants WHERE conversation_id = ? AND user_id = ?")
            .bind(conversation_id)
            .bind(user_id)
            .fetch_optional(&mut **tx)
            .await?
            .is_some(),
    )
}

/// The stored mute (`None` when there is no row) as `Some(muted_until)`.
async fn stored_mute(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: &str,
    user_id: &str,
) -> Result<Option<Option<i64>>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT muted_until FROM conversation_mutes WHERE conversation_id = ? AND user_id = ?",
    )
    .bind(conversation_id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?;
    row.map(|row| row.try_get("muted_until")).transpose()
}

async fn moderate_in(
    tx: &mut Transaction<'_, Sqlite>,
    conversation_id: &str,
    user_id: &str,
    moderator: Moderator<'_>,
    action: ModerationAction,
    now: i64,
) -> Result<ModerationOutcome, sqlx::Error> {
    match moderator {
        Moderator::App => {
            let exists = sqlx::query("SELECT 1 FROM conversations WHERE id = ?")
                .bind(conversation_id)
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_none() {
                return Ok(ModerationOutcome::ConversationMissing);
            }
        }
        Moderator::User(moderator_id) => {
            if !is_participant(tx, conversation_id, moderator_id).await? {
                return Ok(ModerationOutcome::ModeratorNotParticipant);
            }
            if role_of(tx, moderator_id).await?.as_deref() != Some(ADMIN_ROLE) {
                return Ok(ModerationOutcome::ModeratorNotAdmin);
            }
        }
    }
    let Some(target_role) = role_of(tx, user_id).await? else {
        return Ok(ModerationOutcome::UserMissing);
    };
    let restricting = matches!(
        action,
        ModerationAction::Ban | ModerationAction::Mute { .. }
    );
    if restricting && matches!(moderator, Moderator::User(_)) && target_role == ADMIN_ROLE {
        return Ok(ModerationOutcome::TargetIsAdmin);
    }
    let actor_id = moderator.actor_id();
    let changed = match action {
        ModerationAction::Ban => {
            sqlx::query(
                "INSERT INTO conversation_bans (conversation_id, user_id, banned_by, created_at)
                 VALUES (?, ?, ?, ?) ON CONFLICT (conversation_id, user_id) DO NOTHING",
            )
            .bind(conversation_id)
            .bind(user_id)
            .bind(actor_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            let removed =
                sqlx::query("DELETE FROM participants WHERE conversation_id = ? AND user_id = ?")
                    .bind(conversation_id)
                    .bind(user_id)
                    .execute(&mut **tx)
                    .await?;
            removed.rows_affected() > 0
        }
        ModerationAction::Unban => {
            sqlx::query("DELETE FROM conversation_bans WHERE conversation_id = ? AND user_id = ?")
                .bind(conversation_id)
                .bind(user_id)
                .execute(&mut **tx)
                .await?;
            false
        }
        ModerationAction::Mute { until } => {
            if !is_participant(tx, conversation_id, user_id).await? {
                return Ok(ModerationOutcome::TargetNotParticipant);
            }
            let before = stored_mute(tx, conversation_id, user_id).await?;
            sqlx::query(
                "INSERT INTO conversation_mutes
                    (conversation_id, user_id, muted_until, muted_by, created_at)
                 VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (conversation_id, user_id) DO UPDATE SET
                    muted_until = excluded.muted_until, muted_by = excluded.muted_by,
                    created_at = excluded.created_at",
            )
            .bind(conversation_id)
            .bind(user_id)
            .bind(until)
            .bind(actor_id)
            .bind(now)
            .execute(&mut **tx)
            .await?;
            before != Some(until)
        }
        ModerationAction::Unmute => {
            let before = stored_mute(tx, conversation_id, user_id).await?;
            sqlx::query("DELETE FROM conversation_mutes WHERE conversation_id = ? AND user_id = ?")
                .bind(conversation_id)
                .bind(user_id)
                .execute(&mut **tx)
                .await?;
            let was_muted = before.is_some_and(|until| Mute::from_row(true, until, now).is_muted());
            was_muted && is_participant(tx, conversation_id, user_id).await?
        }
    };
    let event = if changed {
        append_event(
            tx,
            conversation_id,
            (Event::ParticipantsChanged, Default::default()),
            actor_id,
            None,
            now,
        )
        .await?
    } else {
        None
    };
    let removed = changed && action == ModerationAction::Ban;
    Ok(ModerationOutcome::Done { event, removed })
}

#[cfg(test)]
mod tests {
    use super::Mute;

    #[test]
    fn mutes_end_by_themselves() {
        assert_eq!(Mute::from_row(false, Some(50), 10), Mute::NotMuted);
        assert_eq!(Mute::from_row(true, None, 10), Mute::UntilUnmuted);
        assert_eq!(Mute::from_row(true, Some(50), 10), Mute::Until(50));
        assert_eq!(Mute::from_row(true, Some(50), 50), Mute::NotMuted);
        assert_eq!(Mute::Until(50).until(), Some(50));
        assert!(Mute::UntilUnmuted.is_muted() && Mute::UntilUnmuted.until().is_none());
    }
}
