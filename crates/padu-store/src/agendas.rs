//! Governance agendas (PRODUCT.md module 7): the Tim Koordinasi SPBE's periodic and incidental
//! agendas (Pessel Pasal 16(6), 17) and the Komite TI's (Pessel Pasal 15), from plan to
//! minutes and decisions. The compliance rules read the periodic Tim Koordinasi meetings held.

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use chrono::NaiveDate;
use padu_domain::catalog::{AGENDA_BODIES, AGENDA_KINDS, AGENDA_STATUSES};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// An agenda as stored.
pub type Agenda = crate::registers::Record<AgendaInput>;

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

const FIELDS: [Field; 10] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("title", Kind::Text).required(),
    Field::new("body", Kind::Choice(&AGENDA_BODIES)).required(),
    Field::new("kind", Kind::Choice(&AGENDA_KINDS)).required(),
    Field::new("scheduled_on", Kind::Date).required(),
    Field::new("location", Kind::Text),
    Field::new("status", Kind::Choice(&AGENDA_STATUSES)).required(),
    Field::new("minutes", Kind::Long),
    Field::new("decisions", Kind::Long),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS)).or("biasa"),
];

impl Register for AgendaInput {
    const TABLE: &'static str = "governance_agendas";
    const DEF: Definition = Definition {
        name: "agendas",
        entity: "agenda",
        fields: &FIELDS,
        key: &["title", "scheduled_on"],
        unique: &[],
        search: &["title", "minutes", "decisions"],
        filters: &["body", "kind", "status"],
        shown: &["body", "scheduled_on", "status"],
        order: &["scheduled_on DESC"],
        api: "/api/v1/governance/agendas",
        page: "/tata-kelola",
    };

    /// `env.today` bounds a held agenda's date: it cannot have been held in the future.
    fn validate(&self, env: &Env) -> Result<(), StoreError> {
        let today = env.today;
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

impl Store {
    /// The dates of the Tim Koordinasi's periodic meetings that were held (Pessel Pasal 17(1)).
    /// The rule concerns the Pemda as a whole, so every such meeting counts, whoever reads.
    pub async fn periodic_meetings_held(&self) -> Result<Vec<NaiveDate>, StoreError> {
        let held = [
            ("body", "tim_koordinasi"),
            ("kind", "berkala"),
            ("status", "terlaksana"),
        ]
        .map(|(f, v)| (f.to_string(), v.to_string()))
        .to_vec();
        Ok(self
            .all_records::<AgendaInput>(&ReadScope::everything(), &held)
            .await?
            .into_iter()
            .map(|a| a.scheduled_on)
            .collect())
    }
}
