//! Every request the engine builds by hand (`src/wire.rs`) must equal the protocol crate's serde
//! encoding of the same request.

use chat_elements::wire;
use chat_elements_protocol::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::wire::{get, to_js};

#[wasm_bindgen_test]
fn encodes_every_engine_request_like_serde() {
    let topic = Topic::Conversations {
        filter: None,
        limit: 20,
    };
    let send_payload = js_sys::JSON::parse(
        r#"{"content":[{"type":"text","children":["hi"]}],"referencedMessageId":"msg_1","custom":{"k":"v"}}"#,
    )
    .unwrap();
    let cases: Vec<(JsValue, Request)> = vec![
        (
            wire::auth("t.o.k"),
            Request::Auth {
                token: "t.o.k".into(),
            },
        ),
        (wire::ping(), Request::Ping),
        (
            wire::send("demo", "c1", &wire::text_payload("hi \"there\"\n")),
            Request::Send {
                conversation_id: "demo".into(),
                client_id: "c1".into(),
                text: Some("hi \"there\"\n".into()),
                content: None,
                referenced_message_id: None,
                custom: None,
            },
        ),
        (
            wire::send("demo", "c2", &send_payload),
            Request::Send {
                conversation_id: "demo".into(),
                client_id: "c2".into(),
                text: None,
                content: Some(vec![ContentBlock::Text {
                    children: vec![TextNode::Plain("hi".into())],
                }]),
                referenced_message_id: Some("msg_1".into()),
                custom: Some([("k".to_owned(), "v".to_owned())].into_iter().collect()),
            },
        ),
        (
            wire::history("demo", Some(10), 30),
            Request::History {
                conversation_id: "demo".into(),
                before_seq: Some(10),
                limit: Some(30),
            },
        ),
        (
            wire::history("demo", None, 5),
            Request::History {
                conversation_id: "demo".into(),
                before_seq: None,
                limit: Some(5),
            },
        ),
        (
            wire::subscribe("demo", Some(0)),
            Request::Subscribe {
                conversation_id: "demo".into(),
                after_seq: Some(0),
            },
        ),
        (
            wire::subscribe("demo", None),
            Request::Subscribe {
                conversation_id: "demo".into(),
                after_seq: None,
            },
        ),
        (
            wire::unsubscribe("demo"),
            Request::Unsubscribe {
                conversation_id: "demo".into(),
            },
        ),
        (
            wire::watch("w1", &to_js(&topic)),
            Request::Watch {
                watch_id: "w1".into(),
                topic,
            },
        ),
        (
            wire::unwatch("w1"),
            Request::Unwatch {
                watch_id: "w1".into(),
            },
        ),
        (
            wire::typing("demo"),
            Request::Typing {
                conversation_id: "demo".into(),
            },
        ),
    ];
    for (i, (ours, request)) in cases.into_iter().enumerate() {
        let id = i as u64 + 1;
        let ours = js_sys::JSON::parse(&wire::encode(id, &ours).unwrap()).unwrap();
        let theirs = to_js(&ClientFrame { id, request });
        // Compare as text with sorted keys (key order is not part of JSON).
        assert_eq!(canonical(&ours), canonical(&theirs), "request {i}");
    }
}

/// JSON text with every object's keys sorted, at every depth.
fn canonical(value: &JsValue) -> String {
    let mut keys = Vec::new();
    collect_keys(value, &mut keys);
    keys.sort();
    keys.dedup();
    let list: js_sys::Array = keys.iter().map(|k| JsValue::from_str(k)).collect();
    js_sys::JSON::stringify_with_replacer(value, &list)
        .unwrap()
        .as_string()
        .unwrap()
}

fn collect_keys(value: &JsValue, out: &mut Vec<String>) {
    if js_sys::Array::is_array(value) {
        for item in js_sys::Array::from(value).iter() {
            collect_keys(&item, out);
        }
    } else if value.is_object() {
        let object: js_sys::Object = value.clone().into();
        for key in js_sys::Object::keys(&object).iter() {
            if let Some(k) = key.as_string() {
                collect_keys(&get(value, &k), out);
                out.push(k);
            }
        }
    }
}
