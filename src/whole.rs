//! The nearest whole number, for the checks whether a number is a whole
//! count of hundredths (8.4 km, 1,274 s): most of a log's numbers are, and
//! they are packed and written as such. `f64::round` is a call into the
//! maths library on the common x86-64 target; this is two additions.

/// 2^52 + 2^51: adding it leaves no fraction bits to a number below 2^51,
/// so the addition itself rounds it to the nearest whole number.
const ROUNDING_OFFSET: f64 = 6_755_399_441_055_744.0;

/// Below this, a number rounds by [`ROUNDING_OFFSET`].
const MAX_OFFSET_ROUNDED: f64 = 2_251_799_813_685_248.0;

/// The whole number nearest `value`, as `f64::round` gives it but for
/// halves, which go to the even neighbour (`2.5` gives `2.0`): a half is
/// never a whole count, so the checks this serves cannot tell the two.
pub fn nearest_whole(value: f64) -> f64 {
    if value.abs() < MAX_OFFSET_ROUNDED {
        (value + ROUNDING_OFFSET) - ROUNDING_OFFSET
    } else {
        value.round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whole_numbers_and_halves_at_the_edges() {
        let cases = [
            (0.0, 0.0),
            (0.4999999999999999, 0.0),
            (0.5, 0.0),
            (1.5, 2.0),
            (2.5, 2.0),
            (-2.6, -3.0),
            (1234.49, 1234.0),
            (MAX_OFFSET_ROUNDED - 0.5, MAX_OFFSET_ROUNDED),
            (MAX_OFFSET_ROUNDED + 1.0, MAX_OFFSET_ROUNDED + 1.0),
            (1e300, 1e300),
        ];
        for (value, whole) in cases {
            assert_eq!(nearest_whole(value), whole, "{value}");
        }
        assert!(nearest_whole(f64::NAN).is_nan());
        assert_eq!(nearest_whole(f64::INFINITY), f64::INFINITY);
    }

    proptest! {
        /// Away from halves, the nearest whole number is `f64::round`'s.
        #[test]
        fn it_is_round_but_for_halves(value in any::<f64>()) {
            let fraction = (value - value.trunc()).abs();
            prop_assume!(fraction != 0.5);
            let (ours, round) = (nearest_whole(value), value.round());
            prop_assert!(ours == round || (ours.is_nan() && round.is_nan()), "{value}: {ours} {round}");
        }

        /// On hundredths, the scale the checks use.
        #[test]
        fn hundredths_round_as_round_does(count in -10_000_000_000i64..10_000_000_000, noise in -0.49f64..0.49) {
            let value = count as f64 + noise;
            prop_assert_eq!(nearest_whole(value), value.round());
        }
    }
}
