//! Repair of plain text pulled out of PDFs and hard-wrapped files.

use super::{Block, Lexicon, Normalized, Normalizer};
use crate::text::AlignedText;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Settings of [`PdfRepair`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PdfRepairConfig {
    /// Join words hyphenated across line breaks, deciding with the lexicon.
    pub dehyphenate: bool,
    /// Rejoin a paragraph that a blank line (column or page break) cut in the middle of a sentence.
    pub rejoin_broken_paragraphs: bool,
    /// Make heading lines (all capitals, no final punctuation) units of their own.
    pub headings: bool,
    /// A line that starts indented after a line that ends a sentence starts a new paragraph.
    pub indent_starts_paragraph: bool,
    /// Longest heading line, in chars.
    pub max_heading_chars: usize,
    /// A lexicon file written by `argmine build-lexicon`; `None` for the one shipped inside argmine.
    pub lexicon: Option<std::path::PathBuf>,
}

impl Default for PdfRepairConfig {
    fn default() -> Self {
        Self {
            dehyphenate: true,
            rejoin_broken_paragraphs: true,
            headings: true,
            indent_starts_paragraph: true,
            max_heading_chars: 120,
            lexicon: None,
        }
    }
}

/// Repairs PDF-extracted text: line breaks inside paragraphs become spaces, hyphenation at line
/// breaks is undone where the lexicon says the hyphen is a typesetter's, paragraphs cut by page or
/// column breaks are rejoined, heading lines become blocks of their own, white space is folded.
#[derive(Debug, Clone)]
pub struct PdfRepair {
    config: PdfRepairConfig,
    lexicon: Arc<Lexicon>,
}

/// White space for the purpose of layout: control characters (NUL, form feed, ...) count too.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c.is_control()
}

/// A line of the original: byte range of its content with surrounding white space trimmed.
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    indented: bool,
}

/// Closing characters that may follow the punctuation that ends a sentence.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»' | '›')
}

/// Does `s` (trimmed) end like a sentence: `.`, `!`, `?`, `…` before any closing quotes or brackets?
fn ends_sentence(s: &str) -> bool {
    let core = s.trim_end_matches(is_closer);
    core.ends_with(['.', '!', '?', '…']) || (core.len() < s.len() && core.ends_with(':'))
}

impl PdfRepair {
    /// A repairer with `config`, deciding hyphens with `lexicon`.
    pub fn new(config: PdfRepairConfig, lexicon: Arc<Lexicon>) -> Self {
        Self { config, lexicon }
    }

    fn is_heading_line(&self, s: &str) -> bool {
        let n = s.chars().count();
        if n < 2 || n > self.config.max_heading_chars {
            return false;
        }
        let letters = s.chars().filter(|c| c.is_alphabetic()).count();
        letters >= 4
            && !s.chars().any(|c| c.is_lowercase())
            && !s.ends_with(['.', ',', ';', ':', '!', '?', '-'])
    }

    fn lines(original: &str) -> Vec<Line> {
        let mut out = Vec::new();
        let bytes = original.as_bytes();
        let mut start = 0;
        let mut i = 0;
        while i <= bytes.len() {
            let at_end = i == bytes.len();
            if at_end || bytes[i] == b'\n' || bytes[i] == b'\r' {
                let raw = &original[start..i];
                let lead = raw.len() - raw.trim_start_matches(is_space).len();
                let content = raw.trim_matches(is_space);
                out.push(Line {
                    start: start + lead,
                    end: start + lead + content.len(),
                    indented: lead > 0,
                });
                if at_end {
                    break;
                }
                if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            i += 1;
        }
        out
    }

    /// Group lines into paragraphs and headings: `(lines, heading)`.
    fn blocks(&self, original: &str, lines: &[Line]) -> Vec<(Vec<Line>, bool)> {
        let mut blocks: Vec<(Vec<Line>, bool)> = Vec::new();
        let mut cur: Vec<Line> = Vec::new();
        let text = |l: &Line| &original[l.start..l.end];
        for (i, l) in lines.iter().enumerate() {
            if l.start == l.end {
                if !cur.is_empty() {
                    blocks.push((std::mem::take(&mut cur), false));
                }
                continue;
            }
            let prev_ends = cur.last().is_none_or(|p| ends_sentence(text(p)));
            if self.config.headings && prev_ends && self.is_heading_line(text(l)) {
                // A heading in running text must also be followed by a break or a new sentence.
                let next_ok = lines.get(i + 1).is_none_or(|n| {
                    n.start == n.end
                        || original[n.start..]
                            .chars()
                            .next()
                            .is_some_and(|c| !c.is_lowercase())
                });
                if next_ok {
                    if !cur.is_empty() {
                        blocks.push((std::mem::take(&mut cur), false));
                    }
                    blocks.push((vec![*l], true));
                    continue;
                }
            }
            if self.config.indent_starts_paragraph && l.indented && !cur.is_empty() && prev_ends {
                blocks.push((std::mem::take(&mut cur), false));
            }
            cur.push(*l);
        }
        if !cur.is_empty() {
            blocks.push((cur, false));
        }
        if self.config.rejoin_broken_paragraphs {
            let mut merged: Vec<(Vec<Line>, bool)> = Vec::with_capacity(blocks.len());
            for b in blocks {
                if let Some(prev) = merged.last_mut() {
                    if !prev.1 && !b.1 && Self::broken(original, &prev.0, &b.0) {
                        prev.0.extend(b.0);
                        continue;
                    }
                }
                merged.push(b);
            }
            blocks = merged;
        }
        blocks
    }

    /// Was the paragraph `a` cut before `b` by a page or column break?
    fn broken(original: &str, a: &[Line], b: &[Line]) -> bool {
        let (Some(last), Some(first)) = (a.last(), b.first()) else {
            return false;
        };
        let tail = &original[last.start..last.end];
        if ends_sentence(tail) {
            return false;
        }
        let next = original[first.start..].chars().next();
        tail.ends_with(['-', ',', '(', '[', '“']) || next.is_some_and(|c| c.is_lowercase())
    }

    /// If the line ends with a hyphen after a letter, and the next starts with a letter, the
    /// letters on both sides of the hyphen.
    fn hyphen_halves<'a>(this: &'a str, next: &'a str) -> Option<(&'a str, &'a str)> {
        let body = this.strip_suffix('-')?;
        let left_start = body
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphabetic())
            .last()
            .map(|(i, _)| i)?;
        let right_end = next
            .char_indices()
            .find(|(_, c)| !c.is_alphabetic())
            .map_or(next.len(), |(i, _)| i);
        if right_end == 0 {
            return None;
        }
        Some((&body[left_start..], &next[..right_end]))
    }
}

impl Normalizer for PdfRepair {
    fn normalize(&self, original: &str) -> Normalized {
        let lines = Self::lines(original);
        let mut out = Normalized {
            text: AlignedText::with_capacity(original.len()),
            blocks: Vec::new(),
        };
        for (block_lines, heading) in self.blocks(original, &lines) {
            if !out.text.is_empty() {
                let at = block_lines[0].start;
                out.text.push('\n', at);
                out.text.push('\n', at);
            }
            let start = out.text.len();
            // Original offset of white space waiting to be written as one space.
            let mut pending: Option<usize> = None;
            for (k, l) in block_lines.iter().enumerate() {
                let s = &original[l.start..l.end];
                let next = block_lines.get(k + 1).map(|n| &original[n.start..n.end]);
                let mut drop_last = false;
                let mut glue = false;
                if let (true, Some(next)) = (self.config.dehyphenate, next) {
                    if let Some((left, right)) = Self::hyphen_halves(s, next) {
                        glue = true;
                        drop_last = !self.lexicon.keep_hyphen(left, right);
                    }
                }
                let body = if drop_last { &s[..s.len() - 1] } else { s };
                for (i, c) in body.char_indices() {
                    if is_space(c) {
                        pending.get_or_insert(l.start + i);
                        continue;
                    }
                    if let Some(p) = pending.take() {
                        if out.text.len() > start {
                            out.text.push(' ', p);
                        }
                    }
                    out.text.push(c, l.start + i);
                }
                if !glue {
                    pending = Some(l.end);
                }
            }
            out.text.trim_end();
            let end = out.text.len();
            if end > start {
                out.blocks.push(Block {
                    range: start..end,
                    heading: heading
                        || self.is_title_block(&out.text.as_str()[start..end], &block_lines),
                });
            }
        }
        out
    }
}

impl PdfRepair {
    /// A one-line block with no final punctuation and few words is a title line (mixed-case
    /// titles such as "Albany Plan of Union, 1754").
    fn is_title_block(&self, text: &str, lines: &[Line]) -> bool {
        self.config.headings
            && lines.len() == 1
            && !ends_sentence(text)
            && !text.ends_with([',', ';', ':', '-'])
            && text.split_whitespace().count() <= 12
            && text.chars().next().is_some_and(|c| !c.is_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repair(s: &str) -> Normalized {
        let mut lex = Lexicon::new();
        lex.add_text(
            "improve positively northern hesitating number long-term long-term energy rich \
             political military precondition",
        );
        PdfRepair::new(PdfRepairConfig::default(), Arc::new(lex)).normalize(s)
    }

    fn blocks(s: &str) -> Vec<(String, bool)> {
        let n = repair(s);
        n.blocks
            .iter()
            .map(|b| (n.text.as_str()[b.range.clone()].to_string(), b.heading))
            .collect()
    }

    #[test]
    fn dehyphenation_table() {
        let cases = [
            ("to im-\nprove relations.", "to improve relations."),
            ("responded pos-\nitively.", "responded positively."),
            ("in North-\nern Russia.", "in Northern Russia."),
            ("not hes-\nitating to.", "not hesitating to."),
            ("a long-\nterm basis.", "a long-term basis."),
            ("Russian-\nChinese ties.", "Russian-Chinese ties."),
            (
                "Yamal-LNG and political-military aims.",
                "Yamal-LNG and political-military aims.",
            ),
            ("energy-\nrich states.", "energy-rich states."),
            ("a precondi-\ntion for talks.", "a precondition for talks."),
            ("until 2018 -\nand after.", "until 2018 - and after."),
            ("CRLF\r\nlines\rand CR.", "CRLF lines and CR."),
            ("  folded   white\t space .", "folded white space ."),
        ];
        for (input, want) in cases {
            let b = blocks(input);
            assert_eq!(b.len(), 1, "{input:?}: {b:?}");
            assert_eq!(b[0].0, want, "{input:?}");
        }
    }

    #[test]
    fn paragraphs_and_headings() {
        let b = blocks(
            "JAPAN-RUSSIA RELATIONS\n\nTHE KREMLIN HAS THE UPPER HAND\n\nAn issue unresolved since the \n\nend of the war. Next.\n\nNew paragraph.\n Indented one.",
        );
        let want = [
            ("JAPAN-RUSSIA RELATIONS", true),
            ("THE KREMLIN HAS THE UPPER HAND", true),
            ("An issue unresolved since the end of the war. Next.", false),
            ("New paragraph.", false),
            ("Indented one.", false),
        ];
        let got: Vec<_> = b.iter().map(|(t, h)| (t.as_str(), *h)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn heading_in_running_text_needs_a_sentence_end_before_it() {
        let b = blocks("They met at the\nUNITED NATIONS\nheadquarters. Then left.");
        assert_eq!(b.len(), 1, "{b:?}");
    }

    #[test]
    fn alignment_maps_every_char_back() {
        let orig = "Title Line\n\nA pol-\nicy  was\r\nset. Since the \n\nend, long-\nterm.";
        let n = repair(orig);
        let t = n.text.as_str();
        for (i, c) in t.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            let o = n.text.orig_offset(i);
            assert_eq!(orig[o..].chars().next(), Some(c), "char {c:?} at {i}");
        }
        for b in &n.blocks {
            let r = n.text.orig_range(b.range.clone()).unwrap();
            let repaired_again = repair(&orig[r]);
            assert_eq!(repaired_again.text.as_str(), &t[b.range.clone()]);
        }
    }
}
