//! The request pass: whenever something may need doing, compare what the conversations and the
//! outbox want with what is in flight and write the missing requests. Idempotent, so it is
//! simply run after every change.

use chat_elements_protocol::Request;

use crate::connection::Pending;
use crate::js;
use crate::session::effects::{with, Fx};
use crate::session::state::Core;
use crate::store::SubState;
use crate::timers::Timeout;

/// Messages per history page.
pub const PAGE_SIZE: u32 = 30;

impl Core {
    pub fn sync(&mut self, _fx: &mut Fx) {
        if self.destroyed || !self.conn.link.is_open() || self.token.stale {
            return;
        }
        let now = js::now_ms();
        let mut requests: Vec<(Request, Pending)> = Vec::new();

        for conversation in self.store.drop_unwatched() {
            requests.push((
                Request::Unsubscribe {
                    conversation_id: conversation,
                },
                Pending::Unsubscribe,
            ));
        }

        for (id, conv) in self.store.iter_mut() {
            if conv.error.is_some() || conv.not_before > now {
                continue;
            }
            if conv.sub == SubState::None {
                conv.timeline.begin_subscribe();
                conv.sub = SubState::Subscribing;
                requests.push((
                    Request::Subscribe {
                        conversation_id: id.clone(),
                        after_seq: conv.timeline.cursor(),
                    },
                    Pending::Subscribe {
                        conversation: id.clone(),
                    },
                ));
            }
            if conv.history_in_flight {
                continue;
            }
            let before_seq = if !conv.timeline.is_loaded() || conv.refetch {
                None
            } else if conv.want_older {
                match conv.timeline.older_page_before() {
                    Some(before) => Some(before),
                    None => {
                        conv.want_older = false;
                        continue;
                    }
                }
            } else {
                continue;
            };
            conv.history_in_flight = true;
            requests.push((
                Request::History {
                    conversation_id: id.clone(),
                    before_seq,
                    limit: Some(PAGE_SIZE),
                },
                Pending::History {
                    conversation: id.clone(),
                    older: before_seq.is_some(),
                },
            ));
        }

        for (request, pending) in requests {
            if self.request(request, pending).is_none() {
                return; // the socket is failing; its close resets everything
            }
        }

        for client_id in self.outbox.ready(now) {
            let Some(item) = self.outbox.get(&client_id) else {
                continue;
            };
            let request = Request::Send {
                conversation_id: item.conversation_id.clone(),
                client_id: client_id.clone(),
                text: item.text.clone(),
            };
            match self.request(
                request,
                Pending::Send {
                    client_id: client_id.clone(),
                },
            ) {
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
        let next = match (
            self.outbox.next_wakeup().filter(|&t| t > now),
            self.store.next_wakeup(now),
        ) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.conn.kick_timer = next.map(|at| {
            let weak = self.me.clone();
            Timeout::new(u64::try_from(at - now).unwrap_or(0), move || {
                with(&weak, |core, fx| core.sync(fx));
            })
        });
    }
}
