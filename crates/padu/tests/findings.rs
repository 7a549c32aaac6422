//! Compliance findings as work items: the PD acknowledges and assigns its own, the Dinas waives
//! with a reason and reopens; every step is audited, and a waived finding stays listed as such.

mod common;
use common::*;
use serde_json::{json, Value};

fn assert_refused(st: u16, body: &Value, status: u16, field: &str) {
    assert_eq!(st, status, "{body}");
    if status == 422 {
        assert_eq!(body["error"]["field"], field, "{body}");
    }
}

#[tokio::test]
async fn a_finding_is_acknowledged_assigned_waived_and_reopened() {
    demo_on_both_engines(async |s| {
        let admin = s.token_of("admin").await;
        let kesehatan = s.token_of("operator.kesehatan").await;
        let kominfo = s.token_of("operator.kominfo").await;
        let pd = s.pd_id("dinas-kesehatan").await;
        let (st, list) = s
            .get(
                &format!("/api/v1/catalog/findings?pd_id={pd}"),
                Some(&kesehatan),
            )
            .await;
        assert_eq!(st, 200, "{list}");
        let finding = list
            .as_array()
            .unwrap()
            .iter()
            // One on a record every PD may read (not a Terbatas risk), which only Dinkes acts on.
            .find(|f| f["pd_id"] == pd && !f["subject"].as_str().unwrap().starts_with("risk:"))
            .expect("the demo region's Dinas Kesehatan has a finding")
            .clone();
        assert!(finding["follow_up"].is_null(), "open at first");
        let (rule, subject) = (finding["rule"].clone(), finding["subject"].clone());
        let step = |step: &str, extra: Value| {
            let mut v = json!({ "rule": rule, "subject": subject, "step": step });
            v.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            v
        };
        let path = "/api/v1/catalog/findings/follow-ups";
        let audited = |entries: &Value| entries["total"].as_i64().unwrap();
        let (_, before) = s.get("/api/v1/audit?entity=finding", Some(&admin)).await;

        // Another PD's operator may not; the PD's own acknowledges.
        let (st, body) = s
            .post(path, Some(&kominfo), step("acknowledge", json!({})))
            .await;
        assert_refused(st, &body, 403, "");
        let (st, body) = s
            .post(path, Some(&kesehatan), step("acknowledge", json!({})))
            .await;
        assert_eq!(st, 200, "{body}");
        assert_eq!(body["follow_up"]["state"], "acknowledged");

        // An assignment needs someone of the PD and a date not yet passed.
        let other = s.user_id("operator.kominfo").await;
        let own = s.user_id("operator.kesehatan").await;
        let (st, body) = s
            .post(
                path,
                Some(&kesehatan),
                step(
                    "assign",
                    json!({"assignee_id": other, "target_date": "2099-01-31"}),
                ),
            )
            .await;
        assert_refused(st, &body, 422, "assignee_id");
        let (st, body) = s
            .post(
                path,
                Some(&kesehatan),
                step(
                    "assign",
                    json!({"assignee_id": own, "target_date": "2020-01-31"}),
                ),
            )
            .await;
        assert_refused(st, &body, 422, "target_date");
        let (st, body) = s.post(path, Some(&kesehatan), step("fix", json!({}))).await;
        assert_refused(st, &body, 422, "step");
        let (st, body) = s
            .post(
                path,
                Some(&admin),
                step(
                    "assign",
                    json!({"assignee_id": own, "target_date": "2099-01-31"}),
                ),
            )
            .await;
        assert_eq!(st, 200, "{body}");
        let assignee = s.signed_in_as("operator.kesehatan").await;
        let told = get_text(&assignee, s.url("/notifikasi")).await;
        assert!(
            told.contains("Temuan kepatuhan ditugaskan kepada Anda"),
            "the assignee is told: {told}"
        );
        assert_eq!(
            (
                &body["follow_up"]["state"],
                &body["follow_up"]["target_date"]
            ),
            (&json!("assigned"), &json!("2099-01-31"))
        );

        // Only the Dinas waives, and only with a reason.
        let reason = "Aplikasi sudah dihentikan sejak Oktober; tinggal menunggu penghapusan";
        let (st, body) = s
            .post(
                path,
                Some(&kesehatan),
                step("waive", json!({"reason": reason})),
            )
            .await;
        assert_refused(st, &body, 403, "");
        let (st, body) = s
            .post(
                path,
                Some(&admin),
                step("waive", json!({"reason": "tidak"})),
            )
            .await;
        assert_refused(st, &body, 422, "reason");
        let (_, kept) = s
            .get(
                &format!("/api/v1/catalog/findings?pd_id={pd}"),
                Some(&admin),
            )
            .await;
        let now = |list: &Value| {
            list.as_array()
                .unwrap()
                .iter()
                .find(|f| f["rule"] == rule && f["subject"] == subject)
                .cloned()
                .expect("still listed")
        };
        assert_eq!(
            now(&kept)["follow_up"]["state"],
            "assigned",
            "refusals change nothing"
        );
        let (st, body) = s
            .post(path, Some(&admin), step("waive", json!({"reason": reason})))
            .await;
        assert_eq!(st, 200, "{body}");
        let (_, listed) = s
            .get(
                &format!("/api/v1/catalog/findings?pd_id={pd}"),
                Some(&admin),
            )
            .await;
        let waived = now(&listed);
        assert_eq!(
            (
                &waived["follow_up"]["state"],
                &waived["follow_up"]["reason"]
            ),
            (&json!("waived"), &json!(reason)),
            "a waived finding stays listed, as such"
        );

        // The page says it in words; a form without its confirmation changes nothing.
        let ui = s.signed_in_as("admin").await;
        let catalog = get_text(&ui, s.url("/katalog")).await;
        assert!(
            catalog.contains("Dikecualikan"),
            "the catalogue shows the waiver"
        );
        let link = format!(
            "/katalog/temuan?rule={}&subject={}",
            rule.as_str().unwrap(),
            subject.as_str().unwrap()
        );
        let page = get_text(&ui, s.url(&link)).await;
        assert!(
            page.contains(reason) && page.contains("Buka kembali"),
            "{page}"
        );
        let r = post_form(
            &ui,
            s.url("/katalog/temuan"),
            &page,
            &[
                ("rule", rule.as_str().unwrap()),
                ("subject", subject.as_str().unwrap()),
                ("step", "reopen"),
            ],
        )
        .await;
        assert_eq!(r.status(), 422);
        let r = post_form(
            &ui,
            s.url("/katalog/temuan"),
            &page,
            &[
                ("rule", rule.as_str().unwrap()),
                ("subject", subject.as_str().unwrap()),
                ("step", "reopen"),
                ("confirm", "ya"),
            ],
        )
        .await;
        assert_eq!(r.status(), 200);
        assert!(
            r.url().query().unwrap_or("").contains("pesan=saved"),
            "{}",
            r.url()
        );
        let (_, reopened) = s
            .get(
                &format!("/api/v1/catalog/findings?pd_id={pd}"),
                Some(&admin),
            )
            .await;
        assert!(now(&reopened)["follow_up"].is_null(), "open again");
        let missing = ui
            .get(s.url("/katalog/temuan?rule=no_such_rule&subject=pd:1"))
            .send()
            .await
            .unwrap();
        assert_eq!(missing.status(), 404);

        // Every step is in the audit log, by whom and on what.
        let (_, after) = s.get("/api/v1/audit?entity=finding", Some(&admin)).await;
        assert_eq!(audited(&after) - audited(&before), 4, "{after}");
        s.assert_audit_chain_verifies(&admin).await;
    })
    .await;
}
