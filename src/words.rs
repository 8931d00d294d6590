//! Wording shared by every layer: a count with the right noun, and text cut
//! to fit. One place, so the importers' notes, `check`, the text output and
//! the image word counts and shortened values alike.

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
}
