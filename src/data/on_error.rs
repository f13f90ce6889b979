//! `session.onError(handler)`: the session's fatal error, once; `{ unsubscribe() }` detaches.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::emitter;
use crate::session::handle::{FatalHandle, SessionHandle};

/// What `onError` returns.
#[wasm_bindgen]
pub struct ErrorSubscription {
    fatal: RefCell<Option<FatalHandle>>,
}

impl ErrorSubscription {
    /// Calls `handler(error)` when the session terminates (at once if it already has).
    pub fn attach(handle: &SessionHandle, handler: Function) -> JsValue {
        let fatal = handle.on_fatal(Rc::new(move |error| {
            emitter::call_guarded(&handler, "onError", &error.to_js());
        }));
        ErrorSubscription {
            fatal: RefCell::new(Some(fatal)),
        }
        .into()
    }
}

#[wasm_bindgen]
impl ErrorSubscription {
    /// Detaches the handler (calling it again does nothing).
    pub fn unsubscribe(&self) {
        let fatal = self.fatal.borrow_mut().take();
        drop(fatal);
    }
}
