//! Audit TIK and the SPBE evaluation (PRODUCT.md module 6): the evaluation instrument as
//! versioned data (`instrument`) and the index an evaluation's levels earn (`index`).

pub mod audit;
pub mod index;
pub mod instrument;
pub mod report;

#[cfg(test)]
mod tests;

use crate::gate::Gate;
use crate::org::Role;

/// Who claims the Pemda's levels and loads instruments: the Dinas and the Koordinator SPBE,
/// whose Tim Koordinasi runs the self-evaluation (Pessel Lampiran III Bab VI).
pub const CLAIMS_LEVELS: Gate = Gate::AnyOf(&[Role::AdminDinas, Role::Koordinator]);

/// Who reviews the claims as assessor: the auditors (Inspektorat), never those who claimed.
pub const REVIEWS_CLAIMS: Gate = Gate::AnyOf(&[Role::Auditor]);

/// An assessor's verdict on a claim: agreed, or revised to another level with a note.
pub const VERDICTS: [&str; 2] = ["setuju", "revisi"];

/// A claimed or reviewed level is 1–5.
pub fn on_scale(level: i64) -> Option<u8> {
    (1..=5).contains(&level).then_some(level as u8)
}
