//! Manajemen SPBE's records (PRODUCT.md module 4), one file a process.

pub mod risk_reviews;
pub mod risks;
