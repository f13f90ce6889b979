//! Reactions: idempotent add and remove, personalised `currentUserReacted` in live events,
//! replay, history and getMessage, the 50-emoji limit, emoji rules and access.

mod common;

use std::time::Duration;

use chat_elements_protocol::{ErrorCode, Event, Reaction, ServerFrame};
use common::{code, TestServer};
use serde_json::json;

fn summary(reactions: &[Reaction]) -> Vec<(&str, u64, bool)> {
    reactions
        .iter()
        .map(|r| (r.emoji.as_str(), r.count, r.current_user_reacted))
        .collect()
}

#[tokio::test]
async fn each_viewer_sees_counts_and_their_own_reactions() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let message = alice.say("demo", "react to me").await;
    alice.subscribe("demo", Some(message.seq)).await.unwrap();
    bob.subscribe("demo", Some(message.seq)).await.unwrap();

    bob.react("demo", &message.id, "👍").await.unwrap();
    let (seq, seen_by_alice) = alice.next_update().await;
    assert_eq!(seq, message.seq + 1);
    assert_eq!(summary(&seen_by_alice.reactions), [("👍", 1, false)]);
    let (_, seen_by_bob) = bob.next_update().await;
    assert_eq!(summary(&seen_by_bob.reactions), [("👍", 1, true)]);

    alice.react("demo", &message.id, "👍").await.unwrap();
    alice.react("demo", &message.id, "🎉").await.unwrap();
    let (_, _) = alice.next_update().await;
    let (_, latest) = alice.next_update().await;
    assert_eq!(
        summary(&latest.reactions),
        [("👍", 2, true), ("🎉", 1, true)],
        "in the order first used"
    );

    // History, getMessage and replay are personalised the same way.
    let (history, _) = bob.history("demo", None, None).await.unwrap();
    assert_eq!(
        summary(&history[0].reactions),
        [("👍", 2, true), ("🎉", 1, false)]
    );
    let fetched = alice
        .get_message("demo", &message.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        summary(&fetched.reactions),
        [("👍", 2, true), ("🎉", 1, true)]
    );
    let mut late_bob = server.client("bob").await;
    late_bob.subscribe("demo", Some(message.seq)).await.unwrap();
    let replayed: Vec<Vec<(String, u64, bool)>> = late_bob
        .take_backlog()
        .into_iter()
        .map(|frame| match frame {
            ServerFrame::Event {
                event: Event::MessageUpdated { message },
                ..
            } => summary(&message.reactions)
                .into_iter()
                .map(|(emoji, count, mine)| (emoji.to_owned(), count, mine))
                .collect(),
            other => panic!("expected messageUpdated, got {other:?}"),
        })
        .collect();
    let owned = |list: &[(&str, u64, bool)]| -> Vec<(String, u64, bool)> {
        list.iter()
            .map(|(e, c, m)| (e.to_string(), *c, *m))
            .collect()
    };
    assert_eq!(
        replayed,
        [
            owned(&[("👍", 1, true)]),
            owned(&[("👍", 2, true)]),
            owned(&[("👍", 2, true), ("🎉", 1, false)]),
        ]
    );

    // Removing: the emoji disappears when nobody uses it any more.
    bob.next_update().await;
    bob.next_update().await;
    alice.unreact("demo", &message.id, "🎉").await.unwrap();
    let (seq, after) = bob.next_update().await;
    assert_eq!(seq, message.seq + 4);
    assert_eq!(summary(&after.reactions), [("👍", 2, true)]);
    server.stop().await;
}

#[tokio::test]
async fn adding_twice_or_removing_what_is_not_there_changes_nothing() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let message = alice.say("demo", "hi").await;
    bob.react("demo", &message.id, "❤️").await.unwrap();
    bob.subscribe("demo", None).await.unwrap();

    bob.react("demo", &message.id, "❤️").await.unwrap();
    bob.unreact("demo", &message.id, "😮").await.unwrap();
    alice.unreact("demo", &message.id, "❤️").await.unwrap();
    bob.expect_silence(Duration::from_millis(300)).await;
    let fetched = bob.get_message("demo", &message.id).await.unwrap().unwrap();
    assert_eq!(summary(&fetched.reactions), [("❤️", 1, true)]);
    let (_, conversation) = server.admin_get("/v1/admin/conversations/demo").await;
    assert_eq!(
        conversation["lastSeq"],
        message.seq + 1,
        "only the first add took a seq"
    );
    server.stop().await;
}

#[tokio::test]
async fn at_most_fifty_distinct_emoji_per_message() {
    let server = TestServer::start_with(|config| config.limits.requests_per_second = 1000).await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let message = alice.say("demo", "so many").await;
    for i in 0..50 {
        alice
            .react("demo", &message.id, &format!(":e{i}:"))
            .await
            .unwrap();
    }
    assert_eq!(
        code(alice.react("demo", &message.id, ":e50:").await),
        ErrorCode::TooManyReactions
    );
    // An emoji already on the message may still be added by someone else.
    bob.react("demo", &message.id, ":e7:").await.unwrap();
    let fetched = bob.get_message("demo", &message.id).await.unwrap().unwrap();
    assert_eq!(fetched.reactions.len(), 50);
    assert_eq!(fetched.reactions[7].count, 2);
    server.stop().await;
}

#[tokio::test]
async fn emoji_must_be_short_without_whitespace() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let message = alice.say("demo", "hi").await;
    let long = "x".repeat(33);
    for bad in ["", " ", "a b", "👍\n", long.as_str()] {
        assert_eq!(
            code(alice.react("demo", &message.id, bad).await),
            ErrorCode::InvalidArgument,
            "{bad:?}"
        );
    }
    alice
        .react("demo", &message.id, &"x".repeat(32))
        .await
        .unwrap();
    assert_eq!(
        code(alice.react("demo", "msg_missing", "👍").await),
        ErrorCode::NotFound
    );
    server.stop().await;
}

#[tokio::test]
async fn only_read_write_participants_react() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let message = alice.say("demo", "hi").await;
    let mut carol = server.client("carol").await;
    assert_eq!(
        code(carol.react("demo", &message.id, "👍").await),
        ErrorCode::Forbidden
    );
    server
        .admin_put(
            "/v1/admin/conversations/demo/participants/carol",
            json!({ "access": "Read" }),
        )
        .await;
    assert_eq!(
        code(carol.react("demo", &message.id, "👍").await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(carol.unreact("demo", &message.id, "👍").await),
        ErrorCode::Forbidden
    );
    server.stop().await;
}
