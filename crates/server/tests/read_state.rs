//! Read state: unread messages are those by others after the participant's cursor; sending
//! reads, markRead reads everything, markUnread makes the latest message by someone else unread.

mod common;

use chat_elements_protocol::{Conversation, ErrorCode};
use common::watch::conversation_of;
use common::{code, Client, TestServer};
use serde_json::json;

fn state(c: &Conversation) -> (u64, bool, i64, i64) {
    (
        c.unread_message_count,
        c.is_unread,
        c.read_until,
        c.everyone_read_until,
    )
}

async fn view(client: &mut Client, conversation: &str) -> Conversation {
    client
        .get_conversation(conversation)
        .await
        .expect("a participant")
}

#[tokio::test]
async fn unread_counts_follow_sends_mark_read_and_mark_unread() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let (first, _) = alice.send("demo", "k1", "one").await.unwrap();
    let (second, _) = alice.send("demo", "k2", "two").await.unwrap();

    // Her own messages are read by her (sending reads); bob has read nothing.
    assert_eq!(
        state(&view(&mut alice, "demo").await),
        (0, false, second.created_at, 0)
    );
    let bobs = view(&mut bob, "demo").await;
    assert_eq!(state(&bobs), (2, true, 0, 0));
    assert_eq!(bobs.last_message.as_ref().unwrap().id, second.id);

    bob.write(json!({ "op": "markRead", "conversationId": "demo" }))
        .await
        .unwrap();
    assert_eq!(
        state(&view(&mut bob, "demo").await),
        (0, false, second.created_at, second.created_at)
    );
    assert_eq!(
        view(&mut alice, "demo").await.everyone_read_until,
        second.created_at
    );

    bob.write(json!({ "op": "markUnread", "conversationId": "demo" }))
        .await
        .unwrap();
    assert_eq!(
        state(&view(&mut bob, "demo").await),
        (1, true, first.created_at, first.created_at)
    );

    // Bob's own message is not unread for him, and sending reads everything before it.
    let (own, _) = bob.send("demo", "b1", "three").await.unwrap();
    assert_eq!(
        state(&view(&mut bob, "demo").await),
        (0, false, own.created_at, second.created_at)
    );
    assert_eq!(
        state(&view(&mut alice, "demo").await),
        (1, true, second.created_at, second.created_at)
    );
    // markUnread finds the latest message by someone else, even behind one's own.
    bob.write(json!({ "op": "markUnread", "conversationId": "demo" }))
        .await
        .unwrap();
    assert_eq!(view(&mut bob, "demo").await.unread_message_count, 1);
    server.stop().await;
}

#[tokio::test]
async fn mark_unread_without_messages_by_others_changes_nothing() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice
        .write(json!({ "op": "markUnread", "conversationId": "demo" }))
        .await
        .unwrap();
    assert_eq!(state(&view(&mut alice, "demo").await), (0, false, 0, 0));
    alice.send("demo", "k1", "mine").await.unwrap();
    alice
        .write(json!({ "op": "markUnread", "conversationId": "demo" }))
        .await
        .unwrap();
    let c = view(&mut alice, "demo").await;
    assert_eq!((c.unread_message_count, c.is_unread), (0, false));
    server.stop().await;
}

#[tokio::test]
async fn only_participants_mark_read_or_unread() {
    let server = TestServer::start().await;
    let mut carol = server.client("carol").await;
    for op in ["markRead", "markUnread"] {
        for conversation in ["demo", "missing"] {
            let request = json!({ "op": op, "conversationId": conversation });
            assert_eq!(code(carol.request(request).await), ErrorCode::Forbidden);
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn read_state_reaches_the_readers_and_the_others_watches() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let (sent, _) = alice.send("demo", "k1", "hello").await.unwrap();
    let topic = json!({ "kind": "conversation", "conversationId": "demo" });
    let bobs = bob.watch("c", topic.clone()).await.unwrap();
    assert!(conversation_of(&bobs).unwrap().is_unread);
    let alices = alice.watch("c", topic).await.unwrap();
    assert_eq!(conversation_of(&alices).unwrap().everyone_read_until, 0);

    bob.write(json!({ "op": "markRead", "conversationId": "demo" }))
        .await
        .unwrap();
    let read = bob.next_snapshot("c").await;
    assert!(!conversation_of(&read).unwrap().is_unread);
    let everyone = alice.next_snapshot("c").await;
    assert_eq!(
        conversation_of(&everyone).unwrap().everyone_read_until,
        sent.created_at
    );
    server.stop().await;
}
