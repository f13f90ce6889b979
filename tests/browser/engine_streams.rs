//! The engine's message streams, sends and token handling.

use std::cell::Cell;
use std::rc::Rc;

use chat_elements::session::handle::Update;
use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use super::engine_support::*;
use super::support::*;

#[wasm_bindgen_test]
async fn a_stream_resumes_after_a_dropped_socket_without_gaps_or_duplicates() {
    let (alice, alice_this) = talk_with_token("alice").await;
    let (bob, bob_this) = talk_with_token("bob").await;
    send_texts(&bob, "before", 10).await;
    let (listener, seen) = recorder();
    let _stream = alice.messages("demo", listener);
    wait_until("the first messages", 5_000, || {
        last_messages(&seen).is_some()
    })
    .await;
    let (first, _) = last_messages(&seen).unwrap();
    assert_eq!(first.len(), 10, "the window starts with the 10 newest");

    let sockets = alice.counters().0;
    alice.drop_connection();
    let sent = send_texts(&bob, "while alice is away", 3).await;
    assert_eq!(
        alice.counters().0,
        sockets,
        "bob's messages went out while alice was disconnected"
    );
    wait_until("alice to catch up", 10_000, || {
        last_messages(&seen).is_some_and(|(ids, _)| ids.first() == sent.last())
    })
    .await;
    let (ids, loaded_all) = last_messages(&seen).unwrap();
    assert!(!loaded_all);
    assert_eq!(
        ids.len(),
        13,
        "the window keeps its 10 and gains the new ones"
    );
    assert_eq!(ids[..3], [&sent[2], &sent[1], &sent[0]].map(String::clone));
    assert_eq!(
        ids,
        server_newest(&bob, 13).await,
        "no gap: the server's newest 13"
    );
    for update in seen.borrow().iter() {
        if let Update::Messages { messages, .. } = update {
            let mut ids: Vec<String> = messages.iter().map(|m| text(&m, &["id"])).collect();
            let count = ids.len();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len(), count, "no message twice in one update");
        }
    }
    destroy_talk(&alice_this);
    destroy_talk(&bob_this);
}

#[wasm_bindgen_test]
async fn load_more_grows_the_window_and_parallel_calls_collapse() {
    let (alice, this) = talk_with_token("alice").await;
    // More than the first page (30), so that growing the window fetches an older page.
    send_texts(&alice, "filler", 36).await;
    let (listener, seen) = recorder();
    let stream = alice.messages("demo", listener);
    wait_until("the first messages", 5_000, || {
        last_messages(&seen).is_some()
    })
    .await;
    // The first call needs an older page; the second, made before the first finished, is
    // relative to the 10 shown (20) and is served by the first: 35 in all, not 45.
    let (one, two) = futures_join(stream.load_more(25), stream.load_more(10)).await;
    one.expect("first load_more");
    two.expect("second load_more");
    wait_until("the grown window", 5_000, || {
        last_messages(&seen).is_some_and(|(ids, _)| ids.len() == 35)
    })
    .await;
    let (ids, loaded_all) = last_messages(&seen).unwrap();
    assert!(!loaded_all);
    assert_eq!(ids, server_newest(&alice, 35).await);
    destroy_talk(&this);
}

/// Awaits two futures together.
async fn futures_join<A, B>(
    a: impl std::future::Future<Output = A>,
    b: impl std::future::Future<Output = B>,
) -> (A, B) {
    let a = Box::pin(a);
    let b = Box::pin(b);
    let mut a = Some(a);
    let mut b = Some(b);
    let mut out_a = None;
    let mut out_b = None;
    std::future::poll_fn(move |cx| {
        use std::task::Poll;
        if let Some(f) = a.as_mut() {
            if let Poll::Ready(v) = f.as_mut().poll(cx) {
                out_a = Some(v);
                a = None;
            }
        }
        if let Some(f) = b.as_mut() {
            if let Poll::Ready(v) = f.as_mut().poll(cx) {
                out_b = Some(v);
                b = None;
            }
        }
        if a.is_none() && b.is_none() {
            Poll::Ready((out_a.take().unwrap(), out_b.take().unwrap()))
        } else {
            Poll::Pending
        }
    })
    .await
}

#[wasm_bindgen_test]
async fn a_send_resolves_with_the_message_and_a_stranger_sees_null() {
    let (alice, this) = talk_with_token("alice").await;
    let (listener, seen) = recorder();
    let _stream = alice.messages("demo", listener);
    let payload = obj(r#"{"text":"*bold* hello"}"#);
    let message = alice.send("demo", payload).await.expect("send");
    assert_eq!(text(&message, &["plaintext"]), "bold hello");
    assert!(!text(&message, &["clientId"]).is_empty());
    let id = text(&message, &["id"]);
    wait_until("the stream to show it", 5_000, || {
        last_messages(&seen).is_some_and(|(ids, _)| ids.first() == Some(&id))
    })
    .await;

    let (carol, carol_this) = talk_with_token("carol").await;
    let (listener, carol_seen) = recorder();
    let _stream = carol.messages("demo", listener);
    wait_until("null for a stranger", 5_000, || {
        matches!(carol_seen.borrow().last(), Some(Update::Null))
    })
    .await;
    let error = carol
        .send("demo", obj(r#"{"text":"let me in"}"#))
        .await
        .expect_err("a stranger cannot send");
    assert_eq!(error.code(), "FORBIDDEN");
    destroy_talk(&carol_this);
    destroy_talk(&this);
}

#[wasm_bindgen_test]
async fn a_refused_token_is_refreshed_but_a_reconnect_is_not() {
    let (session, this) = talk("alice");
    session.set_token("not-a-jwt".into());
    let asked = need_token(&session, "alice", None);
    let result = session
        .call(obj(r#"{"op":"getUser","userId":"alice"}"#))
        .await
        .expect("the call goes through after the refresh");
    assert_eq!(text(&result, &["kind"]), "user");
    assert_eq!(asked.get(), 1, "one refresh after one refusal");

    session.drop_connection();
    let result = session
        .call(obj(r#"{"op":"getUser","userId":"bob"}"#))
        .await
        .expect("a call after the reconnect");
    assert_eq!(text(&result, &["user", "id"]), "bob");
    assert_eq!(asked.get(), 1, "no refresh on a plain reconnect");
    destroy_talk(&this);
}

#[wasm_bindgen_test]
async fn a_token_that_keeps_being_refused_terminates_the_session() {
    let (session, this) = talk("alice");
    let errors = record(&this, "tokenRefreshError");
    let asked = Rc::new(Cell::new(0));
    let counter = asked.clone();
    let target = session.clone();
    let f = Closure::<dyn FnMut()>::new(move || {
        counter.set(counter.get() + 1);
        target.set_token("still.not.valid".into());
    });
    session.set_on_need_token(Some(f.into_js_value().unchecked_into::<Function>()));
    let fatal = Rc::new(Cell::new(0));
    let counter = fatal.clone();
    let _on_fatal = session.on_fatal(Rc::new(move |_| counter.set(counter.get() + 1)));
    let error = session
        .call(obj(r#"{"op":"getUser","userId":"alice"}"#))
        .await
        .expect_err("the session gives up");
    assert!(error.code().starts_with("TOKEN_"), "got {}", error.code());
    let bound = 1 + chat_elements_core::token::MAX_AUTH_ATTEMPTS;
    assert_eq!(asked.get(), bound, "a bounded number of refreshes");
    assert_eq!(fatal.get(), 1);
    assert!(session.is_terminated());
    assert_eq!(errors.borrow().len(), 1);
    sleep(1_000).await.unwrap();
    assert_eq!(asked.get(), bound, "nothing more after giving up");
    destroy_talk(&this);
}

#[wasm_bindgen_test]
async fn a_token_is_renewed_before_expiry_on_the_same_socket() {
    let (session, this) = talk("alice");
    let asked = need_token(&session, "alice", Some(5));
    let (listener, seen) = recorder();
    let _watch = session.watch(obj(r#"{"kind":"user","userId":"alice"}"#), listener);
    wait_until("the snapshot", 5_000, || !seen.borrow().is_empty()).await;
    wait_until("a refresh before expiry", 6_000, || asked.get() >= 2).await;
    sleep(4_000).await.unwrap(); // past the first token's expiry
    let result = session
        .call(obj(r#"{"op":"getUser","userId":"bob"}"#))
        .await
        .expect("a call with the renewed token");
    assert_eq!(text(&result, &["kind"]), "user");
    assert_eq!(session.counters().0, 1, "renewed in-band, no reconnect");
    assert!(!session.is_terminated());
    destroy_talk(&this);
}
