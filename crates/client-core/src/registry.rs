//! Shared upstreams: many subscriptions to the same thing share one server subscription.
//!
//! How the SDK uses this: every `subscribe…` call computes a key for what it asks (for instance
//! `user:alice`, `typing:conv1`, `conversations:<filter JSON>`, `messages:conv1`) and calls
//! [`Registry::subscribe`]. [`UpstreamAction::Open`] means "send the `watch`/`subscribe` for this
//! key"; a later subscriber to the same key gets the latest state at once (no request).
//! [`Registry::unsubscribe`] returns [`UpstreamAction::Close`] when the last subscriber leaves
//! ("send `unwatch`/`unsubscribe`"). Replies go to [`Registry::activate`] (first and later
//! snapshots) and [`Registry::fail`] (the server refused: the subscribers are terminated); both
//! return the subscribers to notify. `S` is the snapshot type (a JS value in the SDK).

use std::collections::BTreeMap;

/// A subscriber, numbered by the registry (never reused).
pub type SubscriberId = u64;

/// The state of one upstream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpstreamState<S, E> {
    /// Requested; no snapshot yet.
    Pending,
    /// Live, with the latest snapshot.
    Active(S),
    /// The server refused it; its subscribers were terminated with this error. The next
    /// subscriber to the key opens it again.
    Error(E),
}

/// What the SDK must send for a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpstreamAction {
    /// Start the server subscription (`watch` or `subscribe`).
    Open(String),
    /// End it (`unwatch` or `unsubscribe`).
    Close(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Upstream<S, E> {
    subscribers: Vec<SubscriberId>,
    state: UpstreamState<S, E>,
}

/// Refcounted upstreams by key. `S` is the snapshot, `E` the error a refusal carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registry<S, E = String> {
    upstreams: BTreeMap<String, Upstream<S, E>>,
    next_id: SubscriberId,
}

impl<S, E> Default for Registry<S, E> {
    fn default() -> Self {
        Registry {
            upstreams: BTreeMap::new(),
            next_id: 1,
        }
    }
}

impl<S, E> Registry<S, E> {
    /// No upstreams.
    pub fn new() -> Self {
        Registry::default()
    }

    /// Adds a subscriber to `key`. Returns its id and [`UpstreamAction::Open`] when it is the
    /// first one (or the upstream had failed). Read [`Registry::state`] for what to show at once.
    pub fn subscribe(&mut self, key: &str) -> (SubscriberId, Option<UpstreamAction>) {
        let id = self.next_id;
        self.next_id += 1;
        let upstream = self
            .upstreams
            .entry(key.to_owned())
            .or_insert_with(|| Upstream {
                subscribers: Vec::new(),
                state: UpstreamState::Pending,
            });
        let reopen = matches!(upstream.state, UpstreamState::Error(_));
        if reopen {
            upstream.state = UpstreamState::Pending;
        }
        let first = upstream.subscribers.is_empty();
        upstream.subscribers.push(id);
        let action = (first || reopen).then(|| UpstreamAction::Open(key.to_owned()));
        (id, action)
    }

    /// Removes a subscriber (idempotent). Returns [`UpstreamAction::Close`] when it was the last
    /// one of an upstream that is open on the server.
    pub fn unsubscribe(&mut self, id: SubscriberId) -> Option<UpstreamAction> {
        let key = self.key_of(id)?.to_owned();
        let upstream = self.upstreams.get_mut(&key)?;
        upstream.subscribers.retain(|&s| s != id);
        if !upstream.subscribers.is_empty() {
            return None;
        }
        let was_open = !matches!(upstream.state, UpstreamState::Error(_));
        self.upstreams.remove(&key);
        was_open.then_some(UpstreamAction::Close(key))
    }

    /// A snapshot arrived for `key`: it becomes the latest state. Returns who to notify.
    pub fn activate(&mut self, key: &str, snapshot: S) -> Vec<SubscriberId> {
        match self.upstreams.get_mut(key) {
            Some(upstream) if !matches!(upstream.state, UpstreamState::Error(_)) => {
                upstream.state = UpstreamState::Active(snapshot);
                upstream.subscribers.clone()
            }
            _ => Vec::new(),
        }
    }

    /// The server refused `key`: returns its subscribers, which are terminated with `error` and
    /// removed (unsubscribing them later is a no-op).
    pub fn fail(&mut self, key: &str, error: E) -> Vec<SubscriberId> {
        match self.upstreams.get_mut(key) {
            Some(upstream) => {
                upstream.state = UpstreamState::Error(error);
                std::mem::take(&mut upstream.subscribers)
            }
            None => Vec::new(),
        }
    }

    /// The state of `key`'s upstream, if anyone subscribed to it.
    pub fn state(&self, key: &str) -> Option<&UpstreamState<S, E>> {
        self.upstreams.get(key).map(|u| &u.state)
    }

    /// The latest snapshot of `key`, when it is active.
    pub fn snapshot(&self, key: &str) -> Option<&S> {
        match self.state(key) {
            Some(UpstreamState::Active(s)) => Some(s),
            _ => None,
        }
    }

    /// The subscribers of `key`.
    pub fn subscribers(&self, key: &str) -> &[SubscriberId] {
        self.upstreams
            .get(key)
            .map_or(&[], |u| u.subscribers.as_slice())
    }

    /// The key a subscriber is subscribed to.
    pub fn key_of(&self, id: SubscriberId) -> Option<&str> {
        self.upstreams
            .iter()
            .find(|(_, u)| u.subscribers.contains(&id))
            .map(|(k, _)| k.as_str())
    }

    /// The keys to open again after a reconnect (every upstream with subscribers). Their states
    /// keep the latest snapshot until the new one arrives.
    pub fn open_keys(&self) -> impl Iterator<Item = &str> {
        self.upstreams
            .iter()
            .filter(|(_, u)| !u.subscribers.is_empty())
            .map(|(k, _)| k.as_str())
    }

    /// True when at least one subscriber is active or pending (for the idle policy).
    pub fn has_subscribers(&self) -> bool {
        self.upstreams.values().any(|u| !u.subscribers.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_opens_last_closes() {
        let mut r: Registry<&str> = Registry::new();
        let (a, open) = r.subscribe("user:alice");
        assert_eq!(open, Some(UpstreamAction::Open("user:alice".into())));
        let (b, open) = r.subscribe("user:alice");
        assert_eq!(open, None);
        assert_ne!(a, b);
        assert_eq!(r.unsubscribe(a), None);
        assert_eq!(r.unsubscribe(a), None, "idempotent");
        assert_eq!(
            r.unsubscribe(b),
            Some(UpstreamAction::Close("user:alice".into()))
        );
        assert!(!r.has_subscribers());
        assert_eq!(r.state("user:alice"), None);
    }

    #[test]
    fn late_subscribers_see_the_latest_snapshot_at_once() {
        let mut r: Registry<&str> = Registry::new();
        let (a, _) = r.subscribe("k");
        assert_eq!(r.state("k"), Some(&UpstreamState::Pending));
        assert_eq!(r.activate("k", "v1"), [a]);
        assert_eq!(r.activate("k", "v2"), [a]);
        let (b, open) = r.subscribe("k");
        assert_eq!(open, None);
        assert_eq!(r.snapshot("k"), Some(&"v2"));
        assert_eq!(r.activate("k", "v3"), [a, b]);
        assert_eq!(r.key_of(b), Some("k"));
    }

    #[test]
    fn a_refusal_terminates_every_subscriber_and_the_next_one_retries() {
        let mut r: Registry<&str> = Registry::new();
        let (a, _) = r.subscribe("k");
        let (b, _) = r.subscribe("k");
        assert_eq!(r.fail("k", "FORBIDDEN".into()), [a, b]);
        assert_eq!(
            r.state("k"),
            Some(&UpstreamState::Error("FORBIDDEN".into()))
        );
        assert_eq!(r.unsubscribe(a), None);
        assert!(r.activate("k", "late").is_empty());
        let (c, open) = r.subscribe("k");
        assert_eq!(open, Some(UpstreamAction::Open("k".into())));
        assert_eq!(r.subscribers("k"), [c]);
    }

    #[test]
    fn keys_are_independent_and_reopened_after_reconnect() {
        let mut r: Registry<u32> = Registry::new();
        r.subscribe("a");
        let (b, _) = r.subscribe("b");
        r.unsubscribe(b);
        assert_eq!(r.open_keys().collect::<Vec<_>>(), ["a"]);
        assert!(r.activate("b", 1).is_empty());
    }
}
