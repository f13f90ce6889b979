//! A message as the server sent it: the JS object, with the few fields the timeline needs read
//! once.

use chat_elements_core::TimelineItem;
use wasm_bindgen::JsValue;

use crate::js::get;
use crate::wire::{string, uint};

/// One message: `value` is the object from `JSON.parse`, handed to the application unchanged.
#[derive(Debug, Clone, PartialEq)]
pub struct JsMessage {
    pub id: String,
    pub seq: u64,
    pub client_id: Option<String>,
    pub sender_id: Option<String>,
    pub value: JsValue,
}

impl JsMessage {
    /// Reads a message object; `None` when it lacks an id or a seq.
    pub fn read(value: JsValue) -> Option<JsMessage> {
        let sender = get(&value, "sender");
        Some(JsMessage {
            id: string(&value, "id")?,
            seq: uint(&value, "seq")?,
            client_id: string(&value, "clientId"),
            sender_id: string(&sender, "id"),
            value,
        })
    }

    /// The sender's display name (empty for system messages).
    pub fn sender_name(&self) -> String {
        string(&get(&self.value, "sender"), "name").unwrap_or_default()
    }

    /// The text without markup.
    pub fn plaintext(&self) -> String {
        string(&self.value, "plaintext").unwrap_or_default()
    }
}

impl TimelineItem for JsMessage {
    fn id(&self) -> &str {
        &self.id
    }
    fn seq(&self) -> u64 {
        self.seq
    }
    fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }
    fn sender_id(&self) -> Option<&str> {
        self.sender_id.as_deref()
    }
}
