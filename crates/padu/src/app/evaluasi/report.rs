//! The year's report to the head of region (Kalbar Pasal 44, Bogor Pasal 45(4), Pessel Pasal
//! 47(2)): the evaluation's results and the audits reported that year, signed with the instance
//! key as plan approvals are (`padu_domain::evaluasi::report`). A signed report stays valid while
//! its signature verifies and its text is still what the records say.

use super::audits::{audits_all, AuditRow};
use super::evaluations::{evaluation, levels_counted, EvaluationView};
use crate::app::{App, AppError};
use crate::keys::verify_signature;
use padu_domain::evaluasi::report::{report_body, report_statement, ReportedAudit};
use padu_domain::evaluasi::CLAIMS_LEVELS;
use padu_domain::{Actor, Classification, Denied, ReadScope, Role};
use padu_store::evaluasi::evaluations::SignedReport;
use padu_store::{ts, AuditCtx};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct YearReport {
    pub evaluation: EvaluationView,
    /// The audits whose report came in the year.
    pub audits: Vec<AuditRow>,
    /// The text a signature vouches for, as the records stand now.
    pub body: String,
    pub signed: Option<SignedReport>,
    /// The signature verifies with its public key.
    pub valid: bool,
    /// The signed text is still what the records say.
    pub current: bool,
    pub may_sign: bool,
    /// SHA-256 of the instance's public key, to compare with the one printed.
    pub key_fingerprint: String,
}

/// The report reads every PD's audits: those who read across PDs (the Dinas, the Koordinator,
/// the auditors, the leadership).
fn reads_across(actor: &Actor) -> Result<(), AppError> {
    if ReadScope::of(actor)
        .classes
        .contains(&Classification::Terbatas)
    {
        Ok(())
    } else {
        Err(Denied::Forbidden.into())
    }
}

/// Year `year`'s report as the records stand, with its signature's standing.
pub async fn report(app: &App, actor: &Actor, year: i64) -> Result<YearReport, AppError> {
    reads_across(actor)?;
    let evaluation = evaluation(app, actor, year).await?;
    let audits: Vec<AuditRow> = audits_all(app)
        .await?
        .into_iter()
        // The report goes beyond the Pemda's staff: a Rahasia object's audit stays out of it.
        .filter(|r| r.audit.classification != Classification::Rahasia)
        .filter(|r| {
            r.audit
                .reported_on
                .as_deref()
                .is_some_and(|d| d.starts_with(&format!("{year}-")))
        })
        .collect();
    let listed: Vec<ReportedAudit<'_>> = audits
        .iter()
        .map(|r| ReportedAudit {
            title: &r.audit.title,
            kind: &r.audit.object_kind,
            reported_on: r.audit.reported_on.as_deref().unwrap_or_default(),
            findings: r.findings,
            open_findings: r.open_findings,
        })
        .collect();
    let body = report_body(
        &app.pemda.instance_id,
        &app.pemda.name,
        year,
        &evaluation.instrument,
        &evaluation.index,
        &levels_counted(&evaluation),
        &listed,
    );
    let signed = app.store.signed_report(year).await?;
    let valid = signed
        .as_ref()
        .is_some_and(|s| verify_signature(&s.public_key_pem, s.statement.as_bytes(), &s.signature));
    let current = signed
        .as_ref()
        .is_some_and(|s| s.statement.starts_with(&body));
    Ok(YearReport {
        may_sign: CLAIMS_LEVELS.admits(actor).is_ok(),
        key_fingerprint: app.key.fingerprint(),
        evaluation,
        audits,
        body,
        signed,
        valid,
        current,
    })
}

/// Signs year `year`'s report as it stands with the instance key, in the name of the Dinas or
/// the Koordinator who sends it.
pub async fn sign_report(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    year: i64,
) -> Result<YearReport, AppError> {
    CLAIMS_LEVELS.admits(actor)?;
    let now = report(app, actor, year).await?;
    if !now.evaluation.index.missing.is_empty() {
        return Err(AppError::invalid(
            "year",
            "every indicator is claimed before the report is signed",
        ));
    }
    let role = [Role::Koordinator, Role::AdminDinas]
        .into_iter()
        .find(|r| actor.has_role(*r))
        .map(|r| r.as_str())
        .unwrap_or_default();
    let statement = report_statement(&now.body, &ctx.actor_label, role, &ts(ctx.at));
    let signature = hex::encode(app.key.sign(statement.as_bytes()));
    let signed = SignedReport {
        year,
        statement,
        signature,
        public_key_pem: app.key.public_pem(),
        signed_by: ctx.actor_label.clone(),
        signed_at: ts(ctx.at),
    };
    app.store.save_signed_report(ctx, &signed).await?;
    report(app, actor, year).await
}
