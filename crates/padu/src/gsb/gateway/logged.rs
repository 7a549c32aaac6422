//! The provider's response body on its way to the client: hashed as it passes, its last
//! frame held back until the exchange's record is written, or, when small, read whole before
//! the response starts.

use super::{full_bytes, BoxError, Exchange, GatewayBody};
use crate::gsb::meter::Meter;
use crate::gsb::{Gsb, GsbError};
use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming, SizeHint};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

/// The largest provider body, by its declared length, that is read whole before the response
/// starts (`read_whole`).
pub(super) const WHOLE_BODY_LIMIT: u64 = 64 << 10;

/// A small response body read whole (hashed and logged as `Logged` does) before the response
/// starts: the client then gets the head and the body in one write. Streamed, the head of
/// every response went out on its own while the body's last frame waited for the log, two
/// writes to the client's socket and two wake-ups of the client for each exchange. The
/// client sees what the stream would have given it: the frames, and a provider's break-off as
/// an X-Road error instead of a cut response, as nothing has been sent yet.
pub(super) async fn read_whole(mut body: Logged) -> Result<GatewayBody, GsbError> {
    let mut frames = Vec::new();
    while let Some(frame) = body.frame().await {
        match frame {
            Ok(f) => frames.push(f),
            Err(e) => {
                return Err(body
                    .failure
                    .take()
                    .unwrap_or_else(|| GsbError::ProviderFailed(e.to_string())))
            }
        }
    }
    if frames.len() <= 1 && frames.iter().all(Frame::is_data) {
        let data = frames
            .pop()
            .and_then(|f| f.into_data().ok())
            .unwrap_or_default();
        return Ok(full_bytes(data));
    }
    let replay = frames.into_iter().map(Ok::<_, BoxError>);
    Ok(http_body_util::StreamBody::new(futures_util::stream::iter(replay)).boxed_unsync())
}

type LogFuture = Pin<Box<dyn Future<Output = Result<i64, String>> + Send>>;

/// The provider's response body on its way to the client: hashed as it passes, its last frame
/// held back until the exchange's record is committed.
pub(super) struct Logged {
    inner: Incoming,
    gsb: Arc<Gsb>,
    exchange: Option<Exchange>,
    meter: Meter,
    held: Option<Frame<Bytes>>,
    /// The longest the provider may pause while sending its body.
    idle: Duration,
    deadline: Pin<Box<tokio::time::Sleep>>,
    logging: Option<LogFuture>,
    finished: bool,
    /// The provider broke off or stalled: once logged, the client's response is cut too.
    broken: bool,
    /// A failure will be answered with an X-Road error (`read_whole`), which the record
    /// then names with its status, not the provider's.
    answers_failure: bool,
    /// Why the body ended in an error.
    failure: Option<GsbError>,
}

impl Logged {
    /// The provider's `body` for `exchange`, keeping its first `capture` bytes, the provider
    /// allowed `idle` between frames; `answers_failure` when `read_whole` will read it.
    pub(super) fn new(
        body: Incoming,
        gsb: Arc<Gsb>,
        exchange: Exchange,
        capture: usize,
        idle: Duration,
        answers_failure: bool,
    ) -> Logged {
        Logged {
            inner: body,
            gsb,
            exchange: Some(exchange),
            meter: Meter::response(capture),
            held: None,
            idle,
            deadline: Box::pin(tokio::time::sleep(idle)),
            logging: None,
            finished: false,
            broken: false,
            answers_failure,
            failure: None,
        }
    }

    fn start_logging(&mut self, failure: Option<GsbError>) {
        if let Some(mut ex) = self.exchange.take() {
            if let Some(e) = &failure {
                let (status, kind) = e.kind();
                ex.record.error = Some(kind.to_string());
                if self.answers_failure {
                    ex.record.status = status.as_u16();
                }
            }
            self.failure = failure;
            let message = ex.into_message(&self.gsb, Some(&self.meter));
            let log = self.gsb.log.clone();
            self.logging = Some(Box::pin(async move { log.write(message).await }));
        }
    }
}

impl Body for Logged {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        loop {
            if this.finished {
                return Poll::Ready(None);
            }
            if let Some(logging) = this.logging.as_mut() {
                return match logging.as_mut().poll(cx) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(Ok(_)) if this.broken => {
                        this.logging = None;
                        this.finished = true;
                        Poll::Ready(Some(Err("the provider broke off the response".into())))
                    }
                    Poll::Ready(Ok(_)) => {
                        this.logging = None;
                        this.finished = true;
                        match this.held.take() {
                            Some(f) => Poll::Ready(Some(Ok(f))),
                            None => Poll::Ready(None),
                        }
                    }
                    Poll::Ready(Err(e)) => {
                        this.logging = None;
                        this.finished = true;
                        this.failure = Some(GsbError::LogFailed);
                        Poll::Ready(Some(Err(format!("message log: {e}").into())))
                    }
                };
            }
            match Pin::new(&mut this.inner).poll_frame(cx) {
                Poll::Pending => {
                    if this.deadline.as_mut().poll(cx).is_ready() {
                        this.held = None;
                        this.broken = true;
                        this.start_logging(Some(GsbError::Timeout(this.idle)));
                        continue;
                    }
                    return Poll::Pending;
                }
                Poll::Ready(Some(Ok(frame))) => {
                    this.deadline
                        .as_mut()
                        .reset(tokio::time::Instant::now() + this.idle);
                    if let Some(data) = frame.data_ref() {
                        this.meter.update(data);
                    }
                    if let Some(prev) = this.held.replace(frame) {
                        return Poll::Ready(Some(Ok(prev)));
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    // The provider broke off: the client gets a cut response, and the log
                    // says so. Whatever was held back is not sent.
                    tracing::debug!(error = %e, "provider body failed");
                    this.held = None;
                    this.broken = true;
                    this.start_logging(Some(GsbError::ProviderFailed(format!(
                        "the response broke off: {e}"
                    ))));
                }
                Poll::Ready(None) => this.start_logging(None),
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.finished
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for Logged {
    fn drop(&mut self) {
        // The client went away before the end: the exchange is still logged, as aborted.
        if let Some(mut ex) = self.exchange.take() {
            ex.record.error = Some("Client.ResponseAborted".into());
            let message = ex.into_message(&self.gsb, Some(&self.meter));
            let log = self.gsb.log.clone();
            tokio::spawn(async move {
                let _ = log.write(message).await;
            });
        }
    }
}
