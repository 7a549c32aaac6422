//! What a complainant does, with no account: file a complaint, follow it with the tracking
//! code (the code is the only secret), add files to it and answer its follow-up.

use super::{pd_of, refused};
use crate::app::notify::Template;
use crate::app::{App, AppError};
use padu_domain::complaint::{self, Category, Deadlines, Status, Step, Who};
use padu_store::attachments::{Attachment, Owner};
use padu_store::complaints::{Complaint, ComplaintUpdate, NewComplaint, StepRecord};
use padu_store::{AuditCtx, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// How many files a complainant may attach.
const MAX_FILES: usize = 5;

/// What a citizen sends (the API body, the public form, an Open311 request).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ComplaintInput {
    /// pengaduan, aspirasi or permintaan_informasi.
    pub category: String,
    pub title: String,
    pub body: String,
    pub location_text: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[serde(default)]
    pub anonymous: bool,
    #[serde(default)]
    pub confidential: bool,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_phone: Option<String>,
    /// Leave empty: a field people never see, which only robots fill in.
    #[serde(default)]
    pub website: Option<String>,
}

/// Files a complaint with its verification deadline and a fresh tracking code. The channel
/// has checked for abuse first (the public form's honeypot and rate limit, or an Open311
/// client's api_key, which is accountable for what it sends). Filed without an account, it is
/// the complainant's ("pelapor") in the audit log.
pub async fn file(app: &App, ctx: &AuditCtx, input: ComplaintInput) -> Result<Complaint, AppError> {
    let category = Category::parse(&input.category).ok_or_else(|| {
        AppError::invalid(
            "category",
            "must be pengaduan, aspirasi or permintaan_informasi",
        )
    })?;
    let new = NewComplaint {
        category,
        title: input.title,
        body: input.body,
        location_text: input.location_text,
        latitude: input.latitude,
        longitude: input.longitude,
        anonymous: input.anonymous,
        confidential: input.confidential,
        reporter_name: input.reporter_name,
        reporter_email: input.reporter_email,
        reporter_phone: input.reporter_phone,
    };
    new.validate()?;
    let mut ctx = ctx.clone();
    if ctx.actor_user_id.is_none() {
        ctx.actor_label = "pelapor".into();
    }
    let schedule = super::schedule(app).await?;
    let deadlines = complaint::on_filing(&schedule, ctx.at);
    // A fresh code on the (astronomically unlikely) collision; the third is the answer.
    let mut tries = 1;
    let filed = loop {
        let code = complaint::tracking_code(rand::random());
        match app
            .store
            .file_complaint(&ctx, &new, &code, &deadlines)
            .await
        {
            Err(StoreError::Conflict { field, .. }) if field == "tracking_code" && tries < 3 => {
                tries += 1
            }
            other => break other?,
        }
    };
    // The Dinas verifies every new complaint (within the profile's days): its handlers hear
    // of it at once.
    let dinas = super::dinas_handlers(&app.store).await?;
    super::tell_staff(app, &dinas, Template::ComplaintFiled, &filed).await;
    Ok(filed)
}

/// The complaint a code names, however a person typed it; a code that names none is not found.
pub async fn find_by_code(app: &App, code: &str) -> Result<Complaint, AppError> {
    let code = complaint::normalize_tracking_code(code).ok_or(StoreError::NotFound)?;
    Ok(app.store.complaint_by_code(&code).await?)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Tracked {
    pub tracking_code: String,
    pub category: String,
    pub title: String,
    pub body: String,
    pub status: String,
    pub pd_name: Option<String>,
    pub deadlines: Deadlines,
    pub created_at: String,
    pub closed_at: Option<String>,
    /// The public timeline (no internal notes).
    pub updates: Vec<ComplaintUpdate>,
    /// The complainant may respond now (satisfied or not).
    pub can_respond: bool,
    /// Files the complainant attached (only the code holder and staff see them).
    pub attachments: Vec<Attachment>,
    /// Files may still be added.
    pub open: bool,
}

/// Whoever holds the tracking code sees the complaint and its public timeline, without the
/// complainant's identity (the code is the only secret; confidential complaints included).
pub async fn tracked(app: &App, code: &str) -> Result<Tracked, AppError> {
    let c = find_by_code(app, code).await?;
    let updates = app.store.complaint_updates(c.id, true).await?;
    // The staff's files kept among staff are not the code holder's to see.
    let attachments = app.store.attachments(Owner::Complaint(c.id), true).await?;
    Ok(Tracked {
        attachments,
        open: c.status.is_open(),
        tracking_code: c.tracking_code,
        category: c.category.as_str().into(),
        title: c.title,
        body: c.body,
        status: c.status.as_str().into(),
        pd_name: c.pd_name,
        deadlines: c.deadlines,
        created_at: c.created_at,
        closed_at: c.closed_at,
        updates,
        can_respond: c.status == Status::Ditindaklanjuti,
    })
}

/// The complaint a code names, if it still takes files: open, and fewer than five.
pub async fn files_allowed(app: &App, code: &str) -> Result<Complaint, AppError> {
    let c = find_by_code(app, code).await?;
    if !c.status.is_open() {
        return Err(AppError::Conflict {
            field: Some("status".into()),
            message: "the complaint is closed".into(),
        });
    }
    // The complainant's own files (the staff's do not use up theirs).
    let files = app.store.attachments(Owner::Complaint(c.id), false).await?;
    let theirs = files.iter().filter(|f| f.uploaded_by == "public").count();
    if theirs >= MAX_FILES {
        return Err(AppError::invalid("file", "at most 5 files per complaint"));
    }
    Ok(c)
}

/// A public file of the complaint the code names, with its bytes; any other file (a staff-only
/// one included) is not found.
pub async fn tracked_file(
    app: &App,
    code: &str,
    id: i64,
) -> Result<(Attachment, Vec<u8>), AppError> {
    let c = find_by_code(app, code).await?;
    let a = app.store.attachment(id).await?;
    if a.owner_kind != "complaint" || a.owner_id != c.id || !a.public {
        return Err(StoreError::NotFound.into());
    }
    let data = app.store.attachment_data(id).await?;
    Ok((a, data))
}

/// The complainant's answer to the follow-up, with the tracking code.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ResponseInput {
    pub satisfied: bool,
    #[serde(default)]
    pub body: String,
}

/// The complainant answers the follow-up: satisfied closes the complaint, not satisfied
/// returns it to the PD with a fresh 5 working days. Recorded as the complainant's, whoever
/// holds the code.
pub async fn respond(
    app: &App,
    ctx: &AuditCtx,
    code: &str,
    input: ResponseInput,
) -> Result<Complaint, AppError> {
    let c = find_by_code(app, code).await?;
    padu_store::check_len("body", &input.body, padu_store::MAX_TEXT)?;
    let mut ctx = ctx.clone();
    ctx.actor_label = "pelapor".into();
    ctx.actor_user_id = None;
    let schedule = super::schedule(app).await?;
    let satisfied = input.satisfied;
    let (new_status, deadlines) = complaint::apply(
        &schedule,
        c.status,
        pd_of(&c),
        &Step::ComplainantResponse { satisfied },
        &Who::Complainant,
        ctx.at,
    )
    .map_err(refused)?;
    let verdict = if satisfied {
        "Puas / satisfied"
    } else {
        "Belum puas / not satisfied"
    };
    let body = match input.body.trim() {
        "" => verdict.to_string(),
        text => format!("{verdict}: {text}"),
    };
    let step = StepRecord {
        expected_status: c.status,
        new_status,
        deadlines,
        pd_id: c.pd_id,
        merged_into: None,
        kind: "complainant_response",
        body,
        public: true,
    };
    Ok(app.store.record_complaint_step(&ctx, c.id, &step).await?)
}
