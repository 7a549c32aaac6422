//! The Layanan SPBE catalogue, the business processes and the infrastructure register over the
//! JSON API and as pages, and the whole architecture as an ArchiMate 3.1 exchange file.

use crate::app::katalog;
use crate::app::registers;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{layout, pager, search_form, OrPage, PageParams, UiResult};
use crate::web::kit::{ApiError, Caller, Routes, SharedState};
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::html;
use padu_domain::Gate;
use padu_store::architecture::{ProcessInput, ServiceInput};
use padu_store::infrastructure::InfrastructureInput;
use utoipa_axum::routes;

/// Anyone reads what the records' classification lets them; the registers' keepers write; the
/// whole architecture and the pages are for those signed in.
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(archimate_api))
        .get("/katalog/layanan", Gate::SignedIn, services_page)
        .get("/katalog/proses", Gate::SignedIn, processes_page)
        .get(
            "/katalog/infrastruktur",
            Gate::SignedIn,
            infrastructure_page,
        )
}

async fn infrastructure_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page =
        registers::list::<InfrastructureInput>(&state, &caller.actor, &p.filters(), &p.list())
            .await
            .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "catalog.infrastructure"),
        html! {
            (super::pages::tabs(lang, "/katalog/infrastruktur"))
            (crate::web::kit::layout::add_link(lang, "infrastructure"))
            (search_form(lang, "/katalog/infrastruktur", &p.q))
            table #infrastructure {
                thead { tr {
                    th { (t(lang, "catalog.name")) }
                    th { (t(lang, "catalog.infra_kind")) }
                    th { (t(lang, "catalog.placed_at")) }
                    th { (t(lang, "catalog.pd")) }
                    th { (t(lang, "catalog.provider")) }
                    th { (t(lang, "catalog.specification")) }
                    th { (t(lang, "catalog.status")) }
                    th {}
                } }
                tbody {
                    @for i in &page.items {
                        tr {
                            td { strong { (i.name) } }
                            td { (i.kind) }
                            td { (i.placed_at) }
                            td { (i.pd_name.as_deref().unwrap_or_default()) }
                            td { (i.provider) }
                            td { (i.specification) }
                            td { (i.status) }
                            td { (crate::web::kit::layout::edit_link(lang, "infrastructure", i.id)) }
                        }
                    }
                }
            }
            (pager(lang, &page, "/katalog/infrastruktur", &p.q))
        },
    ))
}

/// The architecture the caller may read as an ArchiMate 3.1 Model Exchange File.
pub(super) async fn archimate_file(
    state: &SharedState,
    caller: &Caller,
) -> Result<Response, ApiError> {
    let xml = katalog::archimate(state, &caller.actor).await?;
    let file = format!("padu-archimate-{}.xml", caller.today());
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/xml; charset=utf-8".to_string(),
            ),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        xml,
    )
        .into_response())
}

/// The architecture (PDs, processes, services, applications, data sets, network sites and
/// their relations) in the ArchiMate 3.1 Open Exchange Format.
#[utoipa::path(get, path = "/api/v1/catalog/archimate", tag = "catalog", responses((status = 200, content_type = "application/xml", body = String)))]
async fn archimate_api(
    State(state): State<SharedState>,
    caller: Caller,
) -> Result<Response, ApiError> {
    archimate_file(&state, &caller).await
}

async fn services_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = registers::list::<ServiceInput>(&state, &caller.actor, &p.filters(), &p.list())
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "catalog.services"),
        html! {
            (super::pages::tabs(lang, "/katalog/layanan"))
            (crate::web::kit::layout::add_link(lang, "services"))
            (search_form(lang, "/katalog/layanan", &p.q))
            table #services {
                thead { tr {
                    th { (t(lang, "catalog.name")) }
                    th { (t(lang, "catalog.pd")) }
                    th { (t(lang, "catalog.service_kind")) }
                    th { (t(lang, "catalog.sector")) }
                    th { (t(lang, "catalog.applications")) }
                    th { (t(lang, "catalog.bus_service")) }
                    th {}
                } }
                tbody {
                    @for s in &page.items {
                        tr {
                            td { strong { (s.name) } @if !s.description.is_empty() { br; span.muted { (s.description) } } }
                            td { (s.pd_name.as_deref().unwrap_or_default()) }
                            td { (s.kind) }
                            td { (s.sector) }
                            td.num { (s.application_ids.len()) }
                            td { @if let Some(b) = &s.bus_service { code { (b) } } }
                            td { (crate::web::kit::layout::edit_link(lang, "services", s.id)) }
                        }
                    }
                }
            }
            (pager(lang, &page, "/katalog/layanan", &p.q))
        },
    ))
}

async fn processes_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = registers::list::<ProcessInput>(&state, &caller.actor, &p.filters(), &p.list())
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "catalog.processes"),
        html! {
            (super::pages::tabs(lang, "/katalog/proses"))
            (crate::web::kit::layout::add_link(lang, "processes"))
            (search_form(lang, "/katalog/proses", &p.q))
            table #processes {
                thead { tr {
                    th { (t(lang, "catalog.code")) }
                    th { (t(lang, "catalog.name")) }
                    th { (t(lang, "catalog.level")) }
                    th { (t(lang, "catalog.sector")) }
                    th { (t(lang, "catalog.pd")) }
                    th { (t(lang, "catalog.services")) }
                    th { (t(lang, "catalog.applications")) }
                    th {}
                } }
                tbody {
                    @for x in &page.items {
                        tr class={ "level-" (x.level) } {
                            td { code { (x.code) } }
                            td { (x.name) }
                            td.num { (x.level) }
                            td { (x.sector) }
                            td { (x.pd_name.as_deref().unwrap_or_default()) }
                            td.num { (x.service_ids.len()) }
                            td.num { (x.application_ids.len()) }
                            td { (crate::web::kit::layout::edit_link(lang, "processes", x.id)) }
                        }
                    }
                }
            }
            (pager(lang, &page, "/katalog/proses", &p.q))
        },
    ))
}
