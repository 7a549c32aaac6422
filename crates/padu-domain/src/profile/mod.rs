//! Regulation profiles as data: every value a rule uses, with the clause that sets it and the
//! clause's words. A profile is a TOML file (`profiles/*.toml`, one per shipped regulation,
//! and `nasional.toml`, the national base of Perpres 95/2018 for what a regulation leaves
//! unsaid). A region adopts one and overrides values with a file of its own (`load`), checked
//! whole before anything applies. A rule whose value the profile lacks is not in force there,
//! and no rule cites a clause the profile does not hold.

pub(crate) mod load;

pub use load::{load, shipped, LoadError, Origin, SHIPPED};

use crate::catalog::Rule;
use crate::org::Role;
use crate::planning::PlanKind;
use crate::requests::RequestKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a value comes from: the clause (`Pessel Pasal 29(5)`) and its words.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Source {
    pub clause: String,
    /// The clause's words, as the regulation has them (an excerpt).
    pub text: String,
}

/// A value with its source.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Setting<T> {
    pub value: T,
    pub clause: String,
    pub text: String,
}

/// What holds a rule's source: every value read from a profile says where it comes from.
pub trait Sourced {
    fn clause(&self) -> &str;
    fn text(&self) -> &str;
    fn source(&self) -> Source {
        Source {
            clause: self.clause().to_string(),
            text: self.text().to_string(),
        }
    }
}

/// Implements [`Sourced`] for a type with `clause` and `text` fields.
macro_rules! sourced {
    ($($ty:ty),* $(,)?) => {$(
        impl Sourced for $ty {
            fn clause(&self) -> &str {
                &self.clause
            }
            fn text(&self) -> &str {
                &self.text
            }
        }
    )*};
}

sourced!(
    Source,
    Transition,
    PlanReview,
    DeskTargets,
    Workflow,
    RequiredDocument
);

impl<T> Sourced for Setting<T> {
    fn clause(&self) -> &str {
        &self.clause
    }
    fn text(&self) -> &str {
        &self.text
    }
}

/// One band of risk values and the level it gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskBand {
    pub from: u8,
    pub to: u8,
    pub level: crate::manajemen::risk::Level,
}

/// How a risk is valued (`manajemen::risk::assess`): the 5×5 matrix, a row per likelihood
/// 1–5 and a column per impact 1–5, and the bands from value to level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RiskScale {
    pub matrix: Setting<[[u8; 5]; 5]>,
    pub bands: Setting<Vec<RiskBand>>,
}

/// Who takes a decision (the roles, any of which may), with the clause that names them.
pub type Deciders = Setting<Vec<Role>>;

/// A catalogue workflow the region has: its clause, and who decides each step.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Workflow {
    pub clause: String,
    pub text: String,
    /// Who approves or rejects a submitted request (in a two-stage workflow, who proposes it).
    pub decided_by: Vec<Role>,
    /// Who establishes or rejects a proposed request; none where the first decision is final.
    pub established_by: Vec<Role>,
}

/// The time PDs that ran SPBE before the regulation have to conform to it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Transition {
    /// The day the regulation took effect.
    pub in_force_since: NaiveDate,
    pub years: u32,
    pub clause: String,
    pub text: String,
}

impl Transition {
    /// The day by which what ran before must conform.
    pub fn deadline(&self) -> NaiveDate {
        self.in_force_since
            .checked_add_months(chrono::Months::new(self.years * 12))
            .unwrap_or(self.in_force_since)
    }
}

/// One document the regulation requires of an application built for the Pemda.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RequiredDocument {
    pub code: String,
    /// Its name in Bahasa Indonesia.
    pub id: String,
    pub en: String,
    pub clause: String,
    pub text: String,
}

/// How often a plan of a kind is reviewed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewSchedule {
    /// At mid-term and in the last year of its period.
    #[default]
    MidAndLast,
    /// Every year of its period.
    Yearly,
    /// Five years after it was established.
    FiveYearly,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlanReview {
    pub schedule: ReviewSchedule,
    pub clause: String,
    pub text: String,
}

/// The SP4N-LAPOR! deadlines of a public complaint.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ComplaintDeadlines {
    /// Working days the Dinas has to verify and forward a complaint.
    pub verify_working_days: Setting<u32>,
    /// Working days the PD has to follow a forwarded complaint up.
    pub follow_up_working_days: Setting<u32>,
    /// Days the complainant has to answer the follow-up before it closes.
    pub respond_days: Setting<u32>,
}

impl ComplaintDeadlines {
    /// The three deadlines with their keys.
    pub fn settings(&self) -> [(&'static str, &Setting<u32>); 3] {
        [
            ("verify_working_days", &self.verify_working_days),
            ("follow_up_working_days", &self.follow_up_working_days),
            ("respond_days", &self.respond_days),
        ]
    }
}

/// A priority's Service Desk targets, in minutes of working time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PriorityTargets {
    pub first_response_minutes: u32,
    pub next_update_minutes: u32,
    pub resolution_minutes: u32,
}

/// How a ticket type stretches its priority's targets.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TypeStretch {
    /// The resolution target is the priority's times this.
    pub resolution_factor: u32,
    /// Whether the type owes regular updates beyond the first response.
    pub updates: bool,
}

/// The Service Desk's SLA targets (`ticket::sla_for`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DeskTargets {
    pub priorities: BTreeMap<crate::ticket::Priority, PriorityTargets>,
    pub types: BTreeMap<crate::ticket::TicketType, TypeStretch>,
    /// A timer warns when this share of its target is left.
    pub warn_percent: u32,
    pub clause: String,
    pub text: String,
}

/// A region's rules: every value a rule uses, with its source. See the module's notes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profile {
    /// The profile's name (`pessel`, or a region's own).
    pub id: String,
    /// The profile an override file starts from (`nasional`, `kalbar`, `bogor`, `pessel`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// Dotted keys an override file removes from its base (`rules.lan_diagram_missing`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unset: Vec<String>,
    /// The Pemda's name.
    pub pemda: String,
    /// The regulation the profile implements.
    pub regulation: String,
    /// How its clauses are cited (`Pessel` in `Pessel Pasal 29(5)`).
    pub cite_as: String,
    /// The Pemda's internet domain, under which its websites sit.
    pub domain: Option<Setting<String>>,
    pub transition: Option<Transition>,
    /// The documentation checklist of an application built for the Pemda.
    pub documents: Vec<RequiredDocument>,
    /// The compliance rules in force, with the clause behind each.
    pub rules: BTreeMap<Rule, Source>,
    /// How each plan kind is reviewed (a kind without an entry has no scheduled review).
    pub plan_reviews: BTreeMap<PlanKind, PlanReview>,
    /// Who approves (establishes) each plan kind; every kind has its approvers.
    pub plan_approvers: BTreeMap<PlanKind, Deciders>,
    /// Who records each plan kind's reviews; every kind has its reviewers.
    pub plan_reviewers: BTreeMap<PlanKind, Deciders>,
    /// The longest a public data set may go without an update, in months.
    pub dataset_max_update_months: Option<Setting<u32>>,
    /// Years between an application's reviews.
    pub application_review_years: Option<Setting<u32>>,
    /// Periodic meetings of the Tim Koordinasi SPBE a year, at least.
    pub coordination_meetings_per_year: Option<Setting<u32>>,
    /// A PD assessed as Perangkat Daerah Mandiri TIK may run its own servers.
    pub mandiri_tik_runs_own_servers: Option<Source>,
    pub complaints: ComplaintDeadlines,
    /// The Service Desk's SLA targets by priority and ticket type.
    pub desk: DeskTargets,
    /// The PD that drafts the plans the regulation gives to the PD for regional development
    /// planning (its code, as the region names it).
    pub planning_pd: Option<Setting<String>>,
    /// The plan kinds the regulation gives that PD to draft (Bogor Pasal 6(4), 7(4), 8(3)).
    pub planning_pd_drafts: BTreeMap<PlanKind, Source>,
    /// A PD's service on the bus serves only once the Dinas has considered its operational
    /// fitness and security.
    pub bus_service_clearance: Option<Source>,
    /// The catalogue's workflows the region has, with the clause of each and who decides.
    pub workflows: BTreeMap<RequestKind, Workflow>,
    /// How a risk's likelihood and impact become its value and level.
    pub risk: RiskScale,
    /// The PD (by code) whose risk context and risks are the Pemda's own: the unit pemilik
    /// risiko at the level of the Pemerintah Daerah as a whole.
    pub pemda_risk_unit: Option<Setting<String>>,
    /// Months between the risk register's reviews (for the risk module).
    pub risk_review_months: Option<Setting<u32>>,
    /// Months from the year's start within which every PD identifies its risks.
    pub risk_identification_months: Option<Setting<u32>>,
    /// Hours from an incident's detection within which its PD reports it to the Dinas.
    pub incident_report_hours: Option<Setting<u32>>,
    /// Days before a certificate's expiry on which its PD and the Dinas are reminded.
    pub certificate_reminder_days: Option<Setting<Vec<u32>>>,
    /// Months, at most, between the monitoring and evaluations of each PD's ISMS.
    pub isms_evaluation_months: Option<Setting<u32>>,
    /// Months between SPBE self-evaluations (for the evaluation module).
    pub evaluation_months: Option<Setting<u32>>,
    /// Months between ICT audits of an application or infrastructure (for the audit module).
    pub audit_months: Option<Setting<u32>>,
    /// Months, at least, an internal audit comes before an external ICT audit (for the audit
    /// module).
    pub internal_audit_lead_months: Option<Setting<u32>>,
    /// The dotted keys a region's own file sets (its values show as overridden).
    #[serde(skip_deserializing, skip_serializing_if = "Vec::is_empty")]
    pub overridden: Vec<String>,
}

impl Profile {
    /// The clause behind `rule` here, if the rule is in force.
    pub fn clause(&self, rule: Rule) -> Option<&str> {
        self.rules.get(&rule).map(|s| s.clause.as_str())
    }

    /// Every clause the profile cites, with the key that holds it.
    pub fn clauses(&self) -> Vec<(String, String)> {
        load::clauses(self)
    }

    /// Whether the region's own file set `key` (or something under it).
    pub fn is_overridden(&self, key: &str) -> bool {
        self.overridden
            .iter()
            .any(|k| k == key || k.starts_with(&format!("{key}.")))
    }

    pub fn domain(&self) -> Option<&str> {
        self.domain.as_ref().map(|d| d.value.as_str())
    }

    /// The day by which what ran before the regulation must conform (none where the
    /// regulation sets no transition).
    pub fn transition_deadline(&self) -> Option<NaiveDate> {
        self.transition.as_ref().map(Transition::deadline)
    }
}

#[cfg(test)]
mod tests;
