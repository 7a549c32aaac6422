//! The list page of a register, drawn from its definition: the record's key, its PD and the
//! `shown` fields, a word search, a page at a time, with "add" and "edit" leading to the
//! register's form. A host name outside the Pemda's domain is marked (Pessel Pasal 11(3), Bogor
//! Pasal 22(2)). Each module puts its own tabs above it.

use crate::app::registers;
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{
    add_link, edit_link, layout, pager, search_form, OrPage, PageParams, UiResult,
};
use crate::web::kit::{Caller, SharedState};
use maud::{html, Markup};
use padu_domain::catalog::under_domain;
use padu_domain::register::{Field, Kind};
use padu_store::registers::{fields_of, Register};
use serde_json::Value;

/// The page of register `R` under `tabs`; with `view`, a record's key links to `{view}/{id}`,
/// the record's own page.
pub async fn page<R: Register>(
    state: &SharedState,
    caller: &Caller,
    p: &PageParams,
    tabs: Markup,
    view: Option<&str>,
) -> UiResult {
    let lang = caller.lang;
    let def = R::DEF;
    let page = registers::list::<R>(state, &caller.actor, &p.filters(), &p.list())
        .await
        .or_page(state, caller)?;
    let domain = state.profile().domain().unwrap_or_default();
    let title = def.key.first().and_then(|k| def.field(k));
    let shown: Vec<&Field> = def.shown.iter().filter_map(|f| def.field(f)).collect();
    let hosts = def.fields.iter().any(|f| f.kind == Kind::Host);
    Ok(layout(
        state,
        caller,
        t(lang, &format!("catalog.{}", def.name)),
        html! {
            (tabs)
            (add_link::<R>(caller))
            @if hosts { p.muted { (t(lang, "catalog.websites_intro")) " " code { (domain) } } }
            (search_form(lang, def.page, &p.q))
            table id=(def.name) {
                thead { tr {
                    @if let Some(f) = title { th { (heading(lang, f)) } }
                    th { (t(lang, "catalog.pd")) }
                    @for f in &shown { th { (heading(lang, f)) } }
                    th {}
                } }
                tbody {
                    @for record in &page.items {
                        @let values = fields_of(&record.fields);
                        tr {
                            @if let Some(f) = title {
                                td { strong {
                                    @if let Some(view) = view {
                                        a href=(format!("{view}/{}", record.id)) { (cell(lang, f, values.get(f.name), domain)) }
                                    } @else {
                                        (cell(lang, f, values.get(f.name), domain))
                                    }
                                } }
                            }
                            td { (record.pd_name.as_deref().unwrap_or_default()) }
                            @for f in &shown { td { (cell(lang, f, values.get(f.name), domain)) } }
                            td { (edit_link(caller, record)) }
                        }
                    }
                }
            }
            (pager(lang, &page, def.page, &p.q))
        },
    ))
}

/// A column's heading: the field's label without the form's hint in brackets.
pub fn heading(lang: Lang, field: &Field) -> &'static str {
    field_heading(lang, field.name)
}

/// Field `name`'s label without the form's hint in brackets (`Aplikasi`, not `Aplikasi
/// (nomor)`), as a column or a row of facts heads it.
pub fn field_heading(lang: Lang, name: &str) -> &'static str {
    let label = t(lang, &format!("field.{name}"));
    label.split(" (").next().unwrap_or(label)
}

/// One field's value as a person reads it: yes or no, a count of linked records, a host
/// name marked when outside the Pemda's domain, the register's word for an empty value.
pub fn cell(lang: Lang, field: &Field, value: Option<&Value>, domain: &str) -> Markup {
    let value = value.unwrap_or(&Value::Null);
    html! {
        @match (field.kind, value) {
            (_, Value::Null) => { (field.blank) }
            (Kind::Flag, Value::Bool(yes)) => {
                (t(lang, if *yes { "common.yes" } else { "common.no" }))
            }
            (Kind::Ids(_) | Kind::Codes, Value::Array(ids)) => { (ids.len()) }
            (Kind::Date, Value::String(d)) => {
                (d.parse().map(crate::web::kit::layout::day).unwrap_or_else(|_| d.clone()))
            }
            (Kind::Moment, Value::String(at)) => { (crate::web::kit::layout::moment(at)) }
            (Kind::Choice(_), Value::String(v)) => { (value_label(lang, v)) }
            (Kind::Host, Value::String(host)) => {
                code { (host) }
                @if !under_domain(host, domain) {
                    " " span.bad { (t(lang, "catalog.outside_domain")) }
                }
            }
            (_, Value::Array(items)) => {
                @for (i, item) in items.iter().enumerate() {
                    @if i > 0 { ", " }
                    (text_of(item))
                }
            }
            (_, other) => { (text_of(other)) }
        }
    }
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
