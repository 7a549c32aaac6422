//! Reading a profile: a shipped one, or a region's file that names its `base` and overrides
//! values. The file is checked alone first (every key known, every value of its type, with
//! the line of a mistake), then laid over its base table by table (a list replaces the base's
//! list, `unset` removes keys), then the whole is checked again. Nothing applies until all of
//! it reads. Pure: the caller reads the file.

use super::Profile;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The shipped profiles, by name: the national base and the three regulations.
pub const SHIPPED: [(&str, &str); 4] = [
    ("nasional", include_str!("../../profiles/nasional.toml")),
    ("kalbar", include_str!("../../profiles/kalbar.toml")),
    ("bogor", include_str!("../../profiles/bogor.toml")),
    ("pessel", include_str!("../../profiles/pessel.toml")),
];

/// Whether a profile is one Padu ships or a region's own (whose values show as overridden).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Shipped,
    Region,
}

/// Why a profile file does not read: where (the line, when known) and which key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{key}: {message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct LoadError {
    pub line: Option<usize>,
    pub key: String,
    pub message: String,
}

/// A shipped profile, read once.
pub fn shipped(name: &str) -> Option<&'static Profile> {
    static READ: OnceLock<Vec<(&'static str, Profile)>> = OnceLock::new();
    READ.get_or_init(|| {
        SHIPPED
            .iter()
            .map(|(name, text)| {
                let profile = load(text, Origin::Shipped)
                    .unwrap_or_else(|e| panic!("the shipped profile {name} does not read: {e}"));
                (*name, profile)
            })
            .collect()
    })
    .iter()
    .find(|(n, _)| *n == name)
    .map(|(_, p)| p)
}

pub(crate) fn line_of(text: &str, at: usize) -> usize {
    text[..at.min(text.len())].matches('\n').count() + 1
}

/// The line where `key` (dotted) is set in `text`, if it can be found.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    let last = key.rsplit('.').next()?;
    let table = key.rsplit_once('.').map(|(t, _)| t);
    let mut current = String::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            current = header
                .trim_matches(|c| c == '[' || c == ']')
                .trim()
                .to_string();
            if current == key {
                return Some(i + 1);
            }
            continue;
        }
        let here = table.is_none_or(|t| t == current);
        if here && line.split('=').next().is_some_and(|k| k.trim() == last) {
            return Some(i + 1);
        }
    }
    None
}

pub(crate) fn read_error(text: &str, e: toml::de::Error) -> LoadError {
    let line = e.span().map(|s| line_of(text, s.start));
    let key = line
        .and_then(|l| text.lines().nth(l - 1))
        .and_then(|l| l.split('=').next())
        .map(|k| k.trim().trim_matches(|c| c == '[' || c == ']').to_string())
        .unwrap_or_default();
    LoadError {
        line,
        key,
        message: e.message().trim().to_string(),
    }
}

/// Lays `over` onto `base`: tables merge key by key, anything else replaces.
fn lay_over(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => lay_over(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// The dotted keys of a table's leaves (a list is one leaf).
fn leaves(table: &toml::Table, prefix: &str, out: &mut BTreeSet<String>) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(t) => leaves(t, &path, out),
            _ => {
                out.insert(path);
            }
        }
    }
}

fn remove(table: &mut toml::Table, path: &str) -> bool {
    match path.split_once('.') {
        None => table.remove(path).is_some(),
        Some((head, rest)) => match table.get_mut(head) {
            Some(toml::Value::Table(t)) => remove(t, rest),
            _ => false,
        },
    }
}

/// A file's own profile (checked alone), and its table laid over its base chain with its
/// removals applied.
fn merged(text: &str) -> Result<(Profile, toml::Table, toml::Table), LoadError> {
    // The file alone: every key known and every value of its type.
    let alone: Profile = toml::from_str(text).map_err(|e| read_error(text, e))?;
    let mut own: toml::Table = toml::from_str(text).map_err(|e| read_error(text, e))?;
    own.remove("base");
    own.remove("unset");
    let mut table = match alone.base.as_deref() {
        None => toml::Table::new(),
        Some(base) => {
            let (_, base_text) =
                SHIPPED
                    .iter()
                    .find(|(n, _)| *n == base)
                    .ok_or_else(|| LoadError {
                        line: line_of_key(text, "base"),
                        key: "base".into(),
                        message: format!(
                            "no shipped profile {base}; one of {}",
                            SHIPPED.map(|(n, _)| n).join(", ")
                        ),
                    })?;
            merged(base_text)?.1
        }
    };
    lay_over(&mut table, own.clone());
    for key in &alone.unset {
        if !remove(&mut table, key) {
            return Err(LoadError {
                line: line_of_key(text, "unset"),
                key: "unset".into(),
                message: format!("{key} is not set in the base, so it cannot be removed"),
            });
        }
    }
    Ok((alone, table, own))
}

/// Reads a profile file. A file with a `base` is laid over that shipped profile (its own base
/// first); a region's own file (`Origin::Region`) lists the keys it sets as overridden.
pub fn load(text: &str, origin: Origin) -> Result<Profile, LoadError> {
    let (alone, table, own) = merged(text)?;
    let mut profile: Profile =
        toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| LoadError {
                line: None,
                key: String::new(),
                message: e.message().trim().to_string(),
            })?;
    profile.base = alone.base;
    profile.unset = alone.unset;
    check(&profile).map_err(|(key, message)| LoadError {
        line: line_of_key(text, &key),
        key,
        message,
    })?;
    if origin == Origin::Region {
        let mut set = BTreeSet::new();
        leaves(&own, "", &mut set);
        profile.overridden = set.into_iter().collect();
    }
    Ok(profile)
}

/// The whole profile's own rules: what makes it usable, and no clause of another region.
fn check(p: &Profile) -> Result<(), (String, String)> {
    let bad = |key: &str, message: &str| Err((key.to_string(), message.to_string()));
    if p.id.is_empty()
        || !p
            .id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        return bad("id", "a name of a–z, 0–9 and '-'");
    }
    for (key, value) in [
        ("pemda", &p.pemda),
        ("regulation", &p.regulation),
        ("cite_as", &p.cite_as),
    ] {
        if value.trim().is_empty() {
            return bad(key, "must not be empty");
        }
    }
    if let Some(d) = &p.domain {
        let host = d.value.as_str();
        let ok = host.contains('.')
            && host
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if !ok {
            return bad(
                "domain.value",
                "a domain in lower case, e.g. contohkab.go.id",
            );
        }
    }
    if let Some(t) = &p.transition {
        if !(1..=10).contains(&t.years) {
            return bad("transition.years", "must be 1–10");
        }
    }
    for priority in crate::ticket::Priority::ALL {
        let ok = p.desk.priorities.get(priority).is_some_and(|t| {
            t.first_response_minutes > 0 && t.next_update_minutes > 0 && t.resolution_minutes > 0
        });
        if !ok {
            return bad(
                &format!("desk.priorities.{}", priority.as_str()),
                "every priority has its targets, each at least a minute",
            );
        }
    }
    for kind in crate::ticket::TicketType::ALL {
        if p.desk
            .types
            .get(kind)
            .is_none_or(|t| t.resolution_factor == 0)
        {
            return bad(
                &format!("desk.types.{}", kind.as_str()),
                "every ticket type has its resolution factor, at least 1",
            );
        }
    }
    if !(1..=90).contains(&p.desk.warn_percent) {
        return bad("desk.warn_percent", "must be 1–90");
    }
    let mut codes = BTreeSet::new();
    for d in &p.documents {
        if d.code.is_empty() || d.id.is_empty() || !codes.insert(d.code.as_str()) {
            return bad("documents", "each document has its own code and a name");
        }
    }
    for (key, s) in p.complaints.settings() {
        if !(1..=60).contains(&s.value) {
            return bad(&format!("complaints.{key}.value"), "must be 1–60 days");
        }
    }
    deciders(p)?;
    if p.risk_review_months
        .as_ref()
        .is_some_and(|m| ![3, 6, 12].contains(&m.value))
    {
        return bad(
            "risk_review_months.value",
            "3, 6 or 12: monitoring falls at a quarter's end",
        );
    }
    if p.risk_identification_months
        .as_ref()
        .is_some_and(|m| !(1..=12).contains(&m.value))
    {
        return bad("risk_identification_months.value", "must be 1–12");
    }
    if p.isms_evaluation_months
        .as_ref()
        .is_some_and(|m| !(1..=60).contains(&m.value))
    {
        return bad("isms_evaluation_months.value", "must be 1–60");
    }
    if p.incident_report_hours
        .as_ref()
        .is_some_and(|h| !(1..=720).contains(&h.value))
    {
        return bad("incident_report_hours.value", "must be 1–720 hours");
    }
    if p.certificate_reminder_days
        .as_ref()
        .is_some_and(|d| d.value.is_empty() || d.value.iter().any(|d| !(1..=365).contains(d)))
    {
        return bad(
            "certificate_reminder_days.value",
            "one or more days, each 1–365",
        );
    }
    crate::manajemen::risk::check_scale(&p.risk)?;
    // No clause of another shipped region: a region's profile cites its own regulation or a
    // national rule.
    let others: Vec<String> = SHIPPED
        .iter()
        .map(|(n, text)| cite_as_of(text).unwrap_or_else(|| n.to_string()))
        .filter(|c| *c != p.cite_as && !c.is_empty())
        .collect();
    for (key, clause) in clauses(p) {
        if let Some(other) = others.iter().find(|o| clause.starts_with(&format!("{o} "))) {
            return Err((
                key,
                format!("cites {other}, another region's regulation: {clause}"),
            ));
        }
    }
    Ok(())
}

/// Who decides: every plan kind has its approvers and reviewers, every workflow its deciders,
/// each from the roles the routes let take that step (the gates are supersets of every
/// region's deciders).
fn deciders(p: &Profile) -> Result<(), (String, String)> {
    use crate::org::Role;
    use crate::planning::{PlanKind, APPROVES_PLANS, REVIEWS_PLANS};
    use crate::requests::DECIDES_REQUESTS;
    fn within(
        key: String,
        roles: &[Role],
        allowed: &[Role],
        needed: bool,
    ) -> Result<(), (String, String)> {
        if needed && roles.is_empty() {
            return Err((key, "name at least one role".into()));
        }
        match roles.iter().find(|r| !allowed.contains(r)) {
            Some(r) => Err((
                key,
                format!(
                    "{} does not take this decision; one of {}",
                    r.as_str(),
                    allowed
                        .iter()
                        .map(|r| r.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )),
            None => Ok(()),
        }
    }
    for kind in PlanKind::ALL {
        for (table, map, gate) in [
            ("plan_approvers", &p.plan_approvers, APPROVES_PLANS),
            ("plan_reviewers", &p.plan_reviewers, REVIEWS_PLANS),
        ] {
            let key = format!("{table}.{}.value", kind.as_str());
            let roles = map
                .get(&kind)
                .map(|d| d.value.as_slice())
                .unwrap_or_default();
            within(key, roles, gate.roles(), true)?;
        }
    }
    for (kind, w) in &p.workflows {
        let key = |field: &str| format!("workflows.{}.{field}", kind.as_str());
        within(
            key("decided_by"),
            &w.decided_by,
            DECIDES_REQUESTS.roles(),
            true,
        )?;
        within(
            key("established_by"),
            &w.established_by,
            DECIDES_REQUESTS.roles(),
            false,
        )?;
    }
    Ok(())
}

/// A shipped file's `cite_as`, read without reading the whole file.
fn cite_as_of(text: &str) -> Option<String> {
    text.lines()
        .find_map(|l| l.trim().strip_prefix("cite_as"))
        .and_then(|rest| rest.split('"').nth(1))
        .map(str::to_string)
}

/// Every clause the profile cites, with its key.
pub(super) fn clauses(p: &Profile) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |key: String, clause: &str| {
        if !clause.is_empty() {
            out.push((key, clause.to_string()));
        }
    };
    if let Some(d) = &p.domain {
        add("domain.clause".into(), &d.clause);
    }
    if let Some(t) = &p.transition {
        add("transition.clause".into(), &t.clause);
    }
    for d in &p.documents {
        add("documents".into(), &d.clause);
    }
    for (rule, s) in &p.rules {
        add(format!("rules.{}.clause", rule.key()), &s.clause);
    }
    for (kind, r) in &p.plan_reviews {
        add(format!("plan_reviews.{}.clause", kind.as_str()), &r.clause);
    }
    for (table, map) in [
        ("plan_approvers", &p.plan_approvers),
        ("plan_reviewers", &p.plan_reviewers),
    ] {
        for (kind, d) in map {
            add(format!("{table}.{}.clause", kind.as_str()), &d.clause);
        }
    }
    for (key, s) in [
        ("dataset_max_update_months", &p.dataset_max_update_months),
        ("application_review_years", &p.application_review_years),
        (
            "coordination_meetings_per_year",
            &p.coordination_meetings_per_year,
        ),
        ("risk_review_months", &p.risk_review_months),
        ("risk_identification_months", &p.risk_identification_months),
        ("incident_report_hours", &p.incident_report_hours),
        ("isms_evaluation_months", &p.isms_evaluation_months),
        ("evaluation_months", &p.evaluation_months),
        ("audit_months", &p.audit_months),
        ("internal_audit_lead_months", &p.internal_audit_lead_months),
    ] {
        if let Some(s) = s {
            add(format!("{key}.clause"), &s.clause);
        }
    }
    if let Some(s) = &p.mandiri_tik_runs_own_servers {
        add("mandiri_tik_runs_own_servers.clause".into(), &s.clause);
    }
    if let Some(s) = &p.pemda_risk_unit {
        add("pemda_risk_unit.clause".into(), &s.clause);
    }
    if let Some(s) = &p.certificate_reminder_days {
        add("certificate_reminder_days.clause".into(), &s.clause);
    }
    add("risk.matrix.clause".into(), &p.risk.matrix.clause);
    add("risk.bands.clause".into(), &p.risk.bands.clause);
    for (key, s) in p.complaints.settings() {
        add(format!("complaints.{key}.clause"), &s.clause);
    }
    add("desk.clause".into(), &p.desk.clause);
    if let Some(s) = &p.bus_service_clearance {
        add("bus_service_clearance.clause".into(), &s.clause);
    }
    if let Some(s) = &p.planning_pd {
        add("planning_pd.clause".into(), &s.clause);
    }
    for (kind, s) in &p.planning_pd_drafts {
        add(
            format!("planning_pd_drafts.{}.clause", kind.as_str()),
            &s.clause,
        );
    }
    for (kind, s) in &p.workflows {
        add(format!("workflows.{}.clause", kind.as_str()), &s.clause);
    }
    out
}
