//! The typed emitter of sessions and elements: `addListener`, `removeListener`,
//! `removeAllListeners` and `listenerCount` beside `on`, `off` and `once`.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

use super::support::*;

fn count(target: &JsValue, event: &str) -> f64 {
    call(target, "listenerCount", &[event.into()])
        .expect("listenerCount")
        .as_f64()
        .expect("a number")
}

#[wasm_bindgen_test]
async fn listener_methods_add_count_and_remove() {
    let (token, _) = token_function("alice", None);
    let s = session(token);
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let listener = Closure::<dyn Fn()>::new(move || counter.set(counter.get() + 1)).into_js_value();

    let returned = call(&s, "addListener", &["ready".into(), listener.clone()]).unwrap();
    assert_eq!(
        returned, s,
        "addListener returns the session, so calls chain"
    );
    call(&s, "on", &["error".into(), listener.clone()]).unwrap();
    call(&s, "once", &["error".into(), listener.clone()]).unwrap();
    assert_eq!(count(&s, "ready"), 1.0);
    assert_eq!(count(&s, "error"), 2.0);
    assert_eq!(count(&s, "tokenRefreshed"), 0.0);

    next_event(&s, "ready", 10_000).await;
    assert_eq!(
        calls.get(),
        1,
        "the listener added with addListener was called"
    );

    call(&s, "removeListener", &["ready".into(), listener.clone()]).unwrap();
    assert_eq!(count(&s, "ready"), 0.0);
    call(&s, "removeAllListeners", &["error".into()]).unwrap();
    assert_eq!(count(&s, "error"), 0.0);

    call(&s, "on", &["ready".into(), listener.clone()]).unwrap();
    call(&s, "on", &["error".into(), listener.clone()]).unwrap();
    let returned = call(&s, "removeAllListeners", &[]).unwrap();
    assert_eq!(returned, s);
    assert_eq!(count(&s, "ready") + count(&s, "error"), 0.0);

    let element = chat_element(&s, "demo");
    call(
        &element,
        "addListener",
        &["messageSent".into(), listener.clone()],
    )
    .unwrap();
    assert_eq!(count(&element, "messageSent"), 1.0);
    call(&element, "removeAllListeners", &[]).unwrap();
    assert_eq!(count(&element, "messageSent"), 0.0);
    destroy(&s);
}
