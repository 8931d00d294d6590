//! A minimal FIT encoder for the tests and the benches: a 14-byte header,
//! definition and data messages for file_id, record and session, and the
//! FIT CRC-16. Its own file, so `examples/quadratic_inputs.rs` can build
//! FIT files with it without the rest of the test helpers.

#![allow(dead_code)]

/// The FIT sports the encoder writes.
#[derive(Clone, Copy)]
pub enum Sport {
    Running = 1,
    Cycling = 2,
}

/// A minimal FIT encoder: a 14-byte header, definition and data messages for
/// file_id, record and session, and the CRC-16 the FIT protocol uses.
pub struct FitFile {
    pub data: Vec<u8>,
    pub file_type: u8,
    /// The FIT time of offset 0 (2025-03-02 08:00 UTC unless changed).
    pub base: u32,
}

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31 00:00 UTC).
pub const FIT_EPOCH_UNIX: i64 = 631_065_600;

/// FIT base types.
pub const ENUM: u8 = 0x00;
pub const UINT8: u8 = 0x02;
pub const UINT16: u8 = 0x84;
pub const SINT32: u8 = 0x85;
pub const UINT32: u8 = 0x86;
pub const UINT32Z: u8 = 0x8C;

/// Local message numbers.
pub const FILE_ID: u8 = 0;
pub const RECORD: u8 = 1;
pub const SESSION: u8 = 2;

/// The average heart rate every session of the encoder gives.
pub const SESSION_HR: u8 = 148;

/// The run's records: one every 2 s for 30 min at 3 m/s.
pub const RUN_SECONDS: u32 = 1800;
pub const RECORD_EVERY_S: u32 = 2;

impl FitFile {
    pub fn new(file_type: u8) -> FitFile {
        FitFile {
            data: Vec::new(),
            file_type,
            base: FitFile::timestamp(0),
        }
    }

    /// A file with one 30-minute session of `sport` (and FIT `sub_sport`).
    pub fn running(sport: Sport, sub_sport: u8) -> FitFile {
        FitFile::single(sport, sub_sport, RUN_SECONDS)
    }

    pub fn single(sport: Sport, sub_sport: u8, seconds: u32) -> FitFile {
        let mut file = FitFile::new(4);
        file.file_id();
        file.define_records();
        file.records(0, seconds, 3.0);
        file.define_session();
        file.session(sport, sub_sport, 0, seconds, 3.0 * f64::from(seconds), 3);
        file
    }

    /// A 30-minute run and then a 30-minute ride, each with its records and session.
    pub fn multisport() -> FitFile {
        FitFile::brick(RUN_SECONDS)
    }

    pub fn brick(seconds: u32) -> FitFile {
        let mut file = FitFile::new(4);
        file.file_id();
        file.define_records();
        file.define_session();
        file.records(0, seconds, 3.0);
        file.session(Sport::Running, 0, 0, seconds, 3.0 * f64::from(seconds), 3);
        let ride_starts = seconds + 200;
        file.records(ride_starts, seconds, 8.0);
        file.session(
            Sport::Cycling,
            0,
            ride_starts,
            seconds,
            8.0 * f64::from(seconds),
            10,
        );
        file
    }

    /// Seconds on the FIT clock, `offset` seconds after 2025-03-02 08:00 UTC.
    pub fn timestamp(offset: u32) -> u32 {
        let start = chrono::NaiveDate::from_ymd_opt(2025, 3, 2)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .unwrap()
            .and_utc()
            .timestamp();
        u32::try_from(start - FIT_EPOCH_UNIX).unwrap() + offset
    }

    pub fn define(&mut self, local: u8, global: u16, fields: &[(u8, u8, u8)]) {
        self.data.push(0x40 | local);
        self.data.push(0); // reserved
        self.data.push(0); // little-endian
        self.data.extend_from_slice(&global.to_le_bytes());
        self.data.push(u8::try_from(fields.len()).unwrap());
        for (number, size, base_type) in fields {
            self.data.extend_from_slice(&[*number, *size, *base_type]);
        }
    }

    pub fn file_id(&mut self) {
        self.define(
            FILE_ID,
            0,
            &[
                (0, 1, ENUM),
                (1, 2, UINT16),
                (2, 2, UINT16),
                (3, 4, UINT32Z),
                (4, 4, UINT32),
            ],
        );
        self.data.push(FILE_ID);
        self.data.push(self.file_type);
        self.data.extend_from_slice(&255u16.to_le_bytes()); // development
        self.data.extend_from_slice(&1u16.to_le_bytes());
        self.data.extend_from_slice(&12_345u32.to_le_bytes());
        self.data
            .extend_from_slice(&FitFile::timestamp(0).to_le_bytes());
    }

    pub fn define_records(&mut self) {
        // timestamp, position_lat, position_long, altitude (scale 5, offset 500), distance (scale 100)
        self.define(
            RECORD,
            20,
            &[
                (253, 4, UINT32),
                (0, 4, SINT32),
                (1, 4, SINT32),
                (2, 2, UINT16),
                (5, 4, UINT32),
            ],
        );
    }

    /// Records every 2 s for `seconds` at `speed`, from `offset` seconds,
    /// northwards from 46.5 N 7.5 E, at 420 m with ±0.4 m of jitter.
    pub fn records(&mut self, offset: u32, seconds: u32, speed: f64) {
        const SEMICIRCLES_PER_DEGREE: f64 = 2_147_483_648.0 / 180.0;
        for second in (0..=seconds).step_by(RECORD_EVERY_S as usize) {
            let metres = f64::from(second) * speed;
            let lat = 46.5 + metres / 111_195.0;
            let altitude = 420.0 + if second % 4 == 0 { 0.4 } else { -0.4 };
            self.data.push(RECORD);
            self.data
                .extend_from_slice(&(self.base + offset + second).to_le_bytes());
            self.data
                .extend_from_slice(&((lat * SEMICIRCLES_PER_DEGREE) as i32).to_le_bytes());
            self.data
                .extend_from_slice(&((7.5 * SEMICIRCLES_PER_DEGREE) as i32).to_le_bytes());
            self.data
                .extend_from_slice(&(((altitude + 500.0) * 5.0) as u16).to_le_bytes());
            self.data
                .extend_from_slice(&((metres * 100.0) as u32).to_le_bytes());
        }
    }

    pub fn define_session(&mut self) {
        // timestamp, start_time, sport, sub_sport, total_elapsed_time, total_timer_time,
        // total_distance, total_ascent, avg_heart_rate
        self.define(
            SESSION,
            18,
            &[
                (253, 4, UINT32),
                (2, 4, UINT32),
                (5, 1, ENUM),
                (6, 1, ENUM),
                (7, 4, UINT32),
                (8, 4, UINT32),
                (9, 4, UINT32),
                (22, 2, UINT16),
                (16, 1, UINT8),
            ],
        );
    }

    pub fn session(
        &mut self,
        sport: Sport,
        sub_sport: u8,
        offset: u32,
        seconds: u32,
        metres: f64,
        ascent: u16,
    ) {
        self.data.push(SESSION);
        self.data
            .extend_from_slice(&(self.base + offset + seconds).to_le_bytes());
        self.data
            .extend_from_slice(&(self.base + offset).to_le_bytes());
        self.data.push(sport as u8);
        self.data.push(sub_sport);
        self.data.extend_from_slice(&(seconds * 1000).to_le_bytes());
        self.data.extend_from_slice(&(seconds * 1000).to_le_bytes());
        self.data
            .extend_from_slice(&((metres * 100.0) as u32).to_le_bytes());
        self.data.extend_from_slice(&ascent.to_le_bytes());
        self.data.push(SESSION_HR);
    }

    /// The header, the messages and the file CRC.
    pub fn finish(self) -> Vec<u8> {
        let mut bytes = vec![14, 0x20];
        bytes.extend_from_slice(&2132u16.to_le_bytes()); // profile 21.32
        bytes.extend_from_slice(&u32::try_from(self.data.len()).unwrap().to_le_bytes());
        bytes.extend_from_slice(b".FIT");
        let header_crc = fit_crc(&bytes);
        bytes.extend_from_slice(&header_crc.to_le_bytes());
        bytes.extend_from_slice(&self.data);
        let file_crc = fit_crc(&bytes);
        bytes.extend_from_slice(&file_crc.to_le_bytes());
        bytes
    }
}

/// The FIT protocol's CRC-16, a nibble at a time.
pub fn fit_crc(bytes: &[u8]) -> u16 {
    const TABLE: [u16; 16] = [
        0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401, 0xA001, 0x6C00, 0x7800,
        0xB401, 0x5000, 0x9C01, 0x8801, 0x4400,
    ];
    let mut crc = 0u16;
    for &byte in bytes {
        for nibble in [byte & 0x0F, byte >> 4] {
            let low = TABLE[usize::from(crc & 0x0F)];
            crc = (crc >> 4) & 0x0FFF;
            crc ^= low ^ TABLE[usize::from(nibble)];
        }
    }
    crc
}
