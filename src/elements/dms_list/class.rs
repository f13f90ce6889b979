//! The JS class `DmsListElement`: the same element contract as `ChatElement`.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::DmsShared;
use crate::emitter;
use crate::errors::Error;
use crate::session::Shared;

/// A list of the current user's conversations.
#[wasm_bindgen]
pub struct DmsListElement {
    shared: Rc<DmsShared>,
}

impl DmsListElement {
    /// Creates the element and its JS object (kept by the element until it is unmounted).
    pub fn create(session: &Rc<Shared>, options: &JsValue) -> Result<JsValue, Error> {
        let shared = DmsShared::new(session, options)?;
        let this = JsValue::from(DmsListElement {
            shared: shared.clone(),
        });
        *shared.js_self.borrow_mut() = Some(this.clone());
        Ok(this)
    }
}

#[wasm_bindgen]
impl DmsListElement {
    /// The options as last given (merged; `selectedChannel` follows the selection).
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> JsValue {
        self.shared.state.borrow().raw.clone()
    }

    /// `"loading"` until the first conversations are shown, then `"ready"`.
    #[wasm_bindgen(getter)]
    pub fn state(&self) -> String {
        if self.shared.state.borrow().ready {
            "ready"
        } else {
            "loading"
        }
        .to_owned()
    }

    /// Mounts into an element or `"#id"`. Throws CONTAINER_NOT_FOUND; a second call warns and
    /// does nothing.
    pub fn mount(&self, container: JsValue) -> Result<(), JsValue> {
        self.shared.mount(&container).map_err(JsValue::from)
    }

    /// Removes the element and ends its subscriptions. It cannot be mounted again.
    pub fn unmount(&self) {
        self.shared.unmount();
    }

    /// Changes options: `selectedChannel` moves the selection, `emptyState` replaces the text.
    #[wasm_bindgen(js_name = updateOptions)]
    pub fn update_options(&self, options: JsValue) -> Result<(), JsValue> {
        self.shared.update_options(&options).map_err(JsValue::from)
    }

    /// `{ state: "loading" | "ready" }`.
    #[wasm_bindgen(js_name = getSnapshot)]
    pub fn get_snapshot(&self) -> JsValue {
        self.shared.snapshot()
    }
}

emitter::listener_methods!(
    DmsListElement,
    "`ready`, `snapshot`, `optionsUpdated`, `error`, `channelSelected`"
);
