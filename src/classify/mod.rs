//! Classify: a role and a probability per role for every unit. Every role classifier lives here:
//! the cue baseline ([`CueBaseline`], over the cues of [`cues`]), the learned linear model
//! ([`LearnedClassifier`], over the features of [`features`]) and the fine-tuned encoder
//! ([`finetuned`], with the `transformer` feature).

mod baseline;
pub mod cues;
pub mod features;
pub mod finetuned;
mod linear;

pub use baseline::CueBaseline;
pub use features::{role_features, FeatureConfig};
#[cfg(feature = "transformer")]
pub use finetuned::FineTunedClassifier;
pub use linear::LearnedClassifier;

use crate::document::Sentence;

/// A sentence-role classification stage.
pub trait SentenceClassifier: Send + Sync {
    /// Probabilities of the roles (order of [`crate::Role::ALL`]) of every unit of one document.
    /// The whole document is given so that a classifier can use context.
    fn classify(&self, units: &[Sentence]) -> crate::Result<Vec<[f32; 4]>>;
}

/// Softmax of `scores`, stable for large values.
pub fn softmax(scores: &[f32; 4]) -> [f32; 4] {
    let m = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let e = scores.map(|s| (s - m).exp());
    let z: f32 = e.iter().sum();
    e.map(|x| x / z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn softmax_sums_to_one() {
        let p = softmax(&[1000.0, 0.0, -1000.0, 1000.0]);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!((p[0] - 0.5).abs() < 1e-6 && p[2] == 0.0);
    }
}
