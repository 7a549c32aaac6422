//! Reads a network-site table in the shape of Pessel Lampiran I Tabel 4.2 ("Daftar Layanan
//! Akses Metronet": NO, LAYANAN, NAMA OPD (LOKASI/CABANG), ALAMAT INSTALASI, LEBAR PITA (MBPS),
//! TITIK KOORDINAT), either inside the regulation's text or as a tab-separated file a region
//! exports from its own spreadsheet. Pure: text in, sites or row/column errors out.

use serde::Serialize;

/// What kind of place a site is, which decides who owns it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteKind {
    /// The office of a Perangkat Daerah (Dinas, Badan, Sekretariat, Inspektorat, Satuan, Kecamatan).
    PdOffice,
    /// A Puskesmas: a unit of the Dinas Kesehatan.
    Puskesmas,
    /// A regional hospital: a unit of the Dinas Kesehatan.
    Rsud,
    /// A representative office of the Pemda: a unit of the Sekretariat Daerah.
    KantorPerwakilan,
    /// A public location (park, rest area) connected by the Dinas Kominfo.
    LokasiPublik,
}

impl SiteKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SiteKind::PdOffice => "pd_office",
            SiteKind::Puskesmas => "puskesmas",
            SiteKind::Rsud => "rsud",
            SiteKind::KantorPerwakilan => "kantor_perwakilan",
            SiteKind::LokasiPublik => "lokasi_publik",
        }
    }
}

pub const DINAS_KESEHATAN: &str = "DINAS KESEHATAN";
pub const SEKRETARIAT_DAERAH: &str = "SEKRETARIAT DAERAH";
pub const DINAS_KOMINFO: &str = "DINAS KOMUNIKASI DAN INFORMATIKA";

/// Decides a site's kind from the nomenclature of its name, and the PD that owns it when the
/// site is not itself a PD (the national nomenclature of Perangkat Daerah, PP 18/2016).
pub fn classify_site(name: &str) -> (SiteKind, Option<&'static str>) {
    let upper = name.to_uppercase();
    let starts = |p: &str| upper.starts_with(p);
    if starts("PUSKESMAS") {
        (SiteKind::Puskesmas, Some(DINAS_KESEHATAN))
    } else if starts("RSUD") || starts("RUMAH SAKIT") {
        (SiteKind::Rsud, Some(DINAS_KESEHATAN))
    } else if starts("KANTOR PERWAKILAN") {
        (SiteKind::KantorPerwakilan, Some(SEKRETARIAT_DAERAH))
    } else if [
        "DINAS ",
        "BADAN ",
        "SEKRETARIAT ",
        "INSPEKTORAT",
        "SATUAN ",
        "KECAMATAN ",
    ]
    .iter()
    .any(|p| starts(p))
    {
        (SiteKind::PdOffice, None)
    } else {
        (SiteKind::LokasiPublik, Some(DINAS_KOMINFO))
    }
}

/// One site as read from the table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SiteRow {
    /// Line of the input where the row starts (1-based).
    pub line: usize,
    pub no: u32,
    pub service: String,
    pub name: String,
    pub address: String,
    pub bandwidth_mbps: i64,
    pub latitude: f64,
    pub longitude: f64,
    pub kind: SiteKind,
    /// The owning PD's name for sites that are not themselves a PD.
    pub owner_pd: Option<String>,
}

/// A problem in one cell of the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    pub line: usize,
    pub column: String,
    pub message: String,
}

pub const COLUMNS: [&str; 6] = [
    "NO",
    "LAYANAN",
    "NAMA OPD (LOKASI/CABANG)",
    "ALAMAT INSTALASI",
    "LEBAR PITA (MBPS)",
    "TITIK KOORDINAT",
];

/// The result of reading a table: every good row and every error. Callers write nothing
/// unless `errors` is empty (or the operator chose to skip bad rows).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ParsedTable {
    pub rows: Vec<SiteRow>,
    pub errors: Vec<CellError>,
}

fn is_header(line: &str) -> bool {
    let up = line.to_uppercase();
    up.starts_with("NO\t") && up.contains("KOORDINAT")
}

/// Parses the table. In a regulation text the table starts after the line "Tabel 4.2"; in a
/// plain file, at its first header line.
pub fn parse(text: &str) -> ParsedTable {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with("Tabel 4.2"))
        .or_else(|| lines.iter().position(|l| is_header(l)));
    let mut out = ParsedTable::default();
    let Some(start) = start else {
        out.errors.push(CellError {
            line: 1,
            column: "NO".into(),
            message: format!(
                "no table header found (expected the columns {})",
                COLUMNS.join(", ")
            ),
        });
        return out;
    };

    // Raw cells per row, with continuation lines (first cell empty) appended to the row above:
    // the regulation breaks long addresses and coordinates over such lines.
    let mut raw: Vec<(usize, Vec<String>)> = Vec::new();
    let mut seen_header = is_header(lines[start]);
    for (idx, line) in lines.iter().enumerate().skip(start + 1) {
        let line_no = idx + 1;
        let trimmed = line.trim();
        if is_header(line) {
            seen_header = true;
            continue;
        }
        if trimmed.is_empty() {
            continue;
        }
        if trimmed.starts_with("*Sumber") || trimmed.starts_with("Sumber") {
            break;
        }
        if !seen_header {
            continue;
        }
        let cells: Vec<&str> = line.split('\t').collect();
        let first = cells[0].trim();
        if first.is_empty() && line.starts_with('\t') {
            if let Some((_, prev)) = raw.last_mut() {
                for (i, cell) in cells.iter().enumerate() {
                    let cell = cell.trim();
                    if !cell.is_empty() && i < prev.len() {
                        prev[i] = format!("{} {}", prev[i], cell).trim().to_string();
                    }
                }
            }
            continue;
        }
        if !first.chars().all(|c| c.is_ascii_digit()) {
            // Prose after the table ends it.
            if raw.is_empty() {
                continue;
            }
            break;
        }
        let mut row: Vec<String> = cells.iter().map(|c| c.trim().to_string()).collect();
        row.resize(COLUMNS.len(), String::new());
        raw.push((line_no, row));
    }

    for (line, cells) in raw {
        let mut err = |col: usize, message: String| {
            out.errors.push(CellError {
                line,
                column: COLUMNS[col].into(),
                message,
            })
        };
        if let Some((col, c)) = cells
            .iter()
            .enumerate()
            .find_map(|(i, cell)| crate::text::forbidden_char(cell).map(|c| (i, c)))
        {
            err(col, crate::text::forbidden_message(c));
            continue;
        }
        let no = cells[0].parse::<u32>().unwrap_or(0);
        let name = cells[2].split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            err(2, "the site's name is empty".into());
        }
        let bandwidth = match cells[4].replace(['.', ' '], "").parse::<i64>() {
            Ok(b) if b > 0 && b <= 1_000_000 => Some(b),
            _ => {
                err(
                    4,
                    format!(
                        "'{}' is not a bandwidth in Mbps (a whole number above 0)",
                        cells[4]
                    ),
                );
                None
            }
        };
        let coords = parse_coordinates(&cells[5]);
        if let Err(m) = &coords {
            err(5, m.clone());
        }
        if let (false, Some(bandwidth_mbps), Ok((latitude, longitude))) =
            (name.is_empty(), bandwidth, coords)
        {
            let (kind, owner) = classify_site(&name);
            out.rows.push(SiteRow {
                line,
                no,
                service: cells[1].clone(),
                name,
                address: cells[3].split_whitespace().collect::<Vec<_>>().join(" "),
                bandwidth_mbps,
                latitude,
                longitude,
                kind,
                owner_pd: owner.map(str::to_string),
            });
        }
    }
    if out.rows.is_empty() && out.errors.is_empty() {
        out.errors.push(CellError {
            line: start + 1,
            column: "NO".into(),
            message: "the table has no rows".into(),
        });
    }
    out
}

/// The table's column that holds a site's field, for errors the store finds in a row.
pub fn column_of_field(field: &str) -> &'static str {
    match field {
        "service" => COLUMNS[1],
        "address" => COLUMNS[3],
        "bandwidth_mbps" => COLUMNS[4],
        "latitude" | "longitude" => COLUMNS[5],
        _ => COLUMNS[2],
    }
}

/// Reads "-1,343738 100,579432" (decimal commas, as the regulation writes them) or
/// "-1.343738, 100.579432" into latitude and longitude.
pub fn parse_coordinates(text: &str) -> Result<(f64, f64), String> {
    let bad = || {
        format!(
            "'{text}' is not a coordinate pair 'latitude longitude' (e.g. -1,343738 100,579432)"
        )
    };
    let parts: Vec<&str> = if text.contains('.') {
        text.split([' ', ',', ';'])
            .filter(|p| !p.is_empty())
            .collect()
    } else {
        text.split_whitespace().collect()
    };
    let [lat, lon] = parts.as_slice() else {
        return Err(bad());
    };
    let num = |s: &str| s.replace(',', ".").parse::<f64>().map_err(|_| bad());
    let (lat, lon) = (num(lat)?, num(lon)?);
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(format!(
            "'{text}' is outside the range of latitude (-90..90) and longitude (-180..180)"
        ));
    }
    Ok((lat, lon))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Tabel 4.2 Daftar Layanan Akses Metronet\n\nNO\tLAYANAN\tNAMA OPD (LOKASI/CABANG)\tALAMAT INSTALASI\tLEBAR PITA (MBPS)\tTITIK KOORDINAT\n1\tMETRO E\tDINAS KESEHATAN\tJL. H. AGUS SALIM PAINAN\t10\t-1,348672  100,578992\n2\tMETRO E\tPUSKESMAS AIRPURA\tJL. LINTAS SUMATRA - BENGKULU\t10\t-1,98653\n\nNO\tLAYANAN\tNAMA OPD (LOKASI/CABANG)\tALAMAT INSTALASI\tLEBAR PITA (MBPS)\tTITIK KOORDINAT\n\t\t\tKECAMATAN AIRPURA KAB PESISIR SELATAN\t\t100,931367\n3\tMETRO E\tTAMAN SPORA PAINAN\tJl. H. ILYAS YAKUB\t40\t-1,344639 100,578891\n\n*Sumber: Diskominfo*\n";

    #[test]
    fn a_control_character_is_refused_by_line_and_column() {
        let t = parse(&SAMPLE.replace("JL. H. AGUS SALIM", "JL. H.\u{0}AGUS SALIM"));
        let got: Vec<_> = t
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect();
        assert_eq!(got, [(4, "ALAMAT INSTALASI")], "{:?}", t.errors);
        assert!(t.errors[0].message.contains("U+0000"));
        assert_eq!(t.rows.len(), 2, "the other rows still read");
        assert_eq!(column_of_field("name"), "NAMA OPD (LOKASI/CABANG)");
    }

    #[test]
    fn reads_rows_continuations_and_split_coordinates() {
        let t = parse(SAMPLE);
        assert!(t.errors.is_empty(), "{:?}", t.errors);
        assert_eq!(t.rows.len(), 3);
        assert_eq!(t.rows[0].latitude, -1.348672);
        let airpura = &t.rows[1];
        assert_eq!(
            airpura.address,
            "JL. LINTAS SUMATRA - BENGKULU KECAMATAN AIRPURA KAB PESISIR SELATAN"
        );
        assert_eq!(
            (airpura.latitude, airpura.longitude),
            (-1.98653, 100.931367)
        );
        assert_eq!(airpura.kind, SiteKind::Puskesmas);
        assert_eq!(airpura.owner_pd.as_deref(), Some(DINAS_KESEHATAN));
        assert_eq!(t.rows[2].kind, SiteKind::LokasiPublik);
        assert_eq!(t.rows[2].owner_pd.as_deref(), Some(DINAS_KOMINFO));
    }

    #[test]
    fn errors_name_line_and_column() {
        let text = "NO\tLAYANAN\tNAMA OPD (LOKASI/CABANG)\tALAMAT INSTALASI\tLEBAR PITA (MBPS)\tTITIK KOORDINAT\n1\tMETRO E\tDINAS X\tJL\tsepuluh\t-1,3 100,5\n2\tMETRO E\t\tJL\t10\t-1,3 100,5\n3\tMETRO E\tDINAS Y\tJL\t10\t-91,0 100,5\n";
        let t = parse(text);
        assert!(t.rows.is_empty());
        let got: Vec<(usize, &str)> = t
            .errors
            .iter()
            .map(|e| (e.line, e.column.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                (2, "LEBAR PITA (MBPS)"),
                (3, "NAMA OPD (LOKASI/CABANG)"),
                (4, "TITIK KOORDINAT")
            ]
        );
    }

    #[test]
    fn no_table_is_an_error() {
        let t = parse("just some prose\n");
        assert_eq!(t.errors.len(), 1);
        assert!(t.rows.is_empty());
    }

    #[test]
    fn coordinates_in_both_notations() {
        assert_eq!(
            parse_coordinates("-1,343738 100,579432"),
            Ok((-1.343738, 100.579432))
        );
        assert_eq!(
            parse_coordinates("-1.343738, 100.579432"),
            Ok((-1.343738, 100.579432))
        );
        assert!(parse_coordinates("-1,3").is_err());
        assert!(parse_coordinates("abc def").is_err());
    }

    #[test]
    fn classification_follows_nomenclature() {
        assert_eq!(
            classify_site("KECAMATAN SUTERA"),
            (SiteKind::PdOffice, None)
        );
        assert_eq!(classify_site("INSPEKTORAT"), (SiteKind::PdOffice, None));
        assert_eq!(
            classify_site("RSUD TAPAN"),
            (SiteKind::Rsud, Some(DINAS_KESEHATAN))
        );
        assert_eq!(
            classify_site("KANTOR PERWAKILAN PEMDA KAB. PESEL DI TAPAN"),
            (SiteKind::KantorPerwakilan, Some(SEKRETARIAT_DAERAH))
        );
    }
}
