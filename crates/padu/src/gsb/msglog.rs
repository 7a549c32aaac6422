//! The message log (Kalbar Pasal 20(6), non-repudiation): one writer task numbers and chains
//! the gateway's records and commits them in groups (every record that arrived while the last
//! commit ran goes into the next), then acknowledges each one, so the gateway releases a
//! response only once its record is durable. At least every second the records so far are
//! closed into a batch whose Merkle root the instance key signs.

use crate::keys::InstanceKey;
use anyhow::{bail, Context, Result};
use chrono::Utc;
use padu_domain::gsb::{
    batch_statement, chain_next, merkle_proof, merkle_root, sha256_hex, ProofStep, GENESIS,
};
use padu_store::gsb::{Batch, NewMessage};
use padu_store::Store;
use std::path::Path;
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

/// The most records one commit carries.
const GROUP: usize = 1_024;
/// The most records one batch closes (a backlog after a crash is closed in several).
const MAX_BATCH: usize = 100_000;

struct Pending {
    message: NewMessage,
    done: oneshot::Sender<Result<i64, String>>,
}

/// A handle to the writer task.
#[derive(Clone)]
pub struct MessageLog {
    tx: mpsc::Sender<Pending>,
}

impl MessageLog {
    /// Starts the writer: closes any records a crash left unbatched, then serves.
    pub async fn start(store: Store, key: InstanceKey, instance: String) -> Result<MessageLog> {
        let (head_id, head_chain) = store.message_log_head().await?;
        let last = store.last_batch().await?;
        let (next_batch, first_unbatched) = last
            .as_ref()
            .map_or((1, 1), |b| (b.id + 1, b.last_record + 1));
        let unbatched = store
            .messages_between(first_unbatched, head_id)
            .await?
            .into_iter()
            .map(|r| (r.leaf, r.chain))
            .collect();
        let mut writer = Writer {
            store,
            key,
            instance,
            next_id: head_id + 1,
            chain: head_chain,
            next_batch,
            unbatched,
        };
        writer.close_batches().await?;
        let (tx, rx) = mpsc::channel(16 * GROUP);
        tokio::spawn(writer.run(rx));
        Ok(MessageLog { tx })
    }

    /// Writes one record; returns its number once it is committed.
    pub async fn write(&self, message: NewMessage) -> Result<i64, String> {
        let (done, wait) = oneshot::channel();
        self.tx
            .send(Pending { message, done })
            .await
            .map_err(|_| "the message log has stopped".to_string())?;
        wait.await
            .map_err(|_| "the message log has stopped".to_string())?
    }
}

struct Writer {
    store: Store,
    key: InstanceKey,
    instance: String,
    next_id: i64,
    chain: String,
    next_batch: i64,
    /// (leaf, chain) of the committed records not yet in a batch, oldest first; the last is
    /// record `next_id - 1`. Kept here so closing a batch reads nothing back.
    unbatched: Vec<(String, String)>,
}

impl Writer {
    async fn run(mut self, mut rx: mpsc::Receiver<Pending>) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                first = rx.recv() => {
                    let Some(first) = first else { break };
                    let mut group = vec![first];
                    while group.len() < GROUP {
                        match rx.try_recv() {
                            Ok(p) => group.push(p),
                            Err(_) => break,
                        }
                    }
                    self.commit(group).await;
                }
                _ = tick.tick() => {
                    if let Err(e) = self.close_batches().await {
                        tracing::error!(error = %e, "closing a message log batch failed");
                    }
                }
            }
        }
        let _ = self.close_batches().await;
    }

    async fn commit(&mut self, group: Vec<Pending>) {
        let mut chain = self.chain.clone();
        let rows: Vec<(i64, &NewMessage, String, String)> = group
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let leaf = sha256_hex(p.message.record.as_bytes());
                chain = chain_next(&chain, &leaf);
                (self.next_id + i as i64, &p.message, leaf, chain.clone())
            })
            .collect();
        match self.store.append_messages(&rows).await {
            Ok(()) => {
                let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
                self.next_id += ids.len() as i64;
                self.chain = chain;
                self.unbatched
                    .extend(rows.iter().map(|r| (r.2.clone(), r.3.clone())));
                for (p, id) in group.into_iter().zip(ids) {
                    let _ = p.done.send(Ok(id));
                }
            }
            Err(e) => {
                tracing::error!(error = %e, records = group.len(), "message log commit failed");
                for p in group {
                    let _ = p.done.send(Err(e.to_string()));
                }
            }
        }
    }

    /// Closes every committed record not yet in a batch.
    async fn close_batches(&mut self) -> Result<()> {
        while !self.unbatched.is_empty() {
            let n = self.unbatched.len().min(MAX_BATCH);
            let first = self.next_id - self.unbatched.len() as i64;
            let last_record = first + n as i64 - 1;
            let leaves: Vec<String> = self.unbatched[..n].iter().map(|u| u.0.clone()).collect();
            let chain_head = self.unbatched[n - 1].1.clone();
            let root = merkle_root(&leaves).context("an empty batch")?;
            let closed_at = padu_store::ts(Utc::now());
            let statement = batch_statement(
                &self.instance,
                self.next_batch,
                first,
                last_record,
                &root,
                &chain_head,
                &closed_at,
            );
            let signature = hex::encode(self.key.sign(statement.as_bytes()));
            self.store
                .insert_batch(&Batch {
                    id: self.next_batch,
                    first_record: first,
                    last_record,
                    root,
                    chain_head,
                    closed_at,
                    statement,
                    signature,
                    key_fingerprint: self.key.fingerprint(),
                })
                .await?;
            self.unbatched.drain(..n);
            self.next_batch += 1;
        }
        Ok(())
    }
}

/// What `padu gsb log verify` found.
#[derive(Debug, Default)]
pub struct Verified {
    pub batches: i64,
    pub records: i64,
    pub unbatched: i64,
    /// Batches whose records are in archive files (their signatures checked here).
    pub archived_batches: i64,
}

/// Checks the whole log: every record's leaf, the chain through every record, every batch's
/// root, chain head, statement and signature. Records moved to archives are checked from their
/// archive files (`archive::verify_file`); here their batches' signatures are checked and the
/// chain resumes from the last archive's anchor. `progress` hears (records checked, total).
pub async fn verify(store: &Store, progress: &mut dyn FnMut(i64, i64)) -> Result<Verified> {
    let keys = store.signing_keys().await?;
    let (head, _) = store.message_log_head().await?;
    let anchor = store.archives().await?.pop();
    let mut out = Verified::default();
    let mut at = Cursor {
        chain: anchor
            .as_ref()
            .map_or(GENESIS.to_string(), |a| a.last_chain.clone()),
        next_record: anchor.as_ref().map_or(1, |a| a.last_record + 1),
    };
    let mut after = 0;
    loop {
        let batches = store.batches_after(after, 100).await?;
        if batches.is_empty() {
            break;
        }
        for b in &batches {
            after = b.id;
            if let Some(a) = anchor.as_ref().filter(|a| b.last_record <= a.last_record) {
                check_signature(b, &keys)?;
                if b.id == a.last_batch && b.chain_head != a.last_chain {
                    bail!(
                        "batch {}: the archive's anchor does not match its chain head",
                        b.id
                    );
                }
                out.archived_batches += 1;
                continue;
            }
            let rows = store
                .messages_between(b.first_record, b.last_record)
                .await?;
            at.check(b, &rows, &keys)?;
            out.batches += 1;
            out.records += rows.len() as i64;
            progress(out.records, head);
        }
    }
    // Records committed after the last batch (closed within the next second): chain only.
    if at.next_record <= head {
        let mut chain = at.chain;
        for r in store.messages_between(at.next_record, head).await? {
            let leaf = sha256_hex(r.record.as_bytes());
            chain = chain_next(&chain, &leaf);
            if leaf != r.leaf || chain != r.chain {
                bail!(
                    "record {} (not yet batched) was altered or the chain breaks",
                    r.id
                );
            }
            out.unbatched += 1;
            out.records += 1;
        }
        progress(out.records, head);
    }
    Ok(out)
}

/// Where a check of consecutive batches stands: the chain so far and the record the next
/// batch must start at. `verify`, the archiver and `verify-archive` all walk batches with it.
pub(crate) struct Cursor {
    pub chain: String,
    pub next_record: i64,
}

impl Cursor {
    /// Checks that `b` starts where the last batch ended and that its records, chain and
    /// signature hold; then moves past it.
    pub(crate) fn check(
        &mut self,
        b: &Batch,
        rows: &[padu_store::gsb::MessageRow],
        keys: &[(String, String)],
    ) -> Result<()> {
        if b.first_record != self.next_record {
            bail!(
                "batch {} starts at record {}, expected {}",
                b.id,
                b.first_record,
                self.next_record
            );
        }
        self.chain = check_batch(b, rows, &self.chain, keys)?;
        self.next_record = b.last_record + 1;
        Ok(())
    }
}

/// Checks one batch against its records (in order), the chain continuing from `chain`;
/// returns the chain after it.
fn check_batch(
    b: &Batch,
    rows: &[padu_store::gsb::MessageRow],
    chain: &str,
    keys: &[(String, String)],
) -> Result<String> {
    if rows.len() as i64 != b.last_record - b.first_record + 1
        || rows.first().map(|r| r.id) != Some(b.first_record)
    {
        bail!(
            "batch {}: records {}–{} are not all present",
            b.id,
            b.first_record,
            b.last_record
        );
    }
    let mut chain = chain.to_string();
    let mut leaves = Vec::with_capacity(rows.len());
    for r in rows {
        let leaf = sha256_hex(r.record.as_bytes());
        if leaf != r.leaf {
            bail!(
                "record {} (X-Road-Id {}) was altered: its hash is not the stored one",
                r.id,
                r.x_road_id
            );
        }
        chain = chain_next(&chain, &leaf);
        if chain != r.chain {
            bail!("record {}: the chain breaks here", r.id);
        }
        leaves.push(leaf);
    }
    let root = merkle_root(&leaves).context("an empty batch")?;
    if root != b.root || chain != b.chain_head {
        bail!(
            "batch {}: its root or chain head does not match its records",
            b.id
        );
    }
    let statement = batch_statement(
        &store_instance(&b.statement)?,
        b.id,
        b.first_record,
        b.last_record,
        &root,
        &chain,
        &b.closed_at,
    );
    if statement != b.statement {
        bail!("batch {}: its signed statement does not match", b.id);
    }
    check_signature(b, keys)?;
    Ok(chain)
}

/// The batch statement's signature, by a key this instance has used.
fn check_signature(b: &Batch, keys: &[(String, String)]) -> Result<()> {
    let pem = keys
        .iter()
        .find(|k| k.0 == b.key_fingerprint)
        .map(|k| k.1.as_str())
        .with_context(|| format!("batch {}: unknown signing key {}", b.id, b.key_fingerprint))?;
    if !crate::keys::verify_signature(pem, b.statement.as_bytes(), &b.signature) {
        bail!("batch {}: the signature does not verify", b.id);
    }
    Ok(())
}

/// The instance named in a batch statement.
fn store_instance(statement: &str) -> Result<String> {
    statement
        .lines()
        .find_map(|l| l.strip_prefix("instance "))
        .map(str::to_string)
        .context("a batch statement without its instance")
}

/// Writes the evidence bundle of one exchange into `dir`: the record, its inclusion proof,
/// the signed batch statement and signature, the public key, and VERIFY.md with the commands
/// that check them with sha256sum and openssl alone.
///
/// With the data dir, the bundle also holds the instance CA's certificate and a certificate
/// from it for the signing key, so the key itself checks out with `openssl verify`.
pub async fn export(
    store: &Store,
    x_road_id: &str,
    dir: &Path,
    data_dir: Option<&Path>,
) -> Result<i64> {
    let rows = store.messages_by_xroad_id(x_road_id).await?;
    let row = rows
        .first()
        .with_context(|| format!("no exchange with X-Road-Id {x_road_id}"))?;
    let batch = store.batch_containing(row.id).await?.context(
        "this exchange is not in a signed batch yet (batches close every second); try again",
    )?;
    let leaves = store
        .leaves_between(batch.first_record, batch.last_record)
        .await?;
    let index = (row.id - batch.first_record) as usize;
    let proof = merkle_proof(&leaves, index).context("the record is outside its batch")?;
    let keys = store.signing_keys().await?;
    let pem = keys
        .iter()
        .find(|k| k.0 == batch.key_fingerprint)
        .map(|k| k.1.clone())
        .context("the batch's signing key is unknown")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let write = |name: &str, bytes: &[u8]| {
        std::fs::write(dir.join(name), bytes).with_context(|| format!("writing {name}"))
    };
    write("record.json", row.record.as_bytes())?;
    write("proof.txt", proof_text(&proof).as_bytes())?;
    write("batch.txt", batch.statement.as_bytes())?;
    write(
        "batch.sig",
        &hex::decode(&batch.signature).context("a stored signature is not hex")?,
    )?;
    write("instance-key.pem", pem.as_bytes())?;
    let certified = match data_dir {
        Some(data_dir) => {
            let instance = store_instance(&batch.statement)?;
            let ca = super::ca::InstanceCa::load_or_create(data_dir, &instance, Utc::now())?;
            let raw = ed25519_dalek::pkcs8::DecodePublicKey::from_public_key_pem(&pem)
                .map(|k: ed25519_dalek::VerifyingKey| k.to_bytes().to_vec())
                .map_err(|e| anyhow::anyhow!("the signing key is not Ed25519: {e}"))?;
            write("instance-ca.pem", ca.cert_pem.as_bytes())?;
            write(
                "instance-cert.pem",
                ca.certify_signing_key(&instance, &raw, Utc::now())?
                    .as_bytes(),
            )?;
            true
        }
        None => false,
    };
    write(
        "VERIFY.md",
        verify_doc(row.id, &batch, &proof, certified).as_bytes(),
    )?;
    if rows.len() > 1 {
        tracing::warn!(
            count = rows.len(),
            "several exchanges share this X-Road-Id; exported the newest"
        );
    }
    Ok(row.id)
}

fn proof_text(proof: &[ProofStep]) -> String {
    proof
        .iter()
        .map(|s| {
            format!(
                "{} {}\n",
                match s.side {
                    padu_domain::gsb::Side::Left => "left",
                    padu_domain::gsb::Side::Right => "right",
                },
                s.hash
            )
        })
        .collect()
}

fn verify_doc(record_id: i64, batch: &Batch, proof: &[ProofStep], certified: bool) -> String {
    let certificate = if certified {
        "# 0. The instance CA certified this key (instance-cert.pem names the same public key)\n\
         openssl verify -CAfile instance-ca.pem instance-cert.pem\n\
         [ \"$(openssl x509 -in instance-cert.pem -pubkey -noout | grep -v -- -----)\" = \"$(grep -v -- ----- instance-key.pem)\" ] && echo \"the certificate names this key\"\n"
    } else {
        ""
    };
    let mut steps = String::new();
    for (i, s) in proof.iter().enumerate() {
        let line = match s.side {
            padu_domain::gsb::Side::Left => format!(
                "h=$(printf '%s%s' {} \"$h\" | sha256sum | cut -d' ' -f1)",
                s.hash
            ),
            padu_domain::gsb::Side::Right => format!(
                "h=$(printf '%s%s' \"$h\" {} | sha256sum | cut -d' ' -f1)",
                s.hash
            ),
        };
        steps.push_str(&format!("{line}   # step {}\n", i + 1));
    }
    format!(
        r#"# Evidence of one exchange through the Padu service bus

Record {record_id}, in batch {batch} (records {first}–{last}), signed by the instance key.
Every hash is SHA-256 in lower-case hex; a pair is hashed over its two hex strings.

Files: `record.json` (the logged record, byte for byte), `proof.txt` (its path to the batch
root: `left|right HASH` per step), `batch.txt` (the signed statement), `batch.sig` (the raw
Ed25519 signature over batch.txt), `instance-key.pem` (the instance's public key; its
SHA-256 fingerprint of the raw key is {fingerprint}); with `instance-ca.pem` and
`instance-cert.pem`, the instance CA's certificate and its certificate for that key.

Check, in this directory, with a POSIX shell, sha256sum and OpenSSL 3:

```sh
{certificate}# 1. The signature over the batch statement
openssl pkeyutl -verify -pubin -inkey instance-key.pem -rawin -in batch.txt -sigfile batch.sig
# 2. The record's hash, then up its proof to the root
h=$(sha256sum record.json | cut -d' ' -f1)
{steps}echo "$h"
# 3. The result must equal the root in the signed statement
grep "^root $h\$" batch.txt && echo "record is in the signed batch"
```

The root in batch.txt is {root}.
"#,
        batch = batch.id,
        first = batch.first_record,
        last = batch.last_record,
        fingerprint = batch.key_fingerprint,
        root = batch.root,
    )
}
