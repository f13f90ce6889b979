//! A database written before the Data API (migration 0001 only) opens with its messages intact.

use super::old_schema::write_old_database;
use super::{Database, ReactionChange, ReactionOutcome, Store};
use chat_elements_protocol::{ContentBlock, MessageType, Origin, TextNode};

#[tokio::test]
async fn messages_from_before_the_data_api_survive_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_old_database(
        dir.path(),
        1,
        &[
            "INSERT INTO users VALUES ('alice', 'Alice', NULL, 1, 1)",
            "INSERT INTO conversations VALUES ('c', 'Old chat', 1, 1, 1)",
            "INSERT INTO participants VALUES ('c', 'alice', 'ReadWrite', 1, 1)",
            "INSERT INTO messages VALUES ('msg_old', 'c', 1, 'alice', 'k1', 'hello *old*', 5)",
        ],
    )
    .await;

    let store = Store::open(&Database::File(path)).await.unwrap();
    let page = store.history("c", None, 10).await.unwrap();
    let message = &page.messages[0].message;
    assert_eq!(message.id, "msg_old");
    assert_eq!(message.kind, MessageType::UserMessage);
    assert_eq!(message.origin, Origin::Web);
    assert_eq!(message.sender.as_ref().unwrap().name, "Alice");
    assert_eq!(message.client_id.as_deref(), Some("k1"));
    assert_eq!(message.plaintext, "hello *old*");
    assert_eq!(
        message.content,
        [ContentBlock::Text {
            children: vec![TextNode::Plain("hello *old*".into())]
        }]
    );
    assert!(message.custom.is_empty() && message.edited_at.is_none());

    let change = ReactionChange {
        conversation_id: "c",
        message_id: "msg_old",
        user_id: "alice",
        emoji: "👍",
    };
    let outcome = store.add_reaction(change, 50, 10).await.unwrap();
    match outcome {
        ReactionOutcome::Changed(event) => assert_eq!(event.seq, 2),
        other => panic!("expected a change, got {other:?}"),
    }
    store.close().await;
}
