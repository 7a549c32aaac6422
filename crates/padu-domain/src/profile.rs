//! Regulation profiles. Where the three regulations differ, Padu makes the rule configuration
//! and ships each regulation's values as a profile (PRODUCT.md).

use serde::Serialize;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProfileId {
    Kalbar,
    Bogor,
    Pessel,
}

/// The values one regulation gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    pub id: ProfileId,
    /// Name of the Pemda.
    pub pemda: &'static str,
    /// The regulation this profile implements.
    pub regulation: &'static str,
    /// Short name used in citations ("Bogor Pasal 40(7)").
    pub cite_as: &'static str,
    /// The Pemda's internet domain; websites must sit under it (Pessel Pasal 11, Bogor Pasal 22).
    pub domain: &'static str,
    /// Years a PD has to conform after the regulation takes effect (Bogor Pasal 50: 2 years;
    /// Pessel Pasal 69: 1 year; Kalbar sets none, so the stricter one year applies).
    pub transition_years: u32,
    /// The day the regulation took effect (the day it was promulgated: Kalbar 24 September
    /// 2021, Bogor 3 May 2021, Pessel 4 June 2021), as (year, month, day).
    pub in_force_since: (i32, u32, u32),
    /// The clause that sets the transition, if the regulation has one.
    pub transition_clause: Option<&'static str>,
}

impl Profile {
    /// The day by which PDs that ran SPBE before the regulation must conform to it.
    pub fn transition_deadline(&self) -> chrono::NaiveDate {
        let (y, m, d) = self.in_force_since;
        chrono::NaiveDate::from_ymd_opt(y + self.transition_years as i32, m, d).unwrap_or_default()
    }
}

pub const KALBAR: Profile = Profile {
    id: ProfileId::Kalbar,
    pemda: "Pemerintah Provinsi Kalimantan Barat",
    regulation: "Peraturan Gubernur Kalimantan Barat Nomor 177 Tahun 2021",
    cite_as: "Kalbar",
    domain: "kalbarprov.go.id",
    transition_years: 1,
    in_force_since: (2021, 9, 24),
    transition_clause: None,
};

pub const BOGOR: Profile = Profile {
    id: ProfileId::Bogor,
    pemda: "Pemerintah Kota Bogor",
    regulation: "Peraturan Wali Kota Bogor Nomor 24 Tahun 2021",
    cite_as: "Bogor",
    domain: "kotabogor.go.id",
    transition_years: 2,
    in_force_since: (2021, 5, 3),
    transition_clause: Some("Bogor Pasal 50"),
};

pub const PESSEL: Profile = Profile {
    id: ProfileId::Pessel,
    pemda: "Pemerintah Kabupaten Pesisir Selatan",
    regulation: "Peraturan Bupati Pesisir Selatan Nomor 22 Tahun 2021",
    cite_as: "Pessel",
    domain: "pesisirselatankab.go.id",
    transition_years: 1,
    in_force_since: (2021, 6, 4),
    transition_clause: Some("Pessel Pasal 69(1)"),
};

impl ProfileId {
    pub fn as_str(self) -> &'static str {
        match self {
            ProfileId::Kalbar => "kalbar",
            ProfileId::Bogor => "bogor",
            ProfileId::Pessel => "pessel",
        }
    }

    pub fn profile(self) -> &'static Profile {
        match self {
            ProfileId::Kalbar => &KALBAR,
            ProfileId::Bogor => &BOGOR,
            ProfileId::Pessel => &PESSEL,
        }
    }
}

impl FromStr for ProfileId {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "kalbar" => Ok(ProfileId::Kalbar),
            "bogor" => Ok(ProfileId::Bogor),
            "pessel" => Ok(ProfileId::Pessel),
            other => Err(format!(
                "unknown profile '{other}' (expected kalbar, bogor or pessel)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transition_deadlines_follow_the_regulations() {
        // Bogor Pasal 50: two years; Pessel Pasal 69: one year.
        assert_eq!(ProfileId::Bogor.profile().transition_years, 2);
        assert_eq!(ProfileId::Pessel.profile().transition_years, 1);
        assert_eq!(
            ProfileId::Pessel
                .profile()
                .transition_deadline()
                .to_string(),
            "2022-06-04"
        );
        assert_eq!(
            ProfileId::Bogor.profile().transition_deadline().to_string(),
            "2023-05-03"
        );
        for id in [ProfileId::Kalbar, ProfileId::Bogor, ProfileId::Pessel] {
            assert_eq!(id.as_str().parse::<ProfileId>().unwrap(), id);
        }
        assert!("jakarta".parse::<ProfileId>().is_err());
    }
}
