//! The floor for reading a CSV log: every record of a file read with the
//! csv crate into one reused record, and nothing else done with it.
//! `bench/scale.sh` times it beside `runrisk weeks` on the same file, so
//! runrisk's time reads in proportion to what just reading the bytes costs.
//!
//! ```text
//! cargo run --release --example csv_read -- big.csv
//! ```

use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: csv_read FILE.csv");
        return ExitCode::from(2);
    };
    match count(&path) {
        Ok((records, bytes)) => {
            println!("{records} records, {bytes} bytes of fields");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The records of the file and the bytes of their fields, counted so the
/// read cannot be left out.
fn count(path: &str) -> csv::Result<(u64, u64)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_path(path)?;
    let mut record = csv::ByteRecord::new();
    let (mut records, mut bytes) = (0, 0);
    while reader.read_byte_record(&mut record)? {
        records += 1;
        bytes += record.as_slice().len() as u64;
    }
    Ok((records, bytes))
}
