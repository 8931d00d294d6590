//! Names cut to fit that stay told apart: shoes of one make and line
//! ("Saucony Endorphin Speed 3", "Saucony Endorphin Pro 4") all start
//! alike, so cutting their ends would leave six "Saucony Endorphin…".

use crate::words::shorten;

/// The mark of a cut.
const CUT: char = '…';

/// Each name in at most `room` characters, distinct from the others
/// wherever the names are. A name that fits is kept whole. A name too long
/// first loses the leading words it shares with another name (marked `…`),
/// as few as make it fit, before its end is cut. Names still alike then
/// keep both their ends, cut in the middle, and last only their ends.
pub fn distinct_short_names(names: &[&str], room: usize) -> Vec<String> {
    let mut short: Vec<String> = names
        .iter()
        .map(|name| past_shared_words(name, names, room))
        .collect();
    let fallbacks: [fn(&str, usize) -> String; 2] = [cut_middle, keep_end];
    for fallback in fallbacks {
        let alike = clashing(names, &short);
        if alike.is_empty() {
            break;
        }
        for i in alike {
            short[i] = fallback(names[i], room);
        }
    }
    short
}

/// Indices of the short names equal to the short name of a different name.
fn clashing(names: &[&str], short: &[String]) -> Vec<usize> {
    (0..short.len())
        .filter(|&i| (0..short.len()).any(|j| short[j] == short[i] && names[j] != names[i]))
        .collect()
}

/// How many leading words `name` shares with the most alike of `names`,
/// leaving at least its last word.
fn shared_words(name: &str, names: &[&str]) -> usize {
    let words: Vec<&str> = name.split(' ').collect();
    let shared = names
        .iter()
        .filter(|other| **other != name)
        .map(|other| {
            words
                .iter()
                .zip(other.split(' '))
                .take_while(|(a, b)| *a == b)
                .count()
        })
        .max()
        .unwrap_or(0);
    shared.min(words.len().saturating_sub(1))
}

/// The name without as few of its shared leading words as make it fit in
/// `room`, or without all of them and cut at its end.
fn past_shared_words(name: &str, names: &[&str], room: usize) -> String {
    if name.chars().count() <= room {
        return name.to_string();
    }
    let words: Vec<&str> = name.split(' ').collect();
    let shared = shared_words(name, names);
    let without = |k: usize| format!("{CUT}{}", words[k..].join(" "));
    if shared == 0 {
        return shorten(name, room);
    }
    (1..=shared)
        .map(without)
        .find(|short| short.chars().count() <= room)
        .unwrap_or_else(|| shorten(&without(shared), room))
}

/// The start and the end of the name with `…` between, in `room` characters.
fn cut_middle(name: &str, room: usize) -> String {
    let count = name.chars().count();
    if count <= room {
        return name.to_string();
    }
    let kept = room.saturating_sub(1);
    let start = kept / 2;
    let head: String = name.chars().take(start).collect();
    let tail: String = name.chars().skip(count - (kept - start)).collect();
    format!("{head}{CUT}{tail}")
}

/// `…` and the end of the name, in `room` characters.
fn keep_end(name: &str, room: usize) -> String {
    let count = name.chars().count();
    if count <= room {
        return name.to_string();
    }
    let tail: String = name.chars().skip(count - room.saturating_sub(1)).collect();
    format!("{CUT}{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_stay_distinct_when_cut() {
        let cases: [(&[&str], usize, &[&str]); 9] = [
            (
                &["Pegasus 40", "Speedgoat 5"],
                18,
                &["Pegasus 40", "Speedgoat 5"],
            ),
            (
                &["Saucony Endorphin Speed 3", "Saucony Endorphin Pro 4"],
                18,
                &["…Endorphin Speed 3", "…Endorphin Pro 4"],
            ),
            (
                &["Saucony Endorphin Speed 3", "Saucony Endorphin Pro 4"],
                10,
                &["…Speed 3", "…Pro 4"],
            ),
            (
                &["Saucony Endorphin Speed 3", "Pegasus 40"],
                18,
                &["Saucony Endorphin…", "Pegasus 40"],
            ),
            (
                &["Hoka Clifton 9 Wide Blue", "Hoka Clifton 9 Wide Red"],
                12,
                &["…9 Wide Blue", "…9 Wide Red"],
            ),
            (
                &["Brooks Ghost 16 (left)", "Brooks Ghost 16 (right)"],
                6,
                &["…(lef…", "…(rig…"],
            ),
            (
                &["Novablast4Blue", "Novablast4Red"],
                8,
                &["Nov…Blue", "Nov…4Red"],
            ),
            (&["GhostALeft", "GhostBLeft"], 6, &["…ALeft", "…BLeft"]),
            (&["", "x"], 0, &["", "…"]),
        ];
        for (names, room, want) in cases {
            let got = distinct_short_names(names, room);
            assert_eq!(got, want, "{names:?} in {room}");
        }
    }

    #[test]
    fn six_of_one_line_stay_apart_and_fit() {
        let names = [
            "Hoka Speedgoat 5",
            "Hoka Speedgoat 5 Wide",
            "Hoka Speedgoat 6",
            "Hoka Speedgoat 6 GTX",
            "Hoka Speedgoat Mid 2",
            "Hoka Speedgoat Evo",
        ];
        for room in 6..=30 {
            let got = distinct_short_names(&names, room);
            let mut unique = got.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), names.len(), "{room}: {got:?}");
            assert!(
                got.iter().all(|n| n.chars().count() <= room),
                "{room}: {got:?}"
            );
        }
    }
}
