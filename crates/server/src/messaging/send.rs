//! Sending a message: check, store with the next seq, fan out.

use chat_elements_protocol::{Custom, Event, Origin, SendContentBlock};

use super::{check_custom, prepare_content, publish};
use crate::error::AppError;
use crate::ids;
use crate::state::AppState;
use crate::store::{CreateOutcome, MessageRecord, NewMessage};

/// A message to send. The caller has checked the sender's access.
#[derive(Debug, Clone, Copy)]
pub struct SendMessage<'a> {
    pub conversation_id: &'a str,
    /// `None` for a system message (admin API only).
    pub sender_id: Option<&'a str>,
    /// The sender's idempotency key; `None` never deduplicates.
    pub client_id: Option<&'a str>,
    pub origin: Origin,
    pub text: Option<&'a str>,
    pub content: Option<&'a [SendContentBlock]>,
    pub referenced_message_id: Option<&'a str>,
    pub custom: Option<&'a Custom>,
}

/// The result of a send.
#[derive(Debug)]
pub struct Sent {
    /// The message as stored (show it with `view::record_for`).
    pub record: MessageRecord,
    /// True when the client id had been used before and `record` is the original.
    pub duplicate: bool,
}

/// Stores a message and fans it out; returns only after the commit. A user's send ends their
/// typing in the conversation.
pub async fn send_message(state: &AppState, send: SendMessage<'_>) -> Result<Sent, AppError> {
    if let Some(client_id) = send.client_id {
        ids::check_client_id(client_id)?;
    }
    let empty = Custom::new();
    let custom = send.custom.unwrap_or(&empty);
    check_custom(custom)?;
    let parsed = prepare_content(state, send.conversation_id, send.text, send.content).await?;
    let new = NewMessage {
        conversation_id: send.conversation_id,
        sender_id: send.sender_id,
        client_id: send.client_id,
        origin: send.origin,
        plaintext: &parsed.plaintext,
        content: &parsed.content,
        custom,
        referenced_message_id: send.referenced_message_id,
    };
    let order = state.publish_order.lock().await;
    let outcome = state.store.create_message(new, ids::now_ms()).await?;
    let sent = match outcome {
        CreateOutcome::Created(event) => {
            let Event::MessageCreated { message } = event.event.as_ref() else {
                return Err(AppError::Internal(
                    "a send stored another kind of event".into(),
                ));
            };
            let record = MessageRecord {
                message: message.clone(),
                reactors: event.reactors.clone(),
            };
            publish(state, vec![event]);
            Sent {
                record,
                duplicate: false,
            }
        }
        CreateOutcome::Duplicate(record)
            if record.message.conversation_id == send.conversation_id =>
        {
            Sent {
                record: *record,
                duplicate: true,
            }
        }
        CreateOutcome::Duplicate(_) => {
            return Err(AppError::invalid(
                "clientId was already used for a message in another conversation",
            ))
        }
        CreateOutcome::ConversationMissing => {
            return Err(AppError::not_found("conversation not found"))
        }
        CreateOutcome::SenderMissing => return Err(AppError::not_found("sender not found")),
        CreateOutcome::BadReference => {
            return Err(AppError::invalid(
                "referencedMessageId must be a message in this conversation",
            ))
        }
    };
    drop(order);
    if let (Some(sender_id), false) = (send.sender_id, sent.duplicate) {
        state.typing.clear(send.conversation_id, sender_id);
    }
    Ok(sent)
}
