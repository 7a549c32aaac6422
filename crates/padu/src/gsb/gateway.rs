//! The gateway: the X-Road Message Protocol for REST on its own listener. A request names a
//! service (`/r1/{instance}/{class}/{member}/{subsystem}/{service}[/path]`) and its client
//! (`X-Road-Client`); the client proves who it is with its subsystem's token
//! (`X-Padu-Token`, removed before forwarding). The gateway checks the access right, streams
//! the body to the provider and back while hashing it, and releases the end of the response
//! only once the exchange's record is durable in the message log.

use super::meter::{Meter, Metered};
use super::tls::Presented;
use super::{Gsb, GsbError, UpstreamClient};
use crate::interchange::archimate::esc;
use bytes::Bytes;
use http_body_util::{combinators::UnsyncBoxBody, BodyExt, Full};
use hyper::body::{Body, Incoming};
use hyper::header::{HeaderMap, HeaderName, HeaderValue};
use hyper::{Request, Response};
use padu_domain::gsb::{parse_target, path_only, ClientId, Target};
use padu_store::gsb::{NewMessage, Registry, Service};
use serde::Serialize;
use sha2::{Digest, Sha512};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod logged;
use logged::{read_whole, Logged, WHOLE_BODY_LIMIT};

pub type GatewayBody = UnsyncBoxBody<Bytes, BoxError>;
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The client's token header (Authorization is left to the provider: X-Road passes it on).
pub const TOKEN_HEADER: &str = "x-padu-token";

/// The X-Road headers as names made once: a name given as text is parsed again at every
/// lookup and insert, several times on each exchange.
const X_ROAD_ID: HeaderName = HeaderName::from_static("x-road-id");
const X_ROAD_CLIENT: HeaderName = HeaderName::from_static("x-road-client");
const X_ROAD_SERVICE: HeaderName = HeaderName::from_static("x-road-service");
const X_ROAD_REQUEST_ID: HeaderName = HeaderName::from_static("x-road-request-id");
const X_ROAD_REQUEST_HASH: HeaderName = HeaderName::from_static("x-road-request-hash");
const X_ROAD_ERROR: HeaderName = HeaderName::from_static("x-road-error");
const X_ROAD_USER_ID: HeaderName = HeaderName::from_static("x-road-userid");
const X_ROAD_ISSUE: HeaderName = HeaderName::from_static("x-road-issue");
const X_PADU_TOKEN: HeaderName = HeaderName::from_static(TOKEN_HEADER);

/// Headers never passed on (PR-REST 4.3 "Filtered headers", plus the token and the X-Road
/// headers each gateway sets itself).
const DROPPED: [&str; 18] = [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "host",
    "user-agent",
    "server",
    TOKEN_HEADER,
    "x-road-client",
    "x-road-service",
    "x-road-id",
    "x-road-request-id",
    "x-road-request-hash",
    "x-road-error",
];

/// Passed on, but left out of `X-Road-Request-Hash`: PR-REST 4.3 lets a gateway answer
/// `Expect` itself and add or remove `Content-Length`, so the two gateways of a federated
/// exchange may see them differently (the body's own hash covers its length).
const UNHASHED: [&str; 2] = ["content-length", "expect"];

/// The canonical record of one exchange: its SHA-256 is the message log's leaf. Field order
/// is fixed (serde follows the struct), so the same exchange always gives the same bytes.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Record {
    pub v: u8,
    pub x_road_id: String,
    pub at: String,
    pub client: String,
    pub service: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    pub error: Option<String>,
    pub user_id: Option<String>,
    pub issue: Option<String>,
    pub request_bytes: u64,
    pub response_bytes: u64,
    pub request_sha256: String,
    pub response_sha256: String,
    /// The `X-Road-Request-Hash` returned to the client.
    pub request_hash: String,
    pub duration_us: u64,
}

/// What a request carried, gathered before it is forwarded.
#[derive(Clone)]
struct Exchange {
    started: Instant,
    record: Record,
    request_meter: Arc<Mutex<Meter>>,
    /// The service keeps bodies in the message log.
    keep_bodies: bool,
    /// `X-Road-Request-Id` (PR-REST 4.3): this gateway's own id for the request.
    request_id: HeaderValue,
    /// SHA-512 of the request's end-to-end headers (`headers_digest`).
    headers_sha512: [u8; 64],
    /// How the client wants an X-Road error written (its `Accept`, PR-REST 4.6).
    errors_as: ErrorFormat,
}

impl Exchange {
    /// Fills in `X-Road-Request-Hash` from the request as far as it was read. "Headers" are
    /// the request line, the client, message id and service as this gateway names them, and
    /// the end-to-end headers (`headers_digest`): what both gateways of a federated exchange
    /// see alike, so the client's gateway can check the provider's (PR-REST 4.3: "MUST be
    /// verified by the service client's Security Server").
    fn seal_request_hash(&mut self) {
        let r = &self.record;
        let mut head = Sha512::new();
        for part in [
            r.method.as_str(),
            " ",
            r.path.as_str(),
            "\nx-road-client: ",
            r.client.as_str(),
            "\nx-road-id: ",
            r.x_road_id.as_str(),
            "\nx-road-service: ",
            r.service.as_str(),
            "\n",
        ] {
            head.update(part.as_bytes());
        }
        head.update(self.headers_sha512);
        self.record.request_hash = self
            .request_meter
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .request_hash(&head.finalize());
    }

    /// The exchange's log message, the exchange ending with it (nothing is copied: this runs
    /// once per exchange on the gateway's hot path).
    fn into_message(self, gsb: &Gsb, response: Option<&Meter>) -> NewMessage {
        let mut record = self.record;
        let req = self.request_meter.lock().unwrap_or_else(|p| p.into_inner());
        record.request_bytes = req.bytes;
        record.request_sha256 = req.sha256_hex();
        if let Some(r) = response {
            record.response_bytes = r.bytes;
            record.response_sha256 = r.sha256_hex();
        }
        let took = self.started.elapsed();
        record.duration_us = took.as_micros() as u64;
        let keep = self.keep_bodies;
        gsb.monitor.observe(
            &record.service,
            &record.client,
            record.status,
            record.error.is_some(),
            took,
        );
        // Sized once (a record is about 700 bytes), not grown by doubling.
        let mut text = Vec::with_capacity(1_024);
        let text = match serde_json::to_writer(&mut text, &record) {
            Ok(()) => String::from_utf8(text).unwrap_or_default(),
            Err(_) => String::new(),
        };
        NewMessage {
            x_road_id: record.x_road_id,
            record: text,
            request_body: keep.then(|| req.captured.clone()),
            response_body: if keep {
                response.map(|r| r.captured.clone())
            } else {
                None
            },
        }
    }

    /// Moves the exchange out, leaving an empty one in its place (for the response body that
    /// logs it once the provider's answer has passed).
    fn take(&mut self) -> Exchange {
        let spent = Exchange {
            started: self.started,
            record: Record::default(),
            request_meter: self.request_meter.clone(),
            keep_bodies: self.keep_bodies,
            request_id: self.request_id.clone(),
            headers_sha512: self.headers_sha512,
            errors_as: self.errors_as,
        };
        std::mem::replace(self, spent)
    }
}

/// At most `max` characters of `s` (a header's or path's share of the record).
fn clipped(s: &str, max: usize) -> String {
    let end = s.char_indices().nth(max).map_or(s.len(), |(at, _)| at);
    s[..end].to_string()
}

fn header(req: &Request<Incoming>, name: &HeaderName) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|s| clipped(s, 255))
}

/// The last of a header's values: PR-REST 4.3, of several `X-Road-Client` headers "the
/// Security Server SHOULD use the last defined header".
fn last_header(req: &Request<Incoming>, name: &HeaderName) -> Option<String> {
    req.headers()
        .get_all(name)
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .map(|s| clipped(s, 255))
}

/// How an X-Road error is written: PR-REST 4.6 "SHOULD respect the `Accept` header ...
/// defaulting to `application/json`". The first JSON or XML type the client lists decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ErrorFormat {
    Json,
    Xml(&'static str),
}

impl ErrorFormat {
    fn of(headers: &HeaderMap) -> ErrorFormat {
        for media in accepted_media(headers) {
            if media.eq_ignore_ascii_case("application/xml") {
                return ErrorFormat::Xml("application/xml;charset=utf-8");
            }
            if media.eq_ignore_ascii_case("text/xml") || media.eq_ignore_ascii_case("text/*") {
                return ErrorFormat::Xml("text/xml;charset=utf-8");
            }
            if media.eq_ignore_ascii_case("application/json")
                || media.eq_ignore_ascii_case("application/*")
                || media == "*/*"
            {
                return ErrorFormat::Json;
            }
        }
        ErrorFormat::Json
    }
}

/// The media types an `Accept` header lists, in order, without their parameters.
fn accepted_media(headers: &HeaderMap) -> impl Iterator<Item = &str> {
    headers
        .get_all("accept")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|item| item.split(';').next().unwrap_or("").trim())
}

/// Whether the client asked for JSON by name (PR-META 2: `listClients` answers JSON "if the
/// header value is `application/json`", XML otherwise).
fn accepts_json(headers: &HeaderMap) -> bool {
    accepted_media(headers).any(|media| media.eq_ignore_ascii_case("application/json"))
}

/// Serves one gateway request. Never fails: every outcome is a response and a record.
pub async fn handle(
    gsb: Arc<Gsb>,
    providers: Arc<UpstreamClient>,
    presented: Arc<Presented>,
    req: Request<Incoming>,
) -> Result<Response<GatewayBody>, BoxError> {
    let started = Instant::now();
    let now = crate::app::clock::system_now();
    let headers_sha512 = headers_digest(req.headers());
    let errors_as = ErrorFormat::of(req.headers());
    let x_road_id = header(&req, &X_ROAD_ID)
        .filter(|v| !v.is_empty() && v.chars().all(|c| c.is_ascii_graphic()))
        .unwrap_or_else(|| new_id(now));
    let path = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let mut ex = Exchange {
        started,
        record: Record {
            v: 1,
            x_road_id: x_road_id.clone(),
            at: padu_store::ts(now),
            client: last_header(&req, &X_ROAD_CLIENT).unwrap_or_default(),
            service: String::new(),
            method: req.method().as_str().to_string(),
            path: clipped(&path, 2_048),
            status: 0,
            error: None,
            user_id: header(&req, &X_ROAD_USER_ID),
            issue: header(&req, &X_ROAD_ISSUE),
            request_bytes: 0,
            response_bytes: 0,
            request_sha256: String::new(),
            response_sha256: String::new(),
            request_hash: String::new(),
            duration_us: 0,
        },
        request_meter: Arc::new(Mutex::new(Meter::request(0))),
        keep_bodies: false,
        request_id: new_request_id(now),
        headers_sha512,
        errors_as,
    };
    match route(&gsb, &providers, &presented, req, &mut ex).await {
        Ok(resp) => Ok(resp),
        Err(e) => Ok(fail(&gsb, &mut ex, e).await),
    }
}

/// A new X-Road-Id: a time-ordered (version 7) UUID. Its leading 48 bits are the
/// milliseconds since 1970, so the message log's index on X-Road-Id grows at one end as its
/// ids do; a random (version 4) one lands on a random page, and every group of records the
/// indexer writes rewrote most of that index (bench/gsb.sh: a quarter of the gateway's CPU).
pub fn new_id(now: chrono::DateTime<chrono::Utc>) -> String {
    String::from_utf8_lossy(&uuid_v7(now)).into_owned()
}

fn new_request_id(now: chrono::DateTime<chrono::Utc>) -> HeaderValue {
    HeaderValue::from_bytes(&uuid_v7(now)).unwrap_or_else(|_| HeaderValue::from_static("-"))
}

/// A version 7 UUID's text (RFC 9562 5.7), made on the stack: 48 bits of Unix milliseconds,
/// the version, 74 random bits and the variant.
fn uuid_v7(now: chrono::DateTime<chrono::Utc>) -> [u8; 36] {
    let mut b: [u8; 16] = rand::random();
    let millis = u64::try_from(now.timestamp_millis()).unwrap_or(0);
    b[..6].copy_from_slice(&millis.to_be_bytes()[2..]);
    b[6] = (b[6] & 0x0f) | 0x70;
    b[8] = (b[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = [b'-'; 36];
    let mut at = 0;
    for (i, byte) in b.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            at += 1;
        }
        out[at] = HEX[usize::from(byte >> 4)];
        out[at + 1] = HEX[usize::from(byte & 0x0f)];
        at += 2;
    }
    out
}

async fn route(
    gsb: &Arc<Gsb>,
    providers: &UpstreamClient,
    presented: &Presented,
    req: Request<Incoming>,
    ex: &mut Exchange,
) -> Result<Response<GatewayBody>, GsbError> {
    let target = parse_target(&ex.record.path).map_err(GsbError::bad)?;
    let registry = gsb.registry();
    let target_instance = match &target {
        Target::ListClients { instance } => instance.clone().unwrap_or(gsb.instance.clone()),
        Target::ListMethods { provider, .. } | Target::OpenApi { provider, .. } => {
            provider.instance.clone()
        }
        Target::Service { service, .. } => service.provider.instance.clone(),
    };
    // Named in the record once the request gets that far (a refused credential leaves it
    // empty, as the request never reached a service).
    let service_text = target_text(&target);
    // listClients is a plain GET (PR-META 2): no client, no credential, here or passed on to
    // a federated instance.
    let list_clients = matches!(target, Target::ListClients { .. });
    if list_clients {
        ex.record.service.clone_from(&service_text);
        if target_instance == gsb.instance {
            let body =
                super::meta::list_clients(&registry, &gsb.instance, accepts_json(req.headers()));
            return finish_local(gsb, ex, body).await;
        }
    }
    let claimed = if list_clients {
        None
    } else {
        let claimed = ClientId::parse(&ex.record.client).map_err(GsbError::bad)?;
        // Passed on and logged in one form, however the client percent-encoded it.
        if !is_canonical(&ex.record.client) {
            ex.record.client = claimed.header_value();
        }
        Some(claimed)
    };
    if target_instance != gsb.instance {
        // A call to a federated instance: this gateway authenticates its own client, logs
        // the exchange, and passes it on over mutual TLS; the provider's side decides access.
        let peer = registry
            .federation
            .iter()
            .find(|f| f.instance == target_instance)
            .cloned()
            .ok_or_else(|| GsbError::UnknownInstance(target_instance.clone()))?;
        let client = gsb
            .peer(&peer.instance)
            .ok_or_else(|| GsbError::UnknownInstance(target_instance.clone()))?;
        if let Some(claimed) = &claimed {
            let me = authenticate(&registry, presented, &req, claimed)?;
            if claimed.instance != gsb.instance {
                return Err(GsbError::Unauthorized(
                    "only this instance's own clients call other instances through it",
                ));
            }
            gsb.limiter.hit(me, registry_rate(&registry, me))?;
            ex.record.service = service_text;
        }
        drop(registry);
        let upstream = Upstream {
            uri: format!("{}{}", peer.gateway_url, ex.record.path),
            client,
            timeout: Duration::from_millis(padu_store::gsb::DEFAULT_TIMEOUT_MS as u64 * 2),
            limit: padu_store::gsb::DEFAULT_MAX_BODY as u64,
            capture: 0,
            provider: None,
            federated: true,
        };
        return forward(gsb, req, ex, upstream).await;
    }
    let Some(claimed) = claimed else {
        // listClients of this instance was answered above.
        return Err(GsbError::UnknownService);
    };
    let client = authenticate(&registry, presented, &req, &claimed)?;
    gsb.limiter.hit(client, registry_rate(&registry, client))?;
    match target {
        Target::ListMethods {
            provider,
            allowed_only,
        } => {
            ex.record.service = service_text;
            let provider_id = local_subsystem(gsb, &registry, &provider)?;
            let body =
                super::meta::list_methods(&registry, provider_id, allowed_only.then_some(client));
            finish_local(gsb, ex, body).await
        }
        Target::OpenApi {
            provider,
            service_code,
        } => {
            ex.record.service = service_text;
            let provider_id = local_subsystem(gsb, &registry, &provider)?;
            let svc = find_service(&registry, provider_id, &service_code)?;
            if registry.endpoints(svc.id, client).is_empty() {
                return Err(GsbError::AccessDenied);
            }
            let doc = super::meta::openapi(gsb, svc).await?;
            finish_local(gsb, ex, doc).await
        }
        Target::Service { service, rest } => {
            ex.record.service = service_text;
            let provider_id = local_subsystem(gsb, &registry, &service.provider)?;
            let svc = find_service(&registry, provider_id, &service.service_code)?;
            ex.keep_bodies = svc.log_bodies;
            // Off, or not yet cleared by the Dinas where the region requires it.
            if svc.status != "aktif" || !svc.cleared {
                return Err(GsbError::ServiceDisabled);
            }
            if !registry.may_call(svc.id, client, req.method().as_str(), path_only(&rest)) {
                return Err(GsbError::AccessDenied);
            }
            let upstream = Upstream {
                uri: upstream_uri(&svc.base_url, &rest),
                client: providers.clone(),
                timeout: Duration::from_millis(svc.timeout_ms.max(1) as u64),
                limit: svc.max_body_bytes.max(0) as u64,
                capture: if svc.log_bodies {
                    svc.log_body_limit.max(0) as usize
                } else {
                    0
                },
                provider: Some(svc.id),
                federated: false,
            };
            drop(registry);
            forward(gsb, req, ex, upstream).await
        }
        Target::ListClients { .. } => unreachable!("answered above"),
    }
}

/// How a request's target is named in the record (and `X-Road-Service`).
fn target_text(target: &Target) -> String {
    match target {
        Target::ListClients { .. } => "listClients".into(),
        Target::ListMethods {
            provider,
            allowed_only,
        } => format!(
            "{}/{}",
            provider.header_value(),
            if *allowed_only {
                "allowedMethods"
            } else {
                "listMethods"
            }
        ),
        Target::OpenApi { provider, .. } => format!("{}/getOpenAPI", provider.header_value()),
        Target::Service { service, .. } => service.header_value(),
    }
}

/// Whether an `X-Road-Client` value is already in the form `ClientId::header_value` gives
/// (then it is kept as it came, without a new string).
fn is_canonical(raw: &str) -> bool {
    !raw.is_empty()
        && raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"'()+,-.=?_/".contains(&b))
}

/// Where a request goes on: a provider, or a federated gateway.
struct Upstream {
    uri: String,
    client: UpstreamClient,
    timeout: Duration,
    limit: u64,
    capture: usize,
    /// The local service whose health the exchange tells.
    provider: Option<i64>,
    /// The far side is another gateway: the X-Road headers travel with the request.
    federated: bool,
}

fn registry_rate(registry: &Registry, subsystem: i64) -> i64 {
    registry
        .subsystem(subsystem)
        .map_or(padu_store::gsb::DEFAULT_RATE, |s| s.rate_per_second)
}

/// The client subsystem the request comes from, which must be the one it claims: by its
/// token, else by the certificate of its TLS connection (looked up on every request, so a
/// revocation takes effect at once), else, from a federated gateway, by the claim itself.
fn authenticate(
    registry: &Registry,
    presented: &Presented,
    req: &Request<Incoming>,
    claimed: &ClientId,
) -> Result<i64, GsbError> {
    let subsystem =
        if let Some(token) = req
            .headers()
            .get(&X_PADU_TOKEN)
            .and_then(|v| v.to_str().ok())
        {
            let hash = padu_domain::gsb::sha256_hex(token.trim().as_bytes());
            registry
                .tokens
                .get(&hash)
                .copied()
                .ok_or(GsbError::Unauthorized("the token is unknown or revoked"))?
        } else {
            match presented {
                Presented::Nothing => {
                    return Err(GsbError::Unauthorized(
                        "a client certificate or an X-Padu-Token header is required",
                    ))
                }
                Presented::Local { fingerprint } => {
                    registry.certificates.get(fingerprint).copied().ok_or(
                        GsbError::Unauthorized("the certificate is unknown or revoked"),
                    )?
                }
                Presented::Federated {
                    instance,
                    ca_fingerprint,
                } => {
                    if !registry
                        .federation
                        .iter()
                        .any(|f| &f.instance == instance && &f.ca_fingerprint == ca_fingerprint)
                    {
                        return Err(GsbError::Unauthorized(
                            "this instance no longer federates with the calling one",
                        ));
                    }
                    if &claimed.instance != instance {
                        return Err(GsbError::Unauthorized(
                            "a federated gateway speaks only for its own instance's clients",
                        ));
                    }
                    return registry.subsystem_of(claimed).map(|s| s.id).ok_or(
                        GsbError::Unauthorized("the client is not registered on this instance"),
                    );
                }
            }
        };
    if !registry.names(subsystem, claimed) {
        return Err(GsbError::Unauthorized(
            "the credential does not belong to the subsystem in X-Road-Client",
        ));
    }
    Ok(subsystem)
}

fn local_subsystem(gsb: &Gsb, registry: &Registry, provider: &ClientId) -> Result<i64, GsbError> {
    if provider.instance != gsb.instance {
        return Err(GsbError::UnknownInstance(provider.instance.clone()));
    }
    registry
        .subsystem_of(provider)
        .map(|s| s.id)
        .ok_or(GsbError::UnknownService)
}

fn find_service<'r>(
    registry: &'r Registry,
    subsystem: i64,
    code: &str,
) -> Result<&'r Service, GsbError> {
    registry
        .service(subsystem, code)
        .ok_or(GsbError::UnknownService)
}

/// Answers a metaservice from the gateway itself.
async fn finish_local(
    gsb: &Arc<Gsb>,
    ex: &mut Exchange,
    body: (String, &'static str),
) -> Result<Response<GatewayBody>, GsbError> {
    let (text, content_type) = body;
    let mut meter = Meter::response(0);
    meter.update(text.as_bytes());
    ex.record.status = 200;
    ex.seal_request_hash();
    let id = gsb
        .log
        .write(ex.clone().into_message(gsb, Some(&meter)))
        .await;
    if id.is_err() {
        return Err(GsbError::LogFailed);
    }
    let mut resp = Response::new(full(text));
    resp.headers_mut()
        .insert("content-type", HeaderValue::from_static(content_type));
    xroad_headers(resp.headers_mut(), ex, Named::of(&ex.record));
    Ok(resp)
}

fn full(text: String) -> GatewayBody {
    full_bytes(Bytes::from(text))
}

fn full_bytes(data: Bytes) -> GatewayBody {
    Full::new(data).map_err(|e| match e {}).boxed_unsync()
}

/// The exchange's id, client and service as header values, made once for the request passed
/// on and for the response (a value made from text is checked and copied each time).
struct Named {
    id: Option<HeaderValue>,
    client: Option<HeaderValue>,
    service: Option<HeaderValue>,
}

impl Named {
    fn of(record: &Record) -> Named {
        let value = |text: &str| HeaderValue::from_str(text).ok();
        Named {
            id: value(&record.x_road_id),
            client: value(&record.client),
            service: value(&record.service),
        }
    }
}

/// The X-Road headers of a response (PR-REST 4.3 "X-Road specific headers returned in the
/// response").
fn xroad_headers(h: &mut HeaderMap, ex: &Exchange, named: Named) {
    for (name, value) in [
        (X_ROAD_ID, named.id),
        (X_ROAD_CLIENT, named.client),
        (X_ROAD_SERVICE, named.service),
        (
            X_ROAD_REQUEST_HASH,
            HeaderValue::from_str(&ex.record.request_hash).ok(),
        ),
    ] {
        if let Some(v) = value {
            h.insert(name, v);
        }
    }
    h.insert(X_ROAD_REQUEST_ID, ex.request_id.clone());
}

/// Passes the request on and streams the answer back.
async fn forward(
    gsb: &Arc<Gsb>,
    req: Request<Incoming>,
    ex: &mut Exchange,
    upstream: Upstream,
) -> Result<Response<GatewayBody>, GsbError> {
    let limit = upstream.limit;
    if let Some(len) = req
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > limit {
            return Err(GsbError::TooLarge(limit));
        }
    }
    let capture = upstream.capture;
    ex.request_meter = Arc::new(Mutex::new(Meter::request(capture)));
    let (parts, body) = req.into_parts();
    let mut up = Request::builder()
        .method(parts.method.clone())
        .uri(&upstream.uri);
    let headers = up.headers_mut().expect("a fresh builder has headers");
    // End-to-end headers pass unmodified, X-Road-UserId, X-Road-Issue and other extension
    // headers among them (PR-REST 4.3); the gateway's own X-Road headers are set afresh.
    copy_headers(&parts.headers, headers);
    let named = Named::of(&ex.record);
    let service = named.service.as_ref().filter(|_| !upstream.federated);
    for (name, value) in [
        (X_ROAD_ID, named.id.as_ref()),
        (X_ROAD_CLIENT, named.client.as_ref()),
        (X_ROAD_SERVICE, service),
    ] {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            headers.insert(name, v.clone());
        }
    }
    let body = Metered::new(body, ex.request_meter.clone(), limit).boxed_unsync();
    let up = up
        .body(body)
        .map_err(|e| GsbError::BadRequest(format!("cannot forward: {e}")))?;
    let timeout = upstream.timeout;
    let health = |ok: bool| {
        if let Some(id) = upstream.provider {
            if ok {
                gsb.health.ok(id)
            } else {
                gsb.health.failed(id)
            }
        }
    };
    let answer = tokio::time::timeout(timeout, upstream.client.request(up)).await;
    let resp = match answer {
        Err(_) => {
            health(false);
            return Err(GsbError::Timeout(timeout));
        }
        Ok(Err(e)) => {
            if let Some(err) = ex
                .request_meter
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .failure
                .clone()
            {
                return Err(err);
            }
            health(false);
            return Err(if e.is_connect() {
                GsbError::ProviderDown(error_chain(&e))
            } else {
                GsbError::ProviderFailed(error_chain(&e))
            });
        }
        Ok(Ok(r)) => r,
    };
    health(true);
    ex.record.status = resp.status().as_u16();
    if upstream.federated {
        // The far gateway's own verdict (an X-Road error) is this exchange's error too.
        ex.record.error = resp
            .headers()
            .get(&X_ROAD_ERROR)
            .and_then(|v| v.to_str().ok())
            .map(|v| clipped(v, 100));
    }
    ex.seal_request_hash();
    if upstream.federated && ex.record.error.is_none() {
        // PR-REST 4.3: the provider's gateway makes the request hash, the client's gateway
        // "MUST" verify it. Both hash what they saw alike; a different answer means the
        // response belongs to another request (an X-Road error carries none).
        match resp.headers().get(&X_ROAD_REQUEST_HASH) {
            Some(theirs) if theirs.as_bytes() == ex.record.request_hash.as_bytes() => {}
            Some(_) => {
                return Err(GsbError::InconsistentResponse(
                    "X-Road-Request-Hash differs",
                ))
            }
            None => {
                return Err(GsbError::InconsistentResponse(
                    "X-Road-Request-Hash is missing",
                ))
            }
        }
    }
    let (parts, body) = resp.into_parts();
    let mut out = Response::builder().status(parts.status);
    let h = out.headers_mut().expect("a fresh builder has headers");
    copy_headers(&parts.headers, h);
    if let Some(e) = &ex.record.error {
        if let Ok(v) = HeaderValue::from_str(e) {
            h.insert(X_ROAD_ERROR, v);
        }
    }
    let x_road_id = named.id.clone();
    xroad_headers(h, ex, named);
    let exchange = ex.take();
    let small = body
        .size_hint()
        .exact()
        .is_some_and(|n| n <= WHOLE_BODY_LIMIT);
    let logged = Logged::new(body, gsb.clone(), exchange, capture, timeout, small);
    let body = if small {
        match read_whole(logged).await {
            Ok(body) => body,
            // Nothing has reached the client yet: it gets an X-Road error, which the record
            // (logged by `Logged`) says too.
            Err(e) => {
                let id = x_road_id.as_ref().and_then(|v| v.to_str().ok());
                return Ok(error_response(ex, id.unwrap_or_default(), &e));
            }
        }
    } else {
        logged.boxed_unsync()
    };
    out.body(body)
        .map_err(|e| GsbError::ProviderFailed(e.to_string()))
}

/// An error with its causes (a TLS failure hides under "client error (Connect)").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

/// The provider URL of a request: the service's base URL, then the path and query as the
/// client sent them. A base URL without a path gets `/` before a bare query.
fn upstream_uri(base: &str, rest: &str) -> String {
    let has_path = base
        .split_once("://")
        .is_some_and(|(_, after)| after.contains('/'));
    if rest.starts_with('/') || has_path {
        format!("{base}{rest}")
    } else {
        format!("{base}/{rest}")
    }
}

/// The headers a gateway passes on unmodified: all but the filtered ones, those the
/// `Connection` header names, and the X-Road headers each gateway sets itself.
fn end_to_end(from: &HeaderMap) -> impl Iterator<Item = (&HeaderName, &HeaderValue)> {
    // Read once per call, not once per header: this runs twice on every request.
    let listed: Vec<&str> = from
        .get_all("connection")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    from.iter().filter(move |(name, _)| {
        let n = name.as_str();
        !DROPPED.contains(&n) && !listed.iter().any(|l| l.eq_ignore_ascii_case(n))
    })
}

fn copy_headers(from: &HeaderMap, to: &mut HeaderMap) {
    for (name, value) in end_to_end(from) {
        to.append(name.clone(), value.clone());
    }
}

/// SHA-512 of a request's end-to-end headers (but `UNHASHED`): one `name: value` line each,
/// names lower-case, sorted, so the same request hashes the same at both gateways.
fn headers_digest(headers: &HeaderMap) -> [u8; 64] {
    let mut lines: Vec<(&str, &[u8])> = end_to_end(headers)
        .filter(|(n, _)| !UNHASHED.contains(&n.as_str()))
        .map(|(n, v)| (n.as_str(), v.as_bytes()))
        .collect();
    lines.sort_unstable();
    let mut digest = Sha512::new();
    for (name, value) in lines {
        digest.update(name.as_bytes());
        digest.update(b": ");
        digest.update(value);
        digest.update(b"\n");
    }
    let mut out = [0u8; 64];
    out.copy_from_slice(&digest.finalize());
    out
}

/// Answers with an X-Road error (PR-REST 4.6), after its record is durable.
async fn fail(gsb: &Arc<Gsb>, ex: &mut Exchange, e: GsbError) -> Response<GatewayBody> {
    let (status, kind) = e.kind();
    ex.record.status = status.as_u16();
    ex.record.error = Some(kind.to_string());
    ex.seal_request_hash();
    let logged = gsb.log.write(ex.clone().into_message(gsb, None)).await;
    let e = if logged.is_ok() {
        e
    } else {
        GsbError::LogFailed
    };
    error_response(ex, &ex.record.x_road_id, &e)
}

/// An X-Road error response (PR-REST 4.6) for exchange `x_road_id`, whose record is written.
fn error_response(ex: &Exchange, x_road_id: &str, e: &GsbError) -> Response<GatewayBody> {
    let (status, kind) = e.kind();
    let message = e.to_string();
    let (body, content_type) = match ex.errors_as {
        ErrorFormat::Json => (
            serde_json::json!({ "type": kind, "message": message, "detail": x_road_id })
                .to_string(),
            "application/json;charset=utf-8",
        ),
        // As X-Road's own gateway writes it: `<error>` with `type`, `message`, `detail`.
        ErrorFormat::Xml(content_type) => (
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<error><type>{}</type><message>{}</message><detail>{}</detail></error>\n",
                esc(kind),
                esc(&message),
                esc(x_road_id)
            ),
            content_type,
        ),
    };
    let mut resp = Response::new(full(body));
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    h.insert("content-type", HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(kind) {
        h.insert(X_ROAD_ERROR, v);
    }
    if let Ok(v) = HeaderValue::from_str(x_road_id) {
        h.insert(X_ROAD_ID, v);
    }
    h.insert(X_ROAD_REQUEST_ID, ex.request_id.clone());
    if kind == "Client.RateLimited" {
        h.insert("retry-after", HeaderValue::from_static("1"));
    }
    resp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_7_and_sort_by_time() {
        let at = |ms| chrono::DateTime::from_timestamp_millis(ms).expect("a valid instant");
        let first = new_id(at(1_765_000_000_000));
        let later = new_id(at(1_765_000_000_001));
        assert!(first < later, "{first} sorts before {later}");
        let parsed = first.split('-').map(str::len).collect::<Vec<_>>();
        assert_eq!(parsed, [8, 4, 4, 4, 12]);
        assert_eq!(&first[14..15], "7", "the version nibble");
        assert!("89ab".contains(&first[19..20]), "the RFC 9562 variant");
        // 1_765_000_000_000 ms is 0x019a_f232_b200 in the leading 48 bits.
        assert_eq!(&first[..13], "019af232-b200");
    }
}
