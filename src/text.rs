//! Spans into the original text, and normalised text that keeps its alignment to the original.

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// A range of the original text, in bytes and in Unicode scalar values (chars). End exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Byte range into the original (decoded) text.
    pub byte: Range<usize>,
    /// Char range into the original (decoded) text.
    pub char: Range<usize>,
}

/// Text derived from an original by deletions and white-space replacements, with the original byte
/// offset of every byte of the derived text.
///
/// Invariant kept by every producer: characters other than white space are copied verbatim, so the
/// original span of a trimmed range ends at `map[last] + last_char.len_utf8()`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AlignedText {
    text: String,
    /// `map[i]` is the original byte offset of the byte `i` of `text`.
    map: Vec<usize>,
}

impl AlignedText {
    /// An empty aligned text with room for `cap` bytes.
    pub fn with_capacity(cap: usize) -> Self {
        Self {
            text: String::with_capacity(cap),
            map: Vec::with_capacity(cap),
        }
    }

    /// The derived text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the derived text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when the derived text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Append `c`, which stands for the original byte offset `orig`.
    pub fn push(&mut self, c: char, orig: usize) {
        self.text.push(c);
        for _ in 0..c.len_utf8() {
            self.map.push(orig);
        }
    }

    /// The last char of the derived text.
    pub fn last_char(&self) -> Option<char> {
        self.text.chars().next_back()
    }

    /// Remove trailing white space.
    pub fn trim_end(&mut self) {
        let keep = self.text.trim_end().len();
        self.text.truncate(keep);
        self.map.truncate(keep);
    }

    /// Original byte offset of the derived byte `i`.
    pub fn orig_offset(&self, i: usize) -> usize {
        self.map[i]
    }

    /// The original byte range covered by the derived byte range `r`, after trimming white space
    /// off both ends of `r`. `None` when `r` holds only white space.
    pub fn orig_range(&self, r: Range<usize>) -> Option<Range<usize>> {
        let s = &self.text[r.clone()];
        let lead = s.len() - s.trim_start().len();
        let trimmed = s.trim();
        if trimmed.is_empty() {
            return None;
        }
        let a = r.start + lead;
        let last = trimmed.chars().next_back()?;
        let b = a + trimmed.len() - last.len_utf8();
        Some(self.map[a]..self.map[b] + last.len_utf8())
    }
}

/// Converts sorted byte offsets of a text into char offsets in one pass.
#[derive(Debug)]
pub struct CharCounter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    /// A counter at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            byte: 0,
            chars: 0,
        }
    }

    /// The char offset of the byte offset `b` (on a char boundary). Offsets asked for in
    /// ascending order cost one pass in total; a smaller offset restarts from the beginning.
    pub fn char_offset(&mut self, b: usize) -> usize {
        if b < self.byte {
            self.byte = 0;
            self.chars = 0;
        }
        self.chars += self.text[self.byte..b].chars().count();
        self.byte = b;
        self.chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orig_range_trims_and_maps_back() {
        let orig = "ab-\ncd  é";
        let mut t = AlignedText::default();
        // "ab" + "cd" (hyphen and newline deleted), one space, "é"
        for (i, c) in orig.char_indices() {
            if c == '-' || c == '\n' || (c == ' ' && i == 7) {
                continue;
            }
            t.push(c, i);
        }
        assert_eq!(t.as_str(), "abcd é");
        let r = t.orig_range(0..t.len()).unwrap();
        assert_eq!(&orig[r], orig);
        let r = t.orig_range(4..t.len()).unwrap();
        assert_eq!(&orig[r], "é");
        assert_eq!(t.orig_range(4..5), None);
    }

    #[test]
    fn char_counter_counts_multibyte() {
        let s = "aé€b";
        let mut c = CharCounter::new(s);
        assert_eq!(c.char_offset(0), 0);
        assert_eq!(c.char_offset(1), 1);
        assert_eq!(c.char_offset(3), 2);
        assert_eq!(c.char_offset(6), 3);
        assert_eq!(c.char_offset(1), 1);
    }
}
