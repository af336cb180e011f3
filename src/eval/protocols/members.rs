//! Fine-tuned ensemble members of the ArgUNSC protocols: their store (held-out probabilities kept
//! across runs) and the figures of each seed and encoder.

#[allow(unused_imports)]
use super::*;
#[cfg(feature = "transformer")]
use serde::{Deserialize, Serialize};

/// What one fine-tuned member (one fold, one seed) gave: kept by a [`MemberStore`] so that a long
/// cross-validation can stop and go on where it stopped.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberRun {
    /// Probabilities of claim, premise and non-argumentative of each test sentence of the fold,
    /// in the protocol's order.
    pub probs: Vec<[f32; 3]>,
    /// Mean training loss of each epoch.
    pub epoch_loss: Vec<f64>,
    /// Seconds it took to fine-tune and predict.
    pub seconds: f64,
}

/// Keeps the members of [`argunsc_sentences_finetuned`] between runs, under keys that name the
/// fold, the seed and a digest of everything the member depends on (the encoder, the settings,
/// the thread count, autocast, the folds and the fold's training and test sentences), so that a
/// stored member is used only by a run that would have computed it.
#[cfg(feature = "transformer")]
pub trait MemberStore {
    /// The member stored under `key`, if any.
    fn get(&mut self, key: &str) -> Option<MemberRun>;
    /// Keep `run` under `key`.
    fn put(&mut self, key: &str, run: &MemberRun) -> crate::Result<()>;
}

/// A [`MemberStore`] that keeps nothing: every member is fine-tuned.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, Copy, Default)]
pub struct NoStore;

#[cfg(feature = "transformer")]
impl MemberStore for NoStore {
    fn get(&mut self, _: &str) -> Option<MemberRun> {
        None
    }
    fn put(&mut self, _: &str, _: &MemberRun) -> crate::Result<()> {
        Ok(())
    }
}

/// In memory (for tests, or one process that runs a protocol twice).
#[cfg(feature = "transformer")]
impl MemberStore for HashMap<String, MemberRun> {
    fn get(&mut self, key: &str) -> Option<MemberRun> {
        HashMap::get(self, key).cloned()
    }
    fn put(&mut self, key: &str, run: &MemberRun) -> crate::Result<()> {
        self.insert(key.to_string(), run.clone());
        Ok(())
    }
}

/// The digest in a member's key: sha256 over the encoder's folder name, the settings (with the
/// member's seed), the thread count, autocast, the folds, and the training and test sentences with
/// their labels.
#[cfg(feature = "transformer")]
pub(crate) fn member_digest(
    tcfg: &crate::embed::TransformerConfig,
    cfg: &crate::embed::FineTuneConfig,
    (k, seed): (usize, u64),
    train: (&[crate::embed::Input<'_>], &[usize]),
    test: &[crate::embed::Input<'_>],
) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    let head = serde_json::json!({
        "encoder": tcfg.model_name(), "settings": cfg, "threads": tcfg.threads,
        "autocast": tcfg.autocast, "bf16": tcfg.bf16, "folds": k, "fold_seed": seed,
    });
    h.update(head.to_string().as_bytes());
    let mut text = |t: &str| {
        h.update((t.len() as u64).to_le_bytes());
        h.update(t.as_bytes());
    };
    for (inp, l) in train.0.iter().zip(train.1) {
        for t in [inp.text, inp.before, inp.after] {
            text(t);
        }
        text(&l.to_string());
    }
    text("test");
    for inp in test {
        for t in [inp.text, inp.before, inp.after] {
            text(t);
        }
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(feature = "transformer")]
pub(crate) fn one() -> usize {
    1
}

/// One fine-tuned encoder's figures in an ensemble of seeds.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedFigures {
    /// The encoder (its model folder's name).
    #[serde(default)]
    pub encoder: String,
    /// Its seed.
    pub seed: u64,
    /// Argumentative vs non-argumentative, macro-F1.
    pub arg_macro_f1: f64,
    /// Claim vs premise on the argumentative sentences, weighted F1.
    pub claim_premise_weighted_f1: f64,
}

/// One encoder of an ensemble of encoders: how it is fine-tuned and how many seeds of it.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone)]
pub struct EnsembleEncoder {
    /// The encoder (its folder), threads and autocast.
    pub transformer: crate::embed::TransformerConfig,
    /// Its fine-tuning settings; its seeds are `seed`, `seed + 1`, ...
    pub settings: crate::embed::FineTuneConfig,
    /// How many seeds of it (at least one).
    pub seeds: usize,
}

/// One encoder's figures in an ensemble of encoders: the mean of its seeds' probabilities, alone
/// and averaged with the linear model.
#[cfg(feature = "transformer")]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EncoderFigures {
    /// The encoder (its model folder's name).
    pub encoder: String,
    /// Its fine-tuning settings.
    pub settings: crate::embed::FineTuneConfig,
    /// Its seeds.
    pub seeds: usize,
    /// Argumentative vs non-argumentative, macro-F1.
    pub arg_macro_f1: f64,
    /// Claim vs premise on the argumentative sentences, weighted F1.
    pub claim_premise_weighted_f1: f64,
    /// Its mean with the linear model (equal weights): arg vs non-arg.
    pub mean_arg_macro_f1: f64,
    /// See above: claim vs premise.
    pub mean_claim_premise_weighted_f1: f64,
}

/// One member's held-out probabilities: from `store` under `key` (then `.1` is true) or
/// fine-tuned now on `texts` / `labels` with `tcfg` and `cfg`, predicted on `inputs`, and stored.
#[cfg(feature = "transformer")]
#[allow(clippy::too_many_arguments)]
pub(crate) fn member_run(
    store: &mut dyn MemberStore,
    key: &str,
    tcfg: &crate::embed::TransformerConfig,
    cfg: &crate::embed::FineTuneConfig,
    texts: &[crate::embed::Input<'_>],
    labels: &[usize],
    inputs: &[crate::embed::Input<'_>],
    progress: impl FnMut(usize, usize, f64),
) -> crate::Result<(MemberRun, bool)> {
    if let Some(run) = store.get(key).filter(|r| r.probs.len() == inputs.len()) {
        return Ok((run, true));
    }
    let start = std::time::Instant::now();
    let mut model = crate::embed::FineTuned::pretrained(tcfg, 3, cfg)?;
    let log = model.train(texts, labels, progress)?;
    let probs = model
        .predict_proba(inputs)?
        .iter()
        .map(|p| [p[0], p[1], p[2]])
        .collect();
    let run = MemberRun {
        probs,
        epoch_loss: log.epoch_loss,
        seconds: start.elapsed().as_secs_f64(),
    };
    store.put(key, &run)?;
    Ok((run, false))
}
