//! The Layanan SPBE catalogue, the business processes and the infrastructure register over the
//! JSON API and as pages, and the whole architecture as an ArchiMate 3.1 exchange file.

use crate::app::katalog;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{layout, pager, search_form, OrPage, PageParams, UiResult};
use crate::web::kit::records::record_api;
use crate::web::kit::{query, ApiError, Caller, ListParams, Routes, SharedState};
use axum::extract::{Query, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::Json;
use maud::html;
use padu_domain::catalog::KEEPS_REGISTERS;
use padu_domain::Gate;
use padu_store::architecture::{ArchitectureFilter, Process, ProcessInput, Service, ServiceInput};
use padu_store::infrastructure::{Infrastructure, InfrastructureFilter, InfrastructureInput};
use padu_store::Page;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::routes;

/// Anyone reads what the records' classification lets them; the registers' keepers write; the
/// whole architecture and the pages are for those signed in.
pub fn routes() -> Routes {
    Routes::new()
        .merge(service_routes())
        .merge(process_routes())
        .merge(infrastructure_routes())
        .api(Gate::Anyone, routes!(list_spbe_services))
        .api(Gate::Anyone, routes!(list_processes))
        .api(Gate::Anyone, routes!(list_infrastructure))
        .api(Gate::SignedIn, routes!(archimate_api))
        .get("/katalog/layanan", Gate::SignedIn, services_page)
        .get("/katalog/proses", Gate::SignedIn, processes_page)
        .get(
            "/katalog/infrastruktur",
            Gate::SignedIn,
            infrastructure_page,
        )
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArchitectureParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
    pub sector: Option<String>,
}

impl ArchitectureParams {
    fn split(self) -> Result<(ArchitectureFilter, padu_store::ListQuery), ApiError> {
        let q = ListParams {
            page: self.page,
            per_page: self.per_page,
            q: self.q,
        }
        .query()?;
        Ok((
            ArchitectureFilter {
                pd_id: self.pd_id,
                sector: self.sector,
            },
            q,
        ))
    }
}

/// The Layanan SPBE catalogue: administrative and public services the caller may see.
#[utoipa::path(get, path = "/api/v1/catalog/services", tag = "catalog", params(ArchitectureParams), responses((status = 200, body = Page<Service>), (status = 422)))]
async fn list_spbe_services(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Service>>, ApiError> {
    let (f, q) = query::<ArchitectureParams>(raw.as_deref())?.split()?;
    Ok(Json(
        katalog::services(&state, &caller.actor, &f, &q).await?,
    ))
}

record_api! {
    ServiceInput => Service, tag "catalog",
    at "/api/v1/catalog/services" and "/api/v1/catalog/services/{id}",
    routes service_routes, writes KEEPS_REGISTERS,
    get get_spbe_service [],
    /// Registers a service of a PD, naming the applications that run it and the service-bus
    /// service that exposes it.
    create create_spbe_service [],
    update update_spbe_service [],
    delete delete_spbe_service [],
}

/// Business processes (levels 1–4, the 11 sectors of Pessel Pasal 39) the caller may see,
/// in code order.
#[utoipa::path(get, path = "/api/v1/catalog/processes", tag = "catalog", params(ArchitectureParams), responses((status = 200, body = Page<Process>), (status = 422)))]
async fn list_processes(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Process>>, ApiError> {
    let (f, q) = query::<ArchitectureParams>(raw.as_deref())?.split()?;
    Ok(Json(
        katalog::processes(&state, &caller.actor, &f, &q).await?,
    ))
}

record_api! {
    ProcessInput => Process, tag "catalog",
    at "/api/v1/catalog/processes" and "/api/v1/catalog/processes/{id}",
    routes process_routes, writes KEEPS_REGISTERS,
    get get_process [],
    create create_process [],
    update update_process [],
    /// Deletes a process with none under it (409 otherwise).
    delete delete_process [(status = 409)],
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InfrastructureParams {
    pub page: Option<u32>,
    pub per_page: Option<u32>,
    pub q: Option<String>,
    pub pd_id: Option<i64>,
    /// pusat_data, drc, server, vps, iaas, paas, saas or perangkat_jaringan.
    pub kind: Option<String>,
}

/// The infrastructure register: Pusat Data and DRC, servers and VPS, the Pusat Data's
/// offerings, network equipment.
#[utoipa::path(get, path = "/api/v1/catalog/infrastructure", tag = "catalog", params(InfrastructureParams), responses((status = 200, body = Page<Infrastructure>), (status = 422)))]
async fn list_infrastructure(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Infrastructure>>, ApiError> {
    let p: InfrastructureParams = query(raw.as_deref())?;
    let q = ListParams {
        page: p.page,
        per_page: p.per_page,
        q: p.q,
    }
    .query()?;
    let filter = InfrastructureFilter {
        pd_id: p.pd_id,
        kind: p.kind,
    };
    Ok(Json(
        katalog::infrastructure(&state, &caller.actor, &filter, &q).await?,
    ))
}

record_api! {
    InfrastructureInput => Infrastructure, tag "catalog",
    at "/api/v1/catalog/infrastructure" and "/api/v1/catalog/infrastructure/{id}",
    routes infrastructure_routes, writes KEEPS_REGISTERS,
    get get_infrastructure [],
    create create_infrastructure [],
    update update_infrastructure [],
    delete delete_infrastructure [],
}

async fn infrastructure_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let filter = InfrastructureFilter {
        pd_id: p.pd_id,
        kind: None,
    };
    let page = katalog::infrastructure(&state, &caller.actor, &filter, &p.list())
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
                            td { (i.pd_name) }
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
    let filter = ArchitectureFilter {
        pd_id: p.pd_id,
        sector: None,
    };
    let page = katalog::services(&state, &caller.actor, &filter, &p.list())
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
                            td { (s.pd_name) }
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
    let filter = ArchitectureFilter {
        pd_id: p.pd_id,
        sector: None,
    };
    let page = katalog::processes(&state, &caller.actor, &filter, &p.list())
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
                            td { (x.pd_name) }
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
