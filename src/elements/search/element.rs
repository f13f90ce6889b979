//! The JS class of a search element.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::SearchShared;
use crate::emitter;

/// A search element: a search box and the messages that match.
#[wasm_bindgen]
pub struct SearchElement {
    shared: Rc<SearchShared>,
}

impl SearchElement {
    /// Creates the JS object for an element (kept by the element until it is unmounted).
    pub fn wrap(shared: Rc<SearchShared>) -> JsValue {
        let this = JsValue::from(SearchElement {
            shared: shared.clone(),
        });
        *shared.js_self.borrow_mut() = Some(this.clone());
        this
    }
}

#[wasm_bindgen]
impl SearchElement {
    /// The options as last given (merged).
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> JsValue {
        self.shared.state.borrow().raw.clone()
    }

    /// `"loading"` until mounted and shown, then `"ready"`.
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

    /// Removes the element. It cannot be mounted again.
    pub fn unmount(&self) {
        self.shared.unmount();
    }

    /// Changes options; a new `channelId` runs the current query again in that conversation.
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
    SearchElement,
    "`ready`, `snapshot`, `optionsUpdated`, `error`, `resultClick`, `close`"
);
