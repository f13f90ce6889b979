//! Search on `ChatSession`: `searchMessages` and `searchConversations`. Both return a search
//! object with `setQuery(query, filters?)` and `loadMore(limit?)` over [`Search`]; one JS class
//! serves both (`MessageSearch` and `ConversationSearch` in `index.d.ts`), which keeps the
//! bindings small.

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::chat_session::ChatSession;
use crate::data::args;
use crate::data::search::{Search, Target};

#[wasm_bindgen]
impl ChatSession {
    /// A search for messages in the current user's conversations; `setQuery` starts it.
    /// `onResults(results, status)` hears every change.
    #[wasm_bindgen(js_name = searchMessages, unchecked_return_type = "MessageSearch")]
    pub fn search_messages(&self, on_results: JsValue) -> Result<SearchObject, JsValue> {
        self.search(Target::Messages, &on_results)
    }

    /// A search for the current user's conversations (by subject or `custom.search`).
    #[wasm_bindgen(js_name = searchConversations, unchecked_return_type = "ConversationSearch")]
    pub fn search_conversations(&self, on_results: JsValue) -> Result<SearchObject, JsValue> {
        self.search(Target::Conversations, &on_results)
    }
}

impl ChatSession {
    fn search(&self, target: Target, on_results: &JsValue) -> Result<SearchObject, JsValue> {
        let on_results = args::callback(on_results, "onResults")?;
        Ok(SearchObject {
            search: Rc::new(Search::new(self.handle(), target, on_results)),
        })
    }
}

/// A `MessageSearch` or a `ConversationSearch`.
#[wasm_bindgen(js_name = Search)]
pub struct SearchObject {
    search: Rc<Search>,
}

#[wasm_bindgen(js_class = Search)]
impl SearchObject {
    /// Starts searching for `query` (replacing the previous query); resolves with the first page
    /// `{ results, loadedAll }`. For messages, `filters.conversationId` limits it to one
    /// conversation.
    #[wasm_bindgen(js_name = setQuery)]
    pub fn set_query(&self, query: JsValue, filters: JsValue) -> Promise {
        self.search.set_query(query, filters)
    }

    /// Loads `limit` (default 10) further results; resolves with every result so far.
    #[wasm_bindgen(js_name = loadMore)]
    pub fn load_more(&self, limit: JsValue) -> Promise {
        self.search.load_more(limit)
    }
}
