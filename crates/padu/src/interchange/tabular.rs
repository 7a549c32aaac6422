//! A tabular resource's rows as the queryable store loads them (issue 22 item 3). A CSV is
//! read as a stream, twice (once to check every row and guess the types, once to load), so a
//! million rows never sit in memory; an XLSX's first sheet (through the register import's
//! bounded reader) or a JSON array of flat objects is read whole, its size bounded by the
//! upload limit and the sheet reader's. Row numbers count as a spreadsheet does: the header is
//! row 1.

use super::table::read_xlsx;
use super::CellError;
use serde_json::Value;

/// The most rows a JSON file's array may have before it is kept as a file only.
const MAX_JSON_ROWS: usize = 100_000;

pub enum Rows<'a> {
    Csv {
        data: &'a [u8],
        delimiter: u8,
    },
    Held {
        header: Vec<String>,
        rows: Vec<(usize, Vec<String>)>,
    },
}

/// A row as read: its number and its cells.
pub type Numbered = (usize, Vec<String>);

fn csv_error(e: &csv::Error) -> CellError {
    let row = e.position().map_or(1, |p| p.line() as usize);
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => CellError::new(
            row,
            "",
            "the row is not UTF-8 text: save the file as \"CSV UTF-8\"",
        ),
        _ => CellError::new(row, "", format!("not CSV: {e}")),
    }
}

impl<'a> Rows<'a> {
    /// The rows of a file of `format` (CSV, XLSX or JSON); `None` for JSON that is not an
    /// array of objects (it stays a file, without a queryable store).
    pub fn open(format: &str, data: &'a [u8]) -> Result<Option<Rows<'a>>, CellError> {
        match format {
            "CSV" => {
                let data = data.strip_prefix("\u{feff}".as_bytes()).unwrap_or(data);
                let first = data.split(|b| *b == b'\n').next().unwrap_or_default();
                let count = |c: u8| first.iter().filter(|b| **b == c).count();
                let delimiter = if count(b';') > count(b',') {
                    b';'
                } else {
                    b','
                };
                Ok(Some(Rows::Csv { data, delimiter }))
            }
            "XLSX" => {
                let mut rows = read_xlsx(data)?.into_iter();
                let header = rows.next().unwrap_or_default();
                Ok(Some(Rows::Held {
                    rows: rows
                        .enumerate()
                        .map(|(i, mut r)| {
                            r.resize(header.len(), String::new());
                            (i + 2, r)
                        })
                        .collect(),
                    header,
                }))
            }
            "JSON" => Ok(json_rows(data)),
            _ => Ok(None),
        }
    }

    /// The header row's cells.
    pub fn header(&self) -> Result<Vec<String>, CellError> {
        match self {
            Rows::Csv { data, delimiter } => {
                let mut reader = csv_reader(data, *delimiter);
                match reader.records().next() {
                    Some(Ok(r)) => Ok(r.iter().map(str::to_string).collect()),
                    Some(Err(e)) => Err(csv_error(&e)),
                    None => Err(CellError::new(1, "", "the file is empty: no header row")),
                }
            }
            Rows::Held { header, .. } => Ok(header.clone()),
        }
    }

    /// The data rows, fully empty ones left out.
    pub fn each(&self) -> Box<dyn Iterator<Item = Result<Numbered, CellError>> + Send + '_> {
        match self {
            Rows::Csv { data, delimiter } => Box::new(
                csv_reader(data, *delimiter)
                    .into_records()
                    .skip(1)
                    .map(|r| {
                        let r = r.map_err(|e| csv_error(&e))?;
                        let row = r.position().map_or(0, |p| p.line() as usize);
                        Ok((row, r.iter().map(str::to_string).collect::<Vec<_>>()))
                    })
                    .filter(|r| !matches!(r, Ok((_, cells)) if cells.iter().all(|c| c.trim().is_empty()))),
            ),
            Rows::Held { rows, .. } => Box::new(rows.iter().cloned().map(Ok)),
        }
    }
}

fn csv_reader(data: &[u8], delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(data)
}

/// A JSON array of objects whose values are text, numbers, true/false or null: the keys in
/// the order first seen are the header.
fn json_rows(data: &[u8]) -> Option<Rows<'static>> {
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(data) else {
        return None;
    };
    if items.is_empty() || items.len() > MAX_JSON_ROWS {
        return None;
    }
    let mut header: Vec<String> = Vec::new();
    for item in &items {
        let Value::Object(map) = item else {
            return None;
        };
        for (k, v) in map {
            if matches!(v, Value::Array(_) | Value::Object(_)) {
                return None;
            }
            if !header.contains(k) {
                header.push(k.clone());
            }
        }
    }
    let rows = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let cells = header
                .iter()
                .map(|k| match item.get(k) {
                    None | Some(Value::Null) => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                })
                .collect();
            (i + 2, cells)
        })
        .collect();
    Some(Rows::Held { header, rows })
}
