//! Which regulation profile an instance runs: a region's own file (`--profile-file`), read
//! whole before anything starts, or the shipped profile the Pemda was set up with. The
//! profile lives as long as the process, so rules borrow it as `&'static`.

use padu_domain::profile::{load, shipped, Origin, Profile, SHIPPED};
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

/// The profile in force: the region's file when given, else the shipped profile the Pemda
/// was set up with (`stored`).
pub fn active(stored: &str, file: Option<&'static Profile>) -> Result<&'static Profile, String> {
    match file {
        Some(p) => Ok(p),
        None => shipped_named(stored),
    }
}
