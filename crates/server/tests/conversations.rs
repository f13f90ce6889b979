//! Conversations: creating (the creator takes part), reading (participants only, `null` for
//! everyone else), changing the shared fields (ReadWrite only, as a sequenced event) and one's
//! own access and notify.

mod common;

use chat_elements_protocol::{Access, ErrorCode, Event, Notify, NotifyMode, ServerFrame};
use common::{code, Client, TestServer};
use serde_json::json;

/// The next frame, which must be an event of `conversation`: `(seq, event)`.
async fn next_change(client: &mut Client, conversation: &str) -> (u64, Event) {
    match client.next_frame().await {
        ServerFrame::Event {
            conversation_id,
            seq,
            event,
        } if conversation_id == conversation => (seq, event),
        other => panic!("expected an event of {conversation}, got {other:?}"),
    }
}

#[tokio::test]
async fn the_creator_takes_part_and_nobody_else_sees_it() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice
        .write(json!({
            "op": "createConversation", "conversationId": "c1", "subject": "Tools",
            "custom": { "category": "support" }, "welcomeMessages": ["Hi!"]
        }))
        .await
        .unwrap();
    let c = alice
        .get_conversation("c1")
        .await
        .expect("alice takes part");
    assert_eq!(c.subject.as_deref(), Some("Tools"));
    assert_eq!(c.custom["category"], "support");
    assert_eq!(c.welcome_messages, ["Hi!"]);
    assert_eq!(
        (c.access, c.notify),
        (Access::ReadWrite, Notify::Flag(true))
    );
    assert!(c.created_at > 0 && c.joined_at >= c.created_at);
    assert_eq!(
        (c.last_seq, c.unread_message_count, c.is_unread),
        (0, 0, false)
    );
    assert_eq!(c.last_message, None);

    let mut bob = server.client("bob").await;
    assert_eq!(bob.get_conversation("c1").await, None, "not a participant");
    assert_eq!(
        bob.get_conversation("nothing").await,
        None,
        "does not exist"
    );
    server.stop().await;
}

#[tokio::test]
async fn creating_an_existing_conversation_changes_nothing() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let create = json!({ "op": "createConversation", "conversationId": "c1", "subject": "First" });
    alice.write(create.clone()).await.unwrap();
    alice
        .write(json!({ "op": "createConversation", "conversationId": "c1", "subject": "Second" }))
        .await
        .unwrap();
    let c = alice.get_conversation("c1").await.unwrap();
    assert_eq!((c.subject.as_deref(), c.last_seq), (Some("First"), 0));
    // Someone outside may not "create" their way in.
    let mut bob = server.client("bob").await;
    assert_eq!(code(bob.request(create).await), ErrorCode::Forbidden);
    assert_eq!(bob.get_conversation("c1").await, None);
    server.stop().await;
}

#[tokio::test]
async fn set_conversation_creates_then_changes_with_a_sequenced_event() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.write(json!({ "op": "setConversation", "conversationId": "c2", "subject": "New" }))
        .await
        .unwrap();
    let (c, _) = bob.subscribe("c2", None).await.unwrap();
    assert_eq!((c.subject.as_deref(), c.last_seq), (Some("New"), 0));

    bob.write(json!({
        "op": "setConversation", "conversationId": "c2", "subject": null,
        "photoUrl": "https://example.com/c.png", "custom": { "a": "1", "b": "2" }
    }))
    .await
    .unwrap();
    assert_eq!(
        next_change(&mut bob, "c2").await,
        (1, Event::ConversationUpdated)
    );
    bob.write(json!({ "op": "setConversation", "conversationId": "c2", "custom": { "a": null } }))
        .await
        .unwrap();
    assert_eq!(
        next_change(&mut bob, "c2").await,
        (2, Event::ConversationUpdated)
    );
    // Setting what is already there is not a change: no event, no seq.
    bob.write(json!({ "op": "setConversation", "conversationId": "c2", "subject": null }))
        .await
        .unwrap();
    let c = bob.get_conversation("c2").await.unwrap();
    assert_eq!(c.subject, None);
    assert_eq!(c.photo_url.as_deref(), Some("https://example.com/c.png"));
    assert_eq!(c.custom.keys().collect::<Vec<_>>(), ["b"]);
    assert_eq!(c.last_seq, 2);
    bob.write(json!({ "op": "setConversation", "conversationId": "c2", "custom": null }))
        .await
        .unwrap();
    assert!(bob.get_conversation("c2").await.unwrap().custom.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn strangers_cannot_change_an_existing_conversation() {
    let server = TestServer::start().await;
    let mut carol = server.client("carol").await;
    let refused = carol
        .request(json!({ "op": "setConversation", "conversationId": "demo", "subject": "Mine" }))
        .await;
    assert_eq!(code(refused), ErrorCode::Forbidden);
    let mut alice = server.client("alice").await;
    assert_eq!(
        alice
            .get_conversation("demo")
            .await
            .unwrap()
            .subject
            .as_deref(),
        Some("Demo chat")
    );
    server.stop().await;
}

#[tokio::test]
async fn readers_change_only_their_own_settings_and_never_raise_their_access() {
    let server = TestServer::start().await;
    let (status, _) = server
        .admin_put(
            "/v1/admin/conversations/demo/participants/carol",
            json!({ "access": "Read" }),
        )
        .await;
    assert_eq!(status, 200);
    let mut carol = server.client("carol").await;
    let shared = [
        json!({ "subject": "Hijacked" }),
        json!({ "photoUrl": "https://example.com/x.png" }),
        json!({ "welcomeMessages": ["x"] }),
        json!({ "custom": { "k": "v" } }),
    ];
    for fields in shared {
        let mut request = json!({ "op": "setConversation", "conversationId": "demo" });
        for (key, value) in fields.as_object().unwrap() {
            request[key] = value.clone();
        }
        assert_eq!(
            code(carol.request(request).await),
            ErrorCode::Forbidden,
            "{fields}"
        );
    }
    for raise in [json!("ReadWrite"), json!(null)] {
        let request = json!({ "op": "setConversation", "conversationId": "demo", "access": raise });
        assert_eq!(code(carol.request(request).await), ErrorCode::Forbidden);
    }
    carol
        .write(
            json!({ "op": "setConversation", "conversationId": "demo", "notify": "MentionsOnly" }),
        )
        .await
        .unwrap();
    let c = carol.get_conversation("demo").await.unwrap();
    assert_eq!(
        (c.access, c.notify, c.subject.as_deref()),
        (
            Access::Read,
            Notify::Mode(NotifyMode::MentionsOnly),
            Some("Demo chat")
        )
    );
    server.stop().await;
}

#[tokio::test]
async fn a_participant_may_lower_their_own_access_and_it_is_a_participant_change() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();
    alice
        .write(json!({
            "op": "setConversation", "conversationId": "demo", "access": "Read", "notify": false
        }))
        .await
        .unwrap();
    assert_eq!(
        next_change(&mut bob, "demo").await,
        (1, Event::ParticipantsChanged)
    );
    let c = alice.get_conversation("demo").await.unwrap();
    assert_eq!((c.access, c.notify), (Access::Read, Notify::Flag(false)));
    // Bob's own view is unaffected.
    assert_eq!(
        bob.get_conversation("demo").await.unwrap().access,
        Access::ReadWrite
    );
    // Lowered is lowered: she cannot take it back herself, nor change the subject now.
    let raise = json!({ "op": "setConversation", "conversationId": "demo", "access": "ReadWrite" });
    assert_eq!(code(alice.request(raise).await), ErrorCode::Forbidden);
    let subject = json!({ "op": "setConversation", "conversationId": "demo", "subject": "x" });
    assert_eq!(code(alice.request(subject).await), ErrorCode::Forbidden);
    server.stop().await;
}

#[tokio::test]
async fn malformed_conversation_writes_are_invalid() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    for bad in [
        json!({ "op": "setConversation", "conversationId": "demo", "photoUrl": "ftp://x" }),
        json!({ "op": "setConversation", "conversationId": "demo", "subject": "a\u{0}b" }),
        json!({ "op": "createConversation", "conversationId": "" }),
    ] {
        assert_eq!(
            code(alice.request(bad.clone()).await),
            ErrorCode::InvalidArgument,
            "{bad}"
        );
    }
    // A wrong type never reaches the handler: the frame itself is invalid.
    let frame =
        json!({ "id": 99, "op": "setConversation", "conversationId": "demo", "notify": "maybe" });
    alice.send_text(frame.to_string()).await;
    assert_eq!(code(alice.response(99).await), ErrorCode::InvalidArgument);
    server.stop().await;
}

#[tokio::test]
async fn the_admin_api_sets_the_shared_fields_as_a_sequenced_change() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice.subscribe("demo", None).await.unwrap();
    let (status, body) = server
        .admin_put(
            "/v1/admin/conversations/demo",
            json!({
                "photoUrl": "https://example.com/d.png", "custom": { "category": "support" },
                "welcomeMessages": ["Hello", "How can we help?"]
            }),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["custom"], json!({ "category": "support" }));
    assert_eq!(
        body["welcomeMessages"],
        json!(["Hello", "How can we help?"])
    );
    assert_eq!(body["lastSeq"], 1);
    assert_eq!(
        next_change(&mut alice, "demo").await,
        (1, Event::ConversationUpdated)
    );
    let c = alice.get_conversation("demo").await.unwrap();
    assert_eq!(c.photo_url.as_deref(), Some("https://example.com/d.png"));
    assert_eq!(
        c.subject.as_deref(),
        Some("Demo chat"),
        "absent fields are kept"
    );

    // Creating a new one is not a change in it; access and notify are per participant.
    let (status, body) = server
        .admin_put(
            "/v1/admin/conversations/fresh",
            json!({ "custom": { "a": "1" } }),
        )
        .await;
    assert_eq!((status, body["lastSeq"].as_u64()), (200, Some(0)));
    let (status, body) = server
        .admin_put("/v1/admin/conversations/demo", json!({ "notify": false }))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("INVALID_ARGUMENT"))
    );
    server.stop().await;
}
