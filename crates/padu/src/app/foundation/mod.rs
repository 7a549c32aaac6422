//! Foundation's operations: signing in (throttled) and sessions (`sign_in`), PDs and their
//! units of work (`org`), accounts, their roles and API tokens (`accounts`), the audit log and
//! its checks (`audit`), the health check's and the dashboard's counts (`overview`). The rules
//! are the domain's: `access` (`authorize`, `FOUNDS_PDS`, `KEEPS_ACCOUNTS`, `READS_AUDIT_LOG`),
//! `throttle` and `password`.

mod accounts;
mod audit;
mod org;
mod overview;
mod sign_in;

pub use accounts::{
    change_own_password, create_user, get_user, issue_token, list_tokens, list_users,
    password_policy, reset_password, revoke_token, set_active, set_grants, tokens_of_all,
    update_user, CreateToken, CreateUser,
};
pub use audit::{checkpoints, export_audit, last_verify, list_audit, verify_audit, AuditQuery};
pub use org::{
    all_pds, create_pd, create_unit_kerja, delete_pd, get_pd, list_pds, list_sites, site_points,
    unit_kerja, update_pd,
};
pub use overview::{count_pds, dashboard, schema_version, storage_engine, Dashboard};
pub use sign_in::{login_token, open_session, sign_in, sign_out, token_hours};

use sha2::{Digest, Sha256};

/// SHA-256 hex of a secret (session ids and API tokens are stored only hashed).
pub fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A random URL-safe secret of 32 bytes.
pub fn new_secret() -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>())
}

/// An API token's secret and what Padu keeps of it: the hash, and the prefix shown in lists.
fn api_token_secret() -> (String, String, String) {
    let token = format!("padu_{}", new_secret());
    let hash = secret_hash(&token);
    let prefix = token[..12].to_string();
    (token, hash, prefix)
}
