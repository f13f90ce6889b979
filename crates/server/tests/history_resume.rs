//! Paging history backwards, and resuming a subscription from a cursor.

mod common;

use chat_elements_protocol::{ReplayStatus, ServerFrame};
use common::TestServer;

async fn post_many(server: &TestServer, count: u64) {
    for i in 1..=count {
        server
            .post_message("demo", "bob", &format!("message {i}"))
            .await;
    }
}

fn seqs(messages: &[chat_elements_protocol::Message]) -> Vec<u64> {
    messages.iter().map(|m| m.seq).collect()
}

#[tokio::test]
async fn history_pages_backwards_oldest_first() {
    let server = TestServer::start().await;
    post_many(&server, 75).await;
    let mut alice = server.client("alice").await;

    let (newest, has_more) = alice.history("demo", None, None).await.unwrap();
    assert_eq!(
        seqs(&newest),
        (46..=75).collect::<Vec<_>>(),
        "default limit is 30"
    );
    assert!(has_more);
    assert_eq!(newest[0].plaintext, "message 46");

    let (middle, has_more) = alice.history("demo", Some(46), Some(30)).await.unwrap();
    assert_eq!(seqs(&middle), (16..=45).collect::<Vec<_>>());
    assert!(has_more);

    let (oldest, has_more) = alice.history("demo", Some(16), Some(30)).await.unwrap();
    assert_eq!(seqs(&oldest), (1..=15).collect::<Vec<_>>());
    assert!(!has_more);

    let (exact, has_more) = alice.history("demo", Some(11), Some(10)).await.unwrap();
    assert_eq!(seqs(&exact), (1..=10).collect::<Vec<_>>());
    assert!(!has_more, "nothing is older than seq 1");

    let (capped, _) = alice.history("demo", None, Some(500)).await.unwrap();
    assert_eq!(capped.len(), 75, "limit is capped at 100, and 75 exist");
    server.stop().await;
}

#[tokio::test]
async fn history_limit_is_capped_at_the_page_maximum() {
    let server = TestServer::start().await;
    post_many(&server, 120).await;
    let mut alice = server.client("alice").await;
    let (page, has_more) = alice.history("demo", None, Some(1000)).await.unwrap();
    assert_eq!(page.len(), 100);
    assert_eq!(page[0].seq, 21);
    assert!(has_more);
    server.stop().await;
}

#[tokio::test]
async fn resubscribing_with_a_cursor_replays_exactly_the_missed_events() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let (conversation, replay) = alice.subscribe("demo", None).await.unwrap();
    assert_eq!(replay, ReplayStatus::None);
    assert_eq!(conversation.last_seq, 0);
    post_many(&server, 3).await;
    for expected in 1..=3 {
        assert_eq!(alice.next_event().await.1, expected);
    }
    drop(alice); // offline

    post_many(&server, 5).await; // seqs 4..=8 missed

    let mut alice = server.client("alice").await;
    let (conversation, replay) = alice.subscribe("demo", Some(3)).await.unwrap();
    assert_eq!(replay, ReplayStatus::Complete);
    assert_eq!(conversation.last_seq, 8);
    let replayed: Vec<u64> = alice
        .take_backlog()
        .into_iter()
        .map(|frame| match frame {
            ServerFrame::Event { seq, .. } => seq,
            other => panic!("expected replayed events, got {other:?}"),
        })
        .collect();
    assert_eq!(replayed, vec![4, 5, 6, 7, 8]);

    // Live events continue after the replay, without repeats.
    server.post_message("demo", "bob", "live").await;
    assert_eq!(alice.next_event().await.1, 9);
    alice.ping().await.unwrap();
    assert!(alice.take_backlog().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_cursor_at_the_head_replays_nothing() {
    let server = TestServer::start().await;
    post_many(&server, 2).await;
    let mut alice = server.client("alice").await;
    let (_, replay) = alice.subscribe("demo", Some(2)).await.unwrap();
    assert_eq!(replay, ReplayStatus::Complete);
    assert!(alice.take_backlog().is_empty());
    server.stop().await;
}

#[tokio::test]
async fn too_many_missed_events_are_not_replayed() {
    let server = TestServer::start().await;
    post_many(&server, 1001).await;
    let mut alice = server.client("alice").await;

    let (conversation, replay) = alice.subscribe("demo", Some(0)).await.unwrap();
    assert_eq!(replay, ReplayStatus::Truncated);
    assert_eq!(conversation.last_seq, 1001);
    assert!(alice.take_backlog().is_empty(), "nothing was replayed");

    // Exactly 1000 missed still fits.
    let (_, replay) = alice.subscribe("demo", Some(1)).await.unwrap();
    assert_eq!(replay, ReplayStatus::Complete);
    let replayed = alice.take_backlog();
    assert_eq!(replayed.len(), 1000);
    assert!(matches!(
        replayed.first(),
        Some(ServerFrame::Event { seq: 2, .. })
    ));
    assert!(matches!(
        replayed.last(),
        Some(ServerFrame::Event { seq: 1001, .. })
    ));

    // A cursor ahead of the conversation cannot be trusted either.
    let (_, replay) = alice.subscribe("demo", Some(5000)).await.unwrap();
    assert_eq!(replay, ReplayStatus::Truncated);
    server.stop().await;
}
