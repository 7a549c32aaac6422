//! The background jobs. Each run reads the clock once and calls the application layer; no job
//! knows HTTP.

use crate::app::{layanan, manajemen, notify, pengaduan, App};
use crate::audit_ops;
use std::sync::Arc;
use std::time::Duration;

/// How often each job runs.
pub struct Every {
    pub checkpoint: Duration,
    pub deadlines: Duration,
    pub desk_and_mail: Duration,
}

pub fn spawn(app: Arc<App>, every: Every) {
    spawn_checkpoints(app.clone(), every.checkpoint);
    spawn_deadlines(app.clone(), every.deadlines);
    spawn_desk_and_mail(app, every.desk_and_mail);
}

/// Closes and escalates complaints on their deadlines.
fn spawn_deadlines(app: Arc<App>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        loop {
            tick.tick().await;
            match pengaduan::run_deadlines(&app, app.clock.now()).await {
                Ok((0, 0)) => {}
                Ok((closed, escalated)) => {
                    tracing::info!(closed, escalated, "complaint deadlines")
                }
                Err(e) => tracing::warn!(error = %e, "complaint deadline job failed"),
            }
        }
    });
}

/// Sends SLA reminders, closes unrated resolved tickets, tells of new security incidents and
/// expiring certificates, and delivers due mail.
fn spawn_desk_and_mail(app: Arc<App>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        // The first run comes one period after the start, not at it: a server starting does
        // not race what it was started for (a demo's first load, a test's own runs).
        tick.tick().await;
        loop {
            tick.tick().await;
            let now = app.clock.now();
            match layanan::run_desk(&app, now).await {
                Ok((0, 0)) => {}
                Ok((alerts, closed)) => tracing::info!(alerts, closed, "service desk SLA job"),
                Err(e) => tracing::warn!(error = %e, "service desk SLA job failed"),
            }
            match manajemen::sweep(&app, now).await {
                Ok((0, 0)) => {}
                Ok((incidents, reminders)) => {
                    tracing::info!(incidents, reminders, "security notices")
                }
                Err(e) => tracing::warn!(error = %e, "security notice job failed"),
            }
            if let Some(mail) = &app.mail {
                match notify::deliver(&app.store, mail, now).await {
                    Ok((0, 0)) => {}
                    Ok((sent, failed)) => tracing::info!(sent, failed, "mail outbox"),
                    Err(e) => tracing::warn!(error = %e, "mail outbox failed"),
                }
            }
        }
    });
}

/// Signs a checkpoint of the audit head periodically (when it moved).
fn spawn_checkpoints(app: Arc<App>, every: Duration) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(every);
        tick.tick().await;
        loop {
            tick.tick().await;
            let at = app.clock.now();
            if let Err(e) =
                audit_ops::checkpoint(&app.store, &app.key, &app.pemda.instance_id, at).await
            {
                tracing::warn!(error = %e, "audit checkpoint failed");
            }
        }
    });
}
