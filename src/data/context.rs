//! Per-session caches of `UserRef` and `ConversationRef` objects: the same id gives the same JS
//! object for as long as the session lives. The cache goes when the session terminates.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Map;
use wasm_bindgen::prelude::*;

use crate::data::conversation_ref::ConversationRef;
use crate::data::user_ref::UserRef;
use crate::session::handle::{FatalHandle, SessionHandle};

/// One session's refs, by id.
pub struct Context {
    pub handle: SessionHandle,
    users: Map,
    conversations: Map,
    /// Removes this context when the session terminates.
    on_fatal: RefCell<Option<FatalHandle>>,
}

thread_local! {
    /// Keyed by the session's address, which cannot be reused while the context holds it.
    static CONTEXTS: RefCell<Vec<(usize, Rc<Context>)>> = const { RefCell::new(Vec::new()) };
}

fn key(handle: &SessionHandle) -> usize {
    Rc::as_ptr(&handle.shared) as usize
}

/// The context of `handle`'s session, created on first use.
pub fn of(handle: &SessionHandle) -> Rc<Context> {
    let key = key(handle);
    let found = CONTEXTS.with(|c| {
        c.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, context)| context.clone())
    });
    if let Some(context) = found {
        return context;
    }
    let context = Rc::new(Context {
        handle: handle.clone(),
        users: Map::new(),
        conversations: Map::new(),
        on_fatal: RefCell::new(None),
    });
    if handle.is_terminated() {
        // Nothing would remove it: a terminated session gets refs, but no cache.
        return context;
    }
    CONTEXTS.with(|c| c.borrow_mut().push((key, context.clone())));
    let on_fatal = handle.on_fatal(Rc::new(move |_| {
        let removed = CONTEXTS.with(|c| {
            let mut contexts = c.borrow_mut();
            let at = contexts.iter().position(|(k, _)| *k == key)?;
            Some(contexts.swap_remove(at))
        });
        // Dropped later, outside this listener call (the context holds its FatalHandle).
        crate::js::spawn(Box::pin(async move { drop(removed) }));
    }));
    *context.on_fatal.borrow_mut() = Some(on_fatal);
    context
}

impl Context {
    /// The `UserRef` for `id` (a JS string).
    pub fn user(&self, id: &JsValue) -> JsValue {
        cached(&self.users, id, || UserRef::wrap(&self.handle, id))
    }

    /// The `ConversationRef` for `id` (a JS string).
    pub fn conversation(&self, id: &JsValue) -> JsValue {
        cached(&self.conversations, id, || {
            ConversationRef::wrap(&self.handle, id)
        })
    }
}

/// The cached value for `key`, or a new one (stored).
pub fn cached(cache: &Map, key: &JsValue, make: impl FnOnce() -> JsValue) -> JsValue {
    let value = cache.get(key);
    if !value.is_undefined() {
        return value;
    }
    let value = make();
    cache.set(key, &value);
    value
}
