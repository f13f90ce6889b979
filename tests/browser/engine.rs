//! The engine under the Data API: lazy connect, idle disconnect, calls, shared watches.

use std::rc::Rc;

use chat_elements::session::handle::Update;
use wasm_bindgen_test::*;

use super::engine_support::*;
use super::support::*;

#[wasm_bindgen_test]
async fn nothing_is_opened_before_the_first_use() {
    let (session, this) = talk("alice");
    let asked = need_token(&session, "alice", None);
    sleep(300).await.unwrap();
    assert_eq!(session.counters().0, 0, "no socket before the first call");
    assert!(!session.has_socket());
    assert_eq!(asked.get(), 0, "no token is asked for before it is needed");

    let result = session
        .call(obj(r#"{"op":"getUser","userId":"alice"}"#))
        .await
        .expect("getUser");
    assert_eq!(text(&result, &["kind"]), "user");
    assert_eq!(text(&result, &["user", "id"]), "alice");
    assert_eq!(session.counters().0, 1);
    assert_eq!(asked.get(), 1, "onNeedToken for the first request");
    assert_eq!(session.user_id().as_deref(), Some("alice"));
    assert_eq!(session.app_id(), "demo");
    destroy_talk(&this);
}

#[wasm_bindgen_test]
async fn an_idle_socket_closes_and_reopens_when_needed() {
    let (session, this) = talk("alice");
    let asked = need_token(&session, "alice", None);
    session.set_idle_timeout_ms(300);
    session
        .call(obj(r#"{"op":"getUser","userId":"bob"}"#))
        .await
        .expect("first call");
    assert!(session.has_socket());
    wait_until("the idle socket to close", 3_000, || !session.has_socket()).await;

    // A watch keeps the connection: no idle close while it lives.
    let (listener, seen) = recorder();
    let watch = session.watch(obj(r#"{"kind":"user","userId":"bob"}"#), listener);
    wait_until("the snapshot", 5_000, || !seen.borrow().is_empty()).await;
    assert_eq!(session.counters().0, 2, "reopened for the watch");
    sleep(800).await.unwrap();
    assert!(session.has_socket(), "a watched topic keeps the socket");
    drop(watch);
    wait_until("the socket to close after the watch", 3_000, || {
        !session.has_socket()
    })
    .await;

    let result = session
        .call(obj(r#"{"op":"getUser","userId":"alice"}"#))
        .await
        .expect("call after the idle close");
    assert_eq!(text(&result, &["user", "id"]), "alice");
    assert_eq!(session.counters().0, 3);
    assert_eq!(
        asked.get(),
        1,
        "the token is reused, not refetched, on reopen"
    );
    destroy_talk(&this);
}

#[wasm_bindgen_test]
async fn calls_resolve_with_results_and_reject_with_codes() {
    let (session, this) = talk_with_token("carol").await;
    let result = session
        .call(obj(r#"{"op":"getConversation","conversationId":"demo"}"#))
        .await
        .expect("getConversation");
    assert_eq!(text(&result, &["kind"]), "conversation");
    assert!(
        field(&result, &["conversation"]).is_null(),
        "null for a conversation the user is not in"
    );

    let name = unique("Caller");
    let result = session
        .call(obj(&format!(
            r#"{{"op":"setUser","userId":"carol","name":"{name}"}}"#
        )))
        .await
        .expect("setUser");
    assert_eq!(text(&result, &["kind"]), "done");

    let error = session
        .call(obj(r#"{"op":"setUser","userId":"bob","name":"Not Bob"}"#))
        .await
        .expect_err("setUser on someone else");
    assert_eq!(error.code(), "FORBIDDEN");
    let error = session
        .call(obj(r#"{"kind":"no op"}"#))
        .await
        .expect_err("a request without op");
    assert_eq!(error.code(), "INVALID_OPTIONS");

    restore_name(&session, "carol", "Carol").await;
    destroy_talk(&this);
    let error = session
        .call(obj(r#"{"op":"getUser","userId":"alice"}"#))
        .await
        .expect_err("after destroy");
    assert_eq!(error.code(), "DESTROYED");
    assert!(session.is_terminated());
}

#[wasm_bindgen_test]
async fn equal_topics_share_one_watch() {
    let (session, this) = talk_with_token("carol").await;
    let topic = r#"{"kind":"user","userId":"carol"}"#;
    let (first, first_seen) = recorder();
    let (second, second_seen) = recorder();
    let a = session.watch(obj(topic), first);
    let b = session.watch(obj(topic), second);
    wait_until("both snapshots", 5_000, || {
        !first_seen.borrow().is_empty() && !second_seen.borrow().is_empty()
    })
    .await;
    assert_eq!(
        session.counters().1,
        1,
        "one upstream watch for two listeners"
    );
    let snapshot = last_snapshot(&first_seen);
    assert_eq!(text(&snapshot, &["kind"]), "user");
    assert_eq!(text(&snapshot, &["user", "id"]), "carol");

    // A late listener gets the latest snapshot without a request.
    let (third, third_seen) = recorder();
    let c = session.watch(obj(topic), third);
    wait_until("the late snapshot", 2_000, || {
        !third_seen.borrow().is_empty()
    })
    .await;
    assert_eq!(session.counters().1, 1);

    // A change reaches every listener.
    let name = unique("Watcher");
    session
        .call(obj(&format!(
            r#"{{"op":"setUser","userId":"carol","name":"{name}"}}"#
        )))
        .await
        .unwrap();
    wait_until("the new name everywhere", 5_000, || {
        [&first_seen, &second_seen, &third_seen]
            .iter()
            .all(|seen| text(&last_snapshot(seen), &["user", "name"]) == name)
    })
    .await;

    // One listener moves to another topic: the next update is for that topic.
    drop(c);
    a.set_topic(obj(r#"{"kind":"user","userId":"bob"}"#));
    let before = first_seen.borrow().len();
    wait_until("bob's snapshot", 5_000, || {
        first_seen.borrow().len() > before
    })
    .await;
    assert_eq!(text(&last_snapshot(&first_seen), &["user", "id"]), "bob");
    assert_eq!(text(&last_snapshot(&second_seen), &["user", "id"]), "carol");

    drop(b);
    drop(a);
    restore_name(&session, "carol", "Carol").await;
    destroy_talk(&this);
}

#[wasm_bindgen_test]
async fn watches_are_renewed_after_a_reconnect_and_end_on_destroy() {
    let (session, this) = talk_with_token("alice").await;
    let (listener, seen) = recorder();
    let _watch = session.watch(obj(r#"{"kind":"user","userId":"bob"}"#), listener);
    wait_until("the snapshot", 5_000, || !seen.borrow().is_empty()).await;
    let watches = session.counters().1;
    session.drop_connection();
    wait_until("the watch to be renewed", 5_000, || {
        session.counters().1 == watches + 1 && session.has_socket()
    })
    .await;
    assert_eq!(session.counters().0, 2);

    let fatal = Rc::new(std::cell::Cell::new(0));
    let counter = fatal.clone();
    let _on_fatal = session.on_fatal(Rc::new(move |e| {
        assert_eq!(e.code(), "DESTROYED");
        counter.set(counter.get() + 1);
    }));
    destroy_talk(&this);
    assert_eq!(fatal.get(), 1);
    assert!(matches!(seen.borrow().last(), Some(Update::Error(e)) if e.code() == "DESTROYED"));
    // Listeners added afterwards hear the end at once.
    let late = Rc::new(std::cell::Cell::new(0));
    let counter = late.clone();
    let _late = session.on_fatal(Rc::new(move |_| counter.set(counter.get() + 1)));
    assert_eq!(late.get(), 1);
}
