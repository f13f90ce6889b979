//! JSON shapes of moderation: the four requests, the participant's mute and the `MUTED` code.

use chat_elements_protocol::*;
use serde_json::{json, Value};

fn roundtrip_request(request: Request, expected: Value) {
    let frame = ClientFrame { id: 4, request };
    assert_eq!(serde_json::to_value(&frame).unwrap(), expected);
    let back: ClientFrame = serde_json::from_value(expected).unwrap();
    assert_eq!(back, frame);
}

#[test]
fn moderation_requests_have_flat_op_shapes() {
    roundtrip_request(
        Request::BanParticipant {
            conversation_id: "demo".into(),
            user_id: "bob".into(),
        },
        json!({ "id": 4, "op": "banParticipant", "conversationId": "demo", "userId": "bob" }),
    );
    roundtrip_request(
        Request::UnbanParticipant {
            conversation_id: "demo".into(),
            user_id: "bob".into(),
        },
        json!({ "id": 4, "op": "unbanParticipant", "conversationId": "demo", "userId": "bob" }),
    );
    roundtrip_request(
        Request::MuteParticipant {
            conversation_id: "demo".into(),
            user_id: "bob".into(),
            duration_ms: Some(60_000),
        },
        json!({
            "id": 4, "op": "muteParticipant", "conversationId": "demo", "userId": "bob",
            "durationMs": 60000
        }),
    );
    roundtrip_request(
        Request::MuteParticipant {
            conversation_id: "demo".into(),
            user_id: "bob".into(),
            duration_ms: None,
        },
        json!({ "id": 4, "op": "muteParticipant", "conversationId": "demo", "userId": "bob" }),
    );
    roundtrip_request(
        Request::UnmuteParticipant {
            conversation_id: "demo".into(),
            user_id: "bob".into(),
        },
        json!({ "id": 4, "op": "unmuteParticipant", "conversationId": "demo", "userId": "bob" }),
    );
    let op = |request: Request| request.op();
    assert_eq!(
        op(Request::UnmuteParticipant {
            conversation_id: "c".into(),
            user_id: "u".into()
        }),
        "unmuteParticipant"
    );
}

#[test]
fn a_negative_or_fractional_duration_does_not_parse() {
    for bad in [json!(-1), json!(1.5), json!("60000")] {
        let frame = json!({
            "id": 1, "op": "muteParticipant", "conversationId": "c", "userId": "u",
            "durationMs": bad
        });
        assert!(serde_json::from_value::<ClientFrame>(frame).is_err());
    }
}

#[test]
fn participants_show_their_mute() {
    let participant = Participant {
        user: User::named("bob", "Bob"),
        access: Access::ReadWrite,
        notify: Notify::default(),
        joined_at: 5,
        is_muted: true,
        muted_until: Some(1_763_790_000_000),
    };
    let value = serde_json::to_value(&participant).unwrap();
    assert_eq!(value["isMuted"], json!(true));
    assert_eq!(value["mutedUntil"], json!(1_763_790_000_000_i64));
    assert_eq!(
        serde_json::from_value::<Participant>(value).unwrap(),
        participant
    );

    // Muted until unmuted, and a participant from a server without moderation.
    let forever = Participant {
        muted_until: None,
        ..participant.clone()
    };
    assert_eq!(
        serde_json::to_value(&forever).unwrap()["mutedUntil"],
        Value::Null
    );
    let old: Participant = serde_json::from_value(json!({
        "user": { "id": "bob", "name": "Bob" }, "access": "Read", "notify": false, "joinedAt": 1
    }))
    .unwrap();
    assert!(!old.is_muted && old.muted_until.is_none());
}

#[test]
fn muted_is_a_stable_error_code() {
    assert_eq!(ErrorCode::Muted.as_str(), "MUTED");
    assert_eq!(
        serde_json::to_value(ErrorCode::Muted).unwrap(),
        json!("MUTED")
    );
    assert!(!ErrorCode::Muted.is_retryable());
    assert!(!ErrorCode::Muted.is_token_problem());
    let frame = ServerFrame::Error {
        id: Some(3),
        code: ErrorCode::Muted,
        message: "you are muted in this conversation until 2026-12-03 08:15:00 UTC".into(),
        retry_after_ms: None,
    };
    let value = serde_json::to_value(&frame).unwrap();
    assert_eq!(
        value,
        json!({
            "type": "error", "id": 3, "code": "MUTED",
            "message": "you are muted in this conversation until 2026-12-03 08:15:00 UTC"
        })
    );
}
