//! A self-contained HTML report per document and an index page over a batch.
//!
//! The report is one file with no network access: inline CSS, the map as inline SVG, and one
//! inline script that a Content-Security-Policy pins by its SHA-256, so that no other script can
//! run even if a document's text got through escaping (all text is escaped, and the script reads
//! only the ids and numbers argmine wrote into `data-` attributes). Without the script the page
//! still shows everything: the map fitted to its pane, the text with each unit's links, and the
//! outline. The script adds zoom and pan (wheel, drag, the buttons, `+` `-` `0` and the arrow
//! keys), selection (a click or Enter on a sentence, a node or an outline entry highlights the
//! unit, its target and its chain up to the main claim, in the text and in the map), filters by
//! role and confidence, a link to a unit (`#unit=N` selects it and zooms the map to its chain),
//! and a self-check (`#selftest=N`) that the browser tests read.

use super::graph::{forest, role_colour, wrap};
use crate::annotation::GoldDocument;
use crate::document::{ArgumentMap, Relation, Role};
use crate::Result;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;

use super::graph::{short, xml_escape as esc};

const CSS: &str = "*{box-sizing:border-box}body{font-family:Georgia,serif;margin:0;color:#222;background:#fafafa}
header{background:#264653;color:#fff;padding:10px 20px}header h1{margin:0;font-size:20px;line-height:1.25}
header p{margin:3px 0 0;font:13px sans-serif;opacity:.85}main{padding:10px 20px}
.legend span{display:inline-block;margin-right:14px;font:13px sans-serif}
.sw{display:inline-block;width:12px;height:12px;border-radius:3px;margin-right:4px;vertical-align:-1px}
.counts{font:13px sans-serif;margin:6px 0}
.toolbar{font:13px sans-serif;display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center;margin:6px 0}
.toolbar button{font:13px sans-serif;min-width:28px}.toolbar label{white-space:nowrap}
#selection{font:13px sans-serif;min-height:1.4em;margin:4px 0;color:#264653}
.panes{display:grid;grid-template-columns:minmax(300px,38%) 1fr;gap:12px;height:calc(100vh - 190px);min-height:420px}
.pane{border:1px solid #ddd;background:#fff;overflow:auto;min-width:0}
.map{overflow:hidden;position:relative;outline-offset:-3px}.map svg{width:100%;height:100%;display:block;cursor:grab;touch-action:none}
@media (max-width:900px){.panes{grid-template-columns:1fr;height:auto}.map{height:70vh}.text{max-height:60vh}}
.text{line-height:1.6;padding:8px 16px}
.s{border-radius:3px;padding:1px 0;cursor:pointer}.s sup{font:10px sans-serif;color:#555}
.s:focus{outline:2px solid #264653}.to,.from{font:10px sans-serif;color:#2a6f6a;white-space:nowrap}.to.attack{color:#c1121f}
h2{font-size:17px;margin:14px 0 6px}h2.heading{font-size:16px;margin:12px 0 4px}
svg text{font:11px 'DejaVu Sans',Arial,sans-serif}svg .nodelabel{font-weight:bold}
g.node{cursor:pointer}g.node.root rect{stroke-width:2.5}
.selecting g.node,.selecting path.edge{opacity:.25}.selecting g.node.sel,.selecting g.node.chain,.selecting path.edge.chain{opacity:1}
g.node.sel rect{stroke:#000;stroke-width:3}g.node.chain rect{stroke:#264653;stroke-width:2.5}path.edge.chain{stroke-width:4}
.s.sel{outline:2px solid #000}.s.chain{outline:2px solid #264653}.o.sel,.o.chain{outline:2px solid #264653}
.hidden{display:none}.faded{opacity:.15}
.outline{font:14px sans-serif;margin:12px 0}.outline ul{list-style:none;padding-left:1.4em;margin:2px 0}
.outline li{margin:3px 0}.o{cursor:pointer;border-radius:3px;padding:0 3px}.rel{font-size:11px;color:#555}
.badge{font:11px sans-serif;border-radius:3px;padding:0 4px;margin-right:4px}
table{border-collapse:collapse;font:13px sans-serif}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}
td:first-child,th:first-child,td.t,th.t{text-align:left}th{cursor:pointer;background:#eef}tfoot td{font-weight:bold}
tr.failed td{color:#c1121f}
.chains{font:13px sans-serif;max-width:70em}.chains li{margin:4px 0}.found{color:#2a9d8f;font-weight:bold}
.missed{color:#e63946;font-weight:bold}";

/// The report's script (see the module documentation). It uses no text of the document.
const SCRIPT: &str = r##"(()=>{"use strict";
const $=(q,r=document)=>r.querySelector(q),$$=(q,r=document)=>Array.from(r.querySelectorAll(q));
const svg=$("svg.argmap"),pane=$(".map"),parent=new Map();
$$("path.edge").forEach(e=>parent.set(e.dataset.source,e.dataset.target));
let full=null,vb=null;
if(svg){const b=svg.viewBox.baseVal;full={x:b.x,y:b.y,w:b.width,h:b.height};vb={...full};}
const apply=()=>svg.setAttribute("viewBox",vb.x+" "+vb.y+" "+vb.w+" "+vb.h);
const scale=()=>{const r=svg.getBoundingClientRect();return Math.max(vb.w/r.width,vb.h/r.height);};
const toUser=(x,y)=>{const r=svg.getBoundingClientRect(),s=scale();
 return {x:vb.x+(x-r.left)*s-(r.width*s-vb.w)/2,y:vb.y+(y-r.top)*s-(r.height*s-vb.h)/2};};
const zoom=(f,cx,cy)=>{if(!svg)return;const w=Math.min(full.w*4,Math.max(full.w/60,vb.w*f)),k=w/vb.w;
 if(cx===undefined){cx=vb.x+vb.w/2;cy=vb.y+vb.h/2;}
 vb.x=cx-(cx-vb.x)*k;vb.y=cy-(cy-vb.y)*k;vb.w*=k;vb.h*=k;apply();};
const fit=()=>{if(svg){vb={...full};apply();}};
const pan=(dx,dy)=>{vb.x+=dx*vb.w;vb.y+=dy*vb.h;apply();};
if(svg){
 svg.addEventListener("wheel",ev=>{ev.preventDefault();const p=toUser(ev.clientX,ev.clientY);zoom(ev.deltaY>0?1.2:1/1.2,p.x,p.y);},{passive:false});
 let drag=null;
 svg.addEventListener("pointerdown",ev=>{if(ev.target.closest("g.node"))return;drag={x:ev.clientX,y:ev.clientY,vx:vb.x,vy:vb.y,s:scale()};svg.setPointerCapture(ev.pointerId);});
 svg.addEventListener("pointermove",ev=>{if(!drag)return;vb.x=drag.vx-(ev.clientX-drag.x)*drag.s;vb.y=drag.vy-(ev.clientY-drag.y)*drag.s;apply();});
 svg.addEventListener("pointerup",()=>{drag=null;});
 pane.addEventListener("keydown",ev=>{const k=ev.key,m={"+":()=>zoom(1/1.25),"=":()=>zoom(1/1.25),"-":()=>zoom(1.25),"0":fit,
  ArrowLeft:()=>pan(-.1,0),ArrowRight:()=>pan(.1,0),ArrowUp:()=>pan(0,-.1),ArrowDown:()=>pan(0,.1)};
  if(m[k]&&!ev.target.closest("g.node")){ev.preventDefault();m[k]();}});
}
const on=(id,f)=>{const b=$("#"+id);if(b)b.addEventListener("click",f);};
on("zoom-in",()=>zoom(1/1.25));on("zoom-out",()=>zoom(1.25));on("zoom-fit",fit);
let last=[];
const clear=()=>{$$(".sel,.chain").forEach(e=>e.classList.remove("sel","chain"));document.body.classList.remove("selecting");
 const st=$("#selection");if(st)st.textContent="";last=[];};
const reveal=g=>{const b=g.getBBox();if(b.x<vb.x||b.y<vb.y||b.x+b.width>vb.x+vb.w||b.y+b.height>vb.y+vb.h){
 vb.x=b.x+b.width/2-vb.w/2;vb.y=b.y+b.height/2-vb.h/2;apply();}};
const select=(id,from)=>{clear();const chain=[id];let c=id;
 while(parent.has(c)&&!chain.includes(parent.get(c))){c=parent.get(c);chain.push(c);}
 chain.forEach((u,i)=>$$('[data-id="'+u+'"]').forEach(e=>e.classList.add(i?"chain":"sel")));
 for(let i=0;i+1<chain.length;i++)$$('path.edge[data-source="'+chain[i]+'"][data-target="'+chain[i+1]+'"]').forEach(e=>e.classList.add("chain"));
 document.body.classList.add("selecting");
 const st=$("#selection");if(st)st.textContent="Unit "+chain.map(u=>{const g=$('g.node[data-id="'+u+'"]');return u+(g?" ("+g.dataset.role+")":"");}).join(" \u2192 ")+(chain.length>1?" (main claim)":"");
 const g=$('g.node[data-id="'+id+'"]');if(g&&svg&&from!=="map")reveal(g);
 const t=$('.text [data-id="'+id+'"]');if(t&&from!=="text")t.scrollIntoView({block:"nearest"});
 last=chain;return chain;};
document.addEventListener("click",ev=>{const e=ev.target.closest("[data-id]");if(!e)return;
 select(e.dataset.id,e.closest(".map")?"map":e.closest(".text")?"text":"outline");});
document.addEventListener("keydown",ev=>{if(ev.key==="Escape"){clear();return;}
 const e=ev.target.closest&&ev.target.closest("[data-id]");
 if(e&&(ev.key==="Enter"||ev.key===" ")){ev.preventDefault();select(e.dataset.id,e.closest(".map")?"map":e.closest(".text")?"text":"outline");}});
const refilter=()=>{const off=new Set($$("input.role-filter").filter(i=>!i.checked).map(i=>i.value));
 const r=$("#min-conf"),min=r?Number(r.value)/100:0,o=$("#min-conf-out");if(o)o.textContent=Math.round(min*100)+"%";
 const hidden=new Set();
 $$("g.node").forEach(g=>{const h=off.has(g.dataset.role)||Number(g.dataset.conf)<min;g.classList.toggle("hidden",h);if(h)hidden.add(g.dataset.id);});
 $$("path.edge,path.gold-edge").forEach(e=>e.classList.toggle("hidden",hidden.has(e.dataset.source)||hidden.has(e.dataset.target)));
 $$(".text .s").forEach(s=>s.classList.toggle("faded",off.has(s.dataset.role)||Number(s.dataset.conf)<min));};
$$("input.role-filter,#min-conf").forEach(i=>i.addEventListener("input",refilter));
const focus=chain=>{if(!svg)return;const bs=chain.map(u=>$('g.node[data-id="'+u+'"]')).filter(g=>g).map(g=>g.getBBox());if(!bs.length)return;
 const x0=Math.min(...bs.map(b=>b.x)),y0=Math.min(...bs.map(b=>b.y)),x1=Math.max(...bs.map(b=>b.x+b.width)),y1=Math.max(...bs.map(b=>b.y+b.height));
 const r=svg.getBoundingClientRect(),w=Math.max(x1-x0+200,900),h=Math.max(y1-y0+120,w*r.height/r.width);
 vb={x:(x0+x1)/2-w/2,y:(y0+y1)/2-h/2,w:w,h:h};apply();};
if(location.hash.startsWith("#unit=")){focus(select(location.hash.slice(6),"outline"));}
if(location.hash.startsWith("#selftest")){
 const n=location.hash.split("=")[1],over=[];
 $$("g.node").forEach(g=>{const r=g.querySelector("rect").getBBox();
  $$("text",g).forEach(t=>{const b=t.getBBox();if(b.x<r.x-.5||b.y<r.y-.5||b.x+b.width>r.x+r.width+.5||b.y+b.height>r.y+r.height+.5)over.push(g.dataset.id);});});
 const m=svg?svg.getBoundingClientRect():{left:0,right:0,width:0,height:0},d=document.documentElement;
 const bb=svg?svg.getBBox():{x:0,y:0,width:0,height:0};
 const inside=!!svg&&bb.x>=full.x-1&&bb.y>=full.y-1&&bb.x+bb.width<=full.x+full.w+1&&bb.y+bb.height<=full.y+full.h+1;
 const s=$('.text [data-id="'+n+'"]');if(s)s.click();
 const out=$("#selftest");out.textContent=JSON.stringify({overflows:over,page_width:d.scrollWidth,window:window.innerWidth,
  map:[Math.round(m.left),Math.round(m.right),Math.round(m.width),Math.round(m.height)],inside,chain:last,
  highlighted:$$("g.node.sel,g.node.chain").map(g=>g.dataset.id),edges:$$("path.edge.chain").length,
  text:$$(".text .s.sel,.text .s.chain").map(e=>e.dataset.id)});}
})();"##;

/// The index page's script: sort the table by a column (a click or Enter on its header).
const INDEX_SCRIPT: &str = r##"(()=>{"use strict";
const t=document.querySelector("table.docs");if(!t)return;const body=t.tBodies[0];
t.querySelectorAll("thead th").forEach((th,i)=>{th.tabIndex=0;let asc=true;
 const sort=()=>{const rows=Array.from(body.rows);const key=r=>{const c=r.cells[i];return c.dataset.v!==undefined?Number(c.dataset.v):c.textContent;};
  rows.sort((a,b)=>{const x=key(a),y=key(b);const c=typeof x==="number"?x-y:String(x).localeCompare(String(y));return asc?c:-c;});
  rows.forEach(r=>body.appendChild(r));t.querySelectorAll("thead th").forEach(h=>h.removeAttribute("aria-sort"));
  th.setAttribute("aria-sort",asc?"ascending":"descending");asc=!asc;};
 th.addEventListener("click",sort);th.addEventListener("keydown",e=>{if(e.key==="Enter"){e.preventDefault();sort();}});});
})();"##;

/// Base64 (RFC 4648, with padding).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16
            | (*c.get(1).unwrap_or(&0) as u32) << 8
            | *c.get(2).unwrap_or(&0) as u32;
        for k in 0..4 {
            if k <= c.len() {
                out.push(A[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The head of a page: its title, the style sheet, and a Content-Security-Policy that allows
/// inline styles, `data:` images and the one inline script `script` (by its hash), nothing else.
fn head<W: Write>(w: &mut W, title: &str, script: &str) -> Result<()> {
    let hash = base64(&Sha256::digest(script.as_bytes()));
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'sha256-{hash}'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{CSS}</style></head><body>",
        esc(title)
    )?;
    Ok(())
}

fn script_tag<W: Write>(w: &mut W, script: &str) -> Result<()> {
    writeln!(w, "<script>{script}</script>")?;
    Ok(())
}

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
    s.push_str("<span>thick border: main claim · shade: confidence</span></div>");
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

/// Positions of the drawn nodes, in cells (column, row): each tree with its main claim on top
/// and what supports or attacks a unit beneath it; the trees packed left to right on shelves
/// about as wide as the map is tall (so that the whole map is readable fitted to a window), the
/// units without links on the last shelves.
fn layout(map: &ArgumentMap, extra: &[usize]) -> Vec<(usize, f32, usize)> {
    let (children, roots) = forest(map);
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
        let x = if kids.is_empty() || pos.contains_key(&i) {
            let x = *next_leaf;
            *next_leaf += 1.0;
            x
        } else {
            pos.insert(i, (0.0, depth));
            let xs: Vec<f32> = kids
                .iter()
                .map(|&c| place(c, depth + 1, children, pos, next_leaf))
                .collect();
            (xs[0] + xs[xs.len() - 1]) / 2.0
        };
        pos.insert(i, (x, depth));
        x
    }
    // Each tree on its own, from column 0: its positions, width and height in cells.
    /// A tree's cells (column, row) by unit, its width and its height.
    type Tree = (HashMap<usize, (f32, usize)>, f32, usize);
    let mut trees: Vec<Tree> = Vec::new();
    for &r in &roots {
        let (mut pos, mut width) = (HashMap::new(), 0f32);
        place(r, 0, &children, &mut pos, &mut width);
        let depth = pos.values().map(|p| p.1).max().unwrap_or(0) + 1;
        trees.push((pos, width, depth));
    }
    let placed: std::collections::HashSet<usize> =
        trees.iter().flat_map(|t| t.0.keys().copied()).collect();
    let loose: Vec<usize> = (0..map.sentences.len())
        .filter(|i| {
            (map.sentences[*i].role != Role::None || extra.contains(i)) && !placed.contains(i)
        })
        .collect();
    // Shelf width: the map about 1.5 times as wide as tall in pixels (a cell is about 1.8
    // times as wide as tall), and never narrower than the widest tree.
    let area: f32 = trees.iter().map(|t| t.1 * t.2 as f32).sum::<f32>() + loose.len() as f32;
    let widest = trees.iter().map(|t| t.1).fold(1.0, f32::max);
    let shelf = (area * 1.5 / 1.8).sqrt().ceil().max(widest).max(4.0);
    let mut out: Vec<(usize, f32, usize)> = Vec::new();
    let (mut x0, mut row0, mut tallest) = (0f32, 0usize, 0usize);
    for (pos, width, depth) in trees {
        if x0 > 0.0 && x0 + width > shelf {
            (x0, row0, tallest) = (0.0, row0 + tallest, 0);
        }
        out.extend(pos.into_iter().map(|(i, (x, d))| (i, x0 + x, row0 + d)));
        x0 += width;
        tallest = tallest.max(depth);
    }
    let row = row0 + tallest;
    let per_row = shelf as usize;
    for (k, i) in loose.into_iter().enumerate() {
        out.push((i, (k % per_row) as f32, row + k / per_row));
    }
    out.sort_by_key(|a| a.0);
    out
}

const NODE_W: f32 = 210.0;
const NODE_H: f32 = 64.0;
const GAP_X: f32 = 16.0;
const GAP_Y: f32 = 60.0;
/// Lines of a unit's text in its node (the whole text is the node's tooltip, and in the text).
const LABEL_LINES: usize = 3;
/// The width a label line may take, in pixels at the labels' 11 px.
const LABEL_PX: f32 = NODE_W - 14.0;

/// The advance of `c` in DejaVu Sans (the widest of the labels' fonts), in ems.
fn em_width(c: char) -> f32 {
    match c {
        'i' | 'j' | 'l' | 'I' | 'J' | '\'' | '|' | '.' | ',' | ':' | ';' | '!' => 0.32,
        'f' | 't' | 'r' | ' ' | '(' | ')' | '[' | ']' | '-' | '"' | '/' => 0.42,
        'm' | 'M' | 'W' => 1.0,
        'w' => 0.82,
        'A'..='Z' => 0.8,
        'a'..='z' | '0'..='9' => 0.64,
        c if c.is_ascii() => 0.84,
        c if (c as u32) >= 0x2e80 => 1.0,
        _ => 0.84,
    }
}

/// The estimated width of `s` at the labels' 11 px.
fn label_px(s: &str) -> f32 {
    s.chars().map(em_width).sum::<f32>() * 11.0
}

/// `text` in at most `lines` lines of at most `max_px` each, broken at spaces (a word wider than
/// a line is cut), the last ending in `…` when text was left out.
fn wrap_px(text: &str, max_px: f32, lines: usize) -> Vec<String> {
    // From the character count of average lower-case text down, until every line fits.
    let mut w = (max_px / label_px("a")).floor() as usize;
    loop {
        let out = wrap(text, w, lines);
        if w <= 6 || out.iter().all(|l| label_px(l) <= max_px) {
            return out;
        }
        w -= 1;
    }
}

/// The argument map as inline SVG.
pub fn svg(map: &ArgumentMap) -> String {
    svg_with_gold(map, None)
}

/// The argument map as inline SVG, with a hand annotation's differences drawn in when given:
/// gold links the prediction lacks as dotted grey edges (class `gold-edge`), predicted edges that
/// the annotation has marked `match`, and units whose gold role differs outlined.
///
/// The SVG has a view box and no fixed size: it fits the box it is put in. Each edge ends at its
/// own point on the target's lower side (ordered by where the sources are), so that arrowheads
/// never hide one another.
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
    // Every edge into a node, predicted and gold-only, by source position: its end point.
    let mut into: HashMap<usize, Vec<(f32, usize, usize)>> = HashMap::new();
    let mut edges: Vec<(usize, usize)> = map
        .links
        .iter()
        .filter_map(|l| Some((*idx.get(&l.source)?, *idx.get(&l.target)?)))
        .collect();
    if let Some(g) = gold {
        edges.extend(
            g.links
                .iter()
                .filter(|l| !g.found(l.0, l.1))
                .map(|l| (l.0, l.1)),
        );
    }
    for &(s, t) in &edges {
        if let Some(a) = at.get(&s) {
            into.entry(t).or_default().push((a.0, s, t));
        }
    }
    let mut end_x: HashMap<(usize, usize), f32> = HashMap::new();
    for (t, v) in &mut into {
        v.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let Some(b) = at.get(t) else { continue };
        let k = v.len() as f32;
        for (n, e) in v.iter().enumerate() {
            end_x.insert((e.1, e.2), b.0 + NODE_W * (n as f32 + 1.0) / (k + 1.0));
        }
    }
    let curve = |s: usize, t: usize| -> Option<String> {
        let (a, b) = (at.get(&s)?, at.get(&t)?);
        let (x1, y1) = (a.0 + NODE_W / 2.0, a.1);
        let x2 = end_x.get(&(s, t)).copied().unwrap_or(b.0 + NODE_W / 2.0);
        let y2 = b.1 + NODE_H;
        let my = (y1 + y2) / 2.0;
        Some(format!(
            "M{x1:.1},{y1:.1} C{x1:.1},{my:.1} {x2:.1},{my:.1} {x2:.1},{y2:.1}"
        ))
    };
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"argmap\" viewBox=\"0 0 {width:.0} {height:.0}\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"argument map\">\n\
         <defs><marker id=\"arrow-support\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#2a9d8f\"/></marker>\
         <marker id=\"arrow-attack\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#e63946\"/></marker></defs>\n"
    );
    for l in &map.links {
        let (Some(&si), Some(&ti)) = (idx.get(&l.source), idx.get(&l.target)) else {
            continue;
        };
        let Some(d) = curve(si, ti) else { continue };
        let (marker, style) = match l.relation {
            Relation::Support => ("support", "stroke=\"#2a9d8f\""),
            Relation::Attack => ("attack", "stroke=\"#e63946\" stroke-dasharray=\"6,4\""),
        };
        let matched = gold.is_some_and(|g| g.annotated(si, ti));
        let class = if matched {
            format!("{marker} match")
        } else {
            marker.to_string()
        };
        s.push_str(&format!(
            "<path class=\"edge {class}\" data-source=\"{}\" data-target=\"{}\" d=\"{d}\" fill=\"none\" stroke-width=\"{:.1}\" {style} marker-end=\"url(#arrow-{marker})\"><title>{} → {}: {} ({}){}</title></path>\n",
            l.source, l.target, 1.0 + 2.0 * l.score, l.source, l.target, l.relation,
            super::prob4(l.score),
            if matched { ", in the hand annotation" } else { "" }
        ));
    }
    if let Some(g) = gold {
        for &(si, ti, relation) in &g.links {
            if g.found(si, ti) {
                continue;
            }
            let Some(d) = curve(si, ti) else { continue };
            let (src, tgt) = (map.sentences[si].id, map.sentences[ti].id);
            s.push_str(&format!(
                "<path class=\"gold-edge\" data-source=\"{src}\" data-target=\"{tgt}\" d=\"{d}\" fill=\"none\" stroke=\"#777\" stroke-width=\"1.5\" stroke-dasharray=\"2,3\"><title>{src} → {tgt}: {relation} in the hand annotation, not predicted</title></path>\n"
            ));
        }
    }
    let (_, roots) = forest(map);
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
        let root = roots.contains(&i);
        let mut label = String::new();
        for (k, line) in wrap_px(&u.text, LABEL_PX, LABEL_LINES).iter().enumerate() {
            label.push_str(&format!(
                "<text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
                x + 7.0,
                y + 30.0 + 13.0 * k as f32,
                esc(line)
            ));
        }
        s.push_str(&format!(
            "<g class=\"node role-{}{}\" data-id=\"{}\" data-role=\"{}\" data-conf=\"{}\" tabindex=\"0\"{}><rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{NODE_W}\" height=\"{NODE_H}\" rx=\"6\" fill=\"{}\" fill-opacity=\"{:.2}\" {stroke}/>\
             <text class=\"nodelabel\" x=\"{:.1}\" y=\"{:.1}\">{} · {}{} {:.0}%</text>{label}<title>{}{note}</title></g>\n",
            u.role,
            if root { " root" } else { "" },
            u.id,
            u.role,
            super::prob4(u.confidence()),
            gold_role.map_or(String::new(), |r| format!(" data-gold=\"{r}\"")),
            role_colour(u.role),
            0.35 + 0.65 * u.confidence(),
            x + 7.0,
            y + 15.0,
            u.id,
            if root { "main " } else { "" },
            u.role,
            100.0 * u.confidence(),
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

/// Where each unit points and what points to it, by index: `(target index, relation)` and the
/// sources.
type Pointers = (Vec<Option<(usize, Relation)>>, Vec<Vec<usize>>);

fn pointers(map: &ArgumentMap) -> Pointers {
    let idx = map.index_by_id();
    let mut to = vec![None; map.sentences.len()];
    let mut from = vec![Vec::new(); map.sentences.len()];
    for l in &map.links {
        if let (Some(&s), Some(&t)) = (idx.get(&l.source), idx.get(&l.target)) {
            to[s] = Some((t, l.relation));
            from[t].push(s);
        }
    }
    (to, from)
}

/// [`write_html`] with a hand annotation of the document drawn in (see [`svg_with_gold`]) and a
/// section that follows every gold chain from an evidence unit to its root claim, step by step,
/// beside the chain argmine predicted from the same unit.
///
/// The page: a header with the document's title (its file's, else its first heading, else its
/// id), the counts and the legend; a toolbar (role and confidence filters, zoom); the text and
/// the map side by side, the map fitted to its pane; the outline (each main claim with what
/// supports or attacks it, indented); and, with a hand annotation, its chains.
pub fn write_html_with_gold<W: Write>(
    mut w: W,
    map: &ArgumentMap,
    path: &str,
    gold: Option<&GoldView>,
) -> Result<()> {
    let count = |r| map.count(r);
    let title = map.title.clone().unwrap_or_else(|| {
        map.sentences
            .iter()
            .find(|s| s.heading)
            .map_or_else(|| map.doc_id.clone(), |s| s.text.clone())
    });
    head(&mut w, &format!("{title} · argmine"), SCRIPT)?;
    writeln!(
        w,
        "<header><h1 id=\"title\">{}</h1><p>{} · {}</p></header><main>",
        esc(&title),
        esc(&map.doc_id),
        esc(path)
    )?;
    let attacks = map
        .links
        .iter()
        .filter(|l| l.relation == Relation::Attack)
        .count();
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
        map.links.len() - attacks,
        attacks
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
    write!(
        w,
        "<div class=\"toolbar\" role=\"toolbar\"><span>show:</span>"
    )?;
    for r in Role::ALL {
        write!(
            w,
            "<label><input type=\"checkbox\" class=\"role-filter\" value=\"{r}\" checked> {r}</label>"
        )?;
    }
    writeln!(
        w,
        "<label>confidence ≥ <input type=\"range\" id=\"min-conf\" min=\"0\" max=\"100\" value=\"0\" aria-label=\"minimum confidence\"> <output id=\"min-conf-out\">0%</output></label>\
         <span>map: <button type=\"button\" id=\"zoom-in\" aria-label=\"zoom in\">+</button> <button type=\"button\" id=\"zoom-out\" aria-label=\"zoom out\">−</button> <button type=\"button\" id=\"zoom-fit\">fit</button> (wheel, drag, + − 0 and arrows)</span>\
         <span>Enter or a click on a sentence shows its chain; Esc clears</span></div>\n<p id=\"selection\" aria-live=\"polite\"></p>"
    )?;
    writeln!(
        w,
        "<div class=\"panes\"><section class=\"pane text\" aria-label=\"text\">"
    )?;
    let (to, from) = pointers(map);
    let mut para = 0;
    let mut open = false;
    for (i, s) in map.sentences.iter().enumerate() {
        let style = format!(
            "background:{}{:02x}",
            role_colour(s.role),
            (40.0 + 200.0 * s.confidence()).round() as u8
        );
        let tip = format!(
            "{} · claim {:.2} · evidence {:.2} · stance {:.2} · none {:.2}",
            s.role, s.probs[0], s.probs[1], s.probs[2], s.probs[3]
        );
        let mut links = String::new();
        if let Some((t, rel)) = to[i] {
            let verb = if rel == Relation::Attack {
                "attacks"
            } else {
                "supports"
            };
            links.push_str(&format!(
                " <small class=\"to {rel}\">{verb} {}</small>",
                map.sentences[t].id
            ));
        }
        if !from[i].is_empty() {
            let ids: Vec<String> = from[i]
                .iter()
                .map(|&k| map.sentences[k].id.to_string())
                .collect();
            links.push_str(&format!(
                " <small class=\"from\">← {}</small>",
                ids.join(", ")
            ));
        }
        let attrs = format!(
            "class=\"s role-{}\" data-id=\"{}\" data-role=\"{}\" data-conf=\"{}\" tabindex=\"0\" style=\"{style}\" title=\"{}\"",
            s.role,
            s.id,
            s.role,
            super::prob4(s.confidence()),
            esc(&tip)
        );
        if s.heading {
            if open {
                writeln!(w, "</p>")?;
                open = false;
            }
            writeln!(
                w,
                "<h2 class=\"heading\"><span {attrs}>{} <sup>{}</sup></span>{links}</h2>",
                esc(&s.text),
                s.id
            )?;
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
            "<span {attrs}>{}<sup>{}</sup></span>{links} ",
            esc(&s.text),
            s.id
        )?;
    }
    if open {
        writeln!(w, "</p>")?;
    }
    writeln!(
        w,
        "</section><section class=\"pane map\" tabindex=\"0\" aria-label=\"argument map (+ − 0 and arrows zoom and pan)\">{}</section></div>",
        svg_with_gold(map, gold)
    )?;
    write_outline(&mut w, map)?;
    if let Some(g) = gold {
        write_chains(&mut w, map, g)?;
    }
    writeln!(w, "<pre id=\"selftest\" hidden></pre></main>")?;
    script_tag(&mut w, SCRIPT)?;
    writeln!(w, "</body></html>")?;
    Ok(())
}

/// A unit in the outline: its role as a badge, its text (selectable) and its id.
fn outline_entry(s: &crate::document::Sentence) -> String {
    format!(
        "<span class=\"badge\" style=\"background:{}\">{}</span><span class=\"o role-{}\" data-id=\"{}\" tabindex=\"0\">{}</span> <sup>{}</sup>",
        role_colour(s.role),
        s.role,
        s.role,
        s.id,
        esc(&s.text),
        s.id
    )
}

/// The outline: each main claim with the units that support or attack it, indented under it,
/// then the argumentative units with no link.
fn write_outline<W: Write>(w: &mut W, map: &ArgumentMap) -> Result<()> {
    let (children, roots) = forest(map);
    writeln!(
        w,
        "<details class=\"outline\" id=\"outline\" open><summary><h2 style=\"display:inline\">Outline</h2> ({} main claim{})</summary>",
        roots.len(),
        if roots.len() == 1 { "" } else { "s" }
    )?;
    fn item<W: Write>(
        w: &mut W,
        map: &ArgumentMap,
        children: &HashMap<usize, Vec<(usize, Relation)>>,
        i: usize,
        relation: Option<Relation>,
        depth: usize,
    ) -> Result<()> {
        let rel = match relation {
            Some(Relation::Support) => "<span class=\"rel\">supports ▲</span> ",
            Some(Relation::Attack) => "<span class=\"rel\">attacks ▲</span> ",
            None => "<span class=\"rel\">main claim</span> ",
        };
        write!(w, "<li>{rel}{}", outline_entry(&map.sentences[i]))?;
        if let Some(kids) = children.get(&i).filter(|_| depth < 64) {
            writeln!(w, "<ul>")?;
            for &(k, r) in kids {
                item(w, map, children, k, Some(r), depth + 1)?;
            }
            write!(w, "</ul>")?;
        }
        writeln!(w, "</li>")?;
        Ok(())
    }
    writeln!(w, "<ul>")?;
    for &r in &roots {
        item(w, map, &children, r, None, 0)?;
    }
    writeln!(w, "</ul>")?;
    let (to, from) = pointers(map);
    let loose: Vec<usize> = (0..map.sentences.len())
        .filter(|&i| map.sentences[i].role != Role::None && to[i].is_none() && from[i].is_empty())
        .collect();
    if !loose.is_empty() {
        writeln!(w, "<p>Not linked:</p><ul>")?;
        for i in loose {
            writeln!(w, "<li>{}</li>", outline_entry(&map.sentences[i]))?;
        }
        writeln!(w, "</ul>")?;
    }
    writeln!(w, "</details>")?;
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

/// One row of the index page.
#[derive(Debug, Clone, Default)]
pub struct IndexEntry {
    /// Document id.
    pub doc_id: String,
    /// The document's title, when its file gives one.
    pub title: Option<String>,
    /// File name of its report, relative to the index (empty for a failed document).
    pub href: String,
    /// Units, claims, evidence, stance, links.
    pub counts: [usize; 5],
    /// Links that attack.
    pub attacks: usize,
    /// Why the document failed (it has no report then).
    pub error: Option<String>,
}

/// Write the index page over a batch: a sortable table with a row per document (failed ones
/// with their reason) and the totals.
pub fn write_index<W: Write>(mut w: W, entries: &[IndexEntry]) -> Result<()> {
    let failed = entries.iter().filter(|e| e.error.is_some()).count();
    let docs = |n: usize| format!("{n} document{}", if n == 1 { "" } else { "s" });
    head(
        &mut w,
        &format!("argmine: {}", docs(entries.len())),
        INDEX_SCRIPT,
    )?;
    writeln!(
        w,
        "<header><h1>argmine</h1><p id=\"summary\" data-documents=\"{}\" data-failed=\"{failed}\">{}{}</p></header><main>{}",
        entries.len(),
        docs(entries.len()),
        if failed > 0 {
            format!(", {failed} failed")
        } else {
            String::new()
        },
        legend(false)
    )?;
    writeln!(
        w,
        "<p class=\"counts\">A click (or Enter) on a column's header sorts by it.</p>"
    )?;
    writeln!(w, "<table class=\"docs\"><thead><tr><th class=\"t\">document</th><th class=\"t\">title</th><th>units</th><th>claims</th><th>evidence</th><th>stance</th><th>links</th><th>attacks</th><th class=\"t\">status</th></tr></thead><tbody>")?;
    let mut total = [0usize; 6];
    for e in entries {
        let [u, c, ev, st, l] = e.counts;
        for (t, v) in total.iter_mut().zip([u, c, ev, st, l, e.attacks]) {
            *t += v;
        }
        let name = if e.error.is_some() || e.href.is_empty() {
            esc(&e.doc_id)
        } else {
            format!(
                "<a href=\"{}\">{}</a>",
                esc(&relative_url(&e.href)),
                esc(&e.doc_id)
            )
        };
        let title = e.title.as_deref().map(esc).unwrap_or_default();
        let status = e
            .error
            .as_deref()
            .map_or("ok".to_string(), |m| format!("failed: {}", esc(m)));
        writeln!(
            w,
            "<tr{}><td>{name}</td><td class=\"t\">{title}</td><td data-v=\"{u}\">{u}</td><td data-v=\"{c}\">{c}</td><td data-v=\"{ev}\">{ev}</td><td data-v=\"{st}\">{st}</td><td data-v=\"{l}\">{l}</td><td data-v=\"{a}\">{a}</td><td class=\"t\">{status}</td></tr>",
            if e.error.is_some() { " class=\"failed\"" } else { "" },
            a = e.attacks
        )?;
    }
    let [u, c, ev, st, l, a] = total;
    writeln!(
        w,
        "</tbody><tfoot><tr id=\"totals\"><td>total</td><td class=\"t\">{}</td><td>{u}</td><td>{c}</td><td>{ev}</td><td>{st}</td><td>{l}</td><td>{a}</td><td class=\"t\">{} failed</td></tr></tfoot></table></main>",
        docs(entries.len()),
        failed
    )?;
    script_tag(&mut w, INDEX_SCRIPT)?;
    writeln!(w, "</body></html>")?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, want) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }

    #[test]
    fn labels_wrap_at_words_within_the_node() {
        let caps =
            "THE KREMLIN HAS THE UPPER HAND IN THE NEGOTIATIONS OVER THE FUTURE OF THE REGION";
        for text in [
            caps,
            "relations have warmed considerably since the summit of the two leaders in the spring",
        ] {
            let lines = wrap_px(text, LABEL_PX, LABEL_LINES);
            assert!(lines.len() <= LABEL_LINES);
            for l in &lines {
                assert!(label_px(l) <= LABEL_PX, "{l:?} is {} px", label_px(l));
                let body = l.trim_end_matches('…');
                assert!(
                    body.split(' ').all(|w| text.split(' ').any(|t| t == w)),
                    "{l:?} cuts a word"
                );
            }
        }
    }
}
