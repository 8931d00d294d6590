//! Bytes looked at eight at a time, as one `u64`: where a CSV line's
//! delimiters are, whether a text needs escaping in JSON. Both searches
//! run over short text, too short for a vectorised search to pay for its
//! start, yet long enough that a byte at a time costs.

/// The bytes a word holds.
pub const WORD: usize = 8;

/// The low seven bits of every byte.
const LOW_SEVEN: u64 = u64::from_ne_bytes([0x7f; WORD]);
/// One in every byte.
const EACH_BYTE: u64 = u64::from_ne_bytes([0x01; WORD]);
/// The high bit of every byte.
const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; WORD]);

/// The word of `chunk`, its first byte lowest; `chunk` holds [`WORD`] bytes.
pub fn load(chunk: &[u8]) -> u64 {
    let mut bytes = [0; WORD];
    bytes.copy_from_slice(chunk);
    u64::from_le_bytes(bytes)
}

/// The high bit of each byte of `word` that is `byte`, and no other bit,
/// so each can be found with `trailing_zeros`: the low seven bits are added
/// without a carry leaving the byte, so one byte's result never spills
/// into the next.
pub fn bytes_equal(word: u64, byte: u8) -> u64 {
    let zero_where_equal = word ^ (EACH_BYTE * u64::from(byte));
    let low_set = (zero_where_equal & LOW_SEVEN).wrapping_add(LOW_SEVEN);
    !(low_set | zero_where_equal | LOW_SEVEN)
}

/// Whether any byte of `word` is below `n` (at most 128). Exact for the
/// word as a whole, which is all that is asked, not byte by byte.
pub fn any_below(word: u64, n: u8) -> bool {
    word.wrapping_sub(EACH_BYTE * u64::from(n)) & !word & HIGH_BITS != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_bytes_are_found_exactly() {
        let word = u64::from_le_bytes([0, 1, 0x80, 0, 0xff, 0x7f, 0, 0x01]);
        let want = u64::from_le_bytes([0x80, 0, 0, 0x80, 0, 0, 0x80, 0]);
        assert_eq!(bytes_equal(word, 0), want);
        assert_eq!(bytes_equal(0, 0), HIGH_BITS);
        assert_eq!(bytes_equal(u64::MAX, 0), 0);
        assert_eq!(
            bytes_equal(word, 0x01),
            u64::from_le_bytes([0, 0x80, 0, 0, 0, 0, 0, 0x80])
        );
    }

    proptest::proptest! {
        #[test]
        fn equal_bytes_and_bytes_below_are_those_a_byte_at_a_time_finds(
            bytes: [u8; WORD],
            byte: u8,
            n in 0u8..=128,
        ) {
            let word = load(&bytes);
            let want: u64 = bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == byte)
                .map(|(i, _)| 0x80 << (8 * i))
                .sum();
            proptest::prop_assert_eq!(bytes_equal(word, byte), want);
            proptest::prop_assert_eq!(any_below(word, n), bytes.iter().any(|b| *b < n));
        }
    }
}
