//! Typing indicators: when to send `typing`, and when to stop trusting a typing snapshot.
//!
//! How the SDK uses this: one [`TypingThrottle`] per conversation the current user types in.
//! `markAsTyping()` asks [`TypingThrottle::should_send`]; only a `true` sends a `typing`
//! request, so a user who keeps typing renews the server's indicator about once per
//! `ttl − margin` instead of on every key. After the user's own message was sent (which clears
//! the indicator on the server) call [`TypingThrottle::message_sent`]: the next keystroke sends
//! again at once. [`TypingExpiry`] guards the typing snapshots a subscription shows: while
//! connected the server keeps them right; when the socket drops, the last snapshot is shown at
//! most one TTL longer and then treated as "nobody is typing", so an indicator never sticks.

/// Renew the indicator this long before the server's TTL runs out (network latency).
pub const DEFAULT_MARGIN_MS: i64 = 2_000;

/// When to send `typing` for one conversation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypingThrottle {
    interval_ms: i64,
    last_sent: Option<i64>,
}

impl TypingThrottle {
    /// A throttle for the server's `typing_ttl_ms` (`Limits::typing_ttl_ms`): one `typing` at
    /// most every `ttl − margin` (at least a quarter of the TTL).
    pub fn new(ttl_ms: u32, margin_ms: i64) -> Self {
        let ttl = i64::from(ttl_ms);
        TypingThrottle {
            interval_ms: ttl.saturating_sub(margin_ms).max(ttl / 4).max(1),
            last_sent: None,
        }
    }

    /// The user typed at `now`: true when a `typing` request should go out now.
    pub fn should_send(&mut self, now: i64) -> bool {
        let due = self
            .last_sent
            .is_none_or(|last| now.saturating_sub(last) >= self.interval_ms || now < last);
        if due {
            self.last_sent = Some(now);
        }
        due
    }

    /// The user's message was sent: the server cleared the indicator, so the next keystroke
    /// sends `typing` again at once.
    pub fn message_sent(&mut self) {
        self.last_sent = None;
    }

    /// The `typing` request failed (or the socket dropped before it went out): try again on
    /// the next keystroke.
    pub fn send_failed(&mut self) {
        self.last_sent = None;
    }
}

/// How long a typing snapshot stays believable without a live connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypingExpiry {
    ttl_ms: i64,
    anyone_typing: bool,
    lost_at: Option<i64>,
}

impl TypingExpiry {
    /// For the server's `typing_ttl_ms`.
    pub fn new(ttl_ms: u32) -> Self {
        TypingExpiry {
            ttl_ms: i64::from(ttl_ms),
            anyone_typing: false,
            lost_at: None,
        }
    }

    /// A snapshot arrived (over a live connection): `anyone_typing` is false for an empty list
    /// or `null`.
    pub fn on_snapshot(&mut self, anyone_typing: bool) {
        self.anyone_typing = anyone_typing;
    }

    /// The socket dropped at `now`: snapshots stop until the topic is watched again.
    pub fn connection_lost(&mut self, now: i64) {
        self.lost_at.get_or_insert(now);
    }

    /// The topic is watched again (its next snapshot is complete).
    pub fn connection_restored(&mut self) {
        self.lost_at = None;
    }

    /// When the shown typers must be hidden (set a timer for it), if ever.
    pub fn expires_at(&self) -> Option<i64> {
        match (self.anyone_typing, self.lost_at) {
            (true, Some(lost)) => Some(lost.saturating_add(self.ttl_ms)),
            _ => None,
        }
    }

    /// True when the last snapshot's typers must not be shown any more at `now`: emit a
    /// snapshot with nobody typing.
    pub fn is_expired(&self, now: i64) -> bool {
        self.expires_at().is_some_and(|at| now >= at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_typing_renews_about_once_per_ttl_minus_margin() {
        let mut t = TypingThrottle::new(10_000, DEFAULT_MARGIN_MS);
        let sent: Vec<i64> = (0..=20_000)
            .step_by(250)
            .filter(|&now| t.should_send(now))
            .collect();
        assert_eq!(sent, [0, 8_000, 16_000]);
    }

    #[test]
    fn sends_again_at_once_after_a_message() {
        let mut t = TypingThrottle::new(10_000, DEFAULT_MARGIN_MS);
        assert!(t.should_send(0));
        assert!(!t.should_send(1_000));
        t.message_sent();
        assert!(t.should_send(1_500));
        assert!(!t.should_send(2_000));
        t.send_failed();
        assert!(t.should_send(2_100));
    }

    #[test]
    fn a_margin_larger_than_the_ttl_still_throttles() {
        let mut t = TypingThrottle::new(1_000, 5_000);
        assert!(t.should_send(0));
        assert!(!t.should_send(100));
        assert!(t.should_send(250));
        // A clock that went backwards does not silence the indicator.
        assert!(t.should_send(-10_000));
    }

    #[test]
    fn typers_disappear_one_ttl_after_the_socket_dropped() {
        let mut e = TypingExpiry::new(10_000);
        e.on_snapshot(true);
        assert_eq!(
            e.expires_at(),
            None,
            "live: the server clears typers itself"
        );
        e.connection_lost(50_000);
        e.connection_lost(55_000);
        assert!(!e.is_expired(59_999));
        assert!(e.is_expired(60_000));
        e.connection_restored();
        assert!(!e.is_expired(70_000));
        e.on_snapshot(false);
        e.connection_lost(80_000);
        assert_eq!(e.expires_at(), None, "nobody typing: nothing to hide");
    }
}
