//! The `ChatElement` JS class: the public methods of a chat-element.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::ElementShared;
use crate::elements::methods::element_methods;
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

element_methods!(ChatElement, "a new `channelId` switches the conversation");

emitter::listener_methods!(
    ChatElement,
    "`ready`, `snapshot`, `optionsUpdated`, `error`, `messageSent`, `messageDeleted`, `profileClick`, `linkClick`, `attachmentClick`, `experienceClick`"
);
