//! Test support for searches.

use chat_elements_protocol::{ConversationSearchPage, MessageSearchPage, Reply, Request};

use super::{Client, Failure};

impl Client {
    pub async fn search_messages(
        &mut self,
        query: &str,
        limit: Option<u32>,
        cursor: Option<&str>,
        conversation_id: Option<&str>,
    ) -> Result<MessageSearchPage, Failure> {
        let request = Request::SearchMessages {
            query: query.to_owned(),
            limit,
            cursor: cursor.map(str::to_owned),
            conversation_id: conversation_id.map(str::to_owned),
        };
        match self.call(request).await? {
            Reply::MessageSearch(page) => Ok(page),
            other => panic!("expected messageSearch, got {other:?}"),
        }
    }

    /// The plain texts of the first page (at most 50) of messages matching `query`.
    pub async fn found(&mut self, query: &str) -> Vec<String> {
        let page = self
            .search_messages(query, Some(50), None, None)
            .await
            .unwrap_or_else(|err| panic!("searching {query:?}: {err:?}"));
        page.results
            .into_iter()
            .map(|result| result.message.plaintext)
            .collect()
    }

    pub async fn search_conversations(
        &mut self,
        query: &str,
        limit: Option<u32>,
        cursor: Option<&str>,
    ) -> Result<ConversationSearchPage, Failure> {
        let request = Request::SearchConversations {
            query: query.to_owned(),
            limit,
            cursor: cursor.map(str::to_owned),
        };
        match self.call(request).await? {
            Reply::ConversationSearch(page) => Ok(page),
            other => panic!("expected conversationSearch, got {other:?}"),
        }
    }

    /// The ids of the conversations matching `query` (first page of up to 50).
    pub async fn found_conversations(&mut self, query: &str) -> Vec<String> {
        let page = self
            .search_conversations(query, Some(50), None)
            .await
            .unwrap();
        page.results.into_iter().map(|c| c.id).collect()
    }
}
