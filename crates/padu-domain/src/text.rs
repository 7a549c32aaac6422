//! What text Padu accepts at all. NUL cannot be stored by PostgreSQL (a SQLite backup holding
//! one would not restore there), and the other control characters are invisible, break
//! exports and serve no purpose in a register; tab, newline and carriage return are typed
//! text (browsers send CRLF from a textarea).

/// The first character of `text` that no input may hold: a control character other than tab,
/// newline and carriage return.
pub fn forbidden_char(text: &str) -> Option<char> {
    text.chars()
        .find(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The first field of a form (name, value pairs) whose name or value holds a character no
/// input may hold, with that character: how urlencoded forms, multipart fields and Open311
/// parameters are checked alike.
pub fn forbidden_in_fields<K: AsRef<str>, V: AsRef<str>>(
    fields: impl IntoIterator<Item = (K, V)>,
) -> Option<(String, char)> {
    fields.into_iter().find_map(|(name, value)| {
        let name = name.as_ref();
        forbidden_char(name)
            .or_else(|| forbidden_char(value.as_ref()))
            .map(|c| (name.to_string(), c))
    })
}

/// The message every input path gives for such a character.
pub fn forbidden_message(c: char) -> String {
    format!(
        "holds the control character U+{:04X}; only text, tabs and line breaks are allowed",
        c as u32
    )
}

/// The first `max` characters of `text`, with `…` when it was longer: how an error quotes
/// input, so that an answer stays small whatever it was sent.
pub fn prefix(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_field_holding_a_control_character_is_named() {
        assert_eq!(
            forbidden_in_fields([("title", "ok"), ("body", "a\r\nb")]),
            None
        );
        assert_eq!(
            forbidden_in_fields([("title", "ok"), ("body", "a\u{0}b"), ("x", "\u{7}")]),
            Some(("body".to_string(), '\u{0}'))
        );
        assert_eq!(
            forbidden_in_fields([("na\u{1b}me", "ok")]),
            Some(("na\u{1b}me".to_string(), '\u{1b}'))
        );
    }

    #[test]
    fn nul_and_other_controls_are_refused_but_line_breaks_and_tabs_are_text() {
        assert_eq!(forbidden_char("ok\ttab\r\nline"), None);
        assert_eq!(forbidden_char("a\u{0}b"), Some('\u{0}'));
        assert_eq!(forbidden_char("bell\u{7}"), Some('\u{7}'));
        assert_eq!(forbidden_char("del\u{7f}"), Some('\u{7f}'));
        assert_eq!(forbidden_char("c1\u{85}"), Some('\u{85}'));
        assert_eq!(forbidden_char("Dinas Kesehatan — ü"), None);
        assert!(forbidden_message('\u{0}').contains("U+0000"));
        assert_eq!(prefix("Dinas", 3), "Din…");
        assert_eq!(prefix("Dinas", 5), "Dinas");
    }
}
