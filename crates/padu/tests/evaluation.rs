//! The SPBE self-evaluation on both engines: an instrument that is not the shipped one is loaded
//! from a file (a malformed one is refused naming its line, and nothing is stored), a year's
//! evaluation is started on it, levels are claimed and reviewed, and the index and predicate
//! follow the hand-computed sums, at the 4.2 boundary exactly; a claimed level that lacks the
//! records it asks is warned of; the demo's past years are there to compare with. Bad input
//! names its field.

mod common;
use chrono::Datelike;
use common::*;
use serde_json::{json, Value};

const TEST_INSTRUMENT: &str = include_str!("data/instrumen-uji.toml");

fn claim(indicator: i64, level: i64) -> Value {
    json!({
        "indicator": indicator,
        "level": level,
        "justification": format!("Tingkat {level} tercapai; bukti terlampir."),
        "links": [{ "label": "Register risiko", "href": "/manajemen/risiko" }]
    })
}

/// Posts what creates a record: 201 and the record.
async fn create(s: &TestServer, token: &str, path: &str, body: Value) -> Value {
    let (status, answer) = s.post(path, Some(token), body).await;
    assert_eq!(
        status,
        201,
        "POST {path}: {}",
        &answer.to_string()[..answer.to_string().len().min(300)]
    );
    answer
}

fn total(v: &Value) -> (String, String) {
    let t = &v["index"]["total"];
    let index = t["weighted"].as_f64().unwrap() / t["weight"].as_f64().unwrap();
    (
        format!("{index:.2}"),
        v["index"]["predicate"].as_str().unwrap().to_string(),
    )
}

#[tokio::test]
async fn an_instrument_from_a_file_is_claimed_reviewed_and_scored() {
    demo_on_both_engines(async |s| {
        let koordinator = s.token_of("koordinator").await;
        let auditor = s.token_of("auditor").await;
        let operator = s.token_of("operator.kesehatan").await;
        let year = padu_domain::sla::wib_date(s.running.state.clock.now()).year() as i64;

        // A malformed instrument is refused with its line, and nothing is stored.
        let (_, before) = s.get("/api/v1/evaluasi/instruments", Some(&koordinator)).await;
        for (bad, says) in [
            (TEST_INSTRUMENT.replace("weight = 10.0", "weight = 11.0"), "weigh"),
            (TEST_INSTRUMENT.replace("number = 3\n", "number = 4\n"), "gap"),
            (TEST_INSTRUMENT.replace("weight = 30.0\n", "weight = \"tiga puluh\"\n"), "line"),
            (TEST_INSTRUMENT.replace("source = \"risiko\"", "source = \"kopi\""), "kopi"),
        ] {
            let (status, body) = s
                .post("/api/v1/evaluasi/instruments", Some(&koordinator), json!({ "text": bad }))
                .await;
            assert_refused(status, &body, 422, "file");
            let message = body["error"]["message"].as_str().unwrap();
            assert!(message.contains(says), "{message}");
            assert!(message.starts_with("line "), "{message}");
        }
        let (_, after) = s.get("/api/v1/evaluasi/instruments", Some(&koordinator)).await;
        assert_eq!(before, after);
        // Only those who run the evaluation load one.
        let (status, _) = s
            .post("/api/v1/evaluasi/instruments", Some(&operator), json!({ "text": TEST_INSTRUMENT }))
            .await;
        assert_eq!(status, 403);
        let loaded = create(&s, &koordinator, "/api/v1/evaluasi/instruments", json!({ "text": TEST_INSTRUMENT })).await;
        assert_eq!(loaded["code"], "ipd-uji");
        assert_eq!(loaded["domains"][1]["aspects"][0]["indicators"][1]["weight"], 2500);

        // This year's evaluation on it; one a year.
        let start = json!({ "year": year, "instrument": "ipd-uji" });
        create(&s, &koordinator, "/api/v1/evaluasi/evaluations", start.clone()).await;
        let (status, body) = s
            .post("/api/v1/evaluasi/evaluations", Some(&koordinator), start)
            .await;
        assert_refused(status, &body, 409, "year");
        let (status, body) = s
            .post(
                "/api/v1/evaluasi/evaluations",
                Some(&koordinator),
                json!({ "year": year - 3, "instrument": "tidak-ada" }),
            )
            .await;
        assert_refused(status, &body, 422, "instrument");
        // A used instrument is not replaced: its successor takes a new code.
        let (status, body) = s
            .post("/api/v1/evaluasi/instruments", Some(&koordinator), json!({ "text": TEST_INSTRUMENT }))
            .await;
        assert_refused(status, &body, 422, "file");

        // Bad claims name their field; nothing is stored.
        let claims = format!("/api/v1/evaluasi/evaluations/{year}/claims");
        for (body, field) in [
            (claim(1, 6), "level"),
            (claim(1, 0), "level"),
            (claim(99, 3), "indicator"),
            (json!({ "indicator": 1, "level": 3, "justification": " " }), "justification"),
            (
                json!({ "indicator": 1, "level": 3, "justification": "x", "links": [{ "label": "a", "href": "javascript:alert(1)" }] }),
                "links[0].href",
            ),
        ] {
            let (status, answer) = s.put(&claims, Some(&koordinator), body).await;
            assert_refused(status, &answer, 422, field);
        }
        let (status, _) = s.put(&claims, Some(&operator), claim(1, 3)).await;
        assert_eq!(status, 403, "a PD's operator does not claim the Pemda's levels");
        let (status, _) = s.put(&claims, Some(&auditor), claim(1, 3)).await;
        assert_eq!(status, 403, "the assessor does not claim");
        let path = format!("/api/v1/evaluasi/evaluations/{year}");
        let (_, v) = s.get(&path, Some(&koordinator)).await;
        assert_eq!(v["index"]["missing"], json!([1, 2, 3, 4, 5]));
        assert_eq!(total(&v), ("0.00".into(), "Kurang".into()));

        // Weights 10, 30, 20, 15, 25 at levels 5, 5, 3, 4, 4: 420 / 100 = 4.20, Memuaskan.
        for (indicator, level) in [(1, 5), (2, 5), (3, 3), (4, 4), (5, 4)] {
            let (status, answer) = s.put(&claims, Some(&koordinator), claim(indicator, level)).await;
            assert_eq!(status, 200, "{answer}");
        }
        let (_, v) = s.get(&path, Some(&operator)).await;
        assert_eq!(total(&v), ("4.20".into(), "Memuaskan".into()), "every member of staff reads it");
        // Domain 1 (weights 10, 30, 20): 260 / 60 = 4.33.
        let d1 = &v["index"]["domains"][0][1];
        assert_eq!(
            format!("{:.2}", d1["weighted"].as_f64().unwrap() / d1["weight"].as_f64().unwrap()),
            "4.33"
        );
        // The demo's two earlier years are there to compare with.
        assert_eq!(v["earlier"].as_array().unwrap().len(), 2, "{}", v["earlier"]);

        // The assessor revises indicator 4 from 4 to 3: 405 / 100 = 4.05, Sangat Baik; the
        // claim's own index stays 4.20.
        let review = |n: i64| format!("/api/v1/evaluasi/evaluations/{year}/indicators/{n}/review");
        for (body, field) in [
            (json!({ "verdict": "mungkin" }), "verdict"),
            (json!({ "verdict": "revisi", "note": "kurang bukti" }), "level"),
            (json!({ "verdict": "revisi", "level": 3 }), "note"),
        ] {
            let (status, answer) = s.put(&review(4), Some(&auditor), body).await;
            assert_refused(status, &answer, 422, field);
        }
        let (status, _) = s
            .put(&review(4), Some(&koordinator), json!({ "verdict": "setuju" }))
            .await;
        assert_eq!(status, 403, "who claims does not review");
        let revised = json!({ "verdict": "revisi", "level": 3, "note": "Belum terukur di seluruh unit kerja." });
        let (status, answer) = s.put(&review(4), Some(&auditor), revised).await;
        assert_eq!(status, 200, "{answer}");
        s.put(&review(1), Some(&auditor), json!({ "verdict": "setuju" })).await;
        let (_, v) = s.get(&path, Some(&koordinator)).await;
        assert_eq!(total(&v), ("4.05".into(), "Sangat Baik".into()));
        let claimed = &v["claimed_index"]["total"];
        assert_eq!(claimed["weighted"], 42000);

        // The heaviest indicator below 5 comes first among the gains: 5 (25), then 4 (15).
        assert_eq!(v["gains"][0]["indicator"], 5);
        assert_eq!(v["gains"][1]["indicator"], 3);

        // A claim whose level changes goes back to the assessor; one only reworded keeps it.
        s.put(&claims, Some(&koordinator), claim(4, 3)).await;
        s.put(&claims, Some(&koordinator), claim(1, 5)).await;
        let (_, v) = s.get(&path, Some(&koordinator)).await;
        let rows = v["rows"].as_array().unwrap();
        assert_eq!(rows[3]["claim"]["verdict"], Value::Null);
        assert_eq!(rows[0]["claim"]["verdict"], "setuju");

        // One person holding both roles does not review a claim of their own.
        let admin = s.token_of("admin").await;
        let password = "Dua-Peran-Sekaligus-2026!";
        create(
            &s,
            &admin,
            "/api/v1/users",
            json!({ "username": "ganda", "full_name": "Peran Ganda", "password": password,
                    "grants": [{ "role": "koordinator", "pd": null }, { "role": "auditor", "pd": null }] }),
        )
        .await;
        // A token is scoped to one of the user's roles.
        let as_role = async |role: &str| {
            let (status, answer) = s
                .post(
                    "/api/v1/auth/login",
                    None,
                    json!({ "username": "ganda", "password": password, "role": role }),
                )
                .await;
            assert_eq!(status, 200, "{answer}");
            answer["token"].as_str().unwrap().to_string()
        };
        let (claiming, reviewing) = (as_role("koordinator").await, as_role("auditor").await);
        let (status, answer) = s.put(&claims, Some(&claiming), claim(5, 3)).await;
        assert_eq!(status, 200, "{answer}");
        let (status, _) = s.put(&review(5), Some(&reviewing), json!({ "verdict": "setuju" })).await;
        assert_eq!(status, 403, "the assessor is never the claimant");
        let (status, _) = s.put(&review(5), Some(&auditor), json!({ "verdict": "setuju" })).await;
        assert_eq!(status, 200);
        // Reworded, a claim goes back to the assessor too.
        let mut reworded = claim(5, 3);
        reworded["justification"] = json!("Dijelaskan ulang.");
        s.put(&claims, Some(&koordinator), reworded).await;
        let (_, v) = s.get(&path, Some(&koordinator)).await;
        assert_eq!(v["rows"][4]["claim"]["verdict"], Value::Null);

        // The sheet of the year.
        let sheet = test_client(false)
            .get(s.url(&format!("{path}/sheet?format=xlsx")))
            .bearer_auth(&koordinator)
            .send()
            .await
            .unwrap();
        assert_eq!(sheet.status(), 200);
        assert!(sheet.bytes().await.unwrap().starts_with(b"PK"));
        s.assert_audit_chain_verifies(&s.token_of("admin").await).await;
    })
    .await;
}

#[tokio::test]
async fn a_claimed_level_without_the_records_it_asks_is_warned_of() {
    demo_on_both_engines(async |s| {
        let koordinator = s.token_of("koordinator").await;
        // The demo holds no service desk tickets: an instrument that asks them from level 2.
        let text = TEST_INSTRUMENT
            .replace("code = \"ipd-uji\"", "code = \"ipd-tiket\"")
            .replace("source = \"risiko\"", "source = \"tiket_layanan\"");
        create(
            &s,
            &koordinator,
            "/api/v1/evaluasi/instruments",
            json!({ "text": text }),
        )
        .await;
        let year = padu_domain::sla::wib_date(s.running.state.clock.now()).year() as i64;
        create(
            &s,
            &koordinator,
            "/api/v1/evaluasi/evaluations",
            json!({ "year": year, "instrument": "ipd-tiket" }),
        )
        .await;
        let claims = format!("/api/v1/evaluasi/evaluations/{year}/claims");
        let indicator = format!("/api/v1/evaluasi/evaluations/{year}/indicators/2");
        s.put(&claims, Some(&koordinator), claim(2, 1)).await;
        let (_, v) = s.get(&indicator, Some(&koordinator)).await;
        assert_eq!(v["lacking"], json!([]), "level 1 asks no tickets");
        assert_eq!(v["proposals"][0]["source"], "tiket_layanan");
        assert_eq!(v["proposals"][0]["count"], 0);
        s.put(&claims, Some(&koordinator), claim(2, 2)).await;
        let (_, v) = s.get(&indicator, Some(&koordinator)).await;
        assert_eq!(v["lacking"], json!(["tiket_layanan"]));

        // The shipped instrument proposes what the demo holds: indicator 21, the risks.
        let (_, v) = s
            .get(
                &format!("/api/v1/evaluasi/evaluations/{}/indicators/21", year - 1),
                Some(&koordinator),
            )
            .await;
        let risks = v["proposals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["source"] == "risiko")
            .expect("the risk register is proposed");
        assert!(risks["count"].as_i64().unwrap() > 0, "{risks}");
        assert_eq!(risks["href"], "/manajemen/risiko");
    })
    .await;
}

/// The year's report to the head of region (Kalbar Pasal 44, Pessel Pasal 47(2)) is signed
/// with the instance key and checked by openssl alone; a report whose records changed since
/// is no longer current; a year with indicators unclaimed is not signed; a PD's operator does
/// not read it.
#[tokio::test]
async fn the_years_report_is_signed_and_verifies_with_openssl() {
    demo_on_both_engines(async |s| {
        let koordinator = s.token_of("koordinator").await;
        let pimpinan = s.token_of("pimpinan").await;
        let year = padu_domain::sla::wib_date(s.running.state.clock.now()).year() as i64 - 1;
        let path = format!("/api/v1/evaluasi/evaluations/{year}/report");
        let (status, unsigned) = s.get(&path, Some(&pimpinan)).await;
        assert_eq!(status, 200, "{unsigned}");
        assert_eq!(unsigned["signed"], Value::Null);
        let (status, _) = s
            .get(&path, Some(&s.token_of("operator.kesehatan").await))
            .await;
        assert_eq!(status, 403);
        let (status, _) = s.post(&path, Some(&pimpinan), json!({})).await;
        assert_eq!(
            status, 403,
            "the leadership receives the report, the Koordinator sends it"
        );

        let signed = create(&s, &koordinator, &path, json!({})).await;
        assert_eq!(
            (signed["valid"].as_bool(), signed["current"].as_bool()),
            (Some(true), Some(true)),
            "{signed}"
        );
        let statement = signed["signed"]["statement"].as_str().unwrap();
        assert!(
            statement.contains(&format!("year: {year}\n")),
            "{statement}"
        );
        assert!(statement.contains("domain 3: "), "{statement}");
        assert!(statement.contains("signed-by: koordinator"), "{statement}");

        let key = signed["signed"]["public_key_pem"].as_str().unwrap();
        let signature = signed["signed"]["signature"].as_str().unwrap();
        assert!(openssl_verifies(statement, key, signature));
        assert!(!openssl_verifies(
            &statement.replace("index: ", "index: 4"),
            key,
            signature
        ));

        // A claim changed: the signature still verifies, the report is no longer current.
        let (status, _) = s
            .put(
                &format!("/api/v1/evaluasi/evaluations/{year}/claims"),
                Some(&koordinator),
                claim(18, 5),
            )
            .await;
        assert_eq!(status, 200);
        let (_, now) = s.get(&path, Some(&pimpinan)).await;
        assert_eq!(
            (now["valid"].as_bool(), now["current"].as_bool()),
            (Some(true), Some(false)),
            "{now}"
        );

        // This year's evaluation, started and unclaimed, is not signed.
        let this_year = year + 1;
        create(
            &s,
            &koordinator,
            "/api/v1/evaluasi/evaluations",
            json!({ "year": this_year, "instrument": "permenpanrb-59-2020" }),
        )
        .await;
        let (status, answer) = s
            .post(
                &format!("/api/v1/evaluasi/evaluations/{this_year}/report"),
                Some(&koordinator),
                json!({}),
            )
            .await;
        assert_refused(status, &answer, 422, "year");
    })
    .await;
}
