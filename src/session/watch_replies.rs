//! The wire side of watched topics: writing `watch` / `unwatch`, and the `watching` replies,
//! `snapshot` frames and refusals that come back (see `watches.rs` for the listeners).

use chat_elements_core::ErrorAction;
use js_sys::JSON;
use wasm_bindgen::JsValue;

use crate::connection::Pending;
use crate::errors::Error;
use crate::js::{self, get};
use crate::session::effects::{Effect, Fx};
use crate::session::handle::Update;
use crate::session::state::Core;
use crate::wire;

impl Core {
    /// Writes the pending `unwatch`es and the `watch`es the current socket lacks. False when the
    /// socket is failing.
    pub fn sync_watches(&mut self, now: i64) -> bool {
        for watch_id in std::mem::take(&mut self.watches.unwatch) {
            if self
                .request(wire::unwatch(&watch_id), Pending::Unwatch)
                .is_none()
            {
                return false;
            }
        }
        let due: Vec<(String, JsValue)> = self
            .watches
            .upstreams
            .iter()
            .filter(|u| !u.live && u.in_flight.is_none() && u.not_before <= now)
            .map(|u| (u.watch_id.clone(), wire::watch(&u.watch_id, &u.topic)))
            .collect();
        for (watch_id, request) in due {
            let pending = Pending::Watch {
                watch_id: watch_id.clone(),
            };
            let Some(request_id) = self.request(request, pending) else {
                return false;
            };
            self.counters.watches += 1;
            if let Some(u) = self
                .watches
                .upstreams
                .iter_mut()
                .find(|u| u.watch_id == watch_id)
            {
                u.in_flight = Some(request_id);
            }
        }
        true
    }

    /// The `watching` reply to request `request_id`.
    pub fn on_watching(&mut self, watch_id: &str, request_id: u64, result: &JsValue) {
        let Some(upstream) = self
            .watches
            .upstreams
            .iter_mut()
            .find(|u| u.watch_id == watch_id && u.in_flight == Some(request_id))
        else {
            return; // a topic replaced since, or unwatched
        };
        upstream.in_flight = None;
        upstream.live = true;
        let snapshot = get(result, "snapshot");
        let same = upstream
            .snapshot
            .as_ref()
            .is_some_and(|old| json(old) == json(&snapshot));
        if !same {
            self.store_snapshot(watch_id, snapshot);
        }
    }

    /// A `snapshot` frame.
    pub fn on_snapshot(&mut self, watch_id: &str, snapshot: JsValue) {
        let current = self
            .watches
            .upstreams
            .iter()
            .any(|u| u.watch_id == watch_id && u.live && u.in_flight.is_none());
        if current {
            self.store_snapshot(watch_id, snapshot);
        }
    }

    fn store_snapshot(&mut self, watch_id: &str, snapshot: JsValue) {
        let watches = &mut self.watches;
        let Some(upstream) = watches
            .upstreams
            .iter_mut()
            .find(|u| u.watch_id == watch_id)
        else {
            return;
        };
        upstream.snapshot = Some(snapshot.clone());
        for sub in &mut watches.subs {
            if upstream.subs.contains(&sub.id) {
                sub.pending = Some(Update::Snapshot(snapshot.clone()));
            }
        }
    }

    /// The server refused `watch` request `request_id`.
    pub fn on_watch_error(
        &mut self,
        generation: u64,
        watch_id: &str,
        request_id: u64,
        error: Error,
        action: ErrorAction,
        fx: &mut Fx,
    ) {
        let watches = &mut self.watches;
        let Some(at) = watches
            .upstreams
            .iter()
            .position(|u| u.watch_id == watch_id && u.in_flight == Some(request_id))
        else {
            return;
        };
        watches.upstreams[at].in_flight = None;
        match action {
            // Watched again after the re-authentication.
            ErrorAction::RefreshToken => self.on_token_refused(generation, error, false, fx),
            ErrorAction::RetryAfter(ms) => {
                watches.upstreams[at].not_before = js::now_ms() + ms as i64;
                self.sync(fx);
            }
            ErrorAction::Fail => {
                let upstream = watches.upstreams.remove(at);
                let mut updates = Vec::new();
                watches.subs.retain(|sub| {
                    let ended = upstream.subs.contains(&sub.id);
                    if ended {
                        updates.push((sub.listener.clone(), Update::Error(error.clone())));
                    }
                    !ended
                });
                fx.push(Effect::Deliver(updates));
            }
        }
    }
}

fn json(value: &JsValue) -> Option<String> {
    JSON::stringify(value).ok()?.as_string()
}
