//! One form for every register (`/katalog/formulir/{register}`): its fields are the register's
//! sheet columns, with the allowed values suggested; saving goes through the same parsing,
//! validation and authorization as an import row (`interchange::save_row`), so the form, the
//! API and the spreadsheets agree. With `?id=` the form edits that record.

use crate::app::katalog::unknown_register;
use crate::app::registers;
use crate::interchange::CellError;
use crate::web::kit::i18n::{t, value_label, Lang};
use crate::web::kit::layout::{confirm_box, confirmed, layout, OrPage, UiResult};
use crate::web::kit::wording::message;
use crate::web::kit::Routes;
use crate::web::kit::{ApiError, Caller, SharedState};
use crate::web::kit::{ConfirmFields, SessionForm};
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use padu_domain::register::{Field, Kind};
use padu_domain::{authorize, Action, Gate};
use padu_store::registers::{resource_of, Register};
use padu_store::with_register;
use serde::Deserialize;
use std::collections::HashMap;

/// Anyone signed in opens a form (a record they may read shows its values); saving checks each
/// row as an import does, and a row the caller may not write comes back with that error.
pub fn pages() -> Routes {
    Routes::new()
        .get("/katalog/formulir/{register}", Gate::SignedIn, form_page)
        .post("/katalog/formulir/{register}", Gate::SignedIn, form_submit)
        .post(
            "/katalog/formulir/{register}/hapus",
            Gate::SignedIn,
            delete_submit,
        )
}

/// Where a register's records are listed (the governance page for those without their own).
pub fn list_page(register: &str) -> &'static str {
    with_register!(register, S => S::DEF.page, _ => "/tata-kelola")
}

fn label(lang: Lang, column: &str) -> String {
    let key = format!("field.{column}");
    let text = t(lang, &key);
    if text.starts_with('⟨') {
        column.to_string()
    } else {
        text.to_string()
    }
}

struct FormView<'a> {
    register: &'a str,
    id: Option<i64>,
    fields: Vec<&'static Field>,
    values: HashMap<String, String>,
    errors: Vec<CellError>,
    /// What a field of a set (`Kind::Codes`, `Kind::Ids`) may hold, as (value, words).
    sets: HashMap<&'static str, Vec<(String, String)>>,
}

/// A set's values in a form field: ticked boxes are named `{column}.{value}` (a form sends
/// each once), gathered here into the cell a sheet would hold (`a, b`).
fn gather_sets(fields: &mut HashMap<String, String>) {
    let mut ticked: Vec<(String, String)> = fields
        .keys()
        .filter_map(|k| k.split_once('.'))
        .map(|(column, value)| (column.to_string(), value.to_string()))
        .collect();
    // In a steady order (ids by number), whatever order the form sent them in.
    ticked
        .sort_by_key(|(column, value)| (column.clone(), value.parse::<i64>().ok(), value.clone()));
    for (column, value) in ticked {
        fields.remove(&format!("{column}.{value}"));
        let cell = fields.entry(column).or_default();
        if !cell.is_empty() {
            cell.push_str(", ");
        }
        cell.push_str(&value);
    }
}

fn form(lang: Lang, caller: &Caller, pds: &[(String, String)], v: &FormView<'_>) -> Markup {
    let action = match v.id {
        Some(id) => format!("/katalog/formulir/{}?id={id}", v.register),
        None => format!("/katalog/formulir/{}", v.register),
    };
    html! {
        @if !v.errors.is_empty() {
            p.error { (t(lang, "form.not_saved")) }
        }
        form.stack.card #register-form method="post" action=(action) {
            input type="hidden" name="csrf" value=(caller.csrf());
            @for field in &v.fields {
                @let column = field.column();
                @let value = v.values.get(column).cloned().unwrap_or_default();
                @let errors = v.errors.iter().filter(|e| e.column == column);
                @if let Some(options) = v.sets.get(column) {
                    (set_picker(lang, column, &value, options))
                    @for e in errors {
                        span.error.field-error { " " (message(lang, &e.message)) }
                    }
                } @else {
                label.check[field.kind == Kind::Flag] {
                    @if field.kind == Kind::Flag {
                        input type="checkbox" name=(column) value="ya" checked[value == "ya"];
                        (label(lang, column))
                    } @else {
                        (label(lang, column))
                        @if field.required { " *" }
                        (widget(lang, field, &value, pds))
                    }
                    @for e in v.errors.iter().filter(|e| e.column == column || (e.column.is_empty() && field.kind == Kind::Pd)) {
                        span.error.field-error { " " (message(lang, &e.message)) }
                    }
                }
                }
            }
            button type="submit" { (t(lang, "form.save")) }
        }
    }
}

/// A set's boxes to tick, in a list that a filter box narrows (`padu.js`; without scripts the
/// list scrolls).
fn set_picker(lang: Lang, column: &str, value: &str, options: &[(String, String)]) -> Markup {
    let held: Vec<&str> = value
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    html! {
        fieldset.picklist data-filter=(t(lang, "form.filter")) {
            legend { (label(lang, column)) }
            @if options.is_empty() {
                p.muted { (t(lang, "form.none_to_choose")) }
            }
            div.choices {
                @for (v, words) in options {
                    label.check {
                        input type="checkbox" name={ (column) "." (v) } value="ya" checked[held.contains(&v.as_str())];
                        " " (words)
                    }
                }
            }
        }
    }
}

/// The field's input as its kind asks: a choice of PD by name, a vocabulary's values by their
/// words, a date picker, a number, a text area for paragraphs.
fn widget(lang: Lang, field: &Field, value: &str, pds: &[(String, String)]) -> Markup {
    let name = field.column();
    let required = field.required && field.or.is_empty();
    let choose = |options: Vec<(String, String)>| {
        html! {
            select name=(name) required[required] data-filter=[(options.len() > 12).then(|| t(lang, "form.filter"))] {
                option value="" { (t(lang, "form.choose")) }
                @for (v, words) in &options {
                    option value=(v) selected[v == value] { (words) }
                }
            }
        }
    };
    match field.kind {
        Kind::Pd => choose(pds.to_vec()),
        Kind::Choice(values) => choose(
            values
                .iter()
                .map(|v| (v.to_string(), value_label(lang, v)))
                .collect(),
        ),
        Kind::Long => html! { textarea name=(name) rows="4" required[required] { (value) } },
        Kind::Date => html! { input type="date" name=(name) value=(value) required[required]; },
        Kind::Moment => {
            html! { input type="datetime-local" name=(name) value=(value) required[required]; }
        }
        // A level by its words: `risk.likelihood.3` is "Mungkin terjadi".
        Kind::Level(scale) => choose(
            (1..=5)
                .map(|n| {
                    let words = t(lang, &format!("risk.{scale}.{n}"));
                    (n.to_string(), format!("{n} — {words}"))
                })
                .collect(),
        ),
        Kind::Number => {
            html! { input type="number" step="1" name=(name) value=(value) required[required]; }
        }
        Kind::Decimal => {
            html! { input type="number" step="any" name=(name) value=(value) required[required]; }
        }
        _ => html! { input type="text" name=(name) value=(value) required[required]; },
    }
}

#[derive(Deserialize)]
struct FormQuery {
    id: Option<i64>,
}

async fn render<S: Register>(
    state: &SharedState,
    caller: &Caller,
    register: &str,
    id: Option<i64>,
    submitted: Option<(HashMap<String, String>, Vec<CellError>)>,
) -> Result<Response, ApiError> {
    let lang = caller.lang;
    let (values, errors) = match submitted {
        Some((values, errors)) => (values, errors),
        None => (
            registers::form_values::<S>(state, &caller.actor, id).await?,
            Vec::new(),
        ),
    };
    let failed = !errors.is_empty();
    let mut sets = HashMap::new();
    for field in S::DEF.sheet_fields() {
        match field.kind {
            Kind::Codes => {
                let documents = padu_domain::catalog::required_documents(state.profile());
                sets.insert(
                    field.column(),
                    documents
                        .iter()
                        .map(|d| {
                            let words = if lang == Lang::En { &d.en } else { &d.id };
                            (d.code.clone(), words.clone())
                        })
                        .collect(),
                );
            }
            Kind::Ids(table) => {
                let records = registers::linkable(state, &caller.actor, table).await?;
                sets.insert(field.column(), records);
            }
            _ => {}
        }
    }
    let view = FormView {
        register,
        id,
        fields: S::DEF.sheet_fields().collect(),
        values,
        errors,
        sets,
    };
    let pds = registers::pd_choices(state).await?;
    let title = format!(
        "{} — {}",
        t(lang, &format!("catalog.register.{register}")),
        if id.is_some() {
            t(lang, "form.edit")
        } else {
            t(lang, "form.new")
        }
    );
    // Those who may delete the record are offered it, confirmed, below the form.
    let deletable = match id {
        Some(id) => {
            let record = registers::read::<S>(state, &caller.actor, id).await?;
            authorize(&caller.actor, Action::Delete, &resource_of(&record.fields)).is_ok()
        }
        None => false,
    };
    let page = layout(
        state,
        caller,
        &title,
        html! {
            p { a href=(list_page(register)) { (t(lang, "catalog.back")) } }
            (form(lang, caller, &pds, &view))
            @if let (true, Some(id)) = (deletable, id) {
                details.card #delete-record {
                    summary { (t(lang, "form.delete")) }
                    form method="post" action={ "/katalog/formulir/" (register) "/hapus?id=" (id) } {
                        input type="hidden" name="csrf" value=(caller.csrf());
                        (confirm_box(lang, t(lang, "form.delete_confirm")))
                        button.danger type="submit" { (t(lang, "form.delete")) }
                    }
                }
            }
        },
    );
    Ok(if failed {
        (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
    } else {
        page
    })
}

async fn save<S: Register>(
    state: &SharedState,
    caller: &Caller,
    register: &str,
    id: Option<i64>,
    fields: HashMap<String, String>,
) -> Result<Response, ApiError> {
    let ctx = caller.audit_ctx();
    match registers::save_form::<S>(state, &caller.actor, &ctx, id, &fields).await? {
        Ok(()) => Ok(Redirect::to(&format!("{}?pesan=saved", list_page(register))).into_response()),
        Err(errors) => render::<S>(state, caller, register, id, Some((fields, errors))).await,
    }
}

/// A new record's form, starting with the caller's own PD and the columns `given`.
async fn new_form<S: Register>(
    state: &SharedState,
    caller: &Caller,
    register: &str,
    given: HashMap<String, String>,
) -> Result<Response, ApiError> {
    let mut values = registers::form_values::<S>(state, &caller.actor, None).await?;
    let columns = S::DEF.header();
    values.extend(
        given
            .into_iter()
            .filter(|(k, _)| columns.contains(&k.as_str())),
    );
    render::<S>(state, caller, register, None, Some((values, Vec::new()))).await
}

/// A register's form: record `id` to edit, or a new one, which other pages may start with
/// values of its columns in the query (`?event=…&category=keamanan_spbe`, a risk raised from an
/// incident).
async fn form_page(
    State(state): State<SharedState>,
    caller: Caller,
    Path(register): Path<String>,
    Query(q): Query<FormQuery>,
    Query(given): Query<HashMap<String, String>>,
) -> UiResult {
    let r = register.as_str();
    with_register!(
        r,
        S => match q.id {
            Some(id) => render::<S>(&state, &caller, r, Some(id), None).await,
            None => new_form::<S>(&state, &caller, r, given).await,
        },
        other => Err(unknown_register(other).into())
    )
    .or_page(&state, &caller)
}

async fn delete_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(register): Path<String>,
    Query(q): Query<FormQuery>,
    SessionForm(f): SessionForm<ConfirmFields>,
) -> UiResult {
    confirmed(caller.lang, &f.confirm).or_page(&state, &caller)?;
    let id =
        q.id.ok_or_else(|| ApiError::invalid("id", "missing"))
            .or_page(&state, &caller)?;
    let r = register.as_str();
    let ctx = caller.audit_ctx();
    with_register!(
        r,
        S => registers::delete::<S>(&state, &caller.actor, &ctx, id).await.map_err(ApiError::from),
        other => Err(unknown_register(other).into())
    )
    .or_page(&state, &caller)?;
    Ok(Redirect::to(&format!("{}?pesan=deleted", list_page(r))).into_response())
}

async fn form_submit(
    State(state): State<SharedState>,
    caller: Caller,
    Path(register): Path<String>,
    Query(q): Query<FormQuery>,
    SessionForm(mut fields): SessionForm<HashMap<String, String>>,
) -> UiResult {
    // The token was checked; it is no column of the register.
    fields.remove("csrf");
    gather_sets(&mut fields);
    let r = register.as_str();
    with_register!(
        r,
        S => save::<S>(&state, &caller, r, q.id, fields).await,
        other => Err(unknown_register(other).into())
    )
    .or_page(&state, &caller)
}
