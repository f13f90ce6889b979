//! Refreshing after refused tokens: a bounded number of attempts with backoff.

use chat_elements_protocol::ErrorCode;

use crate::Backoff;

/// Most consecutive token refreshes after auth rejections before the session gives up.
pub const MAX_AUTH_ATTEMPTS: u32 = 3;

/// The backoff between refresh attempts after the first (which is immediate).
pub const AUTH_BACKOFF: Backoff = Backoff::new(1_000, 10_000);

/// What to do after a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthDecision {
    /// Call `onNeedToken` after `delay_ms` (0: now) and authenticate with the new token.
    Refresh {
        /// How long to wait first.
        delay_ms: u64,
    },
    /// Give up: terminate the session with this error.
    Terminate {
        /// The last rejection's code.
        code: ErrorCode,
    },
    /// The rejection came from a socket that was already replaced: nothing.
    Ignore,
}

/// Counts consecutive failed authentications and decides whether to refresh again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthRetry {
    max_attempts: u32,
    failures: u32,
    backoff: Backoff,
    last_error: Option<ErrorCode>,
}

impl Default for AuthRetry {
    fn default() -> Self {
        AuthRetry::DEFAULT
    }
}

impl AuthRetry {
    /// [`MAX_AUTH_ATTEMPTS`] refreshes spaced by [`AUTH_BACKOFF`].
    pub const DEFAULT: AuthRetry = AuthRetry::new(MAX_AUTH_ATTEMPTS, AUTH_BACKOFF);

    /// Allows `max_attempts` refreshes in a row, spaced by `backoff` after the first.
    pub const fn new(max_attempts: u32, backoff: Backoff) -> Self {
        AuthRetry {
            max_attempts,
            failures: 0,
            backoff,
            last_error: None,
        }
    }

    /// The server refused a token with `code`. `can_refresh` is false when the application gave
    /// a fixed token and no `onNeedToken`. `random` is uniform in `[0, 1)` (backoff jitter).
    pub fn on_rejected(&mut self, code: ErrorCode, can_refresh: bool, random: f64) -> AuthDecision {
        self.last_error = Some(code);
        self.failed(can_refresh, random)
    }

    /// Getting a token failed (`onNeedToken` threw, or gave nothing in time): counts like a
    /// refused token.
    pub fn on_fetch_failed(&mut self, random: f64) -> AuthDecision {
        self.failed(true, random)
    }

    /// A token was accepted: the count starts over.
    pub fn on_accepted(&mut self) {
        self.failures = 0;
        self.backoff.reset();
        self.last_error = None;
    }

    /// Failures since the last accepted token.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    /// The last rejection's code.
    pub fn last_error(&self) -> Option<ErrorCode> {
        self.last_error
    }

    fn failed(&mut self, can_refresh: bool, random: f64) -> AuthDecision {
        self.failures = self.failures.saturating_add(1);
        if !can_refresh || self.failures > self.max_attempts {
            return AuthDecision::Terminate {
                code: self.last_error.unwrap_or(ErrorCode::AuthRequired),
            };
        }
        let delay_ms = if self.failures == 1 {
            0
        } else {
            self.backoff.next_delay(random)
        };
        AuthDecision::Refresh { delay_ms }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_tokens_are_refreshed_three_times_with_backoff_then_terminate() {
        let mut auth = AuthRetry::default();
        let code = ErrorCode::TokenExpired;
        assert_eq!(
            auth.on_rejected(code, true, 0.0),
            AuthDecision::Refresh { delay_ms: 0 }
        );
        assert_eq!(
            auth.on_rejected(ErrorCode::TokenBadSignature, true, 0.0),
            AuthDecision::Refresh { delay_ms: 500 }
        );
        assert_eq!(
            auth.on_fetch_failed(0.0),
            AuthDecision::Refresh { delay_ms: 1_000 }
        );
        assert_eq!(
            auth.on_rejected(ErrorCode::TokenWrongApp, true, 0.0),
            AuthDecision::Terminate {
                code: ErrorCode::TokenWrongApp
            }
        );
        assert_eq!(auth.failures(), 4);
    }

    #[test]
    fn a_success_resets_the_count() {
        let mut auth = AuthRetry::default();
        auth.on_rejected(ErrorCode::TokenExpired, true, 0.0);
        auth.on_rejected(ErrorCode::TokenExpired, true, 0.0);
        auth.on_accepted();
        assert_eq!(auth.failures(), 0);
        assert_eq!(auth.last_error(), None);
        for _ in 0..MAX_AUTH_ATTEMPTS {
            assert!(matches!(
                auth.on_rejected(ErrorCode::TokenExpired, true, 0.0),
                AuthDecision::Refresh { .. }
            ));
        }
    }

    #[test]
    fn a_fixed_token_is_not_refreshed() {
        let mut auth = AuthRetry::default();
        assert_eq!(
            auth.on_rejected(ErrorCode::TokenExpired, false, 0.0),
            AuthDecision::Terminate {
                code: ErrorCode::TokenExpired
            }
        );
    }
}
