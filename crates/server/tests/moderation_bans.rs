//! Bans: an admin participant removes a user and keeps them out until unbanned; nobody else
//! moderates; admins cannot ban admins; users cannot make themselves admins; the app's
//! backend bans and unbans through the admin API.

mod common;

use chat_elements_protocol::{ErrorCode, ServerFrame, TopicSnapshot};
use common::moderation::moderation;
use common::watch::conversation_of;
use common::{code, TestServer};
use serde_json::json;

#[tokio::test]
async fn a_banned_participant_is_removed_and_cannot_come_back_until_unbanned() {
    let server = TestServer::start().await;
    server.make_admin("alice", "Alice").await;
    let mut bob = server.client("bob").await;
    bob.say("demo", "spam").await;
    bob.subscribe("demo", None).await.unwrap();
    bob.watch(
        "conv",
        json!({ "kind": "conversation", "conversationId": "demo" }),
    )
    .await
    .unwrap();
    let mut alice = server.client("alice").await;
    alice.subscribe("demo", None).await.unwrap();

    alice
        .write(moderation("banParticipant", "demo", "bob"))
        .await
        .unwrap();
    // The others see the change; bob's subscription ends and his watch shows nothing.
    assert_eq!(alice.next_participants_changed().await, 2);
    let gone = bob
        .snapshot_until("conv", |s| conversation_of(s).is_none())
        .await;
    assert!(matches!(
        gone,
        TopicSnapshot::Conversation { conversation: None }
    ));
    assert!(
        matches!(bob.next_frame().await, ServerFrame::Resync { conversation_id } if conversation_id == "demo")
    );
    assert_eq!(alice.get_participant("demo", "bob").await.unwrap(), None);

    // He reads nothing and cannot get back in, whoever tries.
    assert_eq!(
        code(bob.history("demo", None, None).await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(bob.subscribe("demo", Some(0)).await),
        ErrorCode::Forbidden
    );
    for attempt in [
        json!({ "op": "createConversation", "conversationId": "demo" }),
        json!({ "op": "setConversation", "conversationId": "demo", "subject": "mine" }),
    ] {
        let refused = bob.request(attempt.clone()).await.expect_err("refused");
        assert_eq!(refused.code, ErrorCode::Forbidden, "{attempt}");
        assert!(refused.message.contains("banned"), "{}", refused.message);
    }
    for op in ["createParticipant", "setParticipant"] {
        let refused = alice
            .request(moderation(op, "demo", "bob"))
            .await
            .expect_err("refused");
        assert_eq!(refused.code, ErrorCode::Forbidden, "{op}");
        assert!(refused.message.contains("banned"), "{}", refused.message);
    }
    let (status, body) = server
        .admin_put("/v1/admin/conversations/demo/participants/bob", json!({}))
        .await;
    assert_eq!((status, body["code"].as_str()), (403, Some("FORBIDDEN")));
    // Banning again changes nothing.
    alice
        .write(moderation("banParticipant", "demo", "bob"))
        .await
        .unwrap();
    assert_eq!(alice.get_conversation("demo").await.unwrap().last_seq, 2);

    // Unbanned, he may be added again and reads the history.
    alice
        .write(moderation("unbanParticipant", "demo", "bob"))
        .await
        .unwrap();
    alice
        .write(moderation("createParticipant", "demo", "bob"))
        .await
        .unwrap();
    assert_eq!(alice.next_participants_changed().await, 3);
    let (messages, _) = bob.history("demo", None, None).await.unwrap();
    assert_eq!(messages[0].plaintext, "spam");
    // Unbanning someone who is not banned is fine.
    alice
        .write(moderation("unbanParticipant", "demo", "bob"))
        .await
        .unwrap();
    server.stop().await;
}

#[tokio::test]
async fn a_banned_user_stays_out_after_a_restart_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start_in(dir.path(), |_| {}).await;
    let (status, _) = server
        .admin_call("POST", "/v1/admin/conversations/demo/bans/bob", None)
        .await;
    assert_eq!(status, 204);
    server.stop().await;
    // Demo seeding adds alice and bob again at every start, but not a banned user.
    let server = TestServer::start_in(dir.path(), |_| {}).await;
    let mut bob = server.client("bob").await;
    assert_eq!(bob.get_conversation("demo").await, None);
    server.stop().await;
}

#[tokio::test]
async fn only_admins_taking_part_moderate() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    for op in [
        "banParticipant",
        "unbanParticipant",
        "muteParticipant",
        "unmuteParticipant",
    ] {
        let refused = bob
            .request(moderation(op, "demo", "alice"))
            .await
            .expect_err("refused");
        assert_eq!(refused.code, ErrorCode::Forbidden, "{op}");
        assert!(refused.message.contains("admin"), "{}", refused.message);
    }
    // An admin who does not take part is a stranger to the conversation.
    server.make_admin("carol", "Carol").await;
    let mut carol = server.client("carol").await;
    assert_eq!(
        code(
            carol
                .request(moderation("banParticipant", "demo", "bob"))
                .await
        ),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(
            carol
                .request(moderation("banParticipant", "nowhere", "bob"))
                .await
        ),
        ErrorCode::Forbidden
    );
    let mut alice = server.client("alice").await;
    assert!(alice
        .get_participant("demo", "bob")
        .await
        .unwrap()
        .is_some());
    assert_eq!(alice.get_conversation("demo").await.unwrap().last_seq, 0);
    server.stop().await;
}

#[tokio::test]
async fn admins_do_not_ban_or_mute_admins_but_the_backend_may() {
    let server = TestServer::start().await;
    server.make_admin("alice", "Alice").await;
    server.make_admin("bob", "Bob").await;
    let mut alice = server.client("alice").await;
    for request in [
        moderation("banParticipant", "demo", "bob"),
        moderation("muteParticipant", "demo", "bob"),
        moderation("banParticipant", "demo", "alice"),
    ] {
        assert_eq!(
            code(alice.request(request.clone()).await),
            ErrorCode::Forbidden,
            "{request}"
        );
    }
    // A user who does not exist cannot be banned.
    assert_eq!(
        code(
            alice
                .request(moderation("banParticipant", "demo", "ghost"))
                .await
        ),
        ErrorCode::NotFound
    );
    assert!(alice
        .get_participant("demo", "bob")
        .await
        .unwrap()
        .is_some());
    let (status, _) = server
        .admin_call("POST", "/v1/admin/conversations/demo/bans/bob", None)
        .await;
    assert_eq!(status, 204);
    assert_eq!(alice.get_participant("demo", "bob").await.unwrap(), None);
    server.stop().await;
}

#[tokio::test]
async fn users_cannot_give_themselves_the_admin_role() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    for attempt in [
        json!({ "op": "setUser", "userId": "bob", "role": "admin" }),
        json!({ "op": "createUser", "userId": "mallory", "name": "M", "role": "admin" }),
    ] {
        let refused = bob.request(attempt.clone()).await.expect_err("refused");
        assert_eq!(refused.code, ErrorCode::Forbidden, "{attempt}");
    }
    assert_eq!(bob.get_user("bob").await.unwrap().role, "default");
    assert_eq!(bob.get_user("mallory").await, None);
    // Other roles are the app's business and stay settable.
    bob.write(json!({ "op": "setUser", "userId": "bob", "role": "support" }))
        .await
        .unwrap();
    assert_eq!(
        code(
            bob.request(moderation("banParticipant", "demo", "alice"))
                .await
        ),
        ErrorCode::Forbidden
    );
    // Once the backend made him admin, saying so again (or stepping down) is fine.
    server.make_admin("bob", "Bob").await;
    bob.write(json!({ "op": "setUser", "userId": "bob", "role": "admin", "name": "Bobby" }))
        .await
        .unwrap();
    bob.write(json!({ "op": "setUser", "userId": "bob", "role": null }))
        .await
        .unwrap();
    assert_eq!(bob.get_user("bob").await.unwrap().role, "default");
    server.stop().await;
}

#[tokio::test]
async fn the_admin_api_bans_and_unbans_with_the_app_secret() {
    let server = TestServer::start().await;
    let url = server.url("/v1/admin/conversations/demo/bans/bob");
    let response = server.http().post(&url).send().await.unwrap();
    assert_eq!(response.status(), 401);
    let response = server
        .http()
        .delete(&url)
        .bearer_auth("wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);

    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();
    let (status, body) = server
        .admin_call("POST", "/v1/admin/conversations/demo/bans/bob", None)
        .await;
    assert_eq!(status, 204, "{body}");
    assert!(matches!(bob.next_frame().await, ServerFrame::Resync { .. }));
    let (_, conversation) = server.admin_get("/v1/admin/conversations/demo").await;
    assert_eq!(
        conversation["participants"],
        json!([{ "userId": "alice", "access": "ReadWrite" }])
    );

    for (path, expected) in [
        ("/v1/admin/conversations/nowhere/bans/bob", "NOT_FOUND"),
        ("/v1/admin/conversations/demo/bans/ghost", "NOT_FOUND"),
    ] {
        let (status, body) = server.admin_call("POST", path, None).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (404, Some(expected)),
            "{path}"
        );
    }

    let (status, _) = server
        .admin_call("DELETE", "/v1/admin/conversations/demo/bans/bob", None)
        .await;
    assert_eq!(status, 204);
    let (status, _) = server
        .admin_put("/v1/admin/conversations/demo/participants/bob", json!({}))
        .await;
    assert_eq!(status, 200);
    assert!(bob.get_conversation("demo").await.is_some());
    server.stop().await;
}
