//! The JSON API of every register (`padu_store::with_register!`), served and documented from
//! its definition: list, read, create, replace, delete (`app::registers`, which asks `authorize` first), as the API
//! answers them. A record the caller may not read answers 404; a create the caller may not
//! make answers 403 (there is nothing to hide yet).

use crate::app::registers;
use crate::web::kit::input::register_list_query;
use crate::web::kit::{ApiError, ApiJson, Caller, Routes, SharedState};
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::Json;
use padu_domain::catalog::KEEPS_REGISTERS;
use padu_domain::register::{Field, Kind};
use padu_domain::Gate;
use padu_store::registers::{Record, Register};
use padu_store::Page;
use utoipa::openapi::path::{
    HttpMethod, OperationBuilder, Parameter, ParameterBuilder, ParameterIn, PathItem,
};
use utoipa::openapi::request_body::{RequestBody, RequestBodyBuilder};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::{
    ContentBuilder, Paths, PathsBuilder, Ref, RefOr, Required, Response, ResponseBuilder,
};
use utoipa::{IntoParams, PartialSchema, ToSchema};

/// A register list's query parameters, read from its definition: the page, the word search,
/// the PD and each of the register's filters (a vocabulary's field as an enum).
pub struct ListOf<S>(std::marker::PhantomData<S>);

impl<S: Register> utoipa::IntoParams for ListOf<S> {
    fn into_params(_: impl Fn() -> Option<ParameterIn>) -> Vec<Parameter> {
        let integer = || Field::new("", Kind::Number);
        let text = || Field::new("", Kind::Text);
        let mut params = vec![
            param("page", "1-based page number", &integer()),
            param("per_page", "page size, 1–200 (default 50)", &integer()),
            param("q", "words to search for", &text()),
            param("pd_id", "the owning PD", &integer()),
        ];
        for field in S::DEF.filters.iter().filter_map(|f| S::DEF.field(f)) {
            params.push(param(field.name, "equal to", field));
        }
        params
    }
}

fn param(name: &str, description: &str, field: &Field) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Query)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(field_schema(field)))
        .build()
}

/// A field's schema as its kind says: a vocabulary's field is an enum of its values.
pub fn field_schema(field: &Field) -> ObjectBuilder {
    let schema = ObjectBuilder::new();
    match field.kind {
        Kind::Pd | Kind::Number => schema
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))),
        Kind::Level(_) => schema
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(1))
            .maximum(Some(5)),
        Kind::Decimal => schema.schema_type(Type::Number),
        Kind::Flag => schema.schema_type(Type::Boolean),
        Kind::Date => schema
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        Kind::Choice(values) => schema
            .schema_type(Type::String)
            .enum_values(Some(values.iter().copied())),
        Kind::Moment => schema
            .schema_type(Type::String)
            .pattern(Some(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"))
            .description(Some("a moment in the region's time, YYYY-MM-DDTHH:MM")),
        _ => schema.schema_type(Type::String),
    }
}

/// One page of the records the caller may read; every parameter but `page`, `per_page` and
/// `q` filters by the field it names, as the register's definition allows.
pub async fn list<S: Register>(
    state: &SharedState,
    caller: &Caller,
    raw: Option<&str>,
) -> Result<Json<Page<Record<S>>>, ApiError> {
    let (q, filters) = register_list_query(raw)?;
    Ok(Json(
        registers::list::<S>(state, &caller.actor, &filters, &q).await?,
    ))
}

pub async fn read<S: Register>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<Json<Record<S>>, ApiError> {
    Ok(Json(registers::read::<S>(state, &caller.actor, id).await?))
}

pub async fn create<S: Register>(
    state: &SharedState,
    caller: &Caller,
    input: S,
) -> Result<(StatusCode, Json<Record<S>>), ApiError> {
    let ctx = caller.audit_ctx();
    let created = registers::create(state, &caller.actor, &ctx, &input).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn update<S: Register>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    input: S,
) -> Result<Json<Record<S>>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        registers::update(state, &caller.actor, &ctx, id, &input).await?,
    ))
}

pub async fn delete<S: Register>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<StatusCode, ApiError> {
    registers::delete::<S>(state, &caller.actor, &caller.audit_ctx(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every register's API.
pub fn routes() -> Routes {
    padu_store::with_register!(@each R => register_routes::<R>())
        .into_iter()
        .fold(Routes::new(), Routes::merge)
}

/// One register's API at its definition's path: GET (the list) and POST on the collection,
/// GET, PUT and DELETE on `{collection}/{id}`. Reads are open to anyone as the records'
/// classification allows; writes need `KEEPS_REGISTERS`, then `authorize` for the record.
fn register_routes<S: Register>() -> Routes {
    let def = S::DEF;
    let item = format!("{}/{{id}}", def.api);
    let doc = Doc::<S>::new();
    // The register's schemas join the document once, with its first operation.
    Routes::new()
        .api(
            Gate::Anyone,
            (
                doc.schemas(),
                doc.path(def.api, vec![(HttpMethod::Get, doc.list())]),
                get(list_handler::<S>),
            ),
        )
        .api(
            KEEPS_REGISTERS,
            (
                Vec::new(),
                doc.path(def.api, vec![(HttpMethod::Post, doc.create())]),
                post(create_handler::<S>),
            ),
        )
        .api(
            Gate::Anyone,
            (
                Vec::new(),
                doc.path(&item, vec![(HttpMethod::Get, doc.read())]),
                get(read_handler::<S>),
            ),
        )
        .api(
            KEEPS_REGISTERS,
            (
                Vec::new(),
                doc.path(
                    &item,
                    vec![
                        (HttpMethod::Put, doc.update()),
                        (HttpMethod::Delete, doc.delete()),
                    ],
                ),
                put(update_handler::<S>).delete(delete_handler::<S>),
            ),
        )
}

async fn list_handler<S: Register>(
    State(state): State<SharedState>,
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Page<Record<S>>>, ApiError> {
    list::<S>(&state, &caller, raw.as_deref()).await
}

async fn read_handler<S: Register>(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<Json<Record<S>>, ApiError> {
    read::<S>(&state, &caller, id).await
}

async fn create_handler<S: Register>(
    State(state): State<SharedState>,
    caller: Caller,
    ApiJson(input): ApiJson<S>,
) -> Result<(StatusCode, Json<Record<S>>), ApiError> {
    create(&state, &caller, input).await
}

async fn update_handler<S: Register>(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<S>,
) -> Result<Json<Record<S>>, ApiError> {
    update(&state, &caller, id, input).await
}

async fn delete_handler<S: Register>(
    State(state): State<SharedState>,
    caller: Caller,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    delete::<S>(&state, &caller, id).await
}

/// A register's operations as the OpenAPI document describes them.
struct Doc<S> {
    tag: String,
    record: String,
    page: String,
    register: std::marker::PhantomData<S>,
}

impl<S: Register> Doc<S> {
    fn new() -> Self {
        // The API's section: the path's segment after the version (`catalog`), or the
        // register's own name when it sits right under it (`sites`).
        let segments: Vec<&str> = S::DEF.api.split('/').filter(|s| !s.is_empty()).collect();
        let tag = match segments.as_slice() {
            [_, _, section, _, ..] => section.to_string(),
            _ => S::DEF.name.to_string(),
        };
        let record = Record::<S>::name().into_owned();
        Doc {
            tag,
            page: format!("Page_{record}"),
            record,
            register: std::marker::PhantomData,
        }
    }

    /// The input, the record and the page of records.
    fn schemas(&self) -> Vec<(String, RefOr<Schema>)> {
        let mut schemas = vec![
            (S::name().into_owned(), S::schema()),
            (self.record.clone(), Record::<S>::schema()),
            (self.page.clone(), Page::<Record<S>>::schema()),
        ];
        S::schemas(&mut schemas);
        schemas
    }

    fn path(&self, path: &str, operations: Vec<(HttpMethod, OperationBuilder)>) -> Paths {
        let mut builder = PathsBuilder::new();
        for (method, operation) in operations {
            let operation = operation.tag(self.tag.clone()).build();
            builder = builder.path(path, PathItem::new(method, operation));
        }
        builder.build()
    }

    fn operation(&self, id: String, summary: String) -> OperationBuilder {
        OperationBuilder::new()
            .operation_id(Some(id))
            .summary(Some(summary))
    }

    fn list(&self) -> OperationBuilder {
        let def = S::DEF;
        self.operation(
            format!("list_{}", def.name),
            format!(
                "The {} the caller may read (by classification and PD)",
                def.name
            ),
        )
        .parameters(Some(ListOf::<S>::into_params(|| Some(ParameterIn::Query))))
        .response("200", json_response("a page of records", &self.page))
        .response("422", bare("a parameter is refused"))
    }

    fn create(&self) -> OperationBuilder {
        self.operation(
            format!("create_{}", S::DEF.entity),
            format!(
                "Registers a new {} of a PD (its operators, or the Dinas)",
                S::DEF.entity
            ),
        )
        .request_body(Some(input_body::<S>()))
        .response("201", json_response("created", &self.record))
        .response("403", bare("the caller may not write this PD's records"))
        .response("409", bare("a value is already taken"))
        .response("422", bare("a field is refused"))
    }

    fn read(&self) -> OperationBuilder {
        self.operation(
            format!("get_{}", S::DEF.entity),
            format!("One {} the caller may read", S::DEF.entity),
        )
        .parameter(id_parameter())
        .response("200", json_response("the record", &self.record))
        .response("404", bare("no such record the caller may read"))
    }

    fn update(&self) -> OperationBuilder {
        self.operation(
            format!("update_{}", S::DEF.entity),
            format!("Replaces a {}'s fields", S::DEF.entity),
        )
        .parameter(id_parameter())
        .request_body(Some(input_body::<S>()))
        .response("200", json_response("the record as stored", &self.record))
        .response("403", bare("the caller may not write this record"))
        .response("404", bare("no such record the caller may read"))
        .response("409", bare("a value is already taken"))
        .response("422", bare("a field is refused"))
    }

    fn delete(&self) -> OperationBuilder {
        self.operation(
            format!("delete_{}", S::DEF.entity),
            format!("Deletes a {} nothing refers to", S::DEF.entity),
        )
        .parameter(id_parameter())
        .response("204", bare("deleted"))
        .response("403", bare("the caller may not delete this record"))
        .response("404", bare("no such record the caller may read"))
        .response("409", bare("other records still refer to it"))
    }
}

fn json_response(description: &str, schema: &str) -> Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(schema)))
                .build(),
        )
        .build()
}

fn bare(description: &str) -> Response {
    ResponseBuilder::new().description(description).build()
}

fn input_body<S: Register>() -> RequestBody {
    RequestBodyBuilder::new()
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name(S::name())))
                .build(),
        )
        .required(Some(Required::True))
        .build()
}

fn id_parameter() -> Parameter {
    ParameterBuilder::new()
        .name("id")
        .parameter_in(ParameterIn::Path)
        .required(Required::True)
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64))),
        ))
        .build()
}
