//! Demo mode's `GET /api/token`: who gets the token, how long it lives, and its headers.

mod common;

use chat_elements_server::ids::now_ms;
use common::TestServer;
use serde_json::Value;

async fn get_token(
    server: &TestServer,
    query: &str,
    cookie: Option<&str>,
) -> (u16, reqwest::header::HeaderMap, Value) {
    let mut request = server.http().get(server.url(&format!("/api/token{query}")));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.json().await.unwrap())
}

#[tokio::test]
async fn the_user_comes_from_the_query_then_the_cookie_then_defaults_to_alice() {
    let server = TestServer::start().await;
    let cases = [
        ("", None, "alice"),
        ("?user=bob", None, "bob"),
        ("", Some("theme=dark; chat_demo_user=carol"), "carol"),
        ("?user=bob", Some("chat_demo_user=carol"), "bob"),
    ];
    for (query, cookie, expected) in cases {
        let (status, _, body) = get_token(&server, query, cookie).await;
        assert_eq!(status, 200, "{query} {cookie:?}");
        assert_eq!(body["userId"], expected);
        // The token is real: it authenticates as that user.
        let mut client = server.connect().await;
        let welcome = client.auth(body["token"].as_str().unwrap()).await.unwrap();
        assert_eq!(welcome.user.id, expected);
        assert_eq!(
            welcome.token_expires_at,
            body["expiresAt"].as_i64().unwrap()
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_user_is_not_found() {
    let server = TestServer::start().await;
    let (status, headers, body) = get_token(&server, "?user=mallory", None).await;
    assert_eq!(status, 404);
    assert_eq!(body["code"], "NOT_FOUND");
    assert_eq!(headers["access-control-allow-origin"], "*");
    let (status, _, _) = get_token(&server, "", Some("chat_demo_user=mallory")).await;
    assert_eq!(status, 404);
    server.stop().await;
}

#[tokio::test]
async fn ttl_defaults_to_the_configured_lifetime_and_is_clamped() {
    let server = TestServer::start().await;
    let cases = [
        ("", 300),
        ("?ttl=10", 10),
        ("?ttl=1", 2),
        ("?ttl=0", 2),
        ("?ttl=99999", 3600),
    ];
    for (query, seconds) in cases {
        let before = now_ms();
        let (status, _, body) = get_token(&server, query, None).await;
        let after = now_ms();
        assert_eq!(status, 200);
        let expires_at = body["expiresAt"].as_i64().unwrap();
        // `exp` is in whole seconds, so up to a second earlier than now + ttl.
        let lowest = before - 1000 + seconds * 1000;
        let highest = after + seconds * 1000;
        assert!(
            (lowest..=highest).contains(&expires_at),
            "{query}: {expires_at}"
        );
    }
    let (status, _, body) = get_token(&server, "?ttl=soon", None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("INVALID_ARGUMENT"))
    );
    server.stop().await;
}

#[tokio::test]
async fn responses_are_never_cached_and_readable_from_any_origin() {
    let server = TestServer::start().await;
    let response = server
        .http()
        .get(server.url("/api/token"))
        .header("origin", "http://127.0.0.1:9999")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["cache-control"], "no-store");
    assert_eq!(response.headers()["access-control-allow-origin"], "*");
    let (_, headers, _) = get_token(&server, "", None).await;
    assert_eq!(headers["cache-control"], "no-store");
    assert_eq!(headers["access-control-allow-origin"], "*");

    let preflight = server
        .http()
        .request(reqwest::Method::OPTIONS, server.url("/api/token"))
        .header("origin", "http://127.0.0.1:9999")
        .header("access-control-request-method", "GET")
        .send()
        .await
        .unwrap();
    assert!(preflight.status().is_success());
    assert_eq!(preflight.headers()["access-control-allow-origin"], "*");

    // The admin API is not for browsers: no CORS there.
    let admin = server
        .http()
        .get(server.url("/v1/admin/users/alice"))
        .header("origin", "http://127.0.0.1:9999")
        .send()
        .await
        .unwrap();
    assert!(admin.headers().get("access-control-allow-origin").is_none());
    server.stop().await;
}

#[tokio::test]
async fn outside_demo_mode_there_is_no_token_endpoint() {
    let server = TestServer::start_with(|config| config.demo = false).await;
    let response = server
        .http()
        .get(server.url("/api/token"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    // And nothing was seeded.
    let (status, _) = server.admin_get("/v1/admin/users/alice").await;
    assert_eq!(status, 404);
    server.stop().await;
}
