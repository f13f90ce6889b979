//! Helpers for the engine tests: Data API sessions, recording listeners, requests.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use chat_elements::new_talk_session;
use chat_elements::session::handle::{Listener, SessionHandle, Update};
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::support::*;

/// A Data API session of the demo app for `user`, and its `ChatSession` object.
pub fn talk(user: &str) -> (SessionHandle, JsValue) {
    new_talk_session("demo".into(), user.into(), Some(server().into()), false)
        .expect("new_talk_session")
}

/// A Data API session that already has a valid token.
pub async fn talk_with_token(user: &'static str) -> (SessionHandle, JsValue) {
    let (session, this) = talk(user);
    session.set_token(fetch_token(user, None).await);
    (session, this)
}

/// An `onNeedToken` callback that fetches a token for `user` (with `ttl`) and hands it to the
/// session, counting its calls.
pub fn need_token(session: &SessionHandle, user: &'static str, ttl: Option<u32>) -> Rc<Cell<u32>> {
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let target = session.clone();
    let f = Closure::<dyn FnMut()>::new(move || {
        counter.set(counter.get() + 1);
        let target = target.clone();
        wasm_bindgen_futures::spawn_local(async move {
            target.set_token(fetch_token(user, ttl).await);
        });
    });
    session.set_on_need_token(Some(f.into_js_value().unchecked_into::<Function>()));
    calls
}

/// A JS object from JSON text.
pub fn obj(json: &str) -> Object {
    js_sys::JSON::parse(json).unwrap().unchecked_into()
}

pub fn field(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, key| {
        Reflect::get(&v, &(*key).into()).unwrap_or(JsValue::UNDEFINED)
    })
}

pub fn text(value: &JsValue, path: &[&str]) -> String {
    field(value, path).as_string().unwrap_or_default()
}

/// A listener that records every update.
pub fn recorder() -> (Listener, Rc<RefCell<Vec<Update>>>) {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    (Rc::new(move |u: Update| sink.borrow_mut().push(u)), seen)
}

/// The snapshot of the latest update (panics on anything else).
pub fn last_snapshot(seen: &RefCell<Vec<Update>>) -> JsValue {
    match seen.borrow().last() {
        Some(Update::Snapshot(s)) => s.clone(),
        other => panic!("expected a snapshot, got {other:?}"),
    }
}

/// The ids of the latest `Update::Messages` (newest first) and its `loaded_all`.
pub fn last_messages(seen: &RefCell<Vec<Update>>) -> Option<(Vec<String>, bool)> {
    seen.borrow().iter().rev().find_map(|u| match u {
        Update::Messages {
            messages,
            loaded_all,
        } => Some((
            messages.iter().map(|m| text(&m, &["id"])).collect(),
            *loaded_all,
        )),
        _ => None,
    })
}

/// Sends `count` messages as `session` and returns their ids in order.
pub async fn send_texts(session: &SessionHandle, label: &str, count: usize) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..count {
        let payload = Object::new();
        Reflect::set(
            &payload,
            &"text".into(),
            &unique(&format!("{label} {i}")).into(),
        )
        .unwrap();
        let message = session.send("demo", payload).await.expect("send");
        ids.push(text(&message, &["id"]));
    }
    ids
}

/// The ids of the newest `limit` messages of "demo" as the server has them, newest first.
pub async fn server_newest(session: &SessionHandle, limit: u32) -> Vec<String> {
    let request = obj(&format!(
        r#"{{"op":"history","conversationId":"demo","limit":{limit}}}"#
    ));
    let result = session.call(request).await.expect("history");
    let page: js_sys::Array = field(&result, &["messages"]).unchecked_into();
    let mut ids: Vec<String> = page.iter().map(|m| text(&m, &["id"])).collect();
    ids.reverse();
    ids
}

pub fn destroy_talk(this: &JsValue) {
    call(this, "destroy", &[]).unwrap();
}

/// Gives `user` (the session's own user) its demo name back.
pub async fn restore_name(session: &SessionHandle, user: &str, name: &str) {
    let request = obj(&format!(
        r#"{{"op":"setUser","userId":"{user}","name":"{name}"}}"#
    ));
    session.call(request).await.expect("setUser");
}
