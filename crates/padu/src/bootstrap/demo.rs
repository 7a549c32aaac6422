//! The demo region's files (`crates/padu/demo/`, built into the binary): each read as the
//! import a user runs reads it, after its placeholders are filled in. A placeholder is a whole
//! cell in braces, for what a file cannot hold as written: dates relative to the first start
//! (`{today-40}`, `{year+1}`), the profile's checklist (`{documents:4}`: its first four codes)
//! and the ids of records loaded by an earlier file (`{applications:SIMPUS}`,
//! `{services:…}` by name, `{risks:…}` by event, `{incidents:…}` by title, `{office:pd-code}`:
//! the PD's office among the network sites) and moments (`{today-12 08:10}`).

use crate::interchange::{
    import_named, pd_directory, read_table, write_csv_row, CellError, Env, ImportError, Table,
};
use anyhow::{anyhow, bail, Context, Result};
use chrono::{Datelike, Days, NaiveDate};
use padu_domain::catalog::required_documents;
use padu_domain::password::{check_policy, hash_password};
use padu_domain::planning::PlanKind;
use padu_domain::{Grant, PdId, ReadScope, Role};
use padu_store::users::NewUser;
use padu_store::{AuditCtx, Store};

/// A demo file: its name (for messages) and its text.
pub type DemoFile = (&'static str, &'static str);

/// A demo file read, before its placeholders are filled in.
pub struct Parsed {
    pub name: &'static str,
    pub table: Table,
}

/// Reads every file, so that a broken one stops the first start before anything is written.
pub fn parse_all(files: &[DemoFile]) -> Result<Vec<Parsed>> {
    files
        .iter()
        .map(|&(name, text)| {
            let table = read_table(text.as_bytes())
                .map_err(|e| anyhow!("demo file {name}: row {}: {}", e.row, e.message))?;
            Ok(Parsed { name, table })
        })
        .collect()
}

/// Loads the demo's files into `store` as the Dinas would import them, with `ctx`'s actor.
pub struct Loader<'a> {
    pub store: &'a Store,
    pub ctx: &'a AuditCtx,
    pub env: Env,
}

impl Loader<'_> {
    /// Imports `file` into the register of the same name; returns it as imported.
    pub async fn register(&self, file: &Parsed) -> Result<Table> {
        let register = file.name.trim_end_matches(".csv");
        let table = self.filled(file).await?;
        let mut bytes = write_csv_row(&table.header);
        for row in &table.rows {
            bytes.extend(write_csv_row(row));
        }
        let report = import_named(
            register,
            self.store,
            &crate::ops::dinas_actor(),
            self.ctx,
            &self.env,
            &bytes,
            false,
            &mut |_, _| {},
        )
        .await
        .ok_or_else(|| anyhow!("demo file {}: no register {register}", file.name))?;
        match report {
            Ok(_) => Ok(table),
            Err(ImportError::Rejected(errors)) => Err(rejected(file.name, &errors)),
            Err(ImportError::Store(e)) => Err(e).context(file.name),
        }
    }

    /// Creates the accounts of `file` (`username`, `full_name`, `email`, `role`, `pd`: the
    /// fields of the account form), all with `password`, checked as the form checks them.
    pub async fn users(&self, file: &Parsed, password: &str) -> Result<()> {
        let table = self.filled(file).await?;
        table
            .check_header(
                &["username", "full_name", "email", "role", "pd"],
                &["username", "full_name", "role"],
            )
            .map_err(|errors| rejected(file.name, &errors))?;
        let (pds, _) = pd_directory(self.store).await?;
        // One hash for all: hashing is slow by design, and every demo account shares the password.
        let hash = hash_password(password, &mut rand::rngs::OsRng);
        for (i, cells) in table.rows.iter().enumerate() {
            let row = table.row(i, cells);
            let at = |column: &str, message: String| {
                anyhow!(
                    "demo file {}: row {} column {column}: {message}",
                    file.name,
                    row.number
                )
            };
            let username = row.text("username");
            if let Some(bad) = check_policy(password, username).first() {
                return Err(at("username", bad.message().to_string()));
            }
            let role: Role = row.text("role").parse().map_err(|m| at("role", m))?;
            let pd = match row.text("pd") {
                "" => None,
                key => Some(PdId(*pds.get(&key.to_lowercase()).ok_or_else(|| {
                    at("pd", format!("no PD with code or name {key}"))
                })?)),
            };
            let user = NewUser {
                username: username.to_string(),
                full_name: row.text("full_name").to_string(),
                email: row.optional("email"),
                password_hash: hash.clone(),
                grants: vec![Grant { role, pd }],
            };
            self.store
                .create_user(self.ctx, &user)
                .await
                .map_err(|e| at("username", e.to_string()))?;
        }
        Ok(())
    }

    /// The demo's audits (`audits.csv`: an audit of an object named in `object`, taken from
    /// its request through assignment, planning, execution with one work paper and supervision
    /// to its report), each step checked as the app checks it.
    pub async fn audits(&self, file: &Parsed) -> Result<()> {
        use padu_store::evaluasi::audits::{AuditRequest, AuditStep, WorkPaperInput};
        let table = self.filled(file).await?;
        let objects = self
            .store
            .all_records::<padu_store::evaluasi::audit_objects::AuditObjectInput>(
                &ReadScope::everything(),
                &Vec::new(),
            )
            .await?;
        for (i, cells) in table.rows.iter().enumerate() {
            let row = table.row(i, cells);
            let at = |e: padu_store::StoreError| {
                anyhow!("demo file {}: row {}: {e}", file.name, row.number)
            };
            let object = objects
                .iter()
                .find(|o| o.fields.name == row.text("object"))
                .ok_or_else(|| {
                    anyhow!(
                        "demo file {}: no audit object {}",
                        file.name,
                        row.text("object")
                    )
                })?;
            let date = |c: &str| -> Result<NaiveDate> {
                row.text(c)
                    .parse()
                    .with_context(|| format!("{}: {c}", file.name))
            };
            let request = AuditRequest {
                object_id: object.id,
                audit_type: row.text("audit_type").into(),
                title: row.text("title").into(),
                request_note: row.text("request_note").into(),
                requested_start: date("requested_start")?,
            };
            let audit = self
                .store
                .request_audit(self.ctx, &request, object.fields.pd_id)
                .await
                .map_err(at)?;
            let text = |c: &str| Some(row.text(c).to_string());
            let steps = [
                AuditStep {
                    step: "penugasan".into(),
                    team: text("team"),
                    assignment_letter: text("assignment_letter"),
                    ..AuditStep::default()
                },
                AuditStep {
                    step: "perencanaan".into(),
                    criteria: text("criteria"),
                    scope: text("scope"),
                    test_plan: text("test_plan"),
                    start_on: Some(date("start_on")?),
                    end_on: Some(date("end_on")?),
                    ..AuditStep::default()
                },
                AuditStep {
                    step: "pelaksanaan".into(),
                    ..AuditStep::default()
                },
            ];
            let today = self.env.today;
            for step in &steps {
                self.store
                    .advance_audit(self.ctx, audit.id, step, today)
                    .await
                    .map_err(at)?;
            }
            let paper = WorkPaperInput {
                title: row.text("work_paper_title").into(),
                procedure: row.text("work_paper_procedure").into(),
                result: row.text("work_paper_result").into(),
            };
            self.store
                .add_work_paper(self.ctx, &audit, &paper)
                .await
                .map_err(at)?;
            for step in [
                AuditStep {
                    step: "supervisi".into(),
                    supervision_note: text("supervision_note"),
                    ..AuditStep::default()
                },
                AuditStep {
                    step: "pelaporan".into(),
                    report_summary: text("report_summary"),
                    conclusion: text("conclusion"),
                    ..AuditStep::default()
                },
            ] {
                // The report came ten days after the work ended.
                let reported = date("end_on")?
                    .checked_add_days(Days::new(10))
                    .unwrap_or(today);
                self.store
                    .advance_audit(self.ctx, audit.id, &step, reported)
                    .await
                    .map_err(at)?;
            }
        }
        Ok(())
    }

    /// The demo audits' findings (`audit_findings.csv`, by the audit's title), each followed
    /// up to its `status` as the auditee and the auditor would; their audits then go on to
    /// the follow-up.
    pub async fn audit_findings(&self, file: &Parsed) -> Result<()> {
        use padu_store::evaluasi::audit_findings::{FindingInput, FindingStep};
        use padu_store::evaluasi::audits::AuditStep;
        let table = self.filled(file).await?;
        let audits = self.store.audits().await?;
        let today = self.env.today;
        for (i, cells) in table.rows.iter().enumerate() {
            let row = table.row(i, cells);
            let at = |e: padu_store::StoreError| {
                anyhow!("demo file {}: row {}: {e}", file.name, row.number)
            };
            let audit = audits
                .iter()
                .find(|a| a.title == row.text("audit"))
                .ok_or_else(|| {
                    anyhow!("demo file {}: no audit {}", file.name, row.text("audit"))
                })?;
            let input = FindingInput {
                title: row.text("title").into(),
                criteria: row.text("criteria").into(),
                condition: row.text("condition").into(),
                cause: row.text("cause").into(),
                effect: row.text("effect").into(),
                recommendation: row.text("recommendation").into(),
                severity: row.text("severity").into(),
            };
            let finding = self
                .store
                .add_finding(self.ctx, audit, &input)
                .await
                .map_err(at)?;
            let status = row.text("status");
            let mut steps = Vec::new();
            if status != "terbuka" {
                steps.push((
                    FindingStep {
                        status: "ditanggapi".into(),
                        response: row.optional("response"),
                        action_plan: row.optional("action_plan"),
                        due_on: row.optional("due_on").and_then(|d| d.parse().ok()),
                        note: String::new(),
                    },
                    false,
                ));
            }
            if status == "ditutup" {
                let done = |s: &str, by_auditor| {
                    (
                        FindingStep {
                            status: s.into(),
                            response: None,
                            action_plan: None,
                            due_on: None,
                            note: row.text("action_plan").into(),
                        },
                        by_auditor,
                    )
                };
                steps.push(done("selesai_diklaim", false));
                steps.push(done("ditutup", true));
            }
            for (step, by_auditor) in &steps {
                self.store
                    .step_finding(self.ctx, finding.id, step, *by_auditor, today)
                    .await
                    .map_err(at)?;
            }
        }
        for a in audits.iter().filter(|a| a.step != "tindak_lanjut") {
            let step = AuditStep {
                step: "tindak_lanjut".into(),
                ..AuditStep::default()
            };
            self.store
                .advance_audit(self.ctx, a.id, &step, today)
                .await
                .map_err(|e| anyhow!("demo audit {}: {e}", a.title))?;
        }
        Ok(())
    }

    /// The Pemda's self-evaluations of earlier years (`year`, `indicator`, `level`,
    /// `justification`, `links` as `label|href;…`, and the assessor's `verdict`,
    /// `reviewed_level` and `note`), on the shipped instrument, each row checked as a claim and
    /// a review in the app are.
    pub async fn evaluations(&self, file: &Parsed) -> Result<()> {
        use padu_store::evaluasi::evaluations::{ClaimInput, ClaimReview, EvidenceLink};
        let table = self.filled(file).await?;
        let code =
            padu_domain::evaluasi::instrument::parse(padu_domain::evaluasi::instrument::SHIPPED)
                .map_err(|e| anyhow!("the shipped instrument: {e}"))?
                .code;
        let mut started = std::collections::HashMap::new();
        for (i, cells) in table.rows.iter().enumerate() {
            let row = table.row(i, cells);
            let at = |e: padu_store::StoreError| {
                anyhow!("demo file {}: row {}: {e}", file.name, row.number)
            };
            let year: i64 = row.text("year").parse().context("year")?;
            let evaluation = match started.get(&year) {
                Some(e) => e,
                None => {
                    let e = self
                        .store
                        .start_evaluation(self.ctx, year, &code)
                        .await
                        .map_err(at)?;
                    started.entry(year).or_insert(e)
                }
            };
            let links = row
                .text("links")
                .split(';')
                .filter_map(|l| l.split_once('|'))
                .map(|(label, href)| EvidenceLink {
                    label: label.into(),
                    href: href.into(),
                })
                .collect();
            let claim = ClaimInput {
                indicator: row.text("indicator").parse().context("indicator")?,
                level: row.text("level").parse().context("level")?,
                justification: row.text("justification").into(),
                links,
            };
            self.store
                .save_claim(self.ctx, evaluation, &claim)
                .await
                .map_err(at)?;
            if let Some(verdict) = row.optional("verdict") {
                let review = ClaimReview {
                    verdict,
                    level: row.optional("reviewed_level").and_then(|l| l.parse().ok()),
                    note: row.text("note").into(),
                };
                self.store
                    .review_claim(self.ctx, evaluation, claim.indicator, &review)
                    .await
                    .map_err(at)?;
            }
        }
        Ok(())
    }

    /// Approves, as `approver` acting as Pimpinan, the version each row of the imported plans
    /// sheet names in its `approved_version` column (a column the export writes and the import
    /// reads past), signed with the instance key as an approval in the app is.
    pub async fn approve_plans(
        &self,
        plans: &Table,
        key: &crate::keys::InstanceKey,
        instance: &str,
        approver: &str,
    ) -> Result<()> {
        let (pds, _) = pd_directory(self.store).await?;
        let ids = self.store.plan_keys().await?;
        for (i, cells) in plans.rows.iter().enumerate() {
            let row = plans.row(i, cells);
            let Some(number) = row
                .int("approved_version")
                .map_err(|e| anyhow!(e.message))?
            else {
                continue;
            };
            let pd = pds.get(&row.text("pd").to_lowercase());
            let kind: PlanKind = row
                .choice("kind", &PlanKind::ALL.map(PlanKind::as_str))
                .map_err(|e| anyhow!(e.message))?;
            let id = pd
                .and_then(|&pd| {
                    ids.get(&(
                        pd,
                        kind.as_str().to_string(),
                        row.text("title").trim().to_lowercase(),
                    ))
                })
                .ok_or_else(|| anyhow!("demo plan on row {} was not imported", row.number))?;
            let plan = self.store.get_plan(*id).await?;
            crate::approvals::approve(
                self.store,
                key,
                instance,
                self.ctx,
                &plan,
                number,
                approver,
                Role::Pimpinan,
                self.ctx.at,
            )
            .await
            .map_err(|r| anyhow!("demo plan approval: {r:?}"))?;
        }
        Ok(())
    }

    /// `file`'s table with every placeholder cell replaced by its value.
    pub(super) async fn filled(&self, file: &Parsed) -> Result<Table> {
        let mut table = file.table.clone();
        for (i, row) in table.rows.iter_mut().enumerate() {
            for (cell, column) in row.iter_mut().zip(&file.table.header) {
                let Some(token) = cell.strip_prefix('{').and_then(|c| c.strip_suffix('}')) else {
                    continue;
                };
                *cell = self.placeholder(token).await.with_context(|| {
                    format!("demo file {}: row {} column {column}", file.name, i + 2)
                })?;
            }
        }
        Ok(table)
    }

    async fn placeholder(&self, token: &str) -> Result<String> {
        let today = self.env.today;
        // A moment: `{today-12 08:10}`.
        if let Some((day, time)) = token.split_once(' ') {
            if let Some(offset) = day.strip_prefix("today") {
                return Ok(format!("{}T{time}", shifted(today, offset)?));
            }
        }
        if let Some(offset) = token.strip_prefix("today") {
            return Ok(shifted(today, offset)?.to_string());
        }
        if let Some(offset) = token.strip_prefix("year") {
            return Ok((i64::from(today.year()) + signed(offset)?).to_string());
        }
        let everything = ReadScope::everything();
        Ok(match token.split_once(':') {
            Some(("documents", n)) => required_documents(self.env.profile)
                .iter()
                .take(n.parse().context("{documents:N} needs a number")?)
                .map(|d| d.code.clone())
                .collect::<Vec<_>>()
                .join(", "),
            Some(("applications", name)) => {
                let all = self
                    .store
                    .all_records::<padu_store::catalog::ApplicationInput>(&everything, &Vec::new())
                    .await?;
                ids_named(all.iter().map(|a| (a.name.as_str(), a.id)), name)
            }
            Some(("services", name)) => {
                let all = self
                    .store
                    .all_records::<padu_store::architecture::ServiceInput>(&everything, &Vec::new())
                    .await?;
                ids_named(all.iter().map(|s| (s.name.as_str(), s.id)), name)
            }
            Some(("risks", name)) => {
                let all = self
                    .store
                    .all_records::<padu_store::manajemen::risks::RiskInput>(
                        &everything,
                        &Vec::new(),
                    )
                    .await?;
                ids_named(all.iter().map(|r| (r.event.as_str(), r.id)), name)
            }
            Some(("incidents", title)) => {
                let all = self
                    .store
                    .all_records::<padu_store::manajemen::incidents::IncidentInput>(
                        &everything,
                        &Vec::new(),
                    )
                    .await?;
                ids_named(all.iter().map(|i| (i.title.as_str(), i.id)), title)
            }
            Some(("office", code)) => self.office(code, &everything).await?,
            _ => bail!("unknown placeholder {{{token}}}"),
        })
    }

    /// The id of the first of the PD's own office sites, empty when it has none.
    async fn office(&self, code: &str, everything: &ReadScope) -> Result<String> {
        let pd = self
            .store
            .pd_by_code(code)
            .await?
            .ok_or_else(|| anyhow!("no PD with code {code}"))?;
        let sites = self
            .store
            .list_records::<padu_store::sites::SiteInput>(
                everything,
                &vec![
                    ("pd_id".to_string(), pd.id.to_string()),
                    ("kind".to_string(), "pd_office".to_string()),
                ],
                &padu_store::ListQuery::default(),
            )
            .await?;
        Ok(sites
            .items
            .first()
            .map(|s| s.id.to_string())
            .unwrap_or_default())
    }
}

/// The ids of the records called `name`, as a link column lists them (`3, 14`).
fn ids_named<'a>(records: impl Iterator<Item = (&'a str, i64)>, name: &str) -> String {
    records
        .filter(|(n, _)| *n == name)
        .map(|(_, id)| id.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A demo file's problems, as the import reports them (by row and column).
fn rejected(file: &str, errors: &[CellError]) -> anyhow::Error {
    anyhow!(
        "demo file {file}: {}",
        errors
            .iter()
            .map(|e| format!("row {} column {}: {}", e.row, e.column, e.message))
            .collect::<Vec<_>>()
            .join("; ")
    )
}

/// `""`, `+N` or `-N` as a number.
fn signed(offset: &str) -> Result<i64> {
    if offset.is_empty() {
        return Ok(0);
    }
    let (sign, n) = match offset.split_at(1) {
        ("+", n) => (1, n),
        ("-", n) => (-1, n),
        _ => bail!("{offset} is not +N or -N"),
    };
    Ok(sign
        * n.parse::<i64>()
            .with_context(|| format!("{n} is not a number"))?)
}

fn shifted(today: NaiveDate, offset: &str) -> Result<NaiveDate> {
    let days = signed(offset)?;
    let step = Days::new(days.unsigned_abs());
    if days < 0 {
        today.checked_sub_days(step)
    } else {
        today.checked_add_days(step)
    }
    .ok_or_else(|| anyhow!("{offset} days from {today} is out of range"))
}

#[cfg(test)]
mod tests {
    use super::super::{first_start, DEMO_FILES};
    use super::*;
    use padu_store::testing::{store, ENGINES};

    /// Each file's register table, and how many records it holds besides the file's rows.
    const TABLES: [(&str, &str, usize); 13] = [
        ("users.csv", "users", 1),
        ("applications.csv", "catalog_applications", 0),
        ("datasets.csv", "catalog_datasets", 0),
        ("websites.csv", "catalog_websites", 0),
        ("agendas.csv", "governance_agendas", 0),
        ("plans.csv", "planning_documents", 0),
        ("services.csv", "catalog_services", 0),
        ("processes.csv", "catalog_processes", 0),
        ("infrastructure.csv", "catalog_infrastructure", 0),
        ("policies.csv", "governance_policies", 0),
        ("security_incidents.csv", "manajemen_security_incidents", 0),
        ("security_certificates.csv", "manajemen_certificates", 0),
        ("isms_records.csv", "manajemen_isms_records", 0),
    ];

    #[tokio::test]
    async fn the_shipped_demo_files_load_every_row_and_link_on_both_engines() {
        for engine in ENGINES {
            let Some(t) = store(engine).await else {
                continue;
            };
            let key = crate::keys::InstanceKey::load_or_create(&t.data_dir()).unwrap();
            let done = first_start(
                &t.store,
                &key,
                padu_domain::profile::shipped("pessel").unwrap(),
                Some("Kominfo-Pessel-2026!".into()),
                true,
                None,
            )
            .await
            .unwrap();
            assert!(done.demo_loaded);
            let counts = t.store.table_counts().await.unwrap();
            let count = |table: &str| counts.iter().find(|c| c.0 == table).unwrap().1;
            for (file, table, more) in TABLES {
                let parsed = parse_all(&DEMO_FILES)
                    .unwrap()
                    .into_iter()
                    .find(|p| p.name == file)
                    .unwrap();
                assert_eq!(
                    count(table),
                    (parsed.table.rows.len() + more) as i64,
                    "{file}"
                );
            }
            assert_eq!(count("network_sites"), 70);
            let everything = ReadScope::everything();
            let simpus = t
                .store
                .all_records::<padu_store::catalog::ApplicationInput>(&everything, &Vec::new())
                .await
                .unwrap()[0]
                .clone();
            assert_eq!(simpus.name, "SIMPUS");
            assert_eq!(simpus.documents.len(), 4, "{{documents:4}}");
            let registration = &t
                .store
                .all_records::<padu_store::architecture::ServiceInput>(&everything, &Vec::new())
                .await
                .unwrap()[0];
            assert_eq!(registration.application_ids, [simpus.id]);
            let processes = t
                .store
                .all_records::<padu_store::architecture::ProcessInput>(&everything, &Vec::new())
                .await
                .unwrap();
            assert_eq!(processes[2].service_ids, [registration.id]);
            let infrastructure = t
                .store
                .list_records::<padu_store::infrastructure::InfrastructureInput>(
                    &everything,
                    &Vec::new(),
                    &padu_store::ListQuery::default(),
                )
                .await
                .unwrap();
            assert!(infrastructure.items.iter().all(|i| i.site_id.is_some()));
            let mut approved = 0;
            for id in t.store.plan_keys().await.unwrap().into_values() {
                let plan = t.store.get_plan(id).await.unwrap();
                approved += usize::from(plan.versions[0].approval.is_some());
            }
            assert_eq!(approved, 2, "the Peta Rencana and the Arsitektur");
        }
    }

    #[tokio::test]
    async fn placeholders_are_relative_to_the_first_start_and_the_profile() {
        let t = store(padu_store::Engine::Sqlite).await.unwrap();
        let ctx = AuditCtx::system(chrono::DateTime::UNIX_EPOCH);
        let loader = Loader {
            store: &t.store,
            ctx: &ctx,
            env: Env {
                profile: padu_domain::profile::shipped("kalbar").unwrap(),
                today: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            },
        };
        let fill = |token: &'static str| loader.placeholder(token);
        assert!(fill("today-1 10:30").await.unwrap().ends_with("T10:30"));
        assert_eq!(fill("today-1").await.unwrap(), "2026-02-28");
        assert_eq!(fill("today+31").await.unwrap(), "2026-04-01");
        assert_eq!(fill("today").await.unwrap(), "2026-03-01");
        assert_eq!(fill("year-4").await.unwrap(), "2022");
        assert_eq!(fill("year+1").await.unwrap(), "2027");
        let kalbar: Vec<_> = required_documents(padu_domain::profile::shipped("kalbar").unwrap())
            [..2]
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(fill("documents:2").await.unwrap(), kalbar.join(", "));
        assert_eq!(fill("applications:none such").await.unwrap(), "");
        for bad in ["today*2", "year+x", "tomorrow", "office:no-such-pd"] {
            assert!(fill(bad).await.is_err(), "{bad}");
        }
    }
}
