//! Parsers for the values a training log holds: dates, durations, paces,
//! numbers with decimal commas, yes/no answers. Each returns `None` on text it
//! cannot read, and the importer turns that into a located error.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime};

use crate::model::Units;

/// Seconds in a minute and in an hour.
const MINUTE_S: f64 = 60.0;
const HOUR_S: f64 = 3600.0;

/// A day, with the start time when the text holds one.
pub fn parse_date(text: &str) -> Option<(NaiveDate, Option<NaiveDateTime>)> {
    let text = text.trim();
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

/// A total time: `h:mm:ss`, `mm:ss`, or minutes as a decimal. Returns seconds.
pub fn parse_duration(text: &str, decimal_comma: bool) -> Option<f64> {
    let text = text.trim();
    if text.contains(':') {
        return parse_clock(text);
    }
    parse_number(text, decimal_comma).map(|minutes| minutes * MINUTE_S)
}

/// A pace `m:ss`, optionally followed by `/km` or `/mi`. Returns seconds
/// per unit and the unit when the text names one.
pub fn parse_pace(text: &str) -> Option<(f64, Option<Units>)> {
    let text = text.trim().to_ascii_lowercase();
    let (clock, unit) = match (text.strip_suffix("/km"), text.strip_suffix("/mi")) {
        (Some(clock), _) => (clock, Some(Units::Km)),
        (_, Some(clock)) => (clock, Some(Units::Mi)),
        _ => (text.as_str(), None),
    };
    let clock = clock.trim().trim_start_matches("min").trim();
    let (minutes, seconds) = clock.split_once(':')?;
    let minutes: u32 = minutes.trim().parse().ok()?;
    let seconds: f64 = seconds.trim().parse().ok()?;
    if !(0.0..MINUTE_S).contains(&seconds) {
        return None;
    }
    Some((f64::from(minutes) * MINUTE_S + seconds, unit))
}

/// `h:mm:ss` or `mm:ss`, with optional fractions of a second.
pub fn parse_clock(text: &str) -> Option<f64> {
    let parts: Vec<&str> = text.trim().split(':').collect();
    let (hours, minutes, seconds) = match parts.as_slice() {
        [m, s] => ("0", *m, *s),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let hours: u32 = hours.trim().parse().ok()?;
    let minutes: u32 = minutes.trim().parse().ok()?;
    let seconds: f64 = seconds.trim().parse().ok()?;
    let bounded = parts.len() == 2 || minutes < 60;
    if !bounded || !(0.0..MINUTE_S).contains(&seconds) {
        return None;
    }
    Some(f64::from(hours) * HOUR_S + f64::from(minutes) * MINUTE_S + seconds)
}

/// A decimal number; with `decimal_comma`, `12,5` means 12.5.
pub fn parse_number(text: &str, decimal_comma: bool) -> Option<f64> {
    let text = text.trim();
    let value: f64 = if decimal_comma && text.contains(',') {
        text.replacen(',', ".", 1).parse().ok()?
    } else {
        text.parse().ok()?
    };
    value.is_finite().then_some(value)
}

/// A whole number of zero or more.
pub fn parse_count(text: &str) -> Option<u32> {
    text.trim().parse().ok()
}

/// yes/no, true/false, y/n, 1/0 in any case.
pub fn parse_yes_no(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" => Some(false),
        _ => None,
    }
}

/// Midnight of a day, for sources that give no time.
pub fn start_of(date: NaiveDate) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(parse_duration(text, false), want, "{text}");
        }
        assert_eq!(parse_duration("45,5", true), Some(2730.0));
        assert_eq!(parse_pace("5:15"), Some((315.0, None)));
        assert_eq!(parse_pace("5:15/km"), Some((315.0, Some(Units::Km))));
        assert_eq!(parse_pace("8:00 /MI"), Some((480.0, Some(Units::Mi))));
        assert_eq!(parse_pace("5:75"), None);
        assert_eq!(parse_pace("515"), None);
        assert_eq!(parse_number("12,5", true), Some(12.5));
        assert_eq!(parse_number("12,5", false), None);
        assert_eq!(parse_number("NaN", false), None);
        assert_eq!(parse_number("inf", false), None);
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
