//! Embedding throughput of the transformer backend: sentences per second and peak RSS for the
//! sentences of a file (one per line), and the vectors written for comparison with another
//! implementation. Used by eval/bench-embed.sh.
//!
//! cargo run --release --features transformer --example embed_bench -- SENTENCES THREADS [OUT.f32]
//!
//! ARGMINE_ENGINE=direct (default) or rust-bert: the encoder's implementation; ARGMINE_BF16=1:
//! bfloat16 weights; ARGMINE_AUTOCAST=1: float32 weights under libtorch's CPU autocast (bfloat16
//! matrix products).

use argmine::embed::{Engine, TransformerConfig};
use std::io::Write;

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|kb| kb.parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1])?;
    let threads: usize = args.get(2).map_or(Ok(1), |t| t.parse())?;
    let sentences: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bf16 = std::env::var("ARGMINE_BF16").is_ok_and(|v| v == "1");
    let autocast = std::env::var("ARGMINE_AUTOCAST").is_ok_and(|v| v == "1");
    let engine = match std::env::var("ARGMINE_ENGINE").as_deref() {
        Ok("rust-bert") => Engine::RustBert,
        Ok("direct") | Err(_) => Engine::Direct,
        Ok(other) => return Err(format!("ARGMINE_ENGINE: direct or rust-bert, not {other}").into()),
    };
    let cfg = TransformerConfig {
        engine,
        threads,
        bf16,
        autocast,
        batch_size: std::env::var("ARGMINE_BATCH").map_or(Ok(32), |b| b.parse())?,
        ..Default::default()
    };
    let m = argmine::embed::embedder(argmine::embed::MINILM, &cfg)?;
    // Warm-up on a few sentences (first calls allocate and pick kernels).
    m.embed(&sentences[..sentences.len().min(64)])?;
    let t = std::time::Instant::now();
    let vecs = m.embed(&sentences)?;
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{} {} threads={threads} sentences={} seconds={secs:.2} sentences_per_s={:.1} peak_rss_mb={:.0}",
        match engine {
            Engine::Direct => "direct",
            Engine::RustBert => "rust-bert",
        },
        match (bf16, autocast) {
            (true, _) => "bf16",
            (false, true) => "fp32+autocast-bf16",
            _ => "fp32",
        },
        sentences.len(),
        sentences.len() as f64 / secs,
        peak_rss_mb()
    );
    if let Some(out) = args.get(3) {
        let mut f = std::io::BufWriter::new(std::fs::File::create(out)?);
        for v in &vecs {
            for x in v {
                f.write_all(&x.to_le_bytes())?;
            }
        }
    }
    Ok(())
}
