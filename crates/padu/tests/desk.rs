//! The Service Desk end to end over the API, on both engines: Tier 1 and Tier 2, who may do
//! what, SLA changes, parent/child, merge, rating, saved views, supervision, attachments, and
//! notifications through the SMTP outbox into a real SMTP sink (Python's aiosmtpd).

mod common;
use common::*;
use serde_json::{json, Value};

fn ticket(title: &str) -> Value {
    json!({ "kind": "gangguan", "title": title, "body": "Aplikasi SIMPUS tidak bisa dibuka." })
}

async fn action(s: &TestServer, token: &str, id: i64, body: Value) -> (u16, Value) {
    s.post(&format!("/api/v1/tickets/{id}/actions"), Some(token), body)
        .await
}

#[tokio::test]
async fn tiers_rights_sla_and_lifecycle_on_both_engines() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let kesehatan = s.token_of("operator.kesehatan").await;
        let kominfo = s.token_of("operator.kominfo").await;
        let koordinator = s.token_of("koordinator").await;
        let kes_pd = s.pd_id("dinas-kesehatan").await;

        // Opening: the operator's own PD by default, Tier 1, the SLA of its type and priority.
        let (st, t) = s
            .post("/api/v1/tickets", Some(&kesehatan), ticket("SIMPUS mati"))
            .await;
        assert_eq!(st, 201, "{t}");
        let id = t["id"].as_i64().unwrap();
        assert_eq!(
            (
                t["pd_id"].as_i64(),
                t["tier"].as_i64(),
                t["priority"].as_str()
            ),
            (Some(kes_pd), Some(1), Some("tinggi"))
        );
        assert_eq!(t["sla"]["first_response"], 3600);

        // Bad input: 422 naming the field, nothing stored.
        let before = s
            .running
            .state
            .store
            .list_tickets(
                &padu_store::tickets::TicketScope::All,
                &Default::default(),
                &Default::default(),
            )
            .await
            .unwrap()
            .total;
        let (st, e) = s
            .post(
                "/api/v1/tickets",
                Some(&kesehatan),
                json!({ "kind": "bencana", "title": "x", "body": "y" }),
            )
            .await;
        assert_refused(st, &e, 422, "kind");
        let (st, e) = s
            .post(
                "/api/v1/tickets",
                Some(&kesehatan),
                json!({ "kind": "gangguan", "title": "", "body": "y" }),
            )
            .await;
        assert_refused(st, &e, 422, "title");
        let (st, _) = s.post("/api/v1/tickets", None, ticket("anon")).await;
        assert_eq!(st, 401);
        let after = s
            .running
            .state
            .store
            .list_tickets(
                &padu_store::tickets::TicketScope::All,
                &Default::default(),
                &Default::default(),
            )
            .await
            .unwrap()
            .total;
        assert_eq!(before, after);

        // Another PD neither sees nor lists it; a supervisor sees but does not work it.
        let (st, _) = s
            .get(&format!("/api/v1/tickets/{id}"), Some(&kominfo))
            .await;
        assert_eq!(st, 404);
        let (_, list) = s.get("/api/v1/tickets?open=true", Some(&kominfo)).await;
        assert_eq!(list["total"], 0);
        let (st, d) = s
            .get(&format!("/api/v1/tickets/{id}"), Some(&koordinator))
            .await;
        assert_eq!(st, 200);
        assert_eq!(d["rights"]["work"], false);
        let (st, _) = action(
            &s,
            &koordinator,
            id,
            json!({ "action": "reply", "body": "halo" }),
        )
        .await;
        assert_eq!(st, 403);

        // A public reply is the first response.
        let (st, t2) = action(
            &s,
            &kesehatan,
            id,
            json!({ "action": "reply", "body": "Sedang kami periksa." }),
        )
        .await;
        assert_eq!(
            (st, t2["status"].as_str()),
            (200, Some("ditangani")),
            "{t2}"
        );
        let (_, d) = s
            .get(&format!("/api/v1/tickets/{id}"), Some(&kesehatan))
            .await;
        let fr = d["sla"]["timers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["kind"] == "first_response")
            .unwrap()
            .clone();
        assert_eq!(fr["state"], "met", "{fr}");

        // Escalation needs a reason; then Tier 1 can no longer work it, the Dinas can.
        let (st, e) = action(&s, &kesehatan, id, json!({ "action": "escalate" })).await;
        assert_refused(st, &e, 422, "body");
        let (st, t3) = action(
            &s,
            &kesehatan,
            id,
            json!({ "action": "escalate", "body": "Perlu akses server pusat data" }),
        )
        .await;
        assert_eq!((st, t3["tier"].as_i64()), (200, Some(2)));
        let (st, _) = action(
            &s,
            &kesehatan,
            id,
            json!({ "action": "resolve", "body": "x" }),
        )
        .await;
        assert_eq!(st, 403, "Tier 1 no longer works an escalated ticket");
        let (st, e) = action(
            &s,
            &kesehatan,
            id,
            json!({ "action": "escalate", "body": "again" }),
        )
        .await;
        assert_eq!(st, 403, "{e}");
        let admin_id = s.user_id("admin").await;
        assert!(
            s.running
                .state
                .store
                .unread_notifications(admin_id)
                .await
                .unwrap()
                >= 1,
            "the Dinas hears of the escalation"
        );
        let (_, tier2) = s
            .get("/api/v1/tickets?open=true&tier=2", Some(&admin))
            .await;
        assert_eq!(tier2["items"][0]["id"].as_i64(), Some(id));
        // Internal notes stay internal: the requester sees only public entries.
        let (st, _) = action(
            &s,
            &admin,
            id,
            json!({ "action": "note", "body": "cek firewall" }),
        )
        .await;
        assert_eq!(st, 200);

        // Assignment only to someone who works the queue.
        let kes_user = s.user_id("operator.kesehatan").await;
        let (st, e) = action(
            &s,
            &admin,
            id,
            json!({ "action": "assign", "assignee_user_id": kes_user }),
        )
        .await;
        assert_refused(st, &e, 422, "assignee_user_id");
        let (st, t4) = action(
            &s,
            &admin,
            id,
            json!({ "action": "assign", "assignee_user_id": admin_id }),
        )
        .await;
        assert_eq!((st, t4["assignee_user_id"].as_i64()), (200, Some(admin_id)));

        // Raising the priority changes the SLA, recorded as an SLA change.
        let (st, t5) = action(
            &s,
            &admin,
            id,
            json!({ "action": "update", "priority": "kritis" }),
        )
        .await;
        assert_eq!(
            (st, t5["sla"]["resolution"].as_i64()),
            (200, Some(4 * 3600))
        );
        let (_, d) = s.get(&format!("/api/v1/tickets/{id}"), Some(&admin)).await;
        assert!(d["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["sla_event"] == "sla_changed"));

        // Parent and child: the parent cannot be resolved while a child is open; no loops.
        let mut child_input = ticket("Akses VPN puskesmas");
        child_input["parent_id"] = json!(id);
        let (st, child) = s
            .post("/api/v1/tickets", Some(&admin), {
                let mut c = child_input.clone();
                c["pd_id"] = json!(kes_pd);
                c
            })
            .await;
        assert_eq!(st, 201, "{child}");
        let child_id = child["id"].as_i64().unwrap();
        let (st, e) = action(
            &s,
            &admin,
            id,
            json!({ "action": "update", "parent_id": child_id }),
        )
        .await;
        assert_refused(st, &e, 422, "parent_id");
        let (st, e) = action(
            &s,
            &admin,
            id,
            json!({ "action": "resolve", "body": "Selesai" }),
        )
        .await;
        assert_eq!(st, 409, "{e}");

        // A duplicate merges into an open ticket.
        let (_, dup) = s
            .post(
                "/api/v1/tickets",
                Some(&kesehatan),
                ticket("SIMPUS mati lagi"),
            )
            .await;
        let dup_id = dup["id"].as_i64().unwrap();
        let (st, m) = action(
            &s,
            &admin,
            dup_id,
            json!({ "action": "merge", "merged_into": id }),
        )
        .await;
        assert_eq!(
            (st, m["status"].as_str(), m["merged_into"].as_i64()),
            (200, Some("digabung"), Some(id))
        );

        let (st, _) = action(
            &s,
            &admin,
            child_id,
            json!({ "action": "resolve", "body": "VPN aktif" }),
        )
        .await;
        assert_eq!(st, 200);
        let (st, r) = action(
            &s,
            &admin,
            id,
            json!({ "action": "resolve", "body": "Firewall dibuka" }),
        )
        .await;
        assert_eq!((st, r["status"].as_str()), (200, Some("selesai")));
        // Only the requester rates; 1 to 5.
        let (st, _) = action(&s, &admin, id, json!({ "action": "rate", "rating": 5 })).await;
        assert_eq!(st, 403);
        let (st, e) = action(&s, &kesehatan, id, json!({ "action": "rate", "rating": 9 })).await;
        assert_refused(st, &e, 422, "rating");
        let (st, closed) = action(
            &s,
            &kesehatan,
            id,
            json!({ "action": "rate", "rating": 4, "body": "Cepat" }),
        )
        .await;
        assert_eq!(
            (st, closed["status"].as_str(), closed["rating"].as_i64()),
            (200, Some("ditutup"), Some(4))
        );
        // The history says the stars, and which ticket a duplicate joined.
        let ui = s.signed_in_as("admin").await;
        let page = get_text(&ui, s.url(&format!("/layanan/{id}"))).await;
        assert!(page.contains("4 / 5 ★"), "the rating's stars");
        // A new ticket names its application from the catalogue's suggestions.
        let new = get_text(&ui, s.url("/layanan/baru")).await;
        assert!(new.contains("list=\"linkable\"") && new.contains("<option value=\"SIMPUS\">"));
        // A refused field is named by the form's label, not its code.
        let refused = ui
            .post(s.url("/layanan/baru"))
            .form(&[
                ("csrf", csrf_of(&new).as_str()),
                ("kind", "gangguan"),
                ("pd_id", &kes_pd.to_string()),
                ("title", ""),
                ("body", "Tidak bisa masuk"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(refused.status(), 422);
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("Judul:") && !html.contains("title:"),
            "{html}"
        );
        let dup_page = get_text(&ui, s.url(&format!("/layanan/{dup_id}"))).await;
        assert!(dup_page.contains(&format!("href=\"/layanan/{id}\">#{id}</a>")));
        // A requester from another PD (not on this desk) sees the public entries only.
        let pemohon = kominfo.clone();
        let mut mine = ticket("Minta akun email");
        mine["pd_id"] = json!(kes_pd);
        let (st, own) = s.post("/api/v1/tickets", Some(&pemohon), mine).await;
        assert_eq!(st, 201, "{own}");
        let own_id = own["id"].as_i64().unwrap();
        action(
            &s,
            &admin,
            own_id,
            json!({ "action": "note", "body": "rahasia internal" }),
        )
        .await;
        action(
            &s,
            &admin,
            own_id,
            json!({ "action": "reply", "body": "Akun dibuat" }),
        )
        .await;
        let (_, d) = s
            .get(&format!("/api/v1/tickets/{own_id}"), Some(&pemohon))
            .await;
        let kinds: Vec<&str> = d["events"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            vec!["opened", "reply"],
            "no internal note for the requester"
        );
        let (_, mine) = s.get("/api/v1/tickets", Some(&pemohon)).await;
        assert_eq!(mine["total"], 1, "another PD lists only what it asked for");

        // Saved views.
        let (st, v) = s
            .post(
                "/api/v1/service-desk/views",
                Some(&admin),
                json!({ "name": "Kritis Tier 2", "query": "open=true&tier=2&priority=kritis" }),
            )
            .await;
        assert_eq!(st, 201, "{v}");
        let (st, e) = s
            .post(
                "/api/v1/service-desk/views",
                Some(&admin),
                json!({ "name": "Rusak", "query": "tier=9" }),
            )
            .await;
        assert_refused(st, &e, 422, "query");
        let (_, views) = s.get("/api/v1/service-desk/views", Some(&admin)).await;
        assert_eq!(views.as_array().unwrap().len(), 1);

        // Supervision: the Dinas and supervisors only; PDs without Tier 1 staff are flagged.
        let (st, rows) = s
            .get("/api/v1/service-desk/supervision", Some(&koordinator))
            .await;
        assert_eq!(st, 200);
        let rows = rows.as_array().unwrap();
        let kes = rows
            .iter()
            .find(|r| r["pd_id"].as_i64() == Some(kes_pd))
            .unwrap();
        assert_eq!(
            (
                kes["no_tier1_staff"].as_bool(),
                kes["average_rating"].as_f64()
            ),
            (Some(false), Some(4.0))
        );
        assert!(
            rows.iter().filter(|r| r["no_tier1_staff"] == true).count() > 10,
            "the demo PDs without operators are flagged"
        );
        let (st, _) = s
            .get("/api/v1/service-desk/supervision", Some(&kominfo))
            .await;
        assert_eq!(st, 403);

        // Attachments: type from the bytes, size-limited, access by the ticket's rules.
        let upload = |name: &'static str, bytes: Vec<u8>| {
            reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name),
            )
        };
        let r = s
            .http
            .post(s.url(&format!("/api/v1/tickets/{child_id}/attachments")))
            .bearer_auth(&admin)
            .multipart(upload("log.pdf", b"%PDF-1.4 log".to_vec()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let att: Value = r.json().await.unwrap();
        let r = s
            .http
            .post(s.url(&format!("/api/v1/tickets/{child_id}/attachments")))
            .bearer_auth(&admin)
            .multipart(upload("setup.pdf", b"MZ\x90\x00".to_vec()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 415);
        let r = s
            .http
            .post(s.url(&format!("/api/v1/tickets/{child_id}/attachments")))
            .bearer_auth(&admin)
            .multipart(upload(
                "big.pdf",
                [b"%PDF-".to_vec(), vec![b'x'; 6 * 1024 * 1024]].concat(),
            ))
            .send()
            .await
            .unwrap();
        assert!(r.status() == 413, "{}", r.status());
        let path = format!("/api/v1/attachments/{}", att["id"]);
        let r = s
            .http
            .get(s.url(&path))
            .bearer_auth(&kesehatan)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.bytes().await.unwrap().as_ref(), b"%PDF-1.4 log");
        let r = s
            .http
            .get(s.url(&path))
            .bearer_auth(&kominfo)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);

        s.assert_audit_chain_verifies(&admin).await;
    })
    .await;
}

/// A free TCP port on localhost.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

#[tokio::test]
async fn mail_waits_in_the_outbox_until_the_relay_answers() {
    let python = "/usr/bin/python3";
    let has_sink = std::process::Command::new(python)
        .args(["-c", "import aiosmtpd"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_sink {
        assert!(
            std::env::var("PADU_REQUIRE_SMTP_SINK").as_deref() != Ok("1"),
            "PADU_REQUIRE_SMTP_SINK=1 but aiosmtpd is missing"
        );
        eprintln!("note: python3-aiosmtpd not installed; skipping the SMTP test");
        return;
    }
    // One relay port for both engines: each run starts its sink there and stops it at the end.
    let port = free_port();
    let relay = |a: &mut padu::config::ServeArgs| {
        a.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    };
    demo_on_both_engines_with(relay, async |s| {
        let store = &s.running.state.store;
        store
            .execute_raw(
                "UPDATE users SET email = 'kesehatan@pessel.go.id', lang = 'en' \
                 WHERE username = 'operator.kesehatan'",
            )
            .await
            .unwrap();
        let admin = s.token_of("admin").await;
        let pd = s.pd_id("dinas-kesehatan").await;
        let mut body = ticket("Server email down");
        body["pd_id"] = json!(pd);
        let (st, _) = s.post("/api/v1/tickets", Some(&admin), body).await;
        assert_eq!(st, 201);
        let kes = s.user_id("operator.kesehatan").await;
        let notes = store.notifications(kes, 10).await.unwrap();
        assert_eq!(notes.len(), 1);
        assert!(
            notes[0].subject.starts_with("New ticket #"),
            "in the user's language: {}",
            notes[0].subject
        );

        // The relay is down: the attempt fails and waits.
        let mail = s.running.state.mail.clone().unwrap();
        let now = padu::app::clock::system_now();
        let (sent, failed) = padu::app::notify::deliver(store, &mail, now).await.unwrap();
        assert_eq!((sent, failed), (0, 1));
        let queued = store.outbox(10).await.unwrap();
        assert_eq!(queued[0].attempts, 1);
        assert!(queued[0].last_error.is_some());
        assert_eq!(
            padu::app::notify::deliver(store, &mail, now).await.unwrap(),
            (0, 0),
            "backs off"
        );

        // The relay comes up: the retry delivers.
        let maildir = tempfile::tempdir().unwrap();
        let mut sink = std::process::Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("mail"))
            .spawn()
            .unwrap();
        let mut up = false;
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                up = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(up, "aiosmtpd listens");
        let later = now + chrono::Duration::minutes(2);
        let result = padu::app::notify::deliver(store, &mail, later)
            .await
            .unwrap();
        let _ = sink.kill();
        let _ = sink.wait();
        assert_eq!(result, (1, 0));
        assert!(store.outbox(10).await.unwrap()[0].sent_at.is_some());
        let new = maildir.path().join("mail").join("new");
        let files: Vec<_> = std::fs::read_dir(&new).unwrap().collect();
        assert_eq!(files.len(), 1);
        let text = std::fs::read_to_string(files[0].as_ref().unwrap().path()).unwrap();
        assert!(text.contains("To: kesehatan@pessel.go.id"), "{text}");
        assert!(text.contains("New ticket #"), "{text}");
    })
    .await;
}

/// Days off come in through the API (the Dinas only) and the CLI; a bad line changes nothing.
#[tokio::test]
async fn holidays_import_through_api_and_cli() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let op = s.token_of("operator.kesehatan").await;
        let text = "tanggal,nama\n2026-12-25,Hari Raya Natal\n2026-12-24;Cuti bersama Natal\n";
        let (st, _) = s
            .post("/api/v1/holidays", Some(&op), json!({ "text": text }))
            .await;
        assert_eq!(st, 403);
        let (st, e) = s
            .post(
                "/api/v1/holidays",
                Some(&admin),
                json!({ "text": "2026-12-25,Natal\n25-12-2026,salah" }),
            )
            .await;
        assert_refused(st, &e, 422, "holidays");
        assert!(
            e["error"]["message"].as_str().unwrap().contains('2'),
            "names the line: {e}"
        );
        let (_, list) = s.get("/api/v1/holidays", Some(&op)).await;
        assert_eq!(list.as_array().unwrap().len(), 0, "nothing changed");
        let (st, r) = s
            .post("/api/v1/holidays", Some(&admin), json!({ "text": text }))
            .await;
        assert_eq!((st, r["imported"].as_i64()), (200, Some(2)));

        let file = s.dir.path().join("libur.csv");
        std::fs::write(&file, "2027-01-01,Tahun Baru 2027\n").unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_padu"))
            .args(["holidays", "import"])
            .args(s.storage_args())
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_padu"))
            .args(["holidays", "list"])
            .args(s.storage_args())
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&out.stdout);
        assert_eq!(listed.lines().count(), 3, "{listed}");
        assert!(listed.contains("2027-01-01\tTahun Baru 2027"));
        // The deadline of a complaint filed on Christmas Eve skips both days off.
        let cal = padu::app::calendar::calendar(&s.running.state.store)
            .await
            .unwrap();
        assert!(!cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()));
    })
    .await;
}

/// Notes and files on a ticket need a handling right, as a role matrix on both engines: the
/// ticket's PD (at Tier 1, and still at Tier 2) and the Dinas add them; the supervisors
/// (Koordinator, Auditor, Pimpinan) read them and add nothing; another PD does not see the
/// ticket; the requester adds public replies and files to their own ticket, never notes.
#[tokio::test]
async fn only_the_desk_that_handles_a_ticket_adds_notes_and_files() {
    demo_on_both_engines(async |s| {
        let kesehatan = s.token_of("operator.kesehatan").await;
        let (st, t) = s
            .post("/api/v1/tickets", Some(&kesehatan), ticket("SIMPUS lambat"))
            .await;
        assert_eq!(st, 201, "{t}");
        let id = t["id"].as_i64().unwrap();
        let upload = |token: &str, internal: bool| {
            let mut form = reqwest::multipart::Form::new().part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 log".to_vec()).file_name("log.pdf"),
            );
            if internal {
                form = form.text("internal", "1");
            }
            s.http
                .post(s.url(&format!("/api/v1/tickets/{id}/attachments")))
                .bearer_auth(token)
                .multipart(form)
                .send()
        };
        let note = |body: &str| json!({ "action": "note", "body": body });
        let (st, _) = action(&s, &kesehatan, id, note("Catatan PD")).await;
        assert_eq!(st, 200);
        let files = || async {
            s.running
                .state
                .store
                .attachments(padu_store::attachments::Owner::Ticket(id), false)
                .await
                .unwrap()
                .len()
        };
        let before = files().await;
        let mut added = 0;
        // (user, status of a note, status of a file upload), at Tier 1 and again at Tier 2.
        let matrix = [
            ("admin", 200, 201),
            ("operator.kesehatan", 200, 201),
            ("operator.kominfo", 404, 404),
            ("auditor", 403, 403),
            ("pimpinan", 403, 403),
            ("koordinator", 403, 403),
        ];
        // One sign-in per user: the login limiter counts them.
        let mut tokens = std::collections::HashMap::new();
        for (user, _, _) in matrix {
            tokens.insert(user, s.token_of(user).await);
        }
        for tier in [1, 2] {
            if tier == 2 {
                let escalate = json!({ "action": "escalate", "body": "Butuh akses server Dinas" });
                let (st, v) = action(&s, &kesehatan, id, escalate).await;
                assert_eq!(st, 200, "{v}");
            }
            for (user, note_status, file_status) in matrix {
                let token = &tokens[user];
                let (st, v) = action(&s, token, id, note(&format!("Catatan {user}"))).await;
                assert_eq!(st, note_status, "{user} tier {tier} note: {v}");
                let r = upload(token, true).await.unwrap();
                assert_eq!(r.status().as_u16(), file_status, "{user} tier {tier} file");
                added += usize::from(file_status == 201);
                if note_status == 403 {
                    // Supervisors still read the ticket with its internal notes.
                    let (st, d) = s.get(&format!("/api/v1/tickets/{id}"), Some(token)).await;
                    assert_eq!(st, 200);
                    assert!(d.to_string().contains("Catatan PD"), "{d}");
                }
                if note_status == 403 && tier == 1 {
                    let ui = s.signed_in_as(user).await;
                    let page = get_text(&ui, s.url(&format!("/layanan/{id}"))).await;
                    assert!(!page.contains("action-note"), "{user}: no note button");
                    assert!(!page.contains("upload-form"), "{user}: no upload form");
                }
            }
        }
        let (st, _) = s
            .post(&format!("/api/v1/tickets/{id}/actions"), None, note("x"))
            .await;
        assert_eq!(st, 401, "the public");
        assert_eq!(
            files().await - before,
            added,
            "refused files stored nothing"
        );
        let (_, d) = s
            .get(&format!("/api/v1/tickets/{id}"), Some(&tokens["admin"]))
            .await;
        for sup in ["auditor", "pimpinan", "koordinator", "operator.kominfo"] {
            assert!(
                !d.to_string().contains(&format!("Catatan {sup}")),
                "no note by {sup}"
            );
        }

        // The requester (another PD's operator, asking the Dinas Kesehatan's desk) adds public
        // replies and files to their own ticket, and no note.
        let kominfo = &tokens["operator.kominfo"];
        let pd = s.pd_id("dinas-kesehatan").await;
        let mut mine = ticket("Akses SIMPUS untuk Kominfo");
        mine["pd_id"] = json!(pd);
        let (st, t) = s.post("/api/v1/tickets", Some(kominfo), mine).await;
        assert_eq!(st, 201, "{t}");
        let own = t["id"].as_i64().unwrap();
        let (st, _) = action(&s, kominfo, own, note("x")).await;
        assert_eq!(st, 403);
        let reply = json!({ "action": "reply", "body": "Mohon dibantu" });
        let (st, _) = action(&s, kominfo, own, reply).await;
        assert_eq!(st, 200);
        let form = reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4 x".to_vec()).file_name("a.pdf"),
            )
            .text("internal", "1");
        let r = s
            .http
            .post(s.url(&format!("/api/v1/tickets/{own}/attachments")))
            .bearer_auth(kominfo)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let a: Value = r.json().await.unwrap();
        assert_eq!(a["public"], true, "a requester's file is public");
    })
    .await;
}

/// The ticket page has one reply box whose buttons are the steps that take a text; the steps
/// that change who works the ticket (resolve, escalate) ask to be confirmed and change nothing
/// without it.
#[tokio::test]
async fn one_reply_box_takes_every_step_and_asks_before_escalating() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let kesehatan = s.token_of("operator.kesehatan").await;
    let (_, t) = s
        .post("/api/v1/tickets", Some(&kesehatan), ticket("SIMPUS lambat"))
        .await;
    let id = t["id"].as_i64().unwrap();
    let ui = s.signed_in_as("operator.kesehatan").await;
    let page = get_text(&ui, s.url(&format!("/layanan/{id}"))).await;
    assert_eq!(
        page.matches("<textarea name=\"body\"").count(),
        1,
        "one text box: {page}"
    );
    for step in ["reply", "note", "wait", "resolve", "escalate"] {
        assert!(page.contains(&format!("id=\"action-{step}\"")), "{step}");
    }
    assert!(!page.contains("action-return"), "Tier 1 does not return");
    let aksi = s.url(&format!("/layanan/{id}/aksi"));
    let r = post_form(
        &ui,
        aksi.clone(),
        &page,
        &[("action", "escalate"), ("body", "Perlu Dinas")],
    )
    .await;
    assert_eq!(r.status(), 422, "unconfirmed");
    let (_, now) = s
        .get(&format!("/api/v1/tickets/{id}"), Some(&kesehatan))
        .await;
    assert_eq!(now["ticket"]["tier"], 1, "nothing changed: {now}");
    let r = post_form(
        &ui,
        aksi.clone(),
        &page,
        &[("action", "note"), ("body", "Sudah dicek jaringannya")],
    )
    .await;
    assert_eq!(r.status(), 200, "a note needs no confirmation");
    let r = post_form(
        &ui,
        aksi,
        &page,
        &[
            ("action", "escalate"),
            ("body", "Perlu Dinas"),
            ("confirm", "ya"),
        ],
    )
    .await;
    assert_eq!(r.status(), 200);
    let (_, now) = s
        .get(&format!("/api/v1/tickets/{id}"), Some(&kesehatan))
        .await;
    assert_eq!(now["ticket"]["tier"], 2, "{now}");
    s.running.stop().await;
}
