//! A windowed list over a watched topic (`conversations`, `participants`): `loadMore` grows the
//! topic's `limit`. `chat_elements_core::list_window` decides when to watch a bigger limit,
//! collapses parallel `loadMore` calls, and says when they are done.

use std::rc::Rc;

use chat_elements_core::list_window::{ListCommand, ListWindow};
use chat_elements_protocol::Limits;
use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use crate::data::promise::rejected;
use crate::data::subscription::core::{array, Core, Feed};
use crate::errors::Error;
use crate::js;
use crate::session::handle::{Update, WatchHandle};

/// The one subscriber of the window (the engine shares equal topics between subscriptions).
const ME: u64 = 1;

pub struct Window {
    watch: Option<Rc<WatchHandle>>,
    /// The topic without its `limit`.
    topic: Object,
    list: ListWindow<JsValue>,
    /// The limit of the last `watch`, until the update that answers it.
    pending_limit: Option<u32>,
}

impl Window {
    /// A window of `initial` items over `topic`; returns it and the first topic to watch.
    pub fn new(topic: Object, initial: u32) -> (Window, Object) {
        let mut list = ListWindow::new(initial, Limits::DEFAULT.max_window);
        list.add_subscriber(ME);
        // Asks for `initial`: the caller's first watch.
        list.connected();
        let first = with_limit(&topic, initial);
        let window = Window {
            watch: None,
            topic,
            list,
            pending_limit: Some(initial),
        };
        (window, first)
    }

    pub fn set_watch(&mut self, watch: WatchHandle) {
        self.watch = Some(Rc::new(watch));
    }

    /// A snapshot (or `null`) of the watched list.
    pub fn on_update(core: &Rc<Core>, update: Update) {
        let (items, loaded_all) = match update {
            Update::Snapshot(snapshot) => core.kind.list(&snapshot),
            Update::Null => (None, true),
            _ => return,
        };
        let commands = match &mut *core.feed.borrow_mut() {
            Feed::Window(window) => match window.pending_limit.take() {
                Some(limit) => window.list.on_watching(limit, items, loaded_all),
                None => window.list.on_snapshot(items, loaded_all),
            },
            _ => return,
        };
        run(core, commands);
    }

    /// `loadMore(count)`: resolves when the window holds `count` more items (or all there are).
    pub fn load_more(core: &Rc<Core>, count: u32) -> Promise {
        let commands = match &mut *core.feed.borrow_mut() {
            Feed::Window(window) if !core.is_ended() => window.list.load_more(ME, count),
            _ => return rejected(Error::Destroyed("the subscription has ended")),
        };
        let promise = core.add_load();
        run(core, commands);
        promise
    }
}

/// Performs the window's commands, holding no borrow while the engine or user code runs.
fn run(core: &Rc<Core>, commands: Vec<ListCommand>) {
    for command in commands {
        match command {
            ListCommand::Watch { limit } => {
                let next = match &mut *core.feed.borrow_mut() {
                    Feed::Window(window) => {
                        window.pending_limit = Some(limit);
                        window
                            .watch
                            .clone()
                            .map(|watch| (watch, with_limit(&window.topic, limit)))
                    }
                    _ => None,
                };
                if let Some((watch, topic)) = next {
                    watch.set_topic(topic);
                }
            }
            ListCommand::Emit { .. } => {
                let view = match &*core.feed.borrow() {
                    Feed::Window(window) => window
                        .list
                        .snapshot(ME)
                        .map(|(items, all)| (items.map_or(JsValue::NULL, array), all)),
                    _ => None,
                };
                if let Some((snapshot, loaded_all)) = view {
                    core.activate(snapshot, Some(loaded_all));
                }
            }
            ListCommand::LoadMoreDone { .. } => core.finish_loads(Ok(())),
            ListCommand::Unwatch => {}
        }
    }
}

/// `{ ...topic, limit }`.
fn with_limit(topic: &Object, limit: u32) -> Object {
    let copy = Object::assign(&Object::new(), topic);
    js::set(&copy, "limit", &JsValue::from(limit));
    copy
}
