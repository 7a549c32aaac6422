use super::index::{compute, gains, lacking, Score};
use super::instrument::{parse, shown, Instrument, SHIPPED};
use std::collections::BTreeMap;

/// A small instrument unlike the shipped one: 2 domains, 3 aspects, indicators weighing 10,
/// 30, 20 and 40.
const SMALL: &str = r#"
code = "kecil"
name = "Instrumen kecil"

[[predicates]]
name = "Memuaskan"
from = 4.2
[[predicates]]
name = "Sangat Baik"
from = 3.5
[[predicates]]
name = "Baik"
from = 2.6
[[predicates]]
name = "Cukup"
from = 1.8
[[predicates]]
name = "Kurang"
from = 0.0

[[scales]]
key = "umum"
name = "Umum"
levels = [
  { name = "Rintisan", criteria = "a" },
  { name = "Terkelola", criteria = "b" },
  { name = "Terdefinisi", criteria = "c" },
  { name = "Terpadu", criteria = "d" },
  { name = "Optimum", criteria = "e" },
]

[[domains]]
number = 1
name = "Satu"
weight = 40

[[domains.aspects]]
number = 1
name = "A"
weight = 40

[[domains.aspects.indicators]]
number = 1
name = "I1"
weight = 10
scale = "umum"

[[domains.aspects.indicators]]
number = 2
name = "I2"
weight = 30
scale = "umum"
padu = [{ level = 3, source = "risiko" }]

[[domains]]
number = 2
name = "Dua"
weight = 60

[[domains.aspects]]
number = 2
name = "B"
weight = 20

[[domains.aspects.indicators]]
number = 3
name = "I3"
weight = 20
scale = "umum"
criteria = ["v", "w", "x", "y", "z"]

[[domains.aspects]]
number = 3
name = "C"
weight = 40

[[domains.aspects.indicators]]
number = 4
name = "I4"
weight = 40
scale = "umum"
"#;

fn small() -> Instrument {
    parse(SMALL).expect("the small instrument reads")
}

fn levels(l: [u8; 4]) -> BTreeMap<u32, u8> {
    (1..=4).zip(l).collect()
}

#[test]
fn the_predicate_boundaries_are_met_exactly() {
    // Σ weight × level / 100, worked by hand.
    let i = small();
    for (l, index, predicate) in [
        ([5, 5, 3, 4], "4.20", "Memuaskan"),
        ([5, 4, 3, 3], "3.50", "Sangat Baik"),
        ([2, 2, 3, 3], "2.60", "Baik"),
        ([2, 2, 1, 2], "1.80", "Cukup"),
        ([1, 1, 1, 2], "1.40", "Kurang"),
        ([5, 5, 5, 5], "5.00", "Memuaskan"),
        ([5, 5, 3, 3], "3.80", "Sangat Baik"),
    ] {
        let x = compute(&i, &levels(l));
        assert_eq!(x.total.shown(), index, "{l:?}");
        assert_eq!(x.predicate, predicate, "{l:?}");
        assert!(x.missing.is_empty());
    }
    // Just under a boundary is the band below, however close.
    let under = Score {
        weighted: 419_999,
        weight: 100_000,
    };
    assert!(!under.at_least(420));
    assert_eq!(i.predicate_of(&under), "Sangat Baik");
    assert_eq!(
        i.predicate_of(&Score {
            weighted: 420_000,
            weight: 100_000
        }),
        "Memuaskan"
    );
}

#[test]
fn aspects_and_domains_are_weighted_means_of_their_indicators() {
    let x = compute(&small(), &levels([1, 5, 2, 4]));
    // Aspect 1: (10×1 + 30×5) / 40 = 4; domain 2: (20×2 + 40×4) / 60 = 3.33.
    assert_eq!(x.aspects[0].1.shown(), "4.00");
    assert_eq!(x.aspects[1].1.shown(), "2.00");
    assert_eq!(x.aspects[2].1.shown(), "4.00");
    assert_eq!(x.domains[0].1.shown(), "4.00");
    assert_eq!(x.domains[1].1.shown(), "3.33");
    assert_eq!(x.total.shown(), "3.60");
}

#[test]
fn an_indicator_without_a_level_counts_as_zero_and_is_named() {
    let mut l = levels([5, 5, 5, 5]);
    l.remove(&4);
    let x = compute(&small(), &l);
    assert_eq!(x.missing, vec![4]);
    assert_eq!(x.total.shown(), "3.00");
}

#[test]
fn gains_put_the_heaviest_indicator_first() {
    let g = gains(&small(), &levels([1, 5, 2, 4]));
    // Indicator 2 is at 5 and gains nothing; 4 weighs most, then 3, then 1.
    let order: Vec<u32> = g.iter().map(|g| g.indicator).collect();
    assert_eq!(order, vec![4, 3, 1]);
    assert!((g[0].per_level - 0.4).abs() < 1e-9);
    assert!((g[1].to_optimum - 0.6).abs() < 1e-9);
    assert_eq!(g[2].gap, 4);
}

#[test]
fn a_claim_lacks_the_records_its_level_asks() {
    let i = small();
    let none = |_: &str| 0;
    let some = |_: &str| 3;
    assert!(lacking(&i, 2, 2, none).is_empty(), "level 2 asks nothing");
    assert_eq!(lacking(&i, 2, 3, none), vec!["risiko"]);
    assert!(lacking(&i, 2, 4, some).is_empty());
}

#[test]
fn an_indicator_takes_its_own_criteria_or_its_scales() {
    let i = small();
    assert_eq!(i.indicator(1).unwrap().levels[0].criteria, "a");
    assert_eq!(i.indicator(3).unwrap().levels[4].criteria, "z");
    assert_eq!(i.indicator(3).unwrap().levels[4].name, "Optimum");
}

#[test]
fn the_shipped_instrument_is_permenpanrb_59_2020() {
    let i = parse(SHIPPED).expect("the shipped instrument reads");
    assert_eq!(i.domains.len(), 4);
    let aspects: Vec<u32> = i
        .domains
        .iter()
        .flat_map(|d| d.aspects.iter().map(|a| a.weight))
        .collect();
    assert_eq!(aspects, vec![1300, 1000, 1000, 500, 1200, 450, 2750, 1800]);
    assert_eq!(i.indicators().count(), 47);
    assert_eq!(i.indicator(18).unwrap().weight, 250);
    assert_eq!(
        i.predicates.iter().map(|p| p.from).collect::<Vec<_>>(),
        vec![420, 350, 260, 180, 0]
    );
    // Every level at 3 is 3.00 exactly, though 1.3 and 2.75 are not exact in binary.
    let all: BTreeMap<u32, u8> = (1..=47).map(|n| (n, 3)).collect();
    assert_eq!(compute(&i, &all).total.shown(), "3.00");
    assert_eq!(compute(&i, &all).predicate, "Baik");
}

fn refused(text: &str) -> String {
    parse(text).expect_err("refused").to_string()
}

#[test]
fn an_instrument_that_does_not_weigh_100_is_refused_with_the_reason() {
    let e = refused(&SMALL.replace("weight = 40\nscale", "weight = 41\nscale"));
    assert!(
        e.contains("aspect 3 weighs 40 but its indicators weigh 41"),
        "{e}"
    );
    assert!(e.starts_with("line "), "{e}");
    let e = refused(
        &SMALL
            .replace("weight = 40\nscale", "weight = 41\nscale")
            .replace("name = \"C\"\nweight = 40", "name = \"C\"\nweight = 41")
            .replace("name = \"Dua\"\nweight = 60", "name = \"Dua\"\nweight = 61"),
    );
    assert!(e.contains("weigh 101 in all, not 100"), "{e}");
}

#[test]
fn a_gap_in_the_numbering_is_refused_with_its_line() {
    let text = SMALL.replace("number = 3\nname = \"I3\"", "number = 5\nname = \"I3\"");
    let e = parse(&text).unwrap_err();
    assert!(
        e.message
            .contains("indicator 5 where indicator 3 comes next"),
        "{e}"
    );
    let line = e.line.expect("a line");
    assert!(
        text.lines()
            .nth(line - 1)
            .unwrap()
            .contains("[[domains.aspects.indicators]]"),
        "line {line} is the indicator's"
    );
}

#[test]
fn a_malformed_file_is_refused_with_its_line() {
    let e = parse(&SMALL.replace("weight = 30", "weight = \"tiga puluh\"")).unwrap_err();
    assert!(e.line.is_some(), "{e}");
    let e = refused(&SMALL.replace("scale = \"umum\"\npadu", "skala = \"umum\"\npadu"));
    assert!(e.contains("skala"), "{e}");
    let e = refused(&SMALL.replace("source = \"risiko\"", "source = \"kopi\""));
    assert!(e.contains("no records called kopi"), "{e}");
    let e = refused(&SMALL.replace("level = 3, source", "level = 6, source"));
    assert!(e.contains("level 6 is not 1–5"), "{e}");
    let e = refused(&SMALL.replace("  { name = \"Optimum\", criteria = \"e\" },\n", ""));
    assert!(e.contains("exactly 5 levels"), "{e}");
    let e = refused(&SMALL.replace("from = 0.0", "from = 0.5"));
    assert!(e.contains("starts at 0"), "{e}");
    let e = refused(&SMALL.replace("weight = 10\n", "weight = 10.005\n"));
    assert!(e.contains("at most 2 decimals"), "{e}");
}

#[test]
fn weights_print_as_written() {
    assert_eq!(shown(130), "1.3");
    assert_eq!(shown(1300), "13");
    assert_eq!(shown(275), "2.75");
}
