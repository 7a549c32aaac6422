//! Bogor Pasal 23(4)c: a PD providing a service on the bus first gets the Dinas's
//! consideration of its operational fitness and security. Under the Bogor profile a service a
//! PD's operator registers waits for the Dinas's clearance and is not called until then; the
//! Dinas's own services, and every service under a profile without the clause, serve at once.

mod common;
use common::*;
use serde_json::{json, Value};

#[tokio::test]
async fn a_pd_s_service_serves_once_the_dinas_clears_it_where_the_region_requires_it() {
    for (profile, instance) in [("bogor", "ID-BOGOR"), ("pessel", "ID-PESSEL")] {
        let Some(s) = demo_server_with(padu_store::Engine::Sqlite, |a| {
            with_gateway(a);
            a.profile = profile.into();
        })
        .await
        else {
            return;
        };
        let admin = s.token_of("admin").await;
        let op = s.token_of("operator.kesehatan").await;
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let up = format!("http://{}", l.local_addr().unwrap());
        let app = axum::Router::new().fallback(|| async { axum::Json(json!({"ok": true})) });
        tokio::spawn(async move { axum::serve(l, app).await });

        let dinkes = s.pd_id("dinas-kesehatan").await;
        let provider = s
            .post_ok(
                &admin,
                "/api/v1/gsb/members",
                json!({"instance": instance, "member_class": "GOV", "member_code": "dinkes", "name": "Dinas Kesehatan", "pd_id": dinkes}),
            )
            .await;
        let sub = s
            .post_ok(
                &op,
                &format!("/api/v1/gsb/members/{}/subsystems", provider["id"]),
                json!({"code": "simpus", "name": "SIMPUS"}),
            )
            .await;
        let svc = s
            .post_ok(
                &op,
                &format!("/api/v1/gsb/subsystems/{}/services", sub["id"]),
                json!({"code": "pasien", "title": "Pasien", "base_url": up}),
            )
            .await;
        let client = s.bus_subsystem(&admin, instance, "bappeda", "sipd").await;
        let secret = s.bus_token(&admin, client).await;
        s.post_ok(
            &op,
            &format!("/api/v1/gsb/services/{}/access", svc["id"]),
            json!({"client": format!("{instance}/GOV/bappeda/sipd")}),
        )
        .await;
        let gateway = format!("http://{}", s.running.gateway_addr.unwrap());
        let call = || async {
            s.http
                .get(format!(
                    "{gateway}/r1/{instance}/GOV/dinkes/simpus/pasien/x"
                ))
                .header("X-Road-Client", format!("{instance}/GOV/bappeda/sipd"))
                .header("X-Padu-Token", &secret)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        };
        if profile == "pessel" {
            assert_eq!(svc["cleared"], true, "no clearance clause in Pessel");
            assert_eq!(call().await, 200);
            s.running.stop().await;
            continue;
        }
        assert_eq!(svc["cleared"], false, "{svc}");
        assert_ne!(call().await, 200, "not called before the Dinas clears it");
        let clear = format!("/api/v1/gsb/services/{}/clearance", svc["id"]);
        let (st, _) = s.post(&clear, Some(&op), json!({})).await;
        assert_eq!(st, 403, "the PD cannot clear its own service");
        let (st, cleared): (u16, Value) = s.post(&clear, Some(&admin), json!({})).await;
        assert_eq!((st, &cleared["cleared"]), (200, &json!(true)), "{cleared}");
        assert_eq!(call().await, 200, "cleared, it serves");
        let (_, audit) = s
            .get(
                "/api/v1/audit?action=clear&entity=gsb_service",
                Some(&admin),
            )
            .await;
        assert_eq!(audit["total"], 1, "{audit}");
        // The Dinas's own services serve at once.
        let own = s
            .post_ok(
                &admin,
                &format!("/api/v1/gsb/subsystems/{}/services", sub["id"]),
                json!({"code": "obat", "title": "Obat", "base_url": up}),
            )
            .await;
        assert_eq!(own["cleared"], true);
        let rules = get_text(&test_client(false), s.url("/aturan")).await;
        assert!(rules.contains("Bogor Pasal 23(4)c"));
        s.running.stop().await;
    }
}
