//! A word-frequency lexicon, used to decide whether a hyphen at a line break is a soft hyphen
//! (`im-\nprove` → `improve`) or part of a compound (`long-\nterm` → `long-term`).
//!
//! The shipped lexicon (`models/lexicon/en.tsv`) is counted by `argmine build-lexicon` from real
//! English text (see `models/README.md`); any corpus can be counted the same way.

use crate::{Error, Result};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;

/// First line of a lexicon file.
const MAGIC: &str = "# argmine-lexicon v1";

/// Lowercased word forms (hyphenated compounds included) with their counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    counts: HashMap<String, u64>,
}

/// Where a word token starts and ends in a line: letters, digits, apostrophes and inner hyphens.
fn word_tokens(line: &str) -> impl Iterator<Item = &str> {
    line.split(|c: char| c.is_whitespace() || c == '—' || c == '–' || c == '/')
        .map(|t| t.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .map(|t| t.trim_start_matches('-'))
}

impl Lexicon {
    /// An empty lexicon.
    pub fn new() -> Self {
        Self::default()
    }

    /// Count the words of `text`. Tokens that end a line with a hyphen are not counted: they may
    /// be halves of a word broken across lines, the very thing the lexicon is asked about.
    pub fn add_text(&mut self, text: &str) {
        for line in text.lines() {
            for tok in word_tokens(line) {
                if tok.is_empty() || tok.ends_with('-') {
                    continue;
                }
                if !tok.chars().all(|c| c.is_alphabetic() || c == '-') {
                    continue;
                }
                if tok.chars().count() > 40 {
                    continue;
                }
                *self.counts.entry(tok.to_lowercase()).or_insert(0) += 1;
            }
        }
    }

    /// Drop the forms seen fewer than `min` times (typos and OCR noise).
    pub fn prune(&mut self, min: u64) {
        self.counts.retain(|_, c| *c >= min);
    }

    /// Merge the counts of `other` into this lexicon.
    pub fn merge(&mut self, other: Lexicon) {
        for (w, c) in other.counts {
            *self.counts.entry(w).or_insert(0) += c;
        }
    }

    /// How often the lowercased form of `word` was seen.
    pub fn count(&self, word: &str) -> u64 {
        if word.chars().any(|c| c.is_uppercase()) {
            self.counts.get(&word.to_lowercase()).copied().unwrap_or(0)
        } else {
            self.counts.get(word).copied().unwrap_or(0)
        }
    }

    /// Number of word forms.
    pub fn len(&self) -> usize {
        self.counts.len()
    }

    /// True when the lexicon has no words.
    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// Should the hyphen between `left` (the letters before a hyphen at a line end) and `right`
    /// (the letters that start the next line) be kept?
    ///
    /// A capital after the hyphen marks a compound of names (`Russian-\nChinese`). Otherwise the
    /// more frequent of the two spellings wins; when neither was ever seen, the hyphen is kept only
    /// if both halves are words in their own right (`energy-\nrich`), since a typesetter's hyphen
    /// splits a word into pieces that mostly are not words (`overreli-\nance`).
    pub fn keep_hyphen(&self, left: &str, right: &str) -> bool {
        if right.chars().next().is_some_and(|c| c.is_uppercase()) {
            return true;
        }
        let joined = self.count(&format!("{left}{right}"));
        let hyphenated = self.count(&format!("{left}-{right}"));
        if joined == 0 && hyphenated == 0 {
            return left.chars().count() > 1 && self.count(left) > 0 && self.count(right) > 0;
        }
        hyphenated > joined
    }

    /// Read a lexicon written by [`Lexicon::write`]. `origin` names the source in errors.
    pub fn read<R: BufRead>(r: R, origin: &str) -> Result<Self> {
        let err = |msg: String| Error::Model {
            path: PathBuf::from(origin),
            msg,
        };
        let mut lines = r.lines();
        match lines.next() {
            Some(Ok(l)) if l.starts_with(MAGIC) => {}
            Some(Err(e)) => return Err(e.into()),
            _ => {
                return Err(err(format!(
                    "not a lexicon: first line must start with {MAGIC:?}"
                )))
            }
        }
        let mut counts = HashMap::new();
        for (i, line) in lines.enumerate() {
            let line = line?;
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (w, c) = line
                .split_once('\t')
                .ok_or_else(|| err(format!("line {}: expected word<TAB>count", i + 2)))?;
            let c: u64 = c
                .parse()
                .map_err(|_| err(format!("line {}: count {c:?} is not a number", i + 2)))?;
            counts.insert(w.to_string(), c);
        }
        Ok(Self { counts })
    }

    /// Write the lexicon, sorted by word so that the file is reproducible.
    pub fn write<W: Write>(&self, mut w: W, note: &str) -> Result<()> {
        writeln!(w, "{MAGIC}")?;
        for l in note.lines() {
            writeln!(w, "# {l}")?;
        }
        let mut words: Vec<_> = self.counts.iter().collect();
        words.sort();
        for (word, c) in words {
            writeln!(w, "{word}\t{c}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lex() -> Lexicon {
        let mut l = Lexicon::new();
        l.add_text(
            "We will improve it. A long-term plan, a long-term aim. Long term, not longterm.",
        );
        l.add_text("Northern states; energy and rich; positively. Broken hy-\nphen.");
        l
    }

    #[test]
    fn counts_words_and_compounds() {
        let l = lex();
        assert_eq!(l.count("long-term"), 2);
        assert_eq!(l.count("Long"), 1);
        assert_eq!(l.count("improve"), 1);
        assert_eq!(
            l.count("hy"),
            0,
            "a word broken at a line end is not counted"
        );
    }

    #[test]
    fn decides_hyphens() {
        let l = lex();
        let cases = [
            ("im", "prove", false),
            ("pos", "itively", false),
            ("North", "ern", false),
            ("long", "term", true),
            ("Russian", "Chinese", true),
            ("energy", "rich", true),
            ("overreli", "ance", false),
        ];
        for (a, b, keep) in cases {
            assert_eq!(l.keep_hyphen(a, b), keep, "{a}-{b}");
        }
    }

    #[test]
    fn round_trips_and_rejects_foreign_files() {
        let l = lex();
        let mut buf = Vec::new();
        l.write(&mut buf, "test").unwrap();
        let back = Lexicon::read(&buf[..], "mem").unwrap();
        assert_eq!(back, l);
        assert!(Lexicon::read(&b"word\t3\n"[..], "mem").is_err());
        assert!(Lexicon::read(&b"# argmine-lexicon v1\nword three\n"[..], "mem").is_err());
    }
}
