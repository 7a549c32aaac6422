//! A file made by an operation, sent as a download while it is made.

use crate::app::registers::SheetFile;
use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::TryStreamExt;

/// A sheet as a download, its bytes sent as they are made.
pub fn sheet_response(file: SheetFile) -> Response {
    let disposition = format!("attachment; filename=\"{}\"", file.filename);
    (
        [
            (header::CONTENT_TYPE, file.content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        Body::from_stream(file.chunks.map_ok(Bytes::from)),
    )
        .into_response()
}
