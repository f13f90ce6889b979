//! Named listeners (`on` / `off` / `once`) for the session and its elements.
//!
//! Listeners are called after the state they are told about has been updated, from a snapshot of
//! the listener list (adding or removing listeners while an event is delivered affects the next
//! event). A listener that throws is reported to the console and does not stop the others.

use std::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::prelude::*;

use crate::errors::Error;
use crate::js;

struct Listener {
    event: String,
    callback: Function,
    once: bool,
}

#[derive(Default)]
pub struct Emitter {
    listeners: Vec<Listener>,
}

impl Emitter {
    /// Adds a listener. `callback` must be a function.
    pub fn add(&mut self, event: &str, callback: &JsValue, once: bool) -> Result<(), Error> {
        let callback = callback.dyn_ref::<Function>().ok_or_else(|| {
            Error::InvalidOptions(["the \"", event, "\" listener is not a function"].concat())
        })?;
        self.listeners.push(Listener {
            event: event.to_owned(),
            callback: callback.clone(),
            once,
        });
        Ok(())
    }

    /// Removes the most recently added matching listener.
    pub fn remove(&mut self, event: &str, callback: &JsValue) {
        if let Some(at) = self
            .listeners
            .iter()
            .rposition(|l| l.event == event && JsValue::from(&l.callback) == *callback)
        {
            self.listeners.remove(at);
        }
    }

    pub fn clear(&mut self) {
        self.listeners.clear();
    }

    /// Removes every listener of `event`, or every listener when `event` is `None`.
    pub fn remove_all(&mut self, event: Option<&str>) {
        match event {
            Some(event) => self.listeners.retain(|l| l.event != event),
            None => self.listeners.clear(),
        }
    }

    /// How many listeners `event` has.
    pub fn count(&self, event: &str) -> u32 {
        self.listeners.iter().filter(|l| l.event == event).count() as u32
    }

    pub fn has(&self, event: &str) -> bool {
        self.listeners.iter().any(|l| l.event == event)
    }

    /// The callbacks to call for `event`; `once` listeners are removed.
    fn take(&mut self, event: &str) -> Vec<Function> {
        let callbacks = self
            .listeners
            .iter()
            .filter(|l| l.event == event)
            .map(|l| l.callback.clone())
            .collect();
        self.listeners.retain(|l| !(l.once && l.event == event));
        callbacks
    }
}

/// Calls every listener of `event` with `arg` (no borrow is held while they run).
pub fn emit(emitter: &RefCell<Emitter>, event: &str, arg: &JsValue) {
    let callbacks = match emitter.try_borrow_mut() {
        Ok(mut e) => e.take(event),
        Err(_) => return,
    };
    for callback in callbacks {
        call_guarded(&callback, event, arg);
    }
}

/// Calls a user callback; a throw is reported, never propagated.
pub fn call_guarded(callback: &Function, what: &str, arg: &JsValue) {
    if let Err(thrown) = callback.call1(&JsValue::UNDEFINED, arg) {
        js::report(
            &["chat-elements: a \"", what, "\" listener threw"].concat(),
            &thrown,
        );
    }
}

/// Gives a JS class whose `self.shared` holds an `emitter: RefCell<Emitter>` and a `this()` the
/// listener methods `on`, `once`, `off`, their aliases `addListener` and `removeListener`,
/// `removeAllListeners` and `listenerCount` (all but the last return the object, so calls chain). `$events`
/// names the events in the documentation.
macro_rules! listener_methods {
    ($class:ty, $events:literal) => {
        #[wasm_bindgen::prelude::wasm_bindgen]
        impl $class {
            #[doc = concat!("Adds a listener: ", $events, ".")]
            pub fn on(
                &self,
                event: &str,
                listener: wasm_bindgen::JsValue,
            ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
                self.shared
                    .emitter
                    .borrow_mut()
                    .add(event, &listener, false)?;
                Ok(self.shared.this())
            }

            /// Adds a listener that is removed after its first call.
            pub fn once(
                &self,
                event: &str,
                listener: wasm_bindgen::JsValue,
            ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
                self.shared
                    .emitter
                    .borrow_mut()
                    .add(event, &listener, true)?;
                Ok(self.shared.this())
            }

            /// Removes a listener.
            pub fn off(
                &self,
                event: &str,
                listener: wasm_bindgen::JsValue,
            ) -> wasm_bindgen::JsValue {
                self.shared.emitter.borrow_mut().remove(event, &listener);
                self.shared.this()
            }

            /// The same as `on`.
            #[wasm_bindgen(js_name = addListener)]
            pub fn add_listener(
                &self,
                event: &str,
                listener: wasm_bindgen::JsValue,
            ) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue> {
                self.on(event, listener)
            }

            /// The same as `off`.
            #[wasm_bindgen(js_name = removeListener)]
            pub fn remove_listener(
                &self,
                event: &str,
                listener: wasm_bindgen::JsValue,
            ) -> wasm_bindgen::JsValue {
                self.off(event, listener)
            }

            /// Removes every listener of `event`, or of every event without one.
            #[wasm_bindgen(js_name = removeAllListeners)]
            pub fn remove_all_listeners(&self, event: Option<String>) -> wasm_bindgen::JsValue {
                self.shared
                    .emitter
                    .borrow_mut()
                    .remove_all(event.as_deref());
                self.shared.this()
            }

            /// How many listeners `event` has.
            #[wasm_bindgen(js_name = listenerCount)]
            pub fn listener_count(&self, event: &str) -> u32 {
                self.shared.emitter.borrow().count(event)
            }
        }
    };
}
pub(crate) use listener_methods;
