//! The JS class of a search element.

use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::SearchShared;
use crate::elements::methods::element_methods;
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

element_methods!(
    SearchElement,
    "a new `channelId` runs the current query again in that conversation"
);

emitter::listener_methods!(
    SearchElement,
    "`ready`, `snapshot`, `optionsUpdated`, `error`, `resultClick`, `close`"
);
