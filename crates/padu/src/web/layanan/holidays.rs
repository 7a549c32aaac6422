//! The region's days off: everyone signed in reads them, those who keep them import a list.

use crate::app::layanan as desk;
use crate::app::AppError;
use crate::web::kit::i18n::t;
use crate::web::kit::layout::{error_page, layout, OrPage, UiResult};
use crate::web::kit::wording::refusal;
use crate::web::kit::SessionForm;
use crate::web::kit::{ApiError, Caller, SharedState};
use axum::extract::State;
use maud::html;
use padu_domain::sla::calendar::KEEPS_HOLIDAYS;
use serde::Deserialize;

async fn holidays_page(
    state: &SharedState,
    caller: &Caller,
    message: Option<(bool, String)>,
) -> UiResult {
    let lang = caller.lang;
    let days = desk::holidays(state, &caller.actor)
        .await
        .or_page(state, caller)?;
    let keeps = KEEPS_HOLIDAYS.admits(&caller.actor).is_ok();
    let body = html! {
        p.muted { (t(lang, "holiday.intro")) }
        @if let Some((ok, m)) = message { p class=(if ok { "ok" } else { "error" }) { (m) } }
        table #holidays {
            thead { tr { th { (t(lang, "holiday.day")) } th { (t(lang, "holiday.name")) } } }
            tbody { @for (d, n) in &days { tr { td { (d.format("%d-%m-%Y")) } td { (n) } } } }
        }
        @if keeps {
            form #holiday-form method="post" action="/libur" class="card" {
                input type="hidden" name="csrf" value=(caller.csrf());
                label { (t(lang, "holiday.import")) textarea name="text" rows="8" placeholder="2026-12-25,Hari Raya Natal" required {} }
                button type="submit" { (t(lang, "holiday.submit")) }
            }
        }
    };
    Ok(layout(state, caller, t(lang, "holiday.title"), body))
}

pub(super) async fn page(State(state): State<SharedState>, caller: Caller) -> UiResult {
    holidays_page(&state, &caller, None).await
}

#[derive(Debug, Deserialize)]
pub(super) struct HolidayForm {
    #[serde(default)]
    text: String,
}

/// The import's outcome on the page itself: how many days, or the bad line.
pub(super) async fn import(
    State(state): State<SharedState>,
    caller: Caller,
    SessionForm(f): SessionForm<HolidayForm>,
) -> UiResult {
    let ctx = caller.audit_ctx();
    let message = match desk::import_holidays(&state, &caller.actor, &ctx, &f.text).await {
        Ok(n) => (true, format!("{n} {}", t(caller.lang, "holiday.imported"))),
        Err(e @ AppError::Denied(_)) => return Err(error_page(&state, &caller, e.into())),
        Err(e) => {
            let e = ApiError::from(e);
            (false, refusal(caller.lang, e.field.as_deref(), &e.message))
        }
    };
    holidays_page(&state, &caller, Some(message)).await
}
