//! Audits of the audit objects through the steps of Pessel Lampiran III Bab VI C (request,
//! assignment, planning, execution, supervision, report, follow-up), with each step's event,
//! the execution's work papers and a security audit's BSSN ratings per control. Each step's
//! fields and conditions are `padu_domain::evaluasi::audit`'s; who may take it is the
//! application's. Every change is audited.

use crate::audit::{append, Change};
use crate::{check_len, check_text, ts, AuditCtx, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::evaluasi::audit::{
    blocked, next_step, required_for, AuditFact, ObjectFact, AUDIT_TYPES, DESIGN_RATINGS,
    EFFECTIVENESS_RATINGS, IMPLEMENTATION_RATINGS,
};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::Row;

/// An audit as a call asks for it (the request, Lampiran III Bab VI C a).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditRequest {
    pub object_id: i64,
    /// internal or eksternal.
    pub audit_type: String,
    pub title: String,
    /// Scope, location and what is asked (the request letter's content).
    pub request_note: String,
    /// When it should start.
    pub requested_start: NaiveDate,
}

/// What taking an audit to its next step gives: the fields that step fills (the others are
/// left as they are) and a note for its event.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AuditStep {
    /// The step to take, which must be the next one.
    pub step: String,
    #[serde(default)]
    pub team: Option<String>,
    #[serde(default)]
    pub assignment_letter: Option<String>,
    #[serde(default)]
    pub criteria: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub test_plan: Option<String>,
    #[serde(default)]
    pub start_on: Option<NaiveDate>,
    #[serde(default)]
    pub end_on: Option<NaiveDate>,
    #[serde(default)]
    pub supervision_note: Option<String>,
    #[serde(default)]
    pub report_summary: Option<String>,
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Audit {
    pub id: i64,
    pub object_id: i64,
    pub object_name: String,
    pub object_kind: String,
    /// The object's classification, which the audit and its records share.
    pub classification: Classification,
    pub pd_id: i64,
    pub pd_name: String,
    pub audit_type: String,
    pub step: String,
    pub title: String,
    pub request_note: String,
    pub requested_start: String,
    pub team: String,
    pub assignment_letter: String,
    pub criteria: String,
    pub scope: String,
    pub test_plan: String,
    pub start_on: Option<String>,
    pub end_on: Option<String>,
    pub supervision_note: String,
    pub report_summary: String,
    pub conclusion: String,
    pub reported_on: Option<String>,
    pub created_by: String,
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct AuditEvent {
    pub step: String,
    pub actor: String,
    pub note: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkPaperInput {
    pub title: String,
    /// The procedure run.
    pub procedure: String,
    /// What it showed.
    pub result: String,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct WorkPaper {
    pub id: i64,
    pub title: String,
    pub procedure: String,
    pub result: String,
    pub created_by: String,
    pub created_at: String,
}

/// A control's ratings in a security audit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlRating {
    /// The control's code (K1–K72, or the audit criteria's own).
    pub code: String,
    /// memadai, perlu_peningkatan or tidak_memadai.
    pub design: String,
    /// sesuai or tidak_sesuai.
    pub implementation: String,
    /// efektif, perlu_peningkatan or belum_efektif.
    pub effectiveness: String,
    #[serde(default)]
    pub note: String,
}

/// The ratings a call saves.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ControlRatings {
    pub ratings: Vec<ControlRating>,
}

const AUDIT: &str = "a.id, a.object_id, o.name, o.kind, o.classification, a.pd_id, p.name, a.audit_type, a.step, a.title, a.request_note, a.requested_start, a.team, a.assignment_letter, a.criteria, a.scope, a.test_plan, a.start_on, a.end_on, a.supervision_note, a.report_summary, a.conclusion, a.reported_on, a.created_by, a.created_at";
const FROM: &str =
    "audits a JOIN audit_objects o ON o.id = a.object_id JOIN perangkat_daerah p ON p.id = a.pd_id";

fn audit(r: &sqlx::any::AnyRow) -> Result<Audit, StoreError> {
    Ok(Audit {
        id: r.try_get(0)?,
        object_id: r.try_get(1)?,
        object_name: r.try_get(2)?,
        object_kind: r.try_get(3)?,
        classification: crate::classification_at(r, 4)?,
        pd_id: r.try_get(5)?,
        pd_name: r.try_get(6)?,
        audit_type: r.try_get(7)?,
        step: r.try_get(8)?,
        title: r.try_get(9)?,
        request_note: r.try_get(10)?,
        requested_start: r.try_get(11)?,
        team: r.try_get(12)?,
        assignment_letter: r.try_get(13)?,
        criteria: r.try_get(14)?,
        scope: r.try_get(15)?,
        test_plan: r.try_get(16)?,
        start_on: r.try_get(17)?,
        end_on: r.try_get(18)?,
        supervision_note: r.try_get(19)?,
        report_summary: r.try_get(20)?,
        conclusion: r.try_get(21)?,
        reported_on: r.try_get(22)?,
        created_by: r.try_get(23)?,
        created_at: r.try_get(24)?,
    })
}

fn one_of(field: &str, value: &str, allowed: &[&str]) -> Result<(), StoreError> {
    if allowed.contains(&value) {
        Ok(())
    } else {
        Err(StoreError::invalid(
            field,
            format!("must be one of {}", allowed.join(", ")),
        ))
    }
}

/// The text a step fills, checked: a field the step needs is not empty.
fn step_text(
    name: &str,
    given: &Option<String>,
    stored: &str,
    needed: &[&str],
) -> Result<String, StoreError> {
    let value = given.as_deref().unwrap_or(stored).trim().to_string();
    if needed.contains(&name) {
        check_text(name, &value, 8000)?;
    } else {
        check_len(name, &value, 8000)?;
    }
    Ok(value)
}

impl Store {
    /// Requests an audit of `object` (its PD is the audit's).
    pub async fn request_audit(
        &self,
        ctx: &AuditCtx,
        input: &AuditRequest,
        pd_id: i64,
    ) -> Result<Audit, StoreError> {
        one_of("audit_type", &input.audit_type, &AUDIT_TYPES)?;
        check_text("title", &input.title, 300)?;
        check_text("request_note", &input.request_note, 8000)?;
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO audits (object_id, pd_id, audit_type, step, title, request_note, requested_start, team, assignment_letter, criteria, scope, test_plan, supervision_note, report_summary, conclusion, created_by, created_at, updated_at) VALUES ($1, $2, $3, 'permintaan', $4, $5, $6, '', '', '', '', '', '', '', '', $7, $8, $8) RETURNING id")
            .bind(input.object_id)
            .bind(pd_id)
            .bind(&input.audit_type)
            .bind(input.title.trim())
            .bind(input.request_note.trim())
            .bind(input.requested_start.to_string())
            .bind(&ctx.actor_label)
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        event(&mut w.tx, ctx, id, "permintaan", input.request_note.trim()).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "audit_requested",
                entity: "audit",
                entity_id: Some(id.to_string()),
                pd_id: Some(pd_id),
                before: None,
                after: Some(json!(input)),
            },
        )
        .await?;
        w.commit().await?;
        self.get_audit(id).await
    }

    pub async fn get_audit(&self, id: i64) -> Result<Audit, StoreError> {
        let row = sqlx::query(&format!("SELECT {AUDIT} FROM {FROM} WHERE a.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(audit).unwrap_or(Err(StoreError::NotFound))
    }

    /// Every audit, newest first (the application keeps those the caller may read).
    pub async fn audits(&self) -> Result<Vec<Audit>, StoreError> {
        sqlx::query(&format!("SELECT {AUDIT} FROM {FROM} ORDER BY a.id DESC"))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(audit)
            .collect()
    }

    pub async fn audit_events(&self, id: i64) -> Result<Vec<AuditEvent>, StoreError> {
        sqlx::query(
            "SELECT step, actor, note, at FROM audit_events WHERE audit_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(AuditEvent {
                step: r.try_get(0)?,
                actor: r.try_get(1)?,
                note: r.try_get(2)?,
                at: r.try_get(3)?,
            })
        })
        .collect()
    }

    /// Takes audit `id` to its next step with the fields that step fills, `today` being the
    /// report's day when the step is the report; refused when it is not the next step, a field
    /// it needs is empty, or its condition is not met (a work paper, every finding closed).
    pub async fn advance_audit(
        &self,
        ctx: &AuditCtx,
        id: i64,
        input: &AuditStep,
        today: NaiveDate,
    ) -> Result<Audit, StoreError> {
        check_len("note", &input.note, 4000)?;
        let mut w = self.begin_write().await?;
        let a = {
            let row = sqlx::query(&format!("SELECT {AUDIT} FROM {FROM} WHERE a.id = $1"))
                .bind(id)
                .fetch_optional(&mut *w.tx)
                .await?;
            row.as_ref()
                .map(audit)
                .unwrap_or(Err(StoreError::NotFound))?
        };
        let next = next_step(&a.step)
            .ok_or_else(|| StoreError::invalid("step", "the audit is finished"))?;
        if input.step != next {
            return Err(StoreError::invalid(
                "step",
                format!("the audit's next step is {next}"),
            ));
        }
        let needed = required_for(next);
        let given = [
            ("team", input.team.is_some()),
            ("assignment_letter", input.assignment_letter.is_some()),
            ("criteria", input.criteria.is_some()),
            ("scope", input.scope.is_some()),
            ("test_plan", input.test_plan.is_some()),
            ("start_on", input.start_on.is_some()),
            ("end_on", input.end_on.is_some()),
            ("supervision_note", input.supervision_note.is_some()),
            ("report_summary", input.report_summary.is_some()),
            ("conclusion", input.conclusion.is_some()),
        ];
        // A step fills its own fields; what an earlier step recorded stays as it was.
        if let Some((name, _)) = given.iter().find(|(n, g)| *g && !needed.contains(n)) {
            return Err(StoreError::invalid(
                name,
                format!("is not filled at the step {next}"),
            ));
        }
        let count = |sql: &'static str| sqlx::query(sql).bind(id);
        let papers: i64 = count("SELECT COUNT(*) FROM audit_work_papers WHERE audit_id = $1")
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        let open: i64 = count(
            "SELECT COUNT(*) FROM audit_findings WHERE audit_id = $1 AND status <> 'ditutup'",
        )
        .fetch_one(&mut *w.tx)
        .await?
        .try_get(0)?;
        if let Some(why) = blocked(&a.step, papers as usize, open as usize) {
            return Err(StoreError::invalid("step", why));
        }
        let team = step_text("team", &input.team, &a.team, needed)?;
        let letter = step_text(
            "assignment_letter",
            &input.assignment_letter,
            &a.assignment_letter,
            needed,
        )?;
        let criteria = step_text("criteria", &input.criteria, &a.criteria, needed)?;
        let scope = step_text("scope", &input.scope, &a.scope, needed)?;
        let test_plan = step_text("test_plan", &input.test_plan, &a.test_plan, needed)?;
        let supervision = step_text(
            "supervision_note",
            &input.supervision_note,
            &a.supervision_note,
            needed,
        )?;
        let summary = step_text(
            "report_summary",
            &input.report_summary,
            &a.report_summary,
            needed,
        )?;
        let conclusion = step_text("conclusion", &input.conclusion, &a.conclusion, needed)?;
        let start_on = input.start_on.map(|d| d.to_string()).or(a.start_on.clone());
        let end_on = input.end_on.map(|d| d.to_string()).or(a.end_on.clone());
        for (name, value) in [("start_on", &start_on), ("end_on", &end_on)] {
            if needed.contains(&name) && value.is_none() {
                return Err(StoreError::invalid(name, "must not be empty"));
            }
        }
        if let (Some(s), Some(e)) = (&start_on, &end_on) {
            if e < s {
                return Err(StoreError::invalid(
                    "end_on",
                    "must not come before the start",
                ));
            }
        }
        let reported_on = if next == "pelaporan" {
            Some(today.to_string())
        } else {
            a.reported_on.clone()
        };
        sqlx::query("UPDATE audits SET step = $1, team = $2, assignment_letter = $3, criteria = $4, scope = $5, test_plan = $6, start_on = $7, end_on = $8, supervision_note = $9, report_summary = $10, conclusion = $11, reported_on = $12, updated_at = $13 WHERE id = $14")
            .bind(next)
            .bind(&team)
            .bind(&letter)
            .bind(&criteria)
            .bind(&scope)
            .bind(&test_plan)
            .bind(&start_on)
            .bind(&end_on)
            .bind(&supervision)
            .bind(&summary)
            .bind(&conclusion)
            .bind(&reported_on)
            .bind(ts(ctx.at))
            .bind(id)
            .execute(&mut *w.tx)
            .await?;
        event(&mut w.tx, ctx, id, next, input.note.trim()).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "audit_step",
                entity: "audit",
                entity_id: Some(id.to_string()),
                pd_id: Some(a.pd_id),
                before: Some(json!({ "step": a.step })),
                after: Some(json!(input)),
            },
        )
        .await?;
        w.commit().await?;
        self.get_audit(id).await
    }

    pub async fn add_work_paper(
        &self,
        ctx: &AuditCtx,
        audit: &Audit,
        input: &WorkPaperInput,
    ) -> Result<WorkPaper, StoreError> {
        check_text("title", &input.title, 300)?;
        check_text("procedure", &input.procedure, 8000)?;
        check_text("result", &input.result, 8000)?;
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO audit_work_papers (audit_id, title, procedure_text, result, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id")
            .bind(audit.id)
            .bind(input.title.trim())
            .bind(input.procedure.trim())
            .bind(input.result.trim())
            .bind(&ctx.actor_label)
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "work_paper_added",
                entity: "audit",
                entity_id: Some(audit.id.to_string()),
                pd_id: Some(audit.pd_id),
                before: None,
                after: Some(json!({ "work_paper": id, "input": input })),
            },
        )
        .await?;
        w.commit().await?;
        self.work_papers(audit.id)
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or(StoreError::NotFound)
    }

    pub async fn work_papers(&self, audit_id: i64) -> Result<Vec<WorkPaper>, StoreError> {
        sqlx::query("SELECT id, title, procedure_text, result, created_by, created_at FROM audit_work_papers WHERE audit_id = $1 ORDER BY id")
            .bind(audit_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(WorkPaper {
                    id: r.try_get(0)?,
                    title: r.try_get(1)?,
                    procedure: r.try_get(2)?,
                    result: r.try_get(3)?,
                    created_by: r.try_get(4)?,
                    created_at: r.try_get(5)?,
                })
            })
            .collect()
    }

    /// Work paper `id`'s audit.
    pub async fn work_paper_audit(&self, id: i64) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT audit_id FROM audit_work_papers WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| r.try_get(0).map_err(StoreError::from))
            .unwrap_or(Err(StoreError::NotFound))
    }

    /// Saves a security audit's ratings of the controls given (each checked before any is
    /// written); the others stay.
    pub async fn save_control_ratings(
        &self,
        ctx: &AuditCtx,
        audit: &Audit,
        ratings: &[ControlRating],
    ) -> Result<(), StoreError> {
        for (i, r) in ratings.iter().enumerate() {
            check_text(&format!("ratings[{i}].code"), &r.code, 40)?;
            one_of(&format!("ratings[{i}].design"), &r.design, &DESIGN_RATINGS)?;
            one_of(
                &format!("ratings[{i}].implementation"),
                &r.implementation,
                &IMPLEMENTATION_RATINGS,
            )?;
            one_of(
                &format!("ratings[{i}].effectiveness"),
                &r.effectiveness,
                &EFFECTIVENESS_RATINGS,
            )?;
            check_len(&format!("ratings[{i}].note"), &r.note, 2000)?;
        }
        let mut w = self.begin_write().await?;
        for r in ratings {
            sqlx::query("INSERT INTO audit_control_ratings (audit_id, code, design, implementation, effectiveness, note) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (audit_id, code) DO UPDATE SET design = excluded.design, implementation = excluded.implementation, effectiveness = excluded.effectiveness, note = excluded.note")
                .bind(audit.id)
                .bind(r.code.trim())
                .bind(&r.design)
                .bind(&r.implementation)
                .bind(&r.effectiveness)
                .bind(r.note.trim())
                .execute(&mut *w.tx)
                .await?;
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "controls_rated",
                entity: "audit",
                entity_id: Some(audit.id.to_string()),
                pd_id: Some(audit.pd_id),
                before: None,
                after: Some(json!(ratings)),
            },
        )
        .await?;
        w.commit().await
    }

    pub async fn control_ratings(&self, audit_id: i64) -> Result<Vec<ControlRating>, StoreError> {
        sqlx::query("SELECT code, design, implementation, effectiveness, note FROM audit_control_ratings WHERE audit_id = $1")
            .bind(audit_id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(ControlRating {
                    code: r.try_get(0)?,
                    design: r.try_get(1)?,
                    implementation: r.try_get(2)?,
                    effectiveness: r.try_get(3)?,
                    note: r.try_get(4)?,
                })
            })
            .collect()
    }

    /// What the audit rules need of every audit of an object `scope` may read.
    pub async fn audit_facts(&self, scope: &ReadScope) -> Result<Vec<AuditFact>, StoreError> {
        let objects: Vec<i64> = self
            .audit_object_facts(scope)
            .await?
            .iter()
            .map(|o| o.id)
            .collect();
        let rows = sqlx::query("SELECT id, object_id, audit_type, title, reported_on, COALESCE(start_on, requested_start) FROM audits ORDER BY id")
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::new();
        for r in &rows {
            let day = |i: usize| -> Result<Option<NaiveDate>, StoreError> {
                Ok(r.try_get::<Option<String>, _>(i)?
                    .and_then(|d| d.parse().ok()))
            };
            let object_id: i64 = r.try_get(1)?;
            if objects.contains(&object_id) {
                out.push(AuditFact {
                    id: r.try_get(0)?,
                    object_id,
                    audit_type: r.try_get(2)?,
                    title: r.try_get(3)?,
                    reported_on: day(4)?,
                    start: day(5)?,
                });
            }
        }
        Ok(out)
    }

    /// What the audit rules need of the audit objects `scope` may read.
    pub async fn audit_object_facts(
        &self,
        scope: &ReadScope,
    ) -> Result<Vec<ObjectFact>, StoreError> {
        Ok(self
            .all_records::<super::audit_objects::AuditObjectInput>(scope, &Vec::new())
            .await?
            .into_iter()
            .map(|o| ObjectFact {
                id: o.id,
                pd_id: o.fields.pd_id,
                name: o.fields.name,
            })
            .collect())
    }
}

async fn event(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    audit_id: i64,
    step: &str,
    note: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO audit_events (audit_id, step, actor, note, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(audit_id)
    .bind(step)
    .bind(&ctx.actor_label)
    .bind(note)
    .bind(ts(ctx.at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}
