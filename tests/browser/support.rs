//! Helpers for the browser tests: the server, tokens, the JS surface, waiting, the DOM.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Element, HtmlElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit, Response,
};

pub fn set_timeout(callback: &JsValue, ms: f64) {
    window()
        .set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), ms as i32)
        .unwrap();
}

/// The server under test: CHAT_TEST_SERVER_URL when the tests were compiled (`.cargo/config.toml`
/// defaults it to the demo's address, http://127.0.0.1:8080).
pub fn server() -> &'static str {
    match option_env!("CHAT_TEST_SERVER_URL") {
        Some(url) if !url.is_empty() => url,
        _ => panic!(
            "CHAT_TEST_SERVER_URL is not set: start `chat-elements-server --demo` and compile the \
             browser tests with CHAT_TEST_SERVER_URL=http://127.0.0.1:PORT (scripts/test.sh does this)"
        ),
    }
}

/// What a test says when the demo server does not answer.
fn unreachable(url: &str) -> String {
    [
        "no demo server answers at ",
        url,
        ": start one (`npm start`, or `cargo run -p chat-elements-server -- --demo`) or set \
         CHAT_TEST_SERVER_URL to one that runs, then run the tests again",
    ]
    .concat()
}

pub fn window() -> web_sys::Window {
    web_sys::window().unwrap()
}

pub fn document() -> web_sys::Document {
    window().document().unwrap()
}

pub fn sleep(ms: u32) -> JsFuture {
    JsFuture::from(Promise::new(&mut |resolve, _| {
        set_timeout(&resolve, f64::from(ms));
    }))
}

pub fn unique(label: &str) -> String {
    format!("{label} {}", (js_sys::Math::random() * 1e12) as u64)
}

pub async fn fetch_token(user: &str, ttl: Option<u32>) -> String {
    let mut url = format!("{}/api/token?user={user}", server());
    if let Some(ttl) = ttl {
        url.push_str(&format!("&ttl={ttl}"));
    }
    let response: Response = JsFuture::from(window().fetch_with_str(&url))
        .await
        .unwrap_or_else(|_| panic!("{}", unreachable(server())))
        .dyn_into()
        .unwrap();
    assert!(response.ok(), "GET {url} answered {}", response.status());
    let body = JsFuture::from(response.json().unwrap()).await.unwrap();
    Reflect::get(&body, &"token".into())
        .unwrap()
        .as_string()
        .unwrap()
}

/// A token function `({ abortSignal }) => Promise<string>` that counts its calls.
pub fn token_function(user: &'static str, ttl: Option<u32>) -> (JsValue, Rc<Cell<u32>>) {
    let calls = Rc::new(Cell::new(0));
    let counter = calls.clone();
    let f = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |arg: JsValue| {
        counter.set(counter.get() + 1);
        let signal = Reflect::get(&arg, &"abortSignal".into()).unwrap();
        assert!(signal.is_object(), "the token function gets an abortSignal");
        wasm_bindgen_futures::future_to_promise(async move {
            Ok(JsValue::from(fetch_token(user, ttl).await))
        })
    });
    (f.into_js_value(), calls)
}

pub fn options(entries: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (k, v) in entries {
        Reflect::set(&obj, &(*k).into(), v).unwrap();
    }
    obj.into()
}

pub fn session(token: JsValue) -> JsValue {
    chat_elements::create_chat_session(options(&[("token", token), ("serverUrl", server().into())]))
        .expect("createChatSession")
}

/// `target[method](...args)` through the JS surface.
pub fn call(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(target, &method.into())
        .unwrap()
        .dyn_into()
        .unwrap_or_else(|_| panic!("{method} is not a function"));
    f.apply(target, &args.iter().collect::<Array>())
}

pub fn code_of(error: &JsValue) -> String {
    Reflect::get(error, &"code".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// Resolves with the first argument of the next `event` on `target`, or fails after `ms`.
pub async fn next_event(target: &JsValue, event: &str, ms: u32) -> JsValue {
    let promise = Promise::new(&mut |resolve, reject| {
        call(target, "once", &[event.into(), resolve.into()]).unwrap();
        let timeout = Closure::once_into_js(move || {
            let _ = reject.call1(&JsValue::UNDEFINED, &"timeout".into());
        });
        set_timeout(&timeout, f64::from(ms));
    });
    match JsFuture::from(promise).await {
        Ok(value) => value,
        Err(_) => panic!("no {event:?} event within {ms} ms"),
    }
}

/// Records every call of `event` on `target`.
pub fn record(target: &JsValue, event: &str) -> Rc<RefCell<Vec<JsValue>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    let f = Closure::<dyn FnMut(JsValue)>::new(move |v: JsValue| sink.borrow_mut().push(v));
    call(target, "on", &[event.into(), f.into_js_value()]).unwrap();
    seen
}

pub async fn wait_until(what: &str, ms: u32, mut check: impl FnMut() -> bool) {
    let mut waited = 0;
    while !check() {
        assert!(waited < ms, "timed out after {ms} ms waiting for {what}");
        sleep(25).await.unwrap();
        waited += 25;
    }
}

/// A fresh, sized container in the page.
pub fn container() -> HtmlElement {
    let div: HtmlElement = document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    div.set_attribute("style", "height: 320px").unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

pub fn chat_element(session: &JsValue, channel: &str) -> JsValue {
    call(
        session,
        "createElement",
        &[
            "chat-element".into(),
            options(&[("channelId", channel.into())]),
        ],
    )
    .expect("createElement")
}

pub async fn mounted(session: &JsValue, channel: &str) -> (JsValue, HtmlElement) {
    let element = chat_element(session, channel);
    let div = container();
    call(&element, "mount", &[div.clone().into()]).expect("mount");
    let ready = next_event(&element, "ready", 10_000).await;
    assert!(
        js_sys::Object::is(&ready, &element),
        "ready(element) passes the element"
    );
    (element, div)
}

pub fn rows_with_text(root: &Element, text: &str) -> Vec<Element> {
    let list = root.query_selector_all(".ce-messages .ce-message").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .filter(|row| {
            row.query_selector(".ce-message-text")
                .ok()
                .flatten()
                .and_then(|t| t.text_content())
                .as_deref()
                == Some(text)
        })
        .collect()
}

pub fn type_and_press_enter(root: &Element, text: &str) {
    let input: HtmlTextAreaElement = root
        .query_selector("textarea.ce-composer-input")
        .unwrap()
        .expect("composer textarea")
        .dyn_into()
        .unwrap();
    input.set_value(text);
    let init = KeyboardEventInit::new();
    init.set_key("Enter");
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    input.dispatch_event(&event).unwrap();
}

pub fn destroy(session: &JsValue) {
    call(session, "destroy", &[]).unwrap();
}

pub fn texts(root: &Element) -> Vec<String> {
    let list = root
        .query_selector_all(".ce-messages .ce-message-text")
        .unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.text_content())
        .collect()
}
