//! The field's evaluation protocols, reproduced: ArgUNSC grouped cross-validation (sentence
//! roles and sentence pairs), the microtext 10×5 folds (central claim and attachment), the CDCP
//! test split (links), and the in-genre link protocol. Each protocol trains on its training part
//! only. What the protocols share (folds, binary figures, decisions with their bootstrap) lives here.

mod argunsc;
mod cdcp;
mod genre;
mod members;
mod microtexts;

pub use argunsc::*;
pub use cdcp::*;
pub use genre::*;
#[allow(unused_imports)]
// without the transformer feature, members holds only crate-private helpers
pub use members::*;
pub use microtexts::*;

use crate::annotation::GoldDocument;
use crate::document::{Relation, Role, Sentence};
use crate::embed::EmbCache;
use crate::eval::metrics::Counts;
use crate::link::features::{link_features, LinkContext};
use crate::model::linear::{LogReg, SparseVec};
use crate::model::train::{gold_sentences, TrainSettings};
use crate::util::SplitMix64;
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
pub(crate) fn binary_macro(pos: Counts, neg: Counts) -> f64 {
    (pos.f1() + neg.f1()) / 2.0
}

pub(crate) fn binary_counts(pairs: &[(bool, bool)]) -> (Counts, Counts) {
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
pub(crate) fn binary_weighted(pairs: &[(bool, bool)]) -> f64 {
    let (pos, neg) = binary_counts(pairs);
    let np = (pos.tp + pos.fn_) as f64;
    let nn = (neg.tp + neg.fn_) as f64;
    if np + nn == 0.0 {
        return 0.0;
    }
    (pos.f1() * np + neg.f1() * nn) / (np + nn)
}

pub(crate) fn binary_macro_of(pairs: &[(bool, bool)]) -> f64 {
    let (p, n) = binary_counts(pairs);
    binary_macro(p, n)
}

/// Binary decisions (gold, predicted), each with the group (speech) it came from, so that a
/// figure over them gets a bootstrap interval that resamples whole groups, as the folds do.
#[derive(Debug, Default, Clone)]
pub(crate) struct Decisions {
    pairs: Vec<(bool, bool)>,
    groups: Vec<usize>,
}

impl Decisions {
    fn push(&mut self, group: usize, gold: bool, pred: bool) {
        self.pairs.push((gold, pred));
        self.groups.push(group);
    }

    /// The 95% percentile bootstrap interval of `metric` ([`crate::eval::bootstrap`]): groups
    /// drawn with replacement, as many as there are, from a generator seeded with `seed`.
    fn interval(&self, metric: fn(&[(bool, bool)]) -> f64, seed: u64) -> [f64; 2] {
        let mut by_group: BTreeMap<usize, Vec<(bool, bool)>> = BTreeMap::new();
        for (&g, &p) in self.groups.iter().zip(&self.pairs) {
            by_group.entry(g).or_default().push(p);
        }
        let groups: Vec<&Vec<(bool, bool)>> = by_group.values().collect();
        if groups.is_empty() {
            return [0.0, 0.0];
        }
        let mut sample = Vec::with_capacity(self.pairs.len());
        let figures = crate::eval::bootstrap::resamples(groups.len(), seed, |drawn| {
            sample.clear();
            for &g in drawn {
                sample.extend_from_slice(groups[g]);
            }
            metric(&sample)
        });
        crate::eval::bootstrap::interval95(figures)
    }
}

/// One system's decisions on the two ArgUNSC sentence tasks.
#[derive(Debug, Default, Clone)]
pub(crate) struct SentenceDecisions {
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

/// Each group name's index among the distinct names (in sorted order).
pub(crate) fn group_ids(groups: &[String]) -> Vec<usize> {
    let names: BTreeSet<&String> = groups.iter().collect();
    let index: HashMap<&String, usize> =
        names.into_iter().enumerate().map(|(i, n)| (n, i)).collect();
    groups.iter().map(|g| index[g]).collect()
}

/// Link examples over every ordered pair of units, with all units treated as claims (the
/// protocols give gold units but not their roles).
pub(crate) fn all_pair_examples(
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

pub(crate) fn neutral(mut units: Vec<Sentence>) -> Vec<Sentence> {
    for u in &mut units {
        u.role = Role::Claim;
    }
    units
}

pub(crate) fn gold_pairs(d: &GoldDocument) -> HashMap<(usize, usize), Relation> {
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
pub(crate) fn pair_probs(
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
        let greedy = crate::link::LinkDecoding::Greedy;
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
        let tree = crate::link::LinkDecoding::Tree;
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
