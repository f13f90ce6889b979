//! Jittered exponential backoff.
//!
//! The delay ceiling doubles with every attempt (`base`, `2·base`, `4·base`, … up to `cap`) and
//! the actual delay is drawn from the upper half of it ("equal jitter"): never zero, so a flapping
//! server is not hammered, and spread out, so many clients do not reconnect in lock-step.
//!
//! How the SDK uses this: one [`Backoff::RECONNECT`] for the socket (`next_delay` with
//! `Math.random()` after each close, `reset` after a welcome); the token retry policy
//! ([`crate::AuthRetry`]) keeps its own.

/// Reconnect / retry delays. Call [`Backoff::next_delay`] before each retry and
/// [`Backoff::reset`] after a success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backoff {
    base_ms: u64,
    cap_ms: u64,
    attempt: u32,
}

impl Backoff {
    /// The SDK's reconnect schedule: 500 ms doubling up to 30 s.
    pub const RECONNECT: Backoff = Backoff::new(500, 30_000);

    /// Delays start at `base_ms` and double up to `cap_ms`.
    pub const fn new(base_ms: u64, cap_ms: u64) -> Self {
        Backoff {
            base_ms,
            cap_ms,
            attempt: 0,
        }
    }

    /// How many delays were handed out since the last reset.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }

    /// The ceiling for the next delay, without jitter.
    pub fn ceiling(&self) -> u64 {
        let factor = 1u64.checked_shl(self.attempt.min(32)).unwrap_or(u64::MAX);
        self.base_ms.saturating_mul(factor).min(self.cap_ms)
    }

    /// The next delay in milliseconds. `random` is a uniform number in `[0, 1)` (values outside
    /// are clamped). The result lies in `[ceiling / 2, ceiling]`.
    pub fn next_delay(&mut self, random: f64) -> u64 {
        let ceiling = self.ceiling();
        self.attempt = self.attempt.saturating_add(1);
        let r = if random.is_nan() {
            0.0
        } else {
            random.clamp(0.0, 1.0)
        };
        let half = ceiling / 2;
        half + ((ceiling - half) as f64 * r) as u64
    }

    /// Back to the first delay (after a successful connection).
    pub fn reset(&mut self) {
        self.attempt = 0;
    }
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff::RECONNECT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceiling_doubles_up_to_the_cap() {
        let mut b = Backoff::new(500, 30_000);
        let ceilings: Vec<u64> = (0..9)
            .map(|_| {
                let c = b.ceiling();
                b.next_delay(0.5);
                c
            })
            .collect();
        assert_eq!(
            ceilings,
            [500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]
        );
    }

    #[test]
    fn delay_is_jittered_within_the_upper_half() {
        let mut low = Backoff::new(1000, 30_000);
        let mut high = low.clone();
        assert_eq!(low.next_delay(0.0), 500);
        assert_eq!(high.next_delay(0.999_999), 999);
        assert_eq!(low.next_delay(0.5), 1500);
    }

    #[test]
    fn out_of_range_randoms_are_clamped() {
        let mut b = Backoff::new(1000, 30_000);
        assert_eq!(b.clone().next_delay(f64::NAN), 500);
        assert_eq!(b.clone().next_delay(-3.0), 500);
        assert_eq!(b.next_delay(7.0), 1000);
    }

    #[test]
    fn reset_starts_over() {
        let mut b = Backoff::RECONNECT;
        for _ in 0..5 {
            b.next_delay(0.3);
        }
        assert_eq!(b.attempts(), 5);
        b.reset();
        assert_eq!(b.attempts(), 0);
        assert_eq!(b.ceiling(), 500);
    }

    #[test]
    fn never_overflows() {
        let mut b = Backoff::new(u64::MAX / 2, u64::MAX);
        for _ in 0..100 {
            let d = b.next_delay(1.0);
            assert!(d > 0);
        }
        assert_eq!(b.ceiling(), u64::MAX);
    }
}
