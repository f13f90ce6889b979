//! Typing indicators: when to send `typing`, and when to stop trusting a typing snapshot.
//!
//! How the SDK uses this: one [`TypingThrottle`] per conversation the current user types in.
//! `markAsTyping()` asks [`TypingThrottle::should_send`]; only a `true` sends a `typing`
//! request, so a user who keeps typing renews the server's indicator about once per
//! `ttl − margin` instead of on every key. After the user's own message was sent (which clears
//! the indicator on the server) call [`TypingThrottle::message_sent`]: the next keystroke sends
//! again at once. [`Typing`] keeps one throttle per conversation.

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

/// One [`TypingThrottle`] per conversation the user types in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Typing {
    throttles: Vec<(String, TypingThrottle)>,
}

impl Typing {
    /// The user typed in `conversation` at `now` (the server keeps the indicator `ttl_ms`):
    /// true when a `typing` request should go out.
    pub fn typed(&mut self, conversation: &str, now: i64, ttl_ms: u32) -> bool {
        let at = match self.throttles.iter().position(|(c, _)| c == conversation) {
            Some(at) => at,
            None => {
                let throttle = TypingThrottle::new(ttl_ms, DEFAULT_MARGIN_MS);
                self.throttles.push((conversation.to_owned(), throttle));
                self.throttles.len() - 1
            }
        };
        self.throttles[at].1.should_send(now)
    }

    /// The user's message went out in `conversation` (which clears the indicator on the server).
    pub fn message_sent(&mut self, conversation: &str) {
        if let Some((_, throttle)) = self.throttles.iter_mut().find(|(c, _)| c == conversation) {
            throttle.message_sent();
        }
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
    fn each_conversation_has_its_own_throttle() {
        let mut typing = Typing::default();
        assert!(typing.typed("a", 0, 10_000));
        assert!(typing.typed("b", 0, 10_000), "another conversation");
        assert!(!typing.typed("a", 1_000, 10_000));
        typing.message_sent("a");
        assert!(typing.typed("a", 1_500, 10_000), "a send cleared it");
    }
}
