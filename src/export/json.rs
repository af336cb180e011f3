//! JSON argument maps: one document per file (`<doc_id>.json`) or one per line (JSON Lines), as
//! described by the JSON Schema `schemas/argument-map.v1.schema.json`.

use super::round4;
use crate::document::{ArgumentMap, Link, Role, Sentence};
use crate::text::Span;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::io::Write;

/// Version of the JSON format (the `schema_version` field).
pub const SCHEMA_VERSION: u32 = 1;

/// The schema itself, shipped with argmine.
pub const SCHEMA: &str = include_str!("../../schemas/argument-map.v1.schema.json");

/// One unit as written in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonSentence {
    /// `sent_id`.
    pub id: usize,
    /// Paragraph number.
    pub paragraph: usize,
    /// Char offset into the original text.
    pub start: usize,
    /// End char offset (exclusive).
    pub end: usize,
    /// A heading line.
    pub heading: bool,
    /// Predicted role.
    pub role: Role,
    /// Probability of each role.
    pub probs: Probs,
    /// WordPiece tokens.
    pub n_tokens: usize,
    /// Repaired text.
    pub text: String,
}

/// Role probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Probs {
    /// P(claim).
    pub claim: f32,
    /// P(evidence).
    pub evidence: f32,
    /// P(stance).
    pub stance: f32,
    /// P(none).
    pub none: f32,
}

/// A document as written in JSON.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JsonDocument {
    /// Always [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Document id.
    pub doc_id: String,
    /// The document's title, when its file gives one (PDF, HTML).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Where the document was read from.
    pub path: String,
    /// The original (decoded) text the offsets refer to.
    pub text: String,
    /// Units.
    pub sentences: Vec<JsonSentence>,
    /// Links.
    pub links: Vec<Link>,
}

impl JsonDocument {
    /// The JSON form of `map`, mined from `text` read at `path`. Probabilities are rounded to four
    /// decimals, as in the CSV files.
    pub fn new(map: &ArgumentMap, path: &str, text: &str) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            doc_id: map.doc_id.clone(),
            title: map.title.clone(),
            path: path.to_string(),
            text: text.to_string(),
            sentences: map
                .sentences
                .iter()
                .map(|s| JsonSentence {
                    id: s.id,
                    paragraph: s.paragraph,
                    start: s.span.char.start,
                    end: s.span.char.end,
                    heading: s.heading,
                    role: s.role,
                    probs: Probs {
                        claim: round4(s.probs[0]),
                        evidence: round4(s.probs[1]),
                        stance: round4(s.probs[2]),
                        none: round4(s.probs[3]),
                    },
                    n_tokens: s.n_tokens,
                    text: s.text.clone(),
                })
                .collect(),
            links: map
                .links
                .iter()
                .map(|l| Link {
                    score: round4(l.score),
                    ..l.clone()
                })
                .collect(),
        }
    }

    /// Back to an argument map (byte offsets recomputed from the text).
    pub fn to_map(&self) -> Result<ArgumentMap> {
        let starts: Vec<usize> = self
            .text
            .char_indices()
            .map(|(b, _)| b)
            .chain([self.text.len()])
            .collect();
        let byte = |c: usize| {
            starts.get(c).copied().ok_or_else(|| Error::Offset {
                doc_id: self.doc_id.clone(),
                offset: c,
                len: starts.len() - 1,
            })
        };
        let mut sentences = Vec::with_capacity(self.sentences.len());
        for s in &self.sentences {
            sentences.push(Sentence {
                id: s.id,
                paragraph: s.paragraph,
                span: Span {
                    byte: byte(s.start)?..byte(s.end)?,
                    char: s.start..s.end,
                },
                heading: s.heading,
                text: s.text.clone(),
                n_tokens: s.n_tokens,
                role: s.role,
                probs: [
                    s.probs.claim,
                    s.probs.evidence,
                    s.probs.stance,
                    s.probs.none,
                ],
            });
        }
        Ok(ArgumentMap {
            doc_id: self.doc_id.clone(),
            title: self.title.clone(),
            sentences,
            links: self.links.clone(),
        })
    }

    /// Write as one line of JSON Lines.
    pub fn write_line<W: Write>(&self, mut w: W) -> Result<()> {
        serde_json::to_writer(&mut w, self)?;
        w.write_all(b"\n")?;
        Ok(())
    }

    /// Write as an indented JSON file.
    pub fn write_pretty<W: Write>(&self, mut w: W) -> Result<()> {
        serde_json::to_writer_pretty(&mut w, self)?;
        w.write_all(b"\n")?;
        Ok(())
    }
}
