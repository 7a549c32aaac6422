//! Public complaints' operations (SP4N-LAPOR!): what the complainant does with the tracking
//! code (`complainant`), what the Dinas and the PDs do (`staff`), what anyone may read
//! (similar complaints, statistics, the public requests of Open311), and the deadline sweep
//! (`sweep`). The rules are `padu_domain::complaint`'s.

mod complainant;
mod staff;
mod sweep;

pub use complainant::{
    file, files_allowed, find_by_code, respond, tracked, tracked_file, ComplaintInput,
    ResponseInput, Tracked,
};
pub use staff::{detail, list, note, staff_file_is_public, take, ComplaintDetail, StepInput};
pub use sweep::{run_deadlines, tell_complainant};

use super::notify::{self, Template};
use super::{App, AppError};
use chrono::{DateTime, Utc};
use padu_domain::complaint::{self, Category, Status, StepError};
use padu_domain::{Actor, Denied, PdId};
use padu_store::complaints::{Complaint, ComplaintScope};
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The PD a complaint was forwarded to, if any.
fn pd_of(c: &Complaint) -> Option<PdId> {
    c.pd_id.map(PdId)
}

/// Tells staff `who` of complaint `c`, in the app and by mail, with a link to its staff page.
async fn tell_staff(app: &App, who: &[i64], template: Template, c: &Complaint) {
    let link = format!("/pengaduan/{}", c.id);
    notify::users(app, who, template, &c.tracking_code, &c.title, &link).await
}

/// The complaint flow's calendar and the region's deadlines.
async fn schedule(app: &App) -> Result<complaint::Schedule, padu_store::StoreError> {
    let cal = crate::app::calendar::calendar(&app.store).await?;
    Ok(complaint::Schedule::new(cal, app.profile()))
}

/// The Dinas's people who handle complaints (verify, forward, reject): its admins.
async fn dinas_handlers(store: &padu_store::Store) -> Result<Vec<i64>, padu_store::StoreError> {
    Ok(store
        .desk_staff(0, padu_domain::ticket::Tier::Two)
        .await?
        .into_iter()
        .map(|(u, _)| u)
        .collect())
}

/// A step the flow refuses: not the caller's (403), or not in the complaint's status (409 on
/// `step`).
fn refused(e: StepError) -> AppError {
    match e {
        StepError::Forbidden => Denied::Forbidden.into(),
        StepError::WrongStatus(s) => AppError::Conflict {
            field: Some("step".into()),
            message: format!("not possible while the complaint is {}", s.as_str()),
        },
    }
}

/// A complaint as one viewer may see it: identity blanked where the rules say so.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComplaintView {
    #[serde(flatten)]
    pub complaint: Complaint,
    /// Whether the complainant's identity is shown to this viewer.
    pub identity_shown: bool,
    /// Which deadline has passed, if any.
    #[schema(value_type = Option<String>)]
    pub overdue: Option<complaint::Overdue>,
}

/// The complaint as `actor` may see it at `now` ([`complaint::view`]); none when not at all.
pub fn view_for(actor: &Actor, c: Complaint, now: DateTime<Utc>) -> Option<ComplaintView> {
    let v = complaint::view(actor, pd_of(&c), c.status, c.anonymous, c.confidential);
    if !v.content {
        return None;
    }
    let mut c = c;
    if !v.identity {
        c.reporter_name = None;
        c.reporter_email = None;
        c.reporter_phone = None;
    }
    let overdue = complaint::overdue(c.status, &c.deadlines, now);
    Some(ComplaintView {
        complaint: c,
        identity_shown: v.identity,
        overdue,
    })
}

/// Which complaints a list shows: every one to those who read every complaint, an Operator
/// PD those of its PDs, the public what is public.
pub fn scope(actor: &Actor) -> ComplaintScope {
    if complaint::reads_every_complaint(actor) {
        ComplaintScope::All
    } else if matches!(actor, Actor::Public) {
        ComplaintScope::Public
    } else {
        ComplaintScope::Pds(actor.operator_pds().map(|p| p.0).collect())
    }
}

/// A complaint that may be the same as another.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Similar {
    pub id: i64,
    pub title: String,
    pub status: String,
    pub pd_name: Option<String>,
    pub created_at: String,
    pub distance_km: Option<f64>,
    pub score: f64,
}

/// Open complaints like the given text and place, best first (at most 5). The public sees
/// public ones only; `staff` includes unverified and confidential ones.
pub async fn similar(
    app: &App,
    staff: bool,
    text: &str,
    point: Option<(f64, f64)>,
    exclude: Option<i64>,
) -> Result<Vec<Similar>, AppError> {
    use padu_domain::complaint::similar as sim;
    let words = sim::words(text);
    let list: Vec<String> = words.iter().cloned().collect();
    // About 1 km of latitude or longitude near the equator, then filtered by true distance.
    let candidates = app
        .store
        .similar_candidates(&list, point, 0.01, staff, 200)
        .await?;
    let mut out: Vec<Similar> = candidates
        .into_iter()
        .filter(|c| Some(c.id) != exclude)
        .filter_map(|c| {
            let text_score =
                sim::text_score(&words, &sim::words(&format!("{} {}", c.title, c.body)));
            let distance = match (point, c.latitude, c.longitude) {
                (Some(p), Some(la), Some(lo)) => Some(sim::distance_km(p, (la, lo))),
                _ => None,
            };
            let score = sim::score(text_score, distance);
            (score >= sim::THRESHOLD).then(|| Similar {
                id: c.id,
                title: c.title,
                status: c.status.as_str().into(),
                pd_name: c.pd_name,
                created_at: c.created_at,
                distance_km: distance.map(|d| (d * 100.0).round() / 100.0),
                score: (score * 100.0).round() / 100.0,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.total_cmp(&a.score).then(b.id.cmp(&a.id)));
    out.truncate(5);
    Ok(out)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Statistics {
    /// Count per status (no personal data).
    pub by_status: BTreeMap<String, i64>,
    pub total: i64,
}

impl Statistics {
    pub fn count(&self, s: Status) -> i64 {
        self.by_status.get(s.as_str()).copied().unwrap_or(0)
    }
}

/// Public statistics: counts per status, every status present.
pub async fn statistics(app: &App) -> Result<Statistics, AppError> {
    let counts = app.store.complaint_counts().await?;
    let mut by_status: BTreeMap<String, i64> = Status::ALL
        .iter()
        .map(|s| (s.as_str().to_string(), 0))
        .collect();
    for (s, n) in &counts {
        by_status.insert(s.as_str().into(), *n);
    }
    Ok(Statistics {
        total: counts.iter().map(|(_, n)| n).sum(),
        by_status,
    })
}

/// Public complaints per category and per PD (confidential and unverified ones are not
/// counted here).
pub async fn breakdown(app: &App) -> Result<(Vec<(Category, i64)>, Vec<(String, i64)>), AppError> {
    Ok(app.store.complaint_breakdown().await?)
}

/// What the public may list (Open311): public complaints by id, category, status and filing
/// time, each with the latest text of its public timeline.
pub async fn public_requests(
    app: &App,
    ids: &[i64],
    categories: &[Category],
    statuses: &[Status],
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    limit: i64,
) -> Result<Vec<(Complaint, Option<String>)>, AppError> {
    let list = app
        .store
        .public_complaints(ids, categories, statuses, from, to, limit)
        .await?;
    let mut out = Vec::with_capacity(list.len());
    for c in list {
        let updates = app.store.complaint_updates(c.id, true).await?;
        let note = updates
            .iter()
            .rev()
            .find(|u| !u.body.is_empty())
            .map(|u| u.body.clone());
        out.push((c, note));
    }
    Ok(out)
}

/// The API token an Open311 client sent as its `api_key`, while it may be used (neither
/// expired nor revoked); `None` for any other key.
pub async fn open311_client(
    app: &App,
    api_key: &str,
    now: DateTime<Utc>,
) -> Result<Option<padu_store::users::ApiToken>, AppError> {
    let hash = crate::app::foundation::secret_hash(api_key);
    Ok(app
        .store
        .token_by_hash(&hash)
        .await?
        .filter(|t| t.is_usable(now)))
}
