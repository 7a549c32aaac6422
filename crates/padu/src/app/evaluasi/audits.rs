//! Audit TIK SPBE (Kalbar Pasal 36; Bogor Pasal 41–43; Pessel Pasal 62–65, Lampiran III Bab
//! VI): the Dinas or the Koordinator asks for an audit of an object; the auditors (and the
//! Dinas for its internal audits) take it through assignment, planning, execution with work
//! papers, supervision and the report, record findings and rate a security audit's controls;
//! the auditee's PD answers each finding with an action plan and reports it done, and the
//! auditor verifies it closed. Auditors and the Pemda-wide roles read every audit; a PD reads
//! its own. The schedule shows when each object is due again.

use crate::app::registers::{read, signed_in, Format, SheetFile};
use crate::app::{App, AppError};
use chrono::NaiveDate;
use padu_domain::evaluasi::audit::{due_on, may_verify, runs, REQUESTS_AUDITS, RUNS_AUDITS};
use padu_domain::{authorize, Action, Actor, Denied, PdId, Resource};
use padu_store::attachments::{Attachment, NewFile, Owner};
use padu_store::evaluasi::audit_findings::{AuditFinding, FindingInput, FindingStep};
use padu_store::evaluasi::audit_objects::{AuditObject, AuditObjectInput};
use padu_store::evaluasi::audits::{
    Audit, AuditEvent, AuditRequest, AuditStep, ControlRating, WorkPaper, WorkPaperInput,
};
use padu_store::AuditCtx;
use serde::Serialize;
use utoipa::ToSchema;

/// An audit and its records are read as its object is: its PD's and classification's rules.
fn resource(audit: &Audit) -> Resource {
    Resource::record(Some(PdId(audit.pd_id)), audit.classification)
}

pub fn may_read(actor: &Actor, audit: &Audit) -> bool {
    authorize(actor, Action::Read, &resource(audit)).is_ok()
}

/// Whether `actor` answers for the auditee: may change the PD's records.
fn auditee(actor: &Actor, audit: &Audit) -> bool {
    authorize(actor, Action::Update, &resource(audit)).is_ok()
}

/// The auditors run any audit; the Dinas its internal ones.
fn running(actor: &Actor, audit: &Audit) -> Result<(), AppError> {
    RUNS_AUDITS.admits(actor)?;
    if runs(actor, &audit.audit_type) {
        Ok(())
    } else {
        Err(Denied::Forbidden.into())
    }
}

/// An audit in the list: with how many of its findings are still open.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditRow {
    pub audit: Audit,
    pub findings: usize,
    pub open_findings: usize,
}

/// An audit whole, with what the caller may do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditView {
    pub audit: Audit,
    pub events: Vec<AuditEvent>,
    pub work_papers: Vec<(WorkPaper, Vec<Attachment>)>,
    pub findings: Vec<AuditFinding>,
    pub ratings: Vec<ControlRating>,
    /// The caller runs it (the auditors; the Dinas an internal one).
    pub may_run: bool,
    /// The auditee's PD answers its findings.
    pub may_respond: bool,
}

/// An object's place in the schedule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScheduleRow {
    pub object: AuditObject,
    /// The day its last audit's report came.
    pub last_reported: Option<NaiveDate>,
    /// When it is due (again), where the profile sets an interval.
    pub due: Option<NaiveDate>,
    pub overdue: bool,
    /// An audit of it under way.
    pub under_way: Option<i64>,
}

async fn readable_audit(app: &App, actor: &Actor, id: i64) -> Result<Audit, AppError> {
    signed_in(actor)?;
    let audit = app.store.get_audit(id).await?;
    if !may_read(actor, &audit) {
        return Err(Denied::Hidden.into());
    }
    Ok(audit)
}

/// Every audit `actor` may read, newest first.
pub async fn audits(app: &App, actor: &Actor) -> Result<Vec<AuditRow>, AppError> {
    signed_in(actor)?;
    Ok(audits_all(app)
        .await?
        .into_iter()
        .filter(|r| may_read(actor, &r.audit))
        .collect())
}

/// Every audit with its findings counted (for those who read across PDs).
pub(super) async fn audits_all(app: &App) -> Result<Vec<AuditRow>, AppError> {
    let findings = app.store.findings(None).await?;
    Ok(app
        .store
        .audits()
        .await?
        .into_iter()
        .map(|audit| {
            let of: Vec<&AuditFinding> =
                findings.iter().filter(|f| f.audit_id == audit.id).collect();
            AuditRow {
                findings: of.len(),
                open_findings: of.iter().filter(|f| f.status != "ditutup").count(),
                audit,
            }
        })
        .collect())
}

/// Audit `id` whole.
pub async fn audit(app: &App, actor: &Actor, id: i64) -> Result<AuditView, AppError> {
    let audit = readable_audit(app, actor, id).await?;
    let mut work_papers = Vec::new();
    for p in app.store.work_papers(id).await? {
        let files = app
            .store
            .attachments(Owner::AuditWorkPaper(p.id), false)
            .await?;
        work_papers.push((p, files));
    }
    Ok(AuditView {
        events: app.store.audit_events(id).await?,
        findings: app.store.findings(Some(id)).await?,
        ratings: app.store.control_ratings(id).await?,
        may_run: runs(actor, &audit.audit_type),
        may_respond: auditee(actor, &audit),
        work_papers,
        audit,
    })
}

/// Asks for an audit of an object the caller may read (the Dinas, the Koordinator).
pub async fn request(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    input: &AuditRequest,
) -> Result<Audit, AppError> {
    REQUESTS_AUDITS.admits(actor)?;
    let object = read::<AuditObjectInput>(app, actor, input.object_id)
        .await
        .map_err(|e| match e {
            AppError::Store(padu_store::StoreError::NotFound) => {
                AppError::invalid("object_id", "no such audit object")
            }
            e => e,
        })?;
    Ok(app
        .store
        .request_audit(ctx, input, object.fields.pd_id)
        .await?)
}

/// Takes audit `id` to its next step (the auditors, the Dinas).
pub async fn advance(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &AuditStep,
) -> Result<Audit, AppError> {
    let audit = readable_audit(app, actor, id).await?;
    running(actor, &audit)?;
    let today = padu_domain::sla::wib_date(ctx.at);
    Ok(app.store.advance_audit(ctx, id, input, today).await?)
}

/// The steps in which an audit's work is recorded: execution to the report.
fn recording(audit: &Audit) -> Result<(), AppError> {
    if ["pelaksanaan", "supervisi", "pelaporan"].contains(&audit.step.as_str()) {
        Ok(())
    } else {
        Err(AppError::invalid(
            "step",
            "work papers, findings and ratings are recorded from execution to the report",
        ))
    }
}

pub async fn add_work_paper(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &WorkPaperInput,
) -> Result<WorkPaper, AppError> {
    let audit = readable_audit(app, actor, id).await?;
    running(actor, &audit)?;
    recording(&audit)?;
    Ok(app.store.add_work_paper(ctx, &audit, input).await?)
}

/// Adds an evidence file to work paper `paper` of audit `id`.
pub async fn add_work_paper_file(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    paper: i64,
    file: &NewFile<'_>,
) -> Result<Attachment, AppError> {
    let audit = readable_audit(app, actor, id).await?;
    running(actor, &audit)?;
    recording(&audit)?;
    if app.store.work_paper_audit(paper).await? != id {
        return Err(AppError::invalid("work_paper", "is not this audit's"));
    }
    Ok(app
        .store
        .add_attachment(
            ctx,
            Owner::AuditWorkPaper(paper),
            file.filename,
            file.content_type,
            false,
            file.data,
        )
        .await?)
}

pub async fn add_finding(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    input: &FindingInput,
) -> Result<AuditFinding, AppError> {
    let audit = readable_audit(app, actor, id).await?;
    running(actor, &audit)?;
    recording(&audit)?;
    Ok(app.store.add_finding(ctx, &audit, input).await?)
}

/// Moves finding `id`'s follow-up: its auditee answers and reports it done; the auditors verify
/// a finding reported done (closing it or sending it back).
pub async fn step_finding(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    step: &FindingStep,
) -> Result<AuditFinding, AppError> {
    signed_in(actor)?;
    let finding = app.store.get_finding(id).await?;
    let audit = readable_audit(app, actor, finding.audit_id).await?;
    // A finding reported done is the auditor's to verify; before that, the auditee's to move.
    let by_auditor = finding.status == "selesai_diklaim";
    if by_auditor {
        RUNS_AUDITS.admits(actor)?;
        let answered = finding.answered_by_user_id.map(padu_domain::UserId);
        if !may_verify(actor, &audit.audit_type, PdId(finding.pd_id), answered) {
            return Err(Denied::Forbidden.into());
        }
    } else if !auditee(actor, &audit) {
        return Err(Denied::Forbidden.into());
    }
    let today = padu_domain::sla::wib_date(ctx.at);
    Ok(app
        .store
        .step_finding(ctx, id, step, by_auditor, today)
        .await?)
}

/// Saves a security audit's BSSN ratings of the controls given.
pub async fn rate_controls(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    id: i64,
    ratings: &[ControlRating],
) -> Result<(), AppError> {
    let audit = readable_audit(app, actor, id).await?;
    running(actor, &audit)?;
    if audit.object_kind != "keamanan" {
        return Err(AppError::invalid(
            "ratings",
            "design, implementation and effectiveness are rated in a security audit",
        ));
    }
    recording(&audit)?;
    Ok(app.store.save_control_ratings(ctx, &audit, ratings).await?)
}

/// Every object `actor` may read with its last report and when it is due, soonest first.
pub async fn schedule(
    app: &App,
    actor: &Actor,
    today: NaiveDate,
) -> Result<Vec<ScheduleRow>, AppError> {
    signed_in(actor)?;
    let scope = padu_domain::ReadScope::of(actor);
    let objects = app
        .store
        .all_records::<AuditObjectInput>(&scope, &Vec::new())
        .await?;
    let audits = app.store.audits().await?;
    let months = app.profile().audit_months.as_ref().map(|m| m.value);
    let mut out: Vec<ScheduleRow> = objects
        .into_iter()
        .map(|object| {
            let of: Vec<&Audit> = audits.iter().filter(|a| a.object_id == object.id).collect();
            let last_reported = of
                .iter()
                .filter_map(|a| a.reported_on.as_deref()?.parse().ok())
                .max();
            let due = months.map(|m| due_on(last_reported, m, today));
            ScheduleRow {
                overdue: due.is_some_and(|d| d <= today),
                under_way: of.iter().find(|a| a.reported_on.is_none()).map(|a| a.id),
                last_reported,
                due,
                object,
            }
        })
        .collect();
    out.sort_by_key(|r| (r.due.is_none(), r.due, r.object.fields.name.clone()));
    Ok(out)
}

/// Every finding of the audits `actor` may read as a sheet, a row a finding with its audit and
/// follow-up, vocabulary values in `label`'s words; `padu-temuan-audit-{today}.xlsx`.
pub async fn findings_sheet(
    app: &App,
    actor: &Actor,
    format: Format,
    today: NaiveDate,
    label: &(dyn Fn(&str) -> String + Sync),
) -> Result<SheetFile, AppError> {
    let audits = audits(app, actor).await?;
    let findings = app.store.findings(None).await?;
    let rows = findings
        .iter()
        .filter_map(|f| {
            let a = &audits.iter().find(|r| r.audit.id == f.audit_id)?.audit;
            Some(vec![
                a.title.clone(),
                a.object_name.clone(),
                a.pd_name.clone(),
                label(&a.audit_type),
                label(&a.step),
                f.title.clone(),
                label(&f.severity),
                f.criteria.clone(),
                f.condition.clone(),
                f.cause.clone(),
                f.effect.clone(),
                f.recommendation.clone(),
                f.response.clone(),
                f.action_plan.clone(),
                f.due_on.clone().unwrap_or_default(),
                label(&f.status),
                f.closed_on.clone().unwrap_or_default(),
            ])
        })
        .collect();
    SheetFile::whole(
        "temuan-audit",
        today,
        format,
        &[
            "Audit",
            "Objek audit",
            "Perangkat Daerah",
            "Pelaksana",
            "Tahap",
            "Temuan",
            "Tingkat",
            "Kriteria",
            "Kondisi",
            "Penyebab",
            "Akibat",
            "Rekomendasi",
            "Tanggapan",
            "Rencana aksi",
            "Batas waktu",
            "Status",
            "Ditutup",
        ],
        rows,
    )
}
