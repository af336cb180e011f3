//! The fine-tuned role classifier: a fine-tuned encoder's probabilities averaged with the linear
//! role model's, the combination that ArgUNSC cross-validation chose (`eval/RESULTS.md`, "A
//! larger encoder"; issue 5).
//!
//! The encoder's head may know fewer roles than the pipeline's four: fine-tuned on ArgUNSC it
//! knows claim, evidence (premise) and none (non-argumentative), and stance is part of its none.
//! Each head class then stands for a group of roles ([`role_groups`]); the mass of a group is the
//! mean of the two models' masses for it, and the linear model splits it among the group's roles
//! ([`combine`]). For claim and evidence this is the plain mean that cross-validation measured.

use crate::document::Role;
use crate::{Error, Result};

/// For each head class (by its label, a role name), the roles it stands for (indices into
/// [`Role::ALL`]): each role its own label; the roles no label names join the class labelled
/// `none`, which must then exist.
pub fn role_groups(labels: &[String]) -> Result<Vec<Vec<usize>>> {
    let mut groups: Vec<Vec<usize>> = Vec::with_capacity(labels.len());
    for l in labels {
        let Some(r) = Role::ALL.iter().position(|r| r.as_str() == l) else {
            return Err(Error::Config(format!(
                "fine-tuned label {l:?} is not a role (claim, evidence, stance, none)"
            )));
        };
        if groups.iter().any(|g| g.contains(&r)) {
            return Err(Error::Config(format!("fine-tuned label {l:?} given twice")));
        }
        groups.push(vec![r]);
    }
    let none = Role::None.index();
    let missing: Vec<usize> = (0..Role::ALL.len())
        .filter(|r| !groups.iter().any(|g| g.contains(r)))
        .collect();
    if !missing.is_empty() {
        let Some(g) = groups.iter_mut().find(|g| g[0] == none) else {
            return Err(Error::Config(format!(
                "the fine-tuned labels {labels:?} name neither {:?} nor none",
                missing
                    .iter()
                    .map(|&r| Role::ALL[r].as_str())
                    .collect::<Vec<_>>()
            )));
        };
        g.extend(missing);
        g.sort_unstable();
    }
    Ok(groups)
}

/// The combined role probabilities of one unit: for each group of `groups` (one per head class),
/// the mean of the linear model's mass (`linear`, over the four roles) and the head's
/// probability (`tuned`), split among the group's roles in the linear model's proportions
/// (equally when the linear model gives them nothing).
pub fn combine(linear: &[f32; 4], tuned: &[f32], groups: &[Vec<usize>]) -> [f32; 4] {
    let mut out = [0f32; 4];
    for (g, &t) in groups.iter().zip(tuned) {
        let lin: f32 = g.iter().map(|&r| linear[r]).sum();
        let mass = (lin + t) / 2.0;
        for &r in g {
            out[r] = if lin > 0.0 {
                mass * linear[r] / lin
            } else {
                mass / g.len() as f32
            };
        }
    }
    out
}

#[cfg(feature = "transformer")]
pub(crate) use stage::{fine_tune_head, Copies};
#[cfg(feature = "transformer")]
pub use stage::{fine_tune_roles, unit_input, FineTunedClassifier};

#[cfg(feature = "transformer")]
mod stage {
    use super::{combine, role_groups};
    use crate::annotation::GoldDocument;
    use crate::classify::LearnedClassifier;
    use crate::classify::SentenceClassifier;
    use crate::document::{Role, Sentence};
    use crate::embed::{FineTuneConfig, FineTuned, FineTunedHeader, Input, TransformerConfig};
    use crate::model::train::gold_sentences;
    use std::sync::Mutex;

    /// Fine-tune the encoder of `tcfg` with a new head of `labels` on `inputs` / `classes`, and
    /// make the model's header: `training` (an object, the caller's account of the data) gets
    /// the number of examples of each label (`counts`) and the steps taken.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn fine_tune_head(
        tcfg: &TransformerConfig,
        cfg: &FineTuneConfig,
        labels: Vec<String>,
        inputs: &[Input<'_>],
        classes: &[usize],
        counts: &[usize],
        mut training: serde_json::Value,
        progress: impl FnMut(usize, usize, f64),
    ) -> crate::Result<(FineTuned, FineTunedHeader)> {
        let mut model = FineTuned::pretrained(tcfg, labels.len(), cfg)?;
        let log = model.train(inputs, classes, progress)?;
        let examples: serde_json::Map<String, serde_json::Value> = labels
            .iter()
            .zip(counts)
            .map(|(l, &n)| (l.clone(), n.into()))
            .collect();
        if let Some(t) = training.as_object_mut() {
            t.insert("examples".into(), examples.into());
            t.insert("steps".into(), log.steps.into());
        }
        let header = FineTunedHeader {
            format: String::new(),
            encoder: model.name().to_string(),
            labels,
            settings: cfg.clone(),
            autocast: tcfg.autocast && !tcfg.bf16,
            threads: tcfg.threads,
            epoch_loss: log.epoch_loss,
            training,
            weights_sha256: String::new(),
        };
        Ok((model, header))
    }

    /// Unit `i` of `units` with its neighbours, as the encoder reads it (in training, in
    /// cross-validation and in the pipeline).
    pub fn unit_input(units: &[Sentence], i: usize) -> Input<'_> {
        Input {
            text: units[i].text.as_str(),
            before: i.checked_sub(1).map_or("", |j| units[j].text.as_str()),
            after: units.get(i + 1).map_or("", |u| u.text.as_str()),
        }
    }

    /// Fine-tune the encoder of `tcfg` on the unit roles of `docs` (each unit read with its
    /// neighbours). The head's classes are the roles the data has, in [`Role::ALL`] order, and
    /// must include none unless all four occur. Returns the model and its header, to be saved
    /// with [`FineTuned::save`]; `training` (the caller's account of the data) is kept in the
    /// header with the number of examples of each class. With `weak_stance`, evidence and none
    /// units that the weak-label rule marks become stance, as in the linear model's training
    /// ([`crate::model::train::weak_role`]). `progress` as [`FineTuned::train`].
    pub fn fine_tune_roles(
        docs: &[GoldDocument],
        weak_stance: bool,
        tcfg: &TransformerConfig,
        cfg: &FineTuneConfig,
        training: serde_json::Value,
        progress: impl FnMut(usize, usize, f64),
    ) -> crate::Result<(FineTuned, FineTunedHeader)> {
        let mut sentences: Vec<Vec<Sentence>> = docs.iter().map(gold_sentences).collect();
        let mut relabelled = 0usize;
        if weak_stance {
            for units in &mut sentences {
                let cues = crate::classify::cues::doc_cues(units);
                for (u, c) in units.iter_mut().zip(&cues) {
                    let role = crate::model::train::weak_role(u.role, c);
                    relabelled += usize::from(role != u.role);
                    u.role = role;
                }
            }
        }
        let present: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| sentences.iter().flatten().any(|u| u.role == *r))
            .collect();
        let labels: Vec<String> = present.iter().map(|r| r.as_str().to_string()).collect();
        role_groups(&labels)?;
        let (mut inputs, mut classes) = (Vec::new(), Vec::new());
        let mut counts = vec![0usize; present.len()];
        for units in &sentences {
            for (i, u) in units.iter().enumerate() {
                let c = present.iter().position(|r| *r == u.role).unwrap_or(0);
                inputs.push(unit_input(units, i));
                classes.push(c);
                counts[c] += 1;
            }
        }
        let training = serde_json::json!({
            "data": training, "weak_stance": weak_stance.then_some(relabelled),
        });
        fine_tune_head(
            tcfg, cfg, labels, &inputs, &classes, &counts, training, progress,
        )
    }

    /// The role classifier of a fine-tuned encoder and a linear role model (see the module's
    /// documentation). Heading lines keep the linear classifier's decision (the cue baseline's):
    /// no training corpus has headings. Each unit is read with the unit before and after it, as
    /// in training. One document's units are predicted in batches ordered by length, by one of
    /// the stage's copies of the encoder (documents running at once take the copies in turn), so
    /// the output does not depend on how many documents run at once or on how many copies there
    /// are.
    pub struct FineTunedClassifier {
        linear: LearnedClassifier,
        copies: Copies,
        header: FineTunedHeader,
        groups: Vec<Vec<usize>>,
    }

    /// Copies of one fine-tuned model for a stage that documents run through at once: each
    /// prediction takes a free copy if there is one, else waits for the next in turn. The
    /// copies are the same weights, so the output does not depend on which one predicts.
    pub(crate) struct Copies {
        copies: Vec<Mutex<FineTuned>>,
        next: std::sync::atomic::AtomicUsize,
    }

    impl Copies {
        /// `copies` copies (at least one) of the model saved in `dir`, each predicting on one
        /// libtorch thread when there are several, on `threads` when there is one.
        pub(crate) fn load(
            dir: &std::path::Path,
            copies: usize,
            threads: usize,
            autocast: Option<bool>,
        ) -> crate::Result<(Self, FineTunedHeader)> {
            let copies = copies.max(1);
            let threads = if copies > 1 { 1 } else { threads };
            let (first, header) = FineTuned::load(dir, threads, autocast)?;
            let rest = (1..copies)
                .map(|_| first.copy().map(Mutex::new))
                .collect::<crate::Result<Vec<_>>>()?;
            let copies = std::iter::once(Mutex::new(first)).chain(rest).collect();
            let next = std::sync::atomic::AtomicUsize::new(0);
            Ok((Self { copies, next }, header))
        }

        pub(crate) fn len(&self) -> usize {
            self.copies.len()
        }

        pub(crate) fn predict_proba(&self, inputs: &[Input<'_>]) -> crate::Result<Vec<Vec<f32>>> {
            if inputs.is_empty() {
                return Ok(Vec::new());
            }
            let n = self.copies.len();
            let start = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % n;
            let free = (0..n).find_map(|k| self.copies[(start + k) % n].try_lock().ok());
            let model = match free {
                Some(m) => m,
                None => self.copies[start]
                    .lock()
                    .map_err(|_| crate::Error::Poisoned("the fine-tuned model"))?,
            };
            model.predict_proba(inputs)
        }
    }

    impl std::fmt::Debug for FineTunedClassifier {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("FineTunedClassifier")
                .field("header", &self.header)
                .field("copies", &self.copies.len())
                .field("groups", &self.groups)
                .finish_non_exhaustive()
        }
    }

    impl FineTunedClassifier {
        /// Combine `linear` with the fine-tuned model saved in `dir` (see [`FineTuned::load`]):
        /// `copies` copies of it (at least one), each predicting on one libtorch thread when
        /// there are several, on `threads` when there is one.
        pub fn load(
            linear: LearnedClassifier,
            dir: &std::path::Path,
            copies: usize,
            threads: usize,
            autocast: Option<bool>,
        ) -> crate::Result<Self> {
            let (copies, header) = Copies::load(dir, copies, threads, autocast)?;
            if header.settings.pair {
                return Err(crate::Error::Model {
                    path: dir.to_path_buf(),
                    msg: "a fine-tuned link model, not a role model (give it to the fine_tuned linker)"
                        .into(),
                });
            }
            let groups = role_groups(&header.labels)?;
            Ok(Self {
                linear,
                copies,
                header,
                groups,
            })
        }

        /// The fine-tuned model's header.
        pub fn header(&self) -> &FineTunedHeader {
            &self.header
        }
    }

    impl SentenceClassifier for FineTunedClassifier {
        fn classify(&self, units: &[Sentence]) -> crate::Result<Vec<[f32; 4]>> {
            let linear = self.linear.classify(units)?;
            let inputs: Vec<Input<'_>> = (0..units.len()).map(|i| unit_input(units, i)).collect();
            let tuned = self.copies.predict_proba(&inputs)?;
            Ok(units
                .iter()
                .zip(linear)
                .zip(tuned)
                .map(|((u, l), t)| {
                    if u.heading {
                        l
                    } else {
                        combine(&l, &t, &self.groups)
                    }
                })
                .collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn argunsc_labels_put_stance_with_none() {
        let g = role_groups(&labels(&["claim", "evidence", "none"])).unwrap();
        assert_eq!(g, vec![vec![0], vec![1], vec![2, 3]]);
        let g = role_groups(&labels(&["claim", "evidence", "stance", "none"])).unwrap();
        assert_eq!(g, vec![vec![0], vec![1], vec![2], vec![3]]);
    }

    #[test]
    fn bad_labels_are_errors() {
        assert!(role_groups(&labels(&["claim", "premise", "none"])).is_err());
        assert!(role_groups(&labels(&["claim", "evidence"])).is_err());
        assert!(role_groups(&labels(&["claim", "claim", "none"])).is_err());
    }

    #[test]
    fn combine_is_the_mean_per_group_split_by_the_linear_model() {
        let g = role_groups(&labels(&["claim", "evidence", "none"])).unwrap();
        let lin = [0.2, 0.2, 0.45, 0.15];
        let p = combine(&lin, &[0.6, 0.3, 0.1], &g);
        assert!((p[0] - 0.4).abs() < 1e-6);
        assert!((p[1] - 0.25).abs() < 1e-6);
        // non-argumentative mass (0.6 + 0.1) / 2 = 0.35, split 3:1 as the linear model does
        assert!((p[2] - 0.2625).abs() < 1e-6);
        assert!((p[3] - 0.0875).abs() < 1e-6);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        // A group the linear model gives nothing is split equally.
        let q = combine(&[0.5, 0.5, 0.0, 0.0], &[0.2, 0.2, 0.6], &g);
        for (a, b) in q.iter().zip([0.35, 0.35, 0.15, 0.15]) {
            assert!((a - b).abs() < 1e-6, "{q:?}");
        }
    }
}
