//! Hashing and counting bodies as they stream through the gateway, so nothing is buffered:
//! a 100 MB body passes in frames and leaves only its digests, its size and (when the service
//! keeps bodies) its first bytes.

use super::GsbError;
use base64::Engine as _;
use bytes::Bytes;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use sha2::{Digest, Sha256, Sha512};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

pub struct Meter {
    pub bytes: u64,
    sha256: Sha256,
    /// Only a request's: `X-Road-Request-Hash` covers the request alone.
    sha512: Option<Sha512>,
    /// The first `capture_limit` bytes, for services that keep bodies.
    pub captured: Vec<u8>,
    capture_limit: usize,
    /// Why the body stopped early, when it did.
    pub failure: Option<GsbError>,
}

impl Meter {
    /// A request's meter (SHA-256 for the log, SHA-512 for `X-Road-Request-Hash`).
    pub fn request(capture_limit: usize) -> Meter {
        Meter {
            sha512: Some(Sha512::new()),
            ..Meter::response(capture_limit)
        }
    }

    /// A response's meter (SHA-256 for the log).
    pub fn response(capture_limit: usize) -> Meter {
        Meter {
            bytes: 0,
            sha256: Sha256::new(),
            sha512: None,
            captured: Vec::new(),
            capture_limit,
            failure: None,
        }
    }

    pub fn update(&mut self, data: &[u8]) {
        self.bytes += data.len() as u64;
        self.sha256.update(data);
        if let Some(sha512) = &mut self.sha512 {
            sha512.update(data);
        }
        let room = self.capture_limit.saturating_sub(self.captured.len());
        self.captured
            .extend_from_slice(&data[..room.min(data.len())]);
    }

    pub fn sha256_hex(&self) -> String {
        padu_domain::gsb::to_hex(&self.sha256.clone().finalize())
    }

    /// `X-Road-Request-Hash` (PR-REST 4.3): base64 of SHA512(SHA512(headers) + SHA512(body)),
    /// or of SHA512(headers) when there is no body, `head` being SHA512(headers) (see
    /// `gateway::Exchange::seal_request_hash` for what it covers).
    pub fn request_hash(&self, head: &[u8]) -> String {
        let engine = base64::engine::general_purpose::STANDARD;
        if self.bytes == 0 {
            return engine.encode(head);
        }
        let mut both = Sha512::new();
        both.update(head);
        both.update(self.sha512.clone().unwrap_or_default().finalize());
        engine.encode(both.finalize())
    }
}

/// A request body on its way to the provider, measured as it goes and cut off past `limit`.
pub struct Metered {
    inner: Incoming,
    meter: Arc<Mutex<Meter>>,
    limit: u64,
}

impl Metered {
    pub fn new(inner: Incoming, meter: Arc<Mutex<Meter>>, limit: u64) -> Metered {
        Metered {
            inner,
            meter,
            limit,
        }
    }
}

impl Body for Metered {
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let limit = self.limit;
        match Pin::new(&mut self.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                let mut m = self.meter.lock().unwrap_or_else(|p| p.into_inner());
                if let Some(data) = frame.data_ref() {
                    m.update(data);
                    if m.bytes > limit {
                        m.failure = Some(GsbError::TooLarge(limit));
                        return Poll::Ready(Some(Err(
                            "request body over the service's limit".into()
                        )));
                    }
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => {
                let mut m = self.meter.lock().unwrap_or_else(|p| p.into_inner());
                m.failure = Some(GsbError::ClientAborted(e.to_string()));
                Poll::Ready(Some(Err(e.into())))
            }
            other => other.map(|o| o.map(|r| r.map_err(Into::into))),
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
