//! One subscription's life: `pending` → `active` (every snapshot) → `unsubscribed` | `error`,
//! the `connected` / `terminated` promises and the `onSnapshot` callback.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;

use crate::data::deferred::Deferred;
use crate::data::subscription::window::Window;
use crate::data::subscription::Kind;
use crate::errors::Error;
use crate::js;
use crate::session::handle::{MessagesHandle, Update, WatchHandle};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Phase {
    Pending,
    Active,
    Ended,
}

/// Where the updates come from; dropped when the subscription ends.
pub enum Feed {
    None,
    /// Held for its `Drop` (which unwatches).
    Topic {
        _watch: WatchHandle,
    },
    Window(Box<Window>),
    Messages(MessageFeed),
}

/// A message stream and the `loadMore` in progress on it.
pub struct MessageFeed {
    pub stream: Rc<MessagesHandle>,
    /// The length the pending `loadMore` calls asked for (0: none).
    pub target: u32,
    /// A task is growing the window to `target`.
    pub running: bool,
}

/// The SDK's own listener of a subscription (an element): every snapshot with its `loadedAll`,
/// and the error that ended it (not an `unsubscribe`).
pub type Sink = Rc<dyn Fn(Result<(&JsValue, Option<bool>), &Error>)>;

pub struct Core {
    pub kind: Kind,
    on_snapshot: Option<Function>,
    sink: Option<Sink>,
    phase: Cell<Phase>,
    state: RefCell<JsValue>,
    connected: Deferred,
    terminated: Deferred,
    pub feed: RefCell<Feed>,
    /// Settled at the next snapshot (or the end).
    next_update: RefCell<Vec<Rc<Deferred>>>,
    /// The pending `loadMore` promises (they finish together: parallel calls collapse).
    loads: RefCell<Vec<Deferred>>,
}

thread_local! {
    /// The page's subscriptions that have not ended (see [`Core::new`]).
    static ALIVE: RefCell<Vec<Rc<Core>>> = const { RefCell::new(Vec::new()) };
}

impl Core {
    /// A subscription for the page. It stays alive until `unsubscribe()` or its end, even when
    /// the page keeps no reference to the object `subscribe` returned (as TalkJS's do): otherwise
    /// a garbage collection would end it silently.
    pub fn new(kind: Kind, on_snapshot: Option<Function>) -> Rc<Core> {
        let core = Core::build(kind, on_snapshot, None);
        ALIVE.with(|alive| alive.borrow_mut().push(core.clone()));
        core
    }

    /// A subscription for the SDK's own use: `sink` instead of an `onSnapshot` callback.
    #[cfg(feature = "elements")]
    pub fn with_sink(kind: Kind, sink: Sink) -> Rc<Core> {
        Core::build(kind, None, Some(sink))
    }

    fn build(kind: Kind, on_snapshot: Option<Function>, sink: Option<Sink>) -> Rc<Core> {
        Rc::new(Core {
            kind,
            on_snapshot,
            sink,
            phase: Cell::new(Phase::Pending),
            state: RefCell::new(state_object("pending")),
            connected: Deferred::quiet(),
            terminated: Deferred::new(),
            feed: RefCell::new(Feed::None),
            next_update: RefCell::new(Vec::new()),
            loads: RefCell::new(Vec::new()),
        })
    }

    /// Installs the feed (after the engine call that created it). A subscription that already
    /// ended meanwhile drops it again.
    pub fn attach(&self, feed: Feed) {
        *self.feed.borrow_mut() = feed;
        if self.is_ended() {
            self.drop_feed();
        }
    }

    pub fn state(&self) -> JsValue {
        self.state.borrow().clone()
    }

    pub fn connected(&self) -> js_sys::Promise {
        self.connected.promise()
    }

    pub fn terminated(&self) -> js_sys::Promise {
        self.terminated.promise()
    }

    pub fn is_ended(&self) -> bool {
        self.phase.get() == Phase::Ended
    }

    /// An update from the engine.
    pub fn on_update(self: &Rc<Core>, update: Update) {
        if self.is_ended() {
            return;
        }
        match update {
            Update::Error(error) => self.end(Some(error)),
            Update::Messages {
                messages,
                loaded_all,
            } => self.activate(messages.into(), Some(loaded_all)),
            update if self.kind.window().is_some() => Window::on_update(self, update),
            Update::Snapshot(snapshot) => {
                let snapshot = self.kind.unwrap(&snapshot);
                self.activate(snapshot, self.kind.is_list().then_some(false))
            }
            Update::Null => self.activate(JsValue::NULL, self.kind.is_list().then_some(true)),
        }
    }

    /// A new snapshot: the state first, then `connected` (the first time) and `onSnapshot`.
    pub fn activate(&self, snapshot: JsValue, loaded_all: Option<bool>) {
        if self.is_ended() {
            return;
        }
        let state = state_object("active");
        js::set(&state, "latestSnapshot", &snapshot);
        if let Some(all) = loaded_all {
            js::set(&state, "loadedAll", &JsValue::from_bool(all));
        }
        *self.state.borrow_mut() = state.clone();
        if self.phase.replace(Phase::Active) == Phase::Pending {
            self.connected.resolve(&state);
        }
        if let Some(callback) = &self.on_snapshot {
            let result = match loaded_all {
                Some(all) => {
                    callback.call2(&JsValue::UNDEFINED, &snapshot, &JsValue::from_bool(all))
                }
                None => callback.call1(&JsValue::UNDEFINED, &snapshot),
            };
            if let Err(thrown) = result {
                js::report("chat-elements: an onSnapshot callback threw", &thrown);
            }
        }
        if let Some(sink) = &self.sink {
            sink(Ok((&snapshot, loaded_all)));
        }
        for waiter in self.next_update.take() {
            waiter.resolve(&JsValue::UNDEFINED);
        }
    }

    /// The length of the list shown now and its `loadedAll` (`(0, false)` before the first).
    pub fn shown(&self) -> (u32, bool) {
        let state = self.state.borrow();
        let length = js::get(&state, "latestSnapshot")
            .dyn_into::<Array>()
            .map_or(0, |list| list.length());
        let loaded_all = js::get(&state, "loadedAll").as_bool().unwrap_or(false);
        (length, loaded_all)
    }

    /// A pending `loadMore`: settled by [`Core::finish_loads`] or the end.
    pub fn add_load(&self) -> js_sys::Promise {
        let waiter = Deferred::new();
        let promise = waiter.promise();
        self.loads.borrow_mut().push(waiter);
        promise
    }

    /// Settles every pending `loadMore`.
    pub fn finish_loads(&self, result: Result<(), &Error>) {
        for waiter in self.loads.take() {
            match result {
                Ok(()) => waiter.resolve(&JsValue::UNDEFINED),
                Err(error) => waiter.reject(&error.to_js()),
            }
        }
    }

    /// A promise settled at the next snapshot (rejected if the subscription ends first).
    pub fn next_update(&self) -> Rc<Deferred> {
        let waiter = Rc::new(Deferred::new());
        self.next_update.borrow_mut().push(waiter.clone());
        waiter
    }

    /// Ends the subscription: `unsubscribed` without an error, else `error`. Idempotent.
    pub fn end(&self, error: Option<Error>) {
        if self.phase.replace(Phase::Ended) == Phase::Ended {
            return;
        }
        // Released after the rest of `end` (the caller holds its own reference meanwhile).
        let _kept = ALIVE.with(|alive| {
            let mut alive = alive.borrow_mut();
            let at = alive
                .iter()
                .position(|c| std::ptr::eq(Rc::as_ptr(c), self))?;
            Some(alive.swap_remove(at))
        });
        let unsubscribed = error.is_none();
        let reason = error.unwrap_or(Error::Destroyed("the subscription was unsubscribed"));
        let reason_js = reason.to_js();
        let state = if unsubscribed {
            state_object("unsubscribed")
        } else {
            let state = state_object("error");
            js::set(&state, "error", &reason_js);
            state
        };
        *self.state.borrow_mut() = state.clone();
        self.connected.reject(&reason_js);
        for waiter in self.next_update.take() {
            waiter.reject(&reason_js);
        }
        self.finish_loads(Err(&reason));
        self.drop_feed();
        self.terminated.resolve(&state);
        if let (Some(sink), false) = (&self.sink, unsubscribed) {
            sink(Err(&reason));
        }
    }

    /// Detaches from the engine (the engine defers the actual unwatch, so this is safe inside
    /// one of its listener calls).
    fn drop_feed(&self) {
        let feed = self.feed.replace(Feed::None);
        drop(feed);
    }
}

/// `{ type }`.
fn state_object(kind: &str) -> JsValue {
    js::object(&[("type", JsValue::from_str(kind))])
}

/// A JS array of the values.
pub fn array(items: &[JsValue]) -> JsValue {
    items.iter().collect::<Array>().into()
}
