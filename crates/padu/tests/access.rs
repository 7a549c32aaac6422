//! The access matrix end to end: an Operator PD cannot read or change another PD's restricted
//! records through the API or the UI; the public sees only what is public. Both engines.

mod common;
use common::*;
use serde_json::json;

fn site(pd: i64, name: &str, class: &str) -> serde_json::Value {
    json!({
        "pd_id": pd,
        "name": name,
        "kind": "pd_office",
        "address": "Jl. Ilyas Yakub, Painan",
        "bandwidth_mbps": 20,
        "latitude": -1.35,
        "longitude": 100.57,
        "classification": class,
    })
}

#[tokio::test]
async fn operator_pd_is_confined_to_its_own_pd() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.pd_id("dinas-kesehatan").await;
        let kominfo = s.pd_id("dinas-komunikasi-dan-informatika").await;
        let op_kes = s.token_of("operator.kesehatan").await;
        let op_kom = s.token_of("operator.kominfo").await;

        let mut ids = std::collections::HashMap::new();
        for class in ["biasa", "terbatas", "rahasia", "sangat_rahasia"] {
            let (st, body) = s
                .post(
                    "/api/v1/sites",
                    Some(&op_kes),
                    site(kesehatan, &format!("Server Kesehatan {class}"), class),
                )
                .await;
            assert_eq!(st, 201, "{body}");
            ids.insert(class, body["id"].as_i64().unwrap());
        }
        // Writing into another PD is refused before anything is stored.
        let (st, _) = s
            .post(
                "/api/v1/sites",
                Some(&op_kom),
                site(kesehatan, "intrusion", "biasa"),
            )
            .await;
        assert_eq!(st, 403);

        for (class, id) in &ids {
            let path = format!("/api/v1/sites/{id}");
            let (read, _) = s.get(&path, Some(&op_kom)).await;
            let (update, _) = s
                .put(&path, Some(&op_kom), site(kominfo, "taken over", class))
                .await;
            let (delete, _) = s.delete(&path, Some(&op_kom)).await;
            let (public, _) = s.get(&path, None).await;
            if *class == "biasa" {
                assert_eq!(
                    (read, update, delete, public),
                    (200, 403, 403, 200),
                    "{class}"
                );
            } else {
                assert_eq!(
                    read, 404,
                    "another PD's {class} record does not exist for this operator"
                );
                assert_eq!((update, delete), (404, 404), "{class}");
                assert_eq!(public, 401, "{class}");
            }
            let (own, _) = s.get(&path, Some(&op_kes)).await;
            assert_eq!(own, 200, "the owner reads its {class} record");
        }
        // Nothing was changed by the refused attempts.
        let (_, still) = s
            .get(&format!("/api/v1/sites/{}", ids["rahasia"]), Some(&op_kes))
            .await;
        assert_eq!(still["name"], "Server Kesehatan rahasia");

        // Lists: the public sees only biasa; the other operator only biasa of Kesehatan.
        let (_, public_list) = s
            .get(
                &format!("/api/v1/sites?pd_id={kesehatan}&per_page=200"),
                None,
            )
            .await;
        let classes: Vec<&str> = public_list["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["classification"].as_str().unwrap())
            .collect();
        assert_eq!(classes, vec!["biasa"]);
        let (_, other_list) = s
            .get(
                &format!("/api/v1/sites?pd_id={kesehatan}&per_page=200"),
                Some(&op_kom),
            )
            .await;
        assert!(other_list["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["classification"] == "biasa"));
        let (_, own_list) = s
            .get(
                &format!("/api/v1/sites?pd_id={kesehatan}&per_page=200&q=server"),
                Some(&op_kes),
            )
            .await;
        assert_eq!(own_list["total"], 4);

        // Audit log, users and platform are not for operators or the public.
        assert_eq!(s.get("/api/v1/audit", Some(&op_kom)).await.0, 403);
        assert_eq!(s.get("/api/v1/audit", None).await.0, 401);
        assert_eq!(s.get("/api/v1/users", Some(&op_kom)).await.0, 403);
        assert_eq!(
            s.post(
                "/api/v1/pds",
                Some(&op_kom),
                json!({ "code": "pd-baru", "name": "PD Baru", "kind": "dinas" })
            )
            .await
            .0,
            403
        );
        let auditor = s.token_of("auditor").await;
        assert_eq!(
            s.get(&format!("/api/v1/sites/{}", ids["rahasia"]), Some(&auditor))
                .await
                .0,
            200,
            "auditors read across PDs"
        );
        assert_eq!(
            s.get(
                &format!("/api/v1/sites/{}", ids["sangat_rahasia"]),
                Some(&auditor)
            )
            .await
            .0,
            404
        );
        assert_eq!(s.get("/api/v1/audit", Some(&auditor)).await.0, 200);

        // The UI applies the same rule: the other operator's site page omits the restricted ones.
        let ui = s.signed_in_as("operator.kominfo").await;
        let page = get_text(&ui, s.url(&format!("/pd/{kesehatan}"))).await;
        assert!(page.contains("Server Kesehatan biasa"));
        assert!(
            !page.contains("Server Kesehatan terbatas")
                && !page.contains("Server Kesehatan rahasia")
        );
        // A form post without the session's CSRF token is refused and changes nothing.
        let r = ui
            .post(s.url(&format!("/pd/{kesehatan}")))
            .form(&[
                ("code", "dinas-kesehatan"),
                ("name", "Hacked"),
                ("kind", "dinas"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        // Even with its token the operator cannot edit another PD.
        let dash = get_text(&ui, s.url("/dashboard")).await;
        let token = csrf_of(&dash);
        let r = ui
            .post(s.url(&format!("/pd/{kesehatan}")))
            .form(&[
                ("code", "dinas-kesehatan"),
                ("name", "Hacked"),
                ("kind", "dinas"),
                ("csrf", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(
            s.running.state.store.get_pd(kesehatan).await.unwrap().name,
            "Dinas Kesehatan"
        );
        // Cross-site form posts are refused outright.
        let r = ui
            .post(s.url("/logout"))
            .header("sec-fetch-site", "cross-site")
            .form(&[("csrf", &token)])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
        s.running.stop().await;
    })
    .await;
}

#[tokio::test]
async fn bad_input_names_the_field_and_changes_nothing() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let before = s.running.state.store.count_pds().await.unwrap();
        let cases = [
            (
                json!({ "code": "Bad Code", "name": "X", "kind": "dinas" }),
                422,
                "code",
            ),
            (
                json!({ "code": "ok-code", "name": "X", "kind": "kementerian" }),
                422,
                "kind",
            ),
            (json!({ "code": "ok-code", "kind": "dinas" }), 422, "name"),
            (
                json!({ "code": "dinas-kesehatan", "name": "Dup", "kind": "dinas" }),
                409,
                "code",
            ),
            (
                json!({ "code": 5, "name": "X", "kind": "dinas" }),
                422,
                "code",
            ),
        ];
        for (body, status, field) in cases {
            let (st, err) = s.post("/api/v1/pds", Some(&admin), body.clone()).await;
            assert_eq!(st, status, "{body}: {err}");
            assert_eq!(err["error"]["field"], field, "{body}: {err}");
        }
        assert_eq!(s.running.state.store.count_pds().await.unwrap(), before);
        let (st, err) = s.get("/api/v1/sites?per_page=abc", Some(&admin)).await;
        assert_refused(st, &err, 422, "per_page");
        let (st, err) = s
            .post(
                "/api/v1/users",
                Some(&admin),
                json!({ "username": "baru", "full_name": "B", "password": "short", "grants": [] }),
            )
            .await;
        assert_refused(st, &err, 422, "password");
        let (st, _) = s.get("/api/v1/nothing-here", None).await;
        assert_eq!(st, 404);
        let (st, _) = s.get("/api/v1/me", Some("padu_not-a-token")).await;
        assert_eq!(st, 401);
    })
    .await;
}

#[tokio::test]
async fn lockout_tokens_and_permission_changes_are_enforced_and_audited() {
    demo_on_both_engines(async |s| {
        for _ in 0..5 {
            let (st, _) = s
                .post(
                    "/api/v1/auth/login",
                    None,
                    json!({ "username": "pimpinan", "password": "Wrong-Password-1!" }),
                )
                .await;
            assert_eq!(st, 401);
        }
        let (st, err) = s
            .post(
                "/api/v1/auth/login",
                None,
                json!({ "username": "pimpinan", "password": DEMO_PASSWORD }),
            )
            .await;
        assert_eq!(
            (st, err["error"]["code"].as_str()),
            (401, Some("invalid_credentials")),
            "locked even with the right password, answered as any failure"
        );

        let admin = s.token_of("admin").await;
        let op = s.token_of("operator.kominfo").await;
        let kominfo = s.pd_id("dinas-komunikasi-dan-informatika").await;
        let (st, created) = s
            .post(
                "/api/v1/tokens",
                Some(&op),
                json!({
                    "name": "sipd",
                    "role": "operator_pd",
                    "pd_id": kominfo,
                    "expires_in_days": 30,
                }),
            )
            .await;
        assert_eq!(st, 201, "{created}");
        let program = created["token"].as_str().unwrap().to_string();
        assert_eq!(s.get("/api/v1/me", Some(&program)).await.0, 200);
        let (st, _) = s
            .post(
                "/api/v1/tokens",
                Some(&op),
                json!({ "name": "x", "role": "admin_dinas", "expires_in_days": 30 }),
            )
            .await;
        assert_eq!(st, 422, "a token never carries a role its maker lacks");

        // Taking the role away disables the token at once.
        let user_id = s.user_id("operator.kominfo").await;
        let (st, _) = s
            .put(
                &format!("/api/v1/users/{user_id}/grants"),
                Some(&admin),
                json!({ "grants": [{ "role": "pimpinan", "pd": null }] }),
            )
            .await;
        assert_eq!(st, 200);
        assert_eq!(s.get("/api/v1/me", Some(&program)).await.0, 401);
        let (_, log) = s
            .get("/api/v1/audit?action=permission_change", Some(&admin))
            .await;
        assert_eq!(log["total"], 1);
        let (_, fails) = s
            .get("/api/v1/audit?action=login_failed", Some(&admin))
            .await;
        assert!(fails["total"].as_i64().unwrap() >= 5);
        s.assert_audit_chain_verifies(&admin).await;
    })
    .await;
}

/// A site that infrastructure still stands on is not deleted: 409 naming what uses it (it was
/// a 500), nothing changed; once free, it deletes. Both engines.
#[tokio::test]
async fn deleting_a_site_in_use_is_a_conflict_naming_what_uses_it() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let pd = s.pd_id("dinas-kesehatan").await;
        let (st, place) = s
            .post(
                "/api/v1/sites",
                Some(&admin),
                site(pd, "Ruang server Dinkes", "biasa"),
            )
            .await;
        assert_eq!(st, 201, "{place}");
        let site_id = place["id"].as_i64().unwrap();
        let (st, server) = s
            .post(
                "/api/v1/catalog/infrastructure",
                Some(&admin),
                json!({
                    "pd_id": pd,
                    "name": "Server SIMPUS",
                    "kind": "server",
                    "placed_at": "ruang_pd",
                    "site_id": site_id,
                    "status": "aktif",
                }),
            )
            .await;
        assert_eq!(st, 201, "{server}");
        let path = format!("/api/v1/sites/{site_id}");
        let (st, e) = s.delete(&path, Some(&admin)).await;
        assert_eq!(st, 409, "{e}");
        assert_eq!(e["error"]["code"], "conflict");
        assert_eq!(e["error"]["field"], "id");
        let message = e["error"]["message"].as_str().unwrap();
        assert!(message.contains("catalog_infrastructure"), "{message}");
        let (st, _) = s.get(&path, Some(&admin)).await;
        assert_eq!(st, 200, "nothing deleted");
        let (st, _) = s
            .delete(
                &format!("/api/v1/catalog/infrastructure/{}", server["id"]),
                Some(&admin),
            )
            .await;
        assert_eq!(st, 204);
        let (st, _) = s.delete(&path, Some(&admin)).await;
        assert_eq!(st, 204);
    })
    .await;
}

/// API answers, exports and downloads of records are never cached (`Cache-Control: no-store`);
/// the stylesheet may be. And `/api/v1/tokens` honours its documented `q`.
#[tokio::test]
async fn api_answers_and_exports_are_not_cached() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        for (path, token) in [
            ("/api/v1/sites", Some(&admin)),
            ("/api/v1/complaints", None),
            ("/api/v1/complaints/statistics", None),
            ("/api/v1/nowhere", None),
            ("/api/v1/sites", None),
            ("/api/v1/catalog/export/sites?format=csv", Some(&admin)),
            ("/api/v1/catalog/export/sites?format=xlsx", Some(&admin)),
            ("/open311/v2/services.json", None),
        ] {
            let mut req = s.http.get(s.url(path));
            if let Some(t) = token {
                req = req.bearer_auth(t);
            }
            let r = req.send().await.unwrap();
            assert_eq!(
                r.headers()
                    .get("cache-control")
                    .map(|v| v.to_str().unwrap()),
                Some("no-store"),
                "{path} ({})",
                r.status()
            );
        }
        let r = s.http.get(s.url("/static/padu.css")).send().await.unwrap();
        assert_eq!(r.headers()["cache-control"], "max-age=3600");

        for name in ["aplikasi-warga", "sinkron-simpus"] {
            let (st, _) = s
                .post(
                    "/api/v1/tokens",
                    Some(&admin),
                    json!({ "name": name, "role": "admin_dinas", "expires_in_days": 30 }),
                )
                .await;
            assert_eq!(st, 201);
        }
        let (st, page) = s.get("/api/v1/tokens?q=SIMPUS", Some(&admin)).await;
        assert_eq!(st, 200);
        let names: Vec<&str> = page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(
            (names, page["total"].as_i64()),
            (vec!["sinkron-simpus"], Some(1))
        );
    })
    .await;
}

/// A person's browser gets the error page in their language for an unknown address, a number
/// that is not one, and a query that does not read; only `/api/` answers in JSON.
#[tokio::test]
async fn a_browser_gets_error_pages_and_the_api_json() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let ui = s.signed_in_as("operator.kesehatan").await;
    for (path, status, words) in [
        ("/tidak-ada", 404, "tidak ditemukan"),
        ("/pengaduan/abc", 400, "tidak dapat dibaca"),
        ("/katalog?page=abc", 400, "tidak dapat dibaca"),
    ] {
        let r = ui.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), status, "{path}");
        let html = r.text().await.unwrap();
        assert!(
            html.contains("<main>") && html.contains(words),
            "{path}: {html}"
        );
        assert!(
            !html.contains("i64") && !html.contains("deserialize"),
            "{path}"
        );
    }
    let (status, body) = s.get("/api/v1/tidak-ada", None).await;
    assert_eq!(
        (status, body["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    s.running.stop().await;
}

/// The pages offer "Tambah" and "Ubah" only to those the rules let change the records: the
/// coordinator, the auditor and the leadership read the registers without them, an operator
/// edits its own PD's rows only.
#[tokio::test]
async fn pages_offer_only_the_changes_the_caller_may_make() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    for reader in ["koordinator", "auditor", "pimpinan"] {
        let ui = s.signed_in_as(reader).await;
        for page in [
            "/katalog",
            "/katalog/data",
            "/katalog/situs",
            "/tata-kelola",
            "/sites",
        ] {
            let html = get_text(&ui, s.url(page)).await;
            assert!(html.contains("<table"), "{reader} {page}");
            assert!(
                !html.contains("/katalog/formulir/"),
                "{reader} is offered a change on {page}"
            );
        }
        let bus = get_text(&ui, s.url("/penghubung")).await;
        assert!(bus.contains("gsb-subsystems"), "{reader} reads the bus");
        assert!(
            !bus.contains("method=\"post\" action=\"/penghubung"),
            "{reader} is offered a bus form it may not use"
        );
    }
    // The Dinas's own operator works Tier 1 only: no Tier 2 queue to look at.
    let kominfo = s.signed_in_as("operator.kominfo").await;
    let desk = get_text(&kominfo, s.url("/layanan?open=true")).await;
    assert!(desk.contains("id=\"new-ticket\"") && !desk.contains("tier=2"));
    let admin = s.signed_in_as("admin").await;
    assert!(get_text(&admin, s.url("/layanan?open=true"))
        .await
        .contains("tier=2"));
    let ui = s.signed_in_as("operator.kesehatan").await;
    let bus = get_text(&ui, s.url("/penghubung")).await;
    assert!(bus.contains("id=\"gsb-grant\"") && !bus.contains("id=\"gsb-new-member\""));
    let html = get_text(&ui, s.url("/katalog/situs")).await;
    assert!(html.contains("href=\"/katalog/formulir/websites\""), "add");
    let rows: Vec<&str> = html.split("<tr>").skip(2).collect();
    assert!(rows
        .iter()
        .any(|r| r.contains("Dinas Kesehatan") && r.contains("Ubah")));
    assert!(rows
        .iter()
        .filter(|r| !r.contains("Dinas Kesehatan"))
        .all(|r| !r.contains("Ubah")));
    s.running.stop().await;
}
