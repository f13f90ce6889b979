//! The server as a process: health, static files, persistence across restarts, and graceful
//! shutdown of open WebSockets.

mod common;

use std::time::{Duration, Instant};

use chat_elements_protocol::{ErrorCode, ServerFrame};
use common::TestServer;

#[tokio::test]
async fn healthz_says_ok() {
    let server = TestServer::start().await;
    let response = server
        .http()
        .get(server.url("/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
    server.stop().await;
}

#[tokio::test]
async fn messages_survive_a_restart_on_the_same_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_in(dir.path(), |_| {}).await;
    let mut alice = server.client("alice").await;
    for i in 1..=3 {
        alice
            .send("demo", &format!("k{i}"), &format!("before restart {i}"))
            .await
            .unwrap();
    }
    drop(alice);
    server.stop().await;
    assert!(dir.path().join("chat.db").exists());

    let server = TestServer::start_in(dir.path(), |_| {}).await;
    let mut alice = server.client("alice").await;
    let (messages, has_more) = alice.history("demo", None, None).await.unwrap();
    let texts: Vec<&str> = messages.iter().map(|m| m.plaintext.as_str()).collect();
    assert_eq!(
        texts,
        ["before restart 1", "before restart 2", "before restart 3"]
    );
    assert!(!has_more);
    // Seqs continue, dedup still knows the old client ids, seeding did not duplicate anything.
    let (again, duplicate) = alice.send("demo", "k2", "before restart 2").await.unwrap();
    assert!(duplicate);
    assert_eq!(again.seq, 2);
    let (next, _) = alice.send("demo", "k4", "after restart").await.unwrap();
    assert_eq!(next.seq, 4);
    let (_, conversation) = server.admin_get("/v1/admin/conversations/demo").await;
    assert_eq!(conversation["participants"].as_array().unwrap().len(), 2);
    assert_eq!(conversation["subject"], "Demo chat");
    server.stop().await;
}

#[tokio::test]
async fn shutdown_tells_open_websockets_and_closes_them_with_1001() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice.subscribe("demo", None).await.unwrap();
    server.begin_shutdown();
    let (close, frames) = alice.expect_close().await;
    assert_eq!(close, 1001);
    assert!(matches!(
        frames.as_slice(),
        [ServerFrame::Error {
            id: None,
            code: ErrorCode::Unavailable,
            ..
        }]
    ));
    server.stop().await;
}

#[tokio::test]
async fn static_files_are_served_from_www_and_pkg() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("www")).unwrap();
    std::fs::create_dir_all(dir.path().join("pkg")).unwrap();
    std::fs::write(dir.path().join("www/index.html"), "<h1>demo</h1>").unwrap();
    std::fs::write(
        dir.path().join("pkg/chat_elements_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    let server = TestServer::start_in(dir.path(), |_| {}).await;

    let page = server.http().get(server.url("/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(page.headers()["cache-control"], "no-cache");
    assert_eq!(page.text().await.unwrap(), "<h1>demo</h1>");

    let wasm = server
        .http()
        .get(server.url("/pkg/chat_elements_bg.wasm"))
        .send()
        .await
        .unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");

    let missing = server
        .http()
        .get(server.url("/nope.html"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    server.stop().await;
}

#[tokio::test]
async fn closed_connections_leave_no_subscriptions_behind() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice.subscribe("demo", None).await.unwrap();
    assert_eq!(server.state().hub.channel_count(), 1);
    drop(alice);
    let deadline = Instant::now() + Duration::from_secs(5);
    while server.state().hub.channel_count() > 0 {
        assert!(
            Instant::now() < deadline,
            "the subscription outlived its connection"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn pongs_keep_a_quiet_connection_open_and_silence_closes_it() {
    let server = TestServer::start_with(|config| {
        config.ws.heartbeat_interval = Duration::from_millis(100);
        config.ws.idle_timeout = Duration::from_millis(400);
    })
    .await;
    let mut reading = server.client("alice").await;
    reading.expect_silence(Duration::from_millis(1000)).await;
    reading.ping().await.unwrap();

    let mut stalled = server.client("bob").await;
    stalled.stall(Duration::from_millis(1000)).await;
    let (close, _) = stalled.expect_close().await;
    assert_eq!(close, 1001);
    server.stop().await;
}
