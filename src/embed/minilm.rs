//! all-MiniLM-L6-v2 through rust-bert, on the CPU.

use super::{Embed, TransformerConfig};
use crate::{Error, Result};
use rust_bert::pipelines::common::ModelType;
use rust_bert::pipelines::sentence_embeddings::{
    SentenceEmbeddingsConfig, SentenceEmbeddingsModel,
};
use rust_bert::resources::{LocalResource, ResourceProvider};
use std::sync::Mutex;

extern "C" {
    // src/embed/autocast.cpp, compiled by build.rs against torch's headers.
    fn argmine_autocast_cpu_enter();
    fn argmine_autocast_cpu_exit();
    fn argmine_autocast_cpu_enabled() -> std::os::raw::c_int;
}

/// libtorch's CPU autocast (bfloat16) on this thread while the guard lives.
pub(crate) struct Autocast;

impl Autocast {
    pub(crate) fn enter() -> Self {
        // SAFETY: the shim only flips libtorch's thread-local autocast state; it does not
        // throw (noexcept) and takes no pointers.
        unsafe { argmine_autocast_cpu_enter() };
        Autocast
    }
}

impl Drop for Autocast {
    fn drop(&mut self) {
        // SAFETY: as in `enter`; restores the state `enter` changed on the same thread.
        unsafe { argmine_autocast_cpu_exit() };
    }
}

/// Whether libtorch's CPU autocast is on for this thread.
pub fn autocast_enabled() -> bool {
    // SAFETY: reads libtorch's thread-local state.
    unsafe { argmine_autocast_cpu_enabled() != 0 }
}

/// The sentence encoder. libtorch runs its own threads, so calls are serialised.
pub struct MiniLm {
    model: Mutex<SentenceEmbeddingsModel>,
    batch_size: usize,
    autocast: bool,
}

impl std::fmt::Debug for MiniLm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MiniLm").finish_non_exhaustive()
    }
}

impl MiniLm {
    /// Load the model of `cfg` (weights from `model.safetensors`).
    pub fn new(cfg: &TransformerConfig) -> Result<Self> {
        let dir = cfg.resolved_dir();
        let need = [
            "modules.json",
            "config.json",
            "model.safetensors",
            "1_Pooling/config.json",
            "vocab.txt",
        ];
        if let Some(missing) = need.iter().find(|f| !dir.join(f).is_file()) {
            return Err(Error::Model {
                path: dir.join(missing),
                msg: "missing: run scripts/setup-transformer.sh".into(),
            });
        }
        tch::set_num_threads(cfg.threads.max(1) as i32);
        let r = |p: &str| -> Box<dyn ResourceProvider + Send> {
            Box::new(LocalResource {
                local_path: dir.join(p),
            })
        };
        let config = SentenceEmbeddingsConfig {
            modules_config_resource: r("modules.json"),
            transformer_type: ModelType::Bert,
            transformer_config_resource: r("config.json"),
            transformer_weights_resource: r("model.safetensors"),
            pooling_config_resource: r("1_Pooling/config.json"),
            dense_config_resource: None,
            dense_weights_resource: None,
            sentence_bert_config_resource: r("sentence_bert_config.json"),
            tokenizer_config_resource: r("tokenizer_config.json"),
            tokenizer_vocab_resource: r("vocab.txt"),
            tokenizer_merges_resource: None,
            device: tch::Device::Cpu,
            kind: cfg.bf16.then_some(tch::Kind::BFloat16),
        };
        // Building the model draws its initial weights from libtorch's generator.
        let _rng = super::torch_rng();
        let model = SentenceEmbeddingsModel::new(config).map_err(|e| Error::Model {
            path: dir.clone(),
            msg: e.to_string(),
        })?;
        Ok(Self {
            model: Mutex::new(model),
            batch_size: cfg.batch_size.max(1),
            autocast: cfg.autocast && !cfg.bf16,
        })
    }
}

impl Embed for MiniLm {
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        // Sort by length so that a batch pads little; scatter back into input order.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (texts[i].len(), i));
        let mut out = vec![Vec::new(); texts.len()];
        let model = self
            .model
            .lock()
            .map_err(|_| Error::Tokenizer("embedder poisoned".into()))?;
        // Entered on the thread that runs the forward passes, left when this call returns.
        let _autocast = self.autocast.then(Autocast::enter);
        for chunk in order.chunks(self.batch_size) {
            let batch: Vec<&str> = chunk.iter().map(|&i| texts[i]).collect();
            let vecs = model
                .encode(&batch)
                .map_err(|e| Error::Tokenizer(e.to_string()))?;
            for (&i, v) in chunk.iter().zip(vecs) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    fn dim(&self) -> usize {
        384
    }
}
