//! Security incidents (Peraturan BSSN 4/2021; Pessel Pasal 55(4): a PD hit by a serious failure
//! or disruption caused by another party secures its data and reports at once to the Dinas).
//! Any PD records its incident here, which is its report: when it was detected and when the
//! Dinas had it, what happened and how severe, which applications, services and sites it
//! touched, containment, recovery, root cause and lessons, the escalation to the national CSIRT,
//! and the desk ticket opened for it.

use crate::registers::{Env, Register};
use crate::{check_len, check_text, Store, StoreError};
use padu_domain::manajemen::security::{
    parse_moment, IncidentFact, INCIDENT_CATEGORIES, INCIDENT_STATUSES, SEVERITIES,
};
use padu_domain::register::{Definition, Field, Kind, CLASSIFICATIONS};
use padu_domain::{Classification, ReadScope};
use serde::{Deserialize, Serialize};

/// An incident as stored.
pub type Incident = crate::registers::Record<IncidentInput>;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IncidentInput {
    /// The PD that reports it.
    pub pd_id: i64,
    pub title: String,
    pub incident_type: String,
    pub severity: String,
    #[serde(default = "reported")]
    pub status: String,
    /// When it was detected, region time `YYYY-MM-DDTHH:MM`.
    pub detected_at: String,
    /// When the Dinas had the report, if before it was recorded here (by telephone, a letter);
    /// otherwise the record's creation is the report.
    #[serde(default)]
    pub reported_at: Option<String>,
    pub description: String,
    #[serde(default)]
    pub application_ids: Vec<i64>,
    #[serde(default)]
    pub service_ids: Vec<i64>,
    #[serde(default)]
    pub site_ids: Vec<i64>,
    #[serde(default)]
    pub containment: String,
    #[serde(default)]
    pub recovery: String,
    #[serde(default)]
    pub root_cause: String,
    #[serde(default)]
    pub lessons: String,
    /// When services were restored.
    #[serde(default)]
    pub resolved_at: Option<String>,
    /// Escalated to the national CSIRT (BSSN).
    #[serde(default)]
    pub csirt_escalated: bool,
    #[serde(default)]
    pub csirt_reported_at: Option<String>,
    /// The CSIRT's ticket or letter number.
    #[serde(default)]
    pub csirt_reference: String,
    /// The desk ticket opened for it (set by opening one from the incident).
    #[serde(default)]
    pub ticket_id: Option<i64>,
    #[serde(default = "terbatas")]
    pub classification: Classification,
}

fn reported() -> String {
    INCIDENT_STATUSES[0].into()
}

fn terbatas() -> Classification {
    Classification::Terbatas
}

const FIELDS: [Field; 21] = [
    Field::new("pd_id", Kind::Pd).required(),
    Field::new("title", Kind::Text).required(),
    Field::new("incident_type", Kind::Choice(&INCIDENT_CATEGORIES)).required(),
    Field::new("severity", Kind::Choice(&SEVERITIES)).required(),
    Field::new("status", Kind::Choice(&INCIDENT_STATUSES))
        .required()
        .or("dilaporkan"),
    Field::new("detected_at", Kind::Moment).required(),
    Field::new("reported_at", Kind::Moment),
    Field::new("description", Kind::Long).required(),
    Field::new("application_ids", Kind::Ids("catalog_applications")),
    Field::new("service_ids", Kind::Ids("catalog_services")),
    Field::new("site_ids", Kind::Ids("network_sites")),
    Field::new("containment", Kind::Long),
    Field::new("recovery", Kind::Long),
    Field::new("root_cause", Kind::Long),
    Field::new("lessons", Kind::Long),
    Field::new("resolved_at", Kind::Moment),
    Field::new("csirt_escalated", Kind::Flag),
    Field::new("csirt_reported_at", Kind::Moment),
    Field::new("csirt_reference", Kind::Text),
    Field::new("ticket_id", Kind::Number).kept_elsewhere(),
    Field::new("classification", Kind::Choice(&CLASSIFICATIONS))
        .required()
        .or("terbatas"),
];

impl Register for IncidentInput {
    const TABLE: &'static str = "manajemen_security_incidents";
    /// When the Dinas had a report made outside Padu is the Dinas's to record: the reporting
    /// deadline's finding (Pessel Pasal 55(4)) is judged by it.
    const DINAS_ONLY: &'static [&'static str] = &["reported_at"];
    const DEF: Definition = Definition {
        name: "security_incidents",
        entity: "security_incident",
        fields: &FIELDS,
        key: &["title", "detected_at"],
        unique: &[],
        search: &["title", "description"],
        filters: &["incident_type", "severity", "status"],
        shown: &["detected_at", "incident_type", "severity", "status"],
        order: &["detected_at DESC"],
        api: "/api/v1/manajemen/incidents",
        page: "/manajemen/insiden",
    };

    /// Moments fall in order (detected, then reported, escalated and resolved), none on a day
    /// after `env.today`; a closed incident has its root cause and lessons; an escalation says
    /// when it was made.
    fn validate(&self, env: &Env) -> Result<(), StoreError> {
        check_text("title", &self.title, 300)?;
        check_text("description", &self.description, 8000)?;
        for (field, text) in [
            ("containment", &self.containment),
            ("recovery", &self.recovery),
            ("root_cause", &self.root_cause),
            ("lessons", &self.lessons),
        ] {
            check_len(field, text, 8000)?;
        }
        check_len("csirt_reference", &self.csirt_reference, 200)?;
        let detected = moment("detected_at", Some(&self.detected_at), env)?;
        for (field, value) in [
            ("reported_at", &self.reported_at),
            ("resolved_at", &self.resolved_at),
            ("csirt_reported_at", &self.csirt_reported_at),
        ] {
            if let (Some(at), Some(detected)) = (moment(field, value.as_ref(), env)?, detected) {
                if at < detected {
                    return Err(StoreError::invalid(
                        field,
                        "must not come before the incident was detected",
                    ));
                }
            }
        }
        if self.csirt_escalated && self.csirt_reported_at.is_none() {
            return Err(StoreError::invalid(
                "csirt_reported_at",
                "an escalation to the CSIRT says when it was made",
            ));
        }
        if !self.csirt_escalated && self.csirt_reported_at.is_some() {
            return Err(StoreError::invalid(
                "csirt_escalated",
                "tick the escalation to the CSIRT when giving its time",
            ));
        }
        if self.status == "insiden_ditutup" {
            check_text("root_cause", &self.root_cause, 8000).map_err(|_| {
                StoreError::invalid("root_cause", "a closed incident names its root cause")
            })?;
            check_text("lessons", &self.lessons, 8000).map_err(|_| {
                StoreError::invalid("lessons", "a closed incident records its lessons")
            })?;
        }
        Ok(())
    }

    /// The desk ticket it names is one of its PD's.
    async fn check_stored(
        &self,
        store: &Store,
        _env: &Env,
        _pending: &[&Self],
    ) -> Result<(), StoreError> {
        let Some(ticket) = self.ticket_id else {
            return Ok(());
        };
        let found = sqlx::query("SELECT 1 FROM tickets WHERE id = $1 AND pd_id = $2")
            .bind(ticket)
            .bind(self.pd_id)
            .fetch_optional(&store.pool)
            .await?;
        match found {
            Some(_) => Ok(()),
            None => Err(StoreError::invalid(
                "ticket_id",
                "no such ticket of the incident's PD",
            )),
        }
    }
}

/// A moment field's value, which may not fall on a day after today.
fn moment(
    field: &str,
    value: Option<&String>,
    env: &Env,
) -> Result<Option<chrono::NaiveDateTime>, StoreError> {
    let Some(text) = value else {
        return Ok(None);
    };
    let at = parse_moment(text)
        .ok_or_else(|| StoreError::invalid(field, "must be a moment YYYY-MM-DDTHH:MM"))?;
    if at.date() > env.today {
        return Err(StoreError::invalid(field, "must not be in the future"));
    }
    Ok(Some(at))
}

impl Store {
    /// What the security rules need of the incidents `scope` may read: when each was detected
    /// and when the Dinas had it (the moment given, else the record's creation in `zone`).
    pub async fn incident_facts(
        &self,
        scope: &ReadScope,
        zone: chrono::FixedOffset,
    ) -> Result<Vec<IncidentFact>, StoreError> {
        let none = crate::registers::Filters::new();
        Ok(self
            .all_records::<IncidentInput>(scope, &none)
            .await?
            .iter()
            .filter_map(|r| fact_of(r, zone))
            .collect())
    }
}

/// What the security rules need of incident `r`: when it was detected, and when the Dinas had
/// it (the moment the Dinas recorded, else the record's creation, in `zone`).
pub fn fact_of(r: &Incident, zone: chrono::FixedOffset) -> Option<IncidentFact> {
    let reported_at = match &r.fields.reported_at {
        Some(at) => parse_moment(at)?,
        None => crate::parse_ts(&r.created_at)?
            .with_timezone(&zone)
            .naive_local(),
    };
    Some(IncidentFact {
        id: r.id,
        pd_id: r.fields.pd_id,
        title: r.fields.title.clone(),
        detected_at: parse_moment(&r.fields.detected_at)?,
        reported_at,
    })
}
