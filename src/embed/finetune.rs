//! Fine-tuning a sentence-transformers encoder with a sentence classification head, through tch's
//! autograd on the CPU (issue 5, step c).
//!
//! The encoder is the model of [`TransformerConfig::model_dir`]: a BERT model through rust-bert
//! (all-MiniLM-L6-v2, the one the embedding backend uses) or an MPNet model through
//! [`super::mpnet`] (all-mpnet-base-v2), told apart by its `config.json`. The head reads the
//! mean of the last hidden states over the real tokens (the pooling the model was trained with),
//! after dropout, into one logit per class. All weights are trained with AdamW, a linear warm-up
//! and a linear decay of the learning rate, and gradient clipping, as the usual recipe for
//! fine-tuning BERT-style encoders. Batches are drawn from a seeded shuffle, then grouped by
//! length so that a batch pads little; the same data, settings, seed and thread count give the
//! same model.

use super::minilm::Autocast;
use super::mpnet::{Mpnet, MpnetConfig};
use super::TransformerConfig;
use crate::tokenize::HfTokenizer;
use crate::util::SplitMix64;
use crate::{Error, Result};
use rust_bert::bert::{BertConfig, BertEmbeddings, BertModel};
use rust_bert::Config;
use tch::nn::{self, Module, OptimizerConfig};
use tch::{Kind, Tensor};

/// Settings of a fine-tuning run.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FineTuneConfig {
    /// Passes over the training texts.
    pub epochs: usize,
    /// Peak learning rate of AdamW.
    pub learning_rate: f64,
    /// AdamW's decoupled weight decay.
    pub weight_decay: f64,
    /// Share of the steps over which the learning rate rises from 0 to its peak.
    pub warmup: f64,
    /// Texts per step.
    pub batch_size: usize,
    /// Input ids per text, `[CLS]` and `[SEP]` included; longer texts are cut.
    pub max_tokens: usize,
    /// Dropout before the head.
    pub dropout: f64,
    /// Gradient norm clip.
    pub clip: f64,
    /// Seed of the head's initialisation, the dropout masks and the batch order.
    pub seed: u64,
    /// Weight each class by the inverse of its frequency in the loss.
    pub balanced: bool,
    /// Context window: when above 0, each text is encoded as the first segment of a pair whose
    /// second segment is the last `context_tokens` WordPieces of the text before it and the first
    /// `context_tokens` of the text after it (an [`Input`]'s neighbours); the head still pools
    /// over the text's own tokens only. 0: the text alone.
    pub context_tokens: usize,
    /// Pairs instead of texts in context: each [`Input`]'s `text` and `after` are the two sides
    /// of a pair (`before` is not read), encoded as one sequence, `text` (cut to `max_tokens`)
    /// then the first `context_tokens` WordPieces of `after` (`max_tokens` when 0) as the second
    /// segment, and the head pools over both. Left out of the serialised settings when false, so that settings saved
    /// before pairs existed keep their bytes (and stored members their keys).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub pair: bool,
}

impl Default for FineTuneConfig {
    fn default() -> Self {
        Self {
            epochs: 3,
            learning_rate: 5e-5,
            weight_decay: 0.01,
            warmup: 0.1,
            batch_size: 16,
            max_tokens: 128,
            dropout: 0.1,
            clip: 1.0,
            seed: 1,
            balanced: false,
            context_tokens: 0,
            pair: false,
        }
    }
}

/// A text to classify, with the texts around it (used when the settings ask for context).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input<'a> {
    /// The text classified.
    pub text: &'a str,
    /// The text before it ("" at the start of a document).
    pub before: &'a str,
    /// The text after it ("" at the end of a document).
    pub after: &'a str,
}

impl<'a> Input<'a> {
    /// A text without context.
    pub fn alone(text: &'a str) -> Self {
        Self {
            text,
            before: "",
            after: "",
        }
    }
}

/// One encoded input: ids, segment ids, and how many leading ids are the text's own (pooled).
struct Encoded {
    ids: Vec<i64>,
    types: Vec<i64>,
    own: usize,
}

/// What a training run did.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FineTuneLog {
    /// Optimiser steps taken.
    pub steps: usize,
    /// Mean training loss of each epoch.
    pub epoch_loss: Vec<f64>,
}

/// The encoder under the head.
enum Encoder {
    /// A BERT model (all-MiniLM-L6-v2), through rust-bert.
    Bert(Box<BertModel<BertEmbeddings>>),
    /// An MPNet model (all-mpnet-base-v2).
    Mpnet(Box<Mpnet>),
}

/// A fine-tuned encoder with its classification head.
pub struct FineTuned {
    vs: nn::VarStore,
    encoder: Encoder,
    /// The model folder's name.
    name: String,
    /// The folder it was read from.
    dir: std::path::PathBuf,
    head: nn::Linear,
    tokenizer: HfTokenizer,
    classes: usize,
    cfg: FineTuneConfig,
    autocast: bool,
}

impl std::fmt::Debug for FineTuned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FineTuned")
            .field("encoder", &self.name())
            .field("classes", &self.classes)
            .field("cfg", &self.cfg)
            .finish_non_exhaustive()
    }
}

/// The sha256 of a file's bytes, in hex.
fn file_sha256(path: &std::path::Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|e| model_err(path, e))?;
    Ok(crate::util::sha256_hex(&bytes))
}

fn model_err(path: &std::path::Path, e: impl std::fmt::Display) -> Error {
    Error::Model {
        path: path.to_path_buf(),
        msg: e.to_string(),
    }
}

/// What a folder written by [`FineTuned::save`] says about its model (`finetuned.json`).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FineTunedHeader {
    /// [`FINETUNED_FORMAT`].
    pub format: String,
    /// The pretrained encoder it started from (its model folder's name).
    pub encoder: String,
    /// The name of each class of the head, in order (role names when the pipeline uses it).
    pub labels: Vec<String>,
    /// The fine-tuning settings (context window and length limit apply when predicting too).
    pub settings: FineTuneConfig,
    /// Whether it was fine-tuned under CPU autocast (bfloat16 matrix products).
    pub autocast: bool,
    /// libtorch threads it was fine-tuned with.
    pub threads: usize,
    /// Mean training loss of each epoch.
    pub epoch_loss: Vec<f64>,
    /// Free-form: the training data and how the run went (written by the caller).
    pub training: serde_json::Value,
    /// sha256 of `model.safetensors` (filled in by [`FineTuned::save`], checked on load).
    pub weights_sha256: String,
}

/// The `format` of a [`FineTunedHeader`].
pub const FINETUNED_FORMAT: &str = "argmine-finetuned/1";

/// Where [`FineTuned::build`] takes the weights from.
enum Weights<'a> {
    /// The encoder's `model.safetensors`, with a fresh head.
    Pretrained,
    /// A saved fine-tuned model's `model.safetensors`, head included.
    Saved,
    /// Another model's variables, head included.
    CopyOf(&'a nn::VarStore),
}

/// Inputs per forward pass when predicting (after ordering them by length). One document's units
/// vary widely in length, and a smaller batch pads less: with 8 instead of the 32 used before
/// (twice the training batch), the accurate tier mines the 204 Milestones essays about a third
/// faster, with the same roles and links (eval/PERFORMANCE-embed.md, issue 22).
pub const PREDICT_BATCH: usize = 8;

/// The files of a saved fine-tuned model folder.
const SAVED_FILES: [&str; 3] = ["finetuned.json", "config.json", "model.safetensors"];

impl FineTuned {
    /// The pretrained encoder of `tcfg` (its `threads` and `autocast` apply) with a fresh head of
    /// `classes` outputs.
    pub fn pretrained(
        tcfg: &TransformerConfig,
        classes: usize,
        cfg: &FineTuneConfig,
    ) -> Result<Self> {
        let dir = tcfg.resolved_dir();
        for f in ["config.json", "model.safetensors"] {
            if !dir.join(f).is_file() {
                return Err(model_err(
                    &dir.join(f),
                    "missing: run scripts/setup-transformer.sh",
                ));
            }
        }
        let autocast = tcfg.autocast && !tcfg.bf16;
        Self::build(
            &dir,
            tcfg.model_name(),
            tcfg.threads,
            autocast,
            classes,
            cfg,
            Weights::Pretrained,
        )
    }

    /// A model saved by [`Self::save`] in `dir`, predicting with `threads` libtorch threads and,
    /// unless `autocast` says otherwise, under the autocast setting it was trained with. The
    /// weights are checked against the header's sha256.
    pub fn load(
        dir: &std::path::Path,
        threads: usize,
        autocast: Option<bool>,
    ) -> Result<(Self, FineTunedHeader)> {
        for f in SAVED_FILES {
            if !dir.join(f).is_file() {
                return Err(model_err(
                    &dir.join(f),
                    "missing: not a fine-tuned model folder (`argmine finetune --out` writes one)",
                ));
            }
        }
        let path = dir.join("finetuned.json");
        let text = std::fs::read_to_string(&path).map_err(|e| model_err(&path, e))?;
        let header: FineTunedHeader =
            serde_json::from_str(&text).map_err(|e| model_err(&path, e))?;
        if header.format != FINETUNED_FORMAT {
            return Err(model_err(
                &path,
                format!(
                    "format {:?}, this argmine reads {FINETUNED_FORMAT:?}",
                    header.format
                ),
            ));
        }
        let weights = dir.join("model.safetensors");
        let digest = file_sha256(&weights)?;
        if digest != header.weights_sha256 {
            return Err(model_err(
                &weights,
                format!(
                    "sha256 {digest} does not match the header's {}: the folder was changed or is incomplete",
                    header.weights_sha256
                ),
            ));
        }
        let model = Self::build(
            dir,
            header.encoder.clone(),
            threads,
            autocast.unwrap_or(header.autocast),
            header.labels.len(),
            &header.settings,
            Weights::Saved,
        )?;
        Ok((model, header))
    }

    /// Write the model into the folder `dir` (which must exist): its weights, head included, as
    /// `model.safetensors`, the encoder's `config.json` (and `tokenizer.json` when it has one),
    /// and `header` as `finetuned.json` with the weights' sha256 filled in, which is returned.
    /// The caller makes the folder's appearance atomic (write into a temporary folder, rename).
    pub fn save(&self, dir: &std::path::Path, header: &FineTunedHeader) -> Result<FineTunedHeader> {
        if header.labels.len() != self.classes {
            return Err(Error::Config(format!(
                "{} labels for a head of {} classes",
                header.labels.len(),
                self.classes
            )));
        }
        let weights = dir.join("model.safetensors");
        self.vs.save(&weights).map_err(|e| model_err(&weights, e))?;
        for f in ["config.json", "tokenizer.json"] {
            let from = self.dir.join(f);
            if from.is_file() {
                std::fs::copy(&from, dir.join(f)).map_err(|e| model_err(&dir.join(f), e))?;
            }
        }
        let header = FineTunedHeader {
            format: FINETUNED_FORMAT.to_string(),
            encoder: self.name.clone(),
            settings: self.cfg.clone(),
            autocast: self.autocast,
            weights_sha256: file_sha256(&weights)?,
            ..header.clone()
        };
        let path = dir.join("finetuned.json");
        let mut text = serde_json::to_string_pretty(&header).map_err(|e| model_err(&path, e))?;
        text.push('\n');
        std::fs::write(&path, text).map_err(|e| model_err(&path, e))?;
        Ok(header)
    }

    /// Another copy of this model, with the same weights (for predicting on several threads at
    /// once); the process's libtorch thread count is left as it is.
    pub fn copy(&self) -> Result<Self> {
        Self::build(
            &self.dir,
            self.name.clone(),
            tch::get_num_threads().max(1) as usize,
            self.autocast,
            self.classes,
            &self.cfg,
            Weights::CopyOf(&self.vs),
        )
    }

    /// The encoder of the model folder `dir` with a head of `classes` outputs, its weights as
    /// `weights` says.
    fn build(
        dir: &std::path::Path,
        name: String,
        threads: usize,
        autocast: bool,
        classes: usize,
        cfg: &FineTuneConfig,
        weights: Weights<'_>,
    ) -> Result<Self> {
        if classes < 2 {
            return Err(Error::Config(format!(
                "a classifier needs two classes or more, not {classes}"
            )));
        }
        tch::set_num_threads(threads.max(1) as i32);
        let _rng = super::torch_rng();
        tch::manual_seed(cfg.seed as i64);
        let config_path = dir.join("config.json");
        let model_type = std::fs::read_to_string(&config_path)
            .ok()
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
            .and_then(|v| v.get("model_type")?.as_str().map(str::to_string))
            .ok_or_else(|| model_err(&config_path, "no model_type"))?;
        let mut vs = nn::VarStore::new(tch::Device::Cpu);
        let (encoder, hidden, tokenizer) = match model_type.as_str() {
            "bert" => {
                let config = BertConfig::from_file(&config_path);
                let bert = BertModel::<BertEmbeddings>::new(vs.root(), &config);
                let t = HfTokenizer::minilm()?;
                (Encoder::Bert(Box::new(bert)), config.hidden_size, t)
            }
            "mpnet" => {
                let config = MpnetConfig::from_file(&config_path)?;
                let mpnet = Mpnet::new(&vs.root(), &config);
                let path = dir.join("tokenizer.json");
                let bytes = std::fs::read(&path).map_err(|e| model_err(&path, e))?;
                let t = HfTokenizer::from_bytes(&bytes, &path)?;
                let hidden = mpnet.hidden_size();
                (Encoder::Mpnet(Box::new(mpnet)), hidden, t)
            }
            other => {
                return Err(model_err(
                    &config_path,
                    format!("model type {other:?}: fine-tuning knows bert and mpnet"),
                ))
            }
        };
        let new_head = |vs: &nn::VarStore| {
            nn::linear(
                vs.root() / "argmine_head",
                hidden,
                classes as i64,
                Default::default(),
            )
        };
        // A saved or copied model's head comes with the encoder; a pretrained encoder's head is
        // created after loading, so it keeps its fresh initialisation.
        let path = dir.join("model.safetensors");
        let head = match weights {
            Weights::Pretrained => {
                vs.load(&path).map_err(|e| model_err(&path, e))?;
                new_head(&vs)
            }
            Weights::Saved => {
                let head = new_head(&vs);
                vs.load(&path).map_err(|e| model_err(&path, e))?;
                head
            }
            Weights::CopyOf(src) => {
                let head = new_head(&vs);
                vs.copy(src).map_err(|e| model_err(&path, e))?;
                head
            }
        };
        Ok(Self {
            vs,
            encoder,
            name,
            dir: dir.to_path_buf(),
            head,
            tokenizer,
            classes,
            cfg: cfg.clone(),
            autocast,
        })
    }

    /// The encoder's name (its model folder's).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of classes of the head.
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// The WordPiece ids of `text` without `[CLS]` and `[SEP]`.
    fn pieces(&self, text: &str) -> Result<Vec<i64>> {
        if text.is_empty() {
            return Ok(Vec::new());
        }
        let mut v = self.tokenizer.input_ids(text, usize::MAX)?;
        v.pop();
        v.remove(0);
        Ok(v)
    }

    /// Each input encoded once: the text's ids (cut to `max_tokens`), then, with a `context`
    /// window (in WordPieces a side), `[the end of the text before] [SEP] [the start of the text
    /// after] [SEP]` as the second segment (MPNet, like RoBERTa, opens a second segment with a
    /// second `</s>`). In pair mode ([`FineTuneConfig::pair`]), `text [SEP] after [SEP]`, all of
    /// it pooled. Also each input's length for ordering batches.
    fn encode(&self, inputs: &[Input<'_>], context: usize) -> Result<(Vec<Encoded>, Vec<usize>)> {
        let n = context;
        let mut out = Vec::with_capacity(inputs.len());
        let mut lengths = Vec::with_capacity(inputs.len());
        for inp in inputs {
            let mut ids = self.tokenizer.input_ids(inp.text, usize::MAX)?;
            let mut len = ids.len().saturating_sub(2).min(self.cfg.max_tokens);
            crate::tokenize::cut_ids(&mut ids, self.cfg.max_tokens);
            let own_text = ids.len();
            let mut own = own_text;
            if self.cfg.pair {
                // [CLS] text [SEP] ([SEP] for MPNet) other [SEP], pooled over all of it.
                let sep = *ids.last().unwrap_or(&0);
                if matches!(self.encoder, Encoder::Mpnet(_)) {
                    ids.push(sep);
                }
                let budget = if n == 0 { self.cfg.max_tokens } else { n };
                ids.extend(self.pieces(inp.after)?.iter().take(budget));
                ids.push(sep);
                own = ids.len();
                len = ids.len();
            } else if n > 0 {
                let sep = *ids.last().unwrap_or(&0);
                let before = self.pieces(inp.before)?;
                let after = self.pieces(inp.after)?;
                if matches!(self.encoder, Encoder::Mpnet(_)) {
                    ids.push(sep);
                }
                ids.extend_from_slice(&before[before.len().saturating_sub(n)..]);
                ids.push(sep);
                ids.extend(after.iter().take(n));
                ids.push(sep);
                len = ids.len();
            }
            let first = if self.cfg.pair { own_text } else { own };
            let types = (0..ids.len()).map(|i| i64::from(i >= first)).collect();
            out.push(Encoded { ids, types, own });
            lengths.push(len);
        }
        Ok((out, lengths))
    }

    /// The padded id, segment, attention-mask and pooling-mask tensors of a batch.
    fn batch(enc: &[&Encoded]) -> [Tensor; 4] {
        let ids: Vec<&[i64]> = enc.iter().map(|e| e.ids.as_slice()).collect();
        let types: Vec<&[i64]> = enc.iter().map(|e| e.types.as_slice()).collect();
        let lens: Vec<usize> = enc.iter().map(|e| e.ids.len()).collect();
        let own: Vec<usize> = enc.iter().map(|e| e.own).collect();
        let (flat, mask, len) = super::pad_rows(&ids, 0, &lens);
        let (types, pool, _) = super::pad_rows(&types, 0, &own);
        let shape = [enc.len() as i64, len as i64];
        let as_i64 = |m: Vec<bool>| m.into_iter().map(i64::from).collect::<Vec<i64>>();
        [flat, types, as_i64(mask), as_i64(pool)].map(|v| Tensor::from_slice(&v).view(shape))
    }

    /// The mean of the encoder's last hidden states over each text's own tokens, as float32;
    /// run under the caller's autocast setting.
    fn pooled(&self, [ids, types, mask, pool]: &[Tensor; 4], train: bool) -> Result<Tensor> {
        let hidden = match &self.encoder {
            Encoder::Bert(bert) => {
                bert.forward_t(
                    Some(ids),
                    Some(mask),
                    Some(types),
                    None,
                    None,
                    None,
                    None,
                    train,
                )
                .map_err(|e| Error::Tokenizer(e.to_string()))?
                .hidden_state
            }
            Encoder::Mpnet(mpnet) => mpnet.forward_t(ids, mask, train),
        };
        let m = pool.to_kind(Kind::Float).unsqueeze(-1);
        let hidden = hidden.to_kind(Kind::Float);
        Ok(
            (hidden * &m).sum_dim_intlist([1i64].as_slice(), false, Kind::Float)
                / m.sum_dim_intlist([1i64].as_slice(), false, Kind::Float)
                    .clamp_min(1.0),
        )
    }

    fn logits(&self, batch: &[Tensor; 4], train: bool) -> Result<Tensor> {
        let _autocast = self.autocast.then(Autocast::enter);
        let pooled = self.pooled(batch, train)?.dropout(self.cfg.dropout, train);
        Ok(self.head.forward(&pooled).to_kind(Kind::Float))
    }

    /// The encoder's sentence vectors of `texts` (each alone, cut to `max_tokens`): the mean of
    /// the last hidden states over the tokens, L2-normalised, as sentence-transformers computes
    /// them. For the pretrained encoder these are the model's published embeddings.
    pub fn sentence_vectors(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let inputs: Vec<Input<'_>> = texts.iter().map(|t| Input::alone(t)).collect();
        let (enc, _) = self.encode(&inputs, 0)?;
        let mut out = Vec::with_capacity(texts.len());
        for chunk in enc.chunks(self.cfg.batch_size.max(1)) {
            let bt: Vec<&Encoded> = chunk.iter().collect();
            let v = tch::no_grad(|| {
                let _autocast = self.autocast.then(Autocast::enter);
                self.pooled(&Self::batch(&bt), false)
            })?;
            let v = &v
                / v.norm_scalaropt_dim(2, [1i64].as_slice(), true)
                    .clamp_min(1e-12);
            out.extend(Vec::<Vec<f32>>::try_from(v).map_err(|e| Error::Tokenizer(e.to_string()))?);
        }
        Ok(out)
    }

    /// Fine-tune on `inputs` with class indices `labels` (below [`Self::classes`]). `progress` is
    /// called after every step with (steps done, steps in all, the step's loss).
    pub fn train(
        &mut self,
        texts: &[Input<'_>],
        labels: &[usize],
        mut progress: impl FnMut(usize, usize, f64),
    ) -> Result<FineTuneLog> {
        if texts.len() != labels.len() || texts.is_empty() {
            return Err(Error::Config(format!(
                "fine-tuning needs one label per text ({} texts, {} labels)",
                texts.len(),
                labels.len()
            )));
        }
        if let Some(&bad) = labels.iter().find(|&&l| l >= self.classes) {
            return Err(Error::Config(format!(
                "label {bad} out of range for {} classes",
                self.classes
            )));
        }
        let cfg = self.cfg.clone();
        // Dropout draws from libtorch's generator: seeded here, and held for the whole run.
        let _rng = super::torch_rng();
        tch::manual_seed(cfg.seed.wrapping_add(1) as i64);
        let bs = cfg.batch_size.max(1);
        // Each input encoded once: its length orders the batches, its ids fill them.
        let (enc, lengths) = self.encode(texts, self.cfg.context_tokens)?;
        let weights = cfg.balanced.then(|| {
            let mut n = vec![0usize; self.classes];
            for &l in labels {
                n[l] += 1;
            }
            let w: Vec<f32> = n
                .iter()
                .map(|&c| labels.len() as f32 / (self.classes as f32 * c.max(1) as f32))
                .collect();
            Tensor::from_slice(&w)
        });
        let steps_per_epoch = texts.len().div_ceil(bs);
        let total = steps_per_epoch * cfg.epochs.max(1);
        let warm = ((total as f64) * cfg.warmup).ceil().max(1.0);
        let mut opt = nn::AdamW {
            wd: cfg.weight_decay,
            ..Default::default()
        }
        .build(&self.vs, cfg.learning_rate)
        .map_err(|e| Error::Config(e.to_string()))?;
        let mut rng = SplitMix64::new(cfg.seed);
        let mut step = 0usize;
        let mut log = FineTuneLog {
            steps: 0,
            epoch_loss: Vec::new(),
        };
        for _ in 0..cfg.epochs.max(1) {
            // A seeded shuffle; within windows of 50 batches, sorted by length so batches pad
            // little; then the batches themselves in shuffled order.
            let mut order: Vec<usize> = (0..texts.len()).collect();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            let mut batches: Vec<Vec<usize>> = Vec::with_capacity(steps_per_epoch);
            for window in order.chunks(bs * 50) {
                let mut w = window.to_vec();
                w.sort_by_key(|&i| lengths[i]);
                batches.extend(w.chunks(bs).map(<[usize]>::to_vec));
            }
            for i in (1..batches.len()).rev() {
                batches.swap(i, rng.below(i + 1));
            }
            let mut sum = 0.0;
            for b in &batches {
                let lr = if (step as f64) < warm {
                    cfg.learning_rate * (step as f64 + 1.0) / warm
                } else {
                    cfg.learning_rate * ((total - step) as f64 / (total as f64 - warm).max(1.0))
                };
                opt.set_lr(lr);
                let bt: Vec<&Encoded> = b.iter().map(|&i| &enc[i]).collect();
                let y: Vec<i64> = b.iter().map(|&i| labels[i] as i64).collect();
                let y = Tensor::from_slice(&y);
                let logits = self.logits(&Self::batch(&bt), true)?;
                let loss = logits.cross_entropy_loss::<&Tensor>(
                    &y,
                    weights.as_ref(),
                    tch::Reduction::Mean,
                    -100,
                    0.0,
                );
                opt.backward_step_clip_norm(&loss, cfg.clip);
                let l = loss.double_value(&[]);
                sum += l;
                step += 1;
                progress(step, total, l);
            }
            log.epoch_loss.push(sum / batches.len().max(1) as f64);
        }
        log.steps = step;
        Ok(log)
    }

    /// Class probabilities of each input, in order.
    pub fn predict_proba(&self, texts: &[Input<'_>]) -> Result<Vec<Vec<f32>>> {
        let (enc, lengths) = self.encode(texts, self.cfg.context_tokens)?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        // Without context, ordered by the text's bytes (as before context windows existed, so
        // earlier reports reproduce); with it, by the encoded length.
        if self.cfg.context_tokens == 0 && !self.cfg.pair {
            order.sort_by_key(|&i| (texts[i].text.len(), i));
        } else {
            order.sort_by_key(|&i| (lengths[i], i));
        }
        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(PREDICT_BATCH) {
            let bt: Vec<&Encoded> = chunk.iter().map(|&i| &enc[i]).collect();
            let p =
                tch::no_grad(|| self.logits(&Self::batch(&bt), false))?.softmax(-1, Kind::Float);
            let rows: Vec<Vec<f32>> =
                Vec::<Vec<f32>>::try_from(p).map_err(|e| Error::Tokenizer(e.to_string()))?;
            for (&i, r) in chunk.iter().zip(rows) {
                out[i] = r;
            }
        }
        Ok(out)
    }
}
