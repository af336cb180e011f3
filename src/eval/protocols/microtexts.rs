//! Microtexts: the 10×5 folds of Peldszus and Stede (central claim, attachment).

#[allow(unused_imports)]
use super::*;
use crate::annotation::GoldDocument;
use crate::classify::features::role_features;
use crate::embed::EmbCache;
use crate::model::linear::LogReg;
use crate::model::train::{gold_sentences, TrainSettings};
use serde::{Deserialize, Serialize};

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
