//! What each viewer may see of shared data: a message's `clientId` is shown only to its sender.

use chat_elements_protocol::{Event, Message};

/// `message` as `viewer_id` sees it.
pub fn message_for(viewer_id: &str, mut message: Message) -> Message {
    if message.sender.id != viewer_id {
        message.client_id = None;
    }
    message
}

/// `event` as `viewer_id` sees it.
pub fn event_for(viewer_id: &str, event: &Event) -> Event {
    match event {
        Event::MessageCreated { message } => Event::MessageCreated {
            message: message_for(viewer_id, message.clone()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chat_elements_protocol::User;

    fn message() -> Message {
        Message {
            id: "msg_1".into(),
            conversation_id: "c".into(),
            seq: 1,
            sender: User {
                id: "alice".into(),
                name: "Alice".into(),
                photo_url: None,
            },
            client_id: Some("k1".into()),
            text: "hi".into(),
            created_at: 1,
        }
    }

    #[test]
    fn client_id_is_only_for_the_sender() {
        assert_eq!(
            message_for("alice", message()).client_id.as_deref(),
            Some("k1")
        );
        assert_eq!(message_for("bob", message()).client_id, None);
    }
}
