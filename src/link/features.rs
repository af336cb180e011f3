//! Link features of a (source, candidate claim) pair: TF-IDF similarity and shared words, signed
//! distance, same paragraph, the claims in between, the roles of both, the source's opening words
//! (discourse markers) and whether it concedes, and how central and where the candidate is.

use crate::classify::cues::{is_concessive, is_concessive_words};
use crate::classify::features::{bin, hash_parts, num, shape, tf, Builder, FeatureConfig};
use crate::document::{Role, Sentence};
use crate::embed::EmbCache;
use crate::model::linear::SparseVec;
use crate::util::words::words;

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
    /// Each unit's content words (over three letters), as ids of the document's vocabulary,
    /// sorted and without repeats.
    content: Vec<Vec<u32>>,
    /// The first two words of each unit, computed once (not once per candidate pair).
    first_words: Vec<Vec<String>>,
    /// The hashes of each unit's opening-word pair features.
    first_keys: Vec<FirstKeys>,
    concessive: Vec<bool>,
    /// Document structure (feature set 3): each unit's paragraph ordinal (0 = the first
    /// paragraph of the document) and the number of paragraphs.
    par_index: Vec<usize>,
    pars: usize,
    /// The first claim of each unit's paragraph (its "reason", when it argues one), if any.
    par_reason: Vec<Option<usize>>,
    /// Each unit's TF-IDF cosine with the document's first unit (its title or opening sentence),
    /// and each claim's rank by it (0 = the most similar claim after the first unit itself;
    /// `usize::MAX` for other units).
    title_sim: Vec<f32>,
    title_rank: Vec<usize>,
    /// The document's first claim.
    first_claim: Option<usize>,
    /// The document's main claim, when known (feature set 4: the gold one in training, the
    /// main-claim model's in prediction; [`LinkContext::set_main`]).
    main: Option<usize>,
    /// The claims in text order, and each unit's TF-IDF cosine with each of them, computed on
    /// first use (the similarity-rank features).
    claim_cos: std::sync::OnceLock<(Vec<usize>, Vec<Vec<f32>>)>,
}

impl LinkContext {
    /// Context of `units` (whose roles are set).
    pub fn new(units: &[Sentence]) -> Self {
        let ws: Vec<Vec<String>> = units.iter().map(|u| words(&u.text)).collect();
        let vecs = crate::util::sparse::tfidf_words(&ws);
        let (centroid, norm) = crate::link::argument_centroid(units, &vecs);
        let centrality: Vec<f32> = vecs
            .iter()
            .map(|v| crate::util::sparse::cosine(v, &centroid) / norm)
            .collect();
        let (claims, central_rank) = rank_claims(units, 0, &centrality);
        let mut claim_prefix = vec![0; units.len() + 1];
        for (i, u) in units.iter().enumerate() {
            claim_prefix[i + 1] = claim_prefix[i] + (u.role == Role::Claim) as usize;
        }
        let mut vocab: rustc_hash::FxHashMap<&str, u32> = Default::default();
        let content = ws
            .iter()
            .map(|u| {
                let mut w: Vec<u32> = u
                    .iter()
                    .filter(|w| w.len() > 3)
                    .map(|w| {
                        let n = vocab.len() as u32;
                        *vocab.entry(w.as_str()).or_insert(n)
                    })
                    .collect();
                w.sort_unstable();
                w.dedup();
                w
            })
            .collect();
        let first_words: Vec<Vec<String>> =
            ws.iter().map(|w| w[..w.len().min(2)].to_vec()).collect();
        let first_keys = first_words.iter().map(|w| FirstKeys::new(w)).collect();
        let concessive = ws.iter().map(|w| is_concessive_words(w)).collect();
        let mut par_index = Vec::with_capacity(units.len());
        let mut par_reason = vec![None; units.len()];
        let mut start = 0;
        for i in 0..units.len() {
            if i > 0 && units[i].paragraph != units[i - 1].paragraph {
                start = i;
            }
            par_index.push(if i == 0 {
                0
            } else {
                par_index[i - 1] + (start == i) as usize
            });
        }
        let mut i = 0;
        while i < units.len() {
            let mut j = i;
            while j < units.len() && par_index[j] == par_index[i] {
                j += 1;
            }
            let reason = (i..j).find(|&k| units[k].role == Role::Claim);
            par_reason[i..j].iter_mut().for_each(|r| *r = reason);
            i = j;
        }
        let pars = par_index.last().map_or(0, |p| p + 1);
        let title_sim: Vec<f32> = vecs
            .iter()
            .map(|v| vecs.first().map_or(0.0, |t| cosine(v, t)))
            .collect();
        let (_, title_rank) = rank_claims(units, 1, &title_sim);
        let first_claim = units.iter().position(|u| u.role == Role::Claim);
        Self {
            vecs,
            centrality,
            central_rank,
            by_centrality: claims,
            claim_prefix,
            content,
            first_words,
            first_keys,
            concessive,
            par_index,
            pars,
            par_reason,
            title_sim,
            title_rank,
            first_claim,
            main: None,
            claim_cos: std::sync::OnceLock::new(),
        }
    }

    /// How the candidate `t` compares with the other claims as a target of `s` by TF-IDF
    /// similarity: the number of claims (other than `s` and `t`) more similar to `s` in the
    /// document and in `t`'s paragraph, and how far `t`'s similarity falls short of the most
    /// similar claim's (0 when `t` is the most similar), with `t`'s similarity itself.
    pub fn sim_rank(&self, s: usize, t: usize) -> SimRank {
        let (claims, claim_cos) = self.claim_cos.get_or_init(|| {
            let claims: Vec<usize> = (0..self.vecs.len())
                .filter(|&i| self.claim_prefix[i + 1] > self.claim_prefix[i])
                .collect();
            let cos = self
                .vecs
                .iter()
                .map(|v| claims.iter().map(|&c| cosine(v, &self.vecs[c])).collect())
                .collect();
            (claims, cos)
        });
        let cos_st = cosine(&self.vecs[s], &self.vecs[t]);
        let (mut above, mut above_par, mut best) = (0, 0, cos_st);
        for (&c, &cos) in claims.iter().zip(&claim_cos[s]) {
            if c == s || c == t {
                continue;
            }
            best = best.max(cos);
            if cos > cos_st {
                above += 1;
                above_par += (self.par_index[c] == self.par_index[t]) as usize;
            }
        }
        SimRank {
            cos: cos_st,
            above,
            above_par,
            short: best - cos_st,
        }
    }

    /// Set the document's main claim (feature set 4): a candidate of every unit, and what the
    /// `main` link features describe.
    pub fn set_main(&mut self, main: Option<usize>) {
        self.main = main;
    }

    /// The document's main claim, if set.
    pub fn main(&self) -> Option<usize> {
        self.main
    }

    /// The claims every unit has as candidates besides its window: the `k` most central and the
    /// main claim (when set), in text order.
    pub fn global_candidates(&self, k: usize) -> Vec<usize> {
        let mut v = self.most_central(k).to_vec();
        if let Some(m) = self.main {
            if !v.contains(&m) {
                v.push(m);
            }
        }
        v.sort_unstable();
        v
    }
}

/// A candidate target's standing among the source's possible targets by similarity
/// ([`LinkContext::sim_rank`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SimRank {
    /// The TF-IDF cosine of source and candidate.
    pub cos: f32,
    /// How many other claims of the document are more similar to the source.
    pub above: usize,
    /// How many other claims of the candidate's paragraph are more similar to the source.
    pub above_par: usize,
    /// The most similar other claim's cosine minus the candidate's, at least 0.
    pub short: f32,
}

/// The claims of `units` from index `from` on, ordered by `score` (highest first, earlier first
/// on a tie), and each unit's rank in that order (`usize::MAX` for units not ranked).
fn rank_claims(units: &[Sentence], from: usize, score: &[f32]) -> (Vec<usize>, Vec<usize>) {
    let mut order: Vec<usize> = (from..units.len())
        .filter(|&i| units[i].role == Role::Claim)
        .collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]).then(a.cmp(&b)));
    let mut rank = vec![usize::MAX; units.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    (order, rank)
}

impl LinkContext {
    /// The `k` most central claims (fewer when there are fewer claims).
    pub fn most_central(&self, k: usize) -> &[usize] {
        &self.by_centrality[..k.min(self.by_centrality.len())]
    }
}

use crate::util::sparse::cosine;

/// The hashes of every key of one small feature domain, each computed once per process: the key
/// with digits `d` (each below its radix) is `parts(d)` under the domain's namespace, hashed as
/// [`Builder::add_parts`] hashes it, so a table lookup gives the very index the parts would.
struct Domain {
    radix: Vec<usize>,
    hashes: Vec<u64>,
}

impl Domain {
    fn new(ns: &str, radix: &[usize], parts: impl Fn(&[usize]) -> Vec<&'static str>) -> Self {
        let n: usize = radix.iter().product();
        let mut digits = vec![0; radix.len()];
        let hashes = (0..n)
            .map(|code| {
                let mut c = code;
                for (d, r) in digits.iter_mut().zip(radix).rev() {
                    *d = c % r;
                    c /= r;
                }
                hash_parts(ns, &parts(&digits))
            })
            .collect();
        Self {
            radix: radix.to_vec(),
            hashes,
        }
    }

    /// The hash of the key with digits `d`.
    #[inline]
    fn get(&self, d: &[usize]) -> u64 {
        debug_assert_eq!(d.len(), self.radix.len());
        let code = d
            .iter()
            .zip(&self.radix)
            .fold(0, |c, (&d, &r)| c * r + d.min(r - 1));
        self.hashes[code]
    }
}

/// The keys of the pair features of [`link_features`] (sets 1 to 3) whose values come from small
/// domains (roles, directions, bins, ranks, flags), hashed once per process instead of once per
/// candidate pair; the source's and the candidate's opening words are hashed once per unit
/// ([`FirstKeys`]).
struct PairKeys {
    bias: u64,
    cos: u64,
    shared: u64,
    same_par: u64,
    t_central: u64,
    s_central: u64,
    t_heading: u64,
    t_doc_first: u64,
    t_par_first: u64,
    s_concessive: u64,
    t_concessive: u64,
    cos_bin: Domain,
    dist: Domain,
    dir: Domain,
    claims_between: Domain,
    roles: Domain,
    t_rank: Domain,
    t_fifth: Domain,
    roles_dist: Domain,
    roles_rank: Domain,
    s_par_first_dist: Domain,
    st_tpar: Domain,
    st_title: Domain,
    st_title_sim: Domain,
    st_first_claim: Domain,
    st_par_reason: Domain,
    st_pdist: Domain,
    st_central: Domain,
    s_conf: Domain,
    t_pclaim: Domain,
    st_pclaim: Domain,
    sim_rank: Domain,
    sim_rank_par: Domain,
    sim_short: Domain,
}

/// The bin of how sure the classifier is of a unit's role: below .5, .7, .9, or above.
fn conf_bin(u: &Sentence) -> usize {
    bin_f(u.probs[u.role.index()], &[0.5, 0.7, 0.9])
}

/// The fifth of the unit's probability of being a claim.
fn pclaim_bin(u: &Sentence) -> usize {
    ((u.probs[Role::Claim.index()].max(0.0) * 5.0).floor() as usize).min(4)
}

/// How many of the ascending `edges` `x` reaches.
fn bin_f(x: f32, edges: &[f32]) -> usize {
    edges.iter().take_while(|&&e| x >= e).count()
}

/// A role's name by its index in [`Role::ALL`].
fn role_name(i: usize) -> &'static str {
    Role::ALL[i].as_str()
}

/// A direction's name: 0 a candidate before the source, 1 after it.
const DIRS: [&str; 2] = ["back", "fwd"];

/// The hash of a key with no parts.
fn key0(ns: &str) -> u64 {
    hash_parts(ns, &[])
}

impl PairKeys {
    fn build() -> Self {
        let r = role_name;
        let t = |b: usize| tf(b == 1);
        Self {
            bias: key0("bias"),
            cos: key0("cos"),
            shared: key0("shared"),
            same_par: key0("same_par"),
            t_central: key0("t_central"),
            s_central: key0("s_central"),
            t_heading: key0("t_heading"),
            t_doc_first: key0("t_doc_first"),
            t_par_first: key0("t_par_first"),
            s_concessive: key0("s_concessive"),
            t_concessive: key0("t_concessive"),
            cos_bin: Domain::new("cos_bin", &[5], |d| vec![num(d[0])]),
            dist: Domain::new("dist", &[2, 8], |d| vec![DIRS[d[0]], num(d[1])]),
            dir: Domain::new("dir", &[2], |d| vec![DIRS[d[0]]]),
            claims_between: Domain::new("claims_between", &[6], |d| vec![num(d[0])]),
            roles: Domain::new("roles", &[4, 4], |d| vec![r(d[0]), ">", r(d[1])]),
            t_rank: Domain::new("t_rank", &[4], |d| vec![num(d[0])]),
            t_fifth: Domain::new("t_fifth", &[5], |d| vec![num(d[0])]),
            roles_dist: Domain::new("roles_dist", &[4, 4, 2, 8], |d| {
                vec![r(d[0]), ">", r(d[1]), "|", DIRS[d[2]], num(d[3])]
            }),
            roles_rank: Domain::new("roles_rank", &[4, 4, 4], |d| {
                vec![r(d[0]), ">", r(d[1]), "|", num(d[2])]
            }),
            s_par_first_dist: Domain::new("s_par_first_dist", &[4, 2, 2, 8], |d| {
                vec![r(d[0]), "|", t(d[1]), "|", DIRS[d[2]], num(d[3])]
            }),
            st_tpar: Domain::new("st_tpar", &[4, 2, 3], |d| {
                vec![r(d[0]), "|", t(d[1]), "|", ["first", "mid", "last"][d[2]]]
            }),
            st_title: Domain::new("st_title", &[4, 2, 4], |d| {
                vec![r(d[0]), "|", t(d[1]), "|", num(d[2])]
            }),
            st_title_sim: Domain::new("st_title_sim", &[5], |d| vec![num(d[0])]),
            st_first_claim: Domain::new("st_first_claim", &[4, 2, 2], |d| {
                vec![r(d[0]), "|", t(d[1]), "|", t(d[2])]
            }),
            st_par_reason: Domain::new("st_par_reason", &[4, 2, 2], |d| {
                vec![r(d[0]), "|", t(d[1]), "|", t(d[2])]
            }),
            st_pdist: Domain::new("st_pdist", &[4, 2, 2, 2, 7], |d| {
                vec![
                    r(d[0]),
                    "|",
                    t(d[1]),
                    "|",
                    t(d[2]),
                    "|",
                    DIRS[d[3]],
                    num(d[4]),
                ]
            }),
            st_central: Domain::new("st_central", &[4, 2, 4, 4], |d| {
                vec![r(d[0]), "|", t(d[1]), "|", num(d[2]), "|", num(d[3])]
            }),
            s_conf: Domain::new("s_conf", &[4, 4], |d| vec![r(d[0]), "|", num(d[1])]),
            t_pclaim: Domain::new("t_pclaim", &[5], |d| vec![num(d[0])]),
            st_pclaim: Domain::new("st_pclaim", &[4, 5], |d| vec![r(d[0]), "|", num(d[1])]),
            sim_rank: Domain::new("sim_rank", &[4, 5], |d| vec![r(d[0]), "|", num(d[1])]),
            sim_rank_par: Domain::new("sim_rank_par", &[4, 2, 4], |d| {
                vec![r(d[0]), "|", t(d[1]), "|", num(d[2])]
            }),
            sim_short: Domain::new("sim_short", &[4, 6], |d| vec![r(d[0]), "|", num(d[1])]),
        }
    }
}

/// The process's [`PairKeys`].
fn pair_keys() -> &'static PairKeys {
    static KEYS: std::sync::OnceLock<PairKeys> = std::sync::OnceLock::new();
    KEYS.get_or_init(PairKeys::build)
}

/// The hashes of a unit's opening-word features, computed once per unit: as a source, its first
/// word, its first word with each direction (indexed as [`DIRS`]) and its first two words; as a
/// candidate, its first word.
#[derive(Debug, Clone, Default)]
struct FirstKeys {
    first: Option<u64>,
    first_dir: [u64; 2],
    first2: Option<u64>,
    t_first: Option<u64>,
}

impl FirstKeys {
    fn new(w: &[String]) -> Self {
        let parts = hash_parts;
        let Some(first) = w.first() else {
            return Self::default();
        };
        Self {
            first: Some(parts("s_first", &[first])),
            first_dir: DIRS.map(|d| parts("s_first_dir", &[first, "|", d])),
            first2: (w.len() >= 2).then(|| parts("s_first2", &[&w[0], " ", &w[1]])),
            t_first: Some(parts("t_first", &[first])),
        }
    }
}

/// How many values two sorted lists without repeats share.
fn sorted_intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

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
    link_features_in(&mut b, units, ctx, s, t, cfg, emb);
    b.finish()
}

/// Scores candidate pairs of one document under a pairwise link model as [`link_features`]
/// would, without building feature vectors: the features of each unit alone (as a source, as a
/// candidate) are scored once per unit, and each pair adds only its own.
pub struct PairScorer<'m> {
    model: &'m crate::model::LogReg,
    cfg: &'m FeatureConfig,
    source: Vec<[f32; 4]>,
    target: Vec<[f32; 4]>,
}

impl<'m> PairScorer<'m> {
    /// The scorer of `units` (with their context `ctx`) under `model`, trained with `cfg`;
    /// `None` for a model that is not a three-class link model in standard layout.
    pub fn new(
        model: &'m crate::model::LogReg,
        units: &[Sentence],
        ctx: &LinkContext,
        cfg: &'m FeatureConfig,
    ) -> Option<Self> {
        if model.classes() != 3 {
            return None;
        }
        let part = |add: &dyn Fn(&mut Builder)| -> Option<[f32; 4]> {
            let mut b = Builder::scoring(cfg.link_bits, model, false)?;
            add(&mut b);
            Some(b.scores())
        };
        let source = (0..units.len())
            .map(|s| part(&|b| source_features(b, units, ctx, s, cfg)))
            .collect::<Option<Vec<_>>>()?;
        let target = (0..units.len())
            .map(|t| part(&|b| target_features(b, units, ctx, t, cfg)))
            .collect::<Option<Vec<_>>>()?;
        Some(Self {
            model,
            cfg,
            source,
            target,
        })
    }

    /// The none / support / attack probabilities of the link `units[s]` → `units[t]`.
    pub fn proba(
        &self,
        units: &[Sentence],
        ctx: &LinkContext,
        s: usize,
        t: usize,
        emb: Option<&EmbCache>,
    ) -> [f32; 3] {
        let mut b = Builder::scoring(self.cfg.link_bits, self.model, true).expect("checked in new");
        b.add_scores(&self.source[s]);
        b.add_scores(&self.target[t]);
        pair_only_features(&mut b, units, ctx, s, t, self.cfg, emb);
        let p = crate::model::linear::softmax(&b.scores()[..3]);
        [p[0], p[1], p[2]]
    }
}

/// [`link_features`] added to `b`: those of the pair, of the source alone and of the candidate
/// alone.
fn link_features_in(
    b: &mut Builder,
    units: &[Sentence],
    ctx: &LinkContext,
    s: usize,
    t: usize,
    cfg: &FeatureConfig,
    emb: Option<&EmbCache>,
) {
    pair_only_features(b, units, ctx, s, t, cfg, emb);
    source_features(b, units, ctx, s, cfg);
    target_features(b, units, ctx, t, cfg);
}

/// The link features that depend on the source alone: how central it is, its opening words,
/// whether it concedes; with role probabilities, how sure its role is.
fn source_features(
    b: &mut Builder,
    units: &[Sentence],
    ctx: &LinkContext,
    s: usize,
    cfg: &FeatureConfig,
) {
    let k = pair_keys();
    if cfg.link_role_probs {
        let su = &units[s];
        b.add_hash(k.s_conf.get(&[su.role.index(), conf_bin(su)]), 1.0);
    }
    b.add_hash(k.s_central, ctx.centrality[s]);
    if let Some(h) = ctx.first_keys[s].first {
        b.add_hash(h, 1.0);
    }
    if let Some(h) = ctx.first_keys[s].first2 {
        b.add_hash(h, 1.0);
    }
    b.add_hash(k.s_concessive, ctx.concessive[s] as u8 as f32);
}

/// The link features that depend on the candidate alone: its centrality and rank, where it is,
/// its opening word, whether it concedes, how like the title it is (set 3).
fn target_features(
    b: &mut Builder,
    units: &[Sentence],
    ctx: &LinkContext,
    t: usize,
    cfg: &FeatureConfig,
) {
    let k = pair_keys();
    let tu = &units[t];
    b.add_hash(k.t_rank.get(&[ctx.central_rank[t].min(3)]), 1.0);
    b.add_hash(k.t_central, ctx.centrality[t]);
    b.add_hash(k.t_heading, tu.heading as u8 as f32);
    b.add_hash(k.t_doc_first, (t == 0) as u8 as f32);
    let t_par_first = t == 0 || units[t - 1].paragraph != tu.paragraph;
    b.add_hash(k.t_par_first, t_par_first as u8 as f32);
    b.add_hash(k.t_fifth.get(&[(t * 5) / units.len().max(1)]), 1.0);
    if let Some(h) = ctx.first_keys[t].t_first {
        b.add_hash(h, 1.0);
    }
    b.add_hash(k.t_concessive, ctx.concessive[t] as u8 as f32);
    if cfg.link_features >= 3 {
        let title_sim = (ctx.title_sim[t].max(0.0) * 5.0).floor().min(4.0) as usize;
        b.add_hash(k.st_title_sim.get(&[title_sim]), 1.0);
    }
    if cfg.link_role_probs {
        b.add_hash(k.t_pclaim.get(&[pclaim_bin(tu)]), 1.0);
    }
}

/// The link features of the pair `s` → `t` that depend on both.
fn pair_only_features(
    b: &mut Builder,
    units: &[Sentence],
    ctx: &LinkContext,
    s: usize,
    t: usize,
    cfg: &FeatureConfig,
    emb: Option<&EmbCache>,
) {
    let (su, tu) = (&units[s], &units[t]);
    if let Some((x, y)) = emb.and_then(|e| Some((e.get(&su.text)?, e.get(&tu.text)?))) {
        let cos = crate::embed::cosine(x, y);
        b.add("emb_cos", "", cos);
        b.add_parts(
            "emb_cos_bin",
            &[num((cos.max(0.0) * 5.0).floor().min(4.0) as usize)],
            1.0,
        );
    }
    let k = pair_keys();
    let cos = cosine(&ctx.vecs[s], &ctx.vecs[t]);
    b.add_hash(k.bias, 1.0);
    b.add_hash(k.cos, cos);
    b.add_hash(k.cos_bin.get(&[(cos * 5.0).floor().min(4.0) as usize]), 1.0);
    let shared = sorted_intersection(&ctx.content[s], &ctx.content[t]);
    b.add_hash(k.shared, (1.0 + shared as f32).ln());
    let dir = (t >= s) as usize;
    let d = s.abs_diff(t);
    let dbin = bin(d, &[1, 2, 3, 5, 10, 20, 40]);
    b.add_hash(k.dist.get(&[dir, dbin]), 1.0);
    b.add_hash(k.dir.get(&[dir]), 1.0);
    b.add_hash(k.same_par, (su.paragraph == tu.paragraph) as u8 as f32);
    let (lo, hi) = (s.min(t), s.max(t));
    let between = ctx.claim_prefix[hi] - ctx.claim_prefix[lo + 1];
    b.add_hash(k.claims_between.get(&[bin(between, &[0, 1, 2, 4, 8])]), 1.0);
    let (sr, tr) = (su.role.index(), tu.role.index());
    b.add_hash(k.roles.get(&[sr, tr]), 1.0);
    let t_rank = ctx.central_rank[t].min(3);
    if cfg.link_role_probs {
        b.add_hash(k.st_pclaim.get(&[sr, pclaim_bin(tu)]), 1.0);
    }
    if ctx.first_keys[s].first.is_some() {
        b.add_hash(ctx.first_keys[s].first_dir[dir], 1.0);
    }
    if cfg.link_sim_rank {
        // Relative, not absolute, similarity: whether the candidate is the claim the source
        // says most about, in the document and in its own paragraph. A candidate with nothing
        // in common with the source has a rank of its own (4 and 3).
        let r = ctx.sim_rank(s, t);
        let none = r.cos <= 0.0;
        let rank = if none { 4 } else { r.above.min(3) };
        let rank_par = if none { 3 } else { r.above_par.min(2) };
        let same_par = (su.paragraph == tu.paragraph) as usize;
        b.add_hash(k.sim_rank.get(&[sr, rank]), 1.0);
        b.add_hash(k.sim_rank_par.get(&[sr, same_par, rank_par]), 1.0);
        let short = bin_f(r.short, &[0.001, 0.05, 0.1, 0.2, 0.4]);
        b.add_hash(k.sim_short.get(&[sr, short]), 1.0);
    }
    if cfg.link_features >= 2 {
        // A claim tends to back the article's main claim paragraphs away, evidence the claim
        // next to it: the additive features above cannot say that, these conjunctions can.
        b.add_hash(k.roles_dist.get(&[sr, tr, dir, dbin]), 1.0);
        b.add_hash(k.roles_rank.get(&[sr, tr, t_rank]), 1.0);
        let s_par_first = s == 0 || units[s - 1].paragraph != su.paragraph;
        b.add_hash(
            k.s_par_first_dist
                .get(&[sr, s_par_first as usize, dir, dbin]),
            1.0,
        );
    }
    if cfg.link_features >= 3 {
        // Document structure: analysis writing argues a thesis (often in the title, the first or
        // the last paragraph) through paragraph reasons, each backed by the evidence around it.
        // These say where the candidate sits in that structure, relative to the source.
        let (ps, pt) = (ctx.par_index[s], ctx.par_index[t]);
        let t_par = if pt == 0 {
            0
        } else if pt + 1 == ctx.pars {
            2
        } else {
            1
        };
        let s_reason = (ctx.par_reason[s] == Some(s)) as usize;
        let t_reason = (ctx.par_reason[t] == Some(t)) as usize;
        let t_of_s = (ctx.par_reason[s] == Some(t)) as usize;
        let pdist = bin(ps.abs_diff(pt), &[0, 1, 2, 3, 5, 8]);
        let t_title = ctx.title_rank[t].min(3);
        let t_first_claim = (ctx.first_claim == Some(t)) as usize;
        b.add_hash(k.st_tpar.get(&[sr, s_reason, t_par]), 1.0);
        b.add_hash(k.st_title.get(&[sr, s_reason, t_title]), 1.0);
        b.add_hash(k.st_first_claim.get(&[sr, s_reason, t_first_claim]), 1.0);
        b.add_hash(k.st_par_reason.get(&[sr, t_of_s, t_reason]), 1.0);
        b.add_hash(k.st_pdist.get(&[sr, s_reason, t_reason, dir, pdist]), 1.0);
        b.add_hash(k.st_central.get(&[sr, s_reason, t_rank, t_title]), 1.0);
    }
    if cfg.link_features >= 4 {
        // The learned main-claim step: reasons back the thesis across any distance.
        let role = su.role.as_str();
        let s_reason = ctx.par_reason[s] == Some(s);
        let t_main = ctx.main == Some(t);
        let pdist = bin(
            ctx.par_index[s].abs_diff(ctx.par_index[t]),
            &[0, 1, 2, 3, 5],
        );
        let (s_reason, t_main) = (tf(s_reason), tf(t_main));
        b.add_parts("mc_t", &[role, "|", s_reason, "|", t_main], 1.0);
        b.add_parts(
            "mc_t_pdist",
            &[role, "|", s_reason, "|", t_main, "|", num(pdist)],
            1.0,
        );
        if let Some(m) = ctx.main {
            // Whether the candidate lies between the source and the main claim.
            let between = (s.min(m)..=s.max(m)).contains(&t);
            b.add_parts("mc_between", &[role, "|", tf(between)], 1.0);
        }
    }
}

/// Features of unit `units[i]` as the document's main claim (the thesis the text as a whole argues
/// for), for the main-claim model of link feature set 4: where it is (paragraph, first or last,
/// fifth of the text, heading), how like the title and how central it is, its role, its length
/// and its opening words. Namespaced apart from the pair features.
pub fn main_claim_features(
    units: &[Sentence],
    ctx: &LinkContext,
    i: usize,
    cfg: &FeatureConfig,
) -> SparseVec {
    let mut b = Builder::new(cfg.link_bits);
    let u = &units[i];
    let role = u.role.as_str();
    let p = ctx.par_index[i];
    let from_end = ctx.pars.saturating_sub(p + 1);
    let par_first = i == 0 || units[i - 1].paragraph != u.paragraph;
    let par_last = i + 1 == units.len() || units[i + 1].paragraph != u.paragraph;
    let par = format!(
        "{}|{}",
        bin(p, &[0, 1, 2, 3, 5]),
        bin(from_end, &[0, 1, 2, 3])
    );
    b.add("m_bias", "", 1.0);
    b.add("m_role", role, 1.0);
    b.add_fmt("m_par", format_args!("{role}|{par}"), 1.0);
    b.add_fmt(
        "m_par_edge",
        format_args!("{role}|{par_first}|{par_last}"),
        1.0,
    );
    b.add_fmt(
        "m_fifth",
        format_args!("{}", ((i * 5) / units.len().max(1))),
        1.0,
    );
    b.add("m_doc_first", "", (i == 0) as u8 as f32);
    b.add("m_heading", role, u.heading as u8 as f32);
    b.add(
        "m_first_claim",
        "",
        (ctx.first_claim == Some(i)) as u8 as f32,
    );
    b.add(
        "m_reason",
        role,
        (ctx.par_reason[i] == Some(i)) as u8 as f32,
    );
    b.add_fmt(
        "m_title_rank",
        format_args!("{}", ctx.title_rank[i].min(3)),
        1.0,
    );
    b.add_fmt(
        "m_title_sim",
        format_args!(
            "{}",
            ((ctx.title_sim[i].max(0.0) * 5.0).floor().min(4.0) as usize)
        ),
        1.0,
    );
    b.add("m_central", "", ctx.centrality[i]);
    b.add_fmt(
        "m_central_rank",
        format_args!("{}", ctx.central_rank[i].min(3)),
        1.0,
    );
    b.add_fmt(
        "m_len",
        format_args!("{}", bin(ctx.content[i].len(), &[2, 4, 8, 12, 20])),
        1.0,
    );
    if let Some(w) = ctx.first_words[i].first() {
        b.add("m_first", w, 1.0);
    }
    b.add("m_concessive", "", ctx.concessive[i] as u8 as f32);
    if cfg.main_words {
        // What the unit says and how: a thesis proposes, judges or predicts ("should", "must",
        // "is the best way"), where a reason explains and evidence reports.
        let ws = crate::util::words::words(&u.text);
        let wv = 1.0 / (ws.len().max(1) as f32).sqrt();
        for w in &ws {
            b.add("m_w", w, wv);
        }
        let cues = crate::classify::cues::cue_features(units, i);
        for (k, name) in crate::classify::cues::FEATURES.iter().enumerate().skip(1) {
            b.add("m_cue", name, cues[k]);
        }
    }
    b.finish()
}

/// The main claim of a document by a main-claim model (classes: not main, main): its most
/// probable claim, the earlier on a tie; `None` when it has no claim.
pub fn predict_main(
    units: &[Sentence],
    ctx: &LinkContext,
    model: &crate::model::LogReg,
    cfg: &FeatureConfig,
) -> Option<usize> {
    let mut best: Option<(usize, f32)> = None;
    for (i, u) in units.iter().enumerate() {
        if u.role != Role::Claim {
            continue;
        }
        let p = model.predict_proba(&main_claim_features(units, ctx, i, cfg))[1];
        if best.is_none_or(|b| p > b.1) {
            best = Some((i, p));
        }
    }
    best.map(|b| b.0)
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
    b.add_fmt(
        "nl_cands",
        format_args!("{}", bin(n_cands, &[0, 1, 2, 4, 8, 16])),
        1.0,
    );
    b.add("nl_central", "", ctx.centrality[s]);
    if ctx.central_rank[s] != usize::MAX {
        b.add_fmt(
            "nl_rank",
            format_args!("{}", ctx.central_rank[s].min(3)),
            1.0,
        );
    }
    b.add("nl_heading", "", su.heading as u8 as f32);
    let par_first = s == 0 || units[s - 1].paragraph != su.paragraph;
    b.add("nl_par_first", su.role.as_str(), par_first as u8 as f32);
    b.add_fmt(
        "nl_fifth",
        format_args!("{}", ((s * 5) / units.len().max(1))),
        1.0,
    );
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
        b.add_fmt(
            "emb_cos_bin",
            format_args!("{}", ((cos.max(0.0) * 5.0).floor().min(4.0) as usize)),
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
    use crate::classify::features::role_features;
    use crate::document::Role;

    fn unit(text: &str, role: Role) -> Sentence {
        Sentence {
            role,
            ..Sentence::test_unit(text)
        }
    }

    /// The units and roles the default pipeline gives a Milestones essay.
    fn essay_units() -> Vec<Sentence> {
        let text = std::fs::read_to_string(
            "../shared/corpora/state-milestones/txt/1784-1800__citizen-genet.txt",
        )
        .expect("the Milestones corpus beside the project");
        let p =
            crate::pipeline::Pipeline::new(&crate::pipeline::PipelineConfig::default()).unwrap();
        p.run("essay", &text).unwrap().sentences
    }

    #[test]
    fn the_pair_scorer_gives_the_probabilities_of_the_feature_vectors() {
        // Scoring as features are made, with each unit's own features scored once, sums the
        // same products as the sorted vector's dot product, in another order.
        // The default model's weights read under its own features and with the role
        // probability features added (their hashes index the same weight table).
        let model = crate::pipeline::load_model(None).unwrap();
        let probs = FeatureConfig {
            link_role_probs: true,
            ..model.header.features.clone()
        };
        let sim = FeatureConfig {
            link_sim_rank: true,
            ..model.header.features.clone()
        };
        let units = essay_units();
        let ctx = LinkContext::new(&units);
        let mut pairs = 0;
        for cfg in [&model.header.features, &probs, &sim] {
            let scorer = PairScorer::new(&model.links, &units, &ctx, cfg).unwrap();
            for s in 0..units.len() {
                for t in (0..units.len()).filter(|&t| t != s && units[t].role == Role::Claim) {
                    let a = scorer.proba(&units, &ctx, s, t, None);
                    let b = model
                        .links
                        .predict_proba(&link_features(&units, &ctx, s, t, cfg, None));
                    for k in 0..3 {
                        assert!(
                            (a[k] - b[k]).abs() < 1e-5,
                            "{s} -> {t}: {a:?} against {b:?}"
                        );
                    }
                    pairs += 1;
                }
            }
        }
        assert!(pairs > 200, "{pairs} pairs");
    }

    #[test]
    fn the_similarity_rank_counts_the_claims_closer_to_the_source() {
        let mut units = vec![
            unit("Sanctions on oil exports will fail.", Role::Claim),
            unit("Tariffs hurt farmers.", Role::Claim),
            unit(
                "Oil exports rose after the sanctions began.",
                Role::Evidence,
            ),
            unit("Exports of oil found new buyers in Asia.", Role::Claim),
            unit("Nothing here matches.", Role::Claim),
        ];
        units[3].paragraph = 2;
        units[4].paragraph = 2;
        let ctx = LinkContext::new(&units);
        // Unit 0 shares "sanctions", "exports", "oil" with the source; unit 3 "oil", "exports".
        let best = ctx.sim_rank(2, 0);
        let second = ctx.sim_rank(2, 3);
        let unrelated = ctx.sim_rank(2, 4);
        assert!(
            best.cos > second.cos && second.cos > 0.0,
            "{best:?} {second:?}"
        );
        assert_eq!((best.above, best.above_par, best.short), (0, 0, 0.0));
        assert_eq!(
            (second.above, second.above_par),
            (1, 0),
            "unit 0 is in the first paragraph"
        );
        assert!((second.short - (best.cos - second.cos)).abs() < 1e-6);
        assert_eq!(
            (unrelated.cos, unrelated.above, unrelated.above_par),
            (0.0, 2, 1)
        );
        // The source is never counted against its candidates, nor the candidate itself.
        assert_eq!(ctx.sim_rank(0, 3).above, 0);

        // The features: three more with the option, none without it.
        let off = FeatureConfig {
            link_features: 3,
            ..FeatureConfig::default()
        };
        let on = FeatureConfig {
            link_sim_rank: true,
            ..off.clone()
        };
        let k = pair_keys();
        let dim = 1u64 << on.link_bits;
        let has = |f: &SparseVec, key: u64| f.iter().any(|(j, _)| u64::from(*j) == key % dim);
        let ev = Role::Evidence.index();
        let with = link_features(&units, &ctx, 2, 3, &on, None);
        let without = link_features(&units, &ctx, 2, 3, &off, None);
        assert_eq!(with.len(), without.len() + 3, "three more features");
        assert!(has(&with, k.sim_rank.get(&[ev, 1])));
        assert!(has(&with, k.sim_rank_par.get(&[ev, 0, 0])));
        assert!(!has(&without, k.sim_rank.get(&[ev, 1])));
        let none = link_features(&units, &ctx, 2, 4, &on, None);
        assert!(
            has(&none, k.sim_rank.get(&[ev, 4])),
            "no overlap ranks apart"
        );
        assert!(has(&none, k.sim_rank_par.get(&[ev, 0, 3])));
    }

    #[test]
    fn role_scoring_gives_the_probabilities_of_the_feature_vectors() {
        let model = crate::pipeline::load_model(None).unwrap();
        let cfg = &model.header.features;
        let units = essay_units();
        let cues = doc_cues(&units);
        for i in 0..units.len() {
            let ws = words(&units[i].text);
            let a = crate::classify::features::role_proba(
                &model.roles,
                &units,
                &cues,
                i,
                cfg,
                None,
                &ws,
            );
            let b = model
                .roles
                .predict_proba(&role_features(&units, &cues, i, cfg, None));
            for k in 0..4 {
                assert!((a[k] - b[k]).abs() < 1e-5, "unit {i}: {a:?} against {b:?}");
            }
        }
    }

    #[test]
    fn tabled_pair_keys_hash_as_their_parts() {
        // Every key of every table against the parts written out as the strings they stand for.
        let k = pair_keys();
        let h = |ns: &str, key: String| crate::classify::features::hash(ns, &key);
        let roles = ["claim", "evidence", "stance", "none"];
        let tf = ["false", "true"];
        for (d, dir) in DIRS.iter().enumerate() {
            assert_eq!(k.dir.get(&[d]), h("dir", dir.to_string()));
            for bin in 0..8 {
                assert_eq!(k.dist.get(&[d, bin]), h("dist", format!("{dir}{bin}")));
            }
        }
        for (a, ra) in roles.iter().enumerate() {
            for (b, rb) in roles.iter().enumerate() {
                assert_eq!(k.roles.get(&[a, b]), h("roles", format!("{ra}>{rb}")));
                for rank in 0..4 {
                    assert_eq!(
                        k.roles_rank.get(&[a, b, rank]),
                        h("roles_rank", format!("{ra}>{rb}|{rank}"))
                    );
                }
            }
            for (x, fx) in tf.iter().enumerate() {
                for (y, fy) in tf.iter().enumerate() {
                    for (d, dir) in DIRS.iter().enumerate() {
                        for p in 0..7 {
                            assert_eq!(
                                k.st_pdist.get(&[a, x, y, d, p]),
                                h("st_pdist", format!("{ra}|{fx}|{fy}|{dir}{p}"))
                            );
                        }
                    }
                    assert_eq!(
                        k.st_par_reason.get(&[a, x, y]),
                        h("st_par_reason", format!("{ra}|{fx}|{fy}"))
                    );
                }
                for (p, par) in ["first", "mid", "last"].iter().enumerate() {
                    assert_eq!(
                        k.st_tpar.get(&[a, x, p]),
                        h("st_tpar", format!("{ra}|{fx}|{par}"))
                    );
                }
            }
        }
        for (a, ra) in roles.iter().enumerate() {
            for c in 0..4 {
                assert_eq!(k.s_conf.get(&[a, c]), h("s_conf", format!("{ra}|{c}")));
            }
            for p in 0..5 {
                assert_eq!(
                    k.st_pclaim.get(&[a, p]),
                    h("st_pclaim", format!("{ra}|{p}"))
                );
            }
        }
        assert_eq!(k.t_pclaim.get(&[3]), h("t_pclaim", "3".into()));
        assert_eq!(k.bias, h("bias", String::new()));
        assert_eq!(k.t_fifth.get(&[4]), h("t_fifth", "4".into()));
    }

    #[test]
    fn role_probability_features_follow_the_probabilities() {
        let mut units = vec![
            unit("Taxes will rise.", Role::Claim),
            unit("In 2019, 61% agreed.", Role::Evidence),
        ];
        units[0].probs = [0.55, 0.35, 0.05, 0.05];
        units[1].probs = [0.05, 0.92, 0.01, 0.02];
        let ctx = LinkContext::new(&units);
        let off = FeatureConfig {
            link_features: 3,
            ..FeatureConfig::default()
        };
        let on = FeatureConfig {
            link_role_probs: true,
            ..off.clone()
        };
        let k = pair_keys();
        let dim = 1u64 << on.link_bits;
        let has = |f: &SparseVec, key: u64| f.iter().any(|(j, _)| u64::from(*j) == key % dim);
        let with = link_features(&units, &ctx, 1, 0, &on, None);
        let without = link_features(&units, &ctx, 1, 0, &off, None);
        assert_eq!(with.len(), without.len() + 3, "three more features");
        // Evidence sure of its role (.92: bin 3), a candidate with P(claim) .55 (fifth 2).
        assert!(has(&with, k.s_conf.get(&[1, 3])));
        assert!(has(&with, k.t_pclaim.get(&[2])));
        assert!(has(&with, k.st_pclaim.get(&[1, 2])));
        assert!(!has(&without, k.st_pclaim.get(&[1, 2])));
        assert_eq!(conf_bin(&units[0]), 1);
        assert_eq!(bin_f(0.5, &[0.5, 0.7, 0.9]), 1);
        assert_eq!(bin_f(0.49, &[0.5, 0.7, 0.9]), 0);
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

    #[test]
    fn the_main_claim_model_reads_wording_only_when_asked() {
        // Two documents alike but for the wording of their claim (same first word, same number
        // of content words, same place).
        let doc = |text: &str| {
            vec![
                unit("Coal tariffs.", Role::None),
                unit(text, Role::Claim),
                unit("Output fell by a third.", Role::Evidence),
            ]
        };
        let (a, b) = (
            doc("Taxes should rise again."),
            doc("Taxes could fall again."),
        );
        let features = |units: &[Sentence], cfg: &FeatureConfig| {
            main_claim_features(units, &LinkContext::new(units), 1, cfg)
        };
        let off = FeatureConfig {
            link_features: 4,
            ..FeatureConfig::default()
        };
        let on = FeatureConfig {
            main_words: true,
            ..off.clone()
        };
        assert_eq!(features(&a, &off), features(&b, &off));
        assert_ne!(features(&a, &on), features(&b, &on));
        assert!(features(&a, &on).len() > features(&a, &off).len());
    }

    #[test]
    fn structure_features_know_paragraph_reasons_and_the_title() {
        let mut units = vec![
            unit("Tariffs hurt the farm economy", Role::Claim),
            unit("Exports will fall this year.", Role::Claim),
            unit("Prices dropped 12% in 2019.", Role::Evidence),
            unit("Moreover, tariffs hurt farm incomes.", Role::Claim),
            unit("Incomes fell by a third.", Role::Evidence),
        ];
        for (u, p) in units.iter_mut().zip([0, 1, 1, 2, 2]) {
            u.paragraph = p;
        }
        let ctx = LinkContext::new(&units);
        assert_eq!(ctx.par_index, vec![0, 1, 1, 2, 2]);
        assert_eq!(ctx.pars, 3);
        assert_eq!(
            ctx.par_reason,
            vec![Some(0), Some(1), Some(1), Some(3), Some(3)]
        );
        assert_eq!(ctx.first_claim, Some(0));
        // Of the claims after the title, the one sharing its words ranks first.
        assert_eq!(ctx.title_rank[3], 0);
        assert_eq!(ctx.title_rank[1], 1);
        assert_eq!(ctx.title_rank[2], usize::MAX);
        let v2 = FeatureConfig {
            link_features: 2,
            ..FeatureConfig::default()
        };
        let v3 = FeatureConfig {
            link_features: 3,
            ..FeatureConfig::default()
        };
        let (f2, f3) = (
            link_features(&units, &ctx, 4, 3, &v2, None),
            link_features(&units, &ctx, 4, 3, &v3, None),
        );
        assert_eq!(f3.len(), f2.len() + 7, "seven structure features");
        // The source's own paragraph reason and another claim differ in their features.
        assert_ne!(
            link_features(&units, &ctx, 4, 3, &v3, None),
            link_features(&units, &ctx, 4, 1, &v3, None)
        );
    }
}
