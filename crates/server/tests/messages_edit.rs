//! Editing and deleting messages, replies (`referencedMessage`), `custom`, and getMessage: each
//! change takes the next seq, reaches subscribers and replays; only the author may change a
//! message.

mod common;

use chat_elements_protocol::{ErrorCode, Event, Request};
use common::{code, send_reply, TestServer};
use serde_json::json;

fn edit_custom(message_id: &str, custom: serde_json::Value) -> Request {
    serde_json::from_value(json!({
        "op": "editMessage", "conversationId": "demo", "messageId": message_id, "custom": custom
    }))
    .unwrap()
}

#[tokio::test]
async fn the_author_edits_and_everyone_sees_the_new_message() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let original = alice.say("demo", "helo").await;
    bob.subscribe("demo", Some(original.seq)).await.unwrap();
    assert_eq!(original.edited_at, None);

    alice
        .edit_text("demo", &original.id, "hello *there*")
        .await
        .unwrap();
    let (seq, updated) = bob.next_update().await;
    assert_eq!(seq, original.seq + 1);
    assert_eq!(updated.id, original.id);
    assert_eq!(
        updated.seq, original.seq,
        "a message keeps the seq it was created with"
    );
    assert_eq!(updated.plaintext, "hello there");
    assert!(updated.edited_at.is_some());
    assert_eq!(
        updated.client_id, None,
        "bob does not see alice's client id"
    );

    let fetched = bob
        .get_message("demo", &original.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(fetched.plaintext, "hello there");
    let (history, _) = alice.history("demo", None, None).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].plaintext, "hello there");
    assert_eq!(history[0].client_id, original.client_id);

    // Someone else may not; a missing message is NOT_FOUND; nothing to change is refused.
    assert_eq!(
        code(bob.edit_text("demo", &original.id, "hacked").await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(alice.edit_text("demo", "msg_missing", "x").await),
        ErrorCode::NotFound
    );
    let nothing = serde_json::from_value::<Request>(json!({
        "op": "editMessage", "conversationId": "demo", "messageId": original.id
    }))
    .unwrap();
    assert_eq!(code(alice.done(nothing).await), ErrorCode::InvalidArgument);
    server.stop().await;
}

#[tokio::test]
async fn custom_fields_are_sent_and_patched() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let send: Request = serde_json::from_value(json!({
        "op": "send", "conversationId": "demo", "clientId": "k1", "text": "hi",
        "custom": { "a": "1", "b": "2" }
    }))
    .unwrap();
    let (message, _) = alice.send_full(send).await.unwrap();
    assert_eq!(message.custom.get("a").map(String::as_str), Some("1"));

    let id = message.id.clone();
    alice
        .done(edit_custom(&id, json!({ "a": null, "c": "3" })))
        .await
        .unwrap();
    let custom = alice
        .get_message("demo", &id)
        .await
        .unwrap()
        .unwrap()
        .custom;
    let keys: Vec<(&str, &str)> = custom
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(keys, [("b", "2"), ("c", "3")]);
    assert_eq!(
        alice
            .get_message("demo", &id)
            .await
            .unwrap()
            .unwrap()
            .plaintext,
        "hi",
        "a custom edit keeps the text"
    );

    alice.done(edit_custom(&id, json!(null))).await.unwrap();
    let custom = alice
        .get_message("demo", &id)
        .await
        .unwrap()
        .unwrap()
        .custom;
    assert!(custom.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn replies_quote_one_level_deep_and_only_within_the_conversation() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let first = alice.say("demo", "first").await;
    let (reply, _) = bob
        .send_full(send_reply("demo", "r1", "a reply", &first.id))
        .await
        .unwrap();
    let quoted = reply.referenced_message.as_ref().unwrap();
    assert_eq!(quoted.id, first.id);
    assert_eq!(quoted.plaintext, "first");
    assert_eq!(quoted.sender.as_ref().unwrap().id, "alice");
    assert_eq!(quoted.referenced_message_id, None);

    let (nested, _) = alice
        .send_full(send_reply("demo", "r2", "reply to the reply", &reply.id))
        .await
        .unwrap();
    let quoted = nested.referenced_message.as_ref().unwrap();
    assert_eq!(quoted.id, reply.id);
    assert_eq!(
        quoted.referenced_message_id.as_deref(),
        Some(first.id.as_str())
    );

    // A message of another conversation, or none at all, cannot be quoted.
    server
        .admin_put("/v1/admin/conversations/other", json!({}))
        .await;
    server
        .admin_put(
            "/v1/admin/conversations/other/participants/alice",
            json!({}),
        )
        .await;
    let elsewhere = alice.say("other", "elsewhere").await;
    for bad in [elsewhere.id.as_str(), "msg_nothing"] {
        assert_eq!(
            code(alice.send_full(send_reply("demo", bad, "x", bad)).await),
            ErrorCode::InvalidArgument
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn a_deleted_message_vanishes_from_history_replay_and_quotes() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let secret = alice.say("demo", "secret words").await;
    let (reply, _) = bob
        .send_full(send_reply("demo", "r1", "what?", &secret.id))
        .await
        .unwrap();
    bob.subscribe("demo", Some(reply.seq)).await.unwrap();

    assert_eq!(
        code(bob.delete_message("demo", &secret.id).await),
        ErrorCode::Forbidden
    );
    alice.delete_message("demo", &secret.id).await.unwrap();
    match bob.next_any_event().await {
        (_, seq, Event::MessageDeleted { message_id }) => {
            assert_eq!(message_id, secret.id);
            assert_eq!(seq, reply.seq + 1);
        }
        other => panic!("expected messageDeleted, got {other:?}"),
    }
    let (seq, updated_reply) = bob.next_update().await;
    assert_eq!(seq, reply.seq + 2);
    assert_eq!(updated_reply.id, reply.id);
    assert_eq!(updated_reply.referenced_message, None);

    // Deleting again is fine.
    alice.delete_message("demo", &secret.id).await.unwrap();
    assert_eq!(bob.get_message("demo", &secret.id).await.unwrap(), None);
    let (history, _) = bob.history("demo", None, None).await.unwrap();
    let ids: Vec<&str> = history.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, [reply.id.as_str()]);
    assert_eq!(history[0].referenced_message, None);

    // A client that replays from the start never sees the text.
    let mut late = server.client("bob").await;
    late.subscribe("demo", Some(0)).await.unwrap();
    let replayed = format!("{:?}", late.take_backlog());
    assert!(!replayed.contains("secret words"), "{replayed}");
    assert!(replayed.contains("MessageDeleted"), "{replayed}");
    server.stop().await;
}

#[tokio::test]
async fn read_only_participants_and_strangers_cannot_change_messages() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let message = alice.say("demo", "mine").await;
    server
        .admin_put(
            "/v1/admin/conversations/demo/participants/alice",
            json!({ "access": "Read" }),
        )
        .await;
    assert_eq!(
        code(alice.edit_text("demo", &message.id, "x").await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(alice.delete_message("demo", &message.id).await),
        ErrorCode::Forbidden
    );
    // She still reads it.
    assert!(alice
        .get_message("demo", &message.id)
        .await
        .unwrap()
        .is_some());

    let mut carol = server.client("carol").await;
    assert_eq!(
        code(carol.get_message("demo", &message.id).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(carol.delete_message("demo", &message.id).await),
        ErrorCode::Forbidden
    );
    server.stop().await;
}
