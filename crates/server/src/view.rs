//! What each viewer sees of shared data: a message's `clientId` only for its sender, and
//! `currentUserReacted` for the viewer's own reactions.

use chat_elements_protocol::{Event, Message, Reaction};

use crate::store::{MessageRecord, Reactors, StoredEvent};

/// `message` as `viewer_id` sees it, given who reacted to it and to the message it quotes.
pub fn personal_message(viewer_id: &str, mut message: Message, reactors: &Reactors) -> Message {
    if message.sender.as_ref().map(|sender| sender.id.as_str()) != Some(viewer_id) {
        message.client_id = None;
    }
    mark_own_reactions(viewer_id, &message.id, &mut message.reactions, reactors);
    if let Some(quoted) = message.referenced_message.as_mut() {
        mark_own_reactions(viewer_id, &quoted.id, &mut quoted.reactions, reactors);
    }
    message
}

fn mark_own_reactions(
    viewer_id: &str,
    message_id: &str,
    reactions: &mut [Reaction],
    reactors: &Reactors,
) {
    let by_emoji = reactors.get(message_id);
    for reaction in reactions {
        reaction.current_user_reacted = by_emoji
            .and_then(|by_emoji| by_emoji.get(&reaction.emoji))
            .is_some_and(|users| users.contains(viewer_id));
    }
}

/// A stored message as `viewer_id` sees it.
pub fn record_for(viewer_id: &str, record: MessageRecord) -> Message {
    personal_message(viewer_id, record.message, &record.reactors)
}

/// A stored event as `viewer_id` sees it.
pub fn event_for(viewer_id: &str, stored: &StoredEvent) -> Event {
    match stored.event.as_ref() {
        Event::MessageCreated { message } => Event::MessageCreated {
            message: personal_message(viewer_id, message.clone(), &stored.reactors),
        },
        Event::MessageUpdated { message } => Event::MessageUpdated {
            message: personal_message(viewer_id, message.clone(), &stored.reactors),
        },
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use chat_elements_protocol::{MessageType, Origin, ReferencedMessage, User};

    fn reaction(emoji: &str, count: u64) -> Reaction {
        Reaction {
            emoji: emoji.into(),
            count,
            current_user_reacted: false,
        }
    }

    fn message() -> Message {
        Message {
            id: "msg_1".into(),
            conversation_id: "c".into(),
            seq: 2,
            kind: MessageType::UserMessage,
            sender: Some(User::named("alice", "Alice")),
            client_id: Some("k1".into()),
            custom: Default::default(),
            created_at: 1,
            edited_at: None,
            referenced_message: Some(Box::new(ReferencedMessage {
                id: "msg_0".into(),
                kind: MessageType::SystemMessage,
                sender: None,
                custom: Default::default(),
                created_at: 0,
                edited_at: None,
                referenced_message_id: None,
                origin: Origin::Rest,
                plaintext: "welcome".into(),
                content: Vec::new(),
                reactions: vec![reaction("🎉", 1)],
            })),
            origin: Origin::Web,
            plaintext: "hi".into(),
            content: Vec::new(),
            reactions: vec![reaction("👍", 2), reaction("❤️", 1)],
        }
    }

    fn reactors() -> Reactors {
        let users = |ids: &[&str]| ids.iter().map(|id| id.to_string()).collect::<BTreeSet<_>>();
        BTreeMap::from([
            (
                "msg_1".to_owned(),
                BTreeMap::from([
                    ("👍".to_owned(), users(&["alice", "bob"])),
                    ("❤️".to_owned(), users(&["carol"])),
                ]),
            ),
            (
                "msg_0".to_owned(),
                BTreeMap::from([("🎉".to_owned(), users(&["bob"]))]),
            ),
        ])
    }

    #[test]
    fn client_id_is_only_for_the_sender() {
        let record = |message| MessageRecord {
            message,
            reactors: Reactors::new(),
        };
        assert_eq!(
            record_for("alice", record(message())).client_id.as_deref(),
            Some("k1")
        );
        assert_eq!(record_for("bob", record(message())).client_id, None);
    }

    #[test]
    fn each_viewer_sees_their_own_reactions() {
        let flags = |viewer: &str| {
            let seen = personal_message(viewer, message(), &reactors());
            let own: Vec<bool> = seen
                .reactions
                .iter()
                .map(|r| r.current_user_reacted)
                .collect();
            let quoted = seen.referenced_message.unwrap().reactions[0].current_user_reacted;
            (own, quoted)
        };
        assert_eq!(flags("alice"), (vec![true, false], false));
        assert_eq!(flags("bob"), (vec![true, false], true));
        assert_eq!(flags("carol"), (vec![false, true], false));
        assert_eq!(flags("dave"), (vec![false, false], false));
    }
}
