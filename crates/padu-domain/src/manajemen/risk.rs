//! Manajemen Risiko SPBE after PermenPANRB 5/2020 (PRODUCT.md module 4; Kalbar Pasal 28, Bogor
//! Pasal 33, Pessel Pasal 61 and Lampiran III): the national vocabularies, and how a risk's
//! likelihood and impact become its value (besaran) and level. Both steps are data of the
//! region's profile (`RiskScale`): the value is looked up in the 5×5 matrix, never computed as a
//! product, and the level comes from the band table a region may redraw. A risk stores only
//! its likelihood and impact, so a changed band shows at once on every risk without rewriting
//! what was assessed. Pure.

use crate::catalog::{Finding, Rule};
use crate::profile::{Profile, RiskScale};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Jenis risiko.
pub const KINDS: [&str; 2] = ["negatif", "positif"];

/// The 16 risk categories of SPBE.
pub const CATEGORIES: [&str; 16] = [
    "rencana_induk_nasional",
    "arsitektur_spbe",
    "peta_rencana",
    "proses_bisnis",
    "rencana_anggaran",
    "inovasi",
    "kepatuhan_peraturan",
    "pengadaan_barang_jasa",
    "proyek_pembangunan_sistem",
    "data_informasi",
    "infrastruktur_spbe",
    "aplikasi_spbe",
    "keamanan_spbe",
    "layanan_spbe",
    "sdm_spbe",
    "bencana_alam",
];

/// The 7 impact areas (area dampak).
pub const IMPACT_AREAS: [&str; 7] = [
    "finansial",
    "reputasi",
    "kinerja",
    "layanan_organisasi",
    "operasional_aset_tik",
    "hukum_regulasi",
    "sumber_daya_manusia",
];

/// Keputusan: treat the risk, or accept it within the appetite.
pub const DECISIONS: [&str; 2] = ["ditangani", "diterima"];

/// Treatment options of a negative risk, then those only a positive risk has (eskalasi and
/// penerimaan serve both).
pub const TREATMENTS: [&str; 8] = [
    "eskalasi",
    "mitigasi",
    "transfer",
    "penerimaan",
    "menghindari",
    "eksploitasi",
    "berbagi",
    "peningkatan",
];

/// The treatments open to a risk of `kind` (`KINDS`).
pub fn treatments_of(kind: &str) -> &'static [&'static str] {
    match kind {
        "positif" => &[
            "eskalasi",
            "eksploitasi",
            "berbagi",
            "peningkatan",
            "penerimaan",
        ],
        _ => &[
            "eskalasi",
            "mitigasi",
            "transfer",
            "penerimaan",
            "menghindari",
        ],
    }
}

/// How far a risk's action plan has come, as a quarter's monitoring records it.
pub const ACTION_STATUSES: [&str; 4] = ["belum_dimulai", "berjalan", "selesai", "tertunda"];

/// Kemungkinan and dampak are each 1–5.
pub const SCALE: std::ops::RangeInclusive<u8> = 1..=5;

/// A risk level, lowest first.
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
pub enum Level {
    SangatRendah,
    Rendah,
    Sedang,
    Tinggi,
    SangatTinggi,
}

impl Level {
    pub const ALL: [Level; 5] = [
        Level::SangatRendah,
        Level::Rendah,
        Level::Sedang,
        Level::Tinggi,
        Level::SangatTinggi,
    ];

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Level::SangatRendah => "sangat_rendah",
            Level::Rendah => "rendah",
            Level::Sedang => "sedang",
            Level::Tinggi => "tinggi",
            Level::SangatTinggi => "sangat_tinggi",
        }
    }
}

/// The levels as a register's vocabulary (a risk appetite is one of them).
pub const LEVELS: [&str; 5] = [
    "sangat_rendah",
    "rendah",
    "sedang",
    "tinggi",
    "sangat_tinggi",
];

/// A likelihood or impact outside 1–5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("must be 1–5")]
pub struct OutOfScale;

/// A risk's assessment: its value in the matrix and its level in the bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Assessment {
    pub likelihood: u8,
    pub impact: u8,
    /// Besaran risiko, 1–25.
    pub value: u8,
    pub level: Level,
}

/// Assesses `likelihood` × `impact` on the region's scale.
pub fn assess(scale: &RiskScale, likelihood: u8, impact: u8) -> Result<Assessment, OutOfScale> {
    if !SCALE.contains(&likelihood) || !SCALE.contains(&impact) {
        return Err(OutOfScale);
    }
    let value = scale.matrix.value[usize::from(likelihood - 1)][usize::from(impact - 1)];
    Ok(Assessment {
        likelihood,
        impact,
        value,
        level: level_of(scale, value),
    })
}

/// A stored likelihood or impact (a whole number) on the 1–5 scale, or None.
pub fn on_scale(v: i64) -> Option<u8> {
    u8::try_from(v).ok().filter(|v| SCALE.contains(v))
}

/// Assesses a stored likelihood and impact; None when either is off the scale.
pub fn assess_stored(scale: &RiskScale, likelihood: i64, impact: i64) -> Option<Assessment> {
    assess(scale, on_scale(likelihood)?, on_scale(impact)?).ok()
}

/// The level of a risk value in the region's bands (the highest band when none holds it,
/// which a loaded profile rules out).
pub fn level_of(scale: &RiskScale, value: u8) -> Level {
    scale
        .bands
        .value
        .iter()
        .find(|b| (b.from..=b.to).contains(&value))
        .map_or(Level::SangatTinggi, |b| b.level)
}

/// What the risk cycle's rules need of a risk.
#[derive(Debug, Clone)]
pub struct RiskFact {
    pub id: i64,
    pub pd_id: i64,
    pub event: String,
    pub period_year: i64,
}

/// The risk registers and their quarterly monitoring.
#[derive(Debug, Clone, Default)]
pub struct RiskFacts {
    pub risks: Vec<RiskFact>,
    /// (risk, year, quarter) of each monitoring entry.
    pub reviews: Vec<(i64, i64, i64)>,
}

/// The last day of `quarter` (1–4) of `year`.
fn quarter_end(year: i32, quarter: u32) -> Option<NaiveDate> {
    let next = if quarter == 4 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, quarter * 3 + 1, 1)
    };
    next?.pred_opt()
}

/// The risk cycle's findings as of `today`, for this year and the last:
/// - every PD identifies its risks within the first `risk_identification_months` of the year
///   (Pessel Lampiran III Bab V H 1: in the first quarter), else a finding on the PD;
/// - every risk is monitored at the end of each period of `risk_review_months` (3, 6 or 12;
///   Pessel Lampiran III Bab V H 2: every quarter's end), else a finding on the risk naming the
///   first quarter missed.
///
/// A rule the profile does not hold (its clause or its value) does not fire.
pub fn findings(
    profile: &Profile,
    pds: &[(i64, String)],
    facts: &RiskFacts,
    today: NaiveDate,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let years = [today.year() - 1, today.year()];
    let finding = |rule, pd, subject, name: &str, due, detail| {
        Finding::of(profile, rule, pd, subject, name, due, detail)
    };
    if let Some(months) = &profile.risk_identification_months {
        for year in years {
            let deadline = NaiveDate::from_ymd_opt(year, 1, 1)
                .and_then(|d| d.checked_add_months(chrono::Months::new(months.value)))
                .and_then(|d| d.pred_opt());
            let Some(deadline) = deadline.filter(|d| *d < today) else {
                continue;
            };
            for (pd, name) in pds {
                let identified = facts
                    .risks
                    .iter()
                    .any(|r| r.pd_id == *pd && r.period_year == i64::from(year));
                if !identified {
                    out.extend(finding(
                        Rule::RiskNotIdentified,
                        *pd,
                        format!("pd:{pd}:{year}"),
                        name,
                        deadline,
                        vec![year.to_string()],
                    ));
                }
            }
        }
    }
    if let Some(months) = &profile.risk_review_months {
        let every = months.value.max(3) / 3;
        for r in facts
            .risks
            .iter()
            .filter(|r| years.iter().any(|y| i64::from(*y) == r.period_year))
        {
            let Ok(year) = i32::try_from(r.period_year) else {
                continue;
            };
            let missed = (1..=4u32)
                .filter(|q| q % every == 0)
                .filter_map(|q| quarter_end(year, q).map(|end| (q, end)))
                .filter(|(_, end)| *end < today)
                .find(|(q, _)| {
                    !facts
                        .reviews
                        .contains(&(r.id, r.period_year, i64::from(*q)))
                });
            if let Some((q, end)) = missed {
                out.extend(finding(
                    Rule::RiskReviewMissed,
                    r.pd_id,
                    format!("risk:{}", r.id),
                    &r.event,
                    end,
                    vec![format!("triwulan {q} {year}")],
                ));
            }
        }
    }
    out
}

/// Why a risk scale in a profile does not hold.
pub fn check_scale(scale: &RiskScale) -> Result<(), (String, String)> {
    let bad = |key: &str, message: &str| Err((key.to_string(), message.to_string()));
    let mut seen = [false; 26];
    for row in &scale.matrix.value {
        for v in row {
            if !(1..=25).contains(v) || std::mem::replace(&mut seen[usize::from(*v)], true) {
                return bad(
                    "risk.matrix.value",
                    "every value 1–25 once, a row per likelihood 1–5",
                );
            }
        }
    }
    // The bands cover 1–25 in order, without gap or overlap, each level once, lowest first.
    let mut next = 1;
    let mut last: Option<Level> = None;
    for b in &scale.bands.value {
        if b.from != next || b.to < b.from || last.is_some_and(|l| l >= b.level) {
            return bad(
                "risk.bands.value",
                "bands run from 1 to 25 in order, without gaps, each a higher level",
            );
        }
        next = b.to + 1;
        last = Some(b.level);
    }
    if next != 26 {
        return bad("risk.bands.value", "the bands end at 25");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{load, shipped, Origin};

    /// PermenPANRB 5/2020's matrix as the pedoman prints it, top row likelihood 5 (Hampir
    /// Pasti), columns impact 1 → 5 (standards/risiko-permenpanrb-5-2020.md).
    const PRINTED: [[u8; 5]; 5] = [
        [9, 15, 18, 23, 25],
        [6, 12, 16, 19, 24],
        [4, 10, 14, 17, 22],
        [2, 7, 11, 13, 21],
        [1, 3, 5, 8, 20],
    ];

    #[test]
    fn every_cell_of_the_national_matrix() {
        let scale = &shipped("nasional").unwrap().risk;
        for (row, values) in PRINTED.iter().enumerate() {
            let likelihood = 5 - row as u8;
            for (column, value) in values.iter().enumerate() {
                let impact = column as u8 + 1;
                let a = assess(scale, likelihood, impact).unwrap();
                assert_eq!(a.value, *value, "kemungkinan {likelihood}, dampak {impact}");
                let band = match value {
                    1..=5 => Level::SangatRendah,
                    6..=10 => Level::Rendah,
                    11..=15 => Level::Sedang,
                    16..=20 => Level::Tinggi,
                    _ => Level::SangatTinggi,
                };
                assert_eq!(a.level, band, "besaran {value}");
            }
        }
        // A lookup, not a product.
        assert_eq!(assess(scale, 3, 3).unwrap().value, 14);
        assert_eq!(assess(scale, 1, 5).unwrap().value, 20);
        assert_eq!(assess(scale, 6, 1), Err(OutOfScale));
        assert_eq!(assess(scale, 1, 0), Err(OutOfScale));
    }

    #[test]
    fn a_region_redraws_a_band_and_the_same_risk_shows_its_new_level() {
        // One regional template puts 5 and 8 in Sedang: the bands are the region's data.
        let own = load(
            r#"
id = "contoh-risiko"
base = "nasional"
pemda = "Pemerintah Kabupaten Contoh"
regulation = "Peraturan Bupati Contoh"
cite_as = "Contoh"

[risk.bands]
clause = "Contoh Lampiran II"
text = "Besaran 1–4 sangat rendah, 5–8 rendah, 9–12 sedang, 13–19 tinggi, 20–25 sangat tinggi."
value = [
  { from = 1, to = 4, level = "sangat_rendah" },
  { from = 5, to = 8, level = "rendah" },
  { from = 9, to = 12, level = "sedang" },
  { from = 13, to = 19, level = "tinggi" },
  { from = 20, to = 25, level = "sangat_tinggi" },
]
"#,
            Origin::Region,
        )
        .unwrap();
        let national = &shipped("nasional").unwrap().risk;
        // Kemungkinan 1, dampak 3: besaran 5 in both; its level is each region's.
        assert_eq!(assess(national, 1, 3).unwrap().level, Level::SangatRendah);
        assert_eq!(assess(&own.risk, 1, 3).unwrap().level, Level::Rendah);
        assert_eq!(
            assess(&own.risk, 1, 3).unwrap().value,
            5,
            "the matrix is the base's"
        );
        assert!(own.is_overridden("risk.bands"));
    }

    #[test]
    fn a_scale_that_does_not_hold_is_refused_naming_its_key() {
        let file = |bands: &str| {
            format!(
                "id = \"x\"\nbase = \"nasional\"\npemda = \"P\"\nregulation = \"R\"\ncite_as = \"C\"\n[risk.bands]\nvalue = [{bands}]\n"
            )
        };
        let gap = file(
            r#"{ from = 1, to = 5, level = "sangat_rendah" }, { from = 7, to = 25, level = "sangat_tinggi" }"#,
        );
        let e = load(&gap, Origin::Region).unwrap_err();
        assert_eq!(e.key, "risk.bands.value", "{e}");
        let short = file(r#"{ from = 1, to = 20, level = "rendah" }"#);
        assert_eq!(
            load(&short, Origin::Region).unwrap_err().key,
            "risk.bands.value"
        );
        let twice = "id = \"x\"\nbase = \"nasional\"\npemda = \"P\"\nregulation = \"R\"\ncite_as = \"C\"\n[risk.matrix]\nvalue = [[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1]]\n";
        assert_eq!(
            load(twice, Origin::Region).unwrap_err().key,
            "risk.matrix.value"
        );
    }

    #[test]
    fn pessel_pds_identify_in_the_first_quarter_and_monitor_every_quarter() {
        // Pessel Lampiran III Bab V H 1–2.
        let pessel = shipped("pessel").unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let pds = vec![
            (4, "Dinas Kesehatan".to_string()),
            (5, "Dinas Sosial".to_string()),
        ];
        let facts = RiskFacts {
            risks: vec![RiskFact {
                id: 9,
                pd_id: 4,
                event: "Server padam".into(),
                period_year: 2026,
            }],
            reviews: vec![(9, 2026, 1)],
        };
        let rules = |today| {
            findings(pessel, &pds, &facts, today)
                .into_iter()
                .map(|f| (f.rule, f.subject, f.due, f.detail))
                .collect::<Vec<_>>()
        };
        // In the first quarter nothing is due yet.
        assert!(rules(day(2026, 3, 31))
            .iter()
            .all(|(_, s, _, _)| !s.ends_with(":2026")));
        // From April: Dinas Sosial has identified nothing; the risk's second quarter is due
        // from 1 July.
        let april = rules(day(2026, 4, 1));
        assert!(april.contains(&(
            Rule::RiskNotIdentified,
            "pd:5:2026".into(),
            day(2026, 3, 31),
            vec!["2026".into()]
        )));
        assert!(!april
            .iter()
            .any(|(r, s, _, _)| *r == Rule::RiskNotIdentified && s == "pd:4:2026"));
        assert!(!april
            .iter()
            .any(|(r, _, _, _)| *r == Rule::RiskReviewMissed));
        let july = rules(day(2026, 7, 1));
        assert!(july.contains(&(
            Rule::RiskReviewMissed,
            "risk:9".into(),
            day(2026, 6, 30),
            vec!["triwulan 2 2026".into()]
        )));
        // Neither rule is Kalbar's or Bogor's.
        for other in ["kalbar", "bogor"] {
            assert!(findings(shipped(other).unwrap(), &pds, &facts, day(2026, 7, 1)).is_empty());
        }
    }

    #[test]
    fn a_positive_risk_has_its_own_treatments() {
        assert!(treatments_of("positif").contains(&"eksploitasi"));
        assert!(!treatments_of("negatif").contains(&"eksploitasi"));
        for kind in KINDS {
            assert!(treatments_of(kind).iter().all(|t| TREATMENTS.contains(t)));
        }
    }
}
