//! Manajemen Risiko SPBE through the API and the page on both engines: a PD registers and
//! assesses its risks (PermenPANRB 5/2020's matrix and bands, from the profile), bad input is
//! refused naming the field with nothing stored, a PD reads only its own risks, and the heat
//! map counts what the caller may read.

mod common;
use common::*;
use serde_json::{json, Value};

fn outage(pd: i64) -> Value {
    json!({
        "pd_id": pd,
        "period_year": 2026,
        "event": "Server SIMPUS padam saat jam layanan",
        "kind": "negatif",
        "category": "infrastruktur_spbe",
        "impact_area": "layanan_organisasi",
        "cause": "Server tunggal tanpa cadangan daya",
        "effect": "Pendaftaran pasien di 18 puskesmas berhenti",
        "existing_controls": "UPS 30 menit",
        "likelihood": 3,
        "impact": 3,
        "decision": "ditangani",
        "priority": 1,
        "treatment": "mitigasi",
        "action_plan": "Pindahkan SIMPUS ke Pusat Data",
        "action_owner": "Kepala Seksi Data dan Informasi",
        "action_due": "2026-12-31",
        "residual_likelihood": 1,
        "residual_impact": 3,
        "classification": "terbatas"
    })
}

#[tokio::test]
async fn a_pd_registers_and_assesses_its_risks_and_reads_only_its_own() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let admin = s.token_of("admin").await;
        let path = "/api/v1/manajemen/risks";

        let (st, risk) = s.post(path, Some(&op), outage(kesehatan)).await;
        assert_eq!(st, 201, "{risk}");
        let id = risk["id"].as_i64().unwrap();
        let (st, _) = s.post(path, Some(&other), outage(kesehatan)).await;
        assert_eq!(
            st, 403,
            "another PD's operator registers no risk for Dinkes"
        );

        // Bad input: 422 naming the field, and nothing stored.
        let (_, before) = s.get(path, Some(&admin)).await;
        for (field, patch) in [
            ("likelihood", json!({"likelihood": 6})),
            ("impact", json!({"impact": 0})),
            ("category", json!({"category": "cuaca"})),
            ("treatment", json!({"treatment": "eksploitasi"})),
            ("treatment", json!({"treatment": null})),
            ("residual_impact", json!({"residual_impact": null})),
            ("period_year", json!({"period_year": 1999})),
        ] {
            let mut body = outage(kesehatan);
            for (k, v) in patch.as_object().unwrap() {
                body[k] = v.clone();
            }
            let (st, e) = s.post(path, Some(&op), body).await;
            assert_refused(st, &e, 422, field);
        }
        // Dinkes's context for this year (the demo's Formulir 2.0) accepts up to Sedang: a
        // Tinggi risk must be treated, a Sedang one may be accepted.
        let this_year = {
            use chrono::Datelike;
            padu_domain::sla::wib_date(s.running.state.clock.now()).year()
        };
        let mut accepted = outage(kesehatan);
        for (k, v) in [
            ("period_year", json!(this_year)),
            ("decision", json!("diterima")),
            ("treatment", json!(null)),
            ("likelihood", json!(4)),
            ("impact", json!(4)),
        ] {
            accepted[k] = v;
        }
        let (st, e) = s.post(path, Some(&op), accepted.clone()).await;
        assert_refused(st, &e, 422, "decision");
        assert!(
            e["error"]["message"].as_str().unwrap().contains("appetite"),
            "{e}"
        );
        let (_, after) = s.get(path, Some(&admin)).await;
        assert_eq!(before["total"], after["total"], "nothing half-stored");
        accepted["impact"] = json!(2);
        let (st, r) = s.post(path, Some(&op), accepted).await;
        assert_eq!(st, 201, "4 × 2 is Sedang, within the appetite: {r}");
        let page = get_text(
            &s.signed_in_as("operator.kesehatan").await,
            s.url("/manajemen/konteks"),
        )
        .await;
        assert!(
            page.contains("Layanan informasi kesehatan di seluruh puskesmas"),
            "Formulir 2.0"
        );

        // Assessed on the national scale: 3 × 3 is 14, Sedang; the residual 1 × 3 is 5.
        let assessed = format!("{path}/assessed?pd_id={kesehatan}&q=SIMPUS");
        let (st, list) = s.get(&assessed, Some(&op)).await;
        assert_eq!(st, 200, "{list}");
        let mine = list
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["risk"]["id"] == id)
            .unwrap_or_else(|| panic!("{list}"));
        assert_eq!(
            (&mine["inherent"]["value"], &mine["inherent"]["level"]),
            (&json!(14), &json!("sedang"))
        );
        assert_eq!(
            (&mine["residual"]["value"], &mine["residual"]["level"]),
            (&json!(5), &json!("sangat_rendah"))
        );

        // A PD reads its own risks only; the Dinas reads them all.
        let (_, theirs) = s.get(&format!("{path}/assessed"), Some(&other)).await;
        assert!(
            !theirs
                .as_array()
                .unwrap()
                .iter()
                .any(|a| a["risk"]["pd_id"] == kesehatan),
            "{theirs}"
        );
        let (_, mine_map) = s
            .get(&format!("{path}/heat-map?pd_id={kesehatan}"), Some(&op))
            .await;
        let (_, all_map) = s.get(&format!("{path}/heat-map"), Some(&admin)).await;
        let cell = |m: &Value, l: usize, i: usize| m["counts"][l - 1][i - 1].as_u64().unwrap();
        assert!(cell(&mine_map, 3, 3) >= 1, "{mine_map}");
        assert!(all_map["total"].as_u64() > mine_map["total"].as_u64());
        assert_eq!(
            mine_map["values"][2][2], 14,
            "each cell's value from the matrix"
        );
        let (_, residual) = s
            .get(
                &format!("{path}/heat-map?pd_id={kesehatan}&residual=true"),
                Some(&op),
            )
            .await;
        assert!(cell(&residual, 1, 3) >= 1, "{residual}");
        let (st, e) = s
            .get(&format!("{path}/heat-map?category=cuaca"), Some(&op))
            .await;
        assert_refused(st, &e, 422, "category");

        // The page: the heat map and the register, in words.
        let ui = s.signed_in_as("operator.kesehatan").await;
        let page = get_text(&ui, s.url("/manajemen/risiko")).await;
        for words in [
            "Peta risiko inheren",
            "Server SIMPUS padam saat jam layanan",
            "Infrastruktur SPBE",
            "3 × 3 = <strong>14</strong>",
            "Sedang",
            "Mitigasi",
        ] {
            assert!(page.contains(words), "{words}");
        }
        assert!(
            !page.contains("Layanan Pusat Data terhenti"),
            "another PD's risk is not shown"
        );
        let rules = get_text(&ui, s.url("/aturan")).await;
        assert!(rules.contains("21–25 Sangat tinggi"), "the bands in force");
        // Formulir 3.0 as a sheet, in the national column order; a formula-like cell is
        // neutralised.
        let mut risky = outage(kesehatan);
        risky["event"] = json!("=HYPERLINK(\"http://x\")");
        let (st, _) = s.post(path, Some(&op), risky).await;
        assert_eq!(st, 201);
        let csv = get_text(
            &ui,
            s.url(&format!(
                "/manajemen/risiko/formulir/3?pd_id={kesehatan}&format=csv"
            )),
        )
        .await;
        let mut lines = csv.lines();
        assert!(lines
            .next()
            .unwrap()
            .starts_with("No,Perangkat Daerah,Tahun,Kategori risiko,Jenis risiko,Kejadian risiko"));
        assert!(
            csv.contains("Server SIMPUS padam saat jam layanan"),
            "{csv}"
        );
        assert!(csv.contains("'=HYPERLINK"), "{csv}");
        let none = ui
            .get(s.url("/manajemen/risiko/formulir/9"))
            .send()
            .await
            .unwrap();
        assert_eq!(none.status(), 422, "no such national form");
    })
    .await;
}

#[tokio::test]
async fn each_quarter_is_monitored_once_and_a_missed_quarter_is_a_finding() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let admin = s.token_of("admin").await;
        // Last year's register: all its quarters have ended, whatever today is.
        let last = {
            use chrono::Datelike;
            padu_domain::sla::wib_date(s.running.state.clock.now()).year() - 1
        };
        let mut body = outage(kesehatan);
        body["period_year"] = json!(last);
        let (st, risk) = s.post("/api/v1/manajemen/risks", Some(&op), body).await;
        assert_eq!(st, 201, "{risk}");
        let id = risk["id"].as_i64().unwrap();
        let reviews = "/api/v1/manajemen/risk-reviews";
        let entry = |quarter: i64, likelihood: i64| {
            json!({
                "pd_id": kesehatan, "risk_id": id, "period_year": last, "quarter": quarter,
                "action_status": "berjalan", "likelihood": likelihood, "impact": 3,
                "note": "Pemindahan server berjalan", "classification": "terbatas"
            })
        };
        let (st, r) = s.post(reviews, Some(&op), entry(1, 3)).await;
        assert_eq!(st, 201, "{r}");
        let (st, e) = s.post(reviews, Some(&op), entry(1, 2)).await;
        assert_refused(st, &e, 409, "risk_id");
        let (st, _) = s.post(reviews, Some(&other), entry(2, 2)).await;
        assert_eq!(st, 403, "another PD monitors no Dinkes risk");
        let mut ahead = entry(1, 2);
        ahead["period_year"] = json!(2099);
        let (st, e) = s.post(reviews, Some(&op), ahead).await;
        assert_refused(st, &e, 422, "period_year");
        let mut wrong = entry(2, 2);
        wrong["quarter"] = json!(5);
        let (st, e) = s.post(reviews, Some(&op), wrong).await;
        assert_refused(st, &e, 422, "quarter");

        // Through the risk's page: the second quarter, then the history and its trend.
        let ui = s.signed_in_as("operator.kesehatan").await;
        let page = get_text(&ui, s.url(&format!("/manajemen/risiko/{id}"))).await;
        let csrf = csrf_of(&page);
        let sent = ui
            .post(s.url(&format!("/manajemen/risiko/{id}/pemantauan")))
            .form(&[
                ("csrf", csrf.as_str()),
                ("period_year", last.to_string().as_str()),
                ("quarter", "2"),
                ("action_status", "selesai"),
                ("likelihood", "1"),
                ("impact", "3"),
                ("note", "Server di Pusat Data"),
            ])
            .send()
            .await
            .unwrap();
        assert!(
            sent.url().as_str().contains("pesan=saved"),
            "{}",
            sent.url()
        );
        let page = get_text(&ui, s.url(&format!("/manajemen/risiko/{id}"))).await;
        for words in [
            format!("Triwulan 2 {last}"),
            "Selesai".into(),
            "1 × 3 = <strong>5</strong>".into(),
            format!("T1 {last}"),
        ] {
            assert!(page.contains(&words), "{words}");
        }
        // Formulir 5.0, the monitoring report: a row a risk a quarter, in the national order.
        let csv = get_text(
            &ui,
            s.url(&format!(
                "/manajemen/risiko/formulir/5?pd_id={kesehatan}&period_year={last}&format=csv"
            )),
        )
        .await;
        let mut lines = csv.lines();
        assert!(lines
            .next()
            .unwrap()
            .starts_with("No,Perangkat Daerah,Tahun,Triwulan,Kejadian risiko"));
        let ours: Vec<&str> = lines
            .filter(|l| l.contains("Server SIMPUS padam saat jam layanan"))
            .collect();
        assert_eq!(ours.len(), 2, "{csv}");
        assert!(
            ours[0].contains(",1,") && ours[1].contains("Server di Pusat Data"),
            "{ours:?}"
        );

        // Pesisir Selatan monitors every quarter (Lampiran III Bab V H 2): the third quarter of
        // last year was missed; and PDs that identified no risk this year are found too (H 1).
        let (_, findings) = s
            .get(
                &format!("/api/v1/catalog/findings?pd_id={kesehatan}"),
                Some(&admin),
            )
            .await;
        let missed = findings
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "risk_review_missed" && f["subject"] == format!("risk:{id}"))
            .unwrap_or_else(|| panic!("{findings}"));
        assert_eq!(missed["clause"], "Pessel Lampiran III Bab V H 2");
        assert_eq!(missed["detail"][0], format!("triwulan 3 {last}"));
        assert_eq!(missed["due"], format!("{last}-09-30"));
        let (_, all) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
        let dinas_sosial = s
            .pd_id("dinas-sosial-pemberdayaan-perempuan-dan-perlindungan-anak")
            .await;
        assert!(all
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "risk_not_identified"
                && f["pd_id"] == dinas_sosial
                && f["clause"] == "Pessel Lampiran III Bab V H 1"));
    })
    .await;
}

/// Formulir 2.0's impact criteria: the PD writes what each level means in each impact area,
/// as one matrix on the page or over the API; a cell outside the 7 areas or the 5 levels is
/// refused naming it, with nothing written; another PD's operator changes none.
#[tokio::test]
async fn a_context_holds_its_impact_criteria_area_by_level() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let (_, contexts) = s
            .get(
                &format!("/api/v1/manajemen/risk-contexts?pd_id={kesehatan}"),
                Some(&op),
            )
            .await;
        let id = contexts["items"][0]["id"].as_i64().unwrap();
        let path = format!("/api/v1/manajemen/risk-contexts/{id}/criteria");
        for (field, cell) in [
            (
                "criteria[1].impact_area",
                json!({"impact_area": "cuaca", "level": 1, "criterion": "x"}),
            ),
            (
                "criteria[1].level",
                json!({"impact_area": "finansial", "level": 6, "criterion": "x"}),
            ),
        ] {
            let body = json!({"criteria": [
                {"impact_area": "finansial", "level": 1, "criterion": "Rp1–5 juta"},
                cell
            ]});
            let (st, e) = s.put(&path, Some(&op), body).await;
            assert_refused(st, &e, 422, field);
        }
        let (_, before) = s.get(&path, Some(&op)).await;
        assert_eq!(before["matrix"][0][0], "", "nothing written");
        let (st, _) = s
            .put(
                &path,
                Some(&other),
                json!({"criteria": [{"impact_area": "finansial", "level": 1, "criterion": "x"}]}),
            )
            .await;
        assert!(st == 403 || st == 404, "{st}");

        // The page's matrix: two cells written, the order of areas the national one.
        let ui = s.signed_in_as("operator.kesehatan").await;
        let url = s.url(&format!("/manajemen/konteks/{id}/kriteria"));
        let page = get_text(&ui, url.clone()).await;
        let sent = post_form(
            &ui,
            url,
            &page,
            &[
                ("finansial.1", "Rp1–5 juta"),
                ("finansial.5", "Lebih dari Rp50 juta"),
                ("layanan_organisasi.4", "Layanan terhenti lebih dari 24 jam"),
            ],
        )
        .await;
        assert!(
            sent.url().as_str().contains("pesan=saved"),
            "{}",
            sent.url()
        );
        let (st, c) = s.get(&path, Some(&op)).await;
        assert_eq!(st, 200, "{c}");
        assert_eq!(c["areas"][0], "finansial");
        assert_eq!(c["matrix"][0][0], "Rp1–5 juta");
        assert_eq!(c["matrix"][0][4], "Lebih dari Rp50 juta");
        assert_eq!(c["matrix"][3][3], "Layanan terhenti lebih dari 24 jam");
        let contexts = get_text(&ui, s.url("/manajemen/konteks")).await;
        assert!(contexts.contains("Layanan terhenti lebih dari 24 jam"));
        // The Pemda's own context (the profile's pemda_risk_unit, the Sekretariat Daerah by
        // default) comes first, named for the Pemda.
        let admin = s.signed_in_as("admin").await;
        let contexts = get_text(&admin, s.url("/manajemen/konteks")).await;
        let pemda = contexts
            .find("Tingkat Pemerintah Daerah")
            .expect("the Pemda's context");
        let dinkes = contexts
            .find("Dinas Kesehatan · ")
            .expect("Dinkes's context");
        assert!(pemda < dinkes, "the Pemda's context first");
    })
    .await;
}
