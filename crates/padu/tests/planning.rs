//! Planning documents through the API on both engines: drafting by role, versions, an approval
//! signed with the instance key that openssl alone verifies, reviews, and the review rule of
//! the region (Pessel Pasal 40(4)) in the findings.

mod common;
use common::*;
use reqwest::Method;
use serde_json::{json, Value};
use std::process::Command;

fn sections(kind_sections: &[&str]) -> Value {
    let mut m = serde_json::Map::new();
    for s in kind_sections {
        m.insert((*s).into(), json!(format!("Isi bagian {s}")));
    }
    Value::Object(m)
}

#[tokio::test]
async fn a_plan_is_drafted_versioned_approved_with_a_verifiable_signature_and_reviewed() {
    demo_on_both_engines(async |s| {
        let dinas = s.pd_id("dinas-komunikasi-dan-informatika").await;
        let admin = s.token_of("admin").await;
        let op = s.token_of("operator.kesehatan").await;
        let pimpinan = s.token_of("pimpinan").await;
        let koordinator = s.token_of("koordinator").await;
        let auditor = s.token_of("auditor").await;
        let peta = padu_domain::planning::PlanKind::PetaRencana.sections();
        let mut draft = sections(peta);
        draft.as_object_mut().unwrap().remove("Audit TIK SPBE");
        let body = json!({
            "pd_id": dinas,
            "kind": "peta_rencana",
            "title": "Peta Rencana SPBE 2027–2031",
            "start_year": 2027,
            "end_year": 2031,
            "sections": draft
        });
        // An operator of a PD does not draft the Pemda's roadmap.
        let (st, _) = s.post("/api/v1/plans", Some(&op), body.clone()).await;
        assert_eq!(st, 403);
        let mut too_long = body.clone();
        too_long["end_year"] = json!(2032);
        let (st, e) = s.post("/api/v1/plans", Some(&admin), too_long).await;
        assert_refused(st, &e, 422, "end_year");
        let mut unknown = body.clone();
        unknown["sections"]["Visi"] = json!("x");
        let (st, e) = s.post("/api/v1/plans", Some(&admin), unknown).await;
        assert_refused(st, &e, 422, "sections.Visi");
        let (st, plan) = s.post("/api/v1/plans", Some(&admin), body).await;
        assert_eq!(st, 201, "{plan}");
        let id = plan["id"].as_i64().unwrap();
        let approve = |n: i64| format!("/api/v1/plans/{id}/versions/{n}/approve");

        // A version with a section missing is not approved; the Dinas does not approve the
        // Pemda's roadmap, the Pimpinan does.
        let (st, e) = s
            .call(Method::POST, &approve(1), Some(&pimpinan), None)
            .await;
        assert_refused(st, &e, 422, "sections.Audit TIK SPBE");
        let (st, v2) = s
            .post(
                &format!("/api/v1/plans/{id}/versions"),
                Some(&koordinator),
                json!({"sections": sections(peta), "note": "Lengkap"}),
            )
            .await;
        assert_eq!((st, v2["latest_version"].as_i64()), (200, Some(2)), "{v2}");
        let (st, _) = s.call(Method::POST, &approve(2), Some(&admin), None).await;
        assert_eq!(st, 403);
        let (st, _) = s
            .call(Method::POST, &approve(1), Some(&pimpinan), None)
            .await;
        assert_eq!(st, 409, "only the newest version");
        // On the page, approving (a signature in the Pimpinan's name) asks to be confirmed.
        let ui = s.signed_in_as("pimpinan").await;
        let page = get_text(&ui, s.url(&format!("/rencana/{id}"))).await;
        assert!(
            page.contains("name=\"confirm\""),
            "the approve form asks for a tick"
        );
        let csrf = csrf_of(&page);
        let unticked = ui
            .post(s.url(&format!("/rencana/{id}/setujui")))
            .form(&[("csrf", csrf.as_str()), ("version", "2")])
            .send()
            .await
            .unwrap();
        assert_eq!(unticked.status(), 422);
        let (_, still) = s.get(&format!("/api/v1/plans/{id}"), Some(&pimpinan)).await;
        assert!(
            still["approved_version"].is_null(),
            "nothing approved: {still}"
        );
        let (st, approved) = s
            .call(Method::POST, &approve(2), Some(&pimpinan), None)
            .await;
        assert_eq!(st, 200, "{approved}");
        assert_eq!(approved["approved_version"], 2);
        let (st, _) = s
            .call(Method::POST, &approve(2), Some(&pimpinan), None)
            .await;
        assert_eq!(st, 409, "approved once");

        // The approval verifies in Padu and with openssl alone; a changed statement does not.
        let (st, check) = s
            .get(
                &format!("/api/v1/plans/{id}/versions/2/approval"),
                Some(&auditor),
            )
            .await;
        assert_eq!((st, check["valid"].as_bool()), (200, Some(true)), "{check}");
        let statement = check["statement"].as_str().unwrap();
        assert!(
            statement.contains("approved-by: pimpinan (pimpinan)"),
            "{statement}"
        );
        let key = check["public_key_pem"].as_str().unwrap();
        let signature = check["signature"].as_str().unwrap();
        assert!(openssl_verifies(statement, key, signature));
        assert!(!openssl_verifies(
            &statement.replace("version: 2", "version: 3"),
            key,
            signature
        ));
        let dir = tempfile::tempdir().unwrap();
        // README's recipe, run verbatim (only the server's address differs).
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md"))
                .unwrap();
        let recipe: Vec<&str> = readme
            .split("- **Plan approvals**")
            .nth(1)
            .unwrap()
            .lines()
            .skip_while(|l| !l.starts_with("      "))
            .take_while(|l| l.starts_with("      "))
            .map(str::trim)
            .collect();
        assert_eq!(recipe.len(), 3, "{recipe:?}");
        let recipe = recipe
            .join("\n")
            .replace("http://127.0.0.1:8080", &s.url(""));
        let fresh = dir.path().join("readme");
        std::fs::create_dir(&fresh).unwrap();
        // On a blocking thread: curl calls this test's own server.
        let token = auditor.clone();
        let run = tokio::task::spawn_blocking(move || {
            Command::new("sh")
                .args(["-e", "-c", &recipe])
                .current_dir(&fresh)
                .env("TOKEN", token)
                .env("PLAN", id.to_string())
                .env("VERSION", "2")
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        let text = String::from_utf8_lossy(&run.stdout).to_string()
            + &String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{text}");
        assert!(text.contains("Signature Verified Successfully"), "{text}");

        // Reviews: the Tim Koordinasi records one; an auditor may not.
        let review = json!({
            "reviewed_on": "2026-03-02",
            "basis": "Perubahan RPJMD",
            "outcome": "Disesuaikan",
        });
        let (st, _) = s
            .post(
                &format!("/api/v1/plans/{id}/reviews"),
                Some(&auditor),
                review.clone(),
            )
            .await;
        assert_eq!(st, 403);
        let (st, reviewed) = s
            .post(
                &format!("/api/v1/plans/{id}/reviews"),
                Some(&koordinator),
                review,
            )
            .await;
        assert_eq!(st, 200, "{reviewed}");
        let (_, view) = s.get(&format!("/api/v1/plans/{id}"), Some(&op)).await;
        assert_eq!(view["reviews"].as_array().unwrap().len(), 1, "{view}");
        assert_eq!(view["milestones"][0]["clause"], "Pessel Pasal 40(4)");
        assert_eq!(view["milestones"][0]["from"], "2029-01-01");

        // The demo's roadmap missed its mid-term review: a finding citing Pessel Pasal 40(4).
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
        assert!(
            findings
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "plan_review_overdue"
                    && f["clause"] == "Pessel Pasal 40(4)"
                    && f["subject_name"] == "Peta Rencana SPBE Kabupaten Pesisir Selatan"),
            "{findings}"
        );
        // The audit log holds the approval.
        let (_, audit) = s
            .get("/api/v1/audit?entity=plan_version", Some(&admin))
            .await;
        assert!(audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "approve" && e["entity_id"] == format!("{id}/2")));

        // The pages: the list, and the plan with its verified approval.
        let html = s
            .http
            .get(s.url(&format!("/rencana/{id}")))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("Tanda tangan sah") && html.contains("Perubahan RPJMD"));
        s.running.stop().await;
    })
    .await;
}

/// Drafting through the pages: a new Arsitektur with its six sections, a new version from the
/// plan's page, and the planning register exported as CSV.
#[tokio::test]
async fn a_plan_is_drafted_and_versioned_through_the_pages_and_exported() {
    demo_on_both_engines(async |s| {
        let ui = s.signed_in_as("koordinator").await;
        let page = get_text(&ui, s.url("/rencana/baru?kind=arsitektur")).await;
        assert!(page.contains("Keamanan SPBE"), "the Arsitektur's sections");
        let dinas = s.pd_id("dinas-komunikasi-dan-informatika").await;
        let mut form = vec![
            ("csrf".to_string(), csrf_of(&page)),
            ("kind".into(), "arsitektur".into()),
            ("pd_id".into(), dinas.to_string()),
            ("title".into(), "Arsitektur SPBE 2027–2031".into()),
            ("start_year".into(), "2027".into()),
            ("end_year".into(), "2031".into()),
        ];
        for name in padu_domain::planning::PlanKind::Arsitektur.sections() {
            form.push((format!("section:{name}"), format!("Isi {name}")));
        }
        let r = ui
            .post(s.url("/rencana/baru"))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        let path = r.url().path().to_string();
        assert!(path.starts_with("/rencana/"), "{path}");
        let html = r.text().await.unwrap();
        assert!(html.contains("Isi Layanan SPBE") && html.contains("Susun versi baru"));
        let r = ui
            .post(s.url(&format!("{path}/versi")))
            .form(&[
                ("csrf", csrf_of(&html).as_str()),
                ("section:Layanan SPBE", "Layanan direvisi"),
                ("note", "Revisi layanan"),
            ])
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
        assert!(r.text().await.unwrap().contains("Revisi layanan"));
        let csv = get_text(&ui, s.url("/rencana/ekspor/rencana.csv")).await;
        let table = padu::interchange::read_table(csv.as_bytes()).unwrap();
        let col = |name: &str| table.header.iter().position(|h| h == name).unwrap();
        let (title, latest, clause) = (
            col("title"),
            col("latest_version"),
            col("missed_review_clause"),
        );
        assert!(table
            .rows
            .iter()
            .any(|r| r[title] == "Arsitektur SPBE 2027–2031" && r[latest] == "2"));
        assert!(table.rows.iter().any(|r| r[title]
            == "Peta Rencana SPBE Kabupaten Pesisir Selatan"
            && r[clause] == "Pessel Pasal 40(4)"));

        // The export imports back unchanged; an edited section becomes a new version; a bad row
        // is named and nothing is written.
        let admin = s.token_of("admin").await;
        let import = |body: String| {
            s.http
                .post(s.url("/api/v1/catalog/import/plans"))
                .bearer_auth(&admin)
                .body(body)
                .send()
        };
        let r: serde_json::Value = import(csv.clone()).await.unwrap().json().await.unwrap();
        assert_eq!(
            (r["created"].as_i64(), r["updated"].as_i64()),
            (Some(0), Some(0)),
            "{r}"
        );
        let edited = csv.replace("Layanan direvisi", "Layanan direvisi lewat spreadsheet");
        let r: serde_json::Value = import(edited).await.unwrap().json().await.unwrap();
        assert_eq!(r["updated"].as_i64(), Some(1), "{r}");
        let store = &s.running.state.store;
        let before = store.table_counts().await.unwrap();
        let bad = "pd,kind,title,start_year,end_year\n\
                   dinas-komunikasi-dan-informatika,peta_jalan,X,2027,2031\n";
        let r = import(bad.into()).await.unwrap();
        assert_eq!(r.status(), 422);
        let e: serde_json::Value = r.json().await.unwrap();
        assert_eq!(e["error"]["errors"][0]["column"], "kind", "{e}");
        assert_eq!(store.table_counts().await.unwrap(), before);
        let new = "pd,kind,title,start_year,end_year,Program dan kegiatan,Anggaran\n\
                   dinas-komunikasi-dan-informatika,rencana_anggaran,\
                   Rencana dan Anggaran SPBE Diskominfo 2028,2028,2028,Pusat Data,Rp 1 M\n";
        let r: serde_json::Value = import(new.into()).await.unwrap().json().await.unwrap();
        assert_eq!(r["created"].as_i64(), Some(1), "{r}");
    })
    .await;
}
