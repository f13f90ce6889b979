//! `UserRef`: a user by id (`session.user(id)`, `session.currentUser`).

use js_sys::Promise;
use wasm_bindgen::prelude::*;

use crate::data::args::{self, request};
use crate::data::promise;
use crate::data::subscription::{self, Kind};
use crate::session::handle::SessionHandle;

/// The fields `set` and `createIfNotExists` send.
const USER_FIELDS: &[&str] = &[
    "name",
    "custom",
    "locale",
    "photoUrl",
    "role",
    "welcomeMessage",
];

#[wasm_bindgen]
pub struct UserRef {
    handle: SessionHandle,
    /// A JS string.
    id: JsValue,
}

impl UserRef {
    pub fn wrap(handle: &SessionHandle, id: &JsValue) -> JsValue {
        UserRef {
            handle: handle.clone(),
            id: id.clone(),
        }
        .into()
    }

    fn write(&self, op: &str, params: &JsValue, optional: bool) -> Promise {
        let request = args::params(params, "params", optional).map(|params| {
            let request = request(op, &[("userId", &self.id)]);
            args::copy_fields(&params, USER_FIELDS, &request);
            request
        });
        promise::checked(&self.handle, request, None)
    }

    fn topic(&self, kind: &str) -> js_sys::Object {
        args::topic(kind, &[("userId", &self.id)])
    }
}

#[wasm_bindgen]
impl UserRef {
    /// The user's id.
    #[wasm_bindgen(getter, unchecked_return_type = "string")]
    pub fn id(&self) -> JsValue {
        self.id.clone()
    }

    /// The user's snapshot, or `null` when there is no such user.
    #[wasm_bindgen(unchecked_return_type = "Promise<UserSnapshot | null>")]
    pub fn get(&self) -> Promise {
        promise::call(
            &self.handle,
            request("getUser", &[("userId", &self.id)]),
            Some("user"),
        )
    }

    /// Updates the user (only the current user), creating them if needed (then `name` is
    /// required). `null` clears a field; in `custom`, a key set to `null` is removed.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn set(&self, params: JsValue) -> Promise {
        self.write("setUser", &params, false)
    }

    /// Creates the user unless one with this id exists (which is left as it is).
    #[wasm_bindgen(js_name = createIfNotExists, unchecked_return_type = "Promise<void>")]
    pub fn create_if_not_exists(&self, params: JsValue) -> Promise {
        self.write("createUser", &params, false)
    }

    /// Calls `onSnapshot(user | null)` whenever the user changes.
    #[wasm_bindgen(unchecked_return_type = "Subscription")]
    pub fn subscribe(&self, on_snapshot: JsValue) -> Result<JsValue, JsValue> {
        subscription::watch(&self.handle, self.topic("user"), Kind::User, &on_snapshot)
    }

    /// Calls `onSnapshot({ user, isConnected } | null)` whenever the user or their presence
    /// changes.
    #[wasm_bindgen(js_name = subscribeOnline, unchecked_return_type = "Subscription")]
    pub fn subscribe_online(&self, on_snapshot: JsValue) -> Result<JsValue, JsValue> {
        subscription::watch(
            &self.handle,
            self.topic("online"),
            Kind::Online,
            &on_snapshot,
        )
    }
}
