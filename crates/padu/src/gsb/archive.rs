//! Retention of the message log (Kalbar Pasal 20(6)): records in batches closed before a
//! cutoff move to an archive file (JSON lines: a header with the chain they continue from and
//! the public keys, then each batch followed by its records and kept bodies). Each batch is
//! checked as it is written; the file is synced and its SHA-256 recorded before the records
//! leave the database. The batches stay in the database, so their signed roots remain and the
//! chain resumes from the archive's anchor. `verify_file` checks an archive on its own.

use super::msglog::Cursor;
use anyhow::{bail, Context, Result};
use base64::Engine;
use chrono::{DateTime, Utc};
use padu_domain::gsb::GENESIS;
use padu_store::gsb::{Batch, MessageRow};
use padu_store::gsb_trust::Archive;
use padu_store::Store;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::{BufRead, Write};
use std::path::Path;

const FORMAT: &str = "padu-gsb-archive v1";

#[derive(Serialize, Deserialize)]
struct Header {
    format: String,
    first_record: i64,
    last_record: i64,
    /// The chain value the first record continues from.
    chain_before: String,
    /// Every signing key (fingerprint, public PEM) the instance has used.
    keys: Vec<(String, String)>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Line {
    Batch(Batch),
    Record {
        row: MessageRow,
        request_body: Option<String>,
        response_body: Option<String>,
    },
}

/// Moves the records of batches closed at or before `before` into a new file `out`.
/// Returns None when there is nothing to move.
pub async fn archive(
    store: &Store,
    before: DateTime<Utc>,
    out: &Path,
    progress: &mut (dyn FnMut(i64, i64) + Send),
) -> Result<Option<Archive>> {
    let Some(last) = store.last_batch_closed_by(&padu_store::ts(before)).await? else {
        return Ok(None);
    };
    let prev = store.archives().await?.pop();
    let first = prev.as_ref().map_or(1, |a| a.last_record + 1);
    if last.last_record < first {
        return Ok(None);
    }
    let mut at = Cursor {
        chain: prev
            .as_ref()
            .map_or(GENESIS.to_string(), |a| a.last_chain.clone()),
        next_record: first,
    };
    let keys = store.signing_keys().await?;
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(out)
        .with_context(|| {
            format!(
                "cannot create {} (an archive is never overwritten)",
                out.display()
            )
        })?;
    let mut w = Hashing {
        inner: std::io::BufWriter::new(file),
        hash: Sha256::new(),
    };
    let header = Header {
        format: FORMAT.into(),
        first_record: first,
        last_record: last.last_record,
        chain_before: at.chain.clone(),
        keys: keys.clone(),
    };
    writeln!(w, "{}", serde_json::to_string(&header)?)?;
    let b64 = base64::engine::general_purpose::STANDARD;
    let total = last.last_record - first + 1;
    let mut after = prev.as_ref().map_or(0, |a| a.last_batch);
    'batches: loop {
        let batches = store.batches_after(after, 100).await?;
        if batches.is_empty() {
            break;
        }
        for b in batches {
            if b.id > last.id {
                break 'batches;
            }
            after = b.id;
            let rows = store
                .messages_with_bodies(b.first_record, b.last_record)
                .await?;
            let plain: Vec<MessageRow> = rows.iter().map(|r| r.0.clone()).collect();
            at.check(&b, &plain, &keys)
                .context("the log does not verify; nothing was archived")?;
            writeln!(w, "{}", serde_json::to_string(&Line::Batch(b.clone()))?)?;
            for (row, req, resp) in rows {
                let line = Line::Record {
                    row,
                    request_body: req.map(|b| b64.encode(b)),
                    response_body: resp.map(|b| b64.encode(b)),
                };
                writeln!(w, "{}", serde_json::to_string(&line)?)?;
            }
            progress(b.last_record - first + 1, total);
        }
    }
    w.inner.flush()?;
    w.inner.get_ref().sync_all()?;
    let sha = hex::encode(w.hash.finalize());
    let a = store
        .record_archive(&Archive {
            id: 0,
            first_record: first,
            last_record: last.last_record,
            last_batch: last.id,
            last_chain: at.chain,
            file_name: out.display().to_string(),
            file_sha256: sha,
            created_at: padu_store::ts(crate::app::clock::system_now()),
        })
        .await?;
    Ok(Some(a))
}

/// A reader or writer that hashes the bytes passing through it.
struct Hashing<T> {
    inner: T,
    hash: Sha256,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

impl<R: BufRead> std::io::Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Hashing<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        if let Ok(buf) = self.inner.fill_buf() {
            let n = amt.min(buf.len());
            self.hash.update(&buf[..n]);
        }
        self.inner.consume(amt);
    }
}

/// What an archive file holds, once checked.
#[derive(Debug)]
pub struct FileVerified {
    pub first_record: i64,
    pub last_record: i64,
    pub batches: i64,
    pub last_chain: String,
    pub sha256: String,
}

/// Checks an archive file on its own: every record's leaf and chain, every batch's root,
/// statement and signature (by the keys in its header), and that it holds exactly the records
/// its header names.
pub fn verify_file(path: &Path) -> Result<FileVerified> {
    // Read line by line, hashing as it passes: an archive may be larger than memory.
    let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
    let mut reader = Hashing {
        inner: std::io::BufReader::new(file),
        hash: Sha256::new(),
    };
    let mut lines = (&mut reader).lines();
    let header: Header = serde_json::from_str(&lines.next().context("an empty archive")??)
        .context("not a Padu message-log archive")?;
    if header.format != FORMAT {
        bail!("unknown archive format {}", header.format);
    }
    let mut at = Cursor {
        chain: header.chain_before.clone(),
        next_record: header.first_record,
    };
    let mut batches = 0;
    let mut current: Option<(Batch, Vec<MessageRow>)> = None;
    let mut close = |current: Option<(Batch, Vec<MessageRow>)>| -> Result<()> {
        if let Some((b, rows)) = current {
            at.check(&b, &rows, &header.keys)?;
            batches += 1;
        }
        Ok(())
    };
    for line in lines {
        match serde_json::from_str::<Line>(&line?).context("a malformed archive line")? {
            Line::Batch(b) => {
                close(current.take())?;
                current = Some((b, Vec::new()));
            }
            Line::Record { row, .. } => match current.as_mut() {
                Some((_, rows)) => rows.push(row),
                None => bail!("a record before any batch"),
            },
        }
    }
    close(current.take())?;
    let sha256 = hex::encode(reader.hash.finalize());
    if at.next_record != header.last_record + 1 {
        bail!(
            "the archive ends at record {}, its header says {}",
            at.next_record - 1,
            header.last_record
        );
    }
    Ok(FileVerified {
        first_record: header.first_record,
        last_record: header.last_record,
        batches,
        last_chain: at.chain,
        sha256,
    })
}

/// `YYYY-MM-DD` (midnight UTC) or an RFC 3339 instant.
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    if let Ok(d) = chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d") {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc());
    }
    DateTime::parse_from_rfc3339(s.trim())
        .map(|d| d.with_timezone(&Utc))
        .map_err(|_| format!("{s:?} is neither YYYY-MM-DD nor an RFC 3339 instant"))
}

/// The retention job: archives what is older than `days` into `dir`, every hour.
pub fn spawn_retention(store: Store, days: u32, dir: std::path::PathBuf) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let now = crate::app::clock::system_now();
            let out = dir.join(format!("gsb-log-{}.jsonl", now.format("%Y%m%dT%H%M%SZ")));
            let before = now - chrono::Duration::days(i64::from(days));
            if let Err(e) = std::fs::create_dir_all(&dir) {
                tracing::warn!(error = %e, "cannot create the message-log archive dir");
                continue;
            }
            match archive(&store, before, &out, &mut |_, _| {}).await {
                Ok(Some(a)) => tracing::info!(
                    first = a.first_record,
                    last = a.last_record,
                    file = %a.file_name,
                    "message log archived"
                ),
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %format!("{e:#}"), "message-log archiving failed"),
            }
        }
    });
}
