//! Sistem Penghubung Layanan pages: the registry (members, subsystems, services with their
//! provider health, access rights with grant and revoke, federated instances, the instance
//! CA), a subsystem's credentials (client certificates issued, renewed and revoked here), and
//! operational monitoring drawn on the server as SVG. The operations are the API's own.

#![allow(clippy::result_large_err)]

use super::api::{
    add_member, add_service, add_subsystem, grant_access, may_manage, member_of_subsystem,
    revoke_access,
};
use super::trust::{issue_for, revoke_certificate};
use crate::gsb::monitor::Row;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::{check_csrf, layout, CsrfForm, OrPage, UiResult};
use crate::web::kit::Form;
use crate::web::kit::Routes;
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use maud::{html, Markup};
use padu_domain::Gate;
use serde::Deserialize;

pub fn routes() -> Routes {
    Routes::new()
        .get("/penghubung", Gate::Anyone, registry)
        .post("/penghubung/anggota", Gate::Anyone, new_member)
        .post("/penghubung/subsistem", Gate::Anyone, new_subsystem)
        .post("/penghubung/layanan", Gate::Anyone, new_service)
        .post("/penghubung/akses", Gate::Anyone, grant)
        .post("/penghubung/akses/{id}/cabut", Gate::Anyone, revoke)
        .get("/penghubung/subsistem/{id}", Gate::Anyone, subsystem)
        .post("/penghubung/subsistem/{id}/sertifikat", Gate::Anyone, issue)
        .post(
            "/penghubung/sertifikat/{id}/cabut",
            Gate::Anyone,
            revoke_cert,
        )
        .get("/penghubung/monitor", Gate::Anyone, monitor)
}

fn csrf_field(caller: &Caller) -> Markup {
    html! { input type="hidden" name="csrf" value=(caller.csrf()); }
}

async fn registry(State(state): State<SharedState>, caller: Caller) -> UiResult {
    caller.require_user().or_page(&state, &caller)?;
    let lang = caller.lang;
    let g = &state.gsb;
    let r = g.registry();
    let name_of = |subsystem_id: i64| {
        r.client_id(subsystem_id)
            .map(|c| c.to_string())
            .unwrap_or_default()
    };
    let body = html! {
        p { (t(lang, "gsb.intro")) }
        p {
            (t(lang, "gsb.instance")) ": " strong #gsb-instance { (g.instance) }
            " · " (t(lang, "gsb.ca_fingerprint")) ": " code { (g.ca.fingerprint) }
            " · " a href="/api/v1/gsb/ca.pem" { "ca.pem" } " · " a href="/api/v1/gsb/crl.pem" { "crl.pem" }
            " · " a href="/penghubung/monitor" { (t(lang, "gsb.monitor")) }
        }
        h2 { (t(lang, "gsb.subsystems")) }
        table #gsb-subsystems {
            thead { tr { th { (t(lang, "gsb.client_id")) } th { (t(lang, "gsb.name")) } th { (t(lang, "gsb.rate")) } } }
            tbody {
                @for s in &r.subsystems {
                    tr {
                        td { a href={ "/penghubung/subsistem/" (s.id) } { code { (name_of(s.id)) } } }
                        td { (s.name) }
                        td { (s.rate_per_second) " /s" }
                    }
                }
            }
        }
        h2 { (t(lang, "gsb.services")) }
        table #gsb-services {
            thead { tr { th { (t(lang, "gsb.service")) } th { (t(lang, "gsb.base_url")) } th { (t(lang, "gsb.status")) } th { (t(lang, "gsb.health")) } } }
            tbody {
                @for s in &r.services {
                    @let h = g.health.of(s.id);
                    tr {
                        td { code { (name_of(s.subsystem_id)) "/" (s.code) } " " (s.title) }
                        td { @if super::api::sees_backend_of(&caller, &r, s.subsystem_id) { code { (s.base_url) } } @else { span.muted { "—" } } }
                        td { (s.status) }
                        td {
                            @if h.consecutive_failures > 0 {
                                span.bad { (t(lang, "gsb.failing")) " (" (h.consecutive_failures) ")" }
                            } @else if h.last_ok.is_some() {
                                (t(lang, "gsb.healthy"))
                            } @else { "—" }
                        }
                    }
                }
            }
        }
        h2 { (t(lang, "gsb.access")) }
        table #gsb-access {
            thead { tr { th { (t(lang, "gsb.client_id")) } th { (t(lang, "gsb.service")) } th { (t(lang, "gsb.endpoint")) } th {} } }
            tbody {
                @for a in &r.access {
                    @let svc = r.services.iter().find(|s| s.id == a.service_id);
                    tr {
                        td { code { (name_of(a.client_subsystem_id)) } }
                        td { @if let Some(s) = svc { code { (name_of(s.subsystem_id)) "/" (s.code) } } }
                        td { code { (a.method) " " (if a.path.is_empty() { "/**" } else { &a.path }) } }
                        td {
                            form method="post" action={ "/penghubung/akses/" (a.id) "/cabut" } class="inline" {
                                (csrf_field(&caller))
                                button type="submit" { (t(lang, "gsb.revoke")) }
                            }
                        }
                    }
                }
            }
        }
        h3 { (t(lang, "gsb.grant")) }
        form method="post" action="/penghubung/akses" #gsb-grant {
            (csrf_field(&caller))
            label { (t(lang, "gsb.service")) " "
                select name="service_id" {
                    @for s in &r.services { option value=(s.id) { (name_of(s.subsystem_id)) "/" (s.code) } }
                }
            }
            label { (t(lang, "gsb.client_id")) " " input name="client" required placeholder="ID-PESSEL/GOV/bappeda/sipd"; }
            label { (t(lang, "gsb.method")) " " input name="method" value="*" size="6"; }
            label { (t(lang, "gsb.path")) " " input name="path" placeholder="/v1/items/*"; }
            button type="submit" { (t(lang, "gsb.grant")) }
        }
        h2 { (t(lang, "gsb.add")) }
        div.forms {
            form method="post" action="/penghubung/anggota" #gsb-new-member {
                h3 { (t(lang, "gsb.new_member")) }
                (csrf_field(&caller))
                label { (t(lang, "gsb.instance")) " " input name="instance" value=(g.instance) required; }
                label { (t(lang, "gsb.member_class")) " " input name="member_class" value="GOV" required; }
                label { (t(lang, "gsb.member_code")) " " input name="member_code" required; }
                label { (t(lang, "gsb.name")) " " input name="name" required; }
                button type="submit" { (t(lang, "gsb.save")) }
            }
            form method="post" action="/penghubung/subsistem" #gsb-new-subsystem {
                h3 { (t(lang, "gsb.new_subsystem")) }
                (csrf_field(&caller))
                label { (t(lang, "gsb.member")) " "
                    select name="member_id" {
                        @for m in &r.members { option value=(m.id) { (m.instance) "/" (m.member_class) "/" (m.member_code) " — " (m.name) } }
                    }
                }
                label { (t(lang, "gsb.code")) " " input name="code" required; }
                label { (t(lang, "gsb.name")) " " input name="name" required; }
                button type="submit" { (t(lang, "gsb.save")) }
            }
            form method="post" action="/penghubung/layanan" #gsb-new-service {
                h3 { (t(lang, "gsb.new_service")) }
                (csrf_field(&caller))
                label { (t(lang, "gsb.subsystem")) " "
                    select name="subsystem_id" {
                        @for s in &r.subsystems { option value=(s.id) { (name_of(s.id)) } }
                    }
                }
                label { (t(lang, "gsb.code")) " " input name="code" required; }
                label { (t(lang, "gsb.name")) " " input name="title" required; }
                label { (t(lang, "gsb.base_url")) " " input name="base_url" required placeholder="https://simpus.dinkes.example/api"; }
                button type="submit" { (t(lang, "gsb.save")) }
            }
        }
        h2 { (t(lang, "gsb.federation")) }
        table #gsb-federation {
            thead { tr { th { (t(lang, "gsb.instance")) } th { (t(lang, "gsb.gateway_url")) } th { (t(lang, "gsb.ca_fingerprint")) } } }
            tbody {
                @for f in &r.federation {
                    tr { td { (f.instance) } td { code { (f.gateway_url) } } td { code { (f.ca_fingerprint) } } }
                }
            }
        }
    };
    Ok(layout(&state, &caller, t(lang, "gsb.title"), body))
}

#[derive(Deserialize)]
struct MemberForm {
    csrf: String,
    instance: String,
    member_class: String,
    member_code: String,
    name: String,
}

async fn new_member(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<MemberForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let input = padu_store::gsb::NewMember {
        instance: f.instance.trim().into(),
        member_class: f.member_class.trim().into(),
        member_code: f.member_code.trim().into(),
        name: f.name,
        pd_id: None,
    };
    add_member(&state, &caller, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung").into_response())
}

#[derive(Deserialize)]
struct SubsystemForm {
    csrf: String,
    member_id: i64,
    code: String,
    name: String,
}

async fn new_subsystem(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<SubsystemForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let input = padu_store::gsb::NewSubsystem {
        code: f.code.trim().into(),
        name: f.name,
        rate_per_second: None,
    };
    add_subsystem(&state, &caller, f.member_id, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung").into_response())
}

#[derive(Deserialize)]
struct ServiceForm {
    csrf: String,
    subsystem_id: i64,
    code: String,
    title: String,
    base_url: String,
}

async fn new_service(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<ServiceForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let input = padu_store::gsb::ServiceInput {
        code: f.code.trim().into(),
        version: String::new(),
        title: f.title,
        base_url: f.base_url.trim().into(),
        status: "aktif".into(),
        timeout_ms: None,
        max_body_bytes: None,
        log_bodies: false,
        log_body_limit: None,
        openapi: None,
        openapi_url: None,
    };
    add_service(&state, &caller, f.subsystem_id, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung").into_response())
}

#[derive(Deserialize)]
struct GrantForm {
    csrf: String,
    service_id: i64,
    client: String,
    method: String,
    path: String,
}

async fn grant(
    State(state): State<SharedState>,
    caller: Caller,
    Form(f): Form<GrantForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    grant_access(
        &state,
        &caller,
        f.service_id,
        f.client.trim(),
        f.method.trim(),
        f.path.trim(),
    )
    .await
    .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung").into_response())
}

async fn revoke(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<CsrfForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    revoke_access(&state, &caller, id)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung").into_response())
}

async fn subsystem(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    subsystem_page(&state, &caller, id, None).await
}

async fn subsystem_page(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    issued: Option<super::trust::IssuedView>,
) -> UiResult {
    let lang = caller.lang;
    let member = member_of_subsystem(&state.gsb, id).or_page(state, caller)?;
    may_manage(caller, &member).or_page(state, caller)?;
    let name = state
        .gsb
        .registry()
        .client_id(id)
        .map(|c| c.to_string())
        .unwrap_or_default();
    let certs = state
        .store
        .list_certificates(id)
        .await
        .or_page(state, caller)?;
    let tokens = state
        .store
        .list_gsb_tokens(id)
        .await
        .or_page(state, caller)?;
    let body = html! {
        p { code #gsb-subsystem { (name) } " · " (member.name) }
        @if let Some(i) = &issued {
            section.notice #gsb-issued {
                p { strong { (t(lang, "gsb.issued")) } }
                pre { (i.certificate.cert_pem) }
                @if let Some(k) = &i.key_pem {
                    p { (t(lang, "gsb.key_once")) }
                    pre #gsb-key { (k) }
                }
            }
        }
        h2 { (t(lang, "gsb.certificates")) }
        table #gsb-certs {
            thead { tr { th { (t(lang, "gsb.serial")) } th { (t(lang, "gsb.valid_until")) } th { (t(lang, "gsb.status")) } th {} } }
            tbody {
                @for c in &certs {
                    tr {
                        td { code { (c.serial) } }
                        td { (c.not_after.get(..10).unwrap_or(&c.not_after)) }
                        td {
                            @if let Some(at) = &c.revoked_at {
                                span.bad { (t(lang, "gsb.revoked")) " " (at.get(..10).unwrap_or(at)) } " — " (c.revoked_reason.clone().unwrap_or_default())
                            } @else { (t(lang, "gsb.valid")) }
                        }
                        td {
                            @if c.revoked_at.is_none() {
                                form method="post" action={ "/penghubung/sertifikat/" (c.id) "/cabut" } class="inline" {
                                    (csrf_field(caller))
                                    input name="reason" required placeholder=(t(lang, "gsb.reason"));
                                    button type="submit" { (t(lang, "gsb.revoke")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        h3 { (t(lang, "gsb.issue")) }
        form method="post" action={ "/penghubung/subsistem/" (id) "/sertifikat" } #gsb-issue {
            (csrf_field(caller))
            label { (t(lang, "gsb.csr")) textarea name="csr_pem" rows="6" cols="66" {} }
            button type="submit" { (t(lang, "gsb.issue")) }
        }
        h2 { (t(lang, "gsb.tokens")) }
        ul {
            @for tk in &tokens {
                li { code { (tk.prefix) "…" } " " (tk.name) @if tk.revoked_at.is_some() { " — " (t(lang, "gsb.revoked")) } }
            }
        }
    };
    Ok(layout(state, caller, t(lang, "gsb.subsystem"), body))
}

#[derive(Deserialize)]
struct IssueForm {
    csrf: String,
    #[serde(default)]
    csr_pem: String,
}

async fn issue(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<IssueForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let csr = Some(f.csr_pem.trim()).filter(|c| !c.is_empty());
    let issued = issue_for(&state, &caller, id, csr, None)
        .await
        .or_page(&state, &caller)?;
    // The key is on this one page and nowhere else.
    subsystem_page(&state, &caller, id, Some(issued)).await
}

#[derive(Deserialize)]
struct RevokeCertForm {
    csrf: String,
    reason: String,
}

async fn revoke_cert(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    Form(f): Form<RevokeCertForm>,
) -> UiResult {
    check_csrf(&state, &caller, &f.csrf)?;
    let c = revoke_certificate(&state, &caller, id, &f.reason)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/penghubung/subsistem/{}", c.subsystem_id)).into_response())
}

#[derive(Deserialize)]
struct WindowQuery {
    minutes: Option<u64>,
}

/// Requests per minute as columns, oldest on the left (SVG, no scripts).
fn series_chart(lang: Lang, title: &str, per_minute: &[u64]) -> Markup {
    let max = per_minute.iter().copied().max().unwrap_or(0).max(1);
    let (w, h, pad) = (600.0, 120.0, 30.0);
    let col = w / per_minute.len().max(1) as f64;
    html! {
        figure.chart {
            figcaption { (title) " — " (t(lang, "gsb.per_minute")) ", max " (max) }
            svg xmlns="http://www.w3.org/2000/svg" width=(w + pad) height=(h + 20.0) role="img" aria-label=(title) {
                line x1=(pad) y1=(h) x2=(w + pad) y2=(h) stroke="#999" {}
                @for (i, n) in per_minute.iter().enumerate() {
                    @let bar = (*n as f64 / max as f64) * (h - 10.0);
                    rect x=(pad + i as f64 * col + 1.0) y=(h - bar) width=((col - 2.0).max(1.0)) height=(bar) fill="#2b6cb0" {
                        title { (n) }
                    }
                }
                text x="0" y="12" font-size="11" { (max) }
                text x="0" y=(h) font-size="11" { "0" }
                text x=(pad) y=(h + 16.0) font-size="11" { "-" (per_minute.len()) " min" }
                text x=(w + pad - 30.0) y=(h + 16.0) font-size="11" { (t(lang, "gsb.now")) }
            }
        }
    }
}

async fn monitor(
    State(state): State<SharedState>,
    caller: Caller,
    Query(q): Query<WindowQuery>,
) -> UiResult {
    caller.require_user().or_page(&state, &caller)?;
    let lang = caller.lang;
    let minutes = q.minutes.unwrap_or(60).clamp(1, 60);
    let rows = state.gsb.monitor.window(minutes);
    // Per service: the sum over its clients.
    let mut services: Vec<(String, Vec<u64>)> = Vec::new();
    for r in &rows {
        match services.iter_mut().find(|s| s.0 == r.service) {
            Some(s) => s.1.iter_mut().zip(&r.per_minute).for_each(|(a, b)| *a += b),
            None => services.push((r.service.clone(), r.per_minute.clone())),
        }
    }
    let p95: Vec<(String, i64)> = rows
        .iter()
        .map(|r: &Row| {
            (
                format!("{} ← {}", r.service, r.client),
                r.p95_ms.round() as i64,
            )
        })
        .collect();
    let body = html! {
        p {
            (t(lang, "gsb.window")) ": "
            @for m in [5u64, 15, 60] {
                a href={ "/penghubung/monitor?minutes=" (m) } { (m) " min" } " "
            }
        }
        @if rows.is_empty() { p #gsb-quiet { (t(lang, "gsb.no_traffic")) } }
        @for (service, series) in &services { (series_chart(lang, service, series)) }
        @if !p95.is_empty() { (crate::web::kit::chart::bar_chart(t(lang, "gsb.p95_chart"), &p95)) }
        table #gsb-monitor {
            thead { tr {
                th { (t(lang, "gsb.service")) } th { (t(lang, "gsb.client_id")) } th { (t(lang, "gsb.requests")) }
                th { (t(lang, "gsb.errors")) } th { "p50 ms" } th { "p95 ms" } th { "p99 ms" }
            } }
            tbody {
                @for r in &rows {
                    tr {
                        td { code { (r.service) } } td { code { (r.client) } } td { (r.requests) } td { (r.errors) }
                        td { (format!("{:.1}", r.p50_ms)) } td { (format!("{:.1}", r.p95_ms)) } td { (format!("{:.1}", r.p99_ms)) }
                    }
                }
            }
        }
    };
    Ok(layout(&state, &caller, t(lang, "gsb.monitor"), body))
}
