//! Information security's pages and API: the security incidents a PD reports to the Dinas
//! (Pessel Pasal 55(4)), each with its own page from which a desk ticket is opened or a risk
//! raised; and the certificates the Dinas monitors (Pessel Pasal 55(7)), a TLS certificate
//! recorded from its PEM. Their forms, import and export are the register kit's.

use crate::app::foundation::all_pds;
use crate::app::manajemen::{self, IncidentView, PemInput};
use crate::app::registers;
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{edit_link, layout, moment, OrPage, PageParams, UiResult};
use crate::web::kit::register_list::{self, field_heading};
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SessionForm, SharedState};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::{html, Markup};
use padu_domain::catalog::KEEPS_REGISTERS;
use padu_domain::Gate;
use padu_store::manajemen::certificates::{Certificate, CertificateInput};
use padu_store::manajemen::incidents::IncidentInput;
use padu_store::tickets::Ticket;
use serde::Deserialize;
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(KEEPS_REGISTERS, routes!(pem_api))
        .api(KEEPS_REGISTERS, routes!(ticket_api))
        .get("/manajemen/insiden", Gate::SignedIn, incidents_page)
        .get("/manajemen/insiden/{id}", Gate::SignedIn, incident_page)
        .post(
            "/manajemen/insiden/{id}/tiket",
            KEEPS_REGISTERS,
            ticket_submit,
        )
        .get("/manajemen/sertifikat", Gate::SignedIn, certificates_page)
        .get("/manajemen/sertifikat/pem", KEEPS_REGISTERS, pem_page)
        .post("/manajemen/sertifikat/pem", KEEPS_REGISTERS, pem_submit)
}

/// Records a TLS certificate from its PEM: subject, hosts, issuer, serial, validity and
/// fingerprint are read from it. A malformed PEM is a 422 naming `pem`; one already recorded a
/// 409.
#[utoipa::path(post, path = "/api/v1/manajemen/certificates/pem", tag = "manajemen", request_body = PemInput, responses((status = 201, body = Certificate), (status = 403), (status = 409), (status = 422)))]
async fn pem_api(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<PemInput>,
) -> Result<(StatusCode, Json<Certificate>), ApiError> {
    let ctx = caller.audit_ctx();
    let created = manajemen::import_pem(&state, &caller.actor, &ctx, &input).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

/// Opens a desk ticket (a disruption, at the incident's severity) for incident `id` in its PD's
/// queue and links it to the incident; 409 when it has one.
#[utoipa::path(post, path = "/api/v1/manajemen/incidents/{id}/ticket", tag = "manajemen", params(("id" = i64, Path)), responses((status = 201, body = Ticket), (status = 403), (status = 404), (status = 409)))]
async fn ticket_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<(StatusCode, Json<Ticket>), ApiError> {
    let ctx = caller.audit_ctx();
    let ticket = manajemen::open_ticket(&state, &caller.actor, &ctx, id).await?;
    Ok((StatusCode::CREATED, Json(ticket)))
}

async fn incidents_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let tabs = tabs(caller.lang, "/manajemen/insiden");
    register_list::page::<IncidentInput>(&state, &caller, &p, tabs, Some("/manajemen/insiden"))
        .await
}

async fn certificates_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let mut tabs = tabs(lang, "/manajemen/sertifikat").into_string();
    if KEEPS_REGISTERS.admits(&caller.actor).is_ok() {
        tabs.push_str(
            &html! { p { a.button href="/manajemen/sertifikat/pem" { (t(lang, "security.pem_add")) } } }
                .into_string(),
        );
    }
    register_list::page::<CertificateInput>(&state, &caller, &p, maud::PreEscaped(tabs), None).await
}

/// Information security's tabs.
pub(super) fn tabs(lang: Lang, here: &str) -> Markup {
    let tabs = [
        ("/manajemen/smki", "isms.title"),
        ("/manajemen/kontrol", "controls.title"),
        ("/manajemen/insiden", "security.incidents"),
        ("/manajemen/sertifikat", "security.certificates"),
    ];
    crate::web::kit::layout::tabs(lang, here, &tabs)
}

async fn incident_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let v = manajemen::incident(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let names = linked_names(&state, &caller, &v)
        .await
        .or_page(&state, &caller)?;
    let i = &v.incident;
    let may_act = crate::web::kit::layout::may_edit(&caller, i);
    Ok(layout(
        &state,
        &caller,
        &i.fields.title,
        html! {
            p.noprint { a href="/manajemen/insiden" { "← " (t(lang, "security.incidents")) } " · " (edit_link(&caller, i)) }
            (facts(lang, &v, &names))
            h2 { (t(lang, "security.follow_up")) }
            @match i.fields.ticket_id {
                Some(ticket) => p { (t(lang, "security.ticket")) ": " a href={ "/layanan/" (ticket) } { "#" (ticket) } },
                None if may_act => form method="post" action={ "/manajemen/insiden/" (id) "/tiket" } {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    button type="submit" { (t(lang, "security.open_ticket")) }
                },
                None => p.muted { (t(lang, "security.no_ticket")) },
            }
            h3 { (t(lang, "security.risks")) }
            @if v.risks.is_empty() { p.muted { (t(lang, "security.no_risks")) } }
            ul { @for (rid, event) in &v.risks { li { a href={ "/manajemen/risiko/" (rid) } { (event) } } } }
            @if may_act {
                p { a.button href=(raise_risk_link(&v)) { (t(lang, "security.raise_risk")) } }
            }
        },
    ))
}

/// The risk form, started from the incident: its PD, the event, the security category, the
/// cause and the incident linked.
fn raise_risk_link(v: &IncidentView) -> String {
    let f = &v.incident.fields;
    let year = f.detected_at.get(..4).unwrap_or_default();
    let mut q = form_urlencoded::Serializer::new(String::new());
    q.append_pair("pd", &v.pd_code)
        .append_pair("period_year", year)
        .append_pair("event", &f.title)
        .append_pair("kind", "negatif")
        .append_pair("category", "keamanan_spbe")
        .append_pair(
            "cause",
            if f.root_cause.is_empty() {
                &f.description
            } else {
                &f.root_cause
            },
        )
        .append_pair("incident_ids", &v.incident.id.to_string())
        .append_pair("application_ids", &join(&f.application_ids))
        .append_pair("service_ids", &join(&f.service_ids))
        .append_pair("site_ids", &join(&f.site_ids));
    format!("/katalog/formulir/risks?{}", q.finish())
}

fn join(ids: &[i64]) -> String {
    ids.iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The names of the applications, services and sites an incident touched, as the caller may
/// read them.
async fn linked_names(
    state: &SharedState,
    caller: &Caller,
    v: &IncidentView,
) -> Result<[Vec<String>; 3], crate::app::AppError> {
    let f = &v.incident.fields;
    let mut out: [Vec<String>; 3] = Default::default();
    for (slot, (table, ids)) in out.iter_mut().zip([
        ("catalog_applications", &f.application_ids),
        ("catalog_services", &f.service_ids),
        ("network_sites", &f.site_ids),
    ]) {
        if ids.is_empty() {
            continue;
        }
        let known = registers::linkable(state, &caller.actor, table).await?;
        *slot = known
            .into_iter()
            .filter(|(id, _)| ids.iter().any(|i| i.to_string() == *id))
            .map(|(_, name)| name)
            .collect();
    }
    Ok(out)
}

fn facts(lang: Lang, v: &IncidentView, names: &[Vec<String>; 3]) -> Markup {
    let i = &v.incident;
    let f = &i.fields;
    let text = super::or_dash;
    let list = |n: &[String]| {
        if n.is_empty() {
            "—".to_string()
        } else {
            n.join(", ")
        }
    };
    html! {
        table.facts {
            tr { th { (t(lang, "catalog.pd")) } td { (i.pd_name.as_deref().unwrap_or_default()) } }
            tr { th { (t(lang, "field.incident_type")) } td { (value_label(lang, &f.incident_type)) } }
            tr { th { (t(lang, "field.severity")) } td { span class={ "severity " (f.severity) } { (value_label(lang, &f.severity)) } } }
            tr { th { (t(lang, "field.status")) } td { (value_label(lang, &f.status)) } }
            tr { th { (t(lang, "field.detected_at")) } td { (moment(&f.detected_at)) } }
            tr { th { (t(lang, "security.reported")) } td {
                (moment(&v.reported_at))
                @if let Some(due) = &v.report_due {
                    " · " (t(lang, "security.report_due")) " " (moment(due))
                    @if v.late { " " span.bad { (t(lang, "security.late")) } }
                }
            } }
            tr { th { (t(lang, "field.description")) } td.pre { (f.description) } }
            tr { th { (field_heading(lang, "application_ids")) } td { (list(&names[0])) } }
            tr { th { (field_heading(lang, "service_ids")) } td { (list(&names[1])) } }
            tr { th { (field_heading(lang, "site_ids")) } td { (list(&names[2])) } }
            tr { th { (t(lang, "field.containment")) } td.pre { (text(&f.containment)) } }
            tr { th { (t(lang, "field.recovery")) } td.pre { (text(&f.recovery)) } }
            tr { th { (t(lang, "field.root_cause")) } td.pre { (text(&f.root_cause)) } }
            tr { th { (t(lang, "field.lessons")) } td.pre { (text(&f.lessons)) } }
            tr { th { (t(lang, "field.resolved_at")) } td { @if let Some(at) = &f.resolved_at { (moment(at)) } @else { "—" } } }
            tr { th { (t(lang, "field.csirt_escalated")) } td {
                @if f.csirt_escalated {
                    (t(lang, "common.yes"))
                    @if let Some(at) = &f.csirt_reported_at { " · " (moment(at)) }
                    @if !f.csirt_reference.is_empty() { " · " (f.csirt_reference) }
                } @else { (t(lang, "common.no")) }
            } }
        }
    }
}

async fn ticket_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(_): SessionForm<NoFields>,
) -> UiResult {
    let ticket = manajemen::open_ticket(&state, &caller.actor, &caller.audit_ctx(), id)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/layanan/{}?pesan=saved", ticket.id)).into_response())
}

#[derive(Deserialize)]
struct NoFields {}

async fn pem_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let pds = all_pds(&state).await.or_page(&state, &caller)?;
    let own = caller.actor.operator_pds().next().map(|p| p.0);
    Ok(layout(
        &state,
        &caller,
        t(lang, "security.pem_add"),
        html! {
            (tabs(lang, "/manajemen/sertifikat"))
            p.muted { (t(lang, "security.pem_intro")) }
            form.card method="post" action="/manajemen/sertifikat/pem" {
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "field.pd")) " " select name="pd_id" required {
                    option value="" { (t(lang, "form.choose")) }
                    @for pd in &pds { option value=(pd.id) selected[Some(pd.id) == own] { (pd.name) } }
                } }
                label { (t(lang, "field.pem")) textarea name="pem" rows="12" required placeholder="-----BEGIN CERTIFICATE-----" {} }
                label { (t(lang, "field.note")) textarea name="note" rows="2" {} }
                button type="submit" { (t(lang, "security.pem_save")) }
            }
        },
    ))
}

#[derive(Deserialize)]
struct PemForm {
    pd_id: String,
    pem: String,
    #[serde(default)]
    note: String,
}

async fn pem_submit(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<PemForm>,
) -> UiResult {
    let input = f
        .pd_id
        .trim()
        .parse::<i64>()
        .map_err(|_| ApiError::invalid("pd_id", "choose the PD"))
        .map(|pd_id| PemInput {
            pd_id,
            pem: f.pem.clone(),
            application_ids: Vec::new(),
            website_ids: Vec::new(),
            service_ids: Vec::new(),
            note: f.note.clone(),
            classification: None,
        })
        .or_page(&state, &caller)?;
    let created = manajemen::import_pem(&state, &caller.actor, &caller.audit_ctx(), &input)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!(
        "/katalog/formulir/security_certificates?id={}&pesan=saved",
        created.id
    ))
    .into_response())
}
