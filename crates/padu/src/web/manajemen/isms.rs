//! The ISMS (Sistem Manajemen Keamanan Informasi) page: each of the six stages of Manajemen
//! Keamanan Informasi SPBE with the records the caller may read — scope, who is responsible,
//! planning and policies, operation, evaluation, improvement — each with its PD, owner, day
//! and next review (marked when passed). Records are kept through the register kit's form.

use crate::app::manajemen;
use crate::web::kit::i18n::{t, value_label};
use crate::web::kit::layout::{add_link, day, edit_link, layout, OrPage, UiResult};
use crate::web::kit::{Caller, Routes, SharedState};
use axum::extract::State;
use maud::html;
use padu_domain::manajemen::security::ISMS_STAGES;
use padu_domain::Gate;
use padu_store::manajemen::isms::IsmsRecordInput;

pub fn routes() -> Routes {
    Routes::new().get("/manajemen/smki", Gate::SignedIn, isms_page)
}

async fn isms_page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    let lang = caller.lang;
    let records = manajemen::isms_records(&state, &caller.actor)
        .await
        .or_page(&state, &caller)?;
    let today = caller.today();
    Ok(layout(
        &state,
        &caller,
        t(lang, "isms.title"),
        html! {
            (super::security::tabs(lang, "/manajemen/smki"))
            p.muted { (t(lang, "isms.intro")) }
            (add_link::<IsmsRecordInput>(&caller))
            @for (n, stage) in ISMS_STAGES.iter().enumerate() {
                @let records: Vec<_> = records.iter().filter(|r| r.fields.stage == *stage).collect();
                section.card {
                    h2 { (n + 1) ". " (value_label(lang, stage)) }
                    @if records.is_empty() {
                        p.muted { (t(lang, "isms.none")) }
                    } @else {
                        table {
                            thead { tr {
                                th { (t(lang, "field.title")) }
                                th { (t(lang, "catalog.pd")) }
                                th { (t(lang, "field.owner")) }
                                th { (t(lang, "field.recorded_on")) }
                                th { (t(lang, "field.review_due")) }
                                th {}
                            } }
                            tbody {
                                @for r in &records {
                                    @let f = &r.fields;
                                    tr {
                                        td { strong { (f.title) } @if !f.document_reference.is_empty() { br; span.muted { (f.document_reference) } } }
                                        td { (r.pd_name.as_deref().unwrap_or_default()) }
                                        td { (f.owner) }
                                        td { (day(f.recorded_on)) }
                                        td {
                                            @if let Some(due) = f.review_due {
                                                (day(due))
                                                @if due < today { " " span.bad { (t(lang, "isms.review_overdue")) } }
                                            } @else { "—" }
                                        }
                                        td { (edit_link(&caller, r)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    ))
}
