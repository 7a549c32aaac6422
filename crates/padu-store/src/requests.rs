//! The catalogue's workflow requests (`padu_domain::requests`): a request with its analyses or
//! criteria, and its timeline. A step is a compare-and-set on the status, audited with the
//! step and its note in the same transaction.

use crate::audit::{append, Change};
use crate::catalog::parse;
use crate::page::{Arg, PagedSelect, Where};
use crate::{check_len, check_text, ts, AuditCtx, ListQuery, Page, Store, StoreError};
use padu_domain::requests::{Criteria, RequestKind, RequestStatus};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Request {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub kind: RequestKind,
    pub title: String,
    pub needs_analysis: String,
    pub benefit_analysis: String,
    pub estimated_cost: Option<i64>,
    pub criteria: Criteria,
    pub status: RequestStatus,
    /// 1 at the first submission, one more at each resubmission.
    pub round: i64,
    pub classification: Classification,
    pub created_by: String,
    pub created_at: String,
    pub updated_at: String,
    /// Oldest first (only on single reads).
    pub events: Vec<RequestEvent>,
}

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct RequestEvent {
    pub step: String,
    pub status: RequestStatus,
    pub actor: String,
    pub note: String,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestInput {
    pub pd_id: i64,
    pub kind: RequestKind,
    pub title: String,
    /// Analisis kebutuhan (Kalbar Pasal 16(2)a); for Mandiri TIK, the evidence of the ICT staff.
    #[serde(default)]
    pub needs_analysis: String,
    /// Analisis manfaat (Kalbar Pasal 16(2)b); for Mandiri TIK, the applications it built.
    #[serde(default)]
    pub benefit_analysis: String,
    /// Rupiah.
    #[serde(default)]
    pub estimated_cost: Option<i64>,
    #[serde(default)]
    pub criteria: Criteria,
    #[serde(default = "biasa")]
    pub classification: Classification,
}

fn biasa() -> Classification {
    Classification::Biasa
}

/// Revised analyses sent with a resubmission.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub needs_analysis: String,
    pub benefit_analysis: String,
    #[serde(default)]
    pub estimated_cost: Option<i64>,
    #[serde(default)]
    pub criteria: Criteria,
}

impl RequestInput {
    pub fn validate(&self) -> Result<(), StoreError> {
        check_text("title", &self.title, 300)?;
        check_len("needs_analysis", &self.needs_analysis, 20_000)?;
        check_len("benefit_analysis", &self.benefit_analysis, 20_000)?;
        if self.kind != RequestKind::MandiriTik {
            // Kalbar Pasal 16(2): the request carries both analyses.
            check_text("needs_analysis", &self.needs_analysis, 20_000)?;
            check_text("benefit_analysis", &self.benefit_analysis, 20_000)?;
        }
        if self.estimated_cost.is_some_and(|c| c < 0) {
            return Err(StoreError::invalid(
                "estimated_cost",
                "must not be negative",
            ));
        }
        Ok(())
    }
}

const COLUMNS: &str = "r.id, r.pd_id, p.name, r.kind, r.title, r.needs_analysis, r.benefit_analysis, r.estimated_cost, r.ict_staff, r.own_application_experience, r.status, r.round, r.classification, r.created_by, r.created_at, r.updated_at";
const JOINS: &str = "JOIN perangkat_daerah p ON p.id = r.pd_id";

fn request(r: &AnyRow) -> Result<Request, StoreError> {
    Ok(Request {
        id: r.try_get(0)?,
        pd_id: r.try_get(1)?,
        pd_name: r.try_get(2)?,
        kind: parse("kind", &r.try_get::<String, _>(3)?)?,
        title: r.try_get(4)?,
        needs_analysis: r.try_get(5)?,
        benefit_analysis: r.try_get(6)?,
        estimated_cost: r.try_get(7)?,
        criteria: Criteria {
            ict_staff: r.try_get::<i64, _>(8)? != 0,
            own_application_experience: r.try_get::<i64, _>(9)? != 0,
        },
        status: parse("status", &r.try_get::<String, _>(10)?)?,
        round: r.try_get(11)?,
        classification: crate::classification_at(r, 12)?,
        created_by: r.try_get(13)?,
        created_at: r.try_get(14)?,
        updated_at: r.try_get(15)?,
        events: Vec::new(),
    })
}

/// A step decided by the rules: the status it expects, the one it leaves, its name and note,
/// and the revised analyses a resubmission carries.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange<'a> {
    pub from: RequestStatus,
    pub to: RequestStatus,
    pub step: &'static str,
    pub note: &'a str,
    pub revision: Option<&'a Revision>,
}

#[derive(Debug, Clone, Default)]
pub struct RequestFilter {
    pub pd_id: Option<i64>,
    pub kind: Option<RequestKind>,
    /// Only those waiting on someone (diajukan, ditolak, diusulkan).
    pub open: bool,
}

async fn event(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    id: i64,
    step: &str,
    status: RequestStatus,
    note: &str,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO catalog_request_events (request_id, step, status, actor, note, at) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(id)
        .bind(step.to_string())
        .bind(status.as_str())
        .bind(ctx.actor_label.clone())
        .bind(note.to_string())
        .bind(ts(ctx.at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    pub async fn list_requests(
        &self,
        scope: &ReadScope,
        f: &RequestFilter,
        q: &ListQuery,
    ) -> Result<Page<Request>, StoreError> {
        let mut w = Where::default();
        if let Some(like) = q.like() {
            w.and("LOWER(r.title) LIKE ? ESCAPE '\\'", [Arg::Text(like)]);
        }
        if let Some(pd) = f.pd_id {
            w.and("r.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(k) = f.kind {
            w.and("r.kind = ?", [Arg::Text(k.as_str().into())]);
        }
        if f.open {
            w.and("r.status IN ('diajukan', 'ditolak', 'diusulkan')", []);
        }
        w.readable_by(scope, "r");
        self.paged(
            &w,
            PagedSelect {
                from: "catalog_requests r",
                alias: "r",
                columns: COLUMNS,
                joins: JOINS,
                order: "r.updated_at DESC, r.id DESC",
                search_count_from: None,
                steer_by_count: false,
                outer_order: "r.updated_at DESC, r.id DESC",
                ids_then_rows: Some("catalog_requests"),
            },
            q,
            request,
        )
        .await
    }

    pub async fn get_request(&self, id: i64) -> Result<Request, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM catalog_requests r {JOINS} WHERE r.id = $1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound)?;
        let mut out = request(&r)?;
        out.events = sqlx::query("SELECT step, status, actor, note, at FROM catalog_request_events WHERE request_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|e| {
                Ok(RequestEvent {
                    step: e.try_get(0)?,
                    status: parse("status", &e.try_get::<String, _>(1)?)?,
                    actor: e.try_get(2)?,
                    note: e.try_get(3)?,
                    at: e.try_get(4)?,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(out)
    }

    pub async fn create_request(
        &self,
        ctx: &AuditCtx,
        input: &RequestInput,
    ) -> Result<Request, StoreError> {
        input.validate()?;
        self.check_pd(input.pd_id).await?;
        let mut w = self.begin_write().await?;
        let at = ts(ctx.at);
        let id: i64 = sqlx::query("INSERT INTO catalog_requests (pd_id, kind, title, needs_analysis, benefit_analysis, estimated_cost, ict_staff, own_application_experience, status, round, classification, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'diajukan', 1, $9, $10, $11, $11) RETURNING id")
            .bind(input.pd_id)
            .bind(input.kind.as_str())
            .bind(input.title.trim().to_string())
            .bind(input.needs_analysis.clone())
            .bind(input.benefit_analysis.clone())
            .bind(input.estimated_cost)
            .bind(i64::from(input.criteria.ict_staff))
            .bind(i64::from(input.criteria.own_application_experience))
            .bind(input.classification.as_str())
            .bind(ctx.actor_label.clone())
            .bind(at)
            .fetch_one(&mut *w.tx)
            .await?
            .try_get(0)?;
        event(&mut w.tx, ctx, id, "submit", RequestStatus::Diajukan, "").await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "request",
                entity_id: Some(id.to_string()),
                pd_id: Some(input.pd_id),
                before: None,
                after: Some(serde_json::to_value(input).unwrap_or_default()),
            },
        )
        .await?;
        w.commit().await?;
        self.get_request(id).await
    }

    /// Takes a step decided by the rules: from `from` to `to`, unless someone changed the
    /// request meanwhile (a conflict). A resubmission may carry revised analyses.
    pub async fn step_request(
        &self,
        ctx: &AuditCtx,
        id: i64,
        change: &StatusChange<'_>,
    ) -> Result<Request, StoreError> {
        let StatusChange {
            from,
            to,
            step,
            note,
            revision,
        } = *change;
        check_len("note", note, 10_000)?;
        let before = self.get_request(id).await?;
        let mut w = self.begin_write().await?;
        let at = ts(ctx.at);
        let done = match revision {
            Some(r) => {
                check_len("needs_analysis", &r.needs_analysis, 20_000)?;
                check_len("benefit_analysis", &r.benefit_analysis, 20_000)?;
                sqlx::query("UPDATE catalog_requests SET status = $1, updated_at = $2, round = round + 1, needs_analysis = $3, benefit_analysis = $4, estimated_cost = $5, ict_staff = $6, own_application_experience = $7 WHERE id = $8 AND status = $9")
                    .bind(to.as_str())
                    .bind(at)
                    .bind(r.needs_analysis.clone())
                    .bind(r.benefit_analysis.clone())
                    .bind(r.estimated_cost)
                    .bind(i64::from(r.criteria.ict_staff))
                    .bind(i64::from(r.criteria.own_application_experience))
                    .bind(id)
                    .bind(from.as_str())
                    .execute(&mut *w.tx)
                    .await?
            }
            None => {
                let bump = if step == "resubmit" { 1 } else { 0 };
                sqlx::query("UPDATE catalog_requests SET status = $1, updated_at = $2, round = round + $3 WHERE id = $4 AND status = $5")
                    .bind(to.as_str())
                    .bind(at)
                    .bind(bump)
                    .bind(id)
                    .bind(from.as_str())
                    .execute(&mut *w.tx)
                    .await?
            }
        };
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict {
                field: "status".into(),
                message: "the request changed meanwhile; reload it".into(),
            });
        }
        event(&mut w.tx, ctx, id, step, to, note).await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: step,
                entity: "request",
                entity_id: Some(id.to_string()),
                pd_id: Some(before.pd_id),
                before: Some(serde_json::json!({ "status": from.as_str() })),
                after: Some(serde_json::json!({ "status": to.as_str(), "note": note, "revision": revision })),
            },
        )
        .await?;
        w.commit().await?;
        self.get_request(id).await
    }

    /// PDs established as Perangkat Daerah Mandiri TIK (Bogor Pasal 47(6)).
    pub async fn mandiri_tik_pds(&self) -> Result<Vec<i64>, StoreError> {
        sqlx::query("SELECT DISTINCT pd_id FROM catalog_requests WHERE kind = 'mandiri_tik' AND status = 'ditetapkan'")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| Ok(r.try_get(0)?))
            .collect()
    }
}
