//! Online, consistent backup and restore, engine-neutral: a backup of SQLite restores into
//! PostgreSQL and back (this is also how a region moves to PostgreSQL when it outgrows one
//! machine).
//!
//! Format: gzip of JSON lines. Line 1 is the header (format, schema version, tables with their
//! columns and row counts); then for each table a `{"table": name}` line followed by one JSON
//! array per row; last a trailer with the SHA-256 of every line before it. A backup is read in
//! one snapshot: SQLite's WAL read transaction, PostgreSQL's REPEATABLE READ.

use crate::{Engine, Store, StoreError};
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use futures_util::TryStreamExt;
use padu_domain::register::{Definition, Kind};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::{Acquire, Row};
use std::io::{BufRead, BufReader, Read, Write};

/// The type of a column as the backup carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColType {
    Int,
    Real,
    Text,
    /// Bytes, carried as standard base64.
    Blob,
}

/// Tables in dependency order (referenced tables first), with the column types. Sessions are
/// left out on purpose: they are short-lived secrets, and a restore signs everyone out.
/// Columns a later schema dropped: a backup taken before still restores, without them.
/// gsb_messages.batch_id went in schema 7 (a record's batch is found from the batch ranges);
/// its at, client, service and status in schema 39 (its record holds them).
const RETIRED_COLUMNS: &[(&str, &str)] = &[
    ("gsb_messages", "batch_id"),
    ("gsb_messages", "at"),
    ("gsb_messages", "client"),
    ("gsb_messages", "service"),
    ("gsb_messages", "status"),
];

/// The tables the registers refer to.
const BEFORE_REGISTERS: &[(&str, &[(&str, ColType)])] = {
    use ColType::*;
    &[
        (
            "pemda",
            &[
                ("id", Int),
                ("name", Text),
                ("profile", Text),
                ("domain", Text),
                ("instance_id", Text),
                ("created_at", Text),
                ("profile_text", Text),
            ],
        ),
        (
            "perangkat_daerah",
            &[
                ("id", Int),
                ("code", Text),
                ("name", Text),
                ("short_name", Text),
                ("kind", Text),
                ("is_dinas_kominfo", Int),
                ("address", Text),
                ("created_at", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "unit_kerja",
            &[
                ("id", Int),
                ("pd_id", Int),
                ("name", Text),
                ("kind", Text),
                ("created_at", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "users",
            &[
                ("id", Int),
                ("username", Text),
                ("full_name", Text),
                ("email", Text),
                ("password_hash", Text),
                ("lang", Text),
                ("active", Int),
                ("failed_logins", Int),
                ("locked_until", Text),
                ("last_login_at", Text),
                ("password_changed_at", Text),
                ("created_at", Text),
                ("updated_at", Text),
                ("must_change_password", Int),
            ],
        ),
        (
            "memberships",
            &[
                ("id", Int),
                ("user_id", Int),
                ("role", Text),
                ("pd_id", Int),
                ("created_at", Text),
            ],
        ),
        (
            "api_tokens",
            &[
                ("id", Int),
                ("user_id", Int),
                ("name", Text),
                ("token_hash", Text),
                ("prefix", Text),
                ("role", Text),
                ("pd_id", Int),
                ("created_at", Text),
                ("expires_at", Text),
                ("revoked_at", Text),
                ("last_used_at", Text),
            ],
        ),
    ]
};

/// The tables after the registers (some refer to them).
const AFTER_REGISTERS: &[(&str, &[(&str, ColType)])] = {
    use ColType::*;
    &[
        (
            "lan_diagrams",
            &[
                ("id", Int),
                ("pd_id", Int),
                ("kind", Text),
                ("description", Text),
                ("submitted_on", Text),
                ("created_by", Text),
                ("created_at", Text),
            ],
        ),
        (
            "catalog_requests",
            &[
                ("id", Int),
                ("pd_id", Int),
                ("kind", Text),
                ("title", Text),
                ("needs_analysis", Text),
                ("benefit_analysis", Text),
                ("estimated_cost", Int),
                ("ict_staff", Int),
                ("own_application_experience", Int),
                ("status", Text),
                ("round", Int),
                ("classification", Text),
                ("created_by", Text),
                ("created_at", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "catalog_request_events",
            &[
                ("id", Int),
                ("request_id", Int),
                ("step", Text),
                ("status", Text),
                ("actor", Text),
                ("note", Text),
                ("at", Text),
            ],
        ),
        ("holidays", &[("day", Text), ("name", Text)]),
        (
            "finding_follow_ups",
            &[
                ("id", Int),
                ("rule", Text),
                ("subject", Text),
                ("pd_id", Int),
                ("state", Text),
                ("assignee_id", Int),
                ("target_date", Text),
                ("reason", Text),
                ("by_user_id", Int),
                ("updated_at", Text),
            ],
        ),
        (
            "manajemen_security_notices",
            &[("subject", Text), ("notice", Text), ("sent_at", Text)],
        ),
        (
            "manajemen_control_assessments",
            &[
                ("application_id", Int),
                ("code", Text),
                ("status", Text),
                ("evidence", Text),
                ("assessed_on", Text),
                ("assessed_by", Text),
            ],
        ),
        (
            "manajemen_risk_criteria",
            &[
                ("context_id", Int),
                ("impact_area", Text),
                ("level", Int),
                ("criterion", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "manajemen_control_texts",
            &[
                ("code", Text),
                ("text", Text),
                ("reference", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "audits",
            &[
                ("id", Int),
                ("object_id", Int),
                ("pd_id", Int),
                ("audit_type", Text),
                ("step", Text),
                ("title", Text),
                ("request_note", Text),
                ("requested_start", Text),
                ("team", Text),
                ("assignment_letter", Text),
                ("criteria", Text),
                ("scope", Text),
                ("test_plan", Text),
                ("start_on", Text),
                ("end_on", Text),
                ("supervision_note", Text),
                ("report_summary", Text),
                ("conclusion", Text),
                ("reported_on", Text),
                ("created_by", Text),
                ("created_at", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "audit_events",
            &[
                ("id", Int),
                ("audit_id", Int),
                ("step", Text),
                ("actor", Text),
                ("note", Text),
                ("at", Text),
            ],
        ),
        (
            "audit_work_papers",
            &[
                ("id", Int),
                ("audit_id", Int),
                ("title", Text),
                ("procedure_text", Text),
                ("result", Text),
                ("created_by", Text),
                ("created_at", Text),
            ],
        ),
        (
            "audit_findings",
            &[
                ("id", Int),
                ("audit_id", Int),
                ("pd_id", Int),
                ("title", Text),
                ("criteria", Text),
                ("condition_text", Text),
                ("cause", Text),
                ("effect", Text),
                ("recommendation", Text),
                ("severity", Text),
                ("status", Text),
                ("response", Text),
                ("action_plan", Text),
                ("due_on", Text),
                ("progress_note", Text),
                ("verified_by", Text),
                ("closed_on", Text),
                ("created_by", Text),
                ("created_at", Text),
                ("updated_at", Text),
                ("answered_by_user_id", Int),
            ],
        ),
        (
            "audit_control_ratings",
            &[
                ("audit_id", Int),
                ("code", Text),
                ("design", Text),
                ("implementation", Text),
                ("effectiveness", Text),
                ("note", Text),
            ],
        ),
        (
            "evaluasi_instruments",
            &[
                ("code", Text),
                ("name", Text),
                ("source_text", Text),
                ("loaded_at", Text),
                ("loaded_by", Text),
            ],
        ),
        (
            "evaluasi_evaluations",
            &[
                ("id", Int),
                ("year", Int),
                ("instrument_code", Text),
                ("created_at", Text),
                ("created_by", Text),
            ],
        ),
        (
            "evaluasi_reports",
            &[
                ("id", Int),
                ("year", Int),
                ("statement", Text),
                ("signature", Text),
                ("public_key_pem", Text),
                ("signed_by", Text),
                ("signed_at", Text),
            ],
        ),
        (
            "evaluasi_claims",
            &[
                ("id", Int),
                ("evaluation_id", Int),
                ("indicator", Int),
                ("level", Int),
                ("justification", Text),
                ("links", Text),
                ("claimed_by", Text),
                ("claimed_at", Text),
                ("verdict", Text),
                ("reviewed_level", Int),
                ("review_note", Text),
                ("reviewed_by", Text),
                ("reviewed_at", Text),
                ("claimed_by_user_id", Int),
            ],
        ),
        (
            "complaints",
            &[
                ("id", Int),
                ("tracking_code", Text),
                ("category", Text),
                ("title", Text),
                ("body", Text),
                ("location_text", Text),
                ("latitude", Real),
                ("longitude", Real),
                ("anonymous", Int),
                ("confidential", Int),
                ("reporter_name", Text),
                ("reporter_email", Text),
                ("reporter_phone", Text),
                ("status", Text),
                ("pd_id", Int),
                ("merged_into", Int),
                ("verify_due", Text),
                ("follow_up_due", Text),
                ("respond_due", Text),
                ("escalated_at", Text),
                ("created_at", Text),
                ("updated_at", Text),
                ("closed_at", Text),
            ],
        ),
        (
            "complaint_updates",
            &[
                ("id", Int),
                ("complaint_id", Int),
                ("at", Text),
                ("kind", Text),
                ("actor_user_id", Int),
                ("actor_label", Text),
                ("body", Text),
                ("public", Int),
                ("from_status", Text),
                ("to_status", Text),
                ("pd_id", Int),
            ],
        ),
        (
            "tickets",
            &[
                ("id", Int),
                ("kind", Text),
                ("priority", Text),
                ("status", Text),
                ("tier", Int),
                ("pd_id", Int),
                ("title", Text),
                ("body", Text),
                ("requester_user_id", Int),
                ("requester_label", Text),
                ("assignee_user_id", Int),
                ("parent_id", Int),
                ("merged_into", Int),
                ("link_kind", Text),
                ("link_ref", Text),
                ("escalation_reason", Text),
                ("sla_first_response", Int),
                ("sla_next_update", Int),
                ("sla_resolution", Int),
                ("sla_state", Text),
                ("sla_due_at", Text),
                ("sla_alert_at", Text),
                ("sla_breached", Int),
                ("rating", Int),
                ("rating_comment", Text),
                ("created_at", Text),
                ("updated_at", Text),
                ("resolved_at", Text),
                ("closed_at", Text),
            ],
        ),
        (
            "ticket_events",
            &[
                ("id", Int),
                ("ticket_id", Int),
                ("at", Text),
                ("kind", Text),
                ("actor_user_id", Int),
                ("actor_label", Text),
                ("body", Text),
                ("public", Int),
                ("sla_event", Text),
                ("data", Text),
            ],
        ),
        (
            "attachments",
            &[
                ("id", Int),
                ("owner_kind", Text),
                ("owner_id", Int),
                ("filename", Text),
                ("content_type", Text),
                ("size_bytes", Int),
                ("sha256", Text),
                ("public", Int),
                ("uploaded_by", Text),
                ("created_at", Text),
                ("data", Blob),
            ],
        ),
        (
            "open_datasets",
            &[
                ("id", Int),
                ("inventory_id", Int),
                ("pd_id", Int),
                ("name", Text),
                ("title", Text),
                ("description", Text),
                ("keywords", Text),
                ("theme", Text),
                ("licence", Text),
                ("temporal_start", Text),
                ("temporal_end", Text),
                ("spatial", Text),
                ("update_schedule", Text),
                ("reference_codes", Text),
                ("status", Text),
                ("review_note", Text),
                ("checked_by", Text),
                ("published_at", Text),
                ("created_by", Text),
                ("created_at", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "open_resources",
            &[
                ("id", Int),
                ("dataset_id", Int),
                ("name", Text),
                ("description", Text),
                ("kind", Text),
                ("url", Text),
                ("format", Text),
                ("created_at", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "open_resource_versions",
            &[
                ("id", Int),
                ("resource_id", Int),
                ("version", Int),
                ("attachment_id", Int),
                ("note", Text),
                ("created_by", Text),
                ("created_at", Text),
            ],
        ),
        (
            "saved_views",
            &[
                ("id", Int),
                ("user_id", Int),
                ("name", Text),
                ("query", Text),
                ("created_at", Text),
            ],
        ),
        (
            "notifications",
            &[
                ("id", Int),
                ("user_id", Int),
                ("at", Text),
                ("kind", Text),
                ("subject", Text),
                ("body", Text),
                ("link", Text),
                ("read_at", Text),
            ],
        ),
        (
            "mail_outbox",
            &[
                ("id", Int),
                ("to_addr", Text),
                ("subject", Text),
                ("body", Text),
                ("created_at", Text),
                ("attempts", Int),
                ("next_attempt_at", Text),
                ("sent_at", Text),
                ("failed_at", Text),
                ("last_error", Text),
            ],
        ),
        ("audit_head", &[("id", Int), ("seq", Int), ("hash", Text)]),
        (
            "audit_log",
            &[
                ("seq", Int),
                ("at", Text),
                ("actor_user_id", Int),
                ("actor_label", Text),
                ("action", Text),
                ("entity", Text),
                ("entity_id", Text),
                ("pd_id", Int),
                ("detail", Text),
                ("ip", Text),
                ("prev_hash", Text),
                ("hash", Text),
            ],
        ),
        (
            "signing_keys",
            &[
                ("id", Int),
                ("fingerprint", Text),
                ("public_key_pem", Text),
                ("created_at", Text),
            ],
        ),
        (
            "planning_documents",
            &[
                ("id", Int),
                ("pd_id", Int),
                ("kind", Text),
                ("title", Text),
                ("start_year", Int),
                ("end_year", Int),
                ("classification", Text),
                ("created_at", Text),
                ("updated_at", Text),
            ],
        ),
        (
            "planning_versions",
            &[
                ("id", Int),
                ("document_id", Int),
                ("number", Int),
                ("sections", Text),
                ("sections_sha256", Text),
                ("note", Text),
                ("created_by", Text),
                ("created_at", Text),
                ("approved_by", Text),
                ("approved_role", Text),
                ("approved_at", Text),
                ("statement", Text),
                ("signature", Text),
                ("key_id", Int),
            ],
        ),
        (
            "planning_reviews",
            &[
                ("id", Int),
                ("document_id", Int),
                ("reviewed_on", Text),
                ("basis", Text),
                ("outcome", Text),
                ("created_by", Text),
                ("created_at", Text),
            ],
        ),
        (
            "audit_checkpoints",
            &[
                ("id", Int),
                ("seq", Int),
                ("hash", Text),
                ("at", Text),
                ("key_id", Int),
                ("message", Text),
                ("signature", Text),
            ],
        ),
        (
            "gsb_members",
            &[
                ("id", Int),
                ("instance", Text),
                ("member_class", Text),
                ("member_code", Text),
                ("name", Text),
                ("pd_id", Int),
                ("created_at", Text),
            ],
        ),
        (
            "gsb_subsystems",
            &[
                ("id", Int),
                ("member_id", Int),
                ("code", Text),
                ("name", Text),
                ("rate_per_second", Int),
                ("created_at", Text),
            ],
        ),
        (
            "gsb_services",
            &[
                ("id", Int),
                ("subsystem_id", Int),
                ("code", Text),
                ("version", Text),
                ("title", Text),
                ("base_url", Text),
                ("status", Text),
                ("timeout_ms", Int),
                ("max_body_bytes", Int),
                ("log_bodies", Int),
                ("log_body_limit", Int),
                ("openapi", Text),
                ("openapi_url", Text),
                ("created_at", Text),
                ("updated_at", Text),
                ("cleared", Int),
            ],
        ),
        (
            "gsb_access",
            &[
                ("id", Int),
                ("service_id", Int),
                ("client_subsystem_id", Int),
                ("method", Text),
                ("path", Text),
                ("granted_at", Text),
            ],
        ),
        (
            "gsb_tokens",
            &[
                ("id", Int),
                ("subsystem_id", Int),
                ("name", Text),
                ("token_hash", Text),
                ("prefix", Text),
                ("created_at", Text),
                ("revoked_at", Text),
            ],
        ),
        (
            "gsb_messages",
            &[
                ("id", Int),
                ("x_road_id", Text),
                ("record", Text),
                ("leaf", Text),
                ("chain", Text),
                ("request_body", Blob),
                ("response_body", Blob),
            ],
        ),
        (
            "gsb_batches",
            &[
                ("id", Int),
                ("first_record", Int),
                ("last_record", Int),
                ("root", Text),
                ("chain_head", Text),
                ("closed_at", Text),
                ("statement", Text),
                ("signature", Text),
                ("key_fingerprint", Text),
            ],
        ),
        (
            "gsb_certificates",
            &[
                ("id", Int),
                ("subsystem_id", Int),
                ("serial", Text),
                ("fingerprint", Text),
                ("subject", Text),
                ("not_before", Text),
                ("not_after", Text),
                ("cert_pem", Text),
                ("renews_id", Int),
                ("created_at", Text),
                ("revoked_at", Text),
                ("revoked_reason", Text),
            ],
        ),
        (
            "gsb_federation",
            &[
                ("id", Int),
                ("instance", Text),
                ("gateway_url", Text),
                ("ca_cert_pem", Text),
                ("ca_fingerprint", Text),
                ("created_at", Text),
            ],
        ),
        (
            "gsb_archives",
            &[
                ("id", Int),
                ("first_record", Int),
                ("last_record", Int),
                ("last_batch", Int),
                ("last_chain", Text),
                ("file_name", Text),
                ("file_sha256", Text),
                ("created_at", Text),
            ],
        ),
    ]
};

/// Every table in dependency order (referenced tables first), with the column types: the
/// registers' from their definitions (`registers::all`), between the tables they refer to and
/// those that refer to them.
pub fn tables() -> Vec<(&'static str, Vec<(&'static str, ColType)>)> {
    let fixed = |list: &'static [(&'static str, &'static [(&'static str, ColType)])]| {
        list.iter().map(|(name, columns)| (*name, columns.to_vec()))
    };
    fixed(BEFORE_REGISTERS)
        .chain(crate::registers::all().map(|(table, def)| (table, register_columns(&def))))
        .chain(fixed(AFTER_REGISTERS))
        .collect()
}

/// A register's columns: the id, its fields as their kinds are stored, the times.
fn register_columns(def: &Definition) -> Vec<(&'static str, ColType)> {
    let stored = |field: &padu_domain::register::Field| match field.kind {
        Kind::Pd | Kind::Number | Kind::Level(_) | Kind::Flag => ColType::Int,
        Kind::Decimal => ColType::Real,
        _ => ColType::Text,
    };
    std::iter::once(("id", ColType::Int))
        .chain(def.fields.iter().map(|f| (f.name, stored(f))))
        .chain([("created_at", ColType::Text), ("updated_at", ColType::Text)])
        .collect()
}

/// Whether `table` is one a backup carries: not one of [`NOT_BACKED_UP`], nor a queryable
/// store's own table (`datastore_<resource>`, derived from the resource's file).
pub fn is_backed_up(table: &str) -> bool {
    !NOT_BACKED_UP.contains(&table) && !table.starts_with("datastore_")
}

/// Tables that hold no data worth backing up.
pub const NOT_BACKED_UP: &[&str] = &[
    "sessions",
    // Failed sign-ins per address: transient, like sessions.
    "login_throttle",
    "schema_migrations",
    // The heat maps' per-cell counts: derived from the risks, counted again on restore (a
    // backup from before they existed restores as well as a newer one).
    "manajemen_risk_cells",
    // The queryable store: derived from the resources' files, loaded again from them when
    // Padu starts after a restore (app::data_terbuka::datastore::ensure_loaded). Its tables,
    // datastore_<resource>, are left out by `is_backed_up`.
    "open_datastores",
    // SQLite's full-text indexes and their shadow tables: rebuilt from the rows on restore.
    "complaints_fts",
    "complaints_fts_config",
    "complaints_fts_data",
    "complaints_fts_docsize",
    "complaints_fts_idx",
    "tickets_fts",
    "tickets_fts_config",
    "tickets_fts_data",
    "tickets_fts_docsize",
    "tickets_fts_idx",
    "catalog_applications_fts",
    "catalog_applications_fts_config",
    "catalog_applications_fts_content",
    "catalog_applications_fts_data",
    "catalog_applications_fts_docsize",
    "catalog_applications_fts_idx",
    "catalog_datasets_fts",
    "catalog_datasets_fts_config",
    "catalog_datasets_fts_content",
    "catalog_datasets_fts_data",
    "catalog_datasets_fts_docsize",
    "catalog_datasets_fts_idx",
    "network_sites_fts",
    "network_sites_fts_config",
    "network_sites_fts_content",
    "network_sites_fts_data",
    "network_sites_fts_docsize",
    "network_sites_fts_idx",
    "catalog_websites_fts",
    "catalog_websites_fts_config",
    "catalog_websites_fts_content",
    "catalog_websites_fts_data",
    "catalog_websites_fts_docsize",
    "catalog_websites_fts_idx",
    "governance_agendas_fts",
    "governance_agendas_fts_config",
    "governance_agendas_fts_content",
    "governance_agendas_fts_data",
    "governance_agendas_fts_docsize",
    "governance_agendas_fts_idx",
    "catalog_services_fts",
    "catalog_services_fts_config",
    "catalog_services_fts_content",
    "catalog_services_fts_data",
    "catalog_services_fts_docsize",
    "catalog_services_fts_idx",
    "catalog_processes_fts",
    "catalog_processes_fts_config",
    "catalog_processes_fts_content",
    "catalog_processes_fts_data",
    "catalog_processes_fts_docsize",
    "catalog_processes_fts_idx",
    "catalog_infrastructure_fts",
    "catalog_infrastructure_fts_config",
    "catalog_infrastructure_fts_content",
    "catalog_infrastructure_fts_data",
    "catalog_infrastructure_fts_docsize",
    "catalog_infrastructure_fts_idx",
    "governance_policies_fts",
    "governance_policies_fts_config",
    "governance_policies_fts_content",
    "governance_policies_fts_data",
    "governance_policies_fts_docsize",
    "governance_policies_fts_idx",
    "manajemen_risks_fts",
    "manajemen_risks_fts_config",
    "manajemen_risks_fts_content",
    "manajemen_risks_fts_data",
    "manajemen_risks_fts_docsize",
    "manajemen_risks_fts_idx",
    "manajemen_risk_reviews_fts",
    "manajemen_risk_reviews_fts_config",
    "manajemen_risk_reviews_fts_content",
    "manajemen_risk_reviews_fts_data",
    "manajemen_risk_reviews_fts_docsize",
    "manajemen_risk_reviews_fts_idx",
    "manajemen_isms_records_fts",
    "manajemen_isms_records_fts_config",
    "manajemen_isms_records_fts_content",
    "manajemen_isms_records_fts_data",
    "manajemen_isms_records_fts_docsize",
    "manajemen_isms_records_fts_idx",
    "audit_objects_fts",
    "audit_objects_fts_config",
    "audit_objects_fts_content",
    "audit_objects_fts_data",
    "audit_objects_fts_docsize",
    "audit_objects_fts_idx",
    "manajemen_security_incidents_fts",
    "manajemen_security_incidents_fts_config",
    "manajemen_security_incidents_fts_content",
    "manajemen_security_incidents_fts_data",
    "manajemen_security_incidents_fts_docsize",
    "manajemen_security_incidents_fts_idx",
    "manajemen_certificates_fts",
    "manajemen_certificates_fts_config",
    "manajemen_certificates_fts_content",
    "manajemen_certificates_fts_data",
    "manajemen_certificates_fts_docsize",
    "manajemen_certificates_fts_idx",
    "manajemen_risk_contexts_fts",
    "manajemen_risk_contexts_fts_config",
    "manajemen_risk_contexts_fts_content",
    "manajemen_risk_contexts_fts_data",
    "manajemen_risk_contexts_fts_docsize",
    "manajemen_risk_contexts_fts_idx",
];

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TableInfo {
    pub name: String,
    pub columns: Vec<(String, ColType)>,
    pub rows: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub format: String,
    pub version: u32,
    pub schema_version: i64,
    pub engine: String,
    pub created_at: String,
    pub tables: Vec<TableInfo>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Trailer {
    end: bool,
    sha256: String,
}

/// Progress of a long backup or restore: table, rows done, rows in the table.
pub type Progress<'a> = &'a mut (dyn FnMut(&str, i64, i64) + Send);

struct HashingWriter<W: Write> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> HashingWriter<W> {
    fn line(&mut self, value: &impl Serialize) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec(value)?;
        bytes.push(b'\n');
        self.hash.update(&bytes);
        self.inner.write_all(&bytes)
    }
}

fn value_of(r: &AnyRow, i: usize, t: ColType) -> Result<serde_json::Value, sqlx::Error> {
    Ok(match t {
        ColType::Int => r
            .try_get::<Option<i64>, _>(i)?
            .map(Into::into)
            .unwrap_or(serde_json::Value::Null),
        ColType::Real => r
            .try_get::<Option<f64>, _>(i)?
            .map(Into::into)
            .unwrap_or(serde_json::Value::Null),
        ColType::Text => r
            .try_get::<Option<String>, _>(i)?
            .map(Into::into)
            .unwrap_or(serde_json::Value::Null),
        ColType::Blob => r
            .try_get::<Option<Vec<u8>>, _>(i)?
            .map(|b| {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD.encode(b).into()
            })
            .unwrap_or(serde_json::Value::Null),
    })
}

impl Store {
    /// Writes a consistent backup to `out` while the store keeps serving reads and writes.
    pub async fn backup<W: Write + Send>(
        &self,
        out: W,
        created_at: &str,
        progress: Progress<'_>,
    ) -> Result<Header, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let begin = match self.engine {
            Engine::Sqlite => "BEGIN",
            Engine::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        };
        sqlx::query(begin).execute(&mut *conn).await?;
        let result = async {
            let schema_version: i64 = sqlx::query("SELECT MAX(version) FROM schema_migrations").fetch_one(&mut *conn).await?.try_get::<Option<i64>, _>(0)?.unwrap_or(0);
            let mut tables = Vec::new();
            let known = self::tables();
            for (name, cols) in &known {
                let rows: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {name}")).fetch_one(&mut *conn).await?.try_get(0)?;
                tables.push(TableInfo { name: name.to_string(), columns: cols.iter().map(|(c, t)| (c.to_string(), *t)).collect(), rows });
            }
            let header = Header { format: "padu-backup".into(), version: 1, schema_version, engine: self.engine.as_str().into(), created_at: created_at.into(), tables };
            let mut w = HashingWriter { inner: GzEncoder::new(out, flate2::Compression::fast()), hash: Sha256::new() };
            w.line(&header)?;
            for (info, (name, cols)) in header.tables.iter().zip(&known) {
                w.line(&serde_json::json!({ "table": name }))?;
                let col_list = cols.iter().map(|c| c.0).collect::<Vec<_>>().join(", ");
                let sql = format!("SELECT {col_list} FROM {name} ORDER BY {}", cols[0].0);
                let mut stream = sqlx::query(&sql).fetch(&mut *conn);
                let mut done = 0i64;
                while let Some(r) = stream.try_next().await? {
                    let row: Vec<serde_json::Value> = cols.iter().enumerate().map(|(i, (_, t))| value_of(&r, i, *t)).collect::<Result<_, _>>()?;
                    w.line(&row)?;
                    done += 1;
                    if done % 5000 == 0 || done == info.rows {
                        progress(name, done, info.rows);
                    }
                }
                if done != info.rows {
                    return Err(StoreError::invalid("backup", format!("table {name} changed during the snapshot ({done} rows read, {} counted)", info.rows)));
                }
                if done == 0 {
                    progress(name, 0, 0);
                }
            }
            let sha = hex::encode(w.hash.clone().finalize());
            let trailer = serde_json::to_vec(&Trailer { end: true, sha256: sha }).map_err(std::io::Error::from)?;
            w.inner.write_all(&trailer)?;
            w.inner.write_all(b"\n")?;
            w.inner.finish()?.flush()?;
            Ok::<_, StoreError>(header)
        }
        .await;
        sqlx::query("ROLLBACK").execute(&mut *conn).await.ok();
        result
    }

    /// Whether the store holds no data yet (a fresh database: only the migration's audit head).
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        for (name, _) in tables() {
            if name == "audit_head" {
                continue;
            }
            let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {name}"))
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
            if n > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Restores a backup into this (migrated, empty) store, in one transaction: a backup that is
    /// damaged anywhere, or whose checksum does not match, leaves the store untouched.
    pub async fn restore<R: Read + Send>(
        &self,
        input: R,
        progress: Progress<'_>,
    ) -> Result<Header, StoreError> {
        if !self.is_empty().await? {
            return Err(StoreError::invalid("target", "the target database already holds data; restore needs an empty data dir or database"));
        }
        let mut lines = BufReader::new(GzDecoder::new(input)).split(b'\n');
        let mut hash = Sha256::new();
        let bad = |m: String| StoreError::invalid("backup", m);
        let mut next_line =
            |hash: &mut Sha256, count: bool| -> Result<Option<Vec<u8>>, StoreError> {
                match lines.next() {
                    None => Ok(None),
                    Some(Err(e)) => Err(bad(format!("cannot read the backup: {e}"))),
                    Some(Ok(l)) => {
                        if count {
                            hash.update(&l);
                            hash.update(b"\n");
                        }
                        Ok(Some(l))
                    }
                }
            };
        let header_line =
            next_line(&mut hash, true)?.ok_or_else(|| bad("the file is empty".into()))?;
        let header: Header = serde_json::from_slice(&header_line)
            .map_err(|e| bad(format!("not a Padu backup ({e})")))?;
        if header.format != "padu-backup" || header.version != 1 {
            return Err(bad(format!(
                "unsupported backup format {} v{}",
                header.format, header.version
            )));
        }
        let current = self.schema_version().await?;
        if header.schema_version > current {
            return Err(bad(format!("the backup is from a newer Padu (schema {}, this one has {current}); upgrade Padu first", header.schema_version)));
        }
        let _guard = self.write_lock.lock().await;
        let mut conn = self.pool.acquire().await?;
        let mut tx = conn.begin().await?;
        if self.engine == Engine::Sqlite {
            // Rows arrive in dependency order, but self-consistency is checked at commit anyway.
            sqlx::query("PRAGMA defer_foreign_keys = ON")
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("DELETE FROM audit_head")
            .execute(&mut *tx)
            .await?;
        let tables = tables();
        for info in &header.tables {
            let known = tables
                .iter()
                .find(|(n, _)| *n == info.name)
                .ok_or_else(|| bad(format!("unknown table {}", info.name)))?;
            let mut kept = Vec::with_capacity(info.columns.len());
            for (c, _) in &info.columns {
                let retired = RETIRED_COLUMNS.contains(&(info.name.as_str(), c.as_str()));
                if !retired && !known.1.iter().any(|(k, _)| k == c) {
                    return Err(bad(format!("unknown column {}.{c}", info.name)));
                }
                kept.push(!retired);
            }
            let marker = next_line(&mut hash, true)?
                .ok_or_else(|| bad(format!("ends before table {}", info.name)))?;
            let marker: serde_json::Value =
                serde_json::from_slice(&marker).map_err(|e| bad(e.to_string()))?;
            if marker["table"] != info.name.as_str() {
                return Err(bad(format!(
                    "expected table {} but found {marker}",
                    info.name
                )));
            }
            let cols = info
                .columns
                .iter()
                .zip(&kept)
                .filter(|(_, keep)| **keep)
                .map(|(c, _)| c.0.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            let params = (1..=kept.iter().filter(|k| **k).count())
                .map(|i| format!("${i}"))
                .collect::<Vec<_>>()
                .join(", ");
            let sql = format!("INSERT INTO {} ({cols}) VALUES ({params})", info.name);
            for done in 1..=info.rows {
                let line = next_line(&mut hash, true)?
                    .ok_or_else(|| bad(format!("ends inside table {}", info.name)))?;
                let row: Vec<serde_json::Value> = serde_json::from_slice(&line)
                    .map_err(|e| bad(format!("table {} row {done}: {e}", info.name)))?;
                if row.len() != info.columns.len() {
                    return Err(bad(format!(
                        "table {} row {done} has {} values for {} columns",
                        info.name,
                        row.len(),
                        info.columns.len()
                    )));
                }
                let mut q = sqlx::query(&sql);
                let values = row.iter().zip(&info.columns).zip(&kept);
                for ((v, (c, t)), _) in values.filter(|(_, keep)| **keep) {
                    q = match (t, v) {
                        (ColType::Int, serde_json::Value::Null) => q.bind(None::<i64>),
                        (ColType::Real, serde_json::Value::Null) => q.bind(None::<f64>),
                        (ColType::Text, serde_json::Value::Null) => q.bind(None::<String>),
                        (ColType::Blob, serde_json::Value::Null) => q.bind(None::<Vec<u8>>),
                        (ColType::Blob, serde_json::Value::String(s)) => {
                            use base64::Engine;
                            let bytes = base64::engine::general_purpose::STANDARD
                                .decode(s)
                                .map_err(|_| {
                                    bad(format!(
                                        "table {} row {done}: {c} is not base64",
                                        info.name
                                    ))
                                })?;
                            q.bind(bytes)
                        }
                        (ColType::Int, v) if v.is_i64() => q.bind(v.as_i64()),
                        (ColType::Real, v) if v.is_number() => q.bind(v.as_f64()),
                        (ColType::Text, serde_json::Value::String(s))
                            if self.engine == Engine::Postgres && s.contains('\0') =>
                        {
                            // PostgreSQL cannot store NUL in text, and changing the value
                            // would break the audit log's hashes: say where it is instead.
                            return Err(bad(format!(
                                "table {} row {done}: {c} holds a NUL character, which PostgreSQL cannot store; remove it in the source instance, back up again and restore that backup",
                                info.name
                            )));
                        }
                        (ColType::Text, serde_json::Value::String(s)) => q.bind(s.clone()),
                        _ => {
                            return Err(bad(format!(
                                "table {} row {done}: {c} has the wrong type",
                                info.name
                            )))
                        }
                    };
                }
                q.execute(&mut *tx).await?;
                if done % 5000 == 0 || done == info.rows {
                    progress(&info.name, done, info.rows);
                }
            }
        }
        let trailer = next_line(&mut hash, false)?
            .ok_or_else(|| bad("the backup is truncated (no trailer)".into()))?;
        let trailer: Trailer = serde_json::from_slice(&trailer)
            .map_err(|_| bad("the backup is truncated or has extra data".into()))?;
        if !trailer.end || trailer.sha256 != hex::encode(hash.finalize()) {
            return Err(bad(
                "the backup's checksum does not match: the file is damaged".into(),
            ));
        }
        if self.engine == Engine::Postgres {
            // Identity columns continue after the restored ids.
            for (name, cols) in &tables {
                if cols[0].0 == "id" && !["pemda", "audit_head"].contains(name) {
                    sqlx::query(&format!("SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE((SELECT MAX(id) FROM {name}), 0) + 1, false)")).execute(&mut *tx).await?;
                }
            }
        }
        if self.engine == Engine::Sqlite {
            for fts in ["complaints_fts", "tickets_fts"] {
                sqlx::query(&format!("INSERT INTO {fts} ({fts}) VALUES ('rebuild')"))
                    .execute(&mut *tx)
                    .await?;
            }
            for (table, def) in crate::registers::all() {
                let text = crate::registers::search_text(&def);
                sqlx::query(&format!("DELETE FROM {table}_fts"))
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(&format!(
                    "INSERT INTO {table}_fts (rowid, text) SELECT id, {text} FROM {table}"
                ))
                .execute(&mut *tx)
                .await?;
            }
        }
        crate::manajemen::risks::recount_all_cells(&mut tx).await?;
        tx.commit().await?;
        Ok(header)
    }

    /// Row counts of every backed-up table, to compare with a backup's header after restore.
    pub async fn table_counts(&self) -> Result<Vec<(String, i64)>, StoreError> {
        let mut out = Vec::new();
        for (name, _) in tables() {
            let n: i64 = sqlx::query(&format!("SELECT COUNT(*) FROM {name}"))
                .fetch_one(&self.pool)
                .await?
                .try_get(0)?;
            out.push((name.to_string(), n));
        }
        Ok(out)
    }

    /// The stored columns of `table` as the database has them (to check `tables()` stays
    /// complete). Generated columns are left out: they are derived, so never backed up.
    pub async fn columns_of(&self, table: &str) -> Result<Vec<String>, StoreError> {
        let sql = match self.engine {
            Engine::Sqlite => format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
            Engine::Postgres => format!("SELECT column_name::text FROM information_schema.columns WHERE table_name = '{table}' AND table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY ordinal_position"),
        };
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<Result<_, _>>()?)
    }

    /// Every table of the schema.
    pub async fn table_names(&self) -> Result<Vec<String>, StoreError> {
        let sql = match self.engine {
            Engine::Sqlite => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
            Engine::Postgres => "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
        };
        let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
        Ok(rows
            .iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<Result<_, _>>()?)
    }
}
