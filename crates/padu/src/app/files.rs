//! Files attached to records. Who may read one follows the record it belongs to: a ticket's
//! rights, a complaint's handlers, an application's or a LAN diagram's PD and classification,
//! an evaluation's evidence the staff who read the evaluation.

use super::{App, AppError};
use padu_domain::{authorize, complaint, ticket, Action, Actor, Denied, PdId, Resource, UserId};
use padu_store::attachments::Attachment;

/// May `actor` read this attachment? Nobody anonymous; staff by the owner's rules.
pub async fn may_read(app: &App, actor: &Actor, a: &Attachment) -> Result<bool, AppError> {
    Ok(match a.owner_kind.as_str() {
        "ticket" => {
            let t = app.store.get_ticket(a.owner_id).await?;
            let r = ticket::rights(
                actor,
                PdId(t.pd_id),
                t.tier,
                t.requester_user_id.map(UserId),
            );
            r.view && (a.public || r.internal)
        }
        // A complaint's files may show people or places: those who handle it and the
        // supervisors read them, not every PD that can read the public complaint.
        "complaint" => {
            let c = app.store.get_complaint(a.owner_id).await?;
            let pd = c.pd_id.map(PdId);
            complaint::view(actor, pd, c.status, c.anonymous, c.confidential).content
                && complaint::may_read_internal(actor, pd)
        }
        "application" => {
            let record = app
                .store
                .get_record::<padu_store::catalog::ApplicationInput>(a.owner_id)
                .await?;
            let resource = Resource::record(Some(PdId(record.pd_id)), record.classification);
            authorize(actor, Action::Read, &resource).is_ok()
        }
        "lan_diagram" => {
            let l = app.store.get_lan_diagram(a.owner_id).await?;
            authorize(actor, Action::Read, &Resource::lan_diagram(PdId(l.pd_id))).is_ok()
        }
        // The Pemda's self-evaluation is read by all its staff, its evidence with it.
        "evaluation_claim" => true,
        // An audit's evidence is read as the audit is: its PD and the Pemda-wide roles.
        "audit_work_paper" => {
            let audit = app.store.work_paper_audit(a.owner_id).await?;
            let audit = app.store.get_audit(audit).await?;
            let resource = Resource::record(
                Some(PdId(audit.pd_id)),
                padu_domain::Classification::Terbatas,
            );
            authorize(actor, Action::Read, &resource).is_ok()
        }
        // An open data set's files: anyone's once it is published (the portal serves them),
        // before that its PD's and the Pemda-wide roles'.
        "open_resource" => {
            let r = app.store.open_resource(a.owner_id).await?;
            crate::app::data_terbuka::dataset(app, actor, r.dataset_id)
                .await
                .is_ok()
        }
        _ => false,
    })
}

/// A file and its bytes, for a signed-in reader the owner's rules allow; to anyone else it
/// does not exist.
pub async fn read(app: &App, actor: &Actor, id: i64) -> Result<(Attachment, Vec<u8>), AppError> {
    if actor.user_id().is_none() {
        return Err(Denied::NotAuthenticated.into());
    }
    let a = app.store.attachment(id).await?;
    if !may_read(app, actor, &a).await? {
        return Err(Denied::Hidden.into());
    }
    let data = app.store.attachment_data(id).await?;
    Ok((a, data))
}
