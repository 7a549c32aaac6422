//! HTTP: the JSON API under /api/v1, the server-rendered UI, /healthz and /metrics.
//!
//! `kit/` is shared by every module; each module folder (`foundation`, `katalog`, `layanan`,
//! `pengaduan`, `penghubung`, `manajemen`, `evaluasi`, `data_terbuka`) holds that module's API handlers and pages and imports only the
//! kit, the application layer and the domain, never another module folder. `router.rs` puts
//! the modules' routes together; every route carries its gate (`kit::routes`).

pub mod data_terbuka;
pub mod evaluasi;
pub mod foundation;
pub mod katalog;
pub mod kit;
pub mod layanan;
pub mod manajemen;
pub mod pengaduan;
pub mod penghubung;
pub mod router;

pub use router::{route_table, router, serve};
