//! Each role walks the pages its navigation offers, and a record of each kind, in a real
//! browser at 1400 px and at 375 px: no page scrolls sideways, axe-core finds no WCAG 2 A/AA
//! violation, and no page in Bahasa Indonesia shows a raw code of a vocabulary or a sentence
//! of the English catalogue. `screenshots_of_the_main_pages` (ignored; `scripts/screens.sh`
//! runs it) draws the main pages into `docs/screens/`.

mod common;
#[path = "support/browser.rs"]
mod harness;
use common::*;
use harness::Browser;
use padu::web::kit::i18n::{value_label, Lang, CATALOGUE};
use padu_domain::register::Kind;
use serde_json::json;
use std::collections::{BTreeSet, HashSet};

const WIDTHS: [u32; 2] = [1400, 375];

/// What a page in Bahasa Indonesia must not show.
struct Forbidden {
    /// Vocabulary codes that have words of their own (`lokasi_publik`, `production`).
    codes: HashSet<String>,
    /// The English of the catalogue's sentences (four words or more).
    english: Vec<&'static str>,
}

fn forbidden() -> Forbidden {
    use padu_domain::{complaint, follow_up, requests, ticket};
    let mut values: Vec<String> = padu_store::registers::all()
        .flat_map(|(_, def)| def.fields.iter())
        .filter_map(|f| match f.kind {
            Kind::Choice(vocabulary) => Some(vocabulary),
            _ => None,
        })
        .flatten()
        .map(|v| v.to_string())
        .collect();
    values.extend(
        complaint::Status::ALL
            .iter()
            .map(|s| s.as_str().to_string()),
    );
    values.extend(
        ticket::TicketStatus::ALL
            .iter()
            .map(|s| s.as_str().to_string()),
    );
    values.extend(
        ticket::TicketType::ALL
            .iter()
            .map(|s| s.as_str().to_string()),
    );
    values.extend(
        requests::RequestKind::ALL
            .iter()
            .map(|s| s.as_str().to_string()),
    );
    values.extend(
        follow_up::FollowUpState::ALL
            .iter()
            .map(|s| s.as_str().to_string()),
    );
    values.extend(
        [
            padu_domain::Role::AdminDinas,
            padu_domain::Role::OperatorPd,
            padu_domain::Role::Koordinator,
        ]
        .iter()
        .map(|r| r.as_str().to_string()),
    );
    let codes = values
        .into_iter()
        .filter(|v| {
            v.contains('_')
                || (v.chars().all(|c| c.is_ascii_lowercase())
                    && !value_label(Lang::Id, v).eq_ignore_ascii_case(v))
        })
        .collect();
    let english = CATALOGUE
        .iter()
        .filter(|(_, id, en)| id != en && en.split_whitespace().count() >= 4)
        .map(|(_, _, en)| *en)
        .collect();
    Forbidden { codes, english }
}

/// The raw codes and English sentences in a page's text.
fn offences(text: &str, f: &Forbidden) -> Vec<String> {
    let mut found: BTreeSet<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| f.codes.contains(*word))
        .map(|word| format!("code {word}"))
        .collect();
    found.extend(
        f.english
            .iter()
            .filter(|en| text.contains(**en))
            .map(|en| format!("English \"{en}\"")),
    );
    found.into_iter().collect()
}

/// Records of each kind for the walk's detail pages: a complaint forwarded to Dinas
/// Kesehatan, a ticket of its operator, and the pages of a PD, a finding and the sites.
async fn detail_pages(s: &TestServer) -> Vec<String> {
    let admin = s.token_of("admin").await;
    let kesehatan = s.token_of("operator.kesehatan").await;
    let pd = s.pd_id("dinas-kesehatan").await;
    let (_, c) = s
        .post(
            "/api/v1/complaints",
            None,
            json!({
                "category": "pengaduan",
                "title": "Lampu jalan padam",
                "body": "Lampu jalan di depan puskesmas padam sejak seminggu.",
                "location_text": "Jalan Sutan Syahrir",
                "reporter_name": "Budi",
            }),
        )
        .await;
    let complaint = c["id"].as_i64().expect("a complaint");
    s.post_ok(
        &admin,
        &format!("/api/v1/complaints/{complaint}/steps"),
        json!({ "step": "forward", "pd_id": pd, "body": "Mohon ditindaklanjuti" }),
    )
    .await;
    let (st, t) = s
        .post(
            "/api/v1/tickets",
            Some(&kesehatan),
            json!({ "kind": "gangguan", "priority": "tinggi", "title": "SIMPUS lambat", "body": "Sejak pagi." }),
        )
        .await;
    assert_eq!(st, 201, "{t}");
    let (_, findings) = s
        .get(
            &format!("/api/v1/catalog/findings?pd_id={pd}"),
            Some(&admin),
        )
        .await;
    let finding = &findings[0];
    let (_, audits) = s.get("/api/v1/audit/audits", Some(&admin)).await;
    let audit = audits[0]["audit"]["id"].as_i64().expect("the demo's audit");
    let (_, open_data) = s.get("/api/v1/data-terbuka/datasets", Some(&admin)).await;
    let waiting = open_data
        .as_array()
        .and_then(|all| all.iter().find(|d| d["status"] == "diajukan"))
        .and_then(|d| d["id"].as_i64())
        .expect("the demo's data set waiting for the walidata");
    let (_, inventory) = s
        .get("/api/v1/catalog/datasets?q=Daftar%20aplikasi", Some(&admin))
        .await;
    let publishable = inventory["items"][0]["id"]
        .as_i64()
        .expect("an entry to publish");
    let (_, parking) = s
        .get(
            "/api/3/action/package_show?id=titik-parkir-tepi-jalan",
            None,
        )
        .await;
    let table = parking["result"]["resources"][0]["url"]
        .as_str()
        .and_then(|u| u.rsplit_once("/unduh/"))
        .map(|(_, id)| id.to_string())
        .expect("the demo's parking file");
    vec![
        format!("/pengaduan/{complaint}"),
        format!("/layanan/{}", t["id"]),
        format!("/pd/{pd}"),
        format!(
            "/katalog/temuan?rule={}&subject={}",
            finding["rule"].as_str().unwrap(),
            finding["subject"].as_str().unwrap()
        ),
        "/lacak".into(),
        "/akun/sandi".into(),
        "/katalog/formulir/applications".into(),
        // The demo's last evaluation, an indicator of it with its claim and review, and the
        // shipped instrument.
        format!("/evaluasi/{}", last_year(s)),
        format!("/evaluasi/{}/indikator/21", last_year(s)),
        "/evaluasi/instrumen/permenpanrb-59-2020".into(),
        // The demo's security audit in its follow-up, and its report.
        format!("/audit-tik/{audit}"),
        format!("/audit-tik/{audit}/laporan"),
        format!("/evaluasi/{}/laporan", last_year(s)),
        // Open data: the portal's page of a data set and its table, one waiting for the
        // walidata, and an inventory entry being drafted.
        "/data-terbuka/titik-parkir-tepi-jalan".into(),
        format!("/data-terbuka/titik-parkir-tepi-jalan/tabel/{table}?sort=kapasitas_roda_dua&order=desc"),
        format!("/data-terbuka/kelola/{waiting}"),
        format!("/data-terbuka/kelola/baru?inventaris={publishable}"),
    ]
}

/// The year before the server's today, the demo's last evaluation.
fn last_year(s: &TestServer) -> i32 {
    use chrono::Datelike;
    padu_domain::sla::wib_date(s.running.state.clock.now()).year() - 1
}

/// The addresses the page's header offers (every menu, open or not), but switching language.
async fn navigation(b: &Browser) -> Vec<String> {
    let links = b
        .eval("return [...document.querySelectorAll('header a[href^=\"/\"]')].map(a => a.getAttribute('href'))")
        .await;
    links
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .filter(|href| !href.starts_with("/lang/"))
        .map(str::to_string)
        .collect()
}

/// A page's address without its numbers: pages of one kind are checked by axe once.
fn shape(path: &str) -> String {
    path.split('?')
        .next()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_ascii_digit())
        .collect()
}

#[tokio::test]
async fn every_role_walks_its_pages_on_a_desktop_and_a_phone() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let Some(b) = Browser::open().await else {
        return;
    };
    let details = detail_pages(&s).await;
    let rules = forbidden();
    // The scan finds what it looks for.
    assert!(rules.codes.contains("lokasi_publik") && rules.codes.contains("production"));
    assert!(rules.codes.len() > 30 && rules.english.len() > 100);
    assert_eq!(
        offences(
            &format!("Jenis: lokasi_publik. {}", rules.english[0]),
            &rules
        )
        .len(),
        2
    );
    assert!(offences("Lokasi publik, produksi", &rules).is_empty());
    let mut audited_shapes = HashSet::new();
    let mut problems = Vec::new();
    let mut walked = 0;
    for user in [
        None,
        Some("admin"),
        Some("operator.kesehatan"),
        Some("koordinator"),
        Some("auditor"),
        Some("pimpinan"),
    ] {
        let who = user.unwrap_or("public");
        b.forget().await;
        b.resize(1400, 900).await;
        match user {
            Some(u) => b.sign_in(&s, u).await,
            None => b.goto(s.url("/")).await,
        }
        let mut pages = navigation(&b).await;
        pages.push("/".into());
        if user.is_some() {
            pages.extend(details.iter().cloned());
        } else {
            pages.push("/lacak".into());
        }
        pages.sort();
        pages.dedup();
        for page in pages {
            b.resize(1400, 900).await;
            b.goto(s.url(&page)).await;
            // A record this role may not open answers with the error page: its words are
            // checked like any page's, its layout too.
            walked += 1;
            for offence in offences(&b.page_text().await, &rules) {
                problems.push(format!("{who} {page}: {offence}"));
            }
            if audited_shapes.insert(shape(&page)) {
                for v in b.accessibility_violations().await.unwrap_or_default() {
                    problems.push(format!("{who} {page}: {v}"));
                }
            }
            for width in WIDTHS {
                b.resize(width, 900).await;
                let widths = b
                    .eval("return [document.documentElement.scrollWidth, window.innerWidth]")
                    .await;
                if widths[0].as_i64() > widths[1].as_i64() {
                    problems.push(format!(
                        "{who} {page}: scrolls sideways at {width} px: {widths}"
                    ));
                }
            }
        }
    }
    // The one script narrows a long list as one types (the last role is still signed in).
    b.resize(1400, 900).await;
    b.goto(s.url("/katalog/formulir/applications")).await;
    let shown = "return [...document.querySelectorAll('fieldset.picklist .choices > label')].filter(l => !l.hidden).length";
    let before = b.eval(shown).await.as_i64().unwrap_or(0);
    let checklist =
        padu_domain::catalog::required_documents(padu_domain::profile::shipped("pessel").unwrap());
    let word = checklist[0]
        .id
        .split_whitespace()
        .max_by_key(|w| w.len())
        .unwrap();
    b.fill("fieldset.picklist input.filter", word).await;
    let after = b.eval(shown).await.as_i64().unwrap_or(0);
    assert!(
        before > 3 && (1..before).contains(&after),
        "the filter narrows {before} documents to {after}"
    );
    b.close().await;
    eprintln!(
        "the roles walked {walked} pages, {} page shapes checked by axe",
        audited_shapes.len()
    );
    assert!(walked > 60, "the roles walked {walked} pages");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    s.running.stop().await;
}

/// The main pages at 1400 px and 375 px as PNGs in `PADU_SCREENS_DIR` (scripts/screens.sh).
#[tokio::test]
#[ignore = "draws docs/screens/; run by scripts/screens.sh"]
async fn screenshots_of_the_main_pages() {
    let dir = std::path::PathBuf::from(
        std::env::var("PADU_SCREENS_DIR").expect("PADU_SCREENS_DIR names where to draw"),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let s = demo_server(padu_store::Engine::Sqlite)
        .await
        .expect("a demo server");
    let b = Browser::open().await.expect("chromedriver");
    let details = detail_pages(&s).await;
    let public = [
        ("beranda", "/"),
        ("lapor", "/lapor"),
        ("statistik", "/statistik"),
        ("aturan", "/aturan"),
        ("data-terbuka", "/data-terbuka"),
        (
            "data-terbuka-detail",
            "/data-terbuka/titik-parkir-tepi-jalan",
        ),
    ];
    let staff = [
        ("dasbor", "/dashboard".to_string()),
        ("katalog", "/katalog".into()),
        ("temuan", details[3].clone()),
        ("situs", "/sites".into()),
        ("layanan", "/layanan?open=true".into()),
        ("tiket", details[1].clone()),
        ("pengaduan", "/pengaduan".into()),
        ("pengaduan-detail", details[0].clone()),
        ("penghubung", "/penghubung".into()),
        ("audit", "/audit".into()),
        ("formulir-aplikasi", details[6].clone()),
        ("risiko", "/manajemen/risiko".into()),
        ("konteks-risiko", "/manajemen/konteks".into()),
        ("smki", "/manajemen/smki".into()),
        ("kontrol-keamanan", "/manajemen/kontrol".into()),
        ("insiden", "/manajemen/insiden".into()),
        ("sertifikat", "/manajemen/sertifikat".into()),
        ("evaluasi", details[7].clone()),
        ("evaluasi-indikator", details[8].clone()),
        ("audit-tik", details[10].clone()),
        ("audit-tik-jadwal", "/audit-tik/jadwal".into()),
        ("laporan-evaluasi", details[12].clone()),
        ("data-terbuka-tabel", details[14].clone()),
        ("data-terbuka-kelola", details[15].clone()),
    ];
    let mut drawn = 0;
    for (name, page) in public {
        for width in WIDTHS {
            b.resize(width, 900).await;
            b.goto(s.url(page)).await;
            let png = b.screenshot(width).await;
            std::fs::write(dir.join(format!("{name}-{width}.png")), png).unwrap();
            drawn += 1;
        }
    }
    b.resize(1400, 900).await;
    b.sign_in(&s, "admin").await;
    for (name, page) in &staff {
        for width in WIDTHS {
            b.resize(width, 900).await;
            b.goto(s.url(page)).await;
            let png = b.screenshot(width).await;
            std::fs::write(dir.join(format!("{name}-{width}.png")), png).unwrap();
            drawn += 1;
        }
    }
    b.close().await;
    eprintln!("drew {drawn} screens into {}", dir.display());
    s.running.stop().await;
}
