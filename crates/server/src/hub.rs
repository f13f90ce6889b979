//! In-process fan-out: one broadcast channel per conversation with live subscribers, and one
//! channel of [`Touch`]es that tell watched topics what changed.
//!
//! Publishing never waits for subscribers. A subscriber that falls more than the channel's
//! capacity behind loses its place (it is told to `resync`), so one slow client cannot hold up
//! the others. A watcher that falls behind on touches simply recomputes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::broadcast;

use crate::store::StoredEvent;

/// What subscribers of a conversation receive.
#[derive(Debug, Clone)]
pub enum HubItem {
    /// A committed change.
    Event(Arc<StoredEvent>),
    /// `user_id` is no longer a participant: their subscriptions must end.
    AccessRevoked { user_id: String },
}

/// A cheap "something changed" note for watched topics: watchers whose snapshot may depend on
/// it recompute. Sent after the change is committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touch {
    /// Something every participant sees changed: a message, the conversation's fields, its
    /// participants (every event published in the conversation touches it).
    Conversation(String),
    /// One participant's own state changed: read state, notify, joining or leaving.
    Membership {
        conversation_id: String,
        user_id: String,
    },
    /// A user's profile changed.
    User(String),
    /// Who is typing in a conversation changed.
    Typing(String),
    /// A user went online or offline.
    Presence(String),
}

/// How many touches a watcher may fall behind before it just recomputes.
const TOUCH_CAPACITY: usize = 4096;

pub struct Hub {
    capacity: usize,
    channels: Mutex<HashMap<String, Channel>>,
    next_channel_id: AtomicU64,
    touches: broadcast::Sender<Touch>,
}

struct Channel {
    /// Tells this channel from a later one for the same conversation.
    id: u64,
    sender: broadcast::Sender<HubItem>,
}

/// A live registration with a conversation's channel. Dropping it unregisters, and forgets the
/// channel when it was the last one.
pub struct HubSubscription {
    hub: Arc<Hub>,
    conversation_id: String,
    channel_id: u64,
    receiver: broadcast::Receiver<HubItem>,
}

impl HubSubscription {
    /// The next item; `Lagged` when this subscriber fell more than the capacity behind.
    pub async fn recv(&mut self) -> Result<HubItem, broadcast::error::RecvError> {
        self.receiver.recv().await
    }
}

impl Drop for HubSubscription {
    fn drop(&mut self) {
        let mut channels = self.hub.lock();
        if let Some(channel) = channels.get(&self.conversation_id) {
            // Our own receiver is still alive here: we are the last one when the count is 1.
            if channel.id == self.channel_id && channel.sender.receiver_count() <= 1 {
                channels.remove(&self.conversation_id);
            }
        }
    }
}

impl Hub {
    /// `capacity`: items buffered per conversation before a slow subscriber lags.
    pub fn new(capacity: usize) -> Arc<Hub> {
        Arc::new(Hub {
            capacity: capacity.max(1),
            channels: Mutex::new(HashMap::new()),
            next_channel_id: AtomicU64::new(1),
            touches: broadcast::channel(TOUCH_CAPACITY).0,
        })
    }

    /// Tells watchers that something changed.
    pub fn touch(&self, touch: Touch) {
        // No receiver is not an error: nobody watches anything right now.
        let _ = self.touches.send(touch);
    }

    /// Every touch from now on.
    pub fn touches(&self) -> broadcast::Receiver<Touch> {
        self.touches.subscribe()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Channel>> {
        self.channels.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers a subscriber: it receives every item published from now on.
    pub fn subscribe(self: &Arc<Self>, conversation_id: &str) -> HubSubscription {
        let mut channels = self.lock();
        let (channel_id, receiver) = match channels.get(conversation_id) {
            Some(channel) => (channel.id, channel.sender.subscribe()),
            None => {
                let id = self.next_channel_id.fetch_add(1, Ordering::Relaxed);
                let (sender, receiver) = broadcast::channel(self.capacity);
                channels.insert(conversation_id.to_owned(), Channel { id, sender });
                (id, receiver)
            }
        };
        HubSubscription {
            hub: Arc::clone(self),
            conversation_id: conversation_id.to_owned(),
            channel_id,
            receiver,
        }
    }

    /// Delivers `item` to the conversation's current subscribers, if any, and touches the
    /// watchers it concerns.
    pub fn publish(&self, conversation_id: &str, item: HubItem) {
        let touch = match &item {
            HubItem::Event(_) => Touch::Conversation(conversation_id.to_owned()),
            HubItem::AccessRevoked { user_id } => Touch::Membership {
                conversation_id: conversation_id.to_owned(),
                user_id: user_id.clone(),
            },
        };
        {
            let mut channels = self.lock();
            if let Some(channel) = channels.get(conversation_id) {
                if channel.sender.send(item).is_err() {
                    // Nobody listens any more: forget the channel.
                    channels.remove(conversation_id);
                }
            }
        }
        self.touch(touch);
    }

    /// Number of live touch listeners, one per running watch (for tests and diagnostics).
    pub fn watcher_count(&self) -> usize {
        self.touches.receiver_count()
    }

    /// Number of conversations with live subscribers (for tests and diagnostics).
    pub fn channel_count(&self) -> usize {
        self.lock().len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::broadcast::error::RecvError;

    fn revoke(user: &str) -> HubItem {
        HubItem::AccessRevoked {
            user_id: user.to_owned(),
        }
    }

    async fn next_user(subscription: &mut HubSubscription) -> String {
        match subscription.recv().await {
            Ok(HubItem::AccessRevoked { user_id }) => user_id,
            other => panic!("unexpected {other:?}"),
        }
    }

    #[tokio::test]
    async fn subscribers_get_items_published_after_they_register() {
        let hub = Hub::new(8);
        hub.publish("c", revoke("before"));
        let mut subscription = hub.subscribe("c");
        hub.publish("other", revoke("elsewhere"));
        hub.publish("c", revoke("after"));
        assert_eq!(next_user(&mut subscription).await, "after");
    }

    #[tokio::test]
    async fn a_slow_subscriber_lags_instead_of_blocking() {
        let hub = Hub::new(2);
        let mut subscription = hub.subscribe("c");
        for i in 0..5 {
            hub.publish("c", revoke(&i.to_string()));
        }
        assert!(matches!(
            subscription.recv().await,
            Err(RecvError::Lagged(3))
        ));
    }

    #[test]
    fn the_last_subscriber_leaving_forgets_the_channel() {
        let hub = Hub::new(2);
        let first = hub.subscribe("c");
        let second = hub.subscribe("c");
        assert_eq!(hub.channel_count(), 1);
        drop(first);
        assert_eq!(hub.channel_count(), 1);
        drop(second);
        assert_eq!(hub.channel_count(), 0);
    }

    #[test]
    fn publishing_touches_watchers_even_without_subscribers() {
        let hub = Hub::new(2);
        let mut touches = hub.touches();
        hub.publish("c", revoke("bob"));
        assert_eq!(
            touches.try_recv().ok(),
            Some(Touch::Membership {
                conversation_id: "c".into(),
                user_id: "bob".into()
            })
        );
        hub.touch(Touch::User("alice".into()));
        assert_eq!(touches.try_recv().ok(), Some(Touch::User("alice".into())));
    }

    #[tokio::test]
    async fn a_stale_subscription_does_not_remove_a_newer_channel() {
        let hub = Hub::new(2);
        let stale = hub.subscribe("c");
        // The channel is forgotten (as after a failed publish) and a new one is made.
        hub.lock().remove("c");
        let mut fresh = hub.subscribe("c");
        drop(stale);
        assert_eq!(hub.channel_count(), 1);
        hub.publish("c", revoke("still delivered"));
        assert_eq!(next_user(&mut fresh).await, "still delivered");
    }
}
