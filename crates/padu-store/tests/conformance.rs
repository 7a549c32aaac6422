//! The storage conformance suite: every test runs against SQLite and PostgreSQL.

use chrono::{TimeZone, Utc};
use padu_domain::audit::{ChainBreak, ChainVerifier};
use padu_domain::{network_table, Actor, Classification, Grant, PdId, ReadScope, Role, UserId};
use padu_store::org::PdInput;
use padu_store::registers::Env;
use padu_store::sites::SiteInput;
use padu_store::testing::{on_both_engines, pd_input, store};
use padu_store::users::{NewToken, NewUser};
use padu_store::{AuditCtx, ListQuery, Store, StoreError};

/// The region and day the register checks run for.
fn env_on(today: chrono::NaiveDate) -> Env {
    Env {
        profile: padu_domain::profile::shipped("pessel").unwrap(),
        today,
    }
}

fn env() -> Env {
    env_on(chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap_or_default())
}

fn ctx() -> AuditCtx {
    AuditCtx {
        actor_user_id: Some(1),
        actor_label: "tester".into(),
        ip: Some("127.0.0.1".into()),
        at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
    }
}

fn site(pd: i64, name: &str, class: Classification) -> SiteInput {
    SiteInput {
        pd_id: Some(pd),
        unit_kerja_id: None,
        name: name.into(),
        kind: "pd_office".into(),
        service: "METRO E".into(),
        address: "Jl. H. Agus Salim, Painan".into(),
        bandwidth_mbps: 40,
        latitude: -1.3485,
        longitude: 100.5778,
        classification: class,
        source: None,
    }
}

async fn verify_chain(s: &Store) -> Result<i64, ChainBreak> {
    let mut v = ChainVerifier::default();
    let mut after = 0;
    loop {
        let batch = s.audit_batch(after, 1000).await.unwrap();
        if batch.is_empty() {
            return Ok(v.count());
        }
        for e in &batch {
            v.push(e)?;
            after = e.seq;
        }
    }
}

fn regulation_text() -> String {
    include_str!("../../../regulations/pesisir-selatan-perbup-22-2021.md").to_string()
}

#[tokio::test]
async fn backup_tables_cover_the_whole_schema() {
    on_both_engines(async |t| {
        let s = &t.store;
        s.migrate(padu_store::testing::MIGRATED_AT)
            .await
            .expect("migrating twice is a no-op");
        let tables = padu_store::backup::tables();
        for table in s.table_names().await.unwrap() {
            if !padu_store::backup::is_backed_up(&table) {
                continue;
            }
            let spec = tables
                .iter()
                .find(|(n, _)| *n == table)
                .unwrap_or_else(|| panic!("table {table} is missing from backup::tables()"));
            // Backups name their columns, so their order is the schema's business.
            let mut cols = s.columns_of(&table).await.unwrap();
            let mut spec_cols: Vec<String> = spec.1.iter().map(|c| c.0.to_string()).collect();
            cols.sort();
            spec_cols.sort();
            assert_eq!(cols, spec_cols, "columns of {table}");
        }
    })
    .await;
}

#[tokio::test]
async fn perangkat_daerah_lifecycle_is_audited() {
    on_both_engines(async |t| {
        let s = &t.store;
        let pd = s.create_pd(&ctx(), &pd_input("dinas-a")).await.unwrap();
        assert_eq!(s.get_pd(pd.id).await.unwrap().name, "Dinas dinas-a");
        match s.create_pd(&ctx(), &pd_input("dinas-a")).await {
            Err(StoreError::Conflict { field, .. }) => assert_eq!(field, "code"),
            other => panic!("duplicate code gave {other:?}"),
        }
        match s
            .create_pd(
                &ctx(),
                &PdInput {
                    kind: "kementerian".into(),
                    ..pd_input("dinas-b")
                },
            )
            .await
        {
            Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "kind"),
            other => panic!("{other:?}"),
        }
        assert_eq!(s.count_pds().await.unwrap(), 1, "bad input stored nothing");
        let updated = s
            .update_pd(
                &ctx(),
                pd.id,
                &PdInput {
                    name: "Dinas Baru".into(),
                    ..pd_input("dinas-a")
                },
            )
            .await
            .unwrap();
        assert_eq!(updated.name, "Dinas Baru");
        let found = s
            .list_pds(
                &ListQuery {
                    q: Some("baru".into()),
                    ..Default::default()
                },
                None,
            )
            .await
            .unwrap();
        assert_eq!(found.total, 1);
        let uk = s
            .create_unit_kerja(&ctx(), pd.id, "Bidang Aplikasi", "bidang")
            .await
            .unwrap();
        match s.delete_pd(&ctx(), pd.id).await {
            Err(StoreError::Conflict { message, .. }) => {
                assert!(message.contains("unit_kerja"), "{message}")
            }
            other => panic!("a PD with Unit Kerja is not deleted: {other:?}"),
        }
        assert_eq!(s.list_unit_kerja(pd.id).await.unwrap(), vec![uk]);
        let log = s
            .list_audit(&Default::default(), &ListQuery::default())
            .await
            .unwrap();
        let actions: Vec<(&str, &str)> = log
            .items
            .iter()
            .map(|e| (e.action.as_str(), e.entity.as_str()))
            .collect();
        assert_eq!(
            actions,
            vec![
                ("create", "unit_kerja"),
                ("update", "perangkat_daerah"),
                ("create", "perangkat_daerah")
            ]
        );
        assert!(
            log.items[1].detail.contains("Dinas Baru")
                && log.items[1].detail.contains("Dinas dinas-a"),
            "before and after are kept"
        );
        assert_eq!(verify_chain(s).await, Ok(3));
    })
    .await;
}

#[tokio::test]
async fn users_roles_sessions_and_tokens() {
    on_both_engines(async |t| {
        let s = &t.store;
        let pd = s.create_pd(&ctx(), &pd_input("dinas-a")).await.unwrap();
        let grants = vec![Grant {
            role: Role::OperatorPd,
            pd: Some(PdId(pd.id)),
        }];
        let new = NewUser {
            username: "op.a".into(),
            full_name: "Operator A".into(),
            email: Some("op@pesisirselatankab.go.id".into()),
            password_hash: "$argon2id$x".into(),
            grants: grants.clone(),
        };
        let u = s.create_user(&ctx(), &new).await.unwrap();
        assert_eq!(u.grants, grants);
        assert!(matches!(
            s.create_user(&ctx(), &new).await,
            Err(StoreError::Conflict { field, .. }) if field == "username",
        ));
        let bad = NewUser {
            grants: vec![Grant {
                role: Role::OperatorPd,
                pd: None,
            }],
            username: "op.b".into(),
            ..new.clone()
        };
        assert!(matches!(
            s.create_user(&ctx(), &bad).await,
            Err(StoreError::Invalid { field, .. }) if field == "grants",
        ));
        let (found, hash) = s.user_for_login("op.a").await.unwrap().unwrap();
        assert_eq!((found.id, hash.as_str()), (u.id, "$argon2id$x"));

        let changed = s
            .set_grants(
                &ctx(),
                u.id,
                &[Grant {
                    role: Role::Auditor,
                    pd: None,
                }],
            )
            .await
            .unwrap();
        assert_eq!(
            changed.grants,
            vec![Grant {
                role: Role::Auditor,
                pd: None
            }]
        );
        let perm = s
            .list_audit(
                &padu_store::audit::AuditFilter {
                    action: Some("permission_change".into()),
                    ..Default::default()
                },
                &ListQuery::default(),
            )
            .await
            .unwrap();
        assert_eq!(perm.total, 1);
        assert!(
            perm.items[0].detail.contains("operator_pd")
                && perm.items[0].detail.contains("auditor")
        );

        let now = ctx().at;
        s.record_login(
            &ctx(),
            u.id,
            "web",
            Some(("sess-hash", "csrf", now + chrono::Duration::hours(8))),
        )
        .await
        .unwrap();
        assert_eq!(
            s.session("sess-hash", now).await.unwrap().unwrap().user_id,
            u.id
        );
        assert!(
            s.session("sess-hash", now + chrono::Duration::hours(9))
                .await
                .unwrap()
                .is_none(),
            "expired sessions end"
        );

        let tok = s
            .create_token(
                &ctx(),
                &NewToken {
                    user_id: u.id,
                    name: "sipd".into(),
                    token_hash: "h1".into(),
                    prefix: "padu_ab".into(),
                    role: Role::Auditor,
                    pd_id: None,
                    expires_at: Some(now + chrono::Duration::days(30)),
                },
            )
            .await
            .unwrap();
        assert!(s.token_by_hash("h1").await.unwrap().unwrap().is_usable(now));
        assert!(
            !tok.is_usable(now + chrono::Duration::days(31)),
            "expired tokens stop working"
        );
        s.revoke_token(&ctx(), tok.id).await.unwrap();
        assert!(
            !s.token_by_hash("h1").await.unwrap().unwrap().is_usable(now),
            "revoked at once"
        );
        assert_eq!(
            s.list_tokens(Some(u.id), &ListQuery::default())
                .await
                .unwrap()
                .total,
            1
        );
        assert!(verify_chain(s).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn site_lists_follow_the_read_scope() {
    on_both_engines(async |t| {
        let s = &t.store;
        let a = s.create_pd(&ctx(), &pd_input("dinas-a")).await.unwrap();
        let b = s.create_pd(&ctx(), &pd_input("dinas-b")).await.unwrap();
        for pd in [&a, &b] {
            for class in Classification::ALL {
                s.create_record(
                    &ctx(),
                    &env(),
                    &site(pd.id, &format!("{} {class}", pd.code), class),
                )
                .await
                .unwrap();
            }
        }
        let op_a = Actor::User {
            id: UserId(5),
            grants: vec![Grant {
                role: Role::OperatorPd,
                pd: Some(PdId(a.id)),
            }],
        };
        let admin = Actor::User {
            id: UserId(6),
            grants: vec![Grant {
                role: Role::AdminDinas,
                pd: None,
            }],
        };
        let cases = [(Actor::Public, 2), (op_a.clone(), 5), (admin, 6)];
        for (actor, expected) in cases {
            let scope = ReadScope::of(&actor);
            let page = s
                .list_records::<SiteInput>(&scope, &Vec::new(), &ListQuery::default())
                .await
                .unwrap();
            assert_eq!(page.total, expected, "{actor:?}");
            for item in &page.items {
                assert!(padu_domain::authorize(
                    &actor,
                    padu_domain::Action::Read,
                    &padu_domain::Resource::record(item.pd_id.map(PdId), item.classification)
                )
                .is_ok());
            }
        }
        let scope = ReadScope::of(&op_a);
        let only_b = s
            .list_records::<SiteInput>(
                &scope,
                &vec![("pd_id".into(), b.id.to_string())],
                &ListQuery::default(),
            )
            .await
            .unwrap();
        assert_eq!(
            only_b
                .items
                .iter()
                .map(|x| x.classification)
                .collect::<Vec<_>>(),
            vec![Classification::Biasa]
        );
        let paged = s
            .list_records::<SiteInput>(
                &ReadScope::of(&Actor::User {
                    id: UserId(6),
                    grants: vec![Grant {
                        role: Role::AdminDinas,
                        pd: None,
                    }],
                }),
                &Vec::new(),
                &ListQuery {
                    page: 2,
                    per_page: 4,
                    q: None,
                },
            )
            .await
            .unwrap();
        assert_eq!((paged.items.len(), paged.total, paged.pages()), (2, 6, 2));
        let searched = s
            .list_records::<SiteInput>(
                &scope,
                &Vec::new(),
                &ListQuery {
                    q: Some("DINAS-A TERBATAS".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(searched.total, 1, "whole words, all of them");
        let wild = s
            .list_records::<SiteInput>(
                &scope,
                &Vec::new(),
                &ListQuery {
                    q: Some("terbata%".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(wild.total, 0, "% is no wildcard: words match whole");
        let bad = SiteInput {
            latitude: 123.0,
            ..site(a.id, "x", Classification::Biasa)
        };
        assert!(matches!(
            s.create_record(&ctx(), &env(), &bad).await,
            Err(StoreError::Invalid { field, .. }) if field == "latitude",
        ));
        let bad = SiteInput {
            pd_id: Some(9999),
            ..site(a.id, "x", Classification::Biasa)
        };
        assert!(matches!(
            s.create_record(&ctx(), &env(), &bad).await,
            Err(StoreError::Invalid { field, .. }) if field == "pd_id",
        ));
        assert_eq!(s.count_sites().await.unwrap(), 8);
    })
    .await;
}

#[tokio::test]
async fn pessel_tabel_4_2_imports_70_sites() {
    let parsed = network_table::parse(&regulation_text());
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    assert_eq!(
        parsed.rows.len(),
        70,
        "Pessel Lampiran I Tabel 4.2 lists 70 sites"
    );
    on_both_engines(async |t| {
        let s = &t.store;
        let report = s
            .import_network_table(
                &ctx(),
                &parsed,
                "Pessel Lampiran I Tabel 4.2",
                Classification::Terbatas,
                false,
                &mut |_, _| {},
            )
            .await
            .unwrap();
        assert_eq!(report.sites_created, 70);
        // 30 OPD and Kecamatan offices; Puskesmas and RSUD belong to the Dinas Kesehatan.
        let kominfo = s
            .pd_by_code("dinas-komunikasi-dan-informatika")
            .await
            .unwrap()
            .unwrap();
        assert!(kominfo.is_dinas_kominfo);
        assert_eq!(kominfo.name, "Dinas Komunikasi dan Informatika");
        let kesehatan = s.pd_by_code("dinas-kesehatan").await.unwrap().unwrap();
        let units = s.list_unit_kerja(kesehatan.id).await.unwrap();
        assert!(units
            .iter()
            .any(|u| u.name == "Puskesmas Tarusan" && u.kind == "puskesmas"));
        assert!(units.iter().any(|u| u.name == "RSUD M Zein Painan"));
        assert_eq!(s.count_pds().await.unwrap(), report.pds_created as i64);
        assert_eq!(
            s.total_bandwidth().await.unwrap(),
            parsed.rows.iter().map(|r| r.bandwidth_mbps).sum::<i64>()
        );
        let again = s
            .import_network_table(
                &ctx(),
                &parsed,
                "Pessel Lampiran I Tabel 4.2",
                Classification::Terbatas,
                false,
                &mut |_, _| {},
            )
            .await
            .unwrap();
        assert_eq!(
            (
                again.sites_created,
                again.sites_unchanged,
                again.pds_created
            ),
            (0, 70, 0),
            "re-import is idempotent"
        );
        assert!(verify_chain(s).await.is_ok());
    })
    .await;
}

#[tokio::test]
async fn a_table_with_errors_imports_nothing() {
    let text = "NO\tLAYANAN\tNAMA OPD (LOKASI/CABANG)\tALAMAT INSTALASI\tLEBAR PITA (MBPS)\tTITIK KOORDINAT\n1\tMETRO E\tDINAS A\tJL\t10\t-1,3 100,5\n2\tMETRO E\tDINAS B\tJL\tx\t-1,3 100,5\n";
    let parsed = network_table::parse(text);
    on_both_engines(async |t| {
        let err = t
            .store
            .import_network_table(
                &ctx(),
                &parsed,
                "x",
                Classification::Terbatas,
                false,
                &mut |_, _| {},
            )
            .await
            .unwrap_err();
        assert!(
            err.to_string().contains("line 3 column LEBAR PITA (MBPS)"),
            "{err}"
        );
        assert_eq!(t.store.count_pds().await.unwrap(), 0);
        let skipped = t
            .store
            .import_network_table(
                &ctx(),
                &parsed,
                "x",
                Classification::Terbatas,
                true,
                &mut |_, _| {},
            )
            .await
            .unwrap();
        assert_eq!(skipped.sites_created, 1);
    })
    .await;
}

#[tokio::test]
async fn tampering_with_the_audit_log_is_detected() {
    on_both_engines(async |t| {
        let s = &t.store;
        for i in 0..5 {
            s.create_pd(&ctx(), &pd_input(&format!("dinas-{i}")))
                .await
                .unwrap();
        }
        assert_eq!(verify_chain(s).await, Ok(5));
        let raw = Store::open(&t.url).await.unwrap();
        raw.execute_raw("UPDATE audit_log SET actor_label = 'someone else' WHERE seq = 3")
            .await
            .unwrap();
        assert_eq!(verify_chain(s).await.unwrap_err().seq, 3);
        raw.execute_raw("UPDATE audit_log SET actor_label = 'tester' WHERE seq = 3")
            .await
            .unwrap();
        assert_eq!(verify_chain(s).await, Ok(5));
        raw.execute_raw("DELETE FROM audit_log WHERE seq = 2")
            .await
            .unwrap();
        assert_eq!(verify_chain(s).await.unwrap_err().seq, 2);
    })
    .await;
}

#[tokio::test]
async fn backup_under_concurrent_writes_restores_on_every_engine() {
    on_both_engines(async |t| {
        let s = t.store.clone();
        for i in 0..50 {
            s.create_pd(&ctx(), &pd_input(&format!("pd-{i}")))
                .await
                .unwrap();
        }
        let writer = {
            let s = s.clone();
            tokio::spawn(async move {
                for i in 0..300 {
                    s.create_record(
                        &ctx(),
                        &env(),
                        &site(1, &format!("site {i}"), Classification::Terbatas),
                    )
                    .await
                    .unwrap();
                }
            })
        };
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        let mut buf = Vec::new();
        let header = s
            .backup(&mut buf, "2026-11-23T09:00:00Z", &mut |_, _, _| {})
            .await
            .unwrap();
        writer.await.unwrap();
        let sites_in_backup = header
            .tables
            .iter()
            .find(|x| x.name == "network_sites")
            .unwrap()
            .rows;
        let audit_in_backup = header
            .tables
            .iter()
            .find(|x| x.name == "audit_log")
            .unwrap()
            .rows;
        assert_eq!(
            audit_in_backup,
            50 + sites_in_backup,
            "one snapshot: audit and sites agree"
        );

        on_both_engines(async |r| {
            let restored = r.store.restore(&buf[..], &mut |_, _, _| {}).await.unwrap();
            for info in &restored.tables {
                let n = r
                    .store
                    .table_counts()
                    .await
                    .unwrap()
                    .into_iter()
                    .find(|(n, _)| *n == info.name)
                    .unwrap()
                    .1;
                assert_eq!(n, info.rows, "{}", info.name);
            }
            assert_eq!(verify_chain(&r.store).await, Ok(audit_in_backup));
            assert_eq!(r.store.audit_head().await.unwrap().0, audit_in_backup);
            // Writing after a restore continues the ids and the chain.
            r.store
                .create_pd(&ctx(), &pd_input("after-restore"))
                .await
                .unwrap();
            assert_eq!(verify_chain(&r.store).await, Ok(audit_in_backup + 1));
            assert!(
                r.store.restore(&buf[..], &mut |_, _, _| {}).await.is_err(),
                "restore refuses a database with data"
            );
        })
        .await;

        // A damaged backup changes nothing.
        let r = store(t.engine())
            .await
            .expect("a second store on this engine");
        let mut damaged = buf.clone();
        let cut = damaged.len() - 20;
        damaged.truncate(cut);
        assert!(r
            .store
            .restore(&damaged[..], &mut |_, _, _| {})
            .await
            .is_err());
        assert!(
            r.store.is_empty().await.unwrap(),
            "nothing restored from a damaged file"
        );
    })
    .await;
}

/// `n` sample message-log records with stand-in hashes (`leaf{i}`, `chain{i}` for record i+1).
struct SampleLog {
    messages: Vec<padu_store::gsb::NewMessage>,
    hashes: Vec<(String, String)>,
}

impl SampleLog {
    fn new(n: i64) -> SampleLog {
        SampleLog {
            messages: (1..=n).map(padu_store::testing::sample_message).collect(),
            hashes: (0..n)
                .map(|i| (format!("leaf{i}"), format!("chain{i}")))
                .collect(),
        }
    }

    fn rows(&self) -> Vec<padu_store::gsb::Numbered<'_>> {
        self.messages
            .iter()
            .zip(&self.hashes)
            .enumerate()
            .map(|(i, (m, (leaf, chain)))| (i as i64 + 1, m, leaf.as_str(), chain.as_str()))
            .collect()
    }
}

fn batch_of(id: i64, first: i64, last: i64) -> padu_store::gsb::Batch {
    padu_store::gsb::Batch {
        id,
        first_record: first,
        last_record: last,
        root: "r".into(),
        chain_head: "c".into(),
        closed_at: "2026-11-24T09:00:01Z".into(),
        statement: "s".into(),
        signature: "g".into(),
        key_fingerprint: "k".into(),
    }
}

/// Re-encodes a backup with the columns `gsb_messages` no longer has added back: `batch_id`
/// (gone in schema 7), `at`, `client`, `service` and `status` (gone in schema 39).
fn with_retired_columns(backup: &[u8]) -> Vec<u8> {
    use sha2::{Digest, Sha256};
    use std::io::{Read, Write};
    let mut text = String::new();
    flate2::read::GzDecoder::new(backup)
        .read_to_string(&mut text)
        .unwrap();
    let mut lines: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    lines.pop(); // the trailer, rewritten below
    for t in lines[0]["tables"].as_array_mut().unwrap() {
        if t["name"] == "gsb_messages" {
            let columns = t["columns"].as_array_mut().unwrap();
            for (name, kind) in [
                ("batch_id", "int"),
                ("at", "text"),
                ("client", "text"),
                ("service", "text"),
                ("status", "int"),
            ] {
                columns.push(serde_json::json!([name, kind]));
            }
        }
    }
    let mut in_messages = false;
    for line in lines.iter_mut().skip(1) {
        if let Some(table) = line.get("table") {
            in_messages = table == "gsb_messages";
        } else if in_messages {
            let row = line.as_array_mut().unwrap();
            row.extend([
                serde_json::json!(1),
                serde_json::json!("2026-11-24T09:00:00Z"),
                serde_json::json!("ID-PESSEL/GOV/dinsos/dtks"),
                serde_json::json!("ID-PESSEL/GOV/disdukcapil/siak/penduduk"),
                serde_json::json!(200),
            ]);
        }
    }
    let mut hash = Sha256::new();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    for line in &lines {
        let mut bytes = serde_json::to_vec(line).unwrap();
        bytes.push(b'\n');
        hash.update(&bytes);
        gz.write_all(&bytes).unwrap();
    }
    let trailer = serde_json::json!({"end": true, "sha256": hex::encode(hash.finalize())});
    gz.write_all(format!("{trailer}\n").as_bytes()).unwrap();
    gz.finish().unwrap()
}

#[tokio::test]
async fn message_log_batches_are_ranges_and_backups_with_retired_columns_restore() {
    on_both_engines(async |t| {
        let s = &t.store;
        // 300 records: the second group takes statements of every size but 64 and 16
        // (128 + 128 + 32 + 8 + 2 + 1), in order.
        let log = SampleLog::new(300);
        let rows = log.rows();
        s.append_messages(&rows[..1]).await.unwrap();
        s.append_messages(&rows[1..]).await.unwrap();
        s.insert_batch(&batch_of(1, 1, 25)).await.unwrap();
        assert_eq!(s.batch_containing(1).await.unwrap().unwrap().id, 1);
        assert_eq!(s.batch_containing(25).await.unwrap().unwrap().id, 1);
        assert!(s.batch_containing(26).await.unwrap().is_none());
        s.insert_batch(&batch_of(2, 26, 300)).await.unwrap();
        assert_eq!(s.batch_containing(26).await.unwrap().unwrap().id, 2);
        let stored = s.messages_with_bodies(1, 300).await.unwrap();
        assert_eq!(stored.len(), 300);
        assert!(stored
            .iter()
            .zip(1..)
            .all(|(r, n)| r.0.id == n && r.0.x_road_id == format!("xid-{n}")));
        assert_eq!(stored[1].0.x_road_id, "xid-2");
        assert_eq!(stored[1].2.as_deref(), Some(&[2u8, 2, 2][..]));

        let mut buf = Vec::new();
        s.backup(&mut buf, "2026-11-24T09:00:02Z", &mut |_, _, _| {})
            .await
            .unwrap();
        let old = with_retired_columns(&buf);
        on_both_engines(async |r| {
            r.store.restore(&old[..], &mut |_, _, _| {}).await.unwrap();
            let back = r.store.messages_between(1, 300).await.unwrap();
            assert_eq!(back.len(), 300);
            assert_eq!(back[299].chain, "chain299");
            assert_eq!(r.store.batch_containing(30).await.unwrap().unwrap().id, 2);
        })
        .await;
    })
    .await;
}

#[tokio::test]
async fn message_log_records_keep_every_character_and_body_byte() {
    // PostgreSQL takes the records through COPY's text format, which escapes these.
    on_both_engines(async |t| {
        let s = &t.store;
        let mut log = SampleLog::new(2);
        log.messages[0].record =
            "{\"p\":\"/a\\\\b\\\"c\",\"t\":\"tab\there\\nline\\r\",\"u\":\"ünï 😀 \\\\N\"}".into();
        log.messages[0].x_road_id = "xid/a\\b\tc\\N".into();
        log.messages[0].request_body = Some((0..=255).collect());
        log.messages[0].response_body = Some(Vec::new());
        log.messages[1].record = "\\N".into();
        s.append_messages(&log.rows()).await.unwrap();
        let stored = s.messages_with_bodies(1, 2).await.unwrap();
        assert_eq!(stored[0].0.record, log.messages[0].record);
        assert_eq!(stored[0].0.x_road_id, log.messages[0].x_road_id);
        assert_eq!(
            stored[0].1.as_deref(),
            Some(&(0..=255).collect::<Vec<u8>>()[..])
        );
        assert_eq!(stored[0].2.as_deref(), Some(&[][..]));
        assert_eq!(stored[1].0.record, "\\N");
        assert_eq!(stored[1].1, None);
        let head = s.messages_between(1, 1).await.unwrap();
        assert_eq!(head[0].leaf, "leaf0");
        // A group that repeats a number is refused whole.
        let again = SampleLog::new(3);
        assert!(s.append_messages(&again.rows()).await.is_err());
        assert_eq!(s.message_log_head().await.unwrap(), (2, "chain1".into()));
    })
    .await;
}

#[tokio::test]
async fn message_log_head_continues_from_the_archive_when_every_record_moved_out() {
    on_both_engines(async |t| {
        let s = &t.store;
        let log = SampleLog::new(3);
        s.append_messages(&log.rows()).await.unwrap();
        s.insert_batch(&batch_of(1, 1, 3)).await.unwrap();
        assert_eq!(s.message_log_head().await.unwrap(), (3, "chain2".into()));
        s.record_archive(&padu_store::gsb_trust::Archive {
            id: 0,
            first_record: 1,
            last_record: 3,
            last_batch: 1,
            last_chain: "chain2".into(),
            file_name: "archive-1.jsonl".into(),
            file_sha256: "f".into(),
            created_at: "2026-11-24T09:00:03Z".into(),
        })
        .await
        .unwrap();
        assert!(s.messages_between(1, 3).await.unwrap().is_empty());
        // A restarted writer numbers the next record 4, after the archived chain.
        assert_eq!(s.message_log_head().await.unwrap(), (3, "chain2".into()));
    })
    .await;
}

fn application(
    pd_id: i64,
    name: &str,
    class: Classification,
) -> padu_store::catalog::ApplicationInput {
    padu_store::catalog::ApplicationInput {
        pd_id,
        name: name.into(),
        description: "Pendaftaran dan rekam medis".into(),
        kind: padu_domain::catalog::ApplicationKind::Khusus,
        sector: "Kesehatan".into(),
        origin: padu_domain::catalog::Origin::Built,
        open_source: false,
        source_repository: None,
        url: Some("https://simpus.pesisirselatankab.go.id".into()),
        status: "production".into(),
        in_production_since: chrono::NaiveDate::from_ymd_opt(2025, 3, 1),
        tested_on: chrono::NaiveDate::from_ymd_opt(2025, 2, 10),
        last_review: None,
        documents: vec![],
        classification: class,
        copyright_holder: None,
    }
}

#[tokio::test]
async fn applications_register_validates_scopes_audits_and_feeds_the_rules() {
    on_both_engines(async |t| {
        let s = &t.store;
        let a = s.create_pd(&ctx(), &pd_input("dinas-a")).await.unwrap();
        let b = s.create_pd(&ctx(), &pd_input("dinas-b")).await.unwrap();
        let checklist = padu_domain::catalog::required_documents(
            padu_domain::profile::shipped("pessel").unwrap(),
        );
        let mut first = application(a.id, "SIMPUS", Classification::Terbatas);
        first.documents = vec![checklist[0].code.to_string()];
        let created = s.create_record(&ctx(), &env(), &first).await.unwrap();
        assert_eq!(created.pd_name, Some(a.name.clone()));
        assert_eq!(created.documents, first.documents);
        assert_eq!(created.in_production_since, first.in_production_since);
        for pd in [&a, &b] {
            for class in Classification::ALL {
                let mut app = application(pd.id, &format!("{} {class}", pd.code), class);
                app.status = "development".into();
                app.in_production_since = None;
                s.create_record(&ctx(), &env(), &app).await.unwrap();
            }
        }

        // Bad input names its field and writes nothing.
        let before = s.table_counts().await.unwrap();
        let bad = [
            ("sector", {
                let mut x = first.clone();
                x.sector = "Perikanan darat".into();
                x
            }),
            ("documents[0]", {
                let mut x = first.clone();
                x.documents = vec!["no-such-document".into()];
                x
            }),
            ("source_repository", {
                let mut x = first.clone();
                x.open_source = true;
                x
            }),
            ("in_production_since", {
                let mut x = first.clone();
                x.in_production_since = None;
                x
            }),
            ("pd_id", {
                let mut x = first.clone();
                x.pd_id = 9_999;
                x
            }),
        ];
        for (field, input) in bad {
            match s.create_record(&ctx(), &env(), &input).await {
                Err(StoreError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        assert_eq!(s.table_counts().await.unwrap(), before, "nothing written");

        // Lists follow the read scope, as `authorize` does.
        let op_a = Actor::User {
            id: UserId(5),
            grants: vec![Grant {
                role: Role::OperatorPd,
                pd: Some(PdId(a.id)),
            }],
        };
        for (actor, expected) in [(Actor::Public, 2), (op_a.clone(), 6)] {
            let page = s
                .list_records::<padu_store::catalog::ApplicationInput>(
                    &ReadScope::of(&actor),
                    &Vec::new(),
                    &ListQuery::default(),
                )
                .await
                .unwrap();
            assert_eq!(page.total, expected, "{actor:?}");
        }
        let filtered = s
            .list_records::<padu_store::catalog::ApplicationInput>(
                &ReadScope::of(&op_a),
                &vec![
                    ("pd_id".into(), a.id.to_string()),
                    ("sector".into(), "Kesehatan".into()),
                    ("status".into(), "production".into()),
                ],
                &ListQuery {
                    q: Some("simpus".into()),
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            filtered.items.iter().map(|x| x.id).collect::<Vec<_>>(),
            [created.id]
        );

        // A change is audited with before and after; the rules see the records.
        let mut reviewed = first.clone();
        reviewed.last_review = chrono::NaiveDate::from_ymd_opt(2026, 6, 1);
        let updated = s
            .update_record(&ctx(), &env(), created.id, &reviewed)
            .await
            .unwrap();
        assert_eq!(updated.last_review, reviewed.last_review);
        let facts = s.application_facts(&ReadScope::of(&op_a)).await.unwrap();
        assert_eq!(facts.len(), 6);
        let findings = padu_domain::catalog::evaluate(
            padu_domain::profile::shipped("pessel").unwrap(),
            &padu_domain::catalog::Facts {
                applications: facts,
                ..Default::default()
            },
            chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
        );
        let simpus = findings
            .iter()
            .find(|f| f.subject == format!("application:{}", created.id))
            .expect("SIMPUS lacks documents");
        assert_eq!(simpus.clause, "Pessel Pasal 29(5)");
        assert!(!simpus.detail.contains(&checklist[0].code.to_string()));
        s.delete_record::<padu_store::catalog::ApplicationInput>(&ctx(), created.id)
            .await
            .unwrap();
        assert!(matches!(
            s.get_record::<padu_store::catalog::ApplicationInput>(created.id)
                .await,
            Err(StoreError::NotFound)
        ));
        let audit = s
            .list_audit(
                &padu_store::audit::AuditFilter {
                    entity: Some("application".into()),
                    ..Default::default()
                },
                &ListQuery::default(),
            )
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|e| e.action)
            .collect::<Vec<_>>();
        assert_eq!(audit.iter().filter(|a| *a == "create").count(), 9);
        assert!(audit.contains(&"update".to_string()) && audit.contains(&"delete".to_string()));
    })
    .await;
}

fn dataset(pd_id: i64, name: &str) -> padu_store::datasets::DatasetInput {
    padu_store::datasets::DatasetInput {
        pd_id,
        name: name.into(),
        description: "Per kecamatan, tahunan".into(),
        responsible_person: "Kepala Seksi Data".into(),
        classification: Classification::Biasa,
        distribution: "publik".into(),
        retention_years: Some(10),
        storage_location: "Pusat Data Diskominfo, rak 2".into(),
        backup_period: "mingguan".into(),
        backup_media: "NAS dan pita LTO".into(),
        update_every_months: 12,
        last_updated: chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
    }
}

#[tokio::test]
async fn data_inventory_holds_every_kalbar_11_7_field_and_feeds_the_update_rule() {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    on_both_engines(async |t| {
        let s = &t.store;
        let a = s.create_pd(&ctx(), &pd_input("dinkes")).await.unwrap();
        let stale = s
            .create_record(
                &ctx(),
                &env_on(today),
                &dataset(a.id, "Jumlah tenaga kesehatan"),
            )
            .await
            .unwrap();
        assert_eq!(stale.pd_name, Some(a.name.clone()));
        assert_eq!(stale.retention_years, Some(10));
        let mut internal = dataset(a.id, "Rekap absensi pegawai");
        internal.distribution = "internal".into();
        internal.classification = Classification::Terbatas;
        internal.retention_years = None;
        s.create_record(&ctx(), &env_on(today), &internal)
            .await
            .unwrap();

        let before = s.table_counts().await.unwrap();
        for (field, input) in [
            ("distribution", {
                let mut x = internal.clone();
                x.distribution = "publik".into();
                x
            }),
            ("backup_media", {
                let mut x = dataset(a.id, "x");
                x.backup_media = " ".into();
                x
            }),
            ("update_every_months", {
                let mut x = dataset(a.id, "x");
                x.update_every_months = 0;
                x
            }),
            ("last_updated", {
                let mut x = dataset(a.id, "x");
                x.last_updated = today.succ_opt().unwrap();
                x
            }),
            ("pd_id", dataset(9_999, "x")),
        ] {
            match s.create_record(&ctx(), &env_on(today), &input).await {
                Err(StoreError::Invalid { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{field}: {other:?}"),
            }
        }
        assert_eq!(s.table_counts().await.unwrap(), before, "nothing written");

        // The public sees the public set only; the update rule finds it a year stale.
        let public = s
            .list_records::<padu_store::datasets::DatasetInput>(
                &ReadScope::of(&Actor::Public),
                &Vec::new(),
                &ListQuery::default(),
            )
            .await
            .unwrap();
        assert_eq!(public.items.len(), 1);
        let facts = s
            .dataset_facts(&ReadScope::of(&Actor::User {
                id: UserId(1),
                grants: vec![Grant {
                    role: Role::AdminDinas,
                    pd: None,
                }],
            }))
            .await
            .unwrap();
        assert_eq!(facts.len(), 2);
        let findings = padu_domain::catalog::evaluate(
            padu_domain::profile::shipped("kalbar").unwrap(),
            &padu_domain::catalog::Facts {
                datasets: facts,
                ..Default::default()
            },
            today,
        );
        assert!(findings
            .iter()
            .any(|f| f.subject == format!("dataset:{}", stale.id)
                && f.clause == "Kalbar Pasal 11(5)"));

        let mut fresh = dataset(a.id, "Jumlah nakes");
        fresh.last_updated = today;
        let updated = s
            .update_record(&ctx(), &env_on(today), stale.id, &fresh)
            .await
            .unwrap();
        assert_eq!(updated.last_updated, today);
        // The word index follows renames and deletes.
        let found = |word: &'static str| async move {
            s.list_records::<padu_store::datasets::DatasetInput>(
                &ReadScope::of(&Actor::Public),
                &Vec::new(),
                &ListQuery {
                    q: Some(word.into()),
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap()
            .total
        };
        assert_eq!((found("nakes").await, found("tenaga").await), (1, 0));
        s.delete_record::<padu_store::datasets::DatasetInput>(&ctx(), stale.id)
            .await
            .unwrap();
        assert_eq!(found("nakes").await, 0);
        assert!(matches!(
            s.get_record::<padu_store::datasets::DatasetInput>(stale.id)
                .await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

#[tokio::test]
async fn an_import_writes_every_row_in_one_transaction_or_nothing() {
    use padu_store::registers::Upsert;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    on_both_engines(async |t| {
        let s = &t.store;
        let a = s.create_pd(&ctx(), &pd_input("dinkes")).await.unwrap();
        let kept = s
            .create_record(&ctx(), &env_on(today), &dataset(a.id, "Jumlah puskesmas"))
            .await
            .unwrap();
        let keys = s
            .ids_by_pd_and_name::<padu_store::datasets::DatasetInput>()
            .await
            .unwrap();
        assert_eq!(
            keys.get(&(Some(a.id), "jumlah puskesmas".into())),
            Some(&kept.id)
        );

        // A bad row among good ones: nothing is written.
        let before = s.table_counts().await.unwrap();
        let mut bad = dataset(a.id, "Bad");
        bad.backup_period = "kadang-kadang".into();
        let rows = vec![
            Upsert::Create(dataset(a.id, "Jumlah bidan")),
            Upsert::Create(bad),
        ];
        let mut seen = 0;
        assert!(s
            .import_records(&ctx(), &env_on(today), &rows, &mut |_, _| seen += 1)
            .await
            .is_err());
        assert_eq!(seen, 0);
        assert_eq!(s.table_counts().await.unwrap(), before);

        // Good rows: one created, one replaced, both audited.
        let mut renewed = dataset(a.id, "Jumlah puskesmas");
        renewed.last_updated = today;
        let rows = vec![
            Upsert::Create(dataset(a.id, "Jumlah bidan")),
            Upsert::Update {
                id: kept.id,
                before: serde_json::to_value(&kept).unwrap(),
                input: renewed,
            },
        ];
        let mut last = (0, 0);
        let report = s
            .import_records(&ctx(), &env_on(today), &rows, &mut |d, n| last = (d, n))
            .await
            .unwrap();
        assert_eq!((report.created, report.updated), (1, 1));
        assert_eq!(last, (2, 2));
        // The import's audit entries, appended together, continue the chain.
        let entries = verify_chain(s).await.expect("chain intact");
        let (head, _) = s.audit_head().await.unwrap();
        assert_eq!(entries, head);
        s.create_record(&ctx(), &env_on(today), &dataset(a.id, "Sesudah impor"))
            .await
            .unwrap();
        assert!(
            verify_chain(s).await.is_ok(),
            "and single appends continue it"
        );
        assert_eq!(
            s.get_record::<padu_store::datasets::DatasetInput>(kept.id)
                .await
                .unwrap()
                .last_updated,
            today
        );
    })
    .await;
}

#[tokio::test]
async fn websites_and_agendas_validate_conflict_and_feed_the_rules() {
    use padu_store::agendas::AgendaInput;
    use padu_store::websites::WebsiteInput;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    on_both_engines(async |t| {
        let s = &t.store;
        let a = s.create_pd(&ctx(), &pd_input("dinkes")).await.unwrap();
        let site = |host: &str| WebsiteInput {
            pd_id: a.id,
            host: host.into(),
            purpose: "Informasi layanan".into(),
            status: "aktif".into(),
            hosted_at: "Pusat Data".into(),
            classification: Classification::Biasa,
        };
        let inside = s
            .create_record(&ctx(), &env(), &site("dinkes.pesisirselatankab.go.id"))
            .await
            .unwrap();
        let outside = s
            .create_record(&ctx(), &env(), &site("dinkes-pessel.com"))
            .await
            .unwrap();
        assert!(matches!(
            s.create_record(&ctx(), &env(), &site("dinkes.pesisirselatankab.go.id")).await,
            Err(StoreError::Conflict { field, .. }) if field == "host"
        ));
        for bad in ["https://x.go.id", "Dinkes.Go.Id", "localhost"] {
            assert!(
                matches!(
                    s.create_record(&ctx(), &env(), &site(bad)).await,
                    Err(StoreError::Invalid { field, .. }) if field == "host",
                ),
                "{bad}"
            );
        }
        // Updating a website to its own host is no conflict.
        let mut renamed = site("dinkes.pesisirselatankab.go.id");
        renamed.purpose = "Portal Dinas Kesehatan".into();
        s.update_record(&ctx(), &env(), inside.id, &renamed)
            .await
            .unwrap();

        let agenda = |kind: &str, on: chrono::NaiveDate, status: &str, minutes: &str| AgendaInput {
            pd_id: a.id,
            body: "tim_koordinasi".into(),
            kind: kind.into(),
            title: format!("Rapat {kind} {on}"),
            scheduled_on: on,
            location: "Painan".into(),
            status: status.into(),
            minutes: minutes.into(),
            decisions: String::new(),
            classification: Classification::Biasa,
        };
        let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
        for (field, bad) in [
            ("minutes", agenda("berkala", day(3, 1), "terlaksana", "")),
            (
                "scheduled_on",
                agenda("berkala", day(12, 1), "terlaksana", "Risalah"),
            ),
            ("kind", agenda("bulanan", day(3, 1), "direncanakan", "")),
        ] {
            assert!(
                matches!(
                    s.create_record(&ctx(), &env_on(today), &bad).await,
                    Err(StoreError::Invalid { field: f, .. }) if f == field,
                ),
                "{field}"
            );
        }
        s.create_record(
            &ctx(),
            &env_on(today),
            &agenda("insidental", day(8, 1), "terlaksana", "Risalah"),
        )
        .await
        .unwrap();
        s.create_record(
            &ctx(),
            &env_on(today),
            &agenda("berkala", day(12, 10), "direncanakan", ""),
        )
        .await
        .unwrap();
        // Only an incidental meeting and a planned one so far: no periodic meeting held.
        let policies: Vec<String> = padu_domain::catalog::POLICY_SUBJECTS
            .iter()
            .map(|s| s.to_string())
            .collect();
        let facts = |meetings| padu_domain::catalog::Facts {
            websites: vec![],
            periodic_meetings: meetings,
            policies_in_force: policies.clone(),
            ..Default::default()
        };
        // Pessel Pasal 17(1): at least two periodic meetings a year, checked once the year
        // has ended; incidental ones and planned ones do not count.
        let new_year = chrono::NaiveDate::from_ymd_opt(2027, 1, 10).unwrap();
        let pessel = padu_domain::profile::shipped("pessel").unwrap();
        let held = s.periodic_meetings_held().await.unwrap();
        assert!(held.is_empty());
        let f = padu_domain::catalog::evaluate(pessel, &facts(held), new_year);
        assert_eq!(
            f[0].rule,
            padu_domain::catalog::Rule::CoordinationMeetingMissing
        );
        for (m, d) in [(5, 20), (6, 2)] {
            s.create_record(
                &ctx(),
                &env_on(today),
                &agenda("berkala", day(m, d), "terlaksana", "Risalah"),
            )
            .await
            .unwrap();
        }
        let held = s.periodic_meetings_held().await.unwrap();
        assert_eq!(held, [day(5, 20), day(6, 2)]);
        assert!(padu_domain::catalog::evaluate(pessel, &facts(held), new_year).is_empty());

        let scope = ReadScope::of(&Actor::Public);
        let web = s.website_facts(&scope).await.unwrap();
        let findings = padu_domain::catalog::evaluate(
            padu_domain::profile::shipped("pessel").unwrap(),
            &padu_domain::catalog::Facts {
                websites: web,
                periodic_meetings: vec![day(5, 20), day(6, 2)],
                policies_in_force: policies.clone(),
                ..Default::default()
            },
            new_year,
        );
        assert_eq!(
            findings
                .iter()
                .map(|f| f.subject.clone())
                .collect::<Vec<_>>(),
            [format!("website:{}", outside.id)]
        );
        let listed = s
            .list_records::<AgendaInput>(
                &scope,
                &Vec::new(),
                &ListQuery {
                    q: Some("risalah".into()),
                    ..ListQuery::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(listed.total, 3, "word search over the minutes");
        let sites = s
            .list_records::<WebsiteInput>(&scope, &Vec::new(), &ListQuery::default())
            .await
            .unwrap();
        assert_eq!(
            sites
                .items
                .iter()
                .map(|w| w.host.as_str())
                .collect::<Vec<_>>(),
            ["dinkes-pessel.com", "dinkes.pesisirselatankab.go.id"]
        );
        s.delete_record::<WebsiteInput>(&ctx(), outside.id)
            .await
            .unwrap();
        assert!(matches!(
            s.get_record::<WebsiteInput>(outside.id).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

/// Word search splits words at the same places on both engines: hyphens, dots (host names,
/// addresses, versions), underscores, `@`, digits inside words and letter case. (PostgreSQL's
/// parser alone keeps `crash-1796174803-w0-1` as a hyphenated word with `-1796174803` as a
/// signed number, and a host name as one word, where SQLite's FTS5 splits them.)
#[tokio::test]
async fn search_splits_words_alike_on_both_engines() {
    let texts = [
        "crash-1796174803-w0-1",
        "portal.pesisirselatankab.go.id",
        "server_simpus_02",
        "SIMPUS RSUD dr. M. Zein",
        "Router 192.168.10.1 ruang-server",
        "helpdesk@dinkes.pesisirselatankab.go.id v2.1.0",
    ];
    // (query, the texts it finds)
    let cases: [(&str, &[usize]); 16] = [
        ("crash-1796174803-w0-1", &[0]),
        ("1796174803", &[0]),
        ("w0 crash", &[0]),
        ("CRASH", &[0]),
        ("179617480", &[]),
        ("pesisirselatankab", &[1, 5]),
        ("portal.pesisirselatankab.go.id", &[1]),
        ("go id portal", &[1]),
        ("simpus", &[2, 3]),
        ("server_simpus_02", &[2]),
        ("02", &[2]),
        ("Zein m", &[3]),
        ("192.168.10.1", &[4]),
        ("168 ruang", &[4]),
        ("dinkes helpdesk", &[5]),
        ("v2 1 0", &[5]),
    ];
    let admin = Actor::User {
        id: UserId(1),
        grants: vec![Grant {
            role: Role::AdminDinas,
            pd: None,
        }],
    };
    on_both_engines(async |t| {
        let s = &t.store;
        let pd = s.create_pd(&ctx(), &pd_input("dinas-a")).await.unwrap();
        let mut sites = vec![];
        let mut complaints = vec![];
        for (i, text) in texts.iter().enumerate() {
            let site = s
                .create_record(&ctx(), &env(), &site(pd.id, text, Classification::Biasa))
                .await
                .unwrap();
            sites.push(site.id);
            let c = s
                .file_complaint(
                    // Filed by the public: no user of this empty store.
                    &AuditCtx {
                        actor_user_id: None,
                        ..ctx()
                    },
                    &padu_store::complaints::NewComplaint {
                        category: padu_domain::complaint::Category::Pengaduan,
                        title: format!("Laporan {i}"),
                        body: text.to_string(),
                        location_text: None,
                        latitude: None,
                        longitude: None,
                        anonymous: true,
                        confidential: false,
                        reporter_name: None,
                        reporter_email: None,
                        reporter_phone: None,
                    },
                    &format!("AAAA-BBBB-CC{i:02}"),
                    &Default::default(),
                )
                .await
                .unwrap();
            complaints.push(c.id);
        }
        for (q, expected) in cases {
            let list = ListQuery {
                q: Some(q.into()),
                ..Default::default()
            };
            let found: std::collections::BTreeSet<i64> = s
                .list_records::<SiteInput>(&ReadScope::of(&admin), &Vec::new(), &list)
                .await
                .unwrap()
                .items
                .iter()
                .map(|x| x.id)
                .collect();
            let want: std::collections::BTreeSet<i64> =
                expected.iter().map(|i| sites[*i]).collect();
            assert_eq!(found, want, "sites found by {q:?}");
            // Complaints take a hyphenated query for a tracking code; the rest is word search.
            if q.contains('-') {
                continue;
            }
            let found: std::collections::BTreeSet<i64> = s
                .list_complaints(
                    &padu_store::complaints::ComplaintScope::All,
                    &Default::default(),
                    &list,
                )
                .await
                .unwrap()
                .items
                .iter()
                .map(|x| x.id)
                .collect();
            let want: std::collections::BTreeSet<i64> =
                expected.iter().map(|i| complaints[*i]).collect();
            assert_eq!(found, want, "complaints found by {q:?}");
        }
    })
    .await;
}

/// Deleting a record that others still refer to is a conflict naming them, on both engines,
/// and deletes nothing; once nothing refers to it, it goes.
#[tokio::test]
async fn deleting_a_record_in_use_names_what_uses_it() {
    on_both_engines(async |t| {
        let s = &t.store;
        let pd = s.create_pd(&ctx(), &pd_input("dinas-a")).await.unwrap();
        let site = s
            .create_record(
                &ctx(),
                &env(),
                &site(pd.id, "Ruang server", Classification::Biasa),
            )
            .await
            .unwrap();
        let server = s
            .create_record(
                &ctx(),
                &env(),
                &padu_store::infrastructure::InfrastructureInput {
                    pd_id: pd.id,
                    name: "Server SIMPUS".into(),
                    kind: "server".into(),
                    placed_at: "ruang_pd".into(),
                    provider: String::new(),
                    specification: String::new(),
                    site_id: Some(site.id),
                    status: "aktif".into(),
                    classification: Classification::Terbatas,
                },
            )
            .await
            .unwrap();
        match s.delete_record::<SiteInput>(&ctx(), site.id).await {
            Err(StoreError::Conflict { field, message }) => {
                assert_eq!(field, "id");
                assert!(message.contains("catalog_infrastructure"), "{message}");
            }
            other => panic!("expected a conflict, got {other:?}"),
        }
        assert!(
            s.get_record::<SiteInput>(site.id).await.is_ok(),
            "nothing deleted"
        );
        s.delete_record::<padu_store::infrastructure::InfrastructureInput>(&ctx(), server.id)
            .await
            .unwrap();
        s.delete_record::<SiteInput>(&ctx(), site.id).await.unwrap();
        assert!(matches!(
            s.get_record::<SiteInput>(site.id).await,
            Err(StoreError::NotFound)
        ));
    })
    .await;
}

/// The heat maps' per-cell counts follow every kind of write to the risks (create, an update
/// that moves a risk to another PD, year and cell, a delete, an import that creates and
/// replaces), and give what counting the risks themselves gives, for every reader.
#[tokio::test]
async fn risk_cell_counts_follow_every_write_and_match_the_risks() {
    use padu_store::manajemen::risks::RiskInput;
    use padu_store::registers::Upsert;
    on_both_engines(async |t| {
        let s = &t.store;
        let a = s.create_pd(&ctx(), &pd_input("dinas-a")).await.unwrap();
        let b = s.create_pd(&ctx(), &pd_input("dinas-b")).await.unwrap();
        let risk = |pd: i64, n: i64, class: Classification| RiskInput {
            pd_id: pd,
            period_year: 2025 + n % 2,
            event: format!("Risiko {n}"),
            kind: "negatif".into(),
            category: "aplikasi_spbe".into(),
            impact_area: "kinerja".into(),
            cause: "Sebab".into(),
            effect: "Akibat".into(),
            existing_controls: String::new(),
            likelihood: 1 + n % 5,
            impact: 1 + (n / 5) % 5,
            decision: "ditangani".into(),
            priority: None,
            treatment: Some("mitigasi".into()),
            action_plan: "Rencana".into(),
            action_owner: String::new(),
            action_due: None,
            residual_likelihood: (n % 3 != 0).then_some(1),
            residual_impact: (n % 3 != 0).then_some(1 + n % 2),
            application_ids: vec![],
            service_ids: vec![],
            site_ids: vec![],
            dataset_ids: vec![],
            incident_ids: vec![],
            classification: class,
        };
        let mut ids = Vec::new();
        for n in 0..12 {
            let (pd, class) = if n % 4 == 0 {
                (b.id, Classification::Rahasia)
            } else {
                (a.id, Classification::Terbatas)
            };
            let r = s
                .create_record(&ctx(), &env(), &risk(pd, n, class))
                .await
                .unwrap();
            ids.push(r.id);
        }
        let moved = risk(b.id, 7, Classification::Biasa);
        let moved = RiskInput {
            likelihood: 5,
            impact: 5,
            ..moved
        };
        s.update_record(&ctx(), &env(), ids[1], &moved)
            .await
            .unwrap();
        s.delete_record::<RiskInput>(&ctx(), ids[2]).await.unwrap();
        let replaced =
            serde_json::to_value(s.get_record::<RiskInput>(ids[3]).await.unwrap()).unwrap();
        s.import_records(
            &ctx(),
            &env(),
            &[
                Upsert::Create(risk(a.id, 20, Classification::Terbatas)),
                Upsert::Update {
                    id: ids[3],
                    before: replaced,
                    input: risk(b.id, 21, Classification::Terbatas),
                },
            ],
            &mut |_, _| {},
        )
        .await
        .unwrap();

        let user = |role: Role, pd: Option<i64>| Actor::User {
            id: UserId(9),
            grants: vec![Grant {
                role,
                pd: pd.map(PdId),
            }],
        };
        let readers = [
            Actor::Public,
            user(Role::OperatorPd, Some(a.id)),
            user(Role::OperatorPd, Some(b.id)),
            user(Role::AdminDinas, None),
        ];
        let sorted = |mut v: Vec<(i64, i64, i64)>| {
            v.sort();
            v
        };
        for actor in &readers {
            let scope = ReadScope::of(actor);
            for residual in [false, true] {
                let (l, i) = if residual {
                    ("residual_likelihood", "residual_impact")
                } else {
                    ("likelihood", "impact")
                };
                for (pd, year) in [
                    (None, None),
                    (Some(a.id), None),
                    (Some(b.id), Some(2026)),
                    (None, Some(2025)),
                ] {
                    let mut filters = Vec::new();
                    if let Some(pd) = pd {
                        filters.push(("pd_id".to_string(), pd.to_string()));
                    }
                    if let Some(year) = year {
                        filters.push(("period_year".to_string(), year.to_string()));
                    }
                    let counted = s
                        .count_pairs::<RiskInput>(&scope, &filters, l, i)
                        .await
                        .unwrap();
                    let kept = s
                        .risk_cell_counts(&scope, pd, year, residual)
                        .await
                        .unwrap();
                    assert_eq!(
                        sorted(kept),
                        sorted(counted),
                        "{actor:?} {pd:?} {year:?} residual {residual}"
                    );
                }
            }
        }
        let all = s
            .risk_cell_counts(&ReadScope::of(&readers[3]), None, None, false)
            .await
            .unwrap();
        assert_eq!(
            all.iter().map(|c| c.2).sum::<i64>(),
            12,
            "12 created, 1 deleted, 1 imported"
        );
        assert!(
            all.contains(&(5, 5, 1)),
            "the moved risk sits at 5 × 5: {all:?}"
        );
    })
    .await;
}
