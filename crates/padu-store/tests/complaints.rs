//! Complaint storage conformance: every test runs against SQLite and PostgreSQL.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use padu_domain::complaint::{self, Category, Deadlines, Status};
use padu_domain::sla::WorkCalendar;
use padu_store::complaints::{ComplaintFilter, ComplaintScope, NewComplaint, StepRecord};
use padu_store::org::PdInput;
use padu_store::testing::{on_both_engines, pd_input};
use padu_store::{AuditCtx, ListQuery, StoreError};

fn ctx_at(day: u32, hour: u32) -> AuditCtx {
    AuditCtx {
        actor_user_id: None,
        actor_label: "warga".into(),
        ip: Some("127.0.0.1".into()),
        at: Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap(),
    }
}

/// The PD the complaints are forwarded to.
fn public_works() -> PdInput {
    PdInput {
        name: "Dinas Pekerjaan Umum".into(),
        ..pd_input("pupr")
    }
}

fn complaint(title: &str, confidential: bool) -> NewComplaint {
    NewComplaint {
        category: Category::Pengaduan,
        title: title.into(),
        body: "Jalan berlubang di depan Puskesmas Salido, sudah tiga bulan.".into(),
        location_text: Some("Salido, Painan".into()),
        latitude: Some(-1.3485),
        longitude: Some(100.5778),
        anonymous: false,
        confidential,
        reporter_name: Some("Rina".into()),
        reporter_email: Some("rina@example.id".into()),
        reporter_phone: None,
    }
}

#[tokio::test]
async fn complaints_flow_scope_and_conflicts() {
    on_both_engines(async |t| {
        let s = &t.store;
        let pd = s.create_pd(&ctx_at(23, 1), &public_works()).await.unwrap();
        let cal = complaint::Schedule::new(
            WorkCalendar::government_wib(),
            padu_domain::profile::shipped("nasional").unwrap(),
        );
        let filed = ctx_at(23, 3);
        let d = complaint::on_filing(&cal, filed.at);
        let a = s
            .file_complaint(
                &filed,
                &complaint("Jalan berlubang", false),
                "AAAA-BBBB-CCCC",
                &d,
            )
            .await
            .unwrap();
        assert_eq!(a.status, Status::MenungguVerifikasi);
        assert_eq!(a.deadlines.verify_due, d.verify_due);
        let b = s
            .file_complaint(&filed, &complaint("Rahasia", true), "DDDD-EEEE-FFFF", &d)
            .await
            .unwrap();
        // A taken tracking code is a conflict, not a crash.
        assert!(matches!(
            s.file_complaint(&filed, &complaint("x", false), "AAAA-BBBB-CCCC", &d)
                .await,
            Err(StoreError::Conflict { .. })
        ));
        // Bad input names the field and writes nothing.
        let mut bad = complaint("x", false);
        bad.latitude = Some(120.0);
        match s.file_complaint(&filed, &bad, "GGGG-HHHH-JJJJ", &d).await {
            Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "latitude"),
            other => panic!("{other:?}"),
        }
        let mut nameless = complaint("x", false);
        nameless.reporter_name = None;
        match s
            .file_complaint(&filed, &nameless, "GGGG-HHHH-JJJJ", &d)
            .await
        {
            Err(StoreError::Invalid { field, .. }) => assert_eq!(field, "reporter_name"),
            other => panic!("{other:?}"),
        }
        let all = ListQuery::default();
        let none = ComplaintFilter::default();
        assert_eq!(
            s.list_complaints(&ComplaintScope::All, &none, &all)
                .await
                .unwrap()
                .total,
            2
        );
        // Not verified yet: nothing is public, and no PD has it.
        assert_eq!(
            s.list_complaints(&ComplaintScope::Public, &none, &all)
                .await
                .unwrap()
                .total,
            0
        );
        assert_eq!(
            s.list_complaints(&ComplaintScope::Pds(vec![pd.id]), &none, &all)
                .await
                .unwrap()
                .total,
            0
        );

        // Forward both; the second attempt on the same status conflicts.
        let fwd = |expected| StepRecord {
            expected_status: expected,
            new_status: Status::Diteruskan,
            deadlines: Deadlines {
                follow_up_due: Some(filed.at + Duration::days(7)),
                ..Deadlines::default()
            },
            pd_id: Some(pd.id),
            merged_into: None,
            kind: "forwarded",
            body: "Diteruskan ke Dinas PU".into(),
            public: true,
        };
        let dinas = AuditCtx {
            actor_user_id: None,
            actor_label: "admin".into(),
            ..ctx_at(24, 2)
        };
        let a = s
            .record_complaint_step(&dinas, a.id, &fwd(Status::MenungguVerifikasi))
            .await
            .unwrap();
        assert_eq!(
            (a.status, a.pd_id, a.pd_name.as_deref()),
            (
                Status::Diteruskan,
                Some(pd.id),
                Some("Dinas Pekerjaan Umum")
            )
        );
        assert!(matches!(
            s.record_complaint_step(&dinas, a.id, &fwd(Status::MenungguVerifikasi))
                .await,
            Err(StoreError::Conflict { .. })
        ));
        s.record_complaint_step(&dinas, b.id, &fwd(Status::MenungguVerifikasi))
            .await
            .unwrap();
        s.add_complaint_note(&dinas, a.id, "note", "Cek lokasi dulu", false)
            .await
            .unwrap();

        // Public sees the forwarded, non-confidential one; the PD sees both.
        let public = s
            .list_complaints(&ComplaintScope::Public, &none, &all)
            .await
            .unwrap();
        assert_eq!(
            public.items.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![a.id]
        );
        assert_eq!(
            s.list_complaints(&ComplaintScope::Pds(vec![pd.id]), &none, &all)
                .await
                .unwrap()
                .total,
            2
        );
        assert_eq!(
            s.list_complaints(&ComplaintScope::Pds(vec![]), &none, &all)
                .await
                .unwrap()
                .total,
            0
        );
        let search = ListQuery {
            q: Some("BERLUBANG".into()),
            ..ListQuery::default()
        };
        assert_eq!(
            s.list_complaints(&ComplaintScope::All, &none, &search)
                .await
                .unwrap()
                .total,
            2
        );
        let by_code = ListQuery {
            q: Some("dddd-eeee".into()),
            ..ListQuery::default()
        };
        assert_eq!(
            s.list_complaints(&ComplaintScope::All, &none, &by_code)
                .await
                .unwrap()
                .items[0]
                .id,
            b.id
        );

        // Timeline: the internal note is hidden from the public view.
        let full = s.complaint_updates(a.id, false).await.unwrap();
        assert_eq!(
            full.iter().map(|u| u.kind.as_str()).collect::<Vec<_>>(),
            ["filed", "forwarded", "note"]
        );
        assert_eq!(s.complaint_updates(a.id, true).await.unwrap().len(), 2);
        assert_eq!(
            s.complaint_by_code("AAAA-BBBB-CCCC").await.unwrap().id,
            a.id
        );
        assert!(matches!(
            s.complaint_by_code("ZZZZ-ZZZZ-ZZZZ").await,
            Err(StoreError::NotFound)
        ));

        // Overdue and escalation: the follow-up was due 7 days after filing.
        let later = filed.at + Duration::days(8);
        let overdue = ComplaintFilter {
            overdue_at: Some(later),
            ..ComplaintFilter::default()
        };
        assert_eq!(
            s.list_complaints(&ComplaintScope::All, &overdue, &all)
                .await
                .unwrap()
                .total,
            2
        );
        assert_eq!(
            s.complaints_to_escalate(later).await.unwrap(),
            vec![a.id, b.id]
        );
        s.add_complaint_note(
            &AuditCtx {
                at: later,
                ..dinas.clone()
            },
            a.id,
            "escalated",
            "Lewat tenggat tindak lanjut",
            false,
        )
        .await
        .unwrap();
        assert_eq!(s.complaints_to_escalate(later).await.unwrap(), vec![b.id]);

        // Follow-up, then expiry.
        let follow = StepRecord {
            expected_status: Status::Diteruskan,
            new_status: Status::Ditindaklanjuti,
            deadlines: Deadlines {
                respond_due: Some(later + Duration::days(10)),
                ..Deadlines::default()
            },
            pd_id: Some(pd.id),
            merged_into: None,
            kind: "follow_up",
            body: "Sudah ditambal".into(),
            public: true,
        };
        let a = s
            .record_complaint_step(
                &AuditCtx {
                    at: later,
                    ..dinas.clone()
                },
                a.id,
                &follow,
            )
            .await
            .unwrap();
        assert_eq!(a.escalated_at, None, "a step clears the escalation mark");
        assert!(s
            .complaints_to_expire(later + Duration::days(9))
            .await
            .unwrap()
            .is_empty());
        assert_eq!(
            s.complaints_to_expire(later + Duration::days(10))
                .await
                .unwrap(),
            vec![a.id]
        );
        let counts = s.complaint_counts().await.unwrap();
        assert!(
            counts.contains(&(Status::Ditindaklanjuti, 1))
                && counts.contains(&(Status::Diteruskan, 1))
        );

        // Holidays: imported and read back.
        let day = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        s.put_holidays(&dinas, &[(day, "Natal".into())])
            .await
            .unwrap();
        s.put_holidays(&dinas, &[(day, "Hari Raya Natal".into())])
            .await
            .unwrap();
        assert_eq!(
            s.holidays().await.unwrap(),
            vec![(day, "Hari Raya Natal".to_string())]
        );
    })
    .await;
}

/// Searches read the same pages whichever way the engine is steered: past the count cap (on
/// PostgreSQL, a backward walk of the primary key) and under it (the GIN index, sorted).
#[tokio::test]
async fn word_search_pages_dense_and_sparse_matches() {
    on_both_engines(async |t| {
        let s = &t.store;
        s.create_pd(&ctx_at(23, 1), &public_works()).await.unwrap();
        s.bench_seed(&ctx_at(23, 2), 1_500, 0, &mut |_, _, _| {})
            .await
            .unwrap();
        let none = ComplaintFilter::default();
        let search = |q: &str, page: u32| ListQuery {
            q: Some(q.into()),
            page,
            per_page: 200,
        };
        // Every seeded title names a place ("… di Salido"): dense, the count stops at the cap.
        let mut seen = Vec::new();
        for page in 1..=3 {
            let p = s
                .list_complaints(&ComplaintScope::All, &none, &search("di", page))
                .await
                .unwrap();
            assert_eq!((p.total, p.more), (1_000, true));
            seen.extend(p.items.iter().map(|c| c.id));
        }
        let mut expected: Vec<i64> = seen.clone();
        expected.sort_unstable_by(|a, b| b.cmp(a));
        expected.dedup();
        assert_eq!(seen, expected, "newest first, no repeats");
        assert_eq!(seen.len(), 600);
        assert_eq!(seen[0], 1_500, "the newest filed leads");

        // A word no complaint has, and one next to it: nothing, quickly and exactly.
        let p = s
            .list_complaints(&ComplaintScope::All, &none, &search("di zzqx", 1))
            .await
            .unwrap();
        assert_eq!((p.total, p.more, p.items.len()), (0, false, 0));

        // Sparse: a place named in some complaints. The exact count equals the rows paged.
        let p = s
            .list_complaints(&ComplaintScope::All, &none, &search("salido", 1))
            .await
            .unwrap();
        assert!(p.total > 0 && p.total < 200, "{}", p.total);
        assert!(!p.more);
        assert_eq!(p.items.len() as i64, p.total);
        assert!(p.items.windows(2).all(|w| w[0].id > w[1].id));
        assert!(p.items.iter().all(|c| {
            let text = format!("{} {}", c.title, c.body).to_lowercase();
            text.contains("salido")
        }));
    })
    .await;
}
