//! Parsers for the values a training log holds: dates, durations, paces,
//! numbers with decimal commas, yes/no answers, in the shapes runners type
//! into spreadsheets (`06/10/2026`, `20 Oct 2026`, `8 km`, `1h10`, `45 min`).
//! Each returns `None` on text it cannot read, and the importer turns that
//! into a located error. Readings that depend on the whole column (day or
//! month first, `h:mm` or `m:ss`) are returned as both readings; the
//! importer decides for the column.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::Units;

/// Seconds in a minute and in an hour.
const MINUTE_S: f64 = 60.0;
const HOUR_S: f64 = 3600.0;

/// A day, with its start time when the text holds one, in the shapes that
/// read only one way: ISO dates and times (`2024-03-17 09:35:21`, with an
/// offset as Apple Health writes it, `2025-01-07 07:02:11 +0100`, kept as
/// the local time of that offset) and dates with the month named.
pub fn parse_date(text: &str) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
    parse_iso_date(text).or_else(|| parse_named_date(text))
}

/// A time of day in UTC, as GPX and TCX write it (ISO 8601, usually with
/// `Z`); a time without an offset is taken as UTC.
pub fn parse_utc_time(text: &str) -> Option<NaiveDateTime> {
    let text = trim(text);
    if let Ok(time) = DateTime::parse_from_rfc3339(text) {
        return Some(time.naive_utc());
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}

/// ISO 8601 dates and date-times, local time kept.
fn parse_iso_date(text: &str) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
    let text = trim(text);
    if let Some(day) = plain_iso_day(text) {
        return day.map(|day| (day, None));
    }
    if let Ok(moment) = DateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S %z") {
        let local = moment.naive_local();
        return Some((local.date(), Some(local)));
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Some((date, None));
    }
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        let local = moment.naive_local();
        return Some((local.date(), Some(local)));
    }
    const LAYOUTS: [&str; 4] = [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ];
    let text = text.strip_suffix('Z').unwrap_or(text);
    LAYOUTS
        .iter()
        .find_map(|layout| NaiveDateTime::parse_from_str(text, layout).ok())
        .map(|moment| (moment.date(), Some(moment)))
}

/// `YYYY-MM-DD` exactly, the shape of almost every row of a native log,
/// read without chrono's format parser: `Some(None)` for such text naming no
/// real day (`2023-02-30`), which no other ISO layout reads either; `None`
/// for text of another shape.
fn plain_iso_day(text: &str) -> Option<Option<NaiveDate>> {
    let bytes = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| {
        bytes[range].iter().try_fold(0u32, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    if bytes.len() != PLAIN_ISO_DAY_LEN || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    Some(NaiveDate::from_ymd_opt(year as i32, month, day))
}

/// The length of `YYYY-MM-DD`.
const PLAIN_ISO_DAY_LEN: usize = 10;

/// Which number comes first in a date written with slashes or dashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// `DD/MM/YYYY`, as most of the world writes it.
    Dmy,
    /// `MM/DD/YYYY`, as the United States writes it.
    Mdy,
    /// `YYYY/MM/DD`.
    Ymd,
}

impl DateOrder {
    /// The pattern in words, for messages.
    pub fn pattern(self) -> &'static str {
        match self {
            DateOrder::Dmy => "DD/MM/YYYY",
            DateOrder::Mdy => "MM/DD/YYYY",
            DateOrder::Ymd => "YYYY/MM/DD",
        }
    }
}

/// A date as a spreadsheet may write it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateText {
    /// Only one reading is possible.
    One(NaiveDate, Option<NaiveDateTime>),
    /// `a/b/YYYY` where only one of the orders gives a day of the calendar.
    Only(DateOrder, NaiveDate, Option<NaiveDateTime>),
    /// `a/b/YYYY` that is a day both ways (both numbers 12 or less).
    Both {
        dmy: NaiveDate,
        mdy: NaiveDate,
        time: Option<NaiveTime>,
    },
}

impl DateText {
    /// The day and start time in `order`, when the text reads that way.
    pub fn read_as(self, order: Option<DateOrder>) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
        match (self, order) {
            (DateText::One(day, start), _) => Some((day, start)),
            (DateText::Only(only, day, start), wanted) if wanted.is_none_or(|w| w == only) => {
                Some((day, start))
            }
            (DateText::Both { dmy, time, .. }, Some(DateOrder::Dmy)) => {
                Some((dmy, time.map(|t| dmy.and_time(t))))
            }
            (DateText::Both { mdy, time, .. }, Some(DateOrder::Mdy)) => {
                Some((mdy, time.map(|t| mdy.and_time(t))))
            }
            _ => None,
        }
    }
}

/// Month names and abbreviations, English and German, by their first letters.
const MONTHS: [(&str, u32); 17] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("mär", 3),
    ("mrz", 3),
    ("apr", 4),
    ("may", 5),
    ("mai", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
    ("dez", 12),
];

fn month_number(name: &str) -> Option<u32> {
    let name = name.trim_end_matches('.').to_lowercase();
    let prefix: String = name.chars().take(3).collect();
    if prefix.chars().count() < 3 || !name.chars().all(char::is_alphabetic) {
        return None;
    }
    MONTHS
        .iter()
        .find(|(start, _)| *start == prefix)
        .map(|(_, n)| *n)
}

/// An English or German weekday name or abbreviation (`Sun`, `So.`, `Sonntag`).
fn is_weekday(text: &str) -> bool {
    const WEEKDAYS: [&str; 14] = [
        "mon", "tue", "wed", "thu", "fri", "sat", "sun", "mo", "di", "mi", "do", "fr", "sa", "so",
    ];
    let lower = text.trim_end_matches('.').to_lowercase();
    month_number(&lower).is_none()
        && WEEKDAYS.iter().any(|day| {
            lower.starts_with(day)
                && (lower.len() == day.len() || lower.len() > 3)
                && lower.chars().all(char::is_alphabetic)
        })
}

fn small_number(text: &str) -> Option<u32> {
    let text = text.trim_end_matches('.');
    if text.is_empty() || text.len() > 4 || !text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `11:19:20`, `23:19`, with `AM`/`PM` when given.
fn time_of_day(clock: &str, meridiem: Option<&str>) -> Option<NaiveTime> {
    let mut parts = clock.split(':');
    let hour = small_number(parts.next()?)?;
    let minute = small_number(parts.next()?)?;
    let second = match parts.next() {
        Some(s) => {
            let whole = s.split(['.', ',']).next()?;
            small_number(whole)?
        }
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    let hour = match meridiem.map(|m| m.replace('.', "").to_lowercase()) {
        None => hour,
        Some(m) if (1..=12).contains(&hour) && m == "am" => hour % 12,
        Some(m) if (1..=12).contains(&hour) && m == "pm" => hour % 12 + 12,
        Some(_) => return None,
    };
    NaiveTime::from_hms_opt(hour, minute, second)
}

/// A day with its month named, and its start time when given, as the
/// exports and spreadsheets write them: `Oct 6, 2022, 11:19:20 PM`,
/// `6. Okt. 2022, 23:19:20`, `06.10.2022, 23:19:20`, `20 Oct 2026`,
/// `20-Oct-2026`, `Tue 20 Oct 2026`.
fn parse_named_date(text: &str) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
    let tokens: Vec<&str> = text
        .split(|c: char| c == ',' || c == '-' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .collect();
    let clock = tokens.iter().position(|t| t.contains(':'));
    let meridiem = tokens
        .iter()
        .position(|t| matches!(t.replace('.', "").to_lowercase().as_str(), "am" | "pm"));
    let mut day_tokens: Vec<&str> = tokens
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != clock && Some(*i) != meridiem)
        .map(|(_, t)| *t)
        .collect();
    // A leading weekday ("Sun, Mar 17, 2024 9:35") says nothing the date does not.
    if day_tokens.len() == 4 && day_tokens.first().is_some_and(|t| is_weekday(t)) {
        day_tokens.remove(0);
    }
    let (year, month, day) = match day_tokens.as_slice() {
        [dotted] => {
            let mut parts = dotted.split('.');
            let day = small_number(parts.next()?)?;
            let month = small_number(parts.next()?)?;
            let year = small_number(parts.next()?)?;
            if parts.next().is_some_and(|rest| !rest.is_empty()) {
                return None;
            }
            (year, month, day)
        }
        [first, second, year] => match (month_number(first), month_number(second)) {
            (Some(month), None) => (small_number(year)?, month, small_number(second)?),
            (None, Some(month)) => (small_number(year)?, month, small_number(first)?),
            _ => return None,
        },
        _ => return None,
    };
    if year < 1000 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)?;
    match clock {
        Some(i) => {
            let time = time_of_day(
                tokens.get(i)?,
                meridiem.and_then(|m| tokens.get(m).copied()),
            )?;
            Some((date, Some(date.and_time(time))))
        }
        None if meridiem.is_none() => Some((date, None)),
        None => None,
    }
}

/// A date in any shape runrisk reads: ISO dates and date-times, and the
/// spreadsheet shapes `D/M/YYYY` or `M/D/YYYY` (also with `-` or `.`,
/// `.` meaning day first), `YYYY/MM/DD`, `D Mon YYYY`, `Mon D, YYYY`,
/// each with an optional `hh:mm[:ss]` after a space.
pub fn parse_date_text(text: &str) -> Option<DateText> {
    let text = trim(text);
    if let Some((day, start)) = parse_iso_date(text) {
        return Some(DateText::One(day, start));
    }
    let (date_part, time) = match text.split_once(' ') {
        Some((date, rest)) if rest.contains(':') && !rest.contains(' ') => {
            (date, Some(time_of_day(rest, None)?))
        }
        _ => (text, None),
    };
    if let Some(found) = numeric_date(date_part, time) {
        return Some(found);
    }
    let (day, start) = parse_named_date(text)?;
    Some(DateText::One(day, start))
}

/// `a/b/YYYY`, `a-b-YYYY`, `a.b.YYYY` or `YYYY/MM/DD`.
fn numeric_date(text: &str, time: Option<NaiveTime>) -> Option<DateText> {
    let separator = ['/', '-', '.'].into_iter().find(|c| text.contains(*c))?;
    let parts: Vec<&str> = text.split(separator).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let number = |t: &str| -> Option<u32> {
        (!t.is_empty() && t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.parse().ok())
            .flatten()
    };
    let (a, b, c) = (number(a)?, number(b)?, number(c)?);
    let at = |day: NaiveDate| time.map(|t| day.and_time(t));
    if parts[0].len() == 4 {
        let day = NaiveDate::from_ymd_opt(i32::try_from(a).ok()?, b, c)?;
        return Some(DateText::Only(DateOrder::Ymd, day, at(day)));
    }
    if parts[2].len() != 4 {
        return None;
    }
    let year = i32::try_from(c).ok()?;
    let dmy = NaiveDate::from_ymd_opt(year, b, a);
    let mdy = NaiveDate::from_ymd_opt(year, a, b);
    match (dmy, mdy) {
        (Some(day), _) if separator == '.' => Some(DateText::Only(DateOrder::Dmy, day, at(day))),
        (Some(dmy), Some(mdy)) if dmy == mdy => Some(DateText::One(dmy, at(dmy))),
        (Some(dmy), Some(mdy)) => Some(DateText::Both { dmy, mdy, time }),
        (Some(day), None) => Some(DateText::Only(DateOrder::Dmy, day, at(day))),
        (None, Some(day)) => Some(DateText::Only(DateOrder::Mdy, day, at(day))),
        (None, None) => None,
    }
}

/// How a two-part clock `a:b` in a duration column reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockReading {
    /// Minutes and seconds, as runners write paces and short runs.
    MinutesSeconds,
    /// Hours and minutes, as some spreadsheets write a run's time.
    HoursMinutes,
}

/// `str::trim`, quicker on the short ASCII text of most cells: text that
/// starts and ends with ASCII other than white space is returned at once;
/// otherwise ASCII white space is cut from the bytes, and only text that
/// then starts or ends outside ASCII is trimmed of other white space (a
/// no-break space, say).
pub fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let plain = |byte: &u8| byte.is_ascii() && !is_ascii_space(*byte);
    if bytes.first().is_some_and(plain) && bytes.last().is_some_and(plain) {
        return text;
    }
    let start = bytes.iter().position(|b| !is_ascii_space(*b));
    let end = bytes.iter().rposition(|b| !is_ascii_space(*b));
    let Some((start, end)) = start.zip(end) else {
        return "";
    };
    // Cut next to ASCII bytes, so at character boundaries.
    let inner = &text[start..=end];
    if inner.as_bytes().first().is_some_and(u8::is_ascii)
        && inner.as_bytes().last().is_some_and(u8::is_ascii)
    {
        inner
    } else {
        inner.trim()
    }
}

/// Whether a byte is ASCII white space as `str::trim` sees it: tab, line
/// feed, vertical tab, form feed, carriage return and space (the standard
/// `trim_ascii` keeps the vertical tab, so it would differ).
fn is_ascii_space(byte: u8) -> bool {
    byte == b' ' || (b'\t'..=b'\r').contains(&byte)
}

/// A clock written only with digits and colons (`0:21:13`, `45:00`), the
/// common cell, read in one pass over its bytes; anything else (spaces, a
/// fraction, a comma) goes the general way, which reads these the same.
struct DigitClock {
    values: [u32; MAX_CLOCK_FIELDS],
    count: usize,
    /// Digits of the last field (`0:21:05` has 2).
    last_digits: usize,
}

/// Fields of the longest clock, `h:mm:ss`; one more field makes no clock.
const MAX_CLOCK_FIELDS: usize = 3;

impl DigitClock {
    /// The fields, when every one has a digit and none is too big for a
    /// `u32`; `None` sends the text the general way.
    fn of(text: &str) -> Option<DigitClock> {
        let mut clock = DigitClock {
            values: [0; MAX_CLOCK_FIELDS],
            count: 1,
            last_digits: 0,
        };
        for byte in text.bytes() {
            if byte == b':' {
                if clock.last_digits == 0 || clock.count == MAX_CLOCK_FIELDS {
                    return None;
                }
                clock.count += 1;
                clock.last_digits = 0;
            } else if byte.is_ascii_digit() {
                let value = &mut clock.values[clock.count - 1];
                *value = value.checked_mul(10)?.checked_add(u32::from(byte - b'0'))?;
                clock.last_digits += 1;
            } else {
                return None;
            }
        }
        (clock.last_digits > 0).then_some(clock)
    }

    fn fields(&self) -> &[u32] {
        &self.values[..self.count]
    }
}

/// The two readings of a duration `a:b`, in seconds: as `m:ss` and as `h:mm`.
/// `None` for any other text.
pub fn two_part_clock(text: &str) -> Option<(f64, f64)> {
    // `a:b` has one colon, whichever way it is written; `0:21:13` has two.
    if memchr::memchr_iter(b':', text.as_bytes()).count() != 1 {
        return None;
    }
    if let Some(parts) = DigitClock::of(text) {
        return match *parts.fields() {
            [a, b] if parts.last_digits == 2 && b < 60 => Some((
                f64::from(a) * MINUTE_S + f64::from(b),
                f64::from(a) * HOUR_S + f64::from(b) * MINUTE_S,
            )),
            _ => None,
        };
    }
    written_two_part_clock(text)
}

/// [`two_part_clock`] of a clock written with spaces or other characters.
fn written_two_part_clock(text: &str) -> Option<(f64, f64)> {
    let (a, b) = trim(text).split_once(':')?;
    let a: u32 = trim(a).parse().ok()?;
    let b = trim(b);
    if b.len() != 2 || !b.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let b: u32 = b.parse().ok()?;
    (b < 60).then(|| {
        (
            f64::from(a) * MINUTE_S + f64::from(b),
            f64::from(a) * HOUR_S + f64::from(b) * MINUTE_S,
        )
    })
}

/// A duration written with units, as in a spreadsheet: `45 min`, `45m`,
/// `1h10`, `1h 05m`, `1 h 10 min 30 s`, `90 s`, `1.5 h`. Returns seconds.
pub fn parse_unit_duration(text: &str) -> Option<f64> {
    if without_letters(text) {
        return None;
    }
    let text = trim(text).to_lowercase();
    let mut seconds = 0.0;
    let mut rest = text.as_str();
    let mut last_unit = None;
    let mut parts = 0;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
            .unwrap_or(rest.len());
        let number: f64 = rest[..digits].replace(',', ".").parse().ok()?;
        rest = rest[digits..].trim_start();
        let letters = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let unit = match &rest[..letters] {
            "h" | "hr" | "hrs" | "hour" | "hours" | "std" => HOUR_S,
            "m" | "min" | "mins" | "minute" | "minutes" | "minuten" => MINUTE_S,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            // `1h10`, `45m30`: the number after a unit is the next smaller one.
            "" if rest.is_empty() => match last_unit {
                Some(u) if u == HOUR_S => MINUTE_S,
                Some(u) if u == MINUTE_S => 1.0,
                _ => return None,
            },
            _ => return None,
        };
        if last_unit.is_some_and(|last| unit >= last) {
            return None;
        }
        seconds += number * unit;
        last_unit = Some(unit);
        parts += 1;
        rest = rest[letters..].trim_start();
    }
    (parts > 0).then_some(seconds)
}

/// ASCII text without a letter, so without a unit: the common cell, which
/// needs no lowercase copy to tell.
fn without_letters(text: &str) -> bool {
    text.is_ascii() && !text.bytes().any(|b| b.is_ascii_alphabetic())
}

/// A distance with its unit in the cell: `8 km`, `8km`, `5 mi`, `5 miles`,
/// `8,0 km`, `800 m`. Returns the value in that unit's km or mi, and the
/// unit; `None` for a cell without a unit.
pub fn parse_unit_distance(text: &str) -> Option<(f64, Units)> {
    if without_letters(text) {
        return None;
    }
    let text = trim(text).to_lowercase();
    let split = text.find(|c: char| c.is_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number = trim(number);
    let value: f64 = if number.matches(',').count() == 1 && !number.contains('.') {
        number.replace(',', ".").parse().ok()?
    } else {
        number.parse().ok()?
    };
    let (value, unit) = match trim(unit) {
        "km" | "kms" | "k" | "kilometers" | "kilometres" | "kilometer" | "kilometre" => {
            (value, Units::Km)
        }
        "mi" | "mile" | "miles" => (value, Units::Mi),
        "m" | "meters" | "metres" => (value / 1000.0, Units::Km),
        _ => return None,
    };
    value.is_finite().then_some((value, unit))
}

/// A total time: `h:mm:ss`, `mm:ss`, or minutes as a decimal. Returns seconds.
pub fn parse_duration(text: &str, decimals: Decimals) -> Option<f64> {
    let text = trim(text);
    if text.contains(':') {
        return parse_clock(text);
    }
    parse_number(text, decimals).map(|minutes| minutes * MINUTE_S)
}

/// A pace `m:ss`, optionally followed by `/km` or `/mi`. Returns seconds
/// per unit and the unit when the text names one.
pub fn parse_pace(text: &str) -> Option<(f64, Option<Units>)> {
    let text = trim(text).to_ascii_lowercase();
    let (clock, unit) = match (text.strip_suffix("/km"), text.strip_suffix("/mi")) {
        (Some(clock), _) => (clock, Some(Units::Km)),
        (_, Some(clock)) => (clock, Some(Units::Mi)),
        _ => (text.as_str(), None),
    };
    let clock = trim(trim(clock).trim_start_matches("min"));
    let (minutes, seconds) = clock.split_once(':')?;
    let minutes: u32 = trim(minutes).parse().ok()?;
    let seconds: f64 = trim(seconds).parse().ok()?;
    if !(0.0..MINUTE_S).contains(&seconds) {
        return None;
    }
    Some((f64::from(minutes) * MINUTE_S + seconds, unit))
}

/// `h:mm:ss` or `mm:ss`, with optional fractions of a second after a point
/// or a comma (`00:22:15.4`, `00:22:15,4`). Returns seconds.
pub fn parse_clock(text: &str) -> Option<f64> {
    if let Some(parts) = DigitClock::of(text) {
        let (hours, minutes, seconds, bounded) = match *parts.fields() {
            [m, s] => (0, m, s, true),
            [h, m, s] => (h, m, s, m < 60),
            _ => return None,
        };
        return (bounded && seconds < 60).then(|| {
            f64::from(hours) * HOUR_S + f64::from(minutes) * MINUTE_S + f64::from(seconds)
        });
    }
    parse_written_clock(text)
}

/// [`parse_clock`] of a clock written with spaces, a fraction or a comma.
fn parse_written_clock(text: &str) -> Option<f64> {
    let text = if text.contains(',') {
        Cow::Owned(text.replace(',', "."))
    } else {
        Cow::Borrowed(text)
    };
    let mut split = trim(&text).split(':');
    let parts = [split.next(), split.next(), split.next(), split.next()];
    let (hours, minutes, seconds, count) = match parts {
        [Some(m), Some(s), None, None] => ("0", m, s, 2),
        [Some(h), Some(m), Some(s), None] => (h, m, s, 3),
        _ => return None,
    };
    let hours: u32 = trim(hours).parse().ok()?;
    let minutes: u32 = trim(minutes).parse().ok()?;
    let seconds: f64 = trim(seconds).parse().ok()?;
    let bounded = count == 2 || minutes < 60;
    if !bounded || !(0.0..MINUTE_S).contains(&seconds) {
        return None;
    }
    Some(f64::from(hours) * HOUR_S + f64::from(minutes) * MINUTE_S + seconds)
}

/// How a source writes decimal numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decimals {
    /// `12.5`; commas may group thousands (`1,025.5`).
    Point,
    /// `12,5`; points may group thousands (`1.025,5`).
    Comma,
}

/// Removes the spaces some locales group digits with.
fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Digits in groups of three after the first (`1,025`, `12.345.678`).
fn is_grouped(digits: &str, separator: char) -> bool {
    let mut groups = digits.split(separator);
    let first_ok = groups
        .next()
        .is_some_and(|g| (1..=3).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit()));
    let mut rest = 0;
    let rest_ok = groups.all(|g| {
        rest += 1;
        g.len() == 3 && g.chars().all(|c| c.is_ascii_digit())
    });
    first_ok && rest_ok && rest > 0
}

/// A plain decimal number (`-12.5`, `1.2e3` as machines write them), finite.
fn finite(text: &str) -> Option<f64> {
    short_decimal(text).or_else(|| parsed_finite(text))
}

/// [`finite`] by the standard parser, for what is not a short decimal.
fn parsed_finite(text: &str) -> Option<f64> {
    let ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | '-' | '+' | 'e' | 'E'));
    let value: f64 = if ok { text.parse().ok()? } else { return None };
    value.is_finite().then_some(value)
}

/// Digits a [`short_decimal`] may have: their whole number is exact in an
/// `f64`, as is every power of ten up to it.
const SHORT_DECIMAL_DIGITS: usize = 15;

/// The powers of ten a [`short_decimal`] divides by.
const POWERS_OF_TEN: [f64; SHORT_DECIMAL_DIGITS + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// A short number as most cells hold one (`4.3`, `54`, `-0.5`), read
/// without the general parser: its digits as a whole number divided by a
/// power of ten, both exact, is the one rounding the parser makes too.
/// `None` for any other text, which the parser reads.
fn short_decimal(text: &str) -> Option<f64> {
    let (negative, digits) = match text.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        all => (false, all),
    };
    let mut number = 0u64;
    let mut count = 0;
    // Digits after the point, once there is one.
    let mut fraction: Option<usize> = None;
    for &byte in digits {
        match byte {
            b'0'..=b'9' if count < SHORT_DECIMAL_DIGITS => {
                number = number * 10 + u64::from(byte - b'0');
                count += 1;
                if let Some(after) = &mut fraction {
                    *after += 1;
                }
            }
            b'.' if fraction.is_none() && count > 0 => fraction = Some(0),
            _ => return None,
        }
    }
    let after = fraction.unwrap_or(0);
    if count == 0 || fraction == Some(0) {
        return None;
    }
    let value = number as f64 / POWERS_OF_TEN[after];
    Some(if negative { -value } else { value })
}

/// A decimal number as any source writes it. With a decimal point:
/// `10.02`, `1,025.5` (commas group thousands), `1.2e3`. With a decimal
/// comma: `9,55`, `1.025,5` (points group thousands); a lone point is a
/// decimal point too (Strava's detailed German columns write `9550.0`).
pub fn parse_number(text: &str, decimals: Decimals) -> Option<f64> {
    // The common cell first: a short number reads the same whatever the
    // decimal mark, as `finite` reads it; any other plain one goes to the
    // parser once.
    if let Some(value) = short_decimal(text) {
        return Some(value);
    }
    if is_plain_decimal(text) {
        return parsed_finite(text);
    }
    parse_written_number(text, decimals)
}

/// [`parse_number`] of a number written with spaces, grouping or a decimal comma.
fn parse_written_number(text: &str, decimals: Decimals) -> Option<f64> {
    let text = without_spaces(text);
    let (sign, body) = match text.strip_prefix('-') {
        Some(body) => ("-", body),
        None => ("", text.as_str()),
    };
    let plain = match decimals {
        Decimals::Point => match body.split_once('.') {
            _ if !body.contains(',') => body.to_string(),
            Some((whole, fraction)) if is_grouped(whole, ',') => {
                format!("{}.{fraction}", whole.replace(',', ""))
            }
            None if is_grouped(body, ',') => body.replace(',', ""),
            _ => return None,
        },
        Decimals::Comma => match body.rsplit_once(',') {
            None => body.to_string(),
            Some((whole, fraction)) if !whole.contains('.') || is_grouped(whole, '.') => {
                format!("{}.{fraction}", whole.replace('.', ""))
            }
            _ => return None,
        },
    };
    finite(&format!("{sign}{plain}"))
}

/// Digits with at most a leading minus and points: read the same whatever
/// the decimal mark, with nothing to take out first (the common cell).
fn is_plain_decimal(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

/// A number that is whole in practice (seconds, feet, metres climbed), where
/// a decimal-comma source may group thousands with points: `3.123` is 3123 there.
pub fn parse_grouped(text: &str, decimals: Decimals) -> Option<f64> {
    let bare = without_spaces(text);
    if decimals == Decimals::Comma && is_grouped(&bare, '.') {
        return finite(&bare.replace('.', ""));
    }
    parse_number(&bare, decimals)
}

/// A number as machines write them in XML and FIT files: a decimal point,
/// finite (`12.5`, `1.2e3`).
pub fn parse_decimal(text: &str) -> Option<f64> {
    parse_number(text, Decimals::Point)
}

/// A whole number of zero or more.
pub fn parse_count(text: &str) -> Option<u32> {
    trim(text).parse().ok()
}

/// yes/no, true/false, y/n, 1/0 in any case.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    let text = trim(text);
    let is = |words: [&str; 4]| words.iter().any(|w| w.eq_ignore_ascii_case(text));
    if is(["yes", "y", "true", "1"]) {
        Some(true)
    } else if is(["no", "n", "false", "0"]) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn digit_clocks_at_their_edges_read_as_written_clocks_do() {
        let clocks = [
            "1:60:00",
            "1:59:59",
            "0:59:60",
            "90:00",
            "1:75",
            "5:3",
            "45:05",
            "::",
            "1:2:3:4",
            "007:05",
            "0:21:13",
            "4294967295:00",
            "4294967296:00",
            "0:0:99999999999",
            "",
            ":",
            "1:",
            ":1",
            "123",
        ];
        for clock in clocks {
            assert_eq!(parse_clock(clock), parse_written_clock(clock), "{clock}");
            assert_eq!(
                two_part_clock(clock),
                written_two_part_clock(clock),
                "{clock}"
            );
        }
    }

    #[test]
    fn short_decimals_at_their_edges_read_as_the_parser_reads_them() {
        let numbers = [
            "0",
            "-0",
            "4.3",
            "54",
            "-0.5",
            "0.1",
            "0.30000000000000004",
            "999999999999999",
            "9999999999999999",
            "1.000000000000001",
            "123456789.012345",
            "5.",
            ".5",
            "-",
            "1.2.3",
            "+1",
            "1e3",
            "",
        ];
        for number in numbers {
            let by_parser = number.parse::<f64>().ok().filter(|v| v.is_finite());
            assert_eq!(
                finite(number).map(f64::to_bits),
                by_parser.map(f64::to_bits),
                "{number}"
            );
        }
    }

    proptest! {
        /// Short decimals are read without the general parser; they must
        /// read to the very number it reads (bits, so -0 is told from 0).
        #[test]
        fn short_decimals_read_as_the_parser_reads_them(text in "-?[0-9]{1,9}(\\.[0-9]{1,8})?") {
            let by_parser: f64 = text.parse().unwrap();
            prop_assert_eq!(finite(&text).map(f64::to_bits), Some(by_parser.to_bits()));
        }

        /// Clocks of digits and colons are read in one pass; they must
        /// read as the general way reads them.
        #[test]
        fn digit_clocks_read_as_written_clocks_do(text in "[0-9:]{0,9}|[0-9]{9,11}:[0-9]{2}") {
            prop_assert_eq!(parse_clock(&text), parse_written_clock(&text));
            prop_assert_eq!(two_part_clock(&text), written_two_part_clock(&text));
        }

        /// The quick trim cuts what the standard one does, from text of
        /// ASCII and Unicode white space, other ASCII and other characters.
        #[test]
        fn trim_cuts_what_str_trim_does(text in "[ \t\u{0b}\u{0c}\r\na1:\u{a0}\u{3000}é]{0,8}") {
            prop_assert_eq!(trim(&text), text.trim());
        }

        /// Plain digits are read without taking anything out first; they
        /// must read as the general way reads them.
        #[test]
        fn plain_numbers_read_as_written_numbers_do(
            text in "-?[0-9.]{0,7}",
            comma in any::<bool>(),
        ) {
            let decimals = if comma { Decimals::Comma } else { Decimals::Point };
            prop_assert_eq!(parse_number(&text, decimals), parse_written_number(&text, decimals));
        }
    }

    #[test]
    fn plain_iso_days_read_as_chrono_reads_them() {
        let chrono_reads = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        for text in [
            "2025-03-09",
            "1970-01-01",
            "2024-02-29",
            "2023-02-29",
            "2023-13-01",
            "2023-00-10",
            "2023-04-31",
            "0000-01-01",
        ] {
            assert_eq!(plain_iso_day(text), Some(chrono_reads(text)), "{text}");
            assert_eq!(
                parse_date(text).map(|(day, _)| day),
                chrono_reads(text),
                "{text}"
            );
        }
        for other in [
            "2025-3-09",
            "2025/03/09",
            "2025-03-09 ",
            "+2025-03-09",
            "2025-03-0x",
            "९९९९-03-09",
        ] {
            assert_eq!(plain_iso_day(other), None, "{other}");
        }
    }

    #[test]
    fn utc_times_from_their_usual_spellings() {
        let utc = |h, m, s| {
            NaiveDate::from_ymd_opt(2025, 3, 1)
                .and_then(|d| d.and_hms_opt(h, m, s))
                .unwrap()
        };
        let cases = [
            ("2025-03-01T07:30:00Z", Some(utc(7, 30, 0))),
            ("2025-03-01T07:30:00.000Z", Some(utc(7, 30, 0))),
            (" 2025-03-01T09:30:00+02:00 ", Some(utc(7, 30, 0))),
            ("2025-03-01T07:30:00", Some(utc(7, 30, 0))),
            ("yesterday", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_utc_time(text), expected, "{text:?}");
        }
        assert_eq!(parse_decimal(" 12.5 "), Some(12.5));
        assert_eq!(parse_decimal("NaN"), None);
    }

    #[test]
    fn numbers_with_decimal_points_and_commas() {
        use Decimals::{Comma as De, Point as En};
        let cases: [(&str, Decimals, Option<f64>, Option<f64>); 17] = [
            // text, decimals, parse_number, parse_grouped
            ("10.02", En, Some(10.02), Some(10.02)),
            ("1,025", En, Some(1025.0), Some(1025.0)),
            ("1,234,567.5", En, Some(1_234_567.5), Some(1_234_567.5)),
            ("10,5", En, None, None),
            ("1,02,5", En, None, None),
            ("9,55", De, Some(9.55), Some(9.55)),
            ("9550.0", De, Some(9550.0), Some(9550.0)),
            ("1.025,5", De, Some(1025.5), Some(1025.5)),
            ("3.123", De, Some(3.123), Some(3123.0)),
            ("1.079", De, Some(1.079), Some(1079.0)),
            ("12.34,5", De, None, None),
            ("-3", En, Some(-3.0), Some(-3.0)),
            ("1 025", En, Some(1025.0), Some(1025.0)),
            ("abc", En, None, None),
            ("inf", En, None, None),
            ("1.2e3", En, Some(1200.0), Some(1200.0)),
            ("", De, None, None),
        ];
        for (text, decimals, number, grouped) in cases {
            assert_eq!(parse_number(text, decimals), number, "{text} {decimals:?}");
            assert_eq!(
                parse_grouped(text, decimals),
                grouped,
                "{text} {decimals:?}"
            );
        }
    }

    #[test]
    fn dates_in_every_accepted_shape() {
        let day = NaiveDate::from_ymd_opt(2025, 2, 17).unwrap();
        let cases = [
            ("2025-02-17", true, false),
            ("2025-02-17T07:30:00", true, true),
            ("2025-02-17 07:30:00", true, true),
            ("2025-02-17T07:30:00Z", true, true),
            ("2025-02-17T07:30:00+01:00", true, true),
            ("2025-02-17T07:30", true, true),
            ("17/02/2025", false, false),
            ("2025-02-30", false, false),
            ("", false, false),
        ];
        for (text, ok, has_time) in cases {
            let parsed = parse_date(text);
            assert_eq!(parsed.is_some(), ok, "{text}");
            if let Some((date, time)) = parsed {
                assert_eq!(date, day, "{text}");
                assert_eq!(time.is_some(), has_time, "{text}");
            }
        }
    }

    #[test]
    fn durations_paces_and_numbers() {
        let cases: [(&str, Option<f64>); 8] = [
            ("1:02:03", Some(3723.0)),
            ("45:30", Some(2730.0)),
            ("45.5", Some(2730.0)),
            ("0:59:59.5", Some(3599.5)),
            ("1:60:00", None),
            ("45:75", None),
            ("abc", None),
            ("1:2:3:4", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_duration(text, Decimals::Point), want, "{text}");
        }
        assert_eq!(parse_duration("45,5", Decimals::Comma), Some(2730.0));
        assert_eq!(parse_pace("5:15"), Some((315.0, None)));
        assert_eq!(parse_pace("5:15/km"), Some((315.0, Some(Units::Km))));
        assert_eq!(parse_pace("8:00 /MI"), Some((480.0, Some(Units::Mi))));
        assert_eq!(parse_pace("5:75"), None);
        assert_eq!(parse_pace("515"), None);
        assert_eq!(parse_number("12,5", Decimals::Comma), Some(12.5));
        assert_eq!(parse_number("12,5", Decimals::Point), None);
        assert_eq!(parse_number("NaN", Decimals::Point), None);
        assert_eq!(parse_number("inf", Decimals::Point), None);
    }

    #[test]
    fn spreadsheet_dates_and_their_readings() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        use DateOrder::*;
        let cases = [
            (
                "13/10/2026",
                Some(DateText::Only(Dmy, d(2026, 10, 13), None)),
            ),
            (
                "10/13/2026",
                Some(DateText::Only(Mdy, d(2026, 10, 13), None)),
            ),
            (
                "06/10/2026",
                Some(DateText::Both {
                    dmy: d(2026, 10, 6),
                    mdy: d(2026, 6, 10),
                    time: None,
                }),
            ),
            ("05/05/2026", Some(DateText::One(d(2026, 5, 5), None))),
            ("6.10.2026", Some(DateText::Only(Dmy, d(2026, 10, 6), None))),
            (
                "2026/10/06",
                Some(DateText::Only(Ymd, d(2026, 10, 6), None)),
            ),
            ("20 Oct 2026", Some(DateText::One(d(2026, 10, 20), None))),
            (
                "20 October 2026",
                Some(DateText::One(d(2026, 10, 20), None)),
            ),
            ("20-Oct-2026", Some(DateText::One(d(2026, 10, 20), None))),
            ("Oct 20, 2026", Some(DateText::One(d(2026, 10, 20), None))),
            (
                "Tue 20 Oct 2026",
                Some(DateText::One(d(2026, 10, 20), None)),
            ),
            ("2026-10-20", Some(DateText::One(d(2026, 10, 20), None))),
            ("31/02/2026", None),
            ("13/13/2026", None),
            ("20 Oc 2026", None),
            ("06/10/26", None),
            ("soon", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date_text(text), want, "{text}");
        }
        let timed = parse_date_text("13/10/2026 07:30").unwrap();
        let at = d(2026, 10, 13).and_hms_opt(7, 30, 0);
        assert_eq!(timed.read_as(None), Some((d(2026, 10, 13), at)));
        let both = parse_date_text("06/10/2026").unwrap();
        assert_eq!(both.read_as(None), None);
        assert_eq!(both.read_as(Some(Mdy)).unwrap().0, d(2026, 6, 10));
        let only = parse_date_text("13/10/2026").unwrap();
        assert_eq!(only.read_as(Some(Mdy)), None);
    }

    #[test]
    fn durations_with_units_and_two_part_clocks() {
        let cases: [(&str, Option<f64>); 12] = [
            ("45 min", Some(2700.0)),
            ("45min", Some(2700.0)),
            ("50m", Some(3000.0)),
            ("1h10", Some(4200.0)),
            ("1h 05m", Some(3900.0)),
            ("1 h 10 min 30 s", Some(4230.0)),
            ("45m30", Some(2730.0)),
            ("1.5 h", Some(5400.0)),
            ("90 s", Some(90.0)),
            ("10 min 1 h", None),
            ("45 furlongs", None),
            ("45", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_unit_duration(text), want, "{text}");
        }
        assert_eq!(two_part_clock("0:45"), Some((45.0, 2700.0)));
        assert_eq!(two_part_clock("45:30"), Some((2730.0, 163_800.0)));
        assert_eq!(two_part_clock("1:02:03"), None);
        assert_eq!(two_part_clock("1:5"), None);
        assert_eq!(two_part_clock("1:75"), None);
    }

    #[test]
    fn distances_with_units_in_the_cell() {
        let cases = [
            ("8 km", Some((8.0, Units::Km))),
            ("8km", Some((8.0, Units::Km))),
            ("8,0 km", Some((8.0, Units::Km))),
            ("5 mi", Some((5.0, Units::Mi))),
            ("5.5 Miles", Some((5.5, Units::Mi))),
            ("800 m", Some((0.8, Units::Km))),
            ("8", None),
            ("8 furlongs", None),
            ("km", None),
        ];
        for (text, want) in cases {
            assert_eq!(parse_unit_distance(text), want, "{text}");
        }
    }

    #[test]
    fn yes_and_no() {
        for (text, want) in [
            ("yes", Some(true)),
            ("No", Some(false)),
            ("TRUE", Some(true)),
            ("0", Some(false)),
            ("y", Some(true)),
            ("maybe", None),
        ] {
            assert_eq!(parse_yes_no(text), want, "{text}");
        }
    }
}
