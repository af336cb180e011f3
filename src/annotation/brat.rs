//! brat standoff annotations (`.ann` beside a `.txt`).

use super::{AnnResult, AnnotationError, GoldDocument, GoldLink, GoldUnit};
use crate::document::{Relation, Role};
use std::io::{BufRead, BufReader, Read};

/// The role of a brat entity type.
fn role_of(t: &str) -> Role {
    let l = t.to_ascii_lowercase();
    if let Ok(r) = l.parse::<Role>() {
        return r;
    }
    match l.as_str() {
        "majorclaim" | "major_claim" => Role::Claim,
        "premise" => Role::Evidence,
        _ => Role::None,
    }
}

/// The relation of a brat relation type, if it is one argmine knows.
fn relation_of(t: &str) -> Option<Relation> {
    let l = t.to_ascii_lowercase();
    if l.starts_with("support") {
        Some(Relation::Support)
    } else if l.starts_with("attack") {
        Some(Relation::Attack)
    } else {
        None
    }
}

/// Read a brat `.ann` for the document `text`. `T` lines are units (a discontinuous span is read
/// from its first start to its last end), `R` lines with a support or attack type are links, `A`
/// lines whose value (or, for a binary attribute, name) is a role name set that unit's role. Other
/// lines (`#`, `E`, `N`, ...) are ignored; trailing tabs are tolerated.
pub fn read_brat<R: Read>(id: &str, text: &str, ann: R, path: &str) -> AnnResult<GoldDocument> {
    let n = text.chars().count();
    let mut units: Vec<GoldUnit> = Vec::new();
    let mut links = Vec::new();
    for (i, line) in BufReader::new(ann).lines().enumerate() {
        let item = Some(format!("line {}", i + 1));
        let err = |m: String| AnnotationError::new(path, item.clone(), m);
        let line = line.map_err(|e| err(e.to_string()))?;
        let line = line.trim_end_matches(['\t', '\r', ' ']);
        if line.is_empty() {
            continue;
        }
        let mut f = line.split('\t');
        let key = f.next().unwrap_or_default();
        let body = f.next().unwrap_or_default();
        match key.chars().next() {
            Some('T') => {
                let (ty, spans) = body
                    .split_once(' ')
                    .ok_or_else(|| err("expected TYPE START END".into()))?;
                let mut lo = usize::MAX;
                let mut hi = 0;
                for frag in spans.split(';') {
                    let mut p = frag.split_whitespace();
                    let (Some(a), Some(b), None) = (p.next(), p.next(), p.next()) else {
                        return Err(err(format!("bad span {frag:?}")));
                    };
                    let a: usize = a.parse().map_err(|_| err(format!("bad offset {a:?}")))?;
                    let b: usize = b.parse().map_err(|_| err(format!("bad offset {b:?}")))?;
                    lo = lo.min(a);
                    hi = hi.max(b);
                }
                if lo >= hi || hi > n {
                    return Err(err(format!("span {lo}..{hi} out of range ({n} chars)")));
                }
                units.push(GoldUnit {
                    id: key.to_string(),
                    start: lo,
                    end: hi,
                    role: role_of(ty),
                    label: ty.to_string(),
                });
            }
            Some('R') => {
                let mut p = body.split_whitespace();
                let ty = p.next().unwrap_or_default();
                let mut arg = |name: &str| -> AnnResult<String> {
                    p.next()
                        .and_then(|a| a.split_once(':'))
                        .map(|(_, v)| v.to_string())
                        .ok_or_else(|| err(format!("expected {name}:ID")))
                };
                let (source, target) = (arg("Arg1")?, arg("Arg2")?);
                if let Some(relation) = relation_of(ty) {
                    links.push(GoldLink {
                        source,
                        target,
                        relation,
                        label: ty.to_string(),
                    });
                }
            }
            Some('A') | Some('M') => {
                let p: Vec<&str> = body.split_whitespace().collect();
                let (name, target) = match p.as_slice() {
                    [name, target, ..] => (*name, *target),
                    _ => return Err(err("expected NAME ID [VALUE]".into())),
                };
                let value = p.get(2).copied().unwrap_or(name);
                if let Ok(role) = value.to_ascii_lowercase().parse::<Role>() {
                    if let Some(u) = units.iter_mut().find(|u| u.id == target) {
                        u.role = role;
                    }
                }
            }
            _ => {}
        }
    }
    for l in &links {
        for id in [&l.source, &l.target] {
            if !units.iter().any(|u| &u.id == id) {
                return Err(AnnotationError::new(
                    path,
                    Some(format!("relation {} -> {}", l.source, l.target)),
                    format!("{id} is not a text-bound annotation"),
                ));
            }
        }
    }
    units.sort_by_key(|u| (u.start, u.end));
    Ok(GoldDocument {
        id: id.to_string(),
        group: id.to_string(),
        text: text.to_string(),
        units,
        links,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_standoff_with_trailing_tabs() {
        let text = "Taxes work. In 2019 they rose é.";
        let ann = "T1\tClaim 0 11\tTaxes work.\t\nT2\tPremise 12 32\tIn 2019 they rose é.\n\
                   R1\tsupports Arg1:T2 Arg2:T1\t\nA1\tRole T2 evidence\n#1\tAnnotatorNotes T1\tok\nR2\tsequence Arg1:T1 Arg2:T2\n";
        let d = read_brat("x", text, ann.as_bytes(), "x.ann").unwrap();
        assert_eq!(d.units.len(), 2);
        assert_eq!(d.units[0].role, Role::Claim);
        assert_eq!(d.units[1].role, Role::Evidence);
        assert_eq!(d.unit_text(&d.units[1]), "In 2019 they rose é.");
        assert_eq!(d.links.len(), 1);
        assert_eq!(d.links[0].relation, Relation::Support);
    }

    #[test]
    fn names_the_bad_line() {
        let e = read_brat("x", "abc", "T1\tClaim 0 9\tabc\n".as_bytes(), "x.ann").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.ann (line 1): span 0..9 out of range (3 chars)"
        );
        let e = read_brat(
            "x",
            "abc",
            "T1\tClaim 0 3\tabc\nR1\tattacks Arg1:T1 Arg2:T7\n".as_bytes(),
            "x.ann",
        )
        .unwrap_err();
        assert!(e.to_string().contains("T7 is not a text-bound annotation"));
    }
}
