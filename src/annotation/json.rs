//! argmine's own annotation format: one JSON file per document (see `annotations/README.md`).

use super::{AnnResult, AnnotationError, GoldDocument, GoldLink, GoldUnit};
use crate::document::{Relation, Role};
use crate::util::sha256_hex;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::path::Path;

/// The file as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationFile {
    /// Path of the document, relative to the project root (the nearest folder above the
    /// annotation file where the path exists), or else to the working folder.
    pub document: String,
    /// sha256 of the document's bytes, lowercase hex.
    pub sha256: String,
    /// Who annotated.
    pub annotator: String,
    /// Units.
    pub units: Vec<FileUnit>,
    /// Links.
    pub links: Vec<FileLink>,
    /// Free-form notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A unit as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileUnit {
    /// Unique id.
    pub id: String,
    /// Start, Unicode chars into the document.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// `claim`, `evidence`, `stance` or `none`.
    pub role: String,
    /// The verbatim slice, checked against the document when present. Annotations of documents
    /// the project does not ship (third-party corpora) leave it out: the document's sha256 already
    /// pins the text the offsets refer to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A link as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileLink {
    /// Source unit id.
    pub source: String,
    /// Target unit id (a claim).
    pub target: String,
    /// `support` or `attack`.
    pub relation: String,
}

/// Read and validate an annotation. `path` names the annotation file in errors; `document` is the
/// bytes of the annotated document (the caller resolves `AnnotationFile::document`).
pub fn read_json(json: &str, path: &Path, document: &[u8]) -> AnnResult<GoldDocument> {
    gold_from_file(parse_json(json, path)?, path, document)
}

/// Parse an annotation file without validating it against its document (to learn which document
/// it annotates; [`gold_from_file`] validates).
pub fn parse_json(json: &str, path: &Path) -> AnnResult<AnnotationFile> {
    serde_json::from_str(json)
        .map_err(|e| AnnotationError::new(path, None, format!("malformed JSON: {e}")))
}

/// Validate a parsed annotation against the bytes of its document (see [`read_json`]).
pub fn gold_from_file(
    file: AnnotationFile,
    path: &Path,
    document: &[u8],
) -> AnnResult<GoldDocument> {
    let err = |item: Option<String>, msg: String| AnnotationError::new(path, item, msg);
    let sha = sha256_hex(document);
    if file.sha256 != sha {
        return Err(err(
            None,
            format!(
                "sha256 {} does not match the document {} ({sha}): the document changed after annotation",
                file.sha256, file.document
            ),
        ));
    }
    let text = crate::ingest::decode(document)
        .map_err(|e| err(None, format!("document {}: {e}", file.document)))?
        .text;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |c: usize| chars.get(c).map_or(text.len(), |x| x.0);
    let mut ids = HashSet::new();
    let mut units = Vec::with_capacity(file.units.len());
    for u in &file.units {
        let item = Some(format!("unit {}", u.id));
        if !ids.insert(u.id.clone()) {
            return Err(err(item, "duplicate id".into()));
        }
        let role: Role = u.role.parse().map_err(|e: String| err(item.clone(), e))?;
        if u.start >= u.end || u.end > n {
            return Err(err(
                item,
                format!(
                    "offsets {}..{} out of range (document has {n} chars)",
                    u.start, u.end
                ),
            ));
        }
        let slice = &text[byte_at(u.start)..byte_at(u.end)];
        if let Some(t) = u.text.as_deref().filter(|&t| t != slice) {
            return Err(err(
                item,
                format!(
                    "text {t:?} does not match the slice {}..{}: {slice:?}",
                    u.start, u.end
                ),
            ));
        }
        units.push(GoldUnit {
            id: u.id.clone(),
            start: u.start,
            end: u.end,
            role,
            label: u.role.clone(),
        });
    }
    units.sort_by_key(|u| (u.start, u.end));
    for w in units.windows(2) {
        if w[1].start < w[0].end {
            return Err(err(
                Some(format!("unit {}", w[1].id)),
                format!("overlaps unit {}", w[0].id),
            ));
        }
    }
    let mut sources = HashSet::new();
    let mut links = Vec::with_capacity(file.links.len());
    for l in &file.links {
        let item = Some(format!("link {} -> {}", l.source, l.target));
        let relation: Relation = l
            .relation
            .parse()
            .map_err(|e: String| err(item.clone(), e))?;
        let role_of = |id: &str| units.iter().find(|u| u.id == id).map(|u| u.role);
        let Some(_) = role_of(&l.source) else {
            return Err(err(item, format!("source {} is not a unit", l.source)));
        };
        match role_of(&l.target) {
            None => return Err(err(item, format!("target {} is not a unit", l.target))),
            Some(Role::Claim) => {}
            Some(r) => {
                return Err(err(
                    item,
                    format!("target {} is a {r}, not a claim", l.target),
                ))
            }
        }
        if l.source == l.target {
            return Err(err(item, "a unit cannot link to itself".into()));
        }
        if !sources.insert(l.source.clone()) {
            return Err(err(
                item,
                format!("unit {} has more than one outgoing link", l.source),
            ));
        }
        links.push(GoldLink {
            source: l.source.clone(),
            target: l.target.clone(),
            relation,
            label: l.relation.clone(),
        });
    }
    let id = Path::new(&file.document).file_stem().map_or_else(
        || file.document.clone(),
        |s| s.to_string_lossy().into_owned(),
    );
    Ok(GoldDocument {
        group: id.clone(),
        id,
        text,
        units,
        links,
    })
}

/// Write `doc` in argmine's format (units with their verbatim text), for the document at
/// `document` whose bytes are `bytes`.
pub fn write_json(doc: &GoldDocument, document: &str, bytes: &[u8], annotator: &str) -> String {
    let file = AnnotationFile {
        document: document.to_string(),
        sha256: sha256_hex(bytes),
        annotator: annotator.to_string(),
        units: doc
            .units
            .iter()
            .map(|u| FileUnit {
                id: u.id.clone(),
                start: u.start,
                end: u.end,
                role: u.role.as_str().to_string(),
                text: Some(doc.unit_text(u)),
            })
            .collect(),
        links: doc
            .links
            .iter()
            .map(|l| FileLink {
                source: l.source.clone(),
                target: l.target.clone(),
                relation: l.relation.as_str().to_string(),
            })
            .collect(),
        notes: None,
    };
    serde_json::to_string_pretty(&file).expect("annotation serialises") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &[u8] = "Tax cuts work. In 2019, 60% gained. é".as_bytes();

    fn file(units: &str, links: &str) -> String {
        format!(
            r#"{{"document": "corpus/x.txt", "sha256": "{}", "annotator": "t", "units": [{units}], "links": [{links}]}}"#,
            sha256_hex(DOC)
        )
    }

    const U1: &str =
        r#"{"id": "u1", "start": 0, "end": 14, "role": "claim", "text": "Tax cuts work."}"#;
    const U2: &str = r#"{"id": "u2", "start": 15, "end": 35, "role": "evidence", "text": "In 2019, 60% gained."}"#;

    #[test]
    fn reads_a_valid_file() {
        let json = file(
            &format!("{U1}, {U2}"),
            r#"{"source": "u2", "target": "u1", "relation": "support"}"#,
        );
        let d = read_json(&json, Path::new("a.json"), DOC).unwrap();
        assert_eq!(d.id, "x");
        assert_eq!(d.units.len(), 2);
        assert_eq!(d.unit_text(&d.units[1]), "In 2019, 60% gained.");
        let back = write_json(&d, "corpus/x.txt", DOC, "t");
        assert_eq!(read_json(&back, Path::new("b.json"), DOC).unwrap(), d);
    }

    #[test]
    fn the_text_of_a_unit_is_optional() {
        // Annotations of third-party documents leave the text out; the offsets still count.
        let bare = |u: &str| u.split(r#", "text""#).next().unwrap().to_string() + "}";
        let json = file(&format!("{}, {}", bare(U1), bare(U2)), "");
        let d = read_json(&json, Path::new("a.json"), DOC).unwrap();
        assert_eq!(d.unit_text(&d.units[1]), "In 2019, 60% gained.");
        // Out-of-range offsets are still refused without a text to compare.
        let far = bare(U1).replace(r#""end": 14"#, r#""end": 99"#);
        let e = read_json(&file(&far, ""), Path::new("a.json"), DOC).unwrap_err();
        assert!(e.to_string().contains("out of range"), "{e}");
    }

    #[test]
    fn every_problem_is_named() {
        let link = |s: &str, t: &str, r: &str| {
            format!(r#"{{"source": "{s}", "target": "{t}", "relation": "{r}"}}"#)
        };
        let u3 = r#"{"id": "u3", "start": 36, "end": 40, "role": "none", "text": "é"}"#;
        let cases = [
            ("{".to_string(), "malformed JSON"),
            (file(&format!("{U1}, {U1}"), ""), "(unit u1): duplicate id"),
            (
                file(&U1.replace("claim", "thesis"), ""),
                "(unit u1): unknown role \"thesis\"",
            ),
            (
                file(&U1.replace("\"end\": 14", "\"end\": 99"), ""),
                "(unit u1): offsets 0..99 out of range",
            ),
            (
                file(&U1.replace("work.", "work!"), ""),
                "(unit u1): text \"Tax cuts work!\" does not match",
            ),
            (
                file(u3, ""),
                "(unit u3): offsets 36..40 out of range (document has 37 chars)",
            ),
            (
                file(&format!("{U1}, {U2}"), &link("u2", "u9", "support")),
                "target u9 is not a unit",
            ),
            (
                file(&format!("{U1}, {U2}"), &link("u1", "u2", "support")),
                "target u2 is a evidence, not a claim",
            ),
            (
                file(&format!("{U1}, {U2}"), &link("u2", "u1", "backs")),
                "unknown relation \"backs\"",
            ),
        ];
        for (json, want) in cases {
            let e = read_json(&json, Path::new("a.json"), DOC)
                .unwrap_err()
                .to_string();
            assert!(e.contains(want), "{e} should contain {want}");
            assert!(e.starts_with("a.json"), "{e}");
        }
        let e = read_json(&file(U1, ""), Path::new("a.json"), b"changed").unwrap_err();
        assert!(e.msg.contains("sha256"), "{e}");
    }
}
