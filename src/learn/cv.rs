//! The field's evaluation protocols, reproduced: ArgUNSC grouped cross-validation (sentence
//! roles and sentence pairs), the microtext 10×5 folds (central claim and attachment) and the CDCP
//! test split (links). Each protocol trains on its training part only.

use super::features::{link_features, pair_features, role_features, LinkContext};
use super::linear::{LogReg, SparseVec};
use super::{gold_sentences, role_examples, TrainSettings};
use crate::annotation::{ArgunscPair, GoldDocument};
use crate::document::{Relation, Role, Sentence};
use crate::embed::EmbCache;
use crate::eval::metrics::Counts;
use crate::eval::SplitMix64;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Fold of each item: groups (sorted, then shuffled with `seed`) are dealt to `k` folds in turn,
/// so no group is split.
pub fn grouped_folds(groups: &[String], k: usize, seed: u64) -> Vec<usize> {
    let mut uniq: Vec<&String> = groups.iter().collect::<BTreeSet<_>>().into_iter().collect();
    let mut rng = SplitMix64::new(seed);
    for i in (1..uniq.len()).rev() {
        uniq.swap(i, rng.below(i + 1));
    }
    let fold: HashMap<&String, usize> = uniq.iter().enumerate().map(|(i, g)| (*g, i % k)).collect();
    groups.iter().map(|g| fold[g]).collect()
}

/// Macro-F1 of a binary task from the counts of its positive class and of its negative class.
fn binary_macro(pos: Counts, neg: Counts) -> f64 {
    (pos.f1() + neg.f1()) / 2.0
}

fn binary_counts(pairs: &[(bool, bool)]) -> (Counts, Counts) {
    let mut pos = Counts::default();
    let mut neg = Counts::default();
    for &(g, p) in pairs {
        match (g, p) {
            (true, true) => pos.tp += 1,
            (false, true) => {
                pos.fp += 1;
                neg.fn_ += 1
            }
            (true, false) => {
                pos.fn_ += 1;
                neg.fp += 1
            }
            (false, false) => neg.tp += 1,
        }
    }
    (pos, neg)
}

/// Weighted F1 of a binary task (each class's F1 weighted by its gold count).
fn binary_weighted(pairs: &[(bool, bool)]) -> f64 {
    let (pos, neg) = binary_counts(pairs);
    let np = (pos.tp + pos.fn_) as f64;
    let nn = (neg.tp + neg.fn_) as f64;
    if np + nn == 0.0 {
        return 0.0;
    }
    (pos.f1() * np + neg.f1() * nn) / (np + nn)
}

fn binary_macro_of(pairs: &[(bool, bool)]) -> f64 {
    let (p, n) = binary_counts(pairs);
    binary_macro(p, n)
}

/// Binary decisions (gold, predicted), each with the group (speech) it came from, so that a
/// figure over them gets a bootstrap interval that resamples whole groups, as the folds do.
#[derive(Debug, Default, Clone)]
struct Decisions {
    pairs: Vec<(bool, bool)>,
    groups: Vec<usize>,
}

/// Bootstrap resamples of the grouped figures.
const RESAMPLES: usize = 1000;

impl Decisions {
    fn push(&mut self, group: usize, gold: bool, pred: bool) {
        self.pairs.push((gold, pred));
        self.groups.push(group);
    }

    /// The 95% percentile bootstrap interval of `metric`: groups drawn with replacement, as many
    /// as there are, 1000 times, from a generator seeded with `seed`.
    fn interval(&self, metric: fn(&[(bool, bool)]) -> f64, seed: u64) -> [f64; 2] {
        let mut by_group: BTreeMap<usize, Vec<(bool, bool)>> = BTreeMap::new();
        for (&g, &p) in self.groups.iter().zip(&self.pairs) {
            by_group.entry(g).or_default().push(p);
        }
        let groups: Vec<&Vec<(bool, bool)>> = by_group.values().collect();
        if groups.is_empty() {
            return [0.0, 0.0];
        }
        let mut rng = SplitMix64::new(seed);
        let mut figures = Vec::with_capacity(RESAMPLES);
        let mut sample = Vec::with_capacity(self.pairs.len());
        for _ in 0..RESAMPLES {
            sample.clear();
            for _ in 0..groups.len() {
                sample.extend_from_slice(groups[rng.below(groups.len())]);
            }
            figures.push(metric(&sample));
        }
        figures.sort_by(f64::total_cmp);
        [
            crate::eval::percentile(&figures, 0.025),
            crate::eval::percentile(&figures, 0.975),
        ]
    }
}

/// One system's decisions on the two ArgUNSC sentence tasks.
#[derive(Debug, Default, Clone)]
struct SentenceDecisions {
    /// Argumentative vs not, over every sentence.
    arg: Decisions,
    /// Claim vs premise, over the gold argumentative sentences.
    cp: Decisions,
}

impl SentenceDecisions {
    /// A sentence of group `g` and gold role `gold`, predicted argumentative or not (`arg`) and,
    /// between claim and premise, claim or not (`claim`).
    fn push(&mut self, g: usize, gold: Role, arg: bool, claim: bool) {
        let gold_arg = gold != Role::None;
        self.arg.push(g, gold_arg, arg);
        if gold_arg {
            self.cp.push(g, gold == Role::Claim, claim);
        }
    }

    fn arg_macro_f1(&self) -> f64 {
        binary_macro_of(&self.arg.pairs)
    }

    fn claim_premise_weighted_f1(&self) -> f64 {
        binary_weighted(&self.cp.pairs)
    }

    /// The intervals of both figures, under the report's field names with `prefix`.
    fn intervals_into(&self, prefix: &str, out: &mut BTreeMap<String, [f64; 2]>) {
        out.insert(
            format!("{prefix}arg_macro_f1"),
            self.arg.interval(binary_macro_of, INTERVAL_SEED),
        );
        out.insert(
            format!("{prefix}claim_premise_weighted_f1"),
            self.cp.interval(binary_weighted, INTERVAL_SEED),
        );
    }
}

/// The seed of the cross-validation reports' bootstrap intervals.
pub const INTERVAL_SEED: u64 = 2026;

/// ArgUNSC sentence tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArgunscSentences {
    /// Folds.
    pub folds: usize,
    /// Sentences scored.
    pub sentences: usize,
    /// Argumentative vs non-argumentative, macro-F1.
    pub arg_macro_f1: f64,
    /// Claim vs premise on the argumentative sentences, weighted F1.
    pub claim_premise_weighted_f1: f64,
    /// The same two figures for the cue baseline on the same sentences (it is not trained).
    pub baseline_arg_macro_f1: f64,
    /// See above.
    pub baseline_claim_premise_weighted_f1: f64,
    /// 95% bootstrap intervals (speeches resampled, [`INTERVAL_SEED`]) of the figures above, by
    /// field name.
    #[serde(default)]
    pub intervals: BTreeMap<String, [f64; 2]>,
}

/// The role model of `s` trained on the documents outside fold `f`.
fn fold_role_model(
    docs: &[GoldDocument],
    fold: &[usize],
    f: usize,
    s: &TrainSettings,
    emb: Option<&EmbCache>,
) -> LogReg {
    let train: Vec<GoldDocument> = docs
        .iter()
        .zip(fold)
        .filter(|(_, &x)| x != f)
        .map(|(d, _)| d.clone())
        .collect();
    let (ex, _) = role_examples(&train, &s.features, false, emb);
    let dim = (1 << s.features.role_bits) + emb.map_or(0, |e| e.dim());
    LogReg::train(&ex, dim, 4, &s.train)
}

/// k-fold cross-validation grouped by speech of the role classifier on ArgUNSC sentences
/// (gold sentence boundaries, as in the published setting; no weak stance labels).
pub fn argunsc_sentences(
    docs: &[GoldDocument],
    k: usize,
    seed: u64,
    s: &TrainSettings,
    emb: Option<&EmbCache>,
) -> ArgunscSentences {
    use crate::classify::CueBaseline;
    let groups: Vec<String> = docs.iter().map(|d| d.group.clone()).collect();
    let fold = grouped_folds(&groups, k, seed);
    let gid = group_ids(&groups);
    let mut model_d = SentenceDecisions::default();
    let mut base_d = SentenceDecisions::default();
    let baseline = CueBaseline::default();
    for f in 0..k {
        let model = fold_role_model(docs, &fold, f, s, emb);
        for ((d, &g), _) in docs.iter().zip(&gid).zip(&fold).filter(|(_, &x)| x == f) {
            let units = gold_sentences(d);
            let cues = crate::classify::cues::doc_cues(&units);
            for (i, u) in units.iter().enumerate() {
                let p = model.predict_proba(&role_features(&units, &cues, i, &s.features, emb));
                let b = crate::classify::softmax(&baseline.scores(cues[i].view()));
                let argmax = |p: &[f32]| (0..4).fold(0, |m, c| if p[c] > p[m] { c } else { m });
                model_d.push(g, u.role, argmax(&p) != Role::None.index(), p[0] >= p[1]);
                base_d.push(g, u.role, argmax(&b) != Role::None.index(), b[0] >= b[1]);
            }
        }
    }
    let mut intervals = BTreeMap::new();
    model_d.intervals_into("", &mut intervals);
    base_d.intervals_into("baseline_", &mut intervals);
    ArgunscSentences {
        folds: k,
        sentences: model_d.arg.pairs.len(),
        arg_macro_f1: model_d.arg_macro_f1(),
        claim_premise_weighted_f1: model_d.claim_premise_weighted_f1(),
        baseline_arg_macro_f1: base_d.arg_macro_f1(),
        baseline_claim_premise_weighted_f1: base_d.claim_premise_weighted_f1(),
        intervals,
    }
}

/// Each group name's index among the distinct names (in sorted order).
fn group_ids(groups: &[String]) -> Vec<usize> {
    let names: BTreeSet<&String> = groups.iter().collect();
    let index: HashMap<&String, usize> =
        names.into_iter().enumerate().map(|(i, n)| (n, i)).collect();
    groups.iter().map(|g| index[g]).collect()
}

/// ArgUNSC sentence tasks with a fine-tuned encoder.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FineTunedSentences {
    /// Folds.
    pub folds: usize,
    /// Sentences scored.
    pub sentences: usize,
    /// Argumentative vs non-argumentative, macro-F1.
    pub arg_macro_f1: f64,
    /// Claim vs premise on the argumentative sentences, weighted F1.
    pub claim_premise_weighted_f1: f64,
    /// The linear role model (hashed features, no embeddings) on the same folds: arg vs non-arg.
    pub linear_arg_macro_f1: f64,
    /// See above: claim vs premise.
    pub linear_claim_premise_weighted_f1: f64,
    /// The mean of the two models' probabilities (claim; premise; non-argumentative, the linear
    /// model's stance and none together), with equal weights: arg vs non-arg.
    pub mean_arg_macro_f1: f64,
    /// See above: claim vs premise.
    pub mean_claim_premise_weighted_f1: f64,
    /// 95% bootstrap intervals (speeches resampled, [`INTERVAL_SEED`]) of the figures above, by
    /// field name.
    #[serde(default)]
    pub intervals: BTreeMap<String, [f64; 2]>,
    /// Encoders fine-tuned per fold, with seeds `settings.seed`, `settings.seed + 1`, ...: the
    /// fine-tuned figures above score the mean of their probabilities (1: a single encoder).
    #[serde(default = "one")]
    pub seeds: usize,
    /// Each fine-tuned member's own figures, by encoder and seed (empty when there is one
    /// member: the figures above are its).
    #[serde(default)]
    pub per_seed: Vec<SeedFigures>,
    /// The fine-tuning settings (of the first encoder, when there are several: see
    /// `per_encoder`).
    pub settings: crate::embed::FineTuneConfig,
    /// The encoder fine-tuned (its model folder's name; the first, when there are several).
    #[serde(default)]
    pub encoder: String,
    /// With several encoders: each one's settings, its own figures (the mean of its seeds) and
    /// its mean with the linear model. Empty with one encoder.
    #[serde(default)]
    pub per_encoder: Vec<EncoderFigures>,
    /// Mean training loss of each epoch, per fold (and, with several seeds, per seed within it).
    pub epoch_loss: Vec<Vec<f64>>,
    /// Seconds spent fine-tuning and predicting, summed over the members, whichever run made
    /// them.
    #[serde(default)]
    pub member_seconds: f64,
    /// Members (fold and seed) taken from the [`MemberStore`] instead of fine-tuned in this run.
    #[serde(default)]
    pub stored_members: usize,
}

/// What one fine-tuned member (one fold, one seed) gave: kept by a [`MemberStore`] so that a long
/// cross-validation can stop and go on where it stopped.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRun {
    /// Probabilities of claim, premise and non-argumentative of each test sentence of the fold,
    /// in the protocol's order.
    pub probs: Vec<[f32; 3]>,
    /// Mean training loss of each epoch.
    pub epoch_loss: Vec<f64>,
    /// Seconds it took to fine-tune and predict.
    pub seconds: f64,
}

/// Keeps the members of [`argunsc_sentences_finetuned`] between runs, under keys that name the
/// fold, the seed and a digest of everything the member depends on (the encoder, the settings,
/// the thread count, autocast, the folds and the fold's training and test sentences), so that a
/// stored member is used only by a run that would have computed it.
#[cfg(feature = "transformer")]
pub trait MemberStore {
    /// The member stored under `key`, if any.
    fn get(&mut self, key: &str) -> Option<MemberRun>;
    /// Keep `run` under `key`.
    fn put(&mut self, key: &str, run: &MemberRun) -> crate::Result<()>;
}

/// A [`MemberStore`] that keeps nothing: every member is fine-tuned.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStore;

#[cfg(feature = "transformer")]
impl MemberStore for NoStore {
    fn get(&mut self, _: &str) -> Option<MemberRun> {
        None
    }
    fn put(&mut self, _: &str, _: &MemberRun) -> crate::Result<()> {
        Ok(())
    }
}

/// In memory (for tests, or one process that runs a protocol twice).
#[cfg(feature = "transformer")]
impl MemberStore for HashMap<String, MemberRun> {
    fn get(&mut self, key: &str) -> Option<MemberRun> {
        HashMap::get(self, key).cloned()
    }
    fn put(&mut self, key: &str, run: &MemberRun) -> crate::Result<()> {
        self.insert(key.to_string(), run.clone());
        Ok(())
    }
}

/// The digest in a member's key: sha256 over the encoder's folder name, the settings (with the
/// member's seed), the thread count, autocast, the folds, and the training and test sentences with
/// their labels.
#[cfg(feature = "transformer")]
fn member_digest(
    tcfg: &crate::embed::TransformerConfig,
    cfg: &crate::embed::FineTuneConfig,
    (k, seed): (usize, u64),
    train: (&[crate::embed::Input<'_>], &[usize]),
    test: &[crate::embed::Input<'_>],
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let head = serde_json::json!({
        "encoder": tcfg.model_name(), "settings": cfg, "threads": tcfg.threads,
        "autocast": tcfg.autocast, "bf16": tcfg.bf16, "folds": k, "fold_seed": seed,
    });
    h.update(head.to_string().as_bytes());
    let mut text = |t: &str| {
        h.update((t.len() as u64).to_le_bytes());
        h.update(t.as_bytes());
    };
    for (inp, l) in train.0.iter().zip(train.1) {
        for t in [inp.text, inp.before, inp.after] {
            text(t);
        }
        text(&l.to_string());
    }
    text("test");
    for inp in test {
        for t in [inp.text, inp.before, inp.after] {
            text(t);
        }
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(feature = "transformer")]
fn one() -> usize {
    1
}

/// One fine-tuned encoder's figures in an ensemble of seeds.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedFigures {
    /// The encoder (its model folder's name).
    #[serde(default)]
    pub encoder: String,
    /// Its seed.
    pub seed: u64,
    /// Argumentative vs non-argumentative, macro-F1.
    pub arg_macro_f1: f64,
    /// Claim vs premise on the argumentative sentences, weighted F1.
    pub claim_premise_weighted_f1: f64,
}

/// One encoder of an ensemble of encoders: how it is fine-tuned and how many seeds of it.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone)]
pub struct EnsembleEncoder {
    /// The encoder (its folder), threads and autocast.
    pub transformer: crate::embed::TransformerConfig,
    /// Its fine-tuning settings; its seeds are `seed`, `seed + 1`, ...
    pub settings: crate::embed::FineTuneConfig,
    /// How many seeds of it (at least one).
    pub seeds: usize,
}

/// One encoder's figures in an ensemble of encoders: the mean of its seeds' probabilities, alone
/// and averaged with the linear model.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncoderFigures {
    /// The encoder (its model folder's name).
    pub encoder: String,
    /// Its fine-tuning settings.
    pub settings: crate::embed::FineTuneConfig,
    /// Its seeds.
    pub seeds: usize,
    /// Argumentative vs non-argumentative, macro-F1.
    pub arg_macro_f1: f64,
    /// Claim vs premise on the argumentative sentences, weighted F1.
    pub claim_premise_weighted_f1: f64,
    /// Its mean with the linear model (equal weights): arg vs non-arg.
    pub mean_arg_macro_f1: f64,
    /// See above: claim vs premise.
    pub mean_claim_premise_weighted_f1: f64,
}

/// k-fold cross-validation grouped by speech (the folds of [`argunsc_sentences`]) of encoders
/// fine-tuned with a three-way head (claim, premise, non-argumentative) on each fold's training
/// sentences. Arg vs non-arg: the head's argmax; claim vs premise (on the gold argumentative
/// sentences): the larger of the two probabilities. The linear role model of `s` (hashed
/// features, which see the neighbours and the position as the encoder does not) is trained on
/// the same folds, and the mean of the two models' probabilities scored too.
///
/// Each of `encoders` is fine-tuned with seeds `settings.seed`, `settings.seed + 1`, ... (one
/// after the other, `seeds` of them) and stands for the mean of its seeds' probabilities; the
/// fine-tuned model is the mean over the encoders, each with the same weight whatever its
/// number of seeds. `progress` gets (fold, encoder index, seed, step, steps, loss) after every
/// step. Each member (fold, encoder, seed) is looked up in `store` first and, when it has to be
/// fine-tuned, stored as soon as it is done.
#[cfg(feature = "transformer")]
#[allow(clippy::too_many_arguments)]
pub fn argunsc_sentences_finetuned(
    docs: &[GoldDocument],
    k: usize,
    seed: u64,
    s: &TrainSettings,
    encoders: &[EnsembleEncoder],
    store: &mut dyn MemberStore,
    mut progress: impl FnMut(usize, usize, u64, usize, usize, f64),
) -> crate::Result<FineTunedSentences> {
    use crate::embed::Input;
    let Some(first) = encoders.first() else {
        return Err(crate::Error::Config(
            "fine-tuned cross-validation needs at least one encoder".into(),
        ));
    };
    let class = |r: Role| match r {
        Role::Claim => 0,
        Role::Evidence => 1,
        _ => 2,
    };
    let groups: Vec<String> = docs.iter().map(|d| d.group.clone()).collect();
    let fold = grouped_folds(&groups, k, seed);
    let gid = group_ids(&groups);
    let sentences: Vec<Vec<Sentence>> = docs.iter().map(gold_sentences).collect();
    let [mut tuned, mut linear_d, mut mean_d] =
        std::array::from_fn(|_| SentenceDecisions::default());
    // Members: (encoder index, seed), encoder by encoder.
    let members: Vec<(usize, u64)> = encoders
        .iter()
        .enumerate()
        .flat_map(|(e, enc)| (0..enc.seeds.max(1) as u64).map(move |n| (e, enc.settings.seed + n)))
        .collect();
    let mut per_seed = vec![SentenceDecisions::default(); members.len()];
    let mut per_encoder =
        vec![[SentenceDecisions::default(), SentenceDecisions::default()]; encoders.len()];
    let top = |p: &[f32]| (0..3).fold(0, |m, c| if p[c] > p[m] { c } else { m });
    let mut epoch_loss = Vec::new();
    let (mut member_seconds, mut stored_members) = (0.0, 0);
    for f in 0..k {
        let linear = fold_role_model(docs, &fold, f, s, None);
        let mut lprobs: Vec<[f32; 3]> = Vec::new();
        for (units, _) in sentences.iter().zip(&fold).filter(|(_, &x)| x == f) {
            let cues = crate::classify::cues::doc_cues(units);
            for i in 0..units.len() {
                let p = linear.predict_proba(&role_features(units, &cues, i, &s.features, None));
                lprobs.push([p[0], p[1], p[2] + p[3]]);
            }
        }
        let (mut texts, mut labels) = (Vec::new(), Vec::new());
        for (units, _) in sentences.iter().zip(&fold).filter(|(_, &x)| x != f) {
            for (i, u) in units.iter().enumerate() {
                texts.push(crate::learn::finetuned::unit_input(units, i));
                labels.push(class(u.role));
            }
        }
        let test: Vec<(&Sentence, usize, Input<'_>)> = sentences
            .iter()
            .zip(&gid)
            .zip(&fold)
            .filter(|(_, &x)| x == f)
            .flat_map(|((u, &g), _)| {
                (0..u.len()).map(move |i| (&u[i], g, crate::learn::finetuned::unit_input(u, i)))
            })
            .collect();
        let inputs: Vec<Input<'_>> = test.iter().map(|(_, _, t)| *t).collect();
        // Per encoder, the mean of its seeds' probabilities.
        let mut by_encoder = vec![vec![[0f32; 3]; test.len()]; encoders.len()];
        for (one, &(e, member)) in per_seed.iter_mut().zip(&members) {
            let enc = &encoders[e];
            let tcfg = &enc.transformer;
            let cfg = crate::embed::FineTuneConfig {
                seed: member,
                ..enc.settings.clone()
            };
            let digest = member_digest(tcfg, &cfg, (k, seed), (&texts, &labels), &inputs);
            let key = format!("fold{}-seed{member}-{digest}", f + 1);
            let (run, stored) = member_run(
                store,
                &key,
                tcfg,
                &cfg,
                &texts,
                &labels,
                &inputs,
                |s, n, l| progress(f, e, member, s, n, l),
            )?;
            stored_members += usize::from(stored);
            member_seconds += run.seconds;
            epoch_loss.push(run.epoch_loss);
            let n = enc.seeds.max(1) as f32;
            for ((sum, p), (u, g, _)) in by_encoder[e].iter_mut().zip(&run.probs).zip(&test) {
                one.push(*g, u.role, top(p) != 2, p[0] >= p[1]);
                for c in 0..3 {
                    sum[c] += p[c] / n;
                }
            }
        }
        let mut probs = vec![[0f32; 3]; test.len()];
        for (e, enc_probs) in by_encoder.iter().enumerate() {
            let [alone, with_linear] = &mut per_encoder[e];
            for ((((sum, p), l), (u, g, _)), _) in probs
                .iter_mut()
                .zip(enc_probs)
                .zip(&lprobs)
                .zip(&test)
                .zip(0..)
            {
                let m: Vec<f32> = (0..3).map(|c| (p[c] + l[c]) / 2.0).collect();
                alone.push(*g, u.role, top(p) != 2, p[0] >= p[1]);
                with_linear.push(*g, u.role, top(&m) != 2, m[0] >= m[1]);
                for c in 0..3 {
                    sum[c] += p[c] / encoders.len() as f32;
                }
            }
        }
        for (((u, g, _), p), l) in test.iter().zip(&probs).zip(&lprobs) {
            let m: Vec<f32> = (0..3).map(|c| (p[c] + l[c]) / 2.0).collect();
            tuned.push(*g, u.role, top(p) != 2, p[0] >= p[1]);
            linear_d.push(*g, u.role, top(l) != 2, l[0] >= l[1]);
            mean_d.push(*g, u.role, top(&m) != 2, m[0] >= m[1]);
        }
    }
    let mut intervals = BTreeMap::new();
    tuned.intervals_into("", &mut intervals);
    linear_d.intervals_into("linear_", &mut intervals);
    mean_d.intervals_into("mean_", &mut intervals);
    Ok(FineTunedSentences {
        folds: k,
        sentences: tuned.arg.pairs.len(),
        arg_macro_f1: tuned.arg_macro_f1(),
        claim_premise_weighted_f1: tuned.claim_premise_weighted_f1(),
        linear_arg_macro_f1: linear_d.arg_macro_f1(),
        linear_claim_premise_weighted_f1: linear_d.claim_premise_weighted_f1(),
        mean_arg_macro_f1: mean_d.arg_macro_f1(),
        mean_claim_premise_weighted_f1: mean_d.claim_premise_weighted_f1(),
        intervals,
        seeds: members.len(),
        per_seed: if members.len() == 1 {
            Vec::new()
        } else {
            per_seed
                .iter()
                .zip(&members)
                .map(|(d, &(e, seed))| SeedFigures {
                    encoder: encoders[e].transformer.model_name(),
                    seed,
                    arg_macro_f1: d.arg_macro_f1(),
                    claim_premise_weighted_f1: d.claim_premise_weighted_f1(),
                })
                .collect()
        },
        settings: first.settings.clone(),
        encoder: first.transformer.model_name(),
        per_encoder: if encoders.len() == 1 {
            Vec::new()
        } else {
            encoders
                .iter()
                .zip(&per_encoder)
                .map(|(enc, [alone, with_linear])| EncoderFigures {
                    encoder: enc.transformer.model_name(),
                    settings: enc.settings.clone(),
                    seeds: enc.seeds.max(1),
                    arg_macro_f1: alone.arg_macro_f1(),
                    claim_premise_weighted_f1: alone.claim_premise_weighted_f1(),
                    mean_arg_macro_f1: with_linear.arg_macro_f1(),
                    mean_claim_premise_weighted_f1: with_linear.claim_premise_weighted_f1(),
                })
                .collect()
        },
        epoch_loss,
        member_seconds,
        stored_members,
    })
}

/// ArgUNSC pair tasks under one kind of folds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArgunscPairs {
    /// How the folds were made.
    pub folds: String,
    /// Pairs scored.
    pub pairs: usize,
    /// Related (support or attack) vs unrelated, weighted F1.
    pub related_weighted_f1: f64,
    /// Support vs attack on the related pairs, macro-F1.
    pub support_attack_macro_f1: f64,
}

/// The folds of the pair protocol: grouped by the claim's speech (`speech_of` maps a sentence id
/// to its speech) when `grouped`, else by pair.
fn pair_folds(
    pairs: &[ArgunscPair],
    speech_of: &HashMap<u64, String>,
    grouped: bool,
    k: usize,
    seed: u64,
) -> Vec<usize> {
    let groups: Vec<String> = pairs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if grouped {
                speech_of.get(&p.claim_id).cloned().unwrap_or_default()
            } else {
                i.to_string()
            }
        })
        .collect();
    grouped_folds(&groups, k, seed)
}

fn pair_folds_name(grouped: bool, k: usize) -> String {
    if grouped {
        format!("{k} folds grouped by the speech of the claim")
    } else {
        format!("{k} folds over pairs (random)")
    }
}

/// Held-out probabilities of the linear pair classifiers under `fold`: for each pair, P(related)
/// from a related-vs-unrelated model and P(attack) from a support-vs-attack model trained on the
/// related training pairs.
fn linear_pair_probs(
    pairs: &[ArgunscPair],
    fold: &[usize],
    k: usize,
    s: &TrainSettings,
    emb: Option<&EmbCache>,
) -> Vec<[f32; 2]> {
    let feats: Vec<SparseVec> = pairs
        .iter()
        .map(|p| pair_features(&p.claim, &p.premise, &s.features, emb))
        .collect();
    let dim = 1 << s.features.link_bits;
    let rel = |i: usize| pairs[i].relation != "no relation";
    let mut out = vec![[0f32; 2]; pairs.len()];
    for f in 0..k {
        let tr: Vec<usize> = (0..pairs.len()).filter(|&i| fold[i] != f).collect();
        let ex: Vec<(SparseVec, usize)> = tr
            .iter()
            .map(|&i| (feats[i].clone(), rel(i) as usize))
            .collect();
        let m = LogReg::train(&ex, dim, 2, &s.train);
        let ex2: Vec<(SparseVec, usize)> = tr
            .iter()
            .filter(|&&i| rel(i))
            .map(|&i| (feats[i].clone(), (pairs[i].relation == "attack") as usize))
            .collect();
        let m2 = LogReg::train(&ex2, dim, 2, &s.train);
        for i in (0..pairs.len()).filter(|&i| fold[i] == f) {
            out[i] = [
                m.predict_proba(&feats[i])[1],
                m2.predict_proba(&feats[i])[1],
            ];
        }
    }
    out
}

/// The two pair figures of held-out probabilities `p` ([P(related), P(attack)] per pair), in fold
/// order as the protocol has always pooled them: related vs unrelated weighted F1 over all
/// pairs, support vs attack macro-F1 over the gold related ones.
fn pair_figures(pairs: &[ArgunscPair], fold: &[usize], k: usize, p: &[[f32; 2]]) -> (f64, f64) {
    let mut related = Vec::new();
    let mut polarity = Vec::new();
    for f in 0..k {
        for i in (0..pairs.len()).filter(|&i| fold[i] == f) {
            let rel = pairs[i].relation != "no relation";
            related.push((rel, p[i][0] >= 0.5));
            if rel {
                polarity.push((pairs[i].relation == "attack", p[i][1] >= 0.5));
            }
        }
    }
    let (pa, ps) = binary_counts(&polarity);
    (binary_weighted(&related), binary_macro(pa, ps))
}

/// k-fold cross-validation of the pair classifiers on `sentence_relations_local.csv`: grouped by the
/// claim's speech (`speech_of` maps a sentence id to its speech) when `grouped`, else by pair.
pub fn argunsc_pairs(
    pairs: &[ArgunscPair],
    speech_of: &HashMap<u64, String>,
    grouped: bool,
    k: usize,
    seed: u64,
    s: &TrainSettings,
    emb: Option<&EmbCache>,
) -> ArgunscPairs {
    let fold = pair_folds(pairs, speech_of, grouped, k, seed);
    let p = linear_pair_probs(pairs, &fold, k, s, emb);
    let (related_weighted_f1, support_attack_macro_f1) = pair_figures(pairs, &fold, k, &p);
    ArgunscPairs {
        folds: pair_folds_name(grouped, k),
        pairs: pairs.len(),
        related_weighted_f1,
        support_attack_macro_f1,
    }
}

/// ArgUNSC pair tasks with a fine-tuned pair encoder, next to the linear pair classifiers of the
/// same folds and the mean of the two.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FineTunedPairs {
    /// How the folds were made.
    pub folds: String,
    /// Pairs scored.
    pub pairs: usize,
    /// The fine-tuned encoder: related vs unrelated, weighted F1.
    pub related_weighted_f1: f64,
    /// The fine-tuned encoder: support vs attack on the related pairs, macro-F1.
    pub support_attack_macro_f1: f64,
    /// The linear pair classifiers of the same folds (as [`argunsc_pairs`]).
    pub linear_related_weighted_f1: f64,
    /// See above.
    pub linear_support_attack_macro_f1: f64,
    /// The mean of the two models' P(related), and of their P(attack | related), equal weights.
    pub mean_related_weighted_f1: f64,
    /// See above.
    pub mean_support_attack_macro_f1: f64,
    /// The encoder fine-tuned (its model folder's name).
    pub encoder: String,
    /// Its fine-tuning settings (`pair` set); with `seeds` above 1 the mean of that many.
    pub settings: crate::embed::FineTuneConfig,
    /// Seeds per fold.
    pub seeds: usize,
    /// Mean training loss of each epoch, per fold and seed.
    pub epoch_loss: Vec<Vec<f64>>,
    /// Seconds spent fine-tuning and predicting, summed over the members.
    pub member_seconds: f64,
    /// Members taken from the store instead of fine-tuned in this run.
    pub stored_members: usize,
}

/// The pair protocol of [`argunsc_pairs`] with `encoder` fine-tuned on each fold's training
/// pairs, the premise as the first segment and the claim as the second ([`FineTuneConfig::pair`]
/// is set here), with a three-way head (no relation, support, attack). P(related) is 1 − P(no
/// relation); P(attack | related) is P(attack) / (P(support) + P(attack)). Members are looked up
/// in `store` and stored as in [`argunsc_sentences_finetuned`]; `progress` gets (fold, seed, step,
/// steps, loss).
///
/// [`FineTuneConfig::pair`]: crate::embed::FineTuneConfig::pair
#[cfg(feature = "transformer")]
#[allow(clippy::too_many_arguments)]
pub fn argunsc_pairs_finetuned(
    pairs: &[ArgunscPair],
    speech_of: &HashMap<u64, String>,
    grouped: bool,
    k: usize,
    seed: u64,
    s: &TrainSettings,
    encoder: &EnsembleEncoder,
    store: &mut dyn MemberStore,
    mut progress: impl FnMut(usize, u64, usize, usize, f64),
) -> crate::Result<FineTunedPairs> {
    use crate::embed::Input;
    let fold = pair_folds(pairs, speech_of, grouped, k, seed);
    let linear = linear_pair_probs(pairs, &fold, k, s, None);
    let class = |p: &ArgunscPair| match p.relation.as_str() {
        "support" => 1,
        "attack" => 2,
        _ => 0,
    };
    fn input(p: &ArgunscPair) -> Input<'_> {
        Input {
            text: &p.premise,
            before: "",
            after: &p.claim,
        }
    }
    let settings = crate::embed::FineTuneConfig {
        pair: true,
        ..encoder.settings.clone()
    };
    let seeds = encoder.seeds.max(1);
    let mut tuned = vec![[0f32; 2]; pairs.len()];
    let mut epoch_loss = Vec::new();
    let (mut member_seconds, mut stored_members) = (0.0, 0);
    let scheme = if grouped { "grouped" } else { "random" };
    for f in 0..k {
        let tr: Vec<usize> = (0..pairs.len()).filter(|&i| fold[i] != f).collect();
        let te: Vec<usize> = (0..pairs.len()).filter(|&i| fold[i] == f).collect();
        let texts: Vec<Input<'_>> = tr.iter().map(|&i| input(&pairs[i])).collect();
        let labels: Vec<usize> = tr.iter().map(|&i| class(&pairs[i])).collect();
        let inputs: Vec<Input<'_>> = te.iter().map(|&i| input(&pairs[i])).collect();
        let mut sum = vec![[0f32; 3]; te.len()];
        for member in (0..seeds as u64).map(|n| settings.seed + n) {
            let cfg = crate::embed::FineTuneConfig {
                seed: member,
                ..settings.clone()
            };
            let digest = member_digest(
                &encoder.transformer,
                &cfg,
                (k, seed),
                (&texts, &labels),
                &inputs,
            );
            let key = format!("pairs-{scheme}-fold{}-seed{member}-{digest}", f + 1);
            let (run, stored) = member_run(
                store,
                &key,
                &encoder.transformer,
                &cfg,
                &texts,
                &labels,
                &inputs,
                |s, n, l| progress(f, member, s, n, l),
            )?;
            stored_members += usize::from(stored);
            member_seconds += run.seconds;
            epoch_loss.push(run.epoch_loss);
            for (acc, p) in sum.iter_mut().zip(&run.probs) {
                for c in 0..3 {
                    acc[c] += p[c] / seeds as f32;
                }
            }
        }
        for (&i, p) in te.iter().zip(&sum) {
            tuned[i] = [1.0 - p[0], p[2] / (p[1] + p[2]).max(f32::MIN_POSITIVE)];
        }
    }
    let mean: Vec<[f32; 2]> = tuned
        .iter()
        .zip(&linear)
        .map(|(a, b)| [(a[0] + b[0]) / 2.0, (a[1] + b[1]) / 2.0])
        .collect();
    let (related_weighted_f1, support_attack_macro_f1) = pair_figures(pairs, &fold, k, &tuned);
    let (linear_related_weighted_f1, linear_support_attack_macro_f1) =
        pair_figures(pairs, &fold, k, &linear);
    let (mean_related_weighted_f1, mean_support_attack_macro_f1) =
        pair_figures(pairs, &fold, k, &mean);
    Ok(FineTunedPairs {
        folds: pair_folds_name(grouped, k),
        pairs: pairs.len(),
        related_weighted_f1,
        support_attack_macro_f1,
        linear_related_weighted_f1,
        linear_support_attack_macro_f1,
        mean_related_weighted_f1,
        mean_support_attack_macro_f1,
        encoder: encoder.transformer.model_name(),
        settings,
        seeds,
        epoch_loss,
        member_seconds,
        stored_members,
    })
}

/// One member's held-out probabilities: from `store` under `key` (then `.1` is true) or
/// fine-tuned now on `texts` / `labels` with `tcfg` and `cfg`, predicted on `inputs`, and stored.
#[cfg(feature = "transformer")]
#[allow(clippy::too_many_arguments)]
fn member_run(
    store: &mut dyn MemberStore,
    key: &str,
    tcfg: &crate::embed::TransformerConfig,
    cfg: &crate::embed::FineTuneConfig,
    texts: &[crate::embed::Input<'_>],
    labels: &[usize],
    inputs: &[crate::embed::Input<'_>],
    progress: impl FnMut(usize, usize, f64),
) -> crate::Result<(MemberRun, bool)> {
    if let Some(run) = store.get(key).filter(|r| r.probs.len() == inputs.len()) {
        return Ok((run, true));
    }
    let start = std::time::Instant::now();
    let mut model = crate::embed::FineTuned::pretrained(tcfg, 3, cfg)?;
    let log = model.train(texts, labels, progress)?;
    let probs = model
        .predict_proba(inputs)?
        .iter()
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let run = MemberRun {
        probs,
        epoch_loss: log.epoch_loss,
        seconds: start.elapsed().as_secs_f64(),
    };
    store.put(key, &run)?;
    Ok((run, false))
}

/// Link examples over every ordered pair of units, with all units treated as claims (the
/// protocols give gold units but not their roles).
fn all_pair_examples(
    docs: &[GoldDocument],
    s: &TrainSettings,
    emb: Option<&EmbCache>,
) -> Vec<(SparseVec, usize)> {
    let mut out = Vec::new();
    for d in docs {
        let units = neutral(gold_sentences(d));
        let ctx = LinkContext::new(&units);
        let gold = gold_pairs(d);
        for a in 0..units.len() {
            for b in 0..units.len() {
                if a != b {
                    let y = match gold.get(&(a, b)) {
                        None => 0,
                        Some(Relation::Support) => 1,
                        Some(Relation::Attack) => 2,
                    };
                    out.push((link_features(&units, &ctx, a, b, &s.features, emb), y));
                }
            }
        }
    }
    out
}

fn neutral(mut units: Vec<Sentence>) -> Vec<Sentence> {
    for u in &mut units {
        u.role = Role::Claim;
    }
    units
}

fn gold_pairs(d: &GoldDocument) -> HashMap<(usize, usize), Relation> {
    let index: HashMap<&str, usize> = d
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    d.links
        .iter()
        .filter_map(|l| {
            Some((
                (
                    *index.get(l.source.as_str())?,
                    *index.get(l.target.as_str())?,
                ),
                l.relation,
            ))
        })
        .collect()
}

/// Link probability (1 − P(none)) of every ordered pair of a document's units.
fn pair_probs(
    model: &LogReg,
    d: &GoldDocument,
    s: &TrainSettings,
    emb: Option<&EmbCache>,
) -> Vec<Vec<f32>> {
    let units = neutral(gold_sentences(d));
    let ctx = LinkContext::new(&units);
    (0..units.len())
        .map(|a| {
            (0..units.len())
                .map(|b| {
                    if a == b {
                        0.0
                    } else {
                        1.0 - model.predict_proba(&link_features(
                            &units,
                            &ctx,
                            a,
                            b,
                            &s.features,
                            emb,
                        ))[0]
                    }
                })
                .collect()
        })
        .collect()
}

/// Microtext results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Microtexts {
    /// Iterations × folds.
    pub folds: usize,
    /// Central claim vs not, macro-F1 over ADUs, mean over iterations.
    pub cc_macro_f1: f64,
    /// Attached vs not over ordered ADU pairs, macro-F1, mean over iterations.
    pub attachment_macro_f1: f64,
}

/// The fixed 10×5 folds: `test_folds[5*i + j]` is the test fold j of iteration i.
pub fn microtexts(
    docs: &[GoldDocument],
    test_folds: &[Vec<String>],
    s: &TrainSettings,
    emb: Option<&EmbCache>,
) -> Microtexts {
    let iterations = test_folds.len() / 5;
    let mut cc_scores = Vec::new();
    let mut at_scores = Vec::new();
    for it in 0..iterations {
        let mut cc = Vec::new();
        let mut at = Vec::new();
        for test in &test_folds[5 * it..5 * it + 5] {
            let is_test = |d: &GoldDocument| test.contains(&d.id);
            let train: Vec<GoldDocument> = docs.iter().filter(|d| !is_test(d)).cloned().collect();
            let mut cc_ex = Vec::new();
            for d in &train {
                let units = gold_sentences(d);
                let cues = crate::classify::cues::doc_cues(&units);
                for (i, u) in d.units.iter().enumerate() {
                    cc_ex.push((
                        role_features(&units, &cues, i, &s.features, emb),
                        u.label.ends_with("+cc") as usize,
                    ));
                }
            }
            let cc_dim = (1 << s.features.role_bits) + emb.map_or(0, |e| e.dim());
            let cc_model = LogReg::train(&cc_ex, cc_dim, 2, &s.train);
            let link_model = LogReg::train(
                &all_pair_examples(&train, s, emb),
                1 << s.features.link_bits,
                3,
                &s.train,
            );
            for d in docs.iter().filter(|d| is_test(d)) {
                let units = gold_sentences(d);
                let cues = crate::classify::cues::doc_cues(&units);
                let pcc: Vec<f32> = (0..units.len())
                    .map(|i| {
                        cc_model.predict_proba(&role_features(&units, &cues, i, &s.features, emb))
                            [1]
                    })
                    .collect();
                let root = (0..units.len()).fold(0, |m, i| if pcc[i] > pcc[m] { i } else { m });
                for (i, u) in d.units.iter().enumerate() {
                    cc.push((u.label.ends_with("+cc"), i == root));
                }
                let probs = pair_probs(&link_model, d, s, emb);
                let gold = gold_pairs(d);
                for (a, row) in probs.iter().enumerate() {
                    // Every ADU but the central claim attaches to its most probable target.
                    let pred = if a == root {
                        None
                    } else {
                        argmax_except(row, a)
                    };
                    for b in (0..units.len()).filter(|&b| b != a) {
                        at.push((gold.contains_key(&(a, b)), pred == Some(b)));
                    }
                }
            }
        }
        let (p, n) = binary_counts(&cc);
        cc_scores.push(binary_macro(p, n));
        let (p, n) = binary_counts(&at);
        at_scores.push(binary_macro(p, n));
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    Microtexts {
        folds: test_folds.len(),
        cc_macro_f1: mean(&cc_scores),
        attachment_macro_f1: mean(&at_scores),
    }
}

/// CDCP results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cdcp {
    /// Test comments.
    pub test_documents: usize,
    /// Gold links in the test split.
    pub gold_links: usize,
    /// Counts of the link class over all ordered proposition pairs.
    pub counts: Counts,
    /// F1 of the link class, in percent (as the papers report it).
    pub link_f1_percent: f64,
    /// The decision threshold, chosen by 3-fold cross-validation on the training split.
    pub threshold: f32,
}

/// Index of the largest value of `row` other than `skip` (the first on a tie).
fn argmax_except(row: &[f32], skip: usize) -> Option<usize> {
    (0..row.len())
        .filter(|&b| b != skip)
        .fold(None, |m, b| match m {
            Some(x) if row[x] >= row[b] => Some(x),
            _ => Some(b),
        })
}

fn cdcp_decode(probs: &[Vec<f32>], threshold: f32) -> Vec<Option<usize>> {
    probs
        .iter()
        .enumerate()
        .map(|(a, row)| {
            let best = argmax_except(row, a)?;
            (row[best] >= threshold).then_some(best)
        })
        .collect()
}

fn cdcp_counts(docs: &[GoldDocument], probs: &[Vec<Vec<f32>>], threshold: f32) -> Counts {
    let mut c = Counts::default();
    for (d, p) in docs.iter().zip(probs) {
        let gold: BTreeSet<(usize, usize)> = gold_pairs(d).into_keys().collect();
        let pred: BTreeSet<(usize, usize)> = cdcp_decode(p, threshold)
            .into_iter()
            .enumerate()
            .filter_map(|(a, b)| Some((a, b?)))
            .collect();
        let tp = pred.intersection(&gold).count();
        c.add(Counts {
            tp,
            fp: pred.len() - tp,
            fn_: gold.len() - tp,
        });
    }
    c
}

/// Train on the CDCP training split, score links on the test split. Each proposition links to its
/// most probable target when that probability reaches a threshold chosen on the training split.
pub fn cdcp(
    train: &[GoldDocument],
    test: &[GoldDocument],
    s: &TrainSettings,
    emb: Option<&EmbCache>,
) -> Cdcp {
    let dim = 1 << s.features.link_bits;
    // Threshold by 3-fold cross-validation on the training split.
    let groups: Vec<String> = train.iter().map(|d| d.id.clone()).collect();
    let fold = grouped_folds(&groups, 3, s.train.seed);
    let grid: Vec<f32> = (1..20).map(|i| i as f32 * 0.05).collect();
    let mut totals = vec![Counts::default(); grid.len()];
    for f in 0..3 {
        let tr: Vec<GoldDocument> = train
            .iter()
            .zip(&fold)
            .filter(|(_, &x)| x != f)
            .map(|(d, _)| d.clone())
            .collect();
        let te: Vec<GoldDocument> = train
            .iter()
            .zip(&fold)
            .filter(|(_, &x)| x == f)
            .map(|(d, _)| d.clone())
            .collect();
        let m = LogReg::train(&all_pair_examples(&tr, s, emb), dim, 3, &s.train);
        let probs: Vec<_> = te.iter().map(|d| pair_probs(&m, d, s, emb)).collect();
        for (g, t) in grid.iter().enumerate() {
            totals[g].add(cdcp_counts(&te, &probs, *t));
        }
    }
    let best = (0..grid.len()).fold(0, |m, g| {
        if totals[g].f1() > totals[m].f1() {
            g
        } else {
            m
        }
    });
    let threshold = grid[best];
    let m = LogReg::train(&all_pair_examples(train, s, emb), dim, 3, &s.train);
    let probs: Vec<_> = test.iter().map(|d| pair_probs(&m, d, s, emb)).collect();
    let counts = cdcp_counts(test, &probs, threshold);
    Cdcp {
        test_documents: test.len(),
        gold_links: counts.tp + counts.fn_,
        counts,
        link_f1_percent: 100.0 * counts.f1(),
        threshold,
    }
}

/// Leave-one-document-out cross-validation of the linker alone, on gold units with gold roles
/// (the link-identification setting of Stab & Gurevych 2017 and Persing & Ng 2016, where the
/// components are given): for each document of `docs`, a link scorer is trained on `fixed` plus
/// the other documents (each `weight` times), then links the held-out document's gold units.
/// Role errors, which dominate the end-to-end link figures, are taken out, so link features and
/// objectives can be compared on what they change. Scored with [`crate::eval::evaluate`] (roles
/// are perfect by construction; links strict and relaxed, reachability, document bootstrap).
/// The linker decodes as `decoding` says. Returns the report and the held-out predictions (gold
/// units and roles, predicted links).
pub fn gold_role_links(
    fixed: &[GoldDocument],
    docs: &[GoldDocument],
    weight: usize,
    s: &TrainSettings,
    decoding: super::LinkDecoding,
) -> crate::Result<(crate::eval::Report, Vec<crate::document::ArgumentMap>)> {
    use crate::link::Linker;
    let maps = (0..docs.len())
        .map(|i| {
            let mut link_docs = fixed.to_vec();
            for (j, d) in docs.iter().enumerate() {
                if j != i {
                    link_docs.extend(std::iter::repeat_n(d, weight).cloned());
                }
            }
            let model = super::train(&[], &link_docs, &[], s, None, Default::default());
            let linker = super::LearnedLinker::new(std::sync::Arc::new(model), None)
                .with_decoding(decoding)?;
            let mut sentences = gold_sentences(&docs[i]);
            for u in &mut sentences {
                u.probs[u.role.index()] = 1.0;
            }
            let links = linker.link(&sentences)?;
            Ok(crate::document::ArgumentMap {
                doc_id: docs[i].id.clone(),
                sentences,
                links,
            })
        })
        .collect::<crate::Result<Vec<_>>>()?;
    let preds: Vec<crate::eval::PredDocument> = maps.iter().map(Into::into).collect();
    let pairs: Vec<_> = docs.iter().zip(&preds).collect();
    Ok((crate::eval::evaluate(&pairs, 2026), maps))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_intervals_resample_groups_and_hold_the_figure() {
        // Perfect decisions: every resample is perfect.
        let mut d = Decisions::default();
        for g in 0..10 {
            for k in 0..5 {
                d.push(g, k % 2 == 0, k % 2 == 0);
            }
        }
        assert_eq!(d.interval(binary_macro_of, 1), [1.0, 1.0]);
        // Groups all right or all wrong: the interval is wide, holds the figure, and is the same
        // for the same seed.
        let mut d = Decisions::default();
        for g in 0..20 {
            for k in 0..6 {
                let gold = k % 2 == 0;
                d.push(g, gold, if g % 3 == 0 { !gold } else { gold });
            }
        }
        let figure = binary_macro_of(&d.pairs);
        let [lo, hi] = d.interval(binary_macro_of, 7);
        assert!(lo < figure && figure < hi, "{lo} {figure} {hi}");
        assert!(hi - lo > 0.2, "{lo} {hi}");
        assert_eq!(d.interval(binary_macro_of, 7), [lo, hi]);
        // With the same errors spread evenly over the groups, resampling groups barely moves it.
        let mut e = Decisions::default();
        for g in 0..20 {
            for k in 0..6 {
                let gold = k % 2 == 0;
                e.push(g, gold, if k < 2 { !gold } else { gold });
            }
        }
        let [lo, hi] = e.interval(binary_macro_of, 7);
        assert!(hi - lo < 1e-9, "{lo} {hi}");
    }

    #[test]
    fn folds_keep_groups_together_and_are_reproducible() {
        let groups: Vec<String> = (0..50).map(|i| format!("g{}", i / 5)).collect();
        let f = grouped_folds(&groups, 5, 1);
        for i in 0..50 {
            assert_eq!(f[i], f[i - i % 5], "a group is split");
        }
        assert_eq!(f, grouped_folds(&groups, 5, 1));
        for k in 0..5 {
            assert_eq!(
                f.iter().filter(|&&x| x == k).count(),
                10,
                "10 groups deal 2 per fold"
            );
        }
    }

    #[test]
    fn gold_role_links_scores_the_linker_alone() {
        use crate::annotation::{GoldLink, GoldUnit};
        // Four small documents: a claim, a sentence of no role, and evidence backing the claim.
        let docs: Vec<GoldDocument> = (0..4)
            .map(|i| {
                let text = format!(
                    "Taxes on fuel {i} must rise.\n\nThe weather was mild.\n\nIn 2019, 61% of drivers agreed that taxes on fuel {i} must rise."
                );
                let spans: Vec<(usize, usize)> = text
                    .split("\n\n")
                    .scan(0, |at, p| {
                        let n = p.chars().count();
                        let span = (*at, *at + n);
                        *at += n + 2;
                        Some(span)
                    })
                    .collect();
                let roles = [Role::Claim, Role::None, Role::Evidence];
                GoldDocument {
                    id: format!("d{i}"),
                    group: format!("d{i}"),
                    units: spans
                        .iter()
                        .zip(roles)
                        .enumerate()
                        .map(|(k, (&(start, end), role))| GoldUnit {
                            id: format!("T{}", k + 1),
                            start,
                            end,
                            role,
                            label: String::new(),
                        })
                        .collect(),
                    links: vec![GoldLink {
                        source: "T3".into(),
                        target: "T1".into(),
                        relation: Relation::Support,
                        label: String::new(),
                    }],
                    text,
                }
            })
            .collect();
        let s = TrainSettings::default();
        let greedy = super::super::LinkDecoding::Greedy;
        let (r, maps) = gold_role_links(&[], &docs, 10, &s, greedy).unwrap();
        assert_eq!(maps.len(), 4);
        assert!(maps
            .iter()
            .all(|m| m.links.len() == 1 && m.sentences[0].role == Role::Claim));
        assert_eq!((r.documents, r.gold_links), (4, 4));
        assert_eq!(r.accuracy.value, 1.0, "the roles are the gold roles");
        assert_eq!(r.links_strict.counts.tp, 4, "{:?}", r.links_strict);
        assert_eq!(r.reachability.value, 1.0);
        let run = (r, maps);
        assert_eq!(
            run,
            gold_role_links(&[], &docs, 10, &s, greedy).unwrap(),
            "reproducible"
        );
        let tree = super::super::LinkDecoding::Tree;
        assert_eq!(
            run,
            gold_role_links(&[], &docs, 10, &s, tree).unwrap(),
            "no cycle to break: tree decoding gives the greedy links"
        );
    }

    #[test]
    fn binary_scores_by_hand() {
        // gold/pred: TT, TF, FT, FF, FF → pos P 1/2 R 1/2 F1 1/2; neg P 2/3 R 2/3 F1 2/3.
        let v = [
            (true, true),
            (true, false),
            (false, true),
            (false, false),
            (false, false),
        ];
        let (p, n) = binary_counts(&v);
        assert!((binary_macro(p, n) - (0.5 + 2.0 / 3.0) / 2.0).abs() < 1e-12);
        assert!((binary_weighted(&v) - (2.0 * 0.5 + 3.0 * 2.0 / 3.0) / 5.0).abs() < 1e-12);
    }
}
