//! searchMessages over a real WebSocket: only the user's conversations, prefixes in any case
//! and accent, Unicode text, paging without duplicates, and an index that follows sends, edits
//! and deletes at once.

mod common;

use std::collections::HashSet;

use chat_elements_protocol::ErrorCode;
use common::TestServer;
use serde_json::json;

/// Carol's own conversation "secret", which alice and bob are not in.
async fn carol_secret(server: &TestServer) {
    let mut carol = server.client("carol").await;
    carol
        .write(json!({ "op": "createConversation", "conversationId": "secret" }))
        .await
        .unwrap();
    carol
        .say("secret", "rainbow plans nobody else may read")
        .await;
}

#[tokio::test]
async fn messages_in_other_peoples_conversations_never_appear() {
    let server = TestServer::start().await;
    carol_secret(&server).await;
    let mut alice = server.client("alice").await;
    alice.say("demo", "a rainbow over the demo").await;

    assert_eq!(alice.found("rainbow").await, ["a rainbow over the demo"]);
    assert_eq!(alice.found("nobody").await, Vec::<String>::new());
    let mut carol = server.client("carol").await;
    assert_eq!(
        carol.found("rainbow").await,
        ["rainbow plans nobody else may read"]
    );
    let probe = alice
        .search_messages("rainbow", None, None, Some("secret"))
        .await;
    assert_eq!(common::code(probe), ErrorCode::Forbidden);

    // Leaving a conversation takes its messages out of one's results.
    let mut bob = server.client("bob").await;
    bob.write(json!({ "op": "createConversation", "conversationId": "side" }))
        .await
        .unwrap();
    bob.write(json!({ "op": "createParticipant", "conversationId": "side", "userId": "alice" }))
        .await
        .unwrap();
    bob.say("side", "zebra crossing").await;
    assert_eq!(alice.found("zebra").await, ["zebra crossing"]);
    bob.write(json!({ "op": "deleteParticipant", "conversationId": "side", "userId": "alice" }))
        .await
        .unwrap();
    assert_eq!(alice.found("zebra").await, Vec::<String>::new());
}

#[tokio::test]
async fn every_word_matches_as_a_prefix_in_any_case() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let text = "I like to look at RAINBOWS";
    alice.say("demo", text).await;
    alice.say("demo", "something else entirely").await;
    for query in [
        "rainbows",
        "rain",
        "Rain",
        "look at",
        "(look, i *LIKE* rain)",
        "look look look!",
    ] {
        assert_eq!(alice.found(query).await, [text], "{query:?}");
    }
    for query in [
        "bows",
        "rain-bows",
        "look-rainbows",
        "I like to look at rainbows too",
    ] {
        assert!(alice.found(query).await.is_empty(), "{query:?}");
    }
    // Words joined by punctuation are a phrase: they must follow each other.
    assert_eq!(alice.found("look-at").await, [text]);
    assert!(alice.found("at-look").await.is_empty());
    // Query syntax is never interpreted: operators and quotes are just text.
    for query in [
        "rain OR else",
        "NEAR(rain else)",
        "\"rain",
        "body:rain",
        "rain*",
        "-else",
    ] {
        let found = alice.search_messages(query, None, None, None).await;
        assert!(found.is_ok(), "{query:?} must not fail: {found:?}");
    }
    assert!(alice.found("rain OR else").await.is_empty());
}

#[tokio::test]
async fn unicode_text_is_folded_and_never_breaks_a_search() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    alice.say("demo", "Café crème à Zürich").await;
    alice.say("demo", "你好 世界").await;
    alice.say("demo", "こんにちは世界").await;
    alice.say("demo", "party 🎉 time").await;
    for query in ["cafe", "CAFÉ", "creme", "zurich", "ZÜRICH", "café zür"] {
        assert_eq!(
            alice.found(query).await,
            ["Café crème à Zürich"],
            "{query:?}"
        );
    }
    assert_eq!(alice.found("世界").await, ["你好 世界"]);
    assert_eq!(alice.found("你好").await, ["你好 世界"]);
    assert_eq!(alice.found("こんにちは").await, ["こんにちは世界"]);
    assert_eq!(alice.found("party").await, ["party 🎉 time"]);
    // Words the tokenizer has no letters in (emoji, invisible characters, a script newer than
    // its tables, lone combining marks) find nothing, and never fail a search.
    for query in ["🎉", "\u{200b}", "𞤀𞤁", "\u{301}"] {
        assert!(alice.found(query).await.is_empty(), "{query:?}");
    }
    for query in [
        "🎉",
        "!!!",
        "\u{200b}",
        "ا",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "e\u{301}",
        "𞤀𞤁 party",
        "\u{301}",
    ] {
        let page = alice
            .search_messages(query, None, None, None)
            .await
            .unwrap();
        assert!(page.loaded_all, "{query:?}");
    }
}

#[tokio::test]
async fn pages_are_newest_first_without_duplicates() {
    let server = TestServer::start().await;
    let mut sent = Vec::new();
    for i in 0..25 {
        server
            .post_message("demo", "bob", &format!("page item {i}"))
            .await;
        sent.push(format!("page item {i}"));
    }
    server.post_message("demo", "bob", "unrelated").await;
    let mut alice = server.client("alice").await;

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = Vec::new();
    loop {
        let page = alice
            .search_messages("page", Some(10), cursor.as_deref(), None)
            .await
            .unwrap();
        pages.push(page.results.len());
        if cursor.is_none() {
            // Something sent after the search started is newer: later pages never show it.
            alice.say("demo", "page item late").await;
        }
        seen.extend(page.results.into_iter().map(|r| r.message));
        if page.loaded_all {
            assert_eq!(page.cursor, None);
            break;
        }
        cursor = Some(page.cursor.expect("a cursor while more remain"));
    }
    assert_eq!(pages, [10, 10, 5]);
    let texts: Vec<&str> = seen.iter().map(|m| m.plaintext.as_str()).collect();
    let expected: Vec<&str> = sent.iter().rev().map(String::as_str).collect();
    assert_eq!(texts, expected);
    let ids: HashSet<&str> = seen.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids.len(), 25);

    let bad = alice
        .search_messages("page", None, Some("garbage"), None)
        .await;
    assert_eq!(common::code(bad), ErrorCode::InvalidArgument);
    let zero = alice.search_messages("page", Some(0), None, None).await;
    assert_eq!(common::code(zero), ErrorCode::InvalidArgument);
    let big = alice
        .search_messages("page", Some(1000), None, None)
        .await
        .unwrap();
    assert_eq!(
        big.results.len(),
        26,
        "large limits are clamped, not refused"
    );
}

#[tokio::test]
async fn results_carry_their_conversation_and_the_viewers_view() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let sent = alice.say("demo", "lighthouse keeper").await;
    let mut bob = server.client("bob").await;
    let page = bob
        .search_messages("lighthouse", None, None, None)
        .await
        .unwrap();
    assert_eq!(page.results.len(), 1);
    let result = &page.results[0];
    assert_eq!(result.message.id, sent.id);
    assert_eq!(
        result.message.client_id, None,
        "bob does not see alice's client id"
    );
    assert_eq!(result.conversation.id, "demo");
    assert_eq!(result.conversation.subject.as_deref(), Some("Demo chat"));
    assert_eq!(
        result.conversation.unread_message_count, 1,
        "bob's own unread count"
    );
    let own = alice
        .search_messages("lighthouse", None, None, Some("demo"))
        .await
        .unwrap();
    assert!(own.results[0].message.client_id.is_some());
}

#[tokio::test]
async fn the_index_follows_sends_edits_and_deletes_at_once() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    let mut bob = server.client("bob").await;
    let message = alice.say("demo", "meet at the harbour").await;
    // No waiting: the send's reply means the index has it.
    assert_eq!(bob.found("harb").await, ["meet at the harbour"]);

    alice
        .edit_text("demo", &message.id, "meet at the *station*")
        .await
        .unwrap();
    assert!(
        bob.found("harbour").await.is_empty(),
        "the old text is gone"
    );
    assert_eq!(bob.found("station").await, ["meet at the station"]);
    let page = bob
        .search_messages("station", None, None, None)
        .await
        .unwrap();
    assert_eq!(page.results[0].message.id, message.id);

    alice.delete_message("demo", &message.id).await.unwrap();
    assert!(bob.found("station").await.is_empty());
    assert!(bob.found("meet").await.is_empty());
}

#[tokio::test]
async fn blank_and_overlong_queries_are_refused() {
    let server = TestServer::start().await;
    let mut alice = server.client("alice").await;
    for query in ["".to_owned(), "   ".to_owned(), "x".repeat(201)] {
        let result = alice.search_messages(&query, None, None, None).await;
        assert_eq!(
            common::code(result),
            ErrorCode::InvalidArgument,
            "{query:?}"
        );
        let result = alice.search_conversations(&query, None, None).await;
        assert_eq!(
            common::code(result),
            ErrorCode::InvalidArgument,
            "{query:?}"
        );
    }
}
