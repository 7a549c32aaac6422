//! Manajemen SPBE's operations (PRODUCT.md module 4), one file a process: the risk register
//! assessed on the region's scale, its monitoring (`risks`) and its national forms (`forms`). A risk is written through `app::registers` like
//! any register; what is the module's own is reading it through the profile's matrix and bands.

mod contexts;
mod controls;
mod forms;
mod risks;
mod security;

pub use contexts::{criteria, criteria_of, isms_records, set_criteria, ContextCriteria};
pub use controls::{
    assess as assess_controls, checklist, import_texts as import_control_texts,
    set_texts as set_control_texts, summaries as control_summaries, texts as control_texts,
    Checklist, ChecklistRow, ChecklistSummary,
};
pub use forms::{form_sheet, form_table, RiskForm};
pub use risks::{
    heat_map, monitor, risk, risks, AssessedReview, AssessedRisk, HeatMap, MonitorInput, RiskView,
};
pub use security::{
    import_pem, incident, open_ticket, parse_pem, sweep, IncidentView, ParsedCertificate, PemInput,
};
