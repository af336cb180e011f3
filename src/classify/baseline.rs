//! The cue baseline: a linear model over the cue features with weights set by hand from the
//! annotation guidelines, not learned. It is the reference that learned models must beat.

use super::cues::{cue_features, FEATURES};
use super::{softmax, SentenceClassifier};
use crate::document::Sentence;
use ndarray::{Array2, ArrayView1};

/// Hand-set weights: feature, then (claim, evidence, stance, none). Read a row as "this cue
/// raises the score of these roles by so much". The reasons come from the guidelines: numbers,
/// polls and named sources mark evidence; goals and demands of a named actor mark stances;
/// evaluative, modal and hedged language and causal markers mark claims; headings without a verb
/// and short plain narrative are none.
const WEIGHTS: &[(&str, [f32; 4])] = &[
    ("bias", [0.3, 0.0, -0.8, 0.5]),
    ("heading", [-1.0, -3.0, -3.0, 2.5]),
    ("heading_with_verb", [3.5, 0.0, 0.0, -1.5]),
    ("short", [0.0, -0.5, -0.5, 0.8]),
    ("log_length", [0.2, 0.4, 0.2, -0.6]),
    ("number", [-0.2, 0.9, 0.0, 0.0]),
    ("percent", [-0.5, 2.0, 0.0, -0.5]),
    ("money", [-0.3, 1.2, 0.0, 0.0]),
    ("year", [-0.2, 0.6, 0.0, 0.2]),
    ("date", [-0.2, 0.5, 0.0, 0.3]),
    ("poll_or_study", [-0.3, 1.8, -0.3, -0.3]),
    ("attribution", [-0.5, 1.5, 0.3, -0.5]),
    ("reporting_verb", [-0.3, 0.5, 0.8, 0.0]),
    ("goal_or_demand_verb", [0.0, -0.2, 1.6, 0.0]),
    ("goal_or_demand_noun", [0.2, -0.2, 1.0, 0.0]),
    ("named_actor_subject", [0.0, 0.3, 0.5, 0.2]),
    ("first_person", [0.8, -0.3, -0.8, 0.0]),
    ("modal", [0.9, -0.4, 0.2, -0.3]),
    ("hedge", [1.2, -0.5, 0.0, -0.3]),
    ("evaluative", [1.2, -0.3, 0.0, -0.4]),
    ("causal", [1.0, 0.0, 0.0, -0.3]),
    ("enumerating_marker", [0.6, 0.2, 0.0, -0.2]),
    ("contrast", [0.4, 0.0, 0.2, 0.0]),
    ("quotation", [0.0, 0.3, 0.8, 0.0]),
    ("event_verb", [-0.2, 0.9, 0.0, 0.4]),
    ("comparative", [0.6, 0.2, 0.0, 0.0]),
    ("negation", [0.4, -0.1, 0.1, 0.0]),
    ("paragraph_initial", [0.3, -0.2, 0.0, 0.1]),
    ("question", [0.5, -0.5, 0.0, 0.2]),
];

/// The cue baseline classifier (see the module docs).
#[derive(Debug, Clone)]
pub struct CueBaseline {
    /// Weights, features × roles.
    weights: Array2<f32>,
}

impl Default for CueBaseline {
    fn default() -> Self {
        let mut weights = Array2::zeros((FEATURES.len(), 4));
        for (name, w) in WEIGHTS {
            let k = FEATURES
                .iter()
                .position(|f| f == name)
                .expect("every weight names a feature");
            for (r, v) in w.iter().enumerate() {
                weights[[k, r]] = *v;
            }
        }
        Self { weights }
    }
}

impl CueBaseline {
    /// Role scores (before the softmax) of a feature vector.
    pub fn scores(&self, features: ArrayView1<f32>) -> [f32; 4] {
        let s = features.dot(&self.weights);
        [s[0], s[1], s[2], s[3]]
    }
}

impl SentenceClassifier for CueBaseline {
    fn classify(&self, units: &[Sentence]) -> crate::Result<Vec<[f32; 4]>> {
        Ok((0..units.len())
            .map(|i| softmax(&self.scores(cue_features(units, i).view())))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Role;

    fn classify(text: &str, heading: bool) -> Role {
        let u = Sentence {
            heading,
            ..Sentence::test_unit(text)
        };
        let p = CueBaseline::default().classify(&[u]).unwrap()[0];
        let k = (0..4).max_by(|&a, &b| p[a].total_cmp(&p[b])).unwrap();
        Role::ALL[k]
    }

    #[test]
    fn every_feature_has_a_weight_row() {
        assert_eq!(WEIGHTS.len(), FEATURES.len());
    }

    #[test]
    fn general_cases() {
        let cases = [
            ("ECONOMIC OUTLOOK", true, Role::None),
            ("THE EURO WILL SURVIVE", true, Role::Claim),
            (
                "According to a 2019 survey by the Pew Research Center, 61% of respondents disapproved.",
                false,
                Role::Evidence,
            ),
            (
                "This is clearly the most important problem of the reform.",
                false,
                Role::Claim,
            ),
            (
                "The opposition party demands early elections and wants the minister to resign.",
                false,
                Role::Stance,
            ),
        ];
        for (text, heading, want) in cases {
            assert_eq!(classify(text, heading), want, "{text:?}");
        }
    }
}
