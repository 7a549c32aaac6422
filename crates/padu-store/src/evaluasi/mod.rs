//! Audit TIK and the SPBE evaluation's records (PRODUCT.md module 6): the instruments as
//! loaded (`instruments`), each year's self-evaluation with its claims and reviews
//! (`evaluations`), and the counts of the records Padu holds as evidence (`evidence`).

pub mod evaluations;
pub mod evidence;
pub mod instruments;
