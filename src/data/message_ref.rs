//! `MessageRef`: a message of a conversation (`conversation.message(id)`, or from `send`).

use js_sys::{Map, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::data::args::{self, request};
use crate::data::context::cached;
use crate::data::promise;
use crate::data::reaction_ref::ReactionRef;
use crate::data::send_params;
use crate::js;
use crate::session::handle::SessionHandle;

#[wasm_bindgen]
pub struct MessageRef {
    handle: SessionHandle,
    conversation_id: JsValue,
    id: JsValue,
    reactions: Map,
}

impl MessageRef {
    pub fn wrap(handle: &SessionHandle, conversation_id: &JsValue, id: &JsValue) -> JsValue {
        MessageRef {
            handle: handle.clone(),
            conversation_id: conversation_id.clone(),
            id: id.clone(),
            reactions: Map::new(),
        }
        .into()
    }

    fn request(&self, op: &str) -> Object {
        request(
            op,
            &[
                ("conversationId", &self.conversation_id),
                ("messageId", &self.id),
            ],
        )
    }

    /// `{ op, conversationId, messageId, ...fields }`.
    fn edit_request(&self, fields: &Object) -> Object {
        Object::assign(&self.request("editMessage"), fields)
    }
}

#[wasm_bindgen]
impl MessageRef {
    /// The message's id.
    #[wasm_bindgen(getter, unchecked_return_type = "string")]
    pub fn id(&self) -> JsValue {
        self.id.clone()
    }

    /// The id of the conversation the message is in.
    #[wasm_bindgen(getter, js_name = conversationId, unchecked_return_type = "string")]
    pub fn conversation_id(&self) -> JsValue {
        self.conversation_id.clone()
    }

    /// The message, or `null` when it does not exist or the current user is not a participant.
    #[wasm_bindgen(unchecked_return_type = "Promise<MessageSnapshot | null>")]
    pub fn get(&self) -> Promise {
        promise::get_or_null(&self.handle, self.request("getMessage"), "message")
    }

    /// Changes the text (a string, or `{ text | content, custom }`; only the author may).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn edit(&self, params: JsValue) -> Promise {
        let request = send_params::edit(&params).map(|fields| self.edit_request(&fields));
        promise::checked(&self.handle, request, None)
    }

    /// Deletes the message (a missing message is not an error).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn delete(&self) -> Promise {
        promise::call(&self.handle, self.request("deleteMessage"), None)
    }

    /// Removes custom fields: `deleteFields("a", "b")`.
    #[wasm_bindgen(js_name = deleteFields, variadic, unchecked_return_type = "Promise<void>")]
    pub fn delete_fields(&self, keys: Vec<JsValue>) -> Promise {
        let request = args::null_custom(&keys).map(|custom| {
            let request = self.request("editMessage");
            js::set(&request, "custom", &custom);
            request
        });
        promise::checked(&self.handle, request, None)
    }

    /// The `ReactionRef` for an emoji on this message.
    #[wasm_bindgen(unchecked_return_type = "ReactionRef")]
    pub fn reactions(&self, emoji: JsValue) -> Result<JsValue, JsValue> {
        let emoji = args::id(&emoji, "the emoji")?;
        Ok(cached(&self.reactions, &emoji, || {
            ReactionRef::wrap(&self.handle, &self.conversation_id, &self.id, &emoji)
        }))
    }

    /// The same as `reactions(emoji)`.
    #[wasm_bindgen(unchecked_return_type = "ReactionRef")]
    pub fn reaction(&self, emoji: JsValue) -> Result<JsValue, JsValue> {
        self.reactions(emoji)
    }
}
