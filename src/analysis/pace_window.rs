//! The paces of the runs in a sliding window, counted by rank in a Fenwick
//! tree, so the window's median is found in log n steps as runs enter and
//! leave it. Sorting the window again for every run took n × w log w, and a
//! window can hold nearly every run of a dense log.

#[cfg(test)]
use std::cmp::Ordering;

use crate::steps::step;

/// Every pace that can enter the window, sorted (by `f64::total_cmp`, as
/// the median sorts); a pace's rank is its first place here.
pub struct PaceRanks {
    sorted: Vec<f64>,
}

impl PaceRanks {
    /// The ranks of `paces`, each pace's rank searched for when it enters
    /// (the reference [`PaceRanks::with_ranks`] is checked against).
    #[cfg(test)]
    pub fn new(mut paces: Vec<f64>) -> PaceRanks {
        paces.sort_by(f64::total_cmp);
        PaceRanks { sorted: paces }
    }

    /// The ranks of `paces` and the rank of each, in their order: one sort,
    /// so a window need not search for a pace's rank each time it enters.
    /// The sort is of whole-number keys that order as `f64::total_cmp`
    /// orders the paces, each with its pace's place: equal keys are equal
    /// paces, bit for bit, so their order among themselves changes nothing.
    pub fn with_ranks(paces: &[f64]) -> (PaceRanks, Vec<usize>) {
        let mut order: Vec<(i64, usize)> = paces
            .iter()
            .enumerate()
            .map(|(place, pace)| (total_order_key(*pace), place))
            .collect();
        order.sort_unstable();
        let mut ranks = vec![0; paces.len()];
        let mut first_of_key = 0;
        for (place, &(key, i)) in order.iter().enumerate() {
            if place == 0 || order[place - 1].0 != key {
                first_of_key = place;
            }
            ranks[i] = first_of_key;
        }
        let sorted = order.iter().map(|&(_, i)| paces[i]).collect();
        (PaceRanks { sorted }, ranks)
    }

    #[cfg(test)]
    fn rank(&self, pace: f64) -> usize {
        self.sorted
            .partition_point(|p| p.total_cmp(&pace) == Ordering::Less)
    }
}

/// A whole number that orders as `f64::total_cmp` orders `pace` (the
/// standard library's own transform: negative numbers have their other
/// bits flipped).
fn total_order_key(pace: f64) -> i64 {
    let bits = pace.to_bits() as i64;
    bits ^ (((bits >> 63) as u64) >> 1) as i64
}

/// The paces in a window: how many of each rank (a Fenwick tree of counts).
pub struct PaceWindow<'r> {
    ranks: &'r PaceRanks,
    /// 1-based Fenwick tree over the ranks.
    tree: Vec<i64>,
    len: usize,
}

impl<'r> PaceWindow<'r> {
    pub fn new(ranks: &'r PaceRanks) -> PaceWindow<'r> {
        PaceWindow {
            ranks,
            tree: vec![0; ranks.sorted.len() + 1],
            len: 0,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    /// Adds a pace that is one of the ranks' paces.
    #[cfg(test)]
    pub fn insert(&mut self, pace: f64) {
        self.insert_rank(self.ranks.rank(pace));
    }

    /// Removes a pace inserted before.
    #[cfg(test)]
    pub fn remove(&mut self, pace: f64) {
        self.remove_rank(self.ranks.rank(pace));
    }

    /// Adds the pace of this rank (see [`PaceRanks::with_ranks`]).
    pub fn insert_rank(&mut self, rank: usize) {
        self.add(rank, 1);
        self.len += 1;
    }

    /// Removes the pace of this rank, inserted before.
    pub fn remove_rank(&mut self, rank: usize) {
        self.add(rank, -1);
        self.len = self.len.saturating_sub(1);
    }

    /// The median of the window's paces: the middle one, or the mean of
    /// the two middle ones (as [`super::load::median`] gives it).
    pub fn median(&self) -> Option<f64> {
        let mid = self.len / 2;
        match self.len {
            0 => None,
            n if n % 2 == 0 => Some((self.nth(mid - 1)? + self.nth(mid)?) / 2.0),
            _ => self.nth(mid),
        }
    }

    fn add(&mut self, rank: usize, delta: i64) {
        let mut at = rank + 1;
        while at < self.tree.len() {
            step();
            self.tree[at] += delta;
            at += at & at.wrapping_neg();
        }
    }

    /// The `n`-th smallest pace of the window (from 0).
    fn nth(&self, n: usize) -> Option<f64> {
        let size = self.tree.len() - 1;
        let mut bit = if size == 0 { 0 } else { 1 << size.ilog2() };
        let (mut at, mut before) = (0, n as i64);
        while bit > 0 {
            step();
            if at + bit <= size && self.tree[at + bit] <= before {
                at += bit;
                before -= self.tree[at];
            }
            bit >>= 1;
        }
        self.ranks.sorted.get(at).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::load::median;

    #[test]
    fn the_median_is_the_sorted_windows_median() {
        let paces = [330.0, 300.0, 300.0, 315.0, 290.0, 345.0, 300.0, 310.0];
        let ranks = PaceRanks::new(paces.to_vec());
        let mut window = PaceWindow::new(&ranks);
        for end in 0..paces.len() {
            window.insert(paces[end]);
            for start in 0..=end {
                assert_eq!(
                    window.median(),
                    median(&mut paces[start..=end].to_vec()),
                    "{start}..={end}"
                );
                window.remove(paces[start]);
            }
            for pace in &paces[..=end] {
                window.insert(*pace);
            }
        }
        assert_eq!(PaceWindow::new(&PaceRanks::new(Vec::new())).median(), None);
    }

    proptest::proptest! {
        #[test]
        fn keys_order_as_total_cmp(a: f64, b: f64) {
            proptest::prop_assert_eq!(total_order_key(a).cmp(&total_order_key(b)), a.total_cmp(&b));
        }

        #[test]
        fn ranks_of_any_paces_are_the_ranks_searched_for(
            paces in proptest::collection::vec(proptest::sample::select(vec![
                300.0, 290.5, -0.0, 0.0, f64::NAN, -f64::NAN, 1e300, -3.0,
            ]), 0..30),
        ) {
            let (ranks, of_each) = PaceRanks::with_ranks(&paces);
            let searched = PaceRanks::new(paces.clone());
            proptest::prop_assert_eq!(format!("{:?}", ranks.sorted), format!("{:?}", searched.sorted));
            for (pace, rank) in paces.iter().zip(&of_each) {
                proptest::prop_assert_eq!(*rank, searched.rank(*pace));
            }
        }
    }

    #[test]
    fn ranks_found_in_one_sort_are_the_ranks_searched_for() {
        let paces = [
            330.0,
            300.0,
            f64::NAN,
            300.0,
            -0.0,
            0.0,
            290.0,
            345.0,
            300.0,
            -f64::NAN,
            f64::NEG_INFINITY,
            -12.5,
            f64::INFINITY,
            -0.0,
        ];
        let (ranks, of_each) = PaceRanks::with_ranks(&paces);
        let searched = PaceRanks::new(paces.to_vec());
        assert_eq!(
            format!("{:?}", ranks.sorted),
            format!("{:?}", searched.sorted)
        );
        for (pace, rank) in paces.iter().zip(&of_each) {
            assert_eq!(*rank, searched.rank(*pace), "{pace}");
        }
    }
}
