//! `POST /v1/admin/conversations/{id}/messages`: the app's backend sends a message as a
//! participant (`senderId`), or a system message without a sender.

use axum::extract::{Path, State};
use axum::Json;
use chat_elements_protocol::{Custom, ErrorCode, Message, Origin, SendContentBlock};
use serde::Deserialize;

use super::admin::require_conversation;
use super::body::JsonBody;
use crate::error::AppError;
use crate::messaging::{self, require_write, SendMessage};
use crate::state::AppState;
use crate::view;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PostMessage {
    sender_id: Option<String>,
    text: Option<String>,
    content: Option<Vec<SendContentBlock>>,
    client_id: Option<String>,
    referenced_message_id: Option<String>,
    custom: Option<Custom>,
}

/// With `senderId`, sends by the same rules as a WebSocket send: the sender must be a
/// participant with ReadWrite access. Without, sends a system message. `origin` is `rest`.
pub(super) async fn post_message(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<PostMessage>,
) -> Result<Json<Message>, AppError> {
    require_conversation(&state, &id).await?;
    if let Some(sender_id) = &body.sender_id {
        if state.store.get_user(sender_id).await?.is_none() {
            return Err(AppError::not_found("sender not found"));
        }
        let membership = state
            .store
            .membership(&id, sender_id)
            .await?
            .ok_or_else(|| {
                AppError::new(
                    ErrorCode::Forbidden,
                    "the sender is not a participant of this conversation",
                )
            })?;
        require_write(&membership)?;
    }
    let sent = messaging::send_message(
        &state,
        SendMessage {
            conversation_id: &id,
            sender_id: body.sender_id.as_deref(),
            client_id: body.client_id.as_deref(),
            origin: Origin::Rest,
            text: body.text.as_deref(),
            content: body.content.as_deref(),
            referenced_message_id: body.referenced_message_id.as_deref(),
            custom: body.custom.as_ref(),
        },
    )
    .await?;
    let viewer = body.sender_id.as_deref().unwrap_or_default();
    Ok(Json(view::record_for(viewer, sent.record)))
}
