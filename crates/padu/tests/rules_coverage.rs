//! The rule coverage table, `docs/rules.md`, made from `docs/rules-coverage.toml`: every
//! clause of the three regulations that sets a number, a deadline, a role or a required
//! record, where Padu implements it and the test that checks it, or "not yet". The test
//! fails when the table is stale (run it with PADU_WRITE_DOCS=1 to write it anew) or when a
//! named test does not exist.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
struct Inventory {
    clause: Vec<Clause>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Clause {
    cite: String,
    sets: String,
    summary: String,
    implemented: String,
    test: String,
    module: String,
}

impl Clause {
    fn region(&self) -> &str {
        self.cite.split(' ').next().unwrap_or_default()
    }
    /// Built unless it says "not yet" (which may go on to say what is ready for it, such as
    /// a profile value the module to come will read).
    fn built(&self) -> bool {
        !self.implemented.starts_with("not yet")
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every test function's name under `crates/`.
fn test_names() -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![root().join("crates")];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let code = std::fs::read_to_string(&path).unwrap();
            let mut lines = code.lines().peekable();
            while let Some(line) = lines.next() {
                let attr = line.trim();
                if attr == "#[test]" || attr.starts_with("#[tokio::test") {
                    // The function follows, perhaps after further attributes.
                    for next in lines.by_ref() {
                        if let Some(rest) = next.trim().split("fn ").nth(1) {
                            names.push(rest.split('(').next().unwrap_or_default().to_string());
                            break;
                        }
                    }
                }
            }
        }
    }
    names
}

fn counts<'a>(list: impl Iterator<Item = &'a Clause>) -> (usize, usize, usize) {
    list.fold((0, 0, 0), |(all, built, tested), c| {
        (
            all + 1,
            built + usize::from(c.built()),
            tested + usize::from(!c.test.is_empty()),
        )
    })
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn render(inventory: &Inventory) -> String {
    let mut out = String::from(
        "# Rule coverage\n\n\
         Every clause of the three regulations that sets a number, a deadline, a role or a \
         required record: where Padu implements it, and the test that checks it. Made from \
         `docs/rules-coverage.toml` by `crates/padu/tests/rules_coverage.rs` (run it with \
         `PADU_WRITE_DOCS=1` after changing the inventory); do not edit by hand.\n\n",
    );
    let (all, built, tested) = counts(inventory.clause.iter());
    out.push_str(&format!(
        "{all} clauses: {built} implemented, {tested} with a test, {} not yet.\n\n",
        all - built
    ));
    for (title, key) in [
        ("region", Clause::region as fn(&Clause) -> &str),
        ("module", |c: &Clause| c.module.as_str()),
    ] {
        let mut groups: BTreeMap<&str, Vec<&Clause>> = BTreeMap::new();
        for c in &inventory.clause {
            groups.entry(key(c)).or_default().push(c);
        }
        out.push_str(&format!(
            "| {title} | clauses | implemented | with a test | not yet |\n|---|---|---|---|---|\n"
        ));
        for (name, list) in groups {
            let (all, built, tested) = counts(list.into_iter());
            out.push_str(&format!(
                "| {name} | {all} | {built} | {tested} | {} |\n",
                all - built
            ));
        }
        out.push('\n');
    }
    let mut region = "";
    for c in &inventory.clause {
        if c.region() != region {
            region = c.region();
            out.push_str(&format!(
                "## {region}\n\n| clause | sets | what | where | test |\n|---|---|---|---|---|\n"
            ));
        }
        let test = if c.test.is_empty() {
            "—".to_string()
        } else {
            format!("`{}`", c.test)
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} |\n",
            cell(&c.cite),
            c.sets,
            cell(&c.summary),
            cell(&c.implemented),
            test
        ));
        let next_region = inventory
            .clause
            .iter()
            .skip_while(|x| !std::ptr::eq(*x, c))
            .nth(1)
            .map(Clause::region);
        if next_region != Some(region) {
            out.push('\n');
        }
    }
    out
}

#[test]
fn the_rule_coverage_table_is_current_and_names_real_tests() {
    let text = std::fs::read_to_string(root().join("docs/rules-coverage.toml")).unwrap();
    let inventory: Inventory = toml::from_str(&text).expect("docs/rules-coverage.toml reads");
    assert!(
        inventory.clause.len() > 200,
        "the three regulations' clauses"
    );
    let names = test_names();
    for c in &inventory.clause {
        assert!(
            ["number", "deadline", "role", "record"].contains(&c.sets.as_str()),
            "{}: sets {}",
            c.cite,
            c.sets
        );
        assert!(
            ["Kalbar", "Bogor", "Pessel"].contains(&c.region()),
            "{}: not a clause of the three regulations",
            c.cite
        );
        assert!(
            !c.implemented.is_empty() && !c.summary.is_empty(),
            "{}",
            c.cite
        );
        assert!(
            c.test.is_empty() || names.contains(&c.test),
            "{}: no test named {}",
            c.cite,
            c.test
        );
        assert!(
            c.built() || c.test.is_empty(),
            "{}: a test for what is not yet built",
            c.cite
        );
    }
    let table = render(&inventory);
    let path = root().join("docs/rules.md");
    if std::env::var("PADU_WRITE_DOCS").as_deref() == Ok("1") {
        std::fs::write(&path, &table).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        written == table,
        "docs/rules.md is stale: run PADU_WRITE_DOCS=1 cargo test -p padu --test rules_coverage"
    );
}
