//! `DmsListElement`: the current user's conversations, most recently active first, with unread
//! badges and last-message previews, live. Built on the Data API's conversations subscription
//! (`feed.rs`); selecting a row emits `channelSelected` with `detail: { id }` (as Whop's).

mod class;
mod feed;
mod options;
mod render;
mod row;
mod view;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit};

pub use self::class::DmsListElement;
use self::feed::{Data, Feeds, Latest, PAGE};
use self::options::DmsOptions;
use self::view::View;
use crate::chat_session::ChatSessionShared;
use crate::dom;
use crate::elements::mounting::{self, Mount, Target};
use crate::elements::registry::Mounted;
use crate::emitter::{self, Emitter};
use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;
use crate::timers::AnimationFrame;

/// A mounted element's DOM and subscriptions (dropped together on unmount).
struct Shown {
    view: View,
    feeds: Option<Feeds>,
}

struct ElementState {
    options: DmsOptions,
    raw: JsValue,
    mount: Mount<Box<Shown>>,
    ready: bool,
    /// The subscription's error was reported.
    reported: bool,
}

/// What the JS object, the subscriptions' sinks and the DOM callbacks of one element share.
pub struct DmsShared {
    session: Weak<ChatSessionShared>,
    /// The element's id in its session's registry.
    registered: Cell<u32>,
    state: RefCell<ElementState>,
    emitter: RefCell<Emitter>,
    /// The JS object wrapping this element; dropped on unmount.
    js_self: RefCell<Option<JsValue>>,
    /// What the subscriptions delivered.
    data: RefCell<Data>,
    frame: RefCell<Option<AnimationFrame>>,
}

impl DmsShared {
    /// A new element of `session`, kept in its registry until unmounted.
    pub fn new(session: &Rc<ChatSessionShared>, options: &JsValue) -> Result<Rc<DmsShared>, Error> {
        let parsed = DmsOptions::parse(options)?;
        let element = Rc::new(DmsShared {
            session: Rc::downgrade(session),
            registered: Cell::new(0),
            state: RefCell::new(ElementState {
                options: parsed,
                raw: js::merged(&JsValue::UNDEFINED, options),
                mount: Mount::Created,
                ready: false,
                reported: false,
            }),
            emitter: RefCell::new(Emitter::default()),
            js_self: RefCell::new(None),
            data: RefCell::new(Data::default()),
            frame: RefCell::new(None),
        });
        let registered: Rc<dyn Mounted> = element.clone();
        element.registered.set(session.ui.add(registered));
        Ok(element)
    }

    fn this(&self) -> JsValue {
        self.js_self.borrow().clone().unwrap_or(JsValue::UNDEFINED)
    }

    fn handle(&self) -> Option<SessionHandle> {
        self.session.upgrade().map(|s| s.handle.clone())
    }

    /// The current user's id (empty before the session's first welcome).
    fn me(&self) -> String {
        self.handle()
            .and_then(|handle| handle.user_id())
            .unwrap_or_default()
    }

    /// Renders at the next animation frame (once, however many updates arrive before it).
    fn schedule_render(self: &Rc<Self>) {
        let unmounted = self
            .state
            .try_borrow()
            .is_ok_and(|state| !matches!(state.mount, Mount::Mounted(_)));
        let Ok(mut frame) = self.frame.try_borrow_mut() else {
            return;
        };
        if unmounted || frame.is_some() {
            return;
        }
        let weak = Rc::downgrade(self);
        *frame = Some(AnimationFrame::new(move || {
            if let Some(el) = weak.upgrade() {
                el.render();
            }
        }));
    }

    /// `ready(element)`, `onReady(element)` and a `snapshot`.
    fn announce_ready(&self) {
        let this = self.this();
        emitter::emit(&self.emitter, "ready", &this);
        let on_ready = self.state.borrow().options.on_ready.clone();
        if let Some(callback) = on_ready {
            emitter::call_guarded(&callback, "onReady", &this);
        }
        emitter::emit(&self.emitter, "snapshot", &self.snapshot());
    }

    fn snapshot(&self) -> JsValue {
        let state = if self.state.borrow().ready {
            "ready"
        } else {
            "loading"
        };
        js::object(&[("state", JsValue::from_str(state))])
    }

    fn emit_error(&self, error: &Error) {
        let value = error.to_js();
        if self.emitter.borrow().has("error") {
            emitter::emit(&self.emitter, "error", &value);
        } else {
            js::report(
                "chat-elements: element error (add an \"error\" listener to handle it)",
                &value,
            );
        }
    }

    fn mount(self: &Rc<Self>, container: &JsValue) -> Result<(), Error> {
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
        {
            let mut state = self.state.borrow_mut();
            let view = View::build(&doc, Rc::downgrade(self), &state.options.empty_state);
            dom::append(&container, &view.root);
            mounting::style_root(&session, &view.root);
            state.mount = Mount::Mounted(Box::new(Shown { view, feeds: None }));
        }
        // Subscribing may deliver at once: no borrow is held meanwhile.
        let feeds = Feeds::start(&session.handle, Rc::downgrade(self));
        if let Mount::Mounted(mounted) = &mut self.state.borrow_mut().mount {
            mounted.feeds = Some(feeds);
        }
        self.schedule_render();
        Ok(())
    }

    /// Removes the element and ends its subscriptions. Terminal; repeated calls do nothing.
    fn unmount(&self) {
        let mounted = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            std::mem::replace(&mut state.mount, Mount::Unmounted)
        };
        drop(mounted); // the DOM goes, listeners detach, subscriptions end
        self.frame.borrow_mut().take();
        *self.data.borrow_mut() = Data::default();
        *self.js_self.borrow_mut() = None;
        if let Some(session) = self.session.upgrade() {
            session.ui.remove(self.registered.get());
        }
    }

    fn update_options(self: &Rc<Self>, patch: &JsValue) -> Result<(), Error> {
        if !patch.is_object() {
            return Err(Error::InvalidOptions(
                "updateOptions needs an options object".into(),
            ));
        }
        let raw = js::merged(&self.state.borrow().raw, patch);
        let parsed = DmsOptions::parse(&raw)?;
        {
            let mut state = self.state.borrow_mut();
            if let Mount::Mounted(mounted) = &state.mount {
                if state.options.empty_state != parsed.empty_state {
                    mounted.view.set_empty_state(&parsed.empty_state);
                }
                if state.options.selected_channel != parsed.selected_channel {
                    mounted
                        .view
                        .set_selected(parsed.selected_channel.as_deref());
                }
            }
            state.options = parsed;
            state.raw = raw.clone();
        }
        emitter::emit(&self.emitter, "optionsUpdated", &raw);
        Ok(())
    }

    /// A row was clicked or activated: it becomes the selection, then `channelSelected`.
    fn select(&self, id: String) {
        let on_event = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            state.options.selected_channel = Some(id.clone());
            js::set(&state.raw, "selectedChannel", &JsValue::from_str(&id));
            if let Mount::Mounted(mounted) = &state.mount {
                mounted.view.set_selected(Some(&id));
            }
            state.options.on_event.clone()
        };
        let init = CustomEventInit::new();
        init.set_detail(&js::object(&[("id", JsValue::from_str(&id))]));
        let Ok(event) = CustomEvent::new_with_event_init_dict("channelSelected", &init) else {
            return;
        };
        let event: JsValue = event.into();
        emitter::emit(&self.emitter, "channelSelected", &event);
        if let Some(callback) = on_event {
            emitter::call_guarded(&callback, "onEvent", &event);
        }
    }

    /// Scrolled: at the bottom, the window grows (the subscription's `loadMore`).
    fn on_scroll(&self) {
        let list = {
            let state = self.state.borrow();
            let Mount::Mounted(mounted) = &state.mount else {
                return;
            };
            let more = matches!(
                self.data.borrow().latest,
                Latest::List {
                    loaded_all: false,
                    ..
                }
            );
            match &mounted.feeds {
                Some(feeds) if more && mounted.view.near_bottom() => feeds.list.clone(),
                _ => return,
            }
        };
        list.load_more(PAGE);
    }
}

impl Mounted for DmsShared {
    fn root(&self) -> Option<web_sys::Element> {
        Some(
            self.state
                .try_borrow()
                .ok()?
                .mount
                .view()?
                .view
                .root
                .clone(),
        )
    }

    /// Rows' times, previews and counts are written in the locale.
    fn rerender(self: Rc<Self>) {
        self.schedule_render();
    }

    fn unmount(self: Rc<Self>) {
        DmsShared::unmount(&self);
    }
}
