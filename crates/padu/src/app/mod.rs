//! The application layer: every operation of every module as a function over one [`App`],
//! with no HTTP in it. The web handlers, the CLI and the background jobs all call it; it asks
//! the domain's rules, writes through the store (which audits in the same transaction) and
//! notifies. `now` is passed in, read once per request or job run from [`App::clock`].

pub mod calendar;
pub mod clock;
pub mod data_terbuka;
pub mod evaluasi;
pub mod files;
pub mod foundation;
pub mod katalog;
pub mod layanan;
pub mod manajemen;
pub mod notify;
pub mod pengaduan;
pub mod penghubung;
pub mod profile;
pub mod registers;

use crate::audit_ops::VerifyReport;
use crate::keys::InstanceKey;
use clock::Clock;
use padu_domain::profile::Profile;
use padu_domain::Denied;
use padu_store::org::Pemda;
use padu_store::{Store, StoreError};
use std::sync::{Arc, Mutex};

/// What every operation may use.
pub struct App {
    pub store: Store,
    pub clock: Clock,
    /// The instance's Ed25519 key (audit checkpoints, signed approvals).
    pub key: InstanceKey,
    pub pemda: Pemda,
    /// The regulation profile in force (`app::profile::active`); the Dinas may set the
    /// region's own on the rules page (`app::profile::set`), unless a file given at start
    /// holds it (`profile_from_file`).
    pub profile: std::sync::RwLock<&'static Profile>,
    pub profile_from_file: bool,
    /// The SMTP relay, when mail is configured.
    pub mail: Option<notify::MailConfig>,
    /// The address people reach Padu at (for links in mail).
    pub public_url: Option<String>,
    pub last_verify: Mutex<Option<VerifyReport>>,
    /// The service bus: registry copy, message log, monitoring.
    pub gsb: Arc<crate::gsb::Gsb>,
    /// What is published on the open data portal, as last read.
    pub open_data: data_terbuka::SnapshotCache,
}

impl App {
    /// The regulation profile the Pemda runs under.
    pub fn profile(&self) -> &'static Profile {
        *self.profile.read().unwrap_or_else(|e| e.into_inner())
    }
}

/// Why an operation did not happen. The web layer answers each with its status; the CLI prints
/// it. A bad field is named by the field's code: the page maps it to the field's label.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Denied(#[from] Denied),
    /// Not found, a conflict or a bad field, as the store decided it.
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{field}: {message}")]
    Invalid { field: String, message: String },
    /// The record is not in a state that allows this (a step out of order, a stale copy).
    #[error("{message}")]
    Conflict {
        field: Option<String>,
        message: String,
    },
}

impl AppError {
    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        AppError::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        AppError::Conflict {
            field: None,
            message: message.into(),
        }
    }
}
