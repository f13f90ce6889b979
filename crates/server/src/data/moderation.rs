//! Moderation: banning and muting participants. A user whose role is `admin` moderates the
//! conversations they take part in (but cannot ban or mute another admin); the app's backend
//! moderates any conversation through the admin API. A banned user is removed and cannot be
//! added again until unbanned; a muted participant reads but cannot write (`MUTED`) until the
//! mute ends or is lifted.

use std::time::Duration;

use chat_elements_protocol::ErrorCode;

use super::{participants, publish, touch_membership};
use crate::error::AppError;
use crate::ids::{check_id, now_ms};
use crate::state::AppState;
use crate::store::{Membership, ModerationAction, ModerationOutcome, Moderator, Mute};

/// The longest timed mute: about ten years.
pub const MAX_MUTE_MS: u64 = 10 * 366 * 24 * 60 * 60 * 1000;

/// MUTED while the participant's mute is in force, with a message saying until when.
pub fn require_unmuted(membership: &Membership) -> Result<(), AppError> {
    let until = match membership.mute {
        Mute::NotMuted => return Ok(()),
        Mute::Until(until) => format!("until {}", format_utc(until)),
        Mute::UntilUnmuted => "until a moderator unmutes you".to_owned(),
    };
    Err(AppError::new(
        ErrorCode::Muted,
        format!("you are muted in this conversation {until}"),
    ))
}

/// `banParticipant` / `unbanParticipant` / `muteParticipant` / `unmuteParticipant` by `moderator`.
/// `duration_ms` only for a mute (`None`: until unmuted).
pub async fn moderate(
    state: &AppState,
    moderator: Moderator<'_>,
    conversation_id: &str,
    user_id: &str,
    action: Action,
) -> Result<Mute, AppError> {
    check_id("conversationId", conversation_id)?;
    check_id("userId", user_id)?;
    let now = now_ms();
    let action = match action {
        Action::Ban => ModerationAction::Ban,
        Action::Unban => ModerationAction::Unban,
        Action::Unmute => ModerationAction::Unmute,
        Action::Mute { duration_ms } => ModerationAction::Mute {
            until: duration_ms.map(|ms| mute_end(now, ms)).transpose()?,
        },
    };
    let order = state.publish_order.lock().await;
    let outcome = state
        .store
        .moderate(conversation_id, user_id, moderator, action, now)
        .await?;
    let (event, removed) = match outcome {
        ModerationOutcome::Done { event, removed } => (event, removed),
        refused => return Err(refusal(refused)),
    };
    if removed {
        if let Some(event) = event {
            participants::announce_removal(state, conversation_id, user_id, event);
        }
    } else if let Some(event) = event {
        publish(state, event);
        touch_membership(state, conversation_id, user_id);
    }
    drop(order);
    let mute = match action {
        ModerationAction::Mute { until } => {
            state.typing.clear(conversation_id, user_id);
            match until {
                Some(until) => {
                    touch_when_mute_ends(state, conversation_id, user_id, until, now);
                    Mute::Until(until)
                }
                None => Mute::UntilUnmuted,
            }
        }
        _ => Mute::NotMuted,
    };
    Ok(mute)
}

/// A moderation request without its ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Ban,
    Unban,
    Mute { duration_ms: Option<u64> },
    Unmute,
}

fn mute_end(now: i64, duration_ms: u64) -> Result<i64, AppError> {
    if !(1..=MAX_MUTE_MS).contains(&duration_ms) {
        return Err(AppError::invalid(format!(
            "durationMs must be between 1 and {MAX_MUTE_MS} (leave it out to mute until unmuted)"
        )));
    }
    let duration = i64::try_from(duration_ms).map_err(|_| AppError::invalid("durationMs"))?;
    Ok(now.saturating_add(duration))
}

fn refusal(outcome: ModerationOutcome) -> AppError {
    match outcome {
        ModerationOutcome::ConversationMissing => AppError::not_found("conversation not found"),
        ModerationOutcome::ModeratorNotParticipant => AppError::forbidden(),
        ModerationOutcome::ModeratorNotAdmin => AppError::new(
            ErrorCode::Forbidden,
            "only admins may ban or mute participants",
        ),
        ModerationOutcome::UserMissing => AppError::not_found("user not found"),
        ModerationOutcome::TargetIsAdmin => AppError::new(
            ErrorCode::Forbidden,
            "admins cannot ban or mute other admins",
        ),
        ModerationOutcome::TargetNotParticipant => {
            AppError::not_found("the user is not a participant of this conversation")
        }
        ModerationOutcome::Done { .. } => {
            AppError::Internal("a committed moderation was treated as a refusal".into())
        }
    }
}

/// Watchers of the participant see the mute end without anyone writing: touch them then.
/// (After a restart, the next change touches them; snapshots are always computed at read time.)
fn touch_when_mute_ends(
    state: &AppState,
    conversation_id: &str,
    user_id: &str,
    until: i64,
    now: i64,
) {
    let wait = Duration::from_millis(u64::try_from(until.saturating_sub(now)).unwrap_or(0));
    let state = state.clone();
    let conversation_id = conversation_id.to_owned();
    let user_id = user_id.to_owned();
    tokio::spawn(async move {
        tokio::select! {
            () = tokio::time::sleep(wait) => {
                // A little late rather than early: the mute has surely ended by now.
                tokio::time::sleep(Duration::from_millis(5)).await;
                touch_membership(&state, &conversation_id, &user_id);
            }
            () = state.shutdown.cancelled() => {}
        }
    });
}

/// `ms` since the epoch as `2026-12-03 08:15:00 UTC` (for messages people read).
pub fn format_utc(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let (days, rest) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_read_as_utc_dates() {
        assert_eq!(format_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(format_utc(951_782_400_000), "2000-02-29 00:00:00 UTC");
        assert_eq!(format_utc(1_796_285_700_999), "2026-12-03 08:15:00 UTC");
    }

    #[test]
    fn mute_durations_are_bounded() {
        assert_eq!(mute_end(1000, 500).unwrap(), 1500);
        assert!(mute_end(1000, 0).is_err());
        assert!(mute_end(1000, MAX_MUTE_MS + 1).is_err());
    }
}
