//! The wire format is the contract between SDK and server: these tests pin its JSON shape.

use chat_elements_protocol::*;
use serde_json::{json, Value};

fn roundtrip_server(frame: &ServerFrame, expected: Value) {
    let text = serde_json::to_string(frame).expect("serialize");
    let value: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value, expected, "wire shape of {frame:?}");
    let back: ServerFrame = serde_json::from_value(value).expect("deserialize");
    assert_eq!(&back, frame);
}

fn roundtrip_client(frame: &ClientFrame, expected: Value) {
    let value = serde_json::to_value(frame).expect("serialize");
    assert_eq!(value, expected, "wire shape of {frame:?}");
    let back: ClientFrame = serde_json::from_value(value).expect("deserialize");
    assert_eq!(&back, frame);
}

fn alice() -> User {
    User::named("alice", "Alice")
}

fn alice_json() -> Value {
    json!({"id": "alice", "name": "Alice", "custom": {}, "locale": null, "photoUrl": null,
           "role": "default", "welcomeMessage": null})
}

fn message() -> Message {
    Message {
        id: "msg_1".into(),
        conversation_id: "c1".into(),
        seq: 3,
        kind: MessageType::UserMessage,
        sender: Some(alice()),
        client_id: Some("k1".into()),
        custom: Custom::new(),
        created_at: 1_700_000_000_000,
        edited_at: None,
        referenced_message: None,
        origin: Origin::Web,
        plaintext: "hi".into(),
        content: vec![ContentBlock::Text {
            children: vec![TextNode::Plain("hi".into())],
        }],
        reactions: Vec::new(),
    }
}

fn message_json() -> Value {
    json!({
        "id": "msg_1", "conversationId": "c1", "seq": 3, "type": "UserMessage",
        "sender": alice_json(), "clientId": "k1", "custom": {},
        "createdAt": 1_700_000_000_000i64, "editedAt": null, "referencedMessage": null,
        "origin": "web", "plaintext": "hi",
        "content": [{"type": "text", "children": ["hi"]}], "reactions": []
    })
}

#[test]
fn client_requests_have_flat_op_shape() {
    roundtrip_client(
        &ClientFrame {
            id: 1,
            request: Request::Auth { token: "t".into() },
        },
        json!({"id": 1, "op": "auth", "token": "t"}),
    );
    roundtrip_client(
        &ClientFrame {
            id: 2,
            request: Request::Send {
                conversation_id: "c1".into(),
                client_id: "k1".into(),
                text: Some("hello".into()),
                content: None,
                referenced_message_id: None,
                custom: None,
            },
        },
        json!({"id": 2, "op": "send", "conversationId": "c1", "clientId": "k1", "text": "hello"}),
    );
    roundtrip_client(
        &ClientFrame {
            id: 3,
            request: Request::History {
                conversation_id: "c1".into(),
                before_seq: Some(10),
                limit: None,
            },
        },
        json!({"id": 3, "op": "history", "conversationId": "c1", "beforeSeq": 10}),
    );
    roundtrip_client(
        &ClientFrame {
            id: 4,
            request: Request::Subscribe {
                conversation_id: "c1".into(),
                after_seq: None,
            },
        },
        json!({"id": 4, "op": "subscribe", "conversationId": "c1"}),
    );
    roundtrip_client(
        &ClientFrame {
            id: 5,
            request: Request::Ping,
        },
        json!({"id": 5, "op": "ping"}),
    );
}

#[test]
fn unknown_op_does_not_parse() {
    let err = serde_json::from_value::<ClientFrame>(json!({"id": 1, "op": "explode"}));
    assert!(err.is_err());
}

#[test]
fn server_frames_have_documented_shape() {
    roundtrip_server(
        &ServerFrame::Ok {
            id: 2,
            result: Reply::Sent {
                message: message(),
                duplicate: false,
            },
        },
        json!({"type": "ok", "id": 2, "result": {"kind": "sent", "duplicate": false,
            "message": message_json()}}),
    );
    roundtrip_server(
        &ServerFrame::Error {
            id: Some(9),
            code: ErrorCode::RateLimited,
            message: "slow down".into(),
            retry_after_ms: Some(250),
        },
        json!({"type": "error", "id": 9, "code": "RATE_LIMITED", "message": "slow down", "retryAfterMs": 250}),
    );
    roundtrip_server(
        &ServerFrame::Event {
            conversation_id: "c1".into(),
            seq: 3,
            event: Event::MessageCreated { message: message() },
        },
        json!({"type": "event", "conversationId": "c1", "seq": 3,
            "event": {"kind": "messageCreated", "message": message_json()}}),
    );
    roundtrip_server(
        &ServerFrame::Ok {
            id: 4,
            result: Reply::Subscribed {
                conversation: Conversation {
                    id: "c1".into(),
                    subject: Some("Demo".into()),
                    photo_url: None,
                    welcome_messages: Vec::new(),
                    custom: Custom::new(),
                    created_at: 1,
                    joined_at: 2,
                    last_message: None,
                    unread_message_count: 0,
                    read_until: 0,
                    everyone_read_until: 0,
                    is_unread: false,
                    access: Access::ReadWrite,
                    notify: Notify::Flag(true),
                    last_seq: 3,
                },
                replay: ReplayStatus::Complete,
            },
        },
        json!({"type": "ok", "id": 4, "result": {"kind": "subscribed", "replay": "complete",
            "conversation": {"id": "c1", "subject": "Demo", "photoUrl": null,
                "welcomeMessages": [], "custom": {}, "createdAt": 1, "joinedAt": 2,
                "lastMessage": null, "unreadMessageCount": 0, "readUntil": 0,
                "everyoneReadUntil": 0, "isUnread": false, "access": "ReadWrite",
                "notify": true, "lastSeq": 3}}}),
    );
    roundtrip_server(
        &ServerFrame::Ok {
            id: 1,
            result: Reply::Welcome(Welcome {
                app_id: "app".into(),
                user: alice(),
                server_time: 5,
                token_expires_at: 6,
                protocol_version: PROTOCOL_VERSION,
                limits: Limits::DEFAULT,
            }),
        },
        json!({"type": "ok", "id": 1, "result": {"kind": "welcome", "appId": "app",
            "user": alice_json(), "serverTime": 5, "tokenExpiresAt": 6,
            "protocolVersion": 2, "limits": {"maxFrameBytes": 65536, "maxTextChars": 4000,
            "maxHistoryPage": 100, "requestsPerSecond": 20, "maxReactionsPerMessage": 50,
            "typingTtlMs": 10000, "maxWindow": 500, "maxUploadBytes": 26214400}}}),
    );
    roundtrip_server(
        &ServerFrame::Resync {
            conversation_id: "c1".into(),
        },
        json!({"type": "resync", "conversationId": "c1"}),
    );
}

#[test]
fn error_code_strings_match_serde() {
    for code in [
        ErrorCode::AuthRequired,
        ErrorCode::TokenExpired,
        ErrorCode::TokenBadSignature,
        ErrorCode::UnknownOp,
        ErrorCode::Forbidden,
        ErrorCode::Unavailable,
    ] {
        assert_eq!(serde_json::to_value(code).unwrap(), json!(code.as_str()));
    }
    assert!(ErrorCode::TokenExpired.is_token_problem());
    assert!(!ErrorCode::Forbidden.is_token_problem());
    assert!(ErrorCode::RateLimited.is_retryable());
}
