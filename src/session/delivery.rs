//! Pacing: watch and message-stream listeners are told at most once per animation frame, with
//! the latest state. One frame callback per session serves every listener; a timeout backs it
//! up for pages that are hidden (where animation frames do not run).

use std::rc::Weak;

use crate::session::effects::with;
use crate::session::handle::{Listener, Update};
use crate::session::state::Core;
use crate::session::Shared;
use crate::timers::{AnimationFrame, Timeout};

/// When no animation frame came within this time (a hidden page), deliver anyway.
const FALLBACK_MS: u64 = 100;

#[derive(Default)]
pub struct Delivery {
    frame: Option<AnimationFrame>,
    fallback: Option<Timeout>,
}

impl Core {
    /// Asks for a delivery at the next animation frame (once, however many changes come first).
    pub fn schedule_delivery(&mut self) {
        if self.delivery.fallback.is_some() {
            return;
        }
        let weak = self.me.clone();
        self.delivery.frame = Some(AnimationFrame::new(move || deliver(&weak)));
        let weak = self.me.clone();
        self.delivery.fallback = Some(Timeout::new(FALLBACK_MS, move || deliver(&weak)));
    }

    /// The updates due now; the scheduled frame is done.
    fn take_updates(&mut self) -> Vec<(Listener, Update)> {
        self.delivery = Delivery::default();
        let mut out: Vec<_> = self
            .watches
            .take_updates()
            .into_iter()
            .map(|(l, snapshot)| (l, Update::Snapshot(snapshot)))
            .collect();
        self.stream_updates(&mut out);
        out
    }
}

/// Calls the listeners with news, outside any borrow of the session's state.
fn deliver(weak: &Weak<Shared>) {
    let updates = with(weak, |core, _| core.take_updates()).unwrap_or_default();
    for (listener, update) in updates {
        listener(update);
    }
}
