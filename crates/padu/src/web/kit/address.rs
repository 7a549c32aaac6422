//! Where this instance is reached, for the absolute addresses a standard asks (Open311's
//! Service Discovery, CKAN's resource URLs, DCAT and schema.org identifiers).

use super::SharedState;
use axum::http::{header, HeaderMap};

/// The `--public-url` when set, else the address the client reached (Padu itself speaks
/// plain HTTP; behind a TLS proxy set `--public-url`), without a trailing `/`.
pub fn public_base(state: &SharedState, headers: &HeaderMap) -> String {
    match state.public_url.as_deref() {
        Some(u) => u.trim_end_matches('/').to_string(),
        None => {
            let host = headers
                .get(header::HOST)
                .and_then(|h| h.to_str().ok())
                .filter(|h| !h.is_empty() && !h.contains(['/', ' ', '"', '<', '>']))
                .unwrap_or("localhost");
            format!("http://{host}")
        }
    }
}
