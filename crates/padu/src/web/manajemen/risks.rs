//! The risk register as a page and over the API: every risk the caller may read with its
//! inherent and residual value and level on the region's scale, filtered by PD, year,
//! category and decision, and the 5×5 heat map of the same risks (inherent or residual),
//! drawn on the server.

use crate::app::foundation::all_pds;
use crate::app::manajemen::{self, AssessedRisk, HeatMap};
use crate::web::kit::chart::{heat_map, HeatCell};
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{add_link, edit_link, layout, pager_with, OrPage, UiResult};
use crate::web::kit::{query, ApiError, Caller, Routes, SharedState};
use axum::extract::{RawQuery, State};
use axum::Json;
use maud::{html, Markup};
use padu_domain::manajemen::risk::{Assessment, CATEGORIES, DECISIONS};
use padu_domain::Gate;
use padu_store::manajemen::risks::RiskInput;
use padu_store::registers::Filters;
use padu_store::{ListQuery, Page};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::routes;

/// Anyone signed in reads the risks of what they may read (a PD's own, the Dinas all).
pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(assessed_api))
        .api(Gate::SignedIn, routes!(heat_map_api))
        .get("/manajemen/risiko", Gate::SignedIn, risk_page)
}

/// Which risks: a PD, a period year, a category, a decision; and for the map, whether it
/// shows the residual assessment.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct RiskParams {
    pub pd_id: Option<i64>,
    pub period_year: Option<i64>,
    pub category: Option<String>,
    /// ditangani or diterima.
    pub decision: Option<String>,
    /// The map of residual assessments instead of inherent ones.
    #[serde(default)]
    pub residual: bool,
    #[serde(default)]
    pub page: Option<u32>,
    pub q: Option<String>,
}

impl RiskParams {
    /// The register's filters: every chosen one but the word search.
    pub(super) fn filters(&self) -> Filters {
        self.pairs()
            .into_iter()
            .filter(|(name, _)| *name != "q")
            .map(|(name, value)| (name.to_string(), value))
            .collect()
    }

    fn list(&self) -> ListQuery {
        ListQuery {
            page: self.page.unwrap_or(1).max(1),
            per_page: 50,
            q: self.q.clone().filter(|q| !q.trim().is_empty()),
        }
    }

    /// These filters as a query string (for the forms' downloads).
    pub(super) fn query_string(&self) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.extend_pairs(self.pairs());
        s.finish()
    }

    /// The query string that keeps these filters (for the pager and the map's switch).
    fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(pd) = self.pd_id {
            out.push(("pd_id", pd.to_string()));
        }
        if let Some(y) = self.period_year {
            out.push(("period_year", y.to_string()));
        }
        for (name, value) in [("category", &self.category), ("decision", &self.decision)] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                out.push((name, v.to_string()));
            }
        }
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            out.push(("q", q.to_string()));
        }
        out
    }
}

/// The risks the caller may read, a page at a time, each with its inherent and residual
/// value and level on the region's scale (the records themselves are at
/// `/api/v1/manajemen/risks`).
#[utoipa::path(get, path = "/api/v1/manajemen/risks/assessed", tag = "manajemen", params(RiskParams), responses((status = 200, body = Vec<AssessedRisk>), (status = 422)))]
async fn assessed_api(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<AssessedRisk>>, ApiError> {
    let p: RiskParams = query(raw.as_deref())?;
    let page = manajemen::risks(&state, &caller.actor, &p.filters(), &p.list()).await?;
    Ok(Json(page.items))
}

/// The 5×5 heat map of the risks the caller may read: counts per cell
/// (`counts[likelihood - 1][impact - 1]`), each cell's value and level on the region's scale.
#[utoipa::path(get, path = "/api/v1/manajemen/risks/heat-map", tag = "manajemen", params(RiskParams), responses((status = 200, body = HeatMap), (status = 422)))]
async fn heat_map_api(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<HeatMap>, ApiError> {
    let p: RiskParams = query(raw.as_deref())?;
    Ok(Json(
        manajemen::heat_map(&state, &caller.actor, &p.filters(), p.residual).await?,
    ))
}

async fn risk_page(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> UiResult {
    let lang = caller.lang;
    let p: RiskParams = query(raw.as_deref()).or_page(&state, &caller)?;
    let filters = p.filters();
    let page = manajemen::risks(&state, &caller.actor, &filters, &p.list())
        .await
        .or_page(&state, &caller)?;
    let map = manajemen::heat_map(&state, &caller.actor, &filters, p.residual)
        .await
        .or_page(&state, &caller)?;
    let pds = all_pds(&state).await.or_page(&state, &caller)?;
    let pairs = p.pairs();
    let borrowed: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let switch = {
        let mut s = form_urlencoded::Serializer::new(String::new());
        s.extend_pairs(&borrowed);
        if !p.residual {
            s.append_pair("residual", "true");
        }
        format!("/manajemen/risiko?{}", s.finish())
    };
    let map_title = t(
        lang,
        if p.residual {
            "risk.map.residual"
        } else {
            "risk.map.inherent"
        },
    );
    Ok(layout(
        &state,
        &caller,
        t(lang, "risk.title"),
        html! {
            (tabs(lang, "/manajemen/risiko"))
            p.muted { (t(lang, "risk.intro")) }
            (add_link::<RiskInput>(&caller))
            form.filters method="get" action="/manajemen/risiko" {
                label { (t(lang, "catalog.pd")) " " select name="pd_id" {
                    option value="" { (t(lang, "risk.all_pds")) }
                    @for pd in &pds { option value=(pd.id) selected[p.pd_id == Some(pd.id)] { (pd.name) } }
                } }
                label { (t(lang, "field.period_year")) " " input type="number" name="period_year" min="2000" max="2100" value=[p.period_year]; }
                label { (t(lang, "field.category")) " " select name="category" {
                    option value="" { (t(lang, "risk.all")) }
                    @for c in CATEGORIES { option value=(c) selected[p.category.as_deref() == Some(c)] { (value_label(lang, c)) } }
                } }
                label { (t(lang, "field.decision")) " " select name="decision" {
                    option value="" { (t(lang, "risk.all")) }
                    @for d in DECISIONS { option value=(d) selected[p.decision.as_deref() == Some(d)] { (value_label(lang, d)) } }
                } }
                @if p.residual { input type="hidden" name="residual" value="true"; }
                label { (t(lang, "common.search")) " " input type="search" name="q" value=(p.q.clone().unwrap_or_default()); }
                button type="submit" { (t(lang, "risk.filter")) }
            }
            (map_figure(lang, &map, map_title))
            p.noprint {
                a href=(switch) {
                    (t(lang, if p.residual { "risk.map.show_inherent" } else { "risk.map.show_residual" }))
                }
                " · " (t(lang, "risk.map.total")) ": " (map.total)
            }
            (risk_table(lang, &caller, &page))
            (pager_with(lang, &page, "/manajemen/risiko", &borrowed))
        },
    ))
}

/// The risk pages' tabs: the register with its map, and the contexts.
pub(super) fn tabs(lang: Lang, here: &str) -> Markup {
    let tabs = [
        ("/manajemen/risiko", "risk.tab.register"),
        ("/manajemen/konteks", "risk.contexts"),
        ("/manajemen/risiko/formulir/3", "risk.form.3"),
        ("/manajemen/risiko/formulir/4", "risk.form.4"),
        ("/manajemen/risiko/formulir/5", "risk.form.5"),
    ];
    crate::web::kit::layout::tabs(lang, here, &tabs)
}

fn map_figure(lang: Lang, map: &HeatMap, title: &str) -> Markup {
    let cells = std::array::from_fn(|l| {
        std::array::from_fn(|i| HeatCell {
            count: map.counts[l][i],
            value: map.values[l][i],
            level: map.levels[l][i].as_str(),
        })
    });
    html! {
        (heat_map(title, &cells, t(lang, "field.likelihood"), t(lang, "field.impact")))
        p.legend {
            @for level in padu_domain::manajemen::risk::Level::ALL {
                span class={ "level " (level.as_str()) } { (t(lang, &format!("risk.level.{}", level.as_str()))) }
                " "
            }
        }
    }
}

/// "3 × 4 = 17 · Tinggi".
pub(super) fn assessment(lang: Lang, a: Option<&Assessment>) -> Markup {
    html! {
        @match a {
            None => span.muted { "—" },
            Some(a) => {
                (a.likelihood) " × " (a.impact) " = " strong { (a.value) } " "
                span class={ "level " (a.level.as_str()) } { (t(lang, &format!("risk.level.{}", a.level.as_str()))) }
            }
        }
    }
}

fn risk_table(lang: Lang, caller: &Caller, page: &Page<AssessedRisk>) -> Markup {
    html! {
        @if page.items.is_empty() {
            p.muted { (t(lang, "risk.none")) }
        } @else {
            table #risks {
                thead { tr {
                    th { (t(lang, "field.event")) }
                    th { (t(lang, "catalog.pd")) }
                    th { (t(lang, "field.period_year")) }
                    th { (t(lang, "field.category")) }
                    th { (t(lang, "risk.inherent")) }
                    th { (t(lang, "field.decision")) }
                    th { (t(lang, "field.treatment")) }
                    th { (t(lang, "risk.residual")) }
                    th {}
                } }
                tbody {
                    @for a in &page.items {
                        @let r = &a.risk.fields;
                        tr {
                            td { a href={ "/manajemen/risiko/" (a.risk.id) } { strong { (r.event) } } }
                            td { (a.risk.pd_name.as_deref().unwrap_or_default()) }
                            td { (r.period_year) }
                            td { (value_label(lang, &r.category)) }
                            td { (assessment(lang, a.inherent.as_ref())) }
                            td { (value_label(lang, &r.decision)) }
                            td { @if let Some(tr) = &r.treatment { (value_label(lang, tr)) } @else { "—" } }
                            td { (assessment(lang, a.residual.as_ref())) }
                            td { (edit_link(caller, &a.risk)) }
                        }
                    }
                }
            }
        }
    }
}
