//! Uploads and downloads of files: size- and type-limited (the type is read from the file's
//! first bytes, never taken from the client).

use super::{ApiError, Caller, SharedState};
use axum::extract::Multipart;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use padu_store::attachments::{Attachment, Owner};

/// The largest file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The request body limit of an upload route: one file at most, plus the form around it.
pub const BODY_LIMIT: usize = MAX_BYTES + 64 * 1024;

/// [`BODY_LIMIT`] as a layer of one handler.
pub fn body_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(BODY_LIMIT)
}

/// The content type of an accepted file, from its bytes and name; None for anything else.
/// Accepted: PDF, PNG, JPEG, plain text/CSV, and the office formats (which are ZIP files).
pub fn sniff(filename: &str, data: &[u8]) -> Option<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if data.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if data.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if data.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if data.starts_with(b"PK\x03\x04") {
        return match ext.as_str() {
            "docx" => {
                Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
            }
            "xlsx" => Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            "odt" => Some("application/vnd.oasis.opendocument.text"),
            "ods" => Some("application/vnd.oasis.opendocument.spreadsheet"),
            _ => None,
        };
    }
    if ["txt", "csv", "log"].contains(&ext.as_str())
        && !data.contains(&0)
        && std::str::from_utf8(data).is_ok()
    {
        return Some(if ext == "csv" {
            "text/csv"
        } else {
            "text/plain"
        });
    }
    None
}

/// The sniffed type of an upload, or 415 naming what is accepted.
pub fn accepted_type(up: &Upload) -> Result<&'static str, ApiError> {
    sniff(&up.filename, &up.data).ok_or_else(|| {
        ApiError::field(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_type",
            "file",
            "accepted: PDF, PNG, JPEG, TXT/CSV, DOCX/XLSX/ODT/ODS",
        )
    })
}

/// A file and the form fields sent with it.
pub struct Upload {
    pub filename: String,
    pub data: Vec<u8>,
    pub fields: std::collections::HashMap<String, String>,
}

impl Upload {
    /// Whether staff asked to keep the file among staff (`internal=1` or `true`).
    pub fn internal(&self) -> bool {
        self.fields
            .get("internal")
            .is_some_and(|v| v == "1" || v == "true")
    }
}

/// Reads a multipart form with one `file` part, refusing what is too large or of a wrong type.
pub async fn read_upload(form: Multipart) -> Result<Upload, ApiError> {
    read_upload_limited(form, MAX_BYTES).await
}

/// `read_upload` with a file size limit of `max` bytes.
pub async fn read_upload_limited(mut form: Multipart, max: usize) -> Result<Upload, ApiError> {
    let mut file = None;
    let mut fields = std::collections::HashMap::new();
    let upload_error = |e: axum::extract::multipart::MultipartError| upload_error(e, max);
    while let Some(mut part) = form.next_field().await.map_err(upload_error)? {
        let name = part.name().unwrap_or_default().to_string();
        if name == "file" {
            let filename = part
                .file_name()
                .map(|f| f.rsplit(['/', '\\']).next().unwrap_or(f).to_string())
                .filter(|f| !f.trim().is_empty())
                .ok_or_else(|| ApiError::invalid("file", "choose a file"))?;
            let mut data = Vec::new();
            while let Some(chunk) = part.chunk().await.map_err(upload_error)? {
                if data.len() + chunk.len() > max {
                    return Err(too_large(max));
                }
                data.extend_from_slice(&chunk);
            }
            file = Some((filename, data));
        } else {
            let text = part.text().await.unwrap_or_default();
            fields.insert(name, text);
        }
    }
    // The form's text fields and the file's name pass the check every input passes.
    let names = file.iter().map(|(filename, _)| ("file", filename.as_str()));
    let texts = fields.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    if let Some((field, c)) = padu_domain::text::forbidden_in_fields(names.chain(texts)) {
        return Err(ApiError::invalid(
            &field,
            padu_domain::text::forbidden_message(c),
        ));
    }
    let (filename, data) = file.ok_or_else(|| ApiError::invalid("file", "choose a file"))?;
    if data.is_empty() {
        return Err(ApiError::invalid("file", "the file is empty"));
    }
    if filename.chars().count() > 200 {
        return Err(ApiError::invalid("file", "the file name is too long"));
    }
    Ok(Upload {
        filename,
        data,
        fields,
    })
}

/// A body over the limit is 413; any other broken form is 422.
fn upload_error(e: axum::extract::multipart::MultipartError, max: usize) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        too_large(max)
    } else {
        ApiError::invalid("file", format!("unreadable form: {e}"))
    }
}

fn too_large(max: usize) -> ApiError {
    ApiError::field(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        "file",
        format!("at most {} MB", max / 1024 / 1024),
    )
}

pub async fn store_upload(
    state: &SharedState,
    caller: &Caller,
    owner: Owner,
    public: bool,
    up: &Upload,
) -> Result<Attachment, ApiError> {
    let kind = accepted_type(up)?;
    let mut ctx = caller.audit_ctx();
    if caller.user.is_none() {
        ctx.actor_label = "pelapor".into();
    }
    Ok(state
        .store
        .add_attachment(&ctx, owner, &up.filename, kind, public, &up.data)
        .await?)
}

pub fn file_response(a: &Attachment, data: Vec<u8>) -> Response {
    let name: String = a
        .filename
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    (
        [
            (header::CONTENT_TYPE, a.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".into()),
        ],
        data,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::sniff;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff("a.pdf", b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(
            sniff("photo.JPG", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff("evil.pdf", b"MZ\x90\x00"),
            None,
            "an executable named .pdf"
        );
        assert_eq!(sniff("page.html", b"<script>"), None);
        assert_eq!(sniff("notes.txt", b"halo"), Some("text/plain"));
        assert_eq!(sniff("notes.txt", b"ha\0lo"), None);
        assert_eq!(
            sniff("x.docx", b"PK\x03\x04rest"),
            Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        );
        assert_eq!(sniff("x.jar", b"PK\x03\x04rest"), None);
    }
}
