//! A data set's publication. The producer PD drafts it from an inventory entry and submits
//! it; the walidata (the Dinas, Pessel Pasal 13(1): it answers for the data's accuracy and
//! confidentiality) publishes it or returns it with a note; either may withdraw it from the
//! portal. Only data classified Biasa is ever public (Kalbar Pasal 11(3), Pessel Pasal
//! 12(2): internal data is excepted information).

use crate::access::{authorize, Action, Actor, Resource};
use crate::gate::Gate;
use crate::org::{Classification, PdId, Role};

/// The states of a data set, in the order they are usually met.
pub const STATUSES: [&str; 5] = ["draf", "diajukan", "dikembalikan", "terbit", "ditarik"];

/// Who works with publications at all: the producers (the PDs' operators) and the walidata.
pub const PUBLISHES: Gate = Gate::WRITERS;

/// The walidata: the Dinas checks a data set before it goes public.
pub const WALIDATA: Gate = Gate::ADMIN;

/// Whether data of `classification` may be published (only Biasa: open to everyone).
pub fn may_be_public(classification: Classification) -> bool {
    classification == Classification::Biasa
}

/// Whether `actor` produces data of PD `pd`: changes that PD's records.
pub fn produces(actor: &Actor, pd: PdId) -> bool {
    authorize(
        actor,
        Action::Update,
        &Resource::record(Some(pd), Classification::Biasa),
    )
    .is_ok()
}

/// Whether `actor` may edit a data set of `pd` in `status` (its metadata and resources):
/// its producer, unless the walidata is checking it; a published one stays editable, since a
/// periodic update is a new version of a resource, not a new publication.
pub fn may_edit(actor: &Actor, pd: PdId, status: &str) -> bool {
    produces(actor, pd) && status != "diajukan"
}

/// Why `actor` may not move a data set of `pd` from `from` to `to`, if they may not. `note`
/// is the reason given; a return or a withdrawal says why.
pub fn step(actor: &Actor, pd: PdId, from: &str, to: &str, note: &str) -> Result<(), &'static str> {
    let walidata = actor.has_role(Role::AdminDinas);
    let producer = produces(actor, pd);
    match (from, to) {
        ("draf" | "dikembalikan" | "ditarik", "diajukan") if producer => Ok(()),
        ("diajukan", "terbit") if walidata => Ok(()),
        ("diajukan", "dikembalikan") if walidata => {
            if note.trim().is_empty() {
                Err("a data set returned says what to correct")
            } else {
                Ok(())
            }
        }
        ("terbit", "ditarik") if walidata || producer => {
            if note.trim().is_empty() {
                Err("a withdrawn data set says why")
            } else {
                Ok(())
            }
        }
        ("draf" | "diajukan" | "dikembalikan" | "terbit" | "ditarik", _)
            if STATUSES.contains(&to) =>
        {
            Err("this step is not open to you from the data set's state")
        }
        _ => Err("is not a state of a data set"),
    }
}
