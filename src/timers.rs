//! Timer handles that cancel themselves when dropped.
//!
//! Each handle owns the closure the browser calls; dropping the handle clears the timer first,
//! so the closure is never called after it is gone. Dropping a handle from inside its own
//! callback is fine (wasm-bindgen defers freeing a closure that is running). The callbacks are
//! boxed before they reach wasm-bindgen, so every timer shares one closure type (each distinct
//! closure type costs its own copy of wasm-bindgen's closure machinery in the wasm).

use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &JsValue, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    #[wasm_bindgen(js_name = setInterval)]
    fn set_interval(callback: &JsValue, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearInterval)]
    fn clear_interval(id: &JsValue);
    #[wasm_bindgen(js_name = requestAnimationFrame)]
    fn request_animation_frame(callback: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = cancelAnimationFrame)]
    fn cancel_animation_frame(id: &JsValue);
}

/// Browsers treat delays above 2^31 - 1 ms as 0; longer waits are capped (callers re-check).
const MAX_DELAY_MS: u64 = 2_147_483_647;

/// A one-shot timer (`setTimeout`).
#[must_use = "the timer is cancelled when its handle is dropped"]
pub struct Timeout {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Timeout {
    pub fn new(ms: u64, callback: impl FnOnce() + 'static) -> Timeout {
        Timeout::boxed(ms, Box::new(callback))
    }

    fn boxed(ms: u64, callback: Box<dyn FnOnce()>) -> Timeout {
        let callback = Closure::<dyn FnMut()>::once_aborting(callback);
        let id = set_timeout(callback.as_ref(), ms.min(MAX_DELAY_MS) as f64);
        Timeout {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Timeout {
    fn drop(&mut self) {
        clear_timeout(&self.id);
    }
}

/// A repeating timer (`setInterval`).
#[must_use = "the timer is cancelled when its handle is dropped"]
pub struct Interval {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl Interval {
    pub fn new(ms: u64, callback: impl FnMut() + 'static) -> Interval {
        Interval::boxed(ms, Box::new(callback))
    }

    fn boxed(ms: u64, callback: Box<dyn FnMut()>) -> Interval {
        let callback = Closure::<dyn FnMut()>::own_aborting(callback);
        let id = set_interval(callback.as_ref(), ms.min(MAX_DELAY_MS) as f64);
        Interval {
            id,
            _callback: callback,
        }
    }
}

impl Drop for Interval {
    fn drop(&mut self) {
        clear_interval(&self.id);
    }
}

/// A callback before the next repaint (`requestAnimationFrame`).
#[must_use = "the frame callback is cancelled when its handle is dropped"]
pub struct AnimationFrame {
    id: JsValue,
    _callback: Closure<dyn FnMut()>,
}

impl AnimationFrame {
    pub fn new(callback: impl FnOnce() + 'static) -> AnimationFrame {
        AnimationFrame::boxed(Box::new(callback))
    }

    fn boxed(callback: Box<dyn FnOnce()>) -> AnimationFrame {
        let callback = Closure::<dyn FnMut()>::once_aborting(callback);
        let id = request_animation_frame(callback.as_ref());
        AnimationFrame {
            id,
            _callback: callback,
        }
    }
}

impl Drop for AnimationFrame {
    fn drop(&mut self) {
        cancel_animation_frame(&self.id);
    }
}
