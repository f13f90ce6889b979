//! `src/wire.rs` reads and writes the protocol's JSON by hand (to keep serde's deserializer out
//! of the bundle). These tests hold it to the protocol crate's serde shapes: every frame the
//! server can send, serialized by serde, must decode to the same value; every request encoded
//! by hand must equal serde's encoding.

use chat_elements::wire;
use chat_elements_protocol::*;
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn serde_json_text<T: Serialize>(value: &T) -> String {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    js_sys::JSON::stringify(&js).unwrap().as_string().unwrap()
}

fn user(id: &str, photo: Option<&str>) -> User {
    User {
        id: id.into(),
        name: id.to_uppercase(),
        photo_url: photo.map(Into::into),
    }
}

fn message(seq: u64, client_id: Option<&str>) -> Message {
    Message {
        id: format!("msg_{seq}"),
        conversation_id: "demo".into(),
        seq,
        sender: user("alice", Some("https://example.test/a.png")),
        client_id: client_id.map(Into::into),
        text: "multi\nline <b>text</b> \u{1F600}".into(),
        created_at: 1_795_324_888_123,
    }
}

fn server_frames() -> Vec<ServerFrame> {
    let conversation = |access, subject: Option<&str>| Conversation {
        id: "demo".into(),
        subject: subject.map(Into::into),
        last_seq: 42,
        access,
    };
    vec![
        ServerFrame::Ok {
            id: 1,
            result: Reply::Welcome(Welcome {
                app_id: "demo".into(),
                user: user("alice", None),
                server_time: 1_795_324_888_000,
                token_expires_at: 1_795_325_188_000,
                protocol_version: PROTOCOL_VERSION,
                limits: Limits::DEFAULT,
            }),
        },
        ServerFrame::Ok {
            id: 2,
            result: Reply::Pong { server_time: 7 },
        },
        ServerFrame::Ok {
            id: 3,
            result: Reply::Sent {
                message: message(5, Some("c1")),
                duplicate: true,
            },
        },
        ServerFrame::Ok {
            id: 4,
            result: Reply::History {
                messages: vec![message(1, None), message(2, Some("c2"))],
                has_more: true,
            },
        },
        ServerFrame::Ok {
            id: 5,
            result: Reply::History {
                messages: vec![],
                has_more: false,
            },
        },
        ServerFrame::Ok {
            id: 6,
            result: Reply::Subscribed {
                conversation: conversation(Access::ReadWrite, Some("Demo chat")),
                replay: ReplayStatus::Complete,
            },
        },
        ServerFrame::Ok {
            id: 7,
            result: Reply::Subscribed {
                conversation: conversation(Access::Read, None),
                replay: ReplayStatus::Truncated,
            },
        },
        ServerFrame::Ok {
            id: 8,
            result: Reply::Subscribed {
                conversation: conversation(Access::ReadWrite, None),
                replay: ReplayStatus::None,
            },
        },
        ServerFrame::Ok {
            id: 9,
            result: Reply::Unsubscribed,
        },
        ServerFrame::Error {
            id: Some(10),
            code: ErrorCode::RateLimited,
            message: "slow down".into(),
            retry_after_ms: Some(250),
        },
        ServerFrame::Error {
            id: None,
            code: ErrorCode::BadFrame,
            message: "not JSON".into(),
            retry_after_ms: None,
        },
        ServerFrame::Event {
            conversation_id: "demo".into(),
            seq: 43,
            event: Event::MessageCreated {
                message: message(43, None),
            },
        },
        ServerFrame::Resync {
            conversation_id: "demo".into(),
        },
    ]
}

#[wasm_bindgen_test]
fn decodes_every_server_frame_like_serde() {
    for frame in server_frames() {
        let text = serde_json_text(&frame);
        let decoded = wire::decode(&text).unwrap_or_else(|_| panic!("could not decode {text}"));
        assert_eq!(decoded, frame, "from {text}");
    }
}

#[wasm_bindgen_test]
fn decodes_every_error_code() {
    let codes = [
        "AUTH_REQUIRED",
        "TOKEN_MALFORMED",
        "TOKEN_BAD_SIGNATURE",
        "TOKEN_ALGORITHM",
        "TOKEN_EXPIRED",
        "TOKEN_WRONG_APP",
        "TOKEN_NO_SUBJECT",
        "TOKEN_WRONG_USER",
        "UNAUTHORIZED",
        "BAD_FRAME",
        "UNKNOWN_OP",
        "INVALID_ARGUMENT",
        "TOO_LARGE",
        "MESSAGE_TOO_LONG",
        "RATE_LIMITED",
        "NOT_FOUND",
        "FORBIDDEN",
        "INTERNAL",
        "UNAVAILABLE",
    ];
    for code in codes {
        assert_eq!(wire::error_code(code).as_str(), code);
    }
    // A code from a newer server does not break decoding.
    assert_eq!(wire::error_code("SOMETHING_NEW"), ErrorCode::Internal);
}

#[wasm_bindgen_test]
fn rejects_what_is_not_a_frame() {
    assert!(wire::decode("not json").is_err());
    let unknown = wire::decode(
        r#"{"type":"event","conversationId":"c","seq":3,"event":{"kind":"reactionAdded"}}"#,
    );
    let raw = unknown.expect_err("an unknown event kind is not decoded");
    assert_eq!(
        js_sys::Reflect::get(&raw, &"seq".into()).unwrap(),
        JsValue::from(3)
    );
    assert!(wire::decode(r#"{"type":"ok","id":-1,"result":{"kind":"unsubscribed"}}"#).is_err());
    assert!(wire::decode(r#"{"type":"ok","id":1.5,"result":{"kind":"unsubscribed"}}"#).is_err());
    assert!(wire::decode(
        r#"{"type":"event","conversationId":"c","seq":1,"event":{"kind":"messageCreated","message":{"id":"m"}}}"#
    )
    .is_err());
}

#[wasm_bindgen_test]
fn encodes_every_request_like_serde() {
    let requests = vec![
        Request::Auth {
            token: "t.o.k".into(),
        },
        Request::Ping,
        Request::Send {
            conversation_id: "demo".into(),
            client_id: "c1".into(),
            text: "hi \"there\"\n".into(),
        },
        Request::History {
            conversation_id: "demo".into(),
            before_seq: Some(10),
            limit: Some(30),
        },
        Request::History {
            conversation_id: "demo".into(),
            before_seq: None,
            limit: None,
        },
        Request::Subscribe {
            conversation_id: "demo".into(),
            after_seq: Some(0),
        },
        Request::Subscribe {
            conversation_id: "demo".into(),
            after_seq: None,
        },
        Request::Unsubscribe {
            conversation_id: "demo".into(),
        },
    ];
    for (i, request) in requests.into_iter().enumerate() {
        let frame = ClientFrame {
            id: i as u64 + 1,
            request,
        };
        let ours = js_sys::JSON::parse(&wire::encode(&frame).unwrap()).unwrap();
        let theirs = js_sys::JSON::parse(&serde_json_text(&frame)).unwrap();
        // Compare as text with sorted keys (key order is not part of JSON).
        assert_eq!(canonical(&ours), canonical(&theirs), "request {i}");
    }
}

fn canonical(value: &JsValue) -> String {
    let keys = js_sys::Object::keys(&value.clone().into());
    keys.sort();
    js_sys::JSON::stringify_with_replacer(value, &keys)
        .unwrap()
        .as_string()
        .unwrap()
}
