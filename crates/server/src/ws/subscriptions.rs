//! A connection's live subscriptions: one forwarding task per conversation, moving events from
//! the hub into the connection's outbox as the viewer may see them.

use std::collections::HashMap;

use chat_elements_protocol::ServerFrame;
use tokio::sync::broadcast::error::RecvError;
use tokio::task::AbortHandle;

use super::outbox::Outbox;
use crate::hub::{HubItem, HubSubscription};
use crate::store::StoredEvent;
use crate::view;

/// The forwarding tasks, by conversation id. Dropping this ends them all.
#[derive(Default)]
pub struct Subscriptions {
    tasks: HashMap<String, AbortHandle>,
}

impl Subscriptions {
    /// Ends the subscription to `conversation_id`, if any.
    pub fn remove(&mut self, conversation_id: &str) {
        if let Some(task) = self.tasks.remove(conversation_id) {
            task.abort();
        }
    }

    /// Starts forwarding `rx` to `outbox`, skipping events up to `delivered_through` (the viewer
    /// already has them from the replay or the subscribe reply's `lastSeq`).
    pub fn start(
        &mut self,
        conversation_id: String,
        viewer_id: String,
        delivered_through: u64,
        live: HubSubscription,
        outbox: Outbox,
    ) {
        self.remove(&conversation_id);
        let task = tokio::spawn(forward(
            live,
            conversation_id.clone(),
            viewer_id,
            delivered_through,
            outbox,
        ));
        self.tasks.insert(conversation_id, task.abort_handle());
    }
}

impl Drop for Subscriptions {
    fn drop(&mut self) {
        for task in self.tasks.values() {
            task.abort();
        }
    }
}

/// The `event` frame for `event` as `viewer_id` sees it.
pub fn event_frame(viewer_id: &str, event: &StoredEvent) -> ServerFrame {
    ServerFrame::Event {
        conversation_id: event.conversation_id.clone(),
        seq: event.seq,
        event: view::event_for(viewer_id, event),
    }
}

async fn forward(
    mut live: HubSubscription,
    conversation_id: String,
    viewer_id: String,
    mut delivered_through: u64,
    outbox: Outbox,
) {
    loop {
        let frame = match live.recv().await {
            Ok(HubItem::Event(event)) => {
                if event.seq <= delivered_through {
                    continue;
                }
                delivered_through = event.seq;
                event_frame(&viewer_id, &event)
            }
            Ok(HubItem::AccessRevoked { user_id }) => {
                if user_id != viewer_id {
                    continue;
                }
                // Resubscribing will tell the client it is no longer allowed.
                let _ = outbox.send(&resync(&conversation_id)).await;
                return;
            }
            Err(RecvError::Lagged(missed)) => {
                tracing::debug!(conversation = %conversation_id, missed, "subscriber fell behind");
                let _ = outbox.send(&resync(&conversation_id)).await;
                return;
            }
            Err(RecvError::Closed) => return,
        };
        if outbox.send(&frame).await.is_err() {
            return;
        }
    }
}

fn resync(conversation_id: &str) -> ServerFrame {
    ServerFrame::Resync {
        conversation_id: conversation_id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::Duration;

    use chat_elements_protocol::{Event, Message, MessageType, Origin, User};

    use super::*;
    use crate::hub::Hub;
    use crate::ws::outbox::Outgoing;

    fn event(seq: u64) -> HubItem {
        let message = Message {
            id: format!("msg_{seq}"),
            conversation_id: "c".into(),
            seq,
            kind: MessageType::UserMessage,
            sender: Some(User::named("alice", "Alice")),
            client_id: Some(format!("k{seq}")),
            custom: Default::default(),
            created_at: 0,
            edited_at: None,
            referenced_message: None,
            origin: Origin::Web,
            plaintext: "hi".into(),
            content: Vec::new(),
            reactions: Vec::new(),
        };
        HubItem::Event(Arc::new(StoredEvent {
            conversation_id: "c".into(),
            seq,
            event: Box::new(Event::MessageCreated { message }),
            reactors: Default::default(),
        }))
    }

    async fn next_frame(rx: &mut tokio::sync::mpsc::Receiver<Outgoing>) -> ServerFrame {
        match tokio::time::timeout(Duration::from_secs(5), rx.recv()).await {
            Ok(Some(Outgoing::Text(text))) => serde_json::from_str(&text).unwrap(),
            other => panic!("expected a frame, got {other:?}"),
        }
    }

    #[tokio::test]
    async fn forwards_new_events_for_the_viewer_and_skips_delivered_ones() {
        let hub = Hub::new(16);
        let (outbox, mut rx) = Outbox::new(16, Duration::from_secs(1));
        let mut subscriptions = Subscriptions::default();
        subscriptions.start("c".into(), "bob".into(), 2, hub.subscribe("c"), outbox);
        for seq in 1..=4 {
            hub.publish("c", event(seq));
        }
        for expected in 3..=4 {
            match next_frame(&mut rx).await {
                ServerFrame::Event { seq, event, .. } => {
                    assert_eq!(seq, expected);
                    let Event::MessageCreated { message } = event else {
                        panic!("unexpected {event:?}");
                    };
                    assert_eq!(
                        message.client_id, None,
                        "bob does not see alice's client id"
                    );
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_gets_resync_and_stops() {
        let hub = Hub::new(2);
        let live = hub.subscribe("c");
        // Five events arrive before the forwarder gets to run: more than the hub keeps.
        for seq in 1..=5 {
            hub.publish("c", event(seq));
        }
        let (outbox, mut rx) = Outbox::new(16, Duration::from_secs(1));
        let mut subscriptions = Subscriptions::default();
        subscriptions.start("c".into(), "bob".into(), 0, live, outbox);
        assert_eq!(
            next_frame(&mut rx).await,
            ServerFrame::Resync {
                conversation_id: "c".into()
            }
        );
        hub.publish("c", event(6));
        assert!(
            tokio::time::timeout(Duration::from_millis(200), rx.recv())
                .await
                .map_or(true, |frame| frame.is_none()),
            "nothing follows the resync"
        );
    }

    #[tokio::test]
    async fn revoking_access_ends_only_that_users_subscription() {
        let hub = Hub::new(16);
        let (outbox, mut rx) = Outbox::new(16, Duration::from_secs(1));
        let mut subscriptions = Subscriptions::default();
        subscriptions.start("c".into(), "bob".into(), 0, hub.subscribe("c"), outbox);
        hub.publish(
            "c",
            HubItem::AccessRevoked {
                user_id: "carol".into(),
            },
        );
        hub.publish("c", event(1));
        assert!(matches!(
            next_frame(&mut rx).await,
            ServerFrame::Event { seq: 1, .. }
        ));
        hub.publish(
            "c",
            HubItem::AccessRevoked {
                user_id: "bob".into(),
            },
        );
        assert!(matches!(
            next_frame(&mut rx).await,
            ServerFrame::Resync { .. }
        ));
    }
}
