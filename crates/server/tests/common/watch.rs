//! Test support for the Data API: requests written as JSON (as a client sends them), watched
//! topics and their snapshots.

use std::time::Duration;

use chat_elements_protocol::{
    ClientFrame, Conversation, Participant, Reply, Request, ServerFrame, Topic, TopicSnapshot,
    Typing, User,
};
use futures_util::StreamExt;
use serde_json::{json, Value};
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message as WsMessage;

use super::{Client, Failure};

/// How long a test waits for an expected snapshot.
const SNAPSHOT_TIMEOUT: Duration = Duration::from_secs(10);

/// A request from its JSON form without `id`, e.g. `{"op": "getUser", "userId": "bob"}`.
pub fn request(mut value: Value) -> Request {
    value["id"] = json!(0);
    let frame: ClientFrame =
        serde_json::from_value(value.clone()).unwrap_or_else(|err| panic!("{value}: {err}"));
    frame.request
}

/// A topic from its JSON form, e.g. `{"kind": "user", "userId": "bob"}`.
pub fn topic(value: Value) -> Topic {
    serde_json::from_value(value.clone()).unwrap_or_else(|err| panic!("{value}: {err}"))
}

impl Client {
    /// Sends a request given as JSON and waits for its response.
    pub async fn request(&mut self, value: Value) -> Result<Reply, Failure> {
        self.call(request(value)).await
    }

    /// A write (as JSON) that must answer `done`.
    pub async fn write(&mut self, value: Value) -> Result<(), Failure> {
        match self.request(value).await? {
            Reply::Done => Ok(()),
            other => panic!("expected done, got {other:?}"),
        }
    }

    pub async fn get_user(&mut self, user_id: &str) -> Option<User> {
        match self
            .request(json!({ "op": "getUser", "userId": user_id }))
            .await
        {
            Ok(Reply::User { user }) => user,
            other => panic!("expected a user, got {other:?}"),
        }
    }

    pub async fn get_conversation(&mut self, conversation_id: &str) -> Option<Conversation> {
        let reply = self
            .request(json!({ "op": "getConversation", "conversationId": conversation_id }))
            .await;
        match reply {
            Ok(Reply::Conversation { conversation }) => conversation,
            other => panic!("expected a conversation, got {other:?}"),
        }
    }

    pub async fn get_participant(
        &mut self,
        conversation_id: &str,
        user_id: &str,
    ) -> Result<Option<Participant>, Failure> {
        let reply = self
            .request(json!({
                "op": "getParticipant", "conversationId": conversation_id, "userId": user_id
            }))
            .await?;
        match reply {
            Reply::Participant { participant } => Ok(participant),
            other => panic!("expected a participant, got {other:?}"),
        }
    }

    /// Starts watching; the first snapshot.
    pub async fn watch(
        &mut self,
        watch_id: &str,
        topic_json: Value,
    ) -> Result<TopicSnapshot, Failure> {
        let request = Request::Watch {
            watch_id: watch_id.to_owned(),
            topic: topic(topic_json),
        };
        match self.call(request).await? {
            Reply::Watching {
                watch_id: id,
                snapshot,
            } => {
                assert_eq!(id, watch_id);
                Ok(snapshot)
            }
            other => panic!("expected watching, got {other:?}"),
        }
    }

    pub async fn unwatch(&mut self, watch_id: &str) {
        let reply = self
            .call(Request::Unwatch {
                watch_id: watch_id.to_owned(),
            })
            .await;
        assert_eq!(reply, Ok(Reply::Unwatched));
    }

    /// The next snapshot pushed for `watch_id` (other frames are kept for later).
    pub async fn next_snapshot(&mut self, watch_id: &str) -> TopicSnapshot {
        let deadline = Instant::now() + SNAPSHOT_TIMEOUT;
        match self.snapshot_before(watch_id, deadline).await {
            Some(snapshot) => snapshot,
            None => panic!("no snapshot for {watch_id} arrived in time"),
        }
    }

    /// Snapshots for `watch_id` until one satisfies `wanted`.
    pub async fn snapshot_until(
        &mut self,
        watch_id: &str,
        wanted: impl Fn(&TopicSnapshot) -> bool,
    ) -> TopicSnapshot {
        loop {
            let snapshot = self.next_snapshot(watch_id).await;
            if wanted(&snapshot) {
                return snapshot;
            }
        }
    }

    /// Fails if a snapshot for `watch_id` arrives within `wait`.
    pub async fn expect_no_snapshot(&mut self, watch_id: &str, wait: Duration) {
        let deadline = Instant::now() + wait;
        if let Some(snapshot) = self.snapshot_before(watch_id, deadline).await {
            panic!("unexpected snapshot for {watch_id}: {snapshot:?}");
        }
    }

    /// Every snapshot for `watch_id` that arrives within `wait`.
    pub async fn snapshots_within(&mut self, watch_id: &str, wait: Duration) -> Vec<TopicSnapshot> {
        let deadline = Instant::now() + wait;
        let mut snapshots = Vec::new();
        while let Some(snapshot) = self.snapshot_before(watch_id, deadline).await {
            snapshots.push(snapshot);
        }
        snapshots
    }

    async fn snapshot_before(
        &mut self,
        watch_id: &str,
        deadline: Instant,
    ) -> Option<TopicSnapshot> {
        let is_ours = |frame: &ServerFrame| matches!(frame, ServerFrame::Snapshot { watch_id: id, .. } if id == watch_id);
        if let Some(pos) = self.backlog.iter().position(is_ours) {
            return self.backlog.remove(pos).map(into_snapshot);
        }
        loop {
            let message = match tokio::time::timeout_at(deadline, self.ws.next()).await {
                Err(_) => return None,
                Ok(message) => message
                    .expect("the socket is open")
                    .expect("the socket reads"),
            };
            let WsMessage::Text(text) = message else {
                continue;
            };
            let frame: ServerFrame = serde_json::from_str(text.as_str())
                .unwrap_or_else(|err| panic!("bad server frame {text}: {err}"));
            if is_ours(&frame) {
                return Some(into_snapshot(frame));
            }
            self.backlog.push_back(frame);
        }
    }
}

fn into_snapshot(frame: ServerFrame) -> TopicSnapshot {
    match frame {
        ServerFrame::Snapshot { snapshot, .. } => snapshot,
        other => panic!("not a snapshot: {other:?}"),
    }
}

pub fn user_of(snapshot: &TopicSnapshot) -> Option<&User> {
    match snapshot {
        TopicSnapshot::User { user } => user.as_ref(),
        other => panic!("expected a user snapshot, got {other:?}"),
    }
}

pub fn conversation_of(snapshot: &TopicSnapshot) -> Option<&Conversation> {
    match snapshot {
        TopicSnapshot::Conversation { conversation } => conversation.as_ref(),
        other => panic!("expected a conversation snapshot, got {other:?}"),
    }
}

/// `(conversations, loaded_all)` of a conversations snapshot.
pub fn list_of(snapshot: &TopicSnapshot) -> (&[Conversation], bool) {
    match snapshot {
        TopicSnapshot::Conversations {
            conversations,
            loaded_all,
        } => (conversations, *loaded_all),
        other => panic!("expected a conversations snapshot, got {other:?}"),
    }
}

/// The ids of a conversations snapshot, in order.
pub fn ids_of(snapshot: &TopicSnapshot) -> Vec<&str> {
    list_of(snapshot).0.iter().map(|c| c.id.as_str()).collect()
}

/// `(participants or None, loaded_all)` of a participants snapshot.
pub fn participants_of(snapshot: &TopicSnapshot) -> (Option<Vec<&str>>, bool) {
    match snapshot {
        TopicSnapshot::Participants {
            participants,
            loaded_all,
        } => (
            participants
                .as_ref()
                .map(|list| list.iter().map(|p| p.user.id.as_str()).collect()),
            *loaded_all,
        ),
        other => panic!("expected a participants snapshot, got {other:?}"),
    }
}

/// The typers' ids of a typing snapshot; `None` for `null`, `["*many*"]` for `many`.
pub fn typers_of(snapshot: &TopicSnapshot) -> Option<Vec<String>> {
    match snapshot {
        TopicSnapshot::Typing { typing } => typing.as_ref().map(|typing| match typing {
            Typing::Few { users, .. } => users.iter().map(|u| u.id.clone()).collect(),
            Typing::Many { .. } => vec!["*many*".to_owned()],
        }),
        other => panic!("expected a typing snapshot, got {other:?}"),
    }
}

/// `Some(is_connected)` of an online snapshot, `None` for `null`.
pub fn online_of(snapshot: &TopicSnapshot) -> Option<bool> {
    match snapshot {
        TopicSnapshot::Online { online } => online.as_ref().map(|o| o.is_connected),
        other => panic!("expected an online snapshot, got {other:?}"),
    }
}
