//! The flow of the TalkSession examples over a real socket: a user created, watched and renamed;
//! a conversation created and given a subject; conversation lists with the documented filters,
//! in order, growing by window and updating live when a message arrives.

mod common;

use std::path::Path;

use chat_elements_server::ids::now_ms;
use common::watch::{conversation_of, ids_of, list_of, user_of};
use common::TestServer;
use serde_json::json;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// Moves `user`'s join time in `conversation` (straight in the database, before any watch).
async fn set_joined_at(data_dir: &Path, conversation: &str, user: &str, joined_at: i64) {
    let url = format!("sqlite://{}", data_dir.join("chat.db").display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    let updated = sqlx::query(
        "UPDATE participants SET joined_at = ? WHERE conversation_id = ? AND user_id = ?",
    )
    .bind(joined_at)
    .bind(conversation)
    .bind(user)
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(updated.rows_affected(), 1);
    pool.close().await;
}

#[tokio::test]
async fn a_user_is_created_watched_and_renamed() {
    let server = TestServer::start().await;
    let mut session = server.client("test").await;
    // `createIfNotExists`: the token already created "test", so nothing changes.
    session
        .write(json!({ "op": "createUser", "userId": "test", "name": "Alice" }))
        .await
        .unwrap();
    let first = session
        .watch("u", json!({ "kind": "user", "userId": "test" }))
        .await
        .unwrap();
    assert_eq!(user_of(&first).unwrap().name, "test");
    session
        .write(json!({ "op": "setUser", "userId": "test", "name": "Bob" }))
        .await
        .unwrap();
    assert_eq!(
        user_of(&session.next_snapshot("u").await).unwrap().name,
        "Bob"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_conversation_is_created_then_given_a_subject() {
    let server = TestServer::start().await;
    let mut session = server.client("test").await;
    let topic = json!({ "kind": "conversation", "conversationId": "test" });
    let before = session.watch("c", topic).await.unwrap();
    assert_eq!(conversation_of(&before), None);
    session
        .write(json!({ "op": "createConversation", "conversationId": "test" }))
        .await
        .unwrap();
    let created = session.next_snapshot("c").await;
    assert_eq!(conversation_of(&created).unwrap().subject, None);
    session
        .write(
            json!({ "op": "setConversation", "conversationId": "test", "subject": "Power tools" }),
        )
        .await
        .unwrap();
    let named = session.next_snapshot("c").await;
    let conversation = conversation_of(&named).unwrap();
    assert_eq!(conversation.subject.as_deref(), Some("Power tools"));
    assert_eq!(conversation.last_seq, 1);
    session
        .write(json!({ "op": "setConversation", "conversationId": "test", "notify": false }))
        .await
        .unwrap();
    let quiet = session.next_snapshot("c").await;
    assert_eq!(
        conversation_of(&quiet).unwrap().notify,
        chat_elements_protocol::Notify::Flag(false)
    );
    server.stop().await;
}

#[tokio::test]
async fn conversation_lists_filter_order_grow_and_update_live() {
    let server = TestServer::start().await;
    let mut session = server.client("test").await;
    let empty = session
        .watch("all", json!({ "kind": "conversations", "limit": 20 }))
        .await
        .unwrap();
    assert_eq!(list_of(&empty), (&[][..], true));
    session.unwatch("all").await;

    let now = now_ms();
    for (id, category, age) in [
        ("old", Some("support"), 30 * DAY_MS),
        ("quiet", None, 3 * DAY_MS),
        ("sales", Some("sales"), 2 * DAY_MS),
        ("support", Some("support"), DAY_MS),
    ] {
        let mut create = json!({ "op": "createConversation", "conversationId": id });
        if let Some(category) = category {
            create["custom"] = json!({ "category": category });
        }
        session.write(create).await.unwrap();
        set_joined_at(&server.data_dir, id, "test", now - age).await;
    }

    let all = session
        .watch("all", json!({ "kind": "conversations", "limit": 2 }))
        .await
        .unwrap();
    assert_eq!(
        (ids_of(&all), list_of(&all).1),
        (vec!["support", "sales"], false)
    );
    // loadMore: the same watch with a larger window.
    let all = session
        .watch("all", json!({ "kind": "conversations", "limit": 20 }))
        .await
        .unwrap();
    assert_eq!(ids_of(&all), ["support", "sales", "quiet", "old"]);
    assert!(list_of(&all).1, "loadedAll");

    let support_filter = json!({ "custom": { "category": ["==", "support"] } });
    let support = session
        .watch(
            "support",
            json!({ "kind": "conversations", "limit": 20, "filter": support_filter }),
        )
        .await
        .unwrap();
    assert_eq!(ids_of(&support), ["support", "old"]);
    let seven_days_ago = now - 7 * DAY_MS;
    let recent_filter = json!({ "lastActivityAt": [">", seven_days_ago] });
    let recent = session
        .watch(
            "recent",
            json!({ "kind": "conversations", "limit": 20, "filter": recent_filter }),
        )
        .await
        .unwrap();
    assert_eq!(ids_of(&recent), ["support", "sales", "quiet"]);

    // Alice joins the old conversation and writes in it: it becomes the most recent everywhere.
    session
        .write(json!({ "op": "createParticipant", "conversationId": "old", "userId": "alice" }))
        .await
        .unwrap();
    let mut alice = server.client("alice").await;
    alice
        .send("old", "a1", "Is this still open?")
        .await
        .unwrap();
    let arrived = |s: &chat_elements_protocol::TopicSnapshot| {
        list_of(s)
            .0
            .first()
            .is_some_and(|c| c.last_message.is_some())
    };
    let all = session.snapshot_until("all", arrived).await;
    assert_eq!(ids_of(&all), ["old", "support", "sales", "quiet"]);
    let old = &list_of(&all).0[0];
    assert_eq!(
        old.last_message.as_ref().unwrap().plaintext,
        "Is this still open?"
    );
    assert_eq!((old.unread_message_count, old.is_unread), (1, true));
    let support = session.snapshot_until("support", arrived).await;
    assert_eq!(ids_of(&support), ["old", "support"]);
    let recent = session.snapshot_until("recent", arrived).await;
    assert_eq!(ids_of(&recent), ["old", "support", "sales", "quiet"]);

    // Reading it updates the lists too.
    session
        .write(json!({ "op": "markRead", "conversationId": "old" }))
        .await
        .unwrap();
    let read = session
        .snapshot_until("all", |s| !list_of(s).0[0].is_unread)
        .await;
    assert_eq!(list_of(&read).0[0].unread_message_count, 0);
    server.stop().await;
}

#[tokio::test]
async fn ties_in_activity_are_ordered_by_id_and_leaving_removes_from_the_list() {
    let server = TestServer::start().await;
    let mut session = server.client("test").await;
    let at = now_ms() - DAY_MS;
    for id in ["b", "c", "a"] {
        session
            .write(json!({ "op": "createConversation", "conversationId": id }))
            .await
            .unwrap();
        set_joined_at(&server.data_dir, id, "test", at).await;
    }
    let list = session
        .watch("l", json!({ "kind": "conversations", "limit": 10 }))
        .await
        .unwrap();
    assert_eq!(ids_of(&list), ["a", "b", "c"]);
    session
        .write(json!({ "op": "deleteParticipant", "conversationId": "b", "userId": "test" }))
        .await
        .unwrap();
    assert_eq!(ids_of(&session.next_snapshot("l").await), ["a", "c"]);
    // Joining a new one puts it first (joined now).
    session
        .write(json!({ "op": "createConversation", "conversationId": "z" }))
        .await
        .unwrap();
    assert_eq!(ids_of(&session.next_snapshot("l").await), ["z", "a", "c"]);
    server.stop().await;
}
