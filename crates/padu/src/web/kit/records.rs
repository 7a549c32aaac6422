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
