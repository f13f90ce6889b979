//! Watched topics over `chat_elements_core::Watches` (listeners of equal topics share one
//! upstream `watch`, keyed by the topic's JSON): adding and removing listeners, writing
//! `watch` / `unwatch`, and the `watching` replies, `snapshot` frames and refusals that come back.

use chat_elements_core::WatchFailure;
use chat_elements_protocol::ErrorCode;
use js_sys::JSON;
use wasm_bindgen::JsValue;

use crate::errors::Error;
use crate::js::{self, get};
use crate::session::connection::Pending;
use crate::session::effects::{Effect, Fx};
use crate::session::handle::{Listener, Update};
use crate::session::state::Core;
use crate::wire;

/// The key of a topic: its JSON.
fn json(value: &JsValue) -> Option<String> {
    if !value.is_object() {
        return None;
    }
    JSON::stringify(value).ok()?.as_string()
}

impl Core {
    /// A new listener of `topic`.
    pub fn add_watch(&mut self, topic: JsValue, listener: Listener, fx: &mut Fx) -> u64 {
        let id = self.life.listener_id();
        let key = match (&self.life.fatal, json(&topic)) {
            (Some(error), _) => Err(error.clone()),
            (None, None) => Err(Error::InvalidOptions("a topic must be an object".into())),
            (None, Some(key)) => Ok(key),
        };
        match key {
            Ok(key) => {
                self.watches.add(id, key, topic, listener);
                self.sync(fx);
            }
            Err(error) => fx.push(Effect::Deliver(vec![(listener, Update::Error(error))])),
        }
        id
    }

    /// The listener's handle was dropped.
    pub fn remove_watch(&mut self, id: u64, fx: &mut Fx) {
        self.watches.remove(id);
        self.sync(fx);
    }

    /// A listener watches another topic from now on.
    pub fn set_watch_topic(&mut self, id: u64, topic: JsValue, fx: &mut Fx) {
        if let Some(key) = json(&topic) {
            self.watches.set_topic(id, key, topic);
            self.sync(fx);
        }
    }

    /// Writes the pending `unwatch`es and the `watch`es the current socket lacks. False when the
    /// socket is failing.
    pub fn sync_watches(&mut self, now: i64) -> bool {
        for watch_id in self.watches.take_unwatch() {
            if self
                .request(wire::unwatch(&watch_id), Pending::Unwatch)
                .is_none()
            {
                return false;
            }
        }
        for (watch_id, topic) in self.watches.due(now) {
            let request = wire::watch(&watch_id, &topic);
            let pending = Pending::Watch {
                watch_id: watch_id.clone(),
            };
            let Some(request_id) = self.request(request, pending) else {
                return false;
            };
            #[cfg(feature = "test-hooks")]
            {
                self.counters.watches += 1;
            }
            self.watches.written(&watch_id, request_id);
        }
        true
    }

    /// The `watching` reply to request `request_id`.
    pub fn on_watching(&mut self, watch_id: &str, request_id: u64, result: &JsValue) {
        let snapshot = get(result, "snapshot");
        self.watches
            .on_watching(watch_id, request_id, snapshot, |a, b| json(a) == json(b));
    }

    /// A `snapshot` frame.
    pub fn on_snapshot(&mut self, watch_id: &str, snapshot: JsValue) {
        self.watches.on_snapshot(watch_id, snapshot);
    }

    /// The server refused `watch` request `request_id`.
    pub fn on_watch_error(
        &mut self,
        generation: u64,
        watch_id: &str,
        request_id: u64,
        error: Error,
        retry_after_ms: Option<u64>,
        fx: &mut Fx,
    ) {
        let code = error.server_code().unwrap_or(ErrorCode::Internal);
        let failure = self
            .watches
            .failed(watch_id, request_id, code, retry_after_ms, js::now_ms());
        match failure {
            WatchFailure::Stale => {}
            // Watched again after the re-authentication.
            WatchFailure::RefreshToken => self.on_token_refused(generation, error, false, fx),
            WatchFailure::Wait => self.sync(fx),
            WatchFailure::Ended(listeners) => {
                let updates = listeners
                    .into_iter()
                    .map(|l| (l, Update::Error(error.clone())))
                    .collect();
                fx.push(Effect::Deliver(updates));
            }
        }
    }
}
