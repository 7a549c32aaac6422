//! Verifying the audit log and signing checkpoints of its head.

use crate::keys::{verify_signature, InstanceKey};
use chrono::{DateTime, Utc};
use padu_domain::audit::{checkpoint_message, ChainBreak, ChainVerifier};
use padu_store::{ts, Store, StoreError};
use serde::Serialize;

/// The outcome of a full verification.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VerifyReport {
    pub ok: bool,
    pub entries: i64,
    pub head_seq: i64,
    pub checkpoints_checked: usize,
    pub latest_checkpoint_seq: Option<i64>,
    /// The first entry found broken.
    pub first_bad: Option<ChainBreak>,
    /// Every problem, in words.
    pub problems: Vec<String>,
    pub checked_at: String,
}

/// Walks the whole chain in batches, then checks the head and every signed checkpoint.
pub async fn verify(
    store: &Store,
    now: DateTime<Utc>,
    progress: &mut (dyn FnMut(i64) + Send),
) -> Result<VerifyReport, StoreError> {
    let mut v = ChainVerifier::default();
    let mut first_bad = None;
    let mut after = 0;
    'walk: loop {
        let batch = store.audit_batch(after, 2000).await?;
        if batch.is_empty() {
            break;
        }
        for e in &batch {
            if let Err(b) = v.push(e) {
                first_bad = Some(b);
                break 'walk;
            }
            after = e.seq;
        }
        progress(v.count());
    }
    let mut problems = Vec::new();
    if let Some(b) = &first_bad {
        problems.push(b.to_string());
    }
    let (head_seq, head_hash) = store.audit_head().await?;
    if first_bad.is_none() && (head_seq != v.count() || head_hash != v.head_hash()) {
        problems.push(format!("the chain ends at entry #{} but the recorded head is #{head_seq}: entries at the end were removed", v.count()));
        first_bad = Some(ChainBreak {
            seq: v.count() + 1,
            reason: "entries at the end of the log were removed".into(),
        });
    }
    let checkpoints = store.list_checkpoints(i64::MAX).await?;
    for c in &checkpoints {
        if !verify_signature(&c.public_key_pem, c.message.as_bytes(), &c.signature) {
            problems.push(format!(
                "checkpoint {} (entry #{}): the signature does not verify",
                c.id, c.seq
            ));
            continue;
        }
        if !c
            .message
            .contains(&format!("\nseq: {}\nhash: {}\n", c.seq, c.hash))
        {
            problems.push(format!(
                "checkpoint {}: its signed text does not match its columns",
                c.id
            ));
            continue;
        }
        match store.audit_hash_at(c.seq).await? {
            Some(h) if h == c.hash => {}
            Some(_) => problems.push(format!(
                "checkpoint {}: entry #{} differs from the entry that was signed",
                c.id, c.seq
            )),
            None => problems.push(format!(
                "checkpoint {}: signed entry #{} is missing from the log",
                c.id, c.seq
            )),
        }
    }
    if first_bad.is_none() {
        if let Some(p) = problems.first() {
            let seq = checkpoints.iter().map(|c| c.seq).min().unwrap_or(0);
            first_bad = Some(ChainBreak {
                seq,
                reason: p.clone(),
            });
        }
    }
    Ok(VerifyReport {
        ok: problems.is_empty(),
        entries: v.count(),
        head_seq,
        checkpoints_checked: checkpoints.len(),
        latest_checkpoint_seq: checkpoints.first().map(|c| c.seq),
        first_bad,
        problems,
        checked_at: ts(now),
    })
}

/// Signs a checkpoint of the current head, unless the head is already checkpointed.
pub async fn checkpoint(
    store: &Store,
    key: &InstanceKey,
    instance: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, StoreError> {
    let (seq, hash) = store.audit_head().await?;
    if seq == 0
        || store
            .list_checkpoints(1)
            .await?
            .first()
            .is_some_and(|c| c.seq == seq)
    {
        return Ok(None);
    }
    let key_id = store
        .register_signing_key(&key.fingerprint(), &key.public_pem(), now)
        .await?;
    let at = ts(now);
    let message = checkpoint_message(instance, seq, &hash, &at);
    let signature = hex::encode(key.sign(message.as_bytes()));
    store
        .add_checkpoint(seq, &hash, &at, key_id, &message, &signature)
        .await
        .map(Some)
}
