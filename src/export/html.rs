//! A self-contained HTML report per document (no scripts, no network: inline CSS and SVG) and an
//! index page over a batch.

use super::graph::{forest, role_colour};
use crate::annotation::GoldDocument;
use crate::document::{ArgumentMap, Relation, Role};
use crate::Result;
use std::collections::HashMap;
use std::io::Write;

use super::graph::{short, xml_escape as esc};

const CSS: &str = "body{font-family:Georgia,serif;margin:0;color:#222;background:#fafafa}
header{background:#264653;color:#fff;padding:12px 24px}header h1{margin:0;font-size:20px}
header p{margin:4px 0 0;font-size:13px;opacity:.85}main{padding:16px 24px}
.legend span{display:inline-block;margin-right:14px;font:13px sans-serif}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:4px;vertical-align:-1px}
.counts{font:13px sans-serif;margin:8px 0}.map{overflow:auto;border:1px solid #ddd;background:#fff;max-height:75vh}
.text{max-width:52em;line-height:1.6;background:#fff;padding:12px 20px;border:1px solid #ddd}
.s{border-radius:3px;padding:1px 0}.s sup{font:10px sans-serif;color:#555}
h2.heading{font-size:17px;margin:14px 0 6px}
text{font:11px sans-serif}.nodelabel{font-weight:bold}
table{border-collapse:collapse;font:13px sans-serif}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}
.chains{font:13px sans-serif;max-width:70em}.chains li{margin:4px 0}.found{color:#2a9d8f;font-weight:bold}
.missed{color:#e63946;font-weight:bold}";

fn legend(gold: bool) -> String {
    let mut s = String::from("<div class=\"legend\">");
    for r in Role::ALL {
        s.push_str(&format!(
            "<span><i class=\"sw\" style=\"background:{}\"></i>{}</span>",
            role_colour(r),
            r
        ));
    }
    s.push_str("<span><svg width=\"34\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"34\" y2=\"5\" stroke=\"#2a9d8f\" stroke-width=\"2\"/></svg> supports</span>");
    s.push_str("<span><svg width=\"34\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"34\" y2=\"5\" stroke=\"#e63946\" stroke-width=\"2\" stroke-dasharray=\"5,3\"/></svg> attacks</span>");
    if gold {
        s.push_str("<span><svg width=\"34\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"34\" y2=\"5\" stroke=\"#777\" stroke-width=\"2\" stroke-dasharray=\"2,3\"/></svg> in the hand annotation only</span>");
        s.push_str("<span><svg width=\"16\" height=\"12\"><rect x=\"1\" y=\"1\" width=\"14\" height=\"10\" fill=\"none\" stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"3,2\"/></svg> role differs from the hand annotation</span>");
    }
    s.push_str("<span>shade: confidence</span></div>");
    s
}

/// A hand annotation of the same document mapped onto the predicted units, to draw beside the
/// prediction: where the roles differ, which gold links were found, and the gold chains.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldView {
    /// Name of the annotation (shown in the report).
    pub name: String,
    /// For each predicted unit (by index), the role of the gold unit that maps onto it.
    pub roles: Vec<Option<Role>>,
    /// Gold links between predicted units: (source index, target index, relation).
    pub links: Vec<(usize, usize, Relation)>,
    /// The predicted parent of each unit (by index), from the map the view was made for.
    predicted: Vec<Option<usize>>,
}

impl GoldView {
    /// Map `gold` onto the units of `map` as the evaluation does: each gold unit goes to the
    /// predicted unit it overlaps most (`crate::eval::best_overlap`).
    pub fn new(gold: &GoldDocument, map: &ArgumentMap, name: &str) -> Self {
        let to: Vec<(usize, usize)> = map
            .sentences
            .iter()
            .map(|s| (s.span.char.start, s.span.char.end))
            .collect();
        let from: Vec<(usize, usize)> = gold.units.iter().map(|u| (u.start, u.end)).collect();
        let at = crate::eval::best_overlap(&from, &to);
        let mut roles = vec![None; map.sentences.len()];
        for (u, j) in gold.units.iter().zip(&at) {
            if let Some(j) = *j {
                roles[j].get_or_insert(u.role);
            }
        }
        let index: HashMap<&str, usize> = gold
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i))
            .collect();
        let links = gold
            .links
            .iter()
            .filter_map(|l| {
                let s = at[*index.get(l.source.as_str())?]?;
                let t = at[*index.get(l.target.as_str())?]?;
                (s != t).then_some((s, t, l.relation))
            })
            .collect();
        let idx = map.index_by_id();
        let mut predicted = vec![None; map.sentences.len()];
        for l in &map.links {
            if let (Some(&s), Some(&t)) = (idx.get(&l.source), idx.get(&l.target)) {
                predicted[s] = Some(t);
            }
        }
        Self {
            name: name.to_string(),
            roles,
            links,
            predicted,
        }
    }

    /// The gold parent of unit `i`.
    fn parent(&self, i: usize) -> Option<usize> {
        self.links.iter().find(|l| l.0 == i).map(|l| l.1)
    }

    /// Whether the prediction links `s` to `t`.
    fn found(&self, s: usize, t: usize) -> bool {
        self.predicted.get(s) == Some(&Some(t))
    }

    /// Whether the annotation links `s` to `t`.
    fn annotated(&self, s: usize, t: usize) -> bool {
        self.links.iter().any(|l| (l.0, l.1) == (s, t))
    }
}

/// Follow `parent` from `i` to a root (stopping at a repeat).
fn chain(i: usize, parent: impl Fn(usize) -> Option<usize>) -> Vec<usize> {
    let mut v = vec![i];
    while let Some(p) = parent(*v.last().expect("not empty")) {
        if v.contains(&p) {
            break;
        }
        v.push(p);
    }
    v
}

/// Positions of the drawn nodes: main claims on top, what supports or attacks them below; units
/// without links in a last row.
fn layout(map: &ArgumentMap, extra: &[usize]) -> Vec<(usize, f32, usize)> {
    let (children, roots) = forest(map);
    let mut pos: HashMap<usize, (f32, usize)> = HashMap::new();
    let mut next_leaf = 0f32;
    fn place(
        i: usize,
        depth: usize,
        children: &HashMap<usize, Vec<(usize, Relation)>>,
        pos: &mut HashMap<usize, (f32, usize)>,
        next_leaf: &mut f32,
    ) -> f32 {
        let kids: Vec<usize> = children
            .get(&i)
            .map(|v| v.iter().map(|c| c.0).collect())
            .unwrap_or_default();
        let x = if kids.is_empty() {
            let x = *next_leaf;
            *next_leaf += 1.0;
            x
        } else {
            let xs: Vec<f32> = kids
                .iter()
                .map(|&c| place(c, depth + 1, children, pos, next_leaf))
                .collect();
            (xs[0] + xs[xs.len() - 1]) / 2.0
        };
        pos.insert(i, (x, depth));
        x
    }
    for &r in &roots {
        place(r, 0, &children, &mut pos, &mut next_leaf);
    }
    let max_depth = pos.values().map(|p| p.1).max().map_or(0, |d| d + 1);
    let mut loose = 0f32;
    for (i, s) in map.sentences.iter().enumerate() {
        if (s.role != Role::None || extra.contains(&i)) && !pos.contains_key(&i) {
            pos.insert(i, (loose, max_depth));
            loose += 1.0;
        }
    }
    let mut out: Vec<(usize, f32, usize)> = pos.into_iter().map(|(i, (x, d))| (i, x, d)).collect();
    out.sort_by_key(|a| a.0);
    out
}

const NODE_W: f32 = 170.0;
const NODE_H: f32 = 46.0;
const GAP_X: f32 = 14.0;
const GAP_Y: f32 = 56.0;

/// The argument map as inline SVG.
pub fn svg(map: &ArgumentMap) -> String {
    svg_with_gold(map, None)
}

/// The argument map as inline SVG, with a hand annotation's differences drawn in when given:
/// gold links the prediction lacks as dotted grey edges (class `gold-edge`), predicted edges that
/// the annotation has marked `match`, and units whose gold role differs outlined.
pub fn svg_with_gold(map: &ArgumentMap, gold: Option<&GoldView>) -> String {
    let extra: Vec<usize> = gold
        .map(|g| g.links.iter().flat_map(|l| [l.0, l.1]).collect())
        .unwrap_or_default();
    let nodes = layout(map, &extra);
    let at: HashMap<usize, (f32, f32)> = nodes
        .iter()
        .map(|&(i, x, d)| {
            (
                i,
                (
                    10.0 + x * (NODE_W + GAP_X),
                    10.0 + d as f32 * (NODE_H + GAP_Y),
                ),
            )
        })
        .collect();
    let width = at
        .values()
        .map(|p| p.0 + NODE_W + 10.0)
        .fold(200.0, f32::max);
    let height = at
        .values()
        .map(|p| p.1 + NODE_H + 10.0)
        .fold(60.0, f32::max);
    let idx = map.index_by_id();
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"argmap\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">\n\
         <defs><marker id=\"arrow-support\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#2a9d8f\"/></marker>\
         <marker id=\"arrow-attack\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#e63946\"/></marker></defs>\n"
    );
    for l in &map.links {
        let (Some(a), Some(b)) = (
            idx.get(&l.source).and_then(|i| at.get(i)),
            idx.get(&l.target).and_then(|i| at.get(i)),
        ) else {
            continue;
        };
        let (x1, y1) = (a.0 + NODE_W / 2.0, a.1);
        let (x2, y2) = (b.0 + NODE_W / 2.0, b.1 + NODE_H);
        let (marker, style) = match l.relation {
            Relation::Support => ("support", "stroke=\"#2a9d8f\""),
            Relation::Attack => ("attack", "stroke=\"#e63946\" stroke-dasharray=\"6,4\""),
        };
        let my = (y1 + y2) / 2.0;
        let matched = gold.is_some_and(|g| g.annotated(idx[&l.source], idx[&l.target]));
        let class = if matched {
            format!("{marker} match")
        } else {
            marker.to_string()
        };
        s.push_str(&format!(
            "<path class=\"edge {class}\" data-source=\"{}\" data-target=\"{}\" d=\"M{x1:.1},{y1:.1} C{x1:.1},{my:.1} {x2:.1},{my:.1} {x2:.1},{y2:.1}\" fill=\"none\" stroke-width=\"{:.1}\" {style} marker-end=\"url(#arrow-{marker})\"><title>{} → {}: {} ({:.2}){}</title></path>\n",
            l.source, l.target, 1.0 + 2.0 * l.score, l.source, l.target, l.relation, l.score,
            if matched { ", in the hand annotation" } else { "" }
        ));
    }
    if let Some(g) = gold {
        for &(si, ti, relation) in &g.links {
            if g.found(si, ti) {
                continue;
            }
            let (Some(a), Some(b)) = (at.get(&si), at.get(&ti)) else {
                continue;
            };
            let (x1, y1) = (a.0 + NODE_W / 2.0 + 6.0, a.1);
            let (x2, y2) = (b.0 + NODE_W / 2.0 + 6.0, b.1 + NODE_H);
            let my = (y1 + y2) / 2.0;
            let (src, tgt) = (map.sentences[si].id, map.sentences[ti].id);
            s.push_str(&format!(
                "<path class=\"gold-edge\" data-source=\"{src}\" data-target=\"{tgt}\" d=\"M{x1:.1},{y1:.1} C{x1:.1},{my:.1} {x2:.1},{my:.1} {x2:.1},{y2:.1}\" fill=\"none\" stroke=\"#777\" stroke-width=\"1.5\" stroke-dasharray=\"2,3\"><title>{src} → {tgt}: {relation} in the hand annotation, not predicted</title></path>\n"
            ));
        }
    }
    for &(i, _, _) in &nodes {
        let u = &map.sentences[i];
        let (x, y) = at[&i];
        let gold_role = gold.and_then(|g| g.roles.get(i).copied().flatten());
        let (stroke, note) = match gold_role {
            Some(r) if r != u.role => (
                "stroke=\"#000\" stroke-width=\"2\" stroke-dasharray=\"4,3\"".to_string(),
                format!(" (hand annotation: {r})"),
            ),
            _ => ("stroke=\"#555\"".to_string(), String::new()),
        };
        s.push_str(&format!(
            "<g class=\"node role-{}\" data-id=\"{}\"{}><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"6\" fill=\"{}\" fill-opacity=\"{:.2}\" {stroke}/>\
             <text class=\"nodelabel\" x=\"{:.1}\" y=\"{:.1}\">{} · {} {:.0}%</text><text x=\"{:.1}\" y=\"{:.1}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\">{}</text><title>{}{note}</title></g>\n",
            u.role,
            u.id,
            gold_role.map_or(String::new(), |r| format!(" data-gold=\"{r}\"")),
            role_colour(u.role),
            0.35 + 0.65 * u.confidence(),
            x + 6.0,
            y + 13.0,
            u.id,
            u.role,
            100.0 * u.confidence(),
            x + 6.0,
            y + 27.0,
            esc(&short(&u.text, 30)),
            x + 6.0,
            y + 40.0,
            esc(&short(&u.text.chars().skip(30).collect::<String>(), 30)),
            esc(&u.text)
        ));
    }
    s.push_str("</svg>");
    s
}

/// Write the report of one document: summary, legend, the map, and the text coloured by role.
pub fn write_html<W: Write>(w: W, map: &ArgumentMap, path: &str) -> Result<()> {
    write_html_with_gold(w, map, path, None)
}

/// [`write_html`] with a hand annotation of the document drawn in (see [`svg_with_gold`]) and a
/// section that follows every gold chain from an evidence unit to its root claim, step by step,
/// beside the chain argmine predicted from the same unit.
pub fn write_html_with_gold<W: Write>(
    mut w: W,
    map: &ArgumentMap,
    path: &str,
    gold: Option<&GoldView>,
) -> Result<()> {
    let count = |r| map.count(r);
    writeln!(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>argmine: {}</title><style>{CSS}</style></head><body>", esc(&map.doc_id))?;
    writeln!(
        w,
        "<header><h1>{}</h1><p>{}</p></header><main>",
        esc(&map.doc_id),
        esc(path)
    )?;
    writeln!(
        w,
        "<p class=\"counts\" id=\"counts\" data-units=\"{}\" data-links=\"{}\">{} units: {} claims, {} evidence, {} stance, {} none; {} links ({} support, {} attack).</p>",
        map.sentences.len(),
        map.links.len(),
        map.sentences.len(),
        count(Role::Claim),
        count(Role::Evidence),
        count(Role::Stance),
        count(Role::None),
        map.links.len(),
        map.links.iter().filter(|l| l.relation == Relation::Support).count(),
        map.links.iter().filter(|l| l.relation == Relation::Attack).count()
    )?;
    if let Some(g) = gold {
        let found = g.links.iter().filter(|l| g.found(l.0, l.1)).count();
        let mapped: Vec<(usize, Role)> = g
            .roles
            .iter()
            .enumerate()
            .filter_map(|(i, r)| Some((i, (*r)?)))
            .collect();
        let agree = mapped
            .iter()
            .filter(|(i, r)| map.sentences[*i].role == *r)
            .count();
        writeln!(
            w,
            "<p class=\"counts\" id=\"gold\" data-gold-links=\"{}\" data-found=\"{found}\">Hand annotation {}: the predicted role agrees on {agree} of {} units; {found} of its {} links predicted (same source and target).</p>",
            g.links.len(),
            esc(&g.name),
            mapped.len(),
            g.links.len()
        )?;
    }
    writeln!(w, "{}", legend(gold.is_some()))?;
    writeln!(
        w,
        "<h2>Argument map</h2><div class=\"map\">{}</div>",
        svg_with_gold(map, gold)
    )?;
    if let Some(g) = gold {
        write_chains(&mut w, map, g)?;
    }
    writeln!(w, "<h2>Text</h2><div class=\"text\">")?;
    let mut para = 0;
    let mut open = false;
    for s in &map.sentences {
        let style = format!(
            "background:{}{:02x}",
            role_colour(s.role),
            (40.0 + 200.0 * s.confidence()).round() as u8
        );
        let title = format!(
            "{} · claim {:.2} · evidence {:.2} · stance {:.2} · none {:.2}",
            s.role, s.probs[0], s.probs[1], s.probs[2], s.probs[3]
        );
        if s.heading {
            if open {
                writeln!(w, "</p>")?;
                open = false;
            }
            writeln!(w, "<h2 class=\"heading s role-{}\" style=\"{style}\" title=\"{}\">{} <sup>{}</sup></h2>", s.role, esc(&title), esc(&s.text), s.id)?;
            para = s.paragraph;
            continue;
        }
        if s.paragraph != para || !open {
            if open {
                writeln!(w, "</p>")?;
            }
            write!(w, "<p>")?;
            open = true;
            para = s.paragraph;
        }
        write!(
            w,
            "<span class=\"s role-{}\" style=\"{style}\" title=\"{}\">{}<sup>{}</sup></span> ",
            s.role,
            esc(&title),
            esc(&s.text),
            s.id
        )?;
    }
    if open {
        writeln!(w, "</p>")?;
    }
    writeln!(w, "</div></main></body></html>")?;
    Ok(())
}

/// The gold chains from evidence units to their roots, each step marked found or missed, with
/// argmine's own chain from the same unit.
fn write_chains<W: Write>(w: &mut W, map: &ArgumentMap, g: &GoldView) -> Result<()> {
    let unit = |i: usize| {
        let s = &map.sentences[i];
        format!(
            "<b>{}</b> <i>{}</i> “{}”",
            s.id,
            g.roles[i].unwrap_or(s.role),
            esc(&short(&s.text, 70))
        )
    };
    writeln!(
        w,
        "<h2>Chains in the hand annotation</h2><ol class=\"chains\">"
    )?;
    let mut sources: Vec<usize> = g
        .links
        .iter()
        .map(|l| l.0)
        .filter(|&i| g.roles[i] == Some(Role::Evidence))
        .collect();
    sources.sort_unstable();
    sources.dedup();
    for i in sources {
        let gold_chain = chain(i, |x| g.parent(x));
        let mut line = unit(i);
        for step in gold_chain.windows(2) {
            let ok = g.found(step[0], step[1]);
            line.push_str(&format!(
                " <span class=\"{}\">{}</span> {}",
                if ok { "found" } else { "missed" },
                if ok { "→ (found)" } else { "→ (missed)" },
                unit(step[1])
            ));
        }
        let ours = chain(i, |x| g.predicted[x]);
        let ours: Vec<String> = ours
            .iter()
            .map(|&x| map.sentences[x].id.to_string())
            .collect();
        writeln!(
            w,
            "<li class=\"chain\" data-source=\"{}\">{line}<br><small>argmine: {}</small></li>",
            map.sentences[i].id,
            ours.join(" → ")
        )?;
    }
    writeln!(w, "</ol>")?;
    Ok(())
}

/// One row of the index page.
#[derive(Debug, Clone)]
pub struct IndexEntry {
    /// Document id.
    pub doc_id: String,
    /// File name of its report, relative to the index.
    pub href: String,
    /// Units, claims, evidence, stance, links.
    pub counts: [usize; 5],
}

/// A relative URL for a file path relative to the page (`/`-separated): every segment
/// percent-encoded but for RFC 3986's unreserved characters, after `./`, so that no file name can
/// read as a scheme (`javascript:`), a query, a fragment or another folder.
pub fn relative_url(path: &str) -> String {
    let mut url = String::from(".");
    for segment in path.split('/') {
        url.push('/');
        for b in segment.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                url.push(b as char);
            } else {
                url.push_str(&format!("%{b:02X}"));
            }
        }
    }
    url
}

/// Write the index page over a batch.
pub fn write_index<W: Write>(mut w: W, entries: &[IndexEntry]) -> Result<()> {
    writeln!(w, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>argmine: {} documents</title><style>{CSS}</style></head><body>", entries.len())?;
    writeln!(
        w,
        "<header><h1>argmine</h1><p>{} documents</p></header><main>{}",
        entries.len(),
        legend(false)
    )?;
    writeln!(w, "<table><tr><th>document</th><th>units</th><th>claims</th><th>evidence</th><th>stance</th><th>links</th></tr>")?;
    for e in entries {
        let [u, c, ev, st, l] = e.counts;
        writeln!(w, "<tr><td><a href=\"{}\">{}</a></td><td>{u}</td><td>{c}</td><td>{ev}</td><td>{st}</td><td>{l}</td></tr>", esc(&relative_url(&e.href)), esc(&e.doc_id))?;
    }
    writeln!(w, "</table></main></body></html>")?;
    Ok(())
}
