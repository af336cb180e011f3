//! ArgUNSC (Poiaganova & Stede 2025): UN Security Council speeches, sentence roles claim / premise
//! / non-arg, and support / attack links between argument components.

use super::pyliteral::{self, PyValue};
use super::{AnnResult, AnnotationError, GoldDocument, GoldLink, GoldUnit};
use crate::document::{Relation, Role};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Read;

/// Sentence links of one speech: (premise sentence, claim sentence) → relation and its label.
type SentenceLinks = BTreeMap<(u64, u64), (Relation, String)>;

fn csv_err(file: &str, line: Option<u64>, msg: impl Into<String>) -> AnnotationError {
    AnnotationError::new(file, line.map(|l| format!("line {l}")), msg)
}

fn rows<R: Read>(r: R, file: &str, want: &[&str]) -> AnnResult<Vec<(u64, csv::StringRecord)>> {
    let mut rdr = csv::ReaderBuilder::new().from_reader(r);
    let header = rdr
        .headers()
        .map_err(|e| csv_err(file, Some(1), e.to_string()))?
        .clone();
    for (i, w) in want.iter().enumerate() {
        if header.get(i) != Some(w) {
            return Err(csv_err(
                file,
                Some(1),
                format!(
                    "column {} should be {w:?}, found {:?}",
                    i + 1,
                    header.get(i)
                ),
            ));
        }
    }
    rdr.records()
        .map(|r| {
            let r = r.map_err(|e| csv_err(file, e.position().map(|p| p.line()), e.to_string()))?;
            Ok((r.position().map_or(0, |p| p.line()), r))
        })
        .collect()
}

/// Read ArgUNSC from its `sentence_CP.csv` (sentence roles) and `base.csv` (speeches, components
/// and their links). One document per speech: its sentences joined by single spaces, one unit per
/// sentence (`s<Sentence_ID>`), role from `Arg_Type` (claim → claim, premise → evidence, non-arg →
/// none). Component links become sentence links (premise sentence → claim sentence; links inside one
/// sentence are dropped, repeated ones kept once).
pub fn read_argunsc<R1: Read, R2: Read>(sentence_cp: R1, base: R2) -> AnnResult<Vec<GoldDocument>> {
    let cp = rows(
        sentence_cp,
        "sentence_CP.csv",
        &["Sentence_ID", "Sentence", "Arg_Type"],
    )?;
    let mut label: HashMap<u64, (String, String)> = HashMap::new();
    for (line, r) in &cp {
        let id: u64 = r[0].parse().map_err(|_| {
            csv_err(
                "sentence_CP.csv",
                Some(*line),
                format!("Sentence_ID {:?} is not a number", &r[0]),
            )
        })?;
        label.insert(id, (r[1].to_string(), r[2].to_string()));
    }
    let base = rows(
        base,
        "base.csv",
        &[
            "ID",
            "Speech",
            "Sentence_ID",
            "Full_Sentence",
            "Component",
            "Component_Type",
            "Premises",
        ],
    )?;
    // Speech -> ordered sentence ids; component id -> sentence id; (speech, premise component,
    // claim sentence, relation).
    let mut speeches: BTreeMap<String, BTreeSet<u64>> = BTreeMap::new();
    let mut first_seen: Vec<String> = Vec::new();
    let mut component_sentence: HashMap<i64, u64> = HashMap::new();
    let mut component_links: Vec<(String, i64, u64, Relation, String)> = Vec::new();
    for (line, r) in &base {
        let bad = |m: String| csv_err("base.csv", Some(*line), m);
        let speech = r[1].to_string();
        let sid: u64 = r[2]
            .parse()
            .map_err(|_| bad(format!("Sentence_ID {:?}", &r[2])))?;
        if !speeches.contains_key(&speech) {
            first_seen.push(speech.clone());
        }
        speeches.entry(speech.clone()).or_default().insert(sid);
        if &r[4] != "non-arg" {
            let comp = pyliteral::parse(&r[4]).map_err(|e| bad(format!("Component: {e}")))?;
            let cid = comp
                .as_seq()
                .and_then(|s| s.first())
                .and_then(PyValue::as_int)
                .ok_or_else(|| bad("Component is not [id, text]".into()))?;
            component_sentence.entry(cid).or_insert(sid);
        }
        if r[6].starts_with('{') {
            let PyValue::Dict(d) =
                pyliteral::parse(&r[6]).map_err(|e| bad(format!("Premises: {e}")))?
            else {
                return Err(bad("Premises is not a dict".into()));
            };
            for (k, v) in d {
                let (Some(pid), Some(rel)) = (k.as_int(), v.as_str()) else {
                    return Err(bad("Premises entries must be id: 'support'|'attack'".into()));
                };
                let relation: Relation = rel.parse().map_err(bad)?;
                component_links.push((speech.clone(), pid, sid, relation, rel.to_string()));
            }
        }
    }
    let mut docs = Vec::with_capacity(speeches.len());
    let mut links_by_speech: HashMap<String, SentenceLinks> = HashMap::new();
    for (speech, pid, claim_sid, relation, label) in component_links {
        let Some(&psid) = component_sentence.get(&pid) else {
            return Err(csv_err(
                "base.csv",
                None,
                format!("speech {speech}: premise component {pid} does not exist"),
            ));
        };
        if psid != claim_sid {
            links_by_speech
                .entry(speech)
                .or_default()
                .entry((psid, claim_sid))
                .or_insert((relation, label));
        }
    }
    for speech in first_seen {
        let sids = &speeches[&speech];
        let mut text = String::new();
        let mut units = Vec::with_capacity(sids.len());
        let mut chars = 0;
        for sid in sids {
            let Some((sentence, arg_type)) = label.get(sid) else {
                return Err(csv_err(
                    "sentence_CP.csv",
                    None,
                    format!("sentence {sid} of {speech} is missing"),
                ));
            };
            let role = match arg_type.as_str() {
                "claim" => Role::Claim,
                "premise" => Role::Evidence,
                "non-arg" => Role::None,
                other => {
                    return Err(csv_err(
                        "sentence_CP.csv",
                        None,
                        format!("sentence {sid}: unknown Arg_Type {other:?}"),
                    ))
                }
            };
            if !text.is_empty() {
                text.push(' ');
                chars += 1;
            }
            let n = sentence.chars().count();
            text.push_str(sentence);
            units.push(GoldUnit {
                id: format!("s{sid}"),
                start: chars,
                end: chars + n,
                role,
                label: arg_type.clone(),
            });
            chars += n;
        }
        let links = links_by_speech
            .remove(&speech)
            .unwrap_or_default()
            .into_iter()
            .map(|((s, t), (relation, label))| GoldLink {
                source: format!("s{s}"),
                target: format!("s{t}"),
                relation,
                label,
            })
            .collect();
        docs.push(GoldDocument {
            id: speech.clone(),
            group: speech,
            text,
            units,
            links,
        });
    }
    Ok(docs)
}

/// A pair of ArgUNSC's `sentence_relations_local.csv`: a claim sentence, a premise sentence and
/// their relation (`support`, `attack` or `no relation`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgunscPair {
    /// Sentence id of the claim.
    pub claim_id: u64,
    /// Text of the claim sentence.
    pub claim: String,
    /// Sentence id of the premise.
    pub premise_id: u64,
    /// Text of the premise sentence.
    pub premise: String,
    /// `support`, `attack` or `no relation`.
    pub relation: String,
}

/// Read `sentence_relations_local.csv`.
pub fn read_argunsc_pairs<R: Read>(r: R) -> AnnResult<Vec<ArgunscPair>> {
    let file = "sentence_relations_local.csv";
    let rows = rows(
        r,
        file,
        &["id", "sentence_claim", "sentence_premise", "relation"],
    )?;
    let field = |v: &str, line: u64| -> AnnResult<(u64, String)> {
        let p = pyliteral::parse(v).map_err(|e| csv_err(file, Some(line), e.to_string()))?;
        match p.as_seq() {
            Some([PyValue::Int(id), PyValue::Str(s)]) if *id >= 0 => Ok((*id as u64, s.clone())),
            _ => Err(csv_err(file, Some(line), "expected [id, 'sentence']")),
        }
    };
    rows.iter()
        .map(|(line, r)| {
            let (claim_id, claim) = field(&r[1], *line)?;
            let (premise_id, premise) = field(&r[2], *line)?;
            let relation = r[3].to_string();
            if !matches!(relation.as_str(), "support" | "attack" | "no relation") {
                return Err(csv_err(
                    file,
                    Some(*line),
                    format!("unknown relation {relation:?}"),
                ));
            }
            Ok(ArgunscPair {
                claim_id,
                claim,
                premise_id,
                premise,
                relation,
            })
        })
        .collect()
}
