//! The session: tokens, readiness, errors, reconnects, teardown.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use super::support::*;

#[wasm_bindgen_test]
async fn function_token_makes_the_session_ready() {
    let (token, calls) = token_function("alice", None);
    let s = session(token);
    next_event(&s, "ready", 10_000).await;
    assert_eq!(calls.get(), 1, "one token fetch for one connection");
    destroy(&s);
}

#[wasm_bindgen_test]
async fn string_token_makes_the_session_ready() {
    let token = fetch_token("bob", None).await;
    let s = session(token.into());
    next_event(&s, "ready", 10_000).await;
    destroy(&s);
}

#[wasm_bindgen_test]
async fn bad_string_token_emits_a_token_error() {
    let s = session("not-a-jwt".into());
    let ready = record(&s, "ready");
    let error = next_event(&s, "error", 10_000).await;
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "errors are Error objects"
    );
    assert_eq!(code_of(&error), "TOKEN_MALFORMED");
    sleep(300).await.unwrap();
    assert!(ready.borrow().is_empty());
    destroy(&s);
}

#[wasm_bindgen_test]
async fn refused_function_token_is_refreshed_a_bounded_number_of_times_then_reported() {
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let f = Closure::<dyn FnMut() -> JsValue>::new(move || {
        counter.set(counter.get() + 1);
        JsValue::from("still.not.valid")
    });
    let s = session(f.into_js_value());
    let error = next_event(&s, "error", 15_000).await;
    assert!(
        code_of(&error).starts_with("TOKEN_"),
        "got {}",
        code_of(&error)
    );
    sleep(1_500).await.unwrap();
    let attempts = chat_elements_core::token::MAX_AUTH_ATTEMPTS;
    assert_eq!(
        calls.get(),
        1 + attempts,
        "the first token and {attempts} refreshes after refusals, then no more"
    );
    destroy(&s);
}

#[wasm_bindgen_test]
async fn failing_token_function_reports_and_retries() {
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let f = Closure::<dyn FnMut() -> Promise>::new(move || {
        counter.set(counter.get() + 1);
        if counter.get() == 1 {
            Promise::reject(&js_sys::Error::new("token service down").into())
        } else {
            wasm_bindgen_futures::future_to_promise(async {
                Ok(JsValue::from(fetch_token("alice", None).await))
            })
        }
    });
    let s = session(f.into_js_value());
    let error = next_event(&s, "tokenRefreshError", 5_000).await;
    assert_eq!(code_of(&error), "NETWORK");
    let cause = Reflect::get(&error, &"cause".into()).unwrap();
    assert_eq!(
        Reflect::get(&cause, &"message".into()).unwrap(),
        "token service down"
    );
    next_event(&s, "ready", 10_000).await;
    assert_eq!(calls.get(), 2);
    destroy(&s);
}

#[wasm_bindgen_test]
async fn destroy_aborts_the_token_fetch() {
    let signal = Rc::new(RefCell::new(JsValue::UNDEFINED));
    let slot = signal.clone();
    let f = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |arg: JsValue| {
        *slot.borrow_mut() = Reflect::get(&arg, &"abortSignal".into()).unwrap();
        Promise::new(&mut |_, _| {}) // never settles
    });
    let s = session(f.into_js_value());
    wait_until("the token function to be called", 2_000, || {
        signal.borrow().is_object()
    })
    .await;
    assert_eq!(
        Reflect::get(&signal.borrow(), &"aborted".into()).unwrap(),
        false
    );
    destroy(&s);
    assert_eq!(
        Reflect::get(&signal.borrow(), &"aborted".into()).unwrap(),
        true
    );
}

#[wasm_bindgen_test]
async fn short_lived_token_is_refreshed_without_reconnecting() {
    let (token, calls) = token_function("alice", Some(5));
    let alice = session(token);
    let refreshed = record(&alice, "tokenRefreshed");
    let errors = record(&alice, "error");
    let (alice_el, alice_div) = mounted(&alice, "demo").await;
    let bob = session(fetch_token("bob", None).await.into());
    let (_, bob_div) = mounted(&bob, "demo").await;
    let sockets = chat_elements::sockets_opened();

    let token = next_event(&alice, "tokenRefreshed", 6_000).await;
    assert!(token.as_string().is_some_and(|t| t.split('.').count() == 3));
    // Well past the first token's expiry.
    sleep(4_000).await.unwrap();
    assert!(calls.get() >= 2);
    assert!(!refreshed.borrow().is_empty());

    // Still receiving on the same socket...
    let from_bob = unique("after refresh from bob");
    type_and_press_enter(&bob_div, &from_bob);
    wait_until("alice to receive bob's message", 5_000, || {
        rows_with_text(&alice_div, &from_bob).len() == 1
    })
    .await;
    // ...and sending with the new token.
    let from_alice = unique("after refresh from alice");
    type_and_press_enter(&alice_div, &from_alice);
    next_event(&alice_el, "messageSent", 5_000).await;
    assert_eq!(
        chat_elements::sockets_opened(),
        sockets,
        "no reconnect during the refreshes"
    );
    assert!(errors.borrow().is_empty(), "no session error");
    assert!(alice_div
        .query_selector(".ce-banner:not([hidden])")
        .unwrap()
        .is_none());
    destroy(&alice);
    destroy(&bob);
}

#[wasm_bindgen_test]
async fn listeners_can_be_removed_and_a_throwing_listener_is_contained() {
    let (token, _) = token_function("alice", None);
    let s = session(token);
    let removed = Rc::new(Cell::new(0));
    let counter = removed.clone();
    let listener =
        Closure::<dyn FnMut()>::new(move || counter.set(counter.get() + 1)).into_js_value();
    let this = call(&s, "on", &["ready".into(), listener.clone()]).unwrap();
    assert!(js_sys::Object::is(&this, &s), "on() returns the session");
    call(&s, "off", &["ready".into(), listener]).unwrap();
    let thrower =
        Closure::<dyn FnMut()>::new(|| wasm_bindgen::throw_str("listener failure")).into_js_value();
    call(&s, "on", &["ready".into(), thrower]).unwrap();
    next_event(&s, "ready", 10_000).await;
    assert_eq!(removed.get(), 0);
    // The session still works after a listener threw.
    let (_, div) = mounted(&s, "demo").await;
    assert!(div.query_selector(".ce-root").unwrap().is_some());
    destroy(&s);
}

#[wasm_bindgen_test]
async fn unreachable_server_shows_a_banner_and_queued_sends_go_out_after_recovery() {
    let token = fetch_token("alice", None).await;
    let s = chat_elements::create_chat_session(options(&[
        ("token", token.into()),
        ("serverUrl", "http://127.0.0.1:1".into()),
    ]))
    .unwrap();
    let ready = record(&s, "ready");
    let element = chat_element(&s, "demo");
    let div = container();
    call(&element, "mount", &[div.clone().into()]).unwrap();
    let text = unique("sent after recovery");
    type_and_press_enter(&div, &text);
    wait_until("the reconnect banner", 5_000, || {
        div.query_selector(".ce-banner[role=status]:not([hidden])")
            .unwrap()
            .is_some()
    })
    .await;
    let attempts = chat_elements::sockets_opened();
    wait_until("more reconnect attempts", 5_000, || {
        chat_elements::sockets_opened() >= attempts + 2
    })
    .await;
    let row = rows_with_text(&div, &text).remove(0);
    assert_eq!(row.get_attribute("data-status").as_deref(), Some("sending"));
    assert!(ready.borrow().is_empty());

    let updated = record(&s, "optionsUpdated");
    let sent = record(&element, "messageSent");
    call(
        &s,
        "updateOptions",
        &[options(&[("serverUrl", server().into())])],
    )
    .unwrap();
    assert_eq!(updated.borrow().len(), 1);
    assert_eq!(
        Reflect::get(&updated.borrow()[0], &"serverUrl".into()).unwrap(),
        server()
    );
    next_event(&element, "ready", 10_000).await;
    wait_until("the queued message to be sent", 10_000, || {
        row.get_attribute("data-status").as_deref() == Some("sent")
    })
    .await;
    assert_eq!(sent.borrow().len(), 1);
    assert_eq!(ready.borrow().len(), 1);
    assert!(div
        .query_selector(".ce-banner:not([hidden])")
        .unwrap()
        .is_none());
    assert_eq!(rows_with_text(&div, &text).len(), 1);
    destroy(&s);
}

#[wasm_bindgen_test]
async fn reconnect_resumes_the_subscription_without_duplicates() {
    let (token, calls) = token_function("alice", None);
    let alice = session(token);
    let ready = record(&alice, "ready");
    let (_, div) = mounted(&alice, "demo").await;
    let bob = session(fetch_token("bob", None).await.into());
    let (bob_el, bob_div) = mounted(&bob, "demo").await;
    let before = chat_elements::sockets_opened();

    // The same server under another name: the session drops its socket and opens a new one.
    let other_name = server().replace("127.0.0.1", "localhost");
    call(
        &alice,
        "updateOptions",
        &[options(&[("serverUrl", other_name.into())])],
    )
    .unwrap();
    let text = unique("sent during the reconnect");
    type_and_press_enter(&bob_div, &text);
    next_event(&bob_el, "messageSent", 10_000).await;
    wait_until("alice to catch up", 10_000, || {
        rows_with_text(&div, &text).len() == 1
    })
    .await;
    assert_eq!(chat_elements::sockets_opened(), before + 1);
    assert_eq!(
        calls.get(),
        1,
        "the token is reused, not refetched, on reconnect"
    );
    assert_eq!(ready.borrow().len(), 1, "ready only once");
    let all = texts(&div);
    let mut unique_texts = all.clone();
    unique_texts.sort();
    unique_texts.dedup();
    assert_eq!(unique_texts.len(), all.len(), "no message shown twice");
    destroy(&alice);
    destroy(&bob);
}

#[wasm_bindgen_test]
async fn unknown_element_type_throws() {
    let s = session(JsValue::NULL);
    for kind in [
        JsValue::from("no-such-element"),
        options(&[("type", "nope".into())]),
    ] {
        let error = call(
            &s,
            "createElement",
            &[kind, options(&[("channelId", "demo".into())])],
        )
        .unwrap_err();
        assert!(error.is_instance_of::<js_sys::Error>());
        assert_eq!(code_of(&error), "UNKNOWN_ELEMENT");
    }
    let error = call(&s, "createElement", &["chat-element".into(), options(&[])]).unwrap_err();
    assert_eq!(code_of(&error), "INVALID_OPTIONS");
    destroy(&s);
}

#[wasm_bindgen_test]
async fn destroy_unmounts_everything_and_is_idempotent() {
    let (token, _) = token_function("alice", None);
    let s = session(token);
    let (element, div) = mounted(&s, "demo").await;
    let other = chat_element(&s, "demo");
    let other_div = container();
    call(&other, "mount", &[other_div.clone().into()]).unwrap();
    // Every kind of element goes, the DMs list and the search element too.
    let mut others = vec![other_div.clone()];
    for kind in ["dms-list-element", "search-element"] {
        let element = call(&s, "createElement", &[kind.into(), options(&[])]).unwrap();
        let div = container();
        call(&element, "mount", &[div.clone().into()]).unwrap();
        assert!(div.query_selector(".ce-root").unwrap().is_some(), "{kind}");
        others.push(div);
    }
    assert!(div.query_selector(".ce-root").unwrap().is_some());
    destroy(&s);
    assert!(div.query_selector(".ce-root").unwrap().is_none());
    for other_div in &others {
        assert!(other_div.query_selector(".ce-root").unwrap().is_none());
    }
    destroy(&s);
    call(&element, "unmount", &[]).unwrap();
    let error = call(
        &s,
        "createElement",
        &[
            "chat-element".into(),
            options(&[("channelId", "demo".into())]),
        ],
    )
    .unwrap_err();
    assert_eq!(code_of(&error), "DESTROYED");
    let error = call(&element, "mount", &[div.into()]).unwrap_err();
    assert_eq!(code_of(&error), "DESTROYED");
}

/// `createChatSession` without a token (nothing is opened) against `server_url`: its error code,
/// or "" when it was created (and then destroyed).
fn insecure_code(server_url: &str, allow: Option<bool>) -> String {
    let mut entries = vec![("token", JsValue::NULL), ("serverUrl", server_url.into())];
    if let Some(allow) = allow {
        entries.push(("allowInsecureTransport", allow.into()));
    }
    match chat_elements::create_chat_session(options(&entries)) {
        Ok(session) => {
            destroy(&session);
            String::new()
        }
        Err(error) => code_of(&error),
    }
}

#[wasm_bindgen_test]
fn an_unencrypted_server_off_this_machine_is_refused_unless_allowed() {
    // Only addresses are checked here: no connection is opened (no token), so nothing leaves
    // this machine.
    for url in [
        "http://chat.example.com",
        "ws://chat.example.com:8080",
        "http://10.0.0.7",
    ] {
        assert_eq!(insecure_code(url, None), "INVALID_OPTIONS", "{url}");
        assert_eq!(insecure_code(url, Some(false)), "INVALID_OPTIONS", "{url}");
        assert_eq!(insecure_code(url, Some(true)), "", "{url}, allowed");
    }
    for url in [
        "https://chat.example.com",
        "wss://chat.example.com",
        "http://localhost:9",
        "http://app.localhost:9",
        "http://127.0.0.2:9",
        "http://[::1]:9",
    ] {
        assert_eq!(insecure_code(url, None), "", "{url}");
    }
    let error = chat_elements::create_chat_session(options(&[
        ("token", JsValue::NULL),
        ("serverUrl", "http://chat.example.com".into()),
    ]))
    .unwrap_err();
    let message = Reflect::get(&error, &"message".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(message.contains("allowInsecureTransport"), "{message}");
    // The option must be a boolean.
    let error = chat_elements::create_chat_session(options(&[
        ("token", JsValue::NULL),
        ("serverUrl", "https://chat.example.com".into()),
        ("allowInsecureTransport", "yes".into()),
    ]))
    .unwrap_err();
    assert_eq!(code_of(&error), "INVALID_OPTIONS");
    // updateOptions and getTalkSession check the same way.
    let s = chat_elements::create_chat_session(options(&[("token", JsValue::NULL)])).unwrap();
    let error = call(
        &s,
        "updateOptions",
        &[options(&[("serverUrl", "http://chat.example.com".into())])],
    )
    .unwrap_err();
    assert_eq!(code_of(&error), "INVALID_OPTIONS");
    destroy(&s);
    let talk = |user: &str, allow: bool| {
        chat_elements::get_talk_session(options(&[
            ("appId", "demo".into()),
            ("userId", user.into()),
            ("serverUrl", "http://chat.example.com".into()),
            ("allowInsecureTransport", allow.into()),
        ]))
    };
    assert_eq!(
        code_of(&talk("insecure-a", false).unwrap_err()),
        "INVALID_OPTIONS"
    );
    let allowed = talk("insecure-b", true).expect("allowed explicitly");
    call(&allowed, "destroy", &[]).unwrap();
}
