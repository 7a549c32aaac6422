//! The register forms' sets: an application's documents are ticked from the region's
//! checklist by their names, a service's applications from the applications the user may read;
//! ticked boxes save as the set, and the edit form shows them ticked.

mod common;
use common::*;
use serde_json::Value;

#[tokio::test]
async fn documents_and_linked_records_are_ticked_by_name() {
    let Some(s) = demo_server(padu_store::Engine::Sqlite).await else {
        return;
    };
    let ui = s.signed_in_as("operator.kesehatan").await;
    let page = get_text(&ui, s.url("/katalog/formulir/applications")).await;
    let checklist =
        padu_domain::catalog::required_documents(padu_domain::profile::shipped("pessel").unwrap());
    let (first, second) = (&checklist[0], &checklist[1]);
    assert!(
        page.contains(&format!("name=\"documents.{}\"", first.code)) && page.contains(&first.id),
        "the checklist's documents by name: {page}"
    );
    assert!(
        page.contains("data-filter=\"Saring daftar…\""),
        "a filter box's label"
    );
    let fields = [
        ("pd", "dinas-kesehatan"),
        ("name", "SIMPUS Terpadu"),
        ("description", "Sistem informasi puskesmas"),
        ("kind", "khusus"),
        ("sector", "Kesehatan"),
        ("origin", "built"),
        ("status", "production"),
        ("in_production_since", "2024-07-01"),
        ("tested_on", "2024-06-20"),
        ("classification", "biasa"),
    ];
    let ticked_first = format!("documents.{}", first.code);
    let ticked_second = format!("documents.{}", second.code);
    let mut all: Vec<(&str, &str)> = fields.to_vec();
    all.extend([
        (ticked_first.as_str(), "ya"),
        (ticked_second.as_str(), "ya"),
    ]);
    let r = post_form(&ui, s.url("/katalog/formulir/applications"), &page, &all).await;
    let body = r.text().await.unwrap();
    assert!(!body.contains("field-error"), "saved: {body}");
    let token = s.token_of("operator.kesehatan").await;
    let (_, list) = s
        .get(
            "/api/v1/catalog/applications?q=SIMPUS%20Terpadu",
            Some(&token),
        )
        .await;
    let app = &list["items"][0];
    let mut held: Vec<&str> = app["documents"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    held.sort();
    let mut ticked = vec![first.code.as_str(), second.code.as_str()];
    ticked.sort();
    assert_eq!(held, ticked, "{list}");
    let id = app["id"].as_i64().unwrap();
    let edit = get_text(
        &ui,
        s.url(&format!("/katalog/formulir/applications?id={id}")),
    )
    .await;
    assert!(
        edit.contains(&format!(
            "name=\"documents.{}\" value=\"ya\" checked",
            first.code
        )),
        "the edit form shows what the record holds"
    );

    // A service links applications by name; unticking all clears the set.
    let services = get_text(&ui, s.url("/katalog/formulir/services")).await;
    let linked = services
        .split("name=\"")
        .filter_map(|p| p.split('"').next())
        .any(|name| name == format!("application_ids.{id}"));
    let named = services.contains("SIMPUS Terpadu");
    assert!(linked && named, "the application is offered by name");
    let without: Vec<(&str, &str)> = fields.to_vec();
    let r = post_form(
        &ui,
        s.url(&format!("/katalog/formulir/applications?id={id}")),
        &edit,
        &without,
    )
    .await;
    assert!(r.status().is_success());
    let (_, again): (u16, Value) = s
        .get(&format!("/api/v1/catalog/applications/{id}"), Some(&token))
        .await;
    assert_eq!(again["documents"], serde_json::json!([]), "{again}");

    // Deleting is offered on the edit form, confirmed; the list says it is done.
    let edit = get_text(
        &ui,
        s.url(&format!("/katalog/formulir/applications?id={id}")),
    )
    .await;
    assert!(edit.contains("Hapus data ini"), "{edit}");
    let delete = s.url(&format!("/katalog/formulir/applications/hapus?id={id}"));
    let r = post_form(&ui, delete.clone(), &edit, &[]).await;
    assert_eq!(r.status(), 422, "unconfirmed");
    let (st, _) = s
        .get(&format!("/api/v1/catalog/applications/{id}"), Some(&token))
        .await;
    assert_eq!(st, 200, "still there");
    let r = post_form(&ui, delete, &edit, &[("confirm", "ya")]).await;
    assert!(
        r.url().query().unwrap_or("").contains("pesan=deleted"),
        "{}",
        r.url()
    );
    assert!(r.text().await.unwrap().contains("Data dihapus."));
    let (st, _) = s
        .get(&format!("/api/v1/catalog/applications/{id}"), Some(&token))
        .await;
    assert_eq!(st, 404, "deleted");
    let auditor = s.signed_in_as("auditor").await;
    let demo = &s.get("/api/v1/catalog/applications", Some(&token)).await.1["items"][0]["id"];
    let page = get_text(
        &auditor,
        s.url(&format!("/katalog/formulir/applications?id={demo}")),
    )
    .await;
    assert!(
        !page.contains("Hapus data ini"),
        "only those who may delete are offered it"
    );
    s.running.stop().await;
}
