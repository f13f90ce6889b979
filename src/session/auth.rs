//! Tokens inside the session: fetching (one at a time), applying a new token (in-band re-auth
//! on a live socket), the refresh schedule, and what a refused token leads to.
//!
//! Data API sessions ([`TokenSource::External`]) get tokens from `setToken`; when one is needed
//! (the first connection, before expiry, after a refusal, never on a plain reconnect) their
//! `onNeedToken` callback is called. After too many refusals in a row (see
//! `chat_elements_core::AuthRetry`) or [`MAX_TOKEN_FAILURES`] failing callbacks without a
//! welcome in between, the session terminates.

use chat_elements_core::AuthDecision;
use chat_elements_protocol::ErrorCode;
use js_sys::Function;
use wasm_bindgen::JsValue;
use web_sys::AbortController;

use crate::errors::Error;
use crate::js;
use crate::session::connection::Pending;
use crate::session::effects::{with, Effect, Fx};
use crate::session::state::Core;
use crate::timers::Timeout;
use crate::token::{Fetch, TokenSource};
use crate::wire;

/// Consecutive failing `onNeedToken` calls after which a Data API session gives up.
pub const MAX_TOKEN_FAILURES: u32 = chat_elements_core::token::MAX_AUTH_ATTEMPTS;

impl Core {
    /// Starts connecting (or fetching the first token). A lazy session waits for a first use.
    pub fn start(&mut self, fx: &mut Fx) {
        if self.id.lazy {
            return;
        }
        match self.token.source {
            TokenSource::Absent | TokenSource::External => {}
            TokenSource::Fixed(_) => self.connect(fx),
            TokenSource::Promised(_) | TokenSource::Function(_) => self.request_token(fx),
        }
    }

    /// Aborts the token fetch in flight, if any (its result will be ignored).
    pub fn cancel_token_fetch(&mut self, fx: &mut Fx) {
        if let Some(fetch) = self.token.fetch.take() {
            if let Some(controller) = fetch.controller {
                fx.push(Effect::Abort(controller));
            }
        }
    }

    /// True when a new token can be had (a token function, or an `onNeedToken` callback).
    pub fn can_refresh(&self) -> bool {
        match self.token.source {
            TokenSource::External => self.token.on_need_token.is_some(),
            ref source => source.can_refresh(),
        }
    }

    /// Starts a token fetch unless one is already running (its result serves everyone).
    pub fn request_token(&mut self, fx: &mut Fx) {
        if self.is_terminated() || self.token.fetch.is_some() {
            return;
        }
        let source = self.token.source.clone();
        let callback = match source {
            TokenSource::Absent | TokenSource::Fixed(_) => return,
            TokenSource::External => match self.token.on_need_token.clone() {
                Some(callback) => Some(callback),
                None => return, // waits for setToken
            },
            _ => None,
        };
        let id = self.token.next_fetch_id;
        self.token.next_fetch_id += 1;
        self.token.cancel_timers();
        self.conn.link.await_token();
        if let Some(callback) = callback {
            self.token.fetch = Some(Fetch {
                id,
                controller: None,
            });
            fx.push(Effect::NeedToken { id, callback });
        } else {
            let controller = AbortController::new().ok();
            let signal = controller.as_ref().map(AbortController::signal);
            self.token.fetch = Some(Fetch { id, controller });
            fx.push(Effect::FetchToken { id, source, signal });
        }
        fx.changed_all();
    }

    /// The result of token fetch `id` (for `onNeedToken`, only its failure: the token itself
    /// comes through `setToken`).
    pub fn on_token(&mut self, id: u64, result: Result<String, (Error, JsValue)>, fx: &mut Fx) {
        if self.is_terminated() || self.token.fetch.as_ref().map(|f| f.id) != Some(id) {
            return; // aborted or superseded
        }
        self.token.fetch = None;
        match result {
            Ok(token) => {
                self.token.retry.reset();
                if let TokenSource::Promised(_) = self.token.source {
                    self.token.source = TokenSource::Fixed(token.clone());
                }
                self.accept_token(token, fx);
            }
            Err((error, cause)) => {
                fx.emit("tokenRefreshError", error.to_js_with_cause(&cause));
                let external = matches!(self.token.source, TokenSource::External);
                if external {
                    self.token.failures += 1;
                    if self.token.failures >= MAX_TOKEN_FAILURES {
                        self.terminate(error, true, fx);
                        return;
                    }
                }
                if self.can_refresh() {
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
                fx.changed_all();
            }
        }
    }

    /// `setToken` on a Data API session (on another session it replaces the token option).
    pub fn set_token(&mut self, token: String, fx: &mut Fx) {
        if self.is_terminated() {
            return;
        }
        if !matches!(self.token.source, TokenSource::External) {
            self.replace_token(TokenSource::Fixed(token), fx);
            return;
        }
        self.token.fetch = None; // whoever waited for a token has one
        self.conn.link.new_token_supplied();
        self.accept_token(token, fx);
    }

    /// `onNeedToken = callback`: called at once when a token is needed and none is coming.
    pub fn set_on_need_token(&mut self, callback: Option<Function>, fx: &mut Fx) {
        self.token.on_need_token = callback;
        if self.conn.link.is_open() && self.token.refresh_timer.is_none() {
            self.schedule_refresh();
        }
        let needed = self.token.current.is_none() || self.token.stale;
        if needed && self.token.fetch.is_none() && self.wants_connection() {
            self.request_token(fx);
        }
    }

    /// A new token is in hand: remember it and put it in force.
    fn accept_token(&mut self, token: String, fx: &mut Fx) {
        if self.token.obtained_once {
            fx.emit("tokenRefreshed", JsValue::from_str(&token));
        }
        self.token.obtained_once = true;
        self.token.current = Some(token);
        self.token.stale = false;
        self.token.last_refresh = Some(js::now_ms());
        self.apply_token(fx);
    }

    /// A new token source from `updateOptions`: the previous fetch is aborted, the refusal
    /// allowance resets, and the new token is put in force.
    pub fn replace_token(&mut self, source: TokenSource, fx: &mut Fx) {
        self.cancel_token_fetch(fx);
        self.token.cancel_timers();
        self.token.plan = None;
        self.token.stale = false;
        self.conn.link.new_token_supplied();
        match source {
            TokenSource::Absent | TokenSource::External => {
                self.token.source = TokenSource::Absent;
                self.token.current = None;
                self.conn.link.stop();
                self.drop_socket();
                fx.changed_all();
            }
            TokenSource::Fixed(token) => {
                self.token.source = TokenSource::Fixed(token.clone());
                self.token.current = Some(token);
                self.apply_token(fx);
            }
            source => {
                self.token.source = source;
                self.request_token(fx);
            }
        }
    }

    /// Puts the current token in force: re-auth in-band on a live socket (subscriptions stay),
    /// else connect with it (a lazy session only when something needs the connection).
    pub fn apply_token(&mut self, fx: &mut Fx) {
        let Some(token) = self.token.current.clone() else {
            return;
        };
        if self.conn.link.is_open() {
            self.request(wire::auth(&token), Pending::Auth { reauth: true });
        } else if self.wants_connection() {
            self.connect(fx);
        }
    }

    /// Arms the refresh timer from the current plan (when a new token can be had).
    pub(super) fn schedule_refresh(&mut self) {
        self.token.refresh_timer = None;
        if !self.can_refresh() || self.token.fetch.is_some() {
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

    /// The server refused the token (an `auth` reply, or a token error on another request).
    /// Up to `MAX_AUTH_ATTEMPTS` refreshes in a row (the later ones after a backoff, see
    /// `chat_elements_core::AuthRetry`), then a Data API session terminates and another session
    /// reports an `error` and waits for `updateOptions`. A refused in-band re-auth leaves the
    /// previous token in force (`reauth`).
    pub fn on_token_refused(&mut self, generation: u64, error: Error, reauth: bool, fx: &mut Fx) {
        if !reauth {
            self.token.stale = true;
        }
        if self.token.fetch.is_some() || self.token.retry_timer.is_some() || self.is_terminated() {
            return; // a new token is on its way
        }
        let code = match &error {
            Error::Server { code, .. } => *code,
            _ => ErrorCode::AuthRequired,
        };
        let can_refresh = self.can_refresh();
        let decision = self
            .conn
            .link
            .token_refused(generation, code, can_refresh, js::random());
        match decision {
            AuthDecision::Ignore => {}
            AuthDecision::Refresh { delay_ms: 0 } => self.request_token(fx),
            AuthDecision::Refresh { delay_ms } => {
                let weak = self.me.clone();
                self.token.retry_timer = Some(Timeout::new(delay_ms, move || {
                    with(&weak, |core, fx| {
                        core.token.retry_timer = None;
                        core.request_token(fx);
                    });
                }));
            }
            AuthDecision::Terminate { .. } if self.id.lazy => {
                fx.emit("tokenRefreshError", error.to_js());
                self.terminate(error, true, fx);
            }
            AuthDecision::Terminate { .. } => {
                if !self.conn.link.is_open() {
                    self.drop_socket();
                }
                fx.error(&error);
                fx.changed_all();
            }
        }
    }
}
