//! A keyed fixed-window rate limiter (sign-in attempts per client address).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct KeyedLimiter {
    max: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (Instant, u32)>>,
}

impl KeyedLimiter {
    pub fn new(max: u32, window: Duration) -> Self {
        KeyedLimiter {
            max,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a hit for `key` at `now`; Err(seconds to wait) when over the limit.
    pub fn hit(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut hits = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if hits.len() > 10_000 {
            hits.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = hits.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        if entry.1 > self.max {
            Err((self.window - now.duration_since(entry.0)).as_secs().max(1))
        } else {
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_per_key_and_window() {
        let l = KeyedLimiter::new(3, Duration::from_secs(60));
        let t = Instant::now();
        for _ in 0..3 {
            assert!(l.hit("10.0.0.1", t).is_ok());
        }
        assert!(l.hit("10.0.0.1", t).is_err());
        assert!(
            l.hit("10.0.0.2", t).is_ok(),
            "other clients are not affected"
        );
        assert!(
            l.hit("10.0.0.1", t + Duration::from_secs(61)).is_ok(),
            "a new window starts"
        );
    }
}
