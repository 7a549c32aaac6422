//! The risk contexts (Formulir 2.0 Konteks Risiko SPBE): each unit pemilik risiko's context
//! for a period, printed as the form reads with its impact criteria (the 7 areas by the 5
//! levels), with "add" and "edit" leading to the register's form and the criteria edited as
//! one matrix; the criteria over the API too.

use crate::app::manajemen::{self, ContextCriteria};
use crate::app::registers;
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{add_link, edit_link, layout, OrPage, UiResult};
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SessionForm, SharedState};
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect};
use axum::Json;
use maud::{html, Markup};
use padu_domain::catalog::KEEPS_REGISTERS;
use padu_domain::manajemen::risk::IMPACT_AREAS;
use padu_domain::Gate;
use padu_store::manajemen::risk_contexts::RiskContextInput;
use padu_store::manajemen::risk_criteria::{Criteria, Criterion};
use padu_store::ListQuery;
use std::collections::HashMap;
use utoipa_axum::routes;

pub fn routes() -> Routes {
    Routes::new()
        .api(Gate::SignedIn, routes!(criteria_api))
        .api(KEEPS_REGISTERS, routes!(set_criteria_api))
        .get("/manajemen/konteks", Gate::SignedIn, contexts_page)
        .get(
            "/manajemen/konteks/{id}/kriteria",
            Gate::SignedIn,
            criteria_page,
        )
        .post(
            "/manajemen/konteks/{id}/kriteria",
            KEEPS_REGISTERS,
            criteria_submit,
        )
}

/// Context `id`'s impact criteria: `matrix[area][level - 1]`, the areas in `areas`' order.
#[utoipa::path(get, path = "/api/v1/manajemen/risk-contexts/{id}/criteria", tag = "manajemen", params(("id" = i64, Path)), responses((status = 200, body = ContextCriteria), (status = 403), (status = 404)))]
async fn criteria_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<ContextCriteria>, ApiError> {
    Ok(Json(manajemen::criteria(&state, &caller.actor, id).await?))
}

/// Sets the cells given of context `id`'s impact criteria (an empty criterion clears its
/// cell); the others stay.
#[utoipa::path(put, path = "/api/v1/manajemen/risk-contexts/{id}/criteria", tag = "manajemen", params(("id" = i64, Path)), request_body = Criteria, responses((status = 200, body = ContextCriteria), (status = 403), (status = 404), (status = 422)))]
async fn set_criteria_api(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(body): ApiJson<Criteria>,
) -> Result<Json<ContextCriteria>, ApiError> {
    Ok(Json(
        manajemen::set_criteria(
            &state,
            &caller.actor,
            &caller.audit_ctx(),
            id,
            &body.criteria,
        )
        .await?,
    ))
}

/// The criteria as a table: an area a row, a level a column.
fn criteria_table(lang: Lang, c: &ContextCriteria, form: bool) -> Markup {
    html! {
        div.wide {
            table.criteria {
                thead { tr {
                    th { (t(lang, "field.impact_area")) }
                    @for n in 1..=5 { th { (n) " — " (t(lang, &format!("risk.impact.{n}"))) } }
                } }
                tbody {
                    @for (area, row) in c.areas.iter().zip(&c.matrix) {
                        tr {
                            th { (value_label(lang, area)) }
                            @for (l, text) in row.iter().enumerate() {
                                td {
                                    @if form {
                                        textarea name={ (area) "." (l + 1) } rows="2" aria-label={ (value_label(lang, area)) " " (l + 1) } { (text) }
                                    } @else if text.is_empty() { "—" } @else { (text) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

async fn criteria_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> UiResult {
    let lang = caller.lang;
    let c = manajemen::criteria(&state, &caller.actor, id)
        .await
        .or_page(&state, &caller)?;
    let title = format!(
        "{} — {} {}",
        t(lang, "risk.criteria"),
        c.context.pd_name.as_deref().unwrap_or_default(),
        c.context.fields.period_year
    );
    Ok(layout(
        &state,
        &caller,
        &title,
        html! {
            p.noprint { a href="/manajemen/konteks" { "← " (t(lang, "risk.contexts")) } }
            p.muted { (t(lang, "risk.criteria_intro")) }
            @if c.may_change {
                form method="post" action={ "/manajemen/konteks/" (id) "/kriteria" } {
                    input type="hidden" name="csrf" value=(caller.csrf());
                    (criteria_table(lang, &c, true))
                    button type="submit" { (t(lang, "risk.criteria_save")) }
                }
            } @else {
                (criteria_table(lang, &c, false))
            }
        },
    ))
}

/// The matrix form: `{area}.{level}` for each cell; every cell is saved, an empty one cleared.
async fn criteria_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    SessionForm(f): SessionForm<HashMap<String, String>>,
) -> UiResult {
    let cells: Vec<Criterion> = IMPACT_AREAS
        .iter()
        .flat_map(|area| (1..=5).map(move |level| (area, level)))
        .map(|(area, level)| Criterion {
            impact_area: area.to_string(),
            level,
            criterion: f
                .get(&format!("{area}.{level}"))
                .cloned()
                .unwrap_or_default(),
        })
        .collect();
    manajemen::set_criteria(&state, &caller.actor, &caller.audit_ctx(), id, &cells)
        .await
        .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("/manajemen/konteks/{id}/kriteria?pesan=saved")).into_response())
}

async fn contexts_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let q = ListQuery {
        page: 1,
        per_page: 200,
        q: None,
    };
    let page = registers::list::<RiskContextInput>(&state, &caller.actor, &Vec::new(), &q)
        .await
        .or_page(&state, &caller)?;
    // The Pemda's own context (PermenPANRB 5/2020: the unit pemilik risiko of the Pemerintah
    // Daerah as a whole) first, under the PD the profile names for it.
    let pemda_pd = pemda_unit(&state).await.or_page(&state, &caller)?;
    let mut contexts = Vec::with_capacity(page.items.len());
    for c in page.items {
        contexts.push(
            manajemen::criteria_of(&state, &caller.actor, c)
                .await
                .or_page(&state, &caller)?,
        );
    }
    contexts.sort_by_key(|c| {
        let f = &c.context.fields;
        (Some(f.pd_id) != pemda_pd, -f.period_year)
    });
    Ok(layout(
        &state,
        &caller,
        t(lang, "risk.contexts"),
        html! {
            (super::risks::tabs(lang, "/manajemen/konteks"))
            p.muted { (t(lang, "risk.contexts_intro")) }
            (add_link::<RiskContextInput>(&caller))
            @if contexts.is_empty() {
                p.muted { (t(lang, "risk.contexts_none")) }
            }
            @for c in &contexts {
                (context(lang, &caller, c, Some(c.context.fields.pd_id) == pemda_pd, &state.profile().pemda))
            }
        },
    ))
}

/// The PD whose context and risks are the Pemda's own, when the profile names one that exists.
async fn pemda_unit(state: &SharedState) -> Result<Option<i64>, crate::app::AppError> {
    let Some(code) = state.profile().pemda_risk_unit.as_ref() else {
        return Ok(None);
    };
    Ok(crate::app::foundation::all_pds(state)
        .await?
        .into_iter()
        .find(|pd| pd.code == code.value)
        .map(|pd| pd.id))
}

fn context(
    lang: Lang,
    caller: &Caller,
    criteria: &ContextCriteria,
    pemda_level: bool,
    pemda: &str,
) -> Markup {
    let c = &criteria.context;
    let f = &c.fields;
    let text = super::or_dash;
    html! {
        section.card {
            @if pemda_level {
                h2 { (pemda) " · " (t(lang, "risk.pemda_level")) " · " (f.period_year) }
                p.muted { (t(lang, "risk.pemda_level_kept_by")) " " (c.pd_name.as_deref().unwrap_or_default()) }
            } @else {
                h2 { (c.pd_name.as_deref().unwrap_or_default()) " · " (f.period_year) }
            }
            table.facts {
                tr { th { (t(lang, "field.goals")) } td { (f.goals) } }
                tr { th { (t(lang, "field.indicators")) } td { (text(&f.indicators)) } }
                tr { th { (t(lang, "field.risk_owner")) } td { (f.risk_owner) } }
                tr { th { (t(lang, "field.risk_coordinator")) } td { (text(&f.risk_coordinator)) } }
                tr { th { (t(lang, "field.risk_administrator")) } td { (text(&f.risk_administrator)) } }
                tr { th { (t(lang, "field.stakeholders")) } td { (text(&f.stakeholders)) } }
                tr { th { (t(lang, "field.regulations")) } td { (text(&f.regulations)) } }
                tr { th { (t(lang, "field.appetite")) } td { span class={ "level " (f.appetite) } { (value_label(lang, &f.appetite)) } } }
                tr { th { (t(lang, "field.impact_criteria")) } td.pre { (text(&f.impact_criteria)) } }
            }
            h3 { (t(lang, "risk.criteria")) }
            (criteria_table(lang, criteria, false))
            p.noprint {
                (edit_link(caller, c))
                @if criteria.may_change {
                    " · " a href={ "/manajemen/konteks/" (c.id) "/kriteria" } { (t(lang, "risk.criteria_edit")) }
                }
            }
        }
    }
}
