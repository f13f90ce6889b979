//! `ChatElement`: one conversation's messages and a composer, mounted into a container.

pub(crate) mod options;
mod render;
pub(crate) mod view;

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement};

use self::options::ChatOptions;
use self::view::View;
use crate::dom;
use crate::emitter::{self, Emitter};
use crate::errors::Error;
use crate::js;
use crate::session::effects::{update, ElementNotice};
use crate::session::Shared;
use crate::styles;
use crate::timers::AnimationFrame;

enum Mount {
    Created,
    Mounted(View),
    /// Terminal: an unmounted element cannot be mounted again.
    Unmounted,
}

struct ElementState {
    options: ChatOptions,
    raw: JsValue,
    mount: Mount,
    ready: bool,
    frame: Option<AnimationFrame>,
}

/// What the JS object, the session and the DOM callbacks of one element share.
pub struct ElementShared {
    pub id: u32,
    session: Weak<Shared>,
    state: RefCell<ElementState>,
    emitter: RefCell<Emitter>,
    /// The JS object wrapping this element (passed to `ready` listeners, returned by `on()`);
    /// dropped on unmount.
    js_self: RefCell<Option<JsValue>>,
}

impl ElementShared {
    pub fn new(
        id: u32,
        session: &Rc<Shared>,
        options: &JsValue,
    ) -> Result<Rc<ElementShared>, Error> {
        let parsed = ChatOptions::parse(options)?;
        Ok(Rc::new(ElementShared {
            id,
            session: Rc::downgrade(session),
            state: RefCell::new(ElementState {
                options: parsed,
                raw: js::merged(&JsValue::UNDEFINED, options),
                mount: Mount::Created,
                ready: false,
                frame: None,
            }),
            emitter: RefCell::new(Emitter::default()),
            js_self: RefCell::new(None),
        }))
    }

    pub fn channel_id(&self) -> String {
        self.state.borrow().options.channel_id.clone()
    }

    fn this(&self) -> JsValue {
        self.js_self.borrow().clone().unwrap_or(JsValue::UNDEFINED)
    }

    fn is_mounted(&self) -> bool {
        matches!(self.state.borrow().mount, Mount::Mounted(_))
    }

    /// Re-renders at the next animation frame (once, however many changes arrive before it).
    pub fn schedule_render(self: &Rc<Self>) {
        let Ok(mut state) = self.state.try_borrow_mut() else {
            return;
        };
        if state.frame.is_some() || !matches!(state.mount, Mount::Mounted(_)) {
            return;
        }
        let weak = Rc::downgrade(self);
        state.frame = Some(AnimationFrame::new(move || {
            if let Some(el) = weak.upgrade() {
                el.render();
            }
        }));
    }

    fn render(self: &Rc<Self>) {
        let Some(session) = self.session.upgrade() else {
            return;
        };
        let (became_ready, wants_older, channel) = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            state.frame = None;
            let channel = state.options.channel_id.clone();
            let was_ready = state.ready;
            let Mount::Mounted(view) = &mut state.mount else {
                return;
            };
            let Ok(core) = session.core.try_borrow() else {
                return;
            };
            let outcome = render::update(view, &core, &channel);
            drop(core);
            if outcome.loaded {
                dom::set_attr(&view.root, "data-state", "ready");
            }
            state.ready = was_ready || outcome.loaded;
            (!was_ready && outcome.loaded, outcome.wants_older, channel)
        };
        if became_ready {
            self.announce_ready();
        }
        if wants_older {
            let id = self.id;
            update(&session, |core, fx| core.load_older(&channel, id, fx));
        }
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

    /// Something the session has for this element.
    pub fn notify(self: &Rc<Self>, notice: ElementNotice) {
        match notice {
            ElementNotice::MessageSent {
                id,
                content,
                channel_id,
            } => {
                let detail = js::object(&[
                    ("id", JsValue::from_str(&id)),
                    ("content", JsValue::from_str(&content)),
                    ("channelId", JsValue::from_str(&channel_id)),
                ]);
                let init = CustomEventInit::new();
                init.set_detail(&detail);
                let Ok(event) = CustomEvent::new_with_event_init_dict("messageSent", &init) else {
                    return;
                };
                let event: JsValue = event.into();
                emitter::emit(&self.emitter, "messageSent", &event);
                let on_event = self.state.borrow().options.on_event.clone();
                if let Some(callback) = on_event {
                    emitter::call_guarded(&callback, "onEvent", &event);
                }
            }
            ElementNotice::Error(error) => self.emit_error(&error),
        }
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
        match self.state.borrow().mount {
            Mount::Created => {}
            Mount::Mounted(_) => {
                js::warn("chat-elements: this element is already mounted; mount() ignored");
                return Ok(());
            }
            Mount::Unmounted => {
                return Err(Error::Destroyed(
                    "this element was unmounted; create a new one",
                ))
            }
        }
        let session = self
            .session
            .upgrade()
            .filter(|s| !s.core.borrow().destroyed)
            .ok_or(Error::Destroyed("the session was destroyed"))?;
        let doc = dom::document()?;
        let container = find_container(&doc, container)?;
        styles::inject(&doc);
        let channel = {
            let mut state = self.state.borrow_mut();
            let view = View::build(&doc, Rc::downgrade(self), &state.options.empty_state);
            dom::append(&container, &view.root);
            state.mount = Mount::Mounted(view);
            state.options.channel_id.clone()
        };
        let id = self.id;
        update(&session, |core, fx| core.watch(&channel, id, fx));
        self.schedule_render();
        Ok(())
    }

    /// Removes the element from the page and the session. Terminal; repeated calls do nothing.
    pub fn unmount(self: &Rc<Self>) {
        let (was_mounted, channel) = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            if matches!(state.mount, Mount::Unmounted) {
                return;
            }
            let was_mounted = matches!(state.mount, Mount::Mounted(_));
            state.mount = Mount::Unmounted; // drops the view: DOM removed, listeners detached
            state.frame = None;
            (was_mounted, state.options.channel_id.clone())
        };
        if let Some(session) = self.session.upgrade() {
            if was_mounted {
                let id = self.id;
                update(&session, |core, fx| core.unwatch(&channel, id, fx));
            }
            session.elements.borrow_mut().retain(|e| e.id != self.id);
        }
        *self.js_self.borrow_mut() = None;
    }

    fn update_options(self: &Rc<Self>, patch: &JsValue) -> Result<(), Error> {
        if !patch.is_object() {
            return Err(Error::InvalidOptions(
                "updateOptions needs an options object".into(),
            ));
        }
        let raw = js::merged(&self.state.borrow().raw, patch);
        let parsed = ChatOptions::parse(&raw)?;
        let (old_channel, switched) = {
            let mut state = self.state.borrow_mut();
            let old_channel = state.options.channel_id.clone();
            let switched = old_channel != parsed.channel_id;
            let empty_changed = state.options.empty_state != parsed.empty_state;
            if let Mount::Mounted(view) = &mut state.mount {
                if empty_changed {
                    view.set_empty_state(&parsed.empty_state);
                }
                if switched {
                    view.clear_rows();
                }
            }
            if switched {
                state.ready = false;
            }
            state.options = parsed;
            state.raw = raw.clone();
            (old_channel, switched)
        };
        if switched && self.is_mounted() {
            if let Some(session) = self.session.upgrade() {
                let id = self.id;
                let channel = self.channel_id();
                update(&session, |core, fx| {
                    core.unwatch(&old_channel, id, fx);
                    core.watch(&channel, id, fx);
                });
            }
            emitter::emit(&self.emitter, "snapshot", &self.snapshot());
        }
        self.schedule_render();
        emitter::emit(&self.emitter, "optionsUpdated", &raw);
        Ok(())
    }

    /// The composer's text goes out (Enter or the send button).
    fn send_from_composer(self: &Rc<Self>) {
        let (text, channel) = {
            let state = self.state.borrow();
            let Mount::Mounted(view) = &state.mount else {
                return;
            };
            (view.input.value(), state.options.channel_id.clone())
        };
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        let Some(session) = self.session.upgrade() else {
            return;
        };
        let id = self.id;
        let sent = update(&session, |core, fx| {
            core.send(&channel, text.to_owned(), id, fx)
        });
        match sent {
            Some(Ok(())) => {
                if let Mount::Mounted(view) = &mut self.state.borrow_mut().mount {
                    view.input.set_value("");
                    view.stick_to_bottom = true;
                }
            }
            Some(Err(error)) => self.emit_error(&error),
            None => {}
        }
    }

    fn retry(self: &Rc<Self>, client_id: &str) {
        if let Some(session) = self.session.upgrade() {
            update(&session, |core, fx| core.retry(client_id, fx));
        }
    }

    fn on_scroll(self: &Rc<Self>) {
        let near_top = match &self.state.borrow().mount {
            Mount::Mounted(view) => view.list.scroll_top() < render::TOP_SLACK_PX,
            _ => false,
        };
        if near_top {
            if let Some(session) = self.session.upgrade() {
                let channel = self.channel_id();
                let id = self.id;
                update(&session, |core, fx| core.load_older(&channel, id, fx));
            }
        }
    }
}

/// `"#id"` (or another selector) or an element.
pub(crate) fn find_container(
    doc: &web_sys::Document,
    container: &JsValue,
) -> Result<Element, Error> {
    if let Some(selector) = container.as_string() {
        let found = match selector.strip_prefix('#') {
            Some(id) if !id.is_empty() => doc.get_element_by_id(id),
            _ => doc.query_selector(&selector).ok().flatten(),
        };
        return found.ok_or(Error::ContainerNotFound(selector));
    }
    container
        .dyn_ref::<HtmlElement>()
        .map(|e| e.clone().unchecked_into::<Element>())
        .ok_or_else(|| Error::ContainerNotFound("(not an HTMLElement)".into()))
}

/// A chat element: the messages of one conversation and a composer.
#[wasm_bindgen]
pub struct ChatElement {
    shared: Rc<ElementShared>,
}

impl ChatElement {
    /// Creates the JS object for an element (kept by the element until it is unmounted).
    pub fn wrap(shared: Rc<ElementShared>) -> JsValue {
        let this = JsValue::from(ChatElement {
            shared: shared.clone(),
        });
        *shared.js_self.borrow_mut() = Some(this.clone());
        this
    }
}

#[wasm_bindgen]
impl ChatElement {
    /// The options as last given (merged).
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> JsValue {
        self.shared.state.borrow().raw.clone()
    }

    /// `"loading"` until the newest messages are shown, then `"ready"`.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        if self.shared.state.borrow().ready {
            "ready"
        } else {
            "loading"
        }
        .to_owned()
    }

    /// Mounts into an element or `"#id"`. Throws CONTAINER_NOT_FOUND; a second call warns and
    /// does nothing.
    pub fn mount(&self, container: JsValue) -> Result<(), JsValue> {
        self.shared.mount(&container).map_err(JsValue::from)
    }

    /// Removes the element. It cannot be mounted again.
    pub fn unmount(&self) {
        self.shared.unmount();
    }

    /// Changes options; a new `channelId` switches the conversation.
    #[wasm_bindgen(js_name = updateOptions)]
    pub fn update_options(&self, options: JsValue) -> Result<(), JsValue> {
        self.shared.update_options(&options).map_err(JsValue::from)
    }

    /// `{ state: "loading" | "ready" }`.
    #[wasm_bindgen(js_name = getSnapshot)]
    pub fn get_snapshot(&self) -> JsValue {
        self.shared.snapshot()
    }
}

emitter::listener_methods!(
    ChatElement,
    "`ready`, `snapshot`, `optionsUpdated`, `error`, `messageSent`"
);
