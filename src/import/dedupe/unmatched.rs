//! The runs not yet matched while copies are looked for, by their place in
//! sorted order, with the source (file) each came from. A run is only ever a
//! copy of a run from another source, so the next candidate is the next
//! unmatched run from another source: this tree finds it in log n steps,
//! and the runs of one file, or those already matched, are never compared
//! one by one.

use crate::steps::step;

/// Who the unmatched runs under a node came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sources {
    Nobody,
    One(usize),
    Several,
}

impl Sources {
    fn join(self, other: Sources) -> Sources {
        match (self, other) {
            (Sources::Nobody, either) | (either, Sources::Nobody) => either,
            (Sources::One(a), Sources::One(b)) if a == b => Sources::One(a),
            _ => Sources::Several,
        }
    }

    /// Whether some run under the node came from a source other than `source`.
    fn other_than(self, source: usize) -> bool {
        match self {
            Sources::Nobody => false,
            Sources::One(only) => only != source,
            Sources::Several => true,
        }
    }
}

/// A segment tree over places `0..len`, each empty or holding a run's source.
pub struct Unmatched {
    /// Leaves start here (a power of two).
    leaves: usize,
    nodes: Vec<Sources>,
}

impl Unmatched {
    /// A tree of `len` empty places.
    pub fn new(len: usize) -> Unmatched {
        let leaves = len.max(1).next_power_of_two();
        Unmatched {
            leaves,
            nodes: vec![Sources::Nobody; 2 * leaves],
        }
    }

    /// Puts a run from `source` at `place`, or empties it (`None`).
    pub fn set(&mut self, place: usize, source: Option<usize>) {
        if place >= self.leaves {
            return;
        }
        let mut node = self.leaves + place;
        self.nodes[node] = source.map_or(Sources::Nobody, Sources::One);
        while node > 1 {
            node /= 2;
            self.nodes[node] = self.nodes[2 * node].join(self.nodes[2 * node + 1]);
        }
    }

    /// The first place in `from..to` holding a run from a source other than `source`.
    pub fn next_from_other(&self, from: usize, to: usize, source: usize) -> Option<usize> {
        self.find(1, 0..self.leaves, from..to.min(self.leaves), source)
    }

    fn find(
        &self,
        node: usize,
        span: std::ops::Range<usize>,
        wanted: std::ops::Range<usize>,
        source: usize,
    ) -> Option<usize> {
        step();
        let outside = span.end <= wanted.start || span.start >= wanted.end;
        if outside || !self.nodes[node].other_than(source) {
            return None;
        }
        if span.len() == 1 {
            return Some(span.start);
        }
        let mid = span.start + span.len() / 2;
        self.find(2 * node, span.start..mid, wanted.clone(), source)
            .or_else(|| self.find(2 * node + 1, mid..span.end, wanted, source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_next_run_of_another_source_still_unmatched() {
        let sources = [0, 0, 1, 0, 2, 2, 0];
        let mut tree = Unmatched::new(sources.len());
        for (place, source) in sources.iter().enumerate() {
            tree.set(place, Some(*source));
        }
        assert_eq!(tree.next_from_other(0, 7, 0), Some(2));
        assert_eq!(tree.next_from_other(3, 7, 0), Some(4));
        assert_eq!(tree.next_from_other(0, 7, 1), Some(0));
        assert_eq!(tree.next_from_other(5, 7, 2), Some(6));
        assert_eq!(tree.next_from_other(0, 4, 2), Some(0));
        assert_eq!(tree.next_from_other(2, 2, 0), None);
        tree.set(2, None);
        tree.set(4, None);
        assert_eq!(tree.next_from_other(0, 7, 0), Some(5));
        assert_eq!(tree.next_from_other(0, 5, 0), None);
        assert_eq!(Unmatched::new(0).next_from_other(0, 1, 0), None);
    }
}
