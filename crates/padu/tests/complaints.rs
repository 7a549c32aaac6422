//! Public complaints through the API, on both engines: the SP4N-LAPOR! flow end to end, who
//! sees what, bad input, and the deadline job.

mod common;
use common::*;
use serde_json::json;

fn complaint(anonymous: bool) -> serde_json::Value {
    json!({
        "category": "pengaduan",
        "title": "Antrean Puskesmas Salido terlalu lama",
        "body": "Saya menunggu lebih dari tiga jam untuk berobat.",
        "location_text": "Puskesmas Salido",
        "latitude": -1.3485, "longitude": 100.5778,
        "anonymous": anonymous,
        "reporter_name": "Rina Marlina",
        "reporter_email": "rina@example.id"
    })
}

/// Files `complaint(anonymous)` without an account, as a citizen does; returns the answer.
async fn file(s: &TestServer, anonymous: bool) -> serde_json::Value {
    let (st, filed) = s
        .post("/api/v1/complaints", None, complaint(anonymous))
        .await;
    assert_eq!(st, 201, "{filed}");
    filed
}

#[tokio::test]
async fn the_lapor_flow_end_to_end_on_both_engines() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let kesehatan = s.token_of("operator.kesehatan").await;
        let kominfo = s.token_of("operator.kominfo").await;
        let pd = s.pd_id("dinas-kesehatan").await;

        // Bad input: named field, nothing stored.
        let mut bad = complaint(false);
        bad["category"] = json!("keluhan");
        let (st, body) = s.post("/api/v1/complaints", None, bad).await;
        assert_refused(st, &body, 422, "category");
        let mut bot = complaint(false);
        bot["website"] = json!("http://spam.example");
        let (st, body) = s.post("/api/v1/complaints", None, bot).await;
        assert_refused(st, &body, 422, "website");
        let (st, body) = s
            .post(
                "/api/v1/complaints",
                None,
                json!({"category": "aspirasi", "title": "x"}),
            )
            .await;
        assert_refused(st, &body, 422, "body");
        let (_, list) = s.get("/api/v1/complaints", Some(&admin)).await;
        assert_eq!(list["total"], 0, "bad input stored nothing");

        // A citizen files an anonymous complaint without an account.
        let filed = file(&s, true).await;
        let code = filed["tracking_code"].as_str().unwrap().to_string();
        let id = filed["id"].as_i64().unwrap();
        assert_eq!(filed["status"], "menunggu_verifikasi");
        assert!(filed["verify_due"].is_string());

        // Not public until verified; the PD does not have it yet.
        let (_, public) = s.get("/api/v1/complaints", None).await;
        assert_eq!(public["total"], 0);
        let (st, _) = s.get(&format!("/api/v1/complaints/{id}"), None).await;
        assert_eq!(st, 404);
        let (_, mine) = s.get("/api/v1/complaints", Some(&kesehatan)).await;
        assert_eq!(mine["total"], 0);
        // The code works however it is typed.
        let lower = code.to_lowercase().replace('-', " ");
        let (st, tracked) = s
            .get(&format!("/api/v1/complaints/track/{lower}"), None)
            .await;
        assert_eq!(
            (st, tracked["status"].as_str()),
            (200, Some("menunggu_verifikasi"))
        );
        assert!(tracked.get("reporter_name").is_none());

        // Only the Dinas verifies; the PD cannot answer before it is forwarded.
        let step = |s: &str, extra: serde_json::Value| {
            let mut v = json!({ "step": s, "body": "Mohon ditindaklanjuti" });
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            v
        };
        let path = format!("/api/v1/complaints/{id}/steps");
        let (st, _) = s
            .post(
                &path,
                Some(&kesehatan),
                step("forward", json!({"pd_id": pd})),
            )
            .await;
        assert_eq!(
            st, 404,
            "an Operator PD cannot see an unforwarded complaint"
        );
        let (st, body) = s
            .post(&path, Some(&admin), step("forward", json!({})))
            .await;
        assert_refused(st, &body, 422, "pd_id");
        let (st, fwd) = s
            .post(&path, Some(&admin), step("forward", json!({"pd_id": pd})))
            .await;
        assert_eq!(
            (st, fwd["status"].as_str()),
            (200, Some("diteruskan")),
            "{fwd}"
        );
        assert!(fwd["deadlines"]["follow_up_due"].is_string());

        // Anonymous: the PD sees the complaint but not who filed it; the Dinas sees both.
        let (_, seen) = s
            .get(&format!("/api/v1/complaints/{id}"), Some(&kesehatan))
            .await;
        assert_eq!(seen["complaint"]["identity_shown"], false);
        assert!(seen["complaint"]["reporter_name"].is_null());
        let (_, seen) = s
            .get(&format!("/api/v1/complaints/{id}"), Some(&admin))
            .await;
        assert_eq!(seen["complaint"]["reporter_name"], "Rina Marlina");
        // The public sees the forwarded complaint, never the identity.
        let (_, public) = s.get("/api/v1/complaints", None).await;
        assert_eq!(public["total"], 1);
        assert!(public["items"][0]["reporter_email"].is_null());

        // Another PD may not answer; a step out of order is a conflict.
        let (st, _) = s
            .post(&path, Some(&kominfo), step("follow_up", json!({})))
            .await;
        assert_eq!(st, 403);
        let (st, body) = s.post(&path, Some(&admin), step("reject", json!({}))).await;
        assert_refused(st, &body, 409, "step");
        // An internal note stays internal.
        let (st, _) = s
            .post(
                &format!("/api/v1/complaints/{id}/notes"),
                Some(&kesehatan),
                json!({"body": "Cek jadwal dokter"}),
            )
            .await;
        assert_eq!(st, 201);
        let (st, done) = s
            .post(
                &path,
                Some(&kesehatan),
                json!({
                    "step": "follow_up",
                    "body": "Jadwal dokter ditambah; antrean kini di bawah satu jam.",
                }),
            )
            .await;
        assert_eq!(
            (st, done["status"].as_str()),
            (200, Some("ditindaklanjuti")),
            "{done}"
        );

        let (_, tracked) = s
            .get(&format!("/api/v1/complaints/track/{code}"), None)
            .await;
        assert_eq!(tracked["can_respond"], true);
        let kinds: Vec<&str> = tracked["updates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            ["filed", "forwarded", "follow_up"],
            "no internal note in public"
        );

        // Not satisfied: back to the PD; then satisfied closes it.
        let respond = format!("/api/v1/complaints/track/{code}/response");
        let (st, back) = s
            .post(
                &respond,
                None,
                json!({"satisfied": false, "body": "Masih lama"}),
            )
            .await;
        assert_eq!((st, back["status"].as_str()), (200, Some("diteruskan")));
        s.post(
            &path,
            Some(&kesehatan),
            json!({"step": "follow_up", "body": "Loket kedua dibuka."}),
        )
        .await;
        let (_, closed) = s.post(&respond, None, json!({"satisfied": true})).await;
        assert_eq!(closed["status"], "selesai");
        let (st, _) = s.post(&respond, None, json!({"satisfied": true})).await;
        assert_eq!(st, 409, "a closed complaint takes no response");

        // Statistics carry counts only.
        let (_, stats) = s.get("/api/v1/complaints/statistics", None).await;
        assert_eq!(
            (
                stats["total"].as_i64(),
                stats["by_status"]["selesai"].as_i64()
            ),
            (Some(1), Some(1))
        );

        // The deadline job: a followed-up complaint closes 10 days later; an unverified one is
        // escalated once past its 3 working days.
        let second = file(&s, false).await;
        let id2 = second["id"].as_i64().unwrap();
        let store = &s.running.state.store;
        let later = padu::app::clock::system_now() + chrono::Duration::days(30);
        let (closed, escalated) = padu::app::pengaduan::run_deadlines(&s.running.state, later)
            .await
            .unwrap();
        assert_eq!((closed, escalated), (0, 1));
        let (closed, escalated) = padu::app::pengaduan::run_deadlines(&s.running.state, later)
            .await
            .unwrap();
        assert_eq!((closed, escalated), (0, 0), "escalated once");
        let (_, d) = s
            .get(&format!("/api/v1/complaints/{id2}"), Some(&admin))
            .await;
        assert_eq!(
            d["updates"].as_array().unwrap().last().unwrap()["kind"],
            "escalated"
        );
        // Filed just now: not overdue today, overdue in 30 days.
        let (st, overdue) = s.get("/api/v1/complaints?overdue=true", Some(&admin)).await;
        assert_eq!((st, overdue["total"].as_i64()), (200, Some(0)));
        let filter = padu_store::complaints::ComplaintFilter {
            overdue_at: Some(later),
            ..Default::default()
        };
        let page = store
            .list_complaints(
                &padu_store::complaints::ComplaintScope::All,
                &filter,
                &Default::default(),
            )
            .await
            .unwrap();
        assert_eq!(
            page.items.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![id2]
        );
        let (st, bad) = s
            .get("/api/v1/complaints?overdue=perhaps", Some(&admin))
            .await;
        assert_refused(st, &bad, 422, "overdue");
        s.post(
            &format!("/api/v1/complaints/{id2}/steps"),
            Some(&admin),
            json!({"step": "forward", "pd_id": pd}),
        )
        .await;
        s.post(
            &format!("/api/v1/complaints/{id2}/steps"),
            Some(&admin),
            json!({"step": "follow_up", "body": "Selesai"}),
        )
        .await;
        let (closed, _) = padu::app::pengaduan::run_deadlines(
            &s.running.state,
            later + chrono::Duration::days(11),
        )
        .await
        .unwrap();
        assert_eq!(closed, 1);
        let (_, d) = s
            .get(&format!("/api/v1/complaints/{id2}"), Some(&admin))
            .await;
        assert_eq!(d["complaint"]["status"], "selesai");

        // Every change is in the audit chain, which still verifies.
        s.assert_audit_chain_verifies(&admin).await;
    })
    .await;
}

/// Similar open complaints are suggested by words and by place; unverified ones stay hidden
/// from the public but are offered to staff.
#[tokio::test]
async fn similar_complaints_by_words_and_place() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let lamp = json!({
            "category": "pengaduan", "title": "Lampu jalan padam di Jalan Ilyas Yakub",
            "body": "Lampu penerangan jalan padam dua minggu.",
            "latitude": -1.3485, "longitude": 100.5778, "reporter_name": "Rina"
        });
        let (st, a) = s.post("/api/v1/complaints", None, lamp).await;
        assert_eq!(st, 201, "{a}");
        let id = a["id"].as_i64().unwrap();
        let q = "/api/v1/complaints/similar?title=Lampu%20jalan%20Ilyas%20Yakub%20mati&body=gelap";
        let (_, found) = s.get(q, None).await;
        assert_eq!(
            found.as_array().unwrap().len(),
            0,
            "unverified: not public yet"
        );
        let pd = s.pd_id("dinas-kesehatan").await;
        s.post(
            &format!("/api/v1/complaints/{id}/steps"),
            Some(&admin),
            json!({ "step": "forward", "pd_id": pd }),
        )
        .await;
        let (st, found) = s.get(q, None).await;
        assert_eq!(st, 200);
        assert_eq!(found[0]["id"].as_i64(), Some(id), "{found}");
        assert!(found[0].get("reporter_name").is_none(), "no personal data");
        // Same place, different words.
        let (_, near) = s
            .get(
                "/api/v1/complaints/similar?title=Gelap%20sekali\
             &latitude=-1.3487&longitude=100.5779",
                None,
            )
            .await;
        assert_eq!(near[0]["id"].as_i64(), Some(id), "{near}");
        assert!(near[0]["distance_km"].as_f64().unwrap() < 0.1);
        // Different words, far away.
        let (_, none) = s
            .get(
                "/api/v1/complaints/similar?title=Antrian%20KTP%20lama\
             &latitude=-2.1&longitude=101.2",
                None,
            )
            .await;
        assert_eq!(none.as_array().unwrap().len(), 0, "{none}");
        // The complainant attaches a photo with the tracking code; staff who see the complaint
        // read it, nobody else does.
        let code = a["tracking_code"].as_str().unwrap();
        let png = b"\x89PNG\r\n\x1a\nfoto".to_vec();
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(png.clone()).file_name("foto.png"),
        );
        let r = s
            .http
            .post(s.url(&format!("/api/v1/complaints/track/{code}/attachments")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let att: serde_json::Value = r.json().await.unwrap();
        assert_eq!(att["content_type"], "image/png");
        let own = s
            .http
            .get(s.url(&format!(
                "/api/v1/complaints/track/{code}/attachments/{}",
                att["id"]
            )))
            .send()
            .await
            .unwrap();
        assert_eq!(own.bytes().await.unwrap().as_ref(), png.as_slice());
        let staff = s
            .http
            .get(s.url(&format!("/api/v1/attachments/{}", att["id"])))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(staff.status(), 200);
        let anon = s
            .http
            .get(s.url(&format!("/api/v1/attachments/{}", att["id"])))
            .send()
            .await
            .unwrap();
        assert_eq!(anon.status(), 401);
        let other = s.token_of("operator.kominfo").await;
        let r = s
            .http
            .get(s.url(&format!("/api/v1/attachments/{}", att["id"])))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            404,
            "another PD does not see the complaint's files"
        );
        // The public statistics page: charts drawn as SVG, counts only.
        let page = s
            .http
            .get(s.url("/statistik"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("<svg"), "a server-side chart");
        assert!(page.contains("Dinas Kesehatan"), "counted per PD");
        assert!(!page.contains("Rina"), "no personal data");
    })
    .await;
}

/// Who handles a complaint, as a role matrix on both engines: only the Dinas and the PD it was
/// forwarded to write on it (notes, steps), through the API and the pages; the supervisors
/// (Koordinator, Auditor, Pimpinan) read its internal notes and files without writing; another
/// PD's operator and the public get its public view only.
#[tokio::test]
async fn only_the_dinas_and_the_forwarded_pd_handle_a_complaint() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let pd = s.pd_id("dinas-kesehatan").await;
        let filed = file(&s, false).await;
        let id = filed["id"].as_i64().unwrap();
        let code = filed["tracking_code"].as_str().unwrap().to_string();
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"\x89PNG\r\n\x1a\nfoto".to_vec()).file_name("a.png"),
        );
        let r = s
            .http
            .post(s.url(&format!("/api/v1/complaints/track/{code}/attachments")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let file: serde_json::Value = r.json().await.unwrap();
        s.post_ok(
            &admin,
            &format!("/api/v1/complaints/{id}/steps"),
            json!({ "step": "forward", "pd_id": pd }),
        )
        .await;
        let (st, _) = s
            .post(
                &format!("/api/v1/complaints/{id}/notes"),
                Some(&admin),
                json!({ "body": "Catatan internal Dinas" }),
            )
            .await;
        assert_eq!(st, 201);

        // (user, reads internal notes and files, handles it)
        let matrix = [
            ("admin", true, true),
            ("operator.kesehatan", true, true),
            ("operator.kominfo", false, false),
            ("auditor", true, false),
            ("pimpinan", true, false),
            ("koordinator", true, false),
        ];
        let internal_notes = |d: &serde_json::Value| {
            d["updates"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|u| u["public"] == false)
                .count()
        };
        let mut notes = 1;
        for (user, reads, handles) in matrix {
            let password = password_of(user);
            let token = s.token(user, password).await;
            let (st, d) = s
                .get(&format!("/api/v1/complaints/{id}"), Some(&token))
                .await;
            assert_eq!(st, 200, "{user}: {d}");
            assert_eq!(
                internal_notes(&d) > 0,
                reads,
                "{user} reads internal notes: {d}"
            );
            let r = s
                .http
                .get(s.url(&format!("/api/v1/attachments/{}", file["id"])))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(
                r.status(),
                if reads { 200 } else { 404 },
                "{user} reads the complainant's file"
            );
            let (st, body) = s
                .post(
                    &format!("/api/v1/complaints/{id}/notes"),
                    Some(&token),
                    json!({ "body": format!("Catatan {user}") }),
                )
                .await;
            assert_eq!(
                st,
                if handles { 201 } else { 403 },
                "{user} adds a note: {body}"
            );
            notes += usize::from(handles);
            if !handles {
                let (st, body) = s
                    .post(
                        &format!("/api/v1/complaints/{id}/steps"),
                        Some(&token),
                        json!({ "step": "follow_up", "body": "Sudah" }),
                    )
                    .await;
                assert_eq!(st, 403, "{user} takes a step: {body}");
            }

            // The page: the note form only for those who handle it; a note posted anyway is
            // refused and stores nothing.
            let ui = signed_in(&s, user, password).await;
            let page = get_text(&ui, s.url(&format!("/pengaduan/{id}"))).await;
            assert_eq!(
                page.contains("complaint-note"),
                handles,
                "{user}: the note form"
            );
            assert_eq!(
                page.contains("Catatan internal Dinas"),
                reads,
                "{user}: internal notes on the page"
            );
            let note = [("body", "Lewat halaman")];
            let r = post_form(
                &ui,
                s.url(&format!("/pengaduan/{id}/catatan")),
                &page,
                &note,
            )
            .await;
            if handles {
                notes += 1;
                // A control character in the page's note is named by the complaint pages' label.
                let bad = [("body", "Lewat\u{0}halaman")];
                let r =
                    post_form(&ui, s.url(&format!("/pengaduan/{id}/catatan")), &page, &bad).await;
                assert_eq!(r.status(), 422, "{user}: a NUL in a note");
                let html = r.text().await.unwrap();
                assert!(
                    html.contains("Isi laporan (body)") && html.contains("U+0000"),
                    "{html}"
                );
            } else {
                assert_eq!(r.status(), 403, "{user}: a note through the page");
            }
        }

        // The public: the public view, no internal notes, no notes, no files.
        let (st, d) = s.get(&format!("/api/v1/complaints/{id}"), None).await;
        assert_eq!((st, internal_notes(&d)), (200, 0), "{d}");
        let (st, _) = s
            .post(
                &format!("/api/v1/complaints/{id}/notes"),
                None,
                json!({ "body": "x" }),
            )
            .await;
        assert_eq!(st, 401);
        let (st, _) = s
            .post(
                &format!("/api/v1/complaints/{id}/steps"),
                None,
                json!({ "step": "follow_up", "body": "x" }),
            )
            .await;
        assert_eq!(st, 401);

        // Exactly the handlers' notes were stored; the complaint is still with the PD.
        let (_, d) = s
            .get(&format!("/api/v1/complaints/{id}"), Some(&admin))
            .await;
        assert_eq!(internal_notes(&d), notes, "{d}");
        assert_eq!(d["complaint"]["status"], "diteruskan");
    })
    .await;
}

/// A NUL (or another control character) in a complaint is refused at the door, naming the
/// field, on both engines (PostgreSQL answered 500, SQLite stored it: issue 15). Open311 and
/// the public form refuse it too, and nothing is stored.
#[tokio::test]
async fn a_control_character_in_a_complaint_is_refused_naming_the_field() {
    demo_on_both_engines(async |s| {
        let store = &s.running.state.store;
        let before = store.table_counts().await.unwrap();
        let mut anonymous = complaint(true);
        anonymous["title"] = json!("Antrean\u{0} lama");
        let (st, e) = s.post("/api/v1/complaints", None, anonymous).await;
        assert_refused(st, &e, 422, "title");
        assert!(e["error"]["message"].as_str().unwrap().contains("U+0000"));

        // The public form: the page names the field by its label.
        let ui = test_client(true);
        let page = get_text(&ui, s.url("/lapor")).await;
        let fields = [
            ("category", "pengaduan"),
            ("title", "Antrean lama"),
            ("body", "Menunggu\u{0}tiga jam"),
            ("reporter_name", "Rina"),
        ];
        let r = post_form(&ui, s.url("/lapor"), &page, &fields).await;
        assert_eq!(r.status(), 422);
        let html = r.text().await.unwrap();
        assert!(
            html.contains("Isi laporan (body)") && html.contains("U+0000"),
            "{html}"
        );

        // Open311's form body.
        let r = s
            .http
            .post(s.url("/open311/v2/requests.json"))
            .form(&[("api_key", "x"), ("description", "bell\u{7}")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("description"));
        assert_eq!(
            store.table_counts().await.unwrap(),
            before,
            "nothing stored"
        );
        s.running.stop().await;
    })
    .await;
}

/// A duplicate is merged into the earlier report by its tracking code on the staff's page, and
/// its complainant is told which report theirs joined.
#[tokio::test]
async fn a_duplicate_is_merged_by_tracking_code() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let first = file(&s, false).await;
    let second = file(&s, false).await;
    let (first_code, second_code) = (
        first["tracking_code"].as_str().unwrap(),
        second["tracking_code"].as_str().unwrap(),
    );
    let ui = s.signed_in_as("admin").await;
    let page = get_text(&ui, s.url(&format!("/pengaduan/{}", second["id"]))).await;
    let r = ui
        .post(s.url(&format!("/pengaduan/{}/langkah", second["id"])))
        .form(&[
            ("csrf", csrf_of(&page).as_str()),
            ("step", "merge"),
            ("merged_into", &first_code.to_lowercase()),
            ("body", ""),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_success(), "{}", r.status());
    let (_, tracked) = s
        .get(&format!("/api/v1/complaints/track/{second_code}"), None)
        .await;
    assert_eq!(tracked["status"], "digabung", "{tracked}");
    let page = get_text(&test_client(false), s.url(&format!("/lacak/{second_code}"))).await;
    assert!(
        page.contains(first_code),
        "the report it joined is named: {page}"
    );

    // Staff attach files to the earlier report: a public one the complainant sees, and one kept
    // among staff.
    let staff_page = get_text(&ui, s.url(&format!("/pengaduan/{}", first["id"]))).await;
    let csrf = csrf_of(&staff_page);
    for (name, internal) in [("jawaban.pdf", false), ("catatan-internal.pdf", true)] {
        let mut form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 isi".to_vec()).file_name(name),
            );
        if internal {
            form = form.text("internal", "1");
        }
        let r = ui
            .post(s.url(&format!("/pengaduan/{}/lampiran", first["id"])))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{name}: {}", r.status());
    }
    let staff_page = get_text(&ui, s.url(&format!("/pengaduan/{}", first["id"]))).await;
    assert!(staff_page.contains("jawaban.pdf") && staff_page.contains("catatan-internal.pdf"));
    let citizen = get_text(&test_client(false), s.url(&format!("/lacak/{first_code}"))).await;
    assert!(
        citizen.contains("jawaban.pdf"),
        "the complainant sees the staff's public file"
    );
    assert!(
        !citizen.contains("catatan-internal.pdf"),
        "never the staff-only one"
    );
    s.running.stop().await;
}

/// The Dinas hears of every new public complaint: a notification with an unread badge in the
/// navigation, which following it clears (the SP4N-LAPOR! flow gives it 3 working days to
/// verify, so someone must know at once). Another user cannot open it.
#[tokio::test]
async fn a_new_complaint_reaches_the_dinas_with_an_unread_badge() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let ui = s.signed_in_as("admin").await;
    let before = get_text(&ui, s.url("/dashboard")).await;
    assert!(!before.contains("class=\"count\""), "no badge without news");
    let filed = file(&s, false).await;
    let page = get_text(&ui, s.url("/dashboard")).await;
    assert!(
        page.contains("<span class=\"count\" title=\"Notifikasi belum dibaca\">1</span>"),
        "the badge counts the new complaint: {page}"
    );
    let list = get_text(&ui, s.url("/notifikasi")).await;
    let code = filed["tracking_code"].as_str().unwrap();
    assert!(list.contains(&format!("Pengaduan baru {code}")), "{list}");
    let id = list
        .split("href=\"/notifikasi/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a link to the notification")
        .to_string();

    let other = s.signed_in_as("operator.kominfo").await;
    let r = other
        .get(s.url(&format!("/notifikasi/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "another user's notification");

    let plain = test_client(false);
    let cookie_less = plain
        .get(s.url(&format!("/notifikasi/{id}")))
        .send()
        .await
        .unwrap();
    assert!(
        cookie_less.url().path().starts_with("/login"),
        "signed out, it asks to sign in: {}",
        cookie_less.url()
    );
    let r = ui
        .get(s.url(&format!("/notifikasi/{id}")))
        .send()
        .await
        .unwrap();
    assert!(
        r.url()
            .path()
            .ends_with(&format!("/pengaduan/{}", filed["id"])),
        "it leads to the complaint: {}",
        r.url()
    );
    let page = get_text(&ui, s.url("/dashboard")).await;
    assert!(!page.contains("class=\"count\""), "read, the badge goes");
    s.running.stop().await;
}
