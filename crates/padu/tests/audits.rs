//! Audit TIK on both engines: the Koordinator asks for an audit of a PD's application, the
//! auditor takes it through the steps of Pessel Lampiran III Bab VI C (a step out of order, an
//! empty field the step needs, execution without a work paper and a follow-up with findings
//! open are refused), records findings; the auditee's PD answers and reports done, only the
//! auditor closes; another PD does not see the audit. A security audit rates controls; the
//! schedule and the Pessel Pasal 63(2) finding follow the last report. Bad input names its field.

mod common;
use common::*;
use serde_json::{json, Value};

async fn create(s: &TestServer, token: &str, path: &str, body: Value) -> Value {
    let (status, answer) = s.post(path, Some(token), body).await;
    assert_eq!(status, 201, "POST {path}: {answer}");
    answer
}

async fn step(s: &TestServer, token: &str, audit: i64, body: Value) -> (u16, Value) {
    s.post(
        &format!("/api/v1/audit/audits/{audit}/steps"),
        Some(token),
        body,
    )
    .await
}

#[tokio::test]
async fn an_audit_goes_from_request_to_a_verified_finding() {
    demo_on_both_engines(async |s| {
        let koordinator = s.token_of("koordinator").await;
        let auditor = s.token_of("auditor").await;
        let kesehatan = s.token_of("operator.kesehatan").await;
        let kominfo = s.token_of("operator.kominfo").await;
        let pd = s.pd_id("dinas-kesehatan").await;

        // The object: a register record of the PD's.
        let object = create(
            &s,
            &kesehatan,
            "/api/v1/audit/objects",
            json!({ "pd_id": pd, "name": "E-Puskesmas", "kind": "aplikasi", "description": "Rekam medis elektronik" }),
        )
        .await;
        let object_id = object["id"].as_i64().unwrap();
        let today = padu_domain::sla::wib_date(s.running.state.clock.now());

        // Who asks: the Koordinator, not a PD; bad requests name their field.
        let request = json!({
            "object_id": object_id, "audit_type": "eksternal", "title": "Audit aplikasi E-Puskesmas",
            "request_note": "Lingkup: modul rekam medis; lokasi: Dinas Kesehatan", "requested_start": today.to_string()
        });
        let (status, _) = s.post("/api/v1/audit/audits", Some(&kesehatan), request.clone()).await;
        assert_eq!(status, 403);
        for (patch, field) in [
            (json!({ "audit_type": "teman" }), "audit_type"),
            (json!({ "title": " " }), "title"),
            (json!({ "object_id": 999_999 }), "object_id"),
            (json!({ "requested_start": "besok" }), "requested_start"),
        ] {
            let mut body = request.clone();
            for (k, v) in patch.as_object().unwrap() {
                body[k] = v.clone();
            }
            let (status, answer) = s.post("/api/v1/audit/audits", Some(&koordinator), body).await;
            assert_refused(status, &answer, 422, field);
        }
        let audit = create(&s, &koordinator, "/api/v1/audit/audits", request).await;
        let id = audit["id"].as_i64().unwrap();
        assert_eq!(audit["step"], "permintaan");

        // Another PD does not see it; the auditee does.
        let (status, _) = s.get(&format!("/api/v1/audit/audits/{id}"), Some(&kominfo)).await;
        assert_eq!(status, 404);
        let (status, _) = s.get(&format!("/api/v1/audit/audits/{id}"), Some(&kesehatan)).await;
        assert_eq!(status, 200);

        // The steps in order, each with what it needs.
        let (status, answer) = step(&s, &auditor, id, json!({ "step": "perencanaan" })).await;
        assert_refused(status, &answer, 422, "step");
        let (status, answer) = step(&s, &auditor, id, json!({ "step": "penugasan", "team": "Rina (ketua)" })).await;
        assert_refused(status, &answer, 422, "assignment_letter");
        let (status, _) = step(&s, &kesehatan, id, json!({ "step": "penugasan" })).await;
        assert_eq!(status, 403, "the auditee does not run its audit");
        let (status, _) = step(
            &s,
            &s.token_of("admin").await,
            id,
            json!({ "step": "penugasan", "team": "A\nB", "assignment_letter": "1" }),
        )
        .await;
        assert_eq!(status, 403, "the Dinas runs internal audits, not an external one");
        for body in [
            json!({ "step": "penugasan", "team": "Rina (ketua)\nDodi", "assignment_letter": "800/1/2026" }),
            json!({ "step": "perencanaan", "criteria": "Standar audit aplikasi SPBE", "scope": "Modul rekam medis",
                     "test_plan": "Uji fungsi dan kinerja", "start_on": today.to_string(), "end_on": today.to_string() }),
            json!({ "step": "pelaksanaan" }),
        ] {
            let (status, answer) = step(&s, &auditor, id, body).await;
            assert_eq!(status, 200, "{answer}");
        }
        // Execution ends with a work paper.
        let (status, answer) = step(&s, &auditor, id, json!({ "step": "supervisi", "supervision_note": "ok" })).await;
        assert_refused(status, &answer, 422, "step");
        create(
            &s,
            &auditor,
            &format!("/api/v1/audit/audits/{id}/work-papers"),
            json!({ "title": "Uji ekspor rekam medis", "procedure": "Ekspor 100 rekam medis", "result": "3 gagal" }),
        )
        .await;
        let finding_body = json!({
            "title": "Ekspor rekam medis gagal sebagian", "criteria": "Fungsi berjalan sesuai spesifikasi",
            "condition": "3 dari 100 ekspor gagal", "cause": "Batas waktu basis data", "effect": "Rujukan pasien tertunda",
            "recommendation": "Naikkan batas waktu dan uji ulang", "severity": "tinggi"
        });
        let mut bad = finding_body.clone();
        bad["severity"] = json!("parah");
        let (status, answer) = s
            .post(&format!("/api/v1/audit/audits/{id}/findings"), Some(&auditor), bad)
            .await;
        assert_refused(status, &answer, 422, "severity");
        let finding = create(&s, &auditor, &format!("/api/v1/audit/audits/{id}/findings"), finding_body).await;
        let f = finding["id"].as_i64().unwrap();
        // An application audit has no BSSN ratings.
        let (status, answer) = s
            .put(
                &format!("/api/v1/audit/audits/{id}/ratings"),
                Some(&auditor),
                json!({ "ratings": [{ "code": "K1", "design": "memadai", "implementation": "sesuai", "effectiveness": "efektif" }] }),
            )
            .await;
        assert_refused(status, &answer, 422, "ratings");
        for body in [
            json!({ "step": "supervisi", "supervision_note": "Sesuai pedoman kendali mutu" }),
            json!({ "step": "pelaporan", "report_summary": "Satu temuan tinggi", "conclusion": "Perlu perbaikan" }),
            json!({ "step": "tindak_lanjut" }),
        ] {
            let (status, answer) = step(&s, &auditor, id, body).await;
            assert_eq!(status, 200, "{answer}");
        }
        let (status, answer) = step(&s, &auditor, id, json!({ "step": "selesai" })).await;
        assert_refused(status, &answer, 422, "step");
        // A step fills its own fields: the report is not rewritten later.
        let (status, answer) = step(&s, &auditor, id, json!({ "step": "selesai", "conclusion": "Lain" })).await;
        assert_refused(status, &answer, 422, "conclusion");

        // The follow-up: the auditee answers (with a due day), reports it done; only the
        // auditor closes it.
        let follow = format!("/api/v1/audit/findings/{f}/steps");
        let (status, answer) = s
            .post(&follow, Some(&kesehatan), json!({ "status": "ditanggapi", "response": "Setuju", "action_plan": "Naikkan batas waktu" }))
            .await;
        assert_refused(status, &answer, 422, "due_on");
        let (status, _) = s
            .post(&follow, Some(&kominfo), json!({ "status": "ditanggapi", "response": "x", "action_plan": "y", "due_on": today.to_string() }))
            .await;
        assert_eq!(status, 404, "another PD does not see the finding");
        let (status, answer) = s
            .post(&follow, Some(&kesehatan), json!({ "status": "ditanggapi", "response": "Setuju", "action_plan": "Naikkan batas waktu", "due_on": today.to_string() }))
            .await;
        assert_eq!(status, 200, "{answer}");
        let (status, answer) = s
            .post(&follow, Some(&kesehatan), json!({ "status": "ditutup" }))
            .await;
        assert_refused(status, &answer, 422, "status");
        let (status, answer) = s
            .post(&follow, Some(&kesehatan), json!({ "status": "selesai_diklaim", "note": "Batas waktu 30 detik; uji ulang lulus" }))
            .await;
        assert_eq!(status, 200, "{answer}");
        let (status, _) = s
            .post(&follow, Some(&kesehatan), json!({ "status": "ditutup" }))
            .await;
        assert_eq!(status, 403, "the auditee does not verify its own finding");
        let (status, answer) = s
            .post(&follow, Some(&auditor), json!({ "status": "ditutup", "note": "Diverifikasi dengan uji ulang" }))
            .await;
        assert_eq!(status, 200, "{answer}");
        assert!(answer["verified_by"].as_str().unwrap().starts_with("auditor"), "{answer}");
        let (status, answer) = step(&s, &auditor, id, json!({ "step": "selesai" })).await;
        assert_eq!(status, 200, "{answer}");

        // The object was reported today: due in two years (Pessel Pasal 63(2)), no finding.
        let (_, schedule) = s.get("/api/v1/audit/schedule", Some(&auditor)).await;
        let row = schedule
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["object"]["id"] == object_id)
            .unwrap()
            .clone();
        assert_eq!(row["overdue"], false, "{row}");
        assert_eq!(row["last_reported"], today.to_string());
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&auditor)).await;
        let overdue: Vec<&Value> = findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "audit_overdue")
            .collect();
        assert!(overdue.iter().all(|f| f["subject"] != format!("audit_object:{object_id}")));
        assert!(
            overdue.iter().any(|f| f["subject_name"] == "Aplikasi SIAK" && f["clause"] == "Pessel Pasal 63(2)"),
            "the demo's unaudited objects are findings: {overdue:?}"
        );
        // The findings' sheet holds the PD's own, in words, and not another PD's.
        let sheet = test_client(false)
            .get(s.url("/api/v1/audit/findings/sheet?format=csv"))
            .bearer_auth(&kesehatan)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(sheet.contains("Ekspor rekam medis gagal sebagian"), "{sheet}");
        assert!(sheet.contains("Ditutup"), "{sheet}");
        assert!(!sheet.contains("Sesi tidak berakhir"), "another PD's finding: {sheet}");
        s.assert_audit_chain_verifies(&s.token_of("admin").await).await;
    })
    .await;
}

#[tokio::test]
async fn a_security_audit_rates_its_controls() {
    demo_on_both_engines(async |s| {
        let auditor = s.token_of("auditor").await;
        let (_, audits) = s.get("/api/v1/audit/audits", Some(&auditor)).await;
        // The demo's security audit is in its follow-up: its ratings are no longer recorded.
        let demo = &audits[0]["audit"];
        assert_eq!(demo["object_kind"], "keamanan");
        assert_eq!(audits[0]["open_findings"], 2);
        let id = demo["id"].as_i64().unwrap();
        let ratings = json!({ "ratings": [{ "code": "K10", "design": "perlu_peningkatan", "implementation": "tidak_sesuai", "effectiveness": "belum_efektif", "note": "Sesi tidak berakhir" }] });
        let (status, answer) = s
            .put(&format!("/api/v1/audit/audits/{id}/ratings"), Some(&auditor), ratings.clone())
            .await;
        assert_refused(status, &answer, 422, "step");

        // A new security audit in its execution rates them; a bad rating names its field.
        let koordinator = s.token_of("koordinator").await;
        let object = demo["object_id"].as_i64().unwrap();
        let today = padu_domain::sla::wib_date(s.running.state.clock.now()).to_string();
        let audit = create(
            &s,
            &koordinator,
            "/api/v1/audit/audits",
            json!({ "object_id": object, "audit_type": "internal", "title": "Audit internal keamanan", "request_note": "Persiapan audit eksternal", "requested_start": today }),
        )
        .await;
        let id = audit["id"].as_i64().unwrap();
        for body in [
            json!({ "step": "penugasan", "team": "Tim Diskominfo", "assignment_letter": "800/2/2026" }),
            json!({ "step": "perencanaan", "criteria": "Peraturan BSSN 4/2021", "scope": "Portal", "test_plan": "K1-K72", "start_on": today, "end_on": today }),
            json!({ "step": "pelaksanaan" }),
        ] {
            let (status, answer) = step(&s, &auditor, id, body).await;
            assert_eq!(status, 200, "{answer}");
        }
        let mut bad = ratings.clone();
        bad["ratings"][0]["design"] = json!("bagus");
        let path = format!("/api/v1/audit/audits/{id}/ratings");
        let (status, answer) = s.put(&path, Some(&auditor), bad).await;
        assert_refused(status, &answer, 422, "ratings[0].design");
        let (status, answer) = s.put(&path, Some(&auditor), ratings).await;
        assert_eq!(status, 200, "{answer}");
        assert_eq!(answer["ratings"][0]["effectiveness"], "belum_efektif");
        let (status, _) = s
            .put(&path, Some(&s.token_of("operator.kominfo").await), json!({ "ratings": [] }))
            .await;
        assert_eq!(status, 403);
    })
    .await;
}
