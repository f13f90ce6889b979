//! The request pass: whenever something may need doing, compare what the message streams,
//! watches, calls and the outbox want with what is in flight and write the missing requests.
//! Idempotent, so it is simply run after every change.

use crate::js;
use crate::session::connection::Pending;
use crate::session::effects::{with, Fx};
use crate::session::state::Core;
use crate::timers::Timeout;

impl Core {
    pub fn sync(&mut self, fx: &mut Fx) {
        if self.is_terminated() || !self.conn.link.is_open() || self.token.stale {
            return;
        }
        let now = js::now_ms();
        self.connect_streams(fx);
        if !self.sync_watches(now) || !self.sync_calls(now) {
            return;
        }

        for client_id in self.outbox.ready(now) {
            let Some(request) = self.send_request(&client_id) else {
                continue;
            };
            let pending = Pending::Send {
                client_id: client_id.clone(),
            };
            match self.request(request, pending) {
                Some(id) => {
                    self.outbox.mark_in_flight(&client_id, id);
                }
                None => return,
            }
        }

        self.schedule_kick(now);
    }

    /// Wakes the pass when a deferred (rate-limited) request may go.
    fn schedule_kick(&mut self, now: i64) {
        let next = [
            self.outbox.next_wakeup().filter(|&t| t > now),
            self.store.next_wakeup(now),
            self.watches.next_wakeup(now),
            self.calls.next_wakeup(now),
        ]
        .into_iter()
        .flatten()
        .min();
        self.conn.kick_timer = next.map(|at| {
            let weak = self.me.clone();
            Timeout::new(u64::try_from(at - now).unwrap_or(0), move || {
                with(&weak, |core, fx| core.sync(fx));
            })
        });
    }
}
