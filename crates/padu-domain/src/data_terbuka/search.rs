//! Searching the published data sets the way CKAN's `package_search` does, so a harvester's
//! query means the same here: words in `q` (every word must match), filters in `fq` as
//! `field:value`, `field:"a value"` or `metadata_modified:[FROM TO *]`, a sort, paging and
//! facet counts. Pure: the caller passes the listings in.

use std::collections::BTreeMap;

/// What a data set offers the search.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing {
    pub name: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    /// The producer PD's organization name.
    pub organization: String,
    /// Its groups (the theme's).
    pub groups: Vec<String>,
    pub license_id: String,
    /// Its resources' formats.
    pub formats: Vec<String>,
    /// RFC 3339 in UTC, as stored; compares as text.
    pub metadata_modified: String,
}

/// The fields a filter or a facet may name (CKAN's names).
pub const FACET_FIELDS: [&str; 5] = ["organization", "groups", "tags", "res_format", "license_id"];

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub words: Vec<String>,
    /// (field, value): every one must hold.
    pub filters: Vec<(String, String)>,
    /// metadata_modified from (inclusive) and to (inclusive, None for `*`).
    pub modified: Option<(Option<String>, Option<String>)>,
    pub sort: Vec<(SortKey, bool)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Score,
    Modified,
    Title,
    Name,
}

impl Query {
    /// Reads CKAN's `q`, `fq` and `sort`; the error names the parameter and says why.
    pub fn parse(q: &str, fq: &str, sort: &str) -> Result<Query, (&'static str, String)> {
        let mut query = Query::default();
        let q = q.trim();
        if q != "*:*" {
            for token in tokens(q).map_err(|e| ("q", e))? {
                match token {
                    Token::Word(w) => query.words.push(w.to_lowercase()),
                    Token::Field(f, v) => query.filter(f, v).map_err(|e| ("q", e))?,
                }
            }
        }
        for token in tokens(fq).map_err(|e| ("fq", e))? {
            match token {
                Token::Word(w) if w == "*:*" => {}
                Token::Word(w) => return Err(("fq", format!("{w} is not field:value"))),
                Token::Field(f, v) => query.filter(f, v).map_err(|e| ("fq", e))?,
            }
        }
        query.sort = parse_sort(sort).map_err(|e| ("sort", e))?;
        Ok(query)
    }

    fn filter(&mut self, field: String, value: String) -> Result<(), String> {
        if field == "metadata_modified" {
            let inner = value
                .strip_prefix('[')
                .and_then(|v| v.strip_suffix(']'))
                .ok_or_else(|| format!("metadata_modified takes [FROM TO UNTIL], not {value}"))?;
            let parts: Vec<&str> = inner.split_whitespace().collect();
            let [from, "TO", to] = parts.as_slice() else {
                return Err(format!(
                    "metadata_modified takes [FROM TO UNTIL], not {value}"
                ));
            };
            let bound = |b: &str| (b != "*").then(|| normalise_moment(b));
            self.modified = Some((bound(from), bound(to)));
            return Ok(());
        }
        let field = match field.as_str() {
            "tags" | "organization" | "groups" | "res_format" | "license_id" | "name" => field,
            "owner_org" => "organization".to_string(),
            "license" => "license_id".to_string(),
            _ => return Err(format!("{field} is not a field a data set is searched by")),
        };
        self.filters.push((field, value));
        Ok(())
    }

    fn admits(&self, l: &Listing) -> bool {
        let text = [
            l.name.as_str(),
            &l.title,
            &l.description,
            &l.tags.join(" "),
            &l.organization,
        ]
        .join(" ")
        .to_lowercase();
        self.words.iter().all(|w| text.contains(w.as_str()))
            && self.filters.iter().all(|(f, v)| {
                let eq = |x: &String| x.eq_ignore_ascii_case(v);
                match f.as_str() {
                    "tags" => l.tags.iter().any(eq),
                    "organization" => eq(&l.organization),
                    "groups" => l.groups.iter().any(eq),
                    "res_format" => l.formats.iter().any(eq),
                    "license_id" => eq(&l.license_id),
                    "name" => eq(&l.name),
                    _ => false,
                }
            })
            && self.modified.as_ref().is_none_or(|(from, to)| {
                let at = l.metadata_modified.as_str();
                from.as_deref().is_none_or(|f| at >= f) && to.as_deref().is_none_or(|t| at <= t)
            })
    }

    /// How well `l` answers the words: title matches weigh most.
    fn score(&self, l: &Listing) -> usize {
        let title = l.title.to_lowercase();
        let tags = l.tags.join(" ").to_lowercase();
        self.words
            .iter()
            .map(|w| {
                3 * usize::from(title.contains(w.as_str()))
                    + 2 * usize::from(tags.contains(w.as_str()))
                    + 1
            })
            .sum()
    }
}

/// A moment as a filter bound, in the stored text's shape (RFC 3339, UTC, no `Z` needed to
/// compare: a date alone is its midnight).
fn normalise_moment(s: &str) -> String {
    let s = s.trim_end_matches('Z');
    if s.len() == 10 {
        format!("{s}T00:00:00")
    } else {
        s.to_string()
    }
}

enum Token {
    Word(String),
    Field(String, String),
}

/// Splits on spaces, keeping `"quoted values"` and `[ranges with spaces]` whole; a leading
/// `+` (Solr's "must") is the default here and dropped.
fn tokens(s: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = s.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        if first == '+' {
            chars.next();
            continue;
        }
        let mut raw = String::new();
        let mut closing: Option<char> = None;
        while let Some(&c) = chars.peek() {
            match closing {
                Some(end) if c == end => closing = None,
                Some(_) => {}
                None if c.is_whitespace() => break,
                None if c == '"' => closing = Some('"'),
                None if c == '[' => closing = Some(']'),
                None => {}
            }
            raw.push(c);
            chars.next();
        }
        if let Some(end) = closing {
            return Err(format!("{raw} lacks its closing {end}"));
        }
        out.push(match raw.split_once(':') {
            Some((f, v))
                if !f.is_empty()
                    && f != "*"
                    && f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                Token::Field(f.to_string(), v.trim_matches('"').to_string())
            }
            _ => Token::Word(raw.trim_matches('"').to_string()),
        });
    }
    Ok(out)
}

fn parse_sort(sort: &str) -> Result<Vec<(SortKey, bool)>, String> {
    let sort = if sort.trim().is_empty() {
        "score desc, metadata_modified desc"
    } else {
        sort
    };
    sort.split(',')
        .map(|part| {
            let mut words = part.split_whitespace();
            let key = match words.next().unwrap_or("") {
                "score" => SortKey::Score,
                "metadata_modified" | "metadata_created" => SortKey::Modified,
                "title_string" | "title" => SortKey::Title,
                "name" => SortKey::Name,
                other => return Err(format!("cannot sort by {other}")),
            };
            let descending = match words.next().unwrap_or("asc") {
                "asc" => false,
                "desc" => true,
                other => return Err(format!("{other} is neither asc nor desc")),
            };
            Ok((key, descending))
        })
        .collect()
}

/// The outcome: how many match, the indexes (into the listings passed) of the page asked, and
/// each facet's counts, most frequent first.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub count: usize,
    pub page: Vec<usize>,
    pub facets: BTreeMap<String, Vec<(String, usize)>>,
}

/// Runs `query` over `listings`, returning `rows` from `start`, with counts of `facet_fields`
/// (at most `facet_limit` values each).
pub fn search(
    listings: &[Listing],
    query: &Query,
    start: usize,
    rows: usize,
    facet_fields: &[&str],
    facet_limit: usize,
) -> Found {
    let mut hits: Vec<usize> = (0..listings.len())
        .filter(|i| query.admits(&listings[*i]))
        .collect();
    hits.sort_by(|a, b| {
        let (la, lb) = (&listings[*a], &listings[*b]);
        for (key, descending) in &query.sort {
            let order = match key {
                SortKey::Score => query.score(la).cmp(&query.score(lb)),
                SortKey::Modified => la.metadata_modified.cmp(&lb.metadata_modified),
                SortKey::Title => la.title.to_lowercase().cmp(&lb.title.to_lowercase()),
                SortKey::Name => la.name.cmp(&lb.name),
            };
            let order = if *descending { order.reverse() } else { order };
            if order.is_ne() {
                return order;
            }
        }
        la.name.cmp(&lb.name)
    });
    let mut facets = BTreeMap::new();
    for field in facet_fields {
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for i in &hits {
            let l = &listings[*i];
            let values: Vec<&str> = match *field {
                "organization" => vec![l.organization.as_str()],
                "groups" => l.groups.iter().map(String::as_str).collect(),
                "tags" => l.tags.iter().map(String::as_str).collect(),
                "res_format" => l.formats.iter().map(String::as_str).collect(),
                "license_id" => vec![l.license_id.as_str()],
                _ => vec![],
            };
            let mut seen: Vec<&str> = Vec::new();
            for v in values {
                if !v.is_empty() && !seen.contains(&v) {
                    seen.push(v);
                    *counts.entry(v).or_default() += 1;
                }
            }
        }
        let mut items: Vec<(String, usize)> = counts
            .into_iter()
            .map(|(v, c)| (v.to_string(), c))
            .collect();
        items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        items.truncate(facet_limit);
        facets.insert(field.to_string(), items);
    }
    Found {
        count: hits.len(),
        page: hits.into_iter().skip(start).take(rows).collect(),
        facets,
    }
}
