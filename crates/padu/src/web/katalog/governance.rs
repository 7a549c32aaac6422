//! Websites and sub-domains (Pessel Pasal 11, Bogor Pasal 22), governance agendas (Tim
//! Koordinasi SPBE, Pessel Pasal 16–17; Komite TI, Pasal 15) and policies and SOPs (Pessel
//! Pasal 66–67) over the JSON API, and their pages, with the transitional deadline (Bogor
//! Pasal 50, Pessel Pasal 69).

use crate::app::registers;
use crate::web::kit::i18n::{t, value_label};
use crate::web::kit::layout::{layout, pager, search_form, OrPage, PageParams, UiResult};
use crate::web::kit::{Caller, Routes, SharedState};
use axum::extract::{Query, State};
use maud::html;
use padu_domain::Gate;
use padu_store::agendas::AgendaInput;
use padu_store::policies::PolicyInput;

/// Anyone reads what the records' classification lets them; the registers' keepers write; the
/// pages are for those signed in.
pub fn routes() -> Routes {
    Routes::new().get("/tata-kelola", Gate::SignedIn, agendas_page)
}

async fn agendas_page(
    State(state): State<SharedState>,
    caller: Caller,
    Query(p): Query<PageParams>,
) -> UiResult {
    let lang = caller.lang;
    let page = registers::list::<AgendaInput>(&state, &caller.actor, &p.filters(), &p.list())
        .await
        .or_page(&state, &caller)?;
    let all = padu_store::ListQuery {
        per_page: 200,
        ..padu_store::ListQuery::default()
    };
    let policies = registers::list::<PolicyInput>(&state, &caller.actor, &Vec::new(), &all)
        .await
        .or_page(&state, &caller)?;
    let profile = state.profile();
    Ok(layout(
        &state,
        &caller,
        t(lang, "governance.title"),
        html! {
            @if let Some(transition) = &profile.transition {
                p.card #transition { (t(lang, "governance.transition")) " (" (transition.clause) "): " strong { (crate::web::kit::layout::day(transition.deadline())) } }
            }
            h2 { (t(lang, "governance.policies")) }
            (crate::web::kit::layout::add_link::<PolicyInput>(&caller))
            table #policies {
                thead { tr { th { (t(lang, "governance.policy")) } th { (t(lang, "plan.kind")) } th { (t(lang, "governance.subject")) } th { (t(lang, "catalog.pd")) } th { (t(lang, "governance.reference")) } th { (t(lang, "catalog.status")) } th {} } }
                tbody {
                    @for p in &policies.items {
                        tr {
                            td { (p.title) }
                            td { (value_label(lang, &p.kind)) }
                            td { (p.subject) }
                            td { (p.pd_name.as_deref().unwrap_or_default()) }
                            td { (p.reference) @if let Some(d) = p.established_on { " · " (d) } }
                            td { (value_label(lang, &p.status)) }
                            td { (crate::web::kit::layout::edit_link(&caller, p)) }
                        }
                    }
                }
            }
            h2 { (t(lang, "governance.agendas")) }
            p.muted { (t(lang, "governance.intro")) }
            (crate::web::kit::layout::add_link::<AgendaInput>(&caller))
            (search_form(lang, "/tata-kelola", &p.q))
            @for a in &page.items {
                article.card.agenda {
                    h3 { (a.title) " " (crate::web::kit::layout::edit_link(&caller, a)) }
                    p.muted {
                        (value_label(lang, &a.body)) " · " (value_label(lang, &a.kind)) " · " (crate::web::kit::layout::day(a.scheduled_on))
                        @if !a.location.is_empty() { " · " (a.location) }
                        " · " strong { (value_label(lang, &a.status)) } " · " (a.pd_name.as_deref().unwrap_or_default())
                    }
                    @if !a.minutes.is_empty() {
                        h4 { (t(lang, "governance.minutes")) }
                        p.pre { (a.minutes) }
                    }
                    @if !a.decisions.is_empty() {
                        h4 { (t(lang, "governance.decisions")) }
                        p.pre { (a.decisions) }
                    }
                }
            }
            @if page.items.is_empty() { p.muted { (t(lang, "common.none")) } }
            (pager(lang, &page, "/tata-kelola", &p.q))
        },
    ))
}
