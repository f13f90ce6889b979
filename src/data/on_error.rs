//! `session.onError(handler)`: the session's fatal error, once; `{ unsubscribe() }` detaches.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::emitter;
use crate::session::handle::{FatalHandle, SessionHandle};

/// One `onError` handler's registration.
pub struct ErrorSubscription {
    fatal: RefCell<Option<FatalHandle>>,
}

thread_local! {
    /// Registrations not unsubscribed yet.
    static KEPT: RefCell<Vec<Rc<ErrorSubscription>>> = const { RefCell::new(Vec::new()) };
}

/// What `onError` returns.
#[wasm_bindgen(js_name = ErrorSubscription)]
pub struct ErrorSubscriptionRef {
    subscription: Rc<ErrorSubscription>,
}

impl ErrorSubscription {
    /// Calls `handler(error)` when the session terminates (at once if it already has).
    pub fn attach(handle: &SessionHandle, handler: Function) -> JsValue {
        let subscription = Rc::new(ErrorSubscription {
            fatal: RefCell::new(None),
        });
        // The handler stays until `unsubscribe()` or the session's end, even when the page keeps
        // no reference to the returned object: its collection must not detach it. A session ends
        // once, so the registration is let go after the call.
        let terminated = handle.is_terminated();
        if !terminated {
            KEPT.with(|kept| kept.borrow_mut().push(subscription.clone()));
        }
        let weak = Rc::downgrade(&subscription);
        let fatal = handle.on_fatal(Rc::new(move |error| {
            emitter::call_guarded(&handler, "onError", &error.to_js());
            if let Some(me) = weak.upgrade() {
                drop(release(&me));
            }
        }));
        *subscription.fatal.borrow_mut() = Some(fatal);
        ErrorSubscriptionRef { subscription }.into()
    }
}

/// Takes `me` out of the kept registrations (returned, to be dropped outside the borrow).
fn release(me: &Rc<ErrorSubscription>) -> Option<Rc<ErrorSubscription>> {
    KEPT.with(|kept| {
        let mut kept = kept.try_borrow_mut().ok()?;
        let at = kept.iter().position(|s| Rc::ptr_eq(s, me))?;
        Some(kept.swap_remove(at))
    })
}

#[wasm_bindgen(js_class = ErrorSubscription)]
impl ErrorSubscriptionRef {
    /// Detaches the handler (calling it again does nothing).
    pub fn unsubscribe(&self) {
        let fatal = self.subscription.fatal.borrow_mut().take();
        drop(fatal);
        let kept = release(&self.subscription);
        drop(kept);
    }
}
