//! Read state and typing: one participant's own, with no seq; changes reach watchers only.

use chat_elements_protocol::{Typing, MAX_LISTED_TYPERS};

use super::{member, require_read_write, touch_membership};
use crate::error::AppError;
use crate::ids::check_id;
use crate::state::AppState;

/// `markRead`: everything in the conversation is read by the caller.
pub async fn mark_read(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
) -> Result<(), AppError> {
    check_id("conversationId", conversation_id)?;
    member(state, conversation_id, viewer).await?;
    if state.store.mark_read(conversation_id, viewer).await? {
        touch_membership(state, conversation_id, viewer);
    }
    Ok(())
}

/// `markUnread`: the latest message by someone else counts as unread again (nothing changes
/// when there is none).
pub async fn mark_unread(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
) -> Result<(), AppError> {
    check_id("conversationId", conversation_id)?;
    member(state, conversation_id, viewer).await?;
    if state.store.mark_unread(conversation_id, viewer).await? {
        touch_membership(state, conversation_id, viewer);
    }
    Ok(())
}

/// `typing`: the caller is typing for the next `Limits::typing_ttl_ms`. Like sending, it needs
/// ReadWrite access.
pub async fn typing(state: &AppState, viewer: &str, conversation_id: &str) -> Result<(), AppError> {
    check_id("conversationId", conversation_id)?;
    let membership = member(state, conversation_id, viewer).await?;
    require_read_write(&membership, "typing")?;
    state.typing.start(conversation_id, viewer);
    Ok(())
}

/// The typing topic: who else is typing (up to [`MAX_LISTED_TYPERS`], else `many`); `None`
/// unless the caller takes part.
pub async fn typing_snapshot(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
) -> Result<Option<Typing>, AppError> {
    if state
        .store
        .membership(conversation_id, viewer)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    let others: Vec<String> = state
        .typing
        .typers(conversation_id)
        .into_iter()
        .filter(|user| user != viewer)
        .collect();
    if others.len() > MAX_LISTED_TYPERS {
        return Ok(Some(Typing::Many {
            many: chat_elements_protocol::TrueTag,
        }));
    }
    let users = state.store.users_by_ids(&others).await?;
    Ok(Some(Typing::Few {
        many: chat_elements_protocol::FalseTag,
        users,
    }))
}
