//! Watched topics: things whose whole snapshot the server pushes again whenever it changes.
//!
//! A client sends `watch { watchId, topic }`; the reply carries the first snapshot, and every
//! change after that arrives as a `snapshot` frame with the same `watchId`. Sending `watch` again
//! with the same `watchId` replaces the topic (a larger `limit` is how windows load more).
//! Messages are not a topic: they travel on the conversation's sequenced event stream.

use serde::{Deserialize, Serialize};

use crate::{Conversation, ConversationFilter, Online, Participant, Typing, User};

/// What to watch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum Topic {
    /// A user's profile (`null` when the user does not exist).
    User { user_id: String },
    /// Whether a user has a live connection.
    Online { user_id: String },
    /// A conversation as the current user sees it (`null` unless they take part).
    Conversation { conversation_id: String },
    /// One participant of a conversation the current user takes part in.
    Participant {
        conversation_id: String,
        user_id: String,
    },
    /// The `limit` participants who joined most recently, newest first.
    Participants { conversation_id: String, limit: u32 },
    /// Who is typing in a conversation (never the current user).
    Typing { conversation_id: String },
    /// The current user's `limit` most recently active conversations that match `filter`.
    Conversations {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        filter: Option<ConversationFilter>,
        limit: u32,
    },
}

/// A topic's current state, tagged like the topic.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum TopicSnapshot {
    User {
        user: Option<User>,
    },
    Online {
        online: Option<Online>,
    },
    Conversation {
        conversation: Option<Conversation>,
    },
    Participant {
        participant: Option<Participant>,
    },
    Participants {
        /// `null` when the current user does not take part in the conversation.
        participants: Option<Vec<Participant>>,
        loaded_all: bool,
    },
    Typing {
        typing: Option<Typing>,
    },
    Conversations {
        /// Most recently active first.
        conversations: Vec<Conversation>,
        loaded_all: bool,
    },
}
