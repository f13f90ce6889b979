use serde::{Deserialize, Serialize};

use crate::Limits;

/// A user as other users see them. Times are milliseconds since the Unix epoch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_url: Option<String>,
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

/// What a participant knows of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Conversation {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The sequence number of the latest change in this conversation (0 when there is none).
    pub last_seq: u64,
    /// The current user's access.
    pub access: Access,
}

/// A message. `seq` is the conversation's sequence number of the change that created it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    /// Server-assigned id (`msg_…`), unique across the app.
    pub id: String,
    pub conversation_id: String,
    pub seq: u64,
    pub sender: User,
    /// The id the sending client generated; only returned to the sender's own clients.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    pub text: String,
    pub created_at: i64,
}

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
