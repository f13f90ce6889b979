//! Users: anyone reads any profile; a user changes only themselves; `createUser` never changes
//! an existing user.

mod common;

use chat_elements_protocol::ErrorCode;
use common::{code, TestServer};
use serde_json::json;

#[tokio::test]
async fn anyone_reads_any_profile_and_missing_users_are_null() {
    let server = TestServer::start().await;
    let mut carol = server.client("carol").await;
    let alice = carol.get_user("alice").await.expect("alice exists");
    assert_eq!((alice.id.as_str(), alice.name.as_str()), ("alice", "Alice"));
    assert_eq!(alice.role, "default");
    assert!(alice.custom.is_empty());
    assert_eq!(carol.get_user("nobody").await, None);
    assert_eq!(
        code(
            carol
                .request(json!({ "op": "getUser", "userId": "" }))
                .await
        ),
        ErrorCode::InvalidArgument
    );
    server.stop().await;
}

#[tokio::test]
async fn set_user_changes_only_the_given_fields_of_oneself() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice
        .write(json!({
            "op": "setUser", "userId": "alice", "name": "Alice A.",
            "custom": { "team": "red", "level": "3" }, "locale": "en-GB",
            "photoUrl": "https://example.com/a.png", "role": "support",
            "welcomeMessage": "Hi, I am Alice"
        }))
        .await
        .unwrap();
    let user = alice.get_user("alice").await.unwrap();
    assert_eq!(user.name, "Alice A.");
    assert_eq!(user.custom["team"], "red");
    assert_eq!(user.locale.as_deref(), Some("en-GB"));
    assert_eq!(user.photo_url.as_deref(), Some("https://example.com/a.png"));
    assert_eq!(user.role, "support");
    assert_eq!(user.welcome_message.as_deref(), Some("Hi, I am Alice"));

    // Absent fields stay; null clears; a custom key set to null is removed, others stay.
    alice
        .write(json!({
            "op": "setUser", "userId": "alice", "locale": null, "role": null,
            "custom": { "level": null }
        }))
        .await
        .unwrap();
    let user = alice.get_user("alice").await.unwrap();
    assert_eq!(user.name, "Alice A.");
    assert_eq!(user.locale, None);
    assert_eq!(user.role, "default", "null restores the default role");
    assert_eq!(user.custom.keys().collect::<Vec<_>>(), ["team"]);
    assert_eq!(user.welcome_message.as_deref(), Some("Hi, I am Alice"));
    alice
        .write(json!({ "op": "setUser", "userId": "alice", "custom": null }))
        .await
        .unwrap();
    assert!(alice.get_user("alice").await.unwrap().custom.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn nobody_changes_another_user() {
    let server = TestServer::start().await;
    let mut carol = server.client("carol").await;
    let refused = carol
        .request(json!({ "op": "setUser", "userId": "alice", "name": "Mallory" }))
        .await;
    assert_eq!(code(refused), ErrorCode::Forbidden);
    // Not even by creating a missing one under another id.
    let refused = carol
        .request(json!({ "op": "setUser", "userId": "dave", "name": "Dave" }))
        .await;
    assert_eq!(code(refused), ErrorCode::Forbidden);
    assert_eq!(carol.get_user("alice").await.unwrap().name, "Alice");
    assert_eq!(carol.get_user("dave").await, None);
    server.stop().await;
}

#[tokio::test]
async fn a_new_user_names_themselves() {
    let server = TestServer::start().await;
    // The first token for an unknown id creates the user, named by the id.
    let mut erin = server.client("erin").await;
    assert_eq!(erin.get_user("erin").await.unwrap().name, "erin");
    erin.write(json!({ "op": "setUser", "userId": "erin", "name": "Erin" }))
        .await
        .unwrap();
    assert_eq!(erin.get_user("erin").await.unwrap().name, "Erin");
    server.stop().await;
}

#[tokio::test]
async fn create_user_needs_a_name_and_never_changes_an_existing_user() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let nameless = alice
        .request(json!({ "op": "createUser", "userId": "frank", "role": "x" }))
        .await;
    assert_eq!(code(nameless), ErrorCode::InvalidArgument);
    assert_eq!(alice.get_user("frank").await, None);

    alice
        .write(json!({
            "op": "createUser", "userId": "frank", "name": "Frank",
            "custom": { "k": "v" }
        }))
        .await
        .unwrap();
    let frank = alice.get_user("frank").await.unwrap();
    assert_eq!(
        (frank.name.as_str(), frank.role.as_str()),
        ("Frank", "default")
    );
    assert_eq!(frank.custom["k"], "v");

    // Creating again (by anyone) is fine and changes nothing.
    let mut bob = server.client("bob").await;
    bob.write(json!({ "op": "createUser", "userId": "frank", "name": "Francis" }))
        .await
        .unwrap();
    bob.write(json!({ "op": "createUser", "userId": "alice", "name": "Not Alice" }))
        .await
        .unwrap();
    assert_eq!(bob.get_user("frank").await.unwrap().name, "Frank");
    assert_eq!(bob.get_user("alice").await.unwrap().name, "Alice");
    server.stop().await;
}

#[tokio::test]
async fn invalid_fields_are_refused_with_a_reason() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    for (fields, mentions) in [
        (json!({ "name": "  " }), "name"),
        (json!({ "photoUrl": "javascript:alert(1)" }), "photoUrl"),
        (json!({ "locale": "not a locale" }), "locale"),
        (json!({ "name": "x".repeat(201) }), "name"),
        (json!({ "custom": { "": "v" } }), "custom"),
    ] {
        let mut request = json!({ "op": "setUser", "userId": "alice" });
        for (key, value) in fields.as_object().unwrap() {
            request[key] = value.clone();
        }
        let failure = alice.request(request).await.unwrap_err();
        assert_eq!(failure.code, ErrorCode::InvalidArgument, "{fields}");
        assert!(
            failure.message.contains(mentions),
            "{fields}: {}",
            failure.message
        );
    }
    assert_eq!(alice.get_user("alice").await.unwrap().name, "Alice");
    server.stop().await;
}

#[tokio::test]
async fn the_admin_api_sets_every_field_and_watchers_see_it() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.watch("u", json!({ "kind": "user", "userId": "alice" }))
        .await
        .unwrap();
    let (status, user) = server
        .admin_put(
            "/v1/admin/users/alice",
            json!({
                "name": " Alice Admin ", "custom": { "plan": "pro" }, "locale": "nl",
                "photoUrl": "https://example.com/p.png", "role": "agent",
                "welcomeMessage": "Welcome!"
            }),
        )
        .await;
    assert_eq!(status, 200, "{user}");
    assert_eq!(
        user,
        json!({
            "id": "alice", "name": "Alice Admin", "custom": { "plan": "pro" }, "locale": "nl",
            "photoUrl": "https://example.com/p.png", "role": "agent", "welcomeMessage": "Welcome!"
        })
    );
    let pushed = bob.next_snapshot("u").await;
    let pushed = common::watch::user_of(&pushed).unwrap();
    assert_eq!(
        (pushed.role.as_str(), pushed.custom["plan"].as_str()),
        ("agent", "pro")
    );
    let (status, body) = server
        .admin_put("/v1/admin/users/alice", json!({ "name": "A", "role": "" }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("INVALID_ARGUMENT"))
    );
    server.stop().await;
}
