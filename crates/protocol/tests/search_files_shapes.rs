//! JSON shapes of search requests and replies, and of file content blocks.

use chat_elements_protocol::*;
use serde_json::{json, Value};

fn conversation() -> Conversation {
    Conversation {
        id: "c1".into(),
        subject: Some("Rainbows".into()),
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
        last_seq: 4,
    }
}

fn message(content: Vec<ContentBlock>) -> Message {
    Message {
        id: "msg_1".into(),
        conversation_id: "c1".into(),
        seq: 4,
        kind: MessageType::UserMessage,
        sender: Some(User::named("alice", "Alice")),
        client_id: None,
        custom: Custom::new(),
        created_at: 3,
        edited_at: None,
        referenced_message: None,
        origin: Origin::Web,
        plaintext: "look at rainbows".into(),
        content,
        reactions: Vec::new(),
    }
}

#[test]
fn search_requests_have_optional_paging_fields() {
    let frame: ClientFrame = serde_json::from_value(json!({
        "id": 5, "op": "searchMessages", "query": "rain", "limit": 3,
        "cursor": "abc", "conversationId": "c1"
    }))
    .unwrap();
    assert_eq!(
        frame.request,
        Request::SearchMessages {
            query: "rain".into(),
            limit: Some(3),
            cursor: Some("abc".into()),
            conversation_id: Some("c1".into()),
        }
    );
    assert_eq!(frame.request.op(), "searchMessages");

    let minimal = ClientFrame {
        id: 6,
        request: Request::SearchConversations {
            query: "kit".into(),
            limit: None,
            cursor: None,
        },
    };
    let value = serde_json::to_value(&minimal).unwrap();
    assert_eq!(
        value,
        json!({ "id": 6, "op": "searchConversations", "query": "kit" })
    );
    assert_eq!(
        serde_json::from_value::<ClientFrame>(value).unwrap(),
        minimal
    );

    let missing_query = json!({ "id": 7, "op": "searchMessages" });
    assert!(serde_json::from_value::<ClientFrame>(missing_query).is_err());
}

#[test]
fn message_results_carry_their_conversation() {
    let frame = ServerFrame::Ok {
        id: 5,
        result: Reply::MessageSearch(MessageSearchPage {
            results: vec![MessageSearchResult {
                conversation: conversation(),
                message: message(Vec::new()),
            }],
            cursor: Some("next".into()),
            loaded_all: false,
        }),
    };
    let value = serde_json::to_value(&frame).unwrap();
    let result = &value["result"];
    assert_eq!(result["kind"], json!("messageSearch"));
    assert_eq!(result["cursor"], json!("next"));
    assert_eq!(result["loadedAll"], json!(false));
    assert_eq!(
        result["results"][0]["conversation"]["subject"],
        json!("Rainbows")
    );
    assert_eq!(
        result["results"][0]["message"]["plaintext"],
        json!("look at rainbows")
    );
    assert_eq!(serde_json::from_value::<ServerFrame>(value).unwrap(), frame);
}

#[test]
fn conversation_results_end_with_a_null_cursor() {
    let frame = ServerFrame::Ok {
        id: 9,
        result: Reply::ConversationSearch(ConversationSearchPage {
            results: vec![conversation()],
            cursor: None,
            loaded_all: true,
        }),
    };
    let value = serde_json::to_value(&frame).unwrap();
    assert_eq!(value["result"]["kind"], json!("conversationSearch"));
    assert_eq!(value["result"]["cursor"], Value::Null);
    assert_eq!(value["result"]["loadedAll"], json!(true));
    assert_eq!(value["result"]["results"][0]["id"], json!("c1"));
    assert_eq!(serde_json::from_value::<ServerFrame>(value).unwrap(), frame);
}

#[test]
fn file_blocks_use_talkjs_shapes() {
    let image = ContentBlock::File(FileBlock {
        subtype: Some(FileSubtype::Image),
        file_token: "file_1.sig".into(),
        url: Some("/v1/files/file_1/cat.png?expires=9&signature=s".into()),
        size: Some(1234),
        filename: Some("cat.png".into()),
        content_type: Some("image/png".into()),
        width: Some(640),
        height: Some(480),
        duration: None,
    });
    let value = serde_json::to_value(&image).unwrap();
    assert_eq!(
        value,
        json!({ "type": "file", "subtype": "image", "fileToken": "file_1.sig",
                "url": "/v1/files/file_1/cat.png?expires=9&signature=s", "size": 1234,
                "filename": "cat.png", "contentType": "image/png", "width": 640, "height": 480 })
    );
    assert_eq!(
        serde_json::from_value::<ContentBlock>(value).unwrap(),
        image
    );

    let voice = ContentBlock::File(FileBlock {
        subtype: Some(FileSubtype::Voice),
        duration: Some(Seconds(2.5)),
        ..FileBlock::token("t")
    });
    let value = serde_json::to_value(&voice).unwrap();
    assert_eq!(value["subtype"], json!("voice"));
    assert_eq!(value["duration"], json!(2.5));
    assert_eq!(
        serde_json::from_value::<ContentBlock>(value).unwrap(),
        voice
    );

    // A generic file has no subtype at all, as in TalkJS.
    let generic = serde_json::to_value(ContentBlock::File(FileBlock::token("t"))).unwrap();
    assert_eq!(generic, json!({ "type": "file", "fileToken": "t" }));
}

#[test]
fn the_send_form_is_just_the_token() {
    let frame: ClientFrame = serde_json::from_value(json!({
        "id": 1, "op": "send", "conversationId": "c1", "clientId": "k1",
        "content": [
            { "type": "file", "fileToken": "tok" },
            { "type": "text", "children": ["see above"] }
        ]
    }))
    .unwrap();
    let Request::Send { content, .. } = frame.request else {
        panic!("wrong op")
    };
    let content = content.unwrap();
    assert_eq!(content[0], ContentBlock::File(FileBlock::token("tok")));
    assert!(matches!(content[1], ContentBlock::Text { .. }));

    // A block taken whole from a received message is accepted as a send block too.
    let resent: SendContentBlock = serde_json::from_value(json!({
        "type": "file", "subtype": "video", "fileToken": "tok", "url": "/x", "size": 3,
        "filename": "a.mp4", "duration": 1
    }))
    .unwrap();
    let ContentBlock::File(block) = resent else {
        panic!("expected a file block")
    };
    assert_eq!(block.file_token, "tok");
    assert_eq!(block.duration, Some(Seconds(1.0)));

    for bad in [
        json!({ "type": "file" }),
        json!({ "type": "file", "fileToken": "t", "subtype": "pdf" }),
        json!({ "type": "file", "fileToken": 5 }),
    ] {
        assert!(
            serde_json::from_value::<ContentBlock>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn messages_with_files_roundtrip_in_events() {
    let block = ContentBlock::File(FileBlock {
        subtype: Some(FileSubtype::Audio),
        size: Some(10),
        filename: Some("a.ogg".into()),
        url: Some("/v1/files/f/a.ogg".into()),
        duration: Some(Seconds(61.25)),
        ..FileBlock::token("f.sig")
    });
    let frame = ServerFrame::Event {
        conversation_id: "c1".into(),
        seq: 4,
        event: Event::MessageCreated {
            message: message(vec![block]),
        },
    };
    let value = serde_json::to_value(&frame).unwrap();
    assert_eq!(
        value["event"]["message"]["content"][0]["duration"],
        json!(61.25)
    );
    assert_eq!(serde_json::from_value::<ServerFrame>(value).unwrap(), frame);
}
