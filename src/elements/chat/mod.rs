//! `ChatElement`: one conversation's messages (rich text, files, replies, reactions, day
//! separators, the unread divider, read receipts) with per-message actions, who is typing, and a
//! composer, mounted into a container. The messages come from a conversation view of the engine
//! (`session::view`); the conversation's read state and typing from watched topics (feeds.rs).

mod actions;
mod attachments;
mod class;
mod clicks;
mod content;
mod dispatch;
mod events;
mod feeds;
mod layout;
mod lifecycle;
mod mentions;
mod moderation;
pub(crate) mod options;
mod position;
mod preview;
mod reactions;
mod render;
mod row;
mod separators;
pub(crate) mod view;
mod virtual_list;

pub use self::class::ChatElement;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use wasm_bindgen::prelude::*;

use self::feeds::Live;
use self::options::ChatOptions;
use self::view::View;
use crate::chat_session::ChatSessionShared;
use crate::dom;
use crate::elements::mounting::Mount;
use crate::elements::registry::Mounted;
use crate::emitter::Emitter;
use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;
use crate::session::view::{ConversationView, SendOutcome};
use crate::timers::AnimationFrame;

/// Messages per page of the chat-element (its first window, and each older page).
const PAGE: usize = 30;

struct ElementState {
    options: ChatOptions,
    raw: JsValue,
    mount: Mount<Box<View>>,
    /// The conversation shown, while mounted.
    conversation: Option<ConversationView>,
    ready: bool,
    /// The conversation's error was reported (once per failure).
    reported: bool,
    frame: Option<AnimationFrame>,
}

/// What the JS object, the session and the DOM callbacks of one element share.
pub struct ElementShared {
    /// The element's id in its session's registry.
    id: Cell<u32>,
    session: Weak<ChatSessionShared>,
    state: RefCell<ElementState>,
    emitter: RefCell<Emitter>,
    /// The JS object wrapping this element (passed to `ready` listeners, returned by `on()`);
    /// dropped on unmount.
    js_self: RefCell<Option<JsValue>>,
    /// What the watched topics delivered (feeds.rs).
    live: RefCell<Live>,
    /// The moderation watches and nodes (moderation.rs).
    moderation: RefCell<moderation::Moderation>,
}

impl ElementShared {
    /// A new element of `session`, kept in its registry until unmounted.
    pub fn new(
        session: &Rc<ChatSessionShared>,
        options: &JsValue,
    ) -> Result<Rc<ElementShared>, Error> {
        let parsed = ChatOptions::parse(options)?;
        let element = Rc::new(ElementShared {
            id: Cell::new(0),
            session: Rc::downgrade(session),
            state: RefCell::new(ElementState {
                options: parsed,
                raw: js::merged(&JsValue::UNDEFINED, options),
                mount: Mount::Created,
                conversation: None,
                ready: false,
                reported: false,
                frame: None,
            }),
            emitter: RefCell::new(Emitter::default()),
            js_self: RefCell::new(None),
            live: RefCell::new(Live::default()),
            moderation: RefCell::new(moderation::Moderation::default()),
        });
        let registered: Rc<dyn Mounted> = element.clone();
        element.id.set(session.ui.add(registered));
        Ok(element)
    }

    /// The engine handle of the element's session, while the session lives.
    pub(super) fn handle(&self) -> Option<SessionHandle> {
        self.session.upgrade().map(|s| s.handle.clone())
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
        let base = self.base_url();
        let (became_ready, outcome, channel, failure) = {
            let Ok(mut state) = self.state.try_borrow_mut() else {
                return;
            };
            state.frame = None;
            let channel = state.options.channel_id.clone();
            let was_ready = state.ready;
            let state = &mut *state;
            let (Mount::Mounted(view), Some(conversation)) =
                (&mut state.mount, &state.conversation)
            else {
                return;
            };
            let Ok(live) = self.live.try_borrow() else {
                return;
            };
            let Some(outcome) =
                conversation.read(|snapshot| render::update(view, snapshot, &live, &base))
            else {
                return;
            };
            if outcome.loaded {
                dom::set_attr(&view.root, "data-state", "ready");
            }
            state.ready = was_ready || outcome.loaded;
            // A conversation that cannot be shown is reported once per failure.
            let failure = outcome.error.clone().filter(|_| !state.reported);
            state.reported = outcome.error.is_some();
            (!was_ready && outcome.loaded, outcome, channel, failure)
        };
        self.after_render_moderation();
        if let Some(error) = failure {
            self.emit_error(&error);
        }
        if became_ready {
            self.announce_ready();
        }
        if let Some(count) = outcome.wants_older {
            self.load_older(count);
        }
        self.follow_deeplink(&outcome);
        if outcome.mark_read {
            self.mark_read(&channel);
        }
    }

    /// The newest message is seen: the conversation is read up to now.
    fn mark_read(self: &Rc<Self>, channel: &str) {
        let Some(handle) = self.handle() else {
            return;
        };
        if let Ok(mut live) = self.live.try_borrow_mut() {
            live.marking = true;
        }
        let request = js::object(&[
            ("op", JsValue::from_str("markRead")),
            ("conversationId", JsValue::from_str(channel)),
        ]);
        let weak = Rc::downgrade(self);
        crate::js::spawn(Box::pin(async move {
            let result = handle.call(request.unchecked_into()).await;
            if let Some(el) = weak.upgrade() {
                if let Ok(mut live) = el.live.try_borrow_mut() {
                    live.marking = false;
                }
                if let Err(error) = result {
                    el.emit_error(&error);
                }
            }
        }));
    }

    /// Runs `f` on the mounted view (`None` when not mounted or busy).
    fn with_view<R>(&self, f: impl FnOnce(&mut View) -> R) -> Option<R> {
        let mut state = self.state.try_borrow_mut().ok()?;
        match &mut state.mount {
            Mount::Mounted(view) => Some(f(view)),
            _ => None,
        }
    }

    /// The message object shown for message `id` (undefined when not shown).
    fn message_source(&self, id: &str) -> JsValue {
        let Ok(state) = self.state.try_borrow() else {
            return JsValue::UNDEFINED;
        };
        let Mount::Mounted(view) = &state.mount else {
            return JsValue::UNDEFINED;
        };
        view.rows
            .iter()
            .find(|(_, row)| row.message_id.as_deref() == Some(id))
            .map_or(JsValue::UNDEFINED, |(_, row)| row.source.clone())
    }

    /// The base for relative file URLs: the server's URL.
    fn base_url(&self) -> String {
        self.handle()
            .map(|handle| [&handle.server_url(), "/"].concat())
            .unwrap_or_default()
    }

    fn navigation_disabled(&self) -> bool {
        self.state
            .try_borrow()
            .is_ok_and(|state| state.options.disable_navigation)
    }

    /// The composer's text and files go out (Enter or the send button), as a reply when one is
    /// set; while files are uploading, once they are done (attachments.rs).
    fn send_from_composer(self: &Rc<Self>) {
        if self.with_view(|view| view.attachments.defer_send()) != Some(false) {
            return;
        }
        let Some((text, reply, picked, tokens)) = self.with_view(|view| {
            (
                view.input.value(),
                view.modes.reply.clone(),
                std::mem::take(&mut view.mentions.picked),
                view.attachments.tokens(),
            )
        }) else {
            return;
        };
        let text = text.trim();
        let payload = if picked.is_empty() && tokens.is_empty() {
            if text.is_empty() {
                return;
            }
            let payload = js::object(&[("text", JsValue::from_str(text))]);
            if let Some(reply) = &reply {
                js::set(&payload, "referencedMessageId", &JsValue::from_str(reply));
            }
            payload
        } else {
            let Some(payload) = attachments::payload(text, &picked, &tokens, reply.as_deref())
            else {
                self.with_view(|view| view.mentions.picked = picked);
                return;
            };
            payload
        };
        let sent = {
            let state = self.state.borrow();
            let Some(conversation) = &state.conversation else {
                return;
            };
            conversation.send(text.to_owned(), payload)
        };
        match sent {
            Ok(outcome) => {
                self.with_view(|view| {
                    view.input.set_value("");
                    view.attachments.clear_sent();
                    view.mentions.close(&view.input);
                    view.stick_to_bottom = true;
                    view.cancel_reply();
                });
                self.follow_send(text.to_owned(), outcome);
            }
            Err(error) => {
                self.with_view(|view| view.mentions.picked = picked);
                self.emit_error(&error);
            }
        }
    }

    /// Emits `messageSent` once a send of `text` is stored, or `error` when it fails (while the
    /// element is mounted).
    fn follow_send(self: &Rc<Self>, text: String, outcome: SendOutcome) {
        let weak = Rc::downgrade(self);
        crate::js::spawn(Box::pin(async move {
            let result = outcome.await;
            let Some(el) = weak.upgrade().filter(|el| el.is_mounted()) else {
                return;
            };
            match result {
                Some(Ok(message)) => el.message_sent(&message, &text),
                Some(Err(error)) => el.emit_error(&error),
                None => {}
            }
        }));
    }

    /// The user types: the others see it (the engine throttles the `typing` requests).
    fn on_input(self: &Rc<Self>) {
        self.refresh_mentions();
        let typed = self.with_view(|view| !view.input.value().trim().is_empty());
        if let (Some(true), Some(handle)) = (typed, self.handle()) {
            handle.mark_typing(&self.channel_id());
        }
    }

    fn retry(self: &Rc<Self>, client_id: &str) {
        let retried = match &self.state.borrow().conversation {
            Some(conversation) => conversation.retry(client_id),
            None => return,
        };
        if let Some((text, outcome)) = retried {
            self.follow_send(text, outcome);
        }
    }

    /// A page of older messages (`count` of them).
    fn load_older(&self, count: usize) {
        if let Some(conversation) = &self.state.borrow().conversation {
            // The element renders when they arrive; the outcome needs no answer.
            drop(conversation.load_older(count));
        }
    }

    fn on_scroll(self: &Rc<Self>) {
        let near_top = self
            .with_view(|view| {
                view.capture_position();
                view.list.scroll_top() < render::TOP_SLACK_PX
            })
            .unwrap_or(false);
        self.schedule_render(); // the newest message may have come into view
        if near_top {
            self.load_older(PAGE);
        }
    }
}

impl Mounted for ElementShared {
    fn root(&self) -> Option<web_sys::Element> {
        Some(self.state.try_borrow().ok()?.mount.view()?.root.clone())
    }

    fn rerender(self: Rc<Self>) {
        self.schedule_render();
    }

    fn unmount(self: Rc<Self>) {
        ElementShared::unmount(&self);
    }
}
