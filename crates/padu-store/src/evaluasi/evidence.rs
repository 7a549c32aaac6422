//! How many records Padu holds of each evidence source an instrument may name
//! (`padu_domain::evaluasi::instrument::EVIDENCE_SOURCES`), counted by the database.

use crate::{Store, StoreError};
use padu_domain::evaluasi::instrument::EVIDENCE_SOURCES;
use sqlx::Row;

/// Audits of objects of a kind whose report came (indicators 29–31 of PermenPANRB 59/2020).
fn reported_audits(kind: &str) -> String {
    format!("(SELECT COUNT(*) FROM audits a JOIN audit_objects o ON o.id = a.object_id WHERE o.kind = '{kind}' AND a.reported_on IS NOT NULL)")
}

/// How each source is counted, from code only.
fn count_of(source: &str) -> Option<String> {
    match source {
        "audit_infrastruktur" => return Some(reported_audits("infrastruktur")),
        "audit_aplikasi" => return Some(reported_audits("aplikasi")),
        "audit_keamanan" => return Some(reported_audits("keamanan")),
        // Indicator 43 asks for the data sets published, not every data set.
        "data_terbuka" => {
            return Some(
                "(SELECT COUNT(*) FROM catalog_datasets WHERE distribution = 'publik')".into(),
            )
        }
        _ => {}
    }
    let table = match source {
        "kebijakan" => "governance_policies",
        "agenda_tim_koordinasi" => "governance_agendas",
        "rencana" => "planning_documents",
        "arsitektur_layanan" => "catalog_services",
        "proses_bisnis" => "catalog_processes",
        "aplikasi" => "catalog_applications",
        "infrastruktur" => "catalog_infrastructure",
        "jaringan_intra" => "network_sites",
        "situs_web" => "catalog_websites",
        "data" => "catalog_datasets",
        "konteks_risiko" => "manajemen_risk_contexts",
        "risiko" => "manajemen_risks",
        "pemantauan_risiko" => "manajemen_risk_reviews",
        "smki" => "manajemen_isms_records",
        "insiden_keamanan" => "manajemen_security_incidents",
        "sertifikat" => "manajemen_certificates",
        "kontrol_keamanan" => "manajemen_control_assessments",
        "layanan_penghubung" => "gsb_services",
        "lalu_lintas_penghubung" => "gsb_messages",
        "pengaduan" => "complaints",
        "tiket_layanan" => "tickets",
        _ => return None,
    };
    Some(format!("(SELECT COUNT(*) FROM {table})"))
}

impl Store {
    /// Every evidence source with how many records it holds, in the sources' order: one
    /// statement of counts.
    pub async fn evidence_counts(&self) -> Result<Vec<(&'static str, i64)>, StoreError> {
        let parts: Vec<String> = EVIDENCE_SOURCES
            .iter()
            .map(|(key, _)| {
                count_of(key).ok_or_else(|| {
                    StoreError::invalid("source", format!("no count for evidence source {key}"))
                })
            })
            .collect::<Result<_, StoreError>>()?;
        let row = sqlx::query(&format!("SELECT {}", parts.join(", ")))
            .fetch_one(&self.pool)
            .await?;
        EVIDENCE_SOURCES
            .iter()
            .enumerate()
            .map(|(i, (key, _))| Ok((*key, row.try_get::<i64, _>(i)?)))
            .collect()
    }
}
