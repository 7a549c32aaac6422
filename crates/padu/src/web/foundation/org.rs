//! The PDs' pages (the list, one PD with its units and sites, their forms) and the network
//! sites' map and list.

use crate::app::foundation as ops;
use crate::web::kit::i18n::{t, Lang};
use crate::web::kit::layout::*;
use crate::web::kit::SessionForm;
use crate::web::kit::{Caller, SharedState};
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use maud::{html, Markup};
use padu_domain::access::FOUNDS_PDS;
use padu_domain::{authorize, Action, PdId, Resource};
use padu_store::ListQuery;
use serde::Deserialize;

pub(super) async fn pd_list(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = ops::list_pds(&state, &p.list(), None)
        .await
        .or_page(&state, &caller)?;
    let may_create = FOUNDS_PDS.admits(&caller.actor).is_ok();
    Ok(layout(
        &state,
        &caller,
        t(lang, "pd.title"),
        html! {
            (search_form(lang, "/pd", &p.q))
            table {
                thead { tr { th { (t(lang, "common.name")) } th { (t(lang, "common.kind")) } th { (t(lang, "common.code")) } } }
                tbody {
                    @for pd in &page.items {
                        tr { td { a href={ "/pd/" (pd.id) } { (pd.name) } @if pd.is_dinas_kominfo { " " span.badge { (t(lang, "pd.kominfo")) } } } td { (pd.kind) } td { code { (pd.code) } } }
                    }
                }
            }
            @if page.items.is_empty() { p.muted { (t(lang, "common.none")) } }
            (pager(lang, &page, "/pd", &p.q))
            @if may_create {
                details.card.noprint {
                    summary { (t(lang, "pd.new")) }
                    (pd_form(lang, &caller, "/pd", None))
                }
            }
        },
    ))
}

fn pd_form(lang: Lang, caller: &Caller, action: &str, pd: Option<&padu_store::org::Pd>) -> Markup {
    html! {
        form method="post" action=(action) {
            input type="hidden" name="csrf" value=(caller.csrf());
            label { (t(lang, "common.code")) input type="text" name="code" required value=(pd.map(|p| p.code.clone()).unwrap_or_default()); }
            label { (t(lang, "common.name")) input type="text" name="name" required value=(pd.map(|p| p.name.clone()).unwrap_or_default()); }
            label { (t(lang, "common.kind"))
                select name="kind" { @for k in padu_store::org::PD_KINDS { option value=(k) selected[pd.is_some_and(|p| p.kind == k)] { (k) } } }
            }
            label { (t(lang, "common.address")) input type="text" name="address" value=(pd.and_then(|p| p.address.clone()).unwrap_or_default()); }
            button type="submit" { (if pd.is_some() { t(lang, "common.save") } else { t(lang, "common.create") }) }
        }
    }
}

#[derive(Deserialize)]
pub(super) struct PdForm {
    code: String,
    name: String,
    kind: String,
    #[serde(default)]
    address: String,
}

impl PdForm {
    fn input(&self, existing: Option<&padu_store::org::Pd>) -> padu_store::org::PdInput {
        padu_store::org::PdInput {
            code: self.code.trim().to_string(),
            name: self.name.trim().to_string(),
            short_name: existing.and_then(|p| p.short_name.clone()),
            kind: self.kind.clone(),
            is_dinas_kominfo: existing.is_some_and(|p| p.is_dinas_kominfo),
            address: Some(self.address.trim().to_string()).filter(|a| !a.is_empty()),
        }
    }
}

pub(super) async fn pd_create(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<PdForm>,
) -> UiResult {
    let pd = ops::create_pd(&state, &caller.actor, &caller.audit_ctx(), &f.input(None))
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pd/{}?pesan=saved", pd.id)).into_response())
}

pub(super) async fn pd_update(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<PdForm>,
) -> UiResult {
    let ctx = caller.audit_ctx();
    ops::update_pd(&state, &caller.actor, &ctx, id, |pd| f.input(Some(pd)))
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/pd/{id}?pesan=saved")).into_response())
}

pub(super) async fn pd_detail(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let pd = ops::get_pd(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let units = ops::unit_kerja(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let own_sites = vec![("pd_id".to_string(), id.to_string())];
    let all = ListQuery {
        per_page: 200,
        ..Default::default()
    };
    let sites = ops::list_sites(&state, &caller.actor, &own_sites, &all)
        .await
        .or_page(&state, &caller)?;
    let may_edit = authorize(&caller.actor, Action::Update, &Resource::pd(PdId(id))).is_ok();
    Ok(layout(
        &state,
        &caller,
        &pd.name,
        html! {
            dl.facts {
                dt { (t(lang, "common.code")) } dd { code { (pd.code) } }
                dt { (t(lang, "common.kind")) } dd { (pd.kind) }
                dt { (t(lang, "common.address")) } dd { (pd.address.clone().unwrap_or_else(|| "—".into())) }
            }
            h2 { (t(lang, "pd.units")) " (" (units.len()) ")" }
            @if units.is_empty() { p.muted { (t(lang, "common.none")) } }
            ul { @for u in &units { li { (u.name) " " span.muted { "(" (u.kind) ")" } } } }
            h2 { (t(lang, "pd.sites")) " (" (sites.total) ")" }
            (sites_map(lang, &sites.items))
            (sites_table(&caller, &sites.items))
            @if may_edit {
                details.card.noprint { summary { (t(lang, "pd.edit")) } (pd_form(lang, &caller, &format!("/pd/{id}"), Some(&pd))) }
            }
        },
    ))
}

/// A map draws at most this many sites (the widest links first).
const MAP_POINTS: i64 = 2_000;

fn sites_map(lang: Lang, sites: &[padu_store::sites::Site]) -> Markup {
    let points: Vec<crate::web::kit::map::Point<'_>> = sites
        .iter()
        .map(|s| crate::web::kit::map::Point {
            name: &s.name,
            kind: &s.kind,
            latitude: s.latitude,
            longitude: s.longitude,
            bandwidth_mbps: s.bandwidth_mbps,
            href: s.pd_id.map(|pd| format!("/pd/{pd}")),
        })
        .collect();
    crate::web::kit::map::sites_map(t(lang, "site.map"), &points, &|kind| {
        crate::web::kit::i18n::value_label(lang, kind)
    })
}

fn sites_table(caller: &Caller, items: &[padu_store::sites::Site]) -> Markup {
    let lang = caller.lang;
    html! {
        @if items.is_empty() { p.muted { (t(lang, "common.none")) } } @else {
            table {
                thead { tr { th { (t(lang, "common.name")) } th { (t(lang, "site.owner")) } th { (t(lang, "common.kind")) } th.num { (t(lang, "site.bandwidth")) } th { (t(lang, "site.coordinates")) } th { (t(lang, "common.classification")) } th {} } }
                tbody {
                    @for s in items {
                        tr {
                            td { (s.name) br; span.muted { (s.address) } }
                            td { (s.pd_name.clone().unwrap_or_default()) }
                            td { (crate::web::kit::i18n::value_label(lang, &s.kind)) }
                            td.num { (s.bandwidth_mbps) }
                            td { (format!("{:.6}, {:.6}", s.latitude, s.longitude)) }
                            td { span class={ "class-" (s.classification) } { (crate::web::kit::i18n::value_label(lang, s.classification.as_str())) } }
                            td { (crate::web::kit::layout::edit_link(caller, s)) }
                        }
                    }
                }
            }
        }
    }
}

pub(super) async fn site_list(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = ops::list_sites(&state, &caller.actor, &p.filters(), &p.list())
        .await
        .or_page(&state, &caller)?;
    let points = ops::site_points(&state, &caller.actor, p.pd_id, MAP_POINTS)
        .await
        .or_page(&state, &caller)?;
    Ok(layout(
        &state,
        &caller,
        t(lang, "nav.sites"),
        html! {
            (sites_map(lang, &points))
            (crate::web::kit::layout::add_link::<padu_store::sites::SiteInput>(&caller))
            (search_form(lang, "/sites", &p.q))
            (sites_table(&caller, &page.items))
            (pager(lang, &page, "/sites", &p.q))
        },
    ))
}
