//! What a person's browser gets when axum itself refuses a page's request (an address part that
//! is not a number, a query that does not read, a method the page lacks) or when no route
//! matches: the error page in their language. Only `/api/` answers in JSON.

use super::i18n::t;
use super::layout::error_page;
use super::{ApiError, Caller, SharedState};
use axum::extract::{FromRequestParts, Request};
use axum::http::{header, request::Parts, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// Rewrites axum's plain-text refusals of page routes as the error page.
pub async fn html_rejections(req: Request, next: Next) -> Response {
    let (parts, body) = req.into_parts();
    let head = parts.clone();
    let response = next.run(Request::from_parts(parts, body)).await;
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !response.status().is_client_error() || !plain {
        return response;
    }
    let status = response.status();
    page_for(head, status).await.unwrap_or(response)
}

/// No route matched: the API's JSON under `/api/`, the error page elsewhere.
pub async fn not_found(req: Request) -> Response {
    if req.uri().path().starts_with("/api/") {
        return ApiError::not_found().into_response();
    }
    let (parts, _) = req.into_parts();
    page_for(parts, StatusCode::NOT_FOUND)
        .await
        .unwrap_or_else(|| ApiError::not_found().into_response())
}

/// The error page for `status`, if the request's caller can be told who they are.
async fn page_for(mut head: Parts, status: StatusCode) -> Option<Response> {
    let state = head.extensions.get::<SharedState>().cloned()?;
    let caller = Caller::from_request_parts(&mut head, &state).await.ok()?;
    let error = match status {
        StatusCode::NOT_FOUND => ApiError::not_found(),
        _ => ApiError::new(status, "bad_request", t(caller.lang, "error.bad_address")),
    };
    Some(error_page(&state, &caller, error))
}
