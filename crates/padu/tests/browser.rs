//! The main tasks in a real browser (Debian's chromium, driven by chromedriver over
//! WebDriver): signing in to the dashboard on both engines, a complaint from citizen to PD and
//! back, a ticket escalated to Tier 2, the service bus pages, an inventory imported and mapped.
//! Every role's pages at both widths are `ui_walk.rs`'s. Skipped with a note where chromedriver
//! is missing, unless PADU_REQUIRE_BROWSER=1 (as in CI).

mod common;
#[path = "support/browser.rs"]
mod harness;
use common::*;
use harness::Browser;
use serde_json::json;

#[tokio::test]
async fn signs_in_and_reaches_the_dashboard() {
    demo_on_both_engines(async |s| {
        let Some(b) = Browser::open().await else {
            return;
        };
        b.sign_in(&s, "admin").await;
        let expected = s.running.state.store.count_pds().await.unwrap();
        assert_eq!(
            b.text("#count-pds").await,
            expected.to_string(),
            "the dashboard shows the real PD count"
        );
        let title = b.driver.get(&b.path("/title")).await;
        assert!(
            title.as_str().unwrap().starts_with("Dasbor"),
            "Bahasa Indonesia by default: {title}"
        );
        b.close().await;
    })
    .await;
}

/// The form posts back to the same address, so the URL cannot tell when it is done: the
/// stored status can.
async fn wait_for_status(s: &TestServer, id: i64, status: &str) {
    let mut now = String::new();
    for _ in 0..50 {
        now = s
            .running
            .state
            .store
            .get_complaint(id)
            .await
            .unwrap()
            .status
            .as_str()
            .to_string();
        if now == status {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("complaint {id} is {now}, not {status}");
}

/// A citizen files a complaint, the Dinas verifies and forwards it, the PD answers, and the
/// citizen sees the status on the public page (the SP4N-LAPOR! flow, in a real browser).
#[tokio::test]
async fn a_complaint_goes_from_citizen_to_dinas_to_pd_and_back() {
    demo_on_both_engines(async |s| {
        let Some(b) = Browser::open().await else {
            return;
        };
        b.goto(s.url("/lapor")).await;
        b.fill("input[name=title]", "Lampu jalan padam di Jl. Ilyas Yakub")
            .await;
        b.fill(
            "textarea[name=body]",
            "Sudah dua minggu lampu jalan padam, rawan kecelakaan.",
        )
        .await;
        b.fill("input[name=reporter_name]", "Budi Santoso").await;
        b.click("#complaint-submit").await;
        // The answer comes back on the same address: wait for the code to appear.
        let mut code = None;
        let mut shown = String::new();
        for _ in 0..50 {
            shown = b.text("main").await;
            code = shown
                .split_whitespace()
                .find(|w| w.len() == 14 && w.matches('-').count() == 2)
                .map(str::to_string);
            if code.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let code = code.unwrap_or_else(|| panic!("no tracking code on the page: {shown}"));
        assert_eq!(code.len(), 14, "a tracking code is shown: {code}");
        let c = s
            .running
            .state
            .store
            .complaint_by_code(&code)
            .await
            .unwrap();

        b.sign_in(&s, "admin").await;
        b.goto(s.url(&format!("/pengaduan/{}", c.id))).await;
        let pd = s.pd_id("dinas-kesehatan").await;
        b.click(&format!(
            "#complaint-steps select[name=pd_id] option[value='{pd}']"
        ))
        .await;
        b.fill(
            "#complaint-steps textarea",
            "Mohon dicek oleh Dinas Kesehatan",
        )
        .await;
        b.click("#step-forward").await;
        wait_for_status(&s, c.id, "diteruskan").await;
        b.forget().await;

        b.sign_in(&s, "operator.kesehatan").await;
        b.goto(s.url(&format!("/pengaduan/{}", c.id))).await;
        b.fill(
            "#complaint-steps textarea",
            "Petugas sudah mengganti lampu.",
        )
        .await;
        b.click("#step-follow_up").await;
        wait_for_status(&s, c.id, "ditindaklanjuti").await;
        b.forget().await;

        b.goto(s.url("/lacak")).await;
        b.fill("input[name=kode]", &code.to_lowercase()).await;
        b.click("form button[type=submit]").await;
        b.wait_for_url(&code).await;
        assert_eq!(b.text("#complaint-status").await, "Ditindaklanjuti");
        let page = b.text("main").await;
        assert!(page.contains("Petugas sudah mengganti lampu."), "{page}");
        assert!(
            !page.contains("Budi Santoso"),
            "no identity on the public page"
        );
        // The timeline names the parties by role, never the officers.
        assert!(
            page.contains("Perangkat Daerah penanggung jawab")
                && !page.contains("operator.kesehatan")
                && !page.contains("admin ·"),
            "{page}"
        );
        b.close().await;
    })
    .await;
}

/// A PD's Tier 1 operator opens a ticket, escalates it with a reason to the Dinas Tier 2
/// queue, and the Dinas finds it there and answers (Bogor Pasal 40(9–10), in a real browser).
#[tokio::test]
async fn a_tier_one_ticket_is_escalated_to_tier_two() {
    demo_on_both_engines(async |s| {
        let Some(b) = Browser::open().await else {
            return;
        };
        let store = &s.running.state.store;
        b.sign_in(&s, "operator.kesehatan").await;
        b.goto(s.url("/layanan/baru")).await;
        b.click("#ticket-form select[name=kind] option[value=gangguan]")
            .await;
        b.fill(
            "#ticket-form input[name=title]",
            "SIMPUS tidak bisa diakses dari Puskesmas Salido",
        )
        .await;
        b.fill(
            "#ticket-form textarea[name=body]",
            "Sejak pagi aplikasi SIMPUS menolak koneksi.",
        )
        .await;
        b.click("#ticket-submit").await;
        let url = b.wait_for_url("/layanan/1?pesan=saved").await;
        assert!(
            url.ends_with("/layanan/1?pesan=saved"),
            "the new ticket opens, saying so: {url}"
        );
        assert_eq!(b.text("p.notice").await, "Perubahan tersimpan.");
        let t = store.get_ticket(1).await.unwrap();
        assert_eq!(
            t.pd_id,
            s.pd_id("dinas-kesehatan").await,
            "the operator's own PD"
        );
        assert_eq!(b.text("#ticket-tier").await, "1");

        b.fill(
            "#reply-box textarea",
            "Butuh akses ke server pusat data Dinas",
        )
        .await;
        b.click("#reply-box input[name=confirm]").await;
        b.click("#action-escalate").await;
        let mut tier = 1;
        for _ in 0..50 {
            tier = store.get_ticket(1).await.unwrap().tier.number();
            if tier == 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(tier, 2, "escalated to Tier 2");
        let page = b.text("main").await;
        assert!(
            page.contains("Butuh akses ke server pusat data Dinas"),
            "the reason is shown"
        );
        assert!(
            !page.contains("Eskalasi ke Tier 2"),
            "Tier 1 no longer works the ticket"
        );
        b.forget().await;

        b.sign_in(&s, "admin").await;
        b.goto(s.url("/layanan?open=true&tier=2")).await;
        let queue = b.text("#ticket-list").await;
        assert!(
            queue.contains("SIMPUS tidak bisa diakses"),
            "in the Tier 2 queue: {queue}"
        );
        b.goto(s.url("/layanan/1")).await;
        b.fill(
            "#reply-box textarea",
            "Akses sudah dibuka; silakan coba lagi.",
        )
        .await;
        b.click("#action-reply").await;
        let mut status = String::new();
        for _ in 0..50 {
            status = store
                .get_ticket(1)
                .await
                .unwrap()
                .status
                .as_str()
                .to_string();
            if status == "ditangani" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, "ditangani");
        // The page reloads after the reply: wait for the timers to show the response.
        let mut page = String::new();
        for _ in 0..50 {
            page = b.text("#sla-timers").await;
            if page.contains("Terpenuhi") {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            page.contains("Terpenuhi"),
            "the first response was met: {page}"
        );
        b.close().await;
    })
    .await;
}

/// The Dinas grants a client access on the service bus page, issues a client certificate on the
/// subsystem's page (the key shown once), revokes it with a reason, and sees the traffic the
/// gateway served drawn as SVG on the monitoring page.
#[tokio::test]
async fn the_service_bus_pages_grant_issue_revoke_and_monitor() {
    gateway_on_both_engines(async |s| {
        let Some(b) = Browser::open().await else {
            return;
        };
        let admin = s.token_of("admin").await;
        // A provider that answers every request with a small JSON document.
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let up = format!("http://{}", l.local_addr().unwrap());
        let app = axum::Router::new().fallback(|| async { axum::Json(json!({"ok": true})) });
        tokio::spawn(async move { axum::serve(l, app).await });
        let simpus = s
            .bus_subsystem(&admin, "ID-PESSEL", "dinkes", "simpus")
            .await;
        let svc = s
            .post_ok(
                &admin,
                &format!("/api/v1/gsb/subsystems/{simpus}/services"),
                json!({"code": "pasien", "title": "Pasien", "base_url": up}),
            )
            .await;
        let sipd = s
            .bus_subsystem(&admin, "ID-PESSEL", "bappeda", "sipd")
            .await;
        let secret = s.bus_token(&admin, sipd).await;

        b.sign_in(&s, "admin").await;
        b.goto(s.url("/penghubung")).await;
        assert_eq!(b.text("#gsb-instance").await, "ID-PESSEL");
        b.fill("#gsb-new-member input[name=member_code]", "bkd")
            .await;
        b.fill(
            "#gsb-new-member input[name=name]",
            "Badan Kepegawaian Daerah",
        )
        .await;
        b.click("#gsb-new-member button").await;
        let mut members = 0;
        for _ in 0..50 {
            members = s
                .running
                .state
                .gsb
                .registry()
                .members
                .iter()
                .filter(|m| m.member_code == "bkd")
                .count();
            if members == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(members, 1, "the member registered from the page");
        b.goto(s.url("/penghubung")).await;
        assert!(b
            .text("#gsb-services")
            .await
            .contains("ID-PESSEL/GOV/dinkes/simpus/pasien"));
        b.fill(
            "#gsb-grant input[name=client]",
            "ID-PESSEL/GOV/bappeda/sipd",
        )
        .await;
        b.fill("#gsb-grant input[name=path]", "/v1/**").await;
        b.click("#gsb-grant button").await;
        let mut granted = 0;
        for _ in 0..50 {
            granted = s.running.state.gsb.registry().access.len();
            if granted == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(granted, 1, "the grant is stored");
        assert_eq!(
            s.running.state.gsb.registry().access[0].service_id,
            svc["id"].as_i64().unwrap()
        );

        // Traffic through the gateway, then the monitoring page draws it.
        let gw = format!("http://{}", s.running.gateway_addr.unwrap());
        for _ in 0..5 {
            let r = s
                .http
                .get(format!("{gw}/r1/ID-PESSEL/GOV/dinkes/simpus/pasien/v1/x"))
                .header("X-Road-Client", "ID-PESSEL/GOV/bappeda/sipd")
                .header("X-Padu-Token", &secret)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200);
        }
        b.goto(s.url("/penghubung/monitor")).await;
        let table = b.text("#gsb-monitor").await;
        assert!(
            table.contains("ID-PESSEL/GOV/dinkes/simpus/pasien") && table.contains("5"),
            "{table}"
        );
        b.find("figure.chart svg rect").await;

        // A certificate with a key made here, shown once; then revoked with a reason.
        b.goto(s.url(&format!("/penghubung/subsistem/{sipd}")))
            .await;
        b.click("#gsb-issue button").await;
        let key = b.text("#gsb-key").await;
        assert!(key.contains("PRIVATE KEY"), "{key}");
        let certs = s.running.state.store.list_certificates(sipd).await.unwrap();
        assert_eq!(certs.len(), 1);
        b.goto(s.url(&format!("/penghubung/subsistem/{sipd}")))
            .await;
        assert!(
            !b.text("main").await.contains("PRIVATE KEY"),
            "the key is not shown again"
        );
        b.fill("#gsb-certs input[name=reason]", "perangkat hilang")
            .await;
        b.click("#gsb-certs input[name=confirm]").await;
        b.click("#gsb-certs button").await;
        let mut revoked = None;
        for _ in 0..50 {
            revoked = s
                .running
                .state
                .store
                .get_certificate(certs[0].id)
                .await
                .unwrap()
                .revoked_reason;
            if revoked.is_some() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(revoked.as_deref(), Some("perangkat hilang"));
        b.close().await;
    })
    .await;
}

/// A Dinas loads its Excel inventory through the import page, sees the data sets and their
/// findings, and a malformed workbook is rejected by row and column with nothing saved. The
/// network map draws Pessel's 70 sites.
#[tokio::test]
async fn an_xlsx_inventory_is_imported_through_the_page_and_the_map_draws_the_sites() {
    demo_on_both_engines(async |s| {
        let Some(b) = Browser::open().await else {
            return;
        };
        b.sign_in(&s, "admin").await;
        let dir = tempfile::tempdir().unwrap();
        let header = [
            "pd",
            "name",
            "responsible_person",
            "classification",
            "distribution",
            "retention_years",
            "storage_location",
            "backup_period",
            "backup_media",
            "update_every_months",
            "last_updated",
        ];
        let row = |name: &str, class: &str, updated: &str| -> Vec<String> {
            [
                "dinas-kesehatan",
                name,
                "Kepala Seksi Gizi",
                class,
                "publik",
                "10",
                "Pusat Data Diskominfo",
                "bulanan",
                "NAS",
                "6",
                updated,
            ]
            .map(String::from)
            .to_vec()
        };
        let good = dir.path().join("inventaris.xlsx");
        std::fs::write(
            &good,
            padu::interchange::xlsx(
                "Data",
                &header,
                &[
                    row("Prevalensi stunting per nagari", "biasa", "2024-01-15"),
                    row("Jumlah posyandu aktif", "biasa", "2026-10-01"),
                ],
            )
            .unwrap(),
        )
        .unwrap();
        let bad = dir.path().join("salah.xlsx");
        std::fs::write(
            &bad,
            padu::interchange::xlsx(
                "Data",
                &header,
                &[
                    row("Data A", "biasa", "2026-01-01"),
                    row("Data B", "sangat rahasia", "2026-01-01"),
                ],
            )
            .unwrap(),
        )
        .unwrap();
        let store = &s.running.state.store;

        let before = store.table_counts().await.unwrap();
        b.goto(s.url("/katalog/impor")).await;
        b.click("select[name=register] option[value=datasets]")
            .await;
        b.fill("input[name=file]", bad.to_str().unwrap()).await;
        b.click("form.stack button[type=submit]").await;
        let errors = b.text("#import-errors").await;
        assert!(
            errors.contains("3")
                && errors.contains("Distribusi")
                && errors.contains("data publik harus berklasifikasi Biasa"),
            "row 3, the column by its label, the problem in words: {errors}"
        );
        assert_eq!(store.table_counts().await.unwrap(), before, "nothing saved");

        b.goto(s.url("/katalog/impor")).await;
        b.click("select[name=register] option[value=datasets]")
            .await;
        b.fill("input[name=file]", good.to_str().unwrap()).await;
        b.click("form.stack button[type=submit]").await;
        let report = b.text("#import-report").await;
        assert!(report.contains("2"), "{report}");
        b.goto(s.url("/katalog/data?q=stunting")).await;
        assert!(b
            .text("#datasets")
            .await
            .contains("Prevalensi stunting per nagari"));
        b.goto(s.url("/katalog")).await;
        let findings = b.text("table.findings").await;
        assert!(
            findings.contains("Prevalensi stunting per nagari")
                && findings.contains("Pessel Pasal 12(4)"),
            "{findings}"
        );

        b.goto(s.url("/sites")).await;
        let caption = b.text("figure.map figcaption").await;
        assert!(caption.contains("(70)"), "{caption}");
        b.close().await;
    })
    .await;
}

/// Manajemen risiko as a new user does it (issue 20): a PD sets its context for a year,
/// registers a risk and assesses it, finds it on the heat map, plans its treatment, records two
/// quarters of monitoring on the risk's page, and prints Formulir 3.0.
#[tokio::test]
async fn a_pd_runs_its_risk_cycle_from_context_to_form_3() {
    demo_on_both_engines(async |s| {
        let Some(b) = Browser::open().await else {
            return;
        };
        // Last year: its quarters have all begun, and the demo set no Dinkes context for it.
        let year = {
            use chrono::Datelike;
            (padu_domain::sla::wib_date(s.running.state.clock.now()).year() - 1).to_string()
        };
        let pd = s.pd_id("dinas-kesehatan").await;
        b.sign_in(&s, "operator.kesehatan").await;
        let choose = async |name: &str, value: &str| {
            b.click(&format!(
                "#register-form select[name={name}] option[value='{value}']"
            ))
            .await;
        };

        // Formulir 2.0: the context, accepting up to Rendah.
        b.goto(s.url("/katalog/formulir/risk_contexts")).await;
        choose("pd", "dinas-kesehatan").await;
        b.fill("#register-form input[name=period_year]", &year)
            .await;
        b.fill(
            "#register-form textarea[name=goals]",
            "Layanan informasi puskesmas andal",
        )
        .await;
        b.fill(
            "#register-form input[name=risk_owner]",
            "Kepala Dinas Kesehatan",
        )
        .await;
        choose("appetite", "rendah").await;
        choose("classification", "terbatas").await;
        b.click("#register-form button[type=submit]").await;
        b.wait_for_url("pesan=saved").await;
        assert!(b
            .page_text()
            .await
            .contains("Layanan informasi puskesmas andal"));

        // Formulir 3.0 and 4.0: the risk, assessed 4 × 4, treated.
        b.goto(s.url("/katalog/formulir/risks")).await;
        choose("pd", "dinas-kesehatan").await;
        b.fill("#register-form input[name=period_year]", &year)
            .await;
        b.fill(
            "#register-form input[name=event]",
            "Data rekam medis elektronik hilang",
        )
        .await;
        choose("kind", "negatif").await;
        choose("category", "data_informasi").await;
        choose("impact_area", "layanan_organisasi").await;
        b.fill(
            "#register-form textarea[name=cause]",
            "Cadangan tidak pernah diuji",
        )
        .await;
        b.fill(
            "#register-form textarea[name=effect]",
            "Riwayat pasien tidak dapat dipulihkan",
        )
        .await;
        // Likelihood and impact are chosen by their words (4 — Sering terjadi, 4 — Signifikan).
        choose("likelihood", "4").await;
        choose("impact", "4").await;
        choose("decision", "ditangani").await;
        choose("treatment", "mitigasi").await;
        b.fill(
            "#register-form textarea[name=action_plan]",
            "Uji pemulihan bulanan",
        )
        .await;
        b.fill(
            "#register-form input[name=action_owner]",
            "Kepala Seksi Data",
        )
        .await;
        choose("classification", "terbatas").await;
        b.click("#register-form button[type=submit]").await;
        b.wait_for_url("pesan=saved").await;

        // The heat map of that year counts it at likelihood 4, impact 4 (value 19, Tinggi).
        b.goto(s.url(&format!(
            "/manajemen/risiko?pd_id={pd}&period_year={year}&category=data_informasi"
        )))
        .await;
        let page = b.page_text().await;
        assert!(
            page.contains("Data rekam medis elektronik hilang"),
            "{page}"
        );
        assert!(page.contains("4 × 4 = 19 Tinggi"), "{page}");
        assert!(page.contains("Risiko pada peta: 1"), "{page}");

        // Two quarters of monitoring on the risk's page, and the trend they draw.
        b.click("#risks a[href^='/manajemen/risiko/']").await;
        for (quarter, likelihood) in [("1", "3"), ("2", "2")] {
            let form = "form[action$='/pemantauan']";
            b.eval(&format!(
                "document.querySelector(\"{form} input[name=period_year]\").value = '{year}'"
            ))
            .await;
            b.click(&format!(
                "{form} select[name=quarter] option[value='{quarter}']"
            ))
            .await;
            b.click(&format!(
                "{form} select[name=action_status] option[value=berjalan]"
            ))
            .await;
            b.click(&format!(
                "{form} select[name=likelihood] option[value='{likelihood}']"
            ))
            .await;
            b.click(&format!("{form} button[type=submit]")).await;
            // The page comes back to the same address: its history tells when it is saved.
            let recorded = format!("Triwulan {quarter} {year}");
            for _ in 0..50 {
                if b.page_text().await.contains(&recorded) {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
        let page = b.page_text().await;
        for words in [
            format!("Triwulan 1 {year}"),
            format!("Triwulan 2 {year}"),
            "Besaran risiko per triwulan".into(),
        ] {
            assert!(page.contains(&words), "{words}: {page}");
        }

        // Formulir 3.0, printable, in the national column order.
        b.goto(s.url(&format!(
            "/manajemen/risiko/formulir/3?pd_id={pd}&period_year={year}"
        )))
        .await;
        let header = b.text("#risk-form thead").await;
        assert!(header.starts_with("No"), "{header}");
        let row = b.text("#risk-form tbody").await;
        for words in [
            "Data dan Informasi",
            "Data rekam medis elektronik hilang",
            "19",
            "Tinggi",
            "Ditangani",
        ] {
            assert!(row.contains(words), "{words}: {row}");
        }
        b.close().await;
    })
    .await;
}

/// The Koordinator loads an instrument that is not the shipped one from its file, starts this
/// year's evaluation on it and claims two indicators by their level's words, ticking the record
/// Padu proposes; the index follows (weights 30 and 25 at levels 4 and 5: 2.45, Cukup). The
/// auditor revises one claim as assessor and the index follows again (2.15).
#[tokio::test]
async fn a_self_evaluation_goes_from_claims_to_its_index() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let Some(b) = Browser::open().await else {
        return;
    };
    let year = {
        use chrono::Datelike;
        padu_domain::sla::wib_date(s.running.state.clock.now()).year()
    };
    b.sign_in(&s, "koordinator").await;
    let file =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/instrumen-uji.toml");
    b.goto(s.url("/evaluasi/instrumen")).await;
    b.fill("input[name=file]", file.to_str().unwrap()).await;
    b.click("form[action='/evaluasi/instrumen'] button[type=submit]")
        .await;
    assert!(b
        .wait_for_url("pesan=saved")
        .await
        .contains("/evaluasi/instrumen/ipd-uji"));

    b.goto(s.url("/evaluasi")).await;
    b.click("select[name=instrument] option[value='ipd-uji']")
        .await;
    b.click("form[action='/evaluasi'] button[type=submit]")
        .await;
    assert!(b
        .wait_for_url("pesan=saved")
        .await
        .contains(&format!("/evaluasi/{year}")));

    for (indicator, level) in [(2, 4), (5, 5)] {
        b.goto(s.url(&format!("/evaluasi/{year}/indikator/{indicator}")))
            .await;
        b.click(&format!("input[name=level][value='{level}']"))
            .await;
        b.fill(
            "textarea[name=justification]",
            "Diterapkan di seluruh Perangkat Daerah dan diukur tiap triwulan.",
        )
        .await;
        if indicator == 2 {
            // The risk register the demo holds, proposed as evidence.
            b.click("input[name='proposal.risiko']").await;
        }
        b.click("form.card button[type=submit]").await;
        b.wait_for_url("pesan=saved").await;
    }
    let claim = b.text("#indicator-claim").await;
    assert!(claim.contains("5 · Optimum"), "{claim}");
    b.goto(s.url(&format!("/evaluasi/{year}/indikator/2")))
        .await;
    let claim = b.text("#indicator-claim").await;
    assert!(claim.contains("4 · Terintegrasi dan Terukur"), "{claim}");
    assert!(claim.contains("Register risiko"), "{claim}");
    b.goto(s.url(&format!("/evaluasi/{year}"))).await;
    let index = b.text("#evaluation-index").await;
    assert!(index.contains("2.45 · Cukup"), "{index}");

    b.forget().await;
    b.sign_in(&s, "auditor").await;
    b.goto(s.url(&format!("/evaluasi/{year}/indikator/2")))
        .await;
    b.click("input[name=verdict][value=revisi]").await;
    b.click("select[name=level] option[value='3']").await;
    b.fill(
        "textarea[name=note]",
        "Pengukuran belum mencakup seluruh unit kerja.",
    )
    .await;
    b.click("form[action$='/reviu'] button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    let review = b.text("#indicator-review").await;
    assert!(review.contains("Revisi"), "{review}");
    b.goto(s.url(&format!("/evaluasi/{year}"))).await;
    let index = b.text("#evaluation-index").await;
    assert!(index.contains("2.15 · Cukup"), "{index}");
    assert!(
        index.contains("2.45 · Cukup"),
        "the claimed index stays beside it: {index}"
    );
    b.close().await;
}

/// The Koordinator asks for an audit of SIMPUS; the auditor takes it through assignment,
/// planning and execution, records a work paper and a finding, supervision and the report;
/// the Dinas Kesehatan answers the finding with an action plan and reports it done; the
/// auditor verifies it closed and ends the audit (Pessel Lampiran III Bab VI C).
#[tokio::test]
async fn an_audit_goes_from_request_to_a_closed_finding() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let Some(b) = Browser::open().await else {
        return;
    };
    let today = padu_domain::sla::wib_date(s.running.state.clock.now()).to_string();
    let set_date = async |css: &str| {
        b.eval(&format!(
            "document.querySelector(\"{css}\").value = '{today}'"
        ))
        .await;
    };
    b.sign_in(&s, "koordinator").await;
    b.goto(s.url("/audit-tik")).await;
    let simpus = b
        .eval("return [...document.querySelectorAll('select[name=object_id] option')].find(o => o.text.startsWith('Aplikasi SIMPUS')).value")
        .await;
    b.click(&format!(
        "select[name=object_id] option[value='{}']",
        simpus.as_str().unwrap()
    ))
    .await;
    b.click("select[name=audit_type] option[value=internal]")
        .await;
    b.fill("input[name=title]", "Audit internal SIMPUS").await;
    b.fill(
        "textarea[name=request_note]",
        "Lingkup: modul pendaftaran pasien",
    )
    .await;
    set_date("input[name=requested_start]").await;
    b.click("form[action='/audit-tik'] button[type=submit]")
        .await;
    let url = b.wait_for_url("pesan=saved").await;
    let audit = url
        .split("/audit-tik/")
        .nth(1)
        .and_then(|r| r.split('?').next())
        .unwrap()
        .to_string();
    let page = s.url(&format!("/audit-tik/{audit}"));

    b.forget().await;
    b.sign_in(&s, "auditor").await;
    b.goto(page.clone()).await;
    b.fill("#next-step textarea[name=team]", "Rina Hartati (ketua)")
        .await;
    b.fill("#next-step input[name=assignment_letter]", "800/9/2026")
        .await;
    b.click("#next-step button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    for (name, text) in [
        ("criteria", "Standar audit aplikasi SPBE"),
        ("scope", "Modul pendaftaran"),
        ("test_plan", "Uji fungsi"),
    ] {
        b.fill(&format!("#next-step textarea[name={name}]"), text)
            .await;
    }
    set_date("#next-step input[name=start_on]").await;
    set_date("#next-step input[name=end_on]").await;
    b.click("#next-step button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    b.click("#next-step button[type=submit]").await; // to execution
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    b.fill("#work-paper-form input[name=title]", "Uji pendaftaran")
        .await;
    b.fill(
        "#work-paper-form textarea[name=procedure]",
        "Daftarkan 20 pasien",
    )
    .await;
    b.fill(
        "#work-paper-form textarea[name=result]",
        "2 gagal tersimpan",
    )
    .await;
    b.click("#work-paper-form button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    b.fill(
        "#finding-form input[name=title]",
        "Pendaftaran gagal tersimpan",
    )
    .await;
    for name in ["criteria", "condition", "cause", "effect", "recommendation"] {
        b.fill(&format!("#finding-form textarea[name={name}]"), "Uraian")
            .await;
    }
    b.click("#finding-form select[name=severity] option[value=sedang]")
        .await;
    b.click("#finding-form button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    b.fill(
        "#next-step textarea[name=supervision_note]",
        "Sesuai pedoman",
    )
    .await;
    b.click("#next-step button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    b.fill(
        "#next-step textarea[name=report_summary]",
        "Satu temuan sedang",
    )
    .await;
    b.fill("#next-step textarea[name=conclusion]", "Perlu perbaikan")
        .await;
    b.click("#next-step button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    b.click("#next-step button[type=submit]").await; // to the follow-up
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    let facts = b.page_text().await;
    assert!(facts.contains("Tindak lanjut"), "{facts}");

    b.forget().await;
    b.sign_in(&s, "operator.kesehatan").await;
    b.goto(page.clone()).await;
    b.fill("form.respond textarea[name=response]", "Setuju")
        .await;
    b.fill(
        "form.respond textarea[name=action_plan]",
        "Perbaiki validasi",
    )
    .await;
    set_date("form.respond input[name=due_on]").await;
    b.click("form.respond button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    b.fill(
        "form.report-done textarea[name=note]",
        "Validasi diperbaiki",
    )
    .await;
    b.click("form.report-done button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;

    b.forget().await;
    b.sign_in(&s, "auditor").await;
    b.goto(page.clone()).await;
    b.click("form.verify button[value=ditutup]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    let finding = b.text("article.finding").await;
    assert!(finding.contains("Ditutup"), "{finding}");
    b.goto(page.clone()).await;
    b.click("#next-step button[type=submit]").await; // done
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    assert!(b.text("#audit-facts").await.contains("Selesai"));
    b.goto(s.url(&format!("/audit-tik/{audit}/laporan"))).await;
    let report = b.text("#audit-report").await;
    assert!(report.contains("Pendaftaran gagal tersimpan"), "{report}");
    b.close().await;
}

/// A PD's operator drafts a data set from its inventory, uploads its file and submits it; the
/// walidata publishes it; a citizen without an account finds it on the portal and downloads
/// the file (Pessel Pasal 13(3)–(5)).
#[tokio::test]
async fn open_data_goes_from_the_inventory_to_the_public_portal() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let Some(b) = Browser::open().await else {
        return;
    };
    let admin = s.token_of("admin").await;
    let pd = s.pd_id("dinas-kesehatan").await;
    let (st, entry) = s
        .post(
            "/api/v1/catalog/datasets",
            Some(&admin),
            json!({
                "pd_id": pd, "name": "Jumlah posyandu aktif", "responsible_person": "Kepala Seksi Kesehatan Keluarga",
                "classification": "biasa", "distribution": "publik", "storage_location": "Server SIMPUS",
                "backup_period": "harian", "backup_media": "NAS Pusat Data", "update_every_months": 12,
                "last_updated": "2026-01-01",
            }),
        )
        .await;
    assert_eq!(st, 201, "{entry}");
    let csv = std::env::temp_dir().join(format!("posyandu-{}.csv", std::process::id()));
    std::fs::write(&csv, "kecamatan,posyandu_aktif\nIV Jurai,42\nBayang,31\n").unwrap();

    b.sign_in(&s, "operator.kesehatan").await;
    b.goto(s.url("/data-terbuka/kelola/baru")).await;
    b.click(&format!(
        "select[name=inventaris] option[value='{}']",
        entry["id"]
    ))
    .await;
    b.click("form[method=get] button[type=submit]").await;
    b.wait_for_url(&format!("inventaris={}", entry["id"])).await;
    b.fill(
        "#dataset-form textarea[name=description]",
        " Jumlah posyandu yang aktif di setiap kecamatan menurut laporan puskesmas.",
    )
    .await;
    b.fill("#dataset-form input[name=keywords]", "kesehatan, posyandu")
        .await;
    b.click("#dataset-form select[name=theme] option[value=HEAL]")
        .await;
    b.click("#dataset-form button[type=submit]").await;
    let url = b.wait_for_url("pesan=saved").await;
    let page = url.split('?').next().unwrap().to_string();
    assert!(page.contains("/data-terbuka/kelola/"), "{url}");
    b.fill(
        "#resource-file input[name=name]",
        "Posyandu aktif per kecamatan",
    )
    .await;
    b.fill("#resource-file input[name=file]", csv.to_str().unwrap())
        .await;
    b.click("#resource-file button[type=submit]").await;
    b.wait_for_url("pesan=saved").await;
    b.goto(page.clone()).await;
    b.click("#dataset-steps button[value=diajukan]").await;
    b.wait_for_url("pesan=dt_diajukan").await;
    assert!(b.text("p.notice").await.contains("diajukan ke walidata"));

    b.forget().await;
    b.sign_in(&s, "admin").await;
    b.goto(page.clone()).await;
    b.click("#dataset-steps button[value=terbit]").await;
    b.wait_for_url("pesan=dt_terbit").await;
    assert!(b.text("p.notice").await.contains("terbit di portal"));

    b.forget().await;
    b.goto(s.url("/data-terbuka?q=posyandu")).await;
    b.click("article.dataset h3 a").await;
    b.wait_for_url("/data-terbuka/jumlah-posyandu-aktif").await;
    assert_eq!(b.text("main h1").await, "Jumlah posyandu aktif");
    let href = b
        .eval("return document.querySelector('#resources a').getAttribute('href')")
        .await;
    let file = s
        .http
        .get(s.url(href.as_str().unwrap()))
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    assert_eq!(
        file.text().await.unwrap(),
        "kecamatan,posyandu_aktif\nIV Jurai,42\nBayang,31\n"
    );
    // Its rows as a table with their types in words and a chart, sorted by a click.
    let table = b
        .eval(
            "return document.querySelector(\"#resources a[href*='/tabel/']\").getAttribute('href')",
        )
        .await;
    let table = table.as_str().unwrap().to_string();
    b.click("#resources a[href*='/tabel/']").await;
    assert!(b.wait_for_url(&table).await.ends_with(&table));
    assert!(b.text("main").await.contains("Bilangan bulat"));
    assert!(b
        .eval("return document.querySelector('figure.chart svg') !== null")
        .await
        .as_bool()
        .unwrap());
    b.click("#rows th:nth-child(2) a").await;
    let sorted = b.wait_for_url("sort=posyandu_aktif&order=asc").await;
    assert!(sorted.ends_with("order=asc"), "{sorted}");
    assert_eq!(b.text("#rows tbody tr:first-child td").await, "Bayang");
    b.close().await;
    s.running.stop().await;
}
