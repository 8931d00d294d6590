//! The catalogue of bad input (issue 5: "bad input never crashes, never
//! lies, never loses output"). Each `Case` is one mistake a runner makes:
//! the files it writes into a fresh temporary folder, the command run there,
//! and the outcome it must produce: the exit code and the key words of the
//! message, in the order they must appear.
//!
//! One test runs the whole table and reports every failure together. Each
//! case is also held to the contract of DESIGN.md whatever it expects:
//! never exit 101 or "panicked"; exit 1 and 2 print nothing on standard
//! output; exit 1 names the file; a value error names file, line (below the
//! header), column and value. Cases that show a bug in runrisk have their own

mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use common::{gzip, run_in, utf16le_with_bom, zip_of, FitFile, Outcome, Sport};

/// One bad input and what runrisk must do with it.
#[derive(Clone, Copy)]
struct Case {
    name: &'static str,
    /// Files written into the case's temporary folder, which is also the
    /// working folder of the run. A name ending in `/` makes an empty folder.
    files: &'static [(&'static str, &'static [u8])],
    /// The arguments. `{dir}` is replaced by the temporary folder's path and
    /// `{file}` by the first file's name.
    args: &'static [&'static str],
    exit: i32,
    /// Key words of standard error, in the order they must appear.
    stderr_has: &'static [&'static str],
    /// Key words of standard output, in the order they must appear.
    stdout_has: &'static [&'static str],
    /// Files of `files` whose bytes the run must leave as they were.
    unchanged: &'static [&'static str],
    /// Paths that must not exist after the run.
    absent: &'static [&'static str],
}

const BASE: Case = Case {
    name: "",
    files: &[],
    args: &[],
    exit: 0,
    stderr_has: &[],
    stdout_has: &[],
    unchanged: &[],
    absent: &[],
};

const STRAVA_CURRENT: &[u8] = include_bytes!("fixtures/exports/strava_current.csv");
const STRAVA_FRENCH: &[u8] = include_bytes!("fixtures/exports/strava_french.csv");
const STRAVA_INVALID: &[u8] = include_bytes!("fixtures/exports/strava_invalid.csv");
const GARMIN_DANISH: &[u8] = include_bytes!("fixtures/exports/garmin_danish.csv");
const GARMIN_KM_SLOW: &[u8] = include_bytes!("fixtures/exports/garmin_km_slow.csv");
const GARMIN_KM: &[u8] = include_bytes!("fixtures/exports/garmin_km.csv");
const RUN_GPX: &[u8] = include_bytes!("fixtures/activities/run_with_time.gpx");
const UNDATED_GPX: &[u8] = include_bytes!("fixtures/activities/run_without_time.gpx");
const LAPS_TCX: &[u8] = include_bytes!("fixtures/activities/three_laps.tcx");
const MARATHON: &[u8] = include_bytes!("../sample-logs/marathon-build.csv");
const CLUB: &[u8] = include_bytes!("../sample-logs/club.csv");

/// A small valid log: two runs in 2025-W02.
const GOOD: &[u8] = b"date,distance_km\n2025-01-07,5\n2025-01-09,6\n";

fn leak(bytes: Vec<u8>) -> &'static [u8] {
    Box::leak(bytes.into_boxed_slice())
}

fn leak_text(text: String) -> &'static [u8] {
    leak(text.into_bytes())
}

fn leak_files(
    files: Vec<(&'static str, &'static [u8])>,
) -> &'static [(&'static str, &'static [u8])] {
    Box::leak(files.into_boxed_slice())
}

/// 25 rows whose distance is text: more than the 20 problems listed.
fn twenty_five_bad_rows() -> &'static [u8] {
    let mut text = String::from("date,distance_km\n");
    for day in 1..=25 {
        text.push_str(&format!("2025-01-{day:02},x{day}\n"));
    }
    leak_text(text)
}

/// A FIT file whose header is sound and whose messages are garbage, as a
/// watch file damaged in transfer.
fn damaged_fit() -> &'static [u8] {
    let mut bytes = FitFile::single(Sport::Running, 0, 600).finish();
    for byte in bytes.iter_mut().skip(14) {
        *byte = 0x37;
    }
    leak(bytes)
}

fn good_fit() -> &'static [u8] {
    leak(FitFile::single(Sport::Running, 0, 600).finish())
}

/// The first 200 bytes of a gzipped GPX file: a download cut short.
fn truncated_gpx_gz() -> &'static [u8] {
    leak(gzip(RUN_GPX)[..200].to_vec())
}

/// The first half of a gzipped GPX file: cut short, with half the run in it.
fn half_gpx_gz() -> &'static [u8] {
    let packed = gzip(RUN_GPX);
    leak(packed[..packed.len() / 2].to_vec())
}

/// A GPX run at 10 m/s (1:40/km) for 5 minutes: faster than anyone runs,
/// yet under the speed a GPS glitch has, so its points are all kept.
fn too_fast_gpx() -> &'static [u8] {
    const SECONDS_PER_POINT: u32 = 10;
    const DEGREES_PER_POINT: f64 = 100.0 / 111_195.0;
    let mut text = String::from("<gpx><trk><type>running</type><trkseg>\n");
    for i in 0..=30u32 {
        text.push_str(&format!(
            "<trkpt lat=\"{:.6}\" lon=\"7.5\"><time>2025-03-02T08:{:02}:{:02}Z</time></trkpt>\n",
            46.5 + DEGREES_PER_POINT * f64::from(i),
            i * SECONDS_PER_POINT / 60,
            i * SECONDS_PER_POINT % 60
        ));
    }
    leak_text(text + "</trkseg></trk></gpx>\n")
}

/// The GPX run with `value` in place of every time, the file's own included.
fn gpx_with_every_time(value: &str) -> &'static [u8] {
    let text = String::from_utf8_lossy(RUN_GPX);
    let mut out = String::new();
    let mut rest = text.as_ref();
    while let Some(open) = rest.find("<time>") {
        let Some(close) = rest[open..].find("</time>") else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&format!("<time>{value}</time>"));
        rest = &rest[open + close + "</time>".len()..];
    }
    out.push_str(rest);
    leak_text(out)
}

/// An export with `from` replaced by `to` in its header line only.
fn header_renamed(bytes: &[u8], from: &str, to: &str) -> &'static [u8] {
    let text = String::from_utf8_lossy(bytes);
    let (header, rows) = text.split_once('\n').unwrap_or((&text, ""));
    leak_text(format!("{}\n{rows}", header.replace(from, to)))
}

/// The same Strava export holding only its rides, swims and walks.
fn strava_without_runs() -> &'static [u8] {
    let text = String::from_utf8_lossy(STRAVA_CURRENT).into_owned();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut writer = csv::Writer::from_writer(Vec::new());
    for (i, record) in reader.records().enumerate() {
        let record = record.expect("the Strava fixture is CSV");
        let kind = record.get(3).unwrap_or("");
        if i == 0 || ["Ride", "Swim", "Walk"].contains(&kind) {
            writer.write_record(&record).expect("CSV into memory");
        }
    }
    leak(writer.into_inner().expect("CSV into memory"))
}

/// A .zip holding `entries`, each stored (not deflated) when `stored`.
fn zip_with(entries: &[(&str, &[u8])], stored: bool) -> Vec<u8> {
    use std::io::Write;
    let method = if stored {
        zip::CompressionMethod::Stored
    } else {
        zip::CompressionMethod::Deflated
    };
    let options = zip::write::SimpleFileOptions::default().compression_method(method);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("zip into memory");
        writer.write_all(bytes).expect("zip into memory");
    }
    writer.finish().expect("zip into memory").into_inner()
}

/// Where the packed bytes of the entry `name` lie in `archive`, from its local header.
fn entry_data(archive: &[u8], name: &str) -> std::ops::Range<usize> {
    const LOCAL_HEADER: usize = 30;
    let at = archive
        .windows(LOCAL_HEADER + name.len())
        .position(|w| w.starts_with(b"PK\x03\x04") && &w[LOCAL_HEADER..] == name.as_bytes())
        .expect("the entry is in the archive");
    let field = |from: usize| {
        usize::from(u16::from_le_bytes([
            archive[at + from],
            archive[at + from + 1],
        ]))
    };
    let size = u32::from_le_bytes(archive[at + 18..at + 22].try_into().expect("4 bytes"));
    let start = at + LOCAL_HEADER + field(26) + field(28);
    start..start + size as usize
}

/// A watch folder zipped with a good GPX run and `bad.gpx`, whose packed
/// bytes are changed by `damage`.
fn zip_with_damaged_entry(stored: bool, damage: fn(&mut [u8])) -> &'static [u8] {
    let mut archive = zip_with(
        &[("watch/good.gpx", RUN_GPX), ("watch/bad.gpx", RUN_GPX)],
        stored,
    );
    let range = entry_data(&archive, "watch/bad.gpx");
    damage(&mut archive[range]);
    leak(archive)
}

/// One byte of a stored entry flipped: its CRC no longer matches.
fn flip_one(data: &mut [u8]) {
    let middle = data.len() / 2;
    data[middle] ^= 0xFF;
}

/// The second half of a deflated entry overwritten: not deflate data any more.
fn scramble(data: &mut [u8]) {
    let half = data.len() / 2;
    for (i, byte) in data[half..].iter_mut().enumerate() {
        *byte = 0xF7 ^ (i as u8);
    }
}

/// Two logs zipped under one name: `logs/a.csv` twice, each with its own runs.
fn zip_with_a_name_twice() -> &'static [u8] {
    let other: &[u8] = b"date,distance_km\n2025-01-14,7\n2025-01-16,8\n";
    let mut archive = zip_with(&[("logs/a.csv", GOOD), ("logs/b.csv", other)], false);
    for at in 0..archive.len().saturating_sub(10) {
        if &archive[at..at + 10] == b"logs/b.csv" {
            archive[at..at + 10].copy_from_slice(b"logs/a.csv");
        }
    }
    leak(archive)
}

/// A gzip bomb: 80 gzip members of 1 MiB of zeros each, 80 MiB from a few kB.
fn gzip_bomb() -> &'static [u8] {
    const MEMBERS: usize = 80;
    let member = gzip(&vec![0u8; 1 << 20]);
    leak(member.repeat(MEMBERS))
}

/// A zip entry of 80 MiB of zeros beside a good run.
fn zip_bomb() -> &'static [u8] {
    const MIB: usize = 1 << 20;
    leak(zip_with(
        &[
            ("watch/good.gpx", RUN_GPX),
            ("watch/bomb.gpx", &vec![0u8; 80 * MIB]),
        ],
        false,
    ))
}

/// An Apple Health export.zip whose export.xml is 80 MiB of records padded
/// with spaces: read as a stream, each tag under the 1 MiB a tag may take,
/// so only the decompression budget stops it.
fn apple_export_bomb() -> &'static [u8] {
    const MIB: usize = 1 << 20;
    let mut record = b"<Record".to_vec();
    record.resize(MIB / 2, b' ');
    record.extend_from_slice(b"/>\n");
    let mut xml = b"<HealthData>".to_vec();
    while xml.len() < 80 * MIB {
        xml.extend_from_slice(&record);
    }
    leak(zip_with(&[("apple_health_export/export.xml", &xml)], false))
}

/// Every case that runrisk handles as it should.
fn cases() -> Vec<Case> {
    let watch_folder = leak_files(vec![
        ("watch/run.gpx", RUN_GPX),
        ("watch/laps.tcx", LAPS_TCX),
        ("watch/good.fit", good_fit()),
        ("watch/broken.fit", damaged_fit()),
    ]);
    let cut_gz_in_folder = leak_files(vec![
        ("watch/run.gpx", RUN_GPX),
        ("watch/cut.gpx.gz", truncated_gpx_gz()),
    ]);
    let twin_fit_files = leak_files(vec![
        ("watch/a.fit", good_fit()),
        ("watch/b.fit", good_fit()),
    ]);
    let zip_with_readme = leak_files(vec![(
        "export.zip",
        leak(zip_of(&[
            ("README.txt", b"nothing to see"),
            ("media/photo.jpg", b"\xff\xd8\xff\xe0"),
        ])),
    )]);
    let strava_zip_with_bad_file = leak_files(vec![(
        "export.zip",
        leak(zip_of(&[
            (
                "activities.csv",
                b"Activity ID,Activity Date,Activity Name,Activity Type,Distance,Filename\n\
                  1,\"Mar 2, 2025, 8:00:00 AM\",Morning Run,Run,4.9,activities/1.gpx\n\
                  2,\"Mar 4, 2025, 8:00:00 AM\",Evening Run,Run,5.0,activities/2.fit.gz\n",
            ),
            ("activities/1.gpx", RUN_GPX),
            ("activities/2.fit.gz", b"this was never gzipped"),
        ])),
    )]);

    let cases = vec![
        // ------------------------------------------------ one bad value per column
        Case {
            name: "date that is no date in any order",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,5\n17/13/2025,6\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:3: column 'date': '17/13/2025' is not a date",
                "YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY or 20 Oct 2026",
            ],
            ..BASE
        },
        Case {
            name: "impossible date 2025-02-30",
            files: &[("log.csv", b"date,distance_km\n2025-02-30,6\n")],
            args: &["weeks", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'date': '2025-02-30' is not a day of the calendar"],
            ..BASE
        },
        Case {
            name: "date in the future",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,5\n2099-01-01,6\n")],
            args: &["flags", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:3: column 'date': '2099-01-01' is in the future; check the year"],
            ..BASE
        },
        Case {
            name: "year 0025",
            files: &[("log.csv", b"date,distance_km\n0025-01-07,5\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'date': '0025-01-07' is before 1970; check the year"],
            ..BASE
        },
        Case {
            name: "date written in words",
            files: &[("log.csv", b"date,distance_km\nyesterday,5\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'date': 'yesterday' is not a date"],
            ..BASE
        },
        Case {
            name: "date-time with an hour of 25",
            files: &[("log.csv", b"date,distance_km\n2025-01-07T25:00,5\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'date': '2025-01-07T25:00' is not a date"],
            ..BASE
        },
        Case {
            name: "date cell empty",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,5\n,6\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:3: column 'date': '' is empty; this column is required"],
            ..BASE
        },
        Case {
            name: "distance as text",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,ten\n")],
            args: &["weeks", "log.csv", "--format", "json"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'distance_km': 'ten' is not a distance; expected a number such as 10.5",
            ],
            ..BASE
        },
        Case {
            name: "negative distance",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,-3\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'distance_km': '-3' is negative"],
            ..BASE
        },
        Case {
            name: "distance of 400 km",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,400\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'distance_km': '400' is longer than any run can be (over 300 km)",
                "missing decimal point",
            ],
            ..BASE
        },
        Case {
            name: "distance of 200 miles",
            files: &[("log.csv", b"date,distance_mi\n2025-01-07,200\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'distance_mi': '200' is longer than any run can be"],
            ..BASE
        },
        Case {
            name: "distance inf, NaN and 1e308",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,inf\n2025-01-08,NaN\n2025-01-09,1e308\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'distance_km': 'inf' is not a distance",
                "log.csv:3: column 'distance_km': 'NaN' is not a distance",
                "log.csv:4: column 'distance_km': '1e308' is longer than any run can be",
            ],
            ..BASE
        },
        Case {
            name: "distance cell missing from a short row",
            files: &[("log.csv", b"date,distance_km,duration\n2025-01-07\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'distance_km': '' is empty; this column is required"],
            ..BASE
        },
        Case {
            name: "decimal comma in a comma-delimited file",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,\"10,5\"\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'distance_km': '10,5' is not a distance"],
            ..BASE
        },
        Case {
            name: "thousands separator",
            files: &[("log.csv", b"date;distance_km\n2025-01-07;1.234,5\n")],
            args: &["check", "log.csv"],
            exit: 1,
            // Read as 1234.5 (points group thousands where commas are decimal):
            // no run is that long.
            stderr_has: &["log.csv:2: column 'distance_km': '1.234,5' is longer than any run can be"],
            ..BASE
        },
        Case {
            name: "duration as text",
            files: &[("log.csv", b"date,distance_km,duration\n2025-01-07,5,half an hour\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'duration': 'half an hour' is not a duration",
                "h:mm:ss, mm:ss, minutes, or a time such as 45 min or 1h10",
            ],
            ..BASE
        },
        Case {
            name: "negative duration",
            files: &[("log.csv", b"date,distance_km,duration\n2025-01-07,5,-30\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'duration': '-30' is not a duration"],
            ..BASE
        },
        Case {
            name: "duration 1:75:00",
            files: &[("log.csv", b"date,distance_km,duration\n2025-01-07,15,1:75:00\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'duration': '1:75:00' is not a duration"],
            ..BASE
        },
        Case {
            name: "duration too fast for the distance",
            files: &[("log.csv", b"date,distance_km,duration\n2025-01-07,10,15:00\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'duration': '15:00' gives a pace faster than 2:00/km over 10.0 km",
            ],
            ..BASE
        },
        Case {
            name: "pace 1:30/km is too fast",
            files: &[("log.csv", b"date,distance_km,pace\n2025-01-07,5,1:30/km\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'pace': '1:30/km' gives a pace faster than 2:00/km over 5.0 km",
                "check the distance and the time",
            ],
            ..BASE
        },
        Case {
            name: "plain distance in miles read as km gives a fast pace with a hint",
            files: &[("log.csv", b"date,distance,duration\n2025-01-07,26.2,50:00\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'duration': '50:00' gives a pace faster", "--units mi"],
            ..BASE
        },
        Case {
            name: "pace as text, with seconds of 60 and as a decimal",
            files: &[(
                "log.csv",
                b"date,distance_km,pace\n2025-01-07,5,fast\n2025-01-08,5,5:60\n2025-01-09,5,5.5\n",
            )],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'pace': 'fast' is not a pace; expected m:ss",
                "log.csv:3: column 'pace': '5:60' is not a pace",
                "log.csv:4: column 'pace': '5.5' is not a pace",
            ],
            ..BASE
        },
        Case {
            name: "decimal comma in a pace",
            files: &[("log.csv", b"date;distance_km;pace\n2025-01-07;5;5,30\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'pace': '5,30' is not a pace"],
            ..BASE
        },
        Case {
            name: "unknown surface",
            files: &[("log.csv", b"date,distance_km,surface\n2025-01-07,5,Tarmac\n")],
            args: &["flags", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'surface': 'Tarmac' is not a surface; expected one of road, asphalt",
            ],
            ..BASE
        },
        Case {
            name: "negative climbing",
            files: &[("log.csv", b"date,distance_km,elevation_gain_m\n2025-01-07,5,-5\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'elevation_gain_m': '-5' is not a climb"],
            ..BASE
        },
        Case {
            name: "climbing of 99999 m",
            files: &[("log.csv", b"date,distance_km,elevation_gain_m\n2025-01-07,5,99999\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'elevation_gain_m': '99999' is not a climb; expected metres or feet from 0 to 15000 m",
            ],
            ..BASE
        },
        Case {
            name: "climbing of 50000 ft",
            files: &[("log.csv", b"date,distance_km,elevation_gain_ft\n2025-01-07,5,50000\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'elevation_gain_ft': '50000' is not a climb"],
            ..BASE
        },
        Case {
            name: "hill repeats -1",
            files: &[("log.csv", b"date,distance_km,hill_repeats\n2025-01-07,5,-1\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'hill_repeats': '-1' is not a count; expected a whole number of 0 or more",
            ],
            ..BASE
        },
        Case {
            name: "hill repeats 2.5",
            files: &[("log.csv", b"date,distance_km,hill_repeats\n2025-01-07,5,2.5\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'hill_repeats': '2.5' is not a count"],
            ..BASE
        },
        Case {
            name: "sprints as text",
            files: &[("log.csv", b"date,distance_km,sprints\n2025-01-07,5,lots\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'sprints': 'lots' is not a count"],
            ..BASE
        },
        Case {
            name: "negative shoe distance",
            files: &[("log.csv", b"date,distance_km,shoe,shoe_km\n2025-01-07,5,Pegasus,-10\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'shoe_km': '-10' is not a shoe distance; expected a number from 0 to 20000 km",
            ],
            ..BASE
        },
        Case {
            name: "shoe distance of 25000 km",
            files: &[("log.csv", b"date,distance_km,shoe,shoe_km\n2025-01-07,5,Pegasus,25000\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'shoe_km': '25000' is not a shoe distance"],
            ..BASE
        },
        Case {
            name: "warm-up maybe",
            files: &[("log.csv", b"date,distance_km,warmup\n2025-01-07,5,maybe\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'warmup': 'maybe' is not yes or no"],
            ..BASE
        },
        Case {
            name: "rpe 0, 11 and text",
            files: &[(
                "log.csv",
                b"date,distance_km,rpe\n2025-01-07,5,0\n2025-01-08,5,11\n2025-01-09,5,hard\n",
            )],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'rpe': '0' is not an effort; expected 1 to 10",
                "log.csv:3: column 'rpe': '11' is not an effort",
                "log.csv:4: column 'rpe': 'hard' is not an effort",
            ],
            ..BASE
        },
        Case {
            name: "a type of run runrisk does not know",
            files: &[(
                "log.csv",
                b"date,distance_km,type\n2025-01-07,5,easy\n2025-01-08,5,fartlek\n",
            )],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:3: column 'type': 'fartlek' is not a type of run; expected one of easy, long, workout, tempo, intervals, race, recovery",
            ],
            ..BASE
        },
        Case {
            name: "heaviness 14",
            files: &[("log.csv", b"date,distance_km,heaviness\n2025-01-07,5,14\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'heaviness': '14' is not a heaviness; expected 0 to 10",
            ],
            ..BASE
        },
        Case {
            name: "foot drag maybe",
            files: &[("log.csv", b"date,distance_km,foot_drag\n2025-01-07,5,maybe\n")],
            args: &["flags", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'foot_drag': 'maybe' is not yes or no"],
            ..BASE
        },
        // ------------------------------------------------ many problems at once
        Case {
            name: "every problem of one row is listed",
            files: &[(
                "log.csv",
                b"date,distance_km,surface,warmup,rpe\n2025-01-07,5,road,yes,5\n2025-01-08,abc,lava,maybe,14\n",
            )],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:3: column 'distance_km': 'abc'",
                "log.csv:3: column 'surface': 'lava'",
                "log.csv:3: column 'warmup': 'maybe'",
                "log.csv:3: column 'rpe': '14'",
            ],
            ..BASE
        },
        Case {
            name: "several bad rows are listed together, in line order",
            files: &[(
                "log.csv",
                b"date,distance_km,duration\n2025-01-07,5,30:00\n2025-01-08,ten,30:00\n\
                  2025-01-09,5,soon\n2025-02-30,5,30:00\n2025-01-11,5,30:00\n2025-01-12,-1,30:00\n",
            )],
            args: &["weeks", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:3: column 'distance_km': 'ten'",
                "log.csv:4: column 'duration': 'soon'",
                "log.csv:5: column 'date': '2025-02-30'",
                "log.csv:7: column 'distance_km': '-1'",
            ],
            ..BASE
        },
        Case {
            name: "more than 20 bad rows end with 'and N more'",
            files: leak_files(vec![("log.csv", twenty_five_bad_rows())]),
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'distance_km': 'x1'",
                "log.csv:21: column 'distance_km': 'x20'",
                "... and 5 more invalid values (25 in all)",
            ],
            ..BASE
        },
        Case {
            name: "line numbers count CRLF line ends and blank lines",
            files: &[("log.csv", b"date,distance_km\r\n2025-01-07,5\r\n\r\n\r\n2025-01-09,abc\r\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:5: column 'distance_km': 'abc'"],
            ..BASE
        },
        Case {
            name: "a quoted note over two lines keeps the line numbers right",
            files: &[(
                "log.csv",
                b"date,distance_km,notes\n2025-01-07,5,\"easy,\nthen strides\"\n2025-01-09,abc,\n",
            )],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:4: column 'distance_km': 'abc'"],
            ..BASE
        },
        Case {
            name: "a quote never closed in the last column does not swallow the rows after it",
            files: &[(
                "log.csv",
                b"date,distance_km,notes\n2025-01-06,5,\"oops\n2025-01-07,6,fine\n2025-01-08,7,x\n",
            )],
            args: &["weeks", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:2: column 'notes': '\"oops' opens a quote (\") that is never closed, \
                 so lines 2 to 4 were read as one value",
            ],
            ..BASE
        },
        Case {
            name: "a quote closed rows later in a Strava export is named where it opens",
            files: &[(
                "activities.csv",
                b"Activity ID,Activity Date,Activity Name,Activity Type,Distance\n\
                  1,\"Mar 2, 2025, 8:00:00 AM,Morning Run,Run,4.9\n\
                  2,\"Mar 4, 2025, 8:00:00 AM\",Evening Run,Run,5.0\n",
            )],
            args: &["check", "activities.csv"],
            exit: 1,
            stderr_has: &["activities.csv:2: column 'Activity Date'", "closes only on line 3"],
            ..BASE
        },
        Case {
            name: "a header with distance (km) and distance (mi) reads km and says so",
            files: &[("log.csv", b"Date,Distance (km),Distance (mi)\n2025-01-07,5,3.1\n")],
            args: &["check", "log.csv"],
            stdout_has: &[
                "the header has 'Distance (km)' and 'Distance (mi)' for the same value; runrisk reads",
                "'Distance (km)' only",
                "1 run, 5.0 km",
            ],
            ..BASE
        },
        Case {
            name: "cells beyond the header are named in a note",
            files: &[("log.csv", b"date,distance_km,notes\n2025-01-07,5,easy, then tired\n")],
            args: &["check", "log.csv"],
            stdout_has: &[
                "1 row has more cells than the header has columns (the first on line 2)",
                "OK: the log is valid",
            ],
            ..BASE
        },
        Case {
            name: "rows without an athlete in a club log are named in a note",
            files: &[(
                "club.csv",
                b"athlete,date,distance_km\nAnna,2025-01-07,5\n,2025-01-08,6\nBen,2025-01-09,7\n",
            )],
            args: &["check", "club.csv"],
            stdout_has: &["1 row has no athlete (the first on line 3); they are analysed as one unnamed runner"],
            ..BASE
        },
        Case {
            name: "a quote closed rows later in a native log is named where it opens",
            files: &[(
                "log.csv",
                b"date,distance_km,notes\n2025-01-06,5,\"oops\n2025-01-07,6,fine\n2025-01-08,7,end\"\n2025-01-09,8,x\n",
            )],
            args: &["weeks", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'notes': '\"oops' opens a quote (\") that closes only on line 4"],
            ..BASE
        },
        Case {
            name: "a literal inch mark and a note over two lines are read",
            files: &[(
                "log.csv",
                b"date,distance_km,shoe,notes\n2025-01-06,5,Pegasus 10\" edition,\"felt ok\nsecond line\"\n2025-01-07,6,x,\"6x800, 90s rest, strong\nthen 2, 3, 4 km easy\"\n",
            )],
            args: &["check", "log.csv"],
            stdout_has: &["log.csv: 2 rows, 2 runs read", "OK: the log is valid"],
            ..BASE
        },
        Case {
            name: "weeks says which units it assumed for a Garmin export",
            files: &[("Activities.csv", GARMIN_KM_SLOW)],
            args: &["weeks", "Activities.csv"],
            stderr_has: &["runrisk: note: Activities.csv: units: kilometres and metres assumed", "use --units mi"],
            ..BASE
        },
        // ------------------------------------------------ the header
        Case {
            name: "no date column",
            files: &[("log.csv", b"when,distance_km\n2025-01-07,5\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:1: no 'date' column; the header has: when, distance_km.",
                "docs/csv-format.md",
            ],
            ..BASE
        },
        Case {
            name: "distance column misspelt 'distanz' gets a did-you-mean",
            files: &[("log.csv", b"date,distanz\n2025-01-07,5\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv:1: no 'distance_km', 'distance_mi' or 'distance' column",
                "Did you mean 'distance' for the column 'distanz'? Rename it.",
            ],
            ..BASE
        },
        Case {
            name: "'Distance (km)' is read as distance_km",
            files: &[("log.csv", b"Date,Distance (km)\n2025-01-07,5\n")],
            args: &["check", "log.csv"],
            stdout_has: &["log.csv: 1 row, 1 run read", "OK: the log is valid"],
            ..BASE
        },
        Case {
            name: "a misspelt optional column is named in check",
            files: &[("log.csv", b"date,distance_km,sufrace\n2025-01-07,5,road\n")],
            args: &["check", "log.csv"],
            stdout_has: &["the column 'sufrace' is not read; did you mean 'surface'?"],
            ..BASE
        },
        Case {
            name: "header only",
            files: &[("log.csv", b"date,distance_km\n")],
            args: &["weeks", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: no runs to analyse: there are no rows below the header"],
            ..BASE
        },
        Case {
            name: "empty file",
            files: &[("log.csv", b"")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &[
                "log.csv: the file is empty; a native log starts with a header line such as 'date,distance_km'",
            ],
            ..BASE
        },
        Case {
            name: "whitespace only",
            files: &[("log.csv", b"   \n \t \n\n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: the file is empty"],
            ..BASE
        },
        Case {
            name: "UTF-8 byte-order mark alone",
            files: &[("log.csv", b"\xef\xbb\xbf")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: the file is empty"],
            ..BASE
        },
        Case {
            name: "only blank and empty rows after the header",
            files: &[("log.csv", b"date,distance_km\n\n\n,\n , \n")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: no runs to analyse: there are no rows below the header"],
            ..BASE
        },
        // ------------------------------------------------ not a log at all
        Case {
            name: "binary junk",
            files: leak_files(vec![("log.csv", leak((0..=255u8).cycle().take(1024).collect()))]),
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: this is a binary file, not a training log"],
            ..BASE
        },
        Case {
            name: "a PDF given by mistake",
            files: &[("training.csv", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n")],
            args: &["weeks", "training.csv"],
            exit: 1,
            stderr_has: &["training.csv: this is a PDF document, not a training log"],
            ..BASE
        },
        Case {
            name: "an .xlsx named .csv",
            files: &[("log.csv", b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml")],
            args: &["check", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: this is a .zip archive or an Office document (an .xlsx must be saved as CSV first)"],
            ..BASE
        },
        Case {
            name: "a PNG given as the log",
            files: &[("log.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")],
            args: &["check", "log.png"],
            exit: 1,
            stderr_has: &["log.png: this is a PNG image, not a training log"],
            ..BASE
        },
        // ------------------------------------------------ encodings and shapes that must work
        Case {
            name: "Latin-1 shoe name is read, with a note in check",
            files: &[("log.csv", b"date,distance_km,shoe\n2025-01-07,5,Caf\xe9 Racer\n2025-01-09,6,Caf\xe9 Racer\n")],
            args: &["check", "log.csv"],
            stdout_has: &[
                "log.csv: 2 rows, 2 runs read",
                "2 rows are not UTF-8 and were read as Latin-1",
                "OK: the log is valid",
            ],
            ..BASE
        },
        Case {
            name: "UTF-8 byte-order mark",
            files: &[("log.csv", b"\xef\xbb\xbfdate,distance_km\n2025-01-07,5\n2025-01-09,6\n")],
            args: &["weeks", "log.csv", "--format", "csv"],
            stdout_has: &["2025-W02,2025-01-06,11,2,"],
            ..BASE
        },
        Case {
            name: "CRLF line ends",
            files: &[("log.csv", b"date,distance_km\r\n2025-01-07,5\r\n2025-01-09,6\r\n")],
            args: &["weeks", "log.csv", "--format", "csv"],
            stdout_has: &["2025-W02,2025-01-06,11,2,"],
            ..BASE
        },
        Case {
            name: "semicolons with decimal commas",
            files: &[("log.csv", b"date;distance_km;duration\n2025-01-07;5,5;30,5\n2025-01-09;6,25;35:00\n")],
            args: &["weeks", "log.csv", "--format", "csv"],
            stdout_has: &["2025-W02,2025-01-06,11.75,2,"],
            ..BASE
        },
        Case {
            name: "unsorted rows give weeks in order",
            files: &[("log.csv", b"date,distance_km\n2025-02-04,7\n2025-01-07,6\n2025-01-21,5\n")],
            args: &["weeks", "log.csv", "--format", "csv"],
            stdout_has: &["2025-W02,2025-01-06,6,", "2025-W03,", "2025-W04,2025-01-20,5,", "2025-W06,2025-02-03,7,"],
            ..BASE
        },
        Case {
            name: "a row repeated in one file is kept, and check says so",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,5\n2025-01-07,5\n")],
            args: &["check", "log.csv"],
            stdout_has: &["log.csv: 2 rows, 2 runs read", "an earlier row exactly", "2 runs, 10.0 km"],
            ..BASE
        },
        Case {
            name: "the same file given twice is counted once",
            files: &[("log.csv", GOOD)],
            args: &["check", "log.csv", "log.csv"],
            stdout_has: &[
                "log.csv: 2 rows, 2 runs read",
                "log.csv: 2 rows, 0 runs read",
                "2 runs also given by another input or file, counted once",
                "2 runs, 11.0 km in 1 week",
            ],
            ..BASE
        },
        Case {
            name: "a Strava activity listed twice counts once",
            files: &[(
                "activities.csv",
                b"Activity ID,Activity Date,Activity Name,Activity Type,Distance,Elapsed Time\n\
                  1,\"Mar 2, 2025, 8:00:00 AM\",Morning Run,Run,4.9,1500\n\
                  1,\"Mar 2, 2025, 8:00:00 AM\",Morning Run,Run,4.9,1500\n",
            )],
            args: &["check", "activities.csv"],
            stdout_has: &[
                "activities.csv: 2 rows, 1 run read",
                "1 row repeats an earlier run with the same start time: the same activity, counted once",
                "1 run, 4.9 km",
            ],
            ..BASE
        },
        Case {
            name: "two copies of one activity file in a folder count once",
            files: twin_fit_files,
            args: &["check", "watch"],
            stdout_has: &[
                "1 run read",
                "1 run also given by another input or file, counted once",
                "surfaces: 1 without a surface",
            ],
            ..BASE
        },
        // ------------------------------------------------ files and folders
        Case {
            name: "a missing file",
            files: &[],
            args: &["weeks", "not-there.csv"],
            exit: 1,
            stderr_has: &["not-there.csv: could not open: No such file or directory"],
            ..BASE
        },
        Case {
            name: "one missing file among good ones stops the run",
            files: &[("log.csv", GOOD)],
            args: &["check", "log.csv", "not-there.csv"],
            exit: 1,
            stderr_has: &["not-there.csv: could not open"],
            ..BASE
        },
        Case {
            name: "a folder with nothing readable",
            files: &[("stuff/readme.txt", b"hello"), ("stuff/photo.jpg", b"\xff\xd8\xff\xe0")],
            args: &["check", "stuff"],
            exit: 1,
            stderr_has: &["stuff: holds no CSV log and no .gpx, .tcx or .fit file"],
            ..BASE
        },
        Case {
            name: "an empty folder",
            files: &[("empty/", b"")],
            args: &["weeks", "empty"],
            exit: 1,
            stderr_has: &["empty: holds no CSV log and no .gpx, .tcx or .fit file"],
            ..BASE
        },
        Case {
            name: "a folder with one corrupt .fit among good files",
            files: watch_folder,
            args: &["check", "watch"],
            stdout_has: &[
                "watch: 3 activities, 3 runs read",
                "skipped 1: unreadable file: it is damaged at byte 14",
                "could not read watch/broken.fit",
                "INCOMPLETE: 1 file could not be read (see the notes above)",
            ],
            ..BASE
        },
        Case {
            name: "a bad value in a log inside a folder names the file in the folder",
            files: &[("logs/a.csv", GOOD), ("logs/b.csv", b"date,distance_km\n2025-01-14,abc\n")],
            args: &["check", "logs"],
            exit: 1,
            stderr_has: &["logs/b.csv:2: column 'distance_km': 'abc'"],
            ..BASE
        },
        Case {
            name: "a CSV that is not a log, in a folder with a log, is skipped with a note",
            files: &[("logs/a.csv", GOOD), ("logs/people.csv", b"name,age\nbob,3\n")],
            args: &["check", "logs"],
            stdout_has: &[
                "skipped 1: unreadable file: no 'date' column",
                "could not read logs/people.csv",
                "INCOMPLETE: 1 file could not be read (see the notes above)",
            ],
            ..BASE
        },
        Case {
            name: "a run too fast to be true in a folder is skipped with its whole reason",
            files: leak_files(vec![("watch/run.gpx", RUN_GPX), ("watch/fast.gpx", too_fast_gpx())]),
            args: &["check", "watch"],
            stdout_has: &[
                "watch: 2 activities, 1 run read",
                "skipped 1: run faster than 2:00/km on average",
                "watch/fast.gpx: a run faster than 2:00/km on average; it was left out",
            ],
            ..BASE
        },
        Case {
            name: "a truncated .gpx.gz",
            files: leak_files(vec![("run.gpx.gz", truncated_gpx_gz())]),
            args: &["check", "run.gpx.gz"],
            exit: 1,
            stderr_has: &[
                "run.gpx.gz: not a readable .gz file (incomplete deflate stream); it may be cut short",
                "bytes that unpacked hold no run",
            ],
            ..BASE
        },
        Case {
            name: "a .gpx.gz cut in half keeps the run that unpacked, with a note",
            files: leak_files(vec![("run.gpx.gz", half_gpx_gz())]),
            args: &["check", "run.gpx.gz"],
            stdout_has: &[
                "run.gpx.gz: 1 activity, 1 run read",
                "run.gpx.gz: cut short: the .gz file stops unpacking after",
                "what came before was read",
                "run.gpx.gz: truncated or damaged: the file ends inside",
                "INCOMPLETE: 1 file was read only in part (see the notes above)",
            ],
            ..BASE
        },
        Case {
            name: "a .gpx.gz cut in half in a folder keeps its run too",
            files: leak_files(vec![("watch/run.gpx", RUN_GPX), ("watch/cut.gpx.gz", half_gpx_gz())]),
            args: &["check", "watch"],
            stdout_has: &[
                "watch: 2 activities, 2 runs read",
                "watch/cut.gpx.gz: cut short: the .gz file stops unpacking after",
            ],
            ..BASE
        },
        Case {
            name: "a .gz cut inside its header says it may be cut short",
            files: leak_files(vec![("run.gpx.gz", leak(half_gpx_gz()[..5].to_vec()))]),
            args: &["check", "run.gpx.gz"],
            exit: 1,
            stderr_has: &["run.gpx.gz: not a readable .gz file (unexpected end of file); it may be cut short"],
            ..BASE
        },
        Case {
            name: "a truncated .gpx.gz in a folder is skipped with a note",
            files: cut_gz_in_folder,
            args: &["check", "watch"],
            stdout_has: &[
                "watch: 1 activity, 1 run read",
                "skipped 1: unreadable file: not a readable .gz file",
                "could not read watch/cut.gpx.gz (not a readable .gz file (incomplete deflate stream)",
            ],
            ..BASE
        },
        Case {
            name: "a .csv.gz that is not gzipped",
            files: &[("log.csv.gz", GOOD)],
            args: &["check", "log.csv.gz"],
            exit: 1,
            stderr_has: &["log.csv.gz: could not read: invalid gzip header"],
            ..BASE
        },
        Case {
            name: "a bad value in a gzipped log names its line",
            files: leak_files(vec![(
                "log.csv.gz",
                leak(gzip(b"date,distance_km\n2025-01-07,5\n2025-01-08,abc\n")),
            )]),
            args: &["check", "log.csv.gz"],
            exit: 1,
            stderr_has: &["log.csv.gz:3: column 'distance_km': 'abc'"],
            ..BASE
        },
        Case {
            name: "a .zip that is not a zip",
            files: &[("export.zip", b"this is not a zip archive")],
            args: &["check", "export.zip"],
            exit: 1,
            stderr_has: &["export.zip: not a readable .zip archive", "download the export again"],
            ..BASE
        },
        Case {
            name: "a .zip with nothing readable",
            files: zip_with_readme,
            args: &["check", "export.zip"],
            exit: 1,
            stderr_has: &["export.zip: holds no CSV log and no .gpx, .tcx or .fit file"],
            ..BASE
        },
        Case {
            name: "a Strava export .zip with one damaged activity file still reads its runs",
            files: strava_zip_with_bad_file,
            args: &["check", "export.zip"],
            stdout_has: &[
                "export.zip: 2 rows, 2 runs read",
                "unreadable file: not a readable .gz file",
                "could not read export.zip/activities/2.fit.gz",
                "INCOMPLETE: 1 file could not be read (see the notes above)",
            ],
            ..BASE
        },
        Case {
            name: "a zip entry with a bad CRC is skipped with a note, the rest read",
            files: leak_files(vec![("watch.zip", zip_with_damaged_entry(true, flip_one))]),
            args: &["check", "watch.zip"],
            stdout_has: &[
                "watch.zip: 1 activity, 1 run read",
                "skipped 1: unreadable file: this entry of the archive is damaged",
                "could not read watch.zip/watch/bad.gpx",
                "INCOMPLETE: 1 file could not be read (see the notes above)",
            ],
            ..BASE
        },
        Case {
            name: "a zip entry with corrupt deflate data is skipped with a note, the rest read",
            files: leak_files(vec![("watch.zip", zip_with_damaged_entry(false, scramble))]),
            args: &["check", "watch.zip"],
            stdout_has: &[
                "watch.zip: 1 activity, 1 run read",
                "skipped 1: unreadable file: this entry of the archive is damaged",
                "could not read watch.zip/watch/bad.gpx",
                "INCOMPLETE: 1 file could not be read (see the notes above)",
            ],
            ..BASE
        },
        Case {
            name: "two zip entries of one name are both read, with a note",
            files: leak_files(vec![("logs.zip", zip_with_a_name_twice())]),
            args: &["check", "logs.zip"],
            stdout_has: &[
                "logs.zip: 4 rows, 4 runs read",
                "logs.zip holds 2 entries named logs/a.csv; each was read",
            ],
            ..BASE
        },
        Case {
            name: "a gzip bomb given alone is refused with its figures",
            files: leak_files(vec![("run.gpx.gz", gzip_bomb())]),
            args: &["check", "run.gpx.gz"],
            exit: 1,
            stderr_has: &[
                "run.gpx.gz: unpacks to more than 200 times its packed size (",
                "as only a decompression bomb or a damaged file does",
                "Unpack it yourself",
            ],
            ..BASE
        },
        Case {
            name: "a gzip bomb in a folder is skipped with a note",
            files: leak_files(vec![("watch/run.gpx", RUN_GPX), ("watch/bomb.gpx.gz", gzip_bomb())]),
            args: &["check", "watch"],
            stdout_has: &[
                "watch: 1 activity, 1 run read",
                "skipped 1: unreadable file: unpacks to more than 200 times its packed size",
                "could not read watch/bomb.gpx.gz",
                "INCOMPLETE: 1 file could not be read",
            ],
            ..BASE
        },
        Case {
            name: "a zip bomb entry is skipped with a note",
            files: leak_files(vec![("watch.zip", zip_bomb())]),
            args: &["check", "watch.zip"],
            stdout_has: &[
                "watch.zip: 1 activity, 1 run read",
                "skipped 1: unreadable file: unpacks to more than 200 times its packed size",
                "could not read watch.zip/watch/bomb.gpx",
                "INCOMPLETE: 1 file could not be read",
            ],
            ..BASE
        },
        Case {
            name: "an Apple Health export.xml that is a bomb stops as it is streamed",
            files: leak_files(vec![("export.zip", apple_export_bomb())]),
            args: &["check", "export.zip"],
            exit: 1,
            stderr_has: &[
                "export.zip/apple_health_export/export.xml",
                "unpacks to more than 200 times its packed size (",
                "Unpack it yourself",
            ],
            ..BASE
        },
        // ------------------------------------------------ activity files
        Case {
            name: "a GPX without any date",
            files: &[("g.gpx", b"<gpx><trk><trkseg><trkpt lat=\"46.5\" lon=\"7.5\"></trkpt></trkseg></trk></gpx>")],
            args: &["check", "g.gpx"],
            exit: 1,
            stderr_has: &["g.gpx: the GPX has no date", "<metadata><time>"],
            ..BASE
        },
        Case {
            name: "a GPX whose every time is unreadable names the value, its line and the form expected",
            files: leak_files(vec![("x.gpx", gpx_with_every_time("x"))]),
            args: &["check", "x.gpx"],
            exit: 1,
            stderr_has: &[
                "x.gpx:3: element <time>: 'x' is not a time; expected an ISO 8601 time such as 2025-03-01T07:30:00Z",
                "none of the track's 533 points has a readable <time>",
                "the file's own <time> is not a time either",
            ],
            ..BASE
        },
        Case {
            name: "a GPX cut mid-file keeps the points before the cut",
            files: leak_files(vec![("cut.gpx", &RUN_GPX[..1500])]),
            args: &["check", "cut.gpx"],
            stdout_has: &["cut.gpx: 1 activity, 1 run read", "truncated or damaged", "kept the 11 track points before it"],
            ..BASE
        },
        Case {
            name: "a GPX without track times takes its date from the metadata, with a note",
            files: &[("route.gpx", UNDATED_GPX)],
            args: &["check", "route.gpx"],
            stdout_has: &[
                "route.gpx: 1 activity, 1 run read",
                "the track points have no times:",
                "the date 2025-03-08 comes from <metadata><time>",
            ],
            ..BASE
        },
        Case {
            name: "an empty .gpx",
            files: &[("e.gpx", b"")],
            args: &["check", "e.gpx"],
            exit: 1,
            stderr_has: &["e.gpx: not a GPX file: no <gpx> element"],
            ..BASE
        },
        Case {
            name: "a .fit too short for a header",
            files: &[("a.fit", b"\x0e\x10")],
            args: &["check", "a.fit"],
            exit: 1,
            stderr_has: &["a.fit: not a FIT file: 2 bytes are too short for a FIT header"],
            ..BASE
        },
        Case {
            name: "a damaged .fit given alone",
            files: leak_files(vec![("broken.fit", damaged_fit())]),
            args: &["check", "broken.fit"],
            exit: 1,
            stderr_has: &["broken.fit: it is damaged at byte 14", "nothing could be read"],
            ..BASE
        },
        // ------------------------------------------------ exports
        Case {
            name: "a Strava export in French",
            files: &[("activities.csv", STRAVA_FRENCH)],
            args: &["check", "activities.csv"],
            exit: 1,
            stderr_has: &[
                "activities.csv:1: this looks like a Strava export in a language runrisk does not read",
                "English and German",
                "Strava set to English or German",
            ],
            ..BASE
        },
        Case {
            name: "a Strava export with a misspelt column names its near miss",
            files: leak_files(vec![("activities.csv", header_renamed(STRAVA_CURRENT, "Activity Date", "Activty Date"))]),
            args: &["check", "activities.csv"],
            exit: 1,
            stderr_has: &["activities.csv:1: this Strava activities.csv has no 'Activity Date' column. Did you mean 'Activity Date' for the column 'Activty Date'? Rename it."],
            ..BASE
        },
        Case {
            name: "a Garmin export with a misspelt column names its near miss",
            files: leak_files(vec![("Activities.csv", header_renamed(GARMIN_KM, "Distance", "Distanse"))]),
            args: &["check", "Activities.csv"],
            exit: 1,
            stderr_has: &["Activities.csv:1: this Garmin Connect Activities.csv has no 'Distance' column. Did you mean 'Distance' for the column 'Distanse'? Rename it."],
            ..BASE
        },
        Case {
            name: "a Garmin export with its activity type misspelt is still read as Garmin's",
            files: leak_files(vec![("Activities.csv", header_renamed(GARMIN_KM, "Activity Type", "Activty Type"))]),
            args: &["weeks", "Activities.csv"],
            exit: 1,
            stderr_has: &["Activities.csv:1: this Garmin Connect Activities.csv has no 'Activity Type' column. Did you mean 'Activity Type' for the column 'Activty Type'?"],
            ..BASE
        },
        Case {
            name: "a Garmin export in a language without a table, columns out of Garmin's order",
            files: &[("Activities.csv", b"Aktivitetstyp,Titel,Datum,Distans,Kalorier,Tid,Medelpuls,Maxpuls,Aerob TE,Medeltempo,Total stigning\nL\xc3\xb6pning,Morgon,2024-06-03 07:00:00,\"9,50\",650,00:49:00,150,168,\"3,1\",5:09,60\n")],
            args: &["weeks", "Activities.csv"],
            exit: 1,
            stderr_has: &[
                "Activities.csv:1: this looks like a Garmin Connect export in a language runrisk does not read",
                "Set Garmin Connect's language to English",
            ],
            ..BASE
        },
        Case {
            name: "a Garmin export in Danish is read",
            files: &[("Activities.csv", GARMIN_DANISH)],
            args: &["check", "Activities.csv"],
            exit: 0,
            stdout_has: &["1 run read", "language: a Danish export (decimal commas)", "10.0 km"],
            ..BASE
        },
        Case {
            name: "a Strava export with bad values names each row",
            files: &[("activities.csv", STRAVA_INVALID)],
            args: &["check", "activities.csv"],
            exit: 1,
            stderr_has: &[
                "activities.csv:3: column 'Activity Date': 'yesterday' is not a date",
                "activities.csv:5: column 'Distance': 'ten' is not a distance",
                "activities.csv:8: column 'Activity Date': 'Oct 11, 2032, 7:00:00 AM' is in the future",
                "activities.csv:9: column 'Distance': '' is empty",
            ],
            ..BASE
        },
        Case {
            name: "--from gpx on a CSV",
            files: &[("log.csv", GOOD)],
            args: &["check", "--from", "gpx", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: not a GPX file: no <gpx> element"],
            ..BASE
        },
        Case {
            name: "--from tcx on a CSV",
            files: &[("log.csv", GOOD)],
            args: &["check", "--from", "tcx", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: not a TCX file: no <TrainingCenterDatabase> element"],
            ..BASE
        },
        Case {
            name: "--from fit on a CSV",
            files: &[("log.csv", GOOD)],
            args: &["check", "--from", "fit", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv: not a FIT file: no '.FIT' signature at bytes 8 to 11"],
            ..BASE
        },
        Case {
            name: "--from strava on a native log",
            files: &[("log.csv", GOOD)],
            args: &["check", "--from", "strava", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:1: not a Strava activities.csv: there is no 'Activity Date' column", "docs/strava.md"],
            ..BASE
        },
        Case {
            name: "--from garmin on a native log",
            files: &[("log.csv", GOOD)],
            args: &["check", "--from", "garmin", "log.csv"],
            exit: 1,
            stderr_has: &["log.csv:1: not a Garmin Connect Activities.csv: there is no 'Activity Type' column", "docs/garmin.md"],
            ..BASE
        },
        Case {
            name: "--from native on a GPX file",
            files: &[("run.gpx", RUN_GPX)],
            args: &["check", "--from", "native", "run.gpx"],
            exit: 1,
            stderr_has: &["run.gpx:1: no 'date' column"],
            ..BASE
        },
        // ------------------------------------------------ --config
        Case {
            name: "--config with an unknown key",
            files: &[("log.csv", GOOD), ("limits.toml", b"[mileage_spike]\nwarnin = 1.1\n")],
            args: &["weeks", "log.csv", "--config", "limits.toml"],
            exit: 1,
            stderr_has: &["limits.toml: TOML parse error at line 2", "unknown field `warnin`, expected one of `warning`, `alert`, `min_increase_km`", "runrisk rules"],
            ..BASE
        },
        Case {
            name: "--config with an unknown rule",
            files: &[("log.csv", GOOD), ("limits.toml", b"[bogus_rule]\nwarning = 1\n")],
            args: &["flags", "log.csv", "--config", "limits.toml"],
            exit: 1,
            stderr_has: &["limits.toml: TOML parse error at line 1", "unknown field `bogus_rule`"],
            ..BASE
        },
        Case {
            name: "--config with a value of the wrong type",
            files: &[("log.csv", GOOD), ("limits.toml", b"[mileage_spike]\nwarning = \"high\"\n")],
            args: &["weeks", "log.csv", "--config", "limits.toml"],
            exit: 1,
            stderr_has: &["limits.toml: TOML parse error at line 2, column 11", "invalid type: string \"high\", expected f64"],
            ..BASE
        },
        Case {
            name: "--config with the alert below the warning",
            files: &[("log.csv", GOOD), ("limits.toml", b"[mileage_spike]\nwarning = 1.6\nalert = 1.3\n")],
            args: &["check", "log.csv", "--config", "limits.toml"],
            exit: 1,
            stderr_has: &["limits.toml: [mileage_spike]: the warning threshold (1.6) must be above 0 and no higher than the alert threshold (1.3)"],
            ..BASE
        },
        Case {
            name: "--config that is not TOML, given to rules",
            files: &[("limits.toml", b"this is [not toml")],
            args: &["rules", "--config", "limits.toml"],
            exit: 1,
            stderr_has: &["limits.toml: TOML parse error at line 1"],
            ..BASE
        },
        Case {
            name: "--config file missing",
            files: &[("log.csv", GOOD)],
            args: &["weeks", "log.csv", "--config", "nope.toml"],
            exit: 1,
            stderr_has: &["nope.toml: could not read the thresholds file: No such file or directory"],
            ..BASE
        },
        // ------------------------------------------------ command-line values
        Case {
            name: "--week 2025-W60",
            files: &[("log.csv", GOOD)],
            args: &["report", "log.csv", "--week", "2025-W60", "-o", "r.png"],
            exit: 2,
            stderr_has: &["'2025-W60' is not an ISO week; expected YYYY-Www such as 2025-W08"],
            absent: &["r.png"],
            ..BASE
        },
        Case {
            name: "--week 2025-W53 (2025 has 52 weeks)",
            files: &[("log.csv", GOOD)],
            args: &["report", "log.csv", "--week", "2025-W53", "-o", "r.png"],
            exit: 2,
            stderr_has: &["'2025-W53' is not an ISO week"],
            absent: &["r.png"],
            ..BASE
        },
        Case {
            name: "--week outside the log",
            files: &[("log.csv", GOOD)],
            args: &["report", "log.csv", "--week", "2020-W10", "-o", "r.png"],
            exit: 2,
            stderr_has: &["the log has no week 2020-W10; it covers 2025-W02 to 2025-W02"],
            absent: &["r.png"],
            ..BASE
        },
        Case {
            name: "--size 10x10",
            files: &[("log.csv", GOOD)],
            args: &["report", "log.csv", "--size", "10x10", "-o", "r.png"],
            exit: 2,
            stderr_has: &["'10x10' is not a size; expected WIDTHxHEIGHT between 1000x750 and 8000x8000"],
            absent: &["r.png"],
            ..BASE
        },
        Case {
            name: "--weeks 0",
            files: &[("log.csv", GOOD)],
            args: &["report", "log.csv", "--weeks", "0", "-o", "r.png"],
            exit: 2,
            stderr_has: &["'0' is not a number of weeks from 1 to 2000"],
            absent: &["r.png"],
            ..BASE
        },
        Case {
            name: "--since not a date",
            files: &[("log.csv", GOOD)],
            args: &["weeks", "log.csv", "--since", "last tuesday"],
            exit: 2,
            stderr_has: &["'last tuesday' is not a date or a week; expected YYYY-MM-DD or YYYY-Www"],
            ..BASE
        },
        Case {
            name: "--athlete unknown in a log without athletes",
            files: &[("log.csv", GOOD)],
            args: &["weeks", "log.csv", "--athlete", "Nobody"],
            exit: 2,
            stderr_has: &["no athlete named 'Nobody' in the log; it has: no athlete column"],
            ..BASE
        },
        Case {
            name: "--athlete unknown in a club log lists the athletes",
            files: &[("club.csv", CLUB)],
            args: &["flags", "club.csv", "--athlete", "Nobody"],
            exit: 2,
            stderr_has: &["no athlete named 'Nobody' in the log; it has: Aisha, Maria, Tom"],
            ..BASE
        },
        Case {
            // A club log without --athlete gets the club overview.
            name: "report on a club log without --athlete",
            files: &[("club.csv", CLUB)],
            args: &["report", "club.csv", "-o", "r.png"],
            stderr_has: &["wrote r.png (club overview of 3 athletes, 2025-W43: 1 must see a doctor"],
            ..BASE
        },
        // --since after --until selects nothing: a usage error that says so.
        Case {
            name: "--since after --until: weeks",
            files: &[("log.csv", MARATHON)],
            args: &["weeks", "log.csv", "--since", "2025-09-01", "--until", "2025-08-01", "--format", "json"],
            exit: 2,
            stderr_has: &["--since 2025-09-01 is after --until 2025-08-01"],
            ..BASE
        },
        Case {
            name: "--since after --until: flags",
            files: &[("log.csv", MARATHON)],
            args: &["flags", "log.csv", "--since", "2025-09-01", "--until", "2025-08-01"],
            exit: 2,
            stderr_has: &["is after --until", "swap them"],
            ..BASE
        },
        // ------------------------------------------------ output files
        Case {
            name: "-o into a missing folder",
            files: &[("log.csv", MARATHON)],
            args: &["report", "log.csv", "-o", "{dir}/nofolder/r.png"],
            exit: 1,
            stderr_has: &["nofolder/r.png: could not write the report: the folder", "does not exist; create it or choose another -o"],
            absent: &["nofolder"],
            ..BASE
        },
        Case {
            name: "-o onto an input",
            files: &[("log.png", GOOD)],
            args: &["report", "log.png", "-o", "log.png"],
            exit: 2,
            stderr_has: &["-o log.png is one of the inputs; runrisk never overwrites a log"],
            unchanged: &["log.png"],
            ..BASE
        },
        Case {
            name: "-o onto an input given by another path",
            files: &[("logs/log.svg", GOOD)],
            args: &["report", "logs/log.svg", "-o", "{dir}/logs/../logs/log.svg"],
            exit: 2,
            stderr_has: &["is one of the inputs"],
            unchanged: &["logs/log.svg"],
            ..BASE
        },
        Case {
            name: "-o onto a CSV input is refused for its extension and left alone",
            files: &[("log.csv", MARATHON)],
            args: &["report", "log.csv", "-o", "log.csv"],
            exit: 2,
            stderr_has: &["-o log.csv: the report is written as .png or .svg"],
            unchanged: &["log.csv"],
            ..BASE
        },
        Case {
            name: "-o with .jpg",
            files: &[("log.csv", MARATHON)],
            args: &["report", "log.csv", "-o", "r.jpg"],
            exit: 2,
            stderr_has: &["-o r.jpg: the report is written as .png or .svg; choose a name ending in one of them"],
            absent: &["r.jpg"],
            ..BASE
        },
        Case {
            name: "-o onto a folder",
            files: &[("log.csv", MARATHON), ("r.png/", b"")],
            args: &["report", "log.csv", "-o", "r.png"],
            exit: 1,
            stderr_has: &["r.png: could not write the report"],
            ..BASE
        },
        Case {
            name: "an existing report stays unchanged when the log is invalid",
            files: &[("log.csv", b"date,distance_km\n2025-01-07,abc\n"), ("report.png", b"last week's report")],
            args: &["report", "log.csv", "-o", "report.png"],
            exit: 1,
            stderr_has: &["log.csv:2: column 'distance_km': 'abc'"],
            unchanged: &["report.png"],
            ..BASE
        },
        Case {
            name: "an existing report stays unchanged when the config is invalid",
            files: &[("log.csv", MARATHON), ("limits.toml", b"[no_rest]\ndays = -1\n"), ("report.png", b"last week's report")],
            args: &["report", "log.csv", "--config", "limits.toml", "-o", "report.png"],
            exit: 1,
            stderr_has: &["limits.toml:"],
            unchanged: &["report.png"],
            ..BASE
        },
        Case {
            name: "an existing report stays unchanged when the week is not in the log",
            files: &[("log.csv", MARATHON), ("report.png", b"last week's report")],
            args: &["report", "log.csv", "--week", "2020-W01", "-o", "report.png"],
            exit: 2,
            stderr_has: &["the log has no week 2020-W01"],
            unchanged: &["report.png"],
            ..BASE
        },
        // ------------------------------------------------ --skip-invalid
        Case {
            name: "--skip-invalid with some bad rows says rows were skipped",
            files: &[("log.csv", SOME_BAD)],
            args: &["weeks", "log.csv", "--skip-invalid", "--format", "csv"],
            stdout_has: &["2025-W02,2025-01-06,13,2,"],
            stderr_has: &[
                "3 invalid rows were skipped (--skip-invalid); the analysis is incomplete. Why:",
                "  2 × column 'surface': is not a surface",
                "  1 × column 'distance_km': is not a distance",
                "without --skip-invalid lists them with their files and lines",
            ],
            ..BASE
        },
        Case {
            name: "--skip-invalid: check groups the reasons",
            files: &[("log.csv", SOME_BAD)],
            args: &["check", "log.csv", "--skip-invalid"],
            stdout_has: &[
                "log.csv: 5 rows, 2 runs read",
                "skipped 1: column 'distance_km': is not a distance",
                "skipped 2: column 'surface': is not a surface",
                "INCOMPLETE: 3 invalid rows were skipped",
            ],
            ..BASE
        },
        Case {
            name: "--skip-invalid: the report says it is incomplete",
            files: &[("log.csv", SOME_BAD)],
            args: &["report", "log.csv", "--skip-invalid", "-o", "r.svg"],
            stderr_has: &["3 invalid rows were skipped", "wrote r.svg"],
            ..BASE
        },
        Case {
            name: "--skip-invalid with every row bad",
            files: &[("log.csv", b"date,distance_km\n2025-01-08,abc\n2025-01-09,x\n")],
            args: &["weeks", "log.csv", "--skip-invalid"],
            exit: 1,
            stderr_has: &["log.csv: no runs to analyse: all 2 rows with runs were invalid and skipped"],
            ..BASE
        },
    ];
    cases
}

/// Two good rows, one bad distance and two bad surfaces.
const SOME_BAD: &[u8] = b"date,distance_km,surface\n2025-01-07,5,road\n2025-01-08,abc,road\n\
2025-01-09,6,lava\n2025-01-10,7,lava\n2025-01-11,8,road\n";

// ---------------------------------------------------------------- the runner

/// Runs one case in a fresh folder; returns what went wrong, if anything.
fn check_case(case: &Case) -> Result<(), String> {
    let dir = tempfile::tempdir().map_err(|e| format!("no temporary folder: {e}"))?;
    for (name, bytes) in case.files {
        let path = dir.path().join(name);
        if name.ends_with('/') {
            std::fs::create_dir_all(&path).map_err(|e| format!("{name}: {e}"))?;
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{name}: {e}"))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("{name}: {e}"))?;
    }
    let folder = dir.path().display().to_string();
    let first = case.files.first().map_or("", |(name, _)| *name);
    let args: Vec<String> = case
        .args
        .iter()
        .map(|a| a.replace("{dir}", &folder).replace("{file}", first))
        .collect();
    let outcome = run_in(dir.path(), &args)?;
    let mut wrong = contract_problems(case, &args, &outcome);
    for name in case.unchanged {
        let before = case
            .files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| *b)
            .unwrap_or_default();
        match std::fs::read(dir.path().join(name)) {
            Ok(after) if after == before => {}
            Ok(_) => wrong.push(format!("{name} was changed")),
            Err(e) => wrong.push(format!("{name} is gone: {e}")),
        }
    }
    for name in case.absent {
        if dir.path().join(name).exists() {
            wrong.push(format!("{name} exists after the run"));
        }
    }
    if let Ok(entries) = std::fs::read_dir(dir.path()) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".tmp") {
                wrong.push(format!("a temporary file was left behind: {name}"));
            }
        }
    }
    if wrong.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{}\n  runrisk {}\n  exit {}\n  stdout: {}\n  stderr: {}",
            wrong.join("\n"),
            args.join(" "),
            outcome.code,
            indent(&outcome.stdout),
            indent(&outcome.stderr)
        ))
    }
}

fn indent(text: &str) -> String {
    text.trim_end().replace('\n', "\n          ")
}

/// What in an outcome breaks the case or the contract every case keeps.
fn contract_problems(case: &Case, args: &[String], outcome: &Outcome) -> Vec<String> {
    let mut wrong = Vec::new();
    if outcome.code == 101 || outcome.stderr.contains("panicked") {
        wrong.push("runrisk panicked".to_string());
    }
    if outcome.code != case.exit {
        wrong.push(format!("exit {} instead of {}", outcome.code, case.exit));
    }
    if let Some(missing) = first_missing(&outcome.stderr, case.stderr_has) {
        wrong.push(format!("stderr lacks (in order) {missing:?}"));
    }
    if let Some(missing) = first_missing(&outcome.stdout, case.stdout_has) {
        wrong.push(format!("stdout lacks (in order) {missing:?}"));
    }
    if outcome.stderr.contains("Broken pipe") {
        wrong.push("stderr mentions a broken pipe".to_string());
    }
    match outcome.code {
        0 | 3 if outcome.stderr.to_lowercase().contains("error") => {
            wrong.push("an error message on a successful run".to_string());
        }
        1 | 2 => {
            if !outcome.stdout.is_empty() {
                wrong.push("a failed run wrote to standard output".to_string());
            }
            if outcome.stderr.trim().is_empty() {
                wrong.push("a failed run said nothing on standard error".to_string());
            }
        }
        _ => {}
    }
    if outcome.code == 1 && !names_a_file(case, args, &outcome.stderr) {
        wrong.push("the error does not name the file".to_string());
    }
    for line in outcome.stderr.lines().filter(|l| l.contains(": column '")) {
        if let Err(why) = located_value(line) {
            wrong.push(format!("value error not located ({why}): {line}"));
        }
    }
    wrong
}

/// The first of `words` that does not appear after the ones before it.
fn first_missing<'a>(text: &str, words: &[&'a str]) -> Option<&'a str> {
    let mut rest = text;
    for word in words {
        match rest.find(word) {
            Some(at) => rest = &rest[at + word.len()..],
            None => return Some(word),
        }
    }
    None
}

/// Whether the message names one of the files of the case or of its arguments.
fn names_a_file(case: &Case, args: &[String], stderr: &str) -> bool {
    let mut names: Vec<String> = case
        .files
        .iter()
        .flat_map(|(name, _)| name.split('/'))
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect();
    names.extend(
        args.iter()
            .skip(1)
            .filter(|a| !a.starts_with('-') && (a.contains('.') || a.contains('/')))
            .cloned(),
    );
    names.iter().any(|name| {
        let base = Path::new(name)
            .file_name()
            .map(|b| b.to_string_lossy().into_owned())
            .unwrap_or_default();
        !base.is_empty() && stderr.contains(&base)
    })
}

/// Checks `FILE:LINE: column 'NAME': 'VALUE' EXPECTED`, with LINE below the header.
fn located_value(line: &str) -> Result<(), String> {
    let line = line.strip_prefix("runrisk: error: ").unwrap_or(line);
    let (place, rest) = line.split_once(": column '").ok_or("no column")?;
    let (file, number) = place.rsplit_once(':').ok_or("no line number")?;
    if file.is_empty() {
        return Err("no file".into());
    }
    let number: u64 = number.parse().map_err(|_| "no line number")?;
    if number < 2 {
        return Err(format!("line {number} is the header"));
    }
    let (column, rest) = rest.split_once("': '").ok_or("no value")?;
    if column.is_empty() {
        return Err("no column name".into());
    }
    let (_, expected) = rest.rsplit_once("' ").ok_or("no closing quote")?;
    if expected.trim().is_empty() {
        return Err("no expectation".into());
    }
    Ok(())
}

/// Runs every case on a few threads and returns the failures.
fn failures_of(cases: &[Case]) -> Vec<String> {
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism().map_or(4, |n| n.get().min(8));
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(case) = cases.get(i) else { break };
                if let Err(why) = check_case(case) {
                    let mut failures = failures.lock().unwrap_or_else(|e| e.into_inner());
                    failures.push(format!("[{i}] {}: {why}", case.name));
                }
            });
        }
    });
    let mut failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    failures.sort();
    failures
}

#[test]
fn every_bad_input_has_its_exact_outcome() {
    let cases = cases();
    assert!(cases.len() >= 40, "only {} cases", cases.len());
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len(), "two cases share a name");
    let failures = failures_of(&cases);
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// One case that shows a bug: it holds the outcome runrisk should have.
fn expect(case: Case) {
    if let Err(why) = check_case(&case) {
        panic!("{}: {why}", case.name);
    }
}

// ---------------------------------------------------------------- known bugs

#[test]
fn bug_utf16_le_with_bom_is_read() {
    expect(Case {
        name: "UTF-16 LE with BOM",
        files: leak_files(vec![(
            "log.csv",
            leak(utf16le_with_bom(
                "date,distance_km\r\n2025-01-07,5\r\n2025-01-09,6\r\n",
            )),
        )]),
        args: &["check", "log.csv"],
        stdout_has: &["log.csv: 2 rows, 2 runs read", "OK: the log is valid"],
        ..BASE
    });
}

#[test]
fn bug_strava_export_forced_native_hints_at_from_strava() {
    expect(Case {
        name: "Strava CSV forced with --from native",
        files: &[("activities.csv", STRAVA_CURRENT)],
        args: &["check", "--from", "native", "activities.csv"],
        exit: 1,
        stderr_has: &["activities.csv:1: no 'date' column", "try --from strava"],
        ..BASE
    });
}

#[test]
fn bug_an_export_without_runs_says_what_it_held() {
    expect(Case {
        name: "Strava export with only rides, swims and walks",
        files: leak_files(vec![("activities.csv", strava_without_runs())]),
        args: &["check", "activities.csv"],
        exit: 1,
        stderr_has: &["activities.csv: no runs to analyse", "not a run"],
        ..BASE
    });
}

#[test]
fn bug_a_folder_of_unreadable_files_says_why() {
    expect(Case {
        name: "folder with one unreadable CSV and one damaged FIT",
        files: leak_files(vec![
            ("logs/people.csv", b"name,age\nbob,3\n"),
            ("logs/broken.fit", damaged_fit()),
        ]),
        args: &["check", "logs"],
        exit: 1,
        stderr_has: &["logs: no runs to analyse", "unreadable file"],
        ..BASE
    });
}

#[test]
fn bug_a_zero_time_is_an_impossible_pace() {
    expect(Case {
        name: "duration and pace of 0:00",
        files: &[(
            "log.csv",
            b"date,distance_km,duration,pace\n2025-01-07,10,0:00,\n2025-01-08,10,,0:00\n",
        )],
        args: &["check", "log.csv"],
        exit: 1,
        stderr_has: &[
            "log.csv:2: column 'duration': '0:00' is no time at all for 10.0 km",
            "log.csv:3: column 'pace': '0:00' is no time at all for 10.0 km",
        ],
        ..BASE
    });
}

#[test]
fn bug_an_unclosed_quote_is_located_on_its_line() {
    expect(Case {
        name: "unclosed quote",
        files: &[("log.csv", b"date,distance_km\n\"2025-01-07,5\n")],
        args: &["check", "log.csv"],
        exit: 1,
        stderr_has: &["log.csv:2:", "quote"],
        ..BASE
    });
}

#[test]
fn bug_binary_junk_forced_native_says_binary() {
    expect(Case {
        name: "binary junk with --from native",
        files: leak_files(vec![(
            "log.csv",
            leak((0..=255u8).cycle().take(1024).collect()),
        )]),
        args: &["check", "--from", "native", "log.csv"],
        exit: 1,
        stderr_has: &["log.csv: this is a binary file"],
        ..BASE
    });
}

#[test]
fn bug_report_honours_until() {
    expect(Case {
        name: "report --until",
        files: &[("log.csv", MARATHON)],
        args: &["report", "log.csv", "--until", "2025-08-01", "-o", "r.svg"],
        stderr_has: &["wrote r.svg (2025-W31"],
        ..BASE
    });
}

#[test]
fn bug_an_activity_file_in_the_future() {
    let text = String::from_utf8_lossy(RUN_GPX).replace("2025-03-01", "2099-03-01");
    expect(Case {
        name: "GPX dated 2099",
        files: leak_files(vec![("future.gpx", leak_text(text))]),
        args: &["check", "future.gpx"],
        exit: 1,
        stderr_has: &["future.gpx", "in the future"],
        ..BASE
    });
}

/// A FIT record whose 17-byte field is declared as 16-bit numbers.
fn fit_with_an_odd_field_size() -> &'static [u8] {
    let mut file = FitFile::new(4);
    file.file_id();
    file.define(1, 20, &[(253, 4, 0x86), (2, 17, 0x84)]);
    file.data.push(1);
    file.data
        .extend_from_slice(&FitFile::timestamp(0).to_le_bytes());
    file.data.extend_from_slice(&[0; 17]);
    leak(file.finish())
}

#[test]
fn bug_a_fit_field_of_odd_size_prints_no_foreign_error() {
    expect(Case {
        name: "FIT field of odd size",
        files: leak_files(vec![("odd.fit", fit_with_an_odd_field_size())]),
        args: &["check", "odd.fit"],
        stdout_has: &[
            "odd.fit: 1 activity, 1 run read",
            "fields whose size does not fit their type: 1, read as raw bytes",
        ],
        ..BASE
    });
}

#[test]
fn bug_standard_input_twice() {
    let outcome = common::run_with_stdin(["check", "-", "-"], "date,distance_km\n2025-01-07,5\n");
    assert_eq!(outcome.code, 2, "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("standard input"),
        "{}",
        outcome.stderr
    );
    assert!(!outcome.stderr.contains("empty"), "{}", outcome.stderr);
}

// ---------------------------------------------------------------- closed pipes

/// About 36 years of runs every other day: far more `weeks` output than a
/// pipe holds.
fn big_log() -> String {
    let mut text = String::from("date,distance_km\n");
    let mut day = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
    let end = chrono::NaiveDate::from_ymd_opt(2025, 12, 31).unwrap_or_default();
    while day < end {
        text.push_str(&format!("{day},8\n"));
        day += chrono::Duration::days(2);
    }
    text
}

/// Runs `weeks` with its output in a pipe, reads a few bytes and closes the
/// pipe; returns the exit code and standard error.
fn weeks_into_closed_pipe(format: &str) -> (i32, String) {
    let dir = common::temp_dir();
    let log = common::write_file(&dir, "big.csv", big_log());
    let mut child = Command::new(env!("CARGO_BIN_EXE_runrisk"))
        .args(["weeks", "--format", format])
        .arg(&log)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runrisk starts");
    let mut stdout = child.stdout.take().expect("a piped stdout");
    let mut head = [0u8; 64];
    stdout.read_exact(&mut head).expect("runrisk writes weeks");
    drop(stdout);
    let output = child.wait_with_output().expect("runrisk ends");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let code = output
        .status
        .code()
        .unwrap_or_else(|| panic!("killed by a signal: {stderr}"));
    (code, stderr)
}

#[test]
fn weeks_into_a_closed_pipe_ends_quietly() {
    let (code, stderr) = weeks_into_closed_pipe("text");
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bug_weeks_json_into_a_closed_pipe_ends_quietly() {
    let (code, stderr) = weeks_into_closed_pipe("json");
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn bug_weeks_csv_into_a_closed_pipe_ends_quietly() {
    let (code, stderr) = weeks_into_closed_pipe("csv");
    assert_eq!(code, 0, "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
}

#[test]
fn bug_an_impossible_run_in_a_folder_is_left_out_loudly() {
    let text = String::from_utf8_lossy(RUN_GPX).replace("2025-03-01", "2099-03-01");
    let files = leak_files(vec![
        ("watch/run.gpx", RUN_GPX),
        ("watch/future.gpx", leak_text(text)),
    ]);
    expect(Case {
        name: "a future GPX in a folder: weeks says so",
        files,
        args: &["weeks", "watch"],
        stderr_has: &["runrisk: note: 1 run was left out as impossible; the rest was analysed"],
        ..BASE
    });
    expect(Case {
        name: "a future GPX in a folder: check says so",
        files,
        args: &["check", "watch"],
        stdout_has: &[
            "a run dated in the future (2099-03-01)",
            "INCOMPLETE: 1 run was left out as impossible (see the notes above)",
        ],
        ..BASE
    });
}

// ---------------------------------------------------------------- limits

/// A header and one row of 2 MiB that never ends.
fn endless_row() -> &'static [u8] {
    let mut log = b"date,distance_km\n2025-01-07,".to_vec();
    log.resize(log.len() + (2 << 20), b'5');
    leak(log)
}

#[test]
fn limit_an_endless_row_plain_or_gzipped() {
    for (name, bytes) in [
        ("log.csv", endless_row()),
        ("log.csv.gz", leak(common::gzip(endless_row()))),
    ] {
        expect(Case {
            name: "endless row",
            files: leak_files(vec![(name, bytes)]),
            args: &["weeks", "{file}"],
            exit: 1,
            stderr_has: &[":2: column 'distance_km': '5555", "runs on past 1 MiB"],
            ..BASE
        });
    }
}

#[test]
fn limit_a_session_cannot_be_endless_either() {
    // Found by the long fuzz run: a core session of 1e308 km was let through.
    expect(Case {
        name: "session of 1e308 km",
        files: &[(
            "log.csv",
            b"date,distance_km,activity\n2024-06-01,5,run\n2024-06-03,1e308,core\n",
        )],
        args: &["check", "log.csv"],
        exit: 1,
        stderr_has: &["log.csv:3: column 'distance_km': '1e308' is longer than any session can be"],
        ..BASE
    });
}
