//! The search-element's cancelable events: `resultClick` and `close`.

use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit};

use super::{results, Mount, SearchShared};
use crate::emitter;
use crate::js;

impl SearchShared {
    /// A result was picked (click, Enter): `resultClick`, then unmount unless prevented.
    pub(super) fn activate(self: &Rc<Self>, index: u32) {
        let (ids, callback) = {
            let state = self.state.borrow();
            if !matches!(state.mount, Mount::Mounted(_)) {
                return;
            }
            let ids = results::ids(&state.results.get(index));
            (ids, state.options.on_result_click.clone())
        };
        let Some((message_id, conversation_id)) = ids else {
            return;
        };
        let detail = js::object(&[
            ("messageId", JsValue::from_str(&message_id)),
            ("channelId", JsValue::from_str(&conversation_id)),
            ("conversationId", JsValue::from_str(&conversation_id)),
        ]);
        if !self.dispatch("resultClick", "onResultClick", callback, &detail) {
            self.unmount();
        }
    }

    /// The close button, Escape, or the modal's backdrop: `close`, then unmount unless prevented.
    pub fn request_close(self: &Rc<Self>) {
        let callback = {
            let state = self.state.borrow();
            if !matches!(state.mount, Mount::Mounted(_)) {
                return;
            }
            state.options.on_close.clone()
        };
        if !self.dispatch("close", "onClose", callback, &self.this()) {
            self.unmount();
        }
    }

    /// Emits a cancelable CustomEvent to the listeners, then to the option's callback; true when
    /// one of them called `preventDefault()`.
    pub(super) fn dispatch(
        &self,
        kind: &str,
        name: &str,
        callback: Option<Function>,
        detail: &JsValue,
    ) -> bool {
        let init = CustomEventInit::new();
        init.set_detail(detail);
        init.set_cancelable(true);
        let Ok(event) = CustomEvent::new_with_event_init_dict(kind, &init) else {
            return false;
        };
        let value: JsValue = event.clone().into();
        emitter::emit(&self.emitter, kind, &value);
        if let Some(callback) = callback {
            emitter::call_guarded(&callback, name, &value);
        }
        event.default_prevented()
    }
}
