//! Brat standoff, AIF, Argdown, Graphviz DOT and GraphML: the argument map in the formats other
//! tools read. Each writes to any `io::Write`.

use crate::document::{ArgumentMap, Relation, Role};
use crate::Result;
use std::collections::HashMap;
use std::io::Write;

/// The brat entity type of a role.
fn brat_type(r: Role) -> &'static str {
    match r {
        Role::Claim => "Claim",
        Role::Evidence => "Evidence",
        Role::Stance => "Stance",
        Role::None => "None",
    }
}

/// brat's `annotation.conf` for argmine's labels.
pub const BRAT_ANNOTATION_CONF: &str = "[entities]\nClaim\nEvidence\nStance\nNone\n\n[relations]\n\
supports\tArg1:Claim|Evidence|Stance, Arg2:Claim\nattacks\tArg1:Claim|Evidence|Stance, Arg2:Claim\n\n[events]\n\n[attributes]\n";

/// brat's `visual.conf`: the colours of the HTML report.
pub const BRAT_VISUAL_CONF: &str = "[labels]\n\n[drawing]\nClaim\tbgColor:#f4a261\nEvidence\tbgColor:#76c7c0\nStance\tbgColor:#b39ddb\nNone\tbgColor:#e0e0e0\nsupports\tcolor:#2a9d8f\nattacks\tcolor:#e63946, dashArray:3-3\n";

/// Write the `.ann` of `map` over `text` (the `.txt` brat shows must be `text` itself). A unit
/// that spans line breaks is written as one fragment per line, as brat requires.
pub fn write_brat_ann<W: Write>(mut w: W, map: &ArgumentMap, text: &str) -> Result<()> {
    let chars: Vec<char> = text.chars().collect();
    for s in &map.sentences {
        let (a, b) = (s.span.char.start, s.span.char.end);
        let mut frags: Vec<(usize, usize)> = Vec::new();
        let mut start = a;
        for (i, c) in chars.iter().enumerate().take(b).skip(a) {
            if *c == '\n' || *c == '\r' {
                if i > start {
                    frags.push((start, i));
                }
                start = i + 1;
            }
        }
        if b > start {
            frags.push((start, b));
        }
        let spans: Vec<String> = frags.iter().map(|(x, y)| format!("{x} {y}")).collect();
        let shown: Vec<String> = frags
            .iter()
            .map(|&(x, y)| chars[x..y].iter().collect())
            .collect();
        writeln!(
            w,
            "T{}\t{} {}\t{}",
            s.id,
            brat_type(s.role),
            spans.join(";"),
            shown.join(" ")
        )?;
    }
    for (k, l) in map.links.iter().enumerate() {
        let ty = match l.relation {
            Relation::Support => "supports",
            Relation::Attack => "attacks",
        };
        writeln!(w, "R{}\t{ty} Arg1:T{} Arg2:T{}", k + 1, l.source, l.target)?;
    }
    Ok(())
}

/// Write AIF JSON: an I-node per unit, an RA-node per support, a CA-node per attack.
pub fn write_aif<W: Write>(w: W, map: &ArgumentMap) -> Result<()> {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    for s in &map.sentences {
        nodes.push(serde_json::json!({"nodeID": s.id.to_string(), "text": s.text, "type": "I", "role": s.role}));
    }
    let base = map.sentences.len() + 1;
    for (k, l) in map.links.iter().enumerate() {
        let id = (base + k).to_string();
        let (ty, text) = match l.relation {
            Relation::Support => ("RA", "Default Inference"),
            Relation::Attack => ("CA", "Default Conflict"),
        };
        nodes.push(serde_json::json!({"nodeID": id, "text": text, "type": ty, "score": l.score}));
        edges.push(serde_json::json!({"edgeID": format!("e{}a", k + 1), "fromID": l.source.to_string(), "toID": id}));
        edges.push(serde_json::json!({"edgeID": format!("e{}b", k + 1), "fromID": id, "toID": l.target.to_string()}));
    }
    let aif = serde_json::json!({"nodes": nodes, "edges": edges, "locutions": [], "participants": [], "doc_id": map.doc_id});
    serde_json::to_writer_pretty(w, &aif)?;
    Ok(())
}

/// Write xAIF, the interchange format of ARG-tech's tools (OVA3, the `xaif` package):
/// `{"AIF": {nodes, edges, locutions, participants, schemefulfillments, descriptorfulfillments},
/// "text", "dialog", "OVA"}`. Each argumentative unit is a locution (an L-node, the author's words,
/// with a `locutions` entry naming the one participant, the author), its proposition (an I-node)
/// and the YA-node "Asserting" between them; each support is an RA-node ("Default Inference") and
/// each attack a CA-node ("Default Conflict") from the source's I-node to the target's. `text` is the
/// document's text. Node ids: I-nodes are the unit ids, L-nodes the unit id plus the number of
/// units, YA-nodes plus twice that, relation nodes after them.
pub fn write_xaif<W: Write>(w: W, map: &ArgumentMap, text: &str) -> Result<()> {
    let n = map.sentences.len();
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let mut locutions = Vec::new();
    let edge = |from: usize, to: usize, edges: &mut Vec<serde_json::Value>| {
        let id = edges.len() + 1;
        edges.push(serde_json::json!({"edgeID": id, "fromID": from, "toID": to}));
    };
    let linked = linked_ids(map);
    for s in map
        .sentences
        .iter()
        .filter(|s| s.role != Role::None || linked.contains(&s.id))
    {
        let (i, l, ya) = (s.id, n + s.id, 2 * n + s.id);
        nodes.push(serde_json::json!({"nodeID": i, "text": s.text, "type": "I", "role": s.role}));
        nodes.push(
            serde_json::json!({"nodeID": l, "text": format!("author: {}", s.text), "type": "L"}),
        );
        nodes.push(serde_json::json!({"nodeID": ya, "text": "Asserting", "type": "YA"}));
        locutions.push(serde_json::json!({"nodeID": l, "personID": 1}));
        edge(l, ya, &mut edges);
        edge(ya, i, &mut edges);
    }
    for (k, l) in map.links.iter().enumerate() {
        let id = 3 * n + k + 1;
        let (ty, name) = match l.relation {
            Relation::Support => ("RA", "Default Inference"),
            Relation::Attack => ("CA", "Default Conflict"),
        };
        nodes.push(serde_json::json!({"nodeID": id, "text": name, "type": ty, "score": super::round4(l.score)}));
        edge(l.source, id, &mut edges);
        edge(id, l.target, &mut edges);
    }
    let xaif = serde_json::json!({
        "AIF": {
            "nodes": nodes,
            "edges": edges,
            "locutions": locutions,
            "participants": [{"participantID": 1, "firstname": "author", "surname": ""}],
            "schemefulfillments": [],
            "descriptorfulfillments": [],
        },
        "text": text,
        "dialog": false,
        "OVA": {"firstname": "", "surname": "", "url": "", "nodes": [], "edges": []},
        "doc_id": map.doc_id,
    });
    serde_json::to_writer_pretty(w, &xaif)?;
    Ok(())
}

/// The ids of the units that are the source or target of a link.
fn linked_ids(map: &ArgumentMap) -> std::collections::HashSet<usize> {
    map.links
        .iter()
        .flat_map(|l| [l.source, l.target])
        .collect()
}

/// The units (by index) that link to each unit, with the relation.
pub type Children = HashMap<usize, Vec<(usize, Relation)>>;

/// Children of each unit (by index) in the link forest, and the roots (units with incoming links
/// but no outgoing one), in text order.
pub fn forest(map: &ArgumentMap) -> (Children, Vec<usize>) {
    let idx = map.index_by_id();
    let mut children: HashMap<usize, Vec<(usize, Relation)>> = HashMap::new();
    let mut has_parent = vec![false; map.sentences.len()];
    for l in &map.links {
        if let (Some(&s), Some(&t)) = (idx.get(&l.source), idx.get(&l.target)) {
            children.entry(t).or_default().push((s, l.relation));
            has_parent[s] = true;
        }
    }
    let roots = (0..map.sentences.len())
        .filter(|&i| !has_parent[i] && children.contains_key(&i))
        .collect();
    (children, roots)
}

/// A statement's text for Argdown: every ASCII punctuation character escaped with a backslash
/// (Argdown gives meaning to many: `[`, `<`, `#`, `*`, `_`, `{`, `@`, `.X.` shortcodes, a leading
/// `+` or `-`, ...; an escaped one is read back as itself), line breaks and tabs as spaces. The
/// Argdown CLI reads the text back exactly (`scripts/argdown-check.sh`).
fn argdown_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Write Argdown: each tree of the map with supporters (`+`) and attackers (`-`) indented under
/// the claim they bear on; units with no link follow as plain statements. Top-level statements
/// are separated by a blank line, as Argdown requires.
pub fn write_argdown<W: Write>(mut w: W, map: &ArgumentMap) -> Result<()> {
    let (children, roots) = forest(map);
    // A JSON string is a YAML double-quoted scalar: the title (the file's, else the id) comes
    // back as it is, colons and all.
    writeln!(
        w,
        "===\ntitle: {}\n===\n",
        serde_json::to_string(map.display_title()).expect("a string serialises")
    )?;
    fn node<W: Write>(
        w: &mut W,
        map: &ArgumentMap,
        children: &HashMap<usize, Vec<(usize, Relation)>>,
        i: usize,
        depth: usize,
        rel: Option<Relation>,
    ) -> Result<()> {
        let s = &map.sentences[i];
        let mark = match rel {
            None => "",
            Some(Relation::Support) => "+ ",
            Some(Relation::Attack) => "- ",
        };
        writeln!(
            w,
            "{}{mark}[s{}]: {} #{}",
            "    ".repeat(depth),
            s.id,
            argdown_text(&s.text),
            s.role
        )?;
        for &(c, r) in children.get(&i).map(Vec::as_slice).unwrap_or(&[]) {
            node(w, map, children, c, depth + 1, Some(r))?;
        }
        Ok(())
    }
    for &r in &roots {
        node(&mut w, map, &children, r, 0, None)?;
        writeln!(w)?;
    }
    let linked = linked_ids(map);
    for s in map
        .sentences
        .iter()
        .filter(|s| s.role != Role::None && !linked.contains(&s.id))
    {
        writeln!(w, "[s{}]: {} #{}\n", s.id, argdown_text(&s.text), s.role)?;
    }
    Ok(())
}

/// A DOT string's contents: quotes and backslashes escaped, and the characters XML forbids
/// replaced (Graphviz copies labels into the SVG it makes).
fn dot_escape(s: &str) -> String {
    xml_chars(s).replace('\\', "\\\\").replace('"', "\\\"")
}

/// `s` cut to `n` chars, with an ellipsis when cut.
pub(crate) fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

/// `s` broken into lines of at most `width` characters at spaces (a longer word gets a line of
/// its own, cut at `width`), at most `lines` of them, the last ending in `…` when text was left out.
pub(crate) fn wrap(s: &str, width: usize, lines: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in s.split_whitespace() {
        let chars: Vec<char> = word.chars().collect();
        for piece in chars.chunks(width.max(1)) {
            if !cur.is_empty() && cur.chars().count() + 1 + piece.len() > width {
                out.push(std::mem::take(&mut cur));
            }
            if !cur.is_empty() {
                cur.push(' ');
            }
            cur.extend(piece);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    if out.len() > lines {
        out.truncate(lines);
        if let Some(last) = out.last_mut() {
            last.push('…');
        }
    }
    out
}

/// Fill colour of a role in DOT, GraphML and HTML.
pub fn role_colour(r: Role) -> &'static str {
    match r {
        Role::Claim => "#f4a261",
        Role::Evidence => "#76c7c0",
        Role::Stance => "#b39ddb",
        Role::None => "#e0e0e0",
    }
}

/// Write Graphviz DOT: argumentative units as nodes (role as attribute and colour), links as edges
/// pointing from the source to the claim (support solid green, attack dashed red).
pub fn write_dot<W: Write>(mut w: W, map: &ArgumentMap) -> Result<()> {
    writeln!(w, "digraph \"{}\" {{", dot_escape(&map.doc_id))?;
    // Links point up: main claims on top, each unit one rank under the claim it bears on.
    writeln!(w, "  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];")?;
    // The legend: the roles' colours and the two kinds of edge.
    writeln!(w, "  subgraph cluster_legend {{\n    label=\"legend\"; fontname=\"Helvetica\"; fontsize=10; color=\"#bbbbbb\";")?;
    for r in [Role::Claim, Role::Evidence, Role::Stance] {
        writeln!(
            w,
            "    legend_{r} [label=\"{r}\", fillcolor=\"{}\"];",
            role_colour(r)
        )?;
    }
    writeln!(
        w,
        "    legend_evidence -> legend_claim [label=\"supports\", fontsize=9, color=\"#2a9d8f\"];"
    )?;
    writeln!(w, "    legend_stance -> legend_claim [label=\"attacks\", fontsize=9, color=\"#e63946\", style=dashed];\n  }}")?;
    for s in map.sentences.iter().filter(|s| s.role != Role::None) {
        // Whole words, 40 characters a line (Graphviz centres each `\n` line), up to 8 lines.
        let label = wrap(&format!("{}: {}", s.id, s.text), 40, 8)
            .iter()
            .map(|l| dot_escape(l))
            .collect::<Vec<_>>()
            .join("\\n");
        writeln!(
            w,
            "  s{} [label=\"{}\", role=\"{}\", confidence=\"{}\", fillcolor=\"{}\"];",
            s.id,
            label,
            s.role,
            super::prob4(s.confidence()),
            role_colour(s.role)
        )?;
    }
    for l in &map.links {
        let style = match l.relation {
            Relation::Support => "color=\"#2a9d8f\"",
            Relation::Attack => "color=\"#e63946\", style=dashed",
        };
        writeln!(
            w,
            "  s{} -> s{} [relation=\"{}\", score=\"{}\", {style}];",
            l.source,
            l.target,
            l.relation,
            super::prob4(l.score)
        )?;
    }
    writeln!(w, "}}")?;
    Ok(())
}

/// `s` with the characters XML 1.0 forbids (control characters other than tab, line feed and
/// carriage return; surrogates; U+FFFE and U+FFFF) replaced by U+FFFD, so that XML (and the SVG
/// Graphviz makes from DOT) stays well-formed whatever the text holds.
pub(crate) fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    let allowed = |c: char| {
        matches!(c, '\t' | '\n' | '\r')
            || ('\u{20}'..='\u{D7FF}').contains(&c)
            || ('\u{E000}'..='\u{FFFD}').contains(&c)
            || c >= '\u{10000}'
    };
    if s.chars().all(allowed) {
        s.into()
    } else {
        s.chars()
            .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
            .collect::<String>()
            .into()
    }
}

/// Escape for XML and HTML text and attributes (forbidden characters replaced, see
/// [`xml_chars`]).
pub(crate) fn xml_escape(s: &str) -> String {
    xml_chars(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// GraphML `<data key="K">V</data>` elements.
fn write_data<W: Write>(
    x: &mut quick_xml::Writer<W>,
    data: &[(&str, String)],
) -> std::io::Result<()> {
    for (key, value) in data {
        x.create_element("data")
            .with_attribute(("key", *key))
            .write_text_content(quick_xml::events::BytesText::new(value))?;
    }
    Ok(())
}

/// Write GraphML (Gephi, yEd): nodes with role, confidence, paragraph, text and a `label` (the
/// text, which yEd and Gephi show); edges with relation and score. Written with an XML writer;
/// confidences and scores rounded as in the CSV files.
pub fn write_graphml<W: Write>(w: W, map: &ArgumentMap) -> Result<()> {
    use quick_xml::events::{BytesDecl, Event};
    let p = super::prob4;
    let mut x = quick_xml::Writer::new_with_indent(w, b' ', 2);
    x.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    x.create_element("graphml")
        .with_attribute(("xmlns", "http://graphml.graphdrawing.org/xmlns"))
        .write_inner_content(|x| {
            for (id, on, name, ty) in [
                ("role", "node", "role", "string"),
                ("confidence", "node", "confidence", "double"),
                ("paragraph", "node", "paragraph", "int"),
                ("text", "node", "text", "string"),
                ("label", "node", "label", "string"),
                ("relation", "edge", "relation", "string"),
                ("score", "edge", "score", "double"),
            ] {
                x.create_element("key")
                    .with_attributes([
                        ("id", id),
                        ("for", on),
                        ("attr.name", name),
                        ("attr.type", ty),
                    ])
                    .write_empty()?;
            }
            let doc_id = xml_chars(&map.doc_id);
            x.create_element("graph")
                .with_attributes([("id", doc_id.as_ref()), ("edgedefault", "directed")])
                .write_inner_content(|x| {
                    for s in map.sentences.iter().filter(|s| s.role != Role::None) {
                        let text = xml_chars(&s.text);
                        let data = [
                            ("role", s.role.as_str().to_string()),
                            ("confidence", p(s.confidence())),
                            ("paragraph", s.paragraph.to_string()),
                            ("text", text.to_string()),
                            ("label", text.to_string()),
                        ];
                        x.create_element("node")
                            .with_attribute(("id", format!("s{}", s.id).as_str()))
                            .write_inner_content(|x| write_data(x, &data))?;
                    }
                    for (k, l) in map.links.iter().enumerate() {
                        let (id, source, target) = (
                            format!("e{}", k + 1),
                            format!("s{}", l.source),
                            format!("s{}", l.target),
                        );
                        let data = [
                            ("relation", l.relation.as_str().to_string()),
                            ("score", p(l.score)),
                        ];
                        x.create_element("edge")
                            .with_attributes([
                                ("id", id.as_str()),
                                ("source", source.as_str()),
                                ("target", target.as_str()),
                            ])
                            .write_inner_content(|x| write_data(x, &data))?;
                    }
                    Ok(())
                })?;
            Ok(())
        })?;
    x.into_inner().write_all(b"\n")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn labels_wrap_at_word_boundaries() {
        assert_eq!(
            wrap("relations have warmed since the summit", 16, 8),
            ["relations have", "warmed since the", "summit"]
        );
        assert_eq!(
            wrap("a verylongwordindeed b", 8, 8),
            ["a", "verylong", "wordinde", "ed b"]
        );
        assert_eq!(wrap("one two three four", 3, 2), ["one", "two…"]);
        assert!(wrap("", 10, 3).is_empty());
    }
}
