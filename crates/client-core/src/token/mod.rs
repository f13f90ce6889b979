//! When to refresh the session's token, and what a server error asks the client to do.
//!
//! How the SDK uses this: after each welcome it plans the next refresh with [`RefreshPlan`]
//! (and calls `onNeedToken` at `refresh_at`); on a plain reconnect it reuses the token it has
//! unless [`needs_new_token_to_reconnect`] says it expired. Only a refused token (an auth
//! rejection) leads to an unplanned refresh, through [`AuthRetry`] (which [`crate::Link`]
//! embeds): up to [`MAX_AUTH_ATTEMPTS`] consecutive refreshes, the later ones after a backoff,
//! then the session is terminated with the last error. A welcome resets the count.
//!
//! The server's welcome carries its clock (`serverTime`) and the token's expiry by that clock
//! (`tokenExpiresAt`). The difference between `serverTime` and the local clock when the welcome
//! arrived is the skew; the expiry is translated to the local clock with it, so a client whose
//! clock is minutes off still refreshes in time.

use chat_elements_protocol::ErrorCode;

/// Refresh at least this long before expiry (unless the token lives too short for it).
pub const MIN_MARGIN_MS: i64 = 30_000;
/// Never refresh sooner than this after the previous refresh.
pub const MIN_GAP_MS: i64 = 2_000;
/// A token this close to its expiry is treated as expired (network latency, clock resolution).
pub const EXPIRY_SLACK_MS: i64 = 1_000;

/// The refresh schedule of the token currently in force, in local-clock milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RefreshPlan {
    /// When to fetch the next token.
    pub refresh_at: i64,
    /// When the current token expires.
    pub expires_at: i64,
}

impl RefreshPlan {
    /// Plans the refresh of a token the server just accepted.
    ///
    /// - `server_time` / `token_expires_at`: from the welcome, by the server's clock.
    /// - `received_at`: the local clock when the welcome arrived.
    /// - `last_refresh`: the local time of the previous refresh, if any.
    ///
    /// The margin is the larger of 30 s and a tenth of the remaining lifetime, but at most half of
    /// it (a 5-second token is refreshed after 2.5 s, not immediately). The refresh is never in
    /// the past and never within [`MIN_GAP_MS`] of the previous one.
    pub fn new(
        server_time: i64,
        token_expires_at: i64,
        received_at: i64,
        last_refresh: Option<i64>,
    ) -> Self {
        let skew = server_time.saturating_sub(received_at);
        let expires_at = token_expires_at.saturating_sub(skew);
        let lifetime = token_expires_at.saturating_sub(server_time).max(0);
        let margin = MIN_MARGIN_MS.max(lifetime / 10).min(lifetime / 2);
        let mut refresh_at = expires_at.saturating_sub(margin).max(received_at);
        if let Some(last) = last_refresh {
            refresh_at = refresh_at.max(last.saturating_add(MIN_GAP_MS));
        }
        RefreshPlan {
            refresh_at,
            expires_at,
        }
    }

    /// Milliseconds from `now` until the refresh (0 when it is due).
    pub fn delay_from(&self, now: i64) -> u64 {
        u64::try_from(self.refresh_at.saturating_sub(now)).unwrap_or(0)
    }

    /// True when the token has expired (or is about to) at local time `now`: do not present it
    /// again, fetch a new one first.
    pub fn is_expired(&self, now: i64) -> bool {
        now >= self.expires_at.saturating_sub(EXPIRY_SLACK_MS)
    }
}

/// What the client should do about a failed request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorAction {
    /// The token was refused: get a new one (once) and try again.
    RefreshToken,
    /// Transient: try the same request again after this many milliseconds.
    RetryAfter(u64),
    /// Permanent for this request: report it.
    Fail,
}

/// How long to wait before retrying a transient error the server gave no delay for.
pub const DEFAULT_RETRY_MS: u64 = 1_000;

/// Classifies a server error code (with the `retryAfterMs` it may carry).
pub fn classify_error(code: ErrorCode, retry_after_ms: Option<u64>) -> ErrorAction {
    if code.is_token_problem() {
        ErrorAction::RefreshToken
    } else if code.is_retryable() {
        ErrorAction::RetryAfter(retry_after_ms.unwrap_or(DEFAULT_RETRY_MS))
    } else {
        ErrorAction::Fail
    }
}

/// True when a reconnect must wait for a new token: only when the current one has expired.
/// A plain reconnect never refreshes a valid token.
pub fn needs_new_token_to_reconnect(plan: Option<&RefreshPlan>, now: i64) -> bool {
    plan.is_some_and(|p| p.is_expired(now))
}

mod retry;

pub use retry::{AuthDecision, AuthRetry, AUTH_BACKOFF, MAX_AUTH_ATTEMPTS};

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: i64 = 60_000;

    #[test]
    fn long_lived_token_refreshes_a_tenth_before_expiry() {
        // 1 hour token, clocks in sync.
        let plan = RefreshPlan::new(1_000_000, 1_000_000 + 60 * MIN, 1_000_000, None);
        assert_eq!(plan.expires_at, 1_000_000 + 60 * MIN);
        assert_eq!(plan.refresh_at, 1_000_000 + 54 * MIN);
    }

    #[test]
    fn five_minute_token_keeps_a_thirty_second_margin() {
        let plan = RefreshPlan::new(0, 5 * MIN, 0, None);
        assert_eq!(plan.refresh_at, 5 * MIN - 30_000);
    }

    #[test]
    fn very_short_token_refreshes_at_half_its_life() {
        let plan = RefreshPlan::new(10_000, 15_000, 10_000, None);
        assert_eq!(plan.refresh_at, 12_500);
        assert_eq!(plan.delay_from(10_000), 2_500);
    }

    #[test]
    fn skew_is_corrected() {
        // The local clock is 10 minutes behind the server's.
        let server_now = 100 * MIN;
        let local_now = 90 * MIN;
        let plan = RefreshPlan::new(server_now, server_now + 5 * MIN, local_now, None);
        assert_eq!(plan.expires_at, local_now + 5 * MIN);
        assert_eq!(plan.refresh_at, local_now + 5 * MIN - 30_000);
        // And ahead.
        let plan = RefreshPlan::new(server_now, server_now + 5 * MIN, 110 * MIN, None);
        assert_eq!(plan.expires_at, 110 * MIN + 5 * MIN);
    }

    #[test]
    fn never_in_the_past() {
        // Already expired by the server's clock.
        let plan = RefreshPlan::new(1_000, 500, 7_000, None);
        assert_eq!(plan.refresh_at, 7_000);
        assert_eq!(plan.delay_from(7_000), 0);
        assert_eq!(plan.delay_from(9_000), 0);
        assert!(plan.is_expired(7_000));
    }

    #[test]
    fn never_sooner_than_the_minimum_gap() {
        let plan = RefreshPlan::new(10_000, 11_000, 10_000, Some(9_900));
        assert_eq!(plan.refresh_at, 9_900 + MIN_GAP_MS);
    }

    #[test]
    fn expiry_has_slack() {
        let plan = RefreshPlan::new(0, 10_000, 0, None);
        assert!(!plan.is_expired(8_000));
        assert!(plan.is_expired(9_000));
        assert!(plan.is_expired(20_000));
    }

    #[test]
    fn classifies_errors() {
        for code in [
            ErrorCode::TokenExpired,
            ErrorCode::TokenBadSignature,
            ErrorCode::TokenMalformed,
            ErrorCode::AuthRequired,
        ] {
            assert_eq!(classify_error(code, None), ErrorAction::RefreshToken);
        }
        assert_eq!(
            classify_error(ErrorCode::RateLimited, Some(250)),
            ErrorAction::RetryAfter(250)
        );
        assert_eq!(
            classify_error(ErrorCode::Unavailable, None),
            ErrorAction::RetryAfter(DEFAULT_RETRY_MS)
        );
        assert_eq!(
            classify_error(ErrorCode::Forbidden, None),
            ErrorAction::Fail
        );
        assert_eq!(
            classify_error(ErrorCode::MessageTooLong, None),
            ErrorAction::Fail
        );
    }

    #[test]
    fn a_plain_reconnect_keeps_a_valid_token() {
        let plan = RefreshPlan::new(0, 60_000, 0, None);
        assert!(!needs_new_token_to_reconnect(Some(&plan), 30_000));
        assert!(!needs_new_token_to_reconnect(None, 30_000));
        assert!(needs_new_token_to_reconnect(Some(&plan), 59_500));
    }
}
