//! Service Desk storage conformance (tickets, search, attachments, notifications, the mail
//! outbox, saved views): every test runs against SQLite and PostgreSQL.

use chrono::{Duration, TimeZone, Utc};
use padu_domain::sla::{evaluate, TicketEvent, WorkCalendar};
use padu_domain::ticket::{self, Priority, TicketStatus, TicketType, Tier};
use padu_store::attachments::Owner;
use padu_store::notify::NewNotification;
use padu_store::testing::{on_both_engines, pd_input};
use padu_store::tickets::{NewEvent, NewTicket, TicketFilter, TicketScope};
use padu_store::{AuditCtx, ListQuery, StoreError};

fn ctx(minutes: i64) -> AuditCtx {
    AuditCtx {
        actor_user_id: None,
        actor_label: "operator".into(),
        ip: None,
        // Monday 2026-11-23 09:00 WIB.
        at: Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap() + Duration::minutes(minutes),
    }
}

#[tokio::test]
async fn tickets_queue_search_change_and_conflict() {
    on_both_engines(async |t| {
        let s = &t.store;
        let a = s.create_pd(&ctx(0), &pd_input("dinkes")).await.unwrap();
        let b = s.create_pd(&ctx(0), &pd_input("pupr")).await.unwrap();
        let cal = WorkCalendar::government_wib();
        let mut ids = Vec::new();
        for (i, (pd_id, title, prio)) in [
            (a.id, "Jaringan internet puskesmas putus", Priority::Kritis),
            (a.id, "Permintaan akun email dinas", Priority::Rendah),
            (b.id, "Printer kantor rusak", Priority::Sedang),
        ]
        .into_iter()
        .enumerate()
        {
            let kind = TicketType::Gangguan;
            let sla = ticket::sla_for(
                padu_domain::profile::shipped("nasional").unwrap(),
                kind,
                prio,
            );
            let at = ctx(i as i64);
            let snap =
                ticket::snapshot(&evaluate(&cal, sla, &[(at.at, TicketEvent::Opened)], at.at));
            let tk = s
                .create_ticket(
                    &at,
                    &NewTicket {
                        kind,
                        priority: prio,
                        pd_id,
                        title: title.into(),
                        body: "Mohon dibantu segera.".into(),
                        requester_user_id: None,
                        requester_label: "pegawai".into(),
                        link_kind: Some("asset".into()),
                        link_ref: Some("PC-001".into()),
                        parent_id: None,
                    },
                    &sla,
                    &snap,
                )
                .await
                .unwrap();
            assert_eq!((tk.status, tk.tier), (TicketStatus::Baru, Tier::One));
            assert_eq!(tk.sla_state, "running");
            ids.push(tk.id);
        }
        // Bad input leaves nothing behind.
        let bad = NewTicket {
            kind: TicketType::Masalah,
            priority: Priority::Rendah,
            pd_id: a.id,
            title: " ".into(),
            body: "x".into(),
            requester_user_id: None,
            requester_label: "x".into(),
            link_kind: None,
            link_ref: None,
            parent_id: None,
        };
        let sla = ticket::sla_for(
            padu_domain::profile::shipped("nasional").unwrap(),
            bad.kind,
            bad.priority,
        );
        let snap = ticket::snapshot(&evaluate(&cal, sla, &[], ctx(0).at));
        assert!(matches!(
            s.create_ticket(&ctx(0), &bad, &sla, &snap).await,
            Err(StoreError::Invalid { field, .. }) if field == "title"
        ));
        // The queue: open tickets, most urgent first; a PD sees its own.
        let open = TicketFilter {
            open: true,
            ..Default::default()
        };
        let q = ListQuery::default();
        let all = s.list_tickets(&TicketScope::All, &open, &q).await.unwrap();
        assert_eq!(all.total, 3);
        assert_eq!(all.items[0].id, ids[0], "the critical one is due first");
        let mine = s
            .list_tickets(
                &TicketScope::Pds {
                    pds: vec![b.id],
                    user: 999,
                },
                &open,
                &q,
            )
            .await
            .unwrap();
        assert_eq!(
            mine.items.iter().map(|t| t.id).collect::<Vec<_>>(),
            vec![ids[2]]
        );
        let none = s
            .list_tickets(&TicketScope::Requester(999), &open, &q)
            .await
            .unwrap();
        assert_eq!(none.total, 0);
        // Word search (whole words, any case) through the engine's full-text index.
        let found = s
            .list_tickets(
                &TicketScope::All,
                &TicketFilter::default(),
                &ListQuery {
                    q: Some("internet PUSKESMAS".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(
            found.items.iter().map(|t| t.id).collect::<Vec<_>>(),
            vec![ids[0]]
        );
        let nothing = s
            .list_tickets(
                &TicketScope::All,
                &TicketFilter::default(),
                &ListQuery {
                    q: Some("\"*) OR 1=1 --".into()),
                    ..Default::default()
                },
            )
            .await
            .unwrap();
        assert_eq!(nothing.total, 0, "query syntax never reaches the engine");

        // Escalate: recorded with its event and audit entry; a stale copy conflicts.
        let before = s.get_ticket(ids[0]).await.unwrap();
        let mut after = before.clone();
        after.tier = Tier::Two;
        after.status = TicketStatus::Ditangani;
        after.escalation_reason = Some("Perlu akses router inti".into());
        let ev = NewEvent {
            kind: "escalated",
            body: "Perlu akses router inti".into(),
            public: false,
            sla_event: None,
            data: None,
        };
        let done = s
            .record_ticket_change(&ctx(5), &before, &after, &snap, &ev)
            .await
            .unwrap();
        assert_eq!(done.tier, Tier::Two);
        assert!(matches!(
            s.record_ticket_change(&ctx(6), &before, &after, &snap, &ev)
                .await,
            Err(StoreError::Conflict { .. })
        ));
        let events = s.ticket_events(ids[0], false).await.unwrap();
        assert_eq!(
            events.iter().map(|e| e.kind.as_str()).collect::<Vec<_>>(),
            vec!["opened", "escalated"]
        );
        assert_eq!(s.ticket_events(ids[0], true).await.unwrap().len(), 1);
        let tier2 = s
            .list_tickets(
                &TicketScope::All,
                &TicketFilter {
                    tier: Some(2),
                    ..Default::default()
                },
                &q,
            )
            .await
            .unwrap();
        assert_eq!(tier2.total, 1);

        // Supervision flags a PD without Tier 1 staff.
        let desk = s.desk_supervision().await.unwrap();
        let row = desk.iter().find(|r| r.pd_id == a.id).unwrap();
        assert_eq!((row.open_tier1, row.open_tier2), (1, 1));
        assert!(row.no_tier1_staff);

        // Attachments keep their bytes and hash.
        let bytes = b"%PDF-1.4 test".to_vec();
        let att = s
            .add_attachment(
                &ctx(7),
                Owner::Ticket(ids[0]),
                "log.pdf",
                "application/pdf",
                false,
                &bytes,
            )
            .await
            .unwrap();
        assert_eq!(s.attachment_data(att.id).await.unwrap(), bytes);
        assert_eq!(
            s.attachments(Owner::Ticket(ids[0]), true)
                .await
                .unwrap()
                .len(),
            0
        );
        assert_eq!(
            s.attachments(Owner::Ticket(ids[0]), false)
                .await
                .unwrap()
                .len(),
            1
        );

        // Saved views are per user and uniquely named.
        let admin = padu_store::users::NewUser {
            username: "admin".into(),
            full_name: "Admin".into(),
            email: None,
            password_hash: "x".into(),
            grants: vec![],
        };
        let u = s.create_user(&ctx(0), &admin).await.unwrap();
        s.save_view(&ctx(8), u.id, "Kritis", "priority=kritis")
            .await
            .unwrap();
        assert!(matches!(
            s.save_view(&ctx(8), u.id, "Kritis", "x").await,
            Err(StoreError::Conflict { .. })
        ));
        assert_eq!(s.saved_views(u.id).await.unwrap().len(), 1);

        // Notifications and the outbox's retries.
        s.notify(
            ctx(9).at,
            &[NewNotification {
                user_id: u.id,
                kind: "ticket".into(),
                subject: "Tiket baru".into(),
                body: "…".into(),
                link: Some(format!("/layanan/{}", ids[0])),
            }],
        )
        .await
        .unwrap();
        assert_eq!(s.unread_notifications(u.id).await.unwrap(), 1);
        let n = s.notifications(u.id, 10).await.unwrap().remove(0);
        assert_eq!(s.notification(u.id, n.id).await.unwrap(), Some(n.clone()));
        assert_eq!(
            s.notification(u.id + 1, n.id).await.unwrap(),
            None,
            "another user's is not found"
        );
        s.mark_read(u.id, None, ctx(10).at).await.unwrap();
        assert_eq!(s.unread_notifications(u.id).await.unwrap(), 0);
        let m = s
            .queue_mail(ctx(0).at, "a@example.id", "S", "B")
            .await
            .unwrap();
        assert_eq!(s.mail_due(ctx(0).at, 10).await.unwrap().len(), 1);
        s.mail_attempted(m, ctx(0).at, Some("connection refused"))
            .await
            .unwrap();
        assert!(
            s.mail_due(ctx(0).at, 10).await.unwrap().is_empty(),
            "backs off"
        );
        assert_eq!(s.mail_due(ctx(2).at, 10).await.unwrap().len(), 1);
        s.mail_attempted(m, ctx(2).at, None).await.unwrap();
        assert!(s.mail_due(ctx(600).at, 10).await.unwrap().is_empty());
        assert!(s.outbox(10).await.unwrap()[0].sent_at.is_some());

        // PDs, tickets, the escalation, the attachment, the user and the view are audited.
        assert!(s.audit_count().await.unwrap() >= 9);
    })
    .await;
}
