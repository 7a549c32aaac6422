//! An evaluation instrument as data (PermenPANRB 59/2020 and whatever succeeds it, such as the
//! Indeks Pemerintah Digital): domains → aspects → indicators with weights → five levels with
//! criteria → the evidence each asks, with the predicate bands. Read from a TOML file and checked
//! whole before it is used: the numbering has no gap, each aspect weighs what its indicators
//! weigh, each domain what its aspects weigh, and all indicators weigh 100. A mistake is named
//! by its line. Pure: the caller reads the file.

use crate::profile::load::{line_of, read_error, LoadError};
use serde::{Deserialize, Serialize};
use toml::Spanned;
use utoipa::ToSchema;

/// The instrument Padu ships: PermenPANRB 59/2020's 47 indicators.
pub const SHIPPED: &str = include_str!("../../instruments/permenpanrb-59-2020.toml");

/// Where Padu holds records an indicator's evidence can point to, by key, with the page that
/// lists them; the store counts them (an audit counts once its report came). Open data joins
/// when its module records it.
pub const EVIDENCE_SOURCES: [(&str, &str); 25] = [
    ("kebijakan", "/tata-kelola"),
    ("agenda_tim_koordinasi", "/tata-kelola"),
    ("rencana", "/rencana"),
    ("arsitektur_layanan", "/katalog/layanan"),
    ("proses_bisnis", "/katalog/proses"),
    ("aplikasi", "/katalog"),
    ("infrastruktur", "/katalog/infrastruktur"),
    ("jaringan_intra", "/sites"),
    ("situs_web", "/katalog/situs"),
    ("data", "/katalog/data"),
    ("data_terbuka", "/katalog/data?distribution=publik"),
    ("konteks_risiko", "/manajemen/konteks"),
    ("risiko", "/manajemen/risiko"),
    ("pemantauan_risiko", "/manajemen/risiko"),
    ("smki", "/manajemen/smki"),
    ("insiden_keamanan", "/manajemen/insiden"),
    ("sertifikat", "/manajemen/sertifikat"),
    ("kontrol_keamanan", "/manajemen/kontrol"),
    ("layanan_penghubung", "/penghubung"),
    ("lalu_lintas_penghubung", "/penghubung"),
    ("pengaduan", "/pengaduan"),
    ("tiket_layanan", "/layanan"),
    ("audit_infrastruktur", "/audit-tik"),
    ("audit_aplikasi", "/audit-tik"),
    ("audit_keamanan", "/audit-tik"),
];

/// A weight in hundredths (1.30 is 130), so sums and the predicate's bands compare exactly.
pub type Hundredths = u32;

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Instrument {
    pub code: String,
    pub name: String,
    pub source: String,
    /// Highest first; the last starts at 0.
    pub predicates: Vec<Predicate>,
    pub scales: Vec<Scale>,
    pub domains: Vec<Domain>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Predicate {
    pub name: String,
    /// The lowest index that earns it, in hundredths.
    pub from: Hundredths,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Scale {
    pub key: String,
    pub name: String,
    pub levels: Vec<MaturityLevel>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MaturityLevel {
    pub name: String,
    pub criteria: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Domain {
    pub number: u32,
    pub name: String,
    pub weight: Hundredths,
    pub aspects: Vec<Aspect>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Aspect {
    pub number: u32,
    pub name: String,
    pub weight: Hundredths,
    pub indicators: Vec<Indicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Indicator {
    pub number: u32,
    pub name: String,
    pub weight: Hundredths,
    /// Its scale's key.
    pub scale: String,
    /// The five levels, each with the criteria this indicator asks (its own or its scale's).
    pub levels: Vec<MaturityLevel>,
    /// The evidence the instrument asks.
    pub evidence: Vec<String>,
    /// The Padu records expected from a level on.
    pub padu: Vec<Ask>,
}

/// From claimed level `level` on, the indicator expects records of source `source`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Ask {
    pub level: u8,
    pub source: String,
}

impl Instrument {
    /// Every indicator, in number order.
    pub fn indicators(&self) -> impl Iterator<Item = (&Domain, &Aspect, &Indicator)> {
        self.domains.iter().flat_map(|d| {
            d.aspects
                .iter()
                .flat_map(move |a| a.indicators.iter().map(move |i| (d, a, i)))
        })
    }

    pub fn indicator(&self, number: u32) -> Option<&Indicator> {
        self.indicators()
            .map(|(_, _, i)| i)
            .find(|i| i.number == number)
    }

    /// The predicate an index (in hundredths × 100, see `index::Score`) earns.
    pub fn predicate_of(&self, score: &super::index::Score) -> &str {
        self.predicates
            .iter()
            .find(|p| score.at_least(p.from))
            .map(|p| p.name.as_str())
            .unwrap_or_default()
    }
}

// The file as written, with the places of its entries for the messages.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    code: String,
    name: String,
    #[serde(default)]
    source: String,
    predicates: Vec<Spanned<FilePredicate>>,
    scales: Vec<Spanned<FileScale>>,
    domains: Vec<Spanned<FileDomain>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FilePredicate {
    name: String,
    from: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileScale {
    key: String,
    name: String,
    levels: Vec<MaturityLevel>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileDomain {
    number: u32,
    name: String,
    weight: f64,
    aspects: Vec<Spanned<FileAspect>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileAspect {
    number: u32,
    name: String,
    weight: f64,
    indicators: Vec<Spanned<FileIndicator>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIndicator {
    number: u32,
    name: String,
    weight: f64,
    scale: String,
    #[serde(default)]
    criteria: Vec<String>,
    #[serde(default)]
    evidence: Vec<String>,
    #[serde(default)]
    padu: Vec<Ask>,
}

/// Reads and checks an instrument file; the first mistake is named by its line and key.
pub fn parse(text: &str) -> Result<Instrument, LoadError> {
    let file: File = toml::from_str(text).map_err(|e| read_error(text, e))?;
    let wrong = |at: usize, key: &str, message: String| LoadError {
        line: Some(line_of(text, at)),
        key: key.to_string(),
        message,
    };
    let top = |key: &str, message: String| LoadError {
        line: None,
        key: key.to_string(),
        message,
    };
    if file.code.is_empty()
        || file.code.len() > 60
        || !file
            .code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return Err(top(
            "code",
            "must be 1–60 lowercase letters, digits and hyphens".into(),
        ));
    }
    if file.name.trim().is_empty() {
        return Err(top("name", "must not be empty".into()));
    }
    let predicates = predicates(&file, &wrong, &top)?;
    let mut scales = Vec::new();
    for s in &file.scales {
        let at = s.span().start;
        if s.get_ref().levels.len() != 5 {
            return Err(wrong(at, "levels", "a scale has exactly 5 levels".into()));
        }
        if scales.iter().any(|k: &Scale| k.key == s.get_ref().key) {
            return Err(wrong(at, "key", format!("scale {} twice", s.get_ref().key)));
        }
        scales.push(Scale {
            key: s.get_ref().key.clone(),
            name: s.get_ref().name.clone(),
            levels: s.get_ref().levels.clone(),
        });
    }
    let mut domains = Vec::new();
    let (mut next_aspect, mut next_indicator, mut total) = (1, 1, 0);
    for (d_index, d) in file.domains.iter().enumerate() {
        let (at, fd) = (d.span().start, d.get_ref());
        numbered(
            at,
            "number",
            fd.number,
            d_index as u32 + 1,
            "domain",
            &wrong,
        )?;
        let weight = hundredths(fd.weight).ok_or_else(|| wrong(at, "weight", two_decimals()))?;
        let mut aspects = Vec::new();
        for a in &fd.aspects {
            let (at, fa) = (a.span().start, a.get_ref());
            numbered(at, "number", fa.number, next_aspect, "aspect", &wrong)?;
            next_aspect += 1;
            let a_weight =
                hundredths(fa.weight).ok_or_else(|| wrong(at, "weight", two_decimals()))?;
            let mut indicators = Vec::new();
            for i in &fa.indicators {
                let indicator = indicator(i, next_indicator, &scales, &wrong)?;
                next_indicator += 1;
                indicators.push(indicator);
            }
            if indicators.is_empty() {
                return Err(wrong(at, "indicators", "an aspect has indicators".into()));
            }
            let sum: Hundredths = indicators.iter().map(|i| i.weight).sum();
            if sum != a_weight {
                return Err(wrong(
                    at,
                    "weight",
                    format!(
                        "aspect {} weighs {} but its indicators weigh {}",
                        fa.number,
                        shown(a_weight),
                        shown(sum)
                    ),
                ));
            }
            aspects.push(Aspect {
                number: fa.number,
                name: fa.name.clone(),
                weight: a_weight,
                indicators,
            });
        }
        if aspects.is_empty() {
            return Err(wrong(at, "aspects", "a domain has aspects".into()));
        }
        let sum: Hundredths = aspects.iter().map(|a| a.weight).sum();
        if sum != weight {
            return Err(wrong(
                at,
                "weight",
                format!(
                    "domain {} weighs {} but its aspects weigh {}",
                    fd.number,
                    shown(weight),
                    shown(sum)
                ),
            ));
        }
        total += weight;
        domains.push(Domain {
            number: fd.number,
            name: fd.name.clone(),
            weight,
            aspects,
        });
    }
    if domains.is_empty() {
        return Err(top("domains", "an instrument has domains".into()));
    }
    if total != 10_000 {
        return Err(top(
            "weight",
            format!("the indicators weigh {} in all, not 100", shown(total)),
        ));
    }
    Ok(Instrument {
        code: file.code,
        name: file.name.trim().to_string(),
        source: file.source.trim().to_string(),
        predicates,
        scales,
        domains,
    })
}

fn predicates(
    file: &File,
    wrong: &impl Fn(usize, &str, String) -> LoadError,
    top: &impl Fn(&str, String) -> LoadError,
) -> Result<Vec<Predicate>, LoadError> {
    let mut out: Vec<Predicate> = Vec::new();
    for p in &file.predicates {
        let at = p.span().start;
        let from = hundredths(p.get_ref().from)
            .filter(|f| *f <= 500)
            .ok_or_else(|| wrong(at, "from", "must be 0–5 with at most 2 decimals".into()))?;
        if out.last().is_some_and(|last| last.from <= from) {
            return Err(wrong(
                at,
                "from",
                "predicates go from the highest down".into(),
            ));
        }
        out.push(Predicate {
            name: p.get_ref().name.clone(),
            from,
        });
    }
    if out.last().is_none_or(|p| p.from != 0) {
        return Err(top(
            "predicates",
            "the last predicate starts at 0, so every index has one".into(),
        ));
    }
    Ok(out)
}

fn indicator(
    i: &Spanned<FileIndicator>,
    expected: u32,
    scales: &[Scale],
    wrong: &impl Fn(usize, &str, String) -> LoadError,
) -> Result<Indicator, LoadError> {
    let (at, fi) = (i.span().start, i.get_ref());
    numbered(at, "number", fi.number, expected, "indicator", wrong)?;
    let weight = hundredths(fi.weight)
        .filter(|w| *w > 0)
        .ok_or_else(|| wrong(at, "weight", two_decimals()))?;
    let scale = scales
        .iter()
        .find(|s| s.key == fi.scale)
        .ok_or_else(|| wrong(at, "scale", format!("no scale {}", fi.scale)))?;
    let levels = match fi.criteria.len() {
        0 => scale.levels.clone(),
        5 => scale
            .levels
            .iter()
            .zip(&fi.criteria)
            .map(|(l, c)| MaturityLevel {
                name: l.name.clone(),
                criteria: c.clone(),
            })
            .collect(),
        _ => {
            return Err(wrong(
                at,
                "criteria",
                "an indicator's own criteria are 5, one a level".into(),
            ))
        }
    };
    for ask in &fi.padu {
        if !(1..=5).contains(&ask.level) {
            return Err(wrong(at, "padu", format!("level {} is not 1–5", ask.level)));
        }
        if !EVIDENCE_SOURCES.iter().any(|(k, _)| *k == ask.source) {
            return Err(wrong(
                at,
                "padu",
                format!("Padu holds no records called {}", ask.source),
            ));
        }
    }
    Ok(Indicator {
        number: fi.number,
        name: fi.name.clone(),
        weight,
        scale: fi.scale.clone(),
        levels,
        evidence: fi.evidence.clone(),
        padu: fi.padu.clone(),
    })
}

fn numbered(
    at: usize,
    key: &str,
    number: u32,
    expected: u32,
    what: &str,
    wrong: &impl Fn(usize, &str, String) -> LoadError,
) -> Result<(), LoadError> {
    if number == expected {
        Ok(())
    } else {
        Err(wrong(
            at,
            key,
            format!("{what} {number} where {what} {expected} comes next: the numbering has a gap or is out of order"),
        ))
    }
}

/// A weight of at most two decimals, in hundredths.
fn hundredths(v: f64) -> Option<Hundredths> {
    let h = (v * 100.0).round();
    ((v * 100.0 - h).abs() < 1e-6 && (0.0..=10_000.0).contains(&h)).then_some(h as Hundredths)
}

fn two_decimals() -> String {
    "must be a positive number with at most 2 decimals".into()
}

/// Hundredths as a number is written: 1.3, 13, 2.75.
pub fn shown(h: Hundredths) -> String {
    let s = format!("{}.{:02}", h / 100, h % 100);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}
