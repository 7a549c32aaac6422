//! The words a data set is described with, shared by the portal, the CKAN Action API and the
//! DCAT-AP catalogue: themes (the EU data themes DCAT-AP 3 names, so a harvester maps them),
//! open licences (CKAN's licence ids, with their titles and addresses), resource formats, and
//! the rule for a data set's name in addresses.

/// A theme: its code (the EU data-theme authority's), its label in Bahasa Indonesia.
pub const THEMES: [(&str, &str); 13] = [
    ("AGRI", "Pertanian, perikanan, kehutanan dan pangan"),
    ("ECON", "Ekonomi dan keuangan"),
    ("EDUC", "Pendidikan, kebudayaan dan olahraga"),
    ("ENER", "Energi"),
    ("ENVI", "Lingkungan hidup"),
    ("GOVE", "Pemerintahan dan sektor publik"),
    ("HEAL", "Kesehatan"),
    ("INTR", "Isu internasional"),
    ("JUST", "Hukum, peradilan dan keamanan publik"),
    ("REGI", "Wilayah dan kota"),
    ("SOCI", "Kependudukan dan masyarakat"),
    ("TECH", "Sains dan teknologi"),
    ("TRAN", "Transportasi"),
];

/// The address of theme `code` in the EU data-theme authority (DCAT-AP's dcat:theme).
pub fn theme_uri(code: &str) -> String {
    format!("http://publications.europa.eu/resource/authority/data-theme/{code}")
}

/// An open licence: CKAN's id, its title, its address.
pub struct Licence {
    pub id: &'static str,
    pub title: &'static str,
    pub url: &'static str,
}

pub const LICENCES: [Licence; 5] = [
    Licence {
        id: "cc-by",
        title: "Creative Commons Attribution 4.0",
        url: "https://creativecommons.org/licenses/by/4.0/",
    },
    Licence {
        id: "cc-by-sa",
        title: "Creative Commons Attribution Share-Alike 4.0",
        url: "https://creativecommons.org/licenses/by-sa/4.0/",
    },
    Licence {
        id: "cc-zero",
        title: "Creative Commons CCZero",
        url: "https://creativecommons.org/publicdomain/zero/1.0/",
    },
    Licence {
        id: "odc-by",
        title: "Open Data Commons Attribution License",
        url: "https://opendatacommons.org/licenses/by/1-0/",
    },
    Licence {
        id: "odc-odbl",
        title: "Open Data Commons Open Database License (ODbL)",
        url: "https://opendatacommons.org/licenses/odbl/1-0/",
    },
];

pub fn licence(id: &str) -> Option<&'static Licence> {
    LICENCES.iter().find(|l| l.id == id)
}

/// The format of a file named `filename`, by its extension, if it is one Padu accepts.
pub fn file_format(filename: &str) -> Option<&'static str> {
    let ext = filename.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "csv" => Some("CSV"),
        "json" => Some("JSON"),
        "xlsx" => Some("XLSX"),
        _ => None,
    }
}

/// Why `name` cannot name a data set in an address, if it cannot: CKAN's rule (2–100
/// characters of lowercase letters, digits, `-` and `_`), and not a word the portal's own
/// pages use.
pub fn check_name(name: &str) -> Result<(), &'static str> {
    if name.len() < 2 || name.len() > 100 {
        return Err("is 2 to 100 characters long");
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err("holds only lowercase letters, digits, - and _");
    }
    if RESERVED_NAMES.contains(&name) {
        return Err("is a word the portal's own pages use");
    }
    Ok(())
}

const RESERVED_NAMES: [&str; 4] = ["kelola", "baru", "katalog", "api"];

/// A name for a data set titled `title`: its words in lowercase, joined by `-`, at most 100
/// characters, for the producer to keep or change.
pub fn name_from_title(title: &str) -> String {
    let mut name = String::new();
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if name.len() + word.len() + 1 > 100 {
            break;
        }
        if !name.is_empty() {
            name.push('-');
        }
        name.push_str(&word.to_ascii_lowercase());
    }
    if name.len() < 2 {
        name = "data".to_string();
    }
    name
}

/// The update schedules a data set declares, with their months (Kalbar Pasal 11(5): at least
/// once a year).
pub const UPDATE_SCHEDULES: [(&str, u32); 5] = [
    ("bulanan", 1),
    ("triwulanan", 3),
    ("semesteran", 6),
    ("tahunan", 12),
    ("sekali", 0),
];

/// The content type of a resource file of `format`, once its bytes are what the format says:
/// CSV as UTF-8 text (a spreadsheet's other encodings are refused, not guessed), JSON that
/// parses, XLSX as the zip an office suite writes. The reason otherwise.
pub fn check_file(format: &str, data: &[u8]) -> Result<&'static str, &'static str> {
    match format {
        "CSV" => {
            let text = std::str::from_utf8(data)
                .map_err(|_| "is not UTF-8 text: save it as \"CSV UTF-8\"")?;
            if text.contains('\0') {
                return Err("is not a text file");
            }
            Ok("text/csv")
        }
        "JSON" => {
            serde_json::from_slice::<serde_json::Value>(data).map_err(|_| "is not valid JSON")?;
            Ok("application/json")
        }
        "XLSX" if data.starts_with(b"PK\x03\x04") => {
            Ok("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        }
        "XLSX" => Err("is not an XLSX workbook"),
        _ => Err("must be a CSV, JSON or XLSX file"),
    }
}

/// A record's id as CKAN clients know it, in CKAN's UUID shape, from the instance and the
/// record: the same on every call and every restart, different across instances harvested
/// together.
pub fn public_id(instance: &str, kind: &str, id: i64) -> String {
    use sha2::{Digest, Sha256};
    let h = hex::encode(Sha256::digest(format!("{instance}:{kind}:{id}")));
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}
