//! The `ChatElement` JS class: the public methods of a chat-element.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::ElementShared;
use crate::chat_session::ChatSessionShared;
use crate::elements::methods::element_methods;
use crate::emitter;
use crate::errors::Error;

/// A chat element: the messages of one conversation and a composer.
#[wasm_bindgen]
pub struct ChatElement {
    shared: Rc<ElementShared>,
}

impl ChatElement {
    /// Creates an element of `session` and its JS object (kept by the element until it is
    /// unmounted).
    pub fn create(session: &Rc<ChatSessionShared>, options: &JsValue) -> Result<JsValue, Error> {
        let shared = ElementShared::new(session, options)?;
        let this = JsValue::from(ChatElement {
            shared: shared.clone(),
        });
        *shared.js_self.borrow_mut() = Some(this.clone());
        Ok(this)
    }
}

element_methods!(ChatElement, "a new `channelId` switches the conversation");

emitter::listener_methods!(
    ChatElement,
    "`ready`, `snapshot`, `optionsUpdated`, `error`, `messageSent`, `messageDeleted`, `profileClick`, `linkClick`, `attachmentClick`, `experienceClick`"
);
