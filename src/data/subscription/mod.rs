//! Subscriptions: one implementation ([`core::Core`]) configured per [`Kind`], fed by a watched
//! topic, a windowed topic ([`window`]) or a conversation's message stream.

mod classes;
mod core;
mod messages;
mod window;

use std::rc::Rc;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use crate::data::args;
use crate::js;
use crate::session::handle::{SessionHandle, Update};

pub use classes::{Subscription, WindowedSubscription};
#[cfg(feature = "elements")]
pub use core::Sink;

use self::core::{Core, Feed, MessageFeed};
use self::window::Window;
#[cfg(feature = "elements")]
use crate::data::deferred::Deferred;

/// What a subscription is to: where its snapshot is in the topic's snapshot, and its window.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    User,
    Online,
    Conversation,
    Participant,
    Typing,
    Participants,
    Conversations,
    Messages,
}

impl Kind {
    /// The field of the topic snapshot (`{ kind, <field>: ... }`) that holds the snapshot.
    fn field(self) -> &'static str {
        match self {
            Kind::User => "user",
            Kind::Online => "online",
            Kind::Conversation => "conversation",
            Kind::Participant => "participant",
            Kind::Typing => "typing",
            Kind::Participants => "participants",
            Kind::Conversations => "conversations",
            Kind::Messages => "messages",
        }
    }

    /// The initial window of a list grown by `limit` (`Messages` is windowed by the engine).
    fn window(self) -> Option<u32> {
        match self {
            Kind::Participants => Some(chat_elements_core::list_window::PARTICIPANTS_INITIAL),
            Kind::Conversations => Some(chat_elements_core::list_window::CONVERSATIONS_INITIAL),
            _ => None,
        }
    }

    /// Lists call back with `(snapshot, loadedAll)` and have `loadMore`.
    fn is_list(self) -> bool {
        matches!(
            self,
            Kind::Participants | Kind::Conversations | Kind::Messages
        )
    }

    /// `loadMore()` without a count loads as many as the initial window.
    fn default_count(self) -> u32 {
        self.window().unwrap_or(10)
    }

    /// The snapshot inside a topic snapshot (`null` when absent).
    fn unwrap(self, snapshot: &JsValue) -> JsValue {
        let inner = if js::has(snapshot, "kind") {
            js::get(snapshot, self.field())
        } else {
            snapshot.clone()
        };
        if inner.is_undefined() {
            JsValue::NULL
        } else {
            inner
        }
    }

    /// A list topic's items (`None` for `null`) and `loadedAll`.
    fn list(self, snapshot: &JsValue) -> (Option<Vec<JsValue>>, bool) {
        let loaded_all = js::get(snapshot, "loadedAll").as_bool().unwrap_or(false);
        let items = self.unwrap(snapshot);
        match items.dyn_into::<Array>() {
            Ok(items) => (Some(items.iter().collect()), loaded_all),
            Err(_) => (None, true),
        }
    }
}

/// Subscribes to a watched topic; `onSnapshot` may be absent.
pub fn watch(
    handle: &SessionHandle,
    topic: Object,
    kind: Kind,
    on_snapshot: &JsValue,
) -> Result<JsValue, JsValue> {
    let core = Core::new(kind, args::callback(on_snapshot, "onSnapshot")?);
    Ok(if start(handle, topic, &core) {
        WindowedSubscription::wrap(core)
    } else {
        Subscription::wrap(core)
    })
}

/// Feeds `core` from a watched topic, windowed when its kind is a list (then true).
fn start(handle: &SessionHandle, topic: Object, core: &Rc<Core>) -> bool {
    let listener = listener(core);
    match core.kind.window() {
        Some(initial) => {
            let (window, first) = Window::new(topic, initial);
            core.attach(Feed::Window(Box::new(window)));
            let watch = handle.watch(first, listener);
            match &mut *core.feed.borrow_mut() {
                Feed::Window(window) => window.set_watch(watch),
                _ => drop(watch),
            }
            true
        }
        None => {
            let watch = handle.watch(topic, listener);
            core.attach(Feed::Topic { _watch: watch });
            false
        }
    }
}

/// A windowed list (`conversations`, `participants`) for the SDK's own elements: the same
/// subscription as `subscribeConversations`, with a Rust [`Sink`] instead of `onSnapshot`.
/// Dropping it unsubscribes.
#[cfg(feature = "elements")]
pub struct ListFeed {
    core: Rc<Core>,
}

#[cfg(feature = "elements")]
impl ListFeed {
    /// Grows the window by `count` (parallel calls collapse, see [`Window::load_more`]).
    pub fn load_more(&self, count: u32) {
        if self.core.kind.window().is_some() {
            Deferred::ignore_rejection(&Window::load_more(&self.core, count));
        }
    }
}

#[cfg(feature = "elements")]
impl Drop for ListFeed {
    fn drop(&mut self) {
        self.core.end(None);
    }
}

/// Subscribes `sink` to a windowed list topic (`kind` must be a list with a window).
#[cfg(feature = "elements")]
pub fn watch_list(handle: &SessionHandle, topic: Object, kind: Kind, sink: Sink) -> ListFeed {
    let core = Core::with_sink(kind, sink);
    start(handle, topic, &core);
    ListFeed { core }
}

/// Subscribes to a conversation's messages (newest first, `loadMore` for older ones).
pub fn messages(
    handle: &SessionHandle,
    conversation_id: &str,
    on_snapshot: &JsValue,
) -> Result<JsValue, JsValue> {
    let core = Core::new(Kind::Messages, args::callback(on_snapshot, "onSnapshot")?);
    let stream = handle.messages(conversation_id, listener(&core));
    core.attach(Feed::Messages(MessageFeed {
        stream: Rc::new(stream),
        target: 0,
        running: false,
    }));
    Ok(WindowedSubscription::wrap(core))
}

/// The engine listener: holds the subscription until it ends (then the engine drops it), so a
/// subscription nobody keeps a reference to still runs until `unsubscribe()`.
fn listener(core: &Rc<Core>) -> Rc<dyn Fn(Update)> {
    let core = core.clone();
    Rc::new(move |update| core.on_update(update))
}
