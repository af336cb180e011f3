//! Training of the learned role classifier and link scorer from annotated corpora.
//!
//!
//! Training data come from the corpus readers of [`crate::annotation`] with their documented label
//! mapping. `stance` has no counterpart in the corpora; it is learned from **weak labels**: a unit
//! annotated as evidence or none whose subject is a named actor other than the author (no first
//! person) and which reports that actor's goal, demand, condition, proposal or statement, without
//! a modal of the author's own judgement, is relabelled `stance` ([`weak_stance`]). The rule is
//! general English; the model then learns from the words of the units it marks.

use crate::annotation::GoldDocument;
use crate::classify::cues::{doc_cues, FEATURES};
use crate::classify::features::{role_features, FeatureConfig};
use crate::document::{Relation, Role, Sentence};
use crate::embed::EmbCache;
use crate::link::features::{link_features, main_claim_features, nolink_features, LinkContext};
use crate::link::{candidates, listwise_decision};
use crate::model::file::{
    ArgModel, LinkObjective, LinkRoles, LinkTargets, ModelHeader, TrainingSummary,
};
use crate::model::linear::{ListGroup, LogReg, SparseVec, TrainConfig};
use crate::text::Span;
use std::borrow::Cow;

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
    let (out, relabelled, _) = role_examples_by_doc(docs, cfg, weak, emb);
    (out, relabelled)
}

/// [`role_examples`], with the index in `docs` of each example's document.
fn role_examples_by_doc(
    docs: &[GoldDocument],
    cfg: &FeatureConfig,
    weak: bool,
    emb: Option<&EmbCache>,
) -> (Vec<(SparseVec, usize)>, usize, Vec<usize>) {
    let mut out = Vec::new();
    let mut relabelled = 0;
    let mut doc_of = Vec::new();
    for (k, d) in docs.iter().enumerate() {
        let units = gold_sentences(d);
        let cues = doc_cues(&units);
        for i in 0..units.len() {
            let mut role = units[i].role;
            if weak {
                role = weak_role(role, &cues[i]);
                relabelled += usize::from(role != units[i].role);
            }
            out.push((role_features(&units, &cues, i, cfg, emb), role.index()));
            doc_of.push(k);
        }
    }
    (out, relabelled, doc_of)
}

/// Folds of the cross-fitted roles ([`crossfit_roles`]).
const ROLE_FOLDS: u64 = 5;

/// The units of each of `link_docs` with the roles and role probabilities of a role model
/// trained without the document: the documents (role and link documents alike) are dealt to
/// five folds by a hash of their id, so the copies of a weighted document fall in one fold, and
/// the link documents of each fold are classified by a role model trained, as [`train`] trains
/// the shipped one, on the role examples `rx` of the other folds' documents (`doc_of[j]`: the
/// index in `role_docs` of example `j`'s document, `None` for an example of no annotated
/// document, such as a weak stance unit, which every fold keeps). The five models train side
/// by side on up to `threads` threads; each is the same whatever the number of threads.
#[allow(clippy::too_many_arguments)]
pub fn crossfit_roles(
    role_docs: &[GoldDocument],
    link_docs: &[GoldDocument],
    rx: &[(SparseVec, usize)],
    doc_of: &[Option<usize>],
    cfg: &FeatureConfig,
    train: &TrainConfig,
    emb: Option<&EmbCache>,
    threads: usize,
) -> Vec<Vec<Sentence>> {
    let fold_of = |id: &str| crate::classify::features::hash("role fold", id) % ROLE_FOLDS;
    let role_fold: Vec<u64> = role_docs.iter().map(|d| fold_of(&d.id)).collect();
    let dim = (1usize << cfg.role_bits) + emb.map_or(0, |e| e.dim());
    let classify = |f: u64| -> Vec<(usize, Vec<Sentence>)> {
        let subset: Vec<usize> = (0..rx.len())
            .filter(|&j| doc_of[j].is_none_or(|k| role_fold[k] != f))
            .collect();
        let model = LogReg::train_subset(rx, Some(&subset), dim, 4, train);
        // A weighted document's copies are classified once.
        let mut seen: std::collections::HashMap<(&str, usize), usize> =
            std::collections::HashMap::new();
        let mut out: Vec<(usize, Vec<Sentence>)> = Vec::new();
        for (k, d) in link_docs.iter().enumerate() {
            if fold_of(&d.id) != f {
                continue;
            }
            if let Some(&first) = seen.get(&(d.id.as_str(), d.text.len())) {
                let units = out[first].1.clone();
                out.push((k, units));
                continue;
            }
            let mut units = gold_sentences(d);
            let cues = doc_cues(&units);
            for i in 0..units.len() {
                let p = model.predict_proba(&role_features(&units, &cues, i, cfg, emb));
                let best = (0..4).fold(0, |m, c| if p[c] > p[m] { c } else { m });
                units[i].role = Role::ALL[best];
                units[i].probs = [p[0], p[1], p[2], p[3]];
            }
            seen.insert((d.id.as_str(), d.text.len()), out.len());
            out.push((k, units));
        }
        out
    };
    let folds: Vec<u64> = (0..ROLE_FOLDS).collect();
    let mut by_fold: Vec<Vec<(usize, Vec<Sentence>)>> = Vec::new();
    for chunk in folds.chunks(threads.max(1)) {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunk
                .iter()
                .map(|&f| scope.spawn(move || classify(f)))
                .collect();
            for h in handles {
                by_fold.push(h.join().expect("a cross-fitting thread panicked"));
            }
        });
    }
    let mut units: Vec<Vec<Sentence>> = vec![Vec::new(); link_docs.len()];
    for (k, u) in by_fold.into_iter().flatten() {
        units[k] = u;
    }
    units
}

/// A gold document's units (with their gold roles) and its links by (source, target) index.
fn gold_units_and_links(
    d: &GoldDocument,
) -> (
    Vec<Sentence>,
    std::collections::HashMap<(usize, usize), Relation>,
) {
    let units = gold_sentences(d);
    let index: std::collections::HashMap<&str, usize> = d
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let mut gold = std::collections::HashMap::new();
    for l in &d.links {
        if let (Some(&s), Some(&t)) = (index.get(l.source.as_str()), index.get(l.target.as_str())) {
            gold.insert((s, t), l.relation);
        }
    }
    (units, gold)
}

/// Calls `f(units, ctx, s, candidates, gold)` for every argumentative unit `s` of `docs`, with
/// its candidate targets (the units of the window that `targets` admits and the central claims,
/// plus its gold targets) in text order and
/// the document's gold links by (source, target) index. With `mains` (link feature set 4 and
/// up: [`doc_mains`]) the context of document `k` knows `mains[k]` as its main claim, a
/// candidate of every unit. With `predicted` ([`crossfit_roles`]), document `k`'s units are
/// `predicted[k]` (its gold units with predicted roles and probabilities), as the linker meets
/// them in prediction: the sources are the units predicted argumentative and the candidates the
/// predicted claims of the window and the most central ones, without the gold targets added (a
/// source whose gold target is not among them learns "no link" for every candidate).
pub(crate) fn for_each_source(
    docs: &[GoldDocument],
    window: usize,
    central: usize,
    targets: LinkTargets,
    mains: Option<&[Option<usize>]>,
    predicted: Option<&[Vec<Sentence>]>,
    mut f: impl FnMut(
        &[Sentence],
        &LinkContext,
        usize,
        &[usize],
        &std::collections::HashMap<(usize, usize), Relation>,
    ),
) {
    for (k, d) in docs.iter().enumerate() {
        let (mut units, gold) = gold_units_and_links(d);
        if let Some(p) = predicted {
            units.clone_from(&p[k]);
        }
        let mut ctx = LinkContext::new(&units);
        if let Some(mains) = mains {
            ctx.set_main(mains[k]);
        }
        let global = ctx.global_candidates(central);
        for s in 0..units.len() {
            if units[s].role == Role::None {
                continue;
            }
            let mut cands = candidates(&units, &global, s, window, targets);
            if predicted.is_none() {
                for &(_, gt) in gold.keys().filter(|(gs, _)| *gs == s) {
                    if !cands.contains(&gt) {
                        cands.push(gt);
                    }
                }
            }
            cands.sort_unstable();
            f(&units, &ctx, s, &cands, &gold);
        }
    }
}

/// The gold main claim of a document, from its links: the unit that links nowhere with the most
/// links into it (the earlier on a tie); `None` for a document without links.
pub fn gold_main(
    units: &[Sentence],
    gold: &std::collections::HashMap<(usize, usize), Relation>,
) -> Option<usize> {
    let mut inflow = vec![0usize; units.len()];
    let mut links_out = vec![false; units.len()];
    for &(s, t) in gold.keys() {
        inflow[t] += 1;
        links_out[s] = true;
    }
    (0..units.len())
        .filter(|&i| inflow[i] > 0 && !links_out[i])
        .fold(None, |best: Option<usize>, i| match best {
            Some(b) if inflow[b] >= inflow[i] => Some(b),
            _ => Some(i),
        })
}

/// Examples for the main-claim model (link feature set 4): every argumentative unit of every
/// document that has a gold main claim, labelled main (1) or not (0). Each document comes with
/// its units with predicted roles ([`crossfit_roles`]) or `None`, for its gold units; the label
/// is the gold main claim either way.
pub fn main_claim_examples<'a>(
    docs: impl IntoIterator<Item = (&'a GoldDocument, Option<&'a [Sentence]>)>,
    cfg: &FeatureConfig,
) -> Vec<(SparseVec, usize)> {
    let mut out = Vec::new();
    for (d, predicted) in docs {
        let (mut units, gold) = gold_units_and_links(d);
        let Some(m) = gold_main(&units, &gold) else {
            continue;
        };
        if let Some(p) = predicted {
            units.clone_from_slice(p);
        }
        let ctx = LinkContext::new(&units);
        for i in (0..units.len()).filter(|&i| units[i].role != Role::None) {
            out.push((main_claim_features(&units, &ctx, i, cfg), (i == m) as usize));
        }
    }
    out
}

/// The main claim each link document's context knows in training: none below link feature set 4;
/// the gold main claim ([`gold_main`]) with set 4; with set 5, the claim a main-claim model
/// trained without the document picks (five folds by a hash of the document id, so that the
/// copies of a weighted document fall in one fold), so that the pair features are learned on
/// main claims as wrong as those of prediction. With `predicted` ([`crossfit_roles`]), the
/// main-claim models learn and pick on the units' predicted roles, as in prediction.
pub fn doc_mains(
    docs: &[GoldDocument],
    cfg: &FeatureConfig,
    train: &TrainConfig,
    predicted: Option<&[Vec<Sentence>]>,
) -> Option<Vec<Option<usize>>> {
    match cfg.link_features {
        0..=3 => None,
        4 => Some(
            docs.iter()
                .map(|d| {
                    let (units, gold) = gold_units_and_links(d);
                    gold_main(&units, &gold)
                })
                .collect(),
        ),
        _ => {
            const FOLDS: u64 = 5;
            let fold: Vec<u64> = docs
                .iter()
                .map(|d| crate::classify::features::hash("main-claim fold", &d.id) % FOLDS)
                .collect();
            let mut mains = vec![None; docs.len()];
            for f in 0..FOLDS {
                let rest = with_units(docs, predicted).filter(|(k, _)| fold[*k] != f);
                let model = LogReg::train(
                    &main_claim_examples(rest.map(|(_, du)| du), cfg),
                    1 << cfg.link_bits,
                    2,
                    train,
                );
                for (k, (d, predicted)) in
                    with_units(docs, predicted).filter(|(k, _)| fold[*k] == f)
                {
                    let units = predicted.map_or_else(|| gold_sentences(d).into(), Cow::Borrowed);
                    let ctx = LinkContext::new(&units);
                    mains[k] = crate::link::predict_main(&units, &ctx, &model, cfg);
                }
            }
            Some(mains)
        }
    }
}

/// Each of `docs` by index, with its units with predicted roles when there are any.
fn with_units<'a>(
    docs: &'a [GoldDocument],
    predicted: Option<&'a [Vec<Sentence>]>,
) -> impl Iterator<Item = (usize, (&'a GoldDocument, Option<&'a [Sentence]>))> {
    docs.iter()
        .enumerate()
        .map(move |(k, d)| (k, (d, predicted.map(|p| p[k].as_slice()))))
}

pub(crate) fn relation_class(r: Option<&Relation>) -> usize {
    match r {
        None => 0,
        Some(Relation::Support) => 1,
        Some(Relation::Attack) => 2,
    }
}

/// Examples for the pairwise link scorer: every argumentative unit against its candidate claims
/// (and its gold targets), labelled none (0), support (1) or attack (2), under the features,
/// candidates and optimiser of `s`; with `predicted`, on those units ([`for_each_source`]).
pub fn link_examples(
    docs: &[GoldDocument],
    s: &TrainSettings,
    emb: Option<&EmbCache>,
    predicted: Option<&[Vec<Sentence>]>,
) -> Vec<(SparseVec, usize)> {
    let cfg = &s.features;
    let mut out = Vec::new();
    let mains = doc_mains(docs, cfg, &s.train, predicted);
    for_each_source(
        docs,
        s.window,
        s.central,
        s.link_targets,
        mains.as_deref(),
        predicted,
        |units, ctx, s, cands, gold| {
            for &t in cands {
                let y = relation_class(gold.get(&(s, t)));
                out.push((link_features(units, ctx, s, t, cfg, emb), y));
            }
        },
    );
    out
}

/// Groups for the listwise link scorer: one per argumentative unit, with its "no link"
/// features, its candidates' pair features and its gold outcomes.
pub fn link_groups(
    docs: &[GoldDocument],
    s: &TrainSettings,
    emb: Option<&EmbCache>,
    predicted: Option<&[Vec<Sentence>]>,
) -> Vec<ListGroup> {
    let cfg = &s.features;
    let mut out = Vec::new();
    let mains = doc_mains(docs, cfg, &s.train, predicted);
    for_each_source(
        docs,
        s.window,
        s.central,
        s.link_targets,
        mains.as_deref(),
        predicted,
        |units, ctx, s, cands, gold| {
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
        },
    );
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

/// The texts [`train`] looks up in an embedding cache for these data: the (folded) texts of the
/// gold units of `role_docs` and `link_docs`, and the units of `unlabelled` that become weak stance
/// examples (the same filter as [`weak_stance_examples`]). Embed these before training with an
/// encoder backend.
pub fn texts_to_embed(
    role_docs: &[GoldDocument],
    link_docs: &[GoldDocument],
    unlabelled: &[Vec<Sentence>],
) -> Vec<String> {
    let mut texts: Vec<String> = role_docs
        .iter()
        .chain(link_docs)
        .flat_map(|d| gold_sentences(d).into_iter().map(|u| u.text))
        .collect();
    for units in unlabelled {
        let cues = doc_cues(units);
        for (u, c) in units.iter().zip(&cues) {
            if !u.heading && weak_stance(c) {
                texts.push(u.text.clone());
            }
        }
    }
    texts
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
    /// The roles the link scorer trains on: gold, or cross-fitted ([`crossfit_roles`]).
    pub link_roles: LinkRoles,
    /// Which units may be a link's target; [`LinkTargets::Argumentative`] needs cross-fitted
    /// roles.
    pub link_targets: LinkTargets,
    /// Threads for the cross-fitted role models (the model is the same whatever the number).
    pub threads: usize,
}

impl TrainSettings {
    /// An error for settings that cannot train a sound model: argumentative link targets on
    /// gold roles (every gold target is a claim, so the scorer would learn that a non-claim is
    /// never linked to and the option would do nothing but slow it).
    pub fn check(&self) -> crate::Result<()> {
        if self.link_targets == LinkTargets::Argumentative && self.link_roles != LinkRoles::Crossfit
        {
            return Err(crate::Error::Config(
                "argumentative link targets need the link scorer trained on cross-fitted roles"
                    .into(),
            ));
        }
        if self.features.main_words && self.features.link_features < 4 {
            return Err(crate::Error::Config(
                "a main-claim model that reads wording needs link feature set 4 or 5".into(),
            ));
        }
        Ok(())
    }
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
            link_roles: LinkRoles::Gold,
            link_targets: LinkTargets::Claims,
            threads: 1,
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
    let (mut rx, mut weak, doc_of) =
        role_examples_by_doc(role_docs, &s.features, s.weak_stance, cache);
    let mut doc_of: Vec<Option<usize>> = doc_of.into_iter().map(Some).collect();
    if s.weak_stance {
        let extra = weak_stance_examples(unlabelled, &s.features, cache);
        weak += extra.len();
        doc_of.resize(doc_of.len() + extra.len(), None);
        rx.extend(extra);
    }
    let predicted = (s.link_roles == LinkRoles::Crossfit).then(|| {
        crossfit_roles(
            role_docs,
            link_docs,
            &rx,
            &doc_of,
            &s.features,
            &s.train,
            cache,
            s.threads,
        )
    });
    let predicted = predicted.as_deref();
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
            let lx = link_examples(link_docs, s, cache, predicted);
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
            let groups = link_groups(link_docs, s, cache, predicted);
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
    // Link feature set 4: the main-claim model, trained on the documents the links come from.
    let main = (s.features.link_features >= 4).then(|| {
        LogReg::train(
            &main_claim_examples(
                with_units(link_docs, predicted).map(|(_, du)| du),
                &s.features,
            ),
            link_dim,
            2,
            &s.train,
        )
    });
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
            link_roles: s.link_roles,
            link_targets: s.link_targets,
            training: summary,
            metrics,
            weights_sha256: String::new(),
        },
        roles,
        links,
        main,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annotation::{GoldLink, GoldUnit};

    /// A small document `id`: a claim, evidence for it and a stance, with words that vary by
    /// `n` so the documents differ.
    fn doc(id: &str, n: usize) -> GoldDocument {
        let parts = [
            (
                format!("We must raise the levy on coal {n} times."),
                Role::Claim,
            ),
            (
                format!("In 20{n:02}, {n}1% of the mines closed."),
                Role::Evidence,
            ),
            (
                format!("The minister {n} said he wants talks."),
                Role::Stance,
            ),
            (format!("Chapter {n}."), Role::None),
        ];
        let mut text = String::new();
        let mut units = Vec::new();
        for (k, (t, role)) in parts.iter().enumerate() {
            if k > 0 {
                text.push_str("\n\n");
            }
            let start = text.chars().count();
            text.push_str(t);
            units.push(GoldUnit {
                id: format!("u{k}"),
                start,
                end: text.chars().count(),
                role: *role,
                label: role.as_str().into(),
            });
        }
        GoldDocument {
            id: id.into(),
            text,
            units,
            links: vec![GoldLink {
                source: "u1".into(),
                target: "u0".into(),
                relation: Relation::Support,
                label: "support".into(),
            }],
            group: id.into(),
        }
    }

    #[test]
    fn a_subset_trains_as_its_copied_examples() {
        let docs: Vec<GoldDocument> = (0..6).map(|n| doc(&format!("d{n}"), n)).collect();
        let cfg = FeatureConfig::default();
        let (rx, _) = role_examples(&docs, &cfg, false, None);
        let train = TrainConfig::default();
        let dim = 1 << cfg.role_bits;
        assert_eq!(
            LogReg::train_subset(&rx, None, dim, 4, &train),
            LogReg::train(&rx, dim, 4, &train)
        );
        let subset: Vec<usize> = (0..rx.len()).filter(|j| j % 3 != 1).collect();
        let copied: Vec<(SparseVec, usize)> = subset.iter().map(|&j| rx[j].clone()).collect();
        assert_eq!(
            LogReg::train_subset(&rx, Some(&subset), dim, 4, &train),
            LogReg::train(&copied, dim, 4, &train)
        );
    }

    #[test]
    fn crossfit_roles_come_from_models_that_never_saw_the_document() {
        // Twelve documents, the first one weighted three times (its copies share a fold).
        let mut docs: Vec<GoldDocument> = (0..12).map(|n| doc(&format!("doc{n}"), n)).collect();
        docs.insert(1, docs[0].clone());
        docs.insert(1, docs[0].clone());
        let cfg = FeatureConfig::default();
        let train = TrainConfig {
            epochs: 2,
            ..TrainConfig::default()
        };
        let (rx, _, doc_of) = role_examples_by_doc(&docs, &cfg, false, None);
        let doc_of: Vec<Option<usize>> = doc_of.into_iter().map(Some).collect();
        let one = crossfit_roles(&docs, &docs, &rx, &doc_of, &cfg, &train, None, 1);
        let two = crossfit_roles(&docs, &docs, &rx, &doc_of, &cfg, &train, None, 2);
        assert_eq!(one, two, "the same whatever the number of threads");
        assert_eq!(one[0], one[1], "a weighted document's copies agree");
        let fold = |d: &GoldDocument| crate::classify::features::hash("role fold", &d.id) % 5;
        let folds: std::collections::BTreeSet<u64> = docs.iter().map(fold).collect();
        assert!(folds.len() >= 3, "the documents fall in several folds");
        for (k, d) in docs.iter().enumerate() {
            // The model of the document's fold, trained on the other folds' documents alone.
            let rest: Vec<GoldDocument> = docs
                .iter()
                .filter(|o| fold(o) != fold(d))
                .cloned()
                .collect();
            let (ex, _) = role_examples(&rest, &cfg, false, None);
            let model = LogReg::train(&ex, 1 << cfg.role_bits, 4, &train);
            let units = gold_sentences(d);
            let cues = doc_cues(&units);
            assert_eq!(one[k].len(), units.len());
            for (i, u) in one[k].iter().enumerate() {
                let p = model.predict_proba(&role_features(&units, &cues, i, &cfg, None));
                assert_eq!(u.probs.to_vec(), p, "document {k}, unit {i}");
                assert_eq!(
                    u.probs[u.role.index()],
                    p.iter().cloned().fold(0.0, f32::max)
                );
                assert_eq!(u.text, units[i].text);
            }
        }
    }

    #[test]
    fn crossfit_link_examples_follow_the_predicted_roles() {
        let docs: Vec<GoldDocument> = (0..3).map(|n| doc(&format!("d{n}"), n)).collect();
        let cfg = FeatureConfig::default();
        let train = TrainConfig::default();
        // Predicted roles: in the first document the gold claim is called evidence, so its
        // evidence has no candidate and the gold link cannot be learned from it; in the others
        // the none unit is called evidence and becomes a source with only "no link" pairs.
        let mut predicted: Vec<Vec<Sentence>> = docs.iter().map(gold_sentences).collect();
        predicted[0][0].role = Role::Evidence;
        for p in &mut predicted[1..] {
            p[3].role = Role::Evidence;
        }
        let settings = TrainSettings {
            features: cfg.clone(),
            train: train.clone(),
            ..TrainSettings::default()
        };
        let gold = link_examples(&docs, &settings, None, None);
        let fitted = link_examples(&docs, &settings, None, Some(&predicted));
        let by_class = |xs: &[(SparseVec, usize)]| {
            let mut v = [0; 3];
            for (_, y) in xs {
                v[*y] += 1;
            }
            v
        };
        // Gold: in each document the evidence and the stance have the claim as candidate.
        assert_eq!(by_class(&gold), [3, 3, 0]);
        // Crossfit: no pairs in the first document; in the others three sources, one link each.
        assert_eq!(by_class(&fitted), [4, 2, 0]);
        // Every argumentative unit a candidate target: the first document's gold link (to the
        // claim called evidence) is learned again, and each source meets every other
        // argumentative unit (3 sources × 2 in the first document, 4 × 3 in the others).
        let joint = TrainSettings {
            link_targets: LinkTargets::Argumentative,
            link_roles: LinkRoles::Crossfit,
            ..settings.clone()
        };
        assert!(joint.check().is_ok());
        let fitted = link_examples(&docs, &joint, None, Some(&predicted));
        assert_eq!(by_class(&fitted), [27, 3, 0]);
        // On gold roles the option could learn nothing: refused.
        let on_gold = TrainSettings {
            link_roles: LinkRoles::Gold,
            ..joint
        };
        assert!(matches!(on_gold.check(), Err(crate::Error::Config(_))));
        // The cross-fitted main claims (set 5) are picked among the predicted claims: the first
        // document has none; in the others it is the claim.
        let set5 = FeatureConfig {
            link_features: 5,
            ..cfg.clone()
        };
        let mains = doc_mains(&docs, &set5, &train, Some(&predicted)).unwrap();
        assert_eq!(mains, vec![None, Some(0), Some(0)]);
    }
}
