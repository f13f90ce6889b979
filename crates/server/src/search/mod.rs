//! Searching a user's messages and conversations (`searchMessages`, `searchConversations`).
//!
//! Queries go to SQLite's FTS5 indexes (see `migrations/0004_search.sql`), which are updated in
//! the same transaction as every message write, so a message is found as soon as its send is
//! acknowledged and never after its delete is. Only conversations the user takes part in are
//! searched. Each page is read with one more row than asked for, to know whether more follow.

mod cursor;
pub mod query;

use std::collections::{BTreeMap, BTreeSet};

use chat_elements_protocol::search::{DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT};
use chat_elements_protocol::{
    Conversation, ConversationSearchPage, MessageSearchPage, MessageSearchResult,
};

use crate::error::AppError;
use crate::ids::check_id;
use crate::messaging::member;
use crate::state::AppState;
use crate::view;

pub use cursor::{
    conversation_cursor, message_cursor, parse_conversation_cursor, parse_message_cursor,
};

/// A `searchMessages` request.
#[derive(Debug, Clone, Copy)]
pub struct MessageQuery<'a> {
    pub query: &'a str,
    pub limit: Option<u32>,
    pub cursor: Option<&'a str>,
    /// Only this conversation (the user must take part in it).
    pub conversation_id: Option<&'a str>,
}

/// A `searchConversations` request.
#[derive(Debug, Clone, Copy)]
pub struct ConversationQuery<'a> {
    pub query: &'a str,
    pub limit: Option<u32>,
    pub cursor: Option<&'a str>,
}

/// The page size: the default when absent, at most [`MAX_SEARCH_LIMIT`], never 0.
fn page_size(limit: Option<u32>) -> Result<u32, AppError> {
    match limit {
        Some(0) => Err(AppError::invalid("limit must be at least 1")),
        Some(limit) => Ok(limit.min(MAX_SEARCH_LIMIT)),
        None => Ok(DEFAULT_SEARCH_LIMIT),
    }
}

/// The conversations with these ids as `viewer` sees them (those they left are missing), read
/// in two queries whatever their number.
async fn snapshots(
    state: &AppState,
    viewer: &str,
    mut ids: Vec<String>,
) -> Result<BTreeMap<String, Conversation>, AppError> {
    ids.sort();
    ids.dedup();
    let summaries = state
        .store
        .conversation_summaries_among(viewer, &ids)
        .await?;
    let last_ids: BTreeSet<String> = summaries
        .iter()
        .filter_map(|summary| summary.last_message_id.clone())
        .collect();
    let mut last_messages = state.store.messages_by_ids(&last_ids).await?;
    Ok(summaries
        .into_iter()
        .map(|summary| {
            let last = summary
                .last_message_id
                .as_ref()
                .and_then(|id| last_messages.remove(id))
                .map(|record| view::record_for(viewer, record));
            (summary.record.id.clone(), summary.into_conversation(last))
        })
        .collect())
}

/// One page of `viewer`'s messages matching the query, newest first.
pub async fn search_messages(
    state: &AppState,
    viewer: &str,
    request: MessageQuery<'_>,
) -> Result<MessageSearchPage, AppError> {
    let limit = page_size(request.limit)?;
    let before_key = request.cursor.map(parse_message_cursor).transpose()?;
    if let Some(conversation_id) = request.conversation_id {
        check_id("conversationId", conversation_id)?;
        member(state, conversation_id, viewer).await?;
    }
    let Some(words) = query::to_fts5(request.query)? else {
        return Ok(MessageSearchPage {
            results: Vec::new(),
            cursor: None,
            loaded_all: true,
        });
    };
    let mut hits = state
        .store
        .search_messages(
            viewer,
            &words,
            request.conversation_id,
            before_key,
            limit + 1,
        )
        .await?;
    let loaded_all = hits.len() <= limit as usize;
    hits.truncate(limit as usize);
    let cursor = match hits.last() {
        Some(last) if !loaded_all => Some(message_cursor(last.key)),
        _ => None,
    };
    let ids: Vec<String> = hits
        .iter()
        .map(|hit| hit.record.message.conversation_id.clone())
        .collect();
    let conversations = snapshots(state, viewer, ids).await?;
    let results = hits
        .into_iter()
        .filter_map(|hit| {
            let conversation = conversations
                .get(&hit.record.message.conversation_id)?
                .clone();
            Some(MessageSearchResult {
                conversation,
                message: view::record_for(viewer, hit.record),
            })
        })
        .collect();
    Ok(MessageSearchPage {
        results,
        cursor,
        loaded_all,
    })
}

/// One page of `viewer`'s conversations whose subject or `custom.search` matches the query,
/// most recently active first.
pub async fn search_conversations(
    state: &AppState,
    viewer: &str,
    request: ConversationQuery<'_>,
) -> Result<ConversationSearchPage, AppError> {
    let limit = page_size(request.limit)?;
    let after = request.cursor.map(parse_conversation_cursor).transpose()?;
    let Some(words) = query::to_fts5(request.query)? else {
        return Ok(ConversationSearchPage {
            results: Vec::new(),
            cursor: None,
            loaded_all: true,
        });
    };
    let mut hits = state
        .store
        .search_conversations(viewer, &words, after.as_ref(), limit + 1)
        .await?;
    let loaded_all = hits.len() <= limit as usize;
    hits.truncate(limit as usize);
    let cursor = match hits.last() {
        Some(last) if !loaded_all => Some(conversation_cursor(
            last.last_activity_at,
            &last.conversation_id,
        )),
        _ => None,
    };
    let ids: Vec<String> = hits.iter().map(|hit| hit.conversation_id.clone()).collect();
    let mut conversations = snapshots(state, viewer, ids.clone()).await?;
    let results = ids
        .iter()
        .filter_map(|id| conversations.remove(id))
        .collect();
    Ok(ConversationSearchPage {
        results,
        cursor,
        loaded_all,
    })
}
