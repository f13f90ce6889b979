//! What follows a render: older pages (the largest page the server allows while looking for a
//! deep-linked message), the deep link's highlight and its NOT_FOUND error, and keeping the
//! position when a rendered row changes height.

use std::rc::Rc;

use chat_elements_protocol::ErrorCode;

use super::render::Outcome;
use super::ElementShared;
use crate::errors::Error;
use crate::timers::Timeout;

/// How long a deep-linked message stays highlighted.
const HIGHLIGHT_MS: u64 = 4_000;

impl ElementShared {
    /// The deep-linked message was found (highlight it for a while) or is not there (error).
    pub(super) fn follow_deeplink(self: &Rc<Self>, outcome: &Outcome) {
        if let Some(id) = &outcome.deeplink_missing {
            let message = [
                "deeplinkToPostId: message \"",
                id,
                "\" is not in this conversation",
            ]
            .concat();
            self.emit_error(&Error::server(ErrorCode::NotFound, message));
        }
        if outcome.highlighted {
            let weak = Rc::downgrade(self);
            let timer = Timeout::new(HIGHLIGHT_MS, move || {
                if let Some(el) = weak.upgrade() {
                    el.with_view(|view| {
                        view.highlight = None;
                        view.highlight_timer = None;
                    });
                    el.schedule_render();
                }
            });
            self.with_view(|view| view.highlight_timer = Some(timer));
        }
    }

    /// A rendered row changed height: keep what the user sees in place now, render soon.
    pub(super) fn on_resize(self: &Rc<Self>) {
        self.with_view(|view| view.restore_position());
        self.schedule_render();
    }
}
