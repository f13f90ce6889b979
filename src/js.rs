//! Small helpers over `js_sys` / raw bindings: property access, JSON, clock, randomness, console.
//!
//! Only browser globals that exist everywhere (`console`, `JSON`, `Math`, `Date`) are used here;
//! nothing in this module touches `window` or `document`.

use std::future::Future;
use std::pin::Pin;

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = warn)]
    fn console_warn(message: &str);
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str, detail: &JsValue);
}

/// `target[key]`, or `undefined` when it cannot be read.
pub fn get(target: &JsValue, key: &str) -> JsValue {
    if !target.is_object() && !target.is_function() {
        return JsValue::UNDEFINED;
    }
    Reflect::get(target, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// `target[key] = value` (ignores failures such as frozen objects).
pub fn set(target: &JsValue, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

/// A plain object from `(key, value)` pairs.
pub fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let obj: JsValue = Object::new().into();
    for (key, value) in entries {
        set(&obj, key, value);
    }
    obj
}

/// `Object.assign({}, base, patch)`.
pub fn merged(base: &JsValue, patch: &JsValue) -> JsValue {
    let target = Object::new();
    if base.is_object() {
        Object::assign(&target, base.unchecked_ref());
    }
    if patch.is_object() {
        Object::assign(&target, patch.unchecked_ref());
    }
    target.into()
}

/// True when `value[key]` is present (even if `undefined` was assigned explicitly).
pub fn has(target: &JsValue, key: &str) -> bool {
    target.is_object() && Reflect::has(target, &JsValue::from_str(key)).unwrap_or(false)
}

/// Milliseconds since the Unix epoch, from the local clock.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// A uniform random number in `[0, 1)`.
pub fn random() -> f64 {
    js_sys::Math::random()
}

/// A random 32-bit word.
pub fn random_u32() -> u32 {
    (random() * 4_294_967_296.0) as u32
}

pub fn warn(message: &str) {
    console_warn(message);
}

/// Reports an error that has nowhere else to go (a throwing listener, an unexpected frame).
pub fn report(message: &str, detail: &JsValue) {
    console_error(message, detail);
}

/// True when `value` is a thenable (a Promise or anything with a `then` function).
pub fn is_thenable(value: &JsValue) -> bool {
    (value.is_object() || value.is_function()) && get(value, "then").is_function()
}

/// A Promise settled by `future`. Boxed, so the SDK has one copy of the promise machinery
/// instead of one per future type.
pub fn promise(future: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>) -> Promise {
    wasm_bindgen_futures::future_to_promise(future)
}

/// Runs `future` to completion on the page's event loop (boxed, like [`promise`]).
pub fn spawn(future: Pin<Box<dyn Future<Output = ()>>>) {
    wasm_bindgen_futures::spawn_local(future);
}
