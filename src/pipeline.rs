//! The pipeline: stages composed from a serde configuration.

use crate::classify::{CueBaseline, SentenceClassifier};
use crate::document::{ArgumentMap, Role, Sentence};
use crate::embed::SharedEmbedder;
use crate::link::{Linker, TfidfLinker, TfidfLinkerConfig};
use crate::model::ArgModel;
use crate::normalize::{Lexicon, Normalizer, PdfRepair, PdfRepairConfig};
use crate::segment::{RuleSegmenter, RuleSegmenterConfig, Segmenter};
use crate::text::{CharCounter, Span};
use crate::tokenize::{HfTokenizer, Tokenize};
use crate::{
    classify::LearnedClassifier,
    link::{LearnedLinker, LinkDecoding},
};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The word lexicon shipped with argmine (see `models/README.md`).
pub const DEFAULT_LEXICON: &[u8] = include_bytes!("../models/lexicon/en.tsv");

/// Which normaliser, with its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum NormalizerConfig {
    /// [`PdfRepair`].
    PdfRepair(PdfRepairConfig),
}

/// Which segmenter, with its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SegmenterConfig {
    /// [`RuleSegmenter`].
    Rules(RuleSegmenterConfig),
}

/// Which tokenizer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum TokenizerConfig {
    /// A `tokenizer.json`; `path: null` is the all-MiniLM-L6-v2 WordPiece tokenizer shipped
    /// inside argmine.
    Wordpiece {
        /// Path of a `tokenizer.json`.
        #[serde(default)]
        path: Option<PathBuf>,
    },
}

/// Which role classifier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClassifierConfig {
    /// [`CueBaseline`]: hand-set weights over general linguistic cues.
    CueBaseline,
    /// [`LearnedClassifier`]: the role model of a model file; `path: null` is the default model
    /// built into argmine (`models/default/model.bin`).
    Learned {
        /// A model file written by `argmine train`.
        #[serde(default)]
        path: Option<PathBuf>,
    },
    /// [`crate::classify::finetuned`]: a fine-tuned encoder's role probabilities averaged with the
    /// linear role model's (needs a build with the `transformer` feature).
    FineTuned {
        /// The folder `argmine finetune --out` wrote.
        model: PathBuf,
        /// The linear model file whose role model is averaged in; `null`: the default model.
        #[serde(default)]
        path: Option<PathBuf>,
        /// Predict under CPU autocast (bfloat16 matrix products); `null`: as the model was
        /// fine-tuned. The libtorch threads are the `transformer` section's.
        #[serde(default)]
        autocast: Option<bool>,
    },
}

/// Which linker, with its settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LinkerConfig {
    /// [`TfidfLinker`].
    Tfidf(TfidfLinkerConfig),
    /// [`LearnedLinker`]: the link model of a model file; `path: null` is the default model.
    Learned {
        /// A model file written by `argmine train`.
        #[serde(default)]
        path: Option<PathBuf>,
        /// How the links' probabilities become a forest (`greedy`, `tree` or `rooted`; absent:
        /// `greedy`, while the default configuration, with no linker section, decodes `rooted`).
        #[serde(default)]
        decoding: LinkDecoding,
    },
    /// [`crate::link::FineTunedLinker`]: a fine-tuned pair encoder's link
    /// probabilities averaged with the pairwise linear link model's (needs a build with the
    /// `transformer` feature).
    FineTuned {
        /// The folder `argmine finetune --links --out` wrote.
        model: PathBuf,
        /// The linear model file whose link model is averaged in; `null`: the default model.
        #[serde(default)]
        path: Option<PathBuf>,
        /// Predict under CPU autocast; `null`: as the model was fine-tuned. The libtorch threads
        /// are the `transformer` section's.
        #[serde(default)]
        autocast: Option<bool>,
        /// How the links' probabilities become a forest (`greedy` or `tree`).
        #[serde(default)]
        decoding: LinkDecoding,
    },
}

/// The whole pipeline as one serde value (a JSON file with `--config`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PipelineConfig {
    /// Stage 2.
    pub normalizer: NormalizerConfig,
    /// Stage 3.
    pub segmenter: SegmenterConfig,
    /// Stage 4.
    pub tokenizer: TokenizerConfig,
    /// Stage 5.
    pub classifier: ClassifierConfig,
    /// Stage 6.
    pub linker: LinkerConfig,
    /// The transformer backend, used when a model needs embeddings.
    pub transformer: crate::embed::TransformerConfig,
}

impl Default for PipelineConfig {
    fn default() -> Self {
        Self {
            normalizer: NormalizerConfig::PdfRepair(PdfRepairConfig::default()),
            segmenter: SegmenterConfig::Rules(RuleSegmenterConfig::default()),
            tokenizer: TokenizerConfig::Wordpiece { path: None },
            classifier: ClassifierConfig::Learned { path: None },
            // The default model's main-claim step reads the wording, and its links are decoded
            // into one tree per document rooted at that main claim (candidate Q of
            // eval/RESULTS.md, chosen by cross-validation in genre and checked out of genre).
            linker: LinkerConfig::Learned {
                path: None,
                decoding: LinkDecoding::Rooted,
            },
            transformer: crate::embed::TransformerConfig::default(),
        }
    }
}

/// The default model, embedded at build time (empty when the checkout had none).
const DEFAULT_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/default_model.bin"));

/// The bytes of the default model embedded at build time (empty when the checkout had none).
pub fn embedded_default_model() -> &'static [u8] {
    DEFAULT_MODEL
}

/// Read the model at `path`, or the default model.
pub fn load_model(path: Option<&Path>) -> Result<ArgModel> {
    match path {
        Some(p) => ArgModel::from_file(p),
        None if DEFAULT_MODEL.is_empty() => Err(Error::Model {
            path: PathBuf::from("models/default/model.bin"),
            msg: "this argmine was built without a default model: run `argmine train` (see models/README.md) and rebuild, or use the baseline configuration".into(),
        }),
        None => ArgModel::read(DEFAULT_MODEL, Path::new("<default model>")),
    }
}

impl PipelineConfig {
    /// Whether a stage reads the default model (a learned stage without a `path`).
    pub fn uses_default_model(&self) -> bool {
        matches!(
            self.classifier,
            ClassifierConfig::Learned { path: None }
                | ClassifierConfig::FineTuned { path: None, .. }
        ) || matches!(
            self.linker,
            LinkerConfig::Learned { path: None, .. } | LinkerConfig::FineTuned { path: None, .. }
        )
    }

    /// The baselines: the cue classifier and the TF-IDF linker (no model file needed).
    pub fn baseline() -> Self {
        Self {
            classifier: ClassifierConfig::CueBaseline,
            linker: LinkerConfig::Tfidf(TfidfLinkerConfig::default()),
            ..Self::default()
        }
    }

    /// The accurate tier: the folder `model_dir` that `scripts/setup-accurate.sh` writes holds
    /// the role encoder fine-tuned there and, as `linear.bin`, the linear model it was
    /// cross-validated with (candidate E of `eval/RESULTS.md`: its role probabilities are averaged
    /// with the encoder's, and its linker links over those roles), with `copies` copies of the
    /// encoder (see [`crate::embed::TransformerConfig::threads`]; the output does not depend on
    /// it). Needs the `transformer` feature.
    pub fn accurate(model_dir: PathBuf, copies: usize) -> Self {
        let linear = model_dir.join(ACCURATE_LINEAR);
        Self {
            classifier: ClassifierConfig::FineTuned {
                model: model_dir,
                path: Some(linear.clone()),
                autocast: None,
            },
            linker: LinkerConfig::Learned {
                path: Some(linear),
                decoding: LinkDecoding::default(),
            },
            transformer: crate::embed::TransformerConfig {
                threads: copies.max(1),
                ..crate::embed::TransformerConfig::default()
            },
            ..Self::default()
        }
    }
}

/// The file of the accurate tier's folder that holds its linear model (a copy of
/// `models/accurate-linear/model.bin`, made by `scripts/setup-accurate.sh`).
pub const ACCURATE_LINEAR: &str = "linear.bin";

impl PipelineConfig {
    /// Check the settings once, before a run.
    pub fn validate(&self) -> Result<()> {
        let bad = |m: &str| Err(Error::Config(m.to_string()));
        let SegmenterConfig::Rules(s) = &self.segmenter;
        if s.max_chars < 16 {
            return bad("segmenter.max_chars must be at least 16");
        }
        let LinkerConfig::Tfidf(l) = &self.linker else {
            return Ok(());
        };
        if !(0.0..=1.0).contains(&l.threshold) {
            return bad("linker.threshold must be in [0, 1]");
        }
        if l.decay <= 0.0 || !l.decay.is_finite() {
            return bad("linker.decay must be positive");
        }
        let w = [
            l.w_similarity,
            l.w_proximity,
            l.w_same_paragraph,
            l.w_backward,
            l.w_centrality,
            l.w_headline,
        ];
        if w.iter().any(|x| *x < 0.0 || !x.is_finite())
            || (w.iter().sum::<f32>() - 1.0).abs() > 1e-3
        {
            return bad("linker weights must be non-negative and add up to 1");
        }
        Ok(())
    }

    /// Read a configuration from JSON.
    pub fn from_json(json: &str) -> Result<Self> {
        Ok(serde_json::from_str(json)?)
    }
}

/// The stages, ready to run. Cheap to share between threads.
pub struct Pipeline {
    normalizer: Box<dyn Normalizer>,
    segmenter: Box<dyn Segmenter>,
    tokenizer: Box<dyn Tokenize>,
    classifier: Box<dyn SentenceClassifier>,
    linker: Box<dyn Linker>,
}

impl std::fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pipeline").finish_non_exhaustive()
    }
}

/// The word lexicon shipped with argmine, parsed.
pub fn default_lexicon() -> Result<Lexicon> {
    load_lexicon(None)
}

fn load_lexicon(path: Option<&Path>) -> Result<Lexicon> {
    match path {
        None => Lexicon::read(DEFAULT_LEXICON, "<embedded lexicon>"),
        Some(p) => {
            let f = std::fs::File::open(p).map_err(|e| Error::Model {
                path: p.to_path_buf(),
                msg: e.to_string(),
            })?;
            Lexicon::read(std::io::BufReader::new(f), &p.display().to_string())
        }
    }
}

/// The [`ClassifierConfig::FineTuned`] stage: as many copies of the encoder as the transformer
/// section's `threads`, each on one libtorch thread (one copy on one thread by default).
#[cfg(feature = "transformer")]
fn fine_tuned_classifier(
    linear: LearnedClassifier,
    dir: &Path,
    threads: usize,
    autocast: Option<bool>,
) -> Result<Box<dyn SentenceClassifier>> {
    Ok(Box::new(crate::classify::FineTunedClassifier::load(
        linear, dir, threads, 1, autocast,
    )?))
}

/// The [`LinkerConfig::FineTuned`] stage, with copies as [`fine_tuned_classifier`].
#[cfg(feature = "transformer")]
fn fine_tuned_linker(
    linear: LearnedLinker,
    dir: &Path,
    threads: usize,
    autocast: Option<bool>,
) -> Result<Box<dyn Linker>> {
    Ok(Box::new(crate::link::FineTunedLinker::load(
        linear, dir, threads, 1, autocast,
    )?))
}

/// Without the `transformer` feature: an error that says how to get it.
#[cfg(not(feature = "transformer"))]
fn fine_tuned_linker(
    _: LearnedLinker,
    dir: &Path,
    _: usize,
    _: Option<bool>,
) -> Result<Box<dyn Linker>> {
    Err(needs_transformer(dir, "linker"))
}

/// The error of a fine-tuned stage in a build without the `transformer` feature.
#[cfg(not(feature = "transformer"))]
fn needs_transformer(dir: &Path, stage: &str) -> Error {
    Error::Model {
        path: dir.to_path_buf(),
        msg: format!("a fine-tuned {stage} needs an argmine built with the transformer feature: run scripts/setup-transformer.sh, source scripts/transformer-env.sh, then cargo build --release --features transformer"),
    }
}

/// Without the `transformer` feature: an error that says how to get it.
#[cfg(not(feature = "transformer"))]
fn fine_tuned_classifier(
    _: LearnedClassifier,
    dir: &Path,
    _: usize,
    _: Option<bool>,
) -> Result<Box<dyn SentenceClassifier>> {
    Err(needs_transformer(dir, "classifier"))
}

impl Pipeline {
    /// Build the stages of `config` (validated first), loading the resources it names.
    pub fn new(config: &PipelineConfig) -> Result<Self> {
        config.validate()?;
        let NormalizerConfig::PdfRepair(n) = &config.normalizer;
        let lexicon = Arc::new(load_lexicon(n.lexicon.as_deref())?);
        let SegmenterConfig::Rules(s) = &config.segmenter;
        let TokenizerConfig::Wordpiece { path } = &config.tokenizer;
        let tokenizer = match path {
            None => HfTokenizer::minilm()?,
            Some(p) => HfTokenizer::from_file(p)?,
        };
        // A model named by both stages is read once.
        let mut models: Vec<(Option<PathBuf>, Arc<ArgModel>)> = Vec::new();
        let mut model = |p: &Option<PathBuf>| -> Result<Arc<ArgModel>> {
            if let Some((_, m)) = models.iter().find(|(q, _)| q == p) {
                return Ok(m.clone());
            }
            let m = Arc::new(load_model(p.as_deref())?);
            models.push((p.clone(), m.clone()));
            Ok(m)
        };
        // One embedder for the stages whose models need it, shared so each document is embedded
        // once.
        let mut shared: Option<Arc<SharedEmbedder>> = None;
        let mut embedder_for = |m: &ArgModel| -> Result<Option<Arc<SharedEmbedder>>> {
            if m.header.backend.is_empty() {
                return Ok(None);
            }
            if shared.is_none() {
                let e = crate::embed::embedder(&m.header.backend, &config.transformer)?;
                shared = Some(Arc::new(SharedEmbedder::new(e)));
            }
            Ok(shared.clone())
        };
        let classifier: Box<dyn SentenceClassifier> = match &config.classifier {
            ClassifierConfig::CueBaseline => Box::new(CueBaseline::default()),
            ClassifierConfig::Learned { path } => {
                let m = model(path)?;
                let e = embedder_for(&m)?;
                Box::new(LearnedClassifier::new(m, e))
            }
            ClassifierConfig::FineTuned {
                model: dir,
                path,
                autocast,
            } => {
                let m = model(path)?;
                let e = embedder_for(&m)?;
                fine_tuned_classifier(
                    LearnedClassifier::new(m, e),
                    dir,
                    config.transformer.threads,
                    *autocast,
                )?
            }
        };
        let linker: Box<dyn Linker> = match &config.linker {
            LinkerConfig::Tfidf(l) => Box::new(TfidfLinker::new(l.clone())),
            LinkerConfig::Learned { path, decoding } => {
                let m = model(path)?;
                let e = embedder_for(&m)?;
                Box::new(LearnedLinker::new(m, e).with_decoding(*decoding)?)
            }
            LinkerConfig::FineTuned {
                model: dir,
                path,
                autocast,
                decoding,
            } => {
                if *decoding == LinkDecoding::Rooted {
                    return Err(Error::Config(
                        "rooted link decoding is the learned linker's (it scores the main claim against every unit); the fine_tuned linker decodes greedy or tree".into(),
                    ));
                }
                let m = model(path)?;
                let e = embedder_for(&m)?;
                fine_tuned_linker(
                    LearnedLinker::new(m, e).with_decoding(*decoding)?,
                    dir,
                    config.transformer.threads,
                    *autocast,
                )?
            }
        };
        Ok(Self {
            normalizer: Box::new(PdfRepair::new(n.clone(), lexicon)),
            segmenter: Box::new(RuleSegmenter::new(s.clone())),
            tokenizer: Box::new(tokenizer),
            classifier,
            linker,
        })
    }

    /// Run every stage on the decoded text of one document.
    pub fn run(&self, doc_id: &str, text: &str) -> Result<ArgumentMap> {
        let mut sentences = self.units(text)?;
        let probs = self.classifier.classify(&sentences)?;
        for (s, mut p) in sentences.iter_mut().zip(probs) {
            // A unit without a letter (a row of dots, a number, a rule of dashes) states nothing:
            // it is `none`, whatever its features score.
            if !s.text.chars().any(char::is_alphabetic) {
                p = [0.0, 0.0, 0.0, 1.0];
            }
            s.probs = p;
            // The first role of the highest probability, so ties resolve the same way every time.
            let mut best = 0;
            for k in 1..4 {
                if p[k] > p[best] {
                    best = k;
                }
            }
            s.role = Role::ALL[best];
        }
        let links = self.linker.link(&sentences)?;
        // Roles and links decided together: what a link points to is a claim.
        crate::link::promote_targets(&mut sentences, &links);
        Ok(ArgumentMap {
            doc_id: doc_id.to_string(),
            title: None,
            sentences,
            links,
        })
    }

    /// Stages 2–4: the units of `text` with spans, repaired text and token counts; roles unset
    /// (`none`, probability 1).
    pub fn units(&self, text: &str) -> Result<Vec<Sentence>> {
        let norm = self.normalizer.normalize(text);
        let segments = self.segmenter.segment(&norm);
        let mut chars = CharCounter::new(text);
        let mut out = Vec::with_capacity(segments.len());
        for seg in segments {
            let Some(byte) = norm.text.orig_range(seg.range.clone()) else {
                continue;
            };
            let char = chars.char_offset(byte.start)..chars.char_offset(byte.end);
            let unit_text = norm.text.as_str()[seg.range].to_string();
            let n_tokens = self.tokenizer.count(&unit_text)?;
            out.push(Sentence {
                id: out.len() + 1,
                paragraph: seg.block + 1,
                span: Span { byte, char },
                heading: seg.heading,
                text: unit_text,
                n_tokens,
                role: Role::None,
                probs: [0.0, 0.0, 0.0, 1.0],
            });
        }
        Ok(out)
    }
}
