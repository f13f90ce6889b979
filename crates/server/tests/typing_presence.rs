//! Typing (in memory, expiring by itself, cleared by a send or the last socket closing) and
//! presence (online while any authenticated socket is open), both pushed to watchers.

mod common;

use std::time::Duration;

use chat_elements_protocol::ErrorCode;
use common::watch::{online_of, typers_of};
use common::{code, Client, TestServer};
use serde_json::json;
use tokio::time::Instant;

/// Typing lasts this long in these tests.
const TTL: Duration = Duration::from_millis(400);

async fn server_with_short_typing() -> TestServer {
    TestServer::start_with(|config| {
        config.limits.typing_ttl_ms = TTL.as_millis() as u32;
    })
    .await
}

async fn typing(client: &mut Client, conversation: &str) {
    client
        .write(json!({ "op": "typing", "conversationId": conversation }))
        .await
        .unwrap();
}

#[tokio::test]
async fn typing_shows_to_others_and_expires_without_any_request() {
    let server = server_with_short_typing().await;
    let mut bob = server.client("bob").await;
    let first = bob
        .watch("t", json!({ "kind": "typing", "conversationId": "demo" }))
        .await
        .unwrap();
    assert_eq!(typers_of(&first), Some(vec![]));
    let mut alice = server.client("alice").await;
    typing(&mut alice, "demo").await;
    assert_eq!(
        typers_of(&bob.next_snapshot("t").await),
        Some(vec!["alice".into()])
    );
    // The viewer never sees themselves.
    let own = alice
        .watch("own", json!({ "kind": "typing", "conversationId": "demo" }))
        .await
        .unwrap();
    assert_eq!(typers_of(&own), Some(vec![]));

    // Renewing halfway is not a change, and pushes the end back.
    tokio::time::sleep(TTL / 2).await;
    typing(&mut alice, "demo").await;
    let renewed = Instant::now();
    let gone = bob.next_snapshot("t").await;
    assert_eq!(typers_of(&gone), Some(vec![]));
    let lasted = renewed.elapsed();
    assert!(
        lasted >= TTL - Duration::from_millis(30) && lasted < TTL * 3,
        "typing ended {lasted:?} after the renewal"
    );
    alice
        .expect_no_snapshot("own", Duration::from_millis(100))
        .await;
    server.stop().await;
}

#[tokio::test]
async fn sending_clears_typing() {
    let server = TestServer::start().await; // the real 10 s TTL: only the send can clear it
    let mut bob = server.client("bob").await;
    bob.watch("t", json!({ "kind": "typing", "conversationId": "demo" }))
        .await
        .unwrap();
    let mut alice = server.client("alice").await;
    typing(&mut alice, "demo").await;
    assert_eq!(
        typers_of(&bob.next_snapshot("t").await),
        Some(vec!["alice".into()])
    );
    alice.send("demo", "k1", "done typing").await.unwrap();
    assert_eq!(typers_of(&bob.next_snapshot("t").await), Some(vec![]));
    server.stop().await;
}

#[tokio::test]
async fn the_last_socket_closing_clears_typing() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.watch("t", json!({ "kind": "typing", "conversationId": "demo" }))
        .await
        .unwrap();
    let mut alice = server.client("alice").await;
    let alice_elsewhere = server.client("alice").await;
    typing(&mut alice, "demo").await;
    assert_eq!(
        typers_of(&bob.next_snapshot("t").await),
        Some(vec!["alice".into()])
    );
    drop(alice_elsewhere);
    bob.expect_no_snapshot("t", Duration::from_millis(300))
        .await;
    drop(alice);
    assert_eq!(typers_of(&bob.next_snapshot("t").await), Some(vec![]));
    server.stop().await;
}

#[tokio::test]
async fn more_than_five_typers_are_many_and_outsiders_see_null() {
    let server = TestServer::start().await;
    let mut clients = Vec::new();
    for i in 0..6 {
        let id = format!("typer{i}");
        server
            .admin_put(&format!("/v1/admin/users/{id}"), json!({ "name": id }))
            .await;
        server
            .admin_put(
                &format!("/v1/admin/conversations/demo/participants/{id}"),
                json!({}),
            )
            .await;
        clients.push(server.client(&id).await);
    }
    let mut bob = server.client("bob").await;
    bob.watch("t", json!({ "kind": "typing", "conversationId": "demo" }))
        .await
        .unwrap();
    for client in clients.iter_mut().take(5) {
        typing(client, "demo").await;
    }
    let five = bob
        .snapshot_until("t", |s| typers_of(s).is_some_and(|t| t.len() == 5))
        .await;
    assert_eq!(
        typers_of(&five).unwrap()[0],
        "typer0",
        "in the order they started"
    );
    typing(&mut clients[5], "demo").await;
    let many = bob.next_snapshot("t").await;
    assert_eq!(typers_of(&many), Some(vec!["*many*".to_owned()]));

    let mut carol = server.client("carol").await;
    let outsider = carol
        .watch("t", json!({ "kind": "typing", "conversationId": "demo" }))
        .await
        .unwrap();
    assert_eq!(typers_of(&outsider), None);
    assert_eq!(
        code(
            carol
                .request(json!({ "op": "typing", "conversationId": "demo" }))
                .await
        ),
        ErrorCode::Forbidden
    );
    server.stop().await;
}

#[tokio::test]
async fn readers_cannot_type() {
    let server = TestServer::start().await;
    server
        .admin_put(
            "/v1/admin/conversations/demo/participants/carol",
            json!({ "access": "Read" }),
        )
        .await;
    let mut carol = server.client("carol").await;
    let refused = carol
        .request(json!({ "op": "typing", "conversationId": "demo" }))
        .await;
    assert_eq!(code(refused), ErrorCode::Forbidden);
    server.stop().await;
}

#[tokio::test]
async fn a_user_is_online_while_any_socket_is_open() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    let first = bob
        .watch("o", json!({ "kind": "online", "userId": "carol" }))
        .await
        .unwrap();
    assert_eq!(online_of(&first), Some(false));
    let carol = server.client("carol").await;
    assert_eq!(online_of(&bob.next_snapshot("o").await), Some(true));
    let carol_elsewhere = server.client("carol").await;
    drop(carol);
    bob.expect_no_snapshot("o", Duration::from_millis(300))
        .await;
    drop(carol_elsewhere);
    assert_eq!(online_of(&bob.next_snapshot("o").await), Some(false));

    // An unauthenticated socket does not count; a missing user is null.
    let _anonymous = server.connect().await;
    bob.expect_no_snapshot("o", Duration::from_millis(200))
        .await;
    let missing = bob
        .watch("m", json!({ "kind": "online", "userId": "nobody" }))
        .await
        .unwrap();
    assert_eq!(online_of(&missing), None);
    let own = bob
        .watch("me", json!({ "kind": "online", "userId": "bob" }))
        .await
        .unwrap();
    assert_eq!(online_of(&own), Some(true));
    server.stop().await;
}
