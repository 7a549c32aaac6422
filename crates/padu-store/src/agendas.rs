//! Governance agendas (PRODUCT.md module 7): the Tim Koordinasi SPBE's periodic and incidental
//! agendas (Pessel Pasal 16(6), 17) and the Komite TI's (Pessel Pasal 15), from plan to
//! minutes and decisions. The compliance rules read the periodic Tim Koordinasi meetings held.

use crate::page::{Arg, Where};
use crate::registers::{Register, Stored};
use crate::sites::AnyQuery;
use crate::{check_len, check_text, AuditCtx, ListQuery, Page, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;

use padu_domain::catalog::{AGENDA_BODIES, AGENDA_KINDS, AGENDA_STATUSES};

#[derive(Debug, Clone, Serialize, PartialEq, utoipa::ToSchema)]
pub struct Agenda {
    pub id: i64,
    pub pd_id: i64,
    pub pd_name: String,
    pub body: String,
    pub kind: String,
    pub title: String,
    pub scheduled_on: NaiveDate,
    pub location: String,
    pub status: String,
    pub minutes: String,
    pub decisions: String,
    pub classification: Classification,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaInput {
    /// The Dinas, or the PD that proposed an incidental agenda (Pessel Pasal 17(2)).
    pub pd_id: i64,
    pub body: String,
    pub kind: String,
    pub title: String,
    pub scheduled_on: NaiveDate,
    #[serde(default)]
    pub location: String,
    pub status: String,
    /// The minutes (risalah); required once the agenda is held.
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub decisions: String,
    #[serde(default = "biasa")]
    pub classification: Classification,
}

fn biasa() -> Classification {
    Classification::Biasa
}

impl AgendaInput {
    /// `today` bounds a held agenda's date: it cannot have been held in the future.
    pub fn validate(&self, today: NaiveDate) -> Result<(), StoreError> {
        for (field, value, allowed) in [
            ("body", &self.body, &AGENDA_BODIES[..]),
            ("kind", &self.kind, &AGENDA_KINDS[..]),
            ("status", &self.status, &AGENDA_STATUSES[..]),
        ] {
            if !allowed.contains(&value.as_str()) {
                return Err(StoreError::invalid(
                    field,
                    format!("must be one of {}", allowed.join(", ")),
                ));
            }
        }
        check_text("title", &self.title, 300)?;
        check_len("location", &self.location, 200)?;
        check_len("minutes", &self.minutes, 20_000)?;
        check_len("decisions", &self.decisions, 10_000)?;
        if self.status == "terlaksana" {
            if self.scheduled_on > today {
                return Err(StoreError::invalid(
                    "scheduled_on",
                    "an agenda held cannot be dated in the future",
                ));
            }
            if self.minutes.trim().is_empty() {
                return Err(StoreError::invalid(
                    "minutes",
                    "an agenda held has its minutes",
                ));
            }
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Default)]
pub struct AgendaFilter {
    pub body: Option<String>,
    pub pd_id: Option<i64>,
}

impl Register for AgendaInput {
    const TABLE: &'static str = "governance_agendas";
    const ENTITY: &'static str = "agenda";
    const KEY: &'static str = "title || ' ' || scheduled_on";
    const COLUMNS: &'static [&'static str] = &[
        "pd_id",
        "body",
        "kind",
        "title",
        "scheduled_on",
        "location",
        "status",
        "minutes",
        "decisions",
        "classification",
    ];
    fn pd_id(&self) -> Option<i64> {
        Some(self.pd_id)
    }
    fn bind<'q>(&self, q: AnyQuery<'q>) -> AnyQuery<'q> {
        q.bind(self.pd_id)
            .bind(self.body.clone())
            .bind(self.kind.clone())
            .bind(self.title.trim().to_string())
            .bind(self.scheduled_on.to_string())
            .bind(self.location.clone())
            .bind(self.status.clone())
            .bind(self.minutes.clone())
            .bind(self.decisions.clone())
            .bind(self.classification.as_str().to_string())
    }
}

impl Stored for AgendaInput {
    type Record = Agenda;
    const SELECT: &'static str = "t.id, t.pd_id, p.name, t.body, t.kind, t.title, t.scheduled_on, t.location, t.status, t.minutes, t.decisions, t.classification, t.created_at, t.updated_at";
    const JOINS: &'static str = "JOIN perangkat_daerah p ON p.id = t.pd_id";
    const ORDER: &'static str = "t.scheduled_on DESC, t.id DESC";
    fn decode(r: &AnyRow) -> Result<Agenda, StoreError> {
        Ok(Agenda {
            id: r.try_get(0)?,
            pd_id: r.try_get(1)?,
            pd_name: r.try_get(2)?,
            body: r.try_get(3)?,
            kind: r.try_get(4)?,
            title: r.try_get(5)?,
            scheduled_on: crate::catalog::date("scheduled_on", r.try_get(6)?)?
                .ok_or_else(|| StoreError::invalid("scheduled_on", "missing"))?,
            location: r.try_get(7)?,
            status: r.try_get(8)?,
            minutes: r.try_get(9)?,
            decisions: r.try_get(10)?,
            classification: crate::classification_at(r, 11)?,
            created_at: r.try_get(12)?,
            updated_at: r.try_get(13)?,
        })
    }
    fn record_pd(r: &Agenda) -> Option<i64> {
        Some(r.pd_id)
    }
}

impl From<&Agenda> for AgendaInput {
    fn from(a: &Agenda) -> Self {
        AgendaInput {
            pd_id: a.pd_id,
            body: a.body.clone(),
            kind: a.kind.clone(),
            title: a.title.clone(),
            scheduled_on: a.scheduled_on,
            location: a.location.clone(),
            status: a.status.clone(),
            minutes: a.minutes.clone(),
            decisions: a.decisions.clone(),
            classification: a.classification,
        }
    }
}

impl Store {
    async fn check_agenda(&self, input: &AgendaInput, today: NaiveDate) -> Result<(), StoreError> {
        input.validate(today)?;
        self.check_pd(input.pd_id).await
    }

    pub async fn list_agendas(
        &self,
        scope: &ReadScope,
        f: &AgendaFilter,
        q: &ListQuery,
    ) -> Result<Page<Agenda>, StoreError> {
        let mut w = Where::default();
        if let Some(b) = &f.body {
            w.and("t.body = ?", [Arg::Text(b.clone())]);
        }
        if let Some(pd) = f.pd_id {
            w.and("t.pd_id = ?", [Arg::Int(pd)]);
        }
        w.readable_by(scope, "t");
        self.list_records::<AgendaInput>(w, q).await
    }

    pub async fn get_agenda(&self, id: i64) -> Result<Agenda, StoreError> {
        self.get_record::<AgendaInput>(id).await
    }

    pub async fn create_agenda(
        &self,
        ctx: &AuditCtx,
        today: NaiveDate,
        input: &AgendaInput,
    ) -> Result<Agenda, StoreError> {
        self.check_agenda(input, today).await?;
        self.create_record(ctx, input).await
    }

    pub async fn update_agenda(
        &self,
        ctx: &AuditCtx,
        today: NaiveDate,
        id: i64,
        input: &AgendaInput,
    ) -> Result<Agenda, StoreError> {
        self.check_agenda(input, today).await?;
        self.update_record(ctx, id, input).await
    }

    /// Writes an import's rows in one transaction, each checked again first.
    pub async fn import_agendas(
        &self,
        ctx: &AuditCtx,
        today: NaiveDate,
        rows: &[crate::registers::Upsert<AgendaInput>],
        progress: &mut (dyn FnMut(usize, usize) + Send),
    ) -> Result<crate::registers::UpsertReport, StoreError> {
        for row in rows {
            self.check_agenda(row.input(), today).await?;
        }
        self.write_records(ctx, rows, progress).await
    }

    /// The dates of the Tim Koordinasi's periodic meetings that were held (Pessel Pasal 17(1)).
    /// The rule concerns the Pemda as a whole, so every such meeting counts, whoever reads.
    pub async fn periodic_meetings_held(&self) -> Result<Vec<NaiveDate>, StoreError> {
        let mut w = Where::default();
        w.and(
            "t.body = 'tim_koordinasi' AND t.kind = 'berkala' AND t.status = 'terlaksana'",
            [],
        );
        Ok(self
            .all_records::<AgendaInput>(&w)
            .await?
            .into_iter()
            .map(|a| a.scheduled_on)
            .collect())
    }
}
