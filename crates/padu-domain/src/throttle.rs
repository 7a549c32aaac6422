//! Growing delay and temporary lockout after repeated failed logins (PRODUCT.md module 9,
//! "lockout after repeated failures"). Pure: the caller passes the time in.
//!
//! Failures are counted per account *and client address*, so someone guessing from one address
//! cannot lock the account's owner out everywhere; a much higher ceiling per account over all
//! addresses still stops guessing spread across many addresses.

use chrono::{DateTime, Duration, Utc};

/// Consecutive failures from one address after which the account is locked for that address.
pub const LOCK_AFTER: u32 = 5;

/// Consecutive failures from all addresses together after which the account is locked
/// everywhere (the ceiling for guessing spread over many addresses).
pub const ACCOUNT_LOCK_AFTER: u32 = 50;

/// One throttle's state: an account at one address, or an account over all addresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attempts {
    /// Consecutive failures, counting attempts still being checked.
    pub failures: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// Reserves an attempt *before* the password is checked: it counts as a failure at once (a
/// correct password clears the count afterwards), so parallel guesses cannot all be checked
/// before the first failure lands. `lock_after` is [`LOCK_AFTER`] or [`ACCOUNT_LOCK_AFTER`].
/// None while locked: the password must not be checked at all.
pub fn reserve(current: Attempts, lock_after: u32, now: DateTime<Utc>) -> Option<Attempts> {
    if is_locked(current.locked_until, now) {
        return None;
    }
    let failures = current.failures.saturating_add(1);
    Some(Attempts {
        failures,
        locked_until: lock_every(lock_after, failures, now),
    })
}

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
    lock_every(LOCK_AFTER, consecutive_failures, now)
}

/// The lock schedule with a lock at every `lock_after`-th failure.
fn lock_every(
    lock_after: u32,
    consecutive_failures: u32,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    if consecutive_failures < lock_after || !consecutive_failures.is_multiple_of(lock_after) {
        return None;
    }
    let rounds = consecutive_failures / lock_after - 1;
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
    fn reservations_count_before_checking_and_stop_at_the_lock() {
        let mut state = Attempts {
            failures: 0,
            locked_until: None,
        };
        let mut granted = 0;
        // Eighteen attempts arriving together: each reserves before any is checked.
        for _ in 0..18 {
            if let Some(next) = reserve(state, LOCK_AFTER, t0()) {
                state = next;
                granted += 1;
            }
        }
        assert_eq!(granted, LOCK_AFTER, "only five passwords are ever checked");
        assert_eq!(state.locked_until, Some(t0() + Duration::minutes(15)));
        let later = t0() + Duration::minutes(15);
        let next = reserve(state, LOCK_AFTER, later).expect("the lock expired");
        assert_eq!((next.failures, next.locked_until), (6, None));
        let account = Attempts {
            failures: ACCOUNT_LOCK_AFTER - 1,
            locked_until: None,
        };
        let next = reserve(account, ACCOUNT_LOCK_AFTER, t0()).unwrap();
        assert!(
            next.locked_until.is_some(),
            "the account-wide ceiling locks too"
        );
    }

    #[test]
    fn lock_expires() {
        let until = lock_until(5, t0());
        assert!(is_locked(until, t0() + Duration::minutes(14)));
        assert!(!is_locked(until, t0() + Duration::minutes(15)));
        assert!(!is_locked(None, t0()));
    }
}
