//! Audit TIK and the SPBE evaluation's records (PRODUCT.md module 6): what is audited
//! (`audit_objects`, a register), each audit through its steps (`audits`) and its findings'
//! follow-up (`audit_findings`); the instruments as loaded (`instruments`), each year's self-evaluation with its claims and reviews
//! (`evaluations`), and the counts of the records Padu holds as evidence (`evidence`).

pub mod audit_findings;
pub mod audit_objects;
pub mod audits;
pub mod evaluations;
pub mod evidence;
pub mod instruments;
