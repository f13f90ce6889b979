//! Termination: the session ends for good (destroyed, or a Data API session whose token could
//! not be renewed, or whose token is for another app or user). Every waiter and listener hears
//! the error, fatal listeners are called once, and nothing reconnects.

use chat_elements_core::Outbox;

use crate::errors::Error;
use crate::session::delivery::Delivery;
use crate::session::effects::{Effect, Fx};
use crate::session::handle::Update;
use crate::session::state::Core;

impl Core {
    /// Ends the session with `error`; `report` also emits the session's `error` event.
    pub fn terminate(&mut self, error: Error, report: bool, fx: &mut Fx) {
        if self.life.fatal.is_some() {
            return;
        }
        self.life.fatal = Some(error.clone());
        self.conn.link.stop();
        self.drop_socket();
        self.conn.reset_timers();
        self.cancel_token_fetch(fx);
        self.token.cancel_timers();
        self.delivery = Delivery::default();
        self.idle.policy.closed();
        let mut updates: Vec<_> = self
            .watches
            .end()
            .into_iter()
            .map(|l| (l, Update::Error(error.clone())))
            .collect();
        self.end_streams(&error, &mut updates);
        self.calls.end(&error);
        self.outbox.end(&error);
        fx.push(Effect::Deliver(updates));
        let listeners = self.life.take_fatal_listeners();
        fx.push(Effect::Fatal {
            listeners,
            error: error.clone(),
        });
        if report {
            fx.error(&error);
        }
        fx.changed_all();
    }

    /// Tears everything down: socket, timers, token fetch; every listener and waiter hears
    /// DESTROYED. Idempotent.
    pub fn destroy(&mut self, fx: &mut Fx) {
        if self.life.destroyed {
            return;
        }
        self.terminate(Error::Destroyed("the session was destroyed"), false, fx);
        self.life.destroyed = true;
        self.store.clear();
        self.outbox = Outbox::new();
    }
}
