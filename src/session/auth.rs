//! Tokens inside the session: fetching (one at a time), applying a new token (in-band re-auth
//! on a live socket), the refresh schedule, and what a refused token leads to.

use chat_elements_core::{AuthRejection, RefreshPlan};
use chat_elements_protocol::{Request, Welcome};
use wasm_bindgen::JsValue;
use web_sys::AbortController;

use crate::connection::Pending;
use crate::errors::Error;
use crate::js;
use crate::session::effects::{with, Effect, Fx};
use crate::session::state::Core;
use crate::timers::Timeout;
use crate::token::{Fetch, TokenSource};

impl Core {
    /// Starts a token fetch unless one is already running (its result serves everyone).
    pub fn request_token(&mut self, fx: &mut Fx) {
        if self.destroyed || self.token.fetch.is_some() {
            return;
        }
        let source = self.token.source.clone();
        if matches!(source, TokenSource::Absent | TokenSource::Fixed(_)) {
            return;
        }
        let id = self.token.next_fetch_id;
        self.token.next_fetch_id += 1;
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        self.token.fetch = Some(Fetch { id, controller });
        self.token.refresh_timer = None;
        self.conn.link.await_token();
        fx.push(Effect::FetchToken { id, source, signal });
        fx.render_all();
    }

    /// The result of token fetch `id`.
    pub fn on_token(&mut self, id: u64, result: Result<String, (Error, JsValue)>, fx: &mut Fx) {
        if self.destroyed || self.token.fetch.as_ref().map(|f| f.id) != Some(id) {
            return; // aborted or superseded
        }
        self.token.fetch = None;
        match result {
            Ok(token) => {
                self.token.retry.reset();
                if let TokenSource::Promised(_) = self.token.source {
                    self.token.source = TokenSource::Fixed(token.clone());
                }
                let refreshed = self.token.obtained_once;
                self.token.obtained_once = true;
                self.token.current = Some(token.clone());
                self.token.stale = false;
                self.token.last_refresh = Some(js::now_ms());
                if refreshed {
                    fx.emit("tokenRefreshed", JsValue::from_str(&token));
                }
                self.apply_token(fx);
            }
            Err((error, cause)) => {
                fx.emit("tokenRefreshError", error.to_js_with_cause(&cause));
                if self.token.source.can_refresh() {
                    let delay = self.token.retry.next_delay(js::random());
                    let weak = self.me.clone();
                    self.token.refresh_timer = Some(Timeout::new(delay, move || {
                        with(&weak, |core, fx| core.request_token(fx));
                    }));
                } else {
                    // A rejected Promise cannot be asked again: wait for updateOptions.
                    if !self.conn.link.is_open() {
                        self.conn.link.stop();
                    }
                    fx.error(&error);
                }
                fx.render_all();
            }
        }
    }

    /// Puts the current token in force: re-auth in-band on a live socket (subscriptions stay),
    /// else connect with it.
    pub fn apply_token(&mut self, fx: &mut Fx) {
        let Some(token) = self.token.current.clone() else {
            return;
        };
        if self.conn.link.is_open() {
            self.request(Request::Auth { token }, Pending::Auth { reauth: true });
        } else {
            self.connect(fx);
        }
    }

    /// The server welcomed a token (first auth or re-auth).
    pub fn on_welcome(&mut self, generation: u64, welcome: Welcome, fx: &mut Fx) {
        let now = js::now_ms();
        let first = self.conn.link.welcomed(generation);
        self.conn.backoff.reset();
        self.token.stale = false;
        self.token.plan = Some(RefreshPlan::new(
            welcome.server_time,
            welcome.token_expires_at,
            now,
            self.token.last_refresh,
        ));
        self.user = Some(welcome.user);
        self.limits = welcome.limits;
        self.schedule_refresh();
        self.start_health_check(generation);
        if first {
            fx.emit("ready", JsValue::UNDEFINED);
        }
        fx.render_all();
        self.sync(fx);
    }

    /// Arms the refresh timer from the current plan (function tokens only).
    fn schedule_refresh(&mut self) {
        self.token.refresh_timer = None;
        if !self.token.source.can_refresh() || self.token.fetch.is_some() {
            return;
        }
        let Some(plan) = self.token.plan else {
            return;
        };
        let weak = self.me.clone();
        self.token.refresh_timer = Some(Timeout::new(plan.delay_from(js::now_ms()), move || {
            with(&weak, |core, fx| core.on_refresh_due(fx));
        }));
    }

    fn on_refresh_due(&mut self, fx: &mut Fx) {
        self.token.refresh_timer = None;
        match self.token.plan {
            // Long waits are capped by the browser's timer range: check again.
            Some(plan) if plan.delay_from(js::now_ms()) > 0 => self.schedule_refresh(),
            _ => self.request_token(fx),
        }
    }

    /// The server refused the token (an `auth` reply, or TOKEN_EXPIRED on another request).
    /// At most one refresh per streak of refusals, then give up with an `error` event.
    /// A refused in-band re-auth leaves the previous token in force (`reauth`).
    pub fn on_token_refused(&mut self, generation: u64, error: Error, reauth: bool, fx: &mut Fx) {
        if !reauth {
            self.token.stale = true;
        }
        if self.token.fetch.is_some() {
            return; // a new token is on its way
        }
        match self
            .conn
            .link
            .auth_rejected(generation, self.token.source.can_refresh())
        {
            AuthRejection::Refresh => self.request_token(fx),
            AuthRejection::GiveUp => {
                if !self.conn.link.is_open() {
                    self.drop_socket();
                }
                fx.error(&error);
                fx.render_all();
            }
        }
    }
}
