//! Wording shared by every layer: a count with the right noun, text cut to
//! fit, and text from a log made safe to show. One place, so the importers'
//! notes, `check`, the text output, the error messages and the image word
//! counts, shortened values and hostile text alike: a log's cells, names and
//! archive entries are never sent to a terminal raw (an escape sequence in a
//! cell could clear the screen or retitle the window), and a huge bad value
//! is quoted by its start and its size, not in full.

/// `1 run`, `3 runs`.
pub fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The text, cut to `room` characters with `…` when it is longer.
pub fn shorten(text: &str, room: usize) -> String {
    if text.chars().count() <= room {
        return text.to_string();
    }
    let kept: String = text.chars().take(room.saturating_sub(1)).collect();
    format!("{kept}…")
}

/// How many characters of a bad value an error message quotes.
pub const QUOTED_CHARS: usize = 60;
/// How many characters one line of a message shows: room for a long path
/// or a header's column names, not for a 50 MB line of a damaged file.
pub const LINE_CHARS: usize = 1000;
/// How many characters a line quoted from a file shows, as the thresholds
/// file's parser quotes the line at fault.
pub const QUOTED_LINE_CHARS: usize = 160;
/// The mark of a cut.
const CUT: char = '…';
/// Decimal units for sizes, smallest first, each 1000 times the one before.
const SIZE_UNITS: [&str; 5] = ["bytes", "kB", "MB", "GB", "TB"];
const SIZE_STEP: f64 = 1000.0;
/// Bidirectional embeddings, overrides and isolates: they reorder what a
/// terminal shows (U+202A–U+202E, U+2066–U+2069).
const BIDI_CONTROLS: [std::ops::RangeInclusive<char>; 2] =
    ['\u{202a}'..='\u{202e}', '\u{2066}'..='\u{2069}'];

/// Whether a terminal would act on this character rather than show it:
/// C0 controls (ESC among them), DEL, C1 controls and bidi controls.
fn is_hostile(c: char) -> bool {
    c.is_control() || BIDI_CONTROLS.iter().any(|range| range.contains(&c))
}

/// One character as it is shown: itself, or escaped (`\x1b`, `\u{202e}`).
fn escaped(c: char) -> String {
    match c {
        c if !is_hostile(c) => c.to_string(),
        c if c.is_ascii() => format!("\\x{:02x}", c as u32),
        c => format!("\\u{{{:x}}}", c as u32),
    }
}

/// Text from a log as it may be shown in a terminal, escaped, and cut to
/// `room` characters with `…`; and whether it was cut. Reads no further
/// into the text than the room needs, so a 50 MB value costs nothing.
fn escaped_within(text: &str, room: usize) -> (String, bool) {
    let mut pieces = Vec::new();
    let mut used = 0;
    let mut chars = text.chars();
    for c in chars.by_ref() {
        let piece = escaped(c);
        used += piece.chars().count();
        pieces.push(piece);
        if used > room {
            break;
        }
    }
    if used <= room && chars.next().is_none() {
        return (pieces.concat(), false);
    }
    while used > room.saturating_sub(1) {
        match pieces.pop() {
            Some(piece) => used -= piece.chars().count(),
            None => break,
        }
    }
    let mut shown = pieces.concat();
    shown.push(CUT);
    (shown, true)
}

/// Text from a log (a name, a file name, a column) safe to show: control
/// and bidi characters escaped, so a terminal shows them instead of acting
/// on them.
pub fn shown(text: &str) -> String {
    escaped_within(text, usize::MAX).0
}

/// [`shown`], cut to `room` characters with `…`: names in tables.
pub fn shown_cut(text: &str, room: usize) -> String {
    escaped_within(text, room).0
}

/// A bad value quoted for a message: `'abc'`, or its start and its size
/// when it is long: `'xxxx…' (20 MB)`.
pub fn quoted(value: &str) -> String {
    match escaped_within(value, QUOTED_CHARS) {
        (shown, false) => format!("'{shown}'"),
        (shown, true) => format!("'{shown}' ({})", size(value.len())),
    }
}

/// A message of several lines safe to show: each line escaped and cut to
/// `room` characters, the size of a line that was cut included, so a
/// message shown twice is cut once. A line is cut in its middle, so the
/// reason at its end (`..., expected f64`) is kept.
pub fn shown_lines(text: &str, room: usize) -> String {
    text.split('\n')
        .map(|line| shown_line(line, room))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The share of a cut line's room that its start keeps; its end keeps the rest.
const LINE_START_SHARE: usize = 2;
const LINE_SHARES: usize = 3;

fn shown_line(line: &str, room: usize) -> String {
    let (shown, false) = escaped_within(line, room) else {
        let note = format!(" ({})", size(line.len()));
        let kept = room.saturating_sub(note.chars().count());
        let start = kept * LINE_START_SHARE / LINE_SHARES;
        let (start, _) = escaped_within(line, start);
        let end = escaped_end(line, kept.saturating_sub(start.chars().count()));
        return format!("{start}{end}{note}");
    };
    shown
}

/// The end of a text, escaped, in at most `room` characters.
fn escaped_end(text: &str, room: usize) -> String {
    let mut pieces = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let piece = escaped(c);
        used += piece.chars().count();
        if used > room {
            break;
        }
        pieces.push(piece);
    }
    pieces.reverse();
    pieces.concat()
}

/// A size in bytes in human units: `812 bytes`, `4.2 kB`, `20 MB`.
pub fn size(bytes: usize) -> String {
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= SIZE_STEP && unit + 1 < SIZE_UNITS.len() {
        value /= SIZE_STEP;
        unit += 1;
    }
    match unit {
        0 => counted(bytes, "byte", "bytes"),
        _ if value < 10.0 => format!("{value:.1} {}", SIZE_UNITS[unit]),
        _ => format!("{value:.0} {}", SIZE_UNITS[unit]),
    }
}

/// The words of a text in lower case, split at anything that is not a
/// letter or a digit: how names and activity types are matched to words.
pub fn lower_words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A count with thousands separators: 12,345.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_cuts() {
        assert_eq!(counted(1, "run", "runs"), "1 run");
        assert_eq!(counted(0, "run", "runs"), "0 runs");
        assert_eq!(counted(3, "row has", "rows have"), "3 rows have");
        assert_eq!(shorten("Pegasus", 10), "Pegasus");
        assert_eq!(shorten("Pegasus 40 Trail", 8), "Pegasus…");
        assert_eq!(
            lower_words("Park-Run 5K, Zürich"),
            ["park", "run", "5k", "zürich"]
        );
    }

    #[test]
    fn hostile_characters_are_shown_escaped() {
        let table = [
            ("Pegasus 40", "Pegasus 40"),
            ("Zürich café", "Zürich café"),
            ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
            ("\x1b[2J", "\\x1b[2J"),
            ("tab\there", "tab\\x09here"),
            ("two\nlines\r", "two\\x0alines\\x0d"),
            ("del\x7f", "del\\x7f"),
            ("c1\u{9b}31m", "c1\\u{9b}31m"),
            ("\u{202e}evil", "\\u{202e}evil"),
            ("\u{2066}x\u{2069}", "\\u{2066}x\\u{2069}"),
            ("\u{202a}\u{202d}", "\\u{202a}\\u{202d}"),
            ("", ""),
        ];
        for (text, expected) in table {
            assert_eq!(shown(text), expected, "{text:?}");
        }
    }

    #[test]
    fn names_are_cut_to_their_room_after_escaping() {
        let table = [
            ("Pegasus", 10, "Pegasus"),
            ("Pegasus", 7, "Pegasus"),
            ("Pegasus 40 Trail", 8, "Pegasus…"),
            ("\x1b\x1b\x1b", 9, "\\x1b\\x1b…"),
            ("\x1b\x1b", 8, "\\x1b\\x1b"),
            ("abc", 1, "…"),
        ];
        for (text, room, expected) in table {
            let cut = shown_cut(text, room);
            assert_eq!(cut, expected, "{text:?} in {room}");
            assert!(cut.chars().count() <= room, "{cut}");
        }
    }

    #[test]
    fn values_are_quoted_with_their_size_when_cut() {
        let huge = "x".repeat(20_000_000);
        let table = [
            ("abc".to_string(), "'abc'".to_string()),
            ("a\x1bb".to_string(), "'a\\x1bb'".to_string()),
            (
                "y".repeat(QUOTED_CHARS),
                format!("'{}'", "y".repeat(QUOTED_CHARS)),
            ),
            (huge, format!("'{}…' (20 MB)", "x".repeat(QUOTED_CHARS - 1))),
        ];
        for (value, expected) in table {
            assert_eq!(quoted(&value), expected);
        }
    }

    #[test]
    fn sizes_read_in_human_units() {
        let table = [
            (0, "0 bytes"),
            (1, "1 byte"),
            (999, "999 bytes"),
            (4_200, "4.2 kB"),
            (20_000_000, "20 MB"),
            (150_000_000, "150 MB"),
            (3_000_000_000, "3.0 GB"),
        ];
        for (bytes, expected) in table {
            assert_eq!(size(bytes), expected);
        }
    }

    #[test]
    fn each_line_of_a_message_is_escaped_and_cut() {
        let long = format!("{}: expected f64", "k".repeat(1_000));
        let text = format!("line 1\n{long}\n\x1b[2J");
        let shown = shown_lines(&text, 45);
        let lines: Vec<&str> = shown.lines().collect();
        assert_eq!(lines[0], "line 1");
        assert_eq!(
            lines[1],
            format!("{}…expected f64 (1.0 kB)", "k".repeat(23))
        );
        assert_eq!(lines[2], "\\x1b[2J");
        assert!(lines.iter().all(|l| l.chars().count() <= 45), "{lines:?}");
        assert!(!shown.contains('\x1b'));
        assert_eq!(shown_lines(&shown, 45), shown, "shown twice, cut once");
    }
}
