//! The same runs from every source give the same weeks: runrisk's own CSV,
//! Strava's activities.csv (alone, in an export folder, in an export .zip),
//! Garmin Connect's Activities.csv, and a folder of the watch's GPX files.
//! A run given by two sources counts once, and one bad file in a folder
//! never stops the rest.

use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

const FIXTURES: &str = "tests/fixtures/exports";

/// The three runs of the `same_week_*` fixtures: start (UTC), km, seconds.
const RUNS: [(&str, f64, u32); 3] = [
    ("2024-03-17T08:35:21Z", 10.02, 3012),
    ("2024-03-19T05:30:00Z", 16.09, 5310),
    ("2024-03-21T17:15:00Z", 5.00, 1450),
];
/// Metres per degree of latitude, for laying out test tracks.
const METRES_PER_DEGREE: f64 = 111_195.0;
const SECONDS_PER_POINT: u32 = 5;

fn runrisk() -> Command {
    Command::cargo_bin("runrisk").unwrap()
}

/// A GPX track running due north at an even pace.
fn gpx(start: &str, km: f64, seconds: u32) -> String {
    let begin = chrono::DateTime::parse_from_rfc3339(start).unwrap();
    let points = seconds / SECONDS_PER_POINT;
    let step = km * 1000.0 / f64::from(points) / METRES_PER_DEGREE;
    let mut text = String::from(
        "<?xml version=\"1.0\"?>\n<gpx version=\"1.1\" creator=\"runrisk test\" xmlns=\"http://www.topografix.com/GPX/1/1\">\n<trk><type>running</type><trkseg>\n",
    );
    for i in 0..=points {
        let time = begin + chrono::Duration::seconds(i64::from(i * SECONDS_PER_POINT));
        text.push_str(&format!(
            "<trkpt lat=\"{:.7}\" lon=\"7.5\"><ele>420</ele><time>{}</time></trkpt>\n",
            46.5 + step * f64::from(i),
            time.format("%Y-%m-%dT%H:%M:%SZ")
        ));
    }
    text + "</trkseg></trk></gpx>\n"
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

/// A folder of the watch's files: one GPX per run.
fn watch_folder(root: &Path) -> PathBuf {
    let folder = root.join("watch");
    std::fs::create_dir_all(&folder).unwrap();
    for (i, (start, km, seconds)) in RUNS.iter().enumerate() {
        std::fs::write(
            folder.join(format!("run{i}.gpx")),
            gpx(start, *km, *seconds),
        )
        .unwrap();
    }
    folder
}

/// A Strava bulk export: activities.csv, gzipped GPX files it points at, and a photo.
fn strava_export(root: &Path) -> PathBuf {
    let export = root.join("export_12345");
    std::fs::create_dir_all(export.join("activities")).unwrap();
    std::fs::create_dir_all(export.join("media")).unwrap();
    let csv = std::fs::read_to_string(Path::new(FIXTURES).join("same_week_strava.csv")).unwrap();
    std::fs::write(
        export.join("activities.csv"),
        csv.replace(".fit.gz", ".gpx.gz"),
    )
    .unwrap();
    for (i, (start, km, seconds)) in RUNS.iter().enumerate() {
        let name = format!("activities/910000000{}.gpx.gz", i + 1);
        std::fs::write(
            export.join(name),
            gzip(gpx(start, *km, *seconds).as_bytes()),
        )
        .unwrap();
    }
    std::fs::write(
        export.join("media/photo.jpg"),
        b"\xff\xd8\xff\xe0 not really a photo",
    )
    .unwrap();
    export
}

/// Zips a folder, as Strava delivers the export.
fn zip_folder(folder: &Path, target: &Path) {
    let mut writer = zip::ZipWriter::new(std::fs::File::create(target).unwrap());
    let options = zip::write::SimpleFileOptions::default();
    let mut stack = vec![folder.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let name = path
                    .strip_prefix(folder)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                writer.start_file(name, options).unwrap();
                writer.write_all(&std::fs::read(&path).unwrap()).unwrap();
            }
        }
    }
    writer.finish().unwrap();
}

/// Weekly distance, per week, from `runrisk weeks --format json`.
fn weekly_km(inputs: &[&Path]) -> Vec<(String, f64)> {
    let output = runrisk()
        .arg("weeks")
        .args(inputs)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let weeks: Value = serde_json::from_slice(&output.stdout).unwrap();
    weeks
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["week"].as_str().unwrap().to_string(),
                w["distance_km"].as_f64().unwrap(),
            )
        })
        .collect()
}

fn assert_same_weeks(got: &[(String, f64)], want: &[(String, f64)], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
    for ((week, km), (want_week, want_km)) in got.iter().zip(want) {
        assert_eq!(week, want_week, "{what}");
        assert!(
            (km - want_km).abs() <= want_km * 0.01,
            "{what} {week}: {km} km, expected {want_km} km"
        );
    }
}

#[test]
fn every_source_gives_the_same_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let native = weekly_km(&[&Path::new(FIXTURES).join("same_week_native.csv")]);
    assert_eq!(native.len(), 2, "{native:?}");
    let sources = [
        (
            "strava csv",
            Path::new(FIXTURES).join("same_week_strava.csv"),
        ),
        (
            "garmin csv",
            Path::new(FIXTURES).join("same_week_garmin_km.csv"),
        ),
        (
            "garmin csv in miles",
            Path::new(FIXTURES).join("same_week_garmin_miles.csv"),
        ),
        ("watch folder", watch_folder(dir.path())),
    ];
    for (what, path) in &sources {
        assert_same_weeks(&weekly_km(&[path]), &native, what);
    }
}

#[test]
fn a_strava_export_reads_the_same_as_a_folder_or_a_zip() {
    let dir = tempfile::tempdir().unwrap();
    let native = weekly_km(&[&Path::new(FIXTURES).join("same_week_native.csv")]);
    let export = strava_export(dir.path());
    assert_same_weeks(&weekly_km(&[&export]), &native, "export folder");
    let zipped = dir.path().join("export_12345.zip");
    zip_folder(&export, &zipped);
    assert_same_weeks(&weekly_km(&[&zipped]), &native, "export zip");
    let output = runrisk().arg("check").arg(&zipped).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("3 runs got details"), "{text}");
    assert!(text.contains("3 runs read"), "{text}");
}

#[test]
fn a_strava_export_says_what_its_damaged_and_missing_files_lost() {
    let dir = tempfile::tempdir().unwrap();
    let export = strava_export(dir.path());
    let activities = export.join("activities");
    // Run 1: the download of its .gz stopped half way.
    let (start, km, seconds) = RUNS[0];
    let packed = gzip(gpx(start, km, seconds).as_bytes());
    std::fs::write(
        activities.join("9100000001.gpx.gz"),
        &packed[..packed.len() / 2],
    )
    .unwrap();
    // Run 2: a whole .gz of a GPX that the watch cut off.
    let (start, km, seconds) = RUNS[1];
    let text = gpx(start, km, seconds);
    std::fs::write(
        activities.join("9100000002.gpx.gz"),
        gzip(&text.as_bytes()[..text.len() / 2]),
    )
    .unwrap();
    // Run 3: its file is not in the export.
    std::fs::remove_file(activities.join("9100000003.gpx.gz")).unwrap();
    let zipped = dir.path().join("export.zip");
    zip_folder(&export, &zipped);
    for input in [&export, &zipped] {
        let output = runrisk().arg("check").arg(input).output().unwrap();
        let text = String::from_utf8_lossy(&output.stdout).replace("\n        ", " ");
        assert!(output.status.success(), "{text}");
        for words in [
            "3 runs read",
            "2 runs got details (climbing, sprints, hill repeats) from their activity files, \
             2 of them only from the part of a damaged file that could be read",
            "1 activity file named in activities.csv is not in the export \
             (activities/9100000003.gpx.gz); its run gets no details from it",
            "activities/9100000001.gpx.gz: cut short: the .gz file stops unpacking",
            "activities/9100000001.gpx.gz: truncated or damaged: the file ends inside",
            "activities/9100000002.gpx.gz: truncated or damaged: ",
        ] {
            assert!(text.contains(words), "{words}\n{text}");
        }
    }
}

#[test]
fn a_run_from_two_sources_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let native = weekly_km(&[&Path::new(FIXTURES).join("same_week_native.csv")]);
    let strava = Path::new(FIXTURES).join("same_week_strava.csv");
    let watch = watch_folder(dir.path());
    assert_same_weeks(
        &weekly_km(&[&strava, &watch]),
        &native,
        "strava csv and watch files",
    );
    let output = runrisk()
        .arg("check")
        .arg(&strava)
        .arg(&watch)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("3 runs also given by another input"),
        "{text}"
    );
}

#[test]
fn one_bad_file_never_stops_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let watch = watch_folder(dir.path());
    std::fs::write(watch.join("broken.fit"), b"this is not a FIT file at all").unwrap();
    std::fs::write(watch.join("cut.gpx.gz"), &gzip(b"<gpx><trk>")[..12]).unwrap();
    std::fs::write(watch.join("plan.pdf"), b"%PDF-1.4 training plan").unwrap();
    let output = runrisk().arg("check").arg(&watch).output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(text.contains("3 runs read"), "{text}");
    assert!(text.contains("unreadable file"), "{text}");
    assert!(text.contains("not a log or activity file (.pdf)"), "{text}");
    assert!(text.contains("broken.fit"), "{text}");
}

#[test]
fn a_folder_with_nothing_to_read_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "nothing here").unwrap();
    runrisk()
        .arg("check")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "no CSV log and no .gpx, .tcx or .fit file",
        ));
}

/// A GPX track like `gpx`, with one point `jump_m` to the east halfway:
/// a GPS jump no runner makes.
fn gpx_with_jump(start: &str, km: f64, seconds: u32, jump_m: f64) -> String {
    let track = gpx(start, km, seconds);
    let lines: Vec<&str> = track.lines().collect();
    let middle = lines.len() / 2;
    let jumped = lines[middle].replace(
        "lon=\"7.5\"",
        &format!("lon=\"{:.6}\"", 7.5 + jump_m / (METRES_PER_DEGREE * 0.688)),
    );
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[middle] = jumped;
    out.join("\n") + "\n"
}

#[test]
fn an_export_row_and_the_file_it_names_are_one_run_whatever_their_distances() {
    // Strava counted a GPS jump the GPX reader leaves out: 7.40 km in the
    // CSV, about 6.15 km in the file it names, started the same second.
    let dir = tempfile::tempdir().unwrap();
    let csv =
        "Activity ID,Activity Date,Activity Name,Activity Type,Elapsed Time,Distance,Filename\n\
               555,\"Mar 17, 2024, 8:35:21 AM\",Morning Run,Run,2400,7.40,activities/555.gpx\n";
    let csv_path = dir.path().join("activities.csv");
    std::fs::write(&csv_path, csv).unwrap();
    let gpx_path = dir.path().join("555.gpx");
    std::fs::write(
        &gpx_path,
        gpx_with_jump("2024-03-17T08:35:21Z", 6.15, 2400, 600.0),
    )
    .unwrap();
    let output = runrisk()
        .arg("check")
        .args([&csv_path, &gpx_path])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("1 run, 7.4 km"), "{stdout}");
    assert!(
        stdout.contains("1 run also given by another input or file, counted once"),
        "{stdout}"
    );
    assert!(
        stdout.contains("left out as GPS jumps"),
        "the GPX reader says what it left out: {stdout}"
    );
}
