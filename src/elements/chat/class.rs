//! The `ChatElement` JS class: the public methods of a chat-element.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::ElementShared;
use crate::emitter;

/// A chat element: the messages of one conversation and a composer.
#[wasm_bindgen]
pub struct ChatElement {
    shared: Rc<ElementShared>,
}

impl ChatElement {
    /// Creates the JS object for an element (kept by the element until it is unmounted).
    pub fn wrap(shared: Rc<ElementShared>) -> JsValue {
        let this = JsValue::from(ChatElement {
            shared: shared.clone(),
        });
        *shared.js_self.borrow_mut() = Some(this.clone());
        this
    }
}

#[wasm_bindgen]
impl ChatElement {
    /// The options as last given (merged).
    #[wasm_bindgen(getter)]
    pub fn options(&self) -> JsValue {
        self.shared.state.borrow().raw.clone()
    }

    /// `"loading"` until the newest messages are shown, then `"ready"`.
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

    /// Changes options; a new `channelId` switches the conversation.
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
    ChatElement,
    "`ready`, `snapshot`, `optionsUpdated`, `error`, `messageSent`, `messageDeleted`, `profileClick`, `linkClick`, `attachmentClick`, `experienceClick`"
);
