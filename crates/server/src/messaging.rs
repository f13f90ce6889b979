//! The rules shared by the WebSocket and the admin API: who may read or write a conversation,
//! what a message may contain, and sending one (store, then fan out).

use std::sync::Arc;

use chat_elements_protocol::{Access, Conversation, ErrorCode, Event, Limits, Message};

use crate::error::AppError;
use crate::hub::HubItem;
use crate::ids;
use crate::state::AppState;
use crate::store::{CreateOutcome, NewMessage};

/// The result of a send.
#[derive(Debug)]
pub struct Sent {
    pub message: Message,
    /// True when the client id had been used before and `message` is the original.
    pub duplicate: bool,
}

/// The conversation as `user_id` sees it; FORBIDDEN when they are not a participant, whether or
/// not the conversation exists (so ids cannot be probed).
pub async fn member(
    state: &AppState,
    conversation_id: &str,
    user_id: &str,
) -> Result<Conversation, AppError> {
    state
        .store
        .membership(conversation_id, user_id)
        .await?
        .ok_or_else(AppError::forbidden)
}

/// FORBIDDEN unless the participant may send.
pub fn require_write(conversation: &Conversation) -> Result<(), AppError> {
    match conversation.access {
        Access::ReadWrite => Ok(()),
        Access::Read => Err(AppError::new(
            ErrorCode::Forbidden,
            "you have read-only access to this conversation",
        )),
    }
}

/// Checks a message text against the limits: not blank, at most `max_text_chars` characters.
pub fn check_text(text: &str, limits: &Limits) -> Result<(), AppError> {
    if text.trim().is_empty() {
        return Err(AppError::invalid("text must not be empty"));
    }
    let max = limits.max_text_chars as usize;
    if text.chars().count() > max {
        return Err(AppError::new(
            ErrorCode::MessageTooLong,
            format!("text is longer than {max} characters"),
        ));
    }
    Ok(())
}

/// Stores a message and fans it out. The caller has checked the sender's access.
///
/// Returns only after the commit. Publishing happens under `publish_order`, so subscribers see
/// events in seq order.
pub async fn send_message(state: &AppState, new: NewMessage<'_>) -> Result<Sent, AppError> {
    check_text(new.text, &state.config.limits)?;
    if let Some(client_id) = new.client_id {
        ids::check_client_id(client_id)?;
    }
    let _order = state.publish_order.lock().await;
    match state.store.create_message(new, ids::now_ms()).await? {
        CreateOutcome::Created(event) => {
            let Event::MessageCreated { message } = &event.event;
            let message = message.clone();
            tracing::debug!(
                conversation = %event.conversation_id,
                seq = event.seq,
                "message created"
            );
            let conversation_id = event.conversation_id.clone();
            state
                .hub
                .publish(&conversation_id, HubItem::Event(Arc::new(event)));
            Ok(Sent {
                message,
                duplicate: false,
            })
        }
        CreateOutcome::Duplicate(message) if message.conversation_id == new.conversation_id => {
            Ok(Sent {
                message,
                duplicate: true,
            })
        }
        CreateOutcome::Duplicate(_) => Err(AppError::invalid(
            "clientId was already used for a message in another conversation",
        )),
        CreateOutcome::ConversationMissing => Err(AppError::not_found("conversation not found")),
        CreateOutcome::SenderMissing => Err(AppError::not_found("sender not found")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limits() {
        let limits = Limits::DEFAULT;
        assert!(check_text("hi", &limits).is_ok());
        assert_eq!(
            check_text("  \n", &limits).unwrap_err().code(),
            ErrorCode::InvalidArgument
        );
        assert!(check_text(&"é".repeat(4000), &limits).is_ok());
        assert_eq!(
            check_text(&"é".repeat(4001), &limits).unwrap_err().code(),
            ErrorCode::MessageTooLong
        );
    }
}
