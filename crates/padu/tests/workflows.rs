//! The catalogue's workflows and files through the API on both engines: a system selection
//! request rejected with reasons, resubmitted and approved (Kalbar Pasal 16), notified in the
//! app at each step; a Mandiri TIK assessment established by the head of region (Bogor Pasal
//! 47) lifting the Pusat Data rule for that PD; application artifacts and LAN diagrams.

mod common;
use common::*;
use reqwest::multipart::{Form, Part};
use serde_json::{json, Value};

async fn notified(s: &TestServer, user: &str, kind: &str, link: &str) -> bool {
    s.running
        .state
        .store
        .notifications(s.user_id(user).await, 50)
        .await
        .unwrap()
        .iter()
        .any(|n| n.kind == kind && n.link.as_deref() == Some(link))
}

#[tokio::test]
async fn a_request_is_rejected_resubmitted_and_approved_with_every_step_recorded() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let admin = s.token_of("admin").await;
        let body = json!({
            "pd_id": kesehatan,
            "kind": "hardware_recommendation",
            "title": "Sistem antrean online puskesmas",
            "needs_analysis": "Antrean pagi di 18 puskesmas melebihi 2 jam",
            "benefit_analysis": "Waktu tunggu turun; data kunjungan harian tersedia",
            "estimated_cost": 350000000
        });
        // Pesisir Selatan's Perbup has the Dinas's recommendations (Pasal 9(2), 10(4)c), not
        // Kalbar's system selection (Pasal 16) nor Bogor's Mandiri TIK (Pasal 47).
        for foreign in ["system_selection", "mandiri_tik"] {
            let mut other_region = body.clone();
            other_region["kind"] = json!(foreign);
            let (st, e) = s
                .post("/api/v1/catalog/requests", Some(&admin), other_region)
                .await;
            assert_refused(st, &e, 422, "kind");
        }
        let mut no_analysis = body.clone();
        no_analysis["benefit_analysis"] = json!("");
        let (st, e) = s
            .post("/api/v1/catalog/requests", Some(&op), no_analysis)
            .await;
        assert_refused(st, &e, 422, "benefit_analysis");
        let (st, _) = s
            .post("/api/v1/catalog/requests", Some(&other), body.clone())
            .await;
        assert_eq!(st, 403, "another PD's operator");
        let (st, r) = s.post("/api/v1/catalog/requests", Some(&op), body).await;
        assert_eq!(st, 201, "{r}");
        let id = r["id"].as_i64().unwrap();
        let link = format!("/permohonan/{id}");
        assert!(notified(&s, "admin", "request_submitted", &link).await);
        let steps = format!("/api/v1/catalog/requests/{id}/steps");

        // The PD cannot approve its own request; the Dinas rejects with reasons.
        let (st, _) = s
            .post(&steps, Some(&op), json!({"step": "approve", "note": "ok"}))
            .await;
        assert_eq!(st, 403);
        let (st, e) = s
            .post(
                &steps,
                Some(&admin),
                json!({"step": "reject", "reason": ""}),
            )
            .await;
        assert_refused(st, &e, 422, "reason");
        let (st, r) = s
            .post(
                &steps,
                Some(&admin),
                json!({
                    "step": "reject",
                    "reason": "Integrasikan dengan SIMPUS, jangan aplikasi terpisah",
                }),
            )
            .await;
        assert_eq!((st, r["status"].as_str()), (200, Some("ditolak")), "{r}");
        assert!(notified(&s, "operator.kesehatan", "request_decided", &link).await);
        let (st, _) = s
            .post(
                &steps,
                Some(&admin),
                json!({"step": "approve", "note": "x"}),
            )
            .await;
        assert_eq!(st, 409, "a rejected request waits for the PD");
        let resubmit = json!({"step": "resubmit", "note": "Modul antrean SIMPUS", "revision": {
            "needs_analysis": "Antrean pagi melebihi 2 jam",
            "benefit_analysis": "Modul antrean di SIMPUS yang sudah ada",
            "estimated_cost": 90000000
        }});
        let (st, r) = s.post(&steps, Some(&op), resubmit).await;
        assert_eq!(
            (st, r["round"].as_i64(), r["estimated_cost"].as_i64()),
            (200, Some(2), Some(90000000)),
            "{r}"
        );
        let (st, r) = s
            .post(
                &steps,
                Some(&admin),
                json!({"step": "approve", "note": "Sesuai Arsitektur SPBE"}),
            )
            .await;
        assert_eq!((st, r["status"].as_str()), (200, Some("disetujui")));
        let timeline: Vec<&str> = r["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["step"].as_str().unwrap())
            .collect();
        assert_eq!(timeline, ["submit", "reject", "resubmit", "approve"]);
        let (_, audit) = s.get("/api/v1/audit?entity=request", Some(&admin)).await;
        assert_eq!(audit["items"].as_array().unwrap().len(), 4, "{audit}");
        // Another PD's operator does not see it.
        let (st, _) = s
            .get(&format!("/api/v1/catalog/requests/{id}"), Some(&other))
            .await;
        assert!(st == 200 || st == 404);
        s.running.stop().await;
    })
    .await;
}

#[tokio::test]
async fn mandiri_tik_is_assessed_proposed_and_established_lifting_the_pusat_data_rule() {
    // Bogor Pasal 47 and 15(7): the workflow and its exemption are the Perwali's.
    demo_on_both_engines_with(
        |args| args.profile = "bogor".into(),
        async |s| {
            let dinsos = s
                .pd_id("dinas-sosial-pemberdayaan-perempuan-dan-perlindungan-anak")
                .await;
            let admin = s.token_of("admin").await;
            let pimpinan = s.token_of("pimpinan").await;
            let server_finding = |findings: &Value| {
                findings.as_array().unwrap().iter().any(|f| {
                    f["rule"] == "server_outside_data_center"
                        && f["subject_name"] == "Server basis data DTKS"
                        && f["clause"] == "Bogor Pasal 15(5)"
                })
            };
            let (_, findings) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
            assert!(
                server_finding(&findings),
                "the demo's DTKS server: {findings}"
            );
            let (st, r) = s
                .post(
                    "/api/v1/catalog/requests",
                    Some(&admin),
                    json!({
                        "pd_id": dinsos,
                        "kind": "mandiri_tik",
                        "title": "Penilaian Dinas Sosial sebagai PD Mandiri TIK",
                        "criteria": {"ict_staff": true, "own_application_experience": false}
                    }),
                )
                .await;
            assert_eq!(st, 201, "{r}");
            let steps = format!("/api/v1/catalog/requests/{}/steps", r["id"]);
            let (st, e) = s
                .post(
                    &steps,
                    Some(&admin),
                    json!({"step": "approve", "note": "Dinilai"}),
                )
                .await;
            assert_eq!(st, 409, "criterion (b) unmet: {e}");
            let (_, r) = s
                .post(
                    &steps,
                    Some(&admin),
                    json!({"step": "reject", "reason": "Belum berpengalaman"}),
                )
                .await;
            assert_eq!(r["status"], "ditolak");
            let (_, r) = s
                .post(
                    &steps,
                    Some(&admin),
                    json!({"step": "resubmit", "note": "DTKS Pessel dibangun sendiri", "revision": {
                        "needs_analysis": "2 pranata komputer", "benefit_analysis": "DTKS Pessel",
                        "criteria": {"ict_staff": true, "own_application_experience": true}
                    }}),
                )
                .await;
            assert_eq!(r["status"], "diajukan", "{r}");
            let (_, r) = s
                .post(
                    &steps,
                    Some(&admin),
                    json!({"step": "approve", "note": "Memenuhi Pasal 47(4)"}),
                )
                .await;
            assert_eq!(r["status"], "diusulkan", "{r}");
            assert!(
                notified(
                    &s,
                    "pimpinan",
                    "request_decided",
                    &format!("/permohonan/{}", r["id"])
                )
                .await
            );
            let (st, _) = s
                .post(
                    &steps,
                    Some(&admin),
                    json!({"step": "establish", "note": "x"}),
                )
                .await;
            assert_eq!(st, 403, "the head of region establishes");
            let (_, r) = s
                .post(
                    &steps,
                    Some(&pimpinan),
                    json!({"step": "establish", "note": "Keputusan Bupati"}),
                )
                .await;
            assert_eq!(r["status"], "ditetapkan", "{r}");
            let (_, findings) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
            assert!(
                !server_finding(&findings),
                "a Mandiri TIK PD runs its own server"
            );
            s.running.stop().await;
        },
    )
    .await;
}

#[tokio::test]
async fn artifacts_mark_documents_and_lan_diagrams_are_kept_per_pd() {
    demo_on_both_engines(async |s| {
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let (st, app) = s
            .post(
                "/api/v1/catalog/applications",
                Some(&op),
                json!({
                    "pd_id": kesehatan, "name": "SI Gizi", "kind": "khusus", "sector": "Kesehatan",
                    "origin": "built", "status": "development", "classification": "terbatas"
                }),
            )
            .await;
        assert_eq!(st, 201, "{app}");
        let id = app["id"].as_i64().unwrap();
        // Uploading a file as one of the checklist's documents marks the document held.
        let (_, vocab) = s.get("/api/v1/catalog/vocabulary", Some(&op)).await;
        let code = vocab["required_documents"][0]["code"]
            .as_str()
            .unwrap()
            .to_string();
        let pdf = b"%PDF-1.4\n% manual pengguna SIMPUS\n".to_vec();
        let upload = |token: &str, document: &str, bytes: Vec<u8>, name: &str| {
            let form = Form::new()
                .part("file", Part::bytes(bytes).file_name(name.to_string()))
                .text("document", document.to_string());
            s.http
                .post(s.url(&format!("/api/v1/catalog/applications/{id}/artifacts")))
                .bearer_auth(token.to_string())
                .multipart(form)
                .send()
        };
        let r = upload(&op, "bukan-dokumen", pdf.clone(), "manual.pdf")
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let r = upload(&op, &code, b"MZ\x90\x00".to_vec(), "setup.exe")
            .await
            .unwrap();
        assert_eq!(r.status(), 415);
        let r = upload(&other, &code, pdf.clone(), "manual.pdf")
            .await
            .unwrap();
        assert!(r.status() == 403 || r.status() == 404, "{}", r.status());
        let r = upload(&op, &code, pdf.clone(), "manual.pdf").await.unwrap();
        assert_eq!(r.status(), 201);
        let a: Value = r.json().await.unwrap();
        assert_eq!(a["size_bytes"], pdf.len());
        assert_eq!(a["sha256"].as_str().unwrap().len(), 64);
        let (_, app) = s
            .get(&format!("/api/v1/catalog/applications/{id}"), Some(&op))
            .await;
        assert_eq!(app["documents"], json!([code]), "held now");
        let got = s
            .http
            .get(s.url(&format!("/api/v1/attachments/{}", a["id"])))
            .bearer_auth(&op)
            .send()
            .await
            .unwrap();
        assert_eq!(got.status(), 200);
        assert_eq!(got.bytes().await.unwrap().to_vec(), pdf);

        // LAN diagrams: a PD submits its own; another PD neither submits for it nor reads it.
        let png = b"\x89PNG\r\n\x1a\nlan".to_vec();
        let lan = |token: &str, pd: i64| {
            let form = Form::new()
                .text("pd_id", pd.to_string())
                .text("kind", "awal")
                .text(
                    "description",
                    "Topologi LAN gedung Dinas Kesehatan, 3 lantai",
                )
                .part("file", Part::bytes(png.clone()).file_name("lan.png"));
            s.http
                .post(s.url("/api/v1/catalog/lan-diagrams"))
                .bearer_auth(token.to_string())
                .multipart(form)
                .send()
        };
        assert_eq!(lan(&other, kesehatan).await.unwrap().status(), 403);
        let r = lan(&op, kesehatan).await.unwrap();
        assert_eq!(r.status(), 201);
        let (_, mine) = s.get("/api/v1/catalog/lan-diagrams", Some(&op)).await;
        assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
        let file = mine[0]["files"][0]["id"].as_i64().unwrap();
        let (_, theirs) = s.get("/api/v1/catalog/lan-diagrams", Some(&other)).await;
        assert!(theirs.as_array().unwrap().is_empty(), "Terbatas: {theirs}");
        let st = s
            .http
            .get(s.url(&format!("/api/v1/attachments/{file}")))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(st, 404);
        s.running.stop().await;
    })
    .await;
}
