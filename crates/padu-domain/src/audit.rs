//! The tamper-evident audit log (PRODUCT.md module 9, "integrity: tamper-evident audit log of
//! every change"; Kalbar Pasal 24(3)b "teknik untuk mendeteksi adanya modifikasi informasi").
//!
//! Each entry's hash covers its fields and the previous entry's hash (SHA-256), so editing,
//! deleting or reordering any past entry breaks the chain at that entry. Checkpoints sign the
//! head of the chain with the instance's Ed25519 key so that truncating the tail is detected too.

use sha2::{Digest, Sha256};

/// The hash that precedes the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One audit entry as stored. `detail` is the JSON text of before/after, kept byte-exact.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub seq: i64,
    pub at: String,
    pub actor_user_id: Option<i64>,
    pub actor_label: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub pd_id: Option<i64>,
    pub detail: String,
    pub ip: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// Computes an entry's hash from its content and the previous hash. Every field is length
/// prefixed so that no two different entries share an encoding.
pub fn entry_hash(e: &AuditEntry, prev_hash: &str) -> String {
    let mut h = Sha256::new();
    let mut field = |name: &str, value: Option<&str>| {
        h.update(name.as_bytes());
        match value {
            Some(v) => {
                h.update(b"=");
                h.update((v.len() as u64).to_be_bytes());
                h.update(v.as_bytes());
            }
            None => h.update(b"~"),
        }
        h.update(b";");
    };
    field("v", Some("padu-audit-1"));
    field("prev", Some(prev_hash));
    field("seq", Some(&e.seq.to_string()));
    field("at", Some(&e.at));
    field("actor", e.actor_user_id.map(|v| v.to_string()).as_deref());
    field("label", Some(&e.actor_label));
    field("action", Some(&e.action));
    field("entity", Some(&e.entity));
    field("entity_id", e.entity_id.as_deref());
    field("pd", e.pd_id.map(|v| v.to_string()).as_deref());
    field("detail", Some(&e.detail));
    field("ip", e.ip.as_deref());
    hex::encode(h.finalize())
}

/// Where and why the chain is broken.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: String,
}

impl std::fmt::Display for ChainBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "audit entry #{}: {}", self.seq, self.reason)
    }
}

/// Checks entries one by one, in `seq` order, without holding them all in memory.
#[derive(Debug)]
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        ChainVerifier {
            expected_seq: 1,
            prev_hash: GENESIS.to_string(),
        }
    }
}

impl ChainVerifier {
    pub fn push(&mut self, e: &AuditEntry) -> Result<(), ChainBreak> {
        let brk = |reason: String| Err(ChainBreak { seq: e.seq, reason });
        if e.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                reason: format!(
                    "entry missing or out of order (found #{} where #{} belongs)",
                    e.seq, self.expected_seq
                ),
            });
        }
        if e.prev_hash != self.prev_hash {
            return brk("its link to the previous entry does not match (an entry before it was removed, reordered or changed)".into());
        }
        let recomputed = entry_hash(e, &self.prev_hash);
        if recomputed != e.hash {
            return brk("its content does not match its hash (the entry was changed)".into());
        }
        self.expected_seq += 1;
        self.prev_hash = e.hash.clone();
        Ok(())
    }

    /// Number of entries verified so far.
    pub fn count(&self) -> i64 {
        self.expected_seq - 1
    }

    pub fn head_hash(&self) -> &str {
        &self.prev_hash
    }
}

/// The exact bytes a checkpoint signature covers. Kept as plain text so that a person can read
/// it and `openssl pkeyutl -verify -rawin` can check it.
pub fn checkpoint_message(instance: &str, seq: i64, hash: &str, at: &str) -> String {
    format!("padu-audit-checkpoint v1\ninstance: {instance}\nseq: {seq}\nhash: {hash}\nat: {at}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditEntry> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|seq| {
                let mut e = AuditEntry {
                    seq,
                    at: format!("2026-11-23T08:00:{seq:02}Z"),
                    actor_user_id: Some(1),
                    actor_label: "admin".into(),
                    action: "update".into(),
                    entity: "perangkat_daerah".into(),
                    entity_id: Some(seq.to_string()),
                    pd_id: Some(3),
                    detail: format!("{{\"after\":{{\"name\":\"PD {seq}\"}}}}"),
                    ip: None,
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = entry_hash(&e, &prev);
                prev = e.hash.clone();
                e
            })
            .collect()
    }

    fn verify(entries: &[AuditEntry]) -> Result<i64, ChainBreak> {
        let mut v = ChainVerifier::default();
        for e in entries {
            v.push(e)?;
        }
        Ok(v.count())
    }

    #[test]
    fn intact_chain_verifies() {
        assert_eq!(verify(&chain(10)), Ok(10));
        assert_eq!(verify(&[]), Ok(0));
    }

    #[test]
    fn edit_is_named() {
        let mut c = chain(10);
        c[4].detail = "{\"after\":{\"name\":\"forged\"}}".into();
        assert_eq!(verify(&c).unwrap_err().seq, 5);
        let mut c = chain(10);
        c[6].actor_user_id = None;
        assert_eq!(verify(&c).unwrap_err().seq, 7);
    }

    #[test]
    fn deletion_and_reordering_are_named() {
        let mut c = chain(10);
        c.remove(3);
        assert_eq!(verify(&c).unwrap_err().seq, 4);
        let mut c = chain(10);
        c.swap(2, 3);
        assert_eq!(verify(&c).unwrap_err().seq, 3);
    }

    #[test]
    fn rehashing_an_edit_still_breaks_the_next_link() {
        let mut c = chain(5);
        c[1].detail = "{}".into();
        c[1].hash = entry_hash(&c[1], &c[1].prev_hash.clone());
        assert_eq!(verify(&c).unwrap_err().seq, 3);
    }

    #[test]
    fn null_and_empty_differ() {
        let mut a = chain(1).remove(0);
        a.entity_id = None;
        let mut b = a.clone();
        b.entity_id = Some(String::new());
        assert_ne!(entry_hash(&a, GENESIS), entry_hash(&b, GENESIS));
    }
}
