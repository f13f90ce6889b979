//! The Data API's operations on users, conversations, participants, read state and typing, with
//! their permission rules. The WebSocket calls them for the current user; the admin API calls
//! the `admin_*` ones. Every write publishes what it changed after its commit.

pub mod conversations;
pub mod moderation;
pub mod participants;
pub mod read_state;
pub mod users;
pub mod validate;

use std::sync::Arc;

use chat_elements_protocol::{Access, ErrorCode};

use crate::error::AppError;
use crate::hub::{HubItem, Touch};
use crate::state::AppState;
use crate::store::{Membership, StoredEvent};

/// Fans a committed change out to the conversation's subscribers (which touches its watchers).
/// The caller holds `publish_order` from before the change's transaction until this returns.
fn publish(state: &AppState, event: StoredEvent) {
    let conversation_id = event.conversation_id.clone();
    tracing::debug!(
        conversation = %conversation_id,
        seq = event.seq,
        kind = event.kind(),
        "change published"
    );
    state
        .hub
        .publish(&conversation_id, HubItem::Event(Arc::new(event)));
}

/// Tells watchers that `user_id`'s own view of the conversation changed.
fn touch_membership(state: &AppState, conversation_id: &str, user_id: &str) {
    state.hub.touch(Touch::Membership {
        conversation_id: conversation_id.to_owned(),
        user_id: user_id.to_owned(),
    });
}

/// `user_id`'s participation; FORBIDDEN when there is none (or no such conversation).
async fn member(
    state: &AppState,
    conversation_id: &str,
    user_id: &str,
) -> Result<Membership, AppError> {
    state
        .store
        .membership(conversation_id, user_id)
        .await?
        .ok_or_else(AppError::forbidden)
}

/// Like [`member`], but a banned user is told so (creating or changing a conversation they
/// were banned from).
async fn member_unless_banned(
    state: &AppState,
    conversation_id: &str,
    user_id: &str,
) -> Result<Membership, AppError> {
    match member(state, conversation_id, user_id).await {
        Err(err) if state.store.is_banned(conversation_id, user_id).await? => {
            tracing::debug!(error = %err, "a banned user tried to come back");
            Err(AppError::new(
                ErrorCode::Forbidden,
                "you are banned from this conversation",
            ))
        }
        other => other,
    }
}

/// FORBIDDEN unless the participant has ReadWrite access, MUTED while they are muted; `what`
/// says what they tried.
fn require_read_write(membership: &Membership, what: &str) -> Result<(), AppError> {
    match membership.access {
        Access::ReadWrite => moderation::require_unmuted(membership),
        Access::Read => Err(AppError::new(
            ErrorCode::Forbidden,
            format!("{what} needs ReadWrite access; you have Read access"),
        )),
    }
}

/// FORBIDDEN when a participant with Read access would give themselves ReadWrite.
fn forbid_raising_own_access(
    membership: &Membership,
    requested: Option<Option<Access>>,
) -> Result<(), AppError> {
    let wanted = requested.map(Option::unwrap_or_default);
    if membership.access == Access::Read && wanted == Some(Access::ReadWrite) {
        return Err(AppError::new(
            ErrorCode::Forbidden,
            "you cannot raise your own access",
        ));
    }
    Ok(())
}
