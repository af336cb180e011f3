//! The fine-tuned link scorer: a fine-tuned pair encoder's none / support / attack probabilities
//! averaged with the pairwise linear link scorer's, decoded as the linear linker decodes.

/// The labels of a fine-tuned link model's head, in the order of the link scorer's classes.
pub const LINK_LABELS: [&str; 3] = ["none", "support", "attack"];

#[cfg(feature = "transformer")]
pub use stage::{fine_tune_links, pair_input, FineTunedLinker};

#[cfg(feature = "transformer")]
mod stage {
    use crate::annotation::GoldDocument;
    use crate::classify::finetuned::{fine_tune_head, Copies};
    use crate::document::{Link, Sentence};
    use crate::embed::{FineTuneConfig, FineTuned, FineTunedHeader, Input, TransformerConfig};
    use crate::link::{LearnedLinker, Linker};
    use crate::model::train::gold_sentences;

    /// The pair a link model reads for source unit `s` and candidate target `t` of `units`: the
    /// source first, the target second ([`FineTuneConfig::pair`]).
    pub fn pair_input(units: &[Sentence], s: usize, t: usize) -> Input<'_> {
        Input {
            text: units[s].text.as_str(),
            before: "",
            after: units[t].text.as_str(),
        }
    }

    /// Fine-tune the encoder of `tcfg` as a link scorer: on every argumentative unit of `docs`
    /// (gold roles) paired with each of its candidate targets, as the linear link scorer is
    /// trained (the claims within `window` units, the `central` most central claims and its gold
    /// targets), labelled none, support or attack ([`super::LINK_LABELS`]). With
    /// `max_negatives`, each source keeps all its gold targets and at most that many of its
    /// other candidates, drawn with the settings' seed. `cfg.pair` is set. Returns the model and
    /// its header, as [`fine_tune_roles`].
    #[allow(clippy::too_many_arguments)]
    pub fn fine_tune_links(
        docs: &[GoldDocument],
        window: usize,
        central: usize,
        max_negatives: Option<usize>,
        tcfg: &TransformerConfig,
        cfg: &FineTuneConfig,
        training: serde_json::Value,
        progress: impl FnMut(usize, usize, f64),
    ) -> crate::Result<(FineTuned, FineTunedHeader)> {
        let cfg = FineTuneConfig {
            pair: true,
            ..cfg.clone()
        };
        let mut rng = crate::util::SplitMix64::new(cfg.seed);
        // Per document: its units, and the (source, target, class) pairs chosen.
        type Chosen = Vec<(usize, usize, usize)>;
        let mut pairs: Vec<(Vec<Sentence>, Chosen)> = Vec::new();
        let mut counts = [0usize; 3];
        let mut dropped = 0usize;
        for d in docs {
            let mut chosen = Vec::new();
            crate::model::train::for_each_source(
                std::slice::from_ref(d),
                window,
                central,
                crate::model::LinkTargets::Claims,
                None,
                None,
                |_, _, s, cands, gold| {
                    let (mut pos, mut neg): (Vec<usize>, Vec<usize>) =
                        cands.iter().partition(|&&t| gold.contains_key(&(s, t)));
                    if let Some(m) = max_negatives {
                        // A seeded partial shuffle keeps m of the negatives, in text order.
                        for i in 0..neg.len().min(m) {
                            let j = i + rng.below(neg.len() - i);
                            neg.swap(i, j);
                        }
                        dropped += neg.len().saturating_sub(m);
                        neg.truncate(m);
                    }
                    pos.append(&mut neg);
                    pos.sort_unstable();
                    for t in pos {
                        let y = crate::model::train::relation_class(gold.get(&(s, t)));
                        counts[y] += 1;
                        chosen.push((s, t, y));
                    }
                },
            );
            pairs.push((gold_sentences(d), chosen));
        }
        let (mut inputs, mut classes) = (Vec::new(), Vec::new());
        for (units, chosen) in &pairs {
            for &(s, t, y) in chosen {
                inputs.push(pair_input(units, s, t));
                classes.push(y);
            }
        }
        let labels: Vec<String> = super::LINK_LABELS.iter().map(|l| l.to_string()).collect();
        let training = serde_json::json!({
            "data": training, "window": window, "central": central,
            "max_negatives": max_negatives, "negatives_left_out": dropped,
        });
        fine_tune_head(
            tcfg, &cfg, labels, &inputs, &classes, &counts, training, progress,
        )
    }

    /// The link scorer of a fine-tuned pair encoder and a pairwise linear link model: each
    /// source's candidates are the linear linker's (the claims near it and the most central
    /// ones, on the predicted roles); each candidate's none / support / attack probabilities are
    /// the mean of the two models'; the threshold and the decoding into a forest are the linear
    /// linker's ([`LearnedLinker::links_from`]). A document's pairs are
    /// predicted by one copy of the encoder in batches ordered by length, so the output does not
    /// depend on how many documents run at once.
    pub struct FineTunedLinker {
        linear: LearnedLinker,
        copies: Copies,
        header: FineTunedHeader,
    }

    impl std::fmt::Debug for FineTunedLinker {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("FineTunedLinker")
                .field("header", &self.header)
                .field("copies", &self.copies.len())
                .finish_non_exhaustive()
        }
    }

    impl FineTunedLinker {
        /// Combine `linear` (a pairwise link model) with the fine-tuned link model saved in
        /// `dir`, as [`FineTunedClassifier::load`] does for roles.
        pub fn load(
            linear: LearnedLinker,
            dir: &std::path::Path,
            copies: usize,
            threads: usize,
            autocast: Option<bool>,
        ) -> crate::Result<Self> {
            let (copies, header) = Copies::load(dir, copies, threads, autocast)?;
            let bad = |msg: String| crate::Error::Model {
                path: dir.to_path_buf(),
                msg,
            };
            if !header.settings.pair || header.labels != super::LINK_LABELS {
                return Err(bad(format!(
                    "not a fine-tuned link model (labels {:?}; `argmine finetune --links` makes one)",
                    header.labels
                )));
            }
            if linear.header().link_objective == crate::model::LinkObjective::Listwise {
                return Err(bad(
                    "the linear model's link scorer is listwise; the fine-tuned linker averages with a pairwise one".into(),
                ));
            }
            Ok(Self {
                linear,
                copies,
                header,
            })
        }

        /// The fine-tuned model's header.
        pub fn header(&self) -> &FineTunedHeader {
            &self.header
        }

        /// For each unit, its candidates with the combined none / support / attack
        /// probabilities.
        pub fn candidate_probs(
            &self,
            units: &[Sentence],
        ) -> crate::Result<crate::link::CandidateProbs> {
            let mut cands = self.linear.candidate_probs(units)?;
            let inputs: Vec<Input<'_>> = cands
                .iter()
                .enumerate()
                .flat_map(|(s, c)| c.iter().map(move |&(t, _)| pair_input(units, s, t)))
                .collect();
            let tuned = self.copies.predict_proba(&inputs)?;
            for ((_, p), q) in cands.iter_mut().flatten().zip(&tuned) {
                for (a, b) in p.iter_mut().zip(q) {
                    *a = (*a + b) / 2.0;
                }
            }
            Ok(cands)
        }
    }

    impl Linker for FineTunedLinker {
        fn link(&self, units: &[Sentence]) -> crate::Result<Vec<Link>> {
            Ok(self.linear.links_from(units, &self.candidate_probs(units)?))
        }
    }
}
