//! searchConversations over a real WebSocket: subject and `custom.search`, only the user's
//! conversations, most recently active first, paged, and following subject changes at once.

mod common;

use std::collections::HashSet;

use chat_elements_protocol::ErrorCode;
use common::TestServer;
use serde_json::json;

#[tokio::test]
async fn subjects_and_custom_search_match_for_participants_only() {
    let server = TestServer::start().await;
    let mut carol = server.client("carol").await;
    carol
        .write(
            json!({ "op": "createConversation", "conversationId": "c-secret",
                       "subject": "Kitten adoption" }),
        )
        .await
        .unwrap();
    let mut alice = server.client("alice").await;
    alice
        .write(
            json!({ "op": "createConversation", "conversationId": "c-kittens",
                       "subject": "Kittens" , "custom": { "search": "where to buy food" } }),
        )
        .await
        .unwrap();
    alice
        .write(
            json!({ "op": "createConversation", "conversationId": "c-food",
                       "subject": "Kitten food" }),
        )
        .await
        .unwrap();

    let mut found = alice.found_conversations("kitten").await;
    found.sort();
    assert_eq!(found, ["c-food", "c-kittens"]);
    assert_eq!(alice.found_conversations("KITT food").await, ["c-food"]);
    assert_eq!(alice.found_conversations("buy").await, ["c-kittens"]);
    assert_eq!(alice.found_conversations("demo").await, ["demo"]);
    assert_eq!(carol.found_conversations("kitten").await, ["c-secret"]);
    assert!(alice.found_conversations("adoption").await.is_empty());

    // Subject changes are searchable as soon as they are done.
    alice
        .write(json!({ "op": "setConversation", "conversationId": "c-food",
                       "subject": "Puppy snacks" }))
        .await
        .unwrap();
    assert_eq!(alice.found_conversations("kitten").await, ["c-kittens"]);
    assert_eq!(alice.found_conversations("pup").await, ["c-food"]);
    alice
        .write(
            json!({ "op": "setConversation", "conversationId": "c-kittens",
                       "custom": { "search": null } }),
        )
        .await
        .unwrap();
    assert!(alice.found_conversations("buy").await.is_empty());
}

#[tokio::test]
async fn most_recently_active_first_in_pages() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    for i in 0..7 {
        alice
            .write(
                json!({ "op": "createConversation", "conversationId": format!("p{i}"),
                           "subject": format!("Project {i}") }),
            )
            .await
            .unwrap();
    }
    // p2 gets a message, so it is the most recently active.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    alice.say("p2", "bump").await;

    let first = alice
        .search_conversations("project", Some(3), None)
        .await
        .unwrap();
    assert_eq!(first.results[0].id, "p2");
    assert!(!first.loaded_all);
    let mut seen: Vec<String> = first.results.iter().map(|c| c.id.clone()).collect();
    let mut cursor = first.cursor;
    while let Some(next) = cursor {
        let page = alice
            .search_conversations("project", Some(3), Some(&next))
            .await
            .unwrap();
        seen.extend(page.results.iter().map(|c| c.id.clone()));
        assert_eq!(page.loaded_all, page.cursor.is_none());
        cursor = page.cursor;
    }
    assert_eq!(seen.len(), 7);
    assert_eq!(
        seen.iter().collect::<HashSet<_>>().len(),
        7,
        "no duplicates"
    );
    let activities: Vec<i64> = {
        let page = alice
            .search_conversations("project", Some(50), None)
            .await
            .unwrap();
        page.results.iter().map(|c| c.last_activity_at()).collect()
    };
    assert!(
        activities.windows(2).all(|w| w[0] >= w[1]),
        "{activities:?}"
    );

    let wrong = alice
        .search_conversations("project", None, Some("bTox"))
        .await;
    assert_eq!(common::code(wrong), ErrorCode::InvalidArgument);
}
