//! Only participants read, subscribe and send; read-only participants only read.

mod common;

use chat_elements_protocol::{Access, ErrorCode};
use common::{code, TestServer};
use serde_json::json;

#[tokio::test]
async fn a_non_participant_can_neither_read_nor_subscribe_nor_send() {
    let server = TestServer::start().await;
    server.post_message("demo", "alice", "private").await;
    let mut carol = server.client("carol").await;
    assert_eq!(
        code(carol.history("demo", None, None).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(carol.subscribe("demo", Some(0)).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(carol.send("demo", "k1", "let me in").await),
        ErrorCode::Forbidden
    );
    // Nothing was replayed, nothing was stored, nothing stays registered for her.
    assert!(carol.take_backlog().is_empty());
    assert_eq!(server.state().hub.channel_count(), 0);
    let mut alice = server.client("alice").await;
    let (messages, _) = alice.history("demo", None, None).await.unwrap();
    assert_eq!(messages.len(), 1);
    server.stop().await;
}

#[tokio::test]
async fn a_missing_conversation_looks_the_same_as_a_forbidden_one() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let missing = alice
        .history("no-such-conversation", None, None)
        .await
        .unwrap_err();
    let forbidden = server
        .client("carol")
        .await
        .history("demo", None, None)
        .await
        .unwrap_err();
    assert_eq!(missing.code, ErrorCode::Forbidden);
    assert_eq!(missing.message, forbidden.message);
    assert_eq!(
        code(alice.subscribe("no-such-conversation", None).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(alice.send("no-such-conversation", "k", "hi").await),
        ErrorCode::Forbidden
    );
    // The admin API, which may know, says NOT_FOUND.
    let (status, body) = server
        .admin_get("/v1/admin/conversations/no-such-conversation")
        .await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "NOT_FOUND");
    server.stop().await;
}

#[tokio::test]
async fn a_read_only_participant_reads_but_cannot_send() {
    let server = TestServer::start().await;
    let (status, body) = server
        .admin_put(
            "/v1/admin/conversations/demo/participants/carol",
            json!({ "access": "Read" }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["access"], "Read");
    server.post_message("demo", "alice", "for everyone").await;

    let mut carol = server.client("carol").await;
    let (conversation, _) = carol.subscribe("demo", None).await.unwrap();
    assert_eq!(conversation.access, Access::Read);
    let (messages, _) = carol.history("demo", None, None).await.unwrap();
    assert_eq!(messages[0].plaintext, "for everyone");
    assert_eq!(
        code(carol.send("demo", "k1", "can I?").await),
        ErrorCode::Forbidden
    );
    // The admin API cannot post as her either.
    let (status, body) = server
        .admin(
            reqwest::Method::POST,
            "/v1/admin/conversations/demo/messages",
            Some(json!({ "senderId": "carol", "text": "sneaky" })),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (403, Some("FORBIDDEN")));
    server.stop().await;
}

#[tokio::test]
async fn a_removed_participant_loses_the_live_subscription() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();
    let (status, _) = server
        .admin(
            reqwest::Method::DELETE,
            "/v1/admin/conversations/demo/participants/bob",
            None,
        )
        .await;
    assert_eq!(status, 204);
    match bob.next_frame().await {
        chat_elements_protocol::ServerFrame::Resync { conversation_id } => {
            assert_eq!(conversation_id, "demo")
        }
        other => panic!("expected resync, got {other:?}"),
    }
    // Nothing posted afterwards reaches him, and resubscribing is refused.
    server.post_message("demo", "alice", "after bob left").await;
    assert_eq!(
        code(bob.subscribe("demo", Some(0)).await),
        ErrorCode::Forbidden
    );
    assert!(bob.take_backlog().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn strangers_learn_nothing_about_a_conversation_from_the_data_api() {
    let server = TestServer::start().await;
    server.post_message("demo", "alice", "private").await;
    let mut carol = server.client("carol").await;
    let refused_ops = [
        json!({ "op": "markRead" }),
        json!({ "op": "markUnread" }),
        json!({ "op": "typing" }),
        json!({ "op": "getParticipant", "userId": "bob" }),
        json!({ "op": "setParticipant", "userId": "bob", "notify": false }),
        json!({ "op": "editParticipant", "userId": "bob", "notify": false }),
        json!({ "op": "createParticipant", "userId": "carol" }),
        json!({ "op": "deleteParticipant", "userId": "bob" }),
    ];
    for op in refused_ops {
        let mut answers = Vec::new();
        for conversation in ["demo", "no-such-conversation"] {
            let mut request = op.clone();
            request["conversationId"] = json!(conversation);
            let failure = carol.request(request).await.unwrap_err();
            answers.push((failure.code, failure.message));
        }
        assert_eq!(answers[0].0, ErrorCode::Forbidden, "{op}");
        assert_eq!(
            answers[0], answers[1],
            "{op}: an existing id must look like a missing one"
        );
    }
    assert_eq!(carol.get_conversation("demo").await, None);
    for topic in [
        json!({ "kind": "conversation", "conversationId": "demo" }),
        json!({ "kind": "participant", "conversationId": "demo", "userId": "alice" }),
        json!({ "kind": "participants", "conversationId": "demo", "limit": 10 }),
        json!({ "kind": "typing", "conversationId": "demo" }),
    ] {
        let seen = carol.watch("w", topic.clone()).await.unwrap();
        let mut missing_topic = topic.clone();
        missing_topic["conversationId"] = json!("no-such-conversation");
        let missing = carol.watch("w", missing_topic).await.unwrap();
        assert_eq!(seen, missing, "{topic}");
    }
    // Her conversation list does not include it either.
    let list = carol
        .watch("l", json!({ "kind": "conversations", "limit": 10 }))
        .await
        .unwrap();
    assert_eq!(common::watch::ids_of(&list), Vec::<&str>::new());
    server.stop().await;
}
