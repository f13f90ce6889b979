//! Participants: reading them needs the caller to take part; adding, editing or removing
//! someone else needs ReadWrite access; anyone may leave or change their own notify, and lower
//! (never raise) their own access.

use chat_elements_protocol::{Access, ErrorCode, Participant, ParticipantFields};

use super::{forbid_raising_own_access, member, publish, require_read_write, touch_membership};
use crate::error::AppError;
use crate::hub::HubItem;
use crate::ids::check_id;
use crate::state::AppState;
use crate::store::{AdminParticipant, ParticipantWrite, ParticipantWriteMode, StoredEvent};

/// `getParticipant`: FORBIDDEN unless the caller takes part; `None` when `user_id` does not.
pub async fn get(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
    user_id: &str,
) -> Result<Option<Participant>, AppError> {
    check_ids(conversation_id, user_id)?;
    member(state, conversation_id, viewer).await?;
    Ok(state.store.participant(conversation_id, user_id).await?)
}

/// The participant topic: like [`get`], but `None` when the caller does not take part.
pub async fn watched(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
    user_id: &str,
) -> Result<Option<Participant>, AppError> {
    if state
        .store
        .membership(conversation_id, viewer)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    Ok(state.store.participant(conversation_id, user_id).await?)
}

/// The participants topic: the first `limit` in join order and whether that is all; `None`
/// when the caller does not take part.
pub async fn page(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
    limit: u32,
) -> Result<Option<(Vec<Participant>, bool)>, AppError> {
    if state
        .store
        .membership(conversation_id, viewer)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    Ok(Some(
        state
            .store
            .participants_page(conversation_id, limit)
            .await?,
    ))
}

/// `setParticipant` / `editParticipant` / `createParticipant`.
pub async fn write(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
    user_id: &str,
    fields: &ParticipantFields,
    mode: ParticipantWriteMode,
) -> Result<(), AppError> {
    check_ids(conversation_id, user_id)?;
    let membership = member(state, conversation_id, viewer).await?;
    if user_id == viewer {
        forbid_raising_own_access(&membership, fields.access)?;
    } else {
        require_read_write(&membership, "changing other participants")?;
    }
    let _order = state.publish_order.lock().await;
    let written = state
        .store
        .write_participant(conversation_id, user_id, fields, mode, Some(viewer))
        .await?;
    finish_write(state, conversation_id, user_id, written)
}

/// `deleteParticipant`: anyone may leave; removing someone else needs ReadWrite access.
/// Removing someone who is not a participant succeeds.
pub async fn delete(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
    user_id: &str,
) -> Result<(), AppError> {
    check_ids(conversation_id, user_id)?;
    let membership = member(state, conversation_id, viewer).await?;
    if user_id != viewer {
        require_read_write(&membership, "removing other participants")?;
    }
    remove(state, conversation_id, user_id, Some(viewer)).await
}

/// `PUT /v1/admin/conversations/{id}/participants/{userId}`: adds or changes access.
pub async fn admin_put(
    state: &AppState,
    conversation_id: &str,
    user_id: &str,
    access: Option<Access>,
) -> Result<AdminParticipant, AppError> {
    let fields = ParticipantFields {
        access: access.map(Some),
        notify: None,
    };
    let _order = state.publish_order.lock().await;
    let written = state
        .store
        .write_participant(
            conversation_id,
            user_id,
            &fields,
            ParticipantWriteMode::Set,
            None,
        )
        .await?;
    if matches!(written, ParticipantWrite::ConversationMissing) {
        return Err(AppError::not_found("conversation not found"));
    }
    finish_write(state, conversation_id, user_id, written)?;
    let participant = state.store.membership(conversation_id, user_id).await?;
    let participant = participant.ok_or_else(|| AppError::not_found("participant not found"))?;
    Ok(AdminParticipant {
        user_id: user_id.to_owned(),
        access: participant.access,
    })
}

/// Removes a participant (`actor_id` `None` for the admin API): publishes the change, ends
/// their message subscriptions and their typing.
pub async fn remove(
    state: &AppState,
    conversation_id: &str,
    user_id: &str,
    actor_id: Option<&str>,
) -> Result<(), AppError> {
    let _order = state.publish_order.lock().await;
    let Some(event) = state
        .store
        .delete_participant(conversation_id, user_id, actor_id)
        .await?
    else {
        return Ok(());
    };
    announce_removal(state, conversation_id, user_id, event);
    Ok(())
}

/// Fans out a committed removal (the caller holds `publish_order`): the removed user's live
/// subscriptions end first (with `resync`; subscribing again is refused), so the change that
/// removed them goes only to those who remain; their typing ends.
pub(super) fn announce_removal(
    state: &AppState,
    conversation_id: &str,
    user_id: &str,
    event: StoredEvent,
) {
    state.hub.publish(
        conversation_id,
        HubItem::AccessRevoked {
            user_id: user_id.to_owned(),
        },
    );
    publish(state, event);
    state.typing.clear(conversation_id, user_id);
}

fn finish_write(
    state: &AppState,
    conversation_id: &str,
    user_id: &str,
    written: ParticipantWrite,
) -> Result<(), AppError> {
    match written {
        ParticipantWrite::ConversationMissing => Err(AppError::forbidden()),
        ParticipantWrite::UserMissing => Err(AppError::not_found("user not found")),
        ParticipantWrite::NotParticipant => Err(AppError::not_found(
            "the user is not a participant of this conversation",
        )),
        ParticipantWrite::Banned => Err(AppError::new(
            ErrorCode::Forbidden,
            format!("{user_id} is banned from this conversation; unban them first"),
        )),
        ParticipantWrite::Unchanged => Ok(()),
        ParticipantWrite::Added(event) | ParticipantWrite::Changed(event) => {
            publish(state, event);
            touch_membership(state, conversation_id, user_id);
            Ok(())
        }
    }
}

fn check_ids(conversation_id: &str, user_id: &str) -> Result<(), AppError> {
    check_id("conversationId", conversation_id)?;
    check_id("userId", user_id)
}
