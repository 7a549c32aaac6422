//! Passwords as Peraturan BSSN's web-application standard asks (PRODUCT.md module 9):
//! at least 12 characters mixing upper case, lower case, digits and symbols, stored with Argon2id.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use rand::{CryptoRng, RngCore};

pub const MIN_LENGTH: usize = 12;

/// A rule of the policy that a candidate password breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PolicyViolation {
    TooShort,
    NoUpper,
    NoLower,
    NoDigit,
    NoSymbol,
    ContainsUsername,
    TooLong,
}

impl PolicyViolation {
    /// The message key of the UI catalogue for this violation.
    pub fn key(self) -> &'static str {
        match self {
            PolicyViolation::TooShort => "password.too_short",
            PolicyViolation::NoUpper => "password.no_upper",
            PolicyViolation::NoLower => "password.no_lower",
            PolicyViolation::NoDigit => "password.no_digit",
            PolicyViolation::NoSymbol => "password.no_symbol",
            PolicyViolation::ContainsUsername => "password.contains_username",
            PolicyViolation::TooLong => "password.too_long",
        }
    }

    /// An English sentence for API clients and the CLI.
    pub fn message(self) -> &'static str {
        match self {
            PolicyViolation::TooShort => "must be at least 12 characters long",
            PolicyViolation::NoUpper => "must contain an upper-case letter",
            PolicyViolation::NoLower => "must contain a lower-case letter",
            PolicyViolation::NoDigit => "must contain a digit",
            PolicyViolation::NoSymbol => "must contain a symbol",
            PolicyViolation::ContainsUsername => "must not contain the username",
            PolicyViolation::TooLong => "must be at most 256 characters long",
        }
    }
}

/// Checks a candidate password against the BSSN policy; returns every rule it breaks.
pub fn check_policy(password: &str, username: &str) -> Vec<PolicyViolation> {
    let mut out = Vec::new();
    if password.chars().count() < MIN_LENGTH {
        out.push(PolicyViolation::TooShort);
    }
    if password.chars().count() > 256 {
        out.push(PolicyViolation::TooLong);
    }
    if !password.chars().any(char::is_uppercase) {
        out.push(PolicyViolation::NoUpper);
    }
    if !password.chars().any(char::is_lowercase) {
        out.push(PolicyViolation::NoLower);
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        out.push(PolicyViolation::NoDigit);
    }
    if !password
        .chars()
        .any(|c| !c.is_alphanumeric() && !c.is_whitespace())
    {
        out.push(PolicyViolation::NoSymbol);
    }
    if username.len() >= 3 && password.to_lowercase().contains(&username.to_lowercase()) {
        out.push(PolicyViolation::ContainsUsername);
    }
    out
}

fn argon2() -> Argon2<'static> {
    // OWASP's Argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password with Argon2id into a PHC string.
pub fn hash_password<R: RngCore + CryptoRng>(password: &str, rng: &mut R) -> String {
    let salt = SaltString::generate(rng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        // Hashing only fails for out-of-range parameters, which are constants here.
        .unwrap_or_default()
}

/// Checks a password against a stored PHC string. A malformed hash never verifies.
pub fn verify_password(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Generates a password that satisfies the policy (for the first administrator).
pub fn generate_password<R: RngCore + CryptoRng>(rng: &mut R) -> String {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const DIGIT: &[u8] = b"23456789";
    const SYMBOL: &[u8] = b"-_.!@#%+=";
    let pick = |set: &[u8], rng: &mut R| set[(rng.next_u32() as usize) % set.len()] as char;
    let mut out = String::new();
    for i in 0..20 {
        let set = match i % 4 {
            0 => UPPER,
            1 => LOWER,
            2 => DIGIT,
            _ if i % 8 == 3 => SYMBOL,
            _ => LOWER,
        };
        out.push(pick(set, rng));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::rngs::OsRng;

    #[test]
    fn bssn_policy() {
        assert!(check_policy("Padu-Kuat-2026!", "admin").is_empty());
        assert_eq!(
            check_policy("Short1!a", "x"),
            vec![PolicyViolation::TooShort]
        );
        assert_eq!(
            check_policy("alllowercase12!", "x"),
            vec![PolicyViolation::NoUpper]
        );
        assert_eq!(
            check_policy("ALLUPPERCASE12!", "x"),
            vec![PolicyViolation::NoLower]
        );
        assert_eq!(
            check_policy("NoDigitsHere!!", "x"),
            vec![PolicyViolation::NoDigit]
        );
        assert_eq!(
            check_policy("NoSymbolsHere12", "x"),
            vec![PolicyViolation::NoSymbol]
        );
        assert_eq!(
            check_policy("Operator-2026!x", "operator"),
            vec![PolicyViolation::ContainsUsername]
        );
        assert_eq!(check_policy("", "x").len(), 5);
    }

    #[test]
    fn argon2id_round_trip() {
        let h = hash_password("Padu-Kuat-2026!", &mut OsRng);
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("Padu-Kuat-2026!", &h));
        assert!(!verify_password("Padu-Kuat-2026?", &h));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn generated_passwords_pass_the_policy() {
        for _ in 0..50 {
            let p = generate_password(&mut OsRng);
            assert!(check_policy(&p, "admin").is_empty(), "{p}");
        }
    }
}
