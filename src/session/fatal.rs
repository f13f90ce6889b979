//! Termination: the session ends for good (destroyed, or a Data API session whose token could
//! not be renewed, or whose token is for another app or user). Every waiter and listener hears
//! the error, fatal listeners are called once, and nothing reconnects.

use crate::errors::Error;
use crate::session::delivery::Delivery;
use crate::session::effects::{Effect, Fx};
use crate::session::handle::FatalListener;
use crate::session::state::Core;

impl Core {
    /// Ends the session with `error`; `report` also emits the session's `error` event.
    pub fn terminate(&mut self, error: Error, report: bool, fx: &mut Fx) {
        if self.fatal.is_some() {
            return;
        }
        self.fatal = Some(error.clone());
        self.conn.link.stop();
        self.drop_socket();
        self.conn.reset_timers();
        self.cancel_token_fetch(fx);
        self.token.refresh_timer = None;
        self.token.retry_timer = None;
        self.delivery = Delivery::default();
        self.idle.policy.closed();
        let mut updates = Vec::new();
        self.watches.end(&error, &mut updates);
        self.end_streams(&error, &mut updates);
        self.calls.end(&error);
        self.end_sends(&error);
        fx.push(Effect::Deliver(updates));
        let listeners = self.fatal_listeners.drain(..).map(|(_, l)| l).collect();
        fx.push(Effect::Fatal {
            listeners,
            error: error.clone(),
        });
        if report {
            fx.error(&error);
        }
        fx.render_all();
    }

    pub fn add_fatal_listener(&mut self, listener: FatalListener) -> u64 {
        let id = self.listener_id();
        self.fatal_listeners.push((id, listener));
        id
    }

    pub fn remove_fatal_listener(&mut self, id: u64) {
        self.fatal_listeners.retain(|(i, _)| *i != id);
    }
}
