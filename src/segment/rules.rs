//! A rule-based English sentence splitter for edited prose.

use super::{Segment, Segmenter};
use crate::normalize::Normalized;
use crate::util::words::STARTERS;
use serde::{Deserialize, Serialize};

/// Settings of [`RuleSegmenter`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSegmenterConfig {
    /// A sentence longer than this many chars is cut at the last white space before the limit
    /// (so that a file without punctuation still yields units a model can read).
    pub max_chars: usize,
}

impl Default for RuleSegmenterConfig {
    fn default() -> Self {
        Self { max_chars: 4000 }
    }
}

/// Splits at `.`, `!`, `?` and `…` (with any closing quotes and brackets that follow) when white
/// space and a plausible sentence start follow, except after abbreviations and initials.
#[derive(Debug, Clone, Default)]
pub struct RuleSegmenter {
    config: RuleSegmenterConfig,
}

/// Abbreviations that are never the last word of a sentence: titles and the like.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "gen", "gov", "sen", "rep", "lt", "col", "capt", "sgt", "rev",
    "hon", "pres", "amb", "messrs", "mme", "mlle", "st", "ft", "mt", "e.g", "i.e", "cf", "vs",
    "viz", "approx", "ca", "esp", "incl", "fig", "figs", "eq", "ref", "resp", "dept", "univ",
    "assn",
];

/// Abbreviations that are not final before a number ("No. 5", "Jan. 12", "p. 3").
const BEFORE_NUMBER: &[&str] = &[
    "no", "nos", "nr", "vol", "vols", "art", "arts", "p", "pp", "para", "paras", "ch", "sec",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];

/// Opening characters that may start a sentence before its first word.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '(' | '[' | '«' | '‹' | '¿' | '¡'
    )
}

impl RuleSegmenter {
    /// A segmenter with `config`.
    pub fn new(config: RuleSegmenterConfig) -> Self {
        Self { config }
    }

    /// Sentence ranges (relative to `s`) of one block.
    pub fn split(&self, s: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let mut start = 0;
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let mut k = 0;
        while k < chars.len() {
            let (i, c) = chars[k];
            if matches!(c, '.' | '!' | '?' | '…') {
                // Take the run of terminal punctuation and closers: "?!", '."', ".)".
                let mut j = k + 1;
                while j < chars.len()
                    && (matches!(chars[j].1, '.' | '!' | '?' | '…')
                        || crate::normalize::pdf_is_closer(chars[j].1))
                {
                    j += 1;
                }
                let end = chars.get(j).map_or(s.len(), |x| x.0);
                if j < chars.len() && chars[j].1.is_whitespace() && self.boundary(s, i, c, end) {
                    out.push(start..end);
                    start = end;
                }
                k = j;
                continue;
            }
            k += 1;
        }
        if start < s.len() {
            out.push(start..s.len());
        }
        let mut trimmed: Vec<_> = out
            .into_iter()
            .filter_map(|r| {
                let t = &s[r.clone()];
                let lead = t.len() - t.trim_start().len();
                let len = t.trim().len();
                (len > 0).then(|| r.start + lead..r.start + lead + len)
            })
            .collect();
        if trimmed
            .iter()
            .any(|r| s[r.clone()].len() > self.config.max_chars)
        {
            trimmed = trimmed
                .into_iter()
                .flat_map(|r| cut_long(s, r, self.config.max_chars))
                .collect();
        }
        trimmed
    }

    /// Is the punctuation `c` at byte `i` (the run of punctuation and closers ending at `end`) the
    /// end of a sentence?
    fn boundary(&self, s: &str, i: usize, c: char, end: usize) -> bool {
        let rest = s[end..].trim_start();
        let Some(next) = rest.chars().next() else {
            return true;
        };
        let next_word: String = rest
            .trim_start_matches(is_opener)
            .chars()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let starts_ok = next.is_uppercase()
            || next.is_ascii_digit()
            || is_opener(next)
            || (next.is_alphabetic() && !next.is_lowercase());
        if !starts_ok {
            return false;
        }
        if c != '.' || end > i + 1 {
            // '!', '?', '…', or a period followed by a closing quote or bracket.
            return true;
        }
        // The word the period ends: back to white space or an opening bracket.
        let word_start = s[..i]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace() || matches!(c, '(' | '[' | '"' | '“'))
            .map_or(0, |(j, c)| j + c.len_utf8());
        let word = &s[word_start..i];
        if word.is_empty() {
            return true;
        }
        let lower = word.to_lowercase();
        if NEVER_FINAL.contains(&lower.as_str()) {
            return false;
        }
        if BEFORE_NUMBER.contains(&lower.as_str()) && next.is_ascii_digit() {
            return false;
        }
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        // An initial: "John F. Kennedy".
        if letters.len() == 1 && word.chars().count() == 1 && letters[0].is_uppercase() {
            return false;
        }
        // A dotted abbreviation ("U.S.", "a.m.") or "etc.": final only before a common
        // sentence-initial word.
        let dotted = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 2);
        if dotted || lower == "etc" {
            return STARTERS.contains(&next_word.to_lowercase().as_str())
                && next_word.chars().next().is_some_and(|c| c.is_uppercase());
        }
        true
    }
}

/// Cut `r` into pieces of at most `max` bytes, at white space where there is some.
fn cut_long(s: &str, r: std::ops::Range<usize>, max: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut a = r.start;
    while r.end - a > max {
        let mut b = a + max;
        while !s.is_char_boundary(b) {
            b -= 1;
        }
        let cut = s[a..b]
            .rfind(char::is_whitespace)
            .filter(|&p| p > 0)
            .map_or(b, |p| a + p);
        out.push(a..cut);
        a = cut;
        a += s[a..].len() - s[a..].trim_start().len();
    }
    if a < r.end {
        out.push(a..r.end);
    }
    out
}

impl Segmenter for RuleSegmenter {
    fn segment(&self, doc: &Normalized) -> Vec<Segment> {
        let text = doc.text.as_str();
        let mut out = Vec::new();
        for (bi, b) in doc.blocks.iter().enumerate() {
            let block = &text[b.range.clone()];
            // A heading is one unit, whatever punctuation it holds.
            let ranges = if b.heading {
                std::iter::once(0..block.len()).collect()
            } else {
                self.split(block)
            };
            for r in ranges {
                out.push(Segment {
                    range: b.range.start + r.start..b.range.start + r.end,
                    block: bi,
                    heading: b.heading,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(s: &str) -> Vec<&str> {
        RuleSegmenter::default()
            .split(s)
            .into_iter()
            .map(|r| &s[r])
            .collect()
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            ("One. Two.", &["One.", "Two."]),
            (
                "The U.S. Army left. Then it rained.",
                &["The U.S. Army left.", "Then it rained."],
            ),
            (
                "He moved to the U.S. The rest stayed.",
                &["He moved to the U.S.", "The rest stayed."],
            ),
            (
                "Mr. Abe met Dr. Li. They spoke.",
                &["Mr. Abe met Dr. Li.", "They spoke."],
            ),
            ("Use e.g. Rust. Or not.", &["Use e.g. Rust.", "Or not."]),
            ("John F. Kennedy spoke.", &["John F. Kennedy spoke."]),
            (
                "It paid US$ 200 million versus US$ 10 billion. Fine.",
                &["It paid US$ 200 million versus US$ 10 billion.", "Fine."],
            ),
            (
                "Ministers met (2+2 format). The war went on.",
                &["Ministers met (2+2 format).", "The war went on."],
            ),
            (
                "She said “no.” Then she left.",
                &["She said “no.”", "Then she left."],
            ),
            (
                "Putin offered a deal “without any preconditions”. However, it failed.",
                &[
                    "Putin offered a deal “without any preconditions”.",
                    "However, it failed.",
                ],
            ),
            (
                "It would hurt his credibility. 56% believed otherwise.",
                &["It would hurt his credibility.", "56% believed otherwise."],
            ),
            (
                "Growth was 3.5 percent. Good.",
                &["Growth was 3.5 percent.", "Good."],
            ),
            (
                "See No. 5 and art. 2 of it.",
                &["See No. 5 and art. 2 of it."],
            ),
            ("Why? Because! Yes…", &["Why?", "Because!", "Yes…"]),
            (
                "lower case. after a period stays.",
                &["lower case. after a period stays."],
            ),
            ("no final punctuation", &["no final punctuation"]),
            (
                "Bread, milk, etc. The list goes on.",
                &["Bread, milk, etc.", "The list goes on."],
            ),
            ("", &[]),
            ("   ", &[]),
        ];
        for (input, want) in cases {
            assert_eq!(split(input), *want, "{input:?}");
        }
    }

    #[test]
    fn long_runs_are_cut_at_white_space() {
        let seg = RuleSegmenter::new(RuleSegmenterConfig { max_chars: 10 });
        let s = "aaaa bbbb cccc dddd";
        let parts: Vec<_> = seg.split(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(parts, ["aaaa bbbb", "cccc dddd"]);
        let s = "ééééééééééééé";
        let parts: Vec<_> = seg.split(s).into_iter().map(|r| &s[r]).collect();
        assert_eq!(parts.concat(), s);
        assert!(parts.iter().all(|p| p.len() <= 10));
    }
}
