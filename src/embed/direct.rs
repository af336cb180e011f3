//! all-MiniLM-L6-v2 written directly on libtorch (tch), for speed: one fused query/key/value
//! projection per layer, libtorch's fused scaled-dot-product attention, and the length-sorted
//! batches spread over worker threads that each run libtorch on one thread.
//!
//! The vectors are those of sentence-transformers (mean pooling over the tokens, L2-normalised);
//! eval/PERFORMANCE-embed.md compares them with rust-bert's and Python's. Each batch is computed
//! the same way whichever worker runs it, so the output does not depend on the number of workers.

use super::minilm::Autocast;
use super::{Embed, TransformerConfig};
use crate::tokenize::HfTokenizer;
use crate::{Error, Result};
use std::collections::HashMap;
use std::path::Path;
use tch::{Kind, Tensor};

/// The longest input in tokens (`max_seq_length` of the sentence-transformers model).
pub const MAX_TOKENS: usize = 256;
const HIDDEN: i64 = 384;
const HEADS: i64 = 12;
const LAYERS: usize = 6;
const LN_EPS: f64 = 1e-12;

/// One transformer layer's weights.
struct Layer {
    qkv_w: Tensor,
    qkv_b: Tensor,
    out_w: Tensor,
    out_b: Tensor,
    ln1_w: Tensor,
    ln1_b: Tensor,
    up_w: Tensor,
    up_b: Tensor,
    down_w: Tensor,
    down_b: Tensor,
    ln2_w: Tensor,
    ln2_b: Tensor,
}

/// The encoder's weights.
struct Weights {
    word: Tensor,
    position: Tensor,
    token_type: Tensor,
    ln_w: Tensor,
    ln_b: Tensor,
    layers: Vec<Layer>,
}

fn shallow(t: &Tensor) -> Tensor {
    t.shallow_clone()
}

impl Layer {
    fn shallow_clone(&self) -> Self {
        Self {
            qkv_w: shallow(&self.qkv_w),
            qkv_b: shallow(&self.qkv_b),
            out_w: shallow(&self.out_w),
            out_b: shallow(&self.out_b),
            ln1_w: shallow(&self.ln1_w),
            ln1_b: shallow(&self.ln1_b),
            up_w: shallow(&self.up_w),
            up_b: shallow(&self.up_b),
            down_w: shallow(&self.down_w),
            down_b: shallow(&self.down_b),
            ln2_w: shallow(&self.ln2_w),
            ln2_b: shallow(&self.ln2_b),
        }
    }

    fn forward(&self, x: &Tensor, mask: &Tensor, b: i64, t: i64) -> Tensor {
        let d = HIDDEN / HEADS;
        // [B, T, 3H] -> [3, B, heads, T, d]
        let qkv = x
            .linear(&self.qkv_w, Some(&self.qkv_b))
            .view([b, t, 3, HEADS, d])
            .permute([2, 0, 3, 1, 4]);
        let (q, k, v) = (qkv.get(0), qkv.get(1), qkv.get(2));
        let a = Tensor::scaled_dot_product_attention(&q, &k, &v, Some(mask), 0.0, false, None)
            .transpose(1, 2)
            .reshape([b, t, HIDDEN]);
        let x = (a.linear(&self.out_w, Some(&self.out_b)) + x).layer_norm(
            [HIDDEN],
            Some(&self.ln1_w),
            Some(&self.ln1_b),
            LN_EPS,
            false,
        );
        let h = x
            .linear(&self.up_w, Some(&self.up_b))
            .gelu("none")
            .linear(&self.down_w, Some(&self.down_b));
        (h + &x).layer_norm(
            [HIDDEN],
            Some(&self.ln2_w),
            Some(&self.ln2_b),
            LN_EPS,
            false,
        )
    }
}

impl Weights {
    /// Weights in `kind`, the linear layers' in `matmul`.
    fn load(path: &Path, kind: Kind, matmul: Kind) -> Result<Self> {
        let err = |msg: String| Error::Model {
            path: path.to_path_buf(),
            msg,
        };
        let mut named: HashMap<String, Tensor> = Tensor::read_safetensors(path)
            .map_err(|e| err(e.to_string()))?
            .into_iter()
            .collect();
        let mut take = |name: &str, shape: &[i64]| -> Result<Tensor> {
            let t = named
                .remove(name)
                .ok_or_else(|| err(format!("no tensor {name}")))?;
            if t.size() != shape {
                return Err(err(format!(
                    "tensor {name} has shape {:?}, not {shape:?}",
                    t.size()
                )));
            }
            Ok(t.to_kind(kind))
        };
        let h = HIDDEN;
        let word = take("embeddings.word_embeddings.weight", &[30522, h])?;
        let position = take("embeddings.position_embeddings.weight", &[512, h])?;
        let token_type = take("embeddings.token_type_embeddings.weight", &[2, h])?.get(0);
        let ln_w = take("embeddings.LayerNorm.weight", &[h])?;
        let ln_b = take("embeddings.LayerNorm.bias", &[h])?;
        let mut layers = Vec::with_capacity(LAYERS);
        for l in 0..LAYERS {
            let p = format!("encoder.layer.{l}.");
            let mut w = |s: &str, shape: &[i64]| take(&format!("{p}{s}"), shape);
            let (qw, kw, vw) = (
                w("attention.self.query.weight", &[h, h])?,
                w("attention.self.key.weight", &[h, h])?,
                w("attention.self.value.weight", &[h, h])?,
            );
            let (qb, kb, vb) = (
                w("attention.self.query.bias", &[h])?,
                w("attention.self.key.bias", &[h])?,
                w("attention.self.value.bias", &[h])?,
            );
            // The matrix products' operands in `matmul`: under autocast libtorch would cast them
            // to bfloat16 on every call; cast once here, the products are the same.
            let mm = |t: Tensor| t.to_kind(matmul);
            layers.push(Layer {
                qkv_w: mm(Tensor::cat(&[qw, kw, vw], 0)),
                qkv_b: mm(Tensor::cat(&[qb, kb, vb], 0)),
                out_w: mm(w("attention.output.dense.weight", &[h, h])?),
                out_b: mm(w("attention.output.dense.bias", &[h])?),
                ln1_w: w("attention.output.LayerNorm.weight", &[h])?,
                ln1_b: w("attention.output.LayerNorm.bias", &[h])?,
                up_w: mm(w("intermediate.dense.weight", &[4 * h, h])?),
                up_b: mm(w("intermediate.dense.bias", &[4 * h])?),
                down_w: mm(w("output.dense.weight", &[h, 4 * h])?),
                down_b: mm(w("output.dense.bias", &[h])?),
                ln2_w: w("output.LayerNorm.weight", &[h])?,
                ln2_b: w("output.LayerNorm.bias", &[h])?,
            });
        }
        Ok(Self {
            word,
            position,
            token_type,
            ln_w,
            ln_b,
            layers,
        })
    }

    fn shallow_clone(&self) -> Self {
        Self {
            word: shallow(&self.word),
            position: shallow(&self.position),
            token_type: shallow(&self.token_type),
            ln_w: shallow(&self.ln_w),
            ln_b: shallow(&self.ln_b),
            layers: self.layers.iter().map(Layer::shallow_clone).collect(),
        }
    }

    /// The L2-normalised mean-pooled embeddings of a batch of input ids, row by row.
    fn embed(&self, ids: &[&[i64]]) -> Vec<Vec<f32>> {
        let b = ids.len() as i64;
        let lens: Vec<usize> = ids.iter().map(|v| v.len()).collect();
        let (flat, keep, t) = super::pad_rows(ids, 0, &lens);
        let t = t as i64;
        let ids = Tensor::from_slice(&flat).view([b, t]);
        let keep = Tensor::from_slice(&keep).view([b, t]);
        let x = Tensor::embedding(&self.word, &ids, 0, false, false)
            + self.position.narrow(0, 0, t).unsqueeze(0)
            + &self.token_type;
        let mut x = x.layer_norm([HIDDEN], Some(&self.ln_w), Some(&self.ln_b), LN_EPS, false);
        let mask = keep.view([b, 1, 1, t]);
        for layer in &self.layers {
            x = layer.forward(&x, &mask, b, t);
        }
        let m = keep.to_kind(Kind::Float).unsqueeze(-1);
        let pooled =
            (x.to_kind(Kind::Float) * &m).sum_dim_intlist([1i64].as_slice(), false, Kind::Float)
                / m.sum_dim_intlist([1i64].as_slice(), false, Kind::Float);
        let norm = pooled
            .norm_scalaropt_dim(2, [1i64].as_slice(), true)
            .clamp_min(1e-12);
        let pooled = (pooled / norm).contiguous();
        let flat: Vec<f32> = Vec::<f32>::try_from(pooled.view([-1])).unwrap_or_default();
        flat.chunks(HIDDEN as usize).map(<[f32]>::to_vec).collect()
    }
}

/// The embeddings of `batches` (indices into `ids`), each with its index, on this thread.
fn run(
    weights: &Weights,
    batches: &[&[usize]],
    ids: &[Vec<i64>],
    autocast: bool,
) -> Vec<(usize, Vec<f32>)> {
    let _autocast = autocast.then(Autocast::enter);
    tch::no_grad(|| {
        let mut out = Vec::new();
        for chunk in batches {
            let batch: Vec<&[i64]> = chunk.iter().map(|&i| ids[i].as_slice()).collect();
            out.extend(chunk.iter().copied().zip(weights.embed(&batch)));
        }
        out
    })
}

/// all-MiniLM-L6-v2 on libtorch directly: see the module's documentation.
pub struct DirectMiniLm {
    /// Locked while a call makes shallow clones (new handles on the same storage) for its workers;
    /// the computing is done outside the lock.
    weights: std::sync::Mutex<Weights>,
    tokenizer: HfTokenizer,
    batch_size: usize,
    workers: usize,
    autocast: bool,
}

impl std::fmt::Debug for DirectMiniLm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DirectMiniLm")
            .field("batch_size", &self.batch_size)
            .field("workers", &self.workers)
            .field("autocast", &self.autocast)
            .finish_non_exhaustive()
    }
}

impl DirectMiniLm {
    /// Load the weights of `cfg`'s model folder; `cfg.threads` workers, each running libtorch on
    /// one thread (libtorch's own thread pool is set to one thread); `cfg.bf16` casts the weights
    /// to bfloat16, `cfg.autocast` runs the workers under CPU autocast.
    pub fn new(cfg: &TransformerConfig) -> Result<Self> {
        let path = cfg.resolved_dir().join("model.safetensors");
        if !path.is_file() {
            return Err(Error::Model {
                path,
                msg: "missing: run scripts/setup-transformer.sh".into(),
            });
        }
        let kind = if cfg.bf16 {
            Kind::BFloat16
        } else {
            Kind::Float
        };
        let matmul = if cfg.autocast { Kind::BFloat16 } else { kind };
        if tch::get_num_threads() != 1 {
            tch::set_num_threads(1);
        }
        Ok(Self {
            weights: std::sync::Mutex::new(Weights::load(&path, kind, matmul)?),
            tokenizer: HfTokenizer::minilm()?,
            batch_size: cfg.batch_size.max(1),
            workers: cfg.threads.max(1),
            autocast: cfg.autocast && !cfg.bf16,
        })
    }
}

impl Embed for DirectMiniLm {
    fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let ids: Vec<Vec<i64>> = texts
            .iter()
            .map(|t| self.tokenizer.input_ids(t, MAX_TOKENS))
            .collect::<Result<_>>()?;
        // Sort by length so that a batch pads little; scatter back into input order.
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (ids[i].len(), i));
        let batches: Vec<&[usize]> = order.chunks(self.batch_size).collect();
        let workers = self.workers.min(batches.len()).max(1);
        // Each worker reads through its own handles; the lock is held only while they are made,
        // so calls from several threads (documents mined in parallel) run at the same time.
        let mut handles: Vec<Weights> = {
            let weights = self
                .weights
                .lock()
                .map_err(|_| Error::Tokenizer("embedder poisoned".into()))?;
            (0..workers).map(|_| weights.shallow_clone()).collect()
        };
        let results: Vec<Vec<(usize, Vec<f32>)>> = if workers == 1 {
            vec![run(&handles[0], &batches, &ids, self.autocast)]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = handles
                    .drain(..)
                    .enumerate()
                    .map(|(w, weights)| {
                        let mine: Vec<&[usize]> =
                            batches.iter().skip(w).step_by(workers).copied().collect();
                        let ids = &ids;
                        let autocast = self.autocast;
                        s.spawn(move || {
                            // OpenMP's thread count is per thread: a new thread starts with the
                            // machine's default.
                            tch::set_num_threads(1);
                            run(&weights, &mine, ids, autocast)
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_default())
                    .collect()
            })
        };
        let mut out = vec![Vec::new(); texts.len()];
        for (i, v) in results.into_iter().flatten() {
            out[i] = v;
        }
        if out.iter().any(Vec::is_empty) {
            return Err(Error::Tokenizer("an embedding worker failed".into()));
        }
        Ok(out)
    }

    fn dim(&self) -> usize {
        HIDDEN as usize
    }
}
