//! The SPBE index of an evaluation: Σ(weight × level) / Σ weight for each aspect, each domain
//! and the whole (PermenPANRB 59/2020; Kalbar Pasal 44, Pessel Lampiran III Bab VI), kept as the
//! two sums so a predicate's boundary (4.2, 3.5, 2.6, 1.8) is met exactly, never by rounding.

use super::instrument::{Hundredths, Instrument};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A weighted mean of levels, as its two sums.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, ToSchema)]
pub struct Score {
    /// Σ weight × level, weights in hundredths.
    pub weighted: u64,
    /// Σ weight, in hundredths.
    pub weight: u64,
}

impl Score {
    fn add(&mut self, weight: Hundredths, level: u8) {
        self.weighted += u64::from(weight) * u64::from(level);
        self.weight += u64::from(weight);
    }

    /// The index, 0–5.
    pub fn value(&self) -> f64 {
        if self.weight == 0 {
            0.0
        } else {
            self.weighted as f64 / self.weight as f64
        }
    }

    /// The index with two decimals, as reports print it (the predicate is not taken from this).
    pub fn shown(&self) -> String {
        format!("{:.2}", self.value())
    }

    /// Whether the index is at least `from` hundredths, exactly.
    pub fn at_least(&self, from: Hundredths) -> bool {
        if self.weight == 0 {
            return from == 0;
        }
        self.weighted * 100 >= u64::from(from) * self.weight
    }
}

/// An evaluation's index at every level of the instrument.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Index {
    pub total: Score,
    pub predicate: String,
    /// By domain number.
    pub domains: Vec<(u32, Score)>,
    /// By aspect number.
    pub aspects: Vec<(u32, Score)>,
    /// Indicators without a level, counted as 0.
    pub missing: Vec<u32>,
}

/// The index of `levels` (indicator number → level 1–5) on `instrument`; an indicator without
/// a level counts as 0 and is listed.
pub fn compute(instrument: &Instrument, levels: &BTreeMap<u32, u8>) -> Index {
    let mut total = Score::default();
    let (mut domains, mut aspects, mut missing) = (Vec::new(), Vec::new(), Vec::new());
    for d in &instrument.domains {
        let mut domain = Score::default();
        for a in &d.aspects {
            let mut aspect = Score::default();
            for i in &a.indicators {
                let level = levels.get(&i.number).copied().unwrap_or_else(|| {
                    missing.push(i.number);
                    0
                });
                aspect.add(i.weight, level);
                domain.add(i.weight, level);
                total.add(i.weight, level);
            }
            aspects.push((a.number, aspect));
        }
        domains.push((d.number, domain));
    }
    Index {
        predicate: instrument.predicate_of(&total).to_string(),
        total,
        domains,
        aspects,
        missing,
    }
}

/// What one more level of an indicator would add to the total index.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Gain {
    pub indicator: u32,
    pub weight: Hundredths,
    pub level: u8,
    /// Levels left to 5.
    pub gap: u8,
    /// Index points a level gained adds: weight / Σ weights.
    pub per_level: f64,
    /// Index points if it reached 5: weight × gap / Σ weights.
    pub to_optimum: f64,
}

/// The indicators below 5, those whose level gained raises the index most first (then the
/// widest gap, then by number).
pub fn gains(instrument: &Instrument, levels: &BTreeMap<u32, u8>) -> Vec<Gain> {
    let sum: u32 = instrument.indicators().map(|(_, _, i)| i.weight).sum();
    let mut out: Vec<Gain> = instrument
        .indicators()
        .filter_map(|(_, _, i)| {
            let level = levels.get(&i.number).copied().unwrap_or(0);
            (level < 5).then(|| Gain {
                indicator: i.number,
                weight: i.weight,
                level,
                gap: 5 - level,
                per_level: f64::from(i.weight) / f64::from(sum.max(1)),
                to_optimum: f64::from(i.weight) * f64::from(5 - level) / f64::from(sum.max(1)),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.weight
            .cmp(&a.weight)
            .then(b.gap.cmp(&a.gap))
            .then(a.indicator.cmp(&b.indicator))
    });
    out
}

/// The sources a claim of `level` on indicator `number` expects records of and Padu holds none
/// of (`held` answers how many records a source holds).
pub fn lacking(
    instrument: &Instrument,
    number: u32,
    level: u8,
    held: impl Fn(&str) -> i64,
) -> Vec<&str> {
    instrument
        .indicator(number)
        .map(|i| {
            i.padu
                .iter()
                .filter(|ask| ask.level <= level && held(&ask.source) == 0)
                .map(|ask| ask.source.as_str())
                .collect()
        })
        .unwrap_or_default()
}
