//! `argmine finetune`: fine-tune a sentence encoder on unit roles, for the `fine_tuned`
//! classifier of a pipeline configuration, or (`--links`) on unit pairs, for the `fine_tuned`
//! linker.

use anyhow::Result;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training data as FORMAT:PATH[@WEIGHT] (as `argmine train`; microtexts have no roles of
    /// their own and are refused). Repeatable. The head learns the roles the data has: claim,
    /// evidence and none from ArgUNSC (stance then shares none's probability).
    #[arg(long, required = true)]
    data: Vec<String>,
    /// Folder to write the model into (finetuned.json, config.json, model.safetensors); it
    /// appears complete or not at all, replacing an earlier one.
    #[arg(long)]
    out: PathBuf,
    /// The sentence-transformers folder of the encoder to fine-tune (default: all-MiniLM-L6-v2
    /// from `scripts/setup-transformer.sh`; `models/third-party/all-mpnet-base-v2` after
    /// `--mpnet`).
    #[arg(long)]
    ft_model: Option<PathBuf>,
    /// Passes over the data.
    #[arg(long, default_value_t = 3)]
    epochs: usize,
    /// Peak learning rate of AdamW (5e-5 suits MiniLM; 2e-5 was used for MPNet).
    #[arg(long, default_value_t = 5e-5)]
    learning_rate: f64,
    /// Units per step.
    #[arg(long, default_value_t = 16)]
    batch_size: usize,
    /// WordPieces of the unit before and of the unit after given to the encoder with each unit
    /// (0: the unit alone). 32, as cross-validated on ArgUNSC.
    #[arg(long, default_value_t = 32)]
    context: usize,
    /// Seed of the head, the dropout and the batch order.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// libtorch threads (default: the cores available).
    #[arg(long)]
    threads: Option<usize>,
    /// Fine-tune under libtorch's CPU autocast (bfloat16 matrix products; see
    /// eval/PERFORMANCE-embed.md); the model then predicts under it too unless the pipeline
    /// configuration says otherwise.
    #[arg(long)]
    autocast: bool,
    /// Relabel as stance the evidence and none units that the weak-label rule marks (as `argmine
    /// train` does by default), so that the head learns four roles from corpora without stance.
    #[arg(long, conflicts_with = "links")]
    weak_stance: bool,
    /// Fine-tune a link scorer instead of a role classifier: each argumentative unit paired
    /// with its candidate targets (the claims within 40 units, the 3 most central claims and
    /// its gold targets, as `argmine train` does), the source unit read first and the target
    /// second, labelled none, support or attack. `--context` is then the target's WordPieces
    /// (0: up to 128).
    #[arg(long)]
    links: bool,
    /// With `--links`: keep at most this many candidates that are not gold targets per source
    /// (a seeded draw), to bound the training time on corpora with many claims per document.
    #[arg(long, requires = "links")]
    max_negatives: Option<usize>,
}

#[cfg(not(feature = "transformer"))]
pub fn run(_: Args) -> Result<ExitCode> {
    anyhow::bail!(
        "fine-tuning needs an argmine built with the transformer feature: run scripts/setup-transformer.sh, source scripts/transformer-env.sh, then cargo build --release --features transformer"
    )
}

#[cfg(feature = "transformer")]
pub fn run(args: Args) -> Result<ExitCode> {
    use crate::gold::Format;
    use anyhow::{bail, Context};
    use argmine::embed::{FineTuneConfig, TransformerConfig};
    let data = crate::train::load_specs(&args.data)?;
    let mut docs = Vec::new();
    let mut specs = Vec::new();
    for spec in data {
        if spec.format == Format::Microtexts && !args.links {
            bail!(
                "--data {}: microtexts have no roles of their own (their claim/evidence split follows the graph)",
                spec.spec
            );
        }
        specs.push(serde_json::json!({"data": spec.spec, "documents": spec.distinct}));
        docs.extend(spec.docs);
    }
    let tcfg = TransformerConfig {
        model_dir: args.ft_model.clone(),
        threads: args
            .threads
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1),
        autocast: args.autocast,
        ..Default::default()
    };
    let cfg = FineTuneConfig {
        epochs: args.epochs,
        learning_rate: args.learning_rate,
        batch_size: args.batch_size,
        context_tokens: args.context,
        seed: args.seed,
        ..Default::default()
    };
    let name = args
        .out
        .file_name()
        .context("--out has no folder name")?
        .to_string_lossy()
        .into_owned();
    let parent = match args.out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let started = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(0).with_style(indicatif::ProgressStyle::with_template(
        "fine-tuning {wide_bar} {pos}/{len} steps, loss {msg} ({elapsed}, {eta} left)",
    )?);
    let progress = |s: usize, n: usize, l: f64| {
        bar.set_length(n as u64);
        bar.set_position(s as u64);
        bar.set_message(format!("{l:.3}"));
        if bar.is_hidden() && (s.is_multiple_of(100) || s == n) {
            eprintln!("argmine: step {s}/{n} loss {l:.3}");
        }
    };
    let training = serde_json::Value::Array(specs);
    let (model, header) = if args.links {
        let t = argmine::model::train::TrainSettings::default();
        argmine::link::finetuned::fine_tune_links(
            &docs,
            t.window,
            t.central,
            args.max_negatives,
            &tcfg,
            &cfg,
            training,
            progress,
        )?
    } else {
        argmine::classify::finetuned::fine_tune_roles(
            &docs,
            args.weak_stance,
            &tcfg,
            &cfg,
            training,
            progress,
        )?
    };
    bar.finish_and_clear();
    let seconds = started.elapsed().as_secs_f64();
    let mut header = header;
    if let Some(t) = header.training.as_object_mut() {
        t.insert("seconds".into(), seconds.round().into());
    }
    // Written into a temporary folder beside --out, then renamed into place.
    let tmp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir(&tmp).with_context(|| format!("cannot create {}", tmp.display()))?;
    let saved = model.save(&tmp, &header).map_err(anyhow::Error::from);
    let saved = saved.and_then(|h| replace_dir(&tmp, &args.out).map(|()| h));
    let header = match saved {
        Ok(h) => h,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(e);
        }
    };
    eprintln!(
        "argmine: fine-tuned {} on {} {} ({}) in {seconds:.0} s, epoch losses {:?} -> {}",
        header.encoder,
        header.training["examples"]
            .as_object()
            .map_or(0, |m| m.values().filter_map(|v| v.as_u64()).sum::<u64>()),
        if args.links { "pairs" } else { "units" },
        header.labels.join("/"),
        header
            .epoch_loss
            .iter()
            .map(|l| (l * 1000.0).round() / 1000.0)
            .collect::<Vec<_>>(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Put the complete folder `tmp` in place of `dest`: an earlier `dest` is moved aside first and
/// removed once the new one is in place (put back if the rename fails).
#[cfg(feature = "transformer")]
fn replace_dir(tmp: &std::path::Path, dest: &std::path::Path) -> Result<()> {
    use anyhow::Context;
    let old = dest.with_file_name(format!(
        ".{}.old.tmp-{}",
        dest.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let had = dest.exists();
    if had {
        std::fs::rename(dest, &old)
            .with_context(|| format!("cannot move the earlier {} aside", dest.display()))?;
    }
    if let Err(e) = std::fs::rename(tmp, dest) {
        if had {
            let _ = std::fs::rename(&old, dest);
        }
        return Err(e).with_context(|| format!("cannot rename to {}", dest.display()));
    }
    if had {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
