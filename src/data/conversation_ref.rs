//! `ConversationRef`: the current user's view of a conversation (`session.conversation(id)`):
//! reading and writing it, sending, read state, typing, and the refs inside it.

use std::rc::Rc;

use js_sys::{Map, Object, Promise};
use wasm_bindgen::prelude::*;

use crate::data::args::{self, request};
use crate::data::context::cached;
use crate::data::message_ref::MessageRef;
use crate::data::participant_ref::ParticipantRef;
use crate::data::promise;
use crate::data::send_params;
use crate::errors::Error;
use crate::js;
use crate::session::handle::SessionHandle;

/// The fields `set` and `createIfNotExists` send.
const CONVERSATION_FIELDS: &[&str] = &[
    "subject",
    "photoUrl",
    "welcomeMessages",
    "custom",
    "access",
    "notify",
];

/// What a `ConversationRef` and the futures it starts share.
pub struct Inner {
    pub handle: SessionHandle,
    /// The id as a JS string (requests, refs) and as a Rust one (the engine's API).
    pub id: JsValue,
    pub id_text: String,
    messages: Map,
    participants: Map,
}

impl Inner {
    /// The `MessageRef` for `id` in this conversation.
    pub fn message(&self, id: &JsValue) -> JsValue {
        cached(&self.messages, id, || {
            MessageRef::wrap(&self.handle, &self.id, id)
        })
    }

    fn request(&self, op: &str) -> Object {
        request(op, &[("conversationId", &self.id)])
    }
}

#[wasm_bindgen]
pub struct ConversationRef {
    pub(crate) inner: Rc<Inner>,
}

impl ConversationRef {
    pub fn wrap(handle: &SessionHandle, id: &JsValue) -> JsValue {
        ConversationRef {
            inner: Rc::new(Inner {
                handle: handle.clone(),
                id: id.clone(),
                id_text: id.as_string().unwrap_or_default(),
                messages: Map::new(),
                participants: Map::new(),
            }),
        }
        .into()
    }

    fn write(&self, op: &str, params: &JsValue) -> Promise {
        let request = args::params(params, "params", true).map(|params| {
            let request = self.inner.request(op);
            args::copy_fields(&params, CONVERSATION_FIELDS, &request);
            request
        });
        promise::checked(&self.inner.handle, request, None)
    }

    fn simple(&self, op: &str) -> Promise {
        promise::call(&self.inner.handle, self.inner.request(op), None)
    }
}

#[wasm_bindgen]
impl ConversationRef {
    /// The conversation's id.
    #[wasm_bindgen(getter, unchecked_return_type = "string")]
    pub fn id(&self) -> JsValue {
        self.inner.id.clone()
    }

    /// The conversation as the current user sees it, or `null` unless they take part.
    #[wasm_bindgen(unchecked_return_type = "Promise<ConversationSnapshot | null>")]
    pub fn get(&self) -> Promise {
        promise::call(
            &self.inner.handle,
            self.inner.request("getConversation"),
            Some("conversation"),
        )
    }

    /// Creates the conversation if needed (joining it), then applies the fields; `access` and
    /// `notify` are the current user's own.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn set(&self, params: JsValue) -> Promise {
        self.write("setConversation", &params)
    }

    /// Creates the conversation with the current user in it, unless it exists.
    #[wasm_bindgen(js_name = createIfNotExists, unchecked_return_type = "Promise<void>")]
    pub fn create_if_not_exists(&self, params: JsValue) -> Promise {
        self.write("createConversation", &params)
    }

    /// Removes custom fields: `deleteFields("a", "b")` sets `custom.a` and `custom.b` to null.
    #[wasm_bindgen(js_name = deleteFields, variadic, unchecked_return_type = "Promise<void>")]
    pub fn delete_fields(&self, keys: Vec<JsValue>) -> Promise {
        let request = args::null_custom(&keys).map(|custom| {
            let request = self.inner.request("setConversation");
            js::set(&request, "custom", &custom);
            request
        });
        promise::checked(&self.inner.handle, request, None)
    }

    /// Sends a message: a text, or `{ text | content, referencedMessage?, custom? }`. Resolves
    /// with the new message's `MessageRef` once the server stored it.
    #[wasm_bindgen(unchecked_return_type = "Promise<MessageRef>")]
    pub fn send(&self, params: JsValue) -> Promise {
        let payload = match send_params::send(&params) {
            Ok(payload) => payload,
            Err(error) => return promise::rejected(error),
        };
        let inner = self.inner.clone();
        crate::js::promise(Box::pin(async move {
            let message = inner
                .handle
                .send(&inner.id_text, payload)
                .await
                .map_err(JsValue::from)?;
            match args::id(&js::get(&message, "id"), "the message id") {
                Ok(id) => Ok(inner.message(&id)),
                Err(_) => Err(Error::Network("the server's reply has no message id".into()).into()),
            }
        }))
    }

    /// The `MessageRef` for a message of this conversation.
    #[wasm_bindgen(unchecked_return_type = "MessageRef")]
    pub fn message(&self, id: JsValue) -> Result<JsValue, JsValue> {
        let id = args::id(&id, "the message id")?;
        Ok(self.inner.message(&id))
    }

    /// The `ParticipantRef` for a user (an id or a `UserRef`) in this conversation.
    #[wasm_bindgen(unchecked_return_type = "ParticipantRef")]
    pub fn participant(&self, user: JsValue) -> Result<JsValue, JsValue> {
        let user_id = args::id_or_ref(&user, "the user")?;
        let inner = &self.inner;
        Ok(cached(&inner.participants, &user_id, || {
            ParticipantRef::wrap(&inner.handle, &inner.id, &user_id)
        }))
    }

    /// Marks every message as read by the current user.
    #[wasm_bindgen(js_name = markAsRead, unchecked_return_type = "Promise<void>")]
    pub fn mark_as_read(&self) -> Promise {
        self.simple("markRead")
    }

    /// Marks the conversation as unread (its latest message by someone else counts as unread).
    #[wasm_bindgen(js_name = markAsUnread, unchecked_return_type = "Promise<void>")]
    pub fn mark_as_unread(&self) -> Promise {
        self.simple("markUnread")
    }

    /// Shows the current user as typing for a few seconds (calls are throttled).
    #[wasm_bindgen(js_name = markAsTyping, unchecked_return_type = "Promise<void>")]
    pub fn mark_as_typing(&self) -> Promise {
        self.inner.handle.mark_typing(&self.inner.id_text);
        Promise::resolve(&JsValue::UNDEFINED)
    }
}
