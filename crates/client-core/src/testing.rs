//! Test fixtures shared by the modules' unit tests.

use chat_elements_protocol::{Message, MessageType, Origin, User};

use crate::timeline::TimelineItem;

/// A light message payload, like the one the wasm SDK wraps around a JS object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Msg {
    pub id: String,
    pub seq: u64,
    pub client_id: Option<String>,
    pub sender: String,
    pub text: String,
}

impl TimelineItem for Msg {
    fn id(&self) -> &str {
        &self.id
    }
    fn seq(&self) -> u64 {
        self.seq
    }
    fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }
    fn sender_id(&self) -> Option<&str> {
        Some(&self.sender)
    }
}

/// Message `msg_<seq>` by bob.
pub fn msg(seq: u64) -> Msg {
    Msg {
        id: format!("msg_{seq}"),
        seq,
        client_id: None,
        sender: "bob".into(),
        text: format!("m{seq}"),
    }
}

/// Message `msg_<seq>` by alice, sent with `client_id`.
pub fn own(seq: u64, client_id: &str) -> Msg {
    Msg {
        client_id: Some(client_id.into()),
        sender: "alice".into(),
        ..msg(seq)
    }
}

/// Message `msg_<seq>` with new text.
pub fn edited(seq: u64, text: &str) -> Msg {
    Msg {
        text: text.into(),
        ..msg(seq)
    }
}

/// A user with an id and a name.
pub fn user(id: &str) -> User {
    User::named(id, id.to_uppercase())
}

/// The author of a pending message.
pub fn author(id: &str) -> crate::timeline::Author {
    crate::timeline::Author {
        id: id.into(),
        name: id.to_uppercase(),
    }
}

/// A protocol message `msg_<seq>` by `sender`.
pub fn protocol_message(seq: u64, sender: &str, text: &str) -> Message {
    Message {
        id: format!("msg_{seq}"),
        conversation_id: "c".into(),
        seq,
        kind: MessageType::UserMessage,
        sender: Some(user(sender)),
        client_id: None,
        custom: Default::default(),
        created_at: seq as i64,
        edited_at: None,
        referenced_message: None,
        origin: Origin::Web,
        plaintext: text.into(),
        content: Vec::new(),
        reactions: Vec::new(),
    }
}
