//! The queryable store's rules (issue 22 item 3, CKAN's DataStore): a tabular resource's
//! columns named from its header, each column's type guessed from every cell, and a
//! `datastore_search` request (CKAN's `filters`, `q`, `sort`, `limit`, `offset`, `fields`)
//! read against those columns before any SQL is written. Pure.

use serde_json::Value;

/// A column's type, as CKAN's DataStore names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FieldType {
    /// Whole numbers (`int8` in CKAN; stored as BIGINT).
    Int,
    /// Decimal numbers (stored as double precision).
    Numeric,
    /// Days as YYYY-MM-DD (stored as that text, which sorts as days do).
    Date,
    Text,
}

impl FieldType {
    pub fn ckan(self) -> &'static str {
        match self {
            FieldType::Int => "int",
            FieldType::Numeric => "numeric",
            FieldType::Date => "date",
            FieldType::Text => "text",
        }
    }

    /// The label key the portal shows for the type (`dt.type.*`).
    pub fn label_key(self) -> &'static str {
        match self {
            FieldType::Int => "dt.type.int",
            FieldType::Numeric => "dt.type.numeric",
            FieldType::Date => "dt.type.date",
            FieldType::Text => "dt.type.text",
        }
    }

    pub fn is_number(self) -> bool {
        matches!(self, FieldType::Int | FieldType::Numeric)
    }
}

/// A column of a loaded resource.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Field {
    /// The header's name (CKAN's field id).
    pub id: String,
    #[serde(rename = "type")]
    pub field_type: FieldType,
}

/// The most columns a loaded resource may have.
pub const MAX_FIELDS: usize = 100;
/// CKAN's limit on a field id (PostgreSQL's identifier length).
pub const MAX_FIELD_ID: usize = 63;

/// The field ids of a header: each named, unique, at most 63 characters, without `"` and not
/// starting with `_` (CKAN keeps those for its own, `_id`). The error names the column by
/// position (1-based) and says why.
pub fn field_ids(header: &[String]) -> Result<Vec<String>, (usize, String)> {
    if header.len() > MAX_FIELDS {
        return Err((MAX_FIELDS + 1, format!("at most {MAX_FIELDS} columns")));
    }
    let mut ids: Vec<String> = Vec::with_capacity(header.len());
    for (i, name) in header.iter().enumerate() {
        let id = name.trim().trim_start_matches('\u{feff}').to_string();
        let why = if id.is_empty() {
            Some("the column has no name in the header row".to_string())
        } else if id.starts_with('_') {
            Some(format!("\"{id}\": a column name may not start with _"))
        } else if id.contains('"') {
            Some(format!("\"{id}\": a column name may not hold \""))
        } else if id.chars().count() > MAX_FIELD_ID {
            Some(format!(
                "a column name has at most {MAX_FIELD_ID} characters"
            ))
        } else if ids.iter().any(|x| x.eq_ignore_ascii_case(&id)) {
            Some(format!("\"{id}\" appears twice in the header row"))
        } else {
            None
        };
        if let Some(why) = why {
            return Err((i + 1, why));
        }
        ids.push(id);
    }
    if ids.is_empty() {
        return Err((1, "the header row is empty".to_string()));
    }
    Ok(ids)
}

/// The narrowest type every cell seen so far fits: whole numbers, then decimals, else text;
/// days only when every cell is one. Empty cells are nulls and fit every type. A number
/// written with a leading zero (`007`, a code or a telephone number) is text: as a number it
/// would lose the zero.
#[derive(Debug, Clone, Copy)]
pub struct Guess {
    int: bool,
    numeric: bool,
    date: bool,
    seen: bool,
}

impl Default for Guess {
    fn default() -> Self {
        Guess {
            int: true,
            numeric: true,
            date: true,
            seen: false,
        }
    }
}

impl Guess {
    pub fn see(&mut self, cell: &str) {
        let cell = cell.trim();
        if cell.is_empty() {
            return;
        }
        self.seen = true;
        if self.int && parse_int(cell).is_none() {
            self.int = false;
        }
        if self.numeric && !self.int && parse_numeric(cell).is_none() {
            self.numeric = false;
        }
        if self.date && parse_date(cell).is_none() {
            self.date = false;
        }
    }

    pub fn field_type(&self) -> FieldType {
        if !self.seen {
            FieldType::Text
        } else if self.int {
            FieldType::Int
        } else if self.numeric {
            FieldType::Numeric
        } else if self.date {
            FieldType::Date
        } else {
            FieldType::Text
        }
    }
}

fn plain_digits(digits: &str) -> bool {
    !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'))
}

/// A whole number as a cell writes it: an optional minus and digits, no leading zero, within
/// a 64-bit integer.
pub fn parse_int(cell: &str) -> Option<i64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    if !plain_digits(digits) || digits.len() > 18 {
        return None;
    }
    cell.parse().ok()
}

/// A decimal number with a point (`12.5`, `-0.25`); a comma is not read as a decimal point
/// (`1,234` is a thousand or a decimal depending on who wrote it), so such a column is text.
/// More than 15 digits before the point is a code, not an amount: a double would round it.
pub fn parse_numeric(cell: &str) -> Option<f64> {
    let unsigned = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    if !plain_digits(whole)
        || whole.len() > 15
        || fraction.is_empty()
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    cell.parse().ok().filter(|f: &f64| f.is_finite())
}

pub fn parse_date(cell: &str) -> Option<chrono::NaiveDate> {
    if cell.len() != 10 {
        return None;
    }
    chrono::NaiveDate::parse_from_str(cell, "%Y-%m-%d").ok()
}

/// A cell as a stored value of `field_type`; empty is null. `None` when the cell does not fit
/// the type (a guess fixed on other cells, or a filter's value).
pub fn cell_value(field_type: FieldType, cell: &str) -> Option<Cell> {
    let cell = cell.trim();
    if cell.is_empty() {
        return Some(Cell::Null);
    }
    match field_type {
        FieldType::Int => parse_int(cell).map(Cell::Int),
        FieldType::Numeric => parse_numeric(cell).map(Cell::Numeric),
        FieldType::Date => parse_date(cell).map(|_| Cell::Text(cell.to_string())),
        FieldType::Text => Some(Cell::Text(cell.to_string())),
    }
}

/// A stored value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Int(i64),
    Numeric(f64),
    Text(String),
}

impl Cell {
    pub fn to_json(&self) -> Value {
        match self {
            Cell::Null => Value::Null,
            Cell::Int(i) => Value::from(*i),
            Cell::Numeric(f) => Value::from(*f),
            Cell::Text(t) => Value::from(t.as_str()),
        }
    }

    /// As a CSV or sheet cell writes it (null as empty).
    pub fn to_text(&self) -> String {
        match self {
            Cell::Null => String::new(),
            Cell::Int(i) => i.to_string(),
            Cell::Numeric(f) => f.to_string(),
            Cell::Text(t) => t.clone(),
        }
    }
}

/// `datastore_search`'s default page (CKAN's) and the largest it answers (CKAN's default
/// `ckan.datastore.search.rows_max`).
pub const DEFAULT_LIMIT: u64 = 100;
pub const ROWS_MAX: u64 = 32_000;

/// A `datastore_search` request as it arrives (JSON values, as CKAN takes them from a POST
/// body or a query string).
#[derive(Debug, Default, Clone)]
pub struct SearchParams {
    pub filters: Option<Value>,
    pub q: Option<Value>,
    pub sort: Option<Value>,
    pub limit: Option<Value>,
    pub offset: Option<Value>,
    pub fields: Option<Value>,
    pub include_total: Option<Value>,
}

/// A request read against a resource's fields: columns by position (0-based in `fields`;
/// `None` is `_id`).
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// (column, any of these values).
    pub filters: Vec<(Option<usize>, Vec<Cell>)>,
    /// Words every row must hold, each in some text column, case-folded.
    pub words: Vec<String>,
    /// (column, words it must hold).
    pub field_words: Vec<(usize, Vec<String>)>,
    /// (column, descending); `_id` ascending ends every order.
    pub sort: Vec<(Option<usize>, bool)>,
    pub limit: u64,
    pub offset: u64,
    /// The columns answered, in order; `None` is `_id`.
    pub columns: Vec<Option<usize>>,
    pub include_total: bool,
}

impl Search {
    pub fn has_conditions(&self) -> bool {
        !self.filters.is_empty() || !self.words.is_empty() || !self.field_words.is_empty()
    }
}

/// A parameter that cannot be read: (parameter, why).
pub type SearchError = (&'static str, String);

fn column(fields: &[Field], name: &str, param: &'static str) -> Result<Option<usize>, SearchError> {
    if name == "_id" {
        return Ok(None);
    }
    fields
        .iter()
        .position(|f| f.id == name)
        .map(Some)
        .ok_or_else(|| (param, format!("field \"{name}\" not in table")))
}

fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A parameter that may come as JSON text (a query string) or as JSON (a POST body).
fn json_of(v: &Value, param: &'static str) -> Result<Value, SearchError> {
    match v {
        Value::String(s) if s.trim_start().starts_with(['{', '[']) => {
            serde_json::from_str(s).map_err(|e| (param, format!("is not valid JSON: {e}")))
        }
        other => Ok(other.clone()),
    }
}

fn number(v: &Option<Value>, param: &'static str, default: u64) -> Result<u64, SearchError> {
    match v {
        None | Some(Value::Null) => Ok(default),
        Some(v) => scalar_text(v)
            .and_then(|t| t.trim().parse::<u64>().ok())
            .ok_or_else(|| (param, "must be a whole number of 0 or more".to_string())),
    }
}

fn words_of(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| {
            w.trim_matches(|c: char| c == '"' || c == '\'')
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// A list given as a JSON array or as comma-separated text.
fn names(v: &Value, param: &'static str) -> Result<Vec<String>, SearchError> {
    match json_of(v, param)? {
        Value::Array(items) => items
            .iter()
            .map(|i| scalar_text(i).ok_or_else(|| (param, "must list names".to_string())))
            .collect(),
        Value::String(s) => Ok(s
            .split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect()),
        _ => Err((param, "must list names".to_string())),
    }
}

impl Search {
    /// Reads `params` against `fields`, as CKAN does: `filters` an object of field to value
    /// (or list of values, any of which matches); `q` words (all must appear, in any text
    /// column) or an object of field to words; `sort` `"field [asc|desc], ..."`; `fields`
    /// the columns to answer. A field that is not in the table, a value that does not fit its
    /// column's type, or a limit beyond [`ROWS_MAX`] is an error naming the parameter.
    pub fn read(fields: &[Field], params: &SearchParams) -> Result<Search, SearchError> {
        let mut search = Search {
            filters: Vec::new(),
            words: Vec::new(),
            field_words: Vec::new(),
            sort: Vec::new(),
            limit: number(&params.limit, "limit", DEFAULT_LIMIT)?,
            offset: number(&params.offset, "offset", 0)?,
            columns: std::iter::once(None)
                .chain((0..fields.len()).map(Some))
                .collect(),
            include_total: true,
        };
        if search.limit > ROWS_MAX {
            return Err(("limit", format!("must be at most {ROWS_MAX}")));
        }
        if let Some(filters) = &params.filters {
            let Value::Object(map) = json_of(filters, "filters")? else {
                return Err((
                    "filters",
                    "must be an object of field names to values".into(),
                ));
            };
            for (name, value) in &map {
                let at = column(fields, name, "filters")?;
                let field_type = at.map_or(FieldType::Int, |i| fields[i].field_type);
                let values = match value {
                    Value::Array(items) => items.clone(),
                    v => vec![v.clone()],
                };
                let mut cells = Vec::with_capacity(values.len());
                for v in &values {
                    let text = scalar_text(v).ok_or_else(|| {
                        (
                            "filters",
                            format!("the value for \"{name}\" must be text or a number"),
                        )
                    })?;
                    let cell = cell_value(field_type, &text).ok_or_else(|| {
                        (
                            "filters",
                            format!(
                                "\"{text}\" is not a valid {} for \"{name}\"",
                                field_type.ckan()
                            ),
                        )
                    })?;
                    cells.push(cell);
                }
                if !cells.is_empty() {
                    search.filters.push((at, cells));
                }
            }
        }
        if let Some(q) = &params.q {
            match json_of(q, "q")? {
                Value::Object(map) => {
                    for (name, value) in &map {
                        let at = column(fields, name, "q")?
                            .ok_or(("q", "_id cannot be searched for words".to_string()))?;
                        let text = scalar_text(value)
                            .ok_or(("q", format!("the words for \"{name}\" must be text")))?;
                        search.field_words.push((at, words_of(&text)));
                    }
                }
                v => {
                    let text = scalar_text(&v).ok_or(("q", "must be text".to_string()))?;
                    search.words = words_of(&text);
                }
            }
        }
        if let Some(sort) = &params.sort {
            for part in names(sort, "sort")? {
                let mut bits = part.split_whitespace();
                let name = bits.next().unwrap_or_default().trim_matches('"');
                let descending = match bits.next().map(str::to_lowercase).as_deref() {
                    None | Some("asc") => false,
                    Some("desc") => true,
                    Some(other) => {
                        return Err(("sort", format!("\"{other}\": the order is asc or desc")))
                    }
                };
                if bits.next().is_some() {
                    return Err(("sort", format!("\"{part}\": write a field and asc or desc")));
                }
                search
                    .sort
                    .push((column(fields, name, "sort")?, descending));
            }
        }
        if let Some(wanted) = &params.fields {
            let list = names(wanted, "fields")?;
            if !list.is_empty() {
                search.columns = list
                    .iter()
                    .map(|n| column(fields, n, "fields"))
                    .collect::<Result<_, _>>()?;
            }
        }
        if let Some(v) = &params.include_total {
            search.include_total = !matches!(scalar_text(v).as_deref(), Some("false" | "0"));
        }
        Ok(search)
    }
}
