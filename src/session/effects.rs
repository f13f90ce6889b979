//! Work that must happen after the session's state is updated and its borrow released: calling
//! the application's listeners and token function, and telling conversation views that their
//! conversation changed.
//!
//! The session's state is only ever changed inside [`update`]; everything that can run
//! application code is queued here and run afterwards, so a listener may call back into the SDK
//! (even `destroy()`) without finding the state half-changed or borrowed.

use std::rc::{Rc, Weak};

use wasm_bindgen::JsValue;
use web_sys::{AbortController, AbortSignal};

use js_sys::Function;

use crate::errors::Error;
use crate::session::handle::{FatalListener, Listener, Update};
use crate::session::state::Core;
use crate::session::Shared;
use crate::token::{self, TokenSource};

pub enum Effect {
    /// A session event.
    Emit { event: &'static str, arg: JsValue },
    /// Call the token source; report to `Core::on_token(id, ..)`.
    FetchToken {
        id: u64,
        source: TokenSource,
        signal: Option<AbortSignal>,
    },
    /// Call `onNeedToken`; a throw is reported to `Core::on_token(id, ..)`.
    NeedToken { id: u64, callback: Function },
    /// Abort a token fetch.
    Abort(AbortController),
    /// Call watch or message listeners now (paced updates go through `Delivery` instead).
    Deliver(Vec<(Listener, Update)>),
    /// The session terminated: call its fatal listeners.
    Fatal {
        listeners: Vec<FatalListener>,
        error: Error,
    },
    /// Tell the views of this conversation that it changed (every view when `None`).
    Changed(Option<String>),
}

#[derive(Default)]
pub struct Fx {
    queue: Vec<Effect>,
}

impl Fx {
    pub fn push(&mut self, effect: Effect) {
        self.queue.push(effect);
    }

    pub fn emit(&mut self, event: &'static str, arg: JsValue) {
        self.push(Effect::Emit { event, arg });
    }

    /// The session's `error` event.
    pub fn error(&mut self, error: &Error) {
        self.emit("error", error.to_js());
    }

    /// The views of `conversation` have something new to show.
    pub fn changed(&mut self, conversation: &str) {
        self.push(Effect::Changed(Some(conversation.to_owned())));
    }

    /// Every view has something new to show (the connection's state, the current user).
    pub fn changed_all(&mut self) {
        self.push(Effect::Changed(None));
    }

    /// Runs the queued effects in order.
    pub fn run(self, shared: &Rc<Shared>) {
        for effect in self.queue {
            match effect {
                Effect::Emit { event, arg } => shared.emit(event, &arg),
                Effect::FetchToken { id, source, signal } => {
                    let weak = Rc::downgrade(shared);
                    crate::js::spawn(Box::pin(async move {
                        let result = token::fetch(source, signal).await;
                        with(&weak, |core, fx| core.on_token(id, result, fx));
                    }));
                }
                Effect::NeedToken { id, callback } => {
                    if let Err(thrown) = callback.call0(&JsValue::UNDEFINED) {
                        let error = Error::Network(
                            ["onNeedToken threw: ", &crate::errors::describe(&thrown)].concat(),
                        );
                        with(&Rc::downgrade(shared), |core, fx| {
                            core.on_token(id, Err((error, thrown)), fx)
                        });
                    }
                }
                Effect::Abort(controller) => controller.abort(),
                Effect::Deliver(updates) => {
                    for (listener, update) in updates {
                        listener(update);
                    }
                }
                Effect::Fatal { listeners, error } => {
                    for listener in listeners {
                        listener(&error);
                    }
                }
                Effect::Changed(conversation) => {
                    let listeners = match shared.core.try_borrow() {
                        Ok(core) => core.store.view_listeners(conversation.as_deref()),
                        Err(_) => Vec::new(),
                    };
                    for listener in listeners {
                        listener();
                    }
                }
            }
        }
    }
}

/// Changes the session's state, then runs the effects. Re-entrant calls (which the effect queue
/// is there to prevent) are refused with a console warning instead of a crash.
pub fn update<R>(shared: &Rc<Shared>, f: impl FnOnce(&mut Core, &mut Fx) -> R) -> Option<R> {
    let mut fx = Fx::default();
    let result = match shared.core.try_borrow_mut() {
        Ok(mut core) => {
            let result = f(&mut core, &mut fx);
            core.after_update(&mut fx);
            result
        }
        Err(_) => {
            crate::js::warn("chat-elements: ignored a re-entrant state update");
            return None;
        }
    };
    fx.run(shared);
    Some(result)
}

/// [`update`] through a weak reference (from timers and socket callbacks); nothing when the
/// session is gone.
pub fn with<R>(weak: &Weak<Shared>, f: impl FnOnce(&mut Core, &mut Fx) -> R) -> Option<R> {
    weak.upgrade().and_then(|shared| update(&shared, f))
}

/// [`with`], now when the state is free, else in a microtask (for `Drop` impls, which may run
/// while the state is borrowed).
pub fn update_soon(weak: &Weak<Shared>, f: impl FnOnce(&mut Core, &mut Fx) + 'static) {
    let Some(shared) = weak.upgrade() else {
        return;
    };
    if shared.core.try_borrow_mut().is_ok() {
        update(&shared, f);
    } else {
        let weak = weak.clone();
        crate::js::spawn(Box::pin(async move {
            with(&weak, f);
        }));
    }
}
