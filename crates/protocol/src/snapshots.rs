//! What users, conversations, messages and participants look like on the wire.
//!
//! The shapes follow the TalkJS Data API's snapshots (camelCase, `null` for absent values) so
//! the SDK can hand them to JavaScript as they arrive. Times are milliseconds since the epoch.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::content::ContentBlock;
use crate::Limits;

/// Free-form string properties set by the app (`custom`).
pub type Custom = BTreeMap<String, String>;

/// A user as other users see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub custom: Custom,
    #[serde(default)]
    pub locale: Option<String>,
    #[serde(default)]
    pub photo_url: Option<String>,
    /// The user's role; `"default"` unless the app set one.
    #[serde(default = "default_role")]
    pub role: String,
    #[serde(default)]
    pub welcome_message: Option<String>,
}

fn default_role() -> String {
    "default".to_owned()
}

impl User {
    /// A user with only an id and a name; every other field empty.
    pub fn named(id: impl Into<String>, name: impl Into<String>) -> User {
        User {
            id: id.into(),
            name: name.into(),
            custom: Custom::new(),
            locale: None,
            photo_url: None,
            role: default_role(),
            welcome_message: None,
        }
    }
}

/// Whether a user has at least one live connection (`subscribeOnline`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Online {
    pub user: User,
    pub is_connected: bool,
}

/// A participant's rights in a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Access {
    /// May read and send.
    #[default]
    ReadWrite,
    /// May read only.
    Read,
}

/// Whether a participant gets notifications: `true`, `false` or `"MentionsOnly"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Notify {
    Flag(bool),
    Mode(NotifyMode),
}

impl Default for Notify {
    fn default() -> Self {
        Notify::Flag(true)
    }
}

/// The one string value `notify` may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NotifyMode {
    MentionsOnly,
}

/// A conversation as the current user sees it (unread state is theirs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub id: String,
    pub subject: Option<String>,
    pub photo_url: Option<String>,
    pub welcome_messages: Vec<String>,
    pub custom: Custom,
    pub created_at: i64,
    /// When the current user joined.
    pub joined_at: i64,
    pub last_message: Option<Box<Message>>,
    /// Messages by others after `readUntil` (at least 1 after `markUnread`).
    pub unread_message_count: u64,
    /// The `createdAt` of the last message the current user has read (0 when none).
    pub read_until: i64,
    /// The `createdAt` of the last message every participant has read (0 when none).
    pub everyone_read_until: i64,
    pub is_unread: bool,
    pub access: Access,
    pub notify: Notify,
    /// The sequence number of the latest change in this conversation (0 when there is none):
    /// the cursor a message subscription starts from.
    pub last_seq: u64,
}

impl Conversation {
    /// `max(lastMessage.createdAt, joinedAt)`: what conversation lists are ordered by.
    pub fn last_activity_at(&self) -> i64 {
        self.last_message
            .as_ref()
            .map_or(self.joined_at, |m| m.created_at.max(self.joined_at))
    }
}

/// A member of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant {
    pub user: User,
    pub access: Access,
    pub notify: Notify,
    pub joined_at: i64,
    /// True while a moderator's mute is in force: the participant may read but not write.
    #[serde(default)]
    pub is_muted: bool,
    /// When the mute ends (ms since the epoch); `null` when not muted or muted until unmuted.
    #[serde(default)]
    pub muted_until: Option<i64>,
}

/// `UserMessage` (sent by a user) or `SystemMessage` (sent by the app's backend without a sender).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum MessageType {
    #[default]
    UserMessage,
    SystemMessage,
}

/// Where a message came from: `web` (an SDK) or `rest` (the admin API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Origin {
    #[default]
    Web,
    Rest,
    Import,
    Email,
}

/// One emoji's reactions on a message, as the current user sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reaction {
    pub emoji: String,
    pub count: u64,
    pub current_user_reacted: bool,
}

/// A message. `seq` is the sequence number of the change that created it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Server-assigned id (`msg_…`), unique across the app.
    pub id: String,
    pub conversation_id: String,
    pub seq: u64,
    #[serde(rename = "type")]
    pub kind: MessageType,
    /// `null` for system messages.
    pub sender: Option<User>,
    /// The id the sending client generated; only in frames for the sender's own connections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    pub custom: Custom,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    /// The message this one replies to, one level deep (its own reference is only an id).
    pub referenced_message: Option<Box<ReferencedMessage>>,
    pub origin: Origin,
    /// The text without markup: what notifications and previews show.
    pub plaintext: String,
    pub content: Vec<ContentBlock>,
    pub reactions: Vec<Reaction>,
}

/// A message quoted by another one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReferencedMessage {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: MessageType,
    pub sender: Option<User>,
    pub custom: Custom,
    pub created_at: i64,
    pub edited_at: Option<i64>,
    pub referenced_message_id: Option<String>,
    pub origin: Origin,
    pub plaintext: String,
    pub content: Vec<ContentBlock>,
    pub reactions: Vec<Reaction>,
}

/// Who is typing in a conversation: up to 5 users (not the current one), or `many: true`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Typing {
    Few { many: FalseTag, users: Vec<User> },
    Many { many: TrueTag },
}

/// The literal `false` (serde helper for [`Typing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FalseTag;
/// The literal `true` (serde helper for [`Typing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrueTag;

macro_rules! bool_tag {
    ($tag:ident, $value:literal) => {
        impl Serialize for $tag {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bool($value)
            }
        }
        impl<'de> Deserialize<'de> for $tag {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                if bool::deserialize(d)? == $value {
                    Ok($tag)
                } else {
                    Err(serde::de::Error::custom(concat!("expected ", $value)))
                }
            }
        }
    };
}
bool_tag!(FalseTag, false);
bool_tag!(TrueTag, true);

/// At most this many typers are listed; more makes the snapshot `many: true`.
pub const MAX_LISTED_TYPERS: usize = 5;

/// The result of a successful `auth`: who the connection is and what the server expects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Welcome {
    pub app_id: String,
    pub user: User,
    /// The server's clock when it sent this frame (ms since the epoch). Clients use it to correct
    /// for skew when they schedule a token refresh.
    pub server_time: i64,
    /// When the presented token expires, by the server's clock (ms since the epoch).
    pub token_expires_at: i64,
    pub protocol_version: u32,
    pub limits: Limits,
}
