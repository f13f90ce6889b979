//! A Promise settled from Rust, at most once.

use std::cell::RefCell;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;

thread_local! {
    /// Marks a promise as handled: `connected` may reject without anyone listening.
    static IGNORE: Closure<dyn FnMut(JsValue)> = Closure::own_aborting(|_: JsValue| {});
}

pub struct Deferred {
    promise: Promise,
    settle: RefCell<Option<(Function, Function)>>,
}

impl Deferred {
    pub fn new() -> Deferred {
        let mut settle = None;
        let promise = Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
        Deferred {
            promise,
            settle: RefCell::new(settle),
        }
    }

    /// Like [`Deferred::new`], but a rejection nobody listens to is not reported as unhandled.
    pub fn quiet() -> Deferred {
        let deferred = Deferred::new();
        Deferred::ignore_rejection(&deferred.promise);
        deferred
    }

    /// Marks a promise as handled: its rejection is not reported as unhandled.
    pub fn ignore_rejection(promise: &Promise) {
        IGNORE.with(|ignore| {
            let _ = promise.catch(ignore);
        });
    }

    pub fn promise(&self) -> Promise {
        self.promise.clone()
    }

    pub fn resolve(&self, value: &JsValue) {
        let settle = self.settle.borrow_mut().take();
        if let Some((resolve, _)) = settle {
            let _ = resolve.call1(&JsValue::UNDEFINED, value);
        }
    }

    pub fn reject(&self, error: &JsValue) {
        let settle = self.settle.borrow_mut().take();
        if let Some((_, reject)) = settle {
            let _ = reject.call1(&JsValue::UNDEFINED, error);
        }
    }
}
