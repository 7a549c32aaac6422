//! Which regulation profile an instance runs: a region's own file (`--profile-file`), read
//! whole before anything starts, or the shipped profile the Pemda was set up with. The
//! profile lives as long as the process, so rules borrow it as `&'static`.

use super::{App, AppError};
use padu_domain::access::SETS_THE_RULES;
use padu_domain::profile::{load, shipped, Origin, Profile, SHIPPED};
use padu_domain::Actor;
use padu_store::AuditCtx;
use std::path::Path;

/// Reads a region's profile file; the message names the file, the line and the key.
pub fn read_file(path: &Path) -> Result<&'static Profile, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let profile = load(&text, Origin::Region).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Box::leak(Box::new(profile)))
}

/// A shipped profile by name, or why there is none.
pub fn shipped_named(name: &str) -> Result<&'static Profile, String> {
    shipped(name).ok_or_else(|| {
        format!(
            "no shipped profile {name}: one of {}, or give the region's own with --profile-file",
            SHIPPED.map(|(n, _)| n).join(", ")
        )
    })
}

/// The profile in force: the region's file when given at start, else the region's profile
/// the Dinas set (`stored_text`), else the shipped profile the Pemda was set up with.
pub fn active(
    stored: &str,
    stored_text: Option<&str>,
    file: Option<&'static Profile>,
) -> Result<&'static Profile, String> {
    match (file, stored_text.filter(|t| !t.trim().is_empty())) {
        (Some(p), _) => Ok(p),
        (None, Some(text)) => load(text, Origin::Region)
            .map(|p| &*Box::leak(Box::new(p)))
            .map_err(|e| format!("the region's profile stored in the database: {e}")),
        (None, None) => shipped_named(stored),
    }
}

/// The Dinas sets the region's own profile (a file laid over a shipped one), checked whole
/// first: a mistake is refused naming its line and key, and nothing changes. It is in force
/// at once and kept for the next start; audited.
pub async fn set(
    app: &App,
    actor: &Actor,
    ctx: &AuditCtx,
    text: &str,
) -> Result<&'static Profile, AppError> {
    SETS_THE_RULES.admits(actor)?;
    if app.profile_from_file {
        return Err(AppError::conflict(
            "Padu was started with --profile-file: change that file instead",
        ));
    }
    padu_store::check_len("profile", text, 200_000)?;
    let profile =
        load(text, Origin::Region).map_err(|e| AppError::invalid("profile", e.to_string()))?;
    app.store
        .set_region_profile(
            ctx,
            &profile.pemda,
            profile.domain().unwrap_or_default(),
            text,
        )
        .await?;
    // Rules borrow the profile for the process's life: a new one is kept alongside (a few
    // kilobytes an edit).
    let profile: &'static Profile = Box::leak(Box::new(profile));
    *app.profile.write().unwrap_or_else(|e| e.into_inner()) = profile;
    Ok(profile)
}

/// The region's own profile text the Dinas set, if any; else a start to edit: the shipped
/// profile in force as the base, with its names.
pub async fn editable_text(app: &App) -> Result<String, AppError> {
    let stored = app.store.pemda().await?.and_then(|p| p.profile_text);
    Ok(match stored.filter(|t| !t.trim().is_empty()) {
        Some(text) => text,
        None => {
            // The shipped profile in force, or the base of a region's file given at start.
            let p = app.profile();
            let base = match shipped(&p.id) {
                Some(_) => p.id.as_str(),
                None => p.base.as_deref().unwrap_or("nasional"),
            };
            format!(
                "# The region's own rules: the shipped profile below, and the values that differ.\nid = \"{}-daerah\"\nbase = \"{base}\"\npemda = \"{}\"\nregulation = \"{}\"\ncite_as = \"{}\"\n",
                p.id, p.pemda, p.regulation, p.cite_as
            )
        }
    })
}
