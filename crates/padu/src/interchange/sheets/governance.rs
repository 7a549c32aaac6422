//! Governance agendas (Tim Koordinasi SPBE, Komite TI) and the policies and SOPs as sheets.

use super::{classification_or_biasa, Progress, Sheet, SheetEnv};
use crate::interchange::table::Row;
use crate::interchange::CellError;
use padu_domain::{Classification, ReadScope};
use padu_store::agendas::{Agenda, AgendaFilter, AgendaInput};
use padu_store::policies::{Policy, PolicyFilter, PolicyInput};
use padu_store::registers::{Upsert, UpsertReport};
use padu_store::{AuditCtx, ListQuery, Page, Store, StoreError};

impl Sheet for AgendaInput {
    type Record = Agenda;
    const NAME: &'static str = "agendas";
    const HEADER: &'static [&'static str] = &[
        "pd",
        "title",
        "body",
        "kind",
        "scheduled_on",
        "location",
        "status",
        "minutes",
        "decisions",
        "classification",
    ];
    const REQUIRED: &'static [&'static str] =
        &["pd", "title", "body", "kind", "scheduled_on", "status"];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        let lower = |c: &str| row.text(c).to_lowercase().replace(' ', "_");
        Ok(AgendaInput {
            pd_id: pd.ok_or_else(|| row.error("pd", "must not be empty"))?,
            body: lower("body"),
            kind: lower("kind"),
            title: row.text("title").to_string(),
            scheduled_on: row.required_date("scheduled_on")?,
            location: row.text("location").to_string(),
            status: lower("status"),
            minutes: row.text("minutes").to_string(),
            decisions: row.text("decisions").to_string(),
            classification: classification_or_biasa(row)?,
        })
    }
    fn check(&self, env: &SheetEnv) -> Result<(), StoreError> {
        self.validate(env.today)
    }
    fn key_of(&self) -> String {
        format!("{} {}", self.title.trim(), self.scheduled_on)
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn input_of(record: &Agenda) -> Self {
        record.into()
    }
    fn cells(a: &Agenda, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(Some(a.pd_id)),
            a.title.clone(),
            a.body.clone(),
            a.kind.clone(),
            a.scheduled_on.to_string(),
            a.location.clone(),
            a.status.clone(),
            a.minutes.clone(),
            a.decisions.clone(),
            a.classification.as_str().to_string(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Agenda, StoreError> {
        store.get_agenda(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Agenda>, StoreError> {
        store.list_agendas(scope, &AgendaFilter::default(), q).await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store.import_agendas(ctx, env.today, rows, progress).await
    }
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        input: &Self,
    ) -> Result<Agenda, StoreError> {
        store.create_agenda(ctx, env.today, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Agenda, StoreError> {
        store.update_agenda(ctx, env.today, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_record::<AgendaInput>(ctx, id).await
    }
}

impl Sheet for PolicyInput {
    type Record = Policy;
    const NAME: &'static str = "policies";
    const HEADER: &'static [&'static str] = &[
        "pd",
        "title",
        "kind",
        "subject",
        "reference",
        "established_on",
        "status",
        "classification",
    ];
    const REQUIRED: &'static [&'static str] = &["pd", "title", "kind", "subject", "status"];

    fn parse(row: &Row<'_>, pd: Option<i64>) -> Result<Self, CellError> {
        Ok(PolicyInput {
            pd_id: pd.ok_or_else(|| row.error("pd", "must not be empty"))?,
            kind: row.text("kind").to_lowercase(),
            subject: row.text("subject").to_string(),
            title: row.text("title").to_string(),
            reference: row.text("reference").to_string(),
            established_on: row.date("established_on")?,
            status: row.text("status").to_lowercase(),
            classification: classification_or_biasa(row)?,
        })
    }
    fn check(&self, _env: &SheetEnv) -> Result<(), StoreError> {
        self.validate()
    }
    fn key_of(&self) -> String {
        self.title.clone()
    }
    fn classification(&self) -> Classification {
        self.classification
    }
    fn input_of(record: &Policy) -> Self {
        record.into()
    }
    fn cells(p: &Policy, pd_code: &dyn Fn(Option<i64>) -> String) -> Vec<String> {
        vec![
            pd_code(Some(p.pd_id)),
            p.title.clone(),
            p.kind.clone(),
            p.subject.clone(),
            p.reference.clone(),
            p.established_on.map(|d| d.to_string()).unwrap_or_default(),
            p.status.clone(),
            p.classification.as_str().to_string(),
        ]
    }
    async fn get(store: &Store, id: i64) -> Result<Policy, StoreError> {
        store.get_record::<PolicyInput>(id).await
    }
    async fn page(
        store: &Store,
        scope: &ReadScope,
        q: &ListQuery,
    ) -> Result<Page<Policy>, StoreError> {
        store
            .list_policies(scope, &PolicyFilter::default(), q)
            .await
    }
    async fn write(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        rows: &[Upsert<Self>],
        progress: Progress<'_>,
    ) -> Result<UpsertReport, StoreError> {
        store.import_policies(ctx, rows, progress).await
    }
    async fn create(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        input: &Self,
    ) -> Result<Policy, StoreError> {
        store.create_policy(ctx, input).await
    }
    async fn update(
        store: &Store,
        ctx: &AuditCtx,
        _env: &SheetEnv,
        id: i64,
        input: &Self,
    ) -> Result<Policy, StoreError> {
        store.update_policy(ctx, id, input).await
    }
    async fn delete(store: &Store, ctx: &AuditCtx, id: i64) -> Result<(), StoreError> {
        store.delete_record::<PolicyInput>(ctx, id).await
    }
}
