//! How wide text output is, and wrapping at words to fit it. The width is
//! plain data: `cli.rs` measures the terminal (or reads `COLUMNS`) and
//! hands the number in, so nothing here reads the environment.

use crate::words::shorten;

/// The width without a terminal and without `COLUMNS`.
pub const DEFAULT_WIDTH: usize = 100;
/// The narrowest layout: a narrower terminal gets this width (and soft-wraps it).
pub const MIN_WIDTH: usize = 60;
/// The widest layout: only the `weeks` table uses more than `READING_WIDTH`,
/// to list more of a week's reasons.
pub const MAX_WIDTH: usize = 160;
/// Paragraphs stop here even in a wider terminal: longer lines of prose are
/// hard to follow from one line to the next.
pub const READING_WIDTH: usize = 100;

/// The width text output uses: the terminal's columns, else `COLUMNS` when
/// it is a number, else `DEFAULT_WIDTH`; clamped to `MIN_WIDTH..=MAX_WIDTH`.
pub fn text_width(terminal: Option<usize>, columns: Option<&str>) -> usize {
    let from_columns = columns.and_then(|c| c.trim().parse::<usize>().ok());
    terminal
        .filter(|w| *w > 0)
        .or(from_columns.filter(|w| *w > 0))
        .unwrap_or(DEFAULT_WIDTH)
        .clamp(MIN_WIDTH, MAX_WIDTH)
}

/// The width of paragraphs in a terminal `width` columns wide.
pub fn reading(width: usize) -> usize {
    width.min(READING_WIDTH)
}

/// Splits text into lines of at most `width` characters, at spaces; a
/// word longer than a line is cut with `…`, never split across lines.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_rooms(text, width, width)
}

/// [`wrap`] with `first` characters of room on the first line and `rest`
/// on the others.
pub fn wrap_rooms(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut room = first.max(1);
    for word in text.split_whitespace() {
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > room {
            lines.push(std::mem::take(&mut line));
            room = rest.max(1);
        }
        if !line.is_empty() {
            line.push(' ');
        }
        let left = room - line.chars().count();
        line.push_str(&shorten(word, left));
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Text wrapped to `width` columns with `lead` before its first line and
/// `indent` spaces before the others: `  note: ...` and its continuation.
pub fn hanging(text: &str, lead: &str, indent: usize, width: usize) -> Vec<String> {
    let lead_width = lead.chars().count();
    let rooms = (
        width.saturating_sub(lead_width),
        width.saturating_sub(indent),
    );
    let mut lines = wrap_rooms(text, rooms.0, rooms.1);
    if lines.is_empty() {
        lines.push(String::new());
    }
    for (i, line) in lines.iter_mut().enumerate() {
        let before = if i == 0 {
            lead.to_string()
        } else {
            " ".repeat(indent)
        };
        *line = format!("{before}{line}").trim_end().to_string();
    }
    lines
}

/// Writes [`hanging`] lines.
pub fn write_hanging(
    out: &mut dyn std::io::Write,
    text: &str,
    lead: &str,
    indent: usize,
    width: usize,
) -> std::io::Result<()> {
    for line in hanging(text, lead, indent, width) {
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_width_comes_from_the_terminal_then_columns_then_the_default() {
        let table: [(Option<usize>, Option<&str>, usize); 11] = [
            (Some(80), None, 80),
            (Some(80), Some("120"), 80),
            (None, Some("80"), 80),
            (None, Some(" 72 "), 72),
            (None, None, DEFAULT_WIDTH),
            (None, Some(""), DEFAULT_WIDTH),
            (None, Some("wide"), DEFAULT_WIDTH),
            (None, Some("0"), DEFAULT_WIDTH),
            (Some(0), Some("90"), 90),
            (None, Some("20"), MIN_WIDTH),
            (Some(400), None, MAX_WIDTH),
        ];
        for (terminal, columns, expected) in table {
            assert_eq!(
                text_width(terminal, columns),
                expected,
                "{terminal:?} {columns:?}"
            );
        }
    }

    #[test]
    fn paragraphs_stop_at_the_reading_width() {
        let table = [(60, 60), (100, 100), (160, READING_WIDTH)];
        for (width, expected) in table {
            assert_eq!(reading(width), expected, "{width}");
        }
    }

    #[test]
    fn lines_break_between_words_and_fit() {
        let text = "one two three four five six seven eight nine ten eleven twelve";
        let table: [(&str, usize, &[&str]); 6] = [
            (
                text,
                15,
                &[
                    "one two three",
                    "four five six",
                    "seven eight",
                    "nine ten eleven",
                    "twelve",
                ],
            ),
            ("", 10, &[]),
            ("  spaced   out  ", 20, &["spaced out"]),
            ("exactly ten", 11, &["exactly ten"]),
            ("exactly ten", 10, &["exactly", "ten"]),
            (
                "a Superultramegalongshoename here",
                8,
                &["a", "Superul…", "here"],
            ),
        ];
        for (text, width, expected) in table {
            let lines = wrap(text, width);
            assert_eq!(lines, expected, "{text:?} in {width}");
            assert!(
                lines.iter().all(|l| l.chars().count() <= width),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn continuation_lines_hang_under_the_first() {
        let table: [(&str, &str, usize, usize, &[&str]); 4] = [
            (
                "alpha beta gamma delta",
                "note: ",
                6,
                17,
                &["note: alpha beta", "      gamma delta"],
            ),
            ("alpha beta", "  ", 4, 40, &["  alpha beta"]),
            ("", "lead", 2, 40, &["lead"]),
            (
                "/a/very/long/path/to/a/log.csv: 3 rows",
                "",
                2,
                16,
                &["/a/very/long/pa…", "  3 rows"],
            ),
        ];
        for (text, lead, indent, width, expected) in table {
            let lines = hanging(text, lead, indent, width);
            assert_eq!(lines, expected, "{text:?}");
            assert!(
                lines.iter().all(|l| l.chars().count() <= width),
                "{lines:?}"
            );
        }
    }
}
