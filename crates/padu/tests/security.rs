//! Information security on both engines: a PD reports a security incident to the Dinas, which
//! hears of it (Pessel Pasal 55(4)); a report after the profile's hours is a finding; a desk
//! ticket and a risk are opened from the incident. A TLS certificate is read from a PEM that
//! openssl wrote, its PD and the Dinas are reminded ahead of its expiry once per step, and a
//! certificate past its expiry is a finding (Pessel Pasal 55(7)). Bad input names the field and
//! stores nothing.

mod common;
use chrono::Duration;
use common::*;
use serde_json::{json, Value};
use std::process::Command;

fn incident(pd: i64, detected_at: &str) -> Value {
    json!({
        "pd_id": pd,
        "title": "Akun admin SIMPUS dipakai dari luar jaringan",
        "incident_type": "akses_tidak_sah",
        "severity": "tinggi",
        "detected_at": detected_at,
        "description": "Log SIMPUS mencatat masuk akun admin dari alamat luar negeri pukul 02.14.",
        "containment": "Akun admin dikunci, sesi aktif diputus",
        "classification": "terbatas"
    })
}

/// A moment `hours` before now in the region's time (WIB), as records keep it.
fn hours_ago(s: &TestServer, hours: i64) -> String {
    let now = s.running.state.clock.now() - Duration::hours(hours);
    (now + Duration::hours(7))
        .naive_utc()
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

async fn notified(s: &TestServer, user: &str, kind: &str) -> Vec<String> {
    let id = s.user_id(user).await;
    s.running
        .state
        .store
        .notifications(id, 50)
        .await
        .unwrap()
        .into_iter()
        .filter(|n| n.kind == kind)
        .map(|n| n.subject)
        .collect()
}

#[tokio::test]
async fn a_pd_reports_an_incident_to_the_dinas_and_opens_a_ticket_and_a_risk_from_it() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let admin = s.token_of("admin").await;
        let path = "/api/v1/manajemen/incidents";

        // Bad input: 422 naming the field, and nothing stored.
        let (_, before) = s.get(path, Some(&admin)).await;
        let detected = hours_ago(&s, 3);
        for (field, patch) in [
            ("detected_at", json!({"detected_at": "2026-13-01T10:00"})),
            ("detected_at", json!({"detected_at": "kemarin"})),
            ("detected_at", json!({"detected_at": "2099-01-01T10:00"})),
            ("incident_type", json!({"incident_type": "gempa"})),
            ("severity", json!({"severity": "parah"})),
            ("reported_at", json!({"reported_at": "2000-01-01T00:00"})),
            // When the Dinas had a report made outside Padu is the Dinas's to record: a PD
            // cannot date its own report back within the deadline.
            ("reported_at", json!({"reported_at": hours_ago(&s, 2)})),
            ("csirt_reported_at", json!({"csirt_escalated": true})),
            (
                "root_cause",
                json!({"status": "insiden_ditutup", "lessons": "x"}),
            ),
        ] {
            let mut body = incident(kesehatan, &detected);
            for (k, v) in patch.as_object().unwrap() {
                body[k] = v.clone();
            }
            let (st, e) = s.post(path, Some(&op), body).await;
            assert_refused(st, &e, 422, field);
        }
        let (_, after) = s.get(path, Some(&admin)).await;
        assert_eq!(before["total"], after["total"], "nothing stored");
        let (st, _) = s
            .post(path, Some(&other), incident(kesehatan, &detected))
            .await;
        assert_eq!(st, 403, "Kominfo's operator reports no incident of Dinkes");

        // Reported three hours after detection: on time, and the Dinas hears of it.
        let (st, created) = s
            .post(path, Some(&op), incident(kesehatan, &detected))
            .await;
        assert_eq!(st, 201, "{created}");
        let id = created["id"].as_i64().unwrap();
        let app = &s.running.state;
        padu::app::manajemen::sweep(app, app.clock.now())
            .await
            .unwrap();
        let told = notified(&s, "admin", "incident_reported").await;
        assert!(
            told.iter().any(|t| t.contains("Akun admin SIMPUS")),
            "{told:?}"
        );
        assert_eq!(
            padu::app::manajemen::sweep(app, app.clock.now())
                .await
                .unwrap()
                .0,
            0,
            "each incident is told once"
        );

        // The demo's ransomware was reported two days after detection: a finding; this one is not.
        let (_, findings) = s
            .get(
                &format!("/api/v1/catalog/findings?pd_id={kesehatan}"),
                Some(&admin),
            )
            .await;
        let late: Vec<&Value> = findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "incident_reported_late")
            .collect();
        assert_eq!(late.len(), 1, "{findings}");
        assert_eq!(late[0]["clause"], "Pessel Pasal 55(4)");
        assert_ne!(late[0]["subject"], format!("security_incident:{id}"));

        // A desk ticket from the incident, once; another PD's operator opens none.
        let ticket_path = format!("{path}/{id}/ticket");
        let (st, _) = s.post(&ticket_path, Some(&other), json!({})).await;
        assert!(st == 403 || st == 404, "{st}");
        let (st, ticket) = s.post(&ticket_path, Some(&op), json!({})).await;
        assert_eq!(st, 201, "{ticket}");
        assert_eq!(ticket["kind"], "gangguan");
        assert_eq!(ticket["priority"], "tinggi");
        assert_eq!(ticket["pd_id"], kesehatan);
        let (st, e) = s.post(&ticket_path, Some(&op), json!({})).await;
        assert_refused(st, &e, 409, "ticket_id");
        let (_, stored) = s.get(&format!("{path}/{id}"), Some(&op)).await;
        assert_eq!(stored["ticket_id"], ticket["id"]);

        // The incident's page links its ticket and starts a risk from it; the risk saved from
        // that form names the incident and shows on its page.
        let ui = s.signed_in_as("operator.kesehatan").await;
        let page = get_text(&ui, s.url(&format!("/manajemen/insiden/{id}"))).await;
        assert!(
            page.contains(&format!("/layanan/{}", ticket["id"])),
            "the ticket is linked"
        );
        let raise = page
            .split("href=\"/katalog/formulir/risks?")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("a link to raise a risk")
            .replace("&amp;", "&");
        assert!(raise.contains(&format!("incident_ids={id}")), "{raise}");
        let form = get_text(&ui, s.url(&format!("/katalog/formulir/risks?{raise}"))).await;
        assert!(form.contains("Akun admin SIMPUS dipakai dari luar jaringan"));
        assert!(
            form.contains(&format!("name=\"incident_ids.{id}\" value=\"ya\" checked")),
            "the incident is ticked on the risk form"
        );
        let mut risk = json!({
            "pd_id": kesehatan, "period_year": 2026, "event": "Akun admin SIMPUS diambil alih",
            "kind": "negatif", "category": "keamanan_spbe", "impact_area": "operasional_aset_tik",
            "cause": "Kata sandi admin lemah", "effect": "Data pasien terbaca pihak luar",
            "likelihood": 3, "impact": 4, "decision": "ditangani", "treatment": "mitigasi",
            "action_plan": "MFA untuk akun admin", "incident_ids": [id],
            "classification": "terbatas"
        });
        let (st, r) = s
            .post("/api/v1/manajemen/risks", Some(&op), risk.clone())
            .await;
        assert_eq!(st, 201, "{r}");
        risk["incident_ids"] = json!([999_999]);
        risk["event"] = json!("Risiko lain");
        let (st, e) = s.post("/api/v1/manajemen/risks", Some(&op), risk).await;
        assert_refused(st, &e, 422, "incident_ids[0]");
        let page = get_text(&ui, s.url(&format!("/manajemen/insiden/{id}"))).await;
        assert!(
            page.contains("Akun admin SIMPUS diambil alih"),
            "the risk shows"
        );
    })
    .await;
}

/// A self-signed certificate for `host` valid `days` days, as openssl writes it, with its
/// SHA-256 fingerprint as openssl prints it.
fn openssl_certificate(dir: &std::path::Path, host: &str, days: u32) -> (String, String) {
    let (key, cert) = (
        dir.join(format!("{host}.key")),
        dir.join(format!("{host}.pem")),
    );
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ])
        .args(["-nodes", "-subj", &format!("/CN={host}")])
        .args([
            "-addext",
            &format!("subjectAltName=DNS:{host},DNS:www.{host}"),
        ])
        .args(["-days", &days.to_string(), "-keyout"])
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .expect("openssl runs");
    assert!(made.status.success(), "{made:?}");
    let printed = Command::new("openssl")
        .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
        .arg(&cert)
        .output()
        .expect("openssl runs");
    let fingerprint = String::from_utf8_lossy(&printed.stdout)
        .split('=')
        .nth(1)
        .unwrap()
        .trim()
        .replace(':', "")
        .to_lowercase();
    (std::fs::read_to_string(&cert).unwrap(), fingerprint)
}

#[tokio::test]
async fn a_tls_certificate_is_read_from_its_pem_and_reminded_before_it_expires() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let op = s.token_of("operator.kesehatan").await;
        let admin = s.token_of("admin").await;
        let path = "/api/v1/manajemen/certificates";
        let (pem, fingerprint) =
            openssl_certificate(s.dir.path(), "simpus.pesisirselatankab.go.id", 20);

        // Bad PEMs name the field and store nothing.
        let (_, before) = s.get(path, Some(&admin)).await;
        let key = std::fs::read_to_string(s.dir.path().join("simpus.pesisirselatankab.go.id.key"))
            .unwrap();
        for bad in [
            "bukan sertifikat".to_string(),
            key,
            pem.replace("MII", "XYZ"),
        ] {
            let (st, e) = s
                .post(
                    &format!("{path}/pem"),
                    Some(&op),
                    json!({"pd_id": kesehatan, "pem": bad}),
                )
                .await;
            assert_refused(st, &e, 422, "pem");
        }
        let (_, after) = s.get(path, Some(&admin)).await;
        assert_eq!(before["total"], after["total"], "nothing stored");

        let (st, cert) = s
            .post(
                &format!("{path}/pem"),
                Some(&op),
                json!({"pd_id": kesehatan, "pem": pem}),
            )
            .await;
        assert_eq!(st, 201, "{cert}");
        assert_eq!(cert["kind"], "sertifikat_tls");
        assert_eq!(cert["holder"], "simpus.pesisirselatankab.go.id");
        assert_eq!(
            cert["hosts"],
            "simpus.pesisirselatankab.go.id, www.simpus.pesisirselatankab.go.id"
        );
        assert_eq!(cert["issuer"], "simpus.pesisirselatankab.go.id");
        assert_eq!(
            cert["fingerprint"], fingerprint,
            "the fingerprint openssl prints"
        );
        let expiry =
            chrono::NaiveDate::parse_from_str(cert["not_after"].as_str().unwrap(), "%Y-%m-%d")
                .unwrap();
        let today = padu_domain::sla::wib_date(s.running.state.clock.now());
        assert!((20..=21).contains(&(expiry - today).num_days()), "{expiry}");
        let (st, e) = s
            .post(
                &format!("{path}/pem"),
                Some(&op),
                json!({"pd_id": kesehatan, "pem": pem}),
            )
            .await;
        assert_refused(st, &e, 409, "pem");

        // Through the page too: the form reads the PEM, then shows the record saved.
        let (other_pem, _) =
            openssl_certificate(s.dir.path(), "lapor.pesisirselatankab.go.id", 200);
        let ui = s.signed_in_as("operator.kesehatan").await;
        let page = get_text(&ui, s.url("/manajemen/sertifikat/pem")).await;
        let pd = kesehatan.to_string();
        let sent = post_form(
            &ui,
            s.url("/manajemen/sertifikat/pem"),
            &page,
            &[("pd_id", pd.as_str()), ("pem", other_pem.as_str())],
        )
        .await;
        assert!(
            sent.url().as_str().contains("pesan=saved"),
            "{}",
            sent.url()
        );
        let list = get_text(&ui, s.url("/manajemen/sertifikat")).await;
        assert!(list.contains("lapor.pesisirselatankab.go.id"));

        // Twenty days out: the 30-day reminder reaches the PD's operator and the Dinas, once;
        // two weeks on, the 7-day one.
        let app = &s.running.state;
        let now = app.clock.now();
        padu::app::manajemen::sweep(app, now).await.unwrap();
        let reminded = |user: &'static str| notified(&s, user, "certificate_expiring");
        let simpus = |subjects: Vec<String>| {
            subjects
                .iter()
                .filter(|t| t.contains("simpus.pesisirselatankab.go.id"))
                .count()
        };
        assert_eq!(simpus(reminded("operator.kesehatan").await), 1);
        assert_eq!(simpus(reminded("admin").await), 1);
        assert_eq!(
            simpus(reminded("operator.kominfo").await),
            0,
            "not another PD's"
        );
        padu::app::manajemen::sweep(app, now).await.unwrap();
        assert_eq!(simpus(reminded("operator.kesehatan").await), 1, "once");
        padu::app::manajemen::sweep(app, now + Duration::days(14))
            .await
            .unwrap();
        assert_eq!(
            simpus(reminded("operator.kesehatan").await),
            2,
            "then at 7 days"
        );

        // The demo's Dishub certificate expired ten days ago: a finding under Pasal 55(7).
        let (_, findings) = s.get("/api/v1/catalog/findings", Some(&admin)).await;
        let expired: Vec<&Value> = findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "certificate_expired")
            .collect();
        assert_eq!(expired.len(), 1, "{findings}");
        assert_eq!(expired[0]["clause"], "Pessel Pasal 55(7)");
        assert_eq!(expired[0]["subject_name"], "dishub.pesisirselatankab.go.id");
    })
    .await;
}

#[tokio::test]
async fn applications_are_checked_against_the_bssn_controls_and_the_isms_is_recorded_by_stage() {
    demo_on_both_engines(async |s| {
        let op = s.token_of("operator.kesehatan").await;
        let other = s.token_of("operator.kominfo").await;
        let admin = s.token_of("admin").await;

        // The Dinas sets the standard's texts; a PD's operator may not; a code outside K1–K72
        // is refused with nothing written.
        let texts = "/api/v1/manajemen/controls";
        let k1 = json!({"controls": [{"code": "K1", "text": "Kata sandi paling sedikit 12 karakter", "reference": "ASVS 2.1.1"}]});
        let (st, _) = s.put(texts, Some(&op), k1.clone()).await;
        assert_eq!(st, 403);
        let (st, e) = s
            .put(texts, Some(&admin), json!({"controls": [{"code": "K2", "text": "Sesi berakhir"}, {"code": "K99", "text": "x"}]}))
            .await;
        assert_refused(st, &e, 422, "controls[1].code");
        let (st, all) = s.put(texts, Some(&admin), k1).await;
        assert_eq!(st, 200, "{all}");
        let all = all.as_array().unwrap();
        assert_eq!(all.len(), 72);
        assert_eq!(all[0]["text"], "Kata sandi paling sedikit 12 karakter");
        assert_eq!(all[1]["text"], "", "K2 was not written by the refused call");
        assert_eq!(all[71]["function"], "keamanan_konfigurasi");

        // Dinkes assesses SIMPUS; bad rows name their field; Kominfo's operator may not.
        let (_, apps) = s
            .get("/api/v1/catalog/applications?q=SIMPUS", Some(&op))
            .await;
        let simpus = apps["items"][0]["id"].as_i64().unwrap();
        let path = format!("/api/v1/catalog/applications/{simpus}/controls");
        for (field, rows) in [
            ("controls[0].status", json!({"controls": [{"code": "K1", "status": "bagus"}]})),
            ("controls[0].evidence", json!({"controls": [{"code": "K1", "status": "terpenuhi"}]})),
            ("controls[0].code", json!({"controls": [{"code": "K0", "status": "tidak_berlaku"}]})),
        ] {
            let (st, e) = s.put(&path, Some(&op), rows).await;
            assert_refused(st, &e, 422, field);
        }
        let (st, _) = s
            .put(&path, Some(&other), json!({"controls": [{"code": "K2", "status": "belum_terpenuhi"}]}))
            .await;
        assert!(st == 403 || st == 404, "another PD's application: {st}");
        let (st, checklist) = s
            .put(
                &path,
                Some(&op),
                json!({"controls": [
                    {"code": "K1", "status": "terpenuhi", "evidence": "Kebijakan kata sandi SIMPUS v2"},
                    {"code": "K2", "status": "belum_terpenuhi"}
                ]}),
            )
            .await;
        assert_eq!(st, 200, "{checklist}");
        let counts: Vec<(String, i64)> =
            serde_json::from_value(checklist["counts"].clone()).unwrap();
        assert_eq!(
            counts,
            [
                ("terpenuhi".to_string(), 1),
                ("terpenuhi_sebagian".into(), 0),
                ("belum_terpenuhi".into(), 1),
                ("tidak_berlaku".into(), 0),
                ("belum_dinilai".into(), 70)
            ]
        );

        // Through the checklist page: a third control, and the overview counts it.
        let ui = s.signed_in_as("operator.kesehatan").await;
        let url = s.url(&format!("/manajemen/kontrol/aplikasi/{simpus}"));
        let page = get_text(&ui, url.clone()).await;
        assert!(page.contains("Kata sandi paling sedikit 12 karakter"));
        let sent = post_form(
            &ui,
            url.clone(),
            &page,
            &[
                ("status.K1", "terpenuhi"),
                ("evidence.K1", "Kebijakan kata sandi SIMPUS v2"),
                ("status.K2", "belum_terpenuhi"),
                ("status.K3", "terpenuhi_sebagian"),
                ("evidence.K3", "Kunci akun setelah 5 kali gagal"),
            ],
        )
        .await;
        assert!(sent.url().as_str().contains("pesan=saved"), "{}", sent.url());
        let overview = get_text(&ui, s.url("/manajemen/kontrol")).await;
        assert!(overview.contains("3 / 72"), "three controls assessed");
        let (_, log) = s
            .get("/api/v1/audit?action=controls_assessed", Some(&admin))
            .await;
        assert_eq!(log["items"].as_array().map(Vec::len), Some(2), "{log}");

        // The ISMS by stage: a record of a day to come, or reviewed before it was made, is
        // refused; the demo's policy past its review shows so.
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let record = |recorded_on: &str, review_due: Value| {
            json!({
                "pd_id": kesehatan, "stage": "evaluasi_kinerja", "title": "Evaluasi SMKI Dinkes",
                "owner": "Kepala Seksi Data dan Informasi", "recorded_on": recorded_on,
                "review_due": review_due
            })
        };
        let isms = "/api/v1/manajemen/isms-records";
        let (st, e) = s.post(isms, Some(&op), record("2099-01-01", Value::Null)).await;
        assert_refused(st, &e, 422, "recorded_on");
        let (st, e) = s.post(isms, Some(&op), record("2026-01-10", json!("2026-01-01"))).await;
        assert_refused(st, &e, 422, "review_due");
        let (st, r) = s.post(isms, Some(&op), record("2026-01-10", json!("2027-01-10"))).await;
        assert_eq!(st, 201, "{r}");
        let page = get_text(&ui, s.url("/manajemen/smki")).await;
        assert!(page.contains("Evaluasi SMKI Dinkes"));
        let admin_ui = s.signed_in_as("admin").await;
        let page = get_text(&admin_ui, s.url("/manajemen/smki")).await;
        assert!(page.contains("Kebijakan keamanan informasi") && page.contains("lewat jadwal tinjauan"));
    })
    .await;
}
