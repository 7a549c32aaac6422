//! The JSON API's single-record operations for every register that is a `Sheet`: read,
//! create, replace, delete, each asking `authorize` first. A record the caller may not read
//! answers 404; a create the caller may not make answers 403 (there is nothing to hide yet).

use crate::interchange::{Sheet, SheetEnv};
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::http::StatusCode;
use axum::Json;
use padu_domain::{authorize, Action, Denied};

/// A refusal to create: there is nothing to hide yet, so a record out of sight is a plain 403.
pub fn forbid_hidden(d: Denied) -> Denied {
    match d {
        Denied::Hidden => Denied::Forbidden,
        other => other,
    }
}

/// What a register's validation needs besides the record: the region's profile and today.
pub fn env(state: &SharedState, caller: &Caller) -> SheetEnv {
    SheetEnv {
        profile: state.profile(),
        today: caller.today(),
    }
}

pub async fn read<S: Sheet>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<Json<S::Record>, ApiError> {
    let record = S::get(&state.store, id).await?;
    authorize(&caller.actor, Action::Read, &S::resource_of(&record))?;
    Ok(Json(record))
}

pub async fn create<S: Sheet>(
    state: &SharedState,
    caller: &Caller,
    input: S,
) -> Result<(StatusCode, Json<S::Record>), ApiError> {
    authorize(&caller.actor, Action::Create, &input.resource()).map_err(forbid_hidden)?;
    let created = S::create(
        &state.store,
        &caller.audit_ctx(),
        &env(state, caller),
        &input,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(created)))
}

pub async fn update<S: Sheet>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
    input: S,
) -> Result<Json<S::Record>, ApiError> {
    let existing = S::get(&state.store, id).await?;
    authorize(&caller.actor, Action::Update, &S::resource_of(&existing))?;
    // Moving it to another PD or classification needs the right there too.
    authorize(&caller.actor, Action::Update, &input.resource())?;
    Ok(Json(
        S::update(
            &state.store,
            &caller.audit_ctx(),
            &env(state, caller),
            id,
            &input,
        )
        .await?,
    ))
}

pub async fn delete<S: Sheet>(
    state: &SharedState,
    caller: &Caller,
    id: i64,
) -> Result<StatusCode, ApiError> {
    let existing = S::get(&state.store, id).await?;
    authorize(&caller.actor, Action::Delete, &S::resource_of(&existing))?;
    S::delete(&state.store, &caller.audit_ctx(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
