//! The message requests: send, getMessage, editMessage, deleteMessage, addReaction and
//! removeReaction, for the connection's user.

use chat_elements_protocol::{Origin, Reply, Request};

use super::connection::Connection;
use crate::error::AppError;
use crate::ids::check_id;
use crate::messaging::{self, member, require_write, EditRequest, SendMessage};
use crate::state::AppState;
use crate::store::ReactionChange;
use crate::view;

/// Answers a message request (any other request is a bug in the dispatcher).
pub(super) async fn handle(conn: &Connection, request: Request) -> Result<Reply, AppError> {
    let state = &conn.state;
    let user_id = conn.user_id();
    match request {
        Request::Send {
            conversation_id,
            client_id,
            text,
            content,
            referenced_message_id,
            custom,
        } => {
            let membership = member(state, &conversation_id, user_id).await?;
            require_write(&membership)?;
            let sent = messaging::send_message(
                state,
                SendMessage {
                    conversation_id: &conversation_id,
                    sender_id: Some(user_id),
                    client_id: Some(&client_id),
                    origin: Origin::Web,
                    text: text.as_deref(),
                    content: content.as_deref(),
                    referenced_message_id: referenced_message_id.as_deref(),
                    custom: custom.as_ref(),
                },
            )
            .await?;
            Ok(Reply::Sent {
                message: view::record_for(user_id, sent.record),
                duplicate: sent.duplicate,
            })
        }
        Request::GetMessage {
            conversation_id,
            message_id,
        } => get_message(state, user_id, &conversation_id, &message_id).await,
        Request::EditMessage {
            conversation_id,
            message_id,
            text,
            content,
            custom,
        } => {
            let edit = EditRequest {
                conversation_id: &conversation_id,
                message_id: &message_id,
                user_id,
                text: text.as_deref(),
                content: content.as_deref(),
                custom: &custom,
            };
            messaging::edit_message(state, edit).await?;
            Ok(Reply::Done)
        }
        Request::DeleteMessage {
            conversation_id,
            message_id,
        } => {
            messaging::delete_message(state, &conversation_id, &message_id, user_id).await?;
            Ok(Reply::Done)
        }
        Request::AddReaction {
            conversation_id,
            message_id,
            emoji,
        } => {
            let change = reaction(&conversation_id, &message_id, user_id, &emoji);
            messaging::add_reaction(state, change).await?;
            Ok(Reply::Done)
        }
        Request::RemoveReaction {
            conversation_id,
            message_id,
            emoji,
        } => {
            let change = reaction(&conversation_id, &message_id, user_id, &emoji);
            messaging::remove_reaction(state, change).await?;
            Ok(Reply::Done)
        }
        other => Err(AppError::Internal(format!(
            "{} reached the message requests",
            other.op()
        ))),
    }
}

fn reaction<'a>(
    conversation_id: &'a str,
    message_id: &'a str,
    user_id: &'a str,
    emoji: &'a str,
) -> ReactionChange<'a> {
    ReactionChange {
        conversation_id,
        message_id,
        user_id,
        emoji,
    }
}

/// The message as the user sees it; `null` when it does not exist in the conversation.
async fn get_message(
    state: &AppState,
    user_id: &str,
    conversation_id: &str,
    message_id: &str,
) -> Result<Reply, AppError> {
    check_id("messageId", message_id)?;
    member(state, conversation_id, user_id).await?;
    let record = state.store.message(conversation_id, message_id).await?;
    Ok(Reply::Message {
        message: record.map(|record| view::record_for(user_id, record)),
    })
}
