//! Account rules that must hold under concurrency, on both engines: the last active Admin Dinas
//! stays, and sign-in attempts are reserved atomically per account and address. Each side of a
//! race uses its own connection pool, as two Padu processes on one database would.

use chrono::{TimeZone, Utc};
use padu_domain::throttle::LOCK_AFTER;
use padu_domain::{Grant, Role};
use padu_store::testing::on_both_engines;
use padu_store::users::{NewUser, UserUpdate};
use padu_store::{AuditCtx, Store, StoreError};

fn ctx() -> AuditCtx {
    AuditCtx {
        actor_user_id: None,
        actor_label: "tester".into(),
        ip: Some("127.0.0.1".into()),
        at: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
    }
}

async fn admin(s: &Store, username: &str) -> i64 {
    s.create_user(
        &ctx(),
        &NewUser {
            username: username.into(),
            full_name: username.into(),
            email: None,
            password_hash: "x".into(),
            grants: vec![Grant {
                role: Role::AdminDinas,
                pd: None,
            }],
        },
    )
    .await
    .unwrap()
    .id
}

fn deactivated(username: &str) -> UserUpdate {
    UserUpdate {
        full_name: username.into(),
        email: None,
        active: false,
        lang: "id".into(),
    }
}

fn refused_as_last_admin<T: std::fmt::Debug>(r: &Result<T, StoreError>, field: &str) -> bool {
    matches!(r, Err(StoreError::Conflict { field: f, .. }) if f == field)
}

#[tokio::test]
async fn two_concurrent_demotions_leave_an_admin() {
    on_both_engines(async |t| {
        let a = admin(&t.store, "admin.satu").await;
        let b = admin(&t.store, "admin.dua").await;
        let other = Store::open(&t.url).await.unwrap();
        for round in 0..2 {
            let (left, right) = if round == 0 {
                tokio::join!(
                    async { t.store.set_grants(&ctx(), a, &[]).await.map(|_| ()) },
                    async { other.set_grants(&ctx(), b, &[]).await.map(|_| ()) },
                )
            } else {
                tokio::join!(
                    async {
                        t.store
                            .update_user(&ctx(), a, &deactivated("admin.satu"))
                            .await
                            .map(|_| ())
                    },
                    async {
                        other
                            .update_user(&ctx(), b, &deactivated("admin.dua"))
                            .await
                            .map(|_| ())
                    },
                )
            };
            let field = if round == 0 { "grants" } else { "active" };
            assert!(
                left.is_ok() != right.is_ok(),
                "round {round}: exactly one succeeds: {left:?} {right:?}"
            );
            assert!(
                refused_as_last_admin(&left, field) || refused_as_last_admin(&right, field),
                "{left:?} {right:?}"
            );
            // Put both back as admins for the next round.
            let grant = [Grant {
                role: Role::AdminDinas,
                pd: None,
            }];
            t.store.set_grants(&ctx(), a, &grant).await.unwrap();
            t.store.set_grants(&ctx(), b, &grant).await.unwrap();
            for (id, name) in [(a, "admin.satu"), (b, "admin.dua")] {
                let mut up = deactivated(name);
                up.active = true;
                t.store.update_user(&ctx(), id, &up).await.unwrap();
            }
        }
        other.close().await;
    })
    .await;
}

#[tokio::test]
async fn sign_in_attempts_are_reserved_atomically_per_address() {
    on_both_engines(async |t| {
        let id = admin(&t.store, "admin.satu").await;
        let other = Store::open(&t.url).await.unwrap();
        let now = ctx().at;
        let attempts = (0..18).map(|i| {
            let s = if i % 2 == 0 { &t.store } else { &other };
            async move { s.reserve_login(id, "203.0.113.7", now).await.unwrap() }
        });
        let granted = futures_util::future::join_all(attempts)
            .await
            .into_iter()
            .filter(Option::is_some)
            .count();
        assert_eq!(granted, LOCK_AFTER as usize);
        assert!(
            t.store
                .reserve_login(id, "203.0.113.7", now)
                .await
                .unwrap()
                .is_none(),
            "locked at this address"
        );
        let elsewhere = t
            .store
            .reserve_login(id, "198.51.100.9", now)
            .await
            .unwrap();
        assert_eq!(
            elsewhere.map(|a| a.failures),
            Some(1),
            "another address is counted on its own"
        );
        other.close().await;
    })
    .await;
}
