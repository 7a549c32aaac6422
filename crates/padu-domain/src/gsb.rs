//! Sistem Penghubung Layanan, the service bus (Kalbar Pasal 12(1)c and 15(5–7), Bogor Pasal 23,
//! Pessel Pasal 38): identifiers as X-Road names them (`instance/memberClass/memberCode
//! [/subsystemCode]`), the X-Road Message Protocol for REST's request line, access rules, and
//! the message log's evidence (hash chain, Merkle batches, inclusion proofs).
//!
//! Hashes in the evidence are SHA-256 written as lower-case hex, and every hash of hashes is
//! taken over that hex text, so `printf '%s%s' A B | sha256sum` checks a step without Padu.

use crate::{Actor, Denied, Gate, PdId, Role};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt::{self, Write as _};

/// The longest identifier part accepted.
pub const MAX_PART: usize = 255;
/// The longest request path (after the service id) and query accepted (X-Road PR-REST 4.2).
pub const MAX_PATH: usize = 2_000;
/// The hash before the first record of the chain.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// An error in what a client sent, with the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct BadId {
    pub field: &'static str,
    pub message: String,
}

fn bad(field: &'static str, message: impl Into<String>) -> BadId {
    BadId {
        field,
        message: message.into(),
    }
}

/// A member or one of its subsystems: `instance/memberClass/memberCode[/subsystemCode]`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ClientId {
    pub instance: String,
    pub member_class: String,
    pub member_code: String,
    pub subsystem: Option<String>,
}

/// A service: its provider subsystem and service code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ServiceId {
    pub provider: ClientId,
    pub service_code: String,
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{}/{}",
            self.instance, self.member_class, self.member_code
        )?;
        if let Some(s) = &self.subsystem {
            write!(f, "/{s}")?;
        }
        Ok(())
    }
}

impl fmt::Display for ServiceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.provider, self.service_code)
    }
}

/// Checks one identifier part (already percent-decoded). Separators, whitespace, control
/// characters and the characters X-Road reserves are refused, so an identifier always reads
/// back the same way it was written.
pub fn check_part(field: &'static str, part: &str) -> Result<(), BadId> {
    if part.is_empty() {
        return Err(bad(field, "is empty"));
    }
    // One pass (the gateway checks every part of every request's service id).
    let mut characters = 0;
    let mut refused = None;
    for c in part.chars() {
        characters += 1;
        if refused.is_none()
            && (c.is_control() || c.is_whitespace() || matches!(c, '/' | '\\' | ';' | ':' | '%'))
        {
            refused = Some(c);
        }
    }
    if characters > MAX_PART {
        return Err(bad(field, format!("is longer than {MAX_PART} characters")));
    }
    match refused {
        Some(c) => Err(bad(field, format!("must not contain {c:?}"))),
        None => Ok(()),
    }
}

/// Decodes a percent-encoded part (PR-REST 4.2: parts are encoded separately).
fn decode_part(field: &'static str, raw: &str) -> Result<String, BadId> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad(field, "has a broken percent-encoding"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).map_err(|_| bad(field, "is not UTF-8"))?;
    check_part(field, &s)?;
    Ok(s)
}

/// Appends `part` percent-encoded as PR-REST 4.2 asks of an identifier part: what X-Road
/// allows in identifiers (4.8: letters, digits, `'()+,-.=?`) and `_` stay, the rest is
/// encoded byte by byte (UTF-8), so the result is plain ASCII fit for a header.
fn encode_part(out: &mut String, part: &str) {
    for b in part.bytes() {
        if b.is_ascii_alphanumeric() || b"'()+,-.=?_".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
}

const PARTS: [&str; 5] = [
    "instance",
    "member_class",
    "member_code",
    "subsystem_code",
    "service_code",
];

impl ClientId {
    /// Parses the `X-Road-Client` header: three or four parts.
    pub fn parse(header: &str) -> Result<ClientId, BadId> {
        let raw: Vec<&str> = header.trim().split('/').collect();
        if !(3..=4).contains(&raw.len()) {
            return Err(bad(
                "X-Road-Client",
                "must be instance/memberClass/memberCode[/subsystemCode]",
            ));
        }
        let mut parts = Vec::with_capacity(4);
        for (i, r) in raw.iter().enumerate() {
            parts.push(decode_part(PARTS[i], r)?);
        }
        let mut it = parts.into_iter();
        Ok(ClientId {
            instance: it.next().unwrap_or_default(),
            member_class: it.next().unwrap_or_default(),
            member_code: it.next().unwrap_or_default(),
            subsystem: it.next(),
        })
    }

    /// The identifier as a client sends it in `X-Road-Client` (and the gateway passes it on):
    /// each part percent-encoded on its own (PR-REST 4.2), whatever encoding the client used.
    pub fn header_value(&self) -> String {
        let mut out = String::with_capacity(64);
        for (i, part) in [&self.instance, &self.member_class, &self.member_code]
            .into_iter()
            .chain(self.subsystem.as_ref())
            .enumerate()
        {
            if i > 0 {
                out.push('/');
            }
            encode_part(&mut out, part);
        }
        out
    }

    /// The member this subsystem belongs to.
    pub fn member(&self) -> ClientId {
        ClientId {
            subsystem: None,
            ..self.clone()
        }
    }

    /// A subsystem of this member.
    pub fn subsystem(&self, code: &str) -> ClientId {
        ClientId {
            subsystem: Some(code.to_string()),
            ..self.member()
        }
    }
}

impl ServiceId {
    /// The service id as `X-Road-Service` carries it: parts percent-encoded (PR-REST 4.2).
    pub fn header_value(&self) -> String {
        let mut out = self.provider.header_value();
        out.push('/');
        encode_part(&mut out, &self.service_code);
        out
    }
}

/// What a gateway request asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A provider's service, with the path and query passed on to it unmodified.
    Service { service: ServiceId, rest: String },
    /// `listMethods` / `allowedMethods` of a provider subsystem (PR-MREST 4).
    ListMethods {
        provider: ClientId,
        allowed_only: bool,
    },
    /// `getOpenAPI?serviceCode=…` (PR-MREST 5).
    OpenApi {
        provider: ClientId,
        service_code: String,
    },
    /// `listClients` (PR-META): the members and subsystems of an instance.
    ListClients { instance: Option<String> },
}

/// Parses a gateway request target (`path_and_query` as received, still encoded):
/// `/r1/{instance}/{class}/{member}/{subsystem}/{service}[/path][?query]`.
pub fn parse_target(path_and_query: &str) -> Result<Target, BadId> {
    if path_and_query.len() > MAX_PATH {
        return Err(bad("path", format!("is longer than {MAX_PATH} characters")));
    }
    let (path, query) = match path_and_query.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path_and_query, None),
    };
    if path == "/listClients" || path == "/r1/listClients" {
        let instance = query.and_then(|q| query_value(q, "xRoadInstance"));
        if let Some(i) = &instance {
            check_part("xRoadInstance", i)?;
        }
        return Ok(Target::ListClients { instance });
    }
    let rest = path
        .strip_prefix('/')
        .ok_or_else(|| bad("path", "must start with /"))?;
    let mut segments = rest.splitn(7, '/');
    match segments.next() {
        Some("r1") => {}
        Some(v) if v.starts_with('r') && v[1..].parse::<u32>().is_ok() => {
            return Err(bad(
                "protocol_version",
                format!("{v} is not supported; this gateway speaks r1"),
            ))
        }
        _ => return Err(bad("path", "must be /r1/{serviceId}[/path]")),
    }
    let mut parts = Vec::with_capacity(5);
    for field in PARTS {
        let raw = segments
            .next()
            .ok_or_else(|| bad(field, "is missing from the service id"))?;
        parts.push(decode_part(field, raw)?);
    }
    let tail = segments.next().map(|t| format!("/{t}")).unwrap_or_default();
    check_rest_path(&tail)?;
    let mut it = parts.into_iter();
    let provider = ClientId {
        instance: it.next().unwrap_or_default(),
        member_class: it.next().unwrap_or_default(),
        member_code: it.next().unwrap_or_default(),
        subsystem: it.next(),
    };
    let service_code = it.next().unwrap_or_default();
    match service_code.as_str() {
        "listMethods" | "allowedMethods" => Ok(Target::ListMethods {
            provider,
            allowed_only: service_code == "allowedMethods",
        }),
        "getOpenAPI" => {
            let code = query
                .and_then(|q| query_value(q, "serviceCode"))
                .ok_or_else(|| bad("serviceCode", "is required"))?;
            check_part("serviceCode", &code)?;
            Ok(Target::OpenApi {
                provider,
                service_code: code,
            })
        }
        _ => {
            let rest = match query {
                Some(q) => format!("{tail}?{q}"),
                None => tail,
            };
            Ok(Target::Service {
                service: ServiceId {
                    provider,
                    service_code,
                },
                rest,
            })
        }
    }
}

/// Refuses a path that would climb out of the provider's base URL once decoded (SSRF,
/// PR-REST 4.2): dot segments, encoded slashes or backslashes, and control characters.
pub fn check_rest_path(path: &str) -> Result<(), BadId> {
    // Scanned in place, without a lower-cased or decoded copy: this runs on every exchange.
    let bytes = path.as_bytes();
    let encoded_slash = bytes.windows(3).any(|w| {
        w[0] == b'%'
            && matches!(
                (w[1], w[2].to_ascii_lowercase()),
                (b'2', b'f') | (b'5', b'c')
            )
    });
    if encoded_slash || path.contains('\\') {
        return Err(bad(
            "path",
            "must not contain encoded slashes or backslashes",
        ));
    }
    if path.chars().any(|c| c.is_control() || c == ' ') {
        return Err(bad("path", "must not contain spaces or control characters"));
    }
    if path.split('/').any(is_dot_segment) {
        return Err(bad("path", "must not contain . or .. segments"));
    }
    Ok(())
}

/// Whether a path segment is `.` or `..` once `%2e` is decoded.
fn is_dot_segment(segment: &str) -> bool {
    let mut rest = segment.as_bytes();
    let mut dots = 0;
    while !rest.is_empty() {
        rest = match rest {
            [b'.', after @ ..] => after,
            [b'%', b'2', b'e' | b'E', after @ ..] => after,
            _ => return false,
        };
        dots += 1;
    }
    matches!(dots, 1 | 2)
}

fn query_value(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == key).then(|| v.to_string())
    })
}

/// One access right: a client subsystem may call a service, optionally only with one method
/// and on paths matching a pattern (X-Road endpoints: `*` is one path segment, a trailing
/// `**` any rest).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Endpoint {
    /// An HTTP method, or `*` for any.
    pub method: String,
    /// A path pattern, `**` for any.
    pub path: String,
}

impl Endpoint {
    pub fn any() -> Endpoint {
        Endpoint {
            method: "*".into(),
            path: "**".into(),
        }
    }

    /// Validates a method and a path pattern as a grant names them.
    pub fn new(method: &str, path: &str) -> Result<Endpoint, BadId> {
        let method = method.trim().to_ascii_uppercase();
        const METHODS: [&str; 8] = [
            "*", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
        ];
        if !METHODS.contains(&method.as_str()) {
            return Err(bad(
                "method",
                "must be *, GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS",
            ));
        }
        let path = path.trim();
        let path = if path.is_empty() { "**" } else { path };
        if path != "**" && !path.starts_with('/') {
            return Err(bad("path", "must start with / (or be ** for any path)"));
        }
        if path.len() > MAX_PATH || path.chars().any(|c| c.is_control() || c == ' ' || c == '?') {
            return Err(bad(
                "path",
                "must be a path pattern without spaces or a query",
            ));
        }
        let segs: Vec<&str> = path.split('/').collect();
        if segs.iter().rev().skip(1).any(|s| *s == "**") {
            return Err(bad("path", "** may only end the pattern"));
        }
        Ok(Endpoint {
            method,
            path: path.to_string(),
        })
    }

    /// Whether a request with `method` on `path` (no query) falls under this endpoint.
    pub fn allows(&self, method: &str, path: &str) -> bool {
        grant_allows(&self.method, &self.path, method, path)
    }
}

/// Whether a grant of `granted_method` on the path pattern `pattern` covers a request with
/// `method` on `path` (no query): `*` matches one segment, a final `**` the rest. Checked on
/// every gateway exchange, so it walks both paths without collecting them.
pub fn grant_allows(granted_method: &str, pattern: &str, method: &str, path: &str) -> bool {
    if granted_method != "*" && !granted_method.eq_ignore_ascii_case(method) {
        return false;
    }
    if pattern == "**" {
        return true;
    }
    let mut actual = path.trim_start_matches('/').split('/');
    for p in pattern.trim_start_matches('/').split('/') {
        if p == "**" {
            return true;
        }
        match actual.next() {
            Some(a) if p == "*" && !a.is_empty() => {}
            Some(a) if a == p => {}
            _ => return false,
        }
    }
    actual.next().is_none()
}

/// The path of a request without its query.
pub fn path_only(rest: &str) -> &str {
    let p = rest.split('?').next().unwrap_or("");
    if p.is_empty() {
        "/"
    } else {
        p
    }
}

/// SHA-256 as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    to_hex(&Sha256::digest(bytes))
}

/// Lower-case hex of `bytes`, a byte table away: `hex::encode` collects a `String` one `char`
/// at a time, and the gateway hex-encodes five hashes an exchange.
pub fn to_hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 0x0f)]);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// SHA-256 over the hex text of two hashes.
pub fn hash_pair(left: &str, right: &str) -> String {
    let mut h = Sha256::new();
    h.update(left.as_bytes());
    h.update(right.as_bytes());
    to_hex(&h.finalize())
}

/// The chain hash after a record: `sha256(previous ‖ leaf)` over hex text.
pub fn chain_next(previous: &str, leaf: &str) -> String {
    hash_pair(previous, leaf)
}

/// Why a stored record does not continue the chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkBreak {
    /// Its bytes no longer hash to its stored leaf.
    Altered,
    /// Its stored chain hash does not follow the one before it.
    ChainBreaks,
}

/// Checks a stored record against the chain so far: its stored `leaf` must be the hash of
/// `record`, and its stored `chain` must follow `previous`. Returns that chain hash. Every
/// check of stored records (database, journal, archive) walks the chain with this.
pub fn check_link(
    previous: &str,
    record: &[u8],
    leaf: &str,
    chain: &str,
) -> Result<String, LinkBreak> {
    let computed = sha256_hex(record);
    if computed != leaf {
        return Err(LinkBreak::Altered);
    }
    let next = chain_next(previous, &computed);
    if next != chain {
        return Err(LinkBreak::ChainBreaks);
    }
    Ok(next)
}

/// The next level of the Merkle tree: neighbours paired, an odd last node moved up unchanged.
fn level_up(level: &[String]) -> Vec<String> {
    level
        .chunks(2)
        .map(|p| match p {
            [l, r] => hash_pair(l, r),
            [one] => one.clone(),
            _ => unreachable!("chunks(2) yields one or two"),
        })
        .collect()
}

/// The Merkle root over leaves (hex). Each level pairs neighbours; an odd last node moves up
/// unchanged. One leaf is its own root.
pub fn merkle_root(leaves: &[String]) -> Option<String> {
    if leaves.is_empty() {
        return None;
    }
    let mut level = leaves.to_vec();
    while level.len() > 1 {
        level = level_up(&level);
    }
    level.pop()
}

/// A Merkle root built as the leaves arrive, so that a log closing a batch every second hashes
/// its leaves while they are indexed rather than all at once when the batch closes. Gives the
/// root `merkle_root` gives over the same leaves: with neighbours paired at every level and an
/// odd last node moved up unchanged, the tree over n leaves is the complete subtrees of n's
/// binary form, largest first, folded from the right.
#[derive(Debug, Clone, Default)]
pub struct MerkleFrontier {
    /// The complete subtrees so far, largest first, as (height, root).
    peaks: Vec<(u32, String)>,
    leaves: usize,
}

impl MerkleFrontier {
    /// Adds the next leaf: one pair hash on average, at most one per level.
    pub fn push(&mut self, leaf: String) {
        let (mut height, mut node) = (0, leaf);
        while self.peaks.last().is_some_and(|(h, _)| *h == height) {
            let (_, left) = self.peaks.pop().expect("a peak was just seen");
            node = hash_pair(&left, &node);
            height += 1;
        }
        self.peaks.push((height, node));
        self.leaves += 1;
    }

    /// How many leaves it holds.
    pub fn len(&self) -> usize {
        self.leaves
    }

    pub fn is_empty(&self) -> bool {
        self.leaves == 0
    }

    /// The root over the leaves so far; none without leaves.
    pub fn root(&self) -> Option<String> {
        let mut peaks = self.peaks.iter().rev();
        let (_, last) = peaks.next()?;
        Some(peaks.fold(last.clone(), |right, (_, left)| hash_pair(left, &right)))
    }
}

/// One step of an inclusion proof: hash the running value with `hash` on the given side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProofStep {
    /// `left` when `hash` goes before the running value, `right` when after.
    pub side: Side,
    pub hash: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Left,
    Right,
}

/// The inclusion proof of leaf `index` in the tree of `leaves`.
pub fn merkle_proof(leaves: &[String], mut index: usize) -> Option<Vec<ProofStep>> {
    if index >= leaves.len() {
        return None;
    }
    let mut level = leaves.to_vec();
    let mut proof = Vec::new();
    while level.len() > 1 {
        let sibling = index ^ 1;
        if sibling < level.len() {
            proof.push(ProofStep {
                side: if sibling < index {
                    Side::Left
                } else {
                    Side::Right
                },
                hash: level[sibling].clone(),
            });
        }
        level = level_up(&level);
        index /= 2;
    }
    Some(proof)
}

/// Folds a proof from a leaf to the root it implies.
pub fn proof_root(leaf: &str, proof: &[ProofStep]) -> String {
    proof
        .iter()
        .fold(leaf.to_string(), |acc, step| match step.side {
            Side::Left => hash_pair(&step.hash, &acc),
            Side::Right => hash_pair(&acc, &step.hash),
        })
}

/// The text a batch's signature covers (the evidence bundle carries it as `batch.txt`).
pub fn batch_statement(
    instance: &str,
    batch_id: i64,
    first_record: i64,
    last_record: i64,
    root: &str,
    chain_head: &str,
    closed_at: &str,
) -> String {
    format!(
        "padu-gsb-batch v1\ninstance {instance}\nbatch {batch_id}\nrecords {first_record}-{last_record}\nroot {root}\nchain {chain_head}\nclosed {closed_at}\n"
    )
}

/// Who sees where a provider's service really runs (its backend and OpenAPI addresses): the
/// Dinas, which runs the bus, and the PD that provides it (`provider_pd`, none for another
/// instance's member). Everyone else reads the registry without them: a backend address is
/// a way around the gateway's access rights and message log.
/// Those who manage a provider's member are the ones who see its backends (`manages`).
pub fn sees_backend(actor: &Actor, provider_pd: Option<PdId>) -> bool {
    manages(actor, provider_pd)
}

/// Who registers the bus's members and federates it with other instances: the Dinas, which
/// runs the bus.
pub const KEEPS_THE_BUS: Gate = Gate::ADMIN;

/// Whether a service `actor` registers waits for the Dinas's clearance before it serves: where
/// the region requires the Dinas's consideration of its operational fitness and security
/// (`required`, Bogor Pasal 23(4)c), for everyone but the Dinas itself.
pub fn awaits_clearance(actor: &Actor, required: bool) -> bool {
    required && KEEPS_THE_BUS.admits(actor).is_err()
}

/// Who may manage some member's subsystems, services, client tokens, certificates and access
/// rights at all: the Dinas, and PD operators (for their own PD's member, `may_manage`).
pub const MANAGES_MEMBERS: Gate = Gate::AnyOf(&[Role::AdminDinas, Role::OperatorPd]);

/// Whether `actor` manages what belongs to a member of the PD `member_pd` (none for another
/// instance's member or one registered without a PD, which only the Dinas manages).
pub fn manages(actor: &Actor, member_pd: Option<PdId>) -> bool {
    KEEPS_THE_BUS.admits(actor).is_ok()
        || member_pd.is_some_and(|p| actor.operator_pds().any(|o| o == p))
}

/// [`manages`] as a refusal: the public must sign in, anyone else who does not manage the
/// member is forbidden (the registry itself is read by all staff, so nothing is hidden).
pub fn may_manage(actor: &Actor, member_pd: Option<PdId>) -> Result<(), Denied> {
    MANAGES_MEMBERS.admits(actor)?;
    if manages(actor, member_pd) {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_is_hex_crates_lower_case_text() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(to_hex(&bytes), hex::encode(&bytes));
        assert_eq!(to_hex(&[]), "");
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn only_the_dinas_and_the_providing_pd_see_backends() {
        use crate::{Actor, Grant, PdId, Role, UserId};
        let one = |role, pd: Option<i64>| Actor::User {
            id: UserId(1),
            grants: vec![Grant {
                role,
                pd: pd.map(PdId),
            }],
        };
        let provider = Some(PdId(3));
        assert!(super::sees_backend(&one(Role::AdminDinas, None), provider));
        assert!(super::sees_backend(&one(Role::AdminDinas, None), None));
        assert!(super::sees_backend(
            &one(Role::OperatorPd, Some(3)),
            provider
        ));
        assert!(!super::sees_backend(
            &one(Role::OperatorPd, Some(4)),
            provider
        ));
        assert!(!super::sees_backend(&one(Role::OperatorPd, Some(3)), None));
        for role in [Role::Koordinator, Role::Auditor, Role::Pimpinan] {
            assert!(!super::sees_backend(&one(role, None), provider));
        }
        assert!(!super::sees_backend(&Actor::Public, provider));
    }

    #[test]
    fn the_dinas_manages_every_member_and_an_operator_its_own_pds() {
        use crate::{Actor, Denied, Grant, PdId, Role, UserId};
        let one = |role, pd: Option<i64>| Actor::User {
            id: UserId(1),
            grants: vec![Grant {
                role,
                pd: pd.map(PdId),
            }],
        };
        let member = Some(PdId(3));
        for pd in [member, None] {
            assert_eq!(super::may_manage(&one(Role::AdminDinas, None), pd), Ok(()));
            assert_eq!(
                super::may_manage(&Actor::Public, pd),
                Err(Denied::NotAuthenticated)
            );
        }
        let own = one(Role::OperatorPd, Some(3));
        assert_eq!(super::may_manage(&own, member), Ok(()));
        assert_eq!(super::may_manage(&own, None), Err(Denied::Forbidden));
        let other = one(Role::OperatorPd, Some(4));
        assert_eq!(super::may_manage(&other, member), Err(Denied::Forbidden));
        for role in [Role::Koordinator, Role::Auditor, Role::Pimpinan] {
            assert_eq!(
                super::may_manage(&one(role, None), member),
                Err(Denied::Forbidden)
            );
            assert!(super::MANAGES_MEMBERS.admits(&one(role, None)).is_err());
            assert!(super::KEEPS_THE_BUS.admits(&one(role, None)).is_err());
        }
        // The gate admits whoever manages some member; the member's PD decides the rest.
        for actor in [own, other, one(Role::AdminDinas, None)] {
            assert!(super::MANAGES_MEMBERS.admits(&actor).is_ok());
        }
        assert!(super::KEEPS_THE_BUS
            .admits(&one(Role::OperatorPd, Some(3)))
            .is_err());
    }

    #[test]
    fn a_link_checks_the_record_then_the_chain() {
        let leaf = sha256_hex(b"r1");
        let chain = chain_next(GENESIS, &leaf);
        assert_eq!(check_link(GENESIS, b"r1", &leaf, &chain), Ok(chain.clone()));
        assert_eq!(
            check_link(GENESIS, b"r2", &leaf, &chain),
            Err(LinkBreak::Altered)
        );
        assert_eq!(
            check_link(&chain, b"r1", &leaf, &chain),
            Err(LinkBreak::ChainBreaks)
        );
    }

    use super::*;

    #[test]
    fn client_ids_parse_decode_and_refuse_bad_parts() {
        let c = ClientId::parse("PADU-PESSEL/GOV/1301/sim%20rs").unwrap_err();
        assert_eq!(c.field, "subsystem_code");
        let c = ClientId::parse("PADU-PESSEL/GOV/dinkes/simpus").unwrap();
        assert_eq!(c.to_string(), "PADU-PESSEL/GOV/dinkes/simpus");
        assert_eq!(c.member().subsystem, None);
        let c = ClientId::parse("ID/GOV/bps%C3%A9").unwrap();
        assert_eq!(c.member_code, "bpsé");
        assert!(ClientId::parse("ID/GOV").is_err());
        // Passed on in one canonical form, each part encoded only where it must be.
        assert_eq!(c.header_value(), "ID/GOV/bps%C3%A9");
        let c = ClientId::parse("ID/GOV/%64inkes/sim%70us").unwrap();
        assert_eq!(c.header_value(), "ID/GOV/dinkes/simpus");
        let s = ServiceId {
            provider: c,
            service_code: "BAR/SERVICE".into(),
        };
        // PR-REST 4.2 "Valid: INSTANCE/CLASS/MEMBER/SUBSYSTEM/BAR%2FSERVICE (where the
        // service code is "BAR/SERVICE")".
        assert_eq!(s.header_value(), "ID/GOV/dinkes/simpus/BAR%2FSERVICE");
        assert!(ClientId::parse("ID/GOV/a/b/c").is_err());
        assert_eq!(ClientId::parse("ID//a").unwrap_err().field, "member_class");
        assert!(ClientId::parse("ID/GOV/a%2Fb").is_err(), "an encoded slash");
        assert!(ClientId::parse("ID/GOV/a%zz").is_err());
        assert!(ClientId::parse(&format!("ID/GOV/{}", "x".repeat(256))).is_err());
    }

    #[test]
    fn targets_split_service_path_and_query() {
        let t = parse_target("/r1/ID/GOV/dinkes/simpus/pasien/v1/items/7?x=1&y=2").unwrap();
        let Target::Service { service, rest } = t else {
            panic!("a service")
        };
        assert_eq!(service.to_string(), "ID/GOV/dinkes/simpus/pasien");
        assert_eq!(rest, "/v1/items/7?x=1&y=2");
        assert_eq!(path_only(&rest), "/v1/items/7");
        let Target::Service { rest, .. } = parse_target("/r1/ID/GOV/d/s/svc").unwrap() else {
            panic!()
        };
        assert_eq!(path_only(&rest), "/");
        assert_eq!(
            parse_target("/r2/ID/GOV/d/s/svc").unwrap_err().field,
            "protocol_version"
        );
        assert_eq!(
            parse_target("/r1/ID/GOV/d/s").unwrap_err().field,
            "service_code"
        );
        assert!(parse_target("/r1/ID/GOV/d/s/svc/../admin").is_err());
        assert!(parse_target("/r1/ID/GOV/d/s/svc/%2e%2e/admin").is_err());
        assert!(parse_target("/r1/ID/GOV/d/s/svc/.%2E/admin").is_err());
        assert!(parse_target("/r1/ID/GOV/d/s/svc/a/%2e").is_err());
        assert!(parse_target("/r1/ID/GOV/d/s/svc/a%2Fb").is_err());
        assert!(parse_target("/r1/ID/GOV/d/s/svc/a%5cb").is_err());
        assert!(parse_target("/r1/ID/GOV/d/s/svc/a%2").is_ok());
        assert!(parse_target("/r1/ID/GOV/d/s/svc/.../v1/a.b/%2e%2e%2e").is_ok());
        assert!(parse_target(&format!("/r1/ID/GOV/d/s/svc/{}", "a".repeat(2100))).is_err());
        assert_eq!(
            parse_target("/r1/ID/GOV/d/s/getOpenAPI?serviceCode=pasien").unwrap(),
            Target::OpenApi {
                provider: ClientId::parse("ID/GOV/d/s").unwrap(),
                service_code: "pasien".into()
            }
        );
        assert!(parse_target("/r1/ID/GOV/d/s/getOpenAPI").is_err());
        assert!(matches!(
            parse_target("/r1/ID/GOV/d/s/allowedMethods").unwrap(),
            Target::ListMethods {
                allowed_only: true,
                ..
            }
        ));
        assert_eq!(
            parse_target("/listClients?xRoadInstance=ID").unwrap(),
            Target::ListClients {
                instance: Some("ID".into())
            }
        );
    }

    #[test]
    fn endpoints_match_methods_and_path_patterns() {
        let any = Endpoint::any();
        assert!(any.allows("DELETE", "/x/y"));
        let e = Endpoint::new("get", "/pets/*").unwrap();
        assert!(e.allows("GET", "/pets/12"));
        assert!(!e.allows("POST", "/pets/12"));
        assert!(!e.allows("GET", "/pets"));
        assert!(!e.allows("GET", "/pets/12/photos"));
        assert!(!e.allows("GET", "/pets/"));
        let e = Endpoint::new("*", "/pets/**").unwrap();
        assert!(e.allows("PUT", "/pets/12/photos/3"));
        assert!(e.allows("PUT", "/pets"));
        let e = Endpoint::new("GET", "/stats").unwrap();
        assert!(e.allows("GET", "/stats") && !e.allows("GET", "/stats/x"));
        assert_eq!(Endpoint::new("FETCH", "/").unwrap_err().field, "method");
        assert!(Endpoint::new("GET", "pets").is_err());
        assert!(Endpoint::new("GET", "/a/**/b").is_err());
        assert!(Endpoint::new("GET", "/a?b=1").is_err());
        assert_eq!(Endpoint::new("GET", "").unwrap().path, "**");
    }

    #[test]
    fn merkle_proofs_lead_to_the_root_for_every_leaf_and_size() {
        for n in 1..=17usize {
            let leaves: Vec<String> = (0..n).map(|i| sha256_hex(&[i as u8])).collect();
            let root = merkle_root(&leaves).unwrap();
            for i in 0..n {
                let proof = merkle_proof(&leaves, i).unwrap();
                assert_eq!(proof_root(&leaves[i], &proof), root, "n={n} i={i}");
                let mut tampered = proof.clone();
                if let Some(step) = tampered.first_mut() {
                    step.hash = sha256_hex(b"other");
                    assert_ne!(proof_root(&leaves[i], &tampered), root);
                }
            }
            assert!(merkle_proof(&leaves, n).is_none());
        }
        assert_eq!(merkle_root(&[]), None);
        // Two leaves: the root is sha256 over the two hex strings, as `printf | sha256sum`.
        let (a, b) = (sha256_hex(b"a"), sha256_hex(b"b"));
        assert_eq!(
            merkle_root(&[a.clone(), b.clone()]).unwrap(),
            sha256_hex(format!("{a}{b}").as_bytes())
        );
    }

    #[test]
    fn the_frontier_gives_the_root_of_the_whole_tree_at_every_size() {
        let leaves: Vec<String> = (0..300u32).map(|i| sha256_hex(&i.to_le_bytes())).collect();
        let mut frontier = MerkleFrontier::default();
        assert_eq!(frontier.root(), None);
        for n in 1..=leaves.len() {
            frontier.push(leaves[n - 1].clone());
            assert_eq!(frontier.len(), n);
            assert_eq!(frontier.root(), merkle_root(&leaves[..n]), "n={n}");
        }
    }

    #[test]
    fn the_chain_depends_on_every_record_before() {
        let l1 = sha256_hex(b"r1");
        let l2 = sha256_hex(b"r2");
        let h = chain_next(&chain_next(GENESIS, &l1), &l2);
        let swapped = chain_next(&chain_next(GENESIS, &l2), &l1);
        assert_ne!(h, swapped);
        assert_eq!(h.len(), 64);
    }
}
