//! FIT field definitions whose size is not a multiple of their base type's
//! size (a `uint32` field of 5 bytes), made plain bytes before fitparser
//! sees them. fitparser does the same itself but prints `ERROR: field
//! size ...` on standard error, without a file name, on a file it then
//! reads well; here the change is made quietly and said once in the
//! file's notes. The file checksum is recomputed when it was right, so a
//! good file does not read as damaged.

use std::borrow::Cow;

use super::fit::{CRC_SIZE, SHORTEST_HEADER};

/// The FIT protocol's checksum.
const FIT_CRC: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_ARC);

/// The base type of plain bytes, which any size fits.
const BYTE_BASE_TYPE: u8 = 0x0D;
/// Bits of a base type byte that name the type (the rest flag endianness).
const BASE_TYPE_NUMBER: u8 = 0x1F;
/// Record header bits: a compressed timestamp header, a definition, developer fields.
const COMPRESSED_HEADER: u8 = 0x80;
const DEFINITION: u8 = 0x40;
const DEVELOPER_FIELDS: u8 = 0x20;
/// The local message type of a normal and of a compressed-timestamp header.
const LOCAL_TYPE: u8 = 0x0F;
const COMPRESSED_LOCAL_TYPE_SHIFT: u8 = 5;
const COMPRESSED_LOCAL_TYPE: u8 = 0x03;
/// Bytes of a definition before its field definitions, and of each one.
const DEFINITION_FIXED: usize = 6;
const FIELD_DEFINITION: usize = 3;
/// Where a FIT header keeps its data size.
const DATA_SIZE_AT: usize = 4;

/// The file with every field of an impossible size made plain bytes, and
/// how many fields were.
pub fn plain_odd_fields(bytes: &[u8]) -> (Cow<'_, [u8]>, usize) {
    let mut patched: Option<Vec<u8>> = None;
    let mut fields = 0;
    let mut start = 0;
    while let Some(file) = chained_file(bytes, start) {
        let odd = odd_base_types(bytes, file.data.clone());
        if !odd.is_empty() {
            let out = patched.get_or_insert_with(|| bytes.to_vec());
            patch(out, &odd, start, file.data.end);
            fields += odd.len();
        }
        start = file.data.end + CRC_SIZE;
    }
    match patched {
        Some(out) => (Cow::Owned(out), fields),
        None => (Cow::Borrowed(bytes), 0),
    }
}

/// One FIT file of a chain: where its data records lie.
struct ChainedFile {
    data: std::ops::Range<usize>,
}

/// The FIT file whose header starts at `start`, if one does, with its data
/// up to where the bytes end.
fn chained_file(bytes: &[u8], start: usize) -> Option<ChainedFile> {
    let header = usize::from(*bytes.get(start)?);
    let size_bytes = bytes.get(start + DATA_SIZE_AT..start + DATA_SIZE_AT + 4)?;
    let size = u32::from_le_bytes(size_bytes.try_into().ok()?);
    let data_start = start.checked_add(header)?;
    // A file cut short is walked as far as it goes.
    let data_end = data_start
        .checked_add(usize::try_from(size).ok()?)?
        .min(bytes.len());
    (header >= SHORTEST_HEADER && data_start < data_end).then_some(ChainedFile {
        data: data_start..data_end,
    })
}

/// The positions of the base-type bytes of odd-sized field definitions in
/// the records of `data`; the walk stops at the first record it cannot follow.
fn odd_base_types(bytes: &[u8], data: std::ops::Range<usize>) -> Vec<usize> {
    let mut message_sizes = [None; 16];
    let mut odd = Vec::new();
    let mut at = data.start;
    while at < data.end {
        let Some(next) = next_record(bytes, at, &mut message_sizes, &mut odd) else {
            break;
        };
        at = next;
    }
    odd
}

/// Follows the record at `at`: a definition's fields are checked and its
/// message size kept; a data message is stepped over. The record's end.
fn next_record(
    bytes: &[u8],
    at: usize,
    message_sizes: &mut [Option<usize>; 16],
    odd: &mut Vec<usize>,
) -> Option<usize> {
    let header = *bytes.get(at)?;
    if header & COMPRESSED_HEADER != 0 {
        let local = (header >> COMPRESSED_LOCAL_TYPE_SHIFT) & COMPRESSED_LOCAL_TYPE;
        return Some(at + 1 + message_sizes[usize::from(local)]?);
    }
    let local = usize::from(header & LOCAL_TYPE);
    if header & DEFINITION == 0 {
        return Some(at + 1 + message_sizes[local]?);
    }
    let count = usize::from(*bytes.get(at + DEFINITION_FIXED - 1)?);
    let fields = at + DEFINITION_FIXED;
    let mut size = 0;
    for field in (0..count).map(|i| fields + i * FIELD_DEFINITION) {
        let (field_size, base_type) = (*bytes.get(field + 1)?, *bytes.get(field + 2)?);
        if field_size % base_size(base_type) != 0 {
            odd.push(field + 2);
        }
        size += usize::from(field_size);
    }
    let mut end = fields + count * FIELD_DEFINITION;
    if header & DEVELOPER_FIELDS != 0 {
        let developer = usize::from(*bytes.get(end)?);
        for field in (0..developer).map(|i| end + 1 + i * FIELD_DEFINITION) {
            size += usize::from(*bytes.get(field + 1)?);
        }
        end += 1 + developer * FIELD_DEFINITION;
    }
    message_sizes[local] = Some(size);
    Some(end)
}

/// The size in bytes of one value of a FIT base type (1 for types the
/// protocol does not define, as fitparser reads them).
fn base_size(base_type: u8) -> u8 {
    match base_type & BASE_TYPE_NUMBER {
        0x03 | 0x04 | 0x0B => 2,
        0x05 | 0x06 | 0x08 | 0x0C => 4,
        0x09 | 0x0E | 0x0F | 0x10 => 8,
        _ => 1,
    }
}

/// Makes the fields at `odd` plain bytes in the file from `start` to
/// `data_end`, with its checksum recomputed when it was right before.
fn patch(out: &mut [u8], odd: &[usize], start: usize, data_end: usize) {
    let stored = out
        .get(data_end..data_end + CRC_SIZE)
        .map(|crc| u16::from_le_bytes([crc[0], crc[1]]));
    let was_right = stored == Some(FIT_CRC.checksum(&out[start..data_end]));
    for &at in odd {
        out[at] = BYTE_BASE_TYPE;
    }
    if was_right {
        let crc = FIT_CRC.checksum(&out[start..data_end]).to_le_bytes();
        out[data_end..data_end + CRC_SIZE].copy_from_slice(&crc);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_the_base_types() {
        let cases = [
            (0x00, 1),
            (0x02, 1),
            (0x84, 2),
            (0x86, 4),
            (0x88, 4),
            (0x89, 8),
            (0x8C, 4),
            (0x0D, 1),
            (0x8F, 8),
            (0x1F, 1),
        ];
        for (base_type, size) in cases {
            assert_eq!(base_size(base_type), size, "{base_type:#x}");
        }
    }

    /// A FIT file of one definition with a 17-byte `uint16` field and one
    /// message of it, with a right checksum or a wrong one.
    fn odd_file(right_crc: bool) -> Vec<u8> {
        let mut data = vec![DEFINITION, 0, 0, 20, 0, 1, 2, 17, 0x84, 0];
        data.extend([7; 17]);
        let mut bytes = vec![14, 0x20, 0x54, 0x08];
        bytes.extend(u32::try_from(data.len()).unwrap().to_le_bytes());
        bytes.extend(b".FIT");
        bytes.extend(FIT_CRC.checksum(&bytes).to_le_bytes());
        bytes.extend(data);
        let crc = FIT_CRC.checksum(&bytes) ^ u16::from(!right_crc);
        bytes.extend(crc.to_le_bytes());
        bytes
    }

    #[test]
    fn an_odd_field_becomes_bytes_and_a_right_checksum_stays_right() {
        for right_crc in [true, false] {
            let original = odd_file(right_crc);
            let (out, fields) = plain_odd_fields(&original);
            assert_eq!(fields, 1);
            let base_type_at = 14 + DEFINITION_FIXED + 2;
            assert_eq!(out[base_type_at], BYTE_BASE_TYPE);
            let end = out.len() - CRC_SIZE;
            let stored = u16::from_le_bytes([out[end], out[end + 1]]);
            assert_eq!(stored == FIT_CRC.checksum(&out[..end]), right_crc);
        }
    }

    #[test]
    fn bytes_that_are_no_fit_file_are_left_alone() {
        for bytes in [
            &b""[..],
            b"date,distance_km\n",
            &[14, 0, 0, 0, 255, 255, 255, 255],
        ] {
            let (out, fields) = plain_odd_fields(bytes);
            assert_eq!((out.as_ref(), fields), (bytes, 0));
        }
    }
}
