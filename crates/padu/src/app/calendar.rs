//! The region's working calendar, which the desk's SLA and the complaints' deadlines count in.

use padu_domain::sla::WorkCalendar;
use padu_store::{Store, StoreError};

/// The region's working calendar: the profile's business hours and the stored holidays.
pub async fn calendar(store: &Store) -> Result<WorkCalendar, StoreError> {
    let mut cal = WorkCalendar::government_wib();
    cal.holidays.extend(store.holidays().await?);
    Ok(cal)
}

/// Replaces the stored holidays with those of `text` (`WorkCalendar::import_holidays`'s
/// format), audited as `ctx`. Refuses a list with no day.
pub async fn import_holidays(
    store: &Store,
    ctx: &padu_store::AuditCtx,
    text: &str,
) -> std::result::Result<usize, padu_store::StoreError> {
    let mut cal = padu_domain::sla::WorkCalendar::government_wib();
    cal.holidays.clear();
    cal.import_holidays(text)
        .map_err(|e| padu_store::StoreError::invalid("holidays", e.to_string()))?;
    let days: Vec<_> = cal.holidays.into_iter().collect();
    if days.is_empty() {
        return Err(padu_store::StoreError::invalid(
            "holidays",
            "the list holds no day",
        ));
    }
    store.put_holidays(ctx, &days).await
}
