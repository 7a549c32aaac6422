//! Attachments of tickets and complaints: size- and type-limited uploads (the type is read from
//! the file's first bytes, never taken from the client), and downloads that ask the owner's
//! access rules first.

use super::complaints::view_for;
use super::desk::rights_on;
use super::{ApiError, Caller, SharedState};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use padu_store::attachments::{Attachment, Owner};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The largest file accepted.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;

/// The request body limit of an upload route: one file at most, plus the form around it.
pub fn body_limit() -> axum::extract::DefaultBodyLimit {
    axum::extract::DefaultBodyLimit::max(MAX_BYTES + 64 * 1024)
}

pub fn routes() -> OpenApiRouter<SharedState> {
    OpenApiRouter::new()
        .routes(routes!(upload_ticket_file))
        .routes(routes!(upload_complaint_file))
        .routes(routes!(download))
        .routes(routes!(download_tracked))
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

async fn store_upload(
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

/// Attaches a file to a ticket: the requester's files are public; staff choose (`internal=1`
/// keeps a file among staff).
pub async fn attach_to_ticket(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    up: &Upload,
) -> Result<Attachment, ApiError> {
    caller.require_user()?;
    let t = state.store.get_ticket(id).await?;
    let r = rights_on(&caller.actor, &t);
    if !r.view {
        return Err(ApiError::not_found());
    }
    if !(r.work || r.requester || r.note) {
        return Err(padu_domain::Denied::Forbidden.into());
    }
    let internal = up
        .fields
        .get("internal")
        .is_some_and(|v| v == "1" || v == "true");
    let public = !(internal && r.note);
    store_upload(state, caller, Owner::Ticket(id), public, up).await
}

#[utoipa::path(post, path = "/api/v1/tickets/{id}/attachments", tag = "layanan", params(("id" = i64, Path)), request_body(content_type = "multipart/form-data", description = "`file`, and `internal=1` for staff-only files"), responses((status = 201, body = Attachment), (status = 413), (status = 415), (status = 422)))]
async fn upload_ticket_file(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    form: Multipart,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let up = read_upload(form).await?;
    Ok((
        StatusCode::CREATED,
        Json(attach_to_ticket(&state, &caller, id, &up).await?),
    ))
}

/// The complainant adds a file to an open complaint, with the tracking code.
pub async fn attach_to_complaint(
    state: &SharedState,
    caller: &Caller,
    code: &str,
    up: &Upload,
) -> Result<Attachment, ApiError> {
    let code =
        padu_domain::complaint::normalize_tracking_code(code).ok_or_else(ApiError::not_found)?;
    let c = state.store.complaint_by_code(&code).await?;
    if !c.status.is_open() {
        return Err(ApiError::field(
            StatusCode::CONFLICT,
            "conflict",
            "status",
            "the complaint is closed",
        ));
    }
    if state
        .store
        .attachments(Owner::Complaint(c.id), false)
        .await?
        .len()
        >= 5
    {
        return Err(ApiError::invalid("file", "at most 5 files per complaint"));
    }
    store_upload(state, caller, Owner::Complaint(c.id), true, up).await
}

#[utoipa::path(post, path = "/api/v1/complaints/track/{code}/attachments", tag = "layanan", params(("code" = String, Path)), request_body(content_type = "multipart/form-data", description = "`file`"), responses((status = 201, body = Attachment), (status = 404), (status = 413), (status = 415)))]
async fn upload_complaint_file(
    State(state): State<SharedState>,
    caller: Caller,
    Path(code): Path<String>,
    form: Multipart,
) -> Result<(StatusCode, Json<Attachment>), ApiError> {
    let up = read_upload(form).await?;
    Ok((
        StatusCode::CREATED,
        Json(attach_to_complaint(&state, &caller, &code, &up).await?),
    ))
}

fn file_response(a: &Attachment, data: Vec<u8>) -> Response {
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

/// May the caller read this attachment? Staff by the owner's rules; nobody anonymous.
pub async fn may_read(
    state: &SharedState,
    caller: &Caller,
    a: &Attachment,
) -> Result<bool, ApiError> {
    Ok(match a.owner_kind.as_str() {
        "ticket" => {
            let t = state.store.get_ticket(a.owner_id).await?;
            let r = rights_on(&caller.actor, &t);
            r.view && (a.public || r.internal)
        }
        // A complaint's files may show people or places: those who handle it and the
        // supervisors read them, not every PD that can read the public complaint.
        "complaint" => {
            let c = state.store.get_complaint(a.owner_id).await?;
            let pd = c.pd_id.map(padu_domain::PdId);
            view_for(&caller.actor, c, Utc::now()).is_some()
                && padu_domain::complaint::may_read_internal(&caller.actor, pd)
        }
        "application" | "lan_diagram" => super::catalog_files::may_read(state, caller, a).await?,
        _ => false,
    })
}

pub async fn fetch(state: &SharedState, caller: &Caller, id: i64) -> Result<Response, ApiError> {
    caller.require_user()?;
    let a = state.store.attachment(id).await?;
    if !may_read(state, caller, &a).await? {
        return Err(ApiError::not_found());
    }
    Ok(file_response(&a, state.store.attachment_data(id).await?))
}

#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "layanan", params(("id" = i64, Path)), responses((status = 200, description = "the file"), (status = 404)))]
async fn download(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    fetch(&state, &caller, id).await
}

/// The complainant downloads a file of their own complaint.
#[utoipa::path(get, path = "/api/v1/complaints/track/{code}/attachments/{id}", tag = "layanan", params(("code" = String, Path), ("id" = i64, Path)), responses((status = 200, description = "the file"), (status = 404)))]
async fn download_tracked(
    State(state): State<SharedState>,
    Path((code, id)): Path<(String, i64)>,
) -> Result<Response, ApiError> {
    let code =
        padu_domain::complaint::normalize_tracking_code(&code).ok_or_else(ApiError::not_found)?;
    let c = state.store.complaint_by_code(&code).await?;
    let a = state.store.attachment(id).await?;
    if a.owner_kind != "complaint" || a.owner_id != c.id {
        return Err(ApiError::not_found());
    }
    Ok(file_response(&a, state.store.attachment_data(id).await?))
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
