//! Conversations: snapshots for one participant, conversation lists, and creating or changing
//! a conversation.

use std::collections::BTreeSet;

use chat_elements_protocol::{
    Conversation, ConversationFields, ConversationFilter, ParticipantFields,
};

use super::{
    forbid_raising_own_access, member_unless_banned, publish, require_read_write, touch_membership,
    validate,
};
use crate::error::AppError;
use crate::ids::check_id;
use crate::state::AppState;
use crate::store::{
    AdminConversation, ConversationSummary, ConversationUpdate, ParticipantWrite,
    ParticipantWriteMode,
};
use crate::view;

/// One window of a user's conversations, most recently active first.
#[derive(Debug, Clone, PartialEq)]
pub struct ConversationList {
    pub conversations: Vec<Conversation>,
    /// No more conversations match beyond this window.
    pub loaded_all: bool,
    /// Every conversation the user takes part in (matching or not).
    pub member_of: Vec<String>,
}

/// The full snapshots of `summaries` for `viewer`, with their last messages (read in one go).
async fn complete(
    state: &AppState,
    viewer: &str,
    summaries: Vec<ConversationSummary>,
) -> Result<Vec<Conversation>, AppError> {
    let ids: BTreeSet<String> = summaries
        .iter()
        .filter_map(|summary| summary.last_message_id.clone())
        .collect();
    let mut messages = if ids.is_empty() {
        Default::default()
    } else {
        state.store.messages_by_ids(&ids).await?
    };
    Ok(summaries
        .into_iter()
        .map(|summary| {
            let last = summary
                .last_message_id
                .as_ref()
                .and_then(|id| messages.remove(id))
                .map(|record| view::record_for(viewer, record));
            summary.into_conversation(last)
        })
        .collect())
}

/// The conversation as `viewer` sees it; `None` unless they take part (or when it does not
/// exist: the two look the same).
pub async fn snapshot(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
) -> Result<Option<Conversation>, AppError> {
    check_id("conversationId", conversation_id)?;
    let Some(summary) = state
        .store
        .conversation_summary(conversation_id, viewer)
        .await?
    else {
        return Ok(None);
    };
    Ok(complete(state, viewer, vec![summary]).await?.pop())
}

/// `viewer`'s conversations matching `filter`, ordered by last activity (newest first, ties
/// by id), the first `limit` of them.
pub async fn list(
    state: &AppState,
    viewer: &str,
    filter: Option<&ConversationFilter>,
    limit: u32,
) -> Result<ConversationList, AppError> {
    let all = state.store.conversation_summaries(viewer).await?;
    let member_of = all.iter().map(|s| s.record.id.clone()).collect();
    let mut matching: Vec<ConversationSummary> = all
        .into_iter()
        .filter(|summary| filter.is_none_or(|f| f.matches_target(summary)))
        .collect();
    matching.sort_by(|a, b| {
        b.last_activity_at()
            .cmp(&a.last_activity_at())
            .then_with(|| a.record.id.cmp(&b.record.id))
    });
    let limit = limit as usize;
    let loaded_all = matching.len() <= limit;
    matching.truncate(limit);
    Ok(ConversationList {
        conversations: complete(state, viewer, matching).await?,
        loaded_all,
        member_of,
    })
}

/// `createConversation`: creates it with `viewer` as a participant (and `fields`). An existing
/// one is left as it is: fine for a participant, FORBIDDEN for anyone else.
pub async fn create(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
    fields: &ConversationFields,
) -> Result<(), AppError> {
    if create_if_missing(state, viewer, conversation_id, fields).await? {
        return Ok(());
    }
    member_unless_banned(state, conversation_id, viewer)
        .await
        .map(|_| ())
}

/// True when the conversation was created (with `fields`, and `viewer` in it).
async fn create_if_missing(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
    fields: &ConversationFields,
) -> Result<bool, AppError> {
    check_id("conversationId", conversation_id)?;
    validate::conversation_fields(fields)?;
    let created = state
        .store
        .create_conversation(conversation_id, fields, Some(viewer))
        .await?;
    if created {
        touch_membership(state, conversation_id, viewer);
    }
    Ok(created)
}

/// `setConversation`: creates it like `createConversation`, then applies the fields. The shared
/// ones need ReadWrite access; `access` and `notify` are the caller's own (access may be
/// lowered, never raised).
pub async fn set(
    state: &AppState,
    viewer: &str,
    conversation_id: &str,
    fields: &ConversationFields,
) -> Result<(), AppError> {
    if create_if_missing(state, viewer, conversation_id, fields).await? {
        return Ok(());
    }
    let membership = member_unless_banned(state, conversation_id, viewer).await?;
    let shared = fields.subject.is_some()
        || fields.photo_url.is_some()
        || fields.welcome_messages.is_some()
        || fields.custom.is_some();
    if shared {
        require_read_write(&membership, "changing the conversation")?;
    }
    forbid_raising_own_access(&membership, fields.access)?;

    let _order = state.publish_order.lock().await;
    if shared {
        let update = state
            .store
            .update_conversation(conversation_id, fields, Some(viewer))
            .await?;
        if let ConversationUpdate::Updated(event) = update {
            publish(state, event);
        }
    }
    if fields.access.is_some() || fields.notify.is_some() {
        let own = ParticipantFields {
            access: fields.access,
            notify: fields.notify,
        };
        let written = state
            .store
            .write_participant(
                conversation_id,
                viewer,
                &own,
                ParticipantWriteMode::Edit,
                Some(viewer),
            )
            .await?;
        if let ParticipantWrite::Changed(event) = written {
            publish(state, event);
            touch_membership(state, conversation_id, viewer);
        }
    }
    Ok(())
}

/// `PUT /v1/admin/conversations/{id}`: creates (without participants) or changes the shared
/// fields; `access`/`notify` are not conversation fields here.
pub async fn admin_put(
    state: &AppState,
    conversation_id: &str,
    fields: &ConversationFields,
) -> Result<AdminConversation, AppError> {
    check_id("conversation id", conversation_id)?;
    validate::conversation_fields(fields)?;
    let created = state
        .store
        .create_conversation(conversation_id, fields, None)
        .await?;
    if !created {
        let _order = state.publish_order.lock().await;
        let update = state
            .store
            .update_conversation(conversation_id, fields, None)
            .await?;
        if let ConversationUpdate::Updated(event) = update {
            publish(state, event);
        }
    }
    state
        .store
        .admin_conversation(conversation_id)
        .await?
        .ok_or_else(|| AppError::not_found("conversation not found"))
}
