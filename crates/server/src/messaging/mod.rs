//! The rules for messages, shared by the WebSocket and the admin API: who may write, what a
//! message may contain, and each change to messages (store it, then fan it out).

mod changes;
mod send;

use std::sync::Arc;

use chat_elements_protocol::patch::CustomPatch;
use chat_elements_protocol::{Access, Custom, ErrorCode, Limits, SendContentBlock};

use crate::content::{self, ContentError, Parsed};
use crate::data::validate;
use crate::error::AppError;
use crate::files;
use crate::hub::HubItem;
use crate::state::AppState;
use crate::store::{Membership, StoredEvent};

pub use changes::{add_reaction, delete_message, edit_message, remove_reaction, EditRequest};
pub use send::{send_message, SendMessage, Sent};

/// Most characters in a reaction's emoji.
pub const MAX_EMOJI_CHARS: usize = 32;

/// `user_id`'s participation in the conversation; FORBIDDEN when they are not a participant,
/// whether or not the conversation exists (so ids cannot be probed).
pub async fn member(
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

/// FORBIDDEN unless the participant may write (send, react, edit, delete); MUTED while a
/// moderator's mute is in force.
pub fn require_write(membership: &Membership) -> Result<(), AppError> {
    match membership.access {
        Access::ReadWrite => crate::data::moderation::require_unmuted(membership),
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

/// An emoji for a reaction: 1 to 32 characters, no whitespace or control characters.
pub fn check_emoji(emoji: &str) -> Result<(), AppError> {
    let count = emoji.chars().count();
    if count == 0
        || count > MAX_EMOJI_CHARS
        || emoji.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(AppError::invalid(format!(
            "emoji must be 1 to {MAX_EMOJI_CHARS} characters without whitespace"
        )));
    }
    Ok(())
}

/// A message's `custom` as sent whole (same rules as a patch).
pub fn check_custom(custom: &Custom) -> Result<(), AppError> {
    let patch: CustomPatch = Some(Some(
        custom
            .iter()
            .map(|(key, value)| (key.clone(), Some(value.clone())))
            .collect(),
    ));
    validate::custom(&patch)
}

fn content_error(err: ContentError) -> AppError {
    match err {
        ContentError::TooLong(_) => AppError::new(ErrorCode::MessageTooLong, err.to_string()),
        other => AppError::invalid(other.to_string()),
    }
}

/// The content and plain text of a message from exactly one of `text` (parsed) or `content`
/// (checked, file blocks resolved from their tokens), with mentions limited to the
/// conversation's participants.
pub async fn prepare_content(
    state: &AppState,
    conversation_id: &str,
    text: Option<&str>,
    content: Option<&[SendContentBlock]>,
) -> Result<Parsed, AppError> {
    let limits = &state.config.limits;
    match (text, content) {
        (Some(text), None) => {
            check_text(text, limits)?;
            let mentionable = state.store.mentionable(conversation_id).await?;
            Ok(content::parse(text, &mentionable))
        }
        (None, Some(blocks)) => {
            let blocks = files::resolve_blocks(state, blocks).await?;
            let mentionable = state.store.mentionable(conversation_id).await?;
            content::validate(&blocks, &mentionable, limits.max_text_chars as usize)
                .map_err(content_error)
        }
        (Some(_), Some(_)) => Err(AppError::invalid("give either text or content, not both")),
        (None, None) => Err(AppError::invalid("a message needs text or content")),
    }
}

/// Fans committed changes out, in order. The caller holds `publish_order` from before their
/// transaction until this returns, so subscribers see each conversation's events in seq order.
fn publish(state: &AppState, events: Vec<StoredEvent>) {
    for event in events {
        tracing::debug!(
            conversation = %event.conversation_id,
            seq = event.seq,
            kind = event.kind(),
            "message change published"
        );
        let conversation_id = event.conversation_id.clone();
        state
            .hub
            .publish(&conversation_id, HubItem::Event(Arc::new(event)));
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

    #[test]
    fn emoji_rules() {
        for good in ["👍", "👍🏽", "🇳🇱", ":party:", &"x".repeat(32)] {
            assert!(check_emoji(good).is_ok(), "{good:?}");
        }
        for bad in ["", " ", "👍 👍", "a\tb", "\u{0}", &"x".repeat(33)] {
            assert!(check_emoji(bad).is_err(), "{bad:?}");
        }
    }
}
