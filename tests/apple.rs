//! Apple Health exports through the binary: the Health app's export.zip,
//! its export.xml alone, gzipped or unpacked in a folder, all read to the
//! same runs and sessions (tests/fixtures/apple, written from Apple's
//! documented format by make_fixtures.py).

mod common;

use std::path::PathBuf;

use common::*;

fn apple(name: &str) -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/apple")
        .join(name)
}

/// The fixture's five runs: 8.2 + 10.5 + 5.0 + 5 mi + 21.1 km.
const FIXTURE_KM: f64 = 52.846_72;

fn total_km(path: &std::path::Path) -> f64 {
    weeks_json(path)
        .iter()
        .map(|w| number(w, "distance_km"))
        .sum()
}

#[test]
fn an_apple_health_export_is_read_however_it_is_given() {
    let dir = temp_dir();
    let zip = apple("export.zip");
    let xml = apple("export.xml");
    let gz = write_file(&dir, "export.xml.gz", gzip(&std::fs::read(&xml).unwrap()));
    let folder = dir.path().join("unpacked/apple_health_export");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::copy(&xml, folder.join("export.xml")).unwrap();
    std::fs::write(folder.join("export_cda.xml"), "<ClinicalDocument/>").unwrap();
    for path in [zip, xml, gz, dir.path().join("unpacked")] {
        let km = total_km(&path);
        assert!((km - FIXTURE_KM).abs() < 0.01, "{}: {km}", path.display());
        let check = run(["check".as_ref(), path.as_os_str()]);
        check.expect_success();
        // `check` wraps its lines to the width, so the words are compared.
        let words = check
            .stdout
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            words.contains(
                "10 activities, 5 runs and 4 other sessions (strength, core, rest ...) read"
            ),
            "{}: {}",
            path.display(),
            check.stdout
        );
        assert!(
            check.stdout.contains("skipped 1: tennis workout"),
            "{}",
            check.stdout
        );
        assert!(check.stdout.contains("1 treadmill"), "{}", check.stdout);
    }
}

#[test]
fn from_apple_reads_an_export_whatever_its_name() {
    let dir = temp_dir();
    let odd = write_file(
        &dir,
        "health.txt",
        std::fs::read(apple("export.xml")).unwrap(),
    );
    let weeks = json([
        "weeks".as_ref(),
        odd.as_os_str(),
        "--from".as_ref(),
        "apple".as_ref(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    let km: f64 = weeks.iter().map(|w| number(w, "distance_km")).sum();
    assert!((km - FIXTURE_KM).abs() < 0.01, "{km}");
}

#[test]
fn a_file_that_is_not_an_apple_export_read_as_one_is_an_error_saying_what_was_expected() {
    let dir = temp_dir();
    let log = write_file(&dir, "log.csv", "date,distance_km\n2025-01-07,5\n");
    let outcome = run([
        "check".as_ref(),
        log.as_os_str(),
        "--from".as_ref(),
        "apple".as_ref(),
    ]);
    outcome.expect_code(1);
    assert!(
        outcome.stderr.contains("not an Apple Health export"),
        "{}",
        outcome.stderr
    );
    assert!(
        outcome.stderr.contains("<HealthData>"),
        "{}",
        outcome.stderr
    );
}
