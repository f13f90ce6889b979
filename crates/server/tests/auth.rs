//! Authentication on the WebSocket: the first frame, every way a token is refused, the welcome,
//! in-band re-auth and expiry.

mod common;

use std::time::Duration;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chat_elements_protocol::{ErrorCode, Limits, Request, ServerFrame, PROTOCOL_VERSION};
use chat_elements_server::ids::now_ms;
use common::{code, TestServer, APP_ID, SECRET};
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};

fn now_s() -> i64 {
    now_ms() / 1000
}

fn sign(alg: Algorithm, secret: &str, claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(alg),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .unwrap()
}

fn good_claims() -> Value {
    json!({ "iss": APP_ID, "sub": "alice", "exp": now_s() + 600 })
}

fn unsigned_token(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    format!("{header}.{body}.")
}

/// Presents `token` as the first frame: returns the error code and the close code.
async fn refused_first_auth(server: &TestServer, token: &str) -> (ErrorCode, u16) {
    let mut client = server.connect().await;
    let failure = client.auth(token).await.expect_err("auth is refused");
    assert_eq!(failure.id, Some(1), "the error answers the auth request");
    let (close, _) = client.expect_close().await;
    (failure.code, close)
}

#[tokio::test]
async fn every_bad_token_is_refused_with_its_code_and_closes_4001() {
    let server = TestServer::start().await;
    let exp = now_s() + 600;
    let cases = [
        (
            "bad signature",
            sign(Algorithm::HS256, "another-secret", &good_claims()),
            ErrorCode::TokenBadSignature,
        ),
        (
            "alg none",
            unsigned_token(&good_claims()),
            ErrorCode::TokenAlgorithm,
        ),
        (
            "HS384 with the right secret",
            sign(Algorithm::HS384, SECRET, &good_claims()),
            ErrorCode::TokenAlgorithm,
        ),
        (
            "HS512 with the right secret",
            sign(Algorithm::HS512, SECRET, &good_claims()),
            ErrorCode::TokenAlgorithm,
        ),
        (
            "expired",
            sign(
                Algorithm::HS256,
                SECRET,
                &json!({ "iss": APP_ID, "sub": "alice", "exp": now_s() - 10 }),
            ),
            ErrorCode::TokenExpired,
        ),
        (
            "no exp",
            sign(
                Algorithm::HS256,
                SECRET,
                &json!({ "iss": APP_ID, "sub": "alice" }),
            ),
            ErrorCode::TokenExpired,
        ),
        (
            "wrong iss",
            sign(
                Algorithm::HS256,
                SECRET,
                &json!({ "iss": "other-app", "sub": "alice", "exp": exp }),
            ),
            ErrorCode::TokenWrongApp,
        ),
        (
            "missing sub",
            sign(
                Algorithm::HS256,
                SECRET,
                &json!({ "iss": APP_ID, "exp": exp }),
            ),
            ErrorCode::TokenNoSubject,
        ),
        ("garbage", "not-a-jwt".to_owned(), ErrorCode::TokenMalformed),
        (
            "three dots of garbage",
            "a.b.c".to_owned(),
            ErrorCode::TokenMalformed,
        ),
    ];
    for (name, token, expected) in cases {
        let (code, close) = refused_first_auth(&server, &token).await;
        assert_eq!(code, expected, "{name}");
        assert_eq!(close, 4001, "{name}");
    }
    server.stop().await;
}

#[tokio::test]
async fn a_request_before_auth_is_refused_and_closes_4001() {
    let server = TestServer::start().await;
    let mut client = server.connect().await;
    let failure = client.call(Request::Ping).await.unwrap_err();
    assert_eq!(failure.code, ErrorCode::AuthRequired);
    assert_eq!(failure.id, Some(1));
    assert_eq!(client.expect_close().await.0, 4001);

    // An unknown op before auth is "any other op" too.
    let mut client = server.connect().await;
    client
        .send_text(r#"{"id":7,"op":"explode"}"#.to_owned())
        .await;
    let (close, frames) = client.expect_close().await;
    assert_eq!(close, 4001);
    assert!(matches!(
        frames.as_slice(),
        [ServerFrame::Error {
            id: Some(7),
            code: ErrorCode::AuthRequired,
            ..
        }]
    ));
    server.stop().await;
}

#[tokio::test]
async fn a_connection_that_never_authenticates_is_closed() {
    let server = TestServer::start_with(|c| c.ws.auth_timeout = Duration::from_millis(300)).await;
    let mut client = server.connect().await;
    let (close, frames) = client.expect_close().await;
    assert_eq!(close, 4001);
    assert!(matches!(
        frames.as_slice(),
        [ServerFrame::Error {
            id: None,
            code: ErrorCode::AuthRequired,
            ..
        }]
    ));
    server.stop().await;
}

#[tokio::test]
async fn welcome_describes_user_clock_and_limits() {
    let server = TestServer::start().await;
    let exp = now_s() + 120;
    let token = sign(
        Algorithm::HS256,
        SECRET,
        &json!({ "iss": APP_ID, "sub": "alice", "exp": exp, "iat": now_s() }),
    );
    let mut client = server.connect().await;
    let before = now_ms();
    let welcome = client.auth(&token).await.unwrap();
    let after = now_ms();
    assert_eq!(welcome.app_id, APP_ID);
    assert_eq!(welcome.user.id, "alice");
    assert_eq!(welcome.user.name, "Alice");
    assert!(
        (before..=after).contains(&welcome.server_time),
        "serverTime {} not within {before}..={after}",
        welcome.server_time
    );
    assert_eq!(welcome.token_expires_at, exp * 1000);
    assert_eq!(welcome.protocol_version, PROTOCOL_VERSION);
    assert_eq!(welcome.limits, Limits::DEFAULT);
    server.stop().await;
}

#[tokio::test]
async fn a_token_for_an_unknown_user_creates_that_user() {
    let server = TestServer::start().await;
    let mut client = server.connect().await;
    let welcome = client.auth(&server.token("dave")).await.unwrap();
    assert_eq!(welcome.user.id, "dave");
    assert_eq!(welcome.user.name, "dave");
    let (status, user) = server.admin_get("/v1/admin/users/dave").await;
    assert_eq!(status, 200);
    assert_eq!(user["name"], "dave");
    server.stop().await;
}

#[tokio::test]
async fn re_auth_replaces_the_token_and_keeps_subscriptions() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice.subscribe("demo", None).await.unwrap();

    let exp = now_s() + 900;
    let later = sign(
        Algorithm::HS256,
        SECRET,
        &json!({ "iss": APP_ID, "sub": "alice", "exp": exp }),
    );
    let welcome = alice.auth(&later).await.unwrap();
    assert_eq!(welcome.token_expires_at, exp * 1000);

    let seq = server.post_message("demo", "bob", "still there?").await;
    let (conversation, event_seq, message) = alice.next_event().await;
    assert_eq!((conversation.as_str(), event_seq), ("demo", seq));
    assert_eq!(message.plaintext, "still there?");
    server.stop().await;
}

#[tokio::test]
async fn re_auth_as_another_user_is_refused_and_the_old_identity_stays() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let failure = alice.auth(&server.token("bob")).await.unwrap_err();
    assert_eq!(failure.code, ErrorCode::TokenWrongUser);
    // Still alice, still connected.
    let (message, _) = alice.send("demo", "k1", "it's me").await.unwrap();
    assert_eq!(message.sender.as_ref().unwrap().id, "alice");
    // A bad token on a live connection is refused without closing it.
    assert_eq!(code(alice.auth("garbage").await), ErrorCode::TokenMalformed);
    alice.ping().await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn an_expired_token_fails_requests_until_a_fresh_auth() {
    let server = TestServer::start().await;
    let mut alice = server.connect().await;
    let exp = now_s() + 2;
    let short = sign(
        Algorithm::HS256,
        SECRET,
        &json!({ "iss": APP_ID, "sub": "alice", "exp": exp }),
    );
    alice.auth(&short).await.unwrap();
    alice.subscribe("demo", None).await.unwrap();
    let wait = u64::try_from(exp * 1000 - now_ms() + 100).unwrap_or(0);
    tokio::time::sleep(Duration::from_millis(wait)).await;

    assert_eq!(code(alice.ping().await), ErrorCode::TokenExpired);
    assert_eq!(
        code(alice.send("demo", "k1", "hello?").await),
        ErrorCode::TokenExpired
    );
    alice.auth(&server.token("alice")).await.unwrap();
    alice.ping().await.unwrap();
    // The subscription survived the expiry.
    let seq = server.post_message("demo", "bob", "welcome back").await;
    assert_eq!(alice.next_event().await.1, seq);
    server.stop().await;
}

#[tokio::test]
async fn without_a_new_token_the_connection_closes_after_the_grace_period() {
    let server = TestServer::start_with(|c| c.ws.expiry_grace = Duration::from_millis(500)).await;
    let mut alice = server.connect().await;
    alice.auth(&server.token_for("alice", 1)).await.unwrap();
    let (close, frames) = alice.expect_close().await;
    assert_eq!(close, 4001);
    assert!(matches!(
        frames.as_slice(),
        [ServerFrame::Error {
            id: None,
            code: ErrorCode::TokenExpired,
            ..
        }]
    ));
    server.stop().await;
}
