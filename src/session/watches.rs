//! Watched topics: listeners share one upstream `watch` per topic (keyed by the topic's JSON).
//!
//! An upstream is watched on every socket while it has listeners: after a reconnect the request
//! pass watches it again and the fresh snapshot is delivered (unless it equals the last one). A
//! listener that changes its topic alone re-watches with the same `watchId` (the server replaces
//! the topic); snapshots arriving for a `watchId` while a `watch` for it is in flight belong to
//! the topic it replaces and are ignored. The last listener out unwatches. The requests and
//! replies are in `watch_replies.rs`.

use js_sys::JSON;
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::session::effects::{Effect, Fx};
use crate::session::handle::{Listener, Update};
use crate::session::state::Core;

pub(super) struct Upstream {
    pub(super) key: String,
    pub(super) watch_id: String,
    pub(super) topic: JsValue,
    pub(super) snapshot: Option<JsValue>,
    /// The id of the `watch` request in flight on the current socket.
    pub(super) in_flight: Option<u64>,
    /// The current topic is watched on the current socket.
    pub(super) live: bool,
    /// Rate limited: not before this local time.
    pub(super) not_before: i64,
    pub(super) subs: Vec<u64>,
}

pub(super) struct WatchSub {
    pub(super) id: u64,
    pub(super) key: String,
    pub(super) listener: Listener,
    /// The update for the next delivery (the latest wins).
    pub(super) pending: Option<Update>,
}

#[derive(Default)]
pub struct Watches {
    pub(super) upstreams: Vec<Upstream>,
    pub(super) subs: Vec<WatchSub>,
    pub(super) next_watch: u64,
    /// Watch ids to unwatch on the current socket.
    pub(super) unwatch: Vec<String>,
}

impl Watches {
    /// The socket closed: every watch ended with it.
    pub fn connection_lost(&mut self) {
        for upstream in &mut self.upstreams {
            upstream.live = false;
            upstream.in_flight = None;
        }
        self.unwatch.clear();
    }

    /// How many listeners watch topics.
    pub fn listeners(&self) -> usize {
        self.subs.len()
    }

    pub fn dirty(&self) -> bool {
        self.subs.iter().any(|s| s.pending.is_some())
    }

    /// The earliest time a rate-limited watch may go again.
    pub fn next_wakeup(&self, now: i64) -> Option<i64> {
        self.upstreams
            .iter()
            .map(|u| u.not_before)
            .filter(|&t| t > now)
            .min()
    }

    pub(super) fn upstream(&mut self, key: &str) -> Option<&mut Upstream> {
        self.upstreams.iter_mut().find(|u| u.key == key)
    }

    /// Adds listener `id` to `key`'s upstream (creating it); a snapshot it has is due at once.
    fn attach(&mut self, id: u64, key: String, topic: JsValue) {
        let snapshot = match self.upstream(&key) {
            Some(upstream) => {
                upstream.subs.push(id);
                upstream.snapshot.clone()
            }
            None => {
                self.next_watch += 1;
                self.upstreams.push(Upstream {
                    key: key.clone(),
                    watch_id: ["w", &self.next_watch.to_string()].concat(),
                    topic,
                    snapshot: None,
                    in_flight: None,
                    live: false,
                    not_before: 0,
                    subs: vec![id],
                });
                None
            }
        };
        if let Some(sub) = self.subs.iter_mut().find(|s| s.id == id) {
            sub.key = key;
            sub.pending = snapshot.map(Update::Snapshot);
        }
    }

    /// Removes listener `id` from its upstream; an upstream left without listeners goes (and is
    /// unwatched when the server knows it).
    fn detach(&mut self, id: u64, key: &str) {
        let Some(at) = self.upstreams.iter().position(|u| u.key == key) else {
            return;
        };
        let upstream = &mut self.upstreams[at];
        upstream.subs.retain(|&s| s != id);
        if upstream.subs.is_empty() {
            let upstream = self.upstreams.remove(at);
            if upstream.live || upstream.in_flight.is_some() {
                self.unwatch.push(upstream.watch_id);
            }
        }
    }

    /// The updates due (the latest per listener).
    pub fn updates(&mut self, out: &mut Vec<(Listener, Update)>) {
        for sub in &mut self.subs {
            if let Some(update) = sub.pending.take() {
                out.push((sub.listener.clone(), update));
            }
        }
    }

    /// Ends every watch with `error` (the session terminated).
    pub fn end(&mut self, error: &Error, out: &mut Vec<(Listener, Update)>) {
        self.upstreams.clear();
        self.unwatch.clear();
        for sub in self.subs.drain(..) {
            out.push((sub.listener, Update::Error(error.clone())));
        }
    }
}

/// The key of a topic: its JSON.
fn topic_key(topic: &JsValue) -> Option<String> {
    if !topic.is_object() {
        return None;
    }
    JSON::stringify(topic).ok()?.as_string()
}

impl Core {
    /// A new listener of `topic`.
    pub fn add_watch(&mut self, topic: JsValue, listener: Listener, fx: &mut Fx) -> u64 {
        let id = self.listener_id();
        let key = match (&self.fatal, topic_key(&topic)) {
            (Some(error), _) => Err(error.clone()),
            (None, None) => Err(Error::InvalidOptions("a topic must be an object".into())),
            (None, Some(key)) => Ok(key),
        };
        let key = match key {
            Ok(key) => key,
            Err(error) => {
                fx.push(Effect::Deliver(vec![(listener, Update::Error(error))]));
                return id;
            }
        };
        self.watches.subs.push(WatchSub {
            id,
            key: String::new(),
            listener,
            pending: None,
        });
        self.watches.attach(id, key, topic);
        self.sync(fx);
        id
    }

    /// The listener's handle was dropped.
    pub fn remove_watch(&mut self, id: u64, fx: &mut Fx) {
        let Some(at) = self.watches.subs.iter().position(|s| s.id == id) else {
            return;
        };
        let sub = self.watches.subs.remove(at);
        self.watches.detach(id, &sub.key);
        self.sync(fx);
    }

    /// A listener watches another topic from now on.
    pub fn set_watch_topic(&mut self, id: u64, topic: JsValue, fx: &mut Fx) {
        let Some(key) = topic_key(&topic) else {
            return;
        };
        let watches = &mut self.watches;
        let Some(sub) = watches.subs.iter_mut().find(|s| s.id == id) else {
            return;
        };
        if sub.key == key {
            return;
        }
        sub.pending = None;
        let old = std::mem::replace(&mut sub.key, key.clone());
        let target_exists = watches.upstream(&key).is_some();
        match watches.upstream(&old) {
            // Alone on its upstream: the same watch id watches the new topic.
            Some(upstream) if upstream.subs == [id] && !target_exists => {
                upstream.key = key;
                upstream.topic = topic;
                upstream.snapshot = None;
                upstream.live = false;
                upstream.in_flight = None;
            }
            _ => {
                watches.detach(id, &old);
                watches.attach(id, key, topic);
            }
        }
        self.sync(fx);
    }
}
