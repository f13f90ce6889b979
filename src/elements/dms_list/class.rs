//! The JS class `DmsListElement`: the same element contract as `ChatElement`.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::DmsShared;
use crate::chat_session::ChatSessionShared;
use crate::elements::methods::element_methods;
use crate::emitter;
use crate::errors::Error;

/// A list of the current user's conversations.
#[wasm_bindgen]
pub struct DmsListElement {
    shared: Rc<DmsShared>,
}

impl DmsListElement {
    /// Creates the element and its JS object (kept by the element until it is unmounted).
    pub fn create(session: &Rc<ChatSessionShared>, options: &JsValue) -> Result<JsValue, Error> {
        let shared = DmsShared::new(session, options)?;
        let this = JsValue::from(DmsListElement {
            shared: shared.clone(),
        });
        *shared.js_self.borrow_mut() = Some(this.clone());
        Ok(this)
    }
}

element_methods!(
    DmsListElement,
    "`selectedChannel` moves the selection, `emptyState` replaces the text"
);

emitter::listener_methods!(
    DmsListElement,
    "`ready`, `snapshot`, `optionsUpdated`, `error`, `channelSelected`"
);
