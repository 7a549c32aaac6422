//! The risk contexts (Formulir 2.0 Konteks Risiko SPBE): each unit pemilik risiko's context
//! for a period, printed as the form reads, with "add" and "edit" leading to the register's
//! form.

use crate::app::registers;
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{add_link, edit_link, layout, OrPage, UiResult};
use crate::web::kit::{Caller, Routes, SharedState};
use axum::extract::State;
use maud::{html, Markup};
use padu_domain::Gate;
use padu_store::manajemen::risk_contexts::{RiskContext, RiskContextInput};
use padu_store::ListQuery;

pub fn routes() -> Routes {
    Routes::new().get("/manajemen/konteks", Gate::SignedIn, contexts_page)
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
    Ok(layout(
        &state,
        &caller,
        t(lang, "risk.contexts"),
        html! {
            (super::risks::tabs(lang, "/manajemen/konteks"))
            p.muted { (t(lang, "risk.contexts_intro")) }
            (add_link::<RiskContextInput>(&caller))
            @if page.items.is_empty() {
                p.muted { (t(lang, "risk.contexts_none")) }
            }
            @for c in &page.items { (context(lang, &caller, c)) }
        },
    ))
}

fn context(lang: Lang, caller: &Caller, c: &RiskContext) -> Markup {
    let f = &c.fields;
    let text = super::or_dash;
    html! {
        section.card {
            h2 { (c.pd_name.as_deref().unwrap_or_default()) " · " (f.period_year) }
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
            p.noprint { (edit_link(caller, c)) }
        }
    }
}
