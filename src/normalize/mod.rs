//! Normalize: repair text extracted from PDFs while keeping an alignment back to the original.
//!
//! The output is the repaired text split into blocks (paragraphs and heading lines). Sentences
//! never cross a block.

mod lexicon;
mod pdf;

pub use lexicon::Lexicon;
pub use pdf::{PdfRepair, PdfRepairConfig};

use crate::text::AlignedText;
use std::ops::Range;

/// A paragraph or a heading line of the repaired text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Byte range in [`Normalized::text`].
    pub range: Range<usize>,
    /// True when the block is a heading line.
    pub heading: bool,
}

/// Repaired text, aligned to the original, in blocks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Normalized {
    /// The repaired text; blocks are separated by a blank line.
    pub text: AlignedText,
    /// The blocks in text order.
    pub blocks: Vec<Block>,
}

/// A normalisation stage.
pub trait Normalizer: Send + Sync {
    /// Repair `original`.
    fn normalize(&self, original: &str) -> Normalized;
}

/// Fold white space to single spaces and trim: the normalisation the scorer applies to unit text
/// (hyphenation is not repaired here; see [`PdfRepair`] for that).
pub fn fold_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Closing quotes and brackets that may follow sentence-final punctuation.
pub(crate) fn pdf_is_closer(c: char) -> bool {
    pdf::is_closer(c)
}
