//! Watched topics: the first snapshot in the reply, a new one pushed on every change (never a
//! repeat, at most one per ~20 ms), replacing by watchId, unwatch, and the end on disconnect.

mod common;

use std::time::Duration;

use chat_elements_protocol::{ErrorCode, Limits, Notify, TopicSnapshot};
use common::watch::{conversation_of, participants_of, user_of};
use common::{code, TestServer};
use serde_json::json;
use tokio::time::Instant;

const QUIET: Duration = Duration::from_millis(300);

#[tokio::test]
async fn a_user_watch_gets_each_change_once() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    let first = bob
        .watch("w1", json!({ "kind": "user", "userId": "alice" }))
        .await
        .unwrap();
    assert_eq!(user_of(&first).unwrap().name, "Alice");

    let mut alice = server.client("alice").await;
    alice
        .write(json!({ "op": "setUser", "userId": "alice", "name": "Alicia" }))
        .await
        .unwrap();
    let next = bob.next_snapshot("w1").await;
    assert_eq!(user_of(&next).unwrap().name, "Alicia");
    // The same value again is no change: nothing is pushed.
    alice
        .write(json!({ "op": "setUser", "userId": "alice", "name": "Alicia" }))
        .await
        .unwrap();
    // Nor is a change to someone else.
    alice
        .write(json!({ "op": "createUser", "userId": "zed", "name": "Zed" }))
        .await
        .unwrap();
    bob.expect_no_snapshot("w1", QUIET).await;

    // A missing user is null, and appears once created.
    let missing = bob
        .watch("w2", json!({ "kind": "user", "userId": "gina" }))
        .await
        .unwrap();
    assert_eq!(user_of(&missing), None);
    alice
        .write(json!({ "op": "createUser", "userId": "gina", "name": "Gina" }))
        .await
        .unwrap();
    assert_eq!(
        user_of(&bob.next_snapshot("w2").await).unwrap().name,
        "Gina"
    );
    // So does a user created by their first token.
    bob.watch("w3", json!({ "kind": "user", "userId": "hank" }))
        .await
        .unwrap();
    let _hank = server.client("hank").await;
    assert_eq!(
        user_of(&bob.next_snapshot("w3").await).unwrap().name,
        "hank"
    );
    server.stop().await;
}

#[tokio::test]
async fn watching_again_with_the_same_id_replaces_the_topic() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.watch("w", json!({ "kind": "user", "userId": "alice" }))
        .await
        .unwrap();
    let replaced = bob
        .watch("w", json!({ "kind": "user", "userId": "carol" }))
        .await
        .unwrap();
    assert_eq!(user_of(&replaced).unwrap().id, "carol");
    assert_eq!(server.state().hub.watcher_count(), 1, "the old watch ended");

    let mut alice = server.client("alice").await;
    alice
        .write(json!({ "op": "setUser", "userId": "alice", "name": "A" }))
        .await
        .unwrap();
    bob.expect_no_snapshot("w", QUIET).await;
    let mut carol = server.client("carol").await;
    carol
        .write(json!({ "op": "setUser", "userId": "carol", "name": "C" }))
        .await
        .unwrap();
    assert_eq!(user_of(&bob.next_snapshot("w").await).unwrap().name, "C");
    server.stop().await;
}

#[tokio::test]
async fn unwatch_and_disconnect_end_watches() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.watch("a", json!({ "kind": "user", "userId": "alice" }))
        .await
        .unwrap();
    bob.watch(
        "b",
        json!({ "kind": "conversation", "conversationId": "demo" }),
    )
    .await
    .unwrap();
    assert_eq!(server.state().hub.watcher_count(), 2);
    bob.unwatch("a").await;
    bob.unwatch("never-watched").await;
    assert_eq!(server.state().hub.watcher_count(), 1);
    let mut alice = server.client("alice").await;
    alice
        .write(json!({ "op": "setUser", "userId": "alice", "name": "A" }))
        .await
        .unwrap();
    bob.expect_no_snapshot("a", QUIET).await;

    drop(bob);
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.state().hub.watcher_count() > 0 {
        assert!(Instant::now() < deadline, "the watches end with the socket");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn windows_and_topics_are_checked() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    let max = Limits::DEFAULT.max_window;
    for topic in [
        json!({ "kind": "conversations", "limit": 0 }),
        json!({ "kind": "conversations", "limit": max + 1 }),
        json!({ "kind": "participants", "conversationId": "demo", "limit": 0 }),
        json!({ "kind": "user", "userId": "" }),
    ] {
        let failure = bob.watch("w", topic.clone()).await.unwrap_err();
        assert_eq!(failure.code, ErrorCode::InvalidArgument, "{topic}");
    }
    assert!(bob
        .watch("w", json!({ "kind": "conversations", "limit": max }))
        .await
        .is_ok());
    // An unknown topic kind is a malformed frame.
    let frame = json!({ "id": 50, "op": "watch", "watchId": "x", "topic": { "kind": "weather" } });
    bob.send_text(frame.to_string()).await;
    assert_eq!(code(bob.response(50).await), ErrorCode::InvalidArgument);
    server.stop().await;
}

#[tokio::test]
async fn a_malformed_filter_is_explained() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    let cases = [
        (
            json!({ "lastActivityAt": [">", "yesterday"] }),
            "lastActivityAt",
        ),
        (json!({ "colour": ["==", "red"] }), "colour"),
        (
            json!({ "custom": { "category": "sometimes" } }),
            "custom.category",
        ),
        (json!(["all", [{ "isUnread": true }]]), "\"any\""),
    ];
    for (id, (filter, field)) in (100..).zip(cases) {
        let frame = json!({
            "id": id, "op": "watch", "watchId": "w",
            "topic": { "kind": "conversations", "limit": 10, "filter": filter }
        });
        bob.send_text(frame.to_string()).await;
        let failure = bob.response(id).await.unwrap_err();
        assert_eq!(failure.code, ErrorCode::InvalidArgument);
        assert!(
            failure.message.starts_with("invalid conversation filter: ")
                && failure.message.contains(field),
            "{filter}: {}",
            failure.message
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn bursts_of_changes_are_coalesced_and_the_last_state_arrives() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.watch(
        "c",
        json!({ "kind": "conversation", "conversationId": "demo" }),
    )
    .await
    .unwrap();
    let mut alice = server.client("alice").await;
    let started = Instant::now();
    let mut ids = Vec::new();
    for i in 0..30 {
        ids.push(
            alice
                .send_request(common::send_request(
                    "demo",
                    &format!("k{i}"),
                    &format!("m{i}"),
                ))
                .await,
        );
    }
    for id in ids {
        alice.response(id).await.unwrap();
    }
    let mut count = 0;
    loop {
        let snapshot = bob.next_snapshot("c").await;
        count += 1;
        let conversation = conversation_of(&snapshot).unwrap();
        let last = conversation.last_message.as_ref().unwrap();
        if last.plaintext == "m29" {
            assert_eq!(conversation.last_seq, 30);
            assert_eq!(conversation.unread_message_count, 30);
            break;
        }
    }
    let elapsed_ms = started.elapsed().as_millis() as usize;
    assert!(count < 30, "{count} snapshots for 30 changes");
    assert!(
        count <= elapsed_ms / 20 + 1,
        "{count} snapshots in {elapsed_ms} ms is more than one per 20 ms"
    );
    bob.expect_no_snapshot("c", QUIET).await;
    server.stop().await;
}

#[tokio::test]
async fn participant_topics_follow_joins_profiles_and_settings() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    let one = bob
        .watch(
            "p1",
            json!({ "kind": "participants", "conversationId": "demo", "limit": 1 }),
        )
        .await
        .unwrap();
    assert_eq!(participants_of(&one), (Some(vec!["bob"]), false));
    let all = bob
        .watch(
            "all",
            json!({ "kind": "participants", "conversationId": "demo", "limit": 10 }),
        )
        .await
        .unwrap();
    assert_eq!(participants_of(&all), (Some(vec!["bob", "alice"]), true));
    let alice_topic = json!({ "kind": "participant", "conversationId": "demo", "userId": "alice" });
    let alice_now = bob.watch("alice", alice_topic.clone()).await.unwrap();
    assert!(
        matches!(&alice_now, TopicSnapshot::Participant { participant: Some(p) } if p.notify == Notify::Flag(true))
    );

    let mut alice = server.client("alice").await;
    alice
        .write(json!({ "op": "createParticipant", "conversationId": "demo", "userId": "carol" }))
        .await
        .unwrap();
    let grown = bob.next_snapshot("all").await;
    assert_eq!(
        participants_of(&grown),
        (Some(vec!["carol", "bob", "alice"]), true)
    );
    // The newest participant enters the one-person window at the front.
    let newest = bob.next_snapshot("p1").await;
    assert_eq!(participants_of(&newest), (Some(vec!["carol"]), false));

    let mut carol = server.client("carol").await;
    carol
        .write(json!({ "op": "setUser", "userId": "carol", "name": "Caroline" }))
        .await
        .unwrap();
    let renamed = bob.next_snapshot("all").await;
    let TopicSnapshot::Participants {
        participants: Some(list),
        ..
    } = renamed
    else {
        panic!("expected participants")
    };
    assert_eq!(list[0].user.name, "Caroline");

    alice
        .write(json!({ "op": "setConversation", "conversationId": "demo", "notify": false }))
        .await
        .unwrap();
    let changed = bob.next_snapshot("alice").await;
    assert!(
        matches!(&changed, TopicSnapshot::Participant { participant: Some(p) } if p.notify == Notify::Flag(false))
    );

    // Outsiders get null for both topics.
    let mut dave = server.client("dave").await;
    let outside = dave
        .watch(
            "all",
            json!({ "kind": "participants", "conversationId": "demo", "limit": 10 }),
        )
        .await
        .unwrap();
    assert_eq!(participants_of(&outside), (None, true));
    let outside = dave.watch("alice", alice_topic).await.unwrap();
    assert_eq!(outside, TopicSnapshot::Participant { participant: None });
    server.stop().await;
}
