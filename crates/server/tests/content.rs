//! Message content over the WebSocket: typed text is parsed into blocks (mentions only for
//! participants, links only to http/https/mailto), client blocks are checked, and both give the
//! plain text.

mod common;

use chat_elements_protocol::{ContentBlock, ErrorCode, Node, TextNode};
use common::{code, send_content, TestServer};

fn text_block(children: Vec<TextNode>) -> Vec<ContentBlock> {
    vec![ContentBlock::Text { children }]
}

fn children(content: &[ContentBlock]) -> &[TextNode] {
    match content {
        [ContentBlock::Text { children }] => children,
        other => panic!("expected one text block, got {other:?}"),
    }
}

fn plain(text: &str) -> TextNode {
    TextNode::Plain(text.to_owned())
}

#[tokio::test]
async fn typed_text_is_parsed_into_content_for_everyone() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    bob.subscribe("demo", None).await.unwrap();

    let typed = "Hi @bob and @carol, *look*: https://example.com/x. [evil](javascript:alert(1))";
    let sent = alice.say("demo", typed).await;
    let expected = vec![
        plain("Hi "),
        TextNode::Node(Node::Mention {
            id: "bob".into(),
            text: "Bob".into(),
        }),
        // carol exists but is not a participant of "demo".
        plain(" and @carol, "),
        TextNode::Node(Node::Bold {
            children: vec![plain("look")],
        }),
        plain(": "),
        TextNode::Node(Node::AutoLink {
            url: "https://example.com/x".into(),
            text: "https://example.com/x".into(),
        }),
        plain(". [evil](javascript:alert(1))"),
    ];
    assert_eq!(children(&sent.content), expected.as_slice());
    assert_eq!(
        sent.plaintext,
        "Hi @Bob and @carol, look: https://example.com/x. [evil](javascript:alert(1))"
    );

    let (_, _, seen) = bob.next_event().await;
    assert_eq!(seen.content, sent.content);
    assert_eq!(seen.plaintext, sent.plaintext);
    let (history, _) = bob.history("demo", None, None).await.unwrap();
    assert_eq!(history[0].content, sent.content);
    server.stop().await;
}

#[tokio::test]
async fn client_content_blocks_are_accepted_when_valid() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let content = text_block(vec![
        plain("see "),
        TextNode::Node(Node::Link {
            url: "https://example.com".into(),
            children: vec![plain("the site")],
        }),
        TextNode::Node(Node::Mention {
            id: "bob".into(),
            text: "Bob".into(),
        }),
    ]);
    let (message, _) = alice
        .send_full(send_content("demo", "k1", content.clone()))
        .await
        .unwrap();
    assert_eq!(message.content, content);
    assert_eq!(message.plaintext, "see the site@Bob");
    let fetched = alice.get_message("demo", &message.id).await.unwrap();
    assert_eq!(fetched.unwrap().content, content);
    server.stop().await;
}

#[tokio::test]
async fn invalid_client_content_is_refused() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let link = |url: &str| {
        text_block(vec![TextNode::Node(Node::Link {
            url: url.into(),
            children: vec![plain("x")],
        })])
    };
    let mut deep = plain("x");
    for _ in 0..9 {
        deep = TextNode::Node(Node::Italic {
            children: vec![deep],
        });
    }
    let cases = [
        (link("javascript:alert(1)"), ErrorCode::InvalidArgument),
        (link("data:text/html,x"), ErrorCode::InvalidArgument),
        (text_block(vec![deep]), ErrorCode::InvalidArgument),
        (
            text_block(vec![TextNode::Node(Node::Mention {
                id: "carol".into(),
                text: "Carol".into(),
            })]),
            ErrorCode::InvalidArgument,
        ),
        (
            text_block(vec![TextNode::Node(Node::AutoLink {
                url: "https://evil.example".into(),
                text: "bank.example".into(),
            })]),
            ErrorCode::InvalidArgument,
        ),
        (text_block(vec![plain("   ")]), ErrorCode::InvalidArgument),
        (Vec::new(), ErrorCode::InvalidArgument),
        (
            text_block(vec![plain(&"y".repeat(4001))]),
            ErrorCode::MessageTooLong,
        ),
    ];
    for (i, (content, expected)) in cases.into_iter().enumerate() {
        let result = alice
            .send_full(send_content("demo", &format!("bad-{i}"), content))
            .await;
        assert_eq!(code(result), expected, "case {i}");
    }
    let (history, _) = alice.history("demo", None, None).await.unwrap();
    assert!(history.is_empty(), "nothing was stored: {history:?}");
    server.stop().await;
}

#[tokio::test]
async fn a_send_needs_exactly_one_of_text_and_content() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let both = serde_json::json!({
        "id": 90, "op": "send", "conversationId": "demo", "clientId": "k",
        "text": "hi", "content": [{ "type": "text", "children": ["hi"] }]
    });
    let neither = serde_json::json!({
        "id": 91, "op": "send", "conversationId": "demo", "clientId": "k"
    });
    for frame in [both, neither] {
        let id = frame["id"].as_u64().unwrap();
        alice.send_text(frame.to_string()).await;
        assert_eq!(
            code(alice.response(id).await),
            ErrorCode::InvalidArgument,
            "{frame}"
        );
    }
    server.stop().await;
}
