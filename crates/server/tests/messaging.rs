//! Sending: acknowledged after commit, fanned out with the same seq, seqs dense under
//! concurrency, idempotent by clientId, clientId private to the sender.

mod common;

use std::collections::BTreeSet;

use chat_elements_protocol::{Reply, ServerFrame};
use common::{send_request, Client, TestServer};

#[tokio::test]
async fn a_send_is_committed_before_its_ok_and_reaches_other_subscribers() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();

    let (sent, duplicate) = alice.send("demo", "k1", "hello bob").await.unwrap();
    assert!(!duplicate);
    assert_eq!(sent.seq, 1);
    assert!(sent.id.starts_with("msg_"));
    assert_eq!(sent.sender.as_ref().unwrap().name, "Alice");
    assert_eq!(sent.plaintext, "hello bob");

    // Committed: another connection reads it right away.
    let mut reader = server.client("bob").await;
    let (messages, _) = reader.history("demo", None, None).await.unwrap();
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0].id, sent.id);

    let (conversation, seq, message) = bob.next_event().await;
    assert_eq!(conversation, "demo");
    assert_eq!(seq, sent.seq);
    assert_eq!(message.id, sent.id);
    server.stop().await;
}

/// Pipelines `count` sends and returns the seqs of their acknowledgements.
async fn send_many(mut client: Client, prefix: &str, count: usize) -> Vec<u64> {
    let mut ids = Vec::new();
    for i in 0..count {
        let request = send_request("demo", &format!("{prefix}-{i}"), &format!("{prefix} {i}"));
        ids.push(client.send_request(request).await);
    }
    let mut seqs = Vec::new();
    for id in ids {
        match client.response(id).await {
            Ok(Reply::Sent { message, .. }) => seqs.push(message.seq),
            other => panic!("send failed: {other:?}"),
        }
    }
    seqs
}

#[tokio::test]
async fn concurrent_senders_get_dense_seqs_and_subscribers_see_them_in_order() {
    const PER_CLIENT: usize = 30;
    let server = TestServer::start().await;
    let mut watcher = server.client("alice").await;
    watcher.subscribe("demo", None).await.unwrap();
    let alice = server.client("alice").await;
    let bob = server.client("bob").await;

    let (a, b) = tokio::join!(
        tokio::spawn(send_many(alice, "a", PER_CLIENT)),
        tokio::spawn(send_many(bob, "b", PER_CLIENT)),
    );
    let mut all: Vec<u64> = a.unwrap();
    all.extend(b.unwrap());
    let total = 2 * PER_CLIENT as u64;
    let unique: BTreeSet<u64> = all.iter().copied().collect();
    assert_eq!(all.len(), unique.len(), "no seq was handed out twice");
    assert_eq!(unique, (1..=total).collect::<BTreeSet<u64>>());

    for expected in 1..=total {
        assert_eq!(watcher.next_event().await.1, expected);
    }
    server.stop().await;
}

#[tokio::test]
async fn sending_the_same_client_id_again_returns_the_original() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();

    let (first, duplicate) = alice.send("demo", "retry-me", "once").await.unwrap();
    assert!(!duplicate);
    let (again, duplicate) = alice.send("demo", "retry-me", "once").await.unwrap();
    assert!(duplicate);
    assert_eq!(again, first);

    // Another sender's identical clientId is a different message.
    let (bobs, duplicate) = bob.send("demo", "retry-me", "mine").await.unwrap();
    assert!(!duplicate);
    assert_ne!(bobs.id, first.id);
    assert_eq!(bobs.seq, first.seq + 1);

    let (messages, _) = alice.history("demo", None, None).await.unwrap();
    let texts: Vec<&str> = messages.iter().map(|m| m.plaintext.as_str()).collect();
    assert_eq!(texts, ["once", "mine"]);
    // The duplicate created no event either: bob saw exactly two.
    assert_eq!(bob.next_event().await.1, 1);
    assert_eq!(bob.next_event().await.1, 2);
    bob.ping().await.unwrap();
    assert!(bob.take_backlog().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn client_id_is_shown_only_to_the_sender() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    alice.subscribe("demo", None).await.unwrap();
    bob.subscribe("demo", None).await.unwrap();

    let (sent, _) = alice.send("demo", "alices-key", "hi").await.unwrap();
    assert_eq!(sent.client_id.as_deref(), Some("alices-key"));

    let (_, _, seen_by_alice) = alice.next_event().await;
    let (_, _, seen_by_bob) = bob.next_event().await;
    assert_eq!(seen_by_alice.client_id.as_deref(), Some("alices-key"));
    assert_eq!(seen_by_bob.client_id, None);

    let (alice_history, _) = alice.history("demo", None, None).await.unwrap();
    let (bob_history, _) = bob.history("demo", None, None).await.unwrap();
    assert_eq!(alice_history[0].client_id.as_deref(), Some("alices-key"));
    assert_eq!(bob_history[0].client_id, None);

    // Replay follows the same rule.
    let mut late_bob = server.client("bob").await;
    late_bob.subscribe("demo", Some(0)).await.unwrap();
    match late_bob.take_backlog().as_slice() {
        [ServerFrame::Event {
            event: chat_elements_protocol::Event::MessageCreated { message },
            ..
        }] => {
            assert_eq!(message.client_id, None);
        }
        other => panic!("expected one replayed event, got {other:?}"),
    }
    server.stop().await;
}
