//! Learned stages: a role classifier and a link scorer trained from annotated corpora.
//!
//! Training data come from the corpus readers of [`crate::annotation`] with their documented label
//! mapping. `stance` has no counterpart in the corpora; it is learned from **weak labels**: a unit
//! annotated as evidence or none whose subject is a named actor other than the author (no first
//! person) and which reports that actor's goal, demand, condition, proposal or statement, without
//! a modal of the author's own judgement, is relabelled `stance` ([`weak_stance`]). The rule is
//! general English; the model then learns from the words of the units it marks.

pub mod cv;
pub mod features;
pub mod finetuned;
pub mod linear;
pub mod model;

use crate::annotation::GoldDocument;
use crate::classify::cues::{doc_cues, FEATURES};
use crate::classify::SentenceClassifier;
use crate::document::{Link, Relation, Role, Sentence};
use crate::embed::{EmbCache, SharedEmbedder};
use crate::link::Linker;
use crate::text::Span;
use features::{link_features, nolink_features, role_features, FeatureConfig, LinkContext};
use linear::{ListGroup, LogReg, SparseVec, TrainConfig};
use model::{ArgModel, LinkObjective, ModelHeader, TrainingSummary};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

fn feature(f: &ndarray::Array1<f32>, name: &str) -> f32 {
    f[FEATURES
        .iter()
        .position(|x| *x == name)
        .expect("known feature")]
}

/// The weak-label rule for `stance` (see the module docs), on a unit's cue features.
pub fn weak_stance(f: &ndarray::Array1<f32>) -> bool {
    feature(f, "first_person") == 0.0
        && feature(f, "named_actor_subject") > 0.0
        && feature(f, "modal") == 0.0
        && (feature(f, "goal_or_demand_verb") > 0.0
            || feature(f, "goal_or_demand_noun") > 0.0
            || feature(f, "reporting_verb") > 0.0)
}

/// The units of a gold document as [`Sentence`]s with their gold roles (white space folded;
/// paragraphs counted from blank lines).
pub fn gold_sentences(doc: &GoldDocument) -> Vec<Sentence> {
    let chars: Vec<char> = doc.text.chars().collect();
    let mut breaks = Vec::new();
    for i in 1..chars.len() {
        if chars[i] == '\n' && chars[i - 1] == '\n' {
            breaks.push(i);
        }
    }
    doc.units
        .iter()
        .enumerate()
        .map(|(k, u)| {
            let text: String = chars[u.start..u.end].iter().collect();
            Sentence {
                id: k + 1,
                paragraph: 1 + breaks.partition_point(|&b| b < u.start),
                span: Span {
                    byte: 0..0,
                    char: u.start..u.end,
                },
                heading: false,
                text: crate::normalize::fold_whitespace(&text),
                n_tokens: 0,
                role: u.role,
                probs: [0.0; 4],
            }
        })
        .collect()
}

/// Candidate targets of `s`: the claims within `window` units, plus `central` (the most central
/// claims), in text order. Only the window is scanned, so a document's candidates cost
/// O(units × window), not O(units²).
pub fn candidates(units: &[Sentence], central: &[usize], s: usize, window: usize) -> Vec<usize> {
    let lo = s.saturating_sub(window);
    let hi = s.saturating_add(window).min(units.len().saturating_sub(1));
    let mut v: Vec<usize> = (lo..=hi)
        .filter(|&t| t != s && units[t].role == Role::Claim)
        .collect();
    v.extend(
        central
            .iter()
            .copied()
            .filter(|&t| t != s && !(lo..=hi).contains(&t)),
    );
    v.sort_unstable();
    v
}

/// The training label of a unit of gold role `role` under the weak stance rule: an evidence or
/// none unit whose cues the rule marks ([`weak_stance`]) becomes stance; any other keeps its role.
pub fn weak_role(role: Role, cues: &ndarray::Array1<f32>) -> Role {
    if matches!(role, Role::Evidence | Role::None) && weak_stance(cues) {
        Role::Stance
    } else {
        role
    }
}

/// Examples for the role classifier from `docs`; returns the examples and the number of units
/// relabelled as stance.
pub fn role_examples(
    docs: &[GoldDocument],
    cfg: &FeatureConfig,
    weak: bool,
    emb: Option<&EmbCache>,
) -> (Vec<(SparseVec, usize)>, usize) {
    let mut out = Vec::new();
    let mut relabelled = 0;
    for d in docs {
        let units = gold_sentences(d);
        let cues = doc_cues(&units);
        for i in 0..units.len() {
            let mut role = units[i].role;
            if weak {
                role = weak_role(role, &cues[i]);
                relabelled += usize::from(role != units[i].role);
            }
            out.push((role_features(&units, &cues, i, cfg, emb), role.index()));
        }
    }
    (out, relabelled)
}

/// Calls `f(units, ctx, s, candidates, gold)` for every argumentative unit `s` of `docs`, with
/// its candidate targets (the window and central claims, plus its gold targets) in text order and
/// the document's gold links by (source, target) index.
pub(crate) fn for_each_source(
    docs: &[GoldDocument],
    window: usize,
    central: usize,
    mut f: impl FnMut(
        &[Sentence],
        &LinkContext,
        usize,
        &[usize],
        &std::collections::HashMap<(usize, usize), Relation>,
    ),
) {
    for d in docs {
        let units = gold_sentences(d);
        let ctx = LinkContext::new(&units);
        let index: std::collections::HashMap<&str, usize> = d
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i))
            .collect();
        let mut gold: std::collections::HashMap<(usize, usize), Relation> = Default::default();
        for l in &d.links {
            if let (Some(&s), Some(&t)) =
                (index.get(l.source.as_str()), index.get(l.target.as_str()))
            {
                gold.insert((s, t), l.relation);
            }
        }
        for s in 0..units.len() {
            if units[s].role == Role::None {
                continue;
            }
            let mut cands = candidates(&units, ctx.most_central(central), s, window);
            for &(_, gt) in gold.keys().filter(|(gs, _)| *gs == s) {
                if !cands.contains(&gt) {
                    cands.push(gt);
                }
            }
            cands.sort_unstable();
            f(&units, &ctx, s, &cands, &gold);
        }
    }
}

pub(crate) fn relation_class(r: Option<&Relation>) -> usize {
    match r {
        None => 0,
        Some(Relation::Support) => 1,
        Some(Relation::Attack) => 2,
    }
}

/// Examples for the pairwise link scorer: every argumentative unit against its candidate claims
/// (and its gold targets), labelled none (0), support (1) or attack (2).
pub fn link_examples(
    docs: &[GoldDocument],
    cfg: &FeatureConfig,
    window: usize,
    central: usize,
    emb: Option<&EmbCache>,
) -> Vec<(SparseVec, usize)> {
    let mut out = Vec::new();
    for_each_source(docs, window, central, |units, ctx, s, cands, gold| {
        for &t in cands {
            let y = relation_class(gold.get(&(s, t)));
            out.push((link_features(units, ctx, s, t, cfg, emb), y));
        }
    });
    out
}

/// Groups for the listwise link scorer: one per argumentative unit, with its "no link"
/// features, its candidates' pair features and its gold outcomes.
pub fn link_groups(
    docs: &[GoldDocument],
    cfg: &FeatureConfig,
    window: usize,
    central: usize,
    emb: Option<&EmbCache>,
) -> Vec<ListGroup> {
    let mut out = Vec::new();
    for_each_source(docs, window, central, |units, ctx, s, cands, gold| {
        out.push(ListGroup {
            none: nolink_features(units, ctx, s, cands.len(), cfg),
            cands: cands
                .iter()
                .map(|&t| link_features(units, ctx, s, t, cfg, emb))
                .collect(),
            gold: cands
                .iter()
                .enumerate()
                .filter_map(|(k, &t)| gold.get(&(s, t)).map(|r| (k, relation_class(Some(r)))))
                .collect(),
        });
    });
    out
}

/// Weak stance examples from unannotated text: the units of `maps` (as the pipeline segmented them)
/// that the weak-label rule marks as stance.
pub fn weak_stance_examples(
    maps: &[Vec<Sentence>],
    cfg: &FeatureConfig,
    emb: Option<&EmbCache>,
) -> Vec<(SparseVec, usize)> {
    let mut out = Vec::new();
    for units in maps {
        let cues = doc_cues(units);
        for i in 0..units.len() {
            if !units[i].heading && weak_stance(&cues[i]) {
                out.push((
                    role_features(units, &cues, i, cfg, emb),
                    Role::Stance.index(),
                ));
            }
        }
    }
    out
}

/// Everything `train` needs besides the data.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainSettings {
    /// Features.
    pub features: FeatureConfig,
    /// Optimiser.
    pub train: TrainConfig,
    /// Candidate window.
    pub window: usize,
    /// Central candidates.
    pub central: usize,
    /// Link threshold.
    pub threshold: f32,
    /// Use the weak stance rule.
    pub weak_stance: bool,
    /// Balanced class weights for the link scorer (the role classifier follows `train`; the
    /// listwise objective has none).
    pub link_balanced: bool,
    /// Pairwise or listwise link scorer.
    pub link_objective: LinkObjective,
}

impl Default for TrainSettings {
    fn default() -> Self {
        Self {
            features: FeatureConfig::default(),
            train: TrainConfig::default(),
            window: 40,
            central: 3,
            threshold: 0.5,
            weak_stance: true,
            link_balanced: true,
            link_objective: LinkObjective::Pairwise,
        }
    }
}

/// Train a model: roles from `role_docs`, links from `link_docs`.
///
/// `unlabelled` are the units of unannotated documents; with weak stance labels on, the units the
/// rule marks are added as stance examples (the others are not used).
pub fn train(
    role_docs: &[GoldDocument],
    link_docs: &[GoldDocument],
    unlabelled: &[Vec<Sentence>],
    s: &TrainSettings,
    emb: Option<(&str, &EmbCache)>,
    mut summary: TrainingSummary,
) -> ArgModel {
    let (backend, cache) = (emb.map(|e| e.0), emb.map(|e| e.1));
    let embedding_dim = cache.map_or(0, |c| c.dim());
    let (mut rx, mut weak) = role_examples(role_docs, &s.features, s.weak_stance, cache);
    if s.weak_stance {
        let extra = weak_stance_examples(unlabelled, &s.features, cache);
        weak += extra.len();
        rx.extend(extra);
    }
    let roles = LogReg::train(
        &rx,
        (1 << s.features.role_bits) + embedding_dim,
        4,
        &s.train,
    );
    let count = |xs: &[(SparseVec, usize)], k: usize| {
        let mut v = vec![0; k];
        for (_, y) in xs {
            v[*y] += 1;
        }
        v
    };
    let link_dim = 1 << s.features.link_bits;
    // The link scorer and, for the summary, its examples as (source, candidate) pairs by class,
    // with the training-set decisions: (gold link?, predicted link?) per pair.
    let (links, link_counts_by_class, decisions) = match s.link_objective {
        LinkObjective::Pairwise => {
            let lx = link_examples(link_docs, &s.features, s.window, s.central, cache);
            let link_train = TrainConfig {
                balanced: s.link_balanced,
                ..s.train.clone()
            };
            let links = LogReg::train(&lx, link_dim, 3, &link_train);
            let decisions: Vec<(bool, bool)> = lx
                .iter()
                .map(|(x, y)| (*y != 0, 1.0 - links.predict_proba(x)[0] >= s.threshold))
                .collect();
            (links, count(&lx, 3), decisions)
        }
        LinkObjective::Listwise => {
            let groups = link_groups(link_docs, &s.features, s.window, s.central, cache);
            let links = LogReg::train_listwise(&groups, link_dim, &s.train);
            let mut counts = vec![0; 3];
            let mut decisions = Vec::new();
            for g in &groups {
                let best = listwise_decision(&g.outcome_proba(&links), s.threshold);
                for k in 0..g.cands.len() {
                    let y = g.gold.iter().find(|o| o.0 == k).map_or(0, |o| o.1);
                    counts[y] += 1;
                    decisions.push((y != 0, best.is_some_and(|b| b.0 == k)));
                }
            }
            (links, counts, decisions)
        }
    };
    // Figures on the training data itself (resubstitution): a check that training worked, not an
    // estimate of accuracy; cross-validated figures are in eval/RESULTS.md.
    let mut confusion = crate::eval::metrics::Confusion::default();
    for (x, y) in &rx {
        let p = roles.predict_proba(x);
        let k = (0..4).fold(0, |m, c| if p[c] > p[m] { c } else { m });
        confusion.add(Role::ALL[*y], Role::ALL[k]);
    }
    let mut link_counts = crate::eval::metrics::Counts::default();
    for (gold, linked) in decisions {
        match (gold, linked) {
            (true, true) => link_counts.tp += 1,
            (false, true) => link_counts.fp += 1,
            (true, false) => link_counts.fn_ += 1,
            (false, false) => {}
        }
    }
    let metrics = serde_json::json!({
        "training_set": {
            "role_accuracy": confusion.accuracy(),
            "role_macro_f1_all": confusion.macro_f1(&Role::ALL),
            "link_pair_f1": link_counts.f1(),
        },
        "note": "resubstitution on the training data; cross-validated figures: eval/RESULTS.md",
    });
    summary.role_examples = count(&rx, 4);
    summary.link_examples = link_counts_by_class;
    summary.weak_stance = weak;
    ArgModel {
        header: ModelHeader {
            role_labels: Role::ALL.iter().map(|r| r.as_str().to_string()).collect(),
            link_labels: vec!["none".into(), "support".into(), "attack".into()],
            features: s.features.clone(),
            backend: backend.unwrap_or_default().to_string(),
            embedding_dim,
            train: s.train.clone(),
            link_window: s.window,
            link_central: s.central,
            link_threshold: s.threshold,
            link_balanced: (s.link_balanced != s.train.balanced).then_some(s.link_balanced),
            link_objective: s.link_objective,
            training: summary,
            metrics,
            weights_sha256: String::new(),
        },
        roles,
        links,
    }
}

/// The learned role classifier. Heading lines go to the cue baseline instead: none of the
/// training corpora has headings, so the model has never seen one, while the guidelines give the
/// rule the baseline encodes (a headline that asserts something is a claim, a section title is none).
#[derive(Debug, Clone)]
pub struct LearnedClassifier {
    model: Arc<ArgModel>,
    headings: crate::classify::CueBaseline,
    embedder: Option<Arc<SharedEmbedder>>,
}

impl LearnedClassifier {
    /// A classifier with the role model of `model`; `embedder` must be given when the model was
    /// trained with embeddings (its header names a backend).
    pub fn new(model: Arc<ArgModel>, embedder: Option<Arc<SharedEmbedder>>) -> Self {
        Self {
            model,
            headings: crate::classify::CueBaseline::default(),
            embedder,
        }
    }
}

fn embeddings(
    e: &Option<Arc<SharedEmbedder>>,
    units: &[Sentence],
    keep: bool,
) -> crate::Result<Option<EmbCache>> {
    e.as_ref()
        .map(|e| {
            let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
            e.embed(&texts, keep)
        })
        .transpose()
}

impl SentenceClassifier for LearnedClassifier {
    fn classify(&self, units: &[Sentence]) -> crate::Result<Vec<[f32; 4]>> {
        let cues = doc_cues(units);
        let emb = embeddings(&self.embedder, units, true)?;
        Ok((0..units.len())
            .map(|i| {
                if units[i].heading {
                    return crate::classify::softmax(&self.headings.scores(cues[i].view()));
                }
                let f = role_features(units, &cues, i, &self.model.header.features, emb.as_ref());
                let p = self.model.roles.predict_proba(&f);
                [p[0], p[1], p[2], p[3]]
            })
            .collect())
    }
}

/// For each unit of a document, its candidate targets (unit indices, in text order) with the
/// probabilities of none, support and attack.
pub type CandidateProbs = Vec<Vec<(usize, [f32; 3])>>;

/// How a linker turns its candidates' probabilities into a forest of links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkDecoding {
    /// Each unit's most probable candidate, kept when the probability of a link reaches the
    /// threshold; links are added from the most to the least probable and one that would close
    /// a cycle is dropped (its unit gets no link).
    #[default]
    Greedy,
    /// The forest of the greatest total of (probability of a link − threshold) over the links
    /// of probability at least the threshold ([`crate::link::max_forest`]): the same links as
    /// greedy when no cycle arises; a cycle is broken where it costs least, so a unit may get
    /// its second-best target instead of none. Pairwise link models only.
    Tree,
}

/// The learned linker: each argumentative unit to its most probable candidate claim, kept when
/// the probability of a link reaches the threshold; cycles are resolved as its
/// [`LinkDecoding`] says, so the map is a forest.
#[derive(Debug, Clone)]
pub struct LearnedLinker {
    model: Arc<ArgModel>,
    embedder: Option<Arc<SharedEmbedder>>,
    /// Weights of none / support / attack that turn the model's probabilities into the
    /// training distribution's (all 1 for a model trained without class weights).
    prior: [f32; 3],
    decoding: LinkDecoding,
}

/// The class frequencies of the link examples a balanced model was trained on (uniform when the
/// model was trained without class weights or the header has no counts).
fn relation_prior(h: &ModelHeader) -> [f32; 3] {
    let n = &h.training.link_examples;
    let total: usize = n.iter().sum();
    if !h.link_balanced.unwrap_or(h.train.balanced) || n.len() != 3 || n.contains(&0) {
        return [1.0; 3];
    }
    [0, 1, 2].map(|k| n[k] as f32 / total as f32)
}

impl LearnedLinker {
    /// A linker with the link model of `model` (and the embedder its header asks for).
    pub fn new(model: Arc<ArgModel>, embedder: Option<Arc<SharedEmbedder>>) -> Self {
        let prior = relation_prior(&model.header);
        Self {
            model,
            embedder,
            prior,
            decoding: LinkDecoding::Greedy,
        }
    }

    /// The linker decoding as `decoding` says; an error for tree decoding with a listwise link
    /// model (whose probabilities are over a unit's candidates together, not per pair).
    pub fn with_decoding(mut self, decoding: LinkDecoding) -> crate::Result<Self> {
        if decoding == LinkDecoding::Tree
            && self.model.header.link_objective == LinkObjective::Listwise
        {
            return Err(crate::Error::Config(
                "tree link decoding needs a pairwise link model; this one is listwise".into(),
            ));
        }
        self.decoding = decoding;
        Ok(self)
    }

    /// How this linker decodes.
    pub fn decoding(&self) -> LinkDecoding {
        self.decoding
    }

    /// The link model's header.
    pub fn header(&self) -> &ModelHeader {
        &self.model.header
    }

    /// For each unit, its candidate targets (in text order) with the pairwise link model's
    /// probabilities of none, support and attack; none units have no candidates. An error for a
    /// listwise model, whose probabilities are over a unit's candidates together.
    pub fn candidate_probs(&self, units: &[Sentence]) -> crate::Result<CandidateProbs> {
        let h = &self.model.header;
        if h.link_objective == LinkObjective::Listwise {
            return Err(crate::Error::Config(
                "pairwise link probabilities from a listwise link model".into(),
            ));
        }
        let ctx = LinkContext::new(units);
        let emb = embeddings(&self.embedder, units, false)?;
        Ok((0..units.len())
            .map(|s| {
                if units[s].role == Role::None {
                    return Vec::new();
                }
                candidates(units, ctx.most_central(h.link_central), s, h.link_window)
                    .into_iter()
                    .map(|t| {
                        let f = link_features(units, &ctx, s, t, &h.features, emb.as_ref());
                        let p = self.model.links.predict_proba(&f);
                        (t, [p[0], p[1], p[2]])
                    })
                    .collect()
            })
            .collect())
    }

    /// The best of a unit's candidates with their none / support / attack probabilities:
    /// (target, P(link), relation), the first of equal ones.
    pub fn pick(&self, cands: &[(usize, [f32; 3])]) -> Option<(usize, f32, Relation)> {
        let mut best: Option<(usize, f32, Relation)> = None;
        for &(t, p) in cands {
            let score = 1.0 - p[0];
            if best.is_none_or(|b| score > b.1) {
                best = Some((t, score, self.relation(&p)));
            }
        }
        best
    }

    /// Support or attack, from a pair's none / support / attack probabilities. The model was
    /// trained with balanced class weights, which inflate the rare attack class; the decision
    /// compares the probabilities reweighted by the classes' training frequencies (Saerens et
    /// al. 2002), i.e. what an unweighted model would say.
    fn relation(&self, p: &[f32; 3]) -> Relation {
        if p[2] * self.prior[2] > p[1] * self.prior[1] {
            Relation::Attack
        } else {
            Relation::Support
        }
    }

    /// The links of `units` from every unit's candidates, decoded as this linker decodes.
    pub fn links_from(&self, units: &[Sentence], cands: &CandidateProbs) -> Vec<Link> {
        match self.decoding {
            LinkDecoding::Greedy => {
                let best: Vec<_> = cands.iter().map(|c| self.pick(c)).collect();
                self.decode(units, &best)
            }
            LinkDecoding::Tree => self.decode_tree(units, cands),
        }
    }

    /// Tree decoding ([`LinkDecoding::Tree`]): the best forest of the candidates whose P(link)
    /// reaches the threshold, each weighing P(link) − threshold; ordered by source.
    pub fn decode_tree(&self, units: &[Sentence], cands: &CandidateProbs) -> Vec<Link> {
        let threshold = f64::from(self.model.header.link_threshold);
        let flat: Vec<(usize, usize, [f32; 3])> = cands
            .iter()
            .enumerate()
            .flat_map(|(s, c)| c.iter().map(move |&(t, p)| (s, t, p)))
            .collect();
        let scored: Vec<crate::link::Candidate> = flat
            .iter()
            .map(|&(source, target, p)| crate::link::Candidate {
                source,
                target,
                weight: f64::from(1.0 - p[0]) - threshold,
            })
            .collect();
        crate::link::max_forest(units.len(), &scored)
            .into_iter()
            .flatten()
            .map(|k| {
                let (s, t, p) = flat[k];
                Link {
                    source: units[s].id,
                    target: units[t].id,
                    relation: self.relation(&p),
                    score: (1.0 - p[0]).clamp(0.0, 1.0),
                }
            })
            .collect()
    }

    /// For each unit, its best candidate (target, P(link), relation), if any, by a listwise
    /// link model (a pairwise model's come from [`Self::candidate_probs`] and [`Self::pick`]).
    fn listwise_targets(
        &self,
        units: &[Sentence],
    ) -> crate::Result<Vec<Option<(usize, f32, Relation)>>> {
        let h = &self.model.header;
        let ctx = LinkContext::new(units);
        let emb = embeddings(&self.embedder, units, false)?;
        Ok((0..units.len())
            .map(|s| {
                if units[s].role == Role::None {
                    return None;
                }
                let cands = candidates(units, ctx.most_central(h.link_central), s, h.link_window);
                let group = ListGroup {
                    none: nolink_features(units, &ctx, s, cands.len(), &h.features),
                    cands: cands
                        .iter()
                        .map(|&t| link_features(units, &ctx, s, t, &h.features, emb.as_ref()))
                        .collect(),
                    gold: Vec::new(),
                };
                let p = group.outcome_proba(&self.model.links);
                // No threshold here: the linker applies it to the returned P(link).
                listwise_decision(&p, 0.0).map(|(k, _, r)| (cands[k], 1.0 - p[0], r))
            })
            .collect())
    }

    /// The links of `units` from each unit's best target: those whose P(link) reaches the
    /// model's threshold, added from the most probable down, skipping any that would close a
    /// cycle; ordered by source.
    pub fn decode(&self, units: &[Sentence], best: &[Option<(usize, f32, Relation)>]) -> Vec<Link> {
        let mut order: Vec<(usize, usize, f32, Relation)> = best
            .iter()
            .enumerate()
            .filter_map(|(s, b)| b.map(|(t, p, r)| (s, t, p, r)))
            .filter(|x| x.2 >= self.model.header.link_threshold)
            .collect();
        order.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        let mut parent: Vec<Option<usize>> = vec![None; units.len()];
        let mut links = Vec::new();
        for (s, t, p, relation) in order {
            // Would s → t close a cycle? Walk up from t.
            let mut cur = Some(t);
            let mut cycle = false;
            while let Some(c) = cur {
                if c == s {
                    cycle = true;
                    break;
                }
                cur = parent[c];
            }
            if cycle {
                continue;
            }
            parent[s] = Some(t);
            links.push(Link {
                source: units[s].id,
                target: units[t].id,
                relation,
                score: p.clamp(0.0, 1.0),
            });
        }
        links.sort_by_key(|l| l.source);
        links
    }
}

/// The listwise decision from a group's outcome probabilities ([`ListGroup::outcome_proba`]):
/// the candidate with the highest probability of a link (support plus attack), its relation
/// (the likelier of the two), and the probability of that link, when the probability that the
/// unit links at all (1 - P(no link)) reaches `threshold`.
pub fn listwise_decision(p: &[f32], threshold: f32) -> Option<(usize, f32, Relation)> {
    if p.len() < 3 || 1.0 - p[0] < threshold {
        return None;
    }
    let both = |k: usize| (p[ListGroup::outcome(k, 1)], p[ListGroup::outcome(k, 2)]);
    let link = |k: usize| both(k).0 + both(k).1;
    let k = (0..(p.len() - 1) / 2)
        .max_by(|&a, &b| link(a).total_cmp(&link(b)).then(b.cmp(&a)))
        .expect("at least one candidate");
    let (sup, att) = both(k);
    let relation = if att > sup {
        Relation::Attack
    } else {
        Relation::Support
    };
    Some((k, sup + att, relation))
}

impl Linker for LearnedLinker {
    fn link(&self, units: &[Sentence]) -> crate::Result<Vec<Link>> {
        if self.model.header.link_objective == LinkObjective::Listwise {
            // Greedy only: with_decoding refuses tree decoding for a listwise model.
            let best = self.listwise_targets(units)?;
            return Ok(self.decode(units, &best));
        }
        Ok(self.links_from(units, &self.candidate_probs(units)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relation_decision_undoes_balanced_class_weights() {
        let mut h = model::tests::model().header;
        h.training.link_examples = vec![900, 90, 10];
        h.train.balanced = true;
        let p = relation_prior(&h);
        assert_eq!(p, [0.9, 0.09, 0.01]);
        // A balanced model that says attack 0.5 / support 0.3 means support once reweighted:
        // 0.5 * 0.01 < 0.3 * 0.09.
        assert!(0.5 * p[2] < 0.3 * p[1]);
        // Without class weights (or without counts) the probabilities are taken as they are.
        h.train.balanced = false;
        assert_eq!(relation_prior(&h), [1.0; 3]);
        h.link_balanced = Some(true);
        assert_eq!(
            relation_prior(&h),
            p,
            "the link scorer's own setting counts"
        );
        h.train.balanced = true;
        h.link_balanced = Some(false);
        assert_eq!(relation_prior(&h), [1.0; 3]);
        h.link_balanced = None;
        h.train.balanced = true;
        h.training.link_examples = vec![];
        assert_eq!(relation_prior(&h), [1.0; 3]);
    }
}
