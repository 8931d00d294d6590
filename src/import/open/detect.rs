//! Which importer reads an input: by extension first, then by the first
//! bytes (XML root, FIT signature) or the CSV header line.

use crate::import::Format;

/// The header of a FIT file has `.FIT` at bytes 8 to 11.
const FIT_SIGNATURE: &[u8] = b".FIT";
const FIT_SIGNATURE_AT: usize = 8;

/// The format of a file, from its name and its first bytes.
pub fn detect(name: &str, head: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    let lower = lower.strip_suffix(".gz").unwrap_or(&lower);
    if lower.ends_with(".gpx") {
        return Format::Gpx;
    }
    if lower.ends_with(".tcx") {
        return Format::Tcx;
    }
    if lower.ends_with(".fit") {
        return Format::Fit;
    }
    from_content(head)
}

/// The format from the first bytes alone (standard input, odd names).
pub fn from_content(head: &[u8]) -> Format {
    if head.get(FIT_SIGNATURE_AT..FIT_SIGNATURE_AT + FIT_SIGNATURE.len()) == Some(FIT_SIGNATURE) {
        return Format::Fit;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    if text.contains("<gpx") {
        return Format::Gpx;
    }
    if text.contains("TrainingCenterDatabase") {
        return Format::Tcx;
    }
    if text.contains("<!DOCTYPE HealthData") || text.contains("<HealthData") {
        return Format::Apple;
    }
    let header = text.lines().next().unwrap_or("").to_lowercase();
    from_header(&header)
}

/// Strava's export has many columns and repeats several names (`Distance`,
/// `Elapsed Time`) in every language, so a localised export is still
/// recognised and gets the importer's message about languages.
const STRAVA_MIN_COLUMNS: usize = 20;
const STRAVA_MIN_REPEATS: usize = 2;

fn looks_like_strava_in_any_language(header: &str) -> bool {
    let names: Vec<&str> = header
        .split(',')
        .map(|n| n.trim().trim_matches('"'))
        .collect();
    if names.len() < STRAVA_MIN_COLUMNS {
        return false;
    }
    let mut seen = std::collections::HashSet::new();
    let repeats = names
        .iter()
        .filter(|n| !n.is_empty() && !seen.insert(**n))
        .count();
    repeats >= STRAVA_MIN_REPEATS
}

/// Column names (lower case) of Garmin Connect's English export that no
/// other format has; this many of them make a header Garmin's.
const GARMIN_ONLY: [&str; 6] = [
    "avg pace",
    "best pace",
    "total ascent",
    "total descent",
    "avg run cadence",
    "avg stride length",
];
const GARMIN_MIN_NAMES: usize = 2;

/// Strava and Garmin Connect CSV exports are told apart by their headers.
fn from_header(header: &str) -> Format {
    let has = |name: &str| header.contains(name);
    let strava = (has("activity id") || has("aktivitäts-id") || has("aktivitats-id"))
        && (has("activity type")
            || has("aktivitätsart")
            || has("activity date")
            || has("aktivitätsdatum"));
    let strava_old = header.starts_with("id,date,name,type");
    if strava || strava_old {
        return Format::Strava;
    }
    // Garmin's before Strava's any-language look: a Garmin export from 2017
    // repeats column names too (Avg Cadence, Max Cadence).
    let garmin_type = GARMIN_TYPE_NAMES
        .iter()
        .any(|name| header.starts_with(name));
    let garmin = (has("activity type") || garmin_type)
        && (has("avg pace") || has("total ascent") || has("title") || garmin_type);
    if garmin || is_headerless_garmin(header) {
        return Format::Garmin;
    }
    if looks_like_strava_in_any_language(header) {
        return Format::Strava;
    }
    // A native log may name its own columns like Garmin's (`avg pace`); its
    // `date` and `distance_km` or `distance_mi` say what it is.
    let keys: Vec<String> = header
        .split([',', ';', '\t'])
        .map(|name| crate::import::csv::native::column_key(name.trim_matches('"')))
        .collect();
    let native = keys.iter().any(|k| k == "date")
        && keys
            .iter()
            .any(|k| k == "distance_km" || k == "distance_mi");
    // With its activity type misspelt, Garmin's own column names still tell.
    let garmin_names = GARMIN_ONLY.iter().filter(|name| has(name)).count();
    if !native && garmin_names >= GARMIN_MIN_NAMES {
        return Format::Garmin;
    }
    Format::Native
}

/// The first column of Garmin's export in the languages it is offered in
/// (lower case): the activity type.
const GARMIN_TYPE_NAMES: [&str; 14] = [
    "activity type,",
    "aktivitätstyp,",
    "aktivitetstype,",
    "aktivitetstyp,",
    "activiteittype,",
    "type d'activité,",
    "tipo de actividad,",
    "tipo di attività,",
    "tipo de atividade,",
    "typ aktywności,",
    "typ aktivity,",
    "aktiviteetin tyyppi,",
    "tevékenység típusa,",
    "\"activity type\",",
];

/// A Garmin export saved without its header row: its first line is a run
/// (`Running,2021-03-13 16:23:17,false,...`).
fn is_headerless_garmin(line: &str) -> bool {
    let cells: Vec<&str> = line
        .split(',')
        .map(|c| c.trim().trim_matches('"'))
        .collect();
    cells.len() > 6
        && crate::import::csv::export::running_type(cells[0]).is_some()
        && crate::import::values::parse_date(cells[1]).is_some_and(|(_, start)| start.is_some())
        && matches!(cells[2], "true" | "false")
}

/// Magic numbers of files people give by mistake.
const BINARY_KINDS: [(&[u8], &str); 6] = [
    (b"%PDF", "a PDF document"),
    (
        b"PK\x03\x04",
        "a .zip archive or an Office document (an .xlsx must be saved as CSV first)",
    ),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (
        b"\xd0\xcf\x11\xe0",
        "an old Office document (save the sheet as CSV first)",
    ),
    (b"\x1f\x8b", "a gzip file whose name does not end in .gz"),
];

/// What a binary file is, when it is not text at all.
pub fn binary_kind(head: &[u8]) -> Option<&'static str> {
    if let Some((_, what)) = BINARY_KINDS
        .iter()
        .find(|(magic, _)| head.starts_with(magic))
    {
        return Some(what);
    }
    let utf16 = head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff");
    let sample = &head[..head.len().min(1024)];
    (!utf16 && sample.contains(&0)).then_some("a binary file")
}

/// The file that makes a folder or archive a Strava export.
pub const STRAVA_INDEX: &str = "activities.csv";

pub fn is_readable(name: &str) -> bool {
    super::inner_extension(name).is_some_and(|e| super::READABLE.contains(&e.as_str()))
}

pub fn is_activity_name(name: &str) -> bool {
    is_readable(name) && super::inner_extension(name).as_deref() != Some("csv")
}

/// The `export.xml` of an Apple Health export (`apple_health_export/export.xml`,
/// at the top or one folder down).
pub fn apple_export(names: &[String]) -> Option<String> {
    names
        .iter()
        .find(|n| {
            let depth = n.matches('/').count();
            let file = n.rsplit('/').next().unwrap_or(n);
            depth <= 2
                && file.eq_ignore_ascii_case(APPLE_EXPORT)
                && n.contains("apple_health_export")
        })
        .cloned()
}

/// The file of the Health app's export that holds the workouts.
const APPLE_EXPORT: &str = "export.xml";

/// The `activities.csv` of a Strava export, at the top or one folder down.
pub fn strava_index(container: &mut dyn super::Container, names: &[String]) -> Option<String> {
    let index = names.iter().find(|n| {
        let depth = n.matches('/').count();
        let file = n.rsplit('/').next().unwrap_or(n);
        depth <= 1 && file.eq_ignore_ascii_case(STRAVA_INDEX)
    })?;
    let head = container.read(index).ok()?;
    (from_content(&head) == Format::Strava).then(|| index.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_extension_then_content() {
        let cases: [(&str, &[u8], Format); 11] = [
            ("a.gpx", b"", Format::Gpx),
            ("a.GPX.gz", b"", Format::Gpx),
            ("a.tcx.gz", b"", Format::Tcx),
            ("a.fit", b"", Format::Fit),
            ("-", b"\x0e\x10\x00\x00\x00\x00\x00\x00.FIT", Format::Fit),
            (
                "x.csv",
                b"Activity ID,Activity Date,Activity Name,Activity Type\n",
                Format::Strava,
            ),
            ("x.csv", b"id,date,name,type,description\n", Format::Strava),
            (
                "x.csv",
                b"Activity Type,Date,Favorite,Title,Distance,Calories,Time,Avg Pace\n",
                Format::Garmin,
            ),
            ("x.csv", b"date,distance_km\n", Format::Native),
            (
                "x.csv",
                b"Activty Type,Date,Title,Distance,Time,Avg Pace,Total Ascent\n",
                Format::Garmin,
            ),
            (
                "x.csv",
                b"date,distance_km,duration,avg pace,total ascent\n",
                Format::Native,
            ),
        ];
        for (name, head, want) in cases {
            assert_eq!(detect(name, head), want, "{name}");
        }
        assert_eq!(
            from_content(b"<?xml version=\"1.0\"?><gpx creator=\"x\">"),
            Format::Gpx
        );
        let french: Vec<String> = (0..22)
            .map(|i| {
                if i % 10 == 0 {
                    "Distance".to_string()
                } else {
                    format!("Colonne {i}")
                }
            })
            .collect();
        let header = format!("{}\n", french.join(","));
        assert_eq!(from_content(header.as_bytes()), Format::Strava);
        assert_eq!(from_content(b"date,distance_km,notes\n"), Format::Native);
    }
}
