//! What the chat-element tells the application: `ready`, `snapshot`, `error`, and Whop's
//! CustomEvents (`messageSent`, `messageDeleted`, `profileClick`, `linkClick`,
//! `attachmentClick`, `experienceClick`), each also passed to the `onEvent` option.

use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit};

use super::ElementShared;
use crate::emitter;
use crate::errors::Error;
use crate::js;

impl ElementShared {
    /// `ready(element)`, `onReady(element)` and a `snapshot`.
    pub(super) fn announce_ready(&self) {
        let this = self.this();
        emitter::emit(&self.emitter, "ready", &this);
        let on_ready = self.state.borrow().options.on_ready.clone();
        if let Some(callback) = on_ready {
            emitter::call_guarded(&callback, "onReady", &this);
        }
        emitter::emit(&self.emitter, "snapshot", &self.snapshot());
    }

    pub(super) fn snapshot(&self) -> JsValue {
        let state = if self.state.borrow().ready {
            "ready"
        } else {
            "loading"
        };
        js::object(&[("state", JsValue::from_str(state))])
    }

    /// A `CustomEvent` named `name` with `detail`, to its listeners and to `onEvent`.
    pub(super) fn emit_event(&self, name: &str, detail: &JsValue) {
        let init = CustomEventInit::new();
        init.set_detail(detail);
        let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) else {
            return;
        };
        let event: JsValue = event.into();
        emitter::emit(&self.emitter, name, &event);
        let on_event = self.state.borrow().options.on_event.clone();
        if let Some(callback) = on_event {
            emitter::call_guarded(&callback, "onEvent", &event);
        }
    }

    /// `messageSent`: the server stored `message`, sent with the text `content`.
    pub(super) fn message_sent(&self, message: &JsValue, content: &str) {
        let detail = js::object(&[
            ("id", js::get(message, "id")),
            ("content", JsValue::from_str(content)),
            ("channelId", js::get(message, "conversationId")),
        ]);
        self.emit_event("messageSent", &detail);
    }

    pub(super) fn emit_error(&self, error: &Error) {
        let value = error.to_js();
        if self.emitter.borrow().has("error") {
            emitter::emit(&self.emitter, "error", &value);
        } else {
            js::report(
                "chat-elements: element error (add an \"error\" listener to handle it)",
                &value,
            );
        }
    }
}
