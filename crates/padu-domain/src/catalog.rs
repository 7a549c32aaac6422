//! Katalog & Arsitektur SPBE (issue 4; PRODUCT.md modules 2, 6 and 7): the vocabularies the
//! regulations fix, the documents they require of an application, and the compliance rules
//! evaluated over the catalogue's records. Pure: the records and `today` come in, findings go
//! out. A rule fires only where the region's regulation has the clause behind it; every
//! finding carries that clause.

use crate::gate::Gate;
use crate::profile::Profile;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// Who keeps the catalogue's registers (applications, data sets, services, processes,
/// infrastructure, websites, agendas, policies, application artifacts, LAN diagrams): the
/// Dinas and the PDs' operators, each record then as `authorize` allows by its PD and
/// classification.
pub const KEEPS_REGISTERS: Gate = Gate::WRITERS;

/// The 11 sectors of the Pemda's business processes (Pessel Pasal 39(3) a–k).
pub const PROCESS_SECTORS: [&str; 11] = [
    "Kepegawaian",
    "Pembangunan Daerah",
    "Administrasi dan Kesekretariatan",
    "Pengelolaan Aset Daerah",
    "Kependudukan",
    "Kewilayahan/Spasial/Tata Ruang",
    "Ekonomi, Bisnis, dan Industri",
    "Transportasi",
    "Lingkungan Hidup",
    "Pendidikan",
    "Kesehatan",
];

/// The 23 application sectors (Pessel Lampiran I, D. Domain Arsitektur Aplikasi).
pub const APPLICATION_SECTORS: [&str; 23] = [
    "Pendidikan",
    "Kesehatan",
    "Pekerjaan Umum dan Penataan Ruang",
    "Sosial",
    "Ketentraman dan Ketertiban Umum dan Perlindungan",
    "Tenaga Kerja",
    "Pertanahan",
    "Lingkungan Hidup",
    "Administrasi Kependudukan dan Pencatatan Sipil",
    "Perhubungan",
    "Komunikasi dan Informatika",
    "Pemberdayaan Masyarakat dan Desa",
    "Perizinan",
    "Kebudayaan",
    "Perpustakaan dan Arsip",
    "Persandian",
    "Koperasi, Usaha Kecil dan Menengah",
    "Penanaman Modal",
    "Statistik",
    "Administrasi dan Manajemen Umum",
    "Administrasi Legislasi",
    "Manajemen Pembangunan",
    "Manajemen Keuangan",
];

/// The fields an Aplikasi Umum serves (Pessel Pasal 10(3) a–h).
pub const GENERAL_APPLICATION_FIELDS: [&str; 8] = [
    "Perencanaan",
    "Penganggaran",
    "Pengadaan barang dan jasa pemerintah",
    "Akuntabilitas kinerja",
    "Pemantauan dan evaluasi",
    "Kearsipan",
    "Kepegawaian",
    "Pengaduan pelayanan publik",
];

/// The sectors of electronic public services (Pessel Pasal 36(2) a–n).
pub const PUBLIC_SERVICE_SECTORS: [&str; 14] = [
    "Pendidikan",
    "Pengajaran",
    "Pekerjaan dan usaha",
    "Tempat tinggal",
    "Komunikasi dan informasi",
    "Lingkungan hidup",
    "Kesehatan",
    "Jaminan sosial",
    "Energi",
    "Perbankan",
    "Perhubungan",
    "Sumber daya alam",
    "Pariwisata",
    "Sektor strategis lainnya",
];

/// Layanan SPBE: administrative services for the bureaucracy's own work, or public services
/// (Pessel Pasal 35(2), Kalbar Pasal 25, Bogor Pasal 29).
pub const SERVICE_KINDS: [&str; 2] = ["administrasi", "publik"];

/// The levels of a business process map (level 1 the sector's main processes, level 4 the
/// activities).
pub const PROCESS_LEVELS: std::ops::RangeInclusive<i64> = 1..=4;

/// Who a data set is distributed to (Kalbar Pasal 11(7)c). Only `publik` data is public data
/// in the sense of Kalbar Pasal 11(3–5) and Pessel Pasal 12(3–4).
pub const DATA_DISTRIBUTIONS: [&str; 3] = ["publik", "antar_instansi", "internal"];

/// How often a data set is backed up (Kalbar Pasal 11(7)e).
pub const BACKUP_PERIODS: [&str; 6] = [
    "harian",
    "mingguan",
    "bulanan",
    "triwulanan",
    "tahunan",
    "tidak_ada",
];

/// Where an application is in its life.
pub const APPLICATION_STATUSES: [&str; 4] = ["planned", "development", "production", "retired"];

/// `ApplicationKind` and `Origin` as they are written (in sheets, forms and the API).
pub const APPLICATION_KINDS: [&str; 2] = ["umum", "khusus"];
pub const ORIGINS: [&str; 2] = ["built", "ready_made"];

/// Who holds the copyright of a built application: the Pemda, as the regulations require
/// (Bogor Pasal 25(5), Pessel Pasal 29(7), Kalbar Pasal 19(11)), or its developer.
pub const COPYRIGHT_HOLDERS: [&str; 2] = ["pemda", "pengembang"];

/// Whether a website or a piece of infrastructure is live.
pub const WEBSITE_STATUSES: [&str; 2] = ["aktif", "nonaktif"];

/// Whose agenda: the Tim Koordinasi SPBE (Pessel Pasal 16) or the Komite TI (Pasal 15).
pub const AGENDA_BODIES: [&str; 2] = ["tim_koordinasi", "komite_ti"];
/// Pessel Pasal 16(6): berkala (periodic) or insidental.
pub const AGENDA_KINDS: [&str; 2] = ["berkala", "insidental"];
pub const AGENDA_STATUSES: [&str; 3] = ["direncanakan", "terlaksana", "dibatalkan"];

/// An SPBE policy (Pessel Pasal 66) or a PD's SOP (Pasal 67), and where it stands.
pub const POLICY_KINDS: [&str; 2] = ["kebijakan", "sop"];
pub const POLICY_STATUSES: [&str; 3] = ["draf", "berlaku", "dicabut"];

/// The kinds of network site (Pessel Lampiran I Tabel 4.2).
pub const SITE_KINDS: [&str; 5] = [
    "pd_office",
    "puskesmas",
    "rsud",
    "kantor_perwakilan",
    "lokasi_publik",
];

/// Aplikasi Umum or Khusus (Pessel Pasal 10(2)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationKind {
    Umum,
    Khusus,
}

/// How the Pemda came by an application: the documentation rules bind applications built or
/// developed for it (Kalbar Pasal 19(10), Bogor Pasal 25(1), Pessel Pasal 29(5): "dibangun
/// baru"), not ready-made ones (Pessel Pasal 29(3)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Built,
    ReadyMade,
}

pub use crate::profile::RequiredDocument;

/// The documentation checklist of the region's regulation.
pub fn required_documents(profile: &Profile) -> &[RequiredDocument] {
    &profile.documents
}

/// Whether `host` is the Pemda's domain or a sub-domain of it (Pessel Pasal 11(3), Bogor
/// Pasal 22(2)). Compared label by label, so `evilpesisirselatankab.go.id` is outside.
pub fn under_domain(host: &str, domain: &str) -> bool {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    !domain.is_empty() && (host == domain || host.ends_with(&format!(".{domain}")))
}

/// A compliance rule.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    ApplicationDocumentsMissing,
    ApplicationUntested,
    ApplicationReviewOverdue,
    DatasetNotUpdated,
    PlanReviewOverdue,
    WebsiteOutsideDomain,
    LanDiagramMissing,
    CoordinationMeetingMissing,
    ServerOutsideDataCenter,
    PolicyMissing,
    SopMissing,
    ApplicationCopyrightElsewhere,
    /// A data set the PD does not back up (Bogor Pasal 17(1)).
    DatasetNotBackedUp,
    /// The Pusat Data has no Disaster Recovery Center (Kalbar Pasal 13(4)).
    DataCenterWithoutDrc,
    /// A PD has not identified its risks for the year in time (Pessel Lampiran III Bab V H 1).
    RiskNotIdentified,
    /// A risk was not monitored at a quarter's end (Pessel Lampiran III Bab V H 2).
    RiskReviewMissed,
    /// A security incident reached the Dinas after the profile's hours (Pessel Pasal 55(4)).
    IncidentReportedLate,
    /// A certificate in use past its expiry (Pessel Pasal 55(7)).
    CertificateExpired,
    /// A PD's ISMS not monitored and evaluated within the period (Kalbar Pasal 29(5)).
    IsmsNotEvaluated,
    /// An audit object not audited within the profile's audit_months (Pessel Pasal 63(2),
    /// Bogor Pasal 42(1)).
    AuditOverdue,
    /// An external ICT audit without the internal audit a month before it (Kalbar Pasal 36(5)).
    InternalAuditLate,
}

impl Rule {
    pub const ALL: [Rule; 21] = [
        Rule::ApplicationDocumentsMissing,
        Rule::ApplicationUntested,
        Rule::ApplicationReviewOverdue,
        Rule::DatasetNotUpdated,
        Rule::PlanReviewOverdue,
        Rule::WebsiteOutsideDomain,
        Rule::LanDiagramMissing,
        Rule::CoordinationMeetingMissing,
        Rule::ServerOutsideDataCenter,
        Rule::PolicyMissing,
        Rule::SopMissing,
        Rule::ApplicationCopyrightElsewhere,
        Rule::DatasetNotBackedUp,
        Rule::DataCenterWithoutDrc,
        Rule::RiskNotIdentified,
        Rule::RiskReviewMissed,
        Rule::IncidentReportedLate,
        Rule::CertificateExpired,
        Rule::IsmsNotEvaluated,
        Rule::AuditOverdue,
        Rule::InternalAuditLate,
    ];

    /// The rule's name in the API and the catalogue of words (`application_untested`).
    pub fn key(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// The rule a key names.
    pub fn parse(key: &str) -> Option<Rule> {
        Self::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The clause behind the rule in the region's profile, or None where it has none (the
    /// rule then does not fire there).
    pub fn clause(self, profile: &Profile) -> Option<&str> {
        profile.clause(self)
    }

    pub fn severity(self) -> Severity {
        match self {
            Rule::ApplicationUntested
            | Rule::WebsiteOutsideDomain
            | Rule::ApplicationCopyrightElsewhere
            | Rule::DataCenterWithoutDrc
            | Rule::CertificateExpired
            | Rule::InternalAuditLate => Severity::High,
            Rule::ApplicationDocumentsMissing
            | Rule::DatasetNotUpdated
            | Rule::PlanReviewOverdue
            | Rule::LanDiagramMissing
            | Rule::ServerOutsideDataCenter
            | Rule::DatasetNotBackedUp
            | Rule::RiskNotIdentified
            | Rule::RiskReviewMissed
            | Rule::IncidentReportedLate
            | Rule::IsmsNotEvaluated
            | Rule::AuditOverdue => Severity::Medium,
            Rule::ApplicationReviewOverdue
            | Rule::CoordinationMeetingMissing
            | Rule::PolicyMissing
            | Rule::SopMissing => Severity::Low,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    High,
    Medium,
    Low,
}

/// What the rules need to know of an application.
#[derive(Debug, Clone)]
pub struct ApplicationFacts {
    pub id: i64,
    pub pd_id: Option<i64>,
    pub name: String,
    pub origin: Origin,
    /// When it went into production; None while it is not in production.
    pub in_production_since: Option<NaiveDate>,
    /// Codes of the documents on file.
    pub documents: Vec<String>,
    /// When its pre-production test was recorded.
    pub tested_on: Option<NaiveDate>,
    pub last_review: Option<NaiveDate>,
    /// `COPYRIGHT_HOLDERS`, when recorded.
    pub copyright_holder: Option<String>,
}

/// When public data last updated on `last_updated` is due again: the PD's own declared
/// schedule ("secara berkala", Pessel Pasal 12(4)), within the longest the region allows
/// (Kalbar Pasal 11(5): at least once a year). The inventory's rule and the open data portal's
/// mark both read it.
pub fn dataset_update_due(
    profile: &Profile,
    last_updated: NaiveDate,
    every_months: u32,
) -> NaiveDate {
    let months = match &profile.dataset_max_update_months {
        Some(max) => every_months.min(max.value),
        None => every_months,
    };
    last_updated
        .checked_add_months(Months::new(months.max(1)))
        .unwrap_or(last_updated)
}

#[derive(Debug, Clone)]
pub struct DatasetFacts {
    pub id: i64,
    pub pd_id: Option<i64>,
    pub name: String,
    pub public: bool,
    pub last_updated: NaiveDate,
    /// How often the PD said it updates the data set, in months.
    pub update_every_months: u32,
    /// Whether the PD backs it up at all (a backup period other than `tidak_ada`).
    pub backed_up: bool,
}

#[derive(Debug, Clone)]
pub struct PlanFacts {
    pub id: i64,
    pub pd_id: Option<i64>,
    pub title: String,
    pub kind: crate::planning::PlanKind,
    pub start_year: i32,
    pub end_year: i32,
    /// When its current version was approved; None while it is a draft (a draft is not in
    /// force, so nothing is due).
    pub approved_on: Option<NaiveDate>,
    /// The dates of its recorded reviews.
    pub reviews: Vec<NaiveDate>,
}

#[derive(Debug, Clone)]
pub struct WebsiteFacts {
    pub id: i64,
    pub pd_id: Option<i64>,
    pub host: String,
}

/// Everything the rules are evaluated over.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Every PD, by id and name.
    pub pds: Vec<(i64, String)>,
    /// PDs that have submitted a LAN diagram.
    pub pds_with_lan_diagram: Vec<i64>,
    pub applications: Vec<ApplicationFacts>,
    pub datasets: Vec<DatasetFacts>,
    pub plans: Vec<PlanFacts>,
    pub websites: Vec<WebsiteFacts>,
    /// Dates of the Tim Koordinasi's periodic (not incidental) meetings.
    pub periodic_meetings: Vec<NaiveDate>,
    pub servers: Vec<ServerFacts>,
    /// The live Pusat Data sites in the infrastructure register.
    pub data_centers: Vec<ServerFacts>,
    /// Whether a live DRC is registered (whoever may read it: a fact about the Pemda).
    pub has_drc: bool,
    /// PDs assessed as Perangkat Daerah Mandiri TIK, who may run their own servers (Bogor
    /// Pasal 15(7)).
    pub mandiri_tik_pds: Vec<i64>,
    /// The subjects of `POLICY_SUBJECTS` with a policy in force.
    pub policies_in_force: Vec<String>,
    /// PDs with at least one SOP in force.
    pub pds_with_sop: Vec<i64>,
}

/// The SPBE policies a Pemda sets (Pessel Pasal 66(2–4)): six strategic, four operational, one
/// special.
pub const POLICY_SUBJECTS: [&str; 11] = [
    "Penetapan peran bidang TIK",
    "Perencanaan SPBE",
    "Kerangka kerja proses SPBE",
    "Pengelolaan investasi SPBE",
    "Pengelolaan sumber daya SPBE",
    "Pengelolaan risiko SPBE",
    "Pengelolaan layanan SPBE",
    "Pengelolaan keamanan SPBE",
    "Pengelolaan layanan pihak ketiga",
    "Monitor dan evaluasi kinerja SPBE",
    "Transaksi non tunai",
];

/// The ICT management processes a PD's SOPs cover (Pessel Pasal 67(1); the eight SPBE
/// management processes of Pessel Lampiran III).
pub const SOP_SUBJECTS: [&str; 8] = [
    "Manajemen risiko",
    "Manajemen keamanan informasi",
    "Manajemen data",
    "Manajemen aset TIK",
    "Manajemen sumber daya manusia",
    "Manajemen pengetahuan",
    "Manajemen perubahan",
    "Manajemen layanan",
];

/// Every subject a policy or an SOP may have (which one depends on its kind).
pub const POLICY_AND_SOP_SUBJECTS: [&str; 19] = joined(POLICY_SUBJECTS, SOP_SUBJECTS);

/// Every sector a Layanan SPBE may have (which ones depend on its kind).
pub const SERVICE_SECTORS: [&str; 22] = joined(PUBLIC_SERVICE_SECTORS, GENERAL_APPLICATION_FIELDS);

/// Two vocabularies as one (`N` is their lengths' sum, which the compiler checks).
const fn joined<const A: usize, const B: usize, const N: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; N] {
    assert!(A + B == N);
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = if i < A { a[i] } else { b[i - A] };
        i += 1;
    }
    out
}

/// A server or VPS and where it runs.
#[derive(Debug, Clone)]
pub struct ServerFacts {
    pub id: i64,
    pub pd_id: Option<i64>,
    pub name: String,
    /// In the Pemda's Pusat Data (or its DRC).
    pub in_data_center: bool,
}

/// Kinds of infrastructure the register holds: the Pusat Data and its DRC, servers and VPS
/// (Bogor Pasal 15(8)), the Pusat Data's offerings (Pessel Pasal 26(3)), network equipment.
pub const INFRASTRUCTURE_KINDS: [&str; 8] = [
    "pusat_data",
    "drc",
    "server",
    "vps",
    "iaas",
    "paas",
    "saas",
    "perangkat_jaringan",
];

/// Where a piece of infrastructure runs.
pub const INFRASTRUCTURE_PLACES: [&str; 5] = [
    "pusat_data",
    "drc",
    "pusat_data_nasional",
    "ruang_pd",
    "pihak_ketiga",
];

/// One thing the records show is missing or overdue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Finding {
    pub rule: Rule,
    pub clause: String,
    pub severity: Severity,
    /// The PD that must act; None for the Pemda as a whole (e.g. the Tim Koordinasi).
    pub pd_id: Option<i64>,
    /// What the finding is about: `application:12`, `dataset:3`, `pd:7`, `plan:2`, …
    pub subject: String,
    pub subject_name: String,
    /// When the regulation wanted it done (already passed, or today for a standing breach).
    pub due: NaiveDate,
    /// Rule-specific detail, e.g. the missing document codes.
    pub detail: Vec<String>,
}

impl Finding {
    /// A finding of `rule` on a PD's `subject`, where the profile holds the rule (None where it
    /// does not: the rule does not fire there).
    pub fn of(
        profile: &Profile,
        rule: Rule,
        pd_id: i64,
        subject: String,
        subject_name: &str,
        due: NaiveDate,
        detail: Vec<String>,
    ) -> Option<Finding> {
        profile.clause(rule).map(|clause| Finding {
            rule,
            clause: clause.to_string(),
            severity: rule.severity(),
            pd_id: Some(pd_id),
            subject,
            subject_name: subject_name.to_string(),
            due,
            detail,
        })
    }
}

fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    d.checked_add_months(Months::new(12 * years)).unwrap_or(d)
}

/// Evaluates every rule that binds in `profile` over `facts` as of `today`. Findings come
/// ordered by severity, then due date, then subject.
pub fn evaluate(profile: &Profile, facts: &Facts, today: NaiveDate) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |rule: Rule,
                    cite: Option<&str>,
                    pd_id: Option<i64>,
                    subject: String,
                    subject_name: &str,
                    due: NaiveDate,
                    detail: Vec<String>| {
        if let Some(clause) = rule.clause(profile) {
            out.push(Finding {
                rule,
                clause: cite.unwrap_or(clause).to_string(),
                severity: rule.severity(),
                pd_id,
                subject,
                subject_name: subject_name.to_string(),
                due,
                detail,
            });
        }
    };

    // What ran before the regulation had until the transitional deadline to conform (Bogor
    // Pasal 50, Pessel Pasal 69(1)): a rule it breaks is due from then, not from before.
    let transition = profile.transition_deadline();
    let from_transition = |since: NaiveDate| transition.map_or(since, |t| since.max(t));
    for a in &facts.applications {
        let Some(live) = a.in_production_since else {
            continue;
        };
        let due = from_transition(live);
        let subject = format!("application:{}", a.id);
        if a.origin == Origin::Built {
            let missing: Vec<String> = required_documents(profile)
                .iter()
                .filter(|d| !a.documents.contains(&d.code))
                .map(|d| d.code.clone())
                .collect();
            if !missing.is_empty() {
                push(
                    Rule::ApplicationDocumentsMissing,
                    None,
                    a.pd_id,
                    subject.clone(),
                    &a.name,
                    due,
                    missing,
                );
            }
        }
        // The Pemda holds the copyright of what was built for it (Bogor Pasal 25(5), Pessel
        // Pasal 29(7), Kalbar Pasal 19(11)): a record that says another holder is a finding.
        if a.origin == Origin::Built && a.copyright_holder.as_deref().is_some_and(|h| h != "pemda")
        {
            push(
                Rule::ApplicationCopyrightElsewhere,
                None,
                a.pd_id,
                subject.clone(),
                &a.name,
                due,
                vec![],
            );
        }
        // Tested before it went live, or it was not (Bogor Pasal 25(1), Pessel Pasal 29(2)).
        if a.tested_on.is_none_or(|t| t > live) {
            push(
                Rule::ApplicationUntested,
                None,
                a.pd_id,
                subject.clone(),
                &a.name,
                due,
                vec![],
            );
        }
        // Reviewed every so many years from going live (Kalbar Pasal 19(12): yearly).
        let every = profile
            .application_review_years
            .as_ref()
            .map_or(1, |y| y.value.max(1));
        let review_due = add_years(a.last_review.map_or(live, |r| r.max(live)), every);
        if review_due < today {
            push(
                Rule::ApplicationReviewOverdue,
                None,
                a.pd_id,
                subject,
                &a.name,
                review_due,
                vec![],
            );
        }
    }

    for d in facts.datasets.iter().filter(|d| d.public) {
        let due = dataset_update_due(profile, d.last_updated, d.update_every_months);
        if due < today {
            push(
                Rule::DatasetNotUpdated,
                None,
                d.pd_id,
                format!("dataset:{}", d.id),
                &d.name,
                due,
                vec![],
            );
        }
    }

    for p in facts.plans.iter().filter(|p| p.approved_on.is_some()) {
        let due =
            crate::planning::milestones(profile, p.kind, p.start_year, p.end_year, p.approved_on);
        if let Some(m) = crate::planning::missed_review(&due, &p.reviews, today) {
            push(
                Rule::PlanReviewOverdue,
                Some(&m.clause),
                p.pd_id,
                format!("plan:{}", p.id),
                &p.title,
                m.due,
                vec![m.label.clone()],
            );
        }
    }

    // A website or server out of line is due from the transitional deadline, or today where
    // the regulation sets none.
    let standing = transition.unwrap_or(today);
    if let Some(domain) = profile.domain() {
        for w in facts
            .websites
            .iter()
            .filter(|w| !under_domain(&w.host, domain))
        {
            push(
                Rule::WebsiteOutsideDomain,
                None,
                w.pd_id,
                format!("website:{}", w.id),
                &w.host,
                standing,
                vec![domain.to_string()],
            );
        }
    }

    for (pd, name) in &facts.pds {
        if !facts.pds_with_lan_diagram.contains(pd) {
            push(
                Rule::LanDiagramMissing,
                None,
                Some(*pd),
                format!("pd:{pd}"),
                name,
                today,
                vec![],
            );
        }
    }

    // Every PD places its servers in the Pusat Data (Bogor Pasal 15(5), Pessel Pasal 26(1)),
    // unless the region exempts a Perangkat Daerah Mandiri TIK (Bogor Pasal 15(7); no other
    // region has the exemption).
    let exempt = |pd: Option<i64>| {
        profile.mandiri_tik_runs_own_servers.is_some()
            && pd.is_some_and(|pd| facts.mandiri_tik_pds.contains(&pd))
    };
    for sv in facts.servers.iter().filter(|s| !s.in_data_center) {
        if exempt(sv.pd_id) {
            continue;
        }
        push(
            Rule::ServerOutsideDataCenter,
            None,
            sv.pd_id,
            format!("infrastructure:{}", sv.id),
            &sv.name,
            standing,
            vec![],
        );
    }

    // Every PD backs its data up to the Pusat Data (Bogor Pasal 17(1)).
    for d in facts.datasets.iter().filter(|d| !d.backed_up) {
        push(
            Rule::DatasetNotBackedUp,
            None,
            d.pd_id,
            format!("dataset:{}", d.id),
            &d.name,
            standing,
            vec![],
        );
    }

    // The Pusat Data has a Disaster Recovery Center (Kalbar Pasal 13(4)): each live Pusat
    // Data is a finding while no live DRC is registered.
    if !facts.has_drc {
        for dc in &facts.data_centers {
            push(
                Rule::DataCenterWithoutDrc,
                None,
                dc.pd_id,
                format!("infrastructure:{}", dc.id),
                &dc.name,
                standing,
                vec![],
            );
        }
    }

    // The Pemda's SPBE policies (Pessel Pasal 66) and every PD's SOPs (Pasal 67(1)).
    for subject in POLICY_SUBJECTS {
        if !facts.policies_in_force.iter().any(|p| p == subject) {
            push(
                Rule::PolicyMissing,
                None,
                None,
                format!("policy:{subject}"),
                subject,
                today,
                vec![],
            );
        }
    }
    for (pd, name) in &facts.pds {
        if !facts.pds_with_sop.contains(pd) {
            push(
                Rule::SopMissing,
                None,
                Some(*pd),
                format!("sop:{pd}"),
                name,
                today,
                vec![],
            );
        }
    }

    // At least so many periodic meetings a year (Pessel Pasal 17(1): "setidaknya 2 (dua) kali
    // dalam 1 (satu) tahun"), whenever in the year they fall. A year is in breach once
    // it has ended short of them, so the finding is for the year just ended, due on its last
    // day.
    if let Some(per_year) = &profile.coordination_meetings_per_year {
        let last_year = today.year() - 1;
        let held = facts
            .periodic_meetings
            .iter()
            .filter(|m| m.year() == last_year)
            .count();
        if held < per_year.value as usize {
            push(
                Rule::CoordinationMeetingMissing,
                None,
                None,
                format!("year:{last_year}"),
                "Tim Koordinasi SPBE",
                NaiveDate::from_ymd_opt(last_year, 12, 31).unwrap_or(today),
                vec![format!("{held}/{}", per_year.value)],
            );
        }
    }

    order(&mut out);
    out
}

/// Findings in the order they are listed: by severity, then due date, then subject.
pub fn order(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.severity, a.due, &a.subject, a.rule).cmp(&(b.severity, b.due, &b.subject, b.rule))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn app(id: i64, origin: Origin, docs: &[&str]) -> ApplicationFacts {
        ApplicationFacts {
            id,
            pd_id: Some(4),
            name: format!("app {id}"),
            origin,
            in_production_since: Some(day(2026, 3, 1)),
            documents: docs.iter().map(|d| d.to_string()).collect(),
            tested_on: Some(day(2026, 2, 20)),
            last_review: Some(day(2026, 3, 1)),
            copyright_holder: None,
        }
    }

    fn rules(f: &[Finding]) -> Vec<(Rule, String)> {
        f.iter().map(|f| (f.rule, f.subject.clone())).collect()
    }

    /// Facts with nothing to find in any profile on 2026-11-24.
    fn clean() -> Facts {
        Facts {
            pds: vec![(4, "Dinas Kesehatan".into())],
            pds_with_lan_diagram: vec![4],
            policies_in_force: POLICY_SUBJECTS.iter().map(|s| s.to_string()).collect(),
            pds_with_sop: vec![4],
            periodic_meetings: vec![day(2025, 3, 10), day(2025, 9, 1)],
            ..Facts::default()
        }
    }

    #[test]
    fn the_sector_lists_are_the_regulations() {
        // Pessel Pasal 39(3) a–k; Lampiran I: 23 application sectors; Pasal 10(3) a–h.
        assert_eq!(PROCESS_SECTORS.len(), 11);
        assert_eq!(APPLICATION_SECTORS.len(), 23);
        assert_eq!(APPLICATION_SECTORS[22], "Manajemen Keuangan");
        assert_eq!(GENERAL_APPLICATION_FIELDS[7], "Pengaduan pelayanan publik");
    }

    #[test]
    fn each_profile_has_its_own_document_checklist() {
        // Kalbar Pasal 19(10) a–h; Bogor Pasal 25(2) a–d; Pessel Pasal 29(5).
        assert_eq!(
            required_documents(crate::profile::shipped("kalbar").unwrap()).len(),
            8
        );
        assert_eq!(
            required_documents(crate::profile::shipped("bogor").unwrap()).len(),
            4
        );
        assert_eq!(
            required_documents(crate::profile::shipped("pessel").unwrap()).len(),
            4
        );
        assert_eq!(
            required_documents(crate::profile::shipped("kalbar").unwrap())[7].clause,
            "Kalbar Pasal 19(10)h"
        );
        for p in [
            crate::profile::shipped("kalbar").unwrap(),
            crate::profile::shipped("bogor").unwrap(),
            crate::profile::shipped("pessel").unwrap(),
        ] {
            let codes: std::collections::HashSet<_> = required_documents(p)
                .iter()
                .map(|d| d.code.as_str())
                .collect();
            assert_eq!(codes.len(), required_documents(p).len(), "codes are unique");
        }
    }

    #[test]
    fn websites_must_sit_under_the_pemda_domain() {
        // Pessel Pasal 11(3), Bogor Pasal 22(2).
        let d = "pesisirselatankab.go.id";
        assert!(under_domain("pesisirselatankab.go.id", d));
        assert!(under_domain("dinkes.pesisirselatankab.go.id", d));
        assert!(under_domain("PPID.PesisirSelatanKab.go.id.", d));
        assert!(!under_domain("evilpesisirselatankab.go.id", d));
        assert!(!under_domain("dinkes-pessel.blogspot.com", d));
        assert!(!under_domain("pesisirselatankab.go.id.example.com", d));
        assert!(!under_domain("anything", ""));
    }

    #[test]
    fn a_clean_record_has_no_findings() {
        let today = day(2026, 11, 24);
        let mut facts = clean();
        facts.applications.push(app(
            1,
            Origin::Built,
            &["requirements", "design", "user_manual", "source_code"],
        ));
        facts.websites.push(WebsiteFacts {
            id: 1,
            pd_id: Some(4),
            host: "dinkes.pesisirselatankab.go.id".into(),
        });
        assert_eq!(
            evaluate(crate::profile::shipped("pessel").unwrap(), &facts, today),
            vec![]
        );
    }

    #[test]
    fn a_built_application_needs_its_documents_a_ready_made_one_does_not() {
        let today = day(2026, 11, 24);
        let mut facts = clean();
        facts
            .applications
            .push(app(1, Origin::Built, &["requirements", "design"]));
        facts.applications.push(app(2, Origin::ReadyMade, &[]));
        let f = evaluate(crate::profile::shipped("pessel").unwrap(), &facts, today);
        assert_eq!(
            rules(&f),
            vec![(Rule::ApplicationDocumentsMissing, "application:1".into())]
        );
        assert_eq!(f[0].clause, "Pessel Pasal 29(5)");
        assert_eq!(f[0].detail, vec!["user_manual", "source_code"]);
        assert_eq!(f[0].due, day(2026, 3, 1), "due when it went live");
        assert_eq!(f[0].pd_id, Some(4));
        // Kalbar asks for eight documents (Pasal 19(10) a–h): all eight are missing.
        let k = evaluate(crate::profile::shipped("kalbar").unwrap(), &facts, today);
        let docs = k
            .iter()
            .find(|f| f.rule == Rule::ApplicationDocumentsMissing)
            .unwrap();
        assert_eq!(docs.detail.len(), 8);
    }

    #[test]
    fn an_application_tested_after_going_live_or_never_is_untested() {
        // Bogor Pasal 25(1), Pessel Pasal 29(2): tested before production.
        let today = day(2026, 11, 24);
        let mut facts = clean();
        let mut late = app(1, Origin::ReadyMade, &[]);
        late.tested_on = Some(day(2026, 3, 2));
        let mut never = app(2, Origin::ReadyMade, &[]);
        never.tested_on = None;
        let mut not_live = app(3, Origin::ReadyMade, &[]);
        not_live.in_production_since = None;
        not_live.tested_on = None;
        facts.applications = vec![late, never, not_live];
        let f = evaluate(crate::profile::shipped("bogor").unwrap(), &facts, today);
        let untested: Vec<_> = f
            .iter()
            .filter(|f| f.rule == Rule::ApplicationUntested)
            .map(|f| f.subject.as_str())
            .collect();
        assert_eq!(untested, vec!["application:1", "application:2"]);
        assert!(f.iter().all(|f| f.clause.starts_with("Bogor")));
        assert_eq!(Rule::ApplicationUntested.severity(), Severity::High);
    }

    #[test]
    fn an_application_review_is_due_a_year_after_the_last_one_in_kalbar() {
        // Kalbar Pasal 19(12): at least once a year. Bogor and Pessel have no such clause.
        let mut facts = clean();
        let mut a = app(1, Origin::ReadyMade, &[]);
        a.last_review = None; // live since 2026-03-01, never reviewed
        facts.applications.push(a);
        let on_time = evaluate(
            crate::profile::shipped("kalbar").unwrap(),
            &facts,
            day(2027, 3, 1),
        );
        assert!(
            !rules(&on_time).contains(&(Rule::ApplicationReviewOverdue, "application:1".into()))
        );
        let late = evaluate(
            crate::profile::shipped("kalbar").unwrap(),
            &facts,
            day(2027, 3, 2),
        );
        let f = late
            .iter()
            .find(|f| f.rule == Rule::ApplicationReviewOverdue)
            .unwrap();
        assert_eq!(
            (f.clause.as_str(), f.due),
            ("Kalbar Pasal 19(12)", day(2027, 3, 1))
        );
        assert!(!evaluate(
            crate::profile::shipped("pessel").unwrap(),
            &facts,
            day(2027, 3, 2)
        )
        .iter()
        .any(|f| f.rule == Rule::ApplicationReviewOverdue));
    }

    #[test]
    fn public_data_is_updated_at_least_yearly() {
        // Kalbar Pasal 11(5); internal data sets are not bound by it.
        let mut facts = clean();
        facts.datasets = vec![
            DatasetFacts {
                id: 1,
                pd_id: Some(4),
                name: "Jumlah puskesmas".into(),
                public: true,
                last_updated: day(2025, 11, 23),
                update_every_months: 12,
                backed_up: true,
            },
            DatasetFacts {
                id: 2,
                pd_id: Some(4),
                name: "Rekap internal".into(),
                public: false,
                last_updated: day(2020, 1, 1),
                update_every_months: 12,
                backed_up: true,
            },
            DatasetFacts {
                id: 3,
                pd_id: Some(4),
                name: "Jumlah bidan".into(),
                public: true,
                last_updated: day(2025, 11, 24),
                update_every_months: 12,
                backed_up: true,
            },
        ];
        let f = evaluate(
            crate::profile::shipped("kalbar").unwrap(),
            &facts,
            day(2026, 11, 24),
        );
        assert_eq!(
            rules(&f),
            vec![(Rule::DatasetNotUpdated, "dataset:1".into())]
        );
        assert_eq!(f[0].due, day(2026, 11, 23));
    }

    #[test]
    fn a_data_set_is_due_on_its_declared_schedule_and_kalbar_caps_it_at_a_year() {
        let mut facts = clean();
        let set = |id, every, last| DatasetFacts {
            id,
            pd_id: Some(4),
            name: format!("set {id}"),
            public: true,
            last_updated: last,
            update_every_months: every,
            backed_up: true,
        };
        facts.datasets = vec![
            // Quarterly, last updated five months ago: overdue everywhere it binds.
            set(1, 3, day(2026, 6, 24)),
            // Every two years, last updated 18 months ago: Kalbar's yearly floor is breached,
            // Pessel's "berkala" (the PD's schedule) is not.
            set(2, 24, day(2025, 5, 24)),
        ];
        let today = day(2026, 11, 24);
        let kalbar = evaluate(crate::profile::shipped("kalbar").unwrap(), &facts, today);
        assert_eq!(
            rules(&kalbar),
            vec![
                (Rule::DatasetNotUpdated, "dataset:2".into()),
                (Rule::DatasetNotUpdated, "dataset:1".into())
            ]
        );
        assert_eq!(kalbar[0].due, day(2026, 5, 24));
        assert_eq!(kalbar[1].due, day(2026, 9, 24));
        let pessel = evaluate(crate::profile::shipped("pessel").unwrap(), &facts, today);
        assert_eq!(
            rules(&pessel),
            vec![(Rule::DatasetNotUpdated, "dataset:1".into())]
        );
        assert_eq!(pessel[0].clause, "Pessel Pasal 12(4)");
        // Bogor's regulation has no update period for data sets.
        assert!(evaluate(crate::profile::shipped("bogor").unwrap(), &facts, today).is_empty());
    }

    #[test]
    fn plans_past_their_review_and_websites_outside_the_domain_are_found() {
        let today = day(2026, 11, 24);
        let mut facts = clean();
        let plan = |id, title: &str, kind, start_year, reviews: Vec<NaiveDate>| PlanFacts {
            id,
            pd_id: None,
            title: title.into(),
            kind,
            start_year,
            end_year: start_year + 4,
            approved_on: Some(day(start_year, 2, 1)),
            reviews,
        };
        use crate::planning::PlanKind;
        facts.plans = vec![
            // Evaluated in 2022–2024 but not in 2025 (Bogor Pasal 7(6): every year).
            plan(
                1,
                "Arsitektur SPBE 2022–2026",
                PlanKind::Arsitektur,
                2022,
                vec![day(2022, 11, 1), day(2023, 11, 1), day(2024, 11, 1)],
            ),
            // Evaluated each year so far.
            plan(
                2,
                "Peta Rencana 2025–2029",
                PlanKind::PetaRencana,
                2025,
                vec![day(2025, 10, 1)],
            ),
            // A draft is not in force.
            PlanFacts {
                approved_on: None,
                ..plan(3, "Arsitektur draf", PlanKind::Arsitektur, 2020, vec![])
            },
        ];
        facts.websites = vec![WebsiteFacts {
            id: 9,
            pd_id: Some(4),
            host: "dinkes-pessel.blogspot.com".into(),
        }];
        // Bogor Pasal 7(6) sets a yearly evaluation; Bogor Pasal 22(2) the domain.
        let f = evaluate(crate::profile::shipped("bogor").unwrap(), &facts, today);
        assert_eq!(
            rules(&f),
            vec![
                (Rule::WebsiteOutsideDomain, "website:9".into()),
                (Rule::PlanReviewOverdue, "plan:1".into()),
            ],
            "high severity first"
        );
        assert_eq!(f[0].clause, "Bogor Pasal 22(2)");
        assert_eq!(f[0].detail, vec!["kotabogor.go.id"]);
        // Due since the end of Bogor Pasal 50's two-year transition.
        assert_eq!(f[0].due, day(2023, 5, 3));
        assert_eq!(f[1].clause, "Bogor Pasal 7(6)");
        assert_eq!(f[1].due, day(2025, 12, 31));
        assert_eq!(f[1].detail, vec!["tahunan 2025"]);
        // Kalbar has no domain clause, so the same website is no finding there.
        assert!(
            !evaluate(crate::profile::shipped("kalbar").unwrap(), &facts, today)
                .iter()
                .any(|f| f.rule == Rule::WebsiteOutsideDomain)
        );
    }

    #[test]
    fn every_pd_submits_a_lan_diagram_in_bogor() {
        // Bogor Pasal 21(1).
        let mut facts = clean();
        facts.pds.push((5, "Dinas Pendidikan".into()));
        facts.pds_with_sop.push(5);
        let f = evaluate(
            crate::profile::shipped("bogor").unwrap(),
            &facts,
            day(2026, 11, 24),
        );
        assert_eq!(rules(&f), vec![(Rule::LanDiagramMissing, "pd:5".into())]);
        assert_eq!(f[0].pd_id, Some(5));
        assert!(evaluate(
            crate::profile::shipped("pessel").unwrap(),
            &facts,
            day(2026, 11, 24)
        )
        .is_empty());
    }

    #[test]
    fn the_tim_koordinasi_meets_at_least_twice_a_year_whenever_in_the_year() {
        // Pessel Pasal 17(1): "setidaknya 2 (dua) kali dalam 1 (satu) tahun". Two meetings in
        // the first half of a year comply (the half-year reading, once coded, did not).
        let pessel = crate::profile::shipped("pessel").unwrap();
        let mut facts = clean();
        facts.periodic_meetings = vec![day(2026, 2, 10), day(2026, 3, 20)];
        assert!(evaluate(pessel, &facts, day(2027, 1, 5)).is_empty());
        // One meeting is short; the year is in breach once it has ended, due on its last day.
        facts.periodic_meetings = vec![day(2026, 3, 10)];
        assert!(
            !rules(&evaluate(pessel, &facts, day(2026, 11, 24)))
                .contains(&(Rule::CoordinationMeetingMissing, "year:2026".into())),
            "2026 is still running"
        );
        let f = evaluate(pessel, &facts, day(2027, 1, 5));
        assert_eq!(
            rules(&f),
            vec![(Rule::CoordinationMeetingMissing, "year:2026".into())]
        );
        assert_eq!((f[0].due, f[0].pd_id), (day(2026, 12, 31), None));
        assert_eq!(f[0].detail, vec!["1/2".to_string()]);
        facts.periodic_meetings.push(day(2026, 12, 31));
        assert!(evaluate(pessel, &facts, day(2027, 1, 5)).is_empty());
        // A region without the rule finds nothing.
        facts.periodic_meetings.clear();
        assert!(evaluate(
            crate::profile::shipped("bogor").unwrap(),
            &facts,
            day(2027, 1, 5)
        )
        .iter()
        .all(|f| f.rule != Rule::CoordinationMeetingMissing));
    }

    #[test]
    fn servers_belong_in_the_pusat_data_unless_the_pd_is_mandiri_tik() {
        let mut facts = clean();
        let server = |id, pd, inside| ServerFacts {
            id,
            pd_id: Some(pd),
            name: format!("server {id}"),
            in_data_center: inside,
        };
        facts.servers = vec![server(1, 4, true), server(2, 4, false), server(3, 5, false)];
        facts.mandiri_tik_pds = vec![5];
        let f = evaluate(
            crate::profile::shipped("bogor").unwrap(),
            &facts,
            day(2026, 11, 24),
        );
        assert_eq!(
            rules(&f),
            vec![(Rule::ServerOutsideDataCenter, "infrastructure:2".into())]
        );
        assert_eq!(f[0].clause, "Bogor Pasal 15(5)");
        assert!(evaluate(
            crate::profile::shipped("kalbar").unwrap(),
            &facts,
            day(2026, 11, 24)
        )
        .is_empty());
        // The Mandiri TIK exemption is Bogor's (Pasal 15(7)): in Pesisir Selatan every PD's
        // server belongs in the Pusat Data (Pessel Pasal 26(1)), whatever it was assessed as.
        let pessel = evaluate(
            crate::profile::shipped("pessel").unwrap(),
            &facts,
            day(2026, 11, 24),
        );
        let servers: Vec<_> = rules(&pessel)
            .into_iter()
            .filter(|(r, _)| *r == Rule::ServerOutsideDataCenter)
            .collect();
        assert_eq!(
            servers,
            vec![
                (Rule::ServerOutsideDataCenter, "infrastructure:2".into()),
                (Rule::ServerOutsideDataCenter, "infrastructure:3".into())
            ]
        );
    }

    #[test]
    fn bogor_pds_back_their_data_up() {
        // Bogor Pasal 17(1); Kalbar and Pessel set no such duty.
        let mut facts = clean();
        let set = |id, backed_up| DatasetFacts {
            id,
            pd_id: Some(4),
            name: format!("set {id}"),
            public: false,
            last_updated: day(2026, 11, 1),
            update_every_months: 12,
            backed_up,
        };
        facts.datasets = vec![set(1, true), set(2, false)];
        let today = day(2026, 11, 24);
        let f = evaluate(crate::profile::shipped("bogor").unwrap(), &facts, today);
        assert_eq!(
            rules(&f),
            vec![(Rule::DatasetNotBackedUp, "dataset:2".into())]
        );
        assert_eq!(f[0].clause, "Bogor Pasal 17(1)");
        for other in ["kalbar", "pessel"] {
            let f = evaluate(crate::profile::shipped(other).unwrap(), &facts, today);
            assert!(f.is_empty(), "{other}: {f:?}");
        }
    }

    #[test]
    fn kalbar_s_pusat_data_has_a_drc() {
        // Kalbar Pasal 13(4); in Pessel a DRC is optional (25(2)).
        let mut facts = clean();
        facts.data_centers = vec![ServerFacts {
            id: 7,
            pd_id: Some(4),
            name: "Pusat Data Provinsi".into(),
            in_data_center: true,
        }];
        let today = day(2026, 11, 24);
        let kalbar = crate::profile::shipped("kalbar").unwrap();
        let f = evaluate(kalbar, &facts, today);
        assert_eq!(
            rules(&f),
            vec![(Rule::DataCenterWithoutDrc, "infrastructure:7".into())]
        );
        assert_eq!(f[0].clause, "Kalbar Pasal 13(4)");
        assert!(evaluate(crate::profile::shipped("pessel").unwrap(), &facts, today).is_empty());
        facts.has_drc = true;
        assert!(evaluate(kalbar, &facts, today).is_empty());
    }

    #[test]
    fn the_pemda_holds_the_copyright_of_what_was_built_for_it() {
        // Bogor Pasal 25(5), Pessel Pasal 29(7), Kalbar Pasal 19(11).
        let mut facts = clean();
        let mut theirs = app(1, Origin::Built, &[]);
        theirs.copyright_holder = Some("pengembang".into());
        let mut ours = app(2, Origin::Built, &[]);
        ours.copyright_holder = Some("pemda".into());
        let mut bought = app(3, Origin::ReadyMade, &[]);
        bought.copyright_holder = Some("pengembang".into());
        let unknown = app(4, Origin::Built, &[]);
        facts.applications = vec![theirs, ours, bought, unknown];
        for (name, clause) in [
            ("bogor", "Bogor Pasal 25(5)"),
            ("pessel", "Pessel Pasal 29(7)"),
            ("kalbar", "Kalbar Pasal 19(11)"),
        ] {
            let f = evaluate(
                crate::profile::shipped(name).unwrap(),
                &facts,
                day(2026, 11, 24),
            );
            let found: Vec<_> = f
                .iter()
                .filter(|f| f.rule == Rule::ApplicationCopyrightElsewhere)
                .map(|f| (f.subject.as_str(), f.clause.as_str()))
                .collect();
            assert_eq!(found, vec![("application:1", clause)], "{name}");
        }
        // The national base has no such clause.
        assert!(evaluate(
            crate::profile::shipped("nasional").unwrap(),
            &facts,
            day(2026, 11, 24)
        )
        .iter()
        .all(|f| f.rule != Rule::ApplicationCopyrightElsewhere));
    }

    #[test]
    fn what_ran_before_the_regulation_is_due_from_the_transitional_deadline() {
        // Bogor Pasal 50, Pessel Pasal 69(1): an application live since 2020 had until the
        // transitional deadline to conform, so its findings are due from then, not from 2020.
        let mut facts = clean();
        let mut old = app(1, Origin::Built, &[]);
        old.in_production_since = Some(day(2020, 1, 1));
        old.tested_on = None;
        facts.applications.push(old);
        let pessel = evaluate(
            crate::profile::shipped("pessel").unwrap(),
            &facts,
            day(2026, 11, 24),
        );
        for rule in [Rule::ApplicationDocumentsMissing, Rule::ApplicationUntested] {
            let f = pessel.iter().find(|f| f.rule == rule).unwrap();
            assert_eq!(f.due, day(2022, 6, 4), "{rule:?}");
        }
        let bogor = evaluate(
            crate::profile::shipped("bogor").unwrap(),
            &facts,
            day(2026, 11, 24),
        );
        let f = bogor
            .iter()
            .find(|f| f.rule == Rule::ApplicationUntested)
            .unwrap();
        assert_eq!(f.due, day(2023, 5, 3));
        // Kalbar sets no transition: due from going live.
        let kalbar = evaluate(
            crate::profile::shipped("kalbar").unwrap(),
            &facts,
            day(2026, 11, 24),
        );
        let f = kalbar
            .iter()
            .find(|f| f.rule == Rule::ApplicationUntested)
            .unwrap();
        assert_eq!(f.due, day(2020, 1, 1));
    }

    #[test]
    fn pessel_wants_its_eleven_policies_and_every_pd_an_sop() {
        let mut facts = clean();
        facts
            .policies_in_force
            .retain(|p| p != "Transaksi non tunai");
        facts.pds.push((7, "Dinas Perhubungan".into()));
        facts.pds_with_lan_diagram.push(7);
        let f = evaluate(
            crate::profile::shipped("pessel").unwrap(),
            &facts,
            day(2026, 11, 24),
        );
        assert_eq!(
            rules(&f),
            vec![
                (Rule::PolicyMissing, "policy:Transaksi non tunai".into()),
                (Rule::SopMissing, "sop:7".into())
            ]
        );
        assert_eq!(f[0].clause, "Pessel Pasal 66");
        assert_eq!(f[1].pd_id, Some(7));
        assert!(evaluate(
            crate::profile::shipped("bogor").unwrap(),
            &facts,
            day(2026, 11, 24)
        )
        .is_empty());
    }

    #[test]
    fn every_rule_cites_a_clause_somewhere_and_only_its_own_regulation() {
        for rule in Rule::ALL {
            let mut cited = false;
            for p in [
                crate::profile::shipped("kalbar").unwrap(),
                crate::profile::shipped("bogor").unwrap(),
                crate::profile::shipped("pessel").unwrap(),
            ] {
                if let Some(c) = rule.clause(p) {
                    cited = true;
                    assert!(c.starts_with(&p.cite_as), "{rule:?} {c}");
                }
            }
            assert!(cited, "{rule:?}");
        }
    }

    /// The gate admits exactly those `authorize` lets write some record of some PD.
    #[test]
    fn the_register_gate_is_the_record_rule_for_some_record() {
        use crate::access::{authorize, Action, Actor, Grant, Resource};
        use crate::org::{Classification, PdId, Role, UserId};
        let mut actors = vec![Actor::Public];
        actors.extend(Role::ALL.map(|role| Actor::User {
            id: UserId(1),
            grants: vec![Grant {
                role,
                pd: (role == Role::OperatorPd).then_some(PdId(4)),
            }],
        }));
        for actor in &actors {
            for action in [Action::Create, Action::Update, Action::Delete] {
                let some = [PdId(4), PdId(5)].iter().any(|pd| {
                    Classification::ALL
                        .iter()
                        .any(|c| authorize(actor, action, &Resource::record(Some(*pd), *c)).is_ok())
                });
                assert_eq!(KEEPS_REGISTERS.admits(actor).is_ok(), some, "{actor:?}");
            }
        }
        assert_eq!(
            KEEPS_REGISTERS.admits(&Actor::Public),
            authorize(
                &Actor::Public,
                Action::Create,
                &Resource::record(Some(PdId(4)), Classification::Biasa)
            )
        );
    }
}
