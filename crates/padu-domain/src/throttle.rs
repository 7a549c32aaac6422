//! Growing delay and temporary lockout after repeated failed logins (PRODUCT.md module 9,
//! "lockout after repeated failures"). Pure: the caller passes the time in.

use chrono::{DateTime, Duration, Utc};

/// Consecutive failures after which an account is locked.
pub const LOCK_AFTER: u32 = 5;

/// How long to wait before answering a failed attempt: nothing for the first two failures,
/// then 1, 2, 4 seconds, never more than 4. It slows guessing without hurting a typo.
pub fn failure_delay(consecutive_failures: u32) -> Duration {
    match consecutive_failures {
        0..=2 => Duration::zero(),
        n => Duration::seconds(1i64 << (n - 3).min(2)),
    }
}

/// Until when an account is locked after `consecutive_failures` ending at `now`: 15 minutes at
/// the fifth failure, doubling with every further five (30, 60 …), at most 24 hours.
pub fn lock_until(consecutive_failures: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if consecutive_failures < LOCK_AFTER || !consecutive_failures.is_multiple_of(LOCK_AFTER) {
        return None;
    }
    let rounds = consecutive_failures / LOCK_AFTER - 1;
    let minutes = (15i64 << rounds.min(7)).min(24 * 60);
    Some(now + Duration::minutes(minutes))
}

/// Whether an account locked until `locked_until` is still locked at `now`.
pub fn is_locked(locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    locked_until.is_some_and(|until| until > now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 23, 8, 0, 0).unwrap()
    }

    #[test]
    fn delay_grows_and_is_capped() {
        let secs: Vec<i64> = (0..8).map(|n| failure_delay(n).num_seconds()).collect();
        assert_eq!(secs, vec![0, 0, 0, 1, 2, 4, 4, 4]);
    }

    #[test]
    fn lockout_at_every_fifth_failure_doubling() {
        assert_eq!(lock_until(4, t0()), None);
        assert_eq!(lock_until(5, t0()), Some(t0() + Duration::minutes(15)));
        assert_eq!(lock_until(6, t0()), None);
        assert_eq!(lock_until(10, t0()), Some(t0() + Duration::minutes(30)));
        assert_eq!(lock_until(15, t0()), Some(t0() + Duration::minutes(60)));
        assert_eq!(lock_until(500, t0()), Some(t0() + Duration::hours(24)));
    }

    #[test]
    fn lock_expires() {
        let until = lock_until(5, t0());
        assert!(is_locked(until, t0() + Duration::minutes(14)));
        assert!(!is_locked(until, t0() + Duration::minutes(15)));
        assert!(!is_locked(None, t0()));
    }
}
