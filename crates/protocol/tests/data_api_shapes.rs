//! JSON shapes of the Data API frames: filters, topics, patches, typing and content.

use chat_elements_protocol::filter::{CustomCondition, Presence, StringFilter};
use chat_elements_protocol::*;
use serde_json::json;

#[test]
fn filters_parse_in_every_form_the_api_documents() {
    let simple: ConversationFilter =
        serde_json::from_value(json!({ "custom": { "category": ["==", "support"] } })).unwrap();
    let ConversationFilter::Simple(f) = simple else {
        panic!("expected a simple filter")
    };
    let custom = f.custom.unwrap();
    assert!(matches!(
        custom["category"],
        CustomCondition::Value(StringFilter::Compare(..))
    ));

    let any: ConversationFilter = serde_json::from_value(json!([
        "any",
        [{ "isUnread": true }, { "custom": { "vip": "exists" }, "lastActivityAt": [">", 5] }]
    ]))
    .unwrap();
    let ConversationFilter::Any(_, list) = any else {
        panic!("expected a compound filter")
    };
    assert_eq!(list.len(), 2);
    assert!(matches!(
        list[1].custom.as_ref().unwrap()["vip"],
        CustomCondition::Presence(Presence::Exists)
    ));

    let range: ConversationFilter = serde_json::from_value(
        json!({ "createdAt": ["!between", [1, 2]], "access": ["oneOf", ["Read"]] }),
    )
    .unwrap();
    assert!(matches!(range, ConversationFilter::Simple(_)));
}

#[test]
fn malformed_filters_are_refused() {
    for bad in [
        json!({ "colour": ["==", "red"] }),
        json!({ "lastActivityAt": ["~", 5] }),
        json!(["all", []]),
        json!({ "custom": { "k": "maybe" } }),
    ] {
        assert!(
            serde_json::from_value::<ConversationFilter>(bad.clone()).is_err(),
            "{bad} should not parse"
        );
    }
}

#[test]
fn patches_tell_absent_from_null() {
    let frame: ClientFrame = serde_json::from_value(json!({
        "id": 1, "op": "setConversation", "conversationId": "c", "subject": null,
        "custom": { "a": "1", "b": null }
    }))
    .unwrap();
    let Request::SetConversation { fields, .. } = frame.request else {
        panic!("wrong op")
    };
    assert_eq!(fields.subject, Some(None));
    assert_eq!(fields.photo_url, None);
    let custom = fields.custom.unwrap().unwrap();
    assert_eq!(custom["a"], Some("1".into()));
    assert_eq!(custom["b"], None);
}

#[test]
fn watch_frames_carry_topics_and_snapshots() {
    let frame: ClientFrame = serde_json::from_value(json!({
        "id": 2, "op": "watch", "watchId": "w1",
        "topic": { "kind": "conversations", "limit": 20, "filter": { "hasMessages": true } }
    }))
    .unwrap();
    assert!(matches!(frame.request, Request::Watch { .. }));

    let typing = ServerFrame::Snapshot {
        watch_id: "w2".into(),
        snapshot: TopicSnapshot::Typing {
            typing: Some(Typing::Few {
                many: FalseTag,
                users: vec![User::named("bob", "Bob")],
            }),
        },
    };
    let value = serde_json::to_value(&typing).unwrap();
    assert_eq!(value["snapshot"]["typing"]["many"], json!(false));
    assert_eq!(
        value["snapshot"]["typing"]["users"][0]["role"],
        json!("default")
    );
    assert_eq!(
        serde_json::from_value::<ServerFrame>(value).unwrap(),
        typing
    );

    let many: Typing = serde_json::from_value(json!({ "many": true })).unwrap();
    assert_eq!(many, Typing::Many { many: TrueTag });
}

#[test]
fn content_nodes_use_talkjs_shapes() {
    let block = ContentBlock::Text {
        children: vec![
            TextNode::Plain("hi ".into()),
            TextNode::Node(Node::Bold {
                children: vec![TextNode::Plain("you".into())],
            }),
            TextNode::Node(Node::AutoLink {
                url: "https://example.com".into(),
                text: "example.com".into(),
            }),
        ],
    };
    let value = serde_json::to_value(&block).unwrap();
    assert_eq!(
        value,
        json!({ "type": "text", "children": [
            "hi ",
            { "type": "bold", "children": ["you"] },
            { "type": "autoLink", "url": "https://example.com", "text": "example.com" }
        ]})
    );
    assert_eq!(
        serde_json::from_value::<ContentBlock>(value).unwrap(),
        block
    );
}
