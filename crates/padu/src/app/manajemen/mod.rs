//! Manajemen SPBE's operations (PRODUCT.md module 4), one file a process: the risk register
//! assessed on the region's scale (`risks`). A risk is written through `app::registers` like
//! any register; what is the module's own is reading it through the profile's matrix and bands.

mod risks;

pub use risks::{
    heat_map, monitor, risk, risks, AssessedReview, AssessedRisk, HeatMap, MonitorInput, RiskView,
};
