//! Documents as users have them (issue 24): a two-column PDF typeset by a Debian tool and an HTML
//! page with navigation and footer mine to the same units, roles and links as the article as
//! plain text; a PDF without a text layer and a damaged one are per-file errors; the extracted
//! text is written to text/<doc_id>.txt, and the offsets refer to it.

mod util;

use std::path::{Path, PathBuf};
use std::process::Command;
use util::{argmine, corpus, external_tool, read, stderr};

/// Analysis essays of the Milestones corpus: one that fits a page, one over several pages.
const ESSAYS: [&str; 2] = ["1784-1800__citizen-genet.txt", "1945-1952__nuremberg.txt"];

/// The essay with its typographic punctuation in the Latin-1 that `enscript` sets: curly
/// quotes straight, dashes as hyphens. `None` if something else is outside Latin-1.
fn latin1_text(name: &str) -> Option<String> {
    let t = read(corpus("state-milestones/txt").join(name));
    let t: String = t
        .chars()
        .flat_map(|c| match c {
            '\u{2018}' | '\u{2019}' => vec!['\''],
            '\u{201c}' | '\u{201d}' => vec!['"'],
            '\u{2013}' => vec!['-'],
            '\u{2014}' => vec!['-', '-'],
            c => vec![c],
        })
        .collect();
    t.chars().all(|c| (c as u32) < 256).then_some(t)
}

/// `text` typeset in two columns by `enscript -2` (word-wrapped, no page headers) and made a
/// PDF by Ghostscript's `ps2pdf`.
fn two_column_pdf(text: &str, pdf: &Path) {
    let latin1: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    let src = pdf.with_extension("latin1");
    std::fs::write(&src, latin1).unwrap();
    let ps = pdf.with_extension("ps");
    let ok = Command::new("enscript")
        .args(["-2", "-B", "--word-wrap", "-X", "latin1", "-q", "-o"])
        .arg(&ps)
        .arg(&src)
        .status()
        .unwrap();
    assert!(ok.success(), "enscript failed");
    let ok = Command::new("ps2pdf").arg(&ps).arg(pdf).status().unwrap();
    assert!(ok.success(), "ps2pdf failed");
}

fn tools() -> bool {
    external_tool(&["enscript"], "apt-get install enscript").is_some()
        && external_tool(&["ps2pdf"], "apt-get install ghostscript").is_some()
}

/// The units (paragraph, text, role) and links (source, target, relation) of a mined folder.
/// Typeset quotes read back as typographic ones (`enscript`'s font prints `'` as a right quote),
/// so quotes are compared straight.
/// Three columns of a CSV row.
type Row3 = (String, String, String);

fn mined(out: &Path) -> (Vec<Row3>, Vec<Row3>) {
    let mut r = csv::Reader::from_path(out.join("sentences.csv")).unwrap();
    let units = r
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|row| {
            let row = row.unwrap();
            let text: String = row["text"]
                .chars()
                .map(|c| match c {
                    '\u{2018}' | '\u{2019}' => '\'',
                    c => c,
                })
                .collect();
            (
                row["paragraph"].clone(),
                text.split_whitespace().collect::<Vec<_>>().join(" "),
                row["role"].clone(),
            )
        })
        .collect();
    let mut r = csv::Reader::from_path(out.join("links.csv")).unwrap();
    let links = r
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|row| {
            let row = row.unwrap();
            (
                row["source"].clone(),
                row["target"].clone(),
                row["relation"].clone(),
            )
        })
        .collect();
    (units, links)
}

fn mine(dir: &Path, input: &Path, out: &str) -> PathBuf {
    let o = argmine(&["mine", "-q", input.to_str().unwrap(), "--out", out], dir);
    assert!(o.status.success(), "{}", stderr(&o));
    dir.join(out)
}

/// Every unit's `start`/`end` picks its text out of text/<doc_id>.txt.
fn offsets_refer_to_the_text(out: &Path, doc_id: &str) {
    let text = read(out.join("text").join(format!("{doc_id}.txt")));
    let chars: Vec<char> = text.chars().collect();
    let mut r = csv::Reader::from_path(out.join("sentences.csv")).unwrap();
    let mut n = 0;
    for row in r.deserialize::<std::collections::HashMap<String, String>>() {
        let row = row.unwrap();
        if row["doc_id"] != doc_id {
            continue;
        }
        let (s, e): (usize, usize) = (row["start"].parse().unwrap(), row["end"].parse().unwrap());
        let span: String = chars[s..e].iter().collect();
        let fold = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        // The unit's text is the span with the repair stage's joins (hyphens, line breaks).
        let (a, b) = (fold(&span), fold(&row["text"]));
        assert!(
            a == b || a.replace("- ", "").replace('-', "") == b.replace('-', ""),
            "{doc_id} unit {}: {a:?} vs {b:?}",
            row["sent_id"]
        );
        n += 1;
    }
    assert!(n > 10, "{doc_id}: {n} units");
}

#[test]
fn a_two_column_pdf_mines_like_the_article_as_text() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for name in ESSAYS {
        let text = latin1_text(name).expect("the essay fits Latin-1");
        let stem = name.trim_end_matches(".txt");
        let txt = dir.path().join(format!("{stem}.txt"));
        std::fs::write(&txt, &text).unwrap();
        let pdf_dir = dir.path().join("pdf");
        std::fs::create_dir_all(&pdf_dir).unwrap();
        let pdf = pdf_dir.join(format!("{stem}.pdf"));
        two_column_pdf(&text, &pdf);
        let as_text = mine(dir.path(), &txt, &format!("{stem}-text"));
        let as_pdf = mine(dir.path(), &pdf, &format!("{stem}-pdf"));
        let (tu, tl) = mined(&as_text);
        let (pu, pl) = mined(&as_pdf);
        assert!(tu.len() > 20, "{name}: {} units", tu.len());
        assert_eq!(pu, tu, "{name}: the PDF's units differ from the text's");
        assert_eq!(pl, tl, "{name}: the PDF's links differ from the text's");
        offsets_refer_to_the_text(&as_pdf, stem);
        // The text of a plain-text input is not written again.
        assert!(!as_text.join("text").exists());
    }
}

/// An HTML page: the essay's paragraphs under a heading, inside navigation, a sidebar, a
/// footer and scripts.
fn page(title: &str, paragraphs: &[&str]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<p>{}</p>\n", esc(p)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t} | Office of the Historian</title>\
         <script>window.dataLayer = [{{'event': 'Subscribe to our newsletter'}}];</script>\
         <style>nav {{ display: flex }}</style></head>\n<body>\
         <header><nav class=\"menu\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/milestones\">Milestones</a></li>\
         <li><a href=\"/search\">Search the archive</a></li></ul></nav></header>\n\
         <main><article><h1>{t}</h1>\n{body}</article>\
         <aside class=\"sidebar\"><h2>Related</h2><ul><li><a href=\"/x\">Other milestones of the period</a></li></ul></aside></main>\n\
         <footer><p>Office of the Historian, Shared Services. Contact us. Privacy policy.</p></footer>\
         <script>trackPageview('Do not mine this either.');</script></body></html>\n",
        t = esc(title)
    )
}

#[test]
fn an_html_page_mines_like_the_article_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let name = ESSAYS[1];
    let text = read(corpus("state-milestones/txt").join(name));
    let mut paras = text.split("\n\n").map(str::trim).filter(|p| !p.is_empty());
    let title = paras.next().unwrap();
    let paras: Vec<&str> = paras.collect();
    let html_dir = dir.path().join("web");
    std::fs::create_dir_all(&html_dir).unwrap();
    std::fs::write(html_dir.join("essay.html"), page(title, &paras)).unwrap();
    let txt = dir.path().join("essay.txt");
    std::fs::write(&txt, format!("{title}\n\n{}\n", paras.join("\n\n"))).unwrap();
    let as_text = mine(dir.path(), &txt, "text");
    let as_html = mine(dir.path(), &html_dir, "html");
    let (tu, tl) = mined(&as_text);
    let (hu, hl) = mined(&as_html);
    assert_eq!(hu, tu, "the page's units differ from the text's");
    assert_eq!(hl, tl, "the page's links differ from the text's");
    let extracted = read(as_html.join("text/essay.txt"));
    for boilerplate in [
        "Search the archive",
        "Privacy policy",
        "Subscribe",
        "Do not mine",
        "Related",
    ] {
        assert!(!extracted.contains(boilerplate), "{boilerplate} was kept");
    }
    offsets_refer_to_the_text(&as_html, "essay");
    // The page's title is the map's title.
    let o = argmine(
        &["mine", "-q", "web", "--out", "json", "--format", "json"],
        dir.path(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let json = read(dir.path().join("json/json/essay.json"));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        doc["title"].as_str().unwrap().starts_with(title),
        "title {}",
        doc["title"]
    );
}

#[test]
fn a_scan_and_a_damaged_pdf_fail_alone_in_a_batch() {
    if !tools() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    // A page with drawing only, as a scanner's PDF has no text (an image) to read.
    let ps = input.join("scan.ps");
    std::fs::write(
        &ps,
        "%!PS\nnewpath 100 100 moveto 300 400 lineto 500 100 lineto closepath fill showpage\n",
    )
    .unwrap();
    let ok = Command::new("ps2pdf")
        .arg(&ps)
        .arg(input.join("scan.pdf"))
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::remove_file(&ps).unwrap();
    std::fs::write(
        input.join("damaged.pdf"),
        b"%PDF-1.7\n1 0 obj << /Type /Catalog\n",
    )
    .unwrap();
    let good = latin1_text(ESSAYS[0]).unwrap();
    two_column_pdf(&good, &input.join("good.pdf"));
    for leftover in ["good.ps", "good.latin1"] {
        std::fs::remove_file(input.join(leftover)).unwrap();
    }
    let o = argmine(&["mine", "-q", "in", "--out", "out"], dir.path());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.contains("scan.pdf: PDF: no text layer"), "{err}");
    assert!(err.contains("run OCR first"), "{err}");
    assert!(err.contains("damaged.pdf: PDF: damaged"), "{err}");
    let docs = read(dir.path().join("out/documents.csv"));
    assert!(
        docs.lines()
            .any(|l| l.starts_with("good,") && l.contains(",ok,")),
        "{docs}"
    );
    assert!(dir.path().join("out/text/good.txt").is_file());
    assert!(!dir.path().join("out/text/scan.txt").exists());
}
