//! MPNet (the architecture of sentence-transformers' all-mpnet-base-v2), written on tch's `nn`
//! so that it can be fine-tuned through autograd: rust-bert 0.23 has no MPNet.
//!
//! It follows Hugging Face's `modeling_mpnet.py`: word and absolute position embeddings (positions
//! count from the padding id + 1), then post-norm transformer layers whose attention scores get a
//! relative position bias shared by all layers (32 buckets, half for each direction, exact up to 8
//! tokens apart and logarithmic up to 128). The parameter names are those of the model's
//! `model.safetensors`, so `VarStore::load` fills them; tests/transformer.rs checks the sentence
//! vectors against sentence-transformers'.

use crate::{Error, Result};
use std::path::Path;
use tch::nn::{self, Module};
use tch::{Kind, Tensor};

/// The parts of an MPNet `config.json` the forward pass needs.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
pub(crate) struct MpnetConfig {
    pub hidden_size: i64,
    pub num_hidden_layers: usize,
    pub num_attention_heads: i64,
    pub intermediate_size: i64,
    pub layer_norm_eps: f64,
    pub relative_attention_num_buckets: i64,
    pub vocab_size: i64,
    pub max_position_embeddings: i64,
    pub pad_token_id: i64,
    pub hidden_dropout_prob: f64,
    pub attention_probs_dropout_prob: f64,
}

impl MpnetConfig {
    /// Read `config.json`.
    pub fn from_file(path: &Path) -> Result<Self> {
        let err = |msg: String| Error::Model {
            path: path.to_path_buf(),
            msg,
        };
        let text = std::fs::read_to_string(path).map_err(|e| err(e.to_string()))?;
        let c: Self = serde_json::from_str(&text).map_err(|e| err(e.to_string()))?;
        if c.num_attention_heads <= 0 || c.hidden_size % c.num_attention_heads != 0 {
            return Err(err(format!(
                "hidden size {} is not a multiple of {} heads",
                c.hidden_size, c.num_attention_heads
            )));
        }
        Ok(c)
    }
}

/// One transformer layer.
#[derive(Debug)]
struct Layer {
    q: nn::Linear,
    k: nn::Linear,
    v: nn::Linear,
    o: nn::Linear,
    ln1: nn::LayerNorm,
    up: nn::Linear,
    down: nn::Linear,
    ln2: nn::LayerNorm,
}

/// The MPNet encoder.
#[derive(Debug)]
pub(crate) struct Mpnet {
    word: nn::Embedding,
    position: nn::Embedding,
    ln: nn::LayerNorm,
    layers: Vec<Layer>,
    relative_bias: nn::Embedding,
    cfg: MpnetConfig,
}

/// The bucket of each (query, key) pair of a sequence of `t` tokens, as `[t, t]`: computed with
/// the same tensor operations as `MPNetEncoder.relative_position_bucket` (float32 logarithms
/// included), so the buckets are the same.
fn buckets(t: i64, num_buckets: i64) -> Tensor {
    let max_distance = 128f64;
    let pos = Tensor::arange(t, (Kind::Int64, tch::Device::Cpu));
    // memory position - context position, then n = -that.
    let relative = pos.unsqueeze(0) - pos.unsqueeze(1);
    let n = -relative;
    let half = num_buckets / 2;
    let ret = n.lt(0).to_kind(Kind::Int64) * half;
    let n = n.abs();
    let max_exact = half / 2;
    let is_small = n.lt(max_exact);
    let large = (n.to_kind(Kind::Float) / max_exact as f64).log()
        / (max_distance / max_exact as f64).ln()
        * (half - max_exact) as f64;
    let large = (large.to_kind(Kind::Int64) + max_exact).clamp_max(half - 1);
    ret + n.where_self(&is_small, &large)
}

impl Mpnet {
    /// The encoder's variables under `p` (named as in the model's safetensors).
    pub fn new(p: &nn::Path<'_>, cfg: &MpnetConfig) -> Self {
        let h = cfg.hidden_size;
        let ln_cfg = nn::LayerNormConfig {
            eps: cfg.layer_norm_eps,
            ..Default::default()
        };
        let emb = p / "embeddings";
        let enc = p / "encoder";
        let layers = (0..cfg.num_hidden_layers)
            .map(|l| {
                let lp = &enc / "layer" / l;
                let attn = &lp / "attention";
                Layer {
                    q: nn::linear(&attn / "attn" / "q", h, h, Default::default()),
                    k: nn::linear(&attn / "attn" / "k", h, h, Default::default()),
                    v: nn::linear(&attn / "attn" / "v", h, h, Default::default()),
                    o: nn::linear(&attn / "attn" / "o", h, h, Default::default()),
                    ln1: nn::layer_norm(&attn / "LayerNorm", vec![h], ln_cfg),
                    up: nn::linear(
                        &lp / "intermediate" / "dense",
                        h,
                        cfg.intermediate_size,
                        Default::default(),
                    ),
                    down: nn::linear(
                        &lp / "output" / "dense",
                        cfg.intermediate_size,
                        h,
                        Default::default(),
                    ),
                    ln2: nn::layer_norm(&lp / "output" / "LayerNorm", vec![h], ln_cfg),
                }
            })
            .collect();
        Self {
            word: nn::embedding(
                &emb / "word_embeddings",
                cfg.vocab_size,
                h,
                Default::default(),
            ),
            position: nn::embedding(
                &emb / "position_embeddings",
                cfg.max_position_embeddings,
                h,
                Default::default(),
            ),
            ln: nn::layer_norm(&emb / "LayerNorm", vec![h], ln_cfg),
            layers,
            relative_bias: nn::embedding(
                &enc / "relative_attention_bias",
                cfg.relative_attention_num_buckets,
                cfg.num_attention_heads,
                Default::default(),
            ),
            cfg: cfg.clone(),
        }
    }

    /// Hidden size.
    pub fn hidden_size(&self) -> i64 {
        self.cfg.hidden_size
    }

    /// The last hidden states `[batch, tokens, hidden]` of right-padded `ids` (`[batch, tokens]`)
    /// whose real tokens are marked 1 in `mask`; dropout only when `train`.
    pub fn forward_t(&self, ids: &Tensor, mask: &Tensor, train: bool) -> Tensor {
        let c = &self.cfg;
        let (b, t) = ids.size2().unwrap_or((0, 0));
        let heads = c.num_attention_heads;
        let d = c.hidden_size / heads;
        // Right padding: real tokens sit at 0..len, so their positions are pad + 1 + index, as
        // `create_position_ids_from_input_ids` gives (padded positions are never attended to).
        let positions = Tensor::arange(t, (Kind::Int64, tch::Device::Cpu)) + (c.pad_token_id + 1);
        let x = self.word.forward(ids) + self.position.forward(&positions).unsqueeze(0);
        let mut x = self.ln.forward(&x).dropout(c.hidden_dropout_prob, train);
        // [1, heads, t, t] relative bias, plus a large negative number on padded keys.
        let bias = self
            .relative_bias
            .forward(&buckets(t, c.relative_attention_num_buckets))
            .permute([2, 0, 1])
            .unsqueeze(0);
        let pad = (mask.to_kind(Kind::Float) - 1.0).view([b, 1, 1, t]) * 1e4;
        let attn_mask = bias + pad;
        let p_drop = if train {
            c.attention_probs_dropout_prob
        } else {
            0.0
        };
        let mut m: Option<Tensor> = None;
        for layer in &self.layers {
            let split = |y: Tensor| y.view([b, t, heads, d]).transpose(1, 2);
            let q = split(layer.q.forward(&x));
            let k = split(layer.k.forward(&x));
            let v = split(layer.v.forward(&x));
            // Under autocast the projections are bfloat16, and the fused kernel wants its additive
            // mask in the query's type: converted once, for the first layer.
            let m = m.get_or_insert_with(|| attn_mask.to_kind(q.kind()));
            let a =
                Tensor::scaled_dot_product_attention(&q, &k, &v, Some(&*m), p_drop, false, None)
                    .transpose(1, 2)
                    .reshape([b, t, c.hidden_size]);
            let a = layer.o.forward(&a).dropout(c.hidden_dropout_prob, train);
            x = layer.ln1.forward(&(a + &x));
            let hdn = layer
                .down
                .forward(&layer.up.forward(&x).gelu("none"))
                .dropout(c.hidden_dropout_prob, train);
            x = layer.ln2.forward(&(hdn + &x));
        }
        x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_follow_the_reference_scheme() {
        // Hugging Face's MPNetEncoder.relative_position_bucket(memory - context, 32) for a
        // sequence of 140 tokens (transformers 4.57): keys after the query take buckets 16..,
        // exact up to 7 apart, logarithmic after, capped at the half's last bucket.
        let b = buckets(140, 32);
        let row = |i: i64| Vec::<i64>::try_from(b.get(i)).unwrap();
        let first = row(0);
        assert_eq!(
            &first[..20],
            &[0, 17, 18, 19, 20, 21, 22, 23, 24, 24, 24, 24, 25, 25, 25, 25, 26, 26, 26, 26]
        );
        let at = |r: &[i64], js: &[usize]| js.iter().map(|&j| r[j]).collect::<Vec<_>>();
        assert_eq!(
            at(&first, &[16, 32, 64, 127, 128, 139]),
            [26, 28, 30, 31, 31, 31]
        );
        assert_eq!(at(&row(139), &[139, 138, 131, 123, 0]), [0, 1, 8, 10, 15]);
    }
}
