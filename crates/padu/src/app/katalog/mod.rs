//! Katalog & Arsitektur SPBE's operations: the compliance findings (`findings`), the architecture as an ArchiMate file (`architecture`), application artifacts
//! and LAN diagrams (`files`), import and export by register name (`interchange`), planning
//! documents with their signed approvals and reviews (`planning`) and the catalogue's workflows
//! (`requests`). Any register's records are listed, read and written through `app::registers`.
//! The rules are `padu_domain::{catalog, planning, requests}` and `authorize`.

mod architecture;
mod files;
mod findings;
mod interchange;
mod planning;
mod requests;

pub use architecture::archimate;
pub use files::{
    add_artifact, add_lan_diagram, application_files, artifact_slot, artifacts, lan_diagrams,
    lan_pds, lan_slot, ApplicationFiles, ArtifactSlot, LanSlot,
};
pub use findings::{
    assignable, finding_link, findings, follow_up, work_item, work_items, FollowUpInput, WorkItem,
    FOLLOW_UP_STEPS,
};
pub use interchange::{export, import, unknown_register, REGISTERS};
pub use planning::{
    approval, approve, check, draft, drafters, drafting, new_version, plan, plans, plans_file,
    review, ApprovalCheck, PlanView,
};
pub use requests::{
    offered, request, request_link, requests, steps_open, submit, submitting_pds, take_step,
    StepInput, STEPS,
};
