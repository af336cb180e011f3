//! CDCP: the test split's links (Niculae et al.'s protocol).

#[allow(unused_imports)]
use super::*;
use crate::annotation::GoldDocument;
use crate::embed::EmbCache;
use crate::eval::metrics::Counts;
use crate::model::linear::LogReg;
use crate::model::train::TrainSettings;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

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
pub(crate) fn argmax_except(row: &[f32], skip: usize) -> Option<usize> {
    (0..row.len())
        .filter(|&b| b != skip)
        .fold(None, |m, b| match m {
            Some(x) if row[x] >= row[b] => Some(x),
            _ => Some(b),
        })
}

pub(crate) fn cdcp_decode(probs: &[Vec<f32>], threshold: f32) -> Vec<Option<usize>> {
    probs
        .iter()
        .enumerate()
        .map(|(a, row)| {
            let best = argmax_except(row, a)?;
            (row[best] >= threshold).then_some(best)
        })
        .collect()
}

pub(crate) fn cdcp_counts(
    docs: &[GoldDocument],
    probs: &[Vec<Vec<f32>>],
    threshold: f32,
) -> Counts {
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
