//! The year's report to the head of region (Kalbar Pasal 44, Bogor Pasal 45(4), Pessel Pasal
//! 47(2)): the evaluation's index by domain and in all, a digest of every indicator's level as
//! it counts, and the audits reported that year with their findings, as one text the instance
//! key signs. Anyone with the public key checks it with openssl; a text that no longer matches
//! the records is no longer the year's.

use super::index::Index;
use super::instrument::Instrument;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// An audit as the report lists it.
pub struct ReportedAudit<'a> {
    pub title: &'a str,
    pub kind: &'a str,
    pub reported_on: &'a str,
    pub findings: usize,
    pub open_findings: usize,
}

/// The report's body: everything the signature vouches for but who signed and when.
pub fn report_body(
    instance: &str,
    pemda: &str,
    year: i64,
    instrument: &Instrument,
    index: &Index,
    levels: &BTreeMap<u32, u8>,
    audits: &[ReportedAudit<'_>],
) -> String {
    let mut out = format!(
        "padu-evaluation-report v1\ninstance: {instance}\npemda: {}\nyear: {year}\ninstrument: {}\nindex: {} {}\n",
        pemda.replace('\n', " "),
        instrument.code,
        index.total.shown(),
        index.predicate
    );
    for (d, (_, score)) in instrument.domains.iter().zip(&index.domains) {
        out.push_str(&format!(
            "domain {}: {} {}\n",
            d.number,
            score.shown(),
            d.name
        ));
    }
    let digest: String = levels.iter().map(|(n, l)| format!("{n}={l};")).collect();
    out.push_str(&format!(
        "levels-sha256: {}\n",
        hex::encode(Sha256::digest(digest.as_bytes()))
    ));
    for a in audits {
        out.push_str(&format!(
            "audit: {} | {} | {} | findings {} open {}\n",
            a.title.replace('\n', " "),
            a.kind,
            a.reported_on,
            a.findings,
            a.open_findings
        ));
    }
    out
}

/// The signed statement: the body, then who signed it as what, and when.
pub fn report_statement(body: &str, signer: &str, role: &str, at: &str) -> String {
    format!("{body}signed-by: {signer} ({role})\nat: {at}\n")
}

#[cfg(test)]
mod tests {
    use super::super::index::compute;
    use super::super::instrument::{parse, SHIPPED};
    use super::*;

    #[test]
    fn the_body_names_the_index_the_levels_and_the_audits() {
        let i = parse(SHIPPED).unwrap();
        let levels: BTreeMap<u32, u8> = (1..=47).map(|n| (n, 3)).collect();
        let index = compute(&i, &levels);
        let audits = [ReportedAudit {
            title: "Audit keamanan portal",
            kind: "keamanan",
            reported_on: "2026-08-01",
            findings: 3,
            open_findings: 2,
        }];
        let body = report_body(
            "pessel-1",
            "Kab. Pesisir Selatan",
            2026,
            &i,
            &index,
            &levels,
            &audits,
        );
        assert!(body.contains("year: 2026\n"));
        assert!(body.contains("index: 3.00 Baik\n"), "{body}");
        assert!(body.contains("domain 4: 3.00 Layanan SPBE\n"), "{body}");
        assert!(body.contains(
            "audit: Audit keamanan portal | keamanan | 2026-08-01 | findings 3 open 2\n"
        ));
        // A level changed is another digest.
        let mut other = levels.clone();
        other.insert(18, 4);
        let changed = report_body(
            "pessel-1",
            "Kab. Pesisir Selatan",
            2026,
            &i,
            &compute(&i, &other),
            &other,
            &audits,
        );
        let digest = |b: &str| {
            b.lines()
                .find(|l| l.starts_with("levels-sha256"))
                .unwrap()
                .to_string()
        };
        assert_ne!(digest(&body), digest(&changed));
        let statement =
            report_statement(&body, "koordinator", "koordinator", "2026-12-07T01:00:00Z");
        assert!(statement.starts_with(&body));
        assert!(
            statement.ends_with("signed-by: koordinator (koordinator)\nat: 2026-12-07T01:00:00Z\n")
        );
    }
}
