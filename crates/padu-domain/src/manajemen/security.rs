//! Manajemen Keamanan Informasi SPBE (PRODUCT.md module 4; Kalbar Pasal 29, Bogor Pasal 34,
//! Pessel Pasal 54–55, after Peraturan BSSN 4/2021): the vocabularies of security incidents and
//! certificates, and the rules over them — an incident reported to the Dinas late (Pessel Pasal
//! 55(4): "segera melaporkan kepada Dinas"), a certificate past its expiry (Pessel Pasal 55(7);
//! Kalbar Pasal 20(6), Bogor Pasal 26(6)), and when a certificate's holder is reminded of the
//! expiry ahead. Every number is the profile's. Pure: the caller gives the moment.

use crate::catalog::{Finding, Rule};
use crate::profile::Profile;
use crate::Gate;
use chrono::{Duration, NaiveDate, NaiveDateTime};

/// What kind of security incident (after BSSN's incident taxonomy).
pub const INCIDENT_CATEGORIES: [&str; 9] = [
    "malware",
    "ransomware",
    "phishing",
    "serangan_ddos",
    "akses_tidak_sah",
    "kebocoran_data",
    "perubahan_tampilan_situs",
    "gangguan_layanan",
    "insiden_lainnya",
];

/// How severe an incident is.
pub const SEVERITIES: [&str; 4] = ["rendah", "sedang", "tinggi", "kritis"];

/// Where an incident's handling stands.
pub const INCIDENT_STATUSES: [&str; 4] = [
    "dilaporkan",
    "penanggulangan",
    "pemulihan",
    "insiden_ditutup",
];

/// The six processes of Manajemen Keamanan Informasi SPBE (Peraturan BSSN 4/2021; Kalbar
/// Pasal 29(2), Bogor Pasal 34(2), Pessel Pasal 54(2)), each a stage with its own records.
pub const ISMS_STAGES: [&str; 6] = [
    "penetapan_ruang_lingkup",
    "penetapan_penanggung_jawab",
    "perencanaan",
    "dukungan_pengoperasian",
    "evaluasi_kinerja",
    "perbaikan_berkelanjutan",
];

/// The stage whose records are the ISMS's monitoring and evaluation.
pub const EVALUATION_STAGE: &str = "evaluasi_kinerja";

/// The BSSN web-application security standard (Peraturan BSSN 4/2021, standar teknis keamanan
/// aplikasi berbasis web): its 13 functions, each with its run of the 72 controls K1–K72. The
/// structure is the standard's; each control's text is the region's to import.
pub const CONTROL_FUNCTIONS: [(&str, u8, u8); 13] = [
    ("autentikasi", 1, 7),
    ("manajemen_sesi", 8, 14),
    ("kontrol_akses", 15, 18),
    ("validasi_input", 19, 25),
    ("kriptografi", 26, 29),
    ("penanganan_error_dan_log", 30, 36),
    ("proteksi_data", 37, 42),
    ("keamanan_komunikasi", 43, 46),
    ("pengendalian_kode_berbahaya", 47, 51),
    ("logika_bisnis", 52, 56),
    ("keamanan_berkas", 57, 61),
    ("keamanan_api_dan_web_service", 62, 67),
    ("keamanan_konfigurasi", 68, 72),
];

/// The Dinas keeps the standard's texts for the region.
pub const SETS_CONTROL_TEXTS: Gate = Gate::ADMIN;

/// Where an application stands on one control.
pub const CONTROL_STATUSES: [&str; 4] = [
    "terpenuhi",
    "terpenuhi_sebagian",
    "belum_terpenuhi",
    "tidak_berlaku",
];

/// Every control of the standard as (code, function), K1 to K72 in order.
pub fn controls() -> impl Iterator<Item = (String, &'static str)> {
    CONTROL_FUNCTIONS
        .iter()
        .flat_map(|(function, first, last)| {
            (*first..=*last).map(move |n| (format!("K{n}"), *function))
        })
}

/// The function control `code` belongs to, if it is one of the standard's.
pub fn control_function(code: &str) -> Option<&'static str> {
    let n: u8 = code.strip_prefix('K')?.parse().ok()?;
    // One spelling a control: `K5`, never `K05` or `K+5`.
    if code != format!("K{n}") {
        return None;
    }
    CONTROL_FUNCTIONS
        .iter()
        .find(|(_, first, last)| (*first..=*last).contains(&n))
        .map(|(f, _, _)| *f)
}

/// An electronic certificate of an official (TTE, BSrE) or a TLS certificate of a website or
/// service.
pub const CERTIFICATE_KINDS: [&str; 2] = ["sertifikat_elektronik", "sertifikat_tls"];

/// A moment in the region's time as records keep it: `YYYY-MM-DDTHH:MM` (a sheet or an API
/// client may also write a space for the `T`, seconds, or the day first as `DD/MM/YYYY HH:MM`).
pub fn parse_moment(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    [
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y %H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(t, f).ok())
}

/// How a moment is kept.
pub fn moment_text(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%dT%H:%M").to_string()
}

/// What the rules need of an incident; moments are in the region's time.
#[derive(Debug, Clone)]
pub struct IncidentFact {
    pub id: i64,
    pub pd_id: i64,
    pub title: String,
    pub detected_at: NaiveDateTime,
    /// When the Dinas had the report: the moment given, else when it was recorded in Padu.
    pub reported_at: NaiveDateTime,
}

/// What the rules need of a certificate.
#[derive(Debug, Clone)]
pub struct CertificateFact {
    pub id: i64,
    pub pd_id: i64,
    pub subject: String,
    pub not_after: NaiveDate,
    pub revoked: bool,
    pub classification: crate::Classification,
}

/// What the rules need of an ISMS record.
#[derive(Debug, Clone)]
pub struct IsmsFact {
    pub pd_id: i64,
    pub stage: String,
    pub recorded_on: NaiveDate,
}

/// Each PD whose application of the ISMS was not monitored and evaluated within the profile's
/// `isms_evaluation_months` (Kalbar Pasal 29(4)-(5): every PD applies it, evaluated at least
/// yearly): due a period after its last evaluation, or at once when it never had one.
pub fn evaluation_findings(
    profile: &Profile,
    pds: &[(i64, String)],
    records: &[IsmsFact],
    today: NaiveDate,
) -> Vec<Finding> {
    let Some(months) = &profile.isms_evaluation_months else {
        return Vec::new();
    };
    pds.iter()
        .filter_map(|(pd, name)| {
            let last = records
                .iter()
                .filter(|r| r.pd_id == *pd && r.stage == EVALUATION_STAGE)
                .map(|r| r.recorded_on)
                .max();
            let due = match last {
                Some(last) => last.checked_add_months(chrono::Months::new(months.value))?,
                None => today,
            };
            if due > today {
                return None;
            }
            let detail = last
                .map(|d| vec![d.format("%d-%m-%Y").to_string()])
                .unwrap_or_default();
            Finding::of(
                profile,
                Rule::IsmsNotEvaluated,
                *pd,
                format!("pd:{pd}"),
                name,
                due,
                detail,
            )
        })
        .collect()
}

/// The latest an incident detected at `detected` may reach the Dinas.
pub fn report_deadline(profile: &Profile, detected: NaiveDateTime) -> Option<NaiveDateTime> {
    let hours = profile.incident_report_hours.as_ref()?.value;
    detected.checked_add_signed(Duration::hours(i64::from(hours)))
}

/// When incident `i` was due at the Dinas and whether it came late, where the profile sets the
/// hours.
pub fn report_due(profile: &Profile, i: &IncidentFact) -> Option<(NaiveDateTime, bool)> {
    report_deadline(profile, i.detected_at).map(|due| (due, i.reported_at > due))
}

/// The security findings as of `today`: each incident that reached the Dinas after the
/// profile's `incident_report_hours`, and each certificate in use (not revoked) past its expiry.
/// A rule the profile does not hold does not fire.
pub fn findings(
    profile: &Profile,
    incidents: &[IncidentFact],
    certificates: &[CertificateFact],
    today: NaiveDate,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let finding = |rule, pd, subject, name: &str, due, detail| {
        Finding::of(profile, rule, pd, subject, name, due, detail)
    };
    for i in incidents {
        let Some((deadline, late)) = report_due(profile, i) else {
            break;
        };
        if late {
            let late = i.reported_at - i.detected_at;
            out.extend(finding(
                Rule::IncidentReportedLate,
                i.pd_id,
                format!("security_incident:{}", i.id),
                &i.title,
                deadline.date(),
                vec![format!("{} jam", late.num_hours())],
            ));
        }
    }
    for c in certificates.iter().filter(|c| !c.revoked) {
        if c.not_after < today {
            out.extend(finding(
                Rule::CertificateExpired,
                c.pd_id,
                format!("certificate:{}", c.id),
                &c.subject,
                c.not_after,
                vec![c.not_after.format("%d-%m-%Y").to_string()],
            ));
        }
    }
    out
}

/// The reminder a certificate expiring on `not_after` is due as of `today`: the nearest of the
/// profile's `certificate_reminder_days` already reached and not yet `sent` (only the nearest:
/// a certificate first seen five days out is reminded once, at 7, not at 30 too). None once it
/// expired, or when every reached reminder went.
pub fn reminder_due(
    profile: &Profile,
    not_after: NaiveDate,
    today: NaiveDate,
    sent: &[u32],
) -> Option<u32> {
    let left = (not_after - today).num_days();
    if left < 0 {
        return None;
    }
    let days = &profile.certificate_reminder_days.as_ref()?.value;
    let nearest = days
        .iter()
        .copied()
        .filter(|d| left <= i64::from(*d))
        .min()?;
    // A nearer reminder already sent covers the farther ones.
    (!sent.iter().any(|s| *s <= nearest)).then_some(nearest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile;

    fn pessel() -> Profile {
        profile::shipped("pessel").expect("pessel loads").clone()
    }

    fn at(s: &str) -> NaiveDateTime {
        parse_moment(s).expect("a moment")
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    #[test]
    fn the_standard_has_13_functions_and_72_controls_in_order() {
        let all: Vec<_> = controls().collect();
        assert_eq!(all.len(), 72);
        assert_eq!(all[0], ("K1".to_string(), "autentikasi"));
        assert_eq!(all[71], ("K72".to_string(), "keamanan_konfigurasi"));
        for (i, (code, function)) in all.iter().enumerate() {
            assert_eq!(*code, format!("K{}", i + 1));
            assert_eq!(control_function(code), Some(*function));
        }
        assert_eq!(control_function("K73"), None);
        assert_eq!(control_function("X1"), None);
        assert_eq!(control_function("K05"), None);
        assert_eq!(control_function("K+5"), None);
    }

    #[test]
    fn moments_read_in_the_forms_a_sheet_or_a_form_gives() {
        let m = at("2026-11-24T14:30");
        assert_eq!(at("2026-11-24 14:30:00"), m);
        assert_eq!(at("24/11/2026 14:30"), m);
        assert_eq!(moment_text(m), "2026-11-24T14:30");
        assert!(parse_moment("24-11-2026").is_none());
        assert!(parse_moment("2026-11-24T25:00").is_none());
    }

    /// Pessel Pasal 55(4): a PD reports an incident to the Dinas "segera"; the profile's hours
    /// (Padu's default) make that a deadline, and a report after it is a finding.
    #[test]
    fn an_incident_reported_after_the_profiles_hours_is_a_finding() {
        let p = pessel();
        let hours = p.incident_report_hours.as_ref().expect("a default").value;
        let detected = at("2026-11-02T08:00");
        let on_time = IncidentFact {
            id: 1,
            pd_id: 4,
            title: "Situs diubah".into(),
            detected_at: detected,
            reported_at: detected + Duration::hours(i64::from(hours)),
        };
        let late = IncidentFact {
            id: 2,
            reported_at: detected + Duration::hours(i64::from(hours)) + Duration::minutes(1),
            ..on_time.clone()
        };
        let found = findings(&p, &[on_time, late], &[], day("2026-11-10"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule, Rule::IncidentReportedLate);
        assert_eq!(found[0].subject, "security_incident:2");
        assert_eq!(found[0].clause, "Pessel Pasal 55(4)");
        let mut silent = p.clone();
        silent.rules.remove(&Rule::IncidentReportedLate);
        assert!(findings(&silent, &[], &[], day("2026-11-10")).is_empty());
    }

    #[test]
    fn a_certificate_in_use_past_its_expiry_is_a_finding_a_revoked_one_is_not() {
        let p = pessel();
        let cert = |id, not_after: &str, revoked| CertificateFact {
            id,
            pd_id: 3,
            subject: format!("sertifikat {id}"),
            not_after: day(not_after),
            revoked,
            classification: crate::Classification::Terbatas,
        };
        let found = findings(
            &p,
            &[],
            &[
                cert(1, "2026-11-09", false),
                cert(2, "2026-11-10", false),
                cert(3, "2026-01-01", true),
            ],
            day("2026-11-10"),
        );
        let subjects: Vec<_> = found.iter().map(|f| f.subject.as_str()).collect();
        assert_eq!(subjects, ["certificate:1"]);
        assert_eq!(found[0].rule, Rule::CertificateExpired);
    }

    /// Kalbar Pasal 29(5): each PD's ISMS evaluated at least once a year.
    #[test]
    fn a_pd_whose_isms_was_not_evaluated_within_the_year_is_a_finding() {
        let kalbar = profile::shipped("kalbar").expect("kalbar loads");
        let pds = [
            (1, "Diskominfo".to_string()),
            (2, "Dinkes".to_string()),
            (3, "Bappeda".to_string()),
        ];
        let record = |pd, stage: &str, on: &str| IsmsFact {
            pd_id: pd,
            stage: stage.into(),
            recorded_on: day(on),
        };
        let records = [
            record(1, "evaluasi_kinerja", "2026-03-01"),
            record(2, "evaluasi_kinerja", "2025-03-01"),
            record(3, "perencanaan", "2026-03-01"),
        ];
        let found = evaluation_findings(kalbar, &pds, &records, day("2026-11-10"));
        let subjects: Vec<_> = found.iter().map(|f| (f.subject.as_str(), f.due)).collect();
        assert_eq!(
            subjects,
            [("pd:2", day("2026-03-01")), ("pd:3", day("2026-11-10"))]
        );
        assert_eq!(found[0].clause, "Kalbar Pasal 29(5)");
        // Pessel sets no period: no finding.
        assert!(evaluation_findings(&pessel(), &pds, &records, day("2026-11-10")).is_empty());
    }

    #[test]
    fn reminders_fall_at_thirty_and_seven_days_each_once() {
        let p = pessel();
        let expiry = day("2026-12-31");
        let on = |d: &str, sent: &[u32]| reminder_due(&p, expiry, day(d), sent);
        assert_eq!(on("2026-11-30", &[]), None);
        assert_eq!(on("2026-12-01", &[]), Some(30));
        assert_eq!(on("2026-12-01", &[30]), None);
        assert_eq!(on("2026-12-24", &[30]), Some(7));
        assert_eq!(on("2026-12-30", &[30, 7]), None);
        // First seen five days out: the nearer reminder only.
        assert_eq!(on("2026-12-26", &[]), Some(7));
        assert_eq!(on("2026-12-26", &[7]), None);
        // Expired: the finding speaks, not a reminder.
        assert_eq!(on("2027-01-01", &[]), None);
    }
}
