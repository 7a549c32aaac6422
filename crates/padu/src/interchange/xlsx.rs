//! A streaming XLSX (Office Open XML) writer: one worksheet, the header in bold, every cell an
//! inline string. The ZIP is written as a stream (local headers with data descriptors), so a
//! large export leaves as it is written instead of being built in memory first.

use std::io::Write;
use std::sync::{Arc, Mutex};
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Two cell formats: 0 plain, 1 bold (the header).
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// A `Write` whose bytes pile up in a shared buffer, for taking out as they come.
#[derive(Clone, Default)]
pub struct SharedBuf(Arc<Mutex<Vec<u8>>>);

impl SharedBuf {
    /// Everything written since the last take.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Write for SharedBuf {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .extend_from_slice(data);
        Ok(data.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
pub(super) fn column_letters(mut i: usize) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
}

pub struct XlsxStream<W: Write> {
    zip: ZipWriter<zip::write::StreamWriter<W>>,
    next_row: usize,
}

type Result<T> = std::result::Result<T, String>;

impl<W: Write> XlsxStream<W> {
    /// Starts a workbook with one sheet named `sheet` and the header row.
    pub fn new(out: W, sheet: &str, header: &[&str]) -> Result<Self> {
        let mut zip = ZipWriter::new_stream(out);
        let options =
            SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        let mut name = String::new();
        escape(&sheet.chars().take(31).collect::<String>(), &mut name);
        let workbook = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        );
        for (path, body) in [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("_rels/.rels", ROOT_RELS),
            ("xl/workbook.xml", workbook.as_str()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
            ("xl/styles.xml", STYLES),
        ] {
            zip.start_file(path, options).map_err(|e| e.to_string())?;
            zip.write_all(body.as_bytes()).map_err(|e| e.to_string())?;
        }
        zip.start_file("xl/worksheets/sheet1.xml", options)
            .map_err(|e| e.to_string())?;
        zip.write_all(
            br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
        )
        .map_err(|e| e.to_string())?;
        let mut x = XlsxStream { zip, next_row: 1 };
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        x.write_row(&header, true)?;
        Ok(x)
    }

    fn write_row(&mut self, cells: &[String], bold: bool) -> Result<()> {
        let r = self.next_row;
        let mut xml = format!("<row r=\"{r}\">");
        for (i, v) in cells.iter().enumerate() {
            let style = if bold { " s=\"1\"" } else { "" };
            xml.push_str(&format!(
                "<c r=\"{}{r}\" t=\"inlineStr\"{style}><is><t xml:space=\"preserve\">",
                column_letters(i)
            ));
            escape(v, &mut xml);
            xml.push_str("</t></is></c>");
        }
        xml.push_str("</row>");
        self.next_row += 1;
        self.zip
            .write_all(xml.as_bytes())
            .map_err(|e| e.to_string())
    }

    pub fn row(&mut self, cells: &[String]) -> Result<()> {
        self.write_row(cells, false)
    }

    /// Closes the sheet and the archive.
    pub fn finish(mut self) -> Result<()> {
        self.zip
            .write_all(b"</sheetData></worksheet>")
            .map_err(|e| e.to_string())?;
        self.zip.finish().map(|_| ()).map_err(|e| e.to_string())
    }
}

/// A whole workbook in memory (small files: tests, the planning register).
pub fn xlsx(sheet: &str, header: &[&str], rows: &[Vec<String>]) -> Result<Vec<u8>> {
    let buf = SharedBuf::default();
    let mut x = XlsxStream::new(buf.clone(), sheet, header)?;
    for r in rows {
        x.row(r)?;
    }
    x.finish()?;
    Ok(buf.take())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_spreadsheets_do() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn a_streamed_workbook_reads_back_whole_with_awkward_text() {
        let rows = vec![
            vec!["Dinas <Kesehatan> & \"Gizi\"".to_string(), "40".into()],
            vec!["baris\nkedua".to_string(), String::new()],
        ];
        let bytes = xlsx("data", &["name", "bandwidth_mbps"], &rows).unwrap();
        let t = crate::interchange::read_table(&bytes).unwrap();
        assert_eq!(t.header, ["name", "bandwidth_mbps"]);
        assert_eq!(t.rows[0], rows[0]);
        assert_eq!(t.rows[1][0], "baris\nkedua");
    }
}
