//! Segment: sentence boundaries within the blocks of the repaired text.

mod rules;

pub use rules::{RuleSegmenter, RuleSegmenterConfig};

use crate::normalize::Normalized;
use std::ops::Range;

/// A unit found by a segmenter: a range of the repaired text, trimmed, inside one block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// Byte range in the repaired text.
    pub range: Range<usize>,
    /// Index of the block (0-based) the unit is in.
    pub block: usize,
    /// True when the block is a heading line.
    pub heading: bool,
}

/// A sentence segmentation stage.
pub trait Segmenter: Send + Sync {
    /// The units of `doc`, in text order, non-empty, trimmed and non-overlapping.
    fn segment(&self, doc: &Normalized) -> Vec<Segment>;
}
