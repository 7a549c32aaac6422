//! Katalog & Arsitektur SPBE through the API on both engines: the applications register
//! (PD scoping, validation naming the field, audit) and the compliance findings.

mod common;
use common::*;
use serde_json::{json, Value};

fn simpus(pd: i64) -> Value {
    json!({
        "pd_id": pd,
        "name": "SIMRS M. Zein",
        "description": "Sistem informasi puskesmas",
        "kind": "khusus",
        "sector": "Kesehatan",
        "origin": "built",
        "open_source": true,
        "source_repository": "https://git.pesisirselatankab.go.id/dinkes/simpus",
        "url": "https://simpus.pesisirselatankab.go.id",
        "status": "production",
        "in_production_since": "2024-07-01",
        "tested_on": "2024-06-20",
        "documents": [],
        "classification": "terbatas"
    })
}

#[tokio::test]
async fn applications_are_scoped_validated_and_give_findings() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let kominfo = s.pd_id("dinas-komunikasi-dan-informatika").await;
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let auditor = s.token_of("auditor").await;
        let path = "/api/v1/catalog/applications";

        let (st, app) = s.post(path, Some(&op), simpus(kesehatan)).await;
        assert_eq!(st, 201, "{app}");
        assert_eq!(app["pd_id"], kesehatan);
        let id = app["id"].as_i64().unwrap();

        // Another PD's operator may not register for Dinkes, nor read its Terbatas record.
        let (st, _) = s.post(path, Some(&other), simpus(kesehatan)).await;
        assert_eq!(st, 403);
        let (st, _) = s.get(&format!("{path}/{id}"), Some(&other)).await;
        assert_eq!(st, 404, "a record one may not read is not shown to exist");
        let (_, list) = s.get(path, Some(&other)).await;
        assert!(
            !list["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["id"] == id),
            "{list}"
        );
        let (_, list) = s.get(&format!("{path}?q=simrs"), Some(&auditor)).await;
        assert_eq!(list["total"], 1, "the auditor reads Pemda-wide: {list}");

        // Bad input: 422 naming the field, nothing stored.
        for (field, patch) in [
            ("sector", json!({"sector": "Perikanan darat"})),
            ("documents[0]", json!({"documents": ["risalah"]})),
            ("status", json!({"status": "hidup"})),
            ("kind", json!({"kind": "umumnya"})),
        ] {
            let mut body = simpus(kominfo);
            for (k, v) in patch.as_object().unwrap() {
                body[k] = v.clone();
            }
            let (st, e) = s.post(path, Some(&other), body).await;
            assert_eq!(st, 422, "{field}: {e}");
            assert!(
                e["error"]["field"]
                    .as_str()
                    .unwrap_or("")
                    .starts_with(field),
                "{field}: {e}"
            );
        }
        let (_, list) = s.get(&format!("{path}?q=simrs"), Some(&auditor)).await;
        assert_eq!(list["total"], 1, "nothing stored: {list}");
        let (st, e) = s.get(&format!("{path}?status=hidup"), Some(&op)).await;
        assert_refused(st, &e, 422, "status");

        // SIMPUS was built for the Pemda and has none of the Pessel Pasal 29(5) documents.
        let (st, findings) = s.get("/api/v1/catalog/findings", Some(&op)).await;
        assert_eq!(st, 200);
        let f = findings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["subject"] == format!("application:{id}"))
            .unwrap_or_else(|| panic!("{findings}"));
        assert_eq!(f["clause"], "Pessel Pasal 29(5)");
        assert_eq!(f["pd_id"], kesehatan);
        assert_eq!(f["rule"], "application_documents_missing");
        let (_, vocab) = s.get("/api/v1/catalog/vocabulary", Some(&op)).await;
        let all_docs: Vec<Value> = vocab["required_documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].clone())
            .collect();
        assert_eq!(vocab["application_sectors"].as_array().unwrap().len(), 23);
        let mut documented = simpus(kesehatan);
        documented["documents"] = json!(all_docs);
        let (st, updated) = s.put(&format!("{path}/{id}"), Some(&op), documented).await;
        assert_eq!(st, 200, "{updated}");
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&op)).await;
        assert!(
            !findings
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["subject"] == format!("application:{id}")),
            "documented: {findings}"
        );
        let (st, e) = s
            .get("/api/v1/catalog/findings?severity=urgent", Some(&op))
            .await;
        assert_refused(st, &e, 422, "severity");

        // Every change is in the audit log; then the record goes.
        let (st, _) = s.delete(&format!("{path}/{id}"), Some(&other)).await;
        assert!(st == 403 || st == 404, "{st}");
        let (st, _) = s.delete(&format!("{path}/{id}"), Some(&op)).await;
        assert_eq!(st, 204);
        let admin = s.token_of("admin").await;
        let (_, audit) = s
            .get("/api/v1/audit?entity=application", Some(&admin))
            .await;
        let entity_id = id.to_string();
        let actions: Vec<&str> = audit["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["entity_id"] == entity_id.as_str())
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions.len(), 3, "{audit}");
        for a in ["create", "update", "delete"] {
            assert!(actions.contains(&a), "{actions:?}");
        }

        // The routes are documented.
        let (_, doc) = s.get("/api/openapi.json", None).await;
        for p in [
            "/api/v1/catalog/applications",
            "/api/v1/catalog/applications/{id}",
            "/api/v1/catalog/findings",
            "/api/v1/catalog/vocabulary",
        ] {
            assert!(doc["paths"].get(p).is_some(), "{p} in OpenAPI");
        }
    })
    .await;
}

/// The demo region's register, with its findings, on the catalogue page.
#[tokio::test]
async fn the_demo_catalogue_page_shows_applications_and_findings() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
        let names: Vec<&str> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["subject_name"].as_str().unwrap())
            .collect();
        // Built and short of documents: Portal (2 of 4), DTKS (1 of 4, and never tested); SIAK,
        // ready-made, went live untested (Pessel Pasal 29(2) binds procured applications too).
        for expected in [
            "Portal Pesisir Selatan",
            "DTKS Pessel",
            "SIAK Terpusat",
            // Public data sets past their declared schedule (Pessel Pasal 12(4)).
            "Cakupan imunisasi dasar lengkap",
            // (Published on the portal with a link only: no file came as its update.)
            "Jumlah sekolah, guru dan murid",
            "Daftar aplikasi dan layanan SPBE",
            // A live website outside pesisirselatankab.go.id (Pessel Pasal 11(3)).
            "wisatapesisirselatan.com",
        ] {
            assert!(names.contains(&expected), "{findings}");
        }
        // Fully documented, ready-made, in development or retired: no findings.
        for clean in [
            "SIMPUS",
            "SIMPEG",
            "SIPD",
            "SRIKANDI",
            "SiCantik Cloud",
            "SIPENDIK",
            "SI-PARKIR",
        ] {
            assert!(!names.contains(&clean), "{clean}: {findings}");
        }
        let page = s
            .http
            .get(s.url("/katalog"))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        for text in [
            "Temuan kepatuhan",
            "Pessel Pasal 29(5)",
            "Pessel Pasal 29(2)",
            "SIMPUS",
            "4 / 4",
        ] {
            assert!(html.contains(text), "{text} on the page");
        }
    })
    .await;
}

fn dataset(pd: i64) -> Value {
    json!({
        "pd_id": pd,
        "name": "Jumlah kunjungan puskesmas",
        "responsible_person": "Kepala Seksi Pelayanan Kesehatan",
        "classification": "biasa",
        "distribution": "publik",
        "retention_years": 10,
        "storage_location": "Pusat Data Diskominfo",
        "backup_period": "harian",
        "backup_media": "NAS",
        "update_every_months": 3,
        "last_updated": "2025-01-31"
    })
}

/// The data and information inventory: scoped, validated, audited, and its public data sets
/// checked against their update schedule (Pessel Pasal 12(4)).
#[tokio::test]
async fn the_data_inventory_is_scoped_validated_and_gives_findings() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let path = "/api/v1/catalog/datasets";
        let (st, d) = s.post(path, Some(&op), dataset(kesehatan)).await;
        assert_eq!(st, 201, "{d}");
        let id = d["id"].as_i64().unwrap();
        let (st, _) = s.post(path, Some(&other), dataset(kesehatan)).await;
        assert_eq!(st, 403);
        for (field, patch) in [
            ("distribution", json!({"classification": "rahasia"})),
            ("backup_period", json!({"backup_period": "kadang"})),
            ("last_updated", json!({"last_updated": "2999-01-01"})),
            ("retention_years", json!({"retention_years": 0})),
        ] {
            let mut body = dataset(kesehatan);
            for (k, v) in patch.as_object().unwrap() {
                body[k] = v.clone();
            }
            let (st, e) = s.post(path, Some(&op), body).await;
            assert_refused(st, &e, 422, field);
        }
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&op)).await;
        let f = findings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["subject"] == format!("dataset:{id}"))
            .unwrap_or_else(|| panic!("{findings}"));
        assert_eq!(f["clause"], "Pessel Pasal 12(4)");
        assert_eq!(f["due"], "2025-04-30");
        let mut fresh = dataset(kesehatan);
        fresh["last_updated"] =
            json!(padu_domain::sla::wib_date(padu::app::clock::system_now()).to_string());
        let (st, _) = s.put(&format!("{path}/{id}"), Some(&op), fresh).await;
        assert_eq!(st, 200);
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&op)).await;
        assert!(!findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["subject"] == format!("dataset:{id}")));
        let (st, _) = s.delete(&format!("{path}/{id}"), Some(&op)).await;
        assert_eq!(st, 204);
        s.running.stop().await;
    })
    .await;
}

async fn import(
    s: &TestServer,
    token: &str,
    register: &str,
    body: Vec<u8>,
    skip: bool,
) -> (u16, Value) {
    let r = s
        .http
        .post(s.url(&format!(
            "/api/v1/catalog/import/{register}?skip_bad_rows={skip}"
        )))
        .bearer_auth(token)
        .body(body)
        .send()
        .await
        .unwrap();
    let st = r.status().as_u16();
    let text = r.text().await.unwrap();
    (
        st,
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("{st}: {text}")),
    )
}

async fn export(s: &TestServer, token: &str, register: &str, format: &str) -> Vec<u8> {
    let r = s
        .http
        .get(s.url(&format!(
            "/api/v1/catalog/export/{register}?format={format}"
        )))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{register}.{format}");
    r.bytes().await.unwrap().to_vec()
}

const APPS_CSV: &str =
    "pd,name,kind,sector,origin,status,in_production_since,tested_on,documents,classification\n\
dinas-kesehatan,SIM Gizi,khusus,Kesehatan,built,production,2025-02-01,2025-01-20,,biasa\n\
dinas-kesehatan,E-Posyandu,khusus,kesehatan,ready_made,production,01/03/2025,,,biasa\n";

/// CSV and XLSX imports check every row, write nothing while any is bad (unless asked to
/// skip), match rows to records by PD and name, and exports import back unchanged.
#[tokio::test]
async fn imports_are_all_or_nothing_and_exports_round_trip() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let op = s.token_of("operator.kominfo").await;
        let store = &s.running.state.store;
        let before = store.table_counts().await.unwrap();

        // Malformed: an unknown column, a missing required one, bad cells in two rows.
        let bad = "pd,name,kind,sector,origin,status,classification,colour\n\
dinas-kesehatan,SIM Gizi,khusus,Perikanan,built,production,biasa,red\n";
        let (st, e) = import(&s, &admin, "applications", bad.into(), false).await;
        assert_eq!(st, 422, "{e}");
        assert_eq!(e["error"]["errors"][0]["column"], "colour", "{e}");
        let bad_rows = "pd,name,kind,sector,origin,status,in_production_since,classification\n\
dinas-kesehatan,SIM Gizi,khusus,Perikanan,built,production,2025-01-01,biasa\n\
no-such-pd,X,khusus,Kesehatan,built,planned,,biasa\n\
dinas-kesehatan,Y,khusus,Kesehatan,built,production,kemarin,biasa\n\
dinas-kesehatan,Z,khusus,Kesehatan,built,production,,biasa\n\
dinas-kesehatan,OK,khusus,Kesehatan,built,planned,,biasa\n";
        let (st, e) = import(&s, &admin, "applications", bad_rows.into(), false).await;
        assert_eq!(st, 422, "{e}");
        let got: Vec<(i64, &str)> = e["error"]["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| (x["row"].as_i64().unwrap(), x["column"].as_str().unwrap()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "sector"),
                (3, "pd"),
                (4, "in_production_since"),
                (5, "in_production_since")
            ],
            "{e}"
        );
        let (st, e) = import(
            &s,
            &admin,
            "applications",
            b"PK\x03\x04garbage".to_vec(),
            false,
        )
        .await;
        assert_eq!(st, 422, "{e}");
        assert_eq!(
            store.table_counts().await.unwrap(),
            before,
            "nothing written"
        );

        // Skipping bad rows writes the good one and reports the rest.
        let (st, r) = import(&s, &admin, "applications", bad_rows.into(), true).await;
        assert_eq!(st, 200, "{r}");
        assert_eq!(
            (
                r["created"].as_i64(),
                r["skipped"].as_array().unwrap().len()
            ),
            (Some(1), 4)
        );

        // A PD operator may import only for its own PD.
        let (st, e) = import(&s, &op, "applications", APPS_CSV.into(), false).await;
        assert_eq!(st, 422);
        assert_eq!(e["error"]["errors"][0]["column"], "pd", "{e}");

        // Good CSV; loading it again changes nothing; an edited row updates its record.
        let (st, r) = import(&s, &admin, "applications", APPS_CSV.into(), false).await;
        assert_eq!((st, r["created"].as_i64()), (200, Some(2)), "{r}");
        let (_, r) = import(&s, &admin, "applications", APPS_CSV.into(), false).await;
        assert_eq!(
            (r["created"].as_i64(), r["unchanged"].as_i64()),
            (Some(0), Some(2)),
            "{r}"
        );
        let edited = APPS_CSV.replace("2025-01-20", "2025-01-25");
        let (_, r) = import(&s, &admin, "applications", edited.into(), false).await;
        assert_eq!(
            (r["updated"].as_i64(), r["unchanged"].as_i64()),
            (Some(1), Some(1)),
            "{r}"
        );
        // E-Posyandu went live untested: the finding is there.
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
        assert!(findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["subject_name"] == "E-Posyandu" && f["clause"] == "Pessel Pasal 29(2)"));

        // Every register exports and re-imports unchanged, as CSV and as XLSX.
        for register in ["applications", "datasets", "sites", "websites", "agendas"] {
            for format in ["csv", "xlsx"] {
                let file = export(&s, &admin, register, format).await;
                let table = padu::interchange::read_table(&file).unwrap();
                assert!(!table.rows.is_empty(), "{register}.{format}");
                let (st, r) = import(&s, &admin, register, file, false).await;
                assert_eq!(st, 200, "{register}.{format}: {r}");
                assert_eq!(
                    (r["created"].as_i64(), r["updated"].as_i64()),
                    (Some(0), Some(0)),
                    "{register}.{format}: {r}"
                );
                assert_eq!(r["unchanged"].as_u64(), Some(table.rows.len() as u64));
            }
        }
        assert_eq!(
            padu::interchange::read_table(&export(&s, &admin, "sites", "csv").await)
                .unwrap()
                .rows
                .len(),
            70,
            "Pessel's 70 sites"
        );

        // An XLSX inventory as a Dinas keeps it: new data sets with an Excel date cell.
        let sheet = padu::interchange::xlsx(
            "Data",
            &[
                "PD",
                "Name",
                "Responsible_Person",
                "Classification",
                "Distribution",
                "Retention_Years",
                "Storage_Location",
                "Backup_Period",
                "Backup_Media",
                "Update_Every_Months",
                "Last_Updated",
            ],
            &[
                [
                    "dinas-kesehatan",
                    "Jumlah balita stunting",
                    "Kepala Seksi Gizi",
                    "biasa",
                    "publik",
                    "permanen",
                    "Pusat Data",
                    "bulanan",
                    "NAS",
                    "6",
                    "2026-05-01",
                ]
                .map(String::from)
                .to_vec(),
                [
                    "Dinas Kesehatan",
                    "Rekap rujukan RSUD",
                    "Kepala Seksi Rujukan",
                    "terbatas",
                    "internal",
                    "5",
                    "Server RSUD",
                    "tidak_ada",
                    "",
                    "12",
                    "2026-10-01",
                ]
                .map(String::from)
                .to_vec(),
            ],
        )
        .unwrap();
        let (st, r) = import(&s, &op, "datasets", sheet.clone(), false).await;
        assert_eq!(st, 422, "another PD's operator: {r}");
        let (st, r) = import(&s, &admin, "datasets", sheet, false).await;
        assert_eq!((st, r["created"].as_i64()), (200, Some(2)), "{r}");
        let (_, list) = s
            .get("/api/v1/catalog/datasets?q=stunting", Some(&admin))
            .await;
        assert_eq!(list["items"][0]["retention_years"], Value::Null, "{list}");
        assert_eq!(list["items"][0]["update_every_months"], 6);

        // Unknown registers and formats are named.
        let (st, e) = import(&s, &admin, "gedung", APPS_CSV.into(), false).await;
        assert_refused(st, &e, 422, "register");
        let (st, e) = s
            .get("/api/v1/catalog/export/sites?format=pdf", Some(&admin))
            .await;
        assert_refused(st, &e, 422, "format");
        s.running.stop().await;
    })
    .await;
}

/// Websites and governance agendas through the API: scoped, validated, audited, and feeding
/// the domain and Tim Koordinasi rules; their pages list them.
#[tokio::test]
async fn websites_and_agendas_through_the_api_and_pages() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let site = json!({
            "pd_id": kesehatan,
            "host": "simpus-pessel.net",
            "purpose": "Pendaftaran online puskesmas",
            "status": "aktif",
            "hosted_at": "VPS penyedia"
        });
        let (st, w) = s
            .post("/api/v1/catalog/websites", Some(&op), site.clone())
            .await;
        assert_eq!(st, 201, "{w}");
        let (st, e) = s
            .post("/api/v1/catalog/websites", Some(&op), site.clone())
            .await;
        assert_refused(st, &e, 409, "host");
        let (st, _) = s.post("/api/v1/catalog/websites", Some(&other), site).await;
        assert_eq!(st, 403);
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&op)).await;
        let f = findings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["subject"] == format!("website:{}", w["id"]))
            .unwrap_or_else(|| panic!("{findings}"));
        assert_eq!(f["clause"], "Pessel Pasal 11(3)");

        // A month from today: a fixed date would fall into the past as the calendar moves on.
        let next_month = (padu::app::clock::system_now() + chrono::Duration::days(30)).date_naive();
        let agenda = json!({
            "pd_id": kesehatan,
            "body": "tim_koordinasi",
            "kind": "insidental",
            "title": "Usulan integrasi SIMPUS dan SATUSEHAT",
            "scheduled_on": next_month.to_string(),
            "status": "terlaksana",
            "minutes": "Risalah"
        });
        let (st, e) = s
            .post("/api/v1/governance/agendas", Some(&op), agenda.clone())
            .await;
        assert_eq!(st, 422, "held in the future: {e}");
        let mut planned = agenda.clone();
        planned["status"] = json!("direncanakan");
        let (st, a) = s
            .post("/api/v1/governance/agendas", Some(&op), planned)
            .await;
        assert_eq!(st, 201, "a PD proposes an incidental agenda: {a}");
        let (st, e) = s
            .get("/api/v1/governance/agendas?body=dprd", Some(&op))
            .await;
        assert_refused(st, &e, 422, "body");
        let (_, list) = s
            .get("/api/v1/governance/agendas?q=satusehat", Some(&op))
            .await;
        assert_eq!(list["total"], 1, "{list}");

        let admin = s.token_of("admin").await;
        // Policies and SOPs (Pessel Pasal 66–67): one in force names its legal basis.
        let policy = json!({
            "pd_id": kesehatan, "kind": "sop", "subject": "Manajemen perubahan",
            "title": "SOP perubahan aplikasi SIMPUS", "status": "berlaku"
        });
        let (st, e) = s
            .post("/api/v1/governance/policies", Some(&op), policy.clone())
            .await;
        assert_refused(st, &e, 422, "established_on");
        let mut wrong_subject = policy.clone();
        wrong_subject["kind"] = json!("kebijakan");
        let (st, e) = s
            .post("/api/v1/governance/policies", Some(&op), wrong_subject)
            .await;
        assert_refused(st, &e, 422, "subject");
        let mut good = policy.clone();
        good["reference"] = json!("Keputusan Kepala Dinas Kesehatan No. 7/2026");
        good["established_on"] = json!("2026-02-02");
        let (st, _) = s.post("/api/v1/governance/policies", Some(&op), good).await;
        assert_eq!(st, 201);
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
        let has = |rule: &str, name: &str| {
            findings
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == rule && f["subject_name"] == name)
        };
        assert!(has("policy_missing", "Transaksi non tunai"), "{findings}");
        assert!(!has("policy_missing", "Perencanaan SPBE"));
        assert!(has("sop_missing", "Kecamatan Lunang"), "{findings}");
        assert!(!has("sop_missing", "Dinas Kesehatan"));
        for (path, text) in [
            ("/katalog/situs", "wisatapesisirselatan.com"),
            // A finding says what the rule asks and leads to its record.
            (
                "/katalog",
                "Situs web harus berada di bawah domain Pemerintah Daerah",
            ),
            ("/katalog", "href=\"/katalog/formulir/websites?id="),
            ("/tata-kelola", "Usulan integrasi SIMPUS dan SATUSEHAT"),
            ("/tata-kelola", "04-06-2022"),
            ("/tata-kelola", "SOP perubahan aplikasi SIMPUS"),
        ] {
            let html = s
                .http
                .get(s.url(path))
                .bearer_auth(&admin)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            assert!(html.contains(text), "{path}: {text}");
        }
        let (_, doc) = s.get("/api/openapi.json", None).await;
        for p in [
            "/api/v1/catalog/websites",
            "/api/v1/catalog/websites/{id}",
            "/api/v1/governance/agendas",
            "/api/v1/catalog/datasets",
            "/api/v1/catalog/import/{register}",
            "/api/v1/catalog/export/{register}",
        ] {
            assert!(doc["paths"].get(p).is_some(), "{p} in OpenAPI");
        }
        s.running.stop().await;
    })
    .await;
}

/// The register form: the same checks as an import row, errors beside their field, and an
/// edit of an existing record through `?id=`.
#[tokio::test]
async fn the_register_form_creates_and_edits_with_errors_by_field() {
    demo_on_both_engines(async |s| {
        let ui = s.signed_in_as("operator.kesehatan").await;
        let page = get_text(&ui, s.url("/katalog/formulir/websites")).await;
        // Real widgets: the PD and the status are chosen by their names, never typed as codes.
        assert!(page.contains("Nama host"));
        assert!(
            page.contains("<option value=\"dinas-kesehatan\" selected>Dinas Kesehatan</option>"),
            "a new record starts in the operator's own PD"
        );
        assert!(page.contains("<option value=\"nonaktif\">Nonaktif</option>"));
        assert!(!page.contains("<code"), "no field codes on the form");
        let csrf = csrf_of(&page);
        let post = |fields: Vec<(&'static str, String)>| {
            let mut all = fields;
            all.push(("csrf", csrf.clone()));
            ui.post(s.url("/katalog/formulir/websites"))
                .form(&all)
                .send()
        };
        let fields = |host: &str| {
            vec![
                ("pd", "dinas-kesehatan".to_string()),
                ("host", host.to_string()),
                ("purpose", "Informasi gizi".to_string()),
                ("status", "aktif".to_string()),
                ("hosted_at", "Pusat Data".to_string()),
            ]
        };
        let r = post(fields("https://gizi.pesisirselatankab.go.id"))
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("field-error"),
            "the error stands by its field"
        );
        assert!(
            html.contains("https://gizi.pesisirselatankab.go.id"),
            "the input is kept"
        );
        let store = &s.running.state.store;
        let scope = padu_domain::ReadScope::of(&padu_domain::Actor::Public);
        let before = store
            .list_records::<padu_store::websites::WebsiteInput>(
                &scope,
                &Vec::new(),
                &Default::default(),
            )
            .await
            .unwrap()
            .total;
        let r = post(fields("gizi.pesisirselatankab.go.id")).await.unwrap();
        assert!(r.status().is_success(), "{}", r.status());
        assert!(r.url().path().ends_with("/katalog/situs"));
        let saved = r.text().await.unwrap();
        assert!(
            saved.contains("Perubahan tersimpan."),
            "the page says it saved"
        );
        assert!(
            saved.contains("Dinas Kesehatan") && !saved.contains(">aktif<"),
            "the PD by name, the status in words"
        );
        let list = store
            .list_records::<padu_store::websites::WebsiteInput>(
                &scope,
                &Vec::new(),
                &Default::default(),
            )
            .await
            .unwrap();
        assert_eq!(list.total, before + 1);
        let id = list
            .items
            .iter()
            .find(|w| w.host == "gizi.pesisirselatankab.go.id")
            .unwrap()
            .id;
        // Another PD's operator may not write for Dinas Kesehatan through the form either.
        let mut other = fields("gizi2.pesisirselatankab.go.id");
        other[0].1 = "dinas-perhubungan".into();
        let r = post(other).await.unwrap();
        assert_eq!(r.status(), 422);
        // A control character is refused, the field named by the register's label.
        let mut bad = fields("gizi3.pesisirselatankab.go.id");
        bad[2].1 = "Informasi\u{0}gizi".into();
        let r = post(bad).await.unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Kegunaan (purpose)") && html.contains("U+0000"),
            "{html}"
        );
        // Edit: the form comes filled, and saving changes that record.
        let edit = get_text(&ui, s.url(&format!("/katalog/formulir/websites?id={id}"))).await;
        assert!(edit.contains("value=\"gizi.pesisirselatankab.go.id\""));
        let mut changed = fields("gizi.pesisirselatankab.go.id");
        changed[2].1 = "Informasi gizi dan stunting".into();
        changed.push(("csrf", csrf.clone()));
        let r = ui
            .post(s.url(&format!("/katalog/formulir/websites?id={id}")))
            .form(&changed)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success());
        assert_eq!(
            store
                .get_record::<padu_store::websites::WebsiteInput>(id)
                .await
                .unwrap()
                .purpose,
            "Informasi gizi dan stunting"
        );
        // Without the session's CSRF token nothing is written.
        let r = ui
            .post(s.url("/katalog/formulir/websites"))
            .form(&fields("x.pesisirselatankab.go.id"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    })
    .await;
}

/// An XLSX whose sheet inflates to `megabytes` MB from a few hundred KB, its size in the ZIP's
/// central directory a lie (4 KB). (The probe's single 800 MB cell is refused sooner, by the
/// bound on one cell: the unit tests of `interchange::table` show it.)
fn zip_bomb(megabytes: usize) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="x" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
    ];
    for (path, body) in parts {
        zip.start_file(path, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", options).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
    // Cells of half a megabyte each, under any one cell's bound: only the total stops it.
    let cell = vec![b'A'; 512 * 1024];
    for row in 1..=2 * megabytes {
        write!(zip, r#"<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>"#).unwrap();
        zip.write_all(&cell).unwrap();
        zip.write_all(b"</t></is></c></row>").unwrap();
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    let mut bytes = zip.finish().unwrap().into_inner();
    let name = b"xl/worksheets/sheet1.xml";
    let entry = (0..bytes.len() - 46)
        .find(|&i| bytes[i..].starts_with(b"PK\x01\x02") && bytes[i + 46..].starts_with(name))
        .unwrap();
    bytes[entry + 24..entry + 28].copy_from_slice(&4096u32.to_le_bytes());
    bytes
}

/// Hostile files (issue 15): a ZIP bomb is refused by the API, the upload form and
/// `padu import-catalog` with a small answer and bounded memory; a NUL or an oversized cell is
/// named by row and column; formula-like text leaves exports behind an apostrophe and comes
/// back unchanged; a JSON body with a NUL is refused naming its field. Both engines.
#[tokio::test]
async fn hostile_imports_are_refused_small_and_formulas_leave_guarded() {
    let bomb = zip_bomb(300);
    assert!(bomb.len() < 1024 * 1024, "{} bytes", bomb.len());
    let long_name = "N".repeat(40_000);
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let ui = s.signed_in_as("admin").await;
        let page = get_text(&ui, s.url("/katalog/impor")).await;
        let store = &s.running.state.store;
        let before = store.table_counts().await.unwrap();

        // The ZIP bomb through the API: a 4xx with a small body.
        let r = s
            .http
            .post(s.url("/api/v1/catalog/import/applications"))
            .bearer_auth(&admin)
            .body(bomb.clone())
            .send()
            .await
            .unwrap();
        let st = r.status().as_u16();
        let body = r.bytes().await.unwrap();
        assert_eq!(st, 422);
        assert!(body.len() < 4096, "{} bytes", body.len());
        let e: Value = serde_json::from_slice(&body).unwrap();
        assert!(
            e["error"]["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("inflates to more than 256 MB"),
            "{e}"
        );

        // The same file through the import page's upload form.
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf_of(&page))
            .text("register", "applications")
            .part(
                "file",
                reqwest::multipart::Part::bytes(bomb.clone()).file_name("bom.xlsx"),
            );
        let r = ui
            .post(s.url("/katalog/impor"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(html.len() < 64 * 1024, "{} bytes", html.len());
        assert!(
            html.contains("mengembang menjadi lebih dari"),
            "the refusal in the page's language"
        );
        assert!(!html.contains(&"A".repeat(1000)), "no input echoed");

        // `padu import-catalog` with the bomb: refused, and its memory stays small.
        let file = s.dir.path().join("bom.xlsx");
        std::fs::write(&file, &bomb).unwrap();
        let out = std::process::Command::new("/usr/bin/time")
            .arg("-v")
            .arg(env!("CARGO_BIN_EXE_padu"))
            .args(["import-catalog", "--register", "applications"])
            .args(s.storage_args())
            .arg(&file)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{err}");
        assert!(err.contains("inflates to more than"), "{err}");
        let rss_kb: u64 = err
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no RSS in {err}"));
        assert!(rss_kb < 200 * 1024, "padu import-catalog took {rss_kb} kB");

        // A NUL, and a cell longer than Excel allows, named by row and column.
        let csv = |name: &str| {
            format!(
                "pd,name,kind,sector,origin,status,classification\n\
dinas-kesehatan,{name},khusus,Kesehatan,built,production,biasa\n"
            )
        };
        for bad in [csv("SIM\0Gizi"), csv(&long_name)] {
            let (st, e) = import(&s, &admin, "applications", bad.into(), false).await;
            let first = &e["error"]["errors"][0];
            assert_eq!(
                (st, &first["row"], &first["column"]),
                (422, &json!(2), &json!("name")),
                "{e}"
            );
            assert!(e.to_string().len() < 4096, "no input echoed");
        }

        // A JSON body with a NUL anywhere: refused naming the field, nothing stored.
        let pd = s.pd_id("dinas-kesehatan").await;
        let create = |app: Value| s.post("/api/v1/catalog/applications", Some(&admin), app);
        for (field, value, path) in [
            ("description", json!("Sistem\u{0}informasi"), "description"),
            ("documents", json!(["ok", "bell\u{7}"]), "documents[1]"),
        ] {
            let mut app = simpus(pd);
            app[field] = value;
            let (st, e) = create(app).await;
            assert_refused(st, &e, 422, path);
        }
        assert_eq!(
            store.table_counts().await.unwrap(),
            before,
            "nothing written"
        );

        // Formula-like text leaves every export behind an apostrophe and imports back as it was.
        let mut app = simpus(pd);
        app["name"] = json!("=HYPERLINK(\"http://evil.example\",\"klik\")");
        app["description"] = json!("-2+3 dan @SUM(A1)");
        let (st, e) = create(app).await;
        assert_eq!(st, 201, "{e}");
        let csv = String::from_utf8(export(&s, &admin, "applications", "csv").await).unwrap();
        assert!(
            csv.contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\""),
            "{csv}"
        );
        assert!(csv.contains("'-2+3 dan @SUM(A1)"), "{csv}");
        let sites = String::from_utf8(export(&s, &admin, "sites", "csv").await).unwrap();
        assert!(
            sites.contains(",-1.") && !sites.contains("'-1."),
            "numbers are kept"
        );
        for format in ["csv", "xlsx"] {
            let file = export(&s, &admin, "applications", format).await;
            let table = padu::interchange::read_table(&file).unwrap();
            assert!(
                table.rows.iter().any(
                    |r| r.contains(&"=HYPERLINK(\"http://evil.example\",\"klik\")".to_string())
                ),
                "{format}"
            );
            let (st, r) = import(&s, &admin, "applications", file, false).await;
            assert_eq!(
                (st, r["updated"].as_i64(), r["created"].as_i64()),
                (200, Some(0), Some(0)),
                "{format}: {r}"
            );
        }
        let xlsx = export(&s, &admin, "applications", "xlsx").await;
        let mut book = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
        let mut sheet = String::new();
        std::io::Read::read_to_string(
            &mut book.by_name("xl/worksheets/sheet1.xml").unwrap(),
            &mut sheet,
        )
        .unwrap();
        assert!(sheet.contains(">'=HYPERLINK("), "the XLSX guards it too");
        s.running.stop().await;
    })
    .await;
}
