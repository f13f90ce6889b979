//! Participants: only participants read them; ReadWrite participants add, edit and remove
//! others; anyone leaves or changes their own notify; nobody raises their own access.

mod common;

use chat_elements_protocol::{Access, ErrorCode, Notify, ServerFrame};
use common::{code, TestServer};
use serde_json::{json, Value};

fn op(name: &str, conversation: &str, user: &str, fields: Value) -> Value {
    let mut request = json!({ "op": name, "conversationId": conversation, "userId": user });
    for (key, value) in fields.as_object().unwrap() {
        request[key] = value.clone();
    }
    request
}

#[tokio::test]
async fn only_participants_read_participants() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let bob = alice.get_participant("demo", "bob").await.unwrap().unwrap();
    assert_eq!(
        (bob.user.name.as_str(), bob.access),
        ("Bob", Access::ReadWrite)
    );
    assert_eq!(bob.notify, Notify::Flag(true));
    assert!(bob.joined_at > 0);
    assert_eq!(alice.get_participant("demo", "carol").await.unwrap(), None);

    let mut carol = server.client("carol").await;
    assert_eq!(
        code(carol.get_participant("demo", "bob").await),
        ErrorCode::Forbidden
    );
    assert_eq!(
        code(carol.get_participant("missing", "bob").await),
        ErrorCode::Forbidden
    );
    server.stop().await;
}

#[tokio::test]
async fn read_write_participants_add_edit_and_remove_others() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice.subscribe("demo", None).await.unwrap();

    let add = op(
        "createParticipant",
        "demo",
        "carol",
        json!({ "access": "Read" }),
    );
    alice.write(add).await.unwrap();
    assert_eq!(alice.next_participants_changed().await, 1);
    // Creating an existing participant changes nothing.
    let again = op(
        "createParticipant",
        "demo",
        "carol",
        json!({ "access": "ReadWrite" }),
    );
    alice.write(again).await.unwrap();
    let carol = alice
        .get_participant("demo", "carol")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(carol.access, Access::Read);

    let edit = op(
        "editParticipant",
        "demo",
        "carol",
        json!({ "access": "ReadWrite", "notify": false }),
    );
    alice.write(edit).await.unwrap();
    assert_eq!(alice.next_participants_changed().await, 2);
    let carol = alice
        .get_participant("demo", "carol")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (carol.access, carol.notify),
        (Access::ReadWrite, Notify::Flag(false))
    );
    // null restores the defaults.
    let reset = op("setParticipant", "demo", "carol", json!({ "notify": null }));
    alice.write(reset).await.unwrap();
    assert_eq!(alice.next_participants_changed().await, 3);

    // Editing someone who is not a participant, or adding a user who does not exist: NOT_FOUND.
    alice
        .write(json!({ "op": "createUser", "userId": "dave", "name": "Dave" }))
        .await
        .unwrap();
    let edit_dave = op(
        "editParticipant",
        "demo",
        "dave",
        json!({ "notify": false }),
    );
    assert_eq!(code(alice.request(edit_dave).await), ErrorCode::NotFound);
    let ghost = op("setParticipant", "demo", "ghost", json!({}));
    assert_eq!(code(alice.request(ghost).await), ErrorCode::NotFound);
    alice
        .write(op("setParticipant", "demo", "dave", json!({})))
        .await
        .unwrap();
    assert_eq!(alice.next_participants_changed().await, 4);

    alice
        .write(op("deleteParticipant", "demo", "dave", json!({})))
        .await
        .unwrap();
    assert_eq!(alice.next_participants_changed().await, 5);
    // Removing someone who is not there is fine and changes nothing.
    alice
        .write(op("deleteParticipant", "demo", "dave", json!({})))
        .await
        .unwrap();
    assert_eq!(alice.get_conversation("demo").await.unwrap().last_seq, 5);
    server.stop().await;
}

#[tokio::test]
async fn readers_only_manage_themselves() {
    let server = TestServer::start().await;
    server
        .admin_put(
            "/v1/admin/conversations/demo/participants/carol",
            json!({ "access": "Read" }),
        )
        .await;
    let mut carol = server.client("carol").await;
    for refused in [
        op("createParticipant", "demo", "dave", json!({})),
        op(
            "editParticipant",
            "demo",
            "alice",
            json!({ "notify": false }),
        ),
        op("setParticipant", "demo", "bob", json!({ "access": "Read" })),
        op("deleteParticipant", "demo", "alice", json!({})),
        op(
            "setParticipant",
            "demo",
            "carol",
            json!({ "access": "ReadWrite" }),
        ),
        op(
            "editParticipant",
            "demo",
            "carol",
            json!({ "access": null }),
        ),
    ] {
        assert_eq!(
            code(carol.request(refused.clone()).await),
            ErrorCode::Forbidden,
            "{refused}"
        );
    }
    carol
        .write(op(
            "editParticipant",
            "demo",
            "carol",
            json!({ "notify": "MentionsOnly", "access": "Read" }),
        ))
        .await
        .unwrap();
    carol
        .write(op("deleteParticipant", "demo", "carol", json!({})))
        .await
        .unwrap();
    assert_eq!(carol.get_conversation("demo").await, None, "she left");
    let mut alice = server.client("alice").await;
    assert_eq!(alice.get_participant("demo", "carol").await.unwrap(), None);
    server.stop().await;
}

#[tokio::test]
async fn strangers_cannot_add_anyone_not_even_themselves() {
    let server = TestServer::start().await;
    let mut carol = server.client("carol").await;
    for refused in [
        op("createParticipant", "demo", "carol", json!({})),
        op("setParticipant", "demo", "carol", json!({})),
        op("deleteParticipant", "demo", "bob", json!({})),
    ] {
        assert_eq!(
            code(carol.request(refused.clone()).await),
            ErrorCode::Forbidden,
            "{refused}"
        );
    }
    let mut alice = server.client("alice").await;
    assert_eq!(alice.get_participant("demo", "carol").await.unwrap(), None);
    server.stop().await;
}

#[tokio::test]
async fn the_last_participant_may_leave_and_the_conversation_stays() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice
        .write(json!({ "op": "createConversation", "conversationId": "solo", "subject": "Me" }))
        .await
        .unwrap();
    alice
        .write(op("deleteParticipant", "solo", "alice", json!({})))
        .await
        .unwrap();
    assert_eq!(alice.get_conversation("solo").await, None);
    let (status, conversation) = server.admin_get("/v1/admin/conversations/solo").await;
    assert_eq!(status, 200);
    assert_eq!(
        (
            conversation["participants"].clone(),
            conversation["lastSeq"].clone()
        ),
        (json!([]), json!(1))
    );
    // It exists and she is not in it: creating it again is not a way back in.
    let create = json!({ "op": "createConversation", "conversationId": "solo" });
    assert_eq!(code(alice.request(create).await), ErrorCode::Forbidden);
    server.stop().await;
}

#[tokio::test]
async fn a_removed_participant_loses_their_subscription_and_the_others_see_the_change() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();
    let mut alice = server.client("alice").await;
    alice.subscribe("demo", None).await.unwrap();
    alice
        .write(op("deleteParticipant", "demo", "bob", json!({})))
        .await
        .unwrap();
    assert_eq!(alice.next_participants_changed().await, 1);
    assert!(
        matches!(bob.next_frame().await, ServerFrame::Resync { conversation_id } if conversation_id == "demo")
    );
    assert_eq!(
        code(bob.subscribe("demo", Some(0)).await),
        ErrorCode::Forbidden
    );
    assert_eq!(bob.get_conversation("demo").await, None);
    server.stop().await;
}
