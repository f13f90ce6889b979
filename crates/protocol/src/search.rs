//! Full-text search over the current user's conversations: what `searchMessages` and
//! `searchConversations` return.
//!
//! A query matches when every word of it starts a word of the text (case and accents do not
//! matter; punctuation around words is ignored). Results come newest first, a page at a time:
//! a reply's `cursor` asks for the next page, and `loadedAll` says there is none.

use serde::{Deserialize, Serialize};

use crate::{Conversation, Message};

/// Results per page when a search request gives no `limit`.
pub const DEFAULT_SEARCH_LIMIT: u32 = 10;

/// Most results one search request returns (larger `limit`s are clamped).
pub const MAX_SEARCH_LIMIT: u32 = 50;

/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// A message found by `searchMessages`, with the conversation it belongs to (as the current
/// user sees it): TalkJS's `SearchMessageSnapshot`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageSearchResult {
    pub conversation: Conversation,
    pub message: Message,
}

/// One page of a message search, newest message first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MessageSearchPage {
    pub results: Vec<MessageSearchResult>,
    /// Send it back as `cursor` for the next page; `null` when `loadedAll`.
    pub cursor: Option<String>,
    /// No older matching message exists beyond these results.
    pub loaded_all: bool,
}

/// One page of a conversation search, most recently active first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConversationSearchPage {
    pub results: Vec<Conversation>,
    /// Send it back as `cursor` for the next page; `null` when `loadedAll`.
    pub cursor: Option<String>,
    /// No less recently active matching conversation exists beyond these results.
    pub loaded_all: bool,
}
