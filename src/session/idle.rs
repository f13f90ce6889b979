//! Lazy connection and idle disconnect (Data API sessions), with the policy of
//! `chat_elements_core::Idle`.
//!
//! A lazy session opens its socket on the first use (a call, a watch, a message stream, a send
//! or an element). When nothing needs the connection (no watch or message listener, no element,
//! no call waiting for its reply, no unsent outbox item) for the quiet period (30 s), it closes
//! the socket (1000) and stops refreshing its token; the next use opens a new one, getting a new
//! token first only when the old one expired or was refused.

use chat_elements_core::{Activity, Idle, IdleAction};

use crate::js;
use crate::session::effects::{with, Fx};
use crate::session::state::Core;
use crate::timers::Timeout;

/// The idle policy and its timer.
#[derive(Default)]
pub struct IdleState {
    pub policy: Idle,
    /// The timer for `IdleAction::WakeAt`, with its time.
    timer: Option<(i64, Timeout)>,
}

impl Core {
    /// What needs the connection now.
    fn activity(&self) -> Activity {
        Activity {
            subscriptions: self.store.readers() + self.watches.listeners(),
            requests: self.calls.len(),
            unsent: self.outbox.unsent(),
        }
    }

    /// True when the session should be connected (always, for a session that is not lazy).
    pub fn wants_connection(&self) -> bool {
        !self.id.lazy || self.activity().is_busy()
    }

    /// Closes an idle socket after `ms` instead of the default (tests).
    #[cfg(feature = "test-hooks")]
    pub fn set_idle_ms(&mut self, ms: u64) {
        self.idle.policy = Idle::new(i64::try_from(ms).unwrap_or(i64::MAX));
        self.idle.timer = None;
    }

    /// After every state update: the idle policy hears of the activity (connecting or
    /// disconnecting a lazy session), and a delivery is scheduled when a listener has news.
    pub fn after_update(&mut self, fx: &mut Fx) {
        if self.id.lazy && !self.is_terminated() {
            let action = self.idle.policy.update(js::now_ms(), self.activity());
            self.on_idle_action(action, fx);
        }
        if self.watches.dirty() || self.streams_dirty() {
            self.schedule_delivery();
        }
    }

    fn on_idle_action(&mut self, action: IdleAction, fx: &mut Fx) {
        match action {
            IdleAction::Nothing => {}
            IdleAction::Connect => {
                self.idle.timer = None;
                // Not when a socket is there or coming (a reconnect timer, a token fetch).
                let resting = self.conn.socket.is_none()
                    && self.conn.reconnect_timer.is_none()
                    && self.token.fetch.is_none();
                if resting {
                    self.reconnect(fx);
                }
            }
            IdleAction::WakeAt(at) => {
                if self.idle.timer.as_ref().is_some_and(|(t, _)| *t == at) {
                    return;
                }
                let weak = self.me.clone();
                let delay = u64::try_from(at - js::now_ms()).unwrap_or(0);
                let timer = Timeout::new(delay, move || {
                    with(&weak, |core, fx| {
                        core.idle.timer = None;
                        let action = core.idle.policy.poll(js::now_ms());
                        core.on_idle_action(action, fx);
                    });
                });
                self.idle.timer = Some((at, timer));
            }
            IdleAction::Disconnect => {
                self.idle.timer = None;
                self.conn.link.stop();
                self.drop_socket();
                self.conn.reset_timers();
                self.token.cancel_timers();
                fx.changed_all();
            }
        }
    }
}
