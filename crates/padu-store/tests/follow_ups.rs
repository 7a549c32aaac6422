//! The follow-ups of compliance findings: recorded, replaced, reopened and audited, on SQLite
//! and PostgreSQL.

use chrono::{NaiveDate, TimeZone, Utc};
use padu_domain::follow_up::FollowUpState;
use padu_store::follow_ups::NewFollowUp;
use padu_store::testing::{on_both_engines, pd_input};
use padu_store::AuditCtx;

fn ctx() -> AuditCtx {
    AuditCtx {
        actor_user_id: None,
        actor_label: "admin".into(),
        ip: None,
        at: Utc.with_ymd_and_hms(2026, 12, 6, 2, 0, 0).unwrap(),
    }
}

#[tokio::test]
async fn a_finding_is_acknowledged_assigned_waived_and_reopened() {
    on_both_engines(async |t| {
        let s = &t.store;
        let pd = s.create_pd(&ctx(), &pd_input("dinkes")).await.unwrap();
        let audited = s.audit_count().await.unwrap();
        let step = |state, target: Option<NaiveDate>, reason: &'static str| NewFollowUp {
            rule: "application_untested",
            subject: "application:7",
            pd_id: Some(pd.id),
            state,
            assignee_id: None,
            target_date: target,
            reason,
        };
        let seen = s
            .record_follow_up(&ctx(), &step(FollowUpState::Acknowledged, None, ""))
            .await
            .unwrap();
        assert_eq!(seen.state, FollowUpState::Acknowledged);
        let target = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
        let assigned = s
            .record_follow_up(&ctx(), &step(FollowUpState::Assigned, Some(target), ""))
            .await
            .unwrap();
        assert_eq!(assigned.target_date, Some(target));
        let waived = s
            .record_follow_up(
                &ctx(),
                &step(FollowUpState::Waived, None, "  Aplikasi sudah dihentikan  "),
            )
            .await
            .unwrap();
        assert_eq!(
            (waived.state, waived.reason.as_str(), waived.target_date),
            (FollowUpState::Waived, "Aplikasi sudah dihentikan", None)
        );
        assert_eq!(
            s.follow_ups().await.unwrap(),
            vec![waived],
            "one row a finding"
        );

        let too_long: &'static str = Box::leak("x".repeat(2001).into_boxed_str());
        assert!(s
            .record_follow_up(&ctx(), &step(FollowUpState::Waived, None, too_long))
            .await
            .is_err());
        s.reopen_finding(&ctx(), "application_untested", "application:7")
            .await
            .unwrap();
        assert!(s.follow_ups().await.unwrap().is_empty());
        assert!(
            s.reopen_finding(&ctx(), "application_untested", "application:7")
                .await
                .is_err(),
            "an open finding has nothing to reopen"
        );
        assert_eq!(
            s.audit_count().await.unwrap(),
            audited + 4,
            "three steps and the reopening are audited; the refused one is not"
        );
    })
    .await;
}
