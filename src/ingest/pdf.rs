//! The text layer of a PDF, in reading order.
//!
//! `pdf-extract` interprets the content streams and reports every glyph with its position; this
//! module puts the glyphs back into lines and the lines into reading order, column by column:
//!
//! 1. Glyphs become runs: consecutive glyphs on one baseline, moving right, with no gap wider than
//!    a font size (a wider gap is a column gutter). A gap of more than 0.15 of the font size, or a
//!    space glyph, is a space.
//! 2. Each page's runs are split into columns at a gutter: the widest vertical band inside the
//!    text that at most a tenth of the runs cross, with runs wholly on each side and at least half
//!    of all runs wholly on one side or the other. Runs that cross it (a title over both columns) divide the page into bands; each band
//!    is read column by column, left to right, and columns are split again (three columns).
//! 3. Lines are written one per line; a vertical gap of more than 1.5 line pitches is a blank
//!    line, and so is a column or page break after a line that ends a sentence (one that does not
//!    goes on in the next column: the break is then an ordinary line end); a line indented from
//!    its column's left edge keeps an indent. A line that is only a number, inside a paragraph
//!    and away from the page's top and bottom, stays on the line before (a wrapped year, which the
//!    repair stage would otherwise drop as a page number). Joining hard-wrapped lines, hyphenated words and paragraphs cut by a
//!    column or page break is the repair stage's work ([`crate::normalize::PdfRepair`]).
//!
//! Two operators `pdf-extract` 0.12 skips, `'` and `"` (next line, then show text: Ghostscript
//! writes them for `enscript` and `groff` output), are rewritten to `T*` and `Tj` first.
//! `pdf-extract` panics on some malformed files; a panic is caught and reported as a damaged PDF.

use crate::{Error, Result};
use pdf_extract::content::{Content, Operation};
use pdf_extract::{Document, MediaBox, Object, OutputDev, OutputError, Transform};

/// The text of a PDF and its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfText {
    /// The text, in reading order, one line per line of the page.
    pub text: String,
    /// The title in the document information dictionary, unless it is empty or a file name.
    pub title: Option<String>,
    /// Pages read.
    pub pages: usize,
}

/// One glyph (or space) placed on a page, in PDF units with y growing downwards.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    /// Advance width.
    w: f64,
    size: f64,
    text: String,
}

/// Collects the glyphs of each page.
#[derive(Default)]
struct Collector {
    pages: Vec<Vec<Glyph>>,
    /// The height of the current page's media box (y is flipped to grow downwards).
    height: f64,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> std::result::Result<(), OutputError> {
        self.pages.push(Vec::new());
        self.height = media_box.ury - media_box.lly;
        Ok(())
    }
    fn end_page(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> std::result::Result<(), OutputError> {
        // The glyph's origin, and the font size in page units (the side of the square with the
        // area of the transformed size vector, as pdf-extract's own text output takes it).
        let (x, y) = (trm.m31, self.height - trm.m32);
        let vx = font_size * (trm.m11 + trm.m21);
        let vy = font_size * (trm.m12 + trm.m22);
        let size = (vx * vy).abs().sqrt();
        if !(x.is_finite() && y.is_finite() && size.is_finite()) || size <= 0.0 {
            return Ok(());
        }
        if let Some(page) = self.pages.last_mut() {
            page.push(Glyph {
                x,
                y,
                w: width * size,
                size,
                text: char.to_string(),
            });
        }
        Ok(())
    }
    fn begin_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> std::result::Result<(), OutputError> {
        Ok(())
    }
}

/// A line segment of text on a page.
#[derive(Debug, Clone)]
struct Run {
    x0: f64,
    x1: f64,
    y: f64,
    size: f64,
    text: String,
}

/// Glyphs (in content-stream order) to runs.
fn runs(glyphs: &[Glyph]) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut space = false;
    for g in glyphs {
        let blank = g.text.chars().all(char::is_whitespace);
        let joins = out.last().is_some_and(|r| {
            let tol = 0.3 * r.size.max(g.size);
            (g.y - r.y).abs() <= tol && g.x >= r.x1 - tol - 0.5 * g.size && g.x - r.x1 <= g.size
        });
        if !joins {
            if blank {
                continue;
            }
            out.push(Run {
                x0: g.x,
                x1: g.x + g.w,
                y: g.y,
                size: g.size,
                text: g.text.clone(),
            });
            space = false;
            continue;
        }
        let r = out.last_mut().expect("joins needs a run");
        if blank {
            space = true;
            r.x1 = r.x1.max(g.x + g.w);
            continue;
        }
        if (space || g.x - r.x1 > 0.15 * g.size) && !r.text.ends_with(' ') {
            r.text.push(' ');
        }
        space = false;
        r.text.push_str(&g.text);
        r.x1 = r.x1.max(g.x + g.w);
        r.size = r.size.max(g.size);
    }
    for r in &mut out {
        let t = r.text.trim_end().len();
        r.text.truncate(t);
    }
    out.retain(|r| !r.text.is_empty());
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// The gutter of a set of runs, as an x band `(start, end)`, if it has one.
fn gutter(runs: &[&Run]) -> Option<(f64, f64)> {
    let n = runs.len();
    if n < 6 {
        return None;
    }
    let left = runs.iter().map(|r| r.x0).fold(f64::INFINITY, f64::min);
    let right = runs.iter().map(|r| r.x1).fold(f64::NEG_INFINITY, f64::max);
    let width = right - left;
    if !(width.is_finite() && width > 0.0) {
        return None;
    }
    let size = median(runs.iter().map(|r| r.size).collect());
    // Coverage in steps of a quarter point over the text's width.
    let step = 0.25;
    let cells = ((width / step).ceil() as usize).min(100_000) + 1;
    // A difference array: +1 where a run starts, -1 where it ends.
    let mut diff = vec![0i64; cells + 1];
    for r in runs {
        let a = (((r.x0 - left) / step).floor().max(0.0) as usize).min(cells);
        let b = (((r.x1 - left) / step).ceil().max(0.0) as usize).min(cells);
        diff[a] += 1;
        diff[b] -= 1;
    }
    let mut level: i64 = 0;
    let mut counts = Vec::with_capacity(cells);
    for d in diff.iter().take(cells) {
        level += d;
        counts.push(level.max(0) as usize);
    }
    let allow = n / 10;
    let mut best: Option<(f64, f64)> = None;
    let mut i = 0;
    while i < counts.len() {
        if counts[i] > allow {
            i += 1;
            continue;
        }
        let j = (i..counts.len())
            .find(|&j| counts[j] > allow)
            .unwrap_or(counts.len());
        // Within the band, the gutter is the widest stretch of its lowest coverage (only the
        // runs over both columns cross it; the ragged ends of lines beside it do not).
        let low = counts[i..j].iter().copied().min().unwrap_or(0);
        let (mut gi, mut gj, mut k) = (i, i, i);
        while k < j {
            if counts[k] != low {
                k += 1;
                continue;
            }
            let e = (k..j).find(|&e| counts[e] != low).unwrap_or(j);
            if e - k > gj - gi {
                (gi, gj) = (k, e);
            }
            k = e;
        }
        let next = j;
        let (a, b) = (left + gi as f64 * step, left + gj as f64 * step);
        let j = next;
        let inside = a > left + 0.1 * width && b < right - 0.1 * width;
        let wide = b - a >= 0.4 * size;
        if inside && wide {
            // Most runs lie wholly on one side (a column may hold a single line: the last page
            // of an article often has a short second column).
            let lhs = runs.iter().filter(|r| r.x1 <= a + step).count();
            let rhs = runs.iter().filter(|r| r.x0 >= b - step).count();
            let sides = lhs >= 1 && rhs >= 1 && lhs + rhs >= (n / 2).max(3);
            if sides && best.is_none_or(|(p, q)| b - a > q - p) {
                best = Some((a, b));
            }
        }
        i = j;
    }
    best
}

/// A stretch of a page read top to bottom: a column (or a whole one-column page), or one run that
/// lies across the gutter (a title over both columns).
struct Segment<'a> {
    runs: Vec<&'a Run>,
    spanning: bool,
}

/// The runs of one page region in reading order.
fn order<'a>(runs: Vec<&'a Run>, depth: usize, out: &mut Vec<Segment<'a>>) {
    let split = if depth < 4 { gutter(&runs) } else { None };
    let Some((a, b)) = split else {
        let mut col = runs;
        col.sort_by(|p, q| p.y.total_cmp(&q.y).then(p.x0.total_cmp(&q.x0)));
        if !col.is_empty() {
            out.push(Segment {
                runs: col,
                spanning: false,
            });
        }
        return;
    };
    let mid = (a + b) / 2.0;
    let mut spanning: Vec<&Run> = runs
        .iter()
        .copied()
        .filter(|r| r.x0 < b && r.x1 > a)
        .collect();
    spanning.sort_by(|p, q| p.y.total_cmp(&q.y));
    let mut lower = f64::NEG_INFINITY;
    for k in 0..=spanning.len() {
        let upper = spanning.get(k).map_or(f64::INFINITY, |r| r.y);
        let band = |left: bool| -> Vec<&'a Run> {
            runs.iter()
                .copied()
                .filter(|r| !(r.x0 < b && r.x1 > a))
                .filter(|r| r.y > lower && r.y <= upper)
                .filter(|r| (r.x1 <= mid) == left)
                .collect()
        };
        order(band(true), depth + 1, out);
        order(band(false), depth + 1, out);
        if let Some(r) = spanning.get(k) {
            out.push(Segment {
                runs: vec![*r],
                spanning: true,
            });
            lower = r.y;
        }
    }
}

/// Whether `text` (lines so far) ends a sentence: its last character is a full stop, a question
/// or exclamation mark, a colon or semicolon, or a closing quote or bracket.
fn ends_sentence(text: &str) -> bool {
    text.trim_end().chars().last().is_none_or(|c| {
        matches!(
            c,
            '.' | '!' | '?' | ':' | ';' | '"' | '\'' | ')' | '\u{201d}' | '\u{2019}'
        )
    })
}

/// One page's runs as text lines: columns in reading order, blank lines between paragraphs
/// (a gap of more than 1.5 line pitches). A column (or page) break is a blank line where the text
/// before it ends a sentence; where it does not, the sentence goes on in the next column, and the
/// break is an ordinary line end (so that the repair stage joins the halves as it joins any
/// wrapped line). A title over both columns always stands apart. `prev_spanning` says whether the
/// page before ended with such a title.
fn page_text(runs: &[Run], text: &mut String, prev_spanning: &mut bool) {
    let mut columns = Vec::new();
    order(runs.iter().collect(), 0, &mut columns);
    // The page's first and last baselines: where page numbers and running heads stand.
    let top = runs.iter().map(|r| r.y).fold(f64::INFINITY, f64::min);
    let bottom = runs.iter().map(|r| r.y).fold(f64::NEG_INFINITY, f64::max);
    for seg in columns {
        let col = seg.runs;
        // Merge runs on one baseline (superscripts and runs the gutter test kept apart).
        let mut lines: Vec<Run> = Vec::new();
        for r in col {
            match lines.last_mut() {
                Some(l) if (r.y - l.y).abs() <= 0.3 * l.size && r.x0 >= l.x1 - 0.5 * l.size => {
                    l.text.push(' ');
                    l.text.push_str(&r.text);
                    l.x1 = r.x1;
                }
                _ => lines.push(r.clone()),
            }
        }
        let pitch = median(lines.windows(2).map(|w| w[1].y - w[0].y).collect());
        let size = median(lines.iter().map(|l| l.size).collect());
        let left = lines.iter().map(|l| l.x0).fold(f64::INFINITY, f64::min);
        if !text.is_empty() && (seg.spanning || *prev_spanning || ends_sentence(text)) {
            text.push('\n');
        }
        *prev_spanning = seg.spanning;
        for (i, l) in lines.iter().enumerate() {
            let gap = i > 0 && pitch > 0.0 && l.y - lines[i - 1].y > 1.5 * pitch;
            // A line that is only a number inside a paragraph, away from the page's top and
            // bottom, is the end of a wrapped line ("... (NATO)," / "1949"), not a page number:
            // it stays on the line before, where the repair stage cannot take it for a folio.
            let number = l.text.len() <= 4 && l.text.bytes().all(|b| b.is_ascii_digit());
            let inside = l.y > top + 0.5 * l.size && l.y < bottom - 0.5 * l.size;
            if number && inside && i > 0 && !gap {
                text.pop();
                text.push(' ');
                text.push_str(&l.text);
                text.push('\n');
                continue;
            }
            if gap {
                text.push('\n');
            }
            if l.x0 - left > 0.8 * size {
                text.push_str("    ");
            }
            text.push_str(&l.text);
            text.push('\n');
        }
    }
}

/// Rewrite `'` and `"` (move to the next line, then show a string) as `T*` and `Tj`, which
/// `pdf-extract` reads.
fn rewrite_quote_operators(doc: &mut Document) {
    for (_, page) in doc.get_pages() {
        let Ok(bytes) = doc.get_page_content(page) else {
            continue;
        };
        let Ok(content) = Content::decode(&bytes) else {
            continue;
        };
        if !content
            .operations
            .iter()
            .any(|o| o.operator == "'" || o.operator == "\"")
        {
            continue;
        }
        let mut ops = Vec::with_capacity(content.operations.len() + 16);
        for o in content.operations {
            match (o.operator.as_str(), o.operands.len()) {
                ("'", 1) => {
                    ops.push(Operation::new("T*", vec![]));
                    ops.push(Operation::new("Tj", o.operands));
                }
                ("\"", 3) => {
                    let mut it = o.operands.into_iter();
                    let (aw, ac, s) = (it.next(), it.next(), it.next());
                    ops.push(Operation::new("Tw", aw.into_iter().collect()));
                    ops.push(Operation::new("Tc", ac.into_iter().collect()));
                    ops.push(Operation::new("T*", vec![]));
                    ops.push(Operation::new("Tj", s.into_iter().collect()));
                }
                _ => ops.push(o),
            }
        }
        if let Ok(encoded) = (Content { operations: ops }).encode() {
            let _ = doc.change_page_content(page, encoded);
        }
    }
}

/// A PDF text string (UTF-16BE with a byte order mark, or PDFDocEncoding, read as Latin-1).
fn pdf_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xfe\xff") {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    bytes.iter().map(|&b| b as char).collect()
}

/// The document information dictionary's title, unless it is empty or names a file (what
/// converters write when the author set none: "draft.docx", "Microsoft Word - brief.doc").
fn info_title(doc: &Document) -> Option<String> {
    let info = doc.trailer.get(b"Info").ok()?;
    let info = match info {
        Object::Reference(id) => doc.get_object(*id).ok()?,
        o => o,
    };
    let title = info.as_dict().ok()?.get(b"Title").ok()?;
    let title = match title {
        Object::String(b, _) => pdf_string(b),
        _ => return None,
    };
    let title = crate::normalize::fold_whitespace(title.trim());
    let file_like = title.rsplit_once('.').is_some_and(|(_, ext)| {
        (1..=4).contains(&ext.len()) && ext.chars().all(|c| c.is_ascii_alphanumeric())
    }) || title.starts_with("Microsoft Word - ")
        || title.eq_ignore_ascii_case("untitled");
    (!title.is_empty() && !file_like).then_some(title)
}

/// The text of the PDF `bytes`, in reading order, and its title.
///
/// Errors: a file `lopdf` cannot parse (or that makes `pdf-extract` panic), an encrypted file
/// that the empty password does not open, and a PDF without a text layer (a scan: OCR it first).
pub fn extract(bytes: &[u8]) -> Result<PdfText> {
    let err = |reason: String| Error::Pdf { reason };
    let caught = std::panic::catch_unwind(|| -> Result<PdfText> {
        let mut doc = Document::load_mem(bytes).map_err(|e| err(format!("damaged: {e}")))?;
        if doc.is_encrypted() && doc.decrypt("").is_err() {
            return Err(err(
                "encrypted with a password: save an unprotected copy first".into(),
            ));
        }
        rewrite_quote_operators(&mut doc);
        let mut c = Collector::default();
        pdf_extract::output_doc(&doc, &mut c)
            .map_err(|e| err(format!("cannot read the text layer: {e}")))?;
        let pages = c.pages.len();
        let mut text = String::new();
        let mut spanning = false;
        for page in &c.pages {
            page_text(&runs(page), &mut text, &mut spanning);
        }
        if text.trim().is_empty() {
            return Err(err(format!(
                "no text layer in {pages} page{} (a scanned document?): run OCR first, for \
                 example `ocrmypdf in.pdf out.pdf`",
                if pages == 1 { "" } else { "s" }
            )));
        }
        let text = text.trim_end().to_string() + "\n";
        Ok(PdfText {
            text,
            title: info_title(&doc),
            pages,
        })
    });
    caught.unwrap_or_else(|_| Err(err("damaged: the PDF reader failed on it".into())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(x0: f64, x1: f64, y: f64, text: &str) -> Run {
        Run {
            x0,
            x1,
            y,
            size: 10.0,
            text: text.into(),
        }
    }

    #[test]
    fn two_columns_under_a_title_read_column_by_column() {
        let mut rs = vec![run(50.0, 500.0, 20.0, "Title over both")];
        for i in 0..10 {
            let y = 40.0 + 12.0 * i as f64;
            rs.push(run(50.0, 260.0, y, &format!("L{i}")));
            rs.push(run(290.0, 500.0, y, &format!("R{i}")));
        }
        let mut text = String::new();
        page_text(&rs, &mut text, &mut false);
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        let want: Vec<String> = std::iter::once("Title over both".to_string())
            .chain((0..10).map(|i| format!("L{i}")))
            .chain((0..10).map(|i| format!("R{i}")))
            .collect();
        assert_eq!(lines, want);
    }

    #[test]
    fn a_short_second_column_is_still_a_column() {
        let mut rs = vec![run(50.0, 200.0, 20.0, "Title")];
        for i in 0..12 {
            rs.push(run(50.0, 260.0, 40.0 + 12.0 * i as f64, &format!("L{i}")));
        }
        rs.push(run(290.0, 500.0, 20.0, "R0"));
        let mut text = String::new();
        page_text(&rs, &mut text, &mut false);
        let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.first(), Some(&"Title"));
        assert_eq!(lines.last(), Some(&"R0"), "{lines:?}");
    }

    #[test]
    fn a_wrapped_year_stays_with_its_line_and_page_numbers_stand_alone() {
        let mut rs = vec![
            run(
                50.0,
                300.0,
                20.0,
                "North Atlantic Treaty Organization (NATO),",
            ),
            run(50.0, 80.0, 32.0, "1949"),
        ];
        for i in 0..6 {
            rs.push(run(
                50.0,
                300.0,
                56.0 + 12.0 * i as f64,
                &format!("Body line {i}"),
            ));
        }
        rs.push(run(170.0, 185.0, 140.0, "12"));
        let mut text = String::new();
        page_text(&rs, &mut text, &mut false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "North Atlantic Treaty Organization (NATO), 1949");
        // The folio at the foot stays a line of its own (indented: it is centred).
        assert_eq!(lines.last().map(|l| l.trim()), Some("12"), "{lines:?}");
    }

    #[test]
    fn one_column_stays_in_line_order() {
        let rs: Vec<Run> = (0..12)
            .map(|i| {
                let w = if i % 3 == 0 { 300.0 } else { 480.0 };
                run(50.0, 50.0 + w, 20.0 + 12.0 * i as f64, &format!("line {i}"))
            })
            .collect();
        let mut text = String::new();
        page_text(&rs, &mut text, &mut false);
        let lines: Vec<String> = text.lines().map(str::to_string).collect();
        assert_eq!(
            lines,
            (0..12).map(|i| format!("line {i}")).collect::<Vec<_>>()
        );
    }

    #[test]
    fn glyphs_become_words_and_gutters_split_runs() {
        let g = |x: f64, t: &str| Glyph {
            x,
            y: 100.0,
            w: 6.0,
            size: 10.0,
            text: t.into(),
        };
        let glyphs = vec![
            g(0.0, "a"),
            g(6.0, "b"),
            g(12.0, " "),
            g(18.0, "c"),
            g(26.0, "d"),
            g(60.0, "e"),
        ];
        let rs = runs(&glyphs);
        let texts: Vec<&str> = rs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, ["ab c d", "e"]);
    }

    #[test]
    fn bad_pdfs_are_errors_not_panics() {
        for bytes in [
            &b"%PDF-1.4\n"[..],
            b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF",
        ] {
            assert!(matches!(extract(bytes), Err(Error::Pdf { .. })));
        }
    }
}
