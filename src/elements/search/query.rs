//! Running the typed query: debounced, through the Data API's message search, one page after
//! another, showing each page as it arrives. Pages of a query that was replaced are dropped.

use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{highlight, results, Mount, SearchShared};
use crate::data::search::{Search, Target};
use crate::dom;
use crate::errors::describe;
use crate::i18n::{self, Text};
use crate::js;
use crate::session::handle::SessionHandle;
use crate::timers::Timeout;

/// Typing pauses this long before a query runs.
const DEBOUNCE_MS: u64 = 200;
/// After the first page (3 results), the next request fills the list up to 20.
const FILL: u32 = 17;
/// Results per "load more".
const PAGE: u32 = 20;

/// Where the current query is.
#[derive(Clone, PartialEq)]
pub enum Status {
    /// No query.
    Idle,
    Searching,
    CanLoadMore,
    LoadedAll,
    Failed(String),
}

pub fn new_search(handle: &SessionHandle) -> Search {
    Search::new(handle.clone(), Target::Messages, None)
}

impl SearchShared {
    /// The input changed: run the query once typing pauses.
    pub(super) fn on_input(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        if let Ok(mut state) = self.state.try_borrow_mut() {
            state.debounce = Some(Timeout::new(DEBOUNCE_MS, move || {
                if let Some(el) = weak.upgrade() {
                    el.run_query();
                }
            }));
        }
    }

    /// Starts a search for the input's text (unless it is the query already shown).
    pub(super) fn run_query(self: &Rc<Self>) {
        let started = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            let state = &mut *state;
            state.debounce = None;
            let Mount::Mounted(view) = &mut state.mount else {
                return;
            };
            let query = view.input.value().trim().to_owned();
            if query == state.query && !matches!(state.status, Status::Failed(_)) {
                return;
            }
            view.clear_rows();
            state.generation += 1;
            state.words = highlight::query_words(&query);
            state.query = query;
            state.results = Array::new();
            state.refocus = None;
            match (&state.search, state.query.is_empty()) {
                (Some(search), false) => {
                    state.status = Status::Searching;
                    let filters = match &state.options.channel_id {
                        Some(id) => js::object(&[("conversationId", JsValue::from_str(id))]),
                        None => JsValue::UNDEFINED,
                    };
                    let query = JsValue::from_str(&state.query);
                    Some((search.set_query(query, filters), state.generation))
                }
                _ => {
                    state.status = Status::Idle;
                    None
                }
            }
        };
        self.show();
        if let Some((promise, generation)) = started {
            self.await_page(promise, generation, true);
        }
    }

    /// The "load more" control: the next page of the current query.
    pub(super) fn load_more(self: &Rc<Self>) {
        if let Ok(mut state) = self.state.try_borrow_mut() {
            if state.status == Status::CanLoadMore {
                // Focus moves to the first new result once it is there (the control hides).
                state.refocus = Some(state.results.length());
            }
        }
        self.fetch_more(PAGE);
    }

    fn fetch_more(self: &Rc<Self>, limit: u32) {
        let started = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            match &state.search {
                Some(search) if state.status == Status::CanLoadMore => {
                    let promise = search.load_more(JsValue::from(limit));
                    state.status = Status::Searching;
                    Some((promise, state.generation))
                }
                _ => None,
            }
        };
        if let Some((promise, generation)) = started {
            self.show();
            self.await_page(promise, generation, false);
        }
    }

    fn await_page(self: &Rc<Self>, promise: Promise, generation: u64, first: bool) {
        let weak = Rc::downgrade(self);
        crate::js::spawn(Box::pin(async move {
            let outcome = JsFuture::from(promise).await;
            if let Some(el) = weak.upgrade() {
                el.on_page(generation, outcome, first);
            }
        }));
    }

    /// A page arrived (every result so far), or the request failed.
    fn on_page(self: &Rc<Self>, generation: u64, outcome: Result<JsValue, JsValue>, first: bool) {
        let (fill, failed) = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            if state.generation != generation || !matches!(state.mount, Mount::Mounted(_)) {
                return;
            }
            match outcome {
                Ok(page) => {
                    state.results = js::get(&page, "results").dyn_into().unwrap_or_default();
                    let loaded_all = js::get(&page, "loadedAll").as_bool().unwrap_or(true);
                    state.status = if loaded_all {
                        Status::LoadedAll
                    } else {
                        Status::CanLoadMore
                    };
                    (first && !loaded_all, None)
                }
                Err(error)
                    if js::get(&error, "code").as_string().as_deref() == Some("CANCELLED") =>
                {
                    return;
                }
                Err(error) => {
                    state.refocus = None;
                    state.status = Status::Failed(describe(&error));
                    (false, Some(error))
                }
            }
        };
        self.show();
        if let Some(error) = failed {
            self.emit_error(&error);
        }
        if fill {
            self.fetch_more(FILL);
        }
    }

    /// Brings the view up to date: new rows, the status line, the empty state, "load more".
    pub(super) fn show(&self) {
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return;
        };
        let state = &mut *state;
        let Mount::Mounted(view) = &mut state.mount else {
            return;
        };
        let count = state.results.length();
        while view.rows < count {
            let row = results::row(
                &view.doc,
                &state.results.get(view.rows),
                view.rows,
                &state.words,
                i18n::of(&view.root),
            );
            dom::append(&view.list, &row);
            view.rows += 1;
        }
        let locale = i18n::of(&view.root);
        let text = match &state.status {
            Status::Idle => String::new(),
            Status::Searching => i18n::t(locale, Text::Searching).to_owned(),
            Status::LoadedAll if count == 0 => i18n::t(locale, Text::NoResults).to_owned(),
            Status::LoadedAll | Status::CanLoadMore => {
                let more = if state.status == Status::CanLoadMore {
                    "+"
                } else {
                    ""
                };
                let noun = if count == 1 {
                    Text::ResultOne
                } else {
                    Text::ResultMany
                };
                let count = [i18n::number(locale, count.into()), more.into()].concat();
                i18n::tr(locale, noun, &[&count])
            }
            Status::Failed(message) => i18n::tr(locale, Text::SearchFailed, &[message]),
        };
        view.status.set_text_content(Some(&text));
        let searching = state.status == Status::Searching;
        dom::set_attr(
            &view.list,
            "aria-busy",
            if searching { "true" } else { "false" },
        );
        dom::set_attr(&view.root, "data-status", status_name(&state.status));
        dom::set_hidden(
            &view.empty,
            !(state.status == Status::LoadedAll && count == 0),
        );
        let loading_more = searching && state.refocus.is_some();
        dom::set_hidden(
            &view.more,
            !(state.status == Status::CanLoadMore || loading_more),
        );
        dom::set_attr(
            &view.more,
            "aria-disabled",
            if loading_more { "true" } else { "false" },
        );
        if !searching {
            if let Some(index) = state.refocus.take() {
                view.focus_row(index);
            }
        }
    }
}

fn status_name(status: &Status) -> &'static str {
    match status {
        Status::Idle => "idle",
        Status::Searching => "searching",
        Status::CanLoadMore => "canLoadMore",
        Status::LoadedAll => "loadedAll",
        Status::Failed(_) => "failed",
    }
}
