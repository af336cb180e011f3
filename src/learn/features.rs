//! Features of the learned models, hashed into a fixed dimension.
//!
//! Role features of a unit: word unigrams and bigrams, character 4-grams, the cue features of
//! [`crate::classify::cues`] for the unit and its two neighbours, its first words, its length and
//! its position in the paragraph and the document.
//!
//! Link features of a (source, candidate claim) pair: TF-IDF similarity and shared words, signed
//! distance, same paragraph, the claims in between, the roles of both, the source's opening words
//! (discourse markers) and whether it concedes, and how central and where the candidate is.

use super::linear::SparseVec;
use crate::classify::cues::{is_concessive, words, FEATURES};
use crate::document::{Role, Sentence};
use crate::embed::EmbCache;
use ndarray::Array1;
use serde::{Deserialize, Serialize};

/// Feature settings, stored in the model file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureConfig {
    /// log2 of the dimension of the role features.
    pub role_bits: u32,
    /// log2 of the dimension of the link features.
    pub link_bits: u32,
    /// Length of the character n-grams (0: none).
    pub char_ngram: usize,
    /// Version of the link feature set: 1, the first; 2 adds conjunctions of the pair's roles
    /// with its distance and with the candidate's centrality rank, and of the source opening its
    /// paragraph with the distance (absent in a model file: 1, so models written before set 2
    /// existed read as they were trained).
    #[serde(default = "link_features_v1", skip_serializing_if = "is_v1")]
    pub link_features: u32,
}

fn link_features_v1() -> u32 {
    1
}

fn is_v1(v: &u32) -> bool {
    *v == 1
}

/// The newest link feature set this build knows (`train` uses set 1 unless told otherwise: set 2
/// was not measurably better, see eval/RESULTS.md).
pub const LINK_FEATURES: u32 = 2;

impl Default for FeatureConfig {
    fn default() -> Self {
        Self {
            role_bits: 18,
            link_bits: 16,
            char_ngram: 4,
            link_features: 1,
        }
    }
}

/// FNV-1a over a namespace and a key.
fn hash(ns: &str, key: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in ns.bytes().chain([0xff]).chain(key.bytes()) {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Accumulates hashed features; repeated indices are summed.
struct Builder {
    mask: u64,
    out: Vec<(u32, f32)>,
}

impl Builder {
    fn new(bits: u32) -> Self {
        Self {
            mask: (1u64 << bits) - 1,
            out: Vec::with_capacity(256),
        }
    }

    fn add(&mut self, ns: &str, key: &str, v: f32) {
        if v != 0.0 {
            self.out.push(((hash(ns, key) & self.mask) as u32, v));
        }
    }

    fn finish(mut self) -> SparseVec {
        self.out.sort_unstable_by_key(|x| x.0);
        let mut merged: SparseVec = Vec::with_capacity(self.out.len());
        for (j, v) in self.out {
            match merged.last_mut() {
                Some(last) if last.0 == j => last.1 += v,
                _ => merged.push((j, v)),
            }
        }
        merged
    }
}

/// Numbers become a shape, so that "78%" and "55%" are one feature.
fn shape(w: &str) -> String {
    if w.chars().any(|c| c.is_ascii_digit()) {
        w.chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect()
    } else {
        w.to_string()
    }
}

fn bin(x: usize, edges: &[usize]) -> usize {
    edges.iter().position(|&e| x <= e).unwrap_or(edges.len())
}

/// Role features of `units[i]`, given the cue features of every unit of the document
/// ([`crate::classify::cues::doc_cues`]); with `emb`, the unit's sentence embedding is appended after
/// the hashed features (indices from `2^role_bits`).
pub fn role_features(
    units: &[Sentence],
    cues: &[Array1<f32>],
    i: usize,
    cfg: &FeatureConfig,
    emb: Option<&EmbCache>,
) -> SparseVec {
    let mut b = Builder::new(cfg.role_bits);
    let u = &units[i];
    let ws: Vec<String> = words(&u.text).iter().map(|w| shape(w)).collect();
    let n = ws.len().max(1) as f32;
    let wv = 1.0 / n.sqrt();
    for w in &ws {
        b.add("w", w, wv);
    }
    for p in ws.windows(2) {
        b.add("b", &format!("{} {}", p[0], p[1]), wv);
    }
    if cfg.char_ngram > 0 {
        let lower: Vec<char> = format!(" {} ", u.text.to_lowercase()).chars().collect();
        let k = cfg.char_ngram;
        if lower.len() >= k {
            let cv = 1.0 / ((lower.len() - k + 1) as f32).sqrt();
            for g in lower.windows(k) {
                let s: String = g
                    .iter()
                    .map(|c| if c.is_ascii_digit() { '0' } else { *c })
                    .collect();
                b.add("c", &s, cv);
            }
        }
    }
    let here = &cues[i];
    for (k, name) in FEATURES.iter().enumerate().skip(1) {
        b.add("cue", name, here[k]);
    }
    if i > 0 {
        let prev = &cues[i - 1];
        for (k, name) in FEATURES.iter().enumerate().skip(1) {
            b.add("prev", name, 0.5 * prev[k]);
        }
    } else {
        b.add("pos", "doc_first", 1.0);
    }
    if i + 1 < units.len() {
        let next = &cues[i + 1];
        for (k, name) in FEATURES.iter().enumerate().skip(1) {
            b.add("next", name, 0.5 * next[k]);
        }
    } else {
        b.add("pos", "doc_last", 1.0);
    }
    if let Some(w) = ws.first() {
        b.add("first1", w, 1.0);
    }
    if ws.len() >= 2 {
        b.add("first2", &format!("{} {}", ws[0], ws[1]), 1.0);
    }
    b.add("len", &bin(ws.len(), &[3, 7, 15, 30, 60]).to_string(), 1.0);
    let rel = (i * 5) / units.len().max(1);
    b.add("pos", &format!("doc_fifth{rel}"), 1.0);
    let first_in_par = i == 0 || units[i - 1].paragraph != u.paragraph;
    let last_in_par = i + 1 == units.len() || units[i + 1].paragraph != u.paragraph;
    b.add(
        "pos",
        if first_in_par {
            "par_first"
        } else if last_in_par {
            "par_last"
        } else {
            "par_mid"
        },
        1.0,
    );
    b.add("bias", "", 1.0);
    let mut out = b.finish();
    if let Some(v) = emb.and_then(|e| e.get(&u.text)) {
        let base = 1u32 << cfg.role_bits;
        out.extend(v.iter().enumerate().map(|(k, x)| (base + k as u32, *x)));
    }
    out
}

/// What the link features need to know about a document, computed once.
#[derive(Debug, Clone)]
pub struct LinkContext {
    vecs: Vec<Vec<(u32, f32)>>,
    centrality: Vec<f32>,
    /// Rank of each claim by centrality (0 = most central); `usize::MAX` for other units.
    central_rank: Vec<usize>,
    /// The claims, most central first.
    by_centrality: Vec<usize>,
    claim_prefix: Vec<usize>,
    content: Vec<Vec<String>>,
    /// The first two words of each unit, computed once (not once per candidate pair).
    first_words: Vec<Vec<String>>,
    concessive: Vec<bool>,
}

impl LinkContext {
    /// Context of `units` (whose roles are set).
    pub fn new(units: &[Sentence]) -> Self {
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        let vecs = crate::link::tfidf_vectors(&texts);
        let mut centroid: std::collections::BTreeMap<u32, f32> = Default::default();
        for (u, v) in units.iter().zip(&vecs) {
            if u.role != Role::None {
                for &(t, x) in v {
                    *centroid.entry(t).or_insert(0.0) += x;
                }
            }
        }
        let norm = centroid
            .values()
            .map(|x| x * x)
            .sum::<f32>()
            .sqrt()
            .max(1e-9);
        let centrality: Vec<f32> = vecs
            .iter()
            .map(|v| {
                v.iter()
                    .map(|(t, x)| x * centroid.get(t).copied().unwrap_or(0.0))
                    .sum::<f32>()
                    / norm
            })
            .collect();
        let mut claims: Vec<usize> = (0..units.len())
            .filter(|&i| units[i].role == Role::Claim)
            .collect();
        claims.sort_by(|&a, &b| centrality[b].total_cmp(&centrality[a]).then(a.cmp(&b)));
        let mut central_rank = vec![usize::MAX; units.len()];
        for (r, &i) in claims.iter().enumerate() {
            central_rank[i] = r;
        }
        let mut claim_prefix = vec![0; units.len() + 1];
        for (i, u) in units.iter().enumerate() {
            claim_prefix[i + 1] = claim_prefix[i] + (u.role == Role::Claim) as usize;
        }
        let content = units
            .iter()
            .map(|u| {
                let mut w: Vec<String> =
                    words(&u.text).into_iter().filter(|w| w.len() > 3).collect();
                w.sort();
                w.dedup();
                w
            })
            .collect();
        let first_words = units
            .iter()
            .map(|u| words(&u.text).into_iter().take(2).collect())
            .collect();
        let concessive = units.iter().map(|u| is_concessive(&u.text)).collect();
        Self {
            vecs,
            centrality,
            central_rank,
            by_centrality: claims,
            claim_prefix,
            content,
            first_words,
            concessive,
        }
    }
}

impl LinkContext {
    /// The `k` most central claims (fewer when there are fewer claims).
    pub fn most_central(&self, k: usize) -> &[usize] {
        &self.by_centrality[..k.min(self.by_centrality.len())]
    }
}

use crate::link::sparse_cosine as cosine;

/// Features of the link `units[s]` → `units[t]`; with `emb`, the cosine of their embeddings too.
pub fn link_features(
    units: &[Sentence],
    ctx: &LinkContext,
    s: usize,
    t: usize,
    cfg: &FeatureConfig,
    emb: Option<&EmbCache>,
) -> SparseVec {
    let mut b = Builder::new(cfg.link_bits);
    let (su, tu) = (&units[s], &units[t]);
    if let Some((x, y)) = emb.and_then(|e| Some((e.get(&su.text)?, e.get(&tu.text)?))) {
        let cos = crate::embed::cosine(x, y);
        b.add("emb_cos", "", cos);
        b.add(
            "emb_cos_bin",
            &((cos.max(0.0) * 5.0).floor().min(4.0) as usize).to_string(),
            1.0,
        );
    }
    let cos = cosine(&ctx.vecs[s], &ctx.vecs[t]);
    b.add("bias", "", 1.0);
    b.add("cos", "", cos);
    b.add(
        "cos_bin",
        &((cos * 5.0).floor().min(4.0) as usize).to_string(),
        1.0,
    );
    let shared = {
        let (a, c) = (&ctx.content[s], &ctx.content[t]);
        a.iter().filter(|w| c.binary_search(w).is_ok()).count()
    };
    b.add("shared", "", (1.0 + shared as f32).ln());
    let dir = if t < s { "back" } else { "fwd" };
    let d = s.abs_diff(t);
    let dbin = bin(d, &[1, 2, 3, 5, 10, 20, 40]);
    b.add("dist", &format!("{dir}{dbin}"), 1.0);
    b.add("dir", dir, 1.0);
    b.add("same_par", "", (su.paragraph == tu.paragraph) as u8 as f32);
    let (lo, hi) = (s.min(t), s.max(t));
    let between = ctx.claim_prefix[hi] - ctx.claim_prefix[lo + 1];
    b.add(
        "claims_between",
        &bin(between, &[0, 1, 2, 4, 8]).to_string(),
        1.0,
    );
    b.add("roles", &format!("{}>{}", su.role, tu.role), 1.0);
    b.add("t_rank", &ctx.central_rank[t].min(3).to_string(), 1.0);
    b.add("t_central", "", ctx.centrality[t]);
    b.add("s_central", "", ctx.centrality[s]);
    b.add("t_heading", "", tu.heading as u8 as f32);
    b.add("t_doc_first", "", (t == 0) as u8 as f32);
    let t_par_first = t == 0 || units[t - 1].paragraph != tu.paragraph;
    b.add("t_par_first", "", t_par_first as u8 as f32);
    b.add("t_fifth", &((t * 5) / units.len().max(1)).to_string(), 1.0);
    let (sw, tw) = (&ctx.first_words[s], &ctx.first_words[t]);
    if let Some(w) = sw.first() {
        b.add("s_first", w, 1.0);
        b.add("s_first_dir", &format!("{w}|{dir}"), 1.0);
    }
    if sw.len() >= 2 {
        b.add("s_first2", &format!("{} {}", sw[0], sw[1]), 1.0);
    }
    if let Some(w) = tw.first() {
        b.add("t_first", w, 1.0);
    }
    b.add("s_concessive", "", ctx.concessive[s] as u8 as f32);
    b.add("t_concessive", "", ctx.concessive[t] as u8 as f32);
    if cfg.link_features >= 2 {
        // A claim tends to back the article's main claim paragraphs away, evidence the claim
        // next to it: the additive features above cannot say that, these conjunctions can.
        let roles = format!("{}>{}", su.role, tu.role);
        b.add("roles_dist", &format!("{roles}|{dir}{dbin}"), 1.0);
        b.add(
            "roles_rank",
            &format!("{roles}|{}", ctx.central_rank[t].min(3)),
            1.0,
        );
        let s_par_first = s == 0 || units[s - 1].paragraph != su.paragraph;
        b.add(
            "s_par_first_dist",
            &format!("{}|{}|{dir}{dbin}", su.role, s_par_first),
            1.0,
        );
    }
    b.finish()
}

/// Features of the "no link" outcome of source `units[s]` for the listwise link scorer: what
/// makes a unit stand alone (its role, where it is, how central it is, how many claims it could
/// attach to, its opening words). Namespaced apart from the pair features.
pub fn nolink_features(
    units: &[Sentence],
    ctx: &LinkContext,
    s: usize,
    n_cands: usize,
    cfg: &FeatureConfig,
) -> SparseVec {
    let mut b = Builder::new(cfg.link_bits);
    let su = &units[s];
    b.add("nl_bias", "", 1.0);
    b.add("nl_role", su.role.as_str(), 1.0);
    b.add(
        "nl_cands",
        &bin(n_cands, &[0, 1, 2, 4, 8, 16]).to_string(),
        1.0,
    );
    b.add("nl_central", "", ctx.centrality[s]);
    if ctx.central_rank[s] != usize::MAX {
        b.add("nl_rank", &ctx.central_rank[s].min(3).to_string(), 1.0);
    }
    b.add("nl_heading", "", su.heading as u8 as f32);
    let par_first = s == 0 || units[s - 1].paragraph != su.paragraph;
    b.add("nl_par_first", su.role.as_str(), par_first as u8 as f32);
    b.add("nl_fifth", &((s * 5) / units.len().max(1)).to_string(), 1.0);
    if let Some(w) = ctx.first_words[s].first() {
        b.add("nl_first", w, 1.0);
    }
    b.add("nl_concessive", "", ctx.concessive[s] as u8 as f32);
    b.finish()
}

/// Features of a pair of texts alone (no document around them), for the corpora's pair tasks.
pub fn pair_features(
    a: &str,
    b_text: &str,
    cfg: &FeatureConfig,
    emb: Option<&EmbCache>,
) -> SparseVec {
    let mut b = Builder::new(cfg.link_bits);
    if let Some((x, y)) = emb.and_then(|e| Some((e.get(a)?, e.get(b_text)?))) {
        let cos = crate::embed::cosine(x, y);
        b.add("emb_cos", "", cos);
        b.add(
            "emb_cos_bin",
            &((cos.max(0.0) * 5.0).floor().min(4.0) as usize).to_string(),
            1.0,
        );
    }
    let aw = words(a);
    let bw = words(b_text);
    let sa: std::collections::BTreeSet<&String> = aw.iter().filter(|w| w.len() > 3).collect();
    let sb: std::collections::BTreeSet<&String> = bw.iter().filter(|w| w.len() > 3).collect();
    let inter = sa.intersection(&sb).count();
    let union = sa.union(&sb).count().max(1);
    b.add("bias", "", 1.0);
    b.add("jaccard", "", inter as f32 / union as f32);
    b.add("shared", "", (1.0 + inter as f32).ln());
    for w in sa.intersection(&sb) {
        b.add("sw", w, 1.0 / (1.0 + inter as f32).sqrt());
    }
    let av = 1.0 / (aw.len().max(1) as f32).sqrt();
    for w in &aw {
        b.add("a", &shape(w), av);
    }
    let bv = 1.0 / (bw.len().max(1) as f32).sqrt();
    for w in &bw {
        b.add("p", &shape(w), bv);
    }
    if let Some(w) = bw.first() {
        b.add("p_first", w, 1.0);
    }
    b.add("p_concessive", "", is_concessive(b_text) as u8 as f32);
    b.add("a_concessive", "", is_concessive(a) as u8 as f32);
    b.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classify::cues::doc_cues;

    fn unit(text: &str, role: Role) -> Sentence {
        Sentence {
            role,
            ..Sentence::test_unit(text)
        }
    }

    #[test]
    fn hashed_features_are_sorted_unique_and_in_range() {
        let units = vec![
            unit("Taxes will rise.", Role::Claim),
            unit("In 2019, 61% agreed.", Role::Evidence),
        ];
        let cfg = FeatureConfig::default();
        for f in [
            role_features(&units, &doc_cues(&units), 0, &cfg, None),
            role_features(&units, &doc_cues(&units), 1, &cfg, None),
        ] {
            assert!(f.windows(2).all(|w| w[0].0 < w[1].0));
            assert!(f.iter().all(|(j, _)| *j < 1 << cfg.role_bits));
        }
        let ctx = LinkContext::new(&units);
        let l = link_features(&units, &ctx, 1, 0, &cfg, None);
        assert!(l.iter().all(|(j, _)| *j < 1 << cfg.link_bits));
        // Numbers share a shape.
        assert_eq!(shape("78%"), shape("55%"));
        assert_eq!(
            role_features(
                &[unit("In 2019, 61% agreed.", Role::None)],
                &doc_cues(&[unit("In 2019, 61% agreed.", Role::None)]),
                0,
                &cfg,
                None
            ),
            role_features(
                &[unit("In 2018, 57% agreed.", Role::None)],
                &doc_cues(&[unit("In 2018, 57% agreed.", Role::None)]),
                0,
                &cfg,
                None
            )
        );
    }

    /// A stand-in encoder: the vector of a text is (length, number of spaces, 1).
    struct Shape;

    impl crate::embed::Embed for Shape {
        fn embed(&self, texts: &[&str]) -> crate::Result<Vec<Vec<f32>>> {
            Ok(texts
                .iter()
                .map(|t| vec![t.len() as f32, t.matches(' ').count() as f32, 1.0])
                .collect())
        }
        fn dim(&self) -> usize {
            3
        }
    }

    #[test]
    fn embeddings_are_appended_and_compared() {
        let units = vec![
            unit("Taxes will rise.", Role::Claim),
            unit("Taxes will rise.", Role::Evidence),
        ];
        let cfg = FeatureConfig::default();
        let mut cache = EmbCache::default();
        cache.fill(&Shape, &["Taxes will rise."]).unwrap();
        let f = role_features(&units, &doc_cues(&units), 0, &cfg, Some(&cache));
        let base = 1u32 << cfg.role_bits;
        assert_eq!(
            &f[f.len() - 3..],
            &[(base, 16.0), (base + 1, 2.0), (base + 2, 1.0)]
        );
        let ctx = LinkContext::new(&units);
        let with = link_features(&units, &ctx, 1, 0, &cfg, Some(&cache));
        let without = link_features(&units, &ctx, 1, 0, &cfg, None);
        assert_eq!(with.len(), without.len() + 2, "emb_cos and its bin");
    }
}
