//! Accounts: the last active Admin Dinas stays (and `padu admin reset` brings one back), role
//! changes on `/users` are confirmed, sign-in failures are counted per account and address
//! before the password is checked, client addresses behind a trusted proxy, local redirects.

mod common;
use common::*;
use serde_json::{json, Value};

fn admin_grant() -> Value {
    json!([{ "role": "admin_dinas", "pd": null }])
}

#[tokio::test]
async fn the_last_active_admin_cannot_be_demoted_or_deactivated() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let id = s.user_id("admin").await;
        let (st, err) = s
            .put(
                &format!("/api/v1/users/{id}/grants"),
                Some(&admin),
                json!({ "grants": [] }),
            )
            .await;
        assert_refused(st, &err, 409, "grants");
        let (st, err) = s
            .put(
                &format!("/api/v1/users/{id}"),
                Some(&admin),
                json!({ "full_name": "Administrator Padu", "active": false }),
            )
            .await;
        assert_refused(st, &err, 409, "active");
        let (st, _) = s.get("/api/v1/users", Some(&admin)).await;
        assert_eq!(st, 200, "the admin still acts");

        // With a second admin, the first may step down; the second is then the last.
        let koordinator = s.user_id("koordinator").await;
        let (st, v) = s
            .put(
                &format!("/api/v1/users/{koordinator}/grants"),
                Some(&admin),
                json!({ "grants": admin_grant() }),
            )
            .await;
        assert_eq!(st, 200, "{v}");
        let (st, v) = s
            .put(
                &format!("/api/v1/users/{id}/grants"),
                Some(&admin),
                json!({ "grants": [{ "role": "pimpinan", "pd": null }] }),
            )
            .await;
        assert_eq!(st, 200, "{v}");
        let second = s.token_of("koordinator").await;
        let (st, err) = s
            .put(
                &format!("/api/v1/users/{koordinator}"),
                Some(&second),
                json!({ "full_name": "Koordinator SPBE", "active": false }),
            )
            .await;
        assert_refused(st, &err, 409, "active");
    })
    .await;
}

#[tokio::test]
async fn the_users_page_refuses_deactivating_the_last_admin() {
    demo_on_both_engines(async |s| {
        let ui = s.signed_in_as("admin").await;
        let page = get_text(&ui, s.url("/users")).await;
        let id = s.user_id("admin").await;
        let unconfirmed = [("active", "false")];
        let r = post_form(
            &ui,
            s.url(&format!("/users/{id}/active")),
            &page,
            &unconfirmed,
        )
        .await;
        assert_eq!(r.status(), 422, "deactivating asks to be confirmed");
        let deactivate = [("active", "false"), ("confirm", "ya")];
        let r = post_form(
            &ui,
            s.url(&format!("/users/{id}/active")),
            &page,
            &deactivate,
        )
        .await;
        assert_eq!(r.status(), 409);
        let body = r.text().await.unwrap();
        assert!(body.contains("Admin Dinas"), "{body}");
        let me = s.running.state.store.get_user(id).await.unwrap();
        assert!(me.active, "nothing changed");
    })
    .await;
}

/// `padu admin …` run as the operator would, against the server's storage, with
/// `PADU_ADMIN_PASSWORD` set to `password` or unset.
fn admin_cli(s: &TestServer, args: &[&str], password: Option<&str>) -> (bool, String) {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_padu"));
    cmd.arg("admin").args(args).args(s.storage_args());
    match password {
        Some(p) => cmd.env("PADU_ADMIN_PASSWORD", p),
        None => cmd.env_remove("PADU_ADMIN_PASSWORD"),
    };
    output_of(cmd)
}

#[tokio::test]
async fn admin_reset_restores_an_admin_who_can_sign_in() {
    demo_on_both_engines(async |s| {
        // Every admin gone and `admin` locked out, below the API's rule (as an old database or
        // a hand-edited one may be).
        for _ in 0..5 {
            s.post(
                "/api/v1/auth/login",
                None,
                json!({ "username": "admin", "password": "Wrong-Password-1!" }),
            )
            .await;
        }
        s.running
            .state
            .store
            .execute_raw("DELETE FROM memberships WHERE role = 'admin_dinas'")
            .await
            .unwrap();

        let chosen = "Pulih-Kembali-2026!";
        let (ok, out) = admin_cli(&s, &["reset", "--username", "admin"], Some(chosen));
        assert!(ok, "{out}");
        let admin = s.token("admin", chosen).await;
        let (st, _) = s.get("/api/v1/users", Some(&admin)).await;
        assert_eq!(st, 200, "an Admin Dinas again");

        // A name that does not exist yet becomes a new admin with a generated password.
        let (ok, out) = admin_cli(&s, &["reset", "--username", "penyelamat"], None);
        assert!(ok, "{out}");
        let password = out
            .lines()
            .find_map(|l| {
                l.split_once("password: ")
                    .map(|(_, p)| p.trim().to_string())
            })
            .unwrap_or_else(|| panic!("the generated password is printed: {out}"));
        let rescuer = s.token("penyelamat", &password).await;
        let (_, log) = s
            .get("/api/v1/audit?action=admin_reset", Some(&rescuer))
            .await;
        assert_eq!(log["total"], 2, "{log}");
        assert_eq!(log["items"][0]["actor_label"], "cli", "{log}");
        s.assert_audit_chain_verifies(&rescuer).await;
    })
    .await;
}

#[tokio::test]
async fn role_changes_on_the_users_page_are_preselected_and_confirmed() {
    demo_on_both_engines(async |s| {
        let store = &s.running.state.store;
        let ui = s.signed_in_as("admin").await;
        let page = get_text(&ui, s.url("/users?q=pimpinan")).await;
        assert!(
            page.contains(r#"<option value="pimpinan" selected>"#),
            "the current role is preselected: {page}"
        );
        assert!(!page.contains(r#"<option value="admin_dinas" selected>"#));
        let csrf = csrf_of(&page);
        let id = s.user_id("pimpinan").await;
        let roles_url = s.url(&format!("/users/{id}/roles"));
        let grants = || async { store.get_user(id).await.unwrap().grants };
        let before = grants().await;

        // Submitting the row as it is changes nothing, and says so.
        let r = ui
            .post(&roles_url)
            .form(&[("csrf", csrf.as_str()), ("role", "pimpinan"), ("pd_id", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        assert!(body.contains("tidak berubah"), "{body}");
        assert_eq!(grants().await, before);

        // A different role asks first and changes nothing yet.
        let r = ui
            .post(&roles_url)
            .form(&[("csrf", csrf.as_str()), ("role", "auditor"), ("pd_id", "")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("Ubah peran pimpinan dari Pimpinan menjadi Auditor?"),
            "{body}"
        );
        assert!(
            body.contains(&csrf),
            "the confirm button carries the CSRF token"
        );
        assert_eq!(grants().await, before, "not confirmed: unchanged");

        // Confirmed, it changes.
        let r = ui
            .post(&roles_url)
            .form(&[
                ("csrf", csrf.as_str()),
                ("role", "auditor"),
                ("pd_id", ""),
                ("confirm", "1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let after = grants().await;
        assert_eq!(after.len(), 1);
        assert_eq!(after[0].role, padu_domain::Role::Auditor);
    })
    .await;
}

async fn login_from(s: &TestServer, address: &str, username: &str, password: &str) -> (u16, Value) {
    let r = s
        .http
        .post(s.url("/api/v1/auth/login"))
        .header("x-forwarded-for", address)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

fn behind_proxy(a: &mut padu::config::ServeArgs) {
    a.trusted_proxy = vec!["127.0.0.1/32".parse().unwrap()];
}

#[tokio::test]
async fn parallel_wrong_passwords_lock_one_address_only() {
    demo_on_both_engines_with(behind_proxy, async |s| {
        let attacker = "203.0.113.7";
        let guesses = (0..18).map(|i| {
            let s = &s;
            async move {
                login_from(s, attacker, "pimpinan", &format!("Wrong-Password-{i}!")).await
            }
        });
        let answers = futures_util::future::join_all(guesses).await;
        assert!(answers.iter().all(|(st, _)| *st == 401), "{answers:?}");
        let id = s.user_id("pimpinan").await;
        let counted = s
            .running
            .state
            .store
            .login_attempts(id, attacker)
            .await
            .unwrap();
        assert_eq!(
            counted.failures,
            padu_domain::throttle::LOCK_AFTER,
            "only five of eighteen passwords were checked"
        );
        let (st, _) = login_from(&s, attacker, "pimpinan", DEMO_PASSWORD).await;
        assert_eq!(st, 401, "locked at this address");
        let (st, v) = login_from(&s, "198.51.100.9", "pimpinan", DEMO_PASSWORD).await;
        assert_eq!(st, 200, "the owner signs in from elsewhere: {v}");
    })
    .await;
}

#[tokio::test]
async fn a_locked_account_answers_like_an_unknown_name() {
    demo_on_both_engines(async |s| {
        let call = |username: &'static str, password: &'static str| {
            s.post(
                "/api/v1/auth/login",
                None,
                json!({ "username": username, "password": password }),
            )
        };
        for _ in 0..5 {
            call("auditor", "Wrong-Password-1!").await;
        }
        let started = std::time::Instant::now();
        let locked = call("auditor", "Wrong-Password-1!").await;
        let locked_took = started.elapsed();
        let started = std::time::Instant::now();
        let unknown = call("tidak.ada", "Wrong-Password-1!").await;
        let unknown_took = started.elapsed();
        assert_eq!(locked, unknown);
        assert_eq!(locked.0, 401);
        // Both check a password hash: neither answers much faster than the other.
        let (fast, slow) = if locked_took < unknown_took {
            (locked_took, unknown_took)
        } else {
            (unknown_took, locked_took)
        };
        assert!(
            slow.as_secs_f64() < fast.as_secs_f64() * 4.0 + 0.05,
            "{locked_took:?} vs {unknown_took:?}"
        );
    })
    .await;
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    // Without a trusted proxy, X-Forwarded-For is the client's own claim and is ignored.
    demo_on_both_engines(async |s| {
        let (st, _) = login_from(&s, "192.0.2.44", "pimpinan", "Wrong-Password-1!").await;
        assert_eq!(st, 401);
        assert_eq!(last_login_failure_ip(&s).await, "127.0.0.1");
    })
    .await;
    // The rightmost address that is not itself a trusted proxy is the client.
    demo_on_both_engines_with(behind_proxy, async |s| {
        let (st, _) = login_from(
            &s,
            "10.9.9.9, 192.0.2.44, 127.0.0.1",
            "pimpinan",
            "Wrong-Password-1!",
        )
        .await;
        assert_eq!(st, 401);
        assert_eq!(last_login_failure_ip(&s).await, "192.0.2.44");
    })
    .await;
}

async fn last_login_failure_ip(s: &TestServer) -> String {
    let admin = s.token_of("admin").await;
    let (_, log) = s
        .get("/api/v1/audit?action=login_failed", Some(&admin))
        .await;
    log["items"][0]["ip"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn the_complaint_rate_limit_speaks_the_page_language() {
    demo_on_both_engines(async |s| {
        let complaint = json!({
            "category": "pengaduan",
            "title": "Lampu jalan padam",
            "body": "Lampu jalan di depan pasar padam sejak seminggu.",
            "reporter_name": "Warga",
        });
        for _ in 0..10 {
            let (st, v) = s.post("/api/v1/complaints", None, complaint.clone()).await;
            assert!(st < 300, "{st} {v}");
        }
        let ui = test_client(true);
        let form = get_text(&ui, s.url("/lapor")).await;
        let fields = [
            ("category", "pengaduan"),
            ("title", "Jalan berlubang"),
            ("body", "Jalan di depan sekolah berlubang besar."),
            ("location_text", ""),
            ("latitude", ""),
            ("longitude", ""),
            ("reporter_name", "Warga"),
            ("reporter_email", ""),
            ("reporter_phone", ""),
            ("website", ""),
            ("confirm_new", "1"),
        ];
        let answer = post_form(&ui, s.url("/lapor"), &form, &fields).await;
        let body = answer.text().await.unwrap();
        assert!(
            body.contains("Terlalu banyak pengaduan dari alamat ini"),
            "{body}"
        );
        assert!(!body.contains("too many complaints"), "{body}");
    })
    .await;
}

#[tokio::test]
async fn redirects_stay_on_this_site() {
    demo_on_both_engines(async |s| {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        // Raw query strings, as a link in a mail would carry them.
        for (query, expected) in [
            ("next=/%5Cevil.example", "/"),
            ("next=//evil.example", "/"),
            ("next=https://evil.example", "/"),
            ("next=/%255Cevil", "/"),
            ("next=/%252F/evil.example", "/"),
            ("next=/%09/evil.example", "/"),
            ("next=evil.example", "/"),
            ("next=/lapor%3Fx%3D1", "/lapor?x=1"),
        ] {
            let r = client
                .get(s.url(&format!("/lang/en?{query}")))
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 303, "{query}");
            assert_eq!(r.headers()["location"], expected, "{query}");
        }
        // The Referer fallback is held to the same rule.
        let r = client
            .get(s.url("/lang/id"))
            .header("referer", "http://127.0.0.1/\\evil.example")
            .send()
            .await
            .unwrap();
        assert_eq!(r.headers()["location"], "/");
    })
    .await;
}

/// The audit log is filtered by actor, action, record, PD and days in the region, the pager and
/// the download keep the filters, and the download holds exactly the entries shown.
#[tokio::test]
async fn the_audit_log_is_filtered_and_downloaded() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        s.token_of("auditor").await;
        let ui = s.signed_in_as("auditor").await;
        let today = padu_domain::sla::wib_date(s.running.state.clock.now());
        let (_, logins) = s
            .get(
                &format!("/api/v1/audit?action=login&from={today}&until={today}"),
                Some(&admin),
            )
            .await;
        let shown = logins["total"].as_i64().unwrap();
        assert!(shown >= 2, "{logins}");
        let (_, auditor) = s
            .get(
                &format!("/api/v1/audit?action=login&actor=auditor&from={today}"),
                Some(&admin),
            )
            .await;
        let items = auditor["items"].as_array().unwrap();
        assert!(!items.is_empty() && items.len() < shown as usize);
        assert!(items
            .iter()
            .all(|e| e["actor_label"].as_str().unwrap().starts_with("auditor")));
        let (_, yesterday) = s
            .get(
                &format!("/api/v1/audit?until={}", today.pred_opt().unwrap()),
                Some(&admin),
            )
            .await;
        assert_eq!(yesterday["total"], 0, "the demo's entries are all of today");

        let page = get_text(&ui, s.url("/audit?action=login&actor=auditor")).await;
        assert!(page.contains("id=\"audit-filters\"") && page.contains("value=\"auditor\""));
        assert!(
            page.contains("<td>Masuk</td>") && !page.contains("<td>login</td>"),
            "actions in words"
        );
        assert!(page.contains("/audit/ekspor?actor=auditor&amp;action=login&amp;format=csv"));
        let csv = get_text(
            &ui,
            s.url("/audit/ekspor?action=login&actor=auditor&format=csv"),
        )
        .await;
        let rows: Vec<&str> = csv.lines().collect();
        assert!(rows[0].starts_with("seq,at,actor,action"), "{csv}");
        assert_eq!(rows.len() - 1, items.len(), "{csv}");
        assert!(rows[1..].iter().all(|r| r.contains(",login,")));
        let bad = ui.get(s.url("/audit?from=kemarin")).send().await.unwrap();
        assert_eq!(bad.status(), 422);
    })
    .await;
}

/// The Dinas edits an account's profile on its own page; the list says it saved.
#[tokio::test]
async fn an_account_is_edited_on_its_page() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let auditor = s.user_id("auditor").await;
    let ui = s.signed_in_as("admin").await;
    let list = get_text(&ui, s.url("/users")).await;
    assert!(list.contains(&format!("href=\"/users/{auditor}\"")));
    let page = get_text(&ui, s.url(&format!("/users/{auditor}"))).await;
    let csrf = csrf_of(&page);
    let r = ui
        .post(s.url(&format!("/users/{auditor}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("full_name", "Inspektur Pembantu"),
            ("email", "irban@pesisirselatankab.go.id"),
            ("lang", "en"),
        ])
        .send()
        .await
        .unwrap();
    assert!(r.url().path().ends_with("/users"));
    assert!(r.text().await.unwrap().contains("Perubahan tersimpan."));
    let admin = s.token_of("admin").await;
    let (_, u) = s
        .get(&format!("/api/v1/users/{auditor}"), Some(&admin))
        .await;
    assert_eq!(
        (u["full_name"].as_str(), u["lang"].as_str()),
        (Some("Inspektur Pembantu"), Some("en"))
    );
    // A reader of the list may not open it.
    let koordinator = s.signed_in_as("koordinator").await;
    let r = koordinator
        .get(s.url(&format!("/users/{auditor}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    s.running.stop().await;
}

/// The Dinas resets a forgotten password: a temporary one, shown once, with which the account
/// signs in only to choose its own; the old password and the temporary one then stop working.
#[tokio::test]
async fn a_reset_password_must_be_changed_at_the_next_sign_in() {
    demo_on_both_engines(async |s| {
        let auditor = s.user_id("auditor").await;
        let admin = s.signed_in_as("admin").await;
        let page = get_text(&admin, s.url(&format!("/users/{auditor}"))).await;
        // Unticked, nothing happens.
        let r = post_form(
            &admin,
            s.url(&format!("/users/{auditor}/sandi")),
            &page,
            &[],
        )
        .await;
        assert_eq!(r.status(), 422);
        let r = post_form(
            &admin,
            s.url(&format!("/users/{auditor}/sandi")),
            &page,
            &[("confirm", "ya")],
        )
        .await;
        let shown = r.text().await.unwrap();
        let temporary = shown
            .split("id=\"temporary\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .expect("the temporary password is shown")
            .to_string();
        let (st, _) = s
            .call(
                reqwest::Method::POST,
                "/api/v1/auth/login",
                None,
                Some(
                    serde_json::json!({"username": "auditor", "password": password_of("auditor")}),
                ),
            )
            .await;
        assert_eq!(st, 401, "the old password no longer works");

        let ui = signed_in(&s, "auditor", &temporary).await;
        let r = ui.get(s.url("/audit")).send().await.unwrap();
        assert!(r.url().path().ends_with("/akun/sandi"), "{}", r.url());
        let form = r.text().await.unwrap();
        assert!(form.contains("Pilih kata sandi Anda sendiri"));
        let r = post_form(
            &ui,
            s.url("/akun/sandi"),
            &form,
            &[("current", "salah"), ("new", "Irban-Pessel-2027!")],
        )
        .await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("Kata sandi sekarang:"));
        let r = post_form(
            &ui,
            s.url("/akun/sandi"),
            &form,
            &[
                ("current", temporary.as_str()),
                ("new", "Irban-Pessel-2027!"),
            ],
        )
        .await;
        assert!(r.url().path().ends_with("/login"));
        assert!(r.text().await.unwrap().contains("Kata sandi diganti"));
        let ui = signed_in(&s, "auditor", "Irban-Pessel-2027!").await;
        let r = ui.get(s.url("/audit")).send().await.unwrap();
        assert!(
            r.url().path().ends_with("/audit"),
            "free to work: {}",
            r.url()
        );
    })
    .await;
}
