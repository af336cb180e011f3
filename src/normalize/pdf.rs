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
    /// Drop page furniture, lines that a page layout adds to the text: page numbers on a line of
    /// their own ("47", "- 12 -", "Page 3 of 9", "10/18"), and the running heads of UN
    /// transcripts ("10/18 15-29940", "02/10/2015 A/70/PV.27"), also when the text of the page
    /// goes on after the folio on the same line. A line of section-break ornaments ("* * *")
    /// becomes a paragraph break.
    pub drop_page_furniture: bool,
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
            drop_page_furniture: true,
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
    /// Page furniture was dropped just before this line: a page break.
    after_page_break: bool,
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

/// What a line is to the page layout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Furniture {
    /// Text.
    Text,
    /// Page furniture from its start to this byte offset (the whole line, or a folio before the
    /// page's first words).
    Drop(usize),
    /// A section-break ornament.
    Break,
}

fn all_digits(s: &str, max: usize) -> bool {
    !s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit())
}

/// `N/M`, page N of M.
fn is_folio(s: &str) -> bool {
    s.split_once('/')
        .is_some_and(|(a, b)| all_digits(a, 4) && all_digits(b, 4))
}

/// A UN job number: `15-29940`.
fn is_job_number(s: &str) -> bool {
    s.split_once('-')
        .is_some_and(|(a, b)| all_digits(a, 2) && a.len() == 2 && all_digits(b, 5) && b.len() == 5)
}

/// A date `02/10/2015`.
fn is_date(s: &str) -> bool {
    let p: Vec<&str> = s.split('/').collect();
    p.len() == 3
        && all_digits(p[0], 2)
        && all_digits(p[1], 2)
        && all_digits(p[2], 4)
        && p[2].len() == 4
}

/// A UN document symbol: `A/70/PV.27`, `S/PV.8000`: capitals, digits, dots and at least two
/// slash-separated parts, starting with capitals.
fn is_un_symbol(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() >= 2
        && parts[0].len() <= 4
        && !parts[0].is_empty()
        && parts[0].bytes().all(|b| b.is_ascii_uppercase())
        && parts[1..].iter().all(|p| {
            !p.is_empty()
                && p.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'.')
        })
        && s.bytes().any(|b| b.is_ascii_digit())
}

/// What `line` (trimmed) is to the page layout.
fn furniture(line: &str) -> Furniture {
    let tokens: Vec<(usize, &str)> = line
        .split_whitespace()
        .map(|t| (t.as_ptr() as usize - line.as_ptr() as usize, t))
        .collect();
    let words: Vec<&str> = tokens.iter().map(|&(_, t)| t).collect();
    let whole = Furniture::Drop(line.len());
    if line.chars().filter(|c| !c.is_whitespace()).count() >= 3
        && line
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, '*' | '#' | '~' | '•' | '◆' | '⁂'))
    {
        return Furniture::Break;
    }
    match words.as_slice() {
        // 47 · 10/18 · A/70/PV.27
        [w] if all_digits(w, 4) || is_folio(w) || is_un_symbol(w) => whole,
        // - 12 - · – 12 –
        [a, n, b] if all_digits(n, 4) && [a, b].iter().all(|d| matches!(**d, "-" | "–" | "—")) => {
            whole
        }
        // Page 3 · Page 3 of 9
        [p, n] if p.eq_ignore_ascii_case("page") && all_digits(n, 4) => whole,
        [p, n, of, m]
            if p.eq_ignore_ascii_case("page")
                && all_digits(n, 4)
                && of.eq_ignore_ascii_case("of")
                && all_digits(m, 4) =>
        {
            whole
        }
        // 02/10/2015 · 02/10/2015 A/70/PV.27
        [d] | [d, _] if is_date(d) && words.get(1).is_none_or(|s| is_un_symbol(s)) => whole,
        // 10/18 15-29940 [(E)] [the page's first words ...]
        [f, j, rest @ ..] if is_folio(f) && is_job_number(j) => {
            let k = if rest.first() == Some(&"(E)") { 3 } else { 2 };
            match tokens.get(k) {
                None => whole,
                Some(&(at, _)) => Furniture::Drop(at),
            }
        }
        _ => Furniture::Text,
    }
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
                    after_page_break: false,
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
        // Across a page break (page furniture was dropped between them), a paragraph whose last
        // word is lower-case was cut mid-sentence whatever the next word ("of the / 8 / Habitat
        // Agenda"); a title line ends otherwise.
        let last_word_lower = tail
            .rsplit(is_space)
            .next()
            .and_then(|w| w.chars().next())
            .is_some_and(char::is_lowercase);
        tail.ends_with(['-', ',', '(', '[', '“'])
            || next.is_some_and(|c| c.is_lowercase())
            || (first.after_page_break && last_word_lower)
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
        let mut lines = Self::lines(original);
        if self.config.drop_page_furniture {
            // Was page furniture dropped since the last line of text?
            let mut dropped = false;
            lines.retain_mut(|l| {
                match furniture(&original[l.start..l.end]) {
                    Furniture::Text => {}
                    Furniture::Break => {
                        l.end = l.start;
                        dropped = false;
                        return true;
                    }
                    Furniture::Drop(k) => {
                        dropped = true;
                        let rest = original[l.start + k..l.end].trim_start_matches(is_space);
                        if rest.is_empty() {
                            return false;
                        }
                        l.start = l.end - rest.len();
                    }
                }
                if l.start < l.end {
                    l.after_page_break = std::mem::take(&mut dropped);
                }
                true
            });
        }
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
    fn page_furniture_table() {
        use Furniture::*;
        let cases = [
            ("47", Drop(2)),
            ("- 12 -", Drop(6)),
            ("Page 3 of 9", Drop(11)),
            ("page 12", Drop(7)),
            ("10/18", Drop(5)),
            ("10/18 15-29940", Drop(14)),
            ("10/18 15-29940 (E)", Drop(18)),
            ("02/10/2015 A/70/PV.27", Drop(21)),
            ("A/70/PV.27", Drop(10)),
            ("16/48 16-29421 Africa needs strong institutions.", Drop(15)),
            ("* * *", Break),
            ("***", Break),
            // Text that looks a little like furniture.
            ("12345", Text),
            ("1.", Text),
            ("2018 was a year of change.", Text),
            ("US/UK", Text),
            ("In 10/18 cases, 15-29940 was the code.", Text),
            ("*", Text),
            ("Page", Text),
            ("- 12 - 13", Text),
        ];
        for (line, want) in cases {
            assert_eq!(furniture(line), want, "{line:?}");
        }
    }

    #[test]
    fn page_furniture_is_dropped_and_the_sentence_rejoined() {
        // A page number between the halves of a sentence (UN General Debate transcripts, 2004).
        let b = blocks("a successful outcome. I would\n47\n\nalso like to pay tribute.");
        assert_eq!(
            b,
            [(
                "a successful outcome. I would also like to pay tribute.".to_string(),
                false
            )]
        );
        // The running heads of a UN transcript page, and a folio before the page's first words.
        let b = blocks(
            "despair saps patience.\n10/18 15-29940\n\n02/10/2015 A/70/PV.27\nThe answer is old.\n\nWe will draw the\n18/46 16-29553 line in the future.",
        );
        let got: Vec<&str> = b.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            got,
            [
                "despair saps patience.",
                "The answer is old.",
                "We will draw the line in the future."
            ]
        );
        // Across a page break, a sentence cut after a lower-case word goes on whatever the case
        // of the next word; without the page furniture, a capital starts a new paragraph.
        let b = blocks("the principles of the\n8\n\nHabitat Agenda, which last.");
        assert_eq!(b.len(), 1, "{b:?}");
        assert_eq!(b[0].0, "the principles of the Habitat Agenda, which last.");
        assert_eq!(blocks("the principles of the\n\nHabitat Agenda.").len(), 2);
        assert_eq!(blocks("Introduction\n8\n\nThe text.").len(), 2);
        // An ornament line breaks the paragraph and is not text.
        let b = blocks("more than ever.\n* * *\nThroughout history.");
        let got: Vec<&str> = b.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(got, ["more than ever.", "Throughout history."]);
        // Turned off, the furniture stays.
        let off = PdfRepair::new(
            PdfRepairConfig {
                drop_page_furniture: false,
                ..Default::default()
            },
            Arc::new(Lexicon::new()),
        )
        .normalize("I would\n47\nalso like.");
        assert_eq!(off.text.as_str(), "I would 47 also like.");
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
