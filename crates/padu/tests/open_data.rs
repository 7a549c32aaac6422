//! Data terbuka end to end on both engines: a PD publishes a data set of its inventory through
//! the walidata's check (Pessel Pasal 13(3)–(5), Kalbar Pasal 11(3)), bad input is refused
//! naming its field and leaves nothing behind, the portal serves the page with its schema.org
//! JSON-LD and the files byte for byte, and the real `ckanapi` client (its CLI and its
//! library) reads the demo region through CKAN's Action API.

mod common;
use common::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

async fn upload(
    s: &TestServer,
    token: &str,
    path: &str,
    filename: &str,
    data: Vec<u8>,
    fields: &[(&str, &str)],
) -> (u16, Value) {
    let mut form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(data).file_name(filename.to_string()),
    );
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let r = s
        .http
        .post(s.url(path))
        .bearer_auth(token)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

fn metadata(inventory_id: i64, name: &str) -> Value {
    json!({
        "inventory_id": inventory_id,
        "name": name,
        "title": "Jumlah Kunjungan Pasien Rawat Jalan",
        "description": "Jumlah kunjungan pasien rawat jalan per puskesmas per bulan, dari laporan SIMPUS yang direkap Dinas Kesehatan.",
        "keywords": ["Kesehatan", "puskesmas", "kesehatan", " "],
        "theme": "HEAL",
        "licence": "cc-by",
        "temporal_start": "2026-01-01",
        "temporal_end": "2026-06-30",
        "spatial": "Kabupaten Pesisir Selatan",
        "update_schedule": "bulanan",
        "reference_codes": "Kode wilayah Kemendagri 13.01",
    })
}

/// A new inventory entry of the Dinas Kesehatan, classified `classification`.
async fn inventory_entry(s: &TestServer, admin: &str, name: &str, classification: &str) -> i64 {
    let pd = s.pd_id("dinas-kesehatan").await;
    let (st, v) = s
        .post(
            "/api/v1/catalog/datasets",
            Some(admin),
            json!({
                "pd_id": pd,
                "name": name,
                "responsible_person": "Kepala Seksi Data",
                "classification": classification,
                "distribution": if classification == "biasa" { "publik" } else { "internal" },
                "storage_location": "Server SIMPUS",
                "backup_period": "harian",
                "backup_media": "NAS Pusat Data",
                "update_every_months": 1,
                "last_updated": "2026-01-01",
            }),
        )
        .await;
    assert_eq!(st, 201, "{v}");
    v["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_pd_publishes_a_data_set_through_the_walidatas_check() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let operator = s.token_of("operator.kesehatan").await;
        let other_pd = s.token_of("operator.kominfo").await;
        let entry = inventory_entry(&s, &admin, "Kunjungan rawat jalan", "biasa").await;
        let secret = inventory_entry(&s, &admin, "Rekam medis pasien", "rahasia").await;
        let api = "/api/v1/data-terbuka/datasets";

        // Only Biasa data is ever public; only its PD drafts it; names follow CKAN's rule.
        let (st, v) = s
            .post(api, Some(&operator), metadata(secret, "rekam-medis"))
            .await;
        assert_refused(st, &v, 422, "inventory_id");
        let (st, v) = s
            .post(api, Some(&other_pd), metadata(entry, "kunjungan"))
            .await;
        assert_refused(st, &v, 422, "inventory_id");
        let (st, v) = s
            .post(api, Some(&operator), metadata(entry, "Kunjungan Pasien"))
            .await;
        assert_refused(st, &v, 422, "name");
        let mut short = metadata(entry, "kunjungan");
        short["description"] = json!("Terlalu pendek.");
        let (st, v) = s.post(api, Some(&operator), short).await;
        assert_refused(st, &v, 422, "description");
        let mut bad_theme = metadata(entry, "kunjungan");
        bad_theme["theme"] = json!("KESEHATAN");
        let (st, v) = s.post(api, Some(&operator), bad_theme).await;
        assert_refused(st, &v, 422, "theme");
        let (st, v) = s
            .post(
                api,
                Some(&operator),
                metadata(entry, "tenaga-kesehatan-puskesmas"),
            )
            .await;
        assert_refused(st, &v, 409, "name");

        let (st, d) = s
            .post(
                api,
                Some(&operator),
                metadata(entry, "kunjungan-rawat-jalan"),
            )
            .await;
        assert_eq!(st, 201, "{d}");
        let id = d["id"].as_i64().unwrap();
        assert_eq!(d["status"], "draf");
        assert_eq!(
            d["keywords"],
            json!(["kesehatan", "puskesmas"]),
            "trimmed, lowercased, once each"
        );
        let at = format!("{api}/{id}");

        // Submitted with a resource only; a file is what its format says, or nothing stays.
        let (st, v) = s
            .post(
                &format!("{at}/status"),
                Some(&operator),
                json!({ "status": "diajukan" }),
            )
            .await;
        assert_refused(st, &v, 422, "resources");
        // Text that is not UTF-8, a file that is not what its name says, JSON that does not
        // parse.
        for (filename, data) in [
            (
                "kunjungan.csv",
                b"puskesmas,kunjungan\nPasar Baru,1204\nSalido \xe9,998\n".to_vec(),
            ),
            ("kunjungan.pdf", b"%PDF-1.4".to_vec()),
            ("k.json", b"{\"a\":".to_vec()),
        ] {
            let (st, v) = upload(
                &s,
                &operator,
                &format!("{at}/files"),
                filename,
                data,
                &[("name", "Kunjungan")],
            )
            .await;
            assert_refused(st, &v, 422, "file");
        }
        // Over the 50 MB limit (a 1 GB file stops at the same point, read no further).
        let mut huge = b"kecamatan,jumlah\n".to_vec();
        huge.resize(50 * 1024 * 1024 + 1, b'9');
        let (st, v) = upload(
            &s,
            &operator,
            &format!("{at}/files"),
            "besar.csv",
            huge,
            &[("name", "Besar")],
        )
        .await;
        assert_refused(st, &v, 413, "file");
        let (_, view) = s.get(&at, Some(&operator)).await;
        assert_eq!(
            view["resources"],
            json!([]),
            "a refused file leaves no resource: {view}"
        );

        let csv =
            b"puskesmas,bulan,kunjungan\nPasar Baru,2026-01,1204\nSalido,2026-01,998\n".to_vec();
        let (st, r) = upload(
            &s,
            &operator,
            &format!("{at}/files"),
            "kunjungan.csv",
            csv.clone(),
            &[("name", "Kunjungan per bulan"), ("note", "Januari")],
        )
        .await;
        assert_eq!(st, 201, "{r}");
        assert_eq!(r["current"]["sha256"], hex::encode(Sha256::digest(&csv)));
        assert_eq!(r["format"], "CSV");
        let resource = r["id"].as_i64().unwrap();
        let (st, v) = s
            .post(
                &format!("{at}/links"),
                Some(&operator),
                json!({ "name": "SIMPUS", "url": "javascript:alert(1)", "format": "HTML" }),
            )
            .await;
        assert_refused(st, &v, 422, "url");

        // Nobody but the walidata publishes, and not before it is submitted.
        let (st, _) = s
            .post(
                &format!("{at}/status"),
                Some(&admin),
                json!({ "status": "terbit" }),
            )
            .await;
        assert_eq!(st, 409, "a draft is not published");
        let (st, d) = s
            .post(
                &format!("{at}/status"),
                Some(&operator),
                json!({ "status": "diajukan" }),
            )
            .await;
        assert_eq!((st, d["status"].as_str()), (200, Some("diajukan")), "{d}");
        let (st, _) = s
            .put(
                &at,
                Some(&operator),
                metadata(entry, "kunjungan-rawat-jalan"),
            )
            .await;
        assert_eq!(st, 409, "the producer waits while the walidata checks");
        let (st, _) = s
            .post(
                &format!("{at}/status"),
                Some(&operator),
                json!({ "status": "terbit" }),
            )
            .await;
        assert_eq!(st, 403, "the producer does not publish its own data");
        let (st, v) = s
            .post(
                &format!("{at}/status"),
                Some(&admin),
                json!({ "status": "dikembalikan" }),
            )
            .await;
        assert_refused(st, &v, 422, "note");
        let (st, d) = s
            .post(
                &format!("{at}/status"),
                Some(&admin),
                json!({ "status": "dikembalikan", "note": "Tambahkan satuan kunjungan" }),
            )
            .await;
        assert_eq!(
            (st, d["status"].as_str()),
            (200, Some("dikembalikan")),
            "{d}"
        );
        // Not on the portal while it is not published.
        let (st, _) = s.get("/data-terbuka/kunjungan-rawat-jalan", None).await;
        assert_eq!(st, 404);
        s.post_ok(
            &operator,
            &format!("{at}/status"),
            json!({ "status": "diajukan" }),
        )
        .await;
        let d = s
            .post_ok(
                &admin,
                &format!("{at}/status"),
                json!({ "status": "terbit" }),
            )
            .await;
        assert!(
            d["checked_by"].as_str().unwrap().starts_with("admin"),
            "{d}"
        );

        // The portal: the page with its JSON-LD, the file byte for byte to anyone.
        let page = s
            .http
            .get(s.url("/data-terbuka/kunjungan-rawat-jalan"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        let ld = html
            .split("<script type=\"application/ld+json\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("the page embeds its JSON-LD");
        let ld: Value = serde_json::from_str(ld).unwrap();
        assert_eq!(ld["@type"], "Dataset");
        assert_eq!(ld["name"], "Jumlah Kunjungan Pasien Rawat Jalan");
        assert_eq!(
            ld["license"],
            "https://creativecommons.org/licenses/by/4.0/"
        );
        assert_eq!(ld["temporalCoverage"], "2026-01-01/2026-06-30");
        assert_eq!(ld["distribution"][0]["encodingFormat"], "CSV");
        let file = s
            .http
            .get(ld["distribution"][0]["contentUrl"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(file.status(), 200);
        assert_eq!(file.bytes().await.unwrap().to_vec(), csv);

        // A periodic update is a new version; the first stays.
        let february = b"puskesmas,bulan,kunjungan\nPasar Baru,2026-02,1180\n".to_vec();
        let (st, v) = upload(
            &s,
            &operator,
            &format!("{at}/files/{resource}"),
            "kunjungan.xlsx",
            b"PK\x03\x04".to_vec(),
            &[],
        )
        .await;
        assert_refused(st, &v, 422, "file");
        let (st, r) = upload(
            &s,
            &operator,
            &format!("{at}/files/{resource}"),
            "kunjungan-2.csv",
            february.clone(),
            &[("note", "Februari")],
        )
        .await;
        assert_eq!(
            (st, r["current"]["version"].as_i64()),
            (201, Some(2)),
            "{r}"
        );
        let latest = s
            .http
            .get(s.url(&format!(
                "/data-terbuka/kunjungan-rawat-jalan/unduh/{resource}"
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(latest.bytes().await.unwrap().to_vec(), february);
        let first = s
            .http
            .get(s.url(&format!(
                "/data-terbuka/kunjungan-rawat-jalan/unduh/{resource}?versi=1"
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(first.bytes().await.unwrap().to_vec(), csv);
        // The inventory's freshness rule reads the upload as the data's update.
        let (_, e) = s
            .get(&format!("/api/v1/catalog/datasets/{entry}"), Some(&admin))
            .await;
        assert_ne!(e["last_updated"], "2026-01-01", "{e}");

        // Withdrawn, it leaves the portal and its files with it.
        let (st, v) = s
            .post(
                &format!("{at}/status"),
                Some(&operator),
                json!({ "status": "ditarik" }),
            )
            .await;
        assert_refused(st, &v, 422, "note");
        s.post_ok(
            &operator,
            &format!("{at}/status"),
            json!({ "status": "ditarik", "note": "Data direvisi" }),
        )
        .await;
        let gone = s
            .http
            .get(s.url(&format!(
                "/data-terbuka/kunjungan-rawat-jalan/unduh/{resource}"
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(gone.status(), 404);

        // Past its declared schedule (yearly, last updated 500 days ago, and published with a
        // link only), the demo's school data is marked on the portal; a data set whose file
        // came at publication is not.
        let page = |name: &str| s.http.get(s.url(&format!("/data-terbuka/{name}"))).send();
        let late = page("jumlah-sekolah-guru-murid")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(late.contains("Terlambat dimutakhirkan sejak"), "{late}");
        let fresh = page("tenaga-kesehatan-puskesmas")
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!fresh.contains("Terlambat dimutakhirkan"));
        let search = s
            .http
            .get(s.url("/data-terbuka?groups=educ"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            search.matches("Terlambat dimutakhirkan").count(),
            1,
            "{search}"
        );
        let search = s
            .http
            .get(s.url("/data-terbuka?groups=heal"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(
            search.matches("Terlambat dimutakhirkan").count(),
            0,
            "{search}"
        );

        let (_, log) = s
            .get("/api/v1/audit?entity=open_dataset", Some(&admin))
            .await;
        assert!(
            log.to_string().contains("dikembalikan"),
            "every step is audited: {log}"
        );
        s.assert_audit_chain_verifies(&admin).await;
    })
    .await;
}

/// The datastore's tables on `s`'s database (loaded ones and any staging left behind).
async fn datastore_tables(s: &TestServer) -> Vec<String> {
    let mut t: Vec<String> = s
        .running
        .state
        .store
        .table_names()
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.starts_with("datastore_"))
        .collect();
    t.sort();
    t
}

#[tokio::test]
async fn a_tabular_file_is_checked_loaded_queried_and_converted() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let operator = s.token_of("operator.kesehatan").await;
        let entry = inventory_entry(&s, &admin, "Kunjungan posyandu", "biasa").await;
        let api = "/api/v1/data-terbuka/datasets";
        let (st, d) = s
            .post(api, Some(&operator), metadata(entry, "kunjungan-posyandu"))
            .await;
        assert_eq!(st, 201, "{d}");
        let at = format!("{api}/{}", d["id"]);
        let before = datastore_tables(&s).await;

        // Ragged rows and text that is not UTF-8 are refused whole, naming their rows; nothing
        // half-loaded stays (no resource, no table).
        let bad: [(&[u8], &[&str]); 3] = [
            (
                b"kode,posyandu,jumlah\n001,Melati,12\n002,Mawar\n003,Anggrek,7,9\n",
                &["row 3: 2 cells where the header has 3", "row 4: 4 cells"],
            ),
            (b"kode,posyandu,jumlah\n001,Melati,12\n002,Kamboja \xe9,3\n", &["not UTF-8"]),
            (b"kode,kode\n1,2\n", &["appears twice"]),
        ];
        for (data, says) in bad {
            let (st, v) = upload(&s, &operator, &format!("{at}/files"), "p.csv", data.to_vec(), &[("name", "Posyandu")]).await;
            assert_refused(st, &v, 422, "file");
            for words in says {
                assert!(v.to_string().contains(words), "{words}: {v}");
            }
        }
        let (_, view) = s.get(&at, Some(&operator)).await;
        assert_eq!(view["resources"], json!([]), "{view}");
        assert_eq!(datastore_tables(&s).await, before, "no staging table is left");

        // Types guessed from every cell: a code with leading zeros stays text, decimals with a
        // point are numeric, days are dates; a formula-like cell is kept as written.
        let csv = "kode;posyandu;jumlah;rasio;tanggal;catatan\n001;Melati;12;0.5;2026-01-05;=HYPERLINK(\"http://contoh.invalid\",\"klik\")\n002;Mawar;30;1.25;2026-01-06;\n010;Anggrek;7;2;2026-02-01;-baru\n";
        let (st, r) = upload(&s, &operator, &format!("{at}/files"), "posyandu.csv", csv.as_bytes().to_vec(), &[("name", "Posyandu")]).await;
        assert_eq!(st, 201, "{r}");
        assert_eq!(r["datastore_active"], true, "{r}");
        let resource = r["id"].as_i64().unwrap();
        s.post_ok(&operator, &format!("{at}/status"), json!({ "status": "diajukan" })).await;
        s.post_ok(&admin, &format!("{at}/status"), json!({ "status": "terbit" })).await;

        let (_, pkg) = s.get("/api/3/action/package_show?id=kunjungan-posyandu", None).await;
        let public_id = pkg["result"]["resources"][0]["id"].as_str().unwrap().to_string();
        assert_eq!(pkg["result"]["resources"][0]["datastore_active"], true);
        let search = |q: &str| format!("/api/3/action/datastore_search?resource_id={public_id}&{q}");
        let (st, v) = s.get(&search("limit=10"), None).await;
        assert_eq!(st, 200, "{v}");
        let types: Vec<(String, String)> = v["result"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["id"].as_str().unwrap().into(), f["type"].as_str().unwrap().into()))
            .collect();
        let expected: Vec<(String, String)> = [("_id", "int"), ("kode", "text"), ("posyandu", "text"), ("jumlah", "int"), ("rasio", "numeric"), ("tanggal", "date"), ("catatan", "text")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(types, expected);
        assert_eq!(v["result"]["total"], 3);
        assert_eq!(v["result"]["records"][2]["kode"], "010");
        assert_eq!(v["result"]["records"][1]["rasio"], 1.25);
        assert_eq!(v["result"]["records"][1]["catatan"], Value::Null);
        // filters, q, sort, fields, limit and offset, as CKAN reads them.
        let (_, v) = s.get(&search("filters=%7B%22posyandu%22:[%22Melati%22,%22Anggrek%22]%7D&sort=jumlah%20desc&fields=posyandu,jumlah"), None).await;
        assert_eq!(v["result"]["total"], 2, "{v}");
        assert_eq!(v["result"]["records"], json!([{ "posyandu": "Melati", "jumlah": 12 }, { "posyandu": "Anggrek", "jumlah": 7 }]));
        let (_, v) = s.get(&search("q=mawar"), None).await;
        assert_eq!(v["result"]["total"], 1, "{v}");
        // Several words, each a prefix of a word of the row (the date's parts included).
        let (_, v) = s.get(&search("q=mel%202026-01"), None).await;
        assert_eq!(v["result"]["total"], 1, "{v}");
        assert_eq!(v["result"]["records"][0]["posyandu"], "Melati", "{v}");
        let (_, v) = s.get(&search("q=mel%202026-02"), None).await;
        assert_eq!(v["result"]["total"], 0, "{v}");
        let (_, v) = s.get(&search("limit=1&offset=2&sort=_id"), None).await;
        assert_eq!(v["result"]["records"][0]["posyandu"], "Anggrek", "{v}");
        for (q, field) in [("filters=%7B%22jumlah%22:%22banyak%22%7D", "filters"), ("sort=warna", "sort"), ("limit=40000", "limit"), ("fields=warna", "fields")] {
            let (st, v) = s.get(&search(q), None).await;
            assert_eq!(st, 409, "{q}: {v}");
            assert_eq!(v["error"]["__type"], "Validation Error", "{v}");
            assert!(v["error"][field].is_array(), "{q}: {v}");
        }

        // Downloads in every format whatever the upload's; a spreadsheet shows the formula as
        // text (behind an apostrophe) and never runs it.
        let get = |f: &str| s.http.get(s.url(&format!("/data-terbuka/kunjungan-posyandu/unduh/{resource}?format={f}"))).send();
        let converted = get("csv").await.unwrap().text().await.unwrap();
        assert!(converted.starts_with("kode,posyandu,jumlah,rasio,tanggal,catatan\n001,Melati,12,0.5,2026-01-05,"), "{converted}");
        assert!(converted.contains("\"'=HYPERLINK(\"\"http://contoh.invalid\"\",\"\"klik\"\")\""), "{converted}");
        assert!(converted.contains(",'-baru"), "{converted}");
        let json_rows: Value = get("json").await.unwrap().json().await.unwrap();
        assert_eq!(json_rows.as_array().unwrap().len(), 3);
        assert_eq!(json_rows[0]["catatan"], "=HYPERLINK(\"http://contoh.invalid\",\"klik\")");
        let xlsx = get("xlsx").await.unwrap().bytes().await.unwrap();
        assert!(xlsx.starts_with(b"PK"), "an XLSX workbook");
        let (st, _) = s.get(&format!("/data-terbuka/kunjungan-posyandu/unduh/{resource}?format=pdf"), None).await;
        assert_eq!(st, 422);

        // A bad new version is refused and the loaded rows stay; a good one replaces them.
        let (st, v) = upload(&s, &operator, &format!("{at}/files/{resource}"), "posyandu.csv", b"kode;posyandu;jumlah\n1;2\n".to_vec(), &[]).await;
        assert_refused(st, &v, 422, "file");
        let (_, v) = s.get(&search("limit=0"), None).await;
        assert_eq!(v["result"]["total"], 3, "{v}");
        let (st, v) = upload(&s, &operator, &format!("{at}/files/{resource}"), "posyandu.csv", b"posyandu,jumlah\nMelati,14\n".to_vec(), &[("note", "Februari")]).await;
        assert_eq!(st, 201, "{v}");
        let (_, v) = s.get(&search(""), None).await;
        assert_eq!(v["result"]["records"], json!([{ "_id": 1, "posyandu": "Melati", "jumlah": 14 }]), "{v}");
        let tables = datastore_tables(&s).await;
        let stores = |all: &[String]| {
            all.iter()
                .filter(|t| t["datastore_".len()..].chars().all(|c| c.is_ascii_digit()))
                .count()
        };
        assert_eq!(stores(&tables), stores(&before) + 1, "one table per loaded resource: {tables:?}");
        assert!(!tables.iter().any(|t| t.starts_with("datastore_staging_")), "{tables:?}");
        // Words of `q` begin words of the rows: "mel" finds Melati, "ati" does not.
        let (_, v) = s.get(&search("q=mel"), None).await;
        assert_eq!(v["result"]["total"], 1, "{v}");
        let (_, v) = s.get(&search("q=ati"), None).await;
        assert_eq!(v["result"]["total"], 0, "{v}");

        // The portal's table: sortable, paged, with the chart drawn on the server.
        let page = s.http.get(s.url(&format!("/data-terbuka/kunjungan-posyandu/tabel/{resource}?sort=jumlah&order=desc"))).send().await.unwrap().text().await.unwrap();
        assert!(page.contains("<svg"), "a chart");
        assert!(page.contains("aria-sort=\"descending\""), "sorted");
        assert!(page.contains("Bilangan bulat"), "the types in words");
    })
    .await;
}

/// Where scripts/test.sh installs the Python clients; `PADU_PYTHON_CLIENTS` overrides.
fn clients_bin() -> Option<std::path::PathBuf> {
    let dir = std::env::var("PADU_PYTHON_CLIENTS")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| {
            concat!(env!("CARGO_MANIFEST_DIR"), "/../../target/clients-venv/bin").into()
        });
    if dir.join("ckanapi").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("PADU_REQUIRE_CLIENTS").as_deref() != Ok("1"),
        "PADU_REQUIRE_CLIENTS=1 but ckanapi is not installed (scripts/test.sh installs it)"
    );
    eprintln!("note: ckanapi not installed; skipping the CKAN client test");
    None
}

/// Runs a client while the test's server goes on answering on the same runtime.
async fn run(bin: &std::path::Path, program: &str, args: &[&str]) -> String {
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = tokio::process::Command::new(bin.join(program))
        .args(args)
        .env("PATH", path)
        .current_dir(std::env::temp_dir())
        .output()
        .await
        .expect("the client runs");
    assert!(
        out.status.success(),
        "{program} {args:?}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The CKAN harvester's questions, asked with `ckanapi`'s library.
const HARVESTER: &str = r#"
import json, sys
from ckanapi import RemoteCKAN, NotFound, SearchQueryError, ValidationError
ckan = RemoteCKAN(sys.argv[1])
out = {}
out["status"] = ckan.action.status_show()["ckan_version"]
page = ckan.action.package_search(q="*:*", rows=2, start=0, sort="metadata_modified desc",
                                  **{"facet.field": ["organization", "res_format"]})
out["count"] = page["count"]
out["page"] = [p["name"] for p in page["results"]]
out["formats"] = page["facets"]["res_format"]
modified = sorted(p["metadata_modified"] for p in ckan.action.package_search(rows=100)["results"])
out["since"] = [p["name"] for p in ckan.action.package_search(fq="metadata_modified:[" + modified[-1] + "Z TO *]", rows=100)["results"]]
out["since_first"] = ckan.action.package_search(fq="metadata_modified:[" + modified[0] + " TO *]")["count"]
pkg = ckan.action.package_show(id="tenaga-kesehatan-puskesmas")
out["org"] = pkg["organization"]["name"]
out["resource"] = ckan.action.resource_show(id=pkg["resources"][0]["id"])["url"]
out["orgs"] = len(ckan.action.organization_list())
out["licences"] = [l["id"] for l in ckan.action.license_list()]
try:
    ckan.action.package_show(id="tidak-ada")
except NotFound:
    out["not_found"] = True
try:
    ckan.action.package_search(rows="banyak")
except ValidationError as e:
    out["invalid"] = sorted(e.error_dict.keys())
try:
    ckan.action.package_search(fq="colour:red")
except SearchQueryError:
    out["query_error"] = True
parkir = ckan.action.package_show(id="titik-parkir-tepi-jalan")["resources"][0]
out["datastore_active"] = parkir["datastore_active"]
rows = ckan.action.datastore_search(resource_id=parkir["id"], filters={"kecamatan": "IV Jurai"},
                                    sort="kapasitas_roda_dua desc", limit=2, fields=["lokasi", "kapasitas_roda_dua"])
out["ds_total"] = rows["total"]
out["ds_first"] = rows["records"][0]
out["ds_fields"] = [f["id"] for f in rows["fields"]]
out["ds_q"] = ckan.action.datastore_search(resource_id=parkir["id"], q="painan")["total"]
try:
    ckan.action.datastore_search(resource_id=parkir["id"], filters={"kapasitas_roda_dua": "banyak"})
except ValidationError as e:
    out["ds_invalid"] = sorted(e.error_dict.keys())
print(json.dumps(out))
"#;

/// DCAT-AP 3's mandatory classes and properties, checked with rdflib in each serialisation of
/// the catalogue and of one data set.
const DCAT_CHECK: &str = r#"
import json, sys, urllib.request
from rdflib import Graph, Namespace, RDF, URIRef
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
base = sys.argv[1]
out = {}
for suffix, fmt, accept in [(".ttl", "turtle", None), (".rdf", "xml", None), (".jsonld", "json-ld", None), ("", "turtle", "text/turtle"), ("", "json-ld", "application/ld+json")]:
    req = urllib.request.Request(base + "/data-terbuka/katalog" + suffix, headers={"Accept": accept} if accept else {})
    g = Graph().parse(data=urllib.request.urlopen(req).read(), format=fmt)
    cat = next(g.subjects(RDF.type, DCAT.Catalog))
    missing = [str(p) for p in (DCT.title, DCT.description, DCT.publisher) if g.value(cat, p) is None]
    datasets = list(g.objects(cat, DCAT.dataset))
    for d in datasets:
        missing += [str(d) + " " + str(p) for p in (DCT.title, DCT.description) if g.value(d, p) is None]
        for dist in g.objects(d, DCAT.distribution):
            if g.value(dist, DCAT.accessURL) is None:
                missing.append(str(dist) + " accessURL")
    for agent in set(g.objects(None, DCT.publisher)):
        if g.value(agent, FOAF.name) is None:
            missing.append(str(agent) + " foaf:name")
    out[suffix or accept] = {"datasets": len(datasets), "missing": missing, "triples": len(g)}
one = Graph().parse(base + "/data-terbuka/tenaga-kesehatan-puskesmas.ttl", format="turtle")
d = URIRef(base + "/data-terbuka/tenaga-kesehatan-puskesmas")
out["one"] = {"title": str(one.value(d, DCT.title)), "keywords": sorted(str(k) for k in one.objects(d, DCAT.keyword)),
              "download": [str(u) for dist in one.objects(d, DCAT.distribution) for u in one.objects(dist, DCAT.downloadURL)]}
print(json.dumps(out))
"#;

#[tokio::test]
async fn existing_ckan_clients_read_the_demo_region() {
    let Some(bin) = clients_bin() else { return };
    demo_on_both_engines(async |s| {
        let url = s.url("");
        let url = url.trim_end_matches('/');
        // The issue's own two commands.
        let search: Value = serde_json::from_str(
            &run(
                &bin,
                "ckanapi",
                &["action", "package_search", "-r", url, "q=parkir"],
            )
            .await,
        )
        .unwrap();
        assert_eq!(search["count"], 1, "{search}");
        assert_eq!(search["results"][0]["name"], "titik-parkir-tepi-jalan");
        let dump =
            std::env::temp_dir().join(format!("padu-ckan-dump-{}.jsonl", std::process::id()));
        run(
            &bin,
            "ckanapi",
            &[
                "dump",
                "datasets",
                "--all",
                "-r",
                url,
                "-O",
                dump.to_str().unwrap(),
            ],
        )
        .await;
        let lines = std::fs::read_to_string(&dump).unwrap();
        let _ = std::fs::remove_file(&dump);
        let dumped: Vec<Value> = lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let mut names: Vec<&str> = dumped.iter().map(|p| p["name"].as_str().unwrap()).collect();
        names.sort();
        // The demo's five published data sets; the one waiting for the walidata is not there.
        assert_eq!(
            names,
            [
                "jumlah-penduduk-per-nagari",
                "jumlah-sekolah-guru-murid",
                "realisasi-apbd-per-triwulan",
                "tenaga-kesehatan-puskesmas",
                "titik-parkir-tepi-jalan"
            ]
        );
        assert!(dumped
            .iter()
            .all(|p| p["resources"].as_array().is_some_and(|r| !r.is_empty())));

        // The producer edits one data set after the demo's publication: a harvester that came
        // before sees it alone as changed.
        let operator = s.token_of("operator.kesehatan").await;
        let (_, mine) = s
            .get("/api/v1/data-terbuka/datasets", Some(&operator))
            .await;
        let d = mine
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == "tenaga-kesehatan-puskesmas")
            .unwrap()
            .clone();
        let mut input = json!({});
        for key in [
            "inventory_id",
            "name",
            "title",
            "description",
            "keywords",
            "theme",
            "licence",
            "temporal_start",
            "temporal_end",
            "spatial",
            "update_schedule",
            "reference_codes",
        ] {
            input[key] = d[key].clone();
        }
        input["keywords"] = json!([
            "kesehatan",
            "puskesmas",
            "tenaga kesehatan",
            "sdm kesehatan"
        ]);
        let (st, v) = s
            .put(
                &format!("/api/v1/data-terbuka/datasets/{}", d["id"]),
                Some(&operator),
                input,
            )
            .await;
        assert_eq!(st, 200, "{v}");
        let script = std::env::temp_dir().join(format!("padu-harvester-{}.py", std::process::id()));
        std::fs::write(&script, HARVESTER).unwrap();
        let out: Value =
            serde_json::from_str(&run(&bin, "python3", &[script.to_str().unwrap(), url]).await)
                .unwrap();
        let _ = std::fs::remove_file(&script);
        assert_eq!(out["count"], 5, "{out}");
        assert_eq!(out["page"].as_array().unwrap().len(), 2, "{out}");
        assert_eq!(out["formats"]["CSV"], 4, "{out}");
        assert_eq!(
            out["since"],
            json!(["tenaga-kesehatan-puskesmas"]),
            "the harvester's next run takes what changed since its last: {out}"
        );
        assert_eq!(out["since_first"], 5, "{out}");
        assert_eq!(out["org"], "dinas-kesehatan");
        assert!(
            out["resource"].as_str().unwrap().ends_with(".csv")
                || out["resource"].as_str().unwrap().contains("/unduh/"),
            "{out}"
        );
        assert!(out["orgs"].as_i64().unwrap() > 20, "{out}");
        assert!(out["licences"]
            .as_array()
            .unwrap()
            .contains(&json!("cc-by")));
        assert_eq!(out["not_found"], true, "{out}");
        assert_eq!(out["invalid"], json!(["__type", "rows"]), "{out}");
        assert_eq!(out["query_error"], true, "{out}");
        assert_eq!(out["datastore_active"], true, "{out}");
        assert_eq!(out["ds_total"], 3, "{out}");
        assert_eq!(
            out["ds_first"],
            json!({ "lokasi": "RSUD M. Zein", "kapasitas_roda_dua": 150 }),
            "{out}"
        );
        assert_eq!(
            out["ds_fields"],
            json!(["lokasi", "kapasitas_roda_dua"]),
            "{out}"
        );
        assert_eq!(out["ds_q"], 1, "{out}");
        assert_eq!(out["ds_invalid"], json!(["__type", "filters"]), "{out}");

        // DCAT-AP 3, read by rdflib in Turtle, RDF/XML and JSON-LD, by extension and by Accept.
        let script = std::env::temp_dir().join(format!("padu-dcat-{}.py", std::process::id()));
        std::fs::write(&script, DCAT_CHECK).unwrap();
        let out: Value =
            serde_json::from_str(&run(&bin, "python3", &[script.to_str().unwrap(), url]).await)
                .unwrap();
        let _ = std::fs::remove_file(&script);
        for form in [
            ".ttl",
            ".rdf",
            ".jsonld",
            "text/turtle",
            "application/ld+json",
        ] {
            assert_eq!(out[form]["datasets"], 5, "{form}: {out}");
            assert_eq!(out[form]["missing"], json!([]), "{form}: {out}");
        }
        assert_eq!(
            out[".ttl"]["triples"], out[".rdf"]["triples"],
            "the same graph: {out}"
        );
        assert_eq!(
            out[".ttl"]["triples"], out[".jsonld"]["triples"],
            "the same graph: {out}"
        );
        assert_eq!(
            out["one"]["title"], "Jumlah Tenaga Kesehatan per Puskesmas",
            "{out}"
        );
        assert_eq!(
            out["one"]["keywords"],
            json!([
                "kesehatan",
                "puskesmas",
                "sdm kesehatan",
                "tenaga kesehatan"
            ]),
            "{out}"
        );
        assert!(
            out["one"]["download"][0]
                .as_str()
                .unwrap()
                .contains("/unduh/"),
            "{out}"
        );
    })
    .await;
}
