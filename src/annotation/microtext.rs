//! The Argumentative Microtext Corpus (Peldszus & Stede): XML argument graphs of EDUs, ADUs
//! (proponent / opponent) and edges `seg`, `sup`, `exa`, `add`, `reb`, `und`.

use super::{AnnResult, AnnotationError, GoldDocument, GoldLink, GoldUnit};
use crate::document::{Relation, Role};
use quick_xml::events::Event;
use std::collections::HashMap;
use std::io::{BufReader, Read};

#[derive(Debug, Clone)]
struct Edge {
    id: String,
    src: String,
    trg: String,
    ty: String,
}

/// Read one microtext graph. The document text is the EDUs joined by single spaces (the corpus's
/// `.txt` files are written the same way). Units are the ADUs (`a1`, ...), each spanning the EDUs
/// segmented into it (directly or through a joint); labels are `pro`/`opp`, with `+cc` on the
/// central claim (the ADU with no outgoing argumentative edge). Links: `sup`/`exa` support,
/// `reb`/`und` attack; `und` targets an edge and is attached to that edge's source (the premise whose
/// inference it undercuts); `add` joins an edge as a further premise and is attached where that edge
/// is, with its relation. The link label is the
/// edge type.
pub fn read_microtext<R: Read>(r: R, path: &str) -> AnnResult<GoldDocument> {
    let err = |m: String| AnnotationError::new(path, None, m);
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(r));
    let mut buf = Vec::new();
    let (mut id, mut topic) = (String::new(), String::new());
    let mut edus: Vec<(String, String)> = Vec::new();
    let mut adus: Vec<(String, String)> = Vec::new();
    let mut joints: Vec<String> = Vec::new();
    let mut edges: Vec<Edge> = Vec::new();
    let mut in_edu: Option<String> = None;
    loop {
        let ev = reader.read_event_into(&mut buf).map_err(|e| {
            err(format!(
                "XML error at byte {}: {e}",
                reader.error_position()
            ))
        })?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let mut attrs: HashMap<String, String> = HashMap::new();
                for a in e.attributes() {
                    let a = a.map_err(|x| err(format!("bad attribute: {x}")))?;
                    let v = a
                        .unescape_value()
                        .map_err(|x| err(format!("bad attribute: {x}")))?;
                    attrs.insert(
                        String::from_utf8_lossy(a.key.as_ref()).into_owned(),
                        v.into_owned(),
                    );
                }
                let get = |k: &str| {
                    attrs.get(k).cloned().ok_or_else(|| {
                        err(format!(
                            "<{}> without {k}",
                            String::from_utf8_lossy(e.name().as_ref())
                        ))
                    })
                };
                match e.name().as_ref() {
                    b"arggraph" => {
                        id = get("id")?;
                        topic = attrs.get("topic_id").cloned().unwrap_or_default();
                    }
                    b"edu" => {
                        let eid = get("id")?;
                        edus.push((eid.clone(), String::new()));
                        if matches!(ev, Event::Start(_)) {
                            in_edu = Some(eid);
                        }
                    }
                    b"adu" => adus.push((get("id")?, get("type")?)),
                    b"joint" => joints.push(get("id")?),
                    b"edge" => edges.push(Edge {
                        id: get("id")?,
                        src: get("src")?,
                        trg: get("trg")?,
                        ty: get("type")?,
                    }),
                    _ => {}
                }
            }
            Event::CData(t) if in_edu.is_some() => {
                let s = String::from_utf8(t.into_inner().into_owned())
                    .map_err(|e| err(e.to_string()))?;
                edus.last_mut().expect("open edu").1.push_str(&s);
            }
            Event::Text(t) if in_edu.is_some() => {
                let s = t.unescape().map_err(|e| err(e.to_string()))?;
                edus.last_mut().expect("open edu").1.push_str(&s);
            }
            Event::End(e) if e.name().as_ref() == b"edu" => in_edu = None,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    if id.is_empty() {
        return Err(err("no <arggraph id=...>".into()));
    }
    // Text and EDU spans.
    let mut text = String::new();
    let mut edu_span: HashMap<String, (usize, usize)> = HashMap::new();
    let mut pos = 0;
    for (eid, t) in &edus {
        let t = t.trim();
        if !text.is_empty() {
            text.push(' ');
            pos += 1;
        }
        let n = t.chars().count();
        edu_span.insert(eid.clone(), (pos, pos + n));
        text.push_str(t);
        pos += n;
    }
    // seg edges: EDU -> ADU, EDU -> joint, joint -> ADU.
    let mut span_of: HashMap<String, (usize, usize)> = edu_span.clone();
    for _ in 0..2 {
        for e in edges.iter().filter(|e| e.ty == "seg") {
            if let Some(&(a, b)) = span_of.get(&e.src) {
                let s = span_of.entry(e.trg.clone()).or_insert((a, b));
                *s = (s.0.min(a), s.1.max(b));
            }
        }
    }
    let edge_by_id: HashMap<&str, &Edge> = edges.iter().map(|e| (e.id.as_str(), e)).collect();
    // The ADU an edge attaches its source to, and the relation. An undercutter attacks the
    // inference of the edge it targets; it attaches to that edge's source (the premise whose
    // inference it challenges). An additional premise attaches where the edge it joins attaches,
    // with that edge's relation.
    fn resolve(
        e: &Edge,
        by_id: &HashMap<&str, &Edge>,
        depth: usize,
    ) -> Result<(String, Relation), String> {
        if depth > by_id.len() {
            return Err(format!("edge {}: cycle of edges", e.id));
        }
        let joined = || {
            by_id
                .get(e.trg.as_str())
                .copied()
                .ok_or_else(|| format!("edge {}: {} must target an edge", e.id, e.ty))
        };
        match e.ty.as_str() {
            "sup" | "exa" => Ok((e.trg.clone(), Relation::Support)),
            "reb" => Ok((e.trg.clone(), Relation::Attack)),
            "und" => Ok((joined()?.src.clone(), Relation::Attack)),
            "add" => resolve(joined()?, by_id, depth + 1),
            other => Err(format!("edge {}: unknown type {other:?}", e.id)),
        }
    }
    let mut links = Vec::new();
    for e in edges.iter().filter(|e| e.ty != "seg") {
        let (target, relation) = resolve(e, &edge_by_id, 0).map_err(err)?;
        links.push(GoldLink {
            source: e.src.clone(),
            target,
            relation,
            label: e.ty.clone(),
        });
    }
    let has_out: std::collections::HashSet<&str> =
        links.iter().map(|l| l.source.as_str()).collect();
    let has_in: std::collections::HashSet<&str> = links.iter().map(|l| l.target.as_str()).collect();
    let mut units = Vec::with_capacity(adus.len());
    for (aid, ty) in &adus {
        let &(start, end) = span_of
            .get(aid)
            .ok_or_else(|| err(format!("ADU {aid} has no segment")))?;
        let central = !has_out.contains(aid.as_str());
        let role = if central || has_in.contains(aid.as_str()) {
            Role::Claim
        } else {
            Role::Evidence
        };
        units.push(GoldUnit {
            id: aid.clone(),
            start,
            end,
            role,
            label: if central {
                format!("{ty}+cc")
            } else {
                ty.clone()
            },
        });
    }
    for l in &links {
        if !units.iter().any(|u| u.id == l.source) || !units.iter().any(|u| u.id == l.target) {
            return Err(err(format!(
                "edge {} -> {}: not an ADU",
                l.source, l.target
            )));
        }
    }
    units.sort_by_key(|u| (u.start, u.end));
    Ok(GoldDocument {
        id,
        group: topic,
        text,
        units,
        links,
    })
}
