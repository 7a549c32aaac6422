//! The message log's journal: numbered, chained records appended to segment files in
//! `DATA_DIR/msglog/`, one JSON line each. A record is durable once its line is written
//! (`write(2)` has returned): it then survives the process being killed, as a committed
//! SQLite transaction does in WAL mode with `synchronous = NORMAL`; the writer's tick syncs
//! the file to disk every second. The database is an index the writer fills from the same
//! records moments later; at start, whatever the journal holds beyond the database's head is
//! indexed before the gateway serves (`recover`).
//!
//! A line holds the record's canonical JSON as it is (`"record":{…}`), not as a JSON string:
//! its leaf is the hash of exactly those bytes, and escaping the quotes of every record took a
//! twentieth of the gateway's time. Lines of earlier versions, whose record is a string, read
//! the same, and so do those that also carry the record's time, client, service and status
//! beside it (the record holds them; they are ignored).
//!
//! A segment is named after its first record (`00000000000000000001.jsonl`). A line that is
//! not whole can only be the last of its segment (a write cut short; it was never
//! acknowledged, and the writer moves to a new segment after a failed write). Records are
//! written in groups (`Journal::write_group`, one system call for the records of a runtime
//! turn); a group that fails is cut off again, and should that fail too, the next segment,
//! which starts at the group's first number, supersedes its lines.

use anyhow::{bail, Context, Result};
use base64::Engine;
use padu_domain::gsb::check_link;
use padu_store::gsb::NewMessage;
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::borrow::Cow;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

/// A segment grows to about this size before the next record starts a new one.
const SEGMENT_BYTES: u64 = 64 << 20;

/// A record as the log numbers and chains it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub id: i64,
    pub leaf: String,
    pub chain: String,
    pub message: NewMessage,
}

/// One journal line as it is read back (written as its number, leaf and chain, then its
/// `Tail`).
#[derive(Deserialize)]
struct Line<'a> {
    #[serde(borrow)]
    record: &'a RawValue,
    id: i64,
    leaf: Cow<'a, str>,
    chain: Cow<'a, str>,
    x_road_id: Cow<'a, str>,
    #[serde(default)]
    request_body: Option<String>,
    #[serde(default)]
    response_body: Option<String>,
}

impl Line<'_> {
    fn into_logged(self) -> Result<Logged> {
        let raw = self.record.get();
        // A record written as a JSON string (before records were kept as they are).
        let record = if raw.starts_with('"') {
            serde_json::from_str::<String>(raw).context("a record in the journal")?
        } else {
            raw.to_string()
        };
        Ok(Logged {
            id: self.id,
            leaf: self.leaf.into_owned(),
            chain: self.chain.into_owned(),
            message: NewMessage {
                x_road_id: self.x_road_id.into_owned(),
                record,
                request_body: decode(self.request_body)?,
                response_body: decode(self.response_body)?,
            },
        })
    }
}

/// A journal line after its number, leaf and chain: everything `Line` holds but those and
/// the record, serialized before the writer's lock is taken (`prepare`), so that under the
/// lock only the number and the chain are written in front of it.
#[derive(Serialize)]
struct TailFields<'a> {
    x_road_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_body: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response_body: Option<String>,
}

/// A message's journal line but for its number, leaf and chain:
/// `{"x_road_id":…,"record":{…}}\n`.
pub struct Tail(Vec<u8>);

/// Serializes what a message's journal line holds besides its place in the chain.
pub fn prepare(m: &NewMessage) -> Result<Tail> {
    let request_body = encode(&m.request_body);
    let response_body = encode(&m.response_body);
    let bodies = request_body.as_ref().map_or(0, String::len)
        + response_body.as_ref().map_or(0, String::len);
    // Sized once: the record, the bodies and the other fields.
    let mut tail = Vec::with_capacity(m.record.len() + bodies + 256);
    serde_json::to_writer(
        &mut tail,
        &TailFields {
            x_road_id: &m.x_road_id,
            request_body,
            response_body,
        },
    )?;
    tail.pop(); // its closing brace: the record follows
    tail.extend_from_slice(b",\"record\":");
    // The gateway's records are serde_json's text of an object (`gateway::Record`): valid
    // JSON, kept as it is. Anything else is kept as a string.
    if m.record.starts_with('{') && m.record.ends_with('}') {
        tail.extend_from_slice(m.record.as_bytes());
    } else {
        serde_json::to_writer(&mut tail, &m.record)?;
    }
    tail.extend_from_slice(b"}\n");
    Ok(Tail(tail))
}

/// Adds record `r`'s journal line to `out`: `{"id":…,"leaf":"…","chain":"…",` then its
/// `tail` without the tail's `{` (the leaf and the chain are hex, which JSON takes as it is).
pub fn write_line(r: &Logged, tail: &Tail, out: &mut Vec<u8>) -> Result<()> {
    out.reserve(160 + tail.0.len());
    write!(
        out,
        "{{\"id\":{},\"leaf\":\"{}\",\"chain\":\"{}\",",
        r.id, r.leaf, r.chain
    )?;
    out.extend_from_slice(tail.0.get(1..).unwrap_or_default());
    Ok(())
}

fn encode(body: &Option<Vec<u8>>) -> Option<String> {
    body.as_ref()
        .map(|b| base64::engine::general_purpose::STANDARD.encode(b))
}

fn decode(body: Option<String>) -> Result<Option<Vec<u8>>> {
    body.map(|b| {
        base64::engine::general_purpose::STANDARD
            .decode(b)
            .context("a body in the journal is not base64")
    })
    .transpose()
}

/// The segment being appended to.
pub struct Journal {
    dir: PathBuf,
    file: File,
    bytes: u64,
    /// A write failed part-way: the next record starts a new segment, so the cut line stays
    /// the last of its own.
    broken: bool,
}

impl Journal {
    /// Opens a new segment for records from `next_id` on.
    pub fn open(dir: &Path, next_id: i64) -> Result<Journal> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Journal {
            dir: dir.to_path_buf(),
            file: segment_file(dir, next_id)?,
            bytes: 0,
            broken: false,
        })
    }

    /// Appends one record, `tail` being its message `prepare`d; once this returns Ok the
    /// record survives the process.
    pub fn append(&mut self, r: &Logged, tail: &Tail) -> Result<()> {
        let mut line = Vec::new();
        write_line(r, tail, &mut line)?;
        self.write_group(r.id, &line)
    }

    /// Writes the lines of records `first..` (`write_line`) with one system call; once this
    /// returns Ok they survive the process. A failed write leaves none of them: the segment is
    /// cut back to where the group began (and if even that fails, the next segment starts at
    /// `first`, which `after` reads as superseding them).
    pub fn write_group(&mut self, first: i64, lines: &[u8]) -> Result<()> {
        if self.broken || (self.bytes > 0 && self.bytes + lines.len() as u64 > SEGMENT_BYTES) {
            self.file = segment_file(&self.dir, first)?;
            self.bytes = 0;
            self.broken = false;
        }
        if let Err(e) = self.file.write_all(lines) {
            self.broken = true;
            let _ = self.file.set_len(self.bytes);
            return Err(e).context("writing the message log journal");
        }
        self.bytes += lines.len() as u64;
        Ok(())
    }

    /// A handle for syncing the current segment without holding the writer.
    pub fn handle(&self) -> Result<File> {
        Ok(self.file.try_clone()?)
    }
}

fn segment_file(dir: &Path, first: i64) -> Result<File> {
    let path = dir.join(format!("{first:020}.jsonl"));
    // A segment of this name can exist only if it holds nothing acknowledged (a write to it
    // failed, or the process stopped before its first record): start it afresh.
    OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(true)
        .open(&path)
        .with_context(|| format!("opening {}", path.display()))
}

/// The segments in `dir`, oldest first, with their first record numbers.
pub fn segments(dir: &Path) -> Result<Vec<(i64, PathBuf)>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(out),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    for entry in entries {
        let path = entry?.path();
        let first = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".jsonl"))
            .and_then(|n| n.parse::<i64>().ok());
        if let Some(first) = first {
            out.push((first, path));
        }
    }
    out.sort();
    Ok(out)
}

/// The records the journal holds after record `head` (whose chain hash is `chain`), checked:
/// consecutive numbers, each leaf the hash of its record, the chain unbroken from `chain`.
pub fn after(dir: &Path, head: i64, chain: &str) -> Result<Vec<Logged>> {
    let mut out: Vec<Logged> = Vec::new();
    let mut chain = chain.to_string();
    let segments = segments(dir)?;
    for (i, (_, path)) in segments.iter().enumerate() {
        // A segment starts at a number its predecessor may hold only after a group written
        // there failed (`Journal::write_group`): those lines were never acknowledged.
        let superseded_from = segments.get(i + 1).map_or(i64::MAX, |next| next.0);
        let reader = BufReader::new(
            File::open(path).with_context(|| format!("opening {}", path.display()))?,
        );
        let mut lines = reader.split(b'\n').peekable();
        let mut n = 0;
        while let Some(line) = lines.next() {
            n += 1;
            let line = line.with_context(|| format!("reading {}", path.display()))?;
            let parsed = serde_json::from_slice::<Line>(&line);
            let line = match parsed {
                Ok(l) => l,
                // A write cut short by a crash: never acknowledged.
                Err(_) if lines.peek().is_none() => break,
                Err(e) => bail!("{} line {n}: not a journal record: {e}", path.display()),
            };
            if line.id >= superseded_from {
                break;
            }
            let expected = out.last().map_or(head, |r| r.id) + 1;
            if line.id < expected {
                // Indexed already, or the same number again after a cut write.
                if out.last().is_some_and(|r| line.id <= r.id) {
                    bail!("{} line {n}: record {} repeats", path.display(), line.id);
                }
                continue;
            }
            if line.id > expected {
                bail!(
                    "{} line {n}: record {} follows record {}; records are missing",
                    path.display(),
                    line.id,
                    expected - 1
                );
            }
            let r = line.into_logged()?;
            chain = check_link(&chain, r.message.record.as_bytes(), &r.leaf, &r.chain).map_err(
                |_| {
                    anyhow::anyhow!(
                        "{} line {n}: record {} was altered or the chain breaks",
                        path.display(),
                        r.id
                    )
                },
            )?;
            out.push(r);
        }
    }
    Ok(out)
}

/// Deletes the segments whose every record is indexed (through `indexed`); the current
/// segment, the newest, always stays.
pub fn prune(dir: &Path, indexed: i64) -> Result<()> {
    let segments = segments(dir)?;
    for pair in segments.windows(2) {
        if pair[1].0 <= indexed + 1 {
            std::fs::remove_file(&pair[0].1)
                .with_context(|| format!("removing {}", pair[0].1.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use padu_domain::gsb::{chain_next, sha256_hex, GENESIS};

    fn record(id: i64, chain: &str) -> Logged {
        let message = NewMessage {
            x_road_id: format!("x{id}"),
            record: format!("{{\"n\":{id}}}"),
            request_body: (id % 2 == 0).then(|| vec![0, 255, id as u8]),
            response_body: None,
        };
        let leaf = sha256_hex(message.record.as_bytes());
        Logged {
            id,
            chain: chain_next(chain, &leaf),
            leaf,
            message,
        }
    }

    fn write(j: &mut Journal, from: i64, to: i64, chain: &mut String) {
        for id in from..=to {
            let r = record(id, chain);
            *chain = r.chain.clone();
            j.append(&r, &prepare(&r.message).unwrap()).unwrap();
        }
    }

    #[test]
    fn records_read_back_after_the_head_with_their_bodies() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), 1).unwrap();
        let mut chain = GENESIS.to_string();
        write(&mut j, 1, 5, &mut chain);
        let all = after(dir.path(), 0, GENESIS).unwrap();
        assert_eq!(all.len(), 5);
        assert_eq!(
            all[1].message.request_body.as_deref(),
            Some(&[0, 255, 2][..])
        );
        let rest = after(dir.path(), 3, &all[2].chain).unwrap();
        assert_eq!(rest.iter().map(|r| r.id).collect::<Vec<_>>(), [4, 5]);
    }

    #[test]
    fn a_record_is_kept_as_it_is_and_lines_of_earlier_versions_read_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), 1).unwrap();
        let mut chain = GENESIS.to_string();
        write(&mut j, 1, 1, &mut chain);
        // Record 2 as earlier versions wrote it: the record a JSON string.
        let r = record(2, &chain);
        writeln!(
            j.file,
            "{}",
            serde_json::json!({"id": 2, "leaf": r.leaf, "chain": r.chain,
                "x_road_id": "x2", "at": "2026-11-24T09:00:00Z", "client": "c", "service": "s",
                "status": 200, "record": r.message.record, "request_body": "AP8C"})
        )
        .unwrap();
        let text = std::fs::read_to_string(&segments(dir.path()).unwrap()[0].1).unwrap();
        assert!(text.contains(r#","record":{"n":1}}"#), "{text}");
        let all = after(dir.path(), 0, GENESIS).unwrap();
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].message.record, r.message.record);
        assert_eq!(all[1].message.x_road_id, "x2");
        assert_eq!(all[1].message.request_body, r.message.request_body);
    }

    #[test]
    fn a_cut_last_line_is_ignored_but_a_bad_line_inside_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), 1).unwrap();
        let mut chain = GENESIS.to_string();
        write(&mut j, 1, 3, &mut chain);
        j.file.write_all(b"{\"id\":4,\"leaf\":\"ab").unwrap();
        assert_eq!(after(dir.path(), 0, GENESIS).unwrap().len(), 3);
        j.file.write_all(b"\n").unwrap();
        let mut chain2 = chain.clone();
        j.broken = false;
        write(&mut j, 4, 4, &mut chain2);
        let e = after(dir.path(), 0, GENESIS).unwrap_err();
        assert!(format!("{e:#}").contains("line 4"), "{e:#}");
    }

    #[test]
    fn an_altered_record_or_a_gap_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), 1).unwrap();
        let mut chain = GENESIS.to_string();
        write(&mut j, 1, 3, &mut chain);
        let path = segments(dir.path()).unwrap()[0].1.clone();
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replacen(r#"{"n":2}"#, r#"{"n":9}"#, 1)).unwrap();
        let e = after(dir.path(), 0, GENESIS).unwrap_err();
        assert!(format!("{e:#}").contains("record 2 was altered"), "{e:#}");
        let without_2: String = text
            .lines()
            .filter(|l| !l.starts_with("{\"id\":2,"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&path, without_2).unwrap();
        let e = after(dir.path(), 0, GENESIS).unwrap_err();
        assert!(format!("{e:#}").contains("records are missing"), "{e:#}");
    }

    #[test]
    fn a_failed_write_moves_to_a_new_segment_and_pruning_keeps_the_current_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), 1).unwrap();
        let mut chain = GENESIS.to_string();
        write(&mut j, 1, 2, &mut chain);
        j.file.write_all(b"{\"id\":3,").unwrap();
        j.broken = true;
        write(&mut j, 3, 4, &mut chain);
        let segs = segments(dir.path()).unwrap();
        assert_eq!(segs.iter().map(|s| s.0).collect::<Vec<_>>(), [1, 3]);
        assert_eq!(after(dir.path(), 0, GENESIS).unwrap().len(), 4);
        prune(dir.path(), 1).unwrap();
        assert_eq!(
            segments(dir.path()).unwrap().len(),
            2,
            "record 2 not indexed"
        );
        prune(dir.path(), 4).unwrap();
        assert_eq!(segments(dir.path()).unwrap().len(), 1);
        let rest = after(dir.path(), 2, &after_chain(2)).unwrap();
        assert_eq!(rest.len(), 2);
    }

    /// A group whose write fails leaves nothing behind, and the next group starts a segment
    /// at the same number; lines of a failed group that could not be cut off are superseded
    /// by that segment.
    #[test]
    fn a_failed_group_is_cut_off_or_superseded_by_the_next_segment() {
        let dir = tempfile::tempdir().unwrap();
        let mut j = Journal::open(dir.path(), 1).unwrap();
        let mut chain = GENESIS.to_string();
        write(&mut j, 1, 2, &mut chain);
        let group = |from: i64, to: i64, chain: &mut String| {
            let mut lines = Vec::new();
            for id in from..=to {
                let r = record(id, chain);
                *chain = r.chain.clone();
                write_line(&r, &prepare(&r.message).unwrap(), &mut lines).unwrap();
            }
            lines
        };
        // The disk refuses the group (as a full one does): an error, and the chain goes on
        // from record 2 in a new segment.
        let segment = j.file.try_clone().unwrap();
        j.file = File::options().write(true).open("/dev/full").unwrap();
        let mut lost = chain.clone();
        assert!(j.write_group(3, &group(3, 4, &mut lost)).is_err());
        assert!(j.broken);
        // Suppose the failed group's lines had reached the old segment whole and could not be
        // cut off: the segment that starts at 3 supersedes them.
        let mut stale = chain.clone();
        let mut old = segment;
        old.write_all(&group(3, 4, &mut stale)).unwrap();
        let mut other = chain.clone();
        let mut lines = Vec::new();
        for id in 3..=4 {
            let mut r = record(id, &other);
            r.message.record = format!("{{\"again\":{id}}}");
            r.leaf = sha256_hex(r.message.record.as_bytes());
            r.chain = chain_next(&other, &r.leaf);
            other = r.chain.clone();
            write_line(&r, &prepare(&r.message).unwrap(), &mut lines).unwrap();
        }
        j.write_group(3, &lines).unwrap();
        let segs = segments(dir.path()).unwrap();
        assert_eq!(segs.iter().map(|s| s.0).collect::<Vec<_>>(), [1, 3]);
        let all = after(dir.path(), 0, GENESIS).unwrap();
        assert_eq!(all.iter().map(|r| r.id).collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert_eq!(all[2].message.record, r#"{"again":3}"#);
        assert_eq!(all[3].chain, other);
    }

    fn after_chain(n: i64) -> String {
        let mut chain = GENESIS.to_string();
        for id in 1..=n {
            chain = record(id, &chain).chain;
        }
        chain
    }
}
