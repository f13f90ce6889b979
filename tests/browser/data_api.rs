//! The Data API through its JS surface: getTalkSession, ref caching, and get/set/create round
//! trips against the real server. Subscriptions are in `data_api_subscriptions.rs`.

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

use super::support::*;

/// `getTalkSession` for a demo user; its `onNeedToken` fetches a fresh token.
pub fn talk(user: &'static str) -> JsValue {
    let session = chat_elements::get_talk_session(options(&[
        ("appId", "demo".into()),
        ("userId", user.into()),
        ("serverUrl", server().into()),
    ]))
    .expect("getTalkSession");
    if prop(&session, "onNeedToken").is_undefined() {
        let target = session.clone();
        let on_need_token = Closure::<dyn FnMut()>::new(move || {
            let target = target.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let token = fetch_token(user, None).await;
                call(&target, "setToken", &[token.into()]).unwrap();
            });
        });
        Reflect::set(
            &session,
            &"onNeedToken".into(),
            &on_need_token.into_js_value(),
        )
        .unwrap();
    }
    session
}

pub fn prop(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

pub fn text(value: &JsValue, key: &str) -> Option<String> {
    prop(value, key).as_string()
}

/// `target[method](...args)`, which must not throw.
pub fn m(target: &JsValue, method: &str, args: &[JsValue]) -> JsValue {
    call(target, method, args)
        .unwrap_or_else(|e| panic!("{method} threw {}: {:?}", code_of(&e), prop(&e, "message")))
}

/// Awaits a promise that must resolve.
pub async fn ok(promise: JsValue) -> JsValue {
    JsFuture::from(Promise::from(promise))
        .await
        .unwrap_or_else(|e| panic!("rejected with {}: {:?}", code_of(&e), prop(&e, "message")))
}

/// Awaits a promise that must reject; returns the error's code.
pub async fn refused(promise: JsValue) -> String {
    match JsFuture::from(Promise::from(promise)).await {
        Ok(value) => panic!("resolved with {value:?}"),
        Err(error) => code_of(&error),
    }
}

/// An id no other test run uses.
pub fn fresh_id(label: &str) -> String {
    format!("{label}-{}", (js_sys::Math::random() * 1e12) as u64)
}

#[wasm_bindgen_test]
async fn get_talk_session_returns_one_session_per_pair() {
    let alice = talk("alice");
    assert!(
        Object::is(&alice, &talk("alice")),
        "the same pair, the same object"
    );
    assert!(!Object::is(&alice, &talk("bob")));
    assert_eq!(text(&alice, "appId").as_deref(), Some("demo"));
    let me = prop(&alice, "currentUser");
    assert_eq!(text(&me, "id").as_deref(), Some("alice"));
    assert!(Object::is(&me, &m(&alice, "user", &["alice".into()])));

    let bad = [
        JsValue::UNDEFINED,
        options(&[("appId", "demo".into())]),
        options(&[("appId", "".into()), ("userId", "alice".into())]),
        options(&[("appId", "demo".into()), ("userId", 7.into())]),
        options(&[
            ("appId", "demo".into()),
            ("userId", "alice".into()),
            ("tokenFetcher", "not a function".into()),
        ]),
    ];
    for options in bad {
        let error = chat_elements::get_talk_session(options).unwrap_err();
        assert!(error.is_instance_of::<js_sys::Error>());
        assert_eq!(code_of(&error), "INVALID_OPTIONS");
        assert!(!text(&error, "message").unwrap_or_default().is_empty());
    }
}

#[wasm_bindgen_test]
async fn refs_are_cached_per_session_and_check_their_arguments() {
    let alice = talk("alice");
    let bob = talk("bob");
    let conv = m(&alice, "conversation", &["cache-check".into()]);
    assert!(Object::is(
        &conv,
        &m(&alice, "conversation", &["cache-check".into()])
    ));
    assert!(!Object::is(
        &conv,
        &m(&bob, "conversation", &["cache-check".into()])
    ));
    assert!(Object::is(
        &m(&alice, "user", &["carol".into()]),
        &m(&alice, "user", &["carol".into()])
    ));

    let participant = m(&conv, "participant", &["bob".into()]);
    let by_ref = m(&conv, "participant", &[m(&alice, "user", &["bob".into()])]);
    assert!(
        Object::is(&participant, &by_ref),
        "an id or a UserRef: one ref"
    );
    assert_eq!(text(&participant, "userId").as_deref(), Some("bob"));
    assert_eq!(
        text(&participant, "conversationId").as_deref(),
        Some("cache-check")
    );

    let message = m(&conv, "message", &["msg_1".into()]);
    assert!(Object::is(
        &message,
        &m(&conv, "message", &["msg_1".into()])
    ));
    assert_eq!(text(&message, "id").as_deref(), Some("msg_1"));
    assert_eq!(
        text(&message, "conversationId").as_deref(),
        Some("cache-check")
    );
    let reaction = m(&message, "reaction", &["👍".into()]);
    assert!(Object::is(
        &reaction,
        &m(&message, "reactions", &["👍".into()])
    ));
    assert_eq!(text(&reaction, "emoji").as_deref(), Some("👍"));
    assert_eq!(text(&reaction, "messageId").as_deref(), Some("msg_1"));

    for (target, method, arg) in [
        (&alice, "user", JsValue::from("")),
        (&alice, "conversation", JsValue::from(3)),
        (&conv, "participant", Object::new().into()),
        (&conv, "message", JsValue::NULL),
        (&message, "reaction", JsValue::UNDEFINED),
    ] {
        let error = call(target, method, &[arg]).expect_err(method);
        assert_eq!(code_of(&error), "INVALID_ARGUMENT", "{method}");
    }
}

#[wasm_bindgen_test]
async fn users_get_set_and_create() {
    let alice = talk("alice");
    let me = prop(&alice, "currentUser");
    let mark = fresh_id("mark");
    let custom = options(&[("mark", mark.as_str().into())]);
    ok(m(&me, "set", &[options(&[("custom", custom)])])).await;
    let snapshot = ok(m(&me, "get", &[])).await;
    assert_eq!(text(&snapshot, "id").as_deref(), Some("alice"));
    assert_eq!(text(&prop(&snapshot, "custom"), "mark"), Some(mark));

    let id = fresh_id("user");
    let user = m(&alice, "user", &[id.as_str().into()]);
    assert!(ok(m(&user, "get", &[])).await.is_null(), "no such user yet");
    ok(m(
        &user,
        "createIfNotExists",
        &[options(&[("name", "First".into())])],
    ))
    .await;
    ok(m(
        &user,
        "createIfNotExists",
        &[options(&[("name", "Second".into())])],
    ))
    .await;
    let created = ok(m(&user, "get", &[])).await;
    assert_eq!(
        text(&created, "name").as_deref(),
        Some("First"),
        "left as it was"
    );

    let rename = options(&[("name", "Renamed".into())]);
    assert_eq!(refused(m(&user, "set", &[rename])).await, "FORBIDDEN");
    assert_eq!(
        refused(m(&me, "set", &["nope".into()])).await,
        "INVALID_ARGUMENT"
    );
}

#[wasm_bindgen_test]
async fn conversations_and_messages_round_trip() {
    let alice = talk("alice");
    let id = fresh_id("conv");
    let conv = m(&alice, "conversation", &[id.as_str().into()]);
    assert!(ok(m(&conv, "get", &[])).await.is_null());
    ok(m(
        &conv,
        "createIfNotExists",
        &[options(&[("subject", "First".into())])],
    ))
    .await;
    let custom = options(&[("a", "1".into()), ("b", "2".into()), ("c", "3".into())]);
    ok(m(&conv, "set", &[options(&[("custom", custom)])])).await;
    ok(m(&conv, "deleteFields", &["a".into(), "b".into()])).await;
    let snapshot = ok(m(&conv, "get", &[])).await;
    assert_eq!(text(&snapshot, "id"), Some(id.clone()));
    assert_eq!(text(&snapshot, "subject").as_deref(), Some("First"));
    let custom = prop(&snapshot, "custom");
    assert!(prop(&custom, "a").is_undefined() && prop(&custom, "b").is_undefined());
    assert_eq!(text(&custom, "c").as_deref(), Some("3"));

    let message = ok(m(&conv, "send", &["hello *there*".into()])).await;
    let message_id = text(&message, "id").unwrap();
    assert!(Object::is(
        &message,
        &m(&conv, "message", &[message_id.as_str().into()])
    ));
    let snapshot = ok(m(&message, "get", &[])).await;
    assert_eq!(text(&snapshot, "plaintext").as_deref(), Some("hello there"));
    let outsider = m(&talk("bob"), "conversation", &[id.as_str().into()]);
    let unseen = m(&outsider, "message", &[message_id.as_str().into()]);
    assert!(
        ok(m(&unseen, "get", &[])).await.is_null(),
        "not a participant"
    );

    ok(m(&message, "edit", &["edited".into()])).await;
    let custom = options(&[("k", "v".into()), ("keep", "yes".into())]);
    ok(m(&message, "edit", &[options(&[("custom", custom)])])).await;
    ok(m(&message, "deleteFields", &["k".into()])).await;
    let snapshot = ok(m(&message, "get", &[])).await;
    assert_eq!(text(&snapshot, "plaintext").as_deref(), Some("edited"));
    assert!(prop(&prop(&snapshot, "custom"), "k").is_undefined());
    assert_eq!(
        text(&prop(&snapshot, "custom"), "keep").as_deref(),
        Some("yes")
    );

    let reaction = m(&message, "reaction", &["👍".into()]);
    ok(m(&reaction, "add", &[])).await;
    let reactions: js_sys::Array = prop(&ok(m(&message, "get", &[])).await, "reactions").into();
    assert_eq!(reactions.length(), 1);
    assert_eq!(text(&reactions.get(0), "emoji").as_deref(), Some("👍"));
    assert_eq!(
        prop(&reactions.get(0), "currentUserReacted").as_bool(),
        Some(true)
    );
    ok(m(&reaction, "remove", &[])).await;
    let reactions: js_sys::Array = prop(&ok(m(&message, "get", &[])).await, "reactions").into();
    assert_eq!(reactions.length(), 0);

    let reply = options(&[
        ("text", "a reply".into()),
        ("referencedMessage", message.clone()),
        ("custom", options(&[("x", "y".into())])),
    ]);
    let reply = ok(m(&conv, "send", &[reply])).await;
    let snapshot = ok(m(&reply, "get", &[])).await;
    assert_eq!(
        text(&prop(&snapshot, "referencedMessage"), "id"),
        Some(message_id)
    );
    assert_eq!(text(&prop(&snapshot, "custom"), "x").as_deref(), Some("y"));

    ok(m(&message, "delete", &[])).await;
    assert!(ok(m(&message, "get", &[])).await.is_null());
    assert_eq!(
        refused(m(&conv, "send", &[42.into()])).await,
        "INVALID_ARGUMENT"
    );
    ok(m(&conv, "markAsRead", &[])).await;
    ok(m(&conv, "markAsUnread", &[])).await;
    ok(m(&conv, "markAsTyping", &[])).await;
}

#[wasm_bindgen_test]
async fn participants_are_added_edited_and_removed() {
    let alice = talk("alice");
    let conv = m(&alice, "conversation", &[fresh_id("members").into()]);
    ok(m(&conv, "createIfNotExists", &[])).await;
    let bob = m(&conv, "participant", &["bob".into()]);
    assert!(ok(m(&bob, "get", &[])).await.is_null());
    ok(m(&bob, "createIfNotExists", &[])).await;
    let snapshot = ok(m(&bob, "get", &[])).await;
    assert_eq!(text(&prop(&snapshot, "user"), "id").as_deref(), Some("bob"));
    assert_eq!(text(&snapshot, "access").as_deref(), Some("ReadWrite"));

    ok(m(&bob, "edit", &[options(&[("access", "Read".into())])])).await;
    ok(m(&bob, "set", &[options(&[("notify", false.into())])])).await;
    let snapshot = ok(m(&bob, "get", &[])).await;
    assert_eq!(text(&snapshot, "access").as_deref(), Some("Read"));
    assert_eq!(prop(&snapshot, "notify").as_bool(), Some(false));

    ok(m(&bob, "delete", &[])).await;
    assert!(ok(m(&bob, "get", &[])).await.is_null());
    let edit = options(&[("access", "Read".into())]);
    assert_eq!(refused(m(&bob, "edit", &[edit])).await, "NOT_FOUND");
}
