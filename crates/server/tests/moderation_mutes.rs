//! Mutes: a muted participant reads but cannot send, edit, react or type (`MUTED`, saying until
//! when); the participant snapshot shows the mute; a timed mute ends by itself; unmuting ends
//! it at once; the app's backend mutes through the admin API.

mod common;

use chat_elements_protocol::{ErrorCode, Participant, Reply, TopicSnapshot};
use chat_elements_server::ids::now_ms;
use common::moderation::moderation;
use common::{code, send_request, Client, Failure, TestServer};
use serde_json::{json, Value};

fn participant_of(snapshot: &TopicSnapshot) -> Option<&Participant> {
    match snapshot {
        TopicSnapshot::Participant { participant } => participant.as_ref(),
        other => panic!("expected a participant snapshot, got {other:?}"),
    }
}

fn muted(snapshot: &TopicSnapshot) -> bool {
    participant_of(snapshot).is_some_and(|p| p.is_muted)
}

/// A request sent as it is (it need not parse as a request), answered by id.
async fn raw(client: &mut Client, mut value: Value) -> Result<Reply, Failure> {
    value["id"] = json!(900);
    client.send_text(value.to_string()).await;
    client.response(900).await
}

/// Every write bob might try, each refused with MUTED while he is muted.
async fn assert_bob_cannot_write(bob: &mut Client, message_id: &str) {
    let attempts = [
        send_request("demo", "muted-1", "hello?"),
        common::watch::request(json!({
            "op": "editMessage", "conversationId": "demo", "messageId": message_id, "text": "x"
        })),
        common::watch::request(json!({
            "op": "addReaction", "conversationId": "demo", "messageId": message_id, "emoji": "👍"
        })),
        common::watch::request(json!({ "op": "typing", "conversationId": "demo" })),
        common::watch::request(
            json!({ "op": "setConversation", "conversationId": "demo", "subject": "hi" }),
        ),
    ];
    for attempt in attempts {
        let refused = bob.call(attempt.clone()).await.expect_err("refused");
        assert_eq!(refused.code, ErrorCode::Muted, "{}", attempt.op());
        assert!(
            refused.message.contains("muted in this conversation until"),
            "{}",
            refused.message
        );
    }
}

#[tokio::test]
async fn a_muted_participant_reads_but_cannot_write_until_unmuted() {
    let server = TestServer::start().await;
    server.make_admin("alice", "Alice").await;
    let mut bob = server.client("bob").await;
    let earlier = bob.say("demo", "before the mute").await;
    let mut alice = server.client("alice").await;
    alice.subscribe("demo", None).await.unwrap();
    let first = alice
        .watch(
            "bob",
            json!({ "kind": "participant", "conversationId": "demo", "userId": "bob" }),
        )
        .await
        .unwrap();
    assert!(!muted(&first));
    assert_eq!(participant_of(&first).unwrap().muted_until, None);

    alice
        .write(moderation("muteParticipant", "demo", "bob"))
        .await
        .unwrap();
    let snapshot = alice.snapshot_until("bob", muted).await;
    assert_eq!(alice.next_participants_changed().await, 2);
    assert_eq!(participant_of(&snapshot).unwrap().muted_until, None);

    assert_bob_cannot_write(&mut bob, &earlier.id).await;
    let refused = bob
        .send("demo", "muted-2", "hello?")
        .await
        .expect_err("refused");
    assert!(refused.message.contains("until a moderator unmutes you"));
    // Reading still works, and so does his own read state.
    let (messages, _) = bob.history("demo", None, None).await.unwrap();
    assert_eq!(messages.len(), 1);
    bob.subscribe("demo", None).await.unwrap();
    bob.write(json!({ "op": "markRead", "conversationId": "demo" }))
        .await
        .unwrap();
    let seen = bob.get_participant("demo", "bob").await.unwrap().unwrap();
    assert!(seen.is_muted);

    alice
        .write(moderation("unmuteParticipant", "demo", "bob"))
        .await
        .unwrap();
    alice.snapshot_until("bob", |s| !muted(s)).await;
    assert_eq!(alice.next_participants_changed().await, 3);
    bob.send("demo", "after", "I'll behave").await.unwrap();
    // Unmuting someone who is not muted changes nothing.
    alice
        .write(moderation("unmuteParticipant", "demo", "bob"))
        .await
        .unwrap();
    assert_eq!(alice.get_conversation("demo").await.unwrap().last_seq, 4);
    server.stop().await;
}

#[tokio::test]
async fn a_timed_mute_ends_by_itself() {
    let server = TestServer::start().await;
    server.make_admin("alice", "Alice").await;
    let mut alice = server.client("alice").await;
    alice
        .watch(
            "bob",
            json!({ "kind": "participant", "conversationId": "demo", "userId": "bob" }),
        )
        .await
        .unwrap();
    let before = now_ms();
    let mut mute = moderation("muteParticipant", "demo", "bob");
    mute["durationMs"] = json!(1500);
    alice.write(mute).await.unwrap();
    let snapshot = alice.snapshot_until("bob", muted).await;
    let until = participant_of(&snapshot).unwrap().muted_until.unwrap();
    assert!(
        (before + 1500..=now_ms() + 1500).contains(&until),
        "{until}"
    );

    let mut bob = server.client("bob").await;
    let refused = bob.send("demo", "m1", "now?").await.expect_err("refused");
    assert_eq!(refused.code, ErrorCode::Muted);
    assert!(refused.message.contains(" UTC"), "{}", refused.message);

    // Nobody writes anything: the watcher is still told when the mute ends.
    let ended = alice.snapshot_until("bob", |s| !muted(s)).await;
    assert!(now_ms() >= until);
    assert_eq!(participant_of(&ended).unwrap().muted_until, None);
    bob.send("demo", "m2", "now!").await.unwrap();
    server.stop().await;
}

#[tokio::test]
async fn only_participants_are_muted_and_durations_are_checked() {
    let server = TestServer::start().await;
    server.make_admin("alice", "Alice").await;
    let mut alice = server.client("alice").await;
    assert_eq!(
        code(
            alice
                .request(moderation("muteParticipant", "demo", "carol"))
                .await
        ),
        ErrorCode::NotFound
    );
    for bad in [json!(0), json!(-5), json!(u64::MAX)] {
        let mut mute = moderation("muteParticipant", "demo", "bob");
        mute["durationMs"] = bad.clone();
        assert_eq!(
            code(raw(&mut alice, mute).await),
            ErrorCode::InvalidArgument,
            "{bad}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn the_admin_api_mutes_and_unmutes() {
    let server = TestServer::start().await;
    let mut bob = server.client("bob").await;
    let (status, body) = server
        .admin_call(
            "POST",
            "/v1/admin/conversations/demo/mutes/bob",
            Some(json!({ "durationMs": 60_000 })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (&body["userId"], &body["isMuted"]),
        (&json!("bob"), &json!(true))
    );
    assert!(body["mutedUntil"].as_i64().unwrap() > now_ms());
    assert_eq!(code(bob.send("demo", "m1", "hi").await), ErrorCode::Muted);
    // A message posted as bob follows the same rule.
    let (status, body) = server
        .admin_call(
            "POST",
            "/v1/admin/conversations/demo/messages",
            Some(json!({ "senderId": "bob", "text": "hi" })),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (403, Some("MUTED")));

    let (status, body) = server
        .admin_call(
            "POST",
            "/v1/admin/conversations/demo/mutes/bob",
            Some(json!({})),
        )
        .await;
    assert_eq!((status, &body["mutedUntil"]), (200, &json!(null)), "{body}");
    for (path, body, expected) in [
        (
            "/v1/admin/conversations/demo/mutes/carol",
            json!({}),
            (404, "NOT_FOUND"),
        ),
        (
            "/v1/admin/conversations/nowhere/mutes/bob",
            json!({}),
            (404, "NOT_FOUND"),
        ),
        (
            "/v1/admin/conversations/demo/mutes/bob",
            json!({ "durationMs": 0 }),
            (400, "INVALID_ARGUMENT"),
        ),
        (
            "/v1/admin/conversations/demo/mutes/bob",
            json!({ "duration": 5 }),
            (400, "INVALID_ARGUMENT"),
        ),
    ] {
        let (status, answer) = server.admin_call("POST", path, Some(body.clone())).await;
        assert_eq!(
            (status, answer["code"].as_str().unwrap_or_default()),
            expected,
            "{path} {body}"
        );
    }
    let response = server
        .http()
        .delete(server.url("/v1/admin/conversations/demo/mutes/bob"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let (status, _) = server
        .admin_call("DELETE", "/v1/admin/conversations/demo/mutes/bob", None)
        .await;
    assert_eq!(status, 204);
    bob.send("demo", "m2", "hi").await.unwrap();
    server.stop().await;
}
