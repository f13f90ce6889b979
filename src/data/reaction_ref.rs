//! `ReactionRef`: the current user's reaction with one emoji on one message.

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use crate::data::args::request;
use crate::data::promise;
use crate::session::handle::SessionHandle;

#[wasm_bindgen]
pub struct ReactionRef {
    handle: SessionHandle,
    conversation_id: JsValue,
    message_id: JsValue,
    emoji: JsValue,
}

impl ReactionRef {
    pub fn wrap(
        handle: &SessionHandle,
        conversation_id: &JsValue,
        message_id: &JsValue,
        emoji: &JsValue,
    ) -> JsValue {
        ReactionRef {
            handle: handle.clone(),
            conversation_id: conversation_id.clone(),
            message_id: message_id.clone(),
            emoji: emoji.clone(),
        }
        .into()
    }

    fn request(&self, op: &str) -> Object {
        request(
            op,
            &[
                ("conversationId", &self.conversation_id),
                ("messageId", &self.message_id),
                ("emoji", &self.emoji),
            ],
        )
    }
}

#[wasm_bindgen]
impl ReactionRef {
    #[wasm_bindgen(getter, unchecked_return_type = "string")]
    pub fn emoji(&self) -> JsValue {
        self.emoji.clone()
    }

    #[wasm_bindgen(getter, js_name = messageId, unchecked_return_type = "string")]
    pub fn message_id(&self) -> JsValue {
        self.message_id.clone()
    }

    #[wasm_bindgen(getter, js_name = conversationId, unchecked_return_type = "string")]
    pub fn conversation_id(&self) -> JsValue {
        self.conversation_id.clone()
    }

    /// Reacts with this emoji (reacting twice is the same as once).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn add(&self) -> Promise {
        promise::call(&self.handle, self.request("addReaction"), None)
    }

    /// Removes the current user's reaction with this emoji (none is not an error).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn remove(&self) -> Promise {
        promise::call(&self.handle, self.request("removeReaction"), None)
    }
}
