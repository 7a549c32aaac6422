//! The message log (Kalbar Pasal 20(6), non-repudiation). The gateway's call to `write`
//! numbers and chains a record and appends it to the journal (`journal.rs`) before the
//! response is released: that append is what makes the record durable. The records of the
//! exchanges that end in one turn of a gateway thread's runtime are appended together, with
//! one system call (`Group`). An indexer task then inserts the records into the database in
//! groups and, at least every second, closes the records so far into a batch whose Merkle
//! root the instance key signs.
//!
//! Why a journal rather than waiting for the database: a commit is several round trips to
//! the database's worker thread, each waiting for a CPU under load; an append is one system
//! call on the request's own thread, shared by the exchanges of its turn. The evidence is the
//! same: the chain and the signed batches are computed over the same bytes, and `verify`
//! checks the database and, for records not yet indexed, the journal.

use super::journal::{self, Journal, Logged};
use crate::keys::InstanceKey;
use anyhow::{bail, Context, Result};
use chrono::Utc;
use padu_domain::gsb::{
    batch_statement, chain_next, check_link, merkle_proof, merkle_root, sha256_hex, LinkBreak,
    MerkleFrontier, ProofStep, GENESIS,
};
use padu_store::gsb::{Batch, NewMessage, Numbered};
use padu_store::Store;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// The most records one database transaction carries (give or take a journal group).
const GROUP: usize = 4_096;
/// How long the indexer lets records gather before it writes them: long enough that a group
/// writes each database page once for many records, short enough that writing a group takes
/// a core for a millisecond or two rather than the tens that delay the gateway's answers.
const GATHER: Duration = Duration::from_millis(10);
/// The most records one batch closes (a backlog after a crash is closed in several).
const MAX_BATCH: usize = 100_000;
/// How far indexing may fall behind before writers wait for it: it bounds memory (a record
/// waiting to be indexed holds about 1.5 KB), and is four full groups, about 0.7 s of the
/// gateway's full load on two cores (bench/gsb.sh).
const MAX_BACKLOG: i64 = 16_384;

/// The journal of `data_dir`.
pub fn journal_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("msglog")
}

/// The writer's side: the chain head and the journal, behind one lock so that numbers,
/// chain and journal order agree.
struct Head {
    journal: Journal,
    next_id: i64,
    chain: String,
    /// Records numbered and chained in this turn of the runtime, written together by `flush`.
    group: Option<Group>,
}

impl Head {
    /// The last record written to the journal: the one before the group being gathered.
    fn written(&self) -> i64 {
        self.group.as_ref().map_or(self.next_id, |g| g.before.0) - 1
    }
}

/// Records gathered for one journal write: every exchange that ends in one turn of a gateway
/// thread's runtime costs one `write(2)` between them instead of one each (a seventh of the
/// gateway thread's time under bench/gsb.sh load went to those calls).
struct Group {
    /// Their journal lines, one after the other.
    lines: Vec<u8>,
    records: Vec<Logged>,
    /// The number and chain hash the head had before the group: where it goes back to if
    /// the write fails, so the chain never skips the lost records.
    before: (i64, String),
    /// How the write went, for the writers waiting on it.
    done: watch::Sender<Option<Result<(), String>>>,
}

/// How a group's write went, once it has been tried (`None` until then).
type Outcome = watch::Receiver<Option<Result<(), String>>>;

/// A record ready for its place in the chain: its leaf hash and its journal line but for the
/// number and the chain.
struct Prepared {
    message: NewMessage,
    leaf: String,
    tail: journal::Tail,
}

/// A handle to the log.
#[derive(Clone)]
pub struct MessageLog {
    head: Arc<Mutex<Head>>,
    /// The journal's groups, in order, for the indexer.
    to_index: mpsc::UnboundedSender<Vec<Logged>>,
    /// The last record the database holds.
    indexed: watch::Receiver<i64>,
    /// Exchanges that waited because indexing was `MAX_BACKLOG` records behind.
    waits: Arc<AtomicU64>,
    /// Groups written to the journal (each one system call).
    journal_writes: Arc<AtomicU64>,
}

impl MessageLog {
    /// Starts the log: indexes what the journal holds beyond the database (a crash's
    /// acknowledged records), closes any records left unbatched, then serves.
    pub async fn start(
        store: Store,
        key: InstanceKey,
        instance: String,
        data_dir: &Path,
    ) -> Result<MessageLog> {
        let dir = journal_dir(data_dir);
        let (mut head_id, mut head_chain) = store.message_log_head().await?;
        let recovered = journal::after(&dir, head_id, &head_chain)?;
        for group in recovered.chunks(GROUP) {
            store.append_messages(&numbered(group)).await?;
        }
        if let Some(last) = recovered.last() {
            tracing::info!(
                records = recovered.len(),
                "indexed message log records from the journal"
            );
            (head_id, head_chain) = (last.id, last.chain.clone());
        }
        let last = store.last_batch().await?;
        let (next_batch, first_unbatched) = last
            .as_ref()
            .map_or((1, 1), |b| (b.id + 1, b.last_record + 1));
        let unbatched = store.messages_between(first_unbatched, head_id).await?;
        let journal = Journal::open(&dir, head_id + 1)?;
        journal::prune(&dir, head_id)?;
        let (indexed_tx, indexed) = watch::channel(head_id);
        let head = Arc::new(Mutex::new(Head {
            journal,
            next_id: head_id + 1,
            chain: head_chain,
            group: None,
        }));
        let mut indexer = Indexer {
            store,
            key,
            instance,
            dir,
            head: head.clone(),
            next_id: first_unbatched,
            next_batch,
            open: MerkleFrontier::default(),
            chain_head: String::new(),
            full: Vec::new(),
            indexed: indexed_tx,
        };
        for r in unbatched {
            indexer.add_to_batch(r.leaf, r.chain);
        }
        debug_assert_eq!(indexer.next_id, head_id + 1);
        indexer.close_batches().await?;
        let (to_index, rx) = mpsc::unbounded_channel();
        tokio::spawn(indexer.run(rx));
        Ok(MessageLog {
            head,
            to_index,
            indexed,
            waits: Arc::default(),
            journal_writes: Arc::default(),
        })
    }

    /// Writes one record; returns its number once it is durable.
    pub async fn write(&self, message: NewMessage) -> Result<i64, String> {
        // What does not depend on the record's place in the chain is done before the lock,
        // which every gateway thread takes for each exchange.
        let message = Prepared {
            leaf: sha256_hex(message.record.as_bytes()),
            tail: journal::prepare(&message).map_err(|e| format!("{e:#}"))?,
            message,
        };
        let appended = {
            let mut head = self.lock();
            let written = head.next_id - 1;
            if written - *self.indexed.borrow() <= MAX_BACKLOG {
                Ok(self.append(&mut head, message)?)
            } else {
                Err((written, message))
            }
        };
        let (written, message) = match appended {
            Ok((id, done)) => return Self::written(id, done).await,
            Err(behind) => behind,
        };
        // Indexing is far behind: wait (without the lock) until it has caught up by half.
        self.waits.fetch_add(1, Ordering::Relaxed);
        let mut indexed = self.indexed.clone();
        indexed
            .wait_for(|i| written - i <= MAX_BACKLOG / 2)
            .await
            .map_err(|_| "the message log has stopped".to_string())?;
        let (id, done) = self.append(&mut self.lock(), message)?;
        Self::written(id, done).await
    }

    /// Record `id`'s number once its group is written.
    async fn written(id: i64, mut done: Outcome) -> Result<i64, String> {
        let outcome = done
            .wait_for(Option::is_some)
            .await
            .map_err(|_| "the message log has stopped".to_string())?;
        match outcome.as_ref() {
            Some(Ok(())) => Ok(id),
            Some(Err(e)) => Err(e.clone()),
            None => Err("the message log has stopped".to_string()),
        }
    }

    /// Numbers and chains one record into the group of this turn, starting the group (and
    /// the task that writes it once the turn's other exchanges have added theirs) if there is
    /// none.
    fn append(&self, head: &mut Head, prepared: Prepared) -> Result<(i64, Outcome), String> {
        let Prepared {
            message,
            leaf,
            tail,
        } = prepared;
        let record = Logged {
            id: head.next_id,
            chain: chain_next(&head.chain, &leaf),
            leaf,
            message,
        };
        if head.group.is_none() {
            let before = (head.next_id, head.chain.clone());
            head.group = Some(Group {
                lines: Vec::with_capacity(16 << 10),
                records: Vec::with_capacity(32),
                before,
                done: watch::Sender::new(None),
            });
            // Written when the task ends, or is dropped with its runtime (a group nobody
            // writes would hold every later record).
            let flush = FlushWhenDone(self.clone());
            tokio::spawn(async move {
                // To the back of the runtime's queue: the exchanges ready in this turn add
                // their records first.
                tokio::task::yield_now().await;
                drop(flush);
            });
        }
        let group = head.group.as_mut().expect("started above");
        journal::write_line(&record, &tail, &mut group.lines).map_err(|e| format!("{e:#}"))?;
        let id = record.id;
        let done = group.done.subscribe();
        head.next_id += 1;
        head.chain.clone_from(&record.chain);
        group.records.push(record);
        Ok((id, done))
    }

    /// Writes the gathered group with one system call and hands its records to the indexer.
    /// A failed write takes the head back to before the group: its records never existed.
    fn flush(&self) {
        let mut head = self.lock();
        let Some(group) = head.group.take() else {
            return;
        };
        let Group {
            lines,
            records,
            before,
            done,
        } = group;
        self.journal_writes.fetch_add(1, Ordering::Relaxed);
        let outcome = match head.journal.write_group(before.0, &lines) {
            Ok(()) => {
                // Sent under the lock, so the indexer receives records in their order.
                self.to_index
                    .send(records)
                    .map_err(|_| "the message log has stopped".to_string())
            }
            Err(e) => {
                let e = format!("{e:#}");
                tracing::error!(error = %e, "the message log journal refused a group of records");
                (head.next_id, head.chain) = before;
                Err(e)
            }
        };
        drop(head);
        done.send_replace(Some(outcome));
    }

    /// Waits until the database holds every record written so far (for readers that look
    /// records up right after an exchange, such as tests).
    pub async fn settled(&self) {
        let written = self.lock().written();
        let _ = self.indexed.clone().wait_for(|i| *i >= written).await;
    }

    fn lock(&self) -> MutexGuard<'_, Head> {
        lock(&self.head)
    }

    /// Prometheus text: how far indexing is behind the journal, and how many exchanges waited
    /// for it (the one thing in the log that holds the gateway's answers back).
    pub fn prometheus(&self) -> String {
        let written = self.lock().written();
        let behind = written - *self.indexed.borrow();
        let waits = self.waits.load(Ordering::Relaxed);
        let journal_writes = self.journal_writes();
        format!(
            "# HELP padu_gsb_log_backlog_records Message log records durable in the journal, not yet in the database.\n\
             # TYPE padu_gsb_log_backlog_records gauge\n\
             padu_gsb_log_backlog_records {behind}\n\
             # HELP padu_gsb_log_backlog_waits_total Exchanges that waited because indexing was {MAX_BACKLOG} records behind.\n\
             # TYPE padu_gsb_log_backlog_waits_total counter\n\
             padu_gsb_log_backlog_waits_total {waits}\n\
             # HELP padu_gsb_log_journal_writes_total Writes to the message log journal, each of the records of one turn of a gateway thread.\n\
             # TYPE padu_gsb_log_journal_writes_total counter\n\
             padu_gsb_log_journal_writes_total {journal_writes}\n"
        )
    }

    /// How many writes to the journal there have been (each carries a group of records).
    pub fn journal_writes(&self) -> u64 {
        self.journal_writes.load(Ordering::Relaxed)
    }
}

/// Writes the gathered group when dropped.
struct FlushWhenDone(MessageLog);

impl Drop for FlushWhenDone {
    fn drop(&mut self) {
        self.0.flush();
    }
}

/// The writer's lock. A panic while holding it cannot leave the head half-updated (the fields
/// are updated after the append, together), so a poisoned lock is still usable.
fn lock(head: &Mutex<Head>) -> MutexGuard<'_, Head> {
    head.lock().unwrap_or_else(|p| p.into_inner())
}

fn numbered(group: &[Logged]) -> Vec<Numbered<'_>> {
    group
        .iter()
        .map(|r| (r.id, &r.message, r.leaf.as_str(), r.chain.as_str()))
        .collect()
}

struct Indexer {
    store: Store,
    key: InstanceKey,
    instance: String,
    dir: PathBuf,
    head: Arc<Mutex<Head>>,
    /// The next record the database will hold.
    next_id: i64,
    next_batch: i64,
    /// The Merkle tree of the indexed records not yet in a batch (the last is record
    /// `next_id - 1`), hashed as they are indexed, so that closing a batch neither reads
    /// anything back nor hashes a second's records at once, which took a core for tens of
    /// milliseconds and delayed the gateway's answers.
    open: MerkleFrontier,
    /// The chain hash of record `next_id - 1`.
    chain_head: String,
    /// Batches filled (`MAX_BATCH` records) but not yet stored: their range, root and chain
    /// head, oldest first.
    full: Vec<Closing>,
    indexed: watch::Sender<i64>,
}

impl Indexer {
    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<Vec<Logged>>) {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                first = rx.recv() => {
                    let Some(first) = first else { break };
                    // Let records gather: one transaction of many records writes each
                    // database page once, where many small ones rewrite the same pages.
                    // The records are durable already; only their indexing waits.
                    // (A journal group is a few to a few dozen records: a backlog of
                    // `GROUP / 16` of them is enough to write at once.)
                    if rx.len() < GROUP / 16 {
                        tokio::time::sleep(GATHER).await;
                    }
                    let mut group = first;
                    while group.len() < GROUP {
                        match rx.try_recv() {
                            Ok(more) => group.extend(more),
                            Err(_) => break,
                        }
                    }
                    self.index(group).await;
                }
                _ = tick.tick() => self.every_second().await,
            }
        }
        let _ = self.close_batches().await;
    }

    /// Inserts a group, retrying until the database takes it: the records are durable in the
    /// journal already, and the ones after them must not overtake them.
    async fn index(&mut self, group: Vec<Logged>) {
        let rows = numbered(&group);
        let mut wait = Duration::from_millis(100);
        while let Err(e) = self.store.append_messages(&rows).await {
            tracing::error!(error = %e, records = rows.len(), "indexing message log records failed; retrying");
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(Duration::from_secs(10));
        }
        drop(rows);
        for r in group {
            self.add_to_batch(r.leaf, r.chain);
        }
        self.indexed.send_replace(self.next_id - 1);
    }

    /// Adds indexed record `next_id` to the open batch; a batch that reaches `MAX_BATCH`
    /// records is set aside to be stored.
    fn add_to_batch(&mut self, leaf: String, chain: String) {
        self.open.push(leaf);
        self.chain_head = chain;
        self.next_id += 1;
        if self.open.len() >= MAX_BATCH {
            self.set_aside();
        }
    }

    /// Ends the open batch: its records, root and chain head wait in `full` to be signed.
    fn set_aside(&mut self) {
        let open = std::mem::take(&mut self.open);
        if let Some(root) = open.root() {
            self.full.push(Closing {
                first: self.next_id - open.len() as i64,
                last: self.next_id - 1,
                root,
                chain_head: self.chain_head.clone(),
            });
        }
    }

    /// Closes a batch, syncs the journal to disk and drops the segments fully indexed.
    async fn every_second(&mut self) {
        if let Err(e) = self.close_batches().await {
            tracing::error!(error = %e, "closing a message log batch failed");
        }
        let file = lock(&self.head).journal.handle();
        let indexed = self.next_id - 1;
        let dir = self.dir.clone();
        let synced = tokio::task::spawn_blocking(move || -> Result<()> {
            file?.sync_data()?;
            journal::prune(&dir, indexed)
        })
        .await;
        if let Ok(Err(e)) = synced {
            tracing::error!(error = %format!("{e:#}"), "syncing the message log journal failed");
        }
    }

    /// Closes every indexed record not yet in a batch. A batch that cannot be stored stays
    /// set aside and is stored, in its order, at the next attempt.
    async fn close_batches(&mut self) -> Result<()> {
        self.set_aside();
        while let Some(closing) = self.full.first() {
            let closed_at = padu_store::ts(crate::app::clock::system_now());
            let statement = batch_statement(
                &self.instance,
                self.next_batch,
                closing.first,
                closing.last,
                &closing.root,
                &closing.chain_head,
                &closed_at,
            );
            let signature = hex::encode(self.key.sign(statement.as_bytes()));
            self.store
                .insert_batch(&Batch {
                    id: self.next_batch,
                    first_record: closing.first,
                    last_record: closing.last,
                    root: closing.root.clone(),
                    chain_head: closing.chain_head.clone(),
                    closed_at,
                    statement,
                    signature,
                    key_fingerprint: self.key.fingerprint(),
                })
                .await?;
            self.full.remove(0);
            self.next_batch += 1;
        }
        Ok(())
    }
}

/// A batch's records, root and chain head, before it is signed and stored.
struct Closing {
    first: i64,
    last: i64,
    root: String,
    chain_head: String,
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
            chain = check_link(&chain, r.record.as_bytes(), &r.leaf, &r.chain).map_err(|_| {
                anyhow::anyhow!(
                    "record {} (not yet batched) was altered or the chain breaks",
                    r.id
                )
            })?;
            out.unbatched += 1;
            out.records += 1;
        }
        progress(out.records, head);
    }
    Ok(out)
}

/// Checks the journal's records beyond the database's head (acknowledged records a stopped
/// server has not indexed yet; it indexes them when it starts): numbered on from the head,
/// each leaf its record's hash, the chain unbroken. Returns how many there are.
pub async fn verify_journal(store: &Store, data_dir: &Path) -> Result<i64> {
    let (head, chain) = store.message_log_head().await?;
    Ok(journal::after(&journal_dir(data_dir), head, &chain)?.len() as i64)
}

/// After a restore the journal belongs to the database that was replaced: its records would
/// not continue the restored chain. It is moved aside (kept as evidence, never deleted).
pub fn set_journal_aside(data_dir: &Path, now: chrono::DateTime<Utc>) -> Result<Option<PathBuf>> {
    let dir = journal_dir(data_dir);
    if journal::segments(&dir)?.is_empty() {
        return Ok(None);
    }
    let aside = data_dir.join(format!(
        "msglog-before-restore-{}",
        now.format("%Y%m%dT%H%M%SZ")
    ));
    std::fs::rename(&dir, &aside)
        .with_context(|| format!("moving {} to {}", dir.display(), aside.display()))?;
    Ok(Some(aside))
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
        chain = match check_link(&chain, r.record.as_bytes(), &r.leaf, &r.chain) {
            Ok(next) => next,
            Err(LinkBreak::Altered) => bail!(
                "record {} (X-Road-Id {}) was altered: its hash is not the stored one",
                r.id,
                r.x_road_id
            ),
            Err(LinkBreak::ChainBreaks) => bail!("record {}: the chain breaks here", r.id),
        };
        leaves.push(r.leaf.clone());
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
/// that check them with sha256sum and openssl alone (also as `verify.sh`, which stops at the
/// first failing check).
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
            let ca = super::ca::InstanceCa::load_or_create(
                data_dir,
                &instance,
                crate::app::clock::system_now(),
            )?;
            let raw = ed25519_dalek::pkcs8::DecodePublicKey::from_public_key_pem(&pem)
                .map(|k: ed25519_dalek::VerifyingKey| k.to_bytes().to_vec())
                .map_err(|e| anyhow::anyhow!("the signing key is not Ed25519: {e}"))?;
            write("instance-ca.pem", ca.cert_pem.as_bytes())?;
            write(
                "instance-cert.pem",
                ca.certify_signing_key(&instance, &raw, crate::app::clock::system_now())?
                    .as_bytes(),
            )?;
            true
        }
        None => false,
    };
    let (doc, script) = verify_doc(row.id, &batch, &proof, certified);
    write("VERIFY.md", doc.as_bytes())?;
    write("verify.sh", script.as_bytes())?;
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

/// VERIFY.md and the script it holds (also written as `verify.sh`).
fn verify_doc(
    record_id: i64,
    batch: &Batch,
    proof: &[ProofStep],
    certified: bool,
) -> (String, String) {
    let certificate = if certified {
        "# 0. The instance CA certified this key (instance-cert.pem names the same public key)\n\
         openssl verify -CAfile instance-ca.pem instance-cert.pem\n\
         [ \"$(openssl x509 -in instance-cert.pem -pubkey -noout | grep -v -- -----)\" = \"$(grep -v -- ----- instance-key.pem)\" ]\n\
         echo \"the certificate names this key\"\n"
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
    let script = format!(
        r#"set -e   # stop at the first check that fails
{certificate}# 1. The signature over the batch statement
openssl pkeyutl -verify -pubin -inkey instance-key.pem -rawin -in batch.txt -sigfile batch.sig
# 2. The record's hash, then up its proof to the root
h=$(sha256sum record.json | cut -d' ' -f1)
{steps}echo "$h"
# 3. The result must equal the root in the signed statement
grep "^root $h\$" batch.txt
echo "record is in the signed batch"
"#
    );
    (
        format!(
            r#"# Evidence of one exchange through the Padu service bus

Record {record_id}, in batch {batch} (records {first}–{last}), signed by the instance key.
Every hash is SHA-256 in lower-case hex; a pair is hashed over its two hex strings.

Files: `record.json` (the logged record, byte for byte), `proof.txt` (its path to the batch
root: `left|right HASH` per step), `batch.txt` (the signed statement), `batch.sig` (the raw
Ed25519 signature over batch.txt), `instance-key.pem` (the instance's public key; its
SHA-256 fingerprint of the raw key is {fingerprint}); with `instance-ca.pem` and
`instance-cert.pem`, the instance CA's certificate and its certificate for that key.

Check, in this directory, with a POSIX shell, sha256sum and OpenSSL 3, by running
`sh verify.sh` (the same commands as below). Every step stops the script when its check
fails (`set -e`), so the last line, "record is in the signed batch", is printed only when
every check passed, and the script then exits with status 0; any other ending means the
evidence does not hold. (Pasted into an interactive shell, `set -e` would close that shell
at a failure: run the commands as a script.)

```sh
{script}```

The root in batch.txt is {root}.
"#,
            batch = batch.id,
            first = batch.first_record,
            last = batch.last_record,
            fingerprint = batch.key_fingerprint,
            root = batch.root,
        ),
        script,
    )
}
