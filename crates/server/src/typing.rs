//! Who is typing where: in memory only, each entry lasting `Limits::typing_ttl_ms` unless
//! renewed. Every change (start, renewal excepted; clear; expiry) touches the conversation's
//! typing topic, so watchers get a new snapshot without asking.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use tokio::time::Instant;

use crate::hub::{Hub, Touch};

pub struct TypingState {
    ttl: Duration,
    hub: Arc<Hub>,
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// By conversation, then by user.
    conversations: HashMap<String, HashMap<String, Entry>>,
    next_generation: u64,
}

struct Entry {
    /// Tells a renewal from the entry its timer was started for.
    generation: u64,
    /// When the user started typing (renewals keep it): typers are listed in this order.
    since: u64,
}

impl TypingState {
    pub fn new(ttl: Duration, hub: Arc<Hub>) -> Arc<TypingState> {
        Arc::new(TypingState {
            ttl,
            hub,
            inner: Mutex::new(Inner::default()),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `user_id` is typing in `conversation_id` for the next TTL (a renewal if already typing).
    pub fn start(self: &Arc<Self>, conversation_id: &str, user_id: &str) {
        let (generation, is_new) = {
            let mut inner = self.lock();
            inner.next_generation += 1;
            let generation = inner.next_generation;
            let typers = inner
                .conversations
                .entry(conversation_id.to_owned())
                .or_default();
            match typers.get_mut(user_id) {
                Some(entry) => {
                    entry.generation = generation;
                    (generation, false)
                }
                None => {
                    typers.insert(
                        user_id.to_owned(),
                        Entry {
                            generation,
                            since: generation,
                        },
                    );
                    (generation, true)
                }
            }
        };
        if is_new {
            self.hub.touch(Touch::Typing(conversation_id.to_owned()));
        }
        let weak = Arc::downgrade(self);
        let deadline = Instant::now() + self.ttl;
        let conversation_id = conversation_id.to_owned();
        let user_id = user_id.to_owned();
        tokio::spawn(async move {
            tokio::time::sleep_until(deadline).await;
            expire(weak, &conversation_id, &user_id, generation);
        });
    }

    /// `user_id` stopped typing in `conversation_id` (they sent a message, or left).
    pub fn clear(&self, conversation_id: &str, user_id: &str) {
        let removed = {
            let mut inner = self.lock();
            remove(&mut inner, conversation_id, user_id, None)
        };
        if removed {
            self.hub.touch(Touch::Typing(conversation_id.to_owned()));
        }
    }

    /// `user_id` stopped typing everywhere (their last connection closed).
    pub fn clear_user(&self, user_id: &str) {
        let touched: Vec<String> = {
            let mut inner = self.lock();
            let conversations: Vec<String> = inner
                .conversations
                .iter()
                .filter(|(_, typers)| typers.contains_key(user_id))
                .map(|(id, _)| id.clone())
                .collect();
            for id in &conversations {
                remove(&mut inner, id, user_id, None);
            }
            conversations
        };
        for conversation_id in touched {
            self.hub.touch(Touch::Typing(conversation_id));
        }
    }

    /// The users typing in `conversation_id`, in the order they started.
    pub fn typers(&self, conversation_id: &str) -> Vec<String> {
        let inner = self.lock();
        let Some(typers) = inner.conversations.get(conversation_id) else {
            return Vec::new();
        };
        let mut list: Vec<(&String, u64)> = typers.iter().map(|(u, e)| (u, e.since)).collect();
        list.sort_by_key(|(_, since)| *since);
        list.into_iter().map(|(user, _)| user.clone()).collect()
    }
}

/// Removes the entry (only if it still has `generation`, when given); true when removed.
fn remove(
    inner: &mut Inner,
    conversation_id: &str,
    user_id: &str,
    generation: Option<u64>,
) -> bool {
    let Some(typers) = inner.conversations.get_mut(conversation_id) else {
        return false;
    };
    let matches = typers
        .get(user_id)
        .is_some_and(|entry| generation.is_none_or(|g| entry.generation == g));
    if matches {
        typers.remove(user_id);
        if typers.is_empty() {
            inner.conversations.remove(conversation_id);
        }
    }
    matches
}

fn expire(weak: Weak<TypingState>, conversation_id: &str, user_id: &str, generation: u64) {
    let Some(state) = weak.upgrade() else {
        return;
    };
    let removed = {
        let mut inner = state.lock();
        remove(&mut inner, conversation_id, user_id, Some(generation))
    };
    if removed {
        state.hub.touch(Touch::Typing(conversation_id.to_owned()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn next_touch(rx: &mut tokio::sync::broadcast::Receiver<Touch>) -> Touch {
        tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .expect("a touch arrives")
            .expect("the hub is open")
    }

    #[tokio::test]
    async fn typing_expires_unless_renewed() {
        let ms = Duration::from_millis;
        let hub = Hub::new(16);
        let mut touches = hub.touches();
        let typing = TypingState::new(ms(300), hub);
        let start = Instant::now();
        typing.start("c", "alice");
        assert_eq!(next_touch(&mut touches).await, Touch::Typing("c".into()));
        tokio::time::sleep_until(start + ms(150)).await;
        typing.start("c", "alice");
        typing.start("c", "bob");
        assert_eq!(next_touch(&mut touches).await, Touch::Typing("c".into()));
        assert_eq!(typing.typers("c"), ["alice", "bob"]);
        // Alice's first timer fires at 300 ms, but she renewed at 150: she types until 450.
        tokio::time::sleep_until(start + ms(375)).await;
        assert_eq!(typing.typers("c"), ["alice", "bob"]);
        // Both expire by themselves, each with a touch.
        assert_eq!(next_touch(&mut touches).await, Touch::Typing("c".into()));
        assert_eq!(next_touch(&mut touches).await, Touch::Typing("c".into()));
        assert!(typing.typers("c").is_empty());
        assert!(start.elapsed() >= ms(450));
    }

    #[tokio::test]
    async fn clearing_touches_only_when_something_changed() {
        let hub = Hub::new(16);
        let mut touches = hub.touches();
        let typing = TypingState::new(Duration::from_secs(10), hub);
        typing.clear("c", "alice");
        typing.start("c", "alice");
        typing.start("d", "alice");
        typing.start("d", "bob");
        typing.clear_user("alice");
        assert!(typing.typers("c").is_empty());
        assert_eq!(typing.typers("d"), ["bob"]);
        let mut seen = Vec::new();
        while let Ok(touch) = touches.try_recv() {
            seen.push(touch);
        }
        // start c, start d, start d (bob), then clear_user: c and d.
        assert_eq!(seen.len(), 5, "{seen:?}");
    }
}
