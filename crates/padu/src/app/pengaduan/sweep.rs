//! Complaints' operations that are not one person's request: the deadline sweep.

use crate::app::notify::{self, Template};
use crate::app::App;
use chrono::{DateTime, Utc};
use padu_domain::complaint::{self, Step, Who};
use padu_store::complaints::{Complaint, StepRecord};
use padu_store::{AuditCtx, StoreError};

/// Mails the complainant (if they gave an address) that their report changed.
pub async fn tell_complainant(state: &App, c: &Complaint) {
    if let Some(email) = &c.reporter_email {
        notify::complainant(state, email, &c.tracking_code, &c.title).await;
    }
}

/// Closes complaints the complainant did not answer in time (the profile's `respond_days`), and escalates open ones
/// past their deadline to the Dinas (once per deadline). Returns (closed, escalated).
pub async fn run_deadlines(state: &App, now: DateTime<Utc>) -> Result<(usize, usize), StoreError> {
    let store = &state.store;
    let schedule = super::schedule(state).await?;
    let ctx = AuditCtx::system(now);
    let mut closed = 0;
    for id in store.complaints_to_expire(now).await? {
        let c = store.get_complaint(id).await?;
        if !complaint::expired(c.status, &c.deadlines, now) {
            continue;
        }
        if let Ok((new_status, deadlines)) =
            complaint::apply(&schedule, c.status, None, &Step::Expire, &Who::System, now)
        {
            let step = StepRecord {
                expected_status: c.status,
                new_status,
                deadlines,
                pd_id: c.pd_id,
                merged_into: None,
                kind: "expired",
                body: "Tidak ada tanggapan pelapor dalam 10 hari; pengaduan ditutup.".into(),
                public: true,
            };
            match store.record_complaint_step(&ctx, id, &step).await {
                Ok(c) => {
                    closed += 1;
                    tell_complainant(state, &c).await;
                }
                Err(StoreError::Conflict { .. }) => {}
                Err(e) => return Err(e),
            }
        }
    }
    let mut escalated = 0;
    for id in store.complaints_to_escalate(now).await? {
        let c = store.get_complaint(id).await?;
        let note = match complaint::overdue(c.status, &c.deadlines, now) {
            Some(complaint::Overdue::Verification) => {
                "Tenggat verifikasi 3 hari kerja terlewati; diteruskan ke pimpinan Dinas."
            }
            Some(complaint::Overdue::FollowUp) => {
                "Tenggat tindak lanjut 5 hari kerja terlewati; dieskalasi ke Dinas."
            }
            None => continue,
        };
        store
            .add_complaint_note(&ctx, id, "escalated", note, false)
            .await?;
        escalated += 1;
        // The Dinas hears of every breach; the PD is reminded of its own overdue follow-up.
        let mut who = super::dinas_handlers(store).await?;
        if let (Some(pd), Some(complaint::Overdue::FollowUp)) =
            (c.pd_id, complaint::overdue(c.status, &c.deadlines, now))
        {
            who.extend(store.pd_operators(pd).await?);
        }
        super::tell_staff(state, &who, Template::ComplaintEscalated, &c).await;
    }
    Ok((closed, escalated))
}
