//! Multinomial logistic regression on hashed sparse features, trained with AdaGrad, L2
//! regularisation and class weights. Training is single-threaded and seeded: the same data and
//! settings give the same weights bit for bit.

use crate::eval::SplitMix64;
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
        let mut m = Self::zeros(dim, classes);
        if data.is_empty() {
            return m;
        }
        let mut counts = vec![0usize; classes];
        for (_, y) in data {
            counts[*y] += 1;
        }
        let cw: Vec<f32> = counts
            .iter()
            .map(|&n| {
                if !cfg.balanced || n == 0 {
                    1.0
                } else {
                    data.len() as f32 / (classes as f32 * n as f32)
                }
            })
            .collect();
        let mut g2w = Array2::<f32>::zeros((dim, classes));
        let mut g2b = Array1::<f32>::zeros(classes);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = SplitMix64::new(cfg.seed);
        let eps = 1e-8f32;
        for _ in 0..cfg.epochs {
            // Fisher-Yates with the seeded generator.
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            for &i in &order {
                let (x, y) = &data[i];
                let p = m.predict_proba(x);
                let g: Vec<f32> = (0..classes)
                    .map(|c| (p[c] - (c == *y) as u8 as f32) * cw[*y])
                    .collect();
                for c in 0..classes {
                    g2b[c] += g[c] * g[c];
                    m.b[c] -= cfg.learning_rate * g[c] / (g2b[c].sqrt() + eps);
                }
                for &(j, v) in x {
                    let j = j as usize;
                    for c in 0..classes {
                        let grad = g[c] * v + cfg.l2 * m.w[[j, c]];
                        g2w[[j, c]] += grad * grad;
                        m.w[[j, c]] -= cfg.learning_rate * grad / (g2w[[j, c]].sqrt() + eps);
                    }
                }
            }
        }
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
