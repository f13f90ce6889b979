//! Data API subscriptions against the real server: state, connected/terminated, unsubscribe,
//! loadMore collapsing, the conversation filter, and onError on a fatal error.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use super::data_api::{fresh_id, m, ok, prop, refused, talk, text};
use super::support::*;

/// The `(snapshot, loadedAll)` of every call.
type Calls = Rc<RefCell<Vec<(JsValue, JsValue)>>>;

/// A callback recording its calls.
fn recorder() -> (JsValue, Calls) {
    let calls = Rc::new(RefCell::new(Vec::new()));
    let sink = calls.clone();
    let f = Closure::<dyn FnMut(JsValue, JsValue)>::new(move |snapshot, loaded_all| {
        sink.borrow_mut().push((snapshot, loaded_all))
    });
    (f.into_js_value(), calls)
}

fn kind(subscription: &JsValue) -> String {
    text(&prop(subscription, "state"), "type").unwrap_or_default()
}

fn length(list: &JsValue) -> u32 {
    Array::from(list).length()
}

/// Requests in a row, paced below the server's rate limit.
async fn paced(promise: JsValue) {
    ok(promise).await;
    sleep(60).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_subscription_goes_pending_active_unsubscribed() {
    let alice = talk("alice");
    let me = prop(&alice, "currentUser");
    let holder: Rc<RefCell<JsValue>> = Rc::new(RefCell::new(JsValue::UNDEFINED));
    let seen = Rc::new(RefCell::new(Vec::new()));
    let (sub_ref, sink) = (holder.clone(), seen.clone());
    let callback = Closure::<dyn FnMut(JsValue)>::new(move |snapshot: JsValue| {
        // The state is updated before the callback runs.
        let state = prop(&sub_ref.borrow(), "state");
        sink.borrow_mut()
            .push((snapshot, prop(&state, "latestSnapshot")));
    });
    let sub = m(&me, "subscribe", &[callback.into_js_value()]);
    *holder.borrow_mut() = sub.clone();
    assert_eq!(kind(&sub), "pending");

    let active = ok(prop(&sub, "connected")).await;
    assert_eq!(text(&active, "type").as_deref(), Some("active"));
    assert!(Object::is(&active, &prop(&sub, "state")));
    assert_eq!(
        text(&prop(&active, "latestSnapshot"), "id").as_deref(),
        Some("alice")
    );
    {
        let seen = seen.borrow();
        assert_eq!(seen.len(), 1);
        assert!(Object::is(&seen[0].0, &seen[0].1), "state before callback");
    }

    let mark = fresh_id("live");
    let custom = options(&[("mark", mark.as_str().into())]);
    ok(m(&me, "set", &[options(&[("custom", custom)])])).await;
    wait_until("the new snapshot", 5_000, || {
        seen.borrow()
            .last()
            .and_then(|(snapshot, _)| text(&prop(snapshot, "custom"), "mark"))
            == Some(mark.clone())
    })
    .await;

    m(&sub, "unsubscribe", &[]);
    m(&sub, "unsubscribe", &[]);
    assert_eq!(kind(&sub), "unsubscribed");
    let end = ok(prop(&sub, "terminated")).await;
    assert_eq!(text(&end, "type").as_deref(), Some("unsubscribed"));
    let calls = seen.borrow().len();
    let custom = options(&[("mark", fresh_id("after").into())]);
    ok(m(&me, "set", &[options(&[("custom", custom)])])).await;
    sleep(500).await.unwrap();
    assert_eq!(seen.borrow().len(), calls, "no callback after unsubscribe");
}

#[wasm_bindgen_test]
async fn connected_rejects_when_unsubscribed_first_and_null_means_not_a_participant() {
    let alice = talk("alice");
    let conv = m(&alice, "conversation", &[fresh_id("nobody").into()]);
    let early = m(&conv, "subscribe", &[]);
    m(&early, "unsubscribe", &[]);
    assert_eq!(refused(prop(&early, "connected")).await, "DESTROYED");
    assert_eq!(
        text(&ok(prop(&early, "terminated")).await, "type").as_deref(),
        Some("unsubscribed")
    );

    let single = m(&conv, "subscribe", &[]);
    let (callback, calls) = recorder();
    let messages = m(&conv, "subscribeMessages", &[callback]);
    assert!(prop(&ok(prop(&single, "connected")).await, "latestSnapshot").is_null());
    let state = ok(prop(&messages, "connected")).await;
    assert!(prop(&state, "latestSnapshot").is_null());
    assert_eq!(calls.borrow().len(), 1);
    assert!(calls.borrow()[0].0.is_null());
    m(&single, "unsubscribe", &[]);
    m(&messages, "unsubscribe", &[]);
}

#[wasm_bindgen_test]
async fn participants_load_more_collapses_parallel_calls() {
    let alice = talk("alice");
    let conv = m(&alice, "conversation", &[fresh_id("crowd").into()]);
    paced(m(&conv, "createIfNotExists", &[])).await;
    for i in 0..13 {
        let id = fresh_id(&format!("member{i}"));
        let user = m(&alice, "user", &[id.as_str().into()]);
        paced(m(
            &user,
            "createIfNotExists",
            &[options(&[("name", id.as_str().into())])],
        ))
        .await;
        paced(m(
            &m(&conv, "participant", &[user]),
            "createIfNotExists",
            &[],
        ))
        .await;
    }
    let (callback, calls) = recorder();
    let sub = m(&conv, "subscribeParticipants", &[callback]);
    let state = ok(prop(&sub, "connected")).await;
    assert_eq!(length(&prop(&state, "latestSnapshot")), 10);
    assert_eq!(prop(&state, "loadedAll").as_bool(), Some(false));
    assert_eq!(
        calls.borrow()[0].1.as_bool(),
        Some(false),
        "onSnapshot(snapshot, loadedAll)"
    );

    // loadMore(1) then loadMore(2) before the first finished: 2 more, not 3.
    let first = m(&sub, "loadMore", &[1.into()]);
    let second = m(&sub, "loadMore", &[2.into()]);
    ok(first).await;
    ok(second).await;
    let state = prop(&sub, "state");
    assert_eq!(length(&prop(&state, "latestSnapshot")), 12);
    assert_eq!(prop(&state, "loadedAll").as_bool(), Some(false));

    ok(m(&sub, "loadMore", &[])).await;
    let state = prop(&sub, "state");
    assert_eq!(length(&prop(&state, "latestSnapshot")), 14);
    assert_eq!(prop(&state, "loadedAll").as_bool(), Some(true));
    let (last, loaded_all) = calls.borrow().last().cloned().unwrap();
    assert_eq!(length(&last), 14);
    assert_eq!(loaded_all.as_bool(), Some(true));
    assert_eq!(
        refused(m(&sub, "loadMore", &[0.into()])).await,
        "INVALID_ARGUMENT"
    );
    m(&sub, "unsubscribe", &[]);
    assert_eq!(refused(m(&sub, "loadMore", &[])).await, "DESTROYED");
}

#[wasm_bindgen_test]
async fn messages_window_grows_with_load_more() {
    let alice = talk("alice");
    let conv = m(&alice, "conversation", &[fresh_id("history").into()]);
    paced(m(&conv, "createIfNotExists", &[])).await;
    for i in 0..13 {
        paced(m(&conv, "send", &[format!("m{i}").into()])).await;
    }
    let sub = m(&conv, "subscribeMessages", &[]);
    let state = ok(prop(&sub, "connected")).await;
    let list = prop(&state, "latestSnapshot");
    assert_eq!(length(&list), 10);
    assert_eq!(
        text(&Array::from(&list).get(0), "plaintext").as_deref(),
        Some("m12")
    );
    assert_eq!(prop(&state, "loadedAll").as_bool(), Some(false));

    let first = m(&sub, "loadMore", &[1.into()]);
    let second = m(&sub, "loadMore", &[2.into()]);
    ok(first).await;
    ok(second).await;
    assert_eq!(length(&prop(&prop(&sub, "state"), "latestSnapshot")), 12);
    ok(m(&sub, "loadMore", &[])).await;
    let state = prop(&sub, "state");
    assert_eq!(length(&prop(&state, "latestSnapshot")), 13);
    assert_eq!(prop(&state, "loadedAll").as_bool(), Some(true));
    m(&sub, "unsubscribe", &[]);
}

#[wasm_bindgen_test]
async fn conversation_list_takes_a_filter_in_either_argument_order() {
    let alice = talk("alice");
    let run = fresh_id("run");
    let mut ids = Vec::new();
    for i in 0..3 {
        let id = fresh_id(&format!("listed{i}"));
        let conv = m(&alice, "conversation", &[id.as_str().into()]);
        let custom = options(&[("run", run.as_str().into())]);
        paced(m(&conv, "set", &[options(&[("custom", custom)])])).await;
        ids.insert(0, id);
    }
    let filter = || {
        let condition = Array::of2(&"==".into(), &run.as_str().into());
        let custom = options(&[("run", condition.into())]);
        options(&[("filter", options(&[("custom", custom)]))])
    };
    let (callback, calls) = recorder();
    let subs = [
        m(
            &alice,
            "subscribeConversations",
            &[filter(), callback.clone()],
        ),
        m(&alice, "subscribeConversations", &[callback, filter()]),
        m(&alice, "subscribeConversations", &[filter()]),
    ];
    for sub in &subs {
        let state = ok(prop(sub, "connected")).await;
        let listed: Vec<String> = Array::from(&prop(&state, "latestSnapshot"))
            .iter()
            .filter_map(|c| text(&c, "id"))
            .collect();
        assert_eq!(listed, ids, "most recently active first");
        assert_eq!(prop(&state, "loadedAll").as_bool(), Some(true));
        m(sub, "unsubscribe", &[]);
    }
    assert!(calls.borrow().len() >= 2, "both callbacks were called");

    let bad = options(&[("filter", options(&[("nope", 1.into())]))]);
    let sub = m(&alice, "subscribeConversations", &[bad]);
    assert_eq!(refused(prop(&sub, "connected")).await, "INVALID_ARGUMENT");
    let end = ok(prop(&sub, "terminated")).await;
    assert_eq!(text(&end, "type").as_deref(), Some("error"));
    assert_eq!(code_of(&prop(&end, "error")), "INVALID_ARGUMENT");
    assert_eq!(kind(&sub), "error");
}

#[wasm_bindgen_test]
async fn on_error_reports_a_fatal_error_once_and_the_session_is_replaced() {
    let user = fresh_id("fatal");
    let open = || {
        chat_elements::get_talk_session(options(&[
            ("appId", "demo".into()),
            ("userId", user.as_str().into()),
            ("serverUrl", server().into()),
        ]))
        .unwrap()
    };
    let session = open();
    let errors = Rc::new(RefCell::new(Vec::new()));
    let sink = errors.clone();
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |e| sink.borrow_mut().push(e));
    m(&session, "onError", &[handler.into_js_value()]);
    let detached = Rc::new(RefCell::new(0));
    let counter = detached.clone();
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |_| *counter.borrow_mut() += 1);
    m(
        &m(&session, "onError", &[handler.into_js_value()]),
        "unsubscribe",
        &[],
    );
    assert_eq!(
        code_of(&call(&session, "onError", &["no".into()]).unwrap_err()),
        "INVALID_ARGUMENT"
    );

    m(&session, "setToken", &["not-a-jwt".into()]);
    let sub = m(
        &m(&session, "user", &[user.as_str().into()]),
        "subscribe",
        &[],
    );
    let code = refused(m(&prop(&session, "currentUser"), "get", &[])).await;
    assert!(code.starts_with("TOKEN_"), "got {code}");
    let end = ok(prop(&sub, "terminated")).await;
    assert_eq!(text(&end, "type").as_deref(), Some("error"));
    // Generous: on a busy machine the termination can come after the refused call settles.
    wait_until("onError", 20_000, || errors.borrow().len() == 1).await;
    sleep(300).await.unwrap();
    assert_eq!(errors.borrow().len(), 1, "called once");
    assert!(errors.borrow()[0].is_instance_of::<js_sys::Error>());
    assert!(code_of(&errors.borrow()[0]).starts_with("TOKEN_"));
    assert_eq!(
        *detached.borrow(),
        0,
        "an unsubscribed handler is not called"
    );

    let late = Rc::new(RefCell::new(None));
    let sink = late.clone();
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |e| *sink.borrow_mut() = Some(e));
    let handler: Function = handler.into_js_value().unchecked_into();
    m(&session, "onError", &[handler.into()]);
    assert!(late.borrow().is_some(), "called at once after the end");
    assert!(
        !Object::is(&session, &open()),
        "a terminated session is replaced"
    );
}
