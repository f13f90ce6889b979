//! The JS classes: `Subscription` (one snapshot) and `WindowedSubscription` (a list with
//! `loadMore`). Both wrap the same [`Core`].

use std::rc::Rc;

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::data::args;
use crate::data::promise::rejected;
use crate::data::subscription::core::{Core, Feed};
use crate::data::subscription::messages;
use crate::data::subscription::window::Window;

/// A subscription to one thing (a user, a conversation, a participant, typing, presence).
#[wasm_bindgen]
pub struct Subscription {
    core: Rc<Core>,
}

/// A subscription to a list (conversations, messages, participants) that can grow.
#[wasm_bindgen]
pub struct WindowedSubscription {
    core: Rc<Core>,
}

impl Subscription {
    pub(super) fn wrap(core: Rc<Core>) -> JsValue {
        Subscription { core }.into()
    }
}

impl WindowedSubscription {
    pub(super) fn wrap(core: Rc<Core>) -> JsValue {
        WindowedSubscription { core }.into()
    }
}

macro_rules! subscription_methods {
    ($class:ident) => {
        #[wasm_bindgen]
        impl $class {
            /// `{ type: "pending" }`, `{ type: "active", latestSnapshot, loadedAll? }`,
            /// `{ type: "unsubscribed" }` or `{ type: "error", error }`.
            #[wasm_bindgen(getter)]
            pub fn state(&self) -> JsValue {
                self.core.state()
            }

            /// Resolves with the active state once the first snapshot arrived; rejects if the
            /// subscription ends first.
            #[wasm_bindgen(getter)]
            pub fn connected(&self) -> Promise {
                self.core.connected()
            }

            /// Resolves with the final state (`unsubscribed` or `error`).
            #[wasm_bindgen(getter)]
            pub fn terminated(&self) -> Promise {
                self.core.terminated()
            }

            /// Stops the subscription (does nothing when it already ended).
            pub fn unsubscribe(&self) {
                self.core.end(None);
            }
        }
    };
}

subscription_methods!(Subscription);
subscription_methods!(WindowedSubscription);

#[wasm_bindgen]
impl WindowedSubscription {
    /// Grows the window by `count` older items (relative to what it holds now: parallel calls
    /// collapse). Resolves once the bigger window was delivered.
    #[wasm_bindgen(js_name = loadMore, unchecked_return_type = "Promise<void>")]
    pub fn load_more(&self, count: JsValue) -> Promise {
        let count = match args::count(&count, self.core.kind.default_count()) {
            Ok(count) => count,
            Err(error) => return rejected(error),
        };
        let messages = matches!(&*self.core.feed.borrow(), Feed::Messages(_));
        if messages {
            messages::load_more(&self.core, count)
        } else {
            Window::load_more(&self.core, count)
        }
    }
}
