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
    assert_eq!(messages[0].text, "for everyone");
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
