//! Computing a topic's snapshot for the watching user, with what it depends on.

use chat_elements_protocol::{Conversation, Online, Topic, TopicSnapshot, Typing};

use super::deps::Deps;
use crate::data;
use crate::error::AppError;
use crate::state::AppState;

/// The snapshot of `topic` as `viewer` sees it now.
pub async fn compute(
    state: &AppState,
    viewer: &str,
    topic: &Topic,
) -> Result<(TopicSnapshot, Deps), AppError> {
    let deps = Deps::new(viewer);
    Ok(match topic {
        Topic::User { user_id } => {
            let user = data::users::get(state, user_id).await?;
            (TopicSnapshot::User { user }, deps.user(user_id))
        }
        Topic::Online { user_id } => {
            let user = data::users::get(state, user_id).await?;
            let online = user.map(|user| Online {
                is_connected: state.presence.is_connected(&user.id),
                user,
            });
            let mut deps = deps.user(user_id);
            deps.presence = Some(user_id.clone());
            (TopicSnapshot::Online { online }, deps)
        }
        Topic::Conversation { conversation_id } => {
            let conversation =
                data::conversations::snapshot(state, viewer, conversation_id).await?;
            let deps = deps
                .conversation(conversation_id)
                .users(conversation.iter().flat_map(message_users));
            (TopicSnapshot::Conversation { conversation }, deps)
        }
        Topic::Participant {
            conversation_id,
            user_id,
        } => {
            let participant =
                data::participants::watched(state, viewer, conversation_id, user_id).await?;
            let deps = deps.conversation(conversation_id).user(user_id);
            (TopicSnapshot::Participant { participant }, deps)
        }
        Topic::Participants {
            conversation_id,
            limit,
        } => {
            let page = data::participants::page(state, viewer, conversation_id, *limit).await?;
            let (participants, loaded_all) = match page {
                Some((list, loaded_all)) => (Some(list), loaded_all),
                None => (None, true),
            };
            let deps = deps.conversation(conversation_id).users(
                participants
                    .iter()
                    .flatten()
                    .map(|participant| participant.user.id.as_str()),
            );
            let snapshot = TopicSnapshot::Participants {
                participants,
                loaded_all,
            };
            (snapshot, deps)
        }
        Topic::Typing { conversation_id } => {
            let typing = data::read_state::typing_snapshot(state, viewer, conversation_id).await?;
            let listed = match &typing {
                Some(Typing::Few { users, .. }) => users.iter().map(|u| u.id.as_str()).collect(),
                _ => Vec::new(),
            };
            let mut deps = deps.conversation(conversation_id).users(listed);
            deps.typing = Some(conversation_id.clone());
            (TopicSnapshot::Typing { typing }, deps)
        }
        Topic::Conversations { filter, limit } => {
            let list = data::conversations::list(state, viewer, filter.as_ref(), *limit).await?;
            let mut deps = deps.users(list.conversations.iter().flat_map(message_users));
            deps.conversations.extend(list.member_of);
            deps.all_of_viewers_memberships = true;
            let snapshot = TopicSnapshot::Conversations {
                conversations: list.conversations,
                loaded_all: list.loaded_all,
            };
            (snapshot, deps)
        }
    })
}

/// The users shown in a conversation's last message (its sender and the quoted one's).
fn message_users(conversation: &Conversation) -> impl Iterator<Item = &str> {
    let message = conversation.last_message.as_deref();
    let sender = message.and_then(|m| m.sender.as_ref());
    let quoted = message
        .and_then(|m| m.referenced_message.as_deref())
        .and_then(|r| r.sender.as_ref());
    sender
        .into_iter()
        .chain(quoted)
        .map(|user| user.id.as_str())
}
