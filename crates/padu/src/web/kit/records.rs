//! The JSON API's operations for every register (`padu_store::with_register!`): list, read,
//! create, replace, delete (`app::registers`, which asks `authorize` first), as the API
//! answers them. A record the caller may not read answers 404; a create the caller may not
//! make answers 403 (there is nothing to hide yet).

use crate::app::registers;
use crate::web::kit::input::register_list_query;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::http::StatusCode;
use axum::Json;
use padu_domain::register::{Field, Kind};
use padu_store::registers::{Record, Register};
use padu_store::Page;
use utoipa::openapi::path::{Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
use utoipa::openapi::Required;

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
        Kind::Decimal => schema.schema_type(Type::Number),
        Kind::Flag => schema.schema_type(Type::Boolean),
        Kind::Date => schema
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        Kind::Choice(values) => schema
            .schema_type(Type::String)
            .enum_values(Some(values.iter().copied())),
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

/// A register's API, written once for every register: GET (the list, its query parameters
/// from the definition, `ListOf`) and POST on `$collection`, GET, PUT and DELETE on `$item`,
/// each with its OpenAPI annotation (the handler's name is its operation id), and the function
/// `$routes` that serves them, reads open to anyone as the record's classification allows,
/// writes behind `$writes`. In brackets after each handler: responses besides the usual ones
/// (a 409 where a write can conflict); doc comments before a handler describe it.
///
/// ```text
/// record_api! {
///     ApplicationInput => Application, tag "catalog",
///     at "/api/v1/catalog/applications" and "/api/v1/catalog/applications/{id}",
///     routes application_routes, writes KEEPS_REGISTERS,
///     list list_applications,
///     get get_application [], create create_application [], update update_application [],
///     delete delete_application [(status = 409)],
/// }
/// ```
macro_rules! record_api {
    (
        $S:ident => $R:ident, tag $tag:tt, at $collection:tt and $item:tt,
        routes $routes:ident, writes $writes:expr,
        $(#[doc = $list_doc:tt])* list $list:ident,
        $(#[doc = $get_doc:tt])* get $get:ident [$($get_also:tt),*],
        $(#[doc = $create_doc:tt])* create $create:ident [$($create_also:tt),*],
        $(#[doc = $update_doc:tt])* update $update:ident [$($update_also:tt),*],
        $(#[doc = $delete_doc:tt])* delete $delete:ident [$($delete_also:tt),*] $(,)?
    ) => {
        fn $routes() -> $crate::web::kit::Routes {
            $crate::web::kit::Routes::new()
                .api(padu_domain::Gate::Anyone, utoipa_axum::routes!($list))
                .api(padu_domain::Gate::Anyone, utoipa_axum::routes!($get))
                .api($writes, utoipa_axum::routes!($create))
                .api($writes, utoipa_axum::routes!($update, $delete))
        }

        $(#[doc = $list_doc])*
        #[utoipa::path(get, path = $collection, tag = $tag, params($crate::web::kit::records::ListOf<$S>), responses((status = 200, body = padu_store::Page<$R>), (status = 422)))]
        async fn $list(
            axum::extract::State(state): axum::extract::State<$crate::web::kit::SharedState>,
            caller: $crate::web::kit::Caller,
            axum::extract::RawQuery(raw): axum::extract::RawQuery,
        ) -> Result<axum::Json<padu_store::Page<$R>>, $crate::web::kit::ApiError> {
            $crate::web::kit::records::list::<$S>(&state, &caller, raw.as_deref()).await
        }

        $(#[doc = $get_doc])*
        #[utoipa::path(get, path = $item, tag = $tag, params(("id" = i64, Path)), responses((status = 200, body = $R), (status = 404) $(, $get_also)*))]
        async fn $get(
            axum::extract::State(state): axum::extract::State<$crate::web::kit::SharedState>,
            caller: $crate::web::kit::Caller,
            axum::extract::Path(id): axum::extract::Path<i64>,
        ) -> Result<axum::Json<$R>, $crate::web::kit::ApiError> {
            $crate::web::kit::records::read::<$S>(&state, &caller, id).await
        }

        $(#[doc = $create_doc])*
        #[utoipa::path(post, path = $collection, tag = $tag, request_body = $S, responses((status = 201, body = $R), (status = 403), (status = 422) $(, $create_also)*))]
        async fn $create(
            axum::extract::State(state): axum::extract::State<$crate::web::kit::SharedState>,
            caller: $crate::web::kit::Caller,
            $crate::web::kit::ApiJson(input): $crate::web::kit::ApiJson<$S>,
        ) -> Result<(axum::http::StatusCode, axum::Json<$R>), $crate::web::kit::ApiError> {
            $crate::web::kit::records::create(&state, &caller, input).await
        }

        $(#[doc = $update_doc])*
        #[utoipa::path(put, path = $item, tag = $tag, params(("id" = i64, Path)), request_body = $S, responses((status = 200, body = $R), (status = 403), (status = 404), (status = 422) $(, $update_also)*))]
        async fn $update(
            axum::extract::State(state): axum::extract::State<$crate::web::kit::SharedState>,
            caller: $crate::web::kit::Caller,
            axum::extract::Path(id): axum::extract::Path<i64>,
            $crate::web::kit::ApiJson(input): $crate::web::kit::ApiJson<$S>,
        ) -> Result<axum::Json<$R>, $crate::web::kit::ApiError> {
            $crate::web::kit::records::update(&state, &caller, id, input).await
        }

        $(#[doc = $delete_doc])*
        #[utoipa::path(delete, path = $item, tag = $tag, params(("id" = i64, Path)), responses((status = 204), (status = 403), (status = 404) $(, $delete_also)*))]
        async fn $delete(
            axum::extract::State(state): axum::extract::State<$crate::web::kit::SharedState>,
            caller: $crate::web::kit::Caller,
            axum::extract::Path(id): axum::extract::Path<i64>,
        ) -> Result<axum::http::StatusCode, $crate::web::kit::ApiError> {
            $crate::web::kit::records::delete::<$S>(&state, &caller, id).await
        }
    };
}
pub(crate) use record_api;
