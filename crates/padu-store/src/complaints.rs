//! Public complaints and their timelines; the holidays of the working-day calendar.
//! The rules (steps, deadlines, who sees what) live in `padu_domain::complaint`; this module
//! stores their outcome, each change with its audit entry in the same transaction.

use crate::audit::{append, Change};
use crate::page::{Arg, ListQuery, Page, PagedSelect, Where};
use crate::{check_len, check_text, parse_ts, ts, AuditCtx, Store, StoreError, MAX_TEXT};
use chrono::{DateTime, NaiveDate, Utc};
use padu_domain::complaint::{Category, Deadlines, Status};
use serde::Serialize;
use sqlx::any::AnyRow;
use sqlx::Row;

/// A complaint as stored. Identity fields are present; the web layer blanks them according
/// to `padu_domain::complaint::view` before anything leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Complaint {
    pub id: i64,
    pub tracking_code: String,
    #[schema(value_type = String)]
    pub category: Category,
    pub title: String,
    pub body: String,
    pub location_text: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub anonymous: bool,
    pub confidential: bool,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_phone: Option<String>,
    #[schema(value_type = String)]
    pub status: Status,
    pub pd_id: Option<i64>,
    pub pd_name: Option<String>,
    pub merged_into: Option<i64>,
    pub deadlines: Deadlines,
    pub escalated_at: Option<String>,
    pub created_at: String,
    pub updated_at: String,
    pub closed_at: Option<String>,
}

/// What a citizen files.
#[derive(Debug, Clone, PartialEq)]
pub struct NewComplaint {
    pub category: Category,
    pub title: String,
    pub body: String,
    pub location_text: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub anonymous: bool,
    pub confidential: bool,
    pub reporter_name: Option<String>,
    pub reporter_email: Option<String>,
    pub reporter_phone: Option<String>,
}

/// One entry of a complaint's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ComplaintUpdate {
    pub id: i64,
    pub at: String,
    /// filed, forwarded, rejected, merged, follow_up, returned, complainant_response, closed,
    /// expired, escalated, note.
    pub kind: String,
    pub actor_label: String,
    pub body: String,
    /// Seen by the complainant and (where the complaint is public) by everyone.
    pub public: bool,
    pub from_status: Option<String>,
    pub to_status: Option<String>,
    pub pd_id: Option<i64>,
}

/// A step to record: the new status, deadlines and PD, and the timeline entry that explains it.
#[derive(Debug, Clone, PartialEq)]
pub struct StepRecord {
    pub expected_status: Status,
    pub new_status: Status,
    pub deadlines: Deadlines,
    pub pd_id: Option<i64>,
    pub merged_into: Option<i64>,
    pub kind: &'static str,
    pub body: String,
    pub public: bool,
}

/// Which complaints a list may show: everything (Pemda-wide staff), those forwarded to some
/// PDs (Operator PD), or the public ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComplaintScope {
    All,
    Pds(Vec<i64>),
    Public,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintFilter {
    pub status: Option<Status>,
    pub category: Option<Category>,
    pub pd_id: Option<i64>,
    /// Only open complaints past a deadline at this instant.
    pub overdue_at: Option<DateTime<Utc>>,
}

const COLUMNS: &str = "c.id, c.tracking_code, c.category, c.title, c.body, c.location_text, c.latitude, c.longitude, c.anonymous, c.confidential, c.reporter_name, c.reporter_email, c.reporter_phone, c.status, c.pd_id, p.name, c.merged_into, c.verify_due, c.follow_up_due, c.respond_due, c.escalated_at, c.created_at, c.updated_at, c.closed_at";
const FROM: &str = "complaints c LEFT JOIN perangkat_daerah p ON p.id = c.pd_id";

fn due(r: &AnyRow, i: usize) -> Result<Option<DateTime<Utc>>, StoreError> {
    Ok(r.try_get::<Option<String>, _>(i)?
        .as_deref()
        .and_then(parse_ts))
}

fn complaint(r: &AnyRow) -> Result<Complaint, StoreError> {
    let category: String = r.try_get(2)?;
    let status: String = r.try_get(13)?;
    Ok(Complaint {
        id: r.try_get(0)?,
        tracking_code: r.try_get(1)?,
        category: Category::parse(&category).ok_or_else(|| {
            StoreError::Db(sqlx::Error::Decode(
                format!("unknown category {category}").into(),
            ))
        })?,
        title: r.try_get(3)?,
        body: r.try_get(4)?,
        location_text: r.try_get(5)?,
        latitude: r.try_get(6)?,
        longitude: r.try_get(7)?,
        anonymous: r.try_get::<i64, _>(8)? != 0,
        confidential: r.try_get::<i64, _>(9)? != 0,
        reporter_name: r.try_get(10)?,
        reporter_email: r.try_get(11)?,
        reporter_phone: r.try_get(12)?,
        status: Status::parse(&status).ok_or_else(|| {
            StoreError::Db(sqlx::Error::Decode(
                format!("unknown status {status}").into(),
            ))
        })?,
        pd_id: r.try_get(14)?,
        pd_name: r.try_get(15)?,
        merged_into: r.try_get(16)?,
        deadlines: Deadlines {
            verify_due: due(r, 17)?,
            follow_up_due: due(r, 18)?,
            respond_due: due(r, 19)?,
        },
        escalated_at: r.try_get(20)?,
        created_at: r.try_get(21)?,
        updated_at: r.try_get(22)?,
        closed_at: r.try_get(23)?,
    })
}

fn update(r: &AnyRow) -> Result<ComplaintUpdate, StoreError> {
    Ok(ComplaintUpdate {
        id: r.try_get(0)?,
        at: r.try_get(1)?,
        kind: r.try_get(2)?,
        actor_label: r.try_get(3)?,
        body: r.try_get(4)?,
        public: r.try_get::<i64, _>(5)? != 0,
        from_status: r.try_get(6)?,
        to_status: r.try_get(7)?,
        pd_id: r.try_get(8)?,
    })
}

fn optional(field: &str, value: &Option<String>, max: usize) -> Result<(), StoreError> {
    value
        .as_deref()
        .map_or(Ok(()), |v| check_len(field, v, max))
}

impl NewComplaint {
    /// Every field checked before anything is written.
    pub fn validate(&self) -> Result<(), StoreError> {
        check_text("title", &self.title, 200)?;
        check_text("body", &self.body, MAX_TEXT)?;
        optional("location_text", &self.location_text, 300)?;
        optional("reporter_name", &self.reporter_name, 200)?;
        optional("reporter_email", &self.reporter_email, 200)?;
        optional("reporter_phone", &self.reporter_phone, 50)?;
        if let Some(e) = &self.reporter_email {
            let ok = e.split_once('@').is_some_and(|(u, d)| {
                !u.is_empty() && d.contains('.') && !d.starts_with('.') && !e.contains(' ')
            });
            if !ok {
                return Err(StoreError::invalid(
                    "reporter_email",
                    "not an email address",
                ));
            }
        }
        match (self.latitude, self.longitude) {
            (None, None) => {}
            (Some(lat), Some(lon)) => {
                if !(-90.0..=90.0).contains(&lat) || lat.is_nan() {
                    return Err(StoreError::invalid(
                        "latitude",
                        "must be between -90 and 90",
                    ));
                }
                if !(-180.0..=180.0).contains(&lon) || lon.is_nan() {
                    return Err(StoreError::invalid(
                        "longitude",
                        "must be between -180 and 180",
                    ));
                }
            }
            (Some(_), None) => {
                return Err(StoreError::invalid(
                    "longitude",
                    "give both latitude and longitude",
                ))
            }
            (None, Some(_)) => {
                return Err(StoreError::invalid(
                    "latitude",
                    "give both latitude and longitude",
                ))
            }
        }
        if !self.anonymous
            && self
                .reporter_name
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
        {
            return Err(StoreError::invalid(
                "reporter_name",
                "give your name, or choose to stay anonymous",
            ));
        }
        Ok(())
    }
}

fn blank(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(String::from)
}

impl Store {
    /// Files a complaint with its tracking code and first deadline.
    pub async fn file_complaint(
        &self,
        ctx: &AuditCtx,
        input: &NewComplaint,
        tracking_code: &str,
        deadlines: &Deadlines,
    ) -> Result<Complaint, StoreError> {
        input.validate()?;
        let mut w = self.begin_write().await?;
        let id: i64 = sqlx::query("INSERT INTO complaints (tracking_code, category, title, body, location_text, latitude, longitude, anonymous, confidential, reporter_name, reporter_email, reporter_phone, status, verify_due, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id")
            .bind(tracking_code)
            .bind(input.category.as_str())
            .bind(input.title.trim())
            .bind(input.body.trim())
            .bind(blank(&input.location_text))
            .bind(input.latitude)
            .bind(input.longitude)
            .bind(i64::from(input.anonymous))
            .bind(i64::from(input.confidential))
            .bind(blank(&input.reporter_name))
            .bind(blank(&input.reporter_email))
            .bind(blank(&input.reporter_phone))
            .bind(Status::MenungguVerifikasi.as_str())
            .bind(deadlines.verify_due.map(ts))
            .bind(ts(ctx.at))
            .fetch_one(&mut *w.tx)
            .await
            .map_err(crate::conflict_on("tracking_code"))?
            .try_get(0)?;
        crate::search::index_row(
            &mut w.tx,
            self.engine,
            "complaints",
            id,
            input.title.trim(),
            input.body.trim(),
        )
        .await?;
        insert_update(
            &mut w.tx,
            ctx,
            id,
            "filed",
            "",
            true,
            None,
            Some(Status::MenungguVerifikasi),
            None,
        )
        .await?;
        // The audit entry names the complaint, not the complainant: personal data stays in
        // the complaint row, which the access rules guard.
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "create",
                entity: "complaint",
                entity_id: Some(id.to_string()),
                pd_id: None,
                before: None,
                after: Some(serde_json::json!({
                    "tracking_code": tracking_code,
                    "category": input.category.as_str(),
                    "title": input.title.trim(),
                    "anonymous": input.anonymous,
                    "confidential": input.confidential,
                })),
            },
        )
        .await?;
        w.commit().await?;
        self.get_complaint(id).await
    }

    pub async fn get_complaint(&self, id: i64) -> Result<Complaint, StoreError> {
        let r = sqlx::query(&format!("SELECT {COLUMNS} FROM {FROM} WHERE c.id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        complaint(&r.ok_or(StoreError::NotFound)?)
    }

    pub async fn complaint_by_code(&self, code: &str) -> Result<Complaint, StoreError> {
        let r = sqlx::query(&format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE c.tracking_code = $1"
        ))
        .bind(code)
        .fetch_optional(&self.pool)
        .await?;
        complaint(&r.ok_or(StoreError::NotFound)?)
    }

    /// The timeline, oldest first; `public_only` for the complainant and the public.
    pub async fn complaint_updates(
        &self,
        id: i64,
        public_only: bool,
    ) -> Result<Vec<ComplaintUpdate>, StoreError> {
        let rows = sqlx::query("SELECT id, at, kind, actor_label, body, public, from_status, to_status, pd_id FROM complaint_updates WHERE complaint_id = $1 AND ($2 = 0 OR public = 1) ORDER BY id")
            .bind(id)
            .bind(i64::from(public_only))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(update).collect()
    }

    /// Complaints newest first, within `scope`, filtered.
    pub async fn list_complaints(
        &self,
        scope: &ComplaintScope,
        f: &ComplaintFilter,
        q: &ListQuery,
    ) -> Result<Page<Complaint>, StoreError> {
        let mut w = Where::default();
        let mut driven = None;
        let text = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty());
        if let Some(text) = text {
            // A tracking code (whole, or its first groups) finds that complaint; other text is
            // searched word by word.
            let upper = text.to_uppercase();
            if let Some(code) = padu_domain::complaint::normalize_tracking_code(text) {
                w.and("c.tracking_code = ?", [Arg::Text(code)]);
            } else if upper.contains('-')
                && upper.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                w.and("c.tracking_code LIKE ?", [Arg::Text(format!("{upper}%"))]);
            } else if let Some(p) = crate::search::pattern(self.engine, Some(text)) {
                let d = crate::search::driven(self.engine, "complaints", "c");
                w.and(&d.condition, [Arg::Text(p)]);
                driven = Some(d);
            }
        }
        if let Some(st) = f.status {
            w.and("c.status = ?", [Arg::Text(st.as_str().into())]);
        }
        if let Some(cat) = f.category {
            w.and("c.category = ?", [Arg::Text(cat.as_str().into())]);
        }
        if let Some(pd) = f.pd_id {
            w.and("c.pd_id = ?", [Arg::Int(pd)]);
        }
        if let Some(at) = f.overdue_at {
            w.and("((c.status = 'menunggu_verifikasi' AND c.verify_due < ?) OR (c.status = 'diteruskan' AND c.follow_up_due < ?))", [Arg::Text(ts(at)), Arg::Text(ts(at))]);
        }
        match scope {
            ComplaintScope::All => {}
            ComplaintScope::Public => w.and(
                "c.confidential = 0 AND c.status NOT IN ('menunggu_verifikasi', 'ditolak')",
                [],
            ),
            ComplaintScope::Pds(list) if list.is_empty() => w.and("1 = 0", []),
            ComplaintScope::Pds(list) => {
                let marks = vec!["?"; list.len()].join(", ");
                w.and(
                    &format!("c.pd_id IN ({marks})"),
                    list.iter().map(|p| Arg::Int(*p)),
                );
            }
        }
        let newest = "c.created_at DESC, c.id DESC";
        let (from, order, steer_by_count, outer) = match &driven {
            Some(d) => (
                d.from.as_str(),
                d.order.as_str(),
                d.steer_by_count,
                d.outer.as_str(),
            ),
            None => ("complaints c", newest, false, newest),
        };
        self.paged(
            &w,
            PagedSelect {
                from,
                alias: "c",
                columns: COLUMNS,
                joins: "LEFT JOIN perangkat_daerah p ON p.id = c.pd_id",
                search_count_from: driven.as_ref().map(|d| d.count_from.as_str()),
                order,
                steer_by_count,
                outer_order: outer,
                ids_then_rows: None,
            },
            q,
            complaint,
        )
        .await
    }

    /// Open complaints that may resemble a new one: sharing any of `words`, or filed within
    /// `radius_deg` of the point. Only public ones unless `staff`. The caller scores them.
    pub async fn similar_candidates(
        &self,
        words: &[String],
        point: Option<(f64, f64)>,
        radius_deg: f64,
        staff: bool,
        limit: i64,
    ) -> Result<Vec<Complaint>, StoreError> {
        let mut w = Where::default();
        if staff {
            w.and(
                "c.status IN ('menunggu_verifikasi', 'diteruskan', 'ditindaklanjuti')",
                [],
            );
        } else {
            w.and(
                "c.confidential = 0 AND c.status IN ('diteruskan', 'ditindaklanjuti')",
                [],
            );
        }
        let text = crate::search::pattern_any(self.engine, words);
        match (text, point) {
            (None, None) => return Ok(vec![]),
            (Some(p), None) => w.and(
                &crate::search::condition(self.engine, "complaints", "c"),
                [Arg::Text(p)],
            ),
            (None, Some((lat, lon))) => w.and(
                "c.latitude BETWEEN ? AND ? AND c.longitude BETWEEN ? AND ?",
                [
                    lat - radius_deg,
                    lat + radius_deg,
                    lon - radius_deg,
                    lon + radius_deg,
                ]
                .map(Arg::Real),
            ),
            (Some(p), Some((lat, lon))) => w.and(
                &format!(
                    "({} OR (c.latitude BETWEEN ? AND ? AND c.longitude BETWEEN ? AND ?))",
                    crate::search::condition(self.engine, "complaints", "c")
                ),
                std::iter::once(Arg::Text(p)).chain(
                    [
                        lat - radius_deg,
                        lat + radius_deg,
                        lon - radius_deg,
                        lon + radius_deg,
                    ]
                    .map(Arg::Real),
                ),
            ),
        }
        self.newest_complaints(&w, limit).await
    }

    /// Public complaints for Open311 GeoReport v2 `GET requests`: by ids, categories,
    /// statuses and a filing-time window, newest first, at most `limit`.
    pub async fn public_complaints(
        &self,
        ids: &[i64],
        categories: &[Category],
        statuses: &[Status],
        from: Option<DateTime<Utc>>,
        to: Option<DateTime<Utc>>,
        limit: i64,
    ) -> Result<Vec<Complaint>, StoreError> {
        let mut w = Where::default();
        w.and(
            "c.confidential = 0 AND c.status NOT IN ('menunggu_verifikasi', 'ditolak')",
            [],
        );
        let list = |n: usize| vec!["?"; n].join(", ");
        if !ids.is_empty() {
            w.and(
                &format!("c.id IN ({})", list(ids.len())),
                ids.iter().map(|i| Arg::Int(*i)),
            );
        }
        if !categories.is_empty() {
            w.and(
                &format!("c.category IN ({})", list(categories.len())),
                categories.iter().map(|c| Arg::Text(c.as_str().into())),
            );
        }
        if !statuses.is_empty() {
            w.and(
                &format!("c.status IN ({})", list(statuses.len())),
                statuses.iter().map(|s| Arg::Text(s.as_str().into())),
            );
        }
        if let Some(f) = from {
            w.and("c.created_at >= ?", [Arg::Text(ts(f))]);
        }
        if let Some(t) = to {
            w.and("c.created_at <= ?", [Arg::Text(ts(t))]);
        }
        self.newest_complaints(&w, limit).await
    }

    /// At most `limit` complaints matching `w`, newest first (no count, no paging).
    async fn newest_complaints(&self, w: &Where, limit: i64) -> Result<Vec<Complaint>, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM (SELECT * FROM complaints c WHERE {} ORDER BY c.created_at DESC, c.id DESC LIMIT ${}) c LEFT JOIN perangkat_daerah p ON p.id = c.pd_id ORDER BY c.created_at DESC, c.id DESC",
            w.sql(),
            w.next()
        );
        let rows = w
            .bind(sqlx::query(&sql))
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(complaint).collect()
    }

    /// Records a step. The status is compared and set in one statement, so two people acting at
    /// once cannot both succeed: the second gets a conflict on `status`.
    pub async fn record_complaint_step(
        &self,
        ctx: &AuditCtx,
        id: i64,
        step: &StepRecord,
    ) -> Result<Complaint, StoreError> {
        let before = self.get_complaint(id).await?;
        let closed = !step.new_status.is_open();
        let mut w = self.begin_write().await?;
        let changed = sqlx::query("UPDATE complaints SET status = $1, pd_id = $2, merged_into = $3, verify_due = $4, follow_up_due = $5, respond_due = $6, escalated_at = NULL, updated_at = $7, closed_at = CASE WHEN $8 = 1 THEN $7 ELSE NULL END WHERE id = $9 AND status = $10")
            .bind(step.new_status.as_str())
            .bind(step.pd_id)
            .bind(step.merged_into)
            .bind(step.deadlines.verify_due.map(ts))
            .bind(step.deadlines.follow_up_due.map(ts))
            .bind(step.deadlines.respond_due.map(ts))
            .bind(ts(ctx.at))
            .bind(i64::from(closed))
            .bind(id)
            .bind(step.expected_status.as_str())
            .execute(&mut *w.tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::conflict(
                "status",
                "the complaint changed meanwhile; reload it",
            ));
        }
        insert_update(
            &mut w.tx,
            ctx,
            id,
            step.kind,
            &step.body,
            step.public,
            Some(before.status),
            Some(step.new_status),
            step.pd_id,
        )
        .await?;
        append(
            &mut w.tx,
            ctx,
            Change {
                action: step.kind,
                entity: "complaint",
                entity_id: Some(id.to_string()),
                pd_id: step.pd_id.or(before.pd_id),
                before: Some(serde_json::json!({ "status": before.status.as_str(), "pd_id": before.pd_id })),
                after: Some(serde_json::json!({ "status": step.new_status.as_str(), "pd_id": step.pd_id, "merged_into": step.merged_into })),
            },
        )
        .await?;
        w.commit().await?;
        self.get_complaint(id).await
    }

    /// An internal note (staff only) or a reminder; no change of status.
    pub async fn add_complaint_note(
        &self,
        ctx: &AuditCtx,
        id: i64,
        kind: &'static str,
        body: &str,
        public: bool,
    ) -> Result<ComplaintUpdate, StoreError> {
        check_text("body", body, MAX_TEXT)?;
        let c = self.get_complaint(id).await?;
        let mut w = self.begin_write().await?;
        let update_id = insert_update(
            &mut w.tx,
            ctx,
            id,
            kind,
            body.trim(),
            public,
            None,
            None,
            c.pd_id,
        )
        .await?;
        if kind == "escalated" {
            sqlx::query("UPDATE complaints SET escalated_at = $1 WHERE id = $2")
                .bind(ts(ctx.at))
                .bind(id)
                .execute(&mut *w.tx)
                .await?;
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: kind,
                entity: "complaint",
                entity_id: Some(id.to_string()),
                pd_id: c.pd_id,
                before: None,
                after: Some(serde_json::json!({ "update_id": update_id, "public": public })),
            },
        )
        .await?;
        w.commit().await?;
        self.complaint_updates(id, false)
            .await?
            .into_iter()
            .find(|u| u.id == update_id)
            .ok_or(StoreError::NotFound)
    }

    /// Complaints whose follow-up the complainant did not answer in time (for the scheduler).
    pub async fn complaints_to_expire(&self, now: DateTime<Utc>) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("SELECT id FROM complaints WHERE status = 'ditindaklanjuti' AND respond_due <= $1 ORDER BY id LIMIT 500")
            .bind(ts(now))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Open complaints past a deadline and not yet escalated (for the scheduler).
    pub async fn complaints_to_escalate(&self, now: DateTime<Utc>) -> Result<Vec<i64>, StoreError> {
        let rows = sqlx::query("SELECT id FROM complaints WHERE escalated_at IS NULL AND ((status = 'menunggu_verifikasi' AND verify_due < $1) OR (status = 'diteruskan' AND follow_up_due < $1)) ORDER BY id LIMIT 500")
            .bind(ts(now))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }

    /// Counts per status (for dashboards and the public statistics page: no personal data).
    pub async fn complaint_counts(&self) -> Result<Vec<(Status, i64)>, StoreError> {
        let rows = sqlx::query("SELECT status, COUNT(*) FROM complaints GROUP BY status")
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let s: String = r.try_get(0)?;
            if let Some(status) = Status::parse(&s) {
                out.push((status, r.try_get(1)?));
            }
        }
        Ok(out)
    }

    /// Public counts (no personal data): per category and per PD, over the complaints the
    /// public may see.
    pub async fn complaint_breakdown(
        &self,
    ) -> Result<(Vec<(Category, i64)>, Vec<(String, i64)>), StoreError> {
        let public = "confidential = 0 AND status NOT IN ('menunggu_verifikasi', 'ditolak')";
        let rows = sqlx::query(&format!(
            "SELECT category, COUNT(*) FROM complaints WHERE {public} GROUP BY category"
        ))
        .fetch_all(&self.pool)
        .await?;
        let mut by_category = Vec::new();
        for r in rows {
            let c: String = r.try_get(0)?;
            if let Some(cat) = Category::parse(&c) {
                by_category.push((cat, r.try_get(1)?));
            }
        }
        let rows = sqlx::query(&format!("SELECT p.name, COUNT(*) FROM complaints c JOIN perangkat_daerah p ON p.id = c.pd_id WHERE c.{} GROUP BY p.name ORDER BY COUNT(*) DESC, p.name LIMIT 15", public.replace(" AND status", " AND c.status")))
            .fetch_all(&self.pool)
            .await?;
        let by_pd = rows
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, StoreError>>()?;
        Ok((by_category, by_pd))
    }

    pub async fn holidays(&self) -> Result<Vec<(NaiveDate, String)>, StoreError> {
        let rows = sqlx::query("SELECT day, name FROM holidays ORDER BY day")
            .fetch_all(&self.pool)
            .await?;
        let mut out = Vec::new();
        for r in rows {
            let day: String = r.try_get(0)?;
            let date = NaiveDate::parse_from_str(&day, "%Y-%m-%d").map_err(|_| {
                StoreError::Db(sqlx::Error::Decode(format!("bad holiday {day}").into()))
            })?;
            out.push((date, r.try_get(1)?));
        }
        Ok(out)
    }

    /// Adds or renames holidays (an imported list); all in one transaction.
    pub async fn put_holidays(
        &self,
        ctx: &AuditCtx,
        days: &[(NaiveDate, String)],
    ) -> Result<usize, StoreError> {
        let mut w = self.begin_write().await?;
        for (day, name) in days {
            let d = day.format("%Y-%m-%d").to_string();
            sqlx::query("DELETE FROM holidays WHERE day = $1")
                .bind(&d)
                .execute(&mut *w.tx)
                .await?;
            sqlx::query("INSERT INTO holidays (day, name) VALUES ($1, $2)")
                .bind(&d)
                .bind(name)
                .execute(&mut *w.tx)
                .await?;
        }
        append(
            &mut w.tx,
            ctx,
            Change {
                action: "import",
                entity: "holidays",
                entity_id: None,
                pd_id: None,
                before: None,
                after: Some(serde_json::json!({ "days": days.iter().map(|(d, n)| format!("{d} {n}")).collect::<Vec<_>>() })),
            },
        )
        .await?;
        w.commit().await?;
        Ok(days.len())
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_update(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ctx: &AuditCtx,
    complaint_id: i64,
    kind: &str,
    body: &str,
    public: bool,
    from: Option<Status>,
    to: Option<Status>,
    pd_id: Option<i64>,
) -> Result<i64, StoreError> {
    Ok(sqlx::query("INSERT INTO complaint_updates (complaint_id, at, kind, actor_user_id, actor_label, body, public, from_status, to_status, pd_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id")
        .bind(complaint_id)
        .bind(ts(ctx.at))
        .bind(kind)
        .bind(ctx.actor_user_id)
        .bind(&ctx.actor_label)
        .bind(body)
        .bind(i64::from(public))
        .bind(from.map(|s| s.as_str()))
        .bind(to.map(|s| s.as_str()))
        .bind(pd_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)?)
}
