//! The registry's page: members, subsystems, services with their provider health, access
//! rights with grant and revoke, federated instances and the instance CA; and its forms.

use super::csrf_field;
use crate::app::penghubung::{self as ops, sees_backend_of};
use crate::web::kit::i18n::{t, value_label};
use crate::web::kit::layout::{confirm_box, confirmed, layout, OrPage, UiResult};
use crate::web::kit::{Caller, SharedState};
use crate::web::kit::{ConfirmFields, SessionForm};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use maud::html;
use padu_domain::gsb::{KEEPS_THE_BUS, MANAGES_MEMBERS};
use serde::Deserialize;

pub(super) async fn registry(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let g = &state.gsb;
    let r = g.registry();
    // The forms are offered to those the routes' gates let use them.
    let manages = MANAGES_MEMBERS.admits(&caller.actor).is_ok();
    let keeps = KEEPS_THE_BUS.admits(&caller.actor).is_ok();
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
                        td {
                            @if manages {
                                a href={ "/penghubung/subsistem/" (s.id) } { code { (name_of(s.id)) } }
                            } @else {
                                code { (name_of(s.id)) }
                            }
                        }
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
                        td { @if sees_backend_of(&caller.actor, &r, s.subsystem_id) { code { (s.base_url) } } @else { span.muted { "—" } } }
                        td {
                            (value_label(lang, &s.status))
                            @if !s.cleared {
                                " " span.bad { (t(lang, "gsb.awaiting_clearance")) }
                                @if keeps {
                                    form.inline method="post" action={ "/penghubung/layanan/" (s.id) "/pertimbangan" } {
                                        (csrf_field(&caller))
                                        (confirm_box(lang, t(lang, "gsb.clear_confirm")))
                                        button type="submit" { (t(lang, "gsb.clear")) }
                                    }
                                }
                            }
                        }
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
                            @if manages {
                                form method="post" action={ "/penghubung/akses/" (a.id) "/cabut" } class="inline" {
                                    (csrf_field(&caller))
                                    (confirm_box(lang, t(lang, "gsb.revoke_access_confirm")))
                                    button.danger type="submit" { (t(lang, "gsb.revoke")) }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if manages {
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
                @if keeps {
                form method="post" action="/penghubung/anggota" #gsb-new-member {
                    h3 { (t(lang, "gsb.new_member")) }
                    (csrf_field(&caller))
                    label { (t(lang, "gsb.instance")) " " input name="instance" value=(g.instance) required; }
                    label { (t(lang, "gsb.member_class")) " " input name="member_class" value="GOV" required; }
                    label { (t(lang, "gsb.member_code")) " " input name="member_code" required; }
                    label { (t(lang, "gsb.name")) " " input name="name" required; }
                    button type="submit" { (t(lang, "gsb.save")) }
                }
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
pub(super) struct MemberForm {
    instance: String,
    member_class: String,
    member_code: String,
    name: String,
}

pub(super) async fn new_member(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<MemberForm>,
) -> UiResult {
    let input = padu_store::gsb::NewMember {
        instance: f.instance.trim().into(),
        member_class: f.member_class.trim().into(),
        member_code: f.member_code.trim().into(),
        name: f.name,
        pd_id: None,
    };
    ops::add_member(&state, &caller.actor, &caller.audit_ctx(), &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung?pesan=saved").into_response())
}

#[derive(Deserialize)]
pub(super) struct SubsystemForm {
    member_id: i64,
    code: String,
    name: String,
}

pub(super) async fn new_subsystem(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<SubsystemForm>,
) -> UiResult {
    let input = padu_store::gsb::NewSubsystem {
        code: f.code.trim().into(),
        name: f.name,
        rate_per_second: None,
    };
    let ctx = caller.audit_ctx();
    ops::add_subsystem(&state, &caller.actor, &ctx, f.member_id, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung?pesan=saved").into_response())
}

#[derive(Deserialize)]
pub(super) struct ServiceForm {
    subsystem_id: i64,
    code: String,
    title: String,
    base_url: String,
}

pub(super) async fn new_service(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<ServiceForm>,
) -> UiResult {
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
    let ctx = caller.audit_ctx();
    ops::add_service(&state, &caller.actor, &ctx, f.subsystem_id, &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung?pesan=saved").into_response())
}

#[derive(Deserialize)]
pub(super) struct GrantForm {
    service_id: i64,
    client: String,
    method: String,
    path: String,
}

pub(super) async fn grant(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<GrantForm>,
) -> UiResult {
    ops::grant_access(
        &state,
        &caller.actor,
        &caller.audit_ctx(),
        f.service_id,
        f.client.trim(),
        f.method.trim(),
        f.path.trim(),
    )
    .await
    .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung?pesan=saved").into_response())
}

pub(super) async fn clear(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ConfirmFields>,
) -> UiResult {
    confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    ops::clear_service(&state, &caller.actor, &caller.audit_ctx(), id)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung?pesan=saved").into_response())
}

pub(super) async fn revoke(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<ConfirmFields>,
) -> UiResult {
    confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    ops::revoke_access(&state, &caller.actor, &caller.audit_ctx(), id)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to("/penghubung?pesan=saved").into_response())
}
