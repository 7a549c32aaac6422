//! Audit TIK SPBE (Kalbar Pasal 36; Bogor Pasal 41–43; Pessel Pasal 62–65 and Lampiran III
//! Bab VI): what is audited (infrastructure, applications, security), an audit's life as Pessel
//! Lampiran III Bab VI C lays it out for a security audit — request, assignment, planning,
//! execution, supervision, report, follow-up — its findings through to their verified close,
//! the BSSN ratings of a security audit, and when an object is due again.

use crate::access::Actor;
use crate::catalog::{Finding, Rule};
use crate::gate::Gate;
use crate::org::{PdId, Role, UserId};
use crate::profile::Profile;
use chrono::{Months, NaiveDate};

/// The kinds of audit (Pessel Pasal 62(1), Kalbar Pasal 36(2), Bogor Pasal 41(1)).
pub const AUDIT_KINDS: [&str; 3] = ["infrastruktur", "aplikasi", "keamanan"];

/// Who audits: the Pemda's own ICT PD ahead of the external audit (Kalbar Pasal 36(5)), or a
/// certified external auditor (Pessel Pasal 63(2), 65(4)).
pub const AUDIT_TYPES: [&str; 2] = ["internal", "eksternal"];

/// An audit's steps, in order (Pessel Lampiran III Bab VI C a–g), and its end.
pub const AUDIT_STEPS: [&str; 8] = [
    "permintaan",
    "penugasan",
    "perencanaan",
    "pelaksanaan",
    "supervisi",
    "pelaporan",
    "tindak_lanjut",
    "selesai",
];

/// A finding's severity.
pub const SEVERITIES: [&str; 4] = ["rendah", "sedang", "tinggi", "kritis"];

/// A finding's follow-up: open, answered by the auditee with an action plan, done as the
/// auditee says, closed when the auditor verified it (Pessel Lampiran III Bab VI C g).
pub const FINDING_STATUSES: [&str; 4] = ["terbuka", "ditanggapi", "selesai_diklaim", "ditutup"];

/// The BSSN security-audit ratings of a control (Pessel Lampiran III Bab VI B II): its design,
/// its implementation against the design, its effectiveness against its aim.
pub const DESIGN_RATINGS: [&str; 3] = ["memadai", "perlu_peningkatan", "tidak_memadai"];
pub const IMPLEMENTATION_RATINGS: [&str; 2] = ["sesuai", "tidak_sesuai"];
pub const EFFECTIVENESS_RATINGS: [&str; 3] = ["efektif", "perlu_peningkatan", "belum_efektif"];

/// Who asks for an audit: the Dinas and the Koordinator SPBE on the Pemda's behalf.
pub const REQUESTS_AUDITS: Gate = Gate::AnyOf(&[Role::AdminDinas, Role::Koordinator]);

/// Who runs one, from the assignment on: the auditors, and the Dinas for its internal audits.
pub const RUNS_AUDITS: Gate = Gate::AnyOf(&[Role::Auditor, Role::AdminDinas]);

/// Whether `actor` runs an audit of `audit_type`: the auditors any; the Dinas its internal
/// ones (Kalbar Pasal 36(5)), never an external one, which a certified auditor does (Pessel
/// Pasal 63(2), 65(4)).
pub fn runs(actor: &Actor, audit_type: &str) -> bool {
    actor.has_role(Role::Auditor) || (audit_type == "internal" && actor.has_role(Role::AdminDinas))
}

/// Whether `actor` may verify a finding of PD `pd` reported done by `answered_by`: one who runs
/// the audit, neither an operator of the audited PD nor the one who answered it.
pub fn may_verify(actor: &Actor, audit_type: &str, pd: PdId, answered_by: Option<UserId>) -> bool {
    runs(actor, audit_type)
        && !actor.operator_pds().any(|p| p == pd)
        && (answered_by.is_none() || actor.user_id() != answered_by)
}

/// The step after `step`, if any.
pub fn next_step(step: &str) -> Option<&'static str> {
    let at = AUDIT_STEPS.iter().position(|s| *s == step)?;
    AUDIT_STEPS.get(at + 1).copied()
}

/// What taking an audit to `step` needs, as the names of the fields that must not be empty
/// (the report of Lampiran III Bab VI C f, the plan of C c, the team of C b).
pub fn required_for(step: &str) -> &'static [&'static str] {
    match step {
        "penugasan" => &["team", "assignment_letter"],
        "perencanaan" => &["criteria", "scope", "test_plan", "start_on", "end_on"],
        "supervisi" => &["supervision_note"],
        "pelaporan" => &["report_summary", "conclusion"],
        _ => &[],
    }
}

/// Why an audit at `step` may not move on (beyond its fields): execution ends with at least
/// one work paper; the follow-up ends when every finding is closed.
pub fn blocked(step: &str, work_papers: usize, open_findings: usize) -> Option<&'static str> {
    match step {
        "pelaksanaan" if work_papers == 0 => Some("execution ends with at least one work paper"),
        "tindak_lanjut" if open_findings > 0 => {
            Some("the follow-up ends when every finding is closed")
        }
        _ => None,
    }
}

/// Whether a finding at `from` may move to `to`, and who moves it: the auditee answers and
/// reports it done; the auditor verifies it closed or sends it back.
pub fn finding_step(from: &str, to: &str, by_auditor: bool) -> Result<(), &'static str> {
    match (from, to, by_auditor) {
        ("terbuka" | "ditanggapi", "ditanggapi", false) => Ok(()),
        ("ditanggapi", "selesai_diklaim", false) => Ok(()),
        ("selesai_diklaim", "ditutup" | "ditanggapi", true) => Ok(()),
        (_, "ditutup", false) => Err("only the auditor verifies a finding closed"),
        _ => Err("a finding does not move that way"),
    }
}

/// When an object audited last on `last` (the day its last audit's report came) is due again,
/// `months` later; never audited, it is due now.
pub fn due_on(last: Option<NaiveDate>, months: u32, today: NaiveDate) -> NaiveDate {
    match last {
        Some(day) => day.checked_add_months(Months::new(months)).unwrap_or(day),
        None => today,
    }
}

/// Whether an external audit starting on `external_start` had its internal audit in time: one
/// whose report came at the latest `lead_months` before it (Kalbar Pasal 36(5)).
pub fn internal_in_time(
    internal_reported: &[NaiveDate],
    external_start: NaiveDate,
    lead_months: u32,
) -> bool {
    let latest = external_start
        .checked_sub_months(Months::new(lead_months))
        .unwrap_or(external_start);
    internal_reported.iter().any(|d| *d <= latest)
}

/// What the audit rules need of an audit object.
#[derive(Debug, Clone)]
pub struct ObjectFact {
    pub id: i64,
    pub pd_id: i64,
    pub name: String,
}

/// What the audit rules need of an audit.
#[derive(Debug, Clone)]
pub struct AuditFact {
    pub id: i64,
    pub object_id: i64,
    pub audit_type: String,
    pub title: String,
    /// The day its report came, once it did.
    pub reported_on: Option<NaiveDate>,
    /// When it starts (planned) or was asked to start.
    pub start: Option<NaiveDate>,
}

/// The audit rules' findings as of `today`: an object whose last report is older than the
/// profile's `audit_months` (never audited: due now), and an external audit whose internal one
/// was not reported `internal_audit_lead_months` before its start, once that day has passed.
pub fn findings(
    profile: &Profile,
    objects: &[ObjectFact],
    audits: &[AuditFact],
    today: NaiveDate,
) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(months) = &profile.audit_months {
        for o in objects {
            let last = audits
                .iter()
                .filter(|a| a.object_id == o.id)
                .filter_map(|a| a.reported_on)
                .max();
            let due = due_on(last, months.value, today);
            if due <= today {
                let detail = last
                    .map(|d| vec![d.format("%d-%m-%Y").to_string()])
                    .unwrap_or_default();
                out.extend(Finding::of(
                    profile,
                    Rule::AuditOverdue,
                    o.pd_id,
                    format!("audit_object:{}", o.id),
                    &o.name,
                    due,
                    detail,
                ));
            }
        }
    }
    if let Some(lead) = &profile.internal_audit_lead_months {
        for a in audits.iter().filter(|a| a.audit_type == "eksternal") {
            let (Some(start), Some(o)) = (a.start, objects.iter().find(|o| o.id == a.object_id))
            else {
                continue;
            };
            // Only an internal audit since the object's previous external audit prepares this one.
            let previous = audits
                .iter()
                .filter(|p| p.object_id == a.object_id && p.audit_type == "eksternal")
                .filter_map(|p| p.start)
                .filter(|s| *s < start)
                .max();
            let internal: Vec<NaiveDate> = audits
                .iter()
                .filter(|i| i.object_id == a.object_id && i.audit_type == "internal")
                .filter_map(|i| i.reported_on)
                .filter(|d| previous.is_none_or(|p| *d > p))
                .collect();
            let latest = start
                .checked_sub_months(Months::new(lead.value))
                .unwrap_or(start);
            if latest < today && !internal_in_time(&internal, start, lead.value) {
                out.extend(Finding::of(
                    profile,
                    Rule::InternalAuditLate,
                    o.pd_id,
                    format!("audit:{}", a.id),
                    &a.title,
                    latest,
                    vec![start.format("%d-%m-%Y").to_string()],
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn an_audit_goes_through_the_steps_of_pessel_lampiran_iii() {
        let mut step = "permintaan";
        let mut walked = vec![step];
        while let Some(next) = next_step(step) {
            walked.push(next);
            step = next;
        }
        assert_eq!(walked, AUDIT_STEPS);
        assert_eq!(required_for("pelaporan"), ["report_summary", "conclusion"]);
        assert!(blocked("pelaksanaan", 0, 0).is_some());
        assert!(blocked("pelaksanaan", 1, 0).is_none());
        assert!(blocked("tindak_lanjut", 3, 1).is_some());
    }

    fn user(id: i64, grants: &[(Role, Option<i64>)]) -> Actor {
        Actor::User {
            id: UserId(id),
            grants: grants
                .iter()
                .map(|(role, pd)| crate::access::Grant {
                    role: *role,
                    pd: pd.map(PdId),
                })
                .collect(),
        }
    }

    #[test]
    fn the_dinas_runs_internal_audits_and_never_verifies_its_own_answer() {
        let auditor = user(1, &[(Role::Auditor, None)]);
        let dinas = user(2, &[(Role::AdminDinas, None)]);
        assert!(runs(&auditor, "eksternal") && runs(&auditor, "internal"));
        assert!(runs(&dinas, "internal") && !runs(&dinas, "eksternal"));
        // The Dinas answered a finding of its own internal audit: someone else verifies it.
        assert!(!may_verify(&dinas, "internal", PdId(7), Some(UserId(2))));
        assert!(may_verify(&auditor, "internal", PdId(7), Some(UserId(2))));
        // An auditor who also operates the audited PD does not verify its findings.
        let both = user(3, &[(Role::Auditor, None), (Role::OperatorPd, Some(7))]);
        assert!(!may_verify(&both, "eksternal", PdId(7), Some(UserId(9))));
        assert!(may_verify(&both, "eksternal", PdId(8), Some(UserId(9))));
    }

    #[test]
    fn only_the_auditor_closes_a_finding() {
        assert!(finding_step("terbuka", "ditanggapi", false).is_ok());
        assert!(finding_step("ditanggapi", "selesai_diklaim", false).is_ok());
        assert!(finding_step("selesai_diklaim", "ditutup", false).is_err());
        assert!(finding_step("selesai_diklaim", "ditutup", true).is_ok());
        assert!(finding_step("selesai_diklaim", "ditanggapi", true).is_ok());
        assert!(finding_step("terbuka", "ditutup", true).is_err());
    }

    #[test]
    fn an_object_is_due_two_years_after_its_last_audit() {
        // Pessel Pasal 63(2): at least once in 2 years.
        let today = day("2026-12-07");
        assert_eq!(
            due_on(Some(day("2024-12-08")), 24, today),
            day("2026-12-08")
        );
        assert_eq!(due_on(None, 24, today), today);
    }

    fn object() -> ObjectFact {
        ObjectFact {
            id: 1,
            pd_id: 3,
            name: "Pusat Data".into(),
        }
    }

    fn audit(id: i64, kind: &str, reported: Option<&str>, start: &str) -> AuditFact {
        AuditFact {
            id,
            object_id: 1,
            audit_type: kind.into(),
            title: format!("Audit {id}"),
            reported_on: reported.map(day),
            start: Some(day(start)),
        }
    }

    #[test]
    fn an_object_unaudited_for_two_years_is_a_finding_in_pessel() {
        // Pessel Pasal 63(2); Kalbar sets no interval, so nothing fires there.
        let pessel = crate::profile::shipped("pessel").unwrap();
        let today = day("2026-12-07");
        let old = [audit(1, "eksternal", Some("2024-12-01"), "2024-11-01")];
        let f = findings(pessel, &[object()], &old, today);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].rule, Rule::AuditOverdue);
        assert_eq!(f[0].clause, "Pessel Pasal 63(2)");
        assert_eq!(f[0].due, day("2026-12-01"));
        let recent = [audit(1, "eksternal", Some("2025-01-10"), "2024-12-01")];
        assert!(findings(pessel, &[object()], &recent, today).is_empty());
        assert_eq!(
            findings(pessel, &[object()], &[], today).len(),
            1,
            "never audited"
        );
        let bogor = crate::profile::shipped("bogor").unwrap();
        assert_eq!(
            findings(bogor, &[object()], &old, today)[0].clause,
            "Bogor Pasal 42(1)"
        );
        let kalbar = crate::profile::shipped("kalbar").unwrap();
        assert!(findings(kalbar, &[object()], &old, today)
            .iter()
            .all(|f| f.rule != Rule::AuditOverdue));
    }

    #[test]
    fn an_external_audit_without_its_internal_one_is_a_finding_in_kalbar() {
        let kalbar = crate::profile::shipped("kalbar").unwrap();
        let today = day("2026-12-07");
        let external = audit(2, "eksternal", None, "2026-12-20");
        let f = findings(kalbar, &[object()], std::slice::from_ref(&external), today);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, Rule::InternalAuditLate);
        assert_eq!(f[0].clause, "Kalbar Pasal 36(5)");
        let internal = audit(3, "internal", Some("2026-11-15"), "2026-11-01");
        assert!(findings(kalbar, &[object()], &[external.clone(), internal], today).is_empty());
        // An internal audit before the previous external one prepared that one, not this.
        let earlier_external = audit(5, "eksternal", Some("2026-01-20"), "2026-01-05");
        let old_internal = audit(6, "internal", Some("2025-11-15"), "2025-11-01");
        let f = findings(
            kalbar,
            &[object()],
            &[external.clone(), earlier_external, old_internal],
            today,
        );
        assert_eq!(f.len(), 1, "{f:?}");
        // Before the internal audit's deadline there is nothing to find yet.
        let later = audit(4, "eksternal", None, "2027-03-01");
        assert!(findings(kalbar, &[object()], &[later], today).is_empty());
    }

    #[test]
    fn the_internal_audit_comes_a_month_before_the_external() {
        // Kalbar Pasal 36(5): at the latest 1 month before.
        let external = day("2026-06-15");
        assert!(internal_in_time(&[day("2026-05-15")], external, 1));
        assert!(!internal_in_time(&[day("2026-05-16")], external, 1));
        assert!(!internal_in_time(&[], external, 1));
    }
}
