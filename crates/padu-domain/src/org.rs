//! Organisation vocabulary: Perangkat Daerah, roles and information classification.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Identifier of a Perangkat Daerah.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PdId(pub i64);

/// Identifier of a user account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UserId(pub i64);

/// The roles of PRODUCT.md "Who uses it".
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
pub enum Role {
    /// Diskominfo staff: runs the platform, approves requests, Service Desk Tier 2.
    AdminDinas,
    /// Staff of one PD: keeps that PD's catalogue and registers, Service Desk Tier 1.
    OperatorPd,
    /// Koordinator SPBE / Tim Koordinasi: dashboards, evaluations, agendas.
    Koordinator,
    /// Internal or accredited auditor: reads across PDs, records audits.
    Auditor,
    /// Gubernur / Bupati / Wali Kota: executive dashboard.
    Pimpinan,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::AdminDinas,
        Role::OperatorPd,
        Role::Koordinator,
        Role::Auditor,
        Role::Pimpinan,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::AdminDinas => "admin_dinas",
            Role::OperatorPd => "operator_pd",
            Role::Koordinator => "koordinator",
            Role::Auditor => "auditor",
            Role::Pimpinan => "pimpinan",
        }
    }

    /// Whether a membership in this role must name the PD it acts for.
    /// An Operator PD always acts for a PD; the other roles act for the Pemda as a whole.
    pub fn requires_pd(self) -> bool {
        matches!(self, Role::OperatorPd)
    }
}

/// Whether a change to accounts keeps an active Admin Dinas. Without one nobody can manage
/// accounts or roles any more, so a change (roles, deactivation, deletion) that takes away the
/// last one is refused; `padu admin reset` on the server is the way back. A change that finds no
/// admin to begin with (a database from before this rule) takes nothing away and may proceed.
pub fn keeps_an_admin(active_admins_before: u64, active_admins_after: u64) -> bool {
    active_admins_after > 0 || active_admins_before == 0
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role '{s}' (expected one of admin_dinas, operator_pd, koordinator, auditor, pimpinan)"))
    }
}

/// Security classification of a record: Kalbar Pasal 24(2)a "penetapan klasifikasi informasi",
/// Bogor Pasal 12(3)a. The regional regulations name no levels; the four here (Biasa,
/// Terbatas, Rahasia, Sangat Rahasia) are the national classification of government
/// information.
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
pub enum Classification {
    /// Open to everyone, including the public without an account.
    Biasa,
    /// The owning PD and the Pemda-wide roles (Dinas, coordinators, auditors, leadership).
    Terbatas,
    /// The owning PD, the Admin Dinas and auditors.
    Rahasia,
    /// The owning PD only.
    SangatRahasia,
}

impl Classification {
    pub const ALL: [Classification; 4] = [
        Classification::Biasa,
        Classification::Terbatas,
        Classification::Rahasia,
        Classification::SangatRahasia,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Biasa => "biasa",
            Classification::Terbatas => "terbatas",
            Classification::Rahasia => "rahasia",
            Classification::SangatRahasia => "sangat_rahasia",
        }
    }
}

impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Classification {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Classification::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| format!("unknown classification '{s}' (expected biasa, terbatas, rahasia or sangat_rahasia)"))
    }
}

/// Turns an all-capitals name from a regulation table ("DINAS KOMUNIKASI DAN INFORMATIKA")
/// into the way the Pemda writes it ("Dinas Komunikasi dan Informatika").
pub fn title_case_id(name: &str) -> String {
    const LOWER: [&str; 6] = ["dan", "di", "ke", "dari", "untuk", "pada"];
    const KEEP_UPPER: [&str; 8] = ["RSUD", "SDM", "UMKM", "OPD", "DPRD", "KTM", "IV", "XI"];
    name.split_whitespace()
        .enumerate()
        .map(|(i, word)| {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            if KEEP_UPPER.contains(&bare)
                || (bare.len() <= 4 && bare.chars().all(|c| "IVXL".contains(c)) && !bare.is_empty())
            {
                return word.to_string();
            }
            let lower = word.to_lowercase();
            if i > 0 && LOWER.contains(&lower.as_str()) {
                return lower;
            }
            let mut out = String::with_capacity(lower.len());
            let mut capitalise = true;
            for c in lower.chars() {
                if capitalise && c.is_alphabetic() {
                    out.extend(c.to_uppercase());
                    capitalise = false;
                } else {
                    out.push(c);
                }
                if c == '-' || c == '(' || c == '/' {
                    capitalise = true;
                }
            }
            out
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_last_active_admin_stays() {
        use super::keeps_an_admin;
        assert!(!keeps_an_admin(1, 0), "removing the only admin is refused");
        assert!(keeps_an_admin(2, 1), "one of two may go");
        assert!(keeps_an_admin(1, 2));
        assert!(keeps_an_admin(0, 0), "nothing taken away");
    }

    use super::*;

    #[test]
    fn roles_and_classifications_round_trip() {
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>().unwrap(), r);
        }
        for c in Classification::ALL {
            assert_eq!(c.as_str().parse::<Classification>().unwrap(), c);
        }
        assert!("root".parse::<Role>().is_err());
        assert!("publik".parse::<Classification>().is_err());
    }

    #[test]
    fn title_case_keeps_acronyms_and_particles() {
        assert_eq!(
            title_case_id("DINAS KOMUNIKASI DAN INFORMATIKA"),
            "Dinas Komunikasi dan Informatika"
        );
        assert_eq!(title_case_id("RSUD M ZEIN PAINAN"), "RSUD M Zein Painan");
        assert_eq!(
            title_case_id("KECAMATAN KOTO XI TARUSAN"),
            "Kecamatan Koto XI Tarusan"
        );
        assert_eq!(title_case_id("KECAMATAN IV JURAI"), "Kecamatan IV Jurai");
    }
}
