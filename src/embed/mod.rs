//! Sentence embeddings: the optional transformer backend.
//!
//! [`Embed`] is the stage; with the cargo feature `transformer`, [`DirectMiniLm`] implements it with
//! all-MiniLM-L6-v2 written directly on libtorch (the default engine), and [`MiniLm`] with
//! rust-bert's sentence-embeddings pipeline (the reference it is checked against). Learned models trained with embeddings record it in their header, and the
//! pipeline then builds the embedder they need.

#[cfg(feature = "transformer")]
mod direct;
#[cfg(feature = "transformer")]
mod finetune;
#[cfg(feature = "transformer")]
mod minilm;
#[cfg(feature = "transformer")]
mod mpnet;

#[cfg(feature = "transformer")]
pub use direct::DirectMiniLm;
#[cfg(feature = "transformer")]
pub use finetune::{
    FineTuneConfig, FineTuneLog, FineTuned, FineTunedHeader, Input, FINETUNED_FORMAT,
};

#[cfg(feature = "transformer")]
pub use minilm::{autocast_enabled, MiniLm};

use crate::{Error, Result};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Name of the MiniLM backend in model headers.
pub const MINILM: &str = "all-MiniLM-L6-v2";

/// A sentence embedding stage.
pub trait Embed: Send + Sync {
    /// One vector per text, in order.
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>>;
    /// Dimension of the vectors.
    fn dim(&self) -> usize;
}

/// libtorch's random generator is one per process: work that seeds it or draws from it (building a
/// rust-bert model initialises its weights at random before loading them; fine-tuning seeds it and
/// draws dropout masks) holds this lock, so that a seeded run gives the same model whatever else
/// the process does at the same time.
#[cfg(feature = "transformer")]
pub(crate) fn torch_rng() -> std::sync::MutexGuard<'static, ()> {
    static RNG: std::sync::Mutex<()> = std::sync::Mutex::new(());
    // The lock guards no data, so a panic while it was held leaves nothing broken.
    RNG.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A batch of rows of unequal length, padded with `fill` to the longest and flattened row by
/// row, with that length; and, flattened the same way, whether each position holds one of the
/// first `keep[r]` values of row `r` (the attention mask when `keep` is the rows' lengths).
#[cfg(feature = "transformer")]
pub(crate) fn pad_rows<T: Copy>(
    rows: &[&[T]],
    fill: T,
    keep: &[usize],
) -> (Vec<T>, Vec<bool>, usize) {
    let len = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let mut flat = Vec::with_capacity(rows.len() * len);
    let mut mask = Vec::with_capacity(rows.len() * len);
    for (r, &k) in rows.iter().zip(keep) {
        flat.extend(
            r.iter()
                .copied()
                .chain(std::iter::repeat_n(fill, len - r.len())),
        );
        mask.extend((0..len).map(|i| i < k));
    }
    (flat, mask, len)
}

/// The implementation of the sentence encoder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    /// argmine's own forward pass on libtorch (`DirectMiniLm`): fused attention, batches spread
    /// over workers; about 1.6× rust-bert's speed in float32 (eval/PERFORMANCE-embed.md).
    #[default]
    Direct,
    /// rust-bert's `SentenceEmbeddingsModel` (`MiniLm`): the reference the direct engine is
    /// checked against (tests/transformer.rs).
    RustBert,
}

/// Settings of the transformer backend.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TransformerConfig {
    /// Folder of the sentence-transformers model; `None`: `$ARGMINE_MINILM_DIR`, else
    /// `models/third-party/all-MiniLM-L6-v2` (where `scripts/setup-transformer.sh` puts it).
    pub model_dir: Option<PathBuf>,
    /// Which implementation of the encoder computes the embeddings.
    pub engine: Engine,
    /// Threads libtorch may use (with [`Engine::Direct`]: workers, each running libtorch on one
    /// thread; the vectors do not depend on their number). One by default: on two cores a second
    /// libtorch thread competing with the other document worker slowed it down 2.5–7× here.
    pub threads: usize,
    /// Sentences per batch (batches are formed after sorting by length, to pad little). Eight by
    /// default: on a sorted corpus 8 to 128 run at the same speed here, and for one document's
    /// units, whose lengths vary widely, smaller batches pad less (`mine` over 204 essays: 36.9 s
    /// with 8, 54.2 s with 32; eval/PERFORMANCE-embed.md).
    pub batch_size: usize,
    /// Weights and arithmetic in bfloat16 instead of float32 (faster on CPUs with AMX / AVX-512
    /// BF16; embeddings then differ slightly from float32: see eval/PERFORMANCE-embed.md).
    pub bf16: bool,
    /// Float32 weights, with libtorch's CPU autocast running the matrix products in bfloat16 (as
    /// Python's `torch.autocast("cpu", dtype=torch.bfloat16)`; layer norms and softmax stay in
    /// float32): faster on CPUs with AMX / AVX-512 BF16 and closer to float32 than `bf16`; see
    /// eval/PERFORMANCE-embed.md. Ignored with `bf16`.
    pub autocast: bool,
}

impl Default for TransformerConfig {
    fn default() -> Self {
        Self {
            model_dir: None,
            engine: Engine::default(),
            threads: 1,
            batch_size: 8,
            bf16: false,
            autocast: false,
        }
    }
}

impl TransformerConfig {
    /// The model folder's name (as reports and fine-tuning stores name the encoder).
    pub fn model_name(&self) -> String {
        self.resolved_dir()
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    /// The model folder to use.
    pub fn resolved_dir(&self) -> PathBuf {
        self.model_dir
            .clone()
            .or_else(|| std::env::var_os("ARGMINE_MINILM_DIR").map(PathBuf::from))
            .unwrap_or_else(|| {
                Path::new(env!("CARGO_MANIFEST_DIR")).join("models/third-party/all-MiniLM-L6-v2")
            })
    }
}

/// Build the embedder named `backend` (from a model header).
pub fn embedder(backend: &str, cfg: &TransformerConfig) -> Result<std::sync::Arc<dyn Embed>> {
    if backend != MINILM {
        return Err(Error::Config(format!(
            "unknown embedding backend {backend:?}"
        )));
    }
    #[cfg(feature = "transformer")]
    {
        Ok(match cfg.engine {
            Engine::Direct => std::sync::Arc::new(DirectMiniLm::new(cfg)?),
            Engine::RustBert => std::sync::Arc::new(MiniLm::new(cfg)?),
        })
    }
    #[cfg(not(feature = "transformer"))]
    {
        let _ = cfg;
        Err(Error::Model {
            path: PathBuf::from(backend),
            msg: "this model uses the transformer backend: run scripts/setup-transformer.sh, \
                  `source scripts/transformer-env.sh`, and build with `--features transformer`"
                .into(),
        })
    }
}

/// Embeddings of texts, computed once and looked up by text.
#[derive(Debug, Clone, Default)]
pub struct EmbCache {
    map: HashMap<String, Vec<f32>>,
    dim: usize,
}

impl EmbCache {
    /// Embed every distinct text of `texts` not yet cached.
    pub fn fill(&mut self, embedder: &dyn Embed, texts: &[&str]) -> Result<()> {
        let mut todo: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !self.map.contains_key(*t))
            .collect();
        todo.sort_unstable();
        todo.dedup();
        let vecs = embedder.embed(&todo)?;
        for (t, v) in todo.into_iter().zip(vecs) {
            self.map.insert(t.to_string(), v);
        }
        self.dim = embedder.dim();
        Ok(())
    }

    /// The vector of `text`, if cached.
    pub fn get(&self, text: &str) -> Option<&[f32]> {
        self.map.get(text).map(Vec::as_slice)
    }

    /// Number of texts cached.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Dimension of the vectors.
    pub fn dim(&self) -> usize {
        self.dim
    }
}

/// Cosine similarity of two vectors (0 when either is zero).
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// Embeddings shared between the stages that run on one document: the role classifier embeds the
/// units and keeps the vectors for the linker, which takes them (computing any that are missing,
/// for example when documents with the same sentence run in parallel).
pub struct SharedEmbedder {
    embedder: std::sync::Arc<dyn Embed>,
    pending: std::sync::Mutex<HashMap<String, Vec<f32>>>,
}

impl std::fmt::Debug for SharedEmbedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedEmbedder").finish_non_exhaustive()
    }
}

impl SharedEmbedder {
    /// Share `embedder`.
    pub fn new(embedder: std::sync::Arc<dyn Embed>) -> Self {
        Self {
            embedder,
            pending: Default::default(),
        }
    }

    /// The embeddings of `texts`. With `keep`, they stay available for a later stage; without, the
    /// vectors of these texts are taken out.
    pub fn embed(&self, texts: &[&str], keep: bool) -> Result<EmbCache> {
        let mut cache = EmbCache {
            map: HashMap::new(),
            dim: self.embedder.dim(),
        };
        let missing: Vec<&str> = {
            let mut pending = self
                .pending
                .lock()
                .map_err(|_| Error::Poisoned("the embedding cache"))?;
            let mut missing = Vec::new();
            for &t in texts {
                let found = if keep {
                    pending.get(t).cloned()
                } else {
                    pending.remove(t)
                };
                match found {
                    Some(v) => {
                        cache.map.insert(t.to_string(), v);
                    }
                    None => missing.push(t),
                }
            }
            missing
        };
        cache.fill(self.embedder.as_ref(), &missing)?;
        if keep {
            let mut pending = self
                .pending
                .lock()
                .map_err(|_| Error::Poisoned("the embedding cache"))?;
            for (t, v) in &cache.map {
                pending.entry(t.clone()).or_insert_with(|| v.clone());
            }
        }
        Ok(cache)
    }
}

/// The embeddings of `units`' texts when the stage has an embedder (`keep`: as [`SharedEmbedder::embed`]).
pub fn embed_units(
    e: &Option<std::sync::Arc<SharedEmbedder>>,
    units: &[crate::document::Sentence],
    keep: bool,
) -> crate::Result<Option<EmbCache>> {
    e.as_ref()
        .map(|e| {
            let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
            e.embed(&texts, keep)
        })
        .transpose()
}
