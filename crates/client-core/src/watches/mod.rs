//! Watched topics: many listeners of the same topic share one upstream `watch`.
//!
//! How the SDK uses this: a listener of a topic (`{ kind: "conversation", ... }`) gets an id and
//! is [`Watches::add`]ed under the topic's key (its JSON). Listeners of equal keys share one
//! upstream; a later listener gets the latest snapshot at once. Whenever the socket can take
//! requests the engine writes [`Watches::take_unwatch`] and [`Watches::due`] and records the
//! request ids ([`Watches::written`]). The `watching` reply ([`Watches::on_watching`]) and
//! `snapshot` frames ([`Watches::on_snapshot`]) store the snapshot for every listener of the
//! upstream; [`Watches::take_updates`] hands out the latest per listener. After a reconnect each
//! upstream is watched again and a fresh snapshot is delivered unless it equals the last one. A
//! listener alone on its upstream that changes its topic keeps the upstream's `watchId` (the
//! server replaces the topic); snapshots for that id while the new `watch` is in flight belong to
//! the old topic and are dropped. The last listener out unwatches. A refusal
//! ([`Watches::failed`]) ends the upstream's listeners with the error.
//!
//! `T` is the topic, `S` a snapshot, `L` a listener (cloned into each update).

use chat_elements_protocol::ErrorCode;

use crate::token::{classify_error, ErrorAction};

struct Upstream<T, S> {
    key: String,
    watch_id: String,
    topic: T,
    snapshot: Option<S>,
    /// The id of the `watch` request in flight on the current socket.
    in_flight: Option<u64>,
    /// The current topic is watched on the current socket.
    live: bool,
    /// Rate limited: not before this local time.
    not_before: i64,
    listeners: Vec<u64>,
}

struct Listener<S, L> {
    id: u64,
    key: String,
    listener: L,
    /// The snapshot for the next delivery (the latest wins).
    pending: Option<S>,
}

/// What the engine does after a `watch` was refused.
#[derive(Debug)]
pub enum WatchFailure<L> {
    /// Not the request in flight for that watch (replaced or unwatched since): nothing.
    Stale,
    /// The token was refused: refresh it; the topic is watched again afterwards.
    RefreshToken,
    /// Rate limited: watched again after the wait ([`Watches::next_wakeup`]).
    Wait,
    /// The upstream is gone: its listeners, to be told of the error.
    Ended(Vec<L>),
}

/// The upstreams and their listeners.
pub struct Watches<T, S, L> {
    upstreams: Vec<Upstream<T, S>>,
    listeners: Vec<Listener<S, L>>,
    next_watch: u64,
    /// Watch ids to unwatch on the current socket.
    unwatch: Vec<String>,
}

impl<T, S, L> Default for Watches<T, S, L> {
    fn default() -> Self {
        Watches {
            upstreams: Vec::new(),
            listeners: Vec::new(),
            next_watch: 0,
            unwatch: Vec::new(),
        }
    }
}

impl<T: Clone, S: Clone, L: Clone> Watches<T, S, L> {
    fn upstream(&mut self, key: &str) -> Option<&mut Upstream<T, S>> {
        self.upstreams.iter_mut().find(|u| u.key == key)
    }

    /// Listener `id` of `key` (whose topic is `topic`).
    pub fn add(&mut self, id: u64, key: String, topic: T, listener: L) {
        self.listeners.push(Listener {
            id,
            key: String::new(),
            listener,
            pending: None,
        });
        self.attach(id, key, topic);
    }

    /// Adds listener `id` to `key`'s upstream (creating it); a snapshot it has is due at once.
    fn attach(&mut self, id: u64, key: String, topic: T) {
        let snapshot = match self.upstream(&key) {
            Some(upstream) => {
                upstream.listeners.push(id);
                upstream.snapshot.clone()
            }
            None => {
                self.next_watch += 1;
                self.upstreams.push(Upstream {
                    key: key.clone(),
                    watch_id: ["w", &crate::ids::decimal(self.next_watch)].concat(),
                    topic,
                    snapshot: None,
                    in_flight: None,
                    live: false,
                    not_before: 0,
                    listeners: vec![id],
                });
                None
            }
        };
        if let Some(listener) = self.listeners.iter_mut().find(|l| l.id == id) {
            listener.key = key;
            listener.pending = snapshot;
        }
    }

    /// Removes listener `id` from its upstream; an upstream left without listeners goes (and is
    /// unwatched when the server knows it).
    fn detach(&mut self, id: u64, key: &str) {
        let Some(at) = self.upstreams.iter().position(|u| u.key == key) else {
            return;
        };
        let upstream = &mut self.upstreams[at];
        upstream.listeners.retain(|&l| l != id);
        if upstream.listeners.is_empty() {
            let upstream = self.upstreams.remove(at);
            if upstream.live || upstream.in_flight.is_some() {
                self.unwatch.push(upstream.watch_id);
            }
        }
    }

    /// Listener `id` is gone.
    pub fn remove(&mut self, id: u64) {
        let Some(at) = self.listeners.iter().position(|l| l.id == id) else {
            return;
        };
        let listener = self.listeners.remove(at);
        self.detach(id, &listener.key);
    }

    /// Listener `id` watches `key` (topic `topic`) from now on.
    pub fn set_topic(&mut self, id: u64, key: String, topic: T) {
        let Some(listener) = self.listeners.iter_mut().find(|l| l.id == id) else {
            return;
        };
        if listener.key == key {
            return;
        }
        listener.pending = None;
        let old = std::mem::replace(&mut listener.key, key.clone());
        let target_exists = self.upstreams.iter().any(|u| u.key == key);
        match self.upstream(&old) {
            // Alone on its upstream: the same watch id watches the new topic.
            Some(upstream) if upstream.listeners == [id] && !target_exists => {
                upstream.key = key;
                upstream.topic = topic;
                upstream.snapshot = None;
                upstream.live = false;
                upstream.in_flight = None;
            }
            _ => {
                self.detach(id, &old);
                self.attach(id, key, topic);
            }
        }
    }

    /// The watch ids to unwatch on the current socket (once).
    pub fn take_unwatch(&mut self) -> Vec<String> {
        std::mem::take(&mut self.unwatch)
    }

    /// The `watch`es the current socket lacks: `(watch id, topic)`.
    pub fn due(&self, now: i64) -> Vec<(String, T)> {
        self.upstreams
            .iter()
            .filter(|u| !u.live && u.in_flight.is_none() && u.not_before <= now)
            .map(|u| (u.watch_id.clone(), u.topic.clone()))
            .collect()
    }

    /// The `watch` for `watch_id` was written as request `request_id`.
    pub fn written(&mut self, watch_id: &str, request_id: u64) {
        if let Some(u) = self.upstreams.iter_mut().find(|u| u.watch_id == watch_id) {
            u.in_flight = Some(request_id);
        }
    }

    /// The `watching` reply to request `request_id`: the topic is live with `snapshot`, which is
    /// delivered unless `same` says it equals the last one.
    pub fn on_watching(
        &mut self,
        watch_id: &str,
        request_id: u64,
        snapshot: S,
        same: impl Fn(&S, &S) -> bool,
    ) {
        let Some(upstream) = self
            .upstreams
            .iter_mut()
            .find(|u| u.watch_id == watch_id && u.in_flight == Some(request_id))
        else {
            return; // a topic replaced since, or unwatched
        };
        upstream.in_flight = None;
        upstream.live = true;
        if !upstream
            .snapshot
            .as_ref()
            .is_some_and(|old| same(old, &snapshot))
        {
            self.store(watch_id, snapshot);
        }
    }

    /// A `snapshot` frame for `watch_id` (ignored while its topic is being replaced).
    pub fn on_snapshot(&mut self, watch_id: &str, snapshot: S) {
        let current = self
            .upstreams
            .iter()
            .any(|u| u.watch_id == watch_id && u.live && u.in_flight.is_none());
        if current {
            self.store(watch_id, snapshot);
        }
    }

    fn store(&mut self, watch_id: &str, snapshot: S) {
        let Some(upstream) = self.upstreams.iter_mut().find(|u| u.watch_id == watch_id) else {
            return;
        };
        upstream.snapshot = Some(snapshot.clone());
        for listener in &mut self.listeners {
            if upstream.listeners.contains(&listener.id) {
                listener.pending = Some(snapshot.clone());
            }
        }
    }

    /// The server refused `watch` request `request_id` for `watch_id` with `code`.
    pub fn failed(
        &mut self,
        watch_id: &str,
        request_id: u64,
        code: ErrorCode,
        retry_after_ms: Option<u64>,
        now: i64,
    ) -> WatchFailure<L> {
        let Some(at) = self
            .upstreams
            .iter()
            .position(|u| u.watch_id == watch_id && u.in_flight == Some(request_id))
        else {
            return WatchFailure::Stale;
        };
        self.upstreams[at].in_flight = None;
        match classify_error(code, retry_after_ms) {
            ErrorAction::RefreshToken => WatchFailure::RefreshToken,
            ErrorAction::RetryAfter(ms) => {
                let wait = i64::try_from(ms).unwrap_or(i64::MAX);
                self.upstreams[at].not_before = now.saturating_add(wait);
                WatchFailure::Wait
            }
            ErrorAction::Fail => {
                let upstream = self.upstreams.remove(at);
                let mut ended = Vec::new();
                self.listeners.retain(|l| {
                    let gone = upstream.listeners.contains(&l.id);
                    if gone {
                        ended.push(l.listener.clone());
                    }
                    !gone
                });
                WatchFailure::Ended(ended)
            }
        }
    }

    /// The socket closed: every watch ended with it (they are watched again on the next one).
    pub fn connection_lost(&mut self) {
        for upstream in &mut self.upstreams {
            upstream.live = false;
            upstream.in_flight = None;
        }
        self.unwatch.clear();
    }

    /// How many listeners watch topics.
    pub fn listeners(&self) -> usize {
        self.listeners.len()
    }

    /// True when a listener has a snapshot to be told.
    pub fn dirty(&self) -> bool {
        self.listeners.iter().any(|l| l.pending.is_some())
    }

    /// The earliest time a rate-limited watch may go again.
    pub fn next_wakeup(&self, now: i64) -> Option<i64> {
        self.upstreams
            .iter()
            .map(|u| u.not_before)
            .filter(|&t| t > now)
            .min()
    }

    /// The snapshots due (the latest per listener).
    pub fn take_updates(&mut self) -> Vec<(L, S)> {
        let mut out = Vec::new();
        for listener in &mut self.listeners {
            if let Some(snapshot) = listener.pending.take() {
                out.push((listener.listener.clone(), snapshot));
            }
        }
        out
    }

    /// Ends every watch (the session terminated): the listeners, each to be told.
    pub fn end(&mut self) -> Vec<L> {
        self.upstreams.clear();
        self.unwatch.clear();
        self.listeners.drain(..).map(|l| l.listener).collect()
    }
}

#[cfg(test)]
mod tests;
