//! Any register as a sheet, read from its definition (`padu_domain::register`): a row's cells
//! become the register's input field by field, each as its kind reads it, and a record becomes
//! a row the same way back. Column names are the API's field names (with `pd` holding the PD's
//! code), so an error from the store's validation points at its column.

use super::table::Row;
use super::CellError;
use padu_domain::register::{Field, Kind};
use padu_store::registers::{fields_of, Record, Register};
use serde_json::{Map, Value};

/// The register's input from one row; `pd` is the row's PD, already found by its code.
pub fn parse<R: Register>(row: &Row<'_>, pd: Option<i64>) -> Result<R, CellError> {
    let mut fields = Map::new();
    for field in R::DEF.sheet_fields() {
        if let Some(value) = cell_value(row, field, pd)? {
            fields.insert(field.name.to_string(), value);
        }
    }
    serde_json::from_value(Value::Object(fields)).map_err(|e| row.error("", e.to_string()))
}

/// One field's cell as the input's JSON has it; none when the cell is empty and the field may
/// be left out.
fn cell_value(row: &Row<'_>, field: &Field, pd: Option<i64>) -> Result<Option<Value>, CellError> {
    let column = field.column();
    if field.kind == Kind::Pd {
        return match pd {
            Some(pd) => Ok(Some(pd.into())),
            None if field.required => Err(row.error(column, "must not be empty")),
            None => Ok(None),
        };
    }
    let cell = match row.text(column) {
        "" => field.or,
        text => text,
    };
    let blank = !field.blank.is_empty() && cell.eq_ignore_ascii_case(field.blank);
    if cell.is_empty() || blank {
        return match field.kind {
            _ if blank => Ok(None),
            Kind::Text | Kind::Long if field.required => Ok(Some(Value::String(String::new()))),
            _ if field.required => Err(row.error(column, "must not be empty")),
            Kind::Codes | Kind::Ids(_) => Ok(Some(Value::Array(Vec::new()))),
            Kind::Flag => Ok(Some(false.into())),
            _ => Ok(None),
        };
    }
    let items = || {
        cell.split([',', ';'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    Ok(Some(match field.kind {
        Kind::Pd | Kind::Text | Kind::Long => Value::String(cell.to_string()),
        Kind::Host => Value::String(cell.to_lowercase()),
        Kind::Date => row.date(column)?.map(|d| d.to_string()).into(),
        Kind::Moment => row
            .moment(column)?
            .map(padu_domain::manajemen::security::moment_text)
            .into(),
        Kind::Number | Kind::Level(_) => row.int(column)?.into(),
        Kind::Decimal => row.real(column)?.into(),
        Kind::Flag => row.flag(column)?.into(),
        // Matched without regard to case or spaces, then stored as the vocabulary spells it.
        Kind::Choice(known) => {
            let spelt = cell.to_lowercase().replace(' ', "_");
            let value = known
                .iter()
                .find(|v| v.eq_ignore_ascii_case(cell) || **v == spelt)
                .ok_or_else(|| {
                    row.error(
                        column,
                        format!("{cell:?} is not one of {}", known.join(", ")),
                    )
                })?;
            Value::String(value.to_string())
        }
        Kind::Codes => Value::Array(items().map(|c| Value::String(c.to_string())).collect()),
        Kind::Ids(_) => Value::Array(
            items()
                .map(|s| {
                    s.parse::<i64>()
                        .map(Value::from)
                        .map_err(|_| row.error(column, format!("{s} is not a record id")))
                })
                .collect::<Result<_, _>>()?,
        ),
    }))
}

/// A record as a row of its register's sheet.
pub fn cells<R: Register>(
    record: &Record<R>,
    pd_code: &dyn Fn(Option<i64>) -> String,
) -> Vec<String> {
    let values = fields_of(&record.fields);
    R::DEF
        .sheet_fields()
        .map(|field| cell_text(field, values.get(field.name), pd_code))
        .collect()
}

fn cell_text(
    field: &Field,
    value: Option<&Value>,
    pd_code: &dyn Fn(Option<i64>) -> String,
) -> String {
    let value = value.unwrap_or(&Value::Null);
    match (field.kind, value) {
        (Kind::Pd, v) => pd_code(v.as_i64()),
        (_, Value::Null) => field.blank.to_string(),
        (Kind::Flag, v) => if v.as_bool() == Some(true) {
            "ya"
        } else {
            "tidak"
        }
        .to_string(),
        (Kind::Decimal, v) => v.as_f64().map(|x| x.to_string()).unwrap_or_default(),
        (_, Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    }
}

/// Carries over what a sheet has no column for (a site's Unit Kerja) from the stored record,
/// while the record stays with its PD.
pub fn keeping<R: Register>(input: R, record: &Record<R>) -> R {
    let kept: Vec<&Field> = R::DEF.fields.iter().filter(|f| !f.in_sheet).collect();
    if kept.is_empty() {
        return input;
    }
    let (mut fields, stored) = (fields_of(&input), fields_of(&record.fields));
    if fields.get("pd_id") != stored.get("pd_id") {
        return input;
    }
    for field in kept {
        if let Some(v) = stored.get(field.name) {
            fields.insert(field.name.to_string(), v.clone());
        }
    }
    serde_json::from_value(Value::Object(fields)).unwrap_or(input)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::Table;

    /// A cell every field of its kind takes, spelt as a person might type it.
    fn typed(field: &Field) -> String {
        match field.kind {
            Kind::Pd => "dinkes".into(),
            Kind::Text | Kind::Long => "Nilai".into(),
            Kind::Host => "Dinkes.Pesisirselatankab.go.id".into(),
            Kind::Date => "24/11/2026".into(),
            Kind::Moment => "24/11/2026 14:30".into(),
            Kind::Number | Kind::Level(_) => "3".into(),
            Kind::Decimal => "-1,25".into(),
            Kind::Flag => "Ya".into(),
            Kind::Choice(values) => values[0].to_uppercase().replace('_', " "),
            Kind::Codes => "a; b".into(),
            Kind::Ids(_) => "1, 2".into(),
        }
    }

    fn row_of<R: Register>(cell: impl Fn(&Field) -> String) -> Table {
        Table {
            header: R::DEF.header().iter().map(|h| h.to_string()).collect(),
            rows: vec![R::DEF.sheet_fields().map(cell).collect()],
        }
    }

    fn record<R: Register>(fields: R) -> Record<R> {
        Record {
            id: 1,
            pd_name: None,
            fields,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    /// Every register reads a row of every column, writes it back in the register's own
    /// spelling, and reads that to the same input; a row of only the required columns reads too.
    #[test]
    fn every_register_reads_a_row_and_writes_it_back() {
        let checked = padu_store::with_register!(@each R => {
            let table = row_of::<R>(typed);
            let input: R = parse(&table.row(0, &table.rows[0]), Some(7))
                .unwrap_or_else(|e| panic!("{}: {e:?}", R::DEF.name));
            let cells = cells(&record(input.clone()), &|pd| {
                assert_eq!(pd, Some(7));
                "dinkes".into()
            });
            let again = Table { header: table.header.clone(), rows: vec![cells] };
            let reread: R = parse(&again.row(0, &again.rows[0]), Some(7))
                .unwrap_or_else(|e| panic!("{}: {e:?}", R::DEF.name));
            assert_eq!(reread, input, "{}", R::DEF.name);
            let required = row_of::<R>(|f| if f.required { typed(f) } else { String::new() });
            parse::<R>(&required.row(0, &required.rows[0]), Some(7))
                .unwrap_or_else(|e| panic!("{} (required only): {e:?}", R::DEF.name));
            R::DEF.name
        });
        assert_eq!(checked.len(), 16);
    }

    #[test]
    fn a_choice_outside_its_vocabulary_and_an_empty_required_cell_name_their_column() {
        use padu_store::websites::WebsiteInput;
        let table = row_of::<WebsiteInput>(|f| match f.name {
            "status" => "hidup".into(),
            _ => typed(f),
        });
        let e = parse::<WebsiteInput>(&table.row(0, &table.rows[0]), Some(1)).unwrap_err();
        assert_eq!((e.row, e.column.as_str()), (2, "status"));
        assert!(e.message.contains("aktif"), "{}", e.message);
        let e = parse::<WebsiteInput>(&table.row(0, &table.rows[0]), None).unwrap_err();
        assert_eq!(e.column, "pd");
    }
}
