//! Writes the inputs of issue 11's "quadratic time" measurements, so that
//! `bench/quadratic.sh` can time runrisk on them at any size without big
//! fixtures in the repository. FIT files are built with the integration
//! tests' encoder (`tests/common/fit.rs`), so the bench and the tests agree on
//! what a FIT file is.
//!
//! ```text
//! cargo run --release --example quadratic_inputs -- copies 20000 > copies.csv
//! cargo run --release --example quadratic_inputs -- fit-sessions 20000 > sessions.fit
//! cargo run --release --example quadratic_inputs -- fit-chain 400 > chained.fit
//! cargo run --release --example quadratic_inputs -- paces 30000 > paces.csv
//! ```

#[path = "../tests/common/fit.rs"]
mod fit;

use std::io::{self, Write};

use fit::{FitFile, Sport, RUN_SECONDS};

/// Seconds between the sessions of one FIT file, and between chained runs.
const SESSION_EVERY_S: u32 = 60;
const CHAINED_RUN_EVERY_S: u32 = 24 * 3600;
/// The paced log spans this many days.
const PACED_DAYS: usize = 56;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = args.get(1).and_then(|n| n.parse::<usize>().ok());
    let bytes = match (args.first().map(String::as_str), count) {
        (Some("copies"), Some(n)) => identical_rows(n),
        (Some("fit-sessions"), Some(n)) => many_sessions(n),
        (Some("fit-chain"), Some(n)) => chained_files(n),
        (Some("paces"), Some(n)) => paced_log(n),
        _ => {
            eprintln!("usage: quadratic_inputs copies|fit-sessions|fit-chain|paces COUNT");
            std::process::exit(2);
        }
    };
    if let Err(error) = io::stdout().lock().write_all(&bytes) {
        eprintln!("quadratic_inputs: {error}");
        std::process::exit(1);
    }
}

/// `count` identical rows of a native CSV (one 5 km run on one day).
fn identical_rows(count: usize) -> Vec<u8> {
    let mut csv = String::from("date,distance_km\n");
    csv.push_str(&"2025-01-07,5\n".repeat(count));
    csv.into_bytes()
}

/// One FIT file of `count` running sessions, a minute apart, each with one record.
fn many_sessions(count: usize) -> Vec<u8> {
    let mut file = FitFile::new(4);
    file.file_id();
    file.define_records();
    file.define_session();
    for n in 0..count {
        let offset = u32::try_from(n).unwrap_or(u32::MAX) * SESSION_EVERY_S;
        file.records(offset, 0, 3.0);
        file.session(Sport::Running, 0, offset, SESSION_EVERY_S / 2, 90.0, 0);
    }
    file.finish()
}

/// `count` FIT files of one 30-minute run each, a day apart, chained in one stream.
fn chained_files(count: usize) -> Vec<u8> {
    (0..count)
        .flat_map(|n| {
            let mut file = FitFile::new(4);
            file.base += u32::try_from(n).unwrap_or(u32::MAX) * CHAINED_RUN_EVERY_S;
            file.file_id();
            file.define_records();
            file.records(0, RUN_SECONDS, 3.0);
            file.define_session();
            file.session(
                Sport::Running,
                0,
                0,
                RUN_SECONDS,
                3.0 * f64::from(RUN_SECONDS),
                3,
            );
            file.finish()
        })
        .collect()
}

/// `count` runs over 8 weeks with times, so every run has a pace.
fn paced_log(count: usize) -> Vec<u8> {
    let mut csv = String::from("date,distance_km,duration_min,surface\n");
    let first = chrono::NaiveDate::from_ymd_opt(2025, 1, 6).unwrap_or_default();
    for n in 0..count {
        let day = first + chrono::Duration::days((n * PACED_DAYS / count.max(1)) as i64);
        let km = 5 + n % 11;
        let minutes = km * 5 + n % 7;
        let surface = ["road", "trail", "treadmill"][n % 3];
        csv.push_str(&format!("{day},{km},{minutes},{surface}\n"));
    }
    csv.into_bytes()
}
