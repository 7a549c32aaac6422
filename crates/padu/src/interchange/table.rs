//! A file as a header and rows of text, whichever format it came in; and the two formats out.

use super::CellError;
use calamine::{Data, Reader, Xlsx};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;
use std::io::Cursor;

/// The most rows one import takes: beyond it a register is loaded in parts.
pub const MAX_ROWS: usize = 100_000;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// Column names as written, trimmed and in lower case.
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// One data row, its cells found by column name.
pub struct Row<'a> {
    /// The spreadsheet's row number (the header is row 1).
    pub number: usize,
    cells: HashMap<&'a str, &'a str>,
}

impl Row<'_> {
    /// The cell's text, trimmed; empty when the column is absent.
    pub fn text(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", |v| v.trim())
    }

    pub fn optional(&self, column: &str) -> Option<String> {
        Some(self.text(column))
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    pub fn error(&self, column: &str, message: impl Into<String>) -> CellError {
        CellError::new(self.number, column, message)
    }

    pub fn date(&self, column: &str) -> Result<Option<NaiveDate>, CellError> {
        match self.text(column) {
            "" => Ok(None),
            v => NaiveDate::parse_from_str(v, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(v, "%d/%m/%Y"))
                .map(Some)
                .map_err(|_| {
                    self.error(
                        column,
                        format!("{v} is not a date (YYYY-MM-DD or DD/MM/YYYY)"),
                    )
                }),
        }
    }

    pub fn required_date(&self, column: &str) -> Result<NaiveDate, CellError> {
        self.date(column)?
            .ok_or_else(|| self.error(column, "must not be empty"))
    }

    pub fn int(&self, column: &str) -> Result<Option<i64>, CellError> {
        match self.text(column) {
            "" => Ok(None),
            v => v
                .parse::<i64>()
                .map(Some)
                .map_err(|_| self.error(column, format!("{v} is not a whole number"))),
        }
    }

    pub fn required_int(&self, column: &str) -> Result<i64, CellError> {
        self.int(column)?
            .ok_or_else(|| self.error(column, "must not be empty"))
    }

    pub fn real(&self, column: &str) -> Result<f64, CellError> {
        let v = self.text(column);
        v.replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
            .ok_or_else(|| self.error(column, format!("{v:?} is not a number")))
    }

    /// ya/tidak, yes/no, true/false, 1/0; empty is no.
    pub fn flag(&self, column: &str) -> Result<bool, CellError> {
        match self.text(column).to_lowercase().as_str() {
            "" | "tidak" | "no" | "false" | "0" | "t" | "n" => Ok(false),
            "ya" | "yes" | "true" | "1" | "y" => Ok(true),
            v => Err(self.error(column, format!("{v} is not ya/tidak"))),
        }
    }

    /// A value from a fixed vocabulary, in its serde spelling, for an input's enum field.
    pub fn choice<T: serde::de::DeserializeOwned>(
        &self,
        column: &str,
        allowed: &[&str],
    ) -> Result<T, CellError> {
        let v = self.text(column).to_lowercase();
        serde_json::from_value(serde_json::Value::String(v.clone())).map_err(|_| {
            self.error(
                column,
                format!("{v:?} is not one of {}", allowed.join(", ")),
            )
        })
    }
}

impl Table {
    pub fn row<'a>(&'a self, index: usize, cells: &'a [String]) -> Row<'a> {
        Row {
            number: index + 2,
            cells: self
                .header
                .iter()
                .map(String::as_str)
                .zip(cells.iter().map(String::as_str))
                .collect(),
        }
    }

    /// Every column must be known, none repeated, the required ones present.
    pub fn check_header(&self, known: &[&str], required: &[&str]) -> Result<(), Vec<CellError>> {
        let mut errors = Vec::new();
        for (i, name) in self.header.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            if !known.contains(&name.as_str()) {
                errors.push(CellError::new(
                    1,
                    name,
                    format!("unknown column; the columns are {}", known.join(", ")),
                ));
            } else if self.header[..i].contains(name) {
                errors.push(CellError::new(1, name, "the column appears twice"));
            }
        }
        for name in required {
            if !self.header.iter().any(|h| h == name) {
                errors.push(CellError::new(1, name, "required column is missing"));
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// Reads a CSV (UTF-8, `,` or `;` separated, as Excel writes it in an Indonesian locale) or
/// the first sheet of an XLSX workbook, told apart by the file's first bytes. Fully empty
/// rows are dropped.
pub fn read_table(bytes: &[u8]) -> Result<Table, CellError> {
    let mut rows = if bytes.starts_with(b"PK\x03\x04") {
        read_xlsx(bytes)?
    } else {
        read_csv(bytes)?
    };
    if rows.is_empty() {
        return Err(CellError::new(1, "", "the file is empty: no header row"));
    }
    let header: Vec<String> = rows
        .remove(0)
        .into_iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    if rows.len() > MAX_ROWS {
        return Err(CellError::new(
            MAX_ROWS + 2,
            "",
            format!("at most {MAX_ROWS} rows per file"),
        ));
    }
    Ok(Table { header, rows })
}

fn read_csv(bytes: &[u8]) -> Result<Vec<Vec<String>>, CellError> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| CellError::new(1, "", format!("the file is not UTF-8 text: {e}")))?;
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| CellError::new(i + 1, "", format!("not CSV: {e}")))?;
        out.push(record.iter().map(str::to_string).collect());
    }
    Ok(out)
}

/// A cell as text: dates as YYYY-MM-DD, whole numbers without a decimal point.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "ya" } else { "tidak" }.to_string(),
        Data::DateTime(d) => excel_date(d.as_f64()),
        Data::DateTimeIso(s) => s.chars().take(10).collect(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Excel's serial day number (1900 system; day 60 is the non-existent 1900-02-29) as a date.
fn excel_date(serial: f64) -> String {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    let days = serial.floor();
    if !(1.0..=2_958_465.0).contains(&days) {
        return serial.to_string();
    }
    epoch
        .checked_add_days(Days::new(days as u64))
        .map_or_else(|| serial.to_string(), |d| d.to_string())
}

fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, CellError> {
    let bad = |e: String| CellError::new(1, "", format!("not a readable XLSX workbook: {e}"));
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(bad("it has no sheet".into()));
    };
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| bad(e.to_string()))?;
    Ok(range
        .rows()
        .map(|r| r.iter().map(cell_text).collect())
        .collect())
}

/// One CSV line (RFC 4180 quoting), for streaming exports.
pub fn write_csv_row(cells: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // Writing into a Vec cannot fail.
    let _ = w.write_record(cells);
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_semicolons_and_a_bom_reads_like_commas() {
        let a = read_table("\u{feff}Nama;PD\nSIMPUS;dinkes\n;\n".as_bytes()).unwrap();
        let b = read_table(b"nama,pd\nSIMPUS,dinkes\n").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.header, ["nama", "pd"]);
        assert_eq!(a.rows, [["SIMPUS", "dinkes"]]);
    }

    #[test]
    fn an_xlsx_written_here_reads_back_with_dates_and_numbers_as_text() {
        let bytes = super::super::xlsx::xlsx(
            "data",
            &["name", "bandwidth_mbps"],
            &[vec!["Puskesmas Painan".into(), "40".into()]],
        )
        .unwrap();
        let t = read_table(&bytes).unwrap();
        assert_eq!(t.header, ["name", "bandwidth_mbps"]);
        assert_eq!(t.rows, [["Puskesmas Painan", "40"]]);
        assert_eq!(cell_text(&Data::Float(40.0)), "40");
        assert_eq!(excel_date(46_350.0), "2026-11-24");
    }

    #[test]
    fn headers_are_checked_for_unknown_repeated_and_missing_columns() {
        let t = read_table(b"name,nama,name\nx,y,z\n").unwrap();
        let errors = t
            .check_header(&["name", "pd"], &["name", "pd"])
            .unwrap_err();
        let got: Vec<_> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
        assert_eq!(got, [(1, "nama"), (1, "name"), (1, "pd")]);
    }

    #[test]
    fn bad_cells_name_their_row_and_column() {
        let t = read_table(b"tanggal,angka,ya\n31/12/2025,x,mungkin\n").unwrap();
        let row = t.row(0, &t.rows[0]);
        assert_eq!(
            row.date("tanggal").unwrap(),
            NaiveDate::from_ymd_opt(2025, 12, 31)
        );
        let e = row.required_int("angka").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (2, "angka"));
        assert!(row.flag("ya").is_err());
        assert!(read_table(b"").is_err());
        assert!(read_table(b"PK\x03\x04not a zip").is_err());
    }
}
