//! Plan approvals signed with the instance's Ed25519 key, outside HTTP (the API, the pages and
//! the demo region use it): the statement names the document, the version, the hash of its
//! sections, the approver and the role; anyone with the public key can check it.

use crate::keys::{verify_signature, InstanceKey};
use chrono::{DateTime, Utc};
use padu_domain::planning::approval_statement;
use padu_domain::Role;
use padu_store::planning::{sections_sha256, Approval, Plan, PlanVersion};
use padu_store::{ts, AuditCtx, Store, StoreError};

/// Why an approval cannot be given.
#[derive(Debug)]
pub enum Refusal {
    /// A section of the plan's kind is empty (its name).
    SectionMissing(&'static str),
    NoSuchVersion,
    Store(StoreError),
}

impl From<StoreError> for Refusal {
    fn from(e: StoreError) -> Self {
        Refusal::Store(e)
    }
}

/// Approves version `number` of `plan` as `approver` acting as `role`, signing the statement.
#[allow(clippy::too_many_arguments)]
pub async fn approve(
    store: &Store,
    key: &InstanceKey,
    instance: &str,
    ctx: &AuditCtx,
    plan: &Plan,
    number: i64,
    approver: &str,
    role: Role,
    now: DateTime<Utc>,
) -> Result<Plan, Refusal> {
    let version = plan
        .versions
        .iter()
        .find(|v| v.number == number)
        .ok_or(Refusal::NoSuchVersion)?;
    // The same conflicts the store refuses, named before the sections are looked at.
    if version.approval.is_some() || number != plan.summary.latest_version {
        return Err(Refusal::Store(StoreError::Conflict {
            field: "version".into(),
            message: if version.approval.is_some() {
                "this version is already approved".into()
            } else {
                "only the newest version can be approved".into()
            },
        }));
    }
    if let Some(missing) = plan.summary.kind.sections().iter().find(|s| {
        version
            .sections
            .get(**s)
            .is_none_or(|t| t.trim().is_empty())
    }) {
        return Err(Refusal::SectionMissing(missing));
    }
    let at = ts(now);
    let statement = approval_statement(
        instance,
        plan.summary.id,
        plan.summary.kind,
        &plan.summary.title,
        number,
        &sections_sha256(&version.sections),
        approver,
        role.as_str(),
        &at,
    );
    let signature = hex::encode(key.sign(statement.as_bytes()));
    let key_id = store
        .register_signing_key(&key.fingerprint(), &key.public_pem(), now)
        .await?;
    let approval = Approval {
        approved_by: approver.to_string(),
        role: role.as_str().to_string(),
        approved_at: at,
        statement,
        signature,
        public_key_pem: key.public_pem(),
    };
    Ok(store
        .approve_plan_version(ctx, plan.summary.id, number, &approval, key_id)
        .await?)
}

/// Whether a version's approval holds: the signature over the statement checks against the
/// stored key, and the statement names the hash of the sections as they are stored now.
pub fn holds(version: &PlanVersion) -> Option<(Approval, bool)> {
    let a = version.approval.clone()?;
    let hash_line = format!("sha256: {}\n", sections_sha256(&version.sections));
    let valid = a.statement.contains(&hash_line)
        && verify_signature(&a.public_key_pem, a.statement.as_bytes(), &a.signature);
    Some((a, valid))
}
