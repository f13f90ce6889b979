//! `src/wire.rs` reads frames through `JSON.parse` and keeps their payloads as JS objects (to
//! keep serde out of the bundle). These tests hold it to the protocol crate's serde shapes: every
//! frame the server can send, serialized by serde, must decode to the right envelope with the
//! payload intact, and the few fields the engine reads must come out as serde wrote them
//! (requests: `wire_requests.rs`).

use chat_elements::session::message::JsMessage;
use chat_elements::wire::{self, Frame};
use chat_elements_protocol::*;
use serde::Serialize;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    let js = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap();
    js_sys::JSON::parse(&js_sys::JSON::stringify(&js).unwrap().as_string().unwrap()).unwrap()
}

fn text_of<T: Serialize>(value: &T) -> String {
    js_sys::JSON::stringify(&to_js(value))
        .unwrap()
        .as_string()
        .unwrap()
}

fn message(seq: u64, client_id: Option<&str>, sender: Option<&str>) -> Message {
    Message {
        id: format!("msg_{seq}"),
        conversation_id: "demo".into(),
        seq,
        kind: if sender.is_some() {
            MessageType::UserMessage
        } else {
            MessageType::SystemMessage
        },
        sender: sender.map(|id| User::named(id, id.to_uppercase())),
        client_id: client_id.map(Into::into),
        custom: Custom::new(),
        created_at: 1_795_324_888_123,
        edited_at: None,
        referenced_message: None,
        origin: Origin::Web,
        plaintext: "multi\nline <b>text</b> \u{1F600}".into(),
        content: vec![ContentBlock::Text {
            children: vec![TextNode::Plain("multi".into())],
        }],
        reactions: vec![],
    }
}

fn conversation(access: Access, last_seq: u64) -> Conversation {
    Conversation {
        id: "demo".into(),
        subject: Some("Demo".into()),
        photo_url: None,
        welcome_messages: vec![],
        custom: Custom::new(),
        created_at: 1,
        joined_at: 2,
        last_message: Some(Box::new(message(last_seq, None, Some("bob")))),
        unread_message_count: 0,
        read_until: 0,
        everyone_read_until: 0,
        is_unread: false,
        access,
        notify: Notify::default(),
        last_seq,
    }
}

fn decode<T: Serialize>(frame: &T) -> Frame {
    let text = text_of(frame);
    wire::decode(&text).unwrap_or_else(|_| panic!("could not decode {text}"))
}

fn ok_result<T: Serialize>(frame: &T) -> JsValue {
    match decode(frame) {
        Frame::Ok { result, .. } => result,
        other => panic!("expected ok, got {other:?}"),
    }
}

fn same_json(a: &JsValue, b: &JsValue) -> bool {
    js_sys::JSON::stringify(a).unwrap() == js_sys::JSON::stringify(b).unwrap()
}

#[wasm_bindgen_test]
fn decodes_the_welcome() {
    let welcome = Welcome {
        app_id: "demo".into(),
        user: User::named("alice", "Alice"),
        server_time: 1_795_324_888_000,
        token_expires_at: 1_795_325_188_000,
        protocol_version: PROTOCOL_VERSION,
        limits: Limits::DEFAULT,
    };
    let frame = ServerFrame::Ok {
        id: 1,
        result: Reply::Welcome(welcome.clone()),
    };
    let result = ok_result(&frame);
    assert_eq!(wire::kind(&result), "welcome");
    let read = wire::welcome(&result).unwrap();
    assert_eq!(read.app_id, "demo");
    assert_eq!(read.user_id, "alice");
    assert_eq!(read.user_name, "Alice");
    assert_eq!(read.server_time, welcome.server_time);
    assert_eq!(read.token_expires_at, welcome.token_expires_at);
    assert_eq!(read.protocol_version, Some(u64::from(PROTOCOL_VERSION)));
    assert_eq!(read.limits, Limits::DEFAULT);
    assert_eq!(read.limits.max_upload_bytes, 25 * 1024 * 1024);
}

#[wasm_bindgen_test]
fn reads_messages_as_the_timeline_needs_them() {
    for (m, sender) in [
        (message(5, Some("c1"), Some("alice")), Some("alice")),
        (message(6, None, None), None),
    ] {
        let value = to_js(&m);
        let read = JsMessage::read(value.clone()).unwrap();
        assert_eq!(read.id, m.id);
        assert_eq!(read.seq, m.seq);
        assert_eq!(read.client_id, m.client_id);
        assert_eq!(read.sender_id.as_deref(), sender);
        assert_eq!(read.plaintext(), m.plaintext);
        assert_eq!(read.value, value, "the object itself is kept");
    }
    assert!(JsMessage::read(to_js(&message_without_seq())).is_none());
}

fn message_without_seq() -> std::collections::BTreeMap<&'static str, &'static str> {
    [("id", "m")].into_iter().collect()
}

#[wasm_bindgen_test]
fn decodes_replies_and_keeps_their_payloads() {
    let sent = ServerFrame::Ok {
        id: 3,
        result: Reply::Sent {
            message: message(5, Some("c1"), Some("alice")),
            duplicate: true,
        },
    };
    let result = ok_result(&sent);
    assert!(same_json(
        &result,
        &to_js(&Reply::Sent {
            message: message(5, Some("c1"), Some("alice")),
            duplicate: true
        })
    ));

    let history = ServerFrame::Ok {
        id: 4,
        result: Reply::History {
            messages: vec![message(1, None, Some("bob")), message(2, Some("c2"), None)],
            has_more: true,
        },
    };
    let result = ok_result(&history);
    assert_eq!(wire::array(&result, "messages").unwrap().length(), 2);

    for (access, replay, read_only) in [
        (Access::ReadWrite, ReplayStatus::Complete, false),
        (Access::Read, ReplayStatus::Truncated, true),
        (Access::ReadWrite, ReplayStatus::None, false),
    ] {
        let frame = ServerFrame::Ok {
            id: 6,
            result: Reply::Subscribed {
                conversation: conversation(access, 42),
                replay,
            },
        };
        assert_eq!(
            wire::subscribed(&ok_result(&frame)),
            Some((42, read_only, replay))
        );
    }

    let snapshot = TopicSnapshot::User {
        user: Some(User::named("bob", "Bob")),
    };
    let watching = ServerFrame::Ok {
        id: 7,
        result: Reply::Watching {
            watch_id: "w1".into(),
            snapshot: snapshot.clone(),
        },
    };
    let result = ok_result(&watching);
    assert_eq!(wire::kind(&result), "watching");
    assert!(same_json(&get(&result, "snapshot"), &to_js(&snapshot)));
    for reply in [Reply::Done, Reply::Unsubscribed, Reply::Unwatched] {
        let frame = ServerFrame::Ok {
            id: 8,
            result: reply.clone(),
        };
        assert!(same_json(&ok_result(&frame), &to_js(&reply)));
    }
}

pub fn get(v: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(v, &key.into()).unwrap()
}

#[wasm_bindgen_test]
fn decodes_errors_events_resyncs_and_snapshots() {
    let frame = ServerFrame::Error {
        id: Some(10),
        code: ErrorCode::RateLimited,
        message: "slow down".into(),
        retry_after_ms: Some(250),
    };
    assert_eq!(
        decode(&frame),
        Frame::Error {
            id: Some(10),
            code: ErrorCode::RateLimited,
            message: "slow down".into(),
            retry_after_ms: Some(250)
        }
    );
    let frame = ServerFrame::Error {
        id: None,
        code: ErrorCode::BadFrame,
        message: "not JSON".into(),
        retry_after_ms: None,
    };
    assert!(matches!(
        decode(&frame),
        Frame::Error {
            id: None,
            code: ErrorCode::BadFrame,
            ..
        }
    ));
    for event in [
        Event::MessageCreated {
            message: message(43, None, Some("bob")),
        },
        Event::MessageUpdated {
            message: message(40, None, Some("bob")),
        },
        Event::MessageDeleted {
            message_id: "msg_40".into(),
        },
        Event::ConversationUpdated,
        Event::ParticipantsChanged,
    ] {
        let frame = ServerFrame::Event {
            conversation_id: "demo".into(),
            seq: 44,
            event: event.clone(),
        };
        let Frame::Event {
            conversation_id,
            seq,
            event: raw,
        } = decode(&frame)
        else {
            panic!("expected an event");
        };
        assert_eq!((conversation_id.as_str(), seq), ("demo", 44));
        assert!(same_json(&raw, &to_js(&event)));
    }
    assert_eq!(
        decode(&ServerFrame::Resync {
            conversation_id: "demo".into()
        }),
        Frame::Resync {
            conversation_id: "demo".into()
        }
    );
    let snapshot = TopicSnapshot::Conversations {
        conversations: vec![conversation(Access::ReadWrite, 3)],
        loaded_all: true,
    };
    let Frame::Snapshot {
        watch_id,
        snapshot: raw,
    } = decode(&ServerFrame::Snapshot {
        watch_id: "w3".into(),
        snapshot: snapshot.clone(),
    })
    else {
        panic!("expected a snapshot");
    };
    assert_eq!(watch_id, "w3");
    assert!(same_json(&raw, &to_js(&snapshot)));
}

#[wasm_bindgen_test]
fn decodes_every_error_code() {
    // The protocol's one list of codes, each in the string form serde writes.
    for code in ErrorCode::ALL {
        let wire_form = to_js(&code).as_string().expect("a code is a string");
        assert_eq!(wire::error_code(&wire_form), code);
    }
    // A code from a newer server does not break decoding.
    assert_eq!(wire::error_code("SOMETHING_NEW"), ErrorCode::Internal);
}

#[wasm_bindgen_test]
fn rejects_what_is_not_a_frame() {
    assert!(wire::decode("not json").is_err());
    let raw = wire::decode(r#"{"type":"surprise","seq":3}"#).expect_err("an unknown type");
    assert_eq!(get(&raw, "seq"), JsValue::from(3));
    assert!(wire::decode(r#"{"type":"ok","id":-1,"result":{"kind":"unsubscribed"}}"#).is_err());
    assert!(wire::decode(r#"{"type":"ok","id":1.5,"result":{"kind":"unsubscribed"}}"#).is_err());
    assert!(wire::decode(r#"{"type":"ok","id":1,"result":null}"#).is_err());
    assert!(wire::decode(r#"{"type":"event","conversationId":"c","seq":1}"#).is_err());
    // An event of a kind this SDK does not know still decodes: it moves the cursor.
    assert!(wire::decode(
        r#"{"type":"event","conversationId":"c","seq":3,"event":{"kind":"new"}}"#
    )
    .is_ok());
}
