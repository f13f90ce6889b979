//! Test support for moderation and participants: giving a user the admin role, the moderation
//! requests, and waiting for a `participantsChanged` event.

use chat_elements_protocol::{Event, ServerFrame};
use serde_json::{json, Value};

use super::{Client, TestServer};

/// `{ op, conversationId, userId }` for one of the moderation ops.
pub fn moderation(op: &str, conversation: &str, user: &str) -> Value {
    json!({ "op": op, "conversationId": conversation, "userId": user })
}

impl TestServer {
    /// Gives `user` (named `name`) the admin role through the admin API.
    pub async fn make_admin(&self, user: &str, name: &str) {
        let (status, body) = self
            .admin_put(
                &format!("/v1/admin/users/{user}"),
                json!({ "name": name, "role": "admin" }),
            )
            .await;
        assert_eq!(
            (status, body["role"].as_str()),
            (200, Some("admin")),
            "{body}"
        );
    }

    /// An admin API call with `method` on `path` and an optional JSON body.
    pub async fn admin_call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        self.admin(method, path, body).await
    }
}

impl Client {
    /// The next frame must be a `participantsChanged` event; returns its seq.
    pub async fn next_participants_changed(&mut self) -> u64 {
        match self.next_frame().await {
            ServerFrame::Event {
                seq,
                event: Event::ParticipantsChanged,
                ..
            } => seq,
            other => panic!("expected participantsChanged, got {other:?}"),
        }
    }
}
