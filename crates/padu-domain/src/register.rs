//! A register defined once (ARCHITECTURE.md, "Adding a register"): its fields in the order a
//! sheet and the form show them, each with the kind that says how the store keeps it, how a
//! cell or a form field reads and writes it, and which vocabulary it takes. Pure data: the
//! store, the sheets, the form, the list page and the API document all read this one
//! definition.

/// How a field is kept, read from a cell and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The owning PD's id; a sheet and the form hold the PD's code in column `pd`.
    Pd,
    /// One line of text.
    Text,
    /// Paragraphs: a text area on the form.
    Long,
    /// A host name, kept in lower case (a sheet's or form's capitals are lowered).
    Host,
    /// A date, YYYY-MM-DD (a sheet also takes DD/MM/YYYY).
    Date,
    /// A moment in the region's time, `YYYY-MM-DDTHH:MM` (a sheet also takes
    /// `DD/MM/YYYY HH:MM`; `manajemen::security::parse_moment`).
    Moment,
    /// A whole number.
    Number,
    /// A level 1–5 of a named scale (`likelihood`, `impact`): kept as a number, chosen on the
    /// form by the level's words.
    Level(&'static str),
    /// A decimal number (a sheet also takes a decimal comma).
    Decimal,
    /// Yes or no (ya/tidak in a sheet).
    Flag,
    /// One value of a vocabulary: anything else is refused.
    Choice(&'static [&'static str]),
    /// Codes, comma-separated in a sheet.
    Codes,
    /// Ids of records of another register (its table named), comma-separated in a sheet;
    /// each must exist.
    Ids(&'static str),
}

/// One field of a register's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The record's field, the table's column and (but for `pd_id`, whose column is `pd`) the
    /// sheet's column and the form's field.
    pub name: &'static str,
    pub kind: Kind,
    /// A sheet must give it.
    pub required: bool,
    /// The word a sheet writes for an absent value (`permanen` for a retention without end).
    pub blank: &'static str,
    /// In sheets and on the form (false for what other screens keep, e.g. a site's Unit Kerja).
    pub in_sheet: bool,
    /// The value an empty cell stands for (`biasa` for a classification left out).
    pub or: &'static str,
}

impl Field {
    pub const fn new(name: &'static str, kind: Kind) -> Field {
        Field {
            name,
            kind,
            required: false,
            blank: "",
            in_sheet: true,
            or: "",
        }
    }

    pub const fn required(self) -> Field {
        Field {
            required: true,
            ..self
        }
    }

    pub const fn blank_as(self, word: &'static str) -> Field {
        Field {
            blank: word,
            ..self
        }
    }

    pub const fn or(self, value: &'static str) -> Field {
        Field { or: value, ..self }
    }

    pub const fn kept_elsewhere(self) -> Field {
        Field {
            in_sheet: false,
            ..self
        }
    }

    /// The column a sheet and the form name it by.
    pub fn column(&self) -> &'static str {
        match self.kind {
            Kind::Pd => "pd",
            _ => self.name,
        }
    }

    /// The values it takes, when it takes only those of a vocabulary.
    pub fn vocabulary(&self) -> Option<&'static [&'static str]> {
        match self.kind {
            Kind::Choice(values) => Some(values),
            _ => None,
        }
    }
}

/// A register: what the machinery needs besides its fields.
#[derive(Debug, Clone, Copy)]
pub struct Definition {
    /// Its name in paths, file names and the audit log's lists (`applications`).
    pub name: &'static str,
    /// The audit log's name for one record (`application`).
    pub entity: &'static str,
    pub fields: &'static [Field],
    /// The fields that tell two records of one PD apart for an import, joined by a space.
    pub key: &'static [&'static str],
    /// These fields' values, together, are the register's alone across PDs (a website's
    /// host; a risk's quarter of monitoring). Empty: no such fields.
    pub unique: &'static [&'static str],
    /// The fields searched by word.
    pub search: &'static [&'static str],
    /// The fields a list may be filtered by (equality), besides the PD.
    pub filters: &'static [&'static str],
    /// The fields a list page shows, after the name.
    pub shown: &'static [&'static str],
    /// The list's order without a word search: fields, each optionally followed by ` DESC`.
    pub order: &'static [&'static str],
    /// The JSON API's collection (`/api/v1/catalog/applications`); a record is `{api}/{id}`.
    pub api: &'static str,
    /// The page that lists its records.
    pub page: &'static str,
}

impl Definition {
    pub fn field(&self, name: &str) -> Option<&'static Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The fields a sheet and the form hold, in their order.
    pub fn sheet_fields(&self) -> impl Iterator<Item = &'static Field> {
        self.fields.iter().filter(|f| f.in_sheet)
    }

    /// The sheet's header.
    pub fn header(&self) -> Vec<&'static str> {
        self.sheet_fields().map(Field::column).collect()
    }

    /// The columns a sheet must give.
    pub fn required_columns(&self) -> Vec<&'static str> {
        self.sheet_fields()
            .filter(|f| f.required)
            .map(Field::column)
            .collect()
    }
}

/// The four classifications, as records store them (Kalbar Pasal 12).
pub const CLASSIFICATIONS: [&str; 4] = ["biasa", "terbatas", "rahasia", "sangat_rahasia"];

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: [Field; 3] = [
        Field::new("pd_id", Kind::Pd).required(),
        Field::new("name", Kind::Text).required(),
        Field::new("unit_id", Kind::Number).kept_elsewhere(),
    ];
    const DEF: Definition = Definition {
        name: "things",
        entity: "thing",
        fields: &FIELDS,
        key: &["name"],
        unique: &[],
        search: &["name"],
        filters: &[],
        shown: &[],
        order: &["name"],
        api: "/api/v1/things",
        page: "/things",
    };

    #[test]
    fn a_sheet_names_the_pd_by_its_column_and_leaves_out_what_is_kept_elsewhere() {
        assert_eq!(DEF.header(), ["pd", "name"]);
        assert_eq!(DEF.required_columns(), ["pd", "name"]);
        assert!(DEF.field("unit_id").is_some_and(|f| !f.in_sheet));
    }

    #[test]
    fn the_classifications_are_spelt_as_the_enum_serialises_them() {
        for (c, text) in crate::Classification::ALL.iter().zip(CLASSIFICATIONS) {
            assert_eq!(c.as_str(), text);
        }
    }
}
