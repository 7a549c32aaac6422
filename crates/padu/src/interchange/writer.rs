//! A sheet written piece by piece, as CSV or XLSX: the header when it starts, rows as they come,
//! the closing bytes at the end. Each call hands back the bytes ready to send, so an export
//! streams whatever its format.

use super::table::{guard_formula, write_csv_row};
use super::xlsx::{SharedBuf, XlsxStream};

pub enum SheetWriter {
    Csv,
    Xlsx {
        book: Box<XlsxStream<SharedBuf>>,
        out: SharedBuf,
    },
}

impl SheetWriter {
    /// Starts a sheet (`xlsx` or CSV); returns the writer and the header's bytes.
    pub fn start(xlsx: bool, sheet: &str, header: &[&str]) -> Result<(Self, Vec<u8>), String> {
        if xlsx {
            let out = SharedBuf::default();
            let book = XlsxStream::new(out.clone(), sheet, header)?;
            let first = out.take();
            Ok((
                SheetWriter::Xlsx {
                    book: Box::new(book),
                    out,
                },
                first,
            ))
        } else {
            let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
            Ok((SheetWriter::Csv, write_csv_row(&header)))
        }
    }

    /// Writes rows, formula-like cells guarded; returns the bytes they made so far.
    pub fn rows(&mut self, rows: impl IntoIterator<Item = Vec<String>>) -> Result<Vec<u8>, String> {
        let rows = rows
            .into_iter()
            .map(|r| r.into_iter().map(guard_formula).collect::<Vec<_>>());
        match self {
            SheetWriter::Csv => Ok(rows.into_iter().flat_map(|r| write_csv_row(&r)).collect()),
            SheetWriter::Xlsx { book, out } => {
                for r in rows {
                    book.row(&r)?;
                }
                Ok(out.take())
            }
        }
    }

    /// Closes the sheet; returns its last bytes.
    pub fn finish(self) -> Result<Vec<u8>, String> {
        match self {
            SheetWriter::Csv => Ok(Vec::new()),
            SheetWriter::Xlsx { book, out } => {
                book.finish()?;
                Ok(out.take())
            }
        }
    }

    pub fn content_type(xlsx: bool) -> &'static str {
        if xlsx {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        } else {
            "text/csv; charset=utf-8"
        }
    }
}
