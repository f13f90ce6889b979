//! Full-text search, a query at a time and a page at a time (`searchMessages`,
//! `searchConversations` on the socket; see docs/PROTOCOL.md "Search").
//!
//! `set_query` replaces whatever ran before: the older query's pending promise rejects with code
//! `CANCELLED` (marked as handled, so a caller that did not keep it sees no unhandled rejection)
//! and its replies are dropped, so no result of an older query reaches the callback or a promise
//! after a newer `set_query`. `load_more` follows the server's cursor; while a page is loading,
//! `load_more` returns that page's promise (calls collapse into one).

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, JsString, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::data::args::{self, invalid};
use crate::data::deferred::Deferred;
use crate::data::promise::rejected;
use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;

/// Results of the first page, as TalkJS's `setQuery` loads.
const FIRST_PAGE: u32 = 3;
/// Results of a `loadMore()` without a limit.
const NEXT_PAGE: u32 = 10;

#[derive(Clone, Copy, PartialEq)]
pub enum Target {
    Messages,
    Conversations,
}

pub struct Search {
    handle: SessionHandle,
    target: Target,
    on_results: Option<Function>,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// Bumped by each `set_query`: replies of an older one are dropped.
    generation: u64,
    /// The fields of each request (`query`, `conversationId`); `None` before a valid `set_query`.
    request: Option<Object>,
    results: Array,
    cursor: Option<JsValue>,
    loaded_all: bool,
    /// The page being loaded: its promise and how to settle it.
    loading: Option<(Promise, Rc<Deferred>)>,
}

impl Search {
    pub fn new(handle: SessionHandle, target: Target, on_results: Option<Function>) -> Search {
        Search {
            handle,
            target,
            on_results,
            state: RefCell::default(),
        }
    }

    /// Starts a search for `query` (cancelling the one before) and resolves with the first page.
    pub fn set_query(self: &Rc<Self>, query: JsValue, filters: JsValue) -> Promise {
        let cancelled = {
            let mut state = self.state.borrow_mut();
            let generation = state.generation + 1;
            let loading = state.loading.take();
            *state = State {
                generation,
                ..State::default()
            };
            loading
        };
        if let Some((_, deferred)) = cancelled {
            cancel(&deferred);
        }
        match self.request_fields(&query, &filters) {
            Ok(fields) => {
                self.state.borrow_mut().request = Some(fields);
                self.fetch(FIRST_PAGE)
            }
            Err(error) => rejected(error),
        }
    }

    /// Loads `limit` more results (10 when absent). Before a query, or once everything was
    /// loaded, resolves at once with the current state; while a page loads, returns its promise.
    pub fn load_more(self: &Rc<Self>, limit: JsValue) -> Promise {
        let limit = match args::count(&limit, NEXT_PAGE) {
            Ok(limit) => limit,
            Err(error) => return rejected(error),
        };
        {
            let state = self.state.borrow();
            if let Some((promise, _)) = &state.loading {
                return promise.clone();
            }
            if state.request.is_none() || state.loaded_all {
                return Promise::resolve(&state.snapshot());
            }
        }
        self.fetch(limit)
    }

    fn request_fields(&self, query: &JsValue, filters: &JsValue) -> Result<Object, Error> {
        let text = query
            .dyn_ref::<JsString>()
            .ok_or_else(|| invalid("setQuery(query): query must be a string"))?;
        if text.trim().length() == 0 {
            return Err(invalid("setQuery(query): query must not be blank"));
        }
        let filters = args::params(filters, "setQuery(query, filters): filters", true)?;
        if !js::get(&filters, "conversation").is_undefined() {
            return Err(invalid(
                "setQuery: filters.conversation is not supported by this server",
            ));
        }
        let op = match self.target {
            Target::Messages => "searchMessages",
            Target::Conversations => "searchConversations",
        };
        let fields = args::request(op, &[("query", query)]);
        let conversation = js::get(&filters, "conversationId");
        if self.target == Target::Messages && !conversation.is_undefined() {
            let id = args::id(&conversation, "filters.conversationId")?;
            js::set(&fields, "conversationId", &id);
        }
        Ok(fields)
    }

    /// Requests the next page of `limit` results (the state has a query and loads nothing).
    fn fetch(self: &Rc<Self>, limit: u32) -> Promise {
        let deferred = Rc::new(Deferred::new());
        let promise = deferred.promise();
        let (generation, request) = {
            let mut state = self.state.borrow_mut();
            let request = Object::new();
            if let Some(fields) = &state.request {
                Object::assign(&request, fields);
            }
            js::set(&request, "limit", &JsValue::from(limit));
            if let Some(cursor) = &state.cursor {
                js::set(&request, "cursor", cursor);
            }
            state.loading = Some((promise.clone(), deferred.clone()));
            (state.generation, request)
        };
        self.notify("searching");
        let this = self.clone();
        crate::js::spawn(Box::pin(async move {
            let reply = this.handle.call(request).await;
            this.on_page(generation, reply, &deferred);
        }));
        promise
    }

    fn on_page(&self, generation: u64, reply: Result<JsValue, Error>, deferred: &Deferred) {
        let status = {
            let mut state = self.state.borrow_mut();
            if state.generation != generation {
                return; // replaced by a newer query: its promise was rejected then
            }
            state.loading = None;
            match &reply {
                Ok(page) => {
                    if let Ok(results) = js::get(page, "results").dyn_into::<Array>() {
                        state.results = state.results.concat(&results);
                    }
                    state.cursor = Some(js::get(page, "cursor")).filter(JsValue::is_string);
                    state.loaded_all = js::get(page, "loadedAll").as_bool().unwrap_or(true)
                        || state.cursor.is_none();
                    Some(if state.loaded_all {
                        "loadedAll"
                    } else {
                        "canLoadMore"
                    })
                }
                // A failed next page can be asked for again; a failed first page leaves no query.
                Err(_) if state.results.length() == 0 && state.cursor.is_none() => {
                    state.request = None;
                    None
                }
                Err(_) => Some("canLoadMore"),
            }
        };
        if let Some(status) = status {
            self.notify(status);
        }
        if self.state.borrow().generation != generation {
            cancel(deferred); // the callback started a newer query
            return;
        }
        match reply {
            Ok(_) => deferred.resolve(&self.state.borrow().snapshot()),
            Err(error) => deferred.reject(&error.into()),
        }
    }

    /// Calls `onResults(results, status)` with a copy of the results so far.
    fn notify(&self, status: &str) {
        let Some(callback) = &self.on_results else {
            return;
        };
        let results = self.state.borrow().results();
        let result = callback.call2(&JsValue::UNDEFINED, &results, &JsValue::from_str(status));
        if let Err(thrown) = result {
            js::report("chat-elements: an onResults callback threw", &thrown);
        }
    }
}

impl State {
    fn results(&self) -> JsValue {
        self.results.slice(0, self.results.length()).into()
    }

    /// `{ results, loadedAll }`.
    fn snapshot(&self) -> JsValue {
        js::object(&[
            ("results", self.results()),
            ("loadedAll", JsValue::from_bool(self.loaded_all)),
        ])
    }
}

/// Rejects the promise of a query that a newer `setQuery` replaced with code `CANCELLED`,
/// marked as handled first (nobody needs to await a search they replaced).
fn cancel(deferred: &Deferred) {
    Deferred::ignore_rejection(&deferred.promise());
    let error = Error::InvalidOptions("the search was replaced by a newer setQuery".into()).to_js();
    js::set(&error, "code", &JsValue::from_str("CANCELLED"));
    deferred.reject(&error);
}
