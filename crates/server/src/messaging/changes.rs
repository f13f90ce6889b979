//! Changing messages after they were sent: edits and deletes by the author, reactions by any
//! participant with ReadWrite access.

use chat_elements_protocol::patch::CustomPatch;
use chat_elements_protocol::{ErrorCode, SendContentBlock};

use super::{check_emoji, member, prepare_content, publish, require_write};
use crate::data::validate;
use crate::error::AppError;
use crate::ids::now_ms;
use crate::state::AppState;
use crate::store::{ChangeOutcome, MessageEdit, ReactionChange, ReactionOutcome};

/// An `editMessage` from `user_id`.
#[derive(Debug, Clone, Copy)]
pub struct EditRequest<'a> {
    pub conversation_id: &'a str,
    pub message_id: &'a str,
    pub user_id: &'a str,
    pub text: Option<&'a str>,
    pub content: Option<&'a [SendContentBlock]>,
    pub custom: &'a CustomPatch,
}

fn not_author() -> AppError {
    AppError::new(
        ErrorCode::Forbidden,
        "only the author may edit or delete a message",
    )
}

/// Applies an edit by the message's author (NOT_FOUND for a missing message).
pub async fn edit_message(state: &AppState, edit: EditRequest<'_>) -> Result<(), AppError> {
    let membership = member(state, edit.conversation_id, edit.user_id).await?;
    require_write(&membership)?;
    validate::custom(edit.custom)?;
    let parsed = match (edit.text, edit.content) {
        (None, None) => None,
        (text, content) => Some(prepare_content(state, edit.conversation_id, text, content).await?),
    };
    if parsed.is_none() && edit.custom.is_none() {
        return Err(AppError::invalid("give text, content or custom to edit"));
    }
    let change = MessageEdit {
        conversation_id: edit.conversation_id,
        message_id: edit.message_id,
        editor_id: edit.user_id,
        content: parsed
            .as_ref()
            .map(|parsed| (parsed.content.as_slice(), parsed.plaintext.as_str())),
        custom: edit.custom,
    };
    let _order = state.publish_order.lock().await;
    match state.store.edit_message(change, now_ms()).await? {
        ChangeOutcome::Changed(events) => {
            publish(state, events);
            Ok(())
        }
        ChangeOutcome::Missing => Err(AppError::not_found("message not found")),
        ChangeOutcome::NotAuthor => Err(not_author()),
    }
}

/// Deletes a message by its author; a missing one is already gone, which is fine.
pub async fn delete_message(
    state: &AppState,
    conversation_id: &str,
    message_id: &str,
    user_id: &str,
) -> Result<(), AppError> {
    let membership = member(state, conversation_id, user_id).await?;
    require_write(&membership)?;
    let _order = state.publish_order.lock().await;
    match state
        .store
        .delete_message(conversation_id, message_id, user_id, now_ms())
        .await?
    {
        ChangeOutcome::Changed(events) => {
            publish(state, events);
            Ok(())
        }
        ChangeOutcome::Missing => Ok(()),
        ChangeOutcome::NotAuthor => Err(not_author()),
    }
}

/// Adds a reaction (idempotent). NOT_FOUND for a missing message; TOO_MANY_REACTIONS when the
/// message has the most distinct emoji allowed and this is a new one.
pub async fn add_reaction(state: &AppState, change: ReactionChange<'_>) -> Result<(), AppError> {
    check_emoji(change.emoji)?;
    let membership = member(state, change.conversation_id, change.user_id).await?;
    require_write(&membership)?;
    let max = state.config.limits.max_reactions_per_message;
    let _order = state.publish_order.lock().await;
    match state.store.add_reaction(change, max, now_ms()).await? {
        ReactionOutcome::Changed(event) => {
            publish(state, vec![event]);
            Ok(())
        }
        ReactionOutcome::Unchanged => Ok(()),
        ReactionOutcome::Missing => Err(AppError::not_found("message not found")),
        ReactionOutcome::TooMany => Err(AppError::new(
            ErrorCode::TooManyReactions,
            format!("a message may have at most {max} different reactions"),
        )),
    }
}

/// Removes the user's reaction (nothing to remove is fine).
pub async fn remove_reaction(state: &AppState, change: ReactionChange<'_>) -> Result<(), AppError> {
    check_emoji(change.emoji)?;
    let membership = member(state, change.conversation_id, change.user_id).await?;
    require_write(&membership)?;
    let _order = state.publish_order.lock().await;
    match state.store.remove_reaction(change, now_ms()).await? {
        ReactionOutcome::Changed(event) => {
            publish(state, vec![event]);
            Ok(())
        }
        ReactionOutcome::Unchanged | ReactionOutcome::Missing | ReactionOutcome::TooMany => Ok(()),
    }
}
