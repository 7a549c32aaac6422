//! A refusal as a page says it: the field by the label its form shows, the message in the
//! user's language. The code (and the API's JSON) speaks English with field names; the words
//! here come from `messages::MESSAGES` (exact, or a pattern whose `{}` parts carry over) and
//! the catalogue's labels.

use super::i18n::{lookup, Lang};
use super::messages::MESSAGES;

/// `english` in `lang`: itself in English, its Indonesian where the table has it (else the
/// English, which the table's completeness test keeps from happening for the code's own).
pub fn message(lang: Lang, english: &str) -> String {
    if lang == Lang::En {
        return english.to_string();
    }
    one(english).unwrap_or_else(|| {
        // Several refusals joined ("; "), as the password rules are: each in its words.
        english
            .split("; ")
            .map(|part| one(part).unwrap_or_else(|| part.to_string()))
            .collect::<Vec<_>>()
            .join("; ")
    })
}

/// One message's Indonesian: the exact words, else the pattern that explains most of it.
fn one(english: &str) -> Option<String> {
    MESSAGES
        .iter()
        .filter_map(|(en, id)| {
            let literal = en.len() - 2 * en.matches("{}").count();
            Some((literal, parts(en, english)?, id))
        })
        .max_by_key(|(literal, _, _)| *literal)
        .map(|(_, parts, id)| fill(id, &parts))
}

/// The parts of `text` that `pattern`'s `{}` stand for, when `text` has the pattern's shape.
fn parts<'t>(pattern: &str, text: &'t str) -> Option<Vec<&'t str>> {
    let mut pieces = pattern.split("{}");
    let mut rest = text.strip_prefix(pieces.next()?)?;
    let pieces: Vec<&str> = pieces.collect();
    if pieces.is_empty() {
        return rest.is_empty().then(Vec::new);
    }
    let mut found = Vec::new();
    for (i, piece) in pieces.iter().enumerate() {
        let at = if i + 1 == pieces.len() {
            // The last literal ends the text.
            rest.strip_suffix(piece)?.len()
        } else if piece.is_empty() {
            // Two parts side by side cannot be told apart.
            return None;
        } else {
            rest.find(piece)?
        };
        found.push(&rest[..at]);
        rest = &rest[at + piece.len()..];
    }
    Some(found)
}

fn fill(pattern: &str, parts: &[&str]) -> String {
    let mut pieces = pattern.split("{}");
    let mut out = pieces.next().unwrap_or_default().to_string();
    for (piece, part) in pieces.zip(parts.iter().chain(std::iter::repeat(&""))) {
        out.push_str(part);
        out.push_str(piece);
    }
    out
}

/// A field as its form labels it (`documents[1]` as the documents' label and the item's
/// number); the field's own name where no form labels it.
pub fn field_label(lang: Lang, field: &str) -> String {
    let (name, index) = match field.split_once('[') {
        Some((name, rest)) => (name, rest.strip_suffix(']')),
        None => (field, None),
    };
    let column = match name {
        "pd_id" => "pd",
        other => other,
    };
    let label = ["field", "desk", "complaint", "users", "follow_up"]
        .iter()
        .find_map(|ns| lookup(lang, &format!("{ns}.{column}")))
        .map_or_else(|| name.to_string(), str::to_string);
    match index.and_then(|i| i.parse::<usize>().ok()) {
        Some(i) => format!("{label} ({})", i + 1),
        None => label,
    }
}

/// "Label: message" in `lang`, or the message alone when no field is named.
pub fn refusal(lang: Lang, field: Option<&str>, english: &str) -> String {
    match field {
        Some(f) if !f.is_empty() => format!("{}: {}", field_label(lang, f), message(lang, english)),
        _ => message(lang, english),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_carries_its_parts_over() {
        assert_eq!(
            parts("must be one of {}", "must be one of a, b"),
            Some(vec!["a, b"])
        );
        assert_eq!(
            parts("{} is not one of {}", "\"x\" is not one of a, b"),
            Some(vec!["\"x\"", "a, b"])
        );
        assert_eq!(
            parts("must not be empty", "must not be empty"),
            Some(vec![])
        );
        assert_eq!(parts("must not be empty", "must not be empty!"), None);
        assert_eq!(parts("must be one of {}", "may be one of a"), None);
        assert_eq!(
            fill("{} bukan salah satu dari {}", &["\"x\"", "a, b"]),
            "\"x\" bukan salah satu dari a, b"
        );
    }

    #[test]
    fn the_code_s_own_messages_read_in_bahasa_indonesia() {
        assert_eq!(message(Lang::Id, "must not be empty"), "wajib diisi");
        assert_eq!(message(Lang::En, "must not be empty"), "must not be empty");
        assert_eq!(
            refusal(Lang::Id, Some("target_date"), "the target date has passed"),
            format!(
                "{}: {}",
                lookup(Lang::Id, "follow_up.target_date").unwrap(),
                message(Lang::Id, "the target date has passed")
            )
        );
        assert_eq!(field_label(Lang::Id, "pd_id"), "Perangkat Daerah");
        assert_eq!(
            field_label(Lang::Id, "documents[1]"),
            format!("{} (2)", field_label(Lang::Id, "documents"))
        );
    }

    /// Every message the code writes as a literal (the refusals' constructors) has its words.
    #[test]
    fn every_literal_refusal_has_its_indonesian() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut missing = Vec::new();
        let mut seen = 0;
        for dir in [
            "padu-domain/src",
            "padu-store/src",
            "padu/src/app",
            "padu/src/web",
            "padu/src/interchange",
        ] {
            let mut stack = vec![root.join(dir)];
            while let Some(path) = stack.pop() {
                if path.is_dir() {
                    stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
                    continue;
                }
                // This file names the calls it looks for.
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("kit/wording.rs") {
                    continue;
                }
                let code = std::fs::read_to_string(&path).unwrap();
                for call in ["::invalid(", "Refused::Invalid("] {
                    for after in code.split(call).skip(1) {
                        // The second argument, when it is a plain literal.
                        let args: String = after.chars().take(400).collect();
                        let Some((_, rest)) = args.split_once(',') else {
                            continue;
                        };
                        let rest = rest.trim_start();
                        let Some(literal) = rest.strip_prefix('"') else {
                            continue;
                        };
                        let Some(end) = literal.find('"') else {
                            continue;
                        };
                        let text = &literal[..end];
                        if text.contains('\\') || text.contains('{') {
                            continue;
                        }
                        seen += 1;
                        if message(Lang::Id, text) == text {
                            missing.push(format!("{}: {text}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(seen > 100, "the scan found {seen} messages");
        assert!(
            missing.is_empty(),
            "no Indonesian for:\n{}",
            missing.join("\n")
        );
    }
}
