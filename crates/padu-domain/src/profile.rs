//! Regulation profiles. Where the three regulations differ, Padu makes the rule configuration
//! and ships each regulation's values as a profile (PRODUCT.md).

use serde::Serialize;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
}

pub const KALBAR: Profile = Profile {
    id: ProfileId::Kalbar,
    pemda: "Pemerintah Provinsi Kalimantan Barat",
    regulation: "Peraturan Gubernur Kalimantan Barat Nomor 177 Tahun 2021",
    cite_as: "Kalbar",
    domain: "kalbarprov.go.id",
    transition_years: 1,
};

pub const BOGOR: Profile = Profile {
    id: ProfileId::Bogor,
    pemda: "Pemerintah Kota Bogor",
    regulation: "Peraturan Wali Kota Bogor Nomor 24 Tahun 2021",
    cite_as: "Bogor",
    domain: "kotabogor.go.id",
    transition_years: 2,
};

pub const PESSEL: Profile = Profile {
    id: ProfileId::Pessel,
    pemda: "Pemerintah Kabupaten Pesisir Selatan",
    regulation: "Peraturan Bupati Pesisir Selatan Nomor 22 Tahun 2021",
    cite_as: "Pessel",
    domain: "pesisirselatankab.go.id",
    transition_years: 1,
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
        for id in [ProfileId::Kalbar, ProfileId::Bogor, ProfileId::Pessel] {
            assert_eq!(id.as_str().parse::<ProfileId>().unwrap(), id);
        }
        assert!("jakarta".parse::<ProfileId>().is_err());
    }
}
