//! Multinomial logistic regression on hashed sparse features, trained with AdaGrad, L2
//! regularisation and class weights. Training is single-threaded and seeded: the same data and
//! settings give the same weights bit for bit.

use crate::util::SplitMix64;
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

/// A sparse feature vector: (index, value), indices below the model's dimension.
pub type SparseVec = Vec<(u32, f32)>;

/// Training settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad learning rate.
    pub learning_rate: f32,
    /// L2 penalty per example (applied to the weights an example touches).
    pub l2: f32,
    /// Weight classes inversely to their frequency (n / (k · n_c)).
    pub balanced: bool,
    /// Seed of the example order.
    pub seed: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            epochs: 8,
            learning_rate: 0.03,
            l2: 1e-5,
            balanced: true,
            seed: 7,
        }
    }
}

/// A trained model: weights (dimension × classes) and biases.
#[derive(Debug, Clone, PartialEq)]
pub struct LogReg {
    /// Weights, one row per feature index.
    pub w: Array2<f32>,
    /// Biases, one per class.
    pub b: Array1<f32>,
}

impl LogReg {
    /// A zero model.
    pub fn zeros(dim: usize, classes: usize) -> Self {
        Self {
            w: Array2::zeros((dim, classes)),
            b: Array1::zeros(classes),
        }
    }

    /// Number of classes.
    pub fn classes(&self) -> usize {
        self.b.len()
    }

    /// Feature dimension.
    pub fn dim(&self) -> usize {
        self.w.nrows()
    }

    /// Scores before the softmax.
    pub fn scores(&self, x: &[(u32, f32)]) -> Vec<f32> {
        let mut s = self.b.to_vec();
        for &(j, v) in x {
            let row = self.w.row(j as usize);
            for (c, w) in row.iter().enumerate() {
                s[c] += w * v;
            }
        }
        s
    }

    /// Class probabilities.
    pub fn predict_proba(&self, x: &[(u32, f32)]) -> Vec<f32> {
        softmax(&self.scores(x))
    }

    /// Train on `(features, class)` examples.
    pub fn train(
        data: &[(SparseVec, usize)],
        dim: usize,
        classes: usize,
        cfg: &TrainConfig,
    ) -> Self {
        Self::train_subset(data, None, dim, classes, cfg)
    }

    /// Train on the examples of `data` at the indices `subset` (all of them for `None`), as
    /// [`Self::train`] would on a list of those examples alone, without copying them.
    pub fn train_subset(
        data: &[(SparseVec, usize)],
        subset: Option<&[usize]>,
        dim: usize,
        classes: usize,
        cfg: &TrainConfig,
    ) -> Self {
        let mut m = Self::zeros(dim, classes);
        let n = subset.map_or(data.len(), <[usize]>::len);
        let example = |i: usize| &data[subset.map_or(i, |s| s[i])];
        if n == 0 {
            return m;
        }
        let mut counts = vec![0usize; classes];
        for i in 0..n {
            counts[example(i).1] += 1;
        }
        let cw: Vec<f32> = counts
            .iter()
            .map(|&k| {
                if !cfg.balanced || k == 0 {
                    1.0
                } else {
                    n as f32 / (classes as f32 * k as f32)
                }
            })
            .collect();
        let mut opt = AdaGrad::new(dim, classes);
        for_each_epoch(n, cfg, |i| {
            let (x, y) = example(i);
            let p = m.predict_proba(x);
            let g: Vec<f32> = (0..classes)
                .map(|c| (p[c] - (c == *y) as u8 as f32) * cw[*y])
                .collect();
            for (c, &gc) in g.iter().enumerate() {
                opt.step(&mut m, x, c, gc, cfg);
            }
        });
        m
    }
}

/// Calls `f(i)` for every example index below `n`, `cfg.epochs` times, each epoch in a new order
/// (Fisher-Yates with the generator seeded by `cfg.seed`).
fn for_each_epoch(n: usize, cfg: &TrainConfig, mut f: impl FnMut(usize)) {
    let mut order: Vec<usize> = (0..n).collect();
    let mut rng = SplitMix64::new(cfg.seed);
    for _ in 0..cfg.epochs {
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        for &i in &order {
            f(i);
        }
    }
}

/// AdaGrad's accumulated squared gradients, per weight and per bias.
struct AdaGrad {
    g2w: Array2<f32>,
    g2b: Array1<f32>,
}

impl AdaGrad {
    fn new(dim: usize, classes: usize) -> Self {
        Self {
            g2w: Array2::zeros((dim, classes)),
            g2b: Array1::zeros(classes),
        }
    }

    /// One update of class `c`'s bias and of its weights on the features of `x`, for the loss
    /// gradient `g` of that class's score (plus the L2 penalty on the weights touched). Each
    /// weight's update reads only its own state, so the order of classes and features does not
    /// change the result.
    fn step(&mut self, m: &mut LogReg, x: &[(u32, f32)], c: usize, g: f32, cfg: &TrainConfig) {
        const EPS: f32 = 1e-8;
        self.g2b[c] += g * g;
        m.b[c] -= cfg.learning_rate * g / (self.g2b[c].sqrt() + EPS);
        for &(j, v) in x {
            let j = j as usize;
            let grad = g * v + cfg.l2 * m.w[[j, c]];
            self.g2w[[j, c]] += grad * grad;
            m.w[[j, c]] -= cfg.learning_rate * grad / (self.g2w[[j, c]].sqrt() + EPS);
        }
    }
}

/// One source unit of the listwise link objective: its "no link" features, its candidate
/// targets' pair features, and the gold outcomes among them (candidate index, relation class 1 =
/// support or 2 = attack; empty when the unit links to nothing).
#[derive(Debug, Clone, PartialEq)]
pub struct ListGroup {
    /// Features of the "no link" outcome (scored by class 0's weights).
    pub none: SparseVec,
    /// Pair features of each candidate target (scored by the support and attack weights).
    pub cands: Vec<SparseVec>,
    /// Gold outcomes: (candidate index, relation class 1 or 2).
    pub gold: Vec<(usize, usize)>,
}

impl ListGroup {
    /// Index in [`ListGroup::outcome_proba`] of linking to candidate `k` with relation class `r`
    /// (1 support, 2 attack).
    pub fn outcome(k: usize, r: usize) -> usize {
        1 + 2 * k + (r - 1)
    }

    /// Probabilities of the group's outcomes under `m`: `[no link, (cand 0, support),
    /// (cand 0, attack), (cand 1, support), ...]`, one softmax over all of them.
    pub fn outcome_proba(&self, m: &LogReg) -> Vec<f32> {
        let mut z = Vec::with_capacity(1 + 2 * self.cands.len());
        z.push(m.scores(&self.none)[0]);
        for x in &self.cands {
            let s = m.scores(x);
            z.push(s[1]);
            z.push(s[2]);
        }
        softmax(&z)
    }
}

impl LogReg {
    /// Train a three-class link model (none, support, attack) with a listwise objective: for each
    /// source unit, one softmax over "no link" and every (candidate, relation) pair, maximising
    /// the probability of the gold outcomes (their sum, when a unit has several). Candidates
    /// compete for the source, as in pointer-network linkers, instead of each pair being judged
    /// alone. `cfg.balanced` is ignored: a group is one example whatever its size.
    pub fn train_listwise(groups: &[ListGroup], dim: usize, cfg: &TrainConfig) -> Self {
        let mut m = Self::zeros(dim, 3);
        let mut opt = AdaGrad::new(dim, 3);
        for_each_epoch(groups.len(), cfg, |i| {
            let grp = &groups[i];
            let p = grp.outcome_proba(&m);
            // Target distribution q: the model's own distribution restricted to the gold
            // outcomes (one gold outcome: q is one-hot); gradient of -log Σ_gold p is p - q.
            let mut q = vec![0.0f32; p.len()];
            if grp.gold.is_empty() {
                q[0] = 1.0;
            } else {
                let idx = |(k, r): (usize, usize)| ListGroup::outcome(k, r);
                let z: f32 = grp.gold.iter().map(|&o| p[idx(o)]).sum::<f32>().max(1e-30);
                for &o in &grp.gold {
                    q[idx(o)] = p[idx(o)] / z;
                }
            }
            opt.step(&mut m, &grp.none, 0, p[0] - q[0], cfg);
            for (k, x) in grp.cands.iter().enumerate() {
                for r in 1..=2 {
                    let o = ListGroup::outcome(k, r);
                    opt.step(&mut m, x, r, p[o] - q[o], cfg);
                }
            }
        });
        m
    }
}

/// Softmax, stable for large scores.
pub fn softmax(s: &[f32]) -> Vec<f32> {
    let m = s.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e: Vec<f32> = s.iter().map(|x| (x - m).exp()).collect();
    let z: f32 = e.iter().sum();
    e.into_iter().map(|x| x / z).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separable_problem_deterministically() {
        // Class = which of three indicator features is on (feature 3 is noise on every example).
        let data: Vec<(SparseVec, usize)> = (0..300)
            .map(|i| (vec![((i % 3) as u32, 1.0), (3, 1.0)], i % 3))
            .collect();
        let cfg = TrainConfig::default();
        let m = LogReg::train(&data, 8, 3, &cfg);
        for c in 0..3 {
            let p = m.predict_proba(&[(c as u32, 1.0), (3, 1.0)]);
            assert!(p[c] > 0.8, "{p:?}");
        }
        assert_eq!(LogReg::train(&data, 8, 3, &cfg), m);
        let other = LogReg::train(&data, 8, 3, &TrainConfig { seed: 8, ..cfg });
        assert_ne!(other, m, "the seed changes the order, and so the weights");
    }

    #[test]
    fn listwise_training_learns_which_candidate_and_when_none() {
        // Candidates carry feature 1 (a good target) or 2 (a decoy); feature 3 is on every
        // candidate. Sources with feature 5 on their "no link" side link to nothing; the others
        // support the good candidate, or attack it when the candidate also has feature 4.
        let groups: Vec<ListGroup> = (0..200)
            .map(|i| {
                let good = i % 3;
                let attack = i % 4 == 0;
                let alone = i % 5 == 0;
                let cands = (0..3)
                    .map(|k| {
                        let mut x = vec![(if k == good { 1 } else { 2 }, 1.0), (3, 1.0)];
                        if k == good && attack {
                            x.push((4, 1.0));
                        }
                        x
                    })
                    .collect();
                ListGroup {
                    none: vec![(if alone { 5 } else { 6 }, 1.0)],
                    cands,
                    gold: if alone {
                        vec![]
                    } else {
                        vec![(good, if attack { 2 } else { 1 })]
                    },
                }
            })
            .collect();
        let cfg = TrainConfig {
            epochs: 20,
            learning_rate: 0.3,
            ..Default::default()
        };
        let m = LogReg::train_listwise(&groups, 8, &cfg);
        assert_eq!(m, LogReg::train_listwise(&groups, 8, &cfg), "deterministic");
        let mut right = 0;
        for g in &groups {
            let p = g.outcome_proba(&m);
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
            let best = (0..p.len()).fold(0, |b, o| if p[o] > p[b] { o } else { b });
            let want = g.gold.first().map_or(0, |&(k, r)| ListGroup::outcome(k, r));
            right += (best == want) as usize;
        }
        assert!(right >= 190, "{right} of 200 outcomes right");
    }

    #[test]
    fn class_weights_lift_a_rare_class() {
        // 95 examples of class 0 and 5 of class 1 with the same feature: balanced weights make
        // the model less sure of class 0.
        let mut data: Vec<(SparseVec, usize)> = (0..95).map(|_| (vec![(0, 1.0)], 0)).collect();
        data.extend((0..5).map(|_| (vec![(0, 1.0)], 1)));
        let plain = LogReg::train(
            &data,
            2,
            2,
            &TrainConfig {
                balanced: false,
                ..Default::default()
            },
        );
        let bal = LogReg::train(&data, 2, 2, &TrainConfig::default());
        assert!(bal.predict_proba(&[(0, 1.0)])[1] > plain.predict_proba(&[(0, 1.0)])[1]);
    }
}
