//! Manajemen SPBE (PRODUCT.md module 4): the management processes' pure rules, one file a
//! process.

pub mod risk;
pub mod security;
