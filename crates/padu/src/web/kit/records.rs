//! The JSON API's single-record operations for every register that is a `Sheet`: read,
//! create, replace, delete (`app::registers`, which asks `authorize` first), as the API
//! answers them. A record the caller may not read answers 404; a create the caller may not
//! make answers 403 (there is nothing to hide yet).

use crate::app::registers;
use crate::interchange::Sheet;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::http::StatusCode;
use axum::Json;

pub async fn read<S: Sheet>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<Json<S::Record>, ApiError> {
    Ok(Json(registers::read::<S>(state, &caller.actor, id).await?))
}

pub async fn create<S: Sheet>(
    state: &SharedState,
    caller: &Caller,
    input: S,
) -> Result<(StatusCode, Json<S::Record>), ApiError> {
    let ctx = caller.audit_ctx();
    let created = registers::create(state, &caller.actor, &ctx, &input).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn update<S: Sheet>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    input: S,
) -> Result<Json<S::Record>, ApiError> {
    let ctx = caller.audit_ctx();
    Ok(Json(
        registers::update(state, &caller.actor, &ctx, id, &input).await?,
    ))
}

pub async fn delete<S: Sheet>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<StatusCode, ApiError> {
    registers::delete::<S>(state, &caller.actor, &caller.audit_ctx(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A register's single-record API, written once for every register: GET, PUT and DELETE on
/// `$item` and POST on `$collection`, each with its OpenAPI annotation (the handler's name is
/// its operation id), and the function `$routes` that serves them, reads open to anyone as the
/// record's classification allows, writes behind `$writes`. The list stays the register's own
/// (its filters differ). In brackets after each handler: responses besides the usual ones
/// (a 409 where a write can conflict); doc comments before a handler describe it.
///
/// ```text
/// record_api! {
///     ApplicationInput => Application, tag "catalog",
///     at "/api/v1/catalog/applications" and "/api/v1/catalog/applications/{id}",
///     routes application_routes, writes KEEPS_REGISTERS,
///     get get_application [], create create_application [], update update_application [],
///     delete delete_application [(status = 409)],
/// }
/// ```
macro_rules! record_api {
    (
        $S:ident => $R:ident, tag $tag:tt, at $collection:tt and $item:tt,
        routes $routes:ident, writes $writes:expr,
        $(#[doc = $get_doc:tt])* get $get:ident [$($get_also:tt),*],
        $(#[doc = $create_doc:tt])* create $create:ident [$($create_also:tt),*],
        $(#[doc = $update_doc:tt])* update $update:ident [$($update_also:tt),*],
        $(#[doc = $delete_doc:tt])* delete $delete:ident [$($delete_also:tt),*] $(,)?
    ) => {
        fn $routes() -> $crate::web::kit::Routes {
            $crate::web::kit::Routes::new()
                .api(padu_domain::Gate::Anyone, utoipa_axum::routes!($get))
                .api($writes, utoipa_axum::routes!($create))
                .api($writes, utoipa_axum::routes!($update, $delete))
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
