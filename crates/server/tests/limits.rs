//! Limits and malformed input: frame size, text length, bad frames, unknown ops, rate.

mod common;

use chat_elements_protocol::{ErrorCode, Request, ServerFrame};
use common::{code, TestServer};
use serde_json::json;

#[tokio::test]
async fn a_frame_over_64_kib_closes_the_socket_with_1009_and_stores_nothing() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let frame = json!({
        "id": 2, "op": "send", "conversationId": "demo", "clientId": "big",
        "text": "x".repeat(70 * 1024),
    });
    alice.send_text(frame.to_string()).await;
    let (close, frames) = alice.expect_close().await;
    assert_eq!(close, 1009);
    assert!(
        frames.iter().all(|f| matches!(
            f,
            ServerFrame::Error {
                code: ErrorCode::TooLarge,
                ..
            }
        )),
        "{frames:?}"
    );

    let mut bob = server.client("bob").await;
    let (messages, _) = bob.history("demo", None, None).await.unwrap();
    assert!(messages.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_huge_frame_ends_the_connection_without_reading_it_whole() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let frame = json!({
        "id": 2, "op": "send", "conversationId": "demo", "clientId": "huge",
        "text": "x".repeat(1024 * 1024),
    });
    alice.send_text(frame.to_string()).await;
    // The server stops reading mid-frame, says why and closes; it keeps the socket open a
    // moment so the close frame is read before the unread rest resets the connection.
    assert_eq!(alice.try_close().await, Ok(1009));
    let mut bob = server.client("bob").await;
    assert!(bob.history("demo", None, None).await.unwrap().0.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn a_frame_just_under_the_limit_is_read() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let padding = "p".repeat(60 * 1024);
    let frame = json!({ "id": 5, "op": "ping", "padding": padding });
    alice.send_text(frame.to_string()).await;
    assert!(alice.response(5).await.is_ok());
    server.stop().await;
}

#[tokio::test]
async fn message_text_must_be_1_to_4000_characters() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    assert_eq!(
        code(alice.send("demo", "k1", &"y".repeat(4001)).await),
        ErrorCode::MessageTooLong
    );
    assert_eq!(
        code(alice.send("demo", "k2", "").await),
        ErrorCode::InvalidArgument
    );
    assert_eq!(
        code(alice.send("demo", "k3", " \n\t ").await),
        ErrorCode::InvalidArgument
    );
    let (longest, _) = alice.send("demo", "k4", &"é".repeat(4000)).await.unwrap();
    assert_eq!(longest.seq, 1, "the refused sends stored nothing");
    server.stop().await;
}

#[tokio::test]
async fn bad_json_gets_bad_frame_without_id_and_the_socket_stays_usable() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice.send_text("{this is not json".to_owned()).await;
    match alice.next_frame().await {
        ServerFrame::Error { id, code, .. } => {
            assert_eq!(id, None);
            assert_eq!(code, ErrorCode::BadFrame);
        }
        other => panic!("expected an error, got {other:?}"),
    }
    alice.ping().await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn a_binary_frame_gets_bad_frame_and_the_socket_stays_usable() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice.send_binary(vec![1, 2, 3]).await;
    assert!(matches!(
        alice.next_frame().await,
        ServerFrame::Error {
            id: None,
            code: ErrorCode::BadFrame,
            ..
        }
    ));
    alice.ping().await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_op_gets_unknown_op_with_its_id() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice
        .send_text(r#"{"id":42,"op":"teleport"}"#.to_owned())
        .await;
    let failure = alice.response(42).await.unwrap_err();
    assert_eq!(failure.code, ErrorCode::UnknownOp);
    // A known op with missing fields is an invalid argument, also answered by id.
    alice
        .send_text(r#"{"id":43,"op":"send","text":"hi"}"#.to_owned())
        .await;
    assert_eq!(code(alice.response(43).await), ErrorCode::InvalidArgument);
    alice.ping().await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn flooding_is_rate_limited_with_a_retry_hint() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut ids = Vec::new();
    for _ in 0..100 {
        ids.push(alice.send_request(Request::Ping).await);
    }
    let mut ok = 0;
    let mut limited = Vec::new();
    for id in ids {
        match alice.response(id).await {
            Ok(_) => ok += 1,
            Err(failure) => {
                assert_eq!(failure.code, ErrorCode::RateLimited);
                assert_eq!(failure.id, Some(id));
                limited.push(failure.retry_after_ms.expect("retryAfterMs is set"));
            }
        }
    }
    // The auth used one token of the burst of 40; a little refills while the pings arrive.
    assert!((39..60).contains(&ok), "{ok} pings went through");
    assert!(!limited.is_empty());
    assert!(
        limited.iter().all(|ms| (1..=1000).contains(ms)),
        "{limited:?}"
    );

    // Waiting as told lets requests through again, on the same connection.
    tokio::time::sleep(std::time::Duration::from_millis(
        limited[limited.len() - 1] + 50,
    ))
    .await;
    alice.ping().await.unwrap();
    server.stop().await;
}
