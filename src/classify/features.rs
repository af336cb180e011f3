//! Features of the learned models, hashed into a fixed dimension.
//!
//! Role features of a unit: word unigrams and bigrams, character 4-grams, the cue features of
//! [`crate::classify::cues`] for the unit and its two neighbours, its first words, its length and
//! its position in the paragraph and the document.
//!
//! Link features of a (source, candidate claim) pair: TF-IDF similarity and shared words, signed
//! distance, same paragraph, the claims in between, the roles of both, the source's opening words
//! (discourse markers) and whether it concedes, and how central and where the candidate is.

use crate::classify::cues::FEATURES;
use crate::document::Sentence;
use crate::embed::EmbCache;
use crate::model::linear::SparseVec;
use crate::util::words::words;
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
    /// paragraph with the distance; 3 adds the document's structure (the candidate's paragraph
    /// position, its similarity rank to the title, whether it is the document's first claim or the
    /// source's paragraph reason, the paragraph distance), each conjoined with the source's role and
    /// whether the source opens its paragraph's argument (absent in a model file: 1, so models
    /// written before set 2 existed read as they were trained).
    #[serde(default = "link_features_v1", skip_serializing_if = "is_v1")]
    pub link_features: u32,
    /// Link features of the units' role probabilities (with any feature set): how sure the
    /// classifier is of the source's role, and how probable a claim the candidate is, alone and
    /// with the source's role. Meant for a link scorer trained on cross-fitted roles
    /// ([`crate::model::LinkRoles::Crossfit`]); gold units have no probabilities (absent in a
    /// model file: off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub link_role_probs: bool,
    /// Link features of how the candidate compares with the source's other possible targets
    /// (with any feature set): its rank among the document's claims and among its paragraph's
    /// claims by TF-IDF similarity to the source, and how far its similarity falls short of the
    /// most similar claim's. What a similarity baseline decides by, as evidence for the learned
    /// scorer (absent in a model file: off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub link_sim_rank: bool,
    /// The main-claim model (link feature set 4 and up) also reads the unit's wording: its words
    /// and its cue features ([`crate::classify::cues::FEATURES`]: modal, evaluative, first
    /// person, numbers, ...), not only where it stands; and in greedy decoding the main claim it
    /// picks links nowhere, as the root of the document's argument (absent in a model file: off).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub main_words: bool,
}

fn link_features_v1() -> u32 {
    1
}

fn is_v1(v: &u32) -> bool {
    *v == 1
}

/// The newest link feature set this build knows (`train` uses set 1 unless told otherwise: set 2
/// was not measurably better, see eval/RESULTS.md; set 3 is the document-structure set of issue 22;
/// set 4 adds the learned main-claim step, [`crate::link::main_claim_features`], its pair features
/// trained on gold main claims; set 5 the same trained on cross-fitted predicted ones,
/// [`crate::model::train::doc_mains`]).
pub const LINK_FEATURES: u32 = 5;

impl Default for FeatureConfig {
    fn default() -> Self {
        Self {
            role_bits: 18,
            link_bits: 16,
            char_ngram: 4,
            link_features: 1,
            link_role_probs: false,
            link_sim_rank: false,
            main_words: false,
        }
    }
}

/// FNV-1a over a namespace and a key.
pub(crate) fn hash(ns: &str, key: &str) -> u64 {
    hash_parts(ns, &[key])
}

/// FNV-1a over a namespace and a key given in parts, hashed as their concatenation would be.
pub(crate) fn hash_parts(ns: &str, parts: &[&str]) -> u64 {
    let mut h = Fnv::new(ns);
    parts.iter().for_each(|p| h.bytes(p.as_bytes()));
    h.0
}

/// FNV-1a over a feature's namespace, a 0xff byte and its key, fed piece by piece: what is
/// written to it (`write!`, [`Fnv::char`]) hashes as the same text in one string would, without
/// building the string.
pub(crate) struct Fnv(u64);

impl Fnv {
    pub(crate) fn new(ns: &str) -> Self {
        let mut h = Fnv(0xcbf2_9ce4_8422_2325);
        h.bytes(ns.as_bytes());
        h.bytes(&[0xff]);
        h
    }

    #[inline]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= b as u64;
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// The UTF-8 bytes of `c`.
    #[inline]
    pub(crate) fn char(&mut self, c: char) {
        let mut buf = [0u8; 4];
        self.bytes(c.encode_utf8(&mut buf).as_bytes());
    }
}

impl std::fmt::Write for Fnv {
    #[inline]
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.bytes(s.as_bytes());
        Ok(())
    }
}

/// Accumulates hashed features; repeated indices are summed. A builder made by
/// [`Builder::scoring`] keeps no features: each one goes straight into a model's class scores.
pub(crate) struct Builder<'m> {
    mask: u64,
    out: Vec<(u32, f32)>,
    scoring: Option<Scoring<'m>>,
}

/// A model's weights (row-major, `k` per feature index) and the class scores summed so far.
struct Scoring<'m> {
    w: &'m [f32],
    k: usize,
    s: [f32; 4],
}

impl Builder<'static> {
    pub(crate) fn new(bits: u32) -> Self {
        Self {
            mask: (1u64 << bits) - 1,
            out: Vec::with_capacity(64),
            scoring: None,
        }
    }
}

impl<'m> Builder<'m> {
    /// A builder that scores its features with `model` as they are added, in the order they are
    /// added, with no vector, sort or merge: [`Self::scores`] then gives the model's class scores
    /// (with its biases when `bias`, without them for a part of a unit's features).
    /// The sums are the same as [`crate::model::LogReg::scores`] of [`Self::finish`]'s vector up to
    /// the order of the float additions (their last bits). `None` for a model of more than four
    /// classes or whose weights are not in standard layout.
    pub(crate) fn scoring(bits: u32, model: &'m crate::model::LogReg, bias: bool) -> Option<Self> {
        let k = model.classes();
        let w = model.w.as_slice()?;
        if k > 4 || model.dim() < 1usize << bits {
            return None;
        }
        let mut s = [0.0; 4];
        if bias {
            s[..k].copy_from_slice(model.b.as_slice()?);
        }
        Some(Self {
            mask: (1u64 << bits) - 1,
            out: Vec::new(),
            scoring: Some(Scoring { w, k, s }),
        })
    }

    /// Add scores summed beforehand (a part of the features, scored once) to a scoring builder.
    pub(crate) fn add_scores(&mut self, part: &[f32; 4]) {
        if let Some(sc) = &mut self.scoring {
            sc.s.iter_mut().zip(part).for_each(|(s, p)| *s += p);
        }
    }

    /// The class scores of a scoring builder (the first `classes` entries count).
    pub(crate) fn scores(&self) -> [f32; 4] {
        self.scoring.as_ref().map_or([0.0; 4], |sc| sc.s)
    }

    #[inline]
    pub(crate) fn push(&mut self, j: u32, v: f32) {
        match &mut self.scoring {
            None => self.out.push((j, v)),
            Some(sc) => {
                let row = &sc.w[j as usize * sc.k..(j as usize + 1) * sc.k];
                for (s, w) in sc.s.iter_mut().zip(row) {
                    *s += w * v;
                }
            }
        }
    }

    /// A feature whose hash (of namespace and key) is known, from a table of keys.
    #[inline]
    pub(crate) fn add_hash(&mut self, h: u64, v: f32) {
        if v != 0.0 {
            self.push((h & self.mask) as u32, v);
        }
    }

    pub(crate) fn add(&mut self, ns: &str, key: &str, v: f32) {
        if v != 0.0 {
            self.push((hash(ns, key) & self.mask) as u32, v);
        }
    }

    /// [`Self::add`] with the key given as format arguments: hashed as it is formatted, with no
    /// string built (`b.add_fmt("dist", format_args!("{dir}{bin}"), 1.0)`).
    pub(crate) fn add_fmt(&mut self, ns: &str, key: std::fmt::Arguments, v: f32) {
        if v != 0.0 {
            let mut h = Fnv::new(ns);
            let _ = std::fmt::Write::write_fmt(&mut h, key);
            self.push((h.0 & self.mask) as u32, v);
        }
    }

    /// [`Self::add`] with the key given in parts, hashed one after another as their
    /// concatenation would be (`b.add_parts("dist", &[dir, num(bin)], 1.0)`): no string and no
    /// formatting machinery, for the features of every candidate pair.
    pub(crate) fn add_parts(&mut self, ns: &str, parts: &[&str], v: f32) {
        if v != 0.0 {
            self.push((hash_parts(ns, parts) & self.mask) as u32, v);
        }
    }

    /// [`Self::add`] with the key given as its characters.
    pub(crate) fn add_chars(&mut self, ns: &str, key: impl Iterator<Item = char>, v: f32) {
        if v != 0.0 {
            let mut h = Fnv::new(ns);
            key.for_each(|c| h.char(c));
            self.push((h.0 & self.mask) as u32, v);
        }
    }

    pub(crate) fn finish(mut self) -> SparseVec {
        self.out.sort_unstable_by_key(|x| x.0);
        // Sum the values of repeated indices in place, in order (no second vector).
        let mut n = 0;
        for k in 0..self.out.len() {
            let (j, v) = self.out[k];
            if n > 0 && self.out[n - 1].0 == j {
                self.out[n - 1].1 += v;
            } else {
                self.out[n] = (j, v);
                n += 1;
            }
        }
        self.out.truncate(n);
        self.out
    }
}

/// A small number as `format!("{n}")` writes it, without formatting: the feature keys' bins,
/// ranks and fifths are all under ten.
pub(crate) fn num(n: usize) -> &'static str {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    debug_assert!(n < 10, "a feature bin of {n}");
    DIGITS[n.min(9)]
}

/// A boolean as `format!("{b}")` writes it.
pub(crate) fn tf(b: bool) -> &'static str {
    if b {
        "true"
    } else {
        "false"
    }
}

/// Numbers become a shape, so that "78%" and "55%" are one feature.
pub(crate) fn shape(w: &str) -> String {
    if w.chars().any(|c| c.is_ascii_digit()) {
        w.chars()
            .map(|c| if c.is_ascii_digit() { '0' } else { c })
            .collect()
    } else {
        w.to_string()
    }
}

pub(crate) fn bin(x: usize, edges: &[usize]) -> usize {
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
    role_features_in(&mut b, units, cues, i, cfg, emb, &words(&units[i].text));
    b.finish()
}

/// The class probabilities of `units[i]`, whose [`words`] are `ws`, under the role model `model`
/// (trained with `cfg`): its [`role_features`] scored as they are made ([`Builder::scoring`]).
pub fn role_proba(
    model: &crate::model::LogReg,
    units: &[Sentence],
    cues: &[Array1<f32>],
    i: usize,
    cfg: &FeatureConfig,
    emb: Option<&EmbCache>,
    ws: &[String],
) -> Vec<f32> {
    match Builder::scoring(cfg.role_bits, model, true) {
        Some(mut b) => {
            role_features_in(&mut b, units, cues, i, cfg, emb, ws);
            crate::model::linear::softmax(&b.scores()[..model.classes()])
        }
        None => model.predict_proba(&role_features(units, cues, i, cfg, emb)),
    }
}

/// [`role_features`] added to `b`.
#[allow(clippy::too_many_arguments)]
fn role_features_in(
    b: &mut Builder,
    units: &[Sentence],
    cues: &[Array1<f32>],
    i: usize,
    cfg: &FeatureConfig,
    emb: Option<&EmbCache>,
    words: &[String],
) {
    let u = &units[i];
    let ws: Vec<std::borrow::Cow<str>> = words
        .iter()
        .map(|w| {
            if w.bytes().any(|c| c.is_ascii_digit()) {
                shape(w).into()
            } else {
                w.as_str().into()
            }
        })
        .collect();
    let n = ws.len().max(1) as f32;
    let wv = 1.0 / n.sqrt();
    for w in &ws {
        b.add("w", w, wv);
    }
    for p in ws.windows(2) {
        b.add_parts("b", &[&p[0], " ", &p[1]], wv);
    }
    if cfg.char_ngram > 0 {
        let lower: Vec<char> = format!(" {} ", u.text.to_lowercase()).chars().collect();
        let k = cfg.char_ngram;
        if lower.len() >= k {
            let cv = 1.0 / ((lower.len() - k + 1) as f32).sqrt();
            for g in lower.windows(k) {
                let digits_as_zero = g.iter().map(|c| if c.is_ascii_digit() { '0' } else { *c });
                b.add_chars("c", digits_as_zero, cv);
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
        b.add_fmt("first2", format_args!("{} {}", ws[0], ws[1]), 1.0);
    }
    b.add_fmt(
        "len",
        format_args!("{}", bin(ws.len(), &[3, 7, 15, 30, 60])),
        1.0,
    );
    let rel = (i * 5) / units.len().max(1);
    b.add_fmt("pos", format_args!("doc_fifth{rel}"), 1.0);
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
    // The embedding's indices lie above every hashed one: sorted, they stay after them.
    if let Some(v) = emb.and_then(|e| e.get(&u.text)) {
        let base = 1u32 << cfg.role_bits;
        v.iter()
            .enumerate()
            .for_each(|(k, x)| b.push(base + k as u32, *x));
    }
}
