//! CDCP (Park & Cardie 2018; Niculae et al. 2017): eRulemaking comments, propositions typed fact /
//! testimony / reference / value / policy, and `reasons` / `evidences` links from proposition
//! ranges.

use super::{AnnResult, AnnotationError, GoldDocument, GoldLink, GoldUnit};
use crate::document::{Relation, Role};
use serde::Deserialize;
use std::io::Read;

#[derive(Deserialize)]
struct Ann {
    prop_labels: Vec<String>,
    prop_offsets: Vec<(usize, usize)>,
    reasons: Option<Vec<((usize, usize), usize)>>,
    evidences: Option<Vec<((usize, usize), usize)>>,
}

/// Read one CDCP comment: its `.txt` and its `.ann.json`. Units are the propositions (`p0`, `p1`,
/// ... in file order; offsets are chars); `policy` and `value` map to claim, `fact`, `testimony`
/// and `reference` to evidence. Each proposition of a source range links to the target
/// (`support`, label `reason` or `evidence`).
pub fn read_cdcp<R1: Read, R2: Read>(
    id: &str,
    mut txt: R1,
    ann: R2,
    group: &str,
) -> AnnResult<GoldDocument> {
    let err = |msg: String| AnnotationError::new(format!("{id}.ann.json"), None, msg);
    let mut bytes = Vec::new();
    txt.read_to_end(&mut bytes)
        .map_err(|e| AnnotationError::new(format!("{id}.txt"), None, e.to_string()))?;
    let text = crate::ingest::decode(&bytes)
        .map_err(|e| AnnotationError::new(format!("{id}.txt"), None, e.to_string()))?
        .text;
    let a: Ann = serde_json::from_reader(ann).map_err(|e| err(format!("malformed: {e}")))?;
    if a.prop_labels.len() != a.prop_offsets.len() {
        return Err(err("prop_labels and prop_offsets differ in length".into()));
    }
    let n = text.chars().count();
    let mut units = Vec::with_capacity(a.prop_labels.len());
    for (i, (label, &(s, e))) in a.prop_labels.iter().zip(&a.prop_offsets).enumerate() {
        if s >= e || e > n {
            return Err(AnnotationError::new(
                format!("{id}.ann.json"),
                Some(format!("proposition {i}")),
                format!("offsets {s}..{e} out of range ({n} chars)"),
            ));
        }
        let role = match label.as_str() {
            "policy" | "value" => Role::Claim,
            "fact" | "testimony" | "reference" => Role::Evidence,
            other => return Err(err(format!("proposition {i}: unknown label {other:?}"))),
        };
        units.push(GoldUnit {
            id: format!("p{i}"),
            start: s,
            end: e,
            role,
            label: label.clone(),
        });
    }
    let mut links = Vec::new();
    for (kind, list) in [("reason", &a.reasons), ("evidence", &a.evidences)] {
        for &((a0, a1), t) in list.iter().flatten() {
            if a1 < a0 || a1 >= units.len() || t >= units.len() {
                return Err(err(format!(
                    "{kind} [[{a0}, {a1}], {t}] names a missing proposition"
                )));
            }
            for k in a0..=a1 {
                links.push(GoldLink {
                    source: format!("p{k}"),
                    target: format!("p{t}"),
                    relation: Relation::Support,
                    label: kind.to_string(),
                });
            }
        }
    }
    Ok(GoldDocument {
        id: id.to_string(),
        group: group.to_string(),
        text,
        units,
        links,
    })
}
