//! A file as a header and rows of text, whichever format it came in; and the two formats out.

use super::CellError;
use calamine::{Data, Reader, Xlsx};
use chrono::{Days, NaiveDate};
use std::collections::HashMap;
use std::io::{Cursor, Read};

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

    /// A moment in the region's time (`padu_domain::manajemen::security::parse_moment`).
    pub fn moment(&self, column: &str) -> Result<Option<chrono::NaiveDateTime>, CellError> {
        match self.text(column) {
            "" => Ok(None),
            v => padu_domain::manajemen::security::parse_moment(v)
                .map(Some)
                .ok_or_else(|| {
                    self.error(
                        column,
                        format!("{v} is not a moment (YYYY-MM-DD HH:MM or DD/MM/YYYY HH:MM)"),
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

/// The most columns a sheet may have (the widest register, plans, has fewer than 50).
pub const MAX_COLUMNS: usize = 100;
/// The most characters in one cell: Excel's own limit.
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most bytes an XLSX's parts may inflate to, all together: a register's 100,000 rows as
/// Padu exports them take well under half of it. Beyond it the file is a ZIP bomb.
pub const MAX_XLSX_INFLATED: u64 = 256 * 1024 * 1024;
/// The most parts (ZIP entries) an XLSX may have.
const MAX_XLSX_PARTS: usize = 10_000;
/// The most bytes of XML one cell of a sheet (or one shared text) may take: room for
/// `MAX_CELL_CHARS` characters of UTF-8 with escapes and rich-text runs, and a bound on what
/// the XLSX reader holds for one cell before the cell itself can be checked.
const MAX_CELL_XML_BYTES: usize = 1024 * 1024;

/// Reads a CSV (UTF-8, `,` or `;` separated, as Excel writes it in an Indonesian locale) or
/// the first sheet of an XLSX workbook, told apart by the file's first bytes. Fully empty
/// rows are dropped. Sizes are bounded while reading (rows, columns, a cell's length, what an
/// XLSX inflates to), and a cell holding a control character other than tab or a line break
/// is refused, each by row and column. The apostrophe an export puts before formula-like text
/// is taken off again.
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
    Ok(Table { header, rows })
}

/// Rows as they are read, checked cell by cell: the first row is the header, which fixes
/// the width; data cells right of the header are not kept (they have no column).
#[derive(Default)]
struct RowsReader {
    rows: Vec<Vec<String>>,
}

impl RowsReader {
    /// The width a row may have: the header's once it is read.
    fn width(&self) -> usize {
        self.rows.first().map_or(MAX_COLUMNS, Vec::len)
    }

    /// A cell's column as errors name it: the header's name, or the column letter.
    fn column(&self, index: usize) -> String {
        self.rows
            .first()
            .and_then(|h| h.get(index))
            .map(|h| h.trim().to_lowercase())
            .filter(|h| !h.is_empty())
            .unwrap_or_else(|| super::xlsx::column_letters(index))
    }

    /// Adds a row (`number` as the spreadsheet counts it) unless it is empty.
    fn push(&mut self, number: usize, cells: Vec<String>) -> Result<(), CellError> {
        if !cells.iter().any(|c| !c.trim().is_empty()) {
            return Ok(());
        }
        if self.rows.len() > MAX_ROWS {
            return Err(CellError::new(
                number,
                "",
                format!("at most {MAX_ROWS} rows per file"),
            ));
        }
        let mut row = Vec::with_capacity(cells.len().min(self.width()));
        for (i, cell) in cells.into_iter().enumerate() {
            if i >= self.width() {
                if self.rows.is_empty() && !cell.trim().is_empty() {
                    return Err(CellError::new(
                        number,
                        &self.column(i),
                        format!("at most {MAX_COLUMNS} columns"),
                    ));
                }
                continue;
            }
            row.push(self.checked(number, i, cell)?);
        }
        self.rows.push(row);
        Ok(())
    }

    /// A cell's text, checked and with an export's formula guard taken off.
    fn checked(&self, number: usize, index: usize, cell: String) -> Result<String, CellError> {
        if cell.chars().count() > MAX_CELL_CHARS {
            return Err(CellError::new(
                number,
                &self.column(index),
                format!("a cell holds at most {MAX_CELL_CHARS} characters"),
            ));
        }
        if let Some(c) = padu_domain::text::forbidden_char(&cell) {
            return Err(CellError::new(
                number,
                &self.column(index),
                padu_domain::text::forbidden_message(c),
            ));
        }
        Ok(unguard_formula(cell))
    }
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
    let mut out = RowsReader::default();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| CellError::new(i + 1, "", format!("not CSV: {e}")))?;
        out.push(i + 1, record.iter().map(str::to_string).collect())?;
    }
    Ok(out.rows)
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

fn not_xlsx(e: impl std::fmt::Display) -> CellError {
    CellError::new(1, "", format!("not a readable XLSX workbook: {e}"))
}

fn too_large(limit: u64) -> CellError {
    CellError::new(
        1,
        "",
        format!(
            "the workbook inflates to more than {} MB; split it into smaller files",
            limit / 1024 / 1024
        ),
    )
}

/// Inflates every part of the workbook once, counting, before the XLSX reader sees it: the
/// ZIP's declared sizes are checked first, then the bytes that really come out (declared sizes
/// can lie), and no cell of a sheet may take more than `MAX_CELL_XML_BYTES` of XML. Memory
/// stays a buffer's worth whatever the file holds.
fn check_xlsx_parts(bytes: &[u8], limit: u64) -> Result<(), CellError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(not_xlsx)?;
    if zip.len() > MAX_XLSX_PARTS {
        return Err(not_xlsx(format!("more than {MAX_XLSX_PARTS} parts")));
    }
    let mut declared = 0u64;
    for i in 0..zip.len() {
        declared = declared.saturating_add(zip.by_index_raw(i).map_err(not_xlsx)?.size());
    }
    if declared > limit {
        return Err(too_large(limit));
    }
    let mut left = limit;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).map_err(not_xlsx)?;
        let name = part.name().to_ascii_lowercase();
        let mut cells = (name.starts_with("xl/worksheets/") || name == "xl/sharedstrings.xml")
            .then(CellXml::default);
        loop {
            let n = part.read(&mut buf).map_err(not_xlsx)?;
            if n == 0 {
                break;
            }
            left = left.checked_sub(n as u64).ok_or_else(|| too_large(limit))?;
            if let Some(cells) = cells.as_mut() {
                cells.feed(&buf[..n])?;
            }
        }
    }
    Ok(())
}

/// Measures a sheet's XML cell by cell: the bytes from a cell's (or shared text's) start tag
/// to its end tag, and outside cells the bytes of any one tag or text between tags.
#[derive(Default)]
struct CellXml {
    in_tag: bool,
    /// The current tag's first bytes: its name, after `/` for an end tag.
    tag: Vec<u8>,
    last: u8,
    in_cell: bool,
    run: usize,
}

impl CellXml {
    fn feed(&mut self, bytes: &[u8]) -> Result<(), CellError> {
        for &b in bytes {
            self.run += 1;
            if self.run > MAX_CELL_XML_BYTES {
                return Err(CellError::new(
                    1,
                    "",
                    format!(
                        "a cell of the workbook holds more than {} MB (at most {MAX_CELL_CHARS} characters)",
                        MAX_CELL_XML_BYTES / 1024 / 1024
                    ),
                ));
            }
            if !self.in_tag {
                if b == b'<' {
                    self.in_tag = true;
                    self.tag.clear();
                }
            } else if b == b'>' {
                self.in_tag = false;
                self.tag_ended();
            } else if self.tag.len() < 16 {
                self.tag.push(b);
            }
            self.last = b;
        }
        Ok(())
    }

    fn tag_ended(&mut self) {
        let end_tag = self.tag.first() == Some(&b'/');
        let name = self.tag[usize::from(end_tag)..]
            .split(|b| b.is_ascii_whitespace() || *b == b'/')
            .next()
            .unwrap_or_default();
        let local = name.rsplit(|b| *b == b':').next().unwrap_or_default();
        if local == b"c" || local == b"si" {
            self.in_cell = !end_tag && self.last != b'/';
            self.run = 0;
        } else if !self.in_cell {
            self.run = 0;
        }
    }
}

/// The first sheet's cells, read one at a time: rows are built as they come, so the sheet's
/// claimed dimensions never size anything.
pub(crate) fn read_xlsx(bytes: &[u8]) -> Result<Vec<Vec<String>>, CellError> {
    check_xlsx_parts(bytes, MAX_XLSX_INFLATED)?;
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(not_xlsx)?;
    let Some(sheet) = book.sheet_names().first().cloned() else {
        return Err(not_xlsx("it has no sheet"));
    };
    let mut cells = book.worksheet_cells_reader(&sheet).map_err(not_xlsx)?;
    let mut out = RowsReader::default();
    // The row being read: its index and cells.
    let (mut at, mut row) = (0u32, Vec::new());
    while let Some(cell) = cells.next_cell().map_err(not_xlsx)? {
        let (r, c) = cell.get_position();
        let text = cell_text(&Data::from(cell.get_value().clone()));
        if text.is_empty() {
            continue;
        }
        if r != at {
            if r < at {
                return Err(not_xlsx(format!(
                    "row {} comes after row {}",
                    r + 1,
                    at + 1
                )));
            }
            out.push(at as usize + 1, std::mem::take(&mut row))?;
            at = r;
        }
        let c = c as usize;
        if c >= out.width() {
            if out.rows.is_empty() {
                return Err(CellError::new(
                    at as usize + 1,
                    &super::xlsx::column_letters(c),
                    format!("at most {MAX_COLUMNS} columns"),
                ));
            }
            continue;
        }
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        row[c] = text;
    }
    out.push(at as usize + 1, row)?;
    Ok(out.rows)
}

/// The first characters that make a spreadsheet program read a cell as a formula (OWASP's
/// CSV injection list: `=HYPERLINK(…)` in a register would run when the export is opened).
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether an export puts an apostrophe before `text`: it starts like a formula and is not a
/// number (`-6.9` stays as it is), after any apostrophes it already has, so that the import
/// can take off exactly the one the export added.
fn needs_formula_guard(text: &str) -> bool {
    let text = text.trim_start_matches('\'');
    text.starts_with(FORMULA_START)
        && !text
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .is_ok_and(f64::is_finite)
}

/// A cell as an export writes it: formula-like text behind an apostrophe, which spreadsheet
/// programs show as text and never run.
pub fn guard_formula(text: String) -> String {
    if needs_formula_guard(&text) {
        format!("'{text}")
    } else {
        text
    }
}

/// The inverse of [`guard_formula`], for every cell an import reads.
fn unguard_formula(text: String) -> String {
    match text.strip_prefix('\'') {
        Some(rest) if needs_formula_guard(rest) => rest.to_string(),
        _ => text,
    }
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

    /// A workbook written here whose sheet's central directory entry claims `claimed` bytes.
    fn lying_about_its_size(bytes: &[u8], claimed: u32) -> Vec<u8> {
        let mut bytes = bytes.to_vec();
        let name = b"xl/worksheets/sheet1.xml";
        let entry = (0..bytes.len() - 46)
            .find(|&i| bytes[i..].starts_with(b"PK\x01\x02") && bytes[i + 46..].starts_with(name))
            .expect("the sheet's central directory entry");
        bytes[entry + 24..entry + 28].copy_from_slice(&claimed.to_le_bytes());
        bytes
    }

    #[test]
    fn a_workbook_is_bounded_by_its_declared_and_its_real_inflated_size() {
        let big = "A".repeat(2 * 1024 * 1024);
        let bytes = crate::interchange::xlsx("data", &["name"], &[vec![big]]).unwrap();
        assert!(bytes.len() < 64 * 1024, "it compresses well");
        let declared = check_xlsx_parts(&bytes, 1024 * 1024).unwrap_err();
        assert!(
            declared.message.contains("inflates to more than 1 MB"),
            "{declared:?}"
        );
        // The sizes in the ZIP can lie: what comes out of inflating is counted too.
        let lying = lying_about_its_size(&bytes, 100);
        let e = check_xlsx_parts(&lying, 1024 * 1024).unwrap_err();
        assert!(e.message.contains("inflates to more than"), "{e:?}");
        assert!(
            check_xlsx_parts(&bytes, MAX_XLSX_INFLATED).is_err(),
            "a 2 MB cell"
        );
    }

    #[test]
    fn a_cell_is_bounded_in_the_sheet_and_named_by_row_and_column() {
        // Beyond the XML bound: refused while inflating, before any reader holds it.
        let huge = "A".repeat(MAX_CELL_XML_BYTES + 1);
        let bytes = crate::interchange::xlsx("data", &[&huge], &[]).unwrap();
        let e = read_table(&bytes).unwrap_err();
        assert!(e.message.contains("more than 1 MB"), "{e:?}");
        assert!(e.column.len() < 100 && e.message.len() < 700);
        // Beyond Excel's own cell limit: refused by row and column, in XLSX and CSV alike.
        let long = "B".repeat(MAX_CELL_CHARS + 1);
        let bytes = crate::interchange::xlsx(
            "data",
            &["name", "note"],
            &[
                vec!["ok".into(), "ok".into()],
                vec!["ok".into(), long.clone()],
            ],
        )
        .unwrap();
        let e = read_table(&bytes).unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (3, "note"), "{e:?}");
        let csv = format!("name,note\nok,ok\nok,{long}\n");
        let e = read_table(csv.as_bytes()).unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (3, "note"), "{e:?}");
        assert!(e.message.len() < 200);
    }

    #[test]
    fn columns_are_bounded_and_a_far_cell_sizes_nothing() {
        let header: Vec<String> = (0..=MAX_COLUMNS).map(|i| format!("c{i}")).collect();
        let csv = header.join(",") + "\n";
        let e = read_table(csv.as_bytes()).unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (1, "CW"), "{e:?}");
        // A sheet claiming the last cell of Excel's grid: refused, nothing allocated for it.
        let mut cells = vec![String::new(); 16_384];
        cells[0] = "name".into();
        cells[16_383] = "x".into();
        let header: Vec<&str> = cells.iter().map(String::as_str).collect();
        let bytes = crate::interchange::xlsx("data", &header, &[]).unwrap();
        let e = read_table(&bytes).unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (1, "XFD"), "{e:?}");
        // Data cells right of the header have no column and are not kept.
        let t = read_table(b"name\nx,y,z\n").unwrap();
        assert_eq!(t.rows, [["x"]]);
    }

    #[test]
    fn a_control_character_in_a_cell_is_refused_by_row_and_column() {
        let e = read_table(b"name,note\nok,a\0b\n").unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (2, "note"), "{e:?}");
        assert!(e.message.contains("U+0000"));
        let t = read_table(b"name,note\n\"two\r\nlines\",\ttab\n").unwrap();
        assert_eq!(t.rows[0][0], "two\r\nlines");
    }

    #[test]
    fn formula_like_cells_are_guarded_on_export_and_unguarded_on_import() {
        for (value, exported) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+62 812 555", "'+62 812 555"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
            ("\tx", "'\tx"),
            ("'=already quoted", "''=already quoted"),
            ("-6.9", "-6.9"),
            ("-1,343738", "-1,343738"),
            ("+5", "+5"),
            ("'plain", "'plain"),
            ("Dinas Kesehatan", "Dinas Kesehatan"),
            ("", ""),
        ] {
            assert_eq!(guard_formula(value.into()), exported, "{value}");
            assert_eq!(unguard_formula(exported.into()), value, "{value}");
        }
        let rows = vec![vec!["=1+1".to_string(), "-6.9".into()]];
        let mut csv = Vec::new();
        let (mut w, header) = super::super::SheetWriter::start(false, "x", &["a", "b"]).unwrap();
        csv.extend(header);
        csv.extend(w.rows(rows.clone()).unwrap());
        assert_eq!(String::from_utf8_lossy(&csv), "a,b\n'=1+1,-6.9\n");
        assert_eq!(read_table(&csv).unwrap().rows, rows);
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
