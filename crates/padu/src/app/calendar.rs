//! The region's working calendar, which the desk's SLA and the complaints' deadlines count in.

use padu_domain::sla::WorkCalendar;
use padu_store::{Store, StoreError};

/// The region's working calendar: the profile's business hours and the stored holidays.
pub async fn calendar(store: &Store) -> Result<WorkCalendar, StoreError> {
    let mut cal = WorkCalendar::government_wib();
    cal.holidays.extend(store.holidays().await?);
    Ok(cal)
}
