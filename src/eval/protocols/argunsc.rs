//! ArgUNSC: grouped cross-validation of sentence roles (argumentative vs not, claim vs premise)
//! and of sentence pairs (related vs unrelated, support vs attack), linear and fine-tuned.

#[allow(unused_imports)]
use super::*;
use crate::annotation::{ArgunscPair, GoldDocument};
use crate::classify::features::role_features;
use crate::document::Role;
use crate::embed::EmbCache;
use crate::link::features::pair_features;
use crate::model::linear::{LogReg, SparseVec};
use crate::model::train::{gold_sentences, role_examples, TrainSettings};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

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
pub(crate) fn fold_role_model(
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
                texts.push(crate::classify::finetuned::unit_input(units, i));
                labels.push(class(u.role));
            }
        }
        let test: Vec<(&Sentence, usize, Input<'_>)> = sentences
            .iter()
            .zip(&gid)
            .zip(&fold)
            .filter(|(_, &x)| x == f)
            .flat_map(|((u, &g), _)| {
                (0..u.len()).map(move |i| (&u[i], g, crate::classify::finetuned::unit_input(u, i)))
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
pub(crate) fn pair_folds(
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

pub(crate) fn pair_folds_name(grouped: bool, k: usize) -> String {
    if grouped {
        format!("{k} folds grouped by the speech of the claim")
    } else {
        format!("{k} folds over pairs (random)")
    }
}

/// Held-out probabilities of the linear pair classifiers under `fold`: for each pair, P(related)
/// from a related-vs-unrelated model and P(attack) from a support-vs-attack model trained on the
/// related training pairs.
pub(crate) fn linear_pair_probs(
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
pub(crate) fn pair_figures(
    pairs: &[ArgunscPair],
    fold: &[usize],
    k: usize,
    p: &[[f32; 2]],
) -> (f64, f64) {
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
