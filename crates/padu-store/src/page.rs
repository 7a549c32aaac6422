//! Pagination and filtering shared by every list.

use serde::Serialize;

pub const MAX_PER_PAGE: u32 = 200;

/// A page request: 1-based page, page size (at most 200) and an optional text filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub page: u32,
    pub per_page: u32,
    pub q: Option<String>,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery {
            page: 1,
            per_page: 50,
            q: None,
        }
    }
}

impl ListQuery {
    pub fn offset(&self) -> i64 {
        i64::from(self.page.max(1) - 1) * i64::from(self.limit())
    }
    pub fn limit(&self) -> u32 {
        self.per_page.clamp(1, MAX_PER_PAGE)
    }
    /// The text filter as a case-insensitive LIKE pattern, `%` and `_` taken literally.
    pub fn like(&self) -> Option<String> {
        self.q
            .as_deref()
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| {
                let escaped = q
                    .to_lowercase()
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                format!("%{escaped}%")
            })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, q: &ListQuery) -> Self {
        Page {
            items,
            total,
            page: q.page.max(1),
            per_page: q.limit(),
        }
    }
    pub fn pages(&self) -> i64 {
        (self.total + i64::from(self.per_page) - 1) / i64::from(self.per_page.max(1))
    }
}
