//! A database written before search existed (migrations 0001 to 0003) is indexed when it opens.

use super::old_schema::write_old_database;
use super::{Database, Store};

#[tokio::test]
async fn messages_and_subjects_from_before_search_are_found_after_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_old_database(
        dir.path(),
        3,
        &[
            "INSERT INTO users (id, name, created_at, updated_at) VALUES ('alice', 'Alice', 1, 1)",
            "INSERT INTO users (id, name, created_at, updated_at) VALUES ('bob', 'Bob', 1, 1)",
            "INSERT INTO conversations (id, subject, last_seq, created_at, updated_at, custom)
             VALUES ('c', 'Harbour plans', 2, 1, 1, '{\"search\":\"boats\"}')",
            "INSERT INTO conversations (id, subject, last_seq, created_at, updated_at)
             VALUES ('other', 'Harbour secrets', 0, 1, 1)",
            "INSERT INTO participants (conversation_id, user_id, access, created_at, updated_at)
             VALUES ('c', 'alice', 'ReadWrite', 1, 1)",
            "INSERT INTO participants (conversation_id, user_id, access, created_at, updated_at)
             VALUES ('other', 'bob', 'ReadWrite', 1, 1)",
            "INSERT INTO messages (id, conversation_id, seq, sender_id, plaintext, content, created_at)
             VALUES ('msg_1', 'c', 1, 'alice', 'Old café talk', '[]', 5)",
            "INSERT INTO messages (id, conversation_id, seq, sender_id, plaintext, content, created_at)
             VALUES ('msg_2', 'c', 2, 'alice', 'newer café news', '[]', 6)",
        ],
    )
    .await;

    let store = Store::open(&Database::File(path)).await.unwrap();
    let hits = store
        .search_messages("alice", "\"cafe\"*", None, None, 10)
        .await
        .unwrap();
    let ids: Vec<&str> = hits.iter().map(|h| h.record.message.id.as_str()).collect();
    assert_eq!(ids, ["msg_2", "msg_1"], "newest first");
    assert!(store
        .search_messages("bob", "\"cafe\"*", None, None, 10)
        .await
        .unwrap()
        .is_empty());

    let found = |user: &'static str, query: &'static str| {
        let store = store.clone();
        async move {
            let hits = store
                .search_conversations(user, query, None, 10)
                .await
                .unwrap();
            hits.into_iter()
                .map(|hit| hit.conversation_id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(found("alice", "\"harb\"*").await, ["c"]);
    assert_eq!(found("alice", "\"boats\"*").await, ["c"]);
    assert_eq!(found("bob", "\"harb\"*").await, ["other"]);

    // The conversation tokens the server writes are the ones the migration wrote.
    for id in ["c", "démo ☃", "a b\"c"] {
        let (hex,): (String,) = sqlx::query_as("SELECT hex(?)")
            .bind(id)
            .fetch_one(store.pool())
            .await
            .unwrap();
        assert_eq!(hex, super::search_index::conversation_token(id));
    }
    store.close().await;
}

/// A user in too many conversations to name them in the index query still sees only theirs.
#[tokio::test]
async fn a_user_in_many_conversations_sees_only_theirs() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&Database::File(dir.path().join("chat.db")))
        .await
        .unwrap();
    for user in ["busy", "other"] {
        store.ensure_user(user, user).await.unwrap();
    }
    let custom = chat_elements_protocol::Custom::new();
    let say = |conversation: String, sender: &'static str, text: &'static str| {
        let store = store.clone();
        let custom = custom.clone();
        async move {
            let parsed = crate::content::parse(text, &Default::default());
            let new = super::NewMessage {
                conversation_id: &conversation,
                sender_id: Some(sender),
                client_id: None,
                origin: chat_elements_protocol::Origin::Web,
                plaintext: &parsed.plaintext,
                content: &parsed.content,
                custom: &custom,
                referenced_message_id: None,
            };
            store.create_message(new, 1).await.unwrap();
        }
    };
    for i in 0..40 {
        let id = format!("c{i}");
        store.ensure_conversation(&id, "x").await.unwrap();
        store
            .ensure_participant(&id, "busy", chat_elements_protocol::Access::ReadWrite)
            .await
            .unwrap();
        say(id, "busy", "hello there").await;
    }
    store.ensure_conversation("private", "x").await.unwrap();
    store
        .ensure_participant(
            "private",
            "other",
            chat_elements_protocol::Access::ReadWrite,
        )
        .await
        .unwrap();
    say("private".into(), "other", "hello secret").await;

    let words = "\"hello\"*";
    let hits = store
        .search_messages("busy", words, None, None, 100)
        .await
        .unwrap();
    assert_eq!(hits.len(), 40);
    assert!(hits
        .iter()
        .all(|h| h.record.message.conversation_id != "private"));
    let other = store
        .search_messages("other", words, None, None, 100)
        .await
        .unwrap();
    assert_eq!(other.len(), 1);
    let scoped = store
        .search_messages("busy", words, Some("c7"), None, 100)
        .await
        .unwrap();
    assert_eq!(scoped.len(), 1);
    assert_eq!(scoped[0].record.message.conversation_id, "c7");
    store.close().await;
}
