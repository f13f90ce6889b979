//! File links in frames from the server are made absolute against the session's `serverUrl`,
//! so a page served from another origin can load them; text that only looks like a link is not
//! touched.

use chat_elements::wire::{self, Frame};
use chat_elements_protocol::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

use super::wire::to_js;

fn file_message(plaintext: &str) -> Message {
    let mut block = FileBlock::token("file_1.sig");
    block.url = Some("/v1/files/file_1/cat.png?expires=1&signature=abc".into());
    block.filename = Some("cat.png".into());
    block.subtype = Some(FileSubtype::Image);
    Message {
        id: "msg_1".into(),
        conversation_id: "demo".into(),
        seq: 1,
        kind: MessageType::UserMessage,
        sender: Some(User::named("alice", "Alice")),
        client_id: None,
        custom: Custom::new(),
        created_at: 1_795_324_888_123,
        edited_at: None,
        referenced_message: None,
        origin: Origin::Web,
        plaintext: plaintext.into(),
        content: vec![ContentBlock::File(block)],
        reactions: vec![],
    }
}

fn get(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        js_sys::Reflect::get(&v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    })
}

fn decoded_message(server_url: &str, plaintext: &str) -> JsValue {
    let frame = ServerFrame::Event {
        conversation_id: "demo".into(),
        seq: 1,
        event: Event::MessageCreated {
            message: file_message(plaintext),
        },
    };
    let text = js_sys::JSON::stringify(&to_js(&frame))
        .unwrap()
        .as_string()
        .unwrap();
    match wire::decode(&wire::absolute_file_urls(&text, server_url)) {
        Ok(Frame::Event { event, .. }) => get(&event, &["message"]),
        _ => panic!("expected an event frame"),
    }
}

#[wasm_bindgen_test]
fn relative_file_links_become_absolute_against_the_server_url() {
    let message = decoded_message("https://chat.example.com/base/", "a file");
    let block = js_sys::Reflect::get(&get(&message, &["content"]), &0.into()).unwrap();
    assert_eq!(
        get(&block, &["url"]).as_string().as_deref(),
        Some("https://chat.example.com/base/v1/files/file_1/cat.png?expires=1&signature=abc")
    );
    assert_eq!(
        get(&block, &["filename"]).as_string().as_deref(),
        Some("cat.png")
    );
}

#[wasm_bindgen_test]
fn text_that_looks_like_a_file_link_is_left_alone() {
    let typed = r#"see "url":"/v1/files/x" here"#;
    let message = decoded_message("https://chat.example.com", typed);
    assert_eq!(
        get(&message, &["plaintext"]).as_string().as_deref(),
        Some(typed)
    );
    let block = js_sys::Reflect::get(&get(&message, &["content"]), &0.into()).unwrap();
    assert!(get(&block, &["url"])
        .as_string()
        .is_some_and(|url| url.starts_with("https://chat.example.com/v1/files/")));
}

#[wasm_bindgen_test]
fn frames_without_file_links_are_not_copied() {
    let text = r#"{"type":"ok","id":1,"result":{"kind":"pong","serverTime":1}}"#;
    assert!(matches!(
        wire::absolute_file_urls(text, "https://chat.example.com"),
        std::borrow::Cow::Borrowed(_)
    ));
}
