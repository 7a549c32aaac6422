//! The one error type of the web layer and how it answers: the API's JSON envelope
//! `{"error": {code, field, message}}` (pages render it through `layout::error_page`).

use crate::app::AppError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use padu_domain::Denied;
use padu_store::StoreError;
use serde::Serialize;
use utoipa::ToSchema;

/// An error as the API returns it: a status and `{"error": {code, field, message}}`.
#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub field: Option<String>,
    pub message: String,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            field: None,
            message: message.into(),
        }
    }
    pub fn field(
        status: StatusCode,
        code: &'static str,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            code,
            field: Some(field.into()),
            message: message.into(),
        }
    }
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        Self::field(StatusCode::UNPROCESSABLE_ENTITY, "invalid", field, message)
    }
    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "no such record")
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        // A message may quote what was sent (serde does): only its beginning goes back.
        let message = padu_domain::text::prefix(&self.message, 1000);
        let field = self.field.map(|f| padu_domain::text::prefix(&f, 200));
        let body = serde_json::json!({ "error": { "code": self.code, "field": field, "message": message } });
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound => ApiError::not_found(),
            StoreError::Conflict { field, message } => ApiError {
                status: StatusCode::CONFLICT,
                code: "conflict",
                field: Some(field),
                message,
            },
            StoreError::Invalid { field, message } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                code: "invalid",
                field: Some(field),
                message,
            },
            other => {
                tracing::error!(error = %other, "storage error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    "internal error; the operator can find it in the log",
                )
            }
        }
    }
}

impl From<Denied> for ApiError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotAuthenticated => ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthenticated",
                "sign in or send a bearer token",
            ),
            Denied::Hidden => ApiError::not_found(),
            Denied::Forbidden => ApiError::new(
                StatusCode::FORBIDDEN,
                "forbidden",
                "your role does not allow this",
            ),
        }
    }
}

/// What every error answers: `{"error": {"code", "field", "message"}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Machine-readable: `invalid`, `not_found`, `forbidden`, `conflict`, `unauthenticated`, ...
    pub code: String,
    /// The request field or parameter at fault, when one is.
    pub field: Option<String>,
    pub message: String,
    /// An import's bad cells, by row and column (imports only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<crate::interchange::CellError>>,
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Denied(d) => d.into(),
            AppError::Store(s) => s.into(),
            AppError::Invalid { field, message } => ApiError::invalid(&field, message),
            AppError::Conflict { field, message } => ApiError {
                status: StatusCode::CONFLICT,
                code: "conflict",
                field,
                message,
            },
        }
    }
}
