//! Regulation profiles as data: an instance started with a fourth, invented region's own file
//! shows that region's domain, deadlines and clauses everywhere and no clause of another
//! region; "Aturan yang berlaku" lists every rule in force with its clause and words; a bad
//! file stops the start naming the line and the key, before anything is written.

mod common;
use common::*;
use serde_json::Value;

/// The example region shipped for adopters to copy.
const CONTOH: &str = include_str!("../../padu-domain/profiles/examples/contoh.toml");

/// Another region's clause anywhere in `text`.
fn foreign_clause(text: &str) -> Option<&'static str> {
    [
        "Kalbar Pasal",
        "Bogor Pasal",
        "Pessel Pasal",
        "Pessel Lampiran",
    ]
    .into_iter()
    .find(|c| text.contains(c))
}

#[tokio::test]
async fn a_fourth_region_runs_on_its_own_profile_file() {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), CONTOH).unwrap();
    let path = file.path().to_path_buf();
    let Some(s) = demo_server_with(padu_store::Engine::Sqlite, |args| {
        args.profile_file = Some(path.clone())
    })
    .await
    else {
        return;
    };
    let admin = s.token_of("admin").await;
    let (_, doc) = s.get("/api/v1/profile", None).await;
    assert_eq!(doc["id"], "contoh");
    assert_eq!(doc["profile"]["domain"]["value"], "contohkab.go.id");
    assert!(doc["profile"]["overridden"]
        .as_array()
        .unwrap()
        .contains(&Value::from("complaints.verify_working_days.value")));

    // Its deadline: 2 working days to verify a complaint (Monday's complaint by Wednesday).
    let (st, filed) = s
        .post(
            "/api/v1/complaints",
            None,
            serde_json::json!({"category": "pengaduan", "title": "Lampu jalan padam", "body": "Sudah seminggu padam.", "anonymous": true}),
        )
        .await;
    assert_eq!(st, 201, "{filed}");
    let (_, stored) = s
        .get(&format!("/api/v1/complaints/{}", filed["id"]), Some(&admin))
        .await;
    let at = |v: &Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let c = &stored["complaint"];
    let (filed_at, due) = (at(&c["created_at"]), at(&c["deadlines"]["verify_due"]));
    let cal = padu::app::calendar::calendar(&s.running.state.store)
        .await
        .unwrap();
    let deadline = |profile| {
        padu_domain::complaint::on_filing(
            &padu_domain::complaint::Schedule::new(cal.clone(), profile),
            filed_at,
        )
        .verify_due
    };
    let own = padu_domain::profile::load(CONTOH, padu_domain::profile::Origin::Region).unwrap();
    assert_eq!(Some(due), deadline(&own), "the region's 2 working days");
    assert_ne!(
        Some(due),
        deadline(padu_domain::profile::shipped("nasional").unwrap()),
        "not the base's 3"
    );

    // Its own clauses, and only its own, on every finding and page.
    let (_, findings) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
    let list = findings.as_array().unwrap();
    assert!(
        !list.is_empty(),
        "the demo's websites sit outside contohkab.go.id"
    );
    for f in list {
        let clause = f["clause"].as_str().unwrap();
        assert!(clause.starts_with("Contoh "), "{f}");
    }
    assert!(list
        .iter()
        .any(|f| f["rule"] == "website_outside_domain" && f["clause"] == "Contoh Pasal 9(2)"));
    let ui = s.signed_in_as("admin").await;
    // The pages that state rules (the demo's own records, written for Pesisir Selatan, may
    // quote its Perbup: that is data, not a rule in force).
    for page in [
        "/",
        "/dashboard",
        "/aturan",
        "/katalog",
        "/katalog/situs",
        "/permohonan",
        "/katalog/formulir/applications",
        "/pengaduan",
        "/lapor",
    ] {
        let html = get_text(&ui, s.url(page)).await;
        assert_eq!(foreign_clause(&html), None, "{page}");
    }
    let governance = get_text(&ui, s.url("/tata-kelola")).await;
    let transition = governance
        .split("id=\"transition\"")
        .nth(1)
        .and_then(|rest| rest.split("</p>").next())
        .unwrap();
    assert!(
        transition.contains("Contoh Pasal 40") && transition.contains("01-02-2026"),
        "{transition}"
    );
    let rules = get_text(&ui, s.url("/aturan")).await;
    for words in [
        "Contoh Pasal 9(1)",
        "contohkab.go.id",
        "Dinas memverifikasi pengaduan paling lama 2 (dua) hari kerja.",
        "diubah daerah",
        "PermenPANRB 62/2018",
        "01-02-2026",
    ] {
        assert!(rules.contains(words), "{words}: {rules}");
    }
    let home = get_text(&ui, s.url("/dashboard")).await;
    assert!(home.contains("contohkab.go.id"), "the Pemda's domain");
    for page in ["/layanan/supervisi", "/rencana"] {
        let html = get_text(&ui, s.url(page)).await;
        assert_eq!(foreign_clause(&html), None, "{page}");
    }

    // Its own workflow's deciders (Contoh Pasal 14(2)): the Tim Koordinasi recommends, the
    // Bupati approves; the Dinas, which decides in the shipped regions, takes no step.
    let kesehatan = s.pd_id("dinas-kesehatan").await;
    let op = s.token_of("operator.kesehatan").await;
    let koordinator = s.token_of("koordinator").await;
    let pimpinan = s.token_of("pimpinan").await;
    let body = serde_json::json!({
        "pd_id": kesehatan,
        "kind": "application_recommendation",
        "title": "Aplikasi rujukan pasien",
        "needs_analysis": "Rujukan antar-puskesmas masih dengan kertas",
        "benefit_analysis": "Rujukan tercatat dan terlacak",
        "estimated_cost": 150000000
    });
    let (st, r) = s.post("/api/v1/catalog/requests", Some(&op), body).await;
    assert_eq!(st, 201, "{r}");
    let steps = format!("/api/v1/catalog/requests/{}/steps", r["id"]);
    let approve = serde_json::json!({"step": "approve", "note": "Sesuai kebutuhan"});
    let (st, _) = s.post(&steps, Some(&admin), approve.clone()).await;
    assert_eq!(st, 403, "the Dinas does not decide here");
    let (st, r) = s.post(&steps, Some(&koordinator), approve).await;
    assert_eq!((st, r["status"].as_str()), (200, Some("diusulkan")), "{r}");
    let establish = serde_json::json!({"step": "establish", "note": "Disetujui Bupati"});
    let (st, _) = s.post(&steps, Some(&koordinator), establish.clone()).await;
    assert_eq!(st, 403, "the Tim Koordinasi does not establish");
    let (st, r) = s.post(&steps, Some(&pimpinan), establish).await;
    assert_eq!((st, r["status"].as_str()), (200, Some("ditetapkan")), "{r}");
    s.running.stop().await;
}

#[tokio::test]
async fn the_shipped_profile_s_rules_page_cites_its_regulation_with_its_words() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let page = get_text(&test_client(false), s.url("/aturan")).await;
    for words in [
        "Peraturan Bupati Pesisir Selatan Nomor 22 Tahun 2021",
        "Pessel Pasal 29(5) butir 1",
        "Pessel Pasal 17(1)",
        "setidaknya 2 (dua) kali dalam 1 (satu) tahun",
        "Pessel Pasal 69(1)",
        "04-06-2022",
    ] {
        assert!(page.contains(words), "{words}");
    }
    assert!(!page.contains("diubah daerah"), "nothing overridden");
    assert!(!page.contains("Bogor Pasal") && !page.contains("Kalbar Pasal"));
    s.running.stop().await;
}

#[test]
fn a_bad_profile_file_stops_the_start_naming_line_and_key_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("contoh.toml");
    std::fs::write(&file, CONTOH.replace("years = 2", "years = \"dua\"")).unwrap();
    let data = dir.path().join("data");
    let (ok, out) = padu_cli(
        &[
            "serve",
            "--profile-file",
            file.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
        ],
        &["--data-dir".into(), data.display().to_string()],
    );
    assert!(!ok);
    let years = CONTOH.lines().position(|l| l.starts_with("years")).unwrap() + 1;
    assert!(out.contains(&format!("line {years}: years")), "{out}");
    assert!(
        !data.exists() || std::fs::read_dir(&data).unwrap().next().is_none(),
        "nothing written"
    );
}

/// The Dinas sets the region's own rules on the rules page: a bad file is refused naming its
/// line and key and changes nothing; a good one is in force at once, marked as the region's,
/// and audited. Nobody else may.
#[tokio::test]
async fn the_dinas_sets_the_region_s_rules_on_the_page() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let admin = s.token_of("admin").await;
    let ui = s.signed_in_as("admin").await;
    let page = get_text(&ui, s.url("/aturan/ubah")).await;
    assert!(
        page.contains("base = &quot;pessel&quot;"),
        "a start to edit: {page}"
    );
    let good = "id = \"pessel-daerah\"\nbase = \"pessel\"\n\n[coordination_meetings_per_year]\nvalue = 4\nclause = \"Pessel Pasal 17(1)\"\ntext = \"Rapat berkala setiap triwulan.\"\n";
    let bad = good.replace("value = 4", "value = \"empat\"");
    let r = post_form(&ui, s.url("/aturan/ubah"), &page, &[("text", bad.as_str())]).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("line 5: value"), "{html}");
    let (_, doc) = s.get("/api/v1/profile", None).await;
    assert_eq!(doc["id"], "pessel", "nothing changed");

    let operator = s.signed_in_as("operator.kominfo").await;
    let r = operator.get(s.url("/aturan/ubah")).send().await.unwrap();
    assert_eq!(r.status(), 403);

    let r = post_form(&ui, s.url("/aturan/ubah"), &page, &[("text", good)]).await;
    assert!(
        r.url().query().unwrap_or("").contains("pesan=saved"),
        "{}",
        r.url()
    );
    let (_, doc) = s.get("/api/v1/profile", None).await;
    assert_eq!(doc["id"], "pessel-daerah");
    assert_eq!(doc["profile"]["coordination_meetings_per_year"]["value"], 4);
    assert_eq!(
        doc["profile"]["domain"]["value"], "pesisirselatankab.go.id",
        "the base's"
    );
    let rules = get_text(&ui, s.url("/aturan")).await;
    assert!(rules.contains("Rapat berkala setiap triwulan.") && rules.contains("diubah daerah"));
    let (_, audit) = s
        .get("/api/v1/audit?action=profile_set", Some(&admin))
        .await;
    assert_eq!(audit["total"], 1, "{audit}");
    s.running.stop().await;
}
