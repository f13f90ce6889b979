//! Automatic connect and disconnect.
//!
//! How the SDK uses this: creating a session opens nothing. Whenever the session's activity
//! changes (a subscription starts or ends, a request starts or finishes, the outbox fills or
//! empties) the SDK calls [`Idle::update`] with the new [`Activity`]; when a timer set for
//! [`IdleAction::WakeAt`] fires it calls [`Idle::poll`]. [`IdleAction::Connect`] means "open the
//! socket (fetching a token first if needed)", [`IdleAction::Disconnect`] "close it (1000) and do
//! not reconnect". A disconnect is only due after `quiet_ms` with no active subscription, no
//! request in flight and no unsent outbox item; any new activity cancels it.

/// The default quiet period before an idle connection is closed.
pub const DEFAULT_QUIET_MS: i64 = 30_000;

/// What keeps the connection needed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Activity {
    /// Active or pending subscriptions (watches and message streams).
    pub subscriptions: usize,
    /// Requests sent (or waiting to be sent) without a reply yet.
    pub requests: usize,
    /// Outbox items not acknowledged yet (queued, in flight or waiting to retry; not failed).
    pub unsent: usize,
}

impl Activity {
    /// True when anything needs the connection.
    pub fn is_busy(&self) -> bool {
        self.subscriptions > 0 || self.requests > 0 || self.unsent > 0
    }
}

/// What the SDK must do about the connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdleAction {
    /// Nothing to do.
    Nothing,
    /// Open the connection.
    Connect,
    /// Set a timer and call [`Idle::poll`] at this local time.
    WakeAt(i64),
    /// Close the connection now.
    Disconnect,
}

/// The idle policy's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Idle {
    quiet_ms: i64,
    activity: Activity,
    /// True while the SDK keeps a connection open (or opening).
    open: bool,
    /// When the connection became idle.
    idle_since: Option<i64>,
}

impl Idle {
    /// Closes an idle connection after `quiet_ms`.
    pub fn new(quiet_ms: i64) -> Self {
        Idle {
            quiet_ms: quiet_ms.max(0),
            activity: Activity::default(),
            open: false,
            idle_since: None,
        }
    }

    /// True while the policy wants a connection.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// When the pending disconnect is due, if one is.
    pub fn deadline(&self) -> Option<i64> {
        self.idle_since
            .filter(|_| self.open)
            .map(|since| since.saturating_add(self.quiet_ms))
    }

    /// The session's activity changed at `now`.
    pub fn update(&mut self, now: i64, activity: Activity) -> IdleAction {
        self.activity = activity;
        if activity.is_busy() {
            self.idle_since = None;
            if self.open {
                return IdleAction::Nothing;
            }
            self.open = true;
            return IdleAction::Connect;
        }
        if !self.open {
            return IdleAction::Nothing;
        }
        let since = *self.idle_since.get_or_insert(now);
        self.due(now, since)
    }

    /// The timer set for [`IdleAction::WakeAt`] fired at `now`.
    pub fn poll(&mut self, now: i64) -> IdleAction {
        match self.idle_since {
            Some(since) if self.open && !self.activity.is_busy() => self.due(now, since),
            _ => IdleAction::Nothing,
        }
    }

    /// The connection ended for good (the session was destroyed or terminated): the next
    /// activity connects again.
    pub fn closed(&mut self) {
        self.open = false;
        self.idle_since = None;
    }

    fn due(&mut self, now: i64, since: i64) -> IdleAction {
        let at = since.saturating_add(self.quiet_ms);
        if now >= at {
            self.closed();
            IdleAction::Disconnect
        } else {
            IdleAction::WakeAt(at)
        }
    }
}

impl Default for Idle {
    fn default() -> Self {
        Idle::new(DEFAULT_QUIET_MS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subs(n: usize) -> Activity {
        Activity {
            subscriptions: n,
            ..Activity::default()
        }
    }

    #[test]
    fn nothing_connects_until_something_is_needed() {
        let mut idle = Idle::default();
        assert_eq!(idle.update(0, Activity::default()), IdleAction::Nothing);
        let request = Activity {
            requests: 1,
            ..Activity::default()
        };
        assert_eq!(idle.update(10, request), IdleAction::Connect);
        assert_eq!(
            idle.update(20, request),
            IdleAction::Nothing,
            "connects once"
        );
    }

    #[test]
    fn disconnects_after_the_quiet_period() {
        let mut idle = Idle::new(30_000);
        idle.update(0, subs(1));
        assert_eq!(idle.update(1_000, subs(0)), IdleAction::WakeAt(31_000));
        assert_eq!(idle.poll(20_000), IdleAction::WakeAt(31_000));
        assert_eq!(idle.poll(31_000), IdleAction::Disconnect);
        assert!(!idle.is_open());
        assert_eq!(idle.poll(40_000), IdleAction::Nothing);
        assert_eq!(idle.update(50_000, subs(1)), IdleAction::Connect);
    }

    #[test]
    fn new_activity_cancels_the_disconnect() {
        let mut idle = Idle::new(30_000);
        idle.update(0, subs(1));
        idle.update(1_000, subs(0));
        assert_eq!(idle.update(5_000, subs(1)), IdleAction::Nothing);
        assert_eq!(idle.deadline(), None);
        assert_eq!(
            idle.poll(31_000),
            IdleAction::Nothing,
            "the old timer is stale"
        );
        // Idle again: the quiet period starts over.
        assert_eq!(idle.update(40_000, subs(0)), IdleAction::WakeAt(70_000));
    }

    #[test]
    fn an_unsent_message_or_a_request_keeps_the_connection() {
        let mut idle = Idle::new(1_000);
        let unsent = Activity {
            unsent: 1,
            ..Activity::default()
        };
        idle.update(0, unsent);
        assert_eq!(idle.poll(60_000), IdleAction::Nothing);
        let request = Activity {
            requests: 2,
            ..Activity::default()
        };
        assert_eq!(idle.update(60_000, request), IdleAction::Nothing);
        assert_eq!(
            idle.update(61_000, Activity::default()),
            IdleAction::WakeAt(62_000)
        );
    }
}
