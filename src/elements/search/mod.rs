//! `SearchElement`: a search box over the user's messages (the Data API's `searchMessages`),
//! with results streamed in as pages arrive. Picking a result emits `resultClick`, closing emits
//! `close`; both unmount the element unless a listener calls `event.preventDefault()`.

mod element;
mod events;
mod highlight;
mod options;
mod query;
mod results;
mod styles;
mod view;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use js_sys::Array;
use wasm_bindgen::prelude::*;

use self::element::SearchElement;
use self::options::SearchOptions;
use self::query::Status;
use self::view::View;
use crate::chat_session::ChatSessionShared;
use crate::data::search::Search;
use crate::dom;
use crate::elements::mounting::{self, Mount, Target};
use crate::elements::registry::Mounted;
use crate::emitter::{self, Emitter};
use crate::errors::Error;
use crate::js;
use crate::timers::{AnimationFrame, Timeout};

struct State {
    options: SearchOptions,
    raw: JsValue,
    mount: Mount<View>,
    ready: bool,
    frame: Option<AnimationFrame>,
    debounce: Option<Timeout>,
    /// Created at mount; dropped at unmount.
    search: Option<Rc<Search>>,
    /// Bumped by each query: pages of an older one are dropped.
    generation: u64,
    query: String,
    words: Vec<Vec<char>>,
    results: Array,
    status: Status,
    /// The row to focus once the page that "load more" asked for is shown.
    refocus: Option<u32>,
}

/// What the JS object, the session and the DOM callbacks of one search element share.
pub struct SearchShared {
    /// Unique in the page (for the ids that tie labels to inputs).
    id: u32,
    /// The element's id in its session's registry.
    registered: Cell<u32>,
    session: Weak<ChatSessionShared>,
    state: RefCell<State>,
    emitter: RefCell<Emitter>,
    js_self: RefCell<Option<JsValue>>,
    /// Called once the element is unmounted, whatever the reason (the modal closes with it).
    on_unmount: RefCell<Option<Box<dyn FnOnce()>>>,
}

/// `session.createElement("search-element", options)`: the element and its JS object.
pub fn create(
    session: &Rc<ChatSessionShared>,
    options: &JsValue,
) -> Result<(Rc<SearchShared>, JsValue), Error> {
    let element = SearchShared::new(session, options)?;
    let registered: Rc<dyn Mounted> = element.clone();
    element.registered.set(session.ui.add(registered));
    let this = SearchElement::wrap(element.clone());
    Ok((element, this))
}

impl SearchShared {
    fn new(session: &Rc<ChatSessionShared>, options: &JsValue) -> Result<Rc<SearchShared>, Error> {
        let parsed = SearchOptions::parse(options)?;
        Ok(Rc::new(SearchShared {
            id: dom::next_id(),
            registered: Cell::new(0),
            session: Rc::downgrade(session),
            state: RefCell::new(State {
                options: parsed,
                raw: js::merged(&JsValue::UNDEFINED, options),
                mount: Mount::Created,
                ready: false,
                frame: None,
                debounce: None,
                search: None,
                generation: 0,
                query: String::new(),
                words: Vec::new(),
                results: Array::new(),
                status: Status::Idle,
                refocus: None,
            }),
            emitter: RefCell::new(Emitter::default()),
            js_self: RefCell::new(None),
            on_unmount: RefCell::new(None),
        }))
    }

    fn this(&self) -> JsValue {
        self.js_self.borrow().clone().unwrap_or(JsValue::UNDEFINED)
    }

    pub fn set_on_unmount(&self, hook: impl FnOnce() + 'static) {
        *self.on_unmount.borrow_mut() = Some(Box::new(hook));
    }

    /// Mounts into an element or a selector.
    pub fn mount(self: &Rc<Self>, container: &JsValue) -> Result<(), Error> {
        let Some(Target {
            session,
            doc,
            container,
        }) = mounting::prepare(
            &self.state.borrow().mount,
            self.session.upgrade(),
            container,
        )?
        else {
            return Ok(());
        };
        styles::inject(&doc);
        let view = View::build(&doc, Rc::downgrade(self), self.id);
        dom::append(&container, &view.root);
        mounting::style_root(&session, &view.root);
        let weak = Rc::downgrade(self);
        let mut state = self.state.borrow_mut();
        state.mount = Mount::Mounted(view);
        state.search = Some(Rc::new(query::new_search(&session.handle)));
        state.frame = Some(AnimationFrame::new(move || {
            if let Some(el) = weak.upgrade() {
                el.announce_ready();
            }
        }));
        Ok(())
    }

    /// The search input, once mounted (the modal focuses it).
    pub fn input(&self) -> Option<web_sys::HtmlElement> {
        match &self.state.borrow().mount {
            Mount::Mounted(view) => Some(view.input.clone().into()),
            _ => None,
        }
    }

    /// `ready(element)`, `onReady(element)` and a `snapshot`.
    fn announce_ready(&self) {
        let on_ready = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            state.frame = None;
            let Mount::Mounted(view) = &state.mount else {
                return;
            };
            dom::set_attr(&view.root, "data-state", "ready");
            state.ready = true;
            state.options.on_ready.clone()
        };
        let this = self.this();
        emitter::emit(&self.emitter, "ready", &this);
        if let Some(callback) = on_ready {
            emitter::call_guarded(&callback, "onReady", &this);
        }
        emitter::emit(&self.emitter, "snapshot", &self.snapshot());
    }

    fn snapshot(&self) -> JsValue {
        let ready = self.state.borrow().ready;
        js::object(&[(
            "state",
            JsValue::from_str(if ready { "ready" } else { "loading" }),
        )])
    }

    fn emit_error(&self, error: &JsValue) {
        if self.emitter.borrow().has("error") {
            emitter::emit(&self.emitter, "error", error);
        } else {
            js::report(
                "chat-elements: search error (add an \"error\" listener to handle it)",
                error,
            );
        }
    }

    /// Removes the element from the page and the session. Terminal; repeated calls do nothing.
    pub fn unmount(self: &Rc<Self>) {
        {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            if matches!(state.mount, Mount::Unmounted) {
                return;
            }
            state.mount = Mount::Unmounted; // drops the view: DOM removed, listeners detached
            state.frame = None;
            state.debounce = None;
            state.search = None;
            state.generation += 1;
        }
        if let Some(session) = self.session.upgrade() {
            session.ui.remove(self.registered.get());
        }
        *self.js_self.borrow_mut() = None;
        let hook = self.on_unmount.borrow_mut().take();
        if let Some(hook) = hook {
            hook();
        }
    }

    fn update_options(self: &Rc<Self>, patch: &JsValue) -> Result<(), Error> {
        if !patch.is_object() {
            return Err(Error::InvalidOptions(
                "updateOptions needs an options object".into(),
            ));
        }
        let raw = js::merged(&self.state.borrow().raw, patch);
        let parsed = SearchOptions::parse(&raw)?;
        let rerun = {
            let mut state = self.state.borrow_mut();
            let switched = state.options.channel_id != parsed.channel_id;
            state.options = parsed;
            state.raw = raw.clone();
            if switched {
                state.query.clear(); // run the same words again in the new scope
            }
            switched && matches!(state.mount, Mount::Mounted(_))
        };
        if rerun {
            self.run_query();
        }
        emitter::emit(&self.emitter, "optionsUpdated", &raw);
        Ok(())
    }
}

impl Mounted for SearchShared {
    fn root(&self) -> Option<web_sys::Element> {
        Some(self.state.try_borrow().ok()?.mount.view()?.root.clone())
    }

    /// Rebuilds the result rows (their times) and the status line in the new locale.
    fn rerender(self: Rc<Self>) {
        {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            let Mount::Mounted(view) = &mut state.mount else {
                return;
            };
            view.list.set_text_content(None);
            view.rows = 0;
        }
        self.show();
    }

    fn unmount(self: Rc<Self>) {
        SearchShared::unmount(&self);
    }
}
