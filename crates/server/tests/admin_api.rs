//! The admin REST API: the app secret guards it; users, conversations, participants, messages
//! and tokens.

mod common;

use chat_elements_server::ids::now_ms;
use common::{TestServer, SECRET};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn every_admin_route_needs_the_app_secret() {
    let server = TestServer::start().await;
    let http = server.http();
    let url = server.url("/v1/admin/users/alice");
    let attempts = [
        http.get(&url),
        http.get(&url).bearer_auth("wrong-secret"),
        http.get(&url).header("Authorization", SECRET),
        http.get(&url).basic_auth("admin", Some(SECRET)),
        http.post(server.url("/v1/admin/tokens"))
            .json(&json!({ "userId": "alice" })),
    ];
    for attempt in attempts {
        let response = attempt.send().await.unwrap();
        assert_eq!(response.status(), 401);
        assert_eq!(response.headers()["www-authenticate"], "Bearer");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "UNAUTHORIZED");
        assert!(body["message"].is_string());
    }
    let (status, _) = server.admin_get("/v1/admin/users/alice").await;
    assert_eq!(status, 200);
    server.stop().await;
}

#[tokio::test]
async fn users_are_created_updated_and_read() {
    let server = TestServer::start().await;
    let (status, user) = server
        .admin_put(
            "/v1/admin/users/erin",
            json!({ "name": "Erin", "photoUrl": "https://example.com/erin.png" }),
        )
        .await;
    assert_eq!(status, 200);
    assert_eq!(user["id"], "erin");
    assert_eq!(user["name"], "Erin");
    assert_eq!(user["photoUrl"], "https://example.com/erin.png");

    // A name-only update keeps the photo; null clears it.
    let (_, user) = server
        .admin_put("/v1/admin/users/erin", json!({ "name": "Erin E." }))
        .await;
    assert_eq!(user["photoUrl"], "https://example.com/erin.png");
    let (_, user) = server
        .admin_put(
            "/v1/admin/users/erin",
            json!({ "name": "Erin E.", "photoUrl": null }),
        )
        .await;
    assert_eq!(user["name"], "Erin E.");
    assert_eq!(user["photoUrl"], serde_json::Value::Null);
    let (status, fetched) = server.admin_get("/v1/admin/users/erin").await;
    assert_eq!((status, fetched), (200, user));

    let (status, body) = server.admin_get("/v1/admin/users/nobody").await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")));
    for bad in [
        json!({ "name": "" }),
        json!({}),
        json!({ "name": "X", "photoUrl": "javascript:alert(1)" }),
    ] {
        let (status, body) = server.admin_put("/v1/admin/users/erin", bad).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("INVALID_ARGUMENT"))
        );
    }
    let (status, body) = server
        .admin_put("/v1/admin/users/a%0Ab", json!({ "name": "X" }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("INVALID_ARGUMENT"))
    );
    server.stop().await;
}

#[tokio::test]
async fn conversations_and_participants_are_managed() {
    let server = TestServer::start().await;
    let (status, conversation) = server
        .admin_put("/v1/admin/conversations/team", json!({ "subject": "Team" }))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        conversation,
        json!({
            "id": "team", "subject": "Team", "photoUrl": null, "welcomeMessages": [],
            "custom": {}, "lastSeq": 0, "participants": []
        })
    );
    let (_, conversation) = server
        .admin_put("/v1/admin/conversations/team", json!({}))
        .await;
    assert_eq!(conversation["subject"], "Team", "an absent subject is kept");

    let (status, participant) = server
        .admin_put("/v1/admin/conversations/team/participants/alice", json!({}))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        participant,
        json!({ "userId": "alice", "access": "ReadWrite" })
    );
    server
        .admin_put(
            "/v1/admin/conversations/team/participants/bob",
            json!({ "access": "Read" }),
        )
        .await;
    let (status, conversation) = server.admin_get("/v1/admin/conversations/team").await;
    assert_eq!(status, 200);
    assert_eq!(
        conversation["participants"],
        json!([
            { "userId": "alice", "access": "ReadWrite" },
            { "userId": "bob", "access": "Read" },
        ])
    );

    // The user and the conversation must exist.
    let (status, body) = server
        .admin_put(
            "/v1/admin/conversations/team/participants/nobody",
            json!({}),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("NOT_FOUND")));
    let (status, _) = server
        .admin_put(
            "/v1/admin/conversations/nothing/participants/alice",
            json!({}),
        )
        .await;
    assert_eq!(status, 404);

    let (status, _) = server
        .admin(
            Method::DELETE,
            "/v1/admin/conversations/team/participants/bob",
            None,
        )
        .await;
    assert_eq!(status, 204);
    let (_, conversation) = server.admin_get("/v1/admin/conversations/team").await;
    assert_eq!(
        conversation["participants"],
        json!([{ "userId": "alice", "access": "ReadWrite" }])
    );
    let (_, conversation) = server
        .admin_put("/v1/admin/conversations/team", json!({ "subject": null }))
        .await;
    assert_eq!(conversation["subject"], Value::Null);
    server.stop().await;
}

#[tokio::test]
async fn a_posted_message_is_fanned_out_like_a_websocket_send() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();

    let body = json!({ "senderId": "alice", "text": "from the backend", "clientId": "srv-1" });
    let path = "/v1/admin/conversations/demo/messages";
    let (status, message) = server.admin(Method::POST, path, Some(body.clone())).await;
    assert_eq!(status, 200, "{message}");
    assert_eq!(message["seq"], 1);
    assert_eq!(message["sender"]["id"], "alice");
    assert_eq!(message["sender"]["name"], "Alice");
    assert_eq!(message["type"], "UserMessage");
    assert_eq!(message["origin"], "rest");
    assert_eq!(message["plaintext"], "from the backend");
    assert_eq!(message["clientId"], "srv-1");
    assert_eq!(message["conversationId"], "demo");

    let (_, seq, seen) = bob.next_event().await;
    assert_eq!(seq, 1);
    assert_eq!(seen.id, message["id"].as_str().unwrap());
    assert_eq!(seen.client_id, None);

    // Idempotent by clientId, like a WebSocket send.
    let (status, again) = server.admin(Method::POST, path, Some(body)).await;
    assert_eq!((status, &again["id"]), (200, &message["id"]));
    let (_, conversation) = server.admin_get("/v1/admin/conversations/demo").await;
    assert_eq!(conversation["lastSeq"], 1);

    let failures = [
        (
            "/v1/admin/conversations/nothing/messages",
            json!({ "senderId": "alice", "text": "x" }),
            404,
            "NOT_FOUND",
        ),
        (
            path,
            json!({ "senderId": "nobody", "text": "x" }),
            404,
            "NOT_FOUND",
        ),
        (
            path,
            json!({ "senderId": "carol", "text": "x" }),
            403,
            "FORBIDDEN",
        ),
        (
            path,
            json!({ "senderId": "alice", "text": " " }),
            400,
            "INVALID_ARGUMENT",
        ),
        (
            path,
            json!({ "senderId": "alice", "text": "z".repeat(4001) }),
            400,
            "MESSAGE_TOO_LONG",
        ),
        (
            path,
            json!({ "senderId": "alice" }),
            400,
            "INVALID_ARGUMENT",
        ),
        (
            path,
            json!({ "senderId": "alice", "text": "x", "referencedMessageId": "msg_nope" }),
            400,
            "INVALID_ARGUMENT",
        ),
    ];
    for (path, body, status, code) in failures {
        let (got_status, got) = server.admin(Method::POST, path, Some(body)).await;
        assert_eq!(
            (got_status, got["code"].as_str()),
            (status, Some(code)),
            "{got}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn a_message_without_sender_is_a_system_message() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();
    let path = "/v1/admin/conversations/demo/messages";
    let body = json!({ "text": "Welcome to *demo*", "custom": { "kind": "welcome" } });
    let (status, message) = server.admin(Method::POST, path, Some(body)).await;
    assert_eq!(status, 200, "{message}");
    assert_eq!(message["type"], "SystemMessage");
    assert_eq!(message["sender"], serde_json::Value::Null);
    assert_eq!(message["origin"], "rest");
    assert_eq!(message["plaintext"], "Welcome to demo");
    assert_eq!(message["custom"], json!({ "kind": "welcome" }));

    let (_, _, seen) = bob.next_event().await;
    assert_eq!(seen.sender, None);
    assert_eq!(
        seen.kind,
        chat_elements_protocol::MessageType::SystemMessage
    );
    let (history, _) = bob.history("demo", None, None).await.unwrap();
    assert_eq!(history[0].id, message["id"].as_str().unwrap());
    assert_eq!(history[0].sender, None);
    server.stop().await;
}

#[tokio::test]
async fn minted_tokens_authenticate_on_the_websocket() {
    let server = TestServer::start().await;
    let before = now_ms();
    let (status, minted) = server
        .admin(
            Method::POST,
            "/v1/admin/tokens",
            Some(json!({ "userId": "alice", "ttlSeconds": 60 })),
        )
        .await;
    assert_eq!(status, 200);
    let expires_at = minted["expiresAt"].as_i64().unwrap();
    assert!((before + 59_000..=now_ms() + 60_000).contains(&expires_at));

    let mut client = server.connect().await;
    let welcome = client
        .auth(minted["token"].as_str().unwrap())
        .await
        .unwrap();
    assert_eq!(welcome.user.id, "alice");
    assert_eq!(welcome.token_expires_at, expires_at);

    for bad in [
        json!({ "userId": "alice", "ttlSeconds": 0 }),
        json!({ "userId": "" }),
        json!({}),
    ] {
        let (status, body) = server
            .admin(Method::POST, "/v1/admin/tokens", Some(bad))
            .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (400, Some("INVALID_ARGUMENT"))
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn malformed_bodies_are_invalid_arguments() {
    let server = TestServer::start().await;
    let response = server
        .http()
        .put(server.url("/v1/admin/users/erin"))
        .bearer_auth(SECRET)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "INVALID_ARGUMENT");

    let huge = json!({ "name": "x".repeat(100 * 1024) });
    let (status, body) = server.admin_put("/v1/admin/users/erin", huge).await;
    assert_eq!((status, body["code"].as_str()), (413, Some("TOO_LARGE")));
    server.stop().await;
}
