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
            .map(|q| format!("%{}%", like_literal(q)))
    }
}

/// `text` in lower case with LIKE's wildcards escaped (`ESCAPE '\\'`), to match literally.
pub fn like_literal(text: &str) -> String {
    text.to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The number of matches, counted up to `search::COUNT_CAP`.
    pub total: i64,
    /// More matches exist than `total` says (the count stopped at the cap).
    pub more: bool,
    pub page: u32,
    pub per_page: u32,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, q: &ListQuery) -> Self {
        Page {
            items,
            total,
            more: false,
            page: q.page.max(1),
            per_page: q.limit(),
        }
    }
    pub fn pages(&self) -> i64 {
        (self.total + i64::from(self.per_page) - 1) / i64::from(self.per_page.max(1))
    }
}

/// A value bound to a list's condition.
#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Int(i64),
    Real(f64),
    Text(String),
}

/// A WHERE clause built from the filters actually given, so each engine's planner sees plain
/// conditions it can answer from an index (no `$n IS NULL OR …` for absent filters).
#[derive(Debug, Clone, Default)]
pub(crate) struct Where {
    parts: Vec<String>,
    args: Vec<Arg>,
}

impl Where {
    /// Adds a condition; each `?` in it becomes the next parameter, bound to the next of `args`.
    pub(crate) fn and(&mut self, cond: &str, args: impl IntoIterator<Item = Arg>) {
        let mut out = String::new();
        let mut n = self.args.len();
        for ch in cond.chars() {
            if ch == '?' {
                n += 1;
                out.push_str(&format!("${n}"));
            } else {
                out.push(ch);
            }
        }
        self.args.extend(args);
        debug_assert_eq!(n, self.args.len(), "placeholders and values differ: {cond}");
        self.parts.push(out);
    }

    /// Narrows the list to the records `scope` may read (`alias` has `classification` and
    /// `pd_id`): the same rule as `ReadScope::allows`, so lists and `authorize` agree.
    pub(crate) fn readable_by(&mut self, scope: &padu_domain::ReadScope, alias: &str) {
        let classes = vec!["?"; scope.classes.len()].join(", ");
        let mut args: Vec<Arg> = scope
            .classes
            .iter()
            .map(|c| Arg::Text(c.as_str().into()))
            .collect();
        let mut cond = format!("{alias}.classification IN ({classes})");
        if !scope.own_pds.is_empty() {
            let pds = vec!["?"; scope.own_pds.len()].join(", ");
            cond = format!("({cond} OR {alias}.pd_id IN ({pds}))");
            args.extend(scope.own_pds.iter().map(|p| Arg::Int(p.0)));
        }
        self.and(&cond, args);
    }

    pub(crate) fn sql(&self) -> String {
        if self.parts.is_empty() {
            "1 = 1".into()
        } else {
            self.parts.join(" AND ")
        }
    }

    /// The number the next parameter after the condition takes (for LIMIT and OFFSET).
    pub(crate) fn next(&self) -> usize {
        self.args.len() + 1
    }

    pub(crate) fn bind<'q>(&self, mut q: crate::sites::AnyQuery<'q>) -> crate::sites::AnyQuery<'q> {
        for a in &self.args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Real(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.clone()),
            };
        }
        q
    }
}

/// One page of a list, shared by the lists built with [`Where`].
pub(crate) struct PagedSelect<'a> {
    /// `table alias`, e.g. `tickets t`, possibly joined to a full-text table that drives it.
    pub from: &'a str,
    /// The alias of the listed table.
    pub alias: &'a str,
    /// The columns selected from the page and its joins.
    pub columns: &'a str,
    /// Joins applied to the page only (after LIMIT), so they never widen the scan.
    pub joins: &'a str,
    /// The order inside the page query, and outside it (over the page's columns).
    pub order: &'a str,
    /// A cheaper FROM for the count when the word search is the list's only condition.
    pub search_count_from: Option<&'a str>,
    /// PostgreSQL word search: the page's plan is chosen by the count (see `search::driven`).
    pub steer_by_count: bool,
    pub outer_order: &'a str,
    /// When set (the listed table's name), the page is chosen by id alone and the rows are read
    /// after: an index holding the order and the read-scope columns then answers a deep page
    /// without visiting the rows it skips. The CROSS JOIN keeps SQLite's loop on the page's
    /// ids (otherwise it walked the whole table in the outer ORDER BY's index order, probing the
    /// page: 66 ms for a first page of 100,000 applications).
    pub ids_then_rows: Option<&'a str>,
}

/// A register's list: its table, the columns and joins of a page, and its order.
pub(crate) struct RegisterList<'a> {
    pub table: &'a str,
    pub alias: &'a str,
    pub columns: &'a str,
    pub joins: &'a str,
    /// The order without a word search, e.g. `a.name, a.id`.
    pub order: &'a str,
}

impl crate::Store {
    /// One page of a register (`search::INDEXED`): with words in `q`, the full-text index
    /// reads the matches, newest first (as it reads); otherwise the list is in `list.order`.
    pub(crate) async fn register_page<T>(
        &self,
        mut w: Where,
        list: RegisterList<'_>,
        q: &ListQuery,
        decode: fn(&sqlx::any::AnyRow) -> Result<T, crate::StoreError>,
    ) -> Result<Page<T>, crate::StoreError> {
        let plain = format!("{} {}", list.table, list.alias);
        let driven = crate::search::pattern(self.engine, q.q.as_deref()).map(|p| {
            let d = crate::search::driven(self.engine, list.table, list.alias);
            w.and(&d.condition, [Arg::Text(p)]);
            d
        });
        let sel = match &driven {
            Some(d) => PagedSelect {
                from: &d.from,
                alias: list.alias,
                columns: list.columns,
                joins: list.joins,
                order: &d.order,
                search_count_from: Some(&d.count_from),
                steer_by_count: d.steer_by_count,
                outer_order: &d.outer,
                ids_then_rows: Some(list.table),
            },
            None => PagedSelect {
                from: &plain,
                alias: list.alias,
                columns: list.columns,
                joins: list.joins,
                order: list.order,
                search_count_from: None,
                steer_by_count: false,
                outer_order: list.order,
                ids_then_rows: Some(list.table),
            },
        };
        self.paged(&w, sel, q, decode).await
    }

    /// Counts the matches (up to `search::COUNT_CAP`) and reads one page: the page is taken
    /// first, then joined.
    pub(crate) async fn paged<T>(
        &self,
        w: &Where,
        sel: PagedSelect<'_>,
        q: &ListQuery,
        decode: fn(&sqlx::any::AnyRow) -> Result<T, crate::StoreError>,
    ) -> Result<Page<T>, crate::StoreError> {
        use sqlx::Row;
        let cond = w.sql();
        let count_sql = format!(
            "SELECT COUNT(*) FROM (SELECT 1 FROM {} WHERE {cond} LIMIT {}) m",
            match sel.search_count_from {
                Some(from) if w.parts.len() == 1 => from,
                _ => sel.from,
            },
            crate::search::COUNT_CAP
        );
        let total: i64 = w
            .bind(sqlx::query(&count_sql))
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        let at = w.next();
        let list_sql = match sel.ids_then_rows {
            Some(table) => format!(
                "SELECT {} FROM (SELECT {alias}.id FROM {} WHERE {cond} ORDER BY {} LIMIT ${at} OFFSET ${}) page_ids CROSS JOIN {table} {alias} {} WHERE {alias}.id = page_ids.id ORDER BY {}",
                sel.columns,
                sel.from,
                sel.order,
                at + 1,
                sel.joins,
                sel.outer_order,
                alias = sel.alias,
            ),
            None => format!(
                "SELECT {} FROM (SELECT {alias}.* FROM {} WHERE {cond} ORDER BY {} LIMIT ${at} OFFSET ${}) {alias} {} ORDER BY {}",
                sel.columns,
                sel.from,
                sel.order,
                at + 1,
                sel.joins,
                sel.outer_order,
                alias = sel.alias,
            ),
        };
        let list = w
            .bind(sqlx::query(&list_sql))
            .bind(i64::from(q.limit()))
            .bind(q.offset());
        let rows = if sel.steer_by_count && self.engine == crate::Engine::Postgres {
            use sqlx::Executor;
            let mut tx = self.pool.begin().await?;
            tx.execute(crate::search::plan_for_count(total)).await?;
            let rows = list.fetch_all(&mut *tx).await?;
            tx.commit().await?;
            rows
        } else {
            list.fetch_all(&self.pool).await?
        };
        let mut page = Page::new(rows.iter().map(decode).collect::<Result<_, _>>()?, total, q);
        page.more = total >= crate::search::COUNT_CAP;
        Ok(page)
    }
}
