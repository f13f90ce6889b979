//! `ParticipantRef`: a user's membership of a conversation (`conversation.participant(user)`).

use js_sys::{Object, Promise};
use wasm_bindgen::prelude::*;

use crate::data::args::{self, request};
use crate::data::promise;
use crate::data::subscription::{self, Kind};
use crate::session::handle::SessionHandle;

/// The fields the writes send.
const PARTICIPANT_FIELDS: &[&str] = &["access", "notify"];

#[wasm_bindgen]
pub struct ParticipantRef {
    handle: SessionHandle,
    conversation_id: JsValue,
    user_id: JsValue,
}

impl ParticipantRef {
    pub fn wrap(handle: &SessionHandle, conversation_id: &JsValue, user_id: &JsValue) -> JsValue {
        ParticipantRef {
            handle: handle.clone(),
            conversation_id: conversation_id.clone(),
            user_id: user_id.clone(),
        }
        .into()
    }

    fn request(&self, op: &str) -> Object {
        request(
            op,
            &[
                ("conversationId", &self.conversation_id),
                ("userId", &self.user_id),
            ],
        )
    }

    fn write(&self, op: &str, params: &JsValue) -> Promise {
        let request = args::params(params, "params", true).map(|params| {
            let request = self.request(op);
            args::copy_fields(&params, PARTICIPANT_FIELDS, &request);
            request
        });
        promise::checked(&self.handle, request, None)
    }
}

#[wasm_bindgen]
impl ParticipantRef {
    /// The participant's user id.
    #[wasm_bindgen(getter, js_name = userId, unchecked_return_type = "string")]
    pub fn user_id(&self) -> JsValue {
        self.user_id.clone()
    }

    /// The conversation's id.
    #[wasm_bindgen(getter, js_name = conversationId, unchecked_return_type = "string")]
    pub fn conversation_id(&self) -> JsValue {
        self.conversation_id.clone()
    }

    /// The participant, or `null` when the user is not in the conversation, or the current user
    /// may not see the conversation (as `subscribe` shows it).
    #[wasm_bindgen(unchecked_return_type = "Promise<ParticipantSnapshot | null>")]
    pub fn get(&self) -> Promise {
        promise::get_or_null(&self.handle, self.request("getParticipant"), "participant")
    }

    /// Adds the user if needed and applies `{ access?, notify? }`.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn set(&self, params: JsValue) -> Promise {
        self.write("setParticipant", &params)
    }

    /// Applies `{ access?, notify? }` to an existing participant (`NOT_FOUND` otherwise).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn edit(&self, params: JsValue) -> Promise {
        self.write("editParticipant", &params)
    }

    /// Adds the user unless they already take part.
    #[wasm_bindgen(js_name = createIfNotExists, unchecked_return_type = "Promise<void>")]
    pub fn create_if_not_exists(&self, params: JsValue) -> Promise {
        self.write("createParticipant", &params)
    }

    /// Removes the user from the conversation (not being in it is not an error).
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn delete(&self) -> Promise {
        promise::call(&self.handle, self.request("deleteParticipant"), None)
    }

    /// Calls `onSnapshot(participant | null)` whenever the participant (or their user) changes.
    #[wasm_bindgen(unchecked_return_type = "Subscription")]
    pub fn subscribe(&self, on_snapshot: JsValue) -> Result<JsValue, JsValue> {
        let topic = args::topic(
            "participant",
            &[
                ("conversationId", &self.conversation_id),
                ("userId", &self.user_id),
            ],
        );
        subscription::watch(&self.handle, topic, Kind::Participant, &on_snapshot)
    }
}
