//! `padu audit verify` names a tampered entry; checkpoints verify with openssl alone;
//! `padu backup` under concurrent writes restores and verifies with `padu restore`. Both engines.

mod common;
use common::*;
use padu_store::testing::on_both_engines_with;
use padu_store::{Engine, Store};
use std::process::Command;

#[tokio::test]
async fn audit_verify_names_the_changed_row() {
    demo_on_both_engines(async |s| {
        let url = s
            .database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}", s.dir.path().join("padu.db").display()));
        let storage = s.storage_args();
        s.running.stop().await;
        let (ok, out) = padu_cli(&["audit", "verify"], &storage);
        assert!(ok, "{out}");
        assert!(out.contains("audit log OK"), "{out}");
        let raw = Store::open(&url).await.unwrap();
        raw.execute_raw(
            "UPDATE audit_log SET detail = '{\"after\":{\"name\":\"forged\"}}' WHERE seq = 42",
        )
        .await
        .unwrap();
        let (ok, out) = padu_cli(&["audit", "verify"], &storage);
        assert!(!ok, "a tampered log fails");
        assert!(out.contains("first bad entry #42"), "{out}");
        raw.close().await;
    })
    .await;
}

#[tokio::test]
async fn checkpoints_verify_with_openssl() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let (_, cps) = s.get("/api/v1/audit/checkpoints", Some(&admin)).await;
        let cp = &cps[0];
        let dir = tempfile::tempdir().unwrap();
        let pem = s
            .http
            .get(s.url("/api/v1/audit/public-key.pem"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        std::fs::write(dir.path().join("padu.pem"), pem).unwrap();
        std::fs::write(
            dir.path().join("checkpoint.txt"),
            cp["message"].as_str().unwrap(),
        )
        .unwrap();
        std::fs::write(
            dir.path().join("checkpoint.sig"),
            hex::decode(cp["signature"].as_str().unwrap()).unwrap(),
        )
        .unwrap();
        let verify = |msg: &str| {
            Command::new("openssl")
                .current_dir(dir.path())
                .args([
                    "pkeyutl",
                    "-verify",
                    "-pubin",
                    "-inkey",
                    "padu.pem",
                    "-rawin",
                    "-in",
                    msg,
                    "-sigfile",
                    "checkpoint.sig",
                ])
                .output()
                .unwrap()
        };
        let out = verify("checkpoint.txt");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stdout)
        );
        std::fs::write(
            dir.path().join("forged.txt"),
            cp["message"].as_str().unwrap().replace("seq: ", "seq: 9"),
        )
        .unwrap();
        assert!(
            !verify("forged.txt").status.success(),
            "a changed checkpoint does not verify"
        );
    })
    .await;
}

#[tokio::test]
async fn backup_while_writing_restores_and_verifies() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let pd = s.pd_id("dinas-kesehatan").await;
        let writer = {
            let (http, url, admin) = (s.http.clone(), s.url("/api/v1/sites"), admin.clone());
            tokio::spawn(async move {
                for i in 0..150 {
                    let body = serde_json::json!({
                        "pd_id": pd,
                        "name": format!("Load site {i}"),
                        "kind": "pd_office",
                        "bandwidth_mbps": 10,
                        "latitude": -1.3,
                        "longitude": 100.5,
                        "classification": "terbatas",
                    });
                    let r = http
                        .post(&url)
                        .bearer_auth(&admin)
                        .json(&body)
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(r.status(), 201);
                }
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        let file = s.dir.path().join("backup.padu.gz");
        let (ok, out) = s.cli(&["backup", "--out", &file.display().to_string()]);
        assert!(ok, "{out}");
        assert!(
            out.contains("backup: network_sites"),
            "progress is shown: {out}"
        );
        writer.await.unwrap();
        s.running.stop().await;
        on_both_engines_with(empty_storage, async |target| {
            // A message-log journal left in the data dir belongs to another database.
            let journal = target.dir.path().join("msglog");
            std::fs::create_dir_all(&journal).unwrap();
            std::fs::write(journal.join("00000000000000000001.jsonl"), "{\"id\":1}\n").unwrap();
            let restore = ["restore", &file.display().to_string()];
            let (ok, out) = padu_cli(&restore, &target.args);
            assert!(ok, "{out}");
            assert!(out.contains("audit chain:") && out.contains("ok"), "{out}");
            assert!(
                out.contains("journal of the replaced database is kept at"),
                "{out}"
            );
            assert!(!journal.exists());
            let (ok, out) = padu_cli(&restore, &target.args);
            assert!(
                !ok && out.contains("already holds data"),
                "restore refuses a non-empty target: {out}"
            );
        })
        .await;
    })
    .await;
}

/// `padu import-sites` names a NUL and an oversized field by line and column and writes
/// nothing (issue 15); `padu restore` of a SQLite backup that already holds a NUL into
/// PostgreSQL says which table, column and row instead of failing in the driver.
#[tokio::test]
async fn hostile_text_is_named_by_import_sites_and_restore() {
    demo_on_both_engines(async |s| {
        let storage = s.storage_args();
        let store = &s.running.state.store;
        let before = store.table_counts().await.unwrap();
        let header = "NO\tLAYANAN\tNAMA OPD (LOKASI/CABANG)\tALAMAT INSTALASI\t\
                      LEBAR PITA (MBPS)\tTITIK KOORDINAT\n";
        let file = s.dir.path().join("tabel.tsv");
        let row = |no: u32, name: &str, address: &str| {
            format!("{no}\tMETRO E\t{name}\t{address}\t10\t-1,34 100,57\n")
        };
        let long_name = format!("PUSKESMAS {}", "PANJANG ".repeat(40));
        for (rows, named) in [
            (
                row(1, "PUSKESMAS BARU", "JL.\u{0}SUDIRMAN"),
                "line 2 column ALAMAT INSTALASI: holds the control character U+0000",
            ),
            (
                row(1, "PUSKESMAS BARU", "JL. SUDIRMAN") + &row(2, &long_name, "JL. SUDIRMAN"),
                "line 3 column NAMA OPD (LOKASI/CABANG): must be 1–200 characters",
            ),
        ] {
            std::fs::write(&file, format!("{header}{rows}")).unwrap();
            let (ok, out) = padu_cli(&["import-sites", &file.display().to_string()], &storage);
            assert!(!ok && out.contains(named), "{out}");
        }
        assert_eq!(
            store.table_counts().await.unwrap(),
            before,
            "nothing written"
        );

        // A NUL that reached SQLite before Padu refused it, carried to PostgreSQL by a backup
        // (PostgreSQL's text never holds one, so this half starts from SQLite only).
        if s.engine != Engine::Sqlite {
            return;
        }
        store
            .execute_raw(
                "UPDATE perangkat_daerah SET address = 'Jl.' || char(0) || 'Ilyas' \
                 WHERE code = 'dinas-kesehatan'",
            )
            .await
            .unwrap();
        s.running.stop().await;
        let backup = s.dir.path().join("nul.padu.gz");
        let (ok, out) = padu_cli(
            &["backup", "--out", &backup.display().to_string()],
            &storage,
        );
        assert!(ok, "{out}");
        let Some(target) = empty_storage(Engine::Postgres).await else {
            return;
        };
        let (ok, out) = padu_cli(&["restore", &backup.display().to_string()], &target.args);
        assert!(!ok, "{out}");
        assert!(
            out.contains("table perangkat_daerah row") && out.contains("address holds a NUL"),
            "{out}"
        );
    })
    .await;
}
