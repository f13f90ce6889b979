//! The search requests: searchMessages and searchConversations, for the connection's user.

use chat_elements_protocol::{Reply, Request};

use super::connection::Connection;
use crate::error::AppError;
use crate::search::{self, ConversationQuery, MessageQuery};

/// Answers a search request (any other request is a bug in the dispatcher).
pub(super) async fn handle(conn: &Connection, request: Request) -> Result<Reply, AppError> {
    let state = &conn.state;
    let viewer = conn.user_id();
    match request {
        Request::SearchMessages {
            query,
            limit,
            cursor,
            conversation_id,
        } => {
            let request = MessageQuery {
                query: &query,
                limit,
                cursor: cursor.as_deref(),
                conversation_id: conversation_id.as_deref(),
            };
            let page = search::search_messages(state, viewer, request).await?;
            Ok(Reply::MessageSearch(page))
        }
        Request::SearchConversations {
            query,
            limit,
            cursor,
        } => {
            let request = ConversationQuery {
                query: &query,
                limit,
                cursor: cursor.as_deref(),
            };
            let page = search::search_conversations(state, viewer, request).await?;
            Ok(Reply::ConversationSearch(page))
        }
        other => Err(AppError::Internal(format!(
            "{} reached the search requests",
            other.op()
        ))),
    }
}
