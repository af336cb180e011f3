//! `argmine cv`: the field's evaluation protocols, one subcommand per corpus.

use crate::gold::{self, Format};
use crate::output::AtomicFile;
use anyhow::{Context, Result};
use argmine::annotation::read_argunsc_pairs;
use argmine::eval::published;
use argmine::{eval::protocols as cv, model::TrainSettings};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Which protocol.
    #[command(subcommand)]
    protocol: Protocol,
    /// Write the figures as JSON to this file.
    #[arg(long, global = true)]
    report: Option<PathBuf>,
    /// Passes over the data.
    #[arg(long, global = true, default_value_t = 8)]
    epochs: usize,
    /// L2 penalty.
    #[arg(long, global = true, default_value_t = 1e-5)]
    l2: f32,
    /// AdaGrad learning rate.
    #[arg(long, global = true, default_value_t = 0.03)]
    learning_rate: f32,
    /// `linear` (hashed features only) or `transformer` (plus all-MiniLM-L6-v2 sentence
    /// embeddings; needs a build with `--features transformer`).
    #[arg(long, global = true, value_enum, default_value = "linear")]
    backend: crate::train::Backend,
    /// With the transformer backend: embed under libtorch's CPU autocast (bfloat16 matrix
    /// products).
    #[arg(long, global = true)]
    autocast: bool,
}

/// Where ArgUNSC is and how its speeches are dealt to folds.
#[derive(Debug, clap::Args)]
struct ArgunscFolds {
    /// The ArgUNSC folder.
    #[arg(long, default_value = "../shared/corpora/argunsc")]
    path: PathBuf,
    /// Number of folds.
    #[arg(long, default_value_t = 5)]
    folds: usize,
    /// Seed of the fold assignment.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// Settings of `argunsc-finetune`.
#[derive(Debug, clap::Args)]
struct FineTuneOpts {
    /// Passes of fine-tuning over each fold's training sentences.
    #[arg(long, default_value_t = 3)]
    ft_epochs: usize,
    /// Peak learning rate of AdamW: one value for every encoder, or one per `--ft-model`
    /// (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', default_values_t = [5e-5])]
    ft_learning_rate: Vec<f64>,
    /// Sentences per step.
    #[arg(long, default_value_t = 16)]
    ft_batch_size: usize,
    /// Give the encoder each sentence's neighbours: up to this many WordPieces of the sentence
    /// before and of the sentence after, as a second segment (0: the sentence alone).
    #[arg(long, default_value_t = 0)]
    ft_context: usize,
    /// Fine-tune this many copies of each encoder per fold (seeds 1, 2, ...) and score the mean
    /// of their probabilities: an ensemble, at that many times the time. One value for every
    /// encoder, or one per `--ft-model`.
    #[arg(long, value_delimiter = ',', default_values_t = [1])]
    ft_seeds: Vec<usize>,
    /// libtorch threads.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// The sentence-transformers folder of the encoder to fine-tune: a BERT model (the default,
    /// all-MiniLM-L6-v2) or an MPNet one (`models/third-party/all-mpnet-base-v2`, installed by
    /// `scripts/setup-transformer.sh --mpnet`). Several (comma-separated or repeated): an
    /// ensemble of encoders, each fine-tuned on every fold, the fine-tuned model being the mean
    /// of the encoders' probabilities with equal weights.
    #[arg(long, value_delimiter = ',')]
    ft_model: Vec<PathBuf>,
    /// Keep each fine-tuned member (fold and seed) in this folder as soon as it is done, and use
    /// the ones already there that match the run's encoder, settings and data: a run stopped
    /// part-way goes on where it stopped when started again with the same arguments.
    #[arg(long)]
    ft_store: Option<PathBuf>,
}

/// A [`cv::MemberStore`] in a folder: one JSON file per member, written atomically.
#[cfg(feature = "transformer")]
struct DirStore(PathBuf);

#[cfg(feature = "transformer")]
impl cv::MemberStore for DirStore {
    fn get(&mut self, key: &str) -> Option<cv::MemberRun> {
        let text = std::fs::read_to_string(self.0.join(format!("{key}.json"))).ok()?;
        serde_json::from_str(&text).ok()
    }

    fn put(&mut self, key: &str, run: &cv::MemberRun) -> argmine::Result<()> {
        let dest = self.0.join(format!("{key}.json"));
        let write = || -> Result<()> {
            let mut f = AtomicFile::create(&dest)?;
            serde_json::to_writer(&mut f, run)?;
            f.commit()
        };
        write().map_err(|e| argmine::Error::Io(std::io::Error::other(format!("{e:#}"))))
    }
}

/// The options of `argmine cv genre-links`.
#[derive(Debug, clap::Args)]
struct GenreLinksArgs {
    /// Folder of argmine JSON annotations (each document is held out in turn).
    #[arg(long, default_value = "annotations/genre")]
    path: PathBuf,
    /// How many times each of the other documents counts in training.
    #[arg(long, default_value_t = 100)]
    weight: usize,
    /// The shared corpora folder (argunsc, cdcp/train, microtexts/corpus/en are read).
    #[arg(long, default_value = "../shared/corpora")]
    corpora: PathBuf,
    /// The link scorer's objective.
    #[arg(long, value_enum, default_value = "pairwise")]
    link_objective: crate::train::Objective,
    /// Keep a predicted link when its probability reaches this.
    #[arg(long, default_value_t = 0.5)]
    link_threshold: f32,
    /// Link feature set (1, 2 or 3; see `argmine train --help`).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=argmine::classify::features::LINK_FEATURES as i64))]
    link_features: u32,
    /// How the links' probabilities become a forest: greedy (each unit's best target, a
    /// cycle-closing link dropped) or tree (the best forest; pairwise scorer only).
    #[arg(long, value_enum, default_value = "greedy")]
    link_decoding: Decoding,
    /// Write the pooled report as Markdown to this file too.
    #[arg(long)]
    markdown: Option<PathBuf>,
    /// Write the held-out predictions (gold units and roles, predicted links) as an
    /// `argmine mine` folder (sentences.csv, links.csv, documents.csv), for `argmine eval
    /// --compare-to` or `argmine render`.
    #[arg(long)]
    pred_out: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum Protocol {
    /// ArgUNSC: 5-fold cross-validation grouped by speech (sentence roles; sentence pairs with
    /// speech-grouped and with random folds).
    Argunsc {
        #[command(flatten)]
        at: ArgunscFolds,
    },
    /// ArgUNSC sentence tasks with all-MiniLM-L6-v2 fine-tuned on each fold (the folds of
    /// `argunsc`; needs a build with `--features transformer`). Slow: minutes per fold.
    ArgunscFinetune {
        #[command(flatten)]
        at: ArgunscFolds,
        #[command(flatten)]
        ft: FineTuneOpts,
    },
    /// ArgUNSC pair tasks (related vs unrelated, support vs attack; the sampled pairs and both
    /// kinds of folds of `argunsc`) with a sentence encoder fine-tuned on each fold's pairs, the
    /// two sentences read together (needs a build with `--features transformer`).
    ArgunscPairsFinetune {
        #[command(flatten)]
        at: ArgunscFolds,
        #[command(flatten)]
        ft: FineTuneOpts,
    },
    /// Microtexts part 1 with the fixed 10×5 folds of folds_peldszus_10x5cv.json.
    Microtexts {
        /// The microtexts folder.
        #[arg(long, default_value = "../shared/corpora/microtexts")]
        path: PathBuf,
    },
    /// The linker alone on argmine's own annotations: leave one document out, gold units and
    /// gold roles given (role errors taken out), trained on the corpora plus the other documents.
    GenreLinks(GenreLinksArgs),
    /// CDCP: train on the training split, score links on the official test split.
    Cdcp {
        /// The CDCP folder (with train/ and test/).
        #[arg(long, default_value = "../shared/corpora/cdcp")]
        path: PathBuf,
    },
}

/// ArgUNSC's sampled sentence pairs (`sentence_relations_local.csv`) and the speech of each
/// sentence id of `docs`.
fn argunsc_pairs(
    path: &std::path::Path,
    docs: &[argmine::annotation::GoldDocument],
) -> Result<(Vec<argmine::annotation::ArgunscPair>, HashMap<u64, String>)> {
    let data = if path.join("data").is_dir() {
        path.join("data")
    } else {
        path.to_path_buf()
    };
    let f = data.join("sentence_relations_local.csv");
    let pairs = read_argunsc_pairs(
        std::fs::File::open(&f).with_context(|| format!("cannot open {}", f.display()))?,
    )?;
    let speech_of: HashMap<u64, String> = docs
        .iter()
        .flat_map(|d| {
            d.units
                .iter()
                .map(move |u| (u.id[1..].parse::<u64>().unwrap_or(0), d.id.clone()))
        })
        .collect();
    Ok((pairs, speech_of))
}

fn save(path: &Option<PathBuf>, value: &serde_json::Value) -> Result<()> {
    if let Some(p) = path {
        if let Some(dir) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut f = AtomicFile::create(p)?;
        serde_json::to_writer_pretty(&mut f, value)?;
        f.write_all(b"\n")?;
        f.commit()?;
    }
    Ok(())
}

pub fn run(args: Args) -> Result<ExitCode> {
    let mut s = TrainSettings::default();
    s.train.epochs = args.epochs;
    s.train.l2 = args.l2;
    s.train.learning_rate = args.learning_rate;
    let value = match &args.protocol {
        Protocol::Argunsc { at } => argunsc(&args, &s, at)?,
        Protocol::ArgunscFinetune { at, ft } => finetune(&s, at, ft, args.autocast)?,
        Protocol::ArgunscPairsFinetune { at, ft } => finetune_pairs(&s, at, ft, args.autocast)?,
        Protocol::Microtexts { path } => microtexts(&args, &s, path)?,
        Protocol::GenreLinks(g) => genre_links(s.clone(), g)?,
        Protocol::Cdcp { path } => cdcp(&args, &s, path)?,
    };
    save(&args.report, &value)?;
    Ok(ExitCode::SUCCESS)
}

/// `argmine cv argunsc`.
fn argunsc(args: &Args, s: &TrainSettings, at: &ArgunscFolds) -> Result<serde_json::Value> {
    let ArgunscFolds { path, folds, seed } = at;
    let docs = gold::load(path, Format::Argunsc)?;
    let (pairs, speech_of) = argunsc_pairs(path, &docs)?;
    let mut texts = argmine::model::train::texts_to_embed(&docs, &[], &[]);
    texts.extend(
        pairs
            .iter()
            .flat_map(|p| [p.claim.clone(), p.premise.clone()]),
    );
    let cache = crate::train::embed_texts(args.backend, &texts, args.autocast)?;
    let emb = cache.as_ref();
    let sent = cv::argunsc_sentences(&docs, *folds, *seed, s, emb);
    let grouped = cv::argunsc_pairs(&pairs, &speech_of, true, *folds, *seed, s, emb);
    let random = cv::argunsc_pairs(&pairs, &speech_of, false, *folds, *seed, s, emb);
    println!(
        "ArgUNSC, {} sentences, {}-fold CV grouped by speech",
        sent.sentences, sent.folds
    );
    let ci = |name: &str| with_interval(&sent.intervals, name);
    println!(
        "  arg vs non-arg macro-F1     {:.3} {} (cue baseline {:.3}; {})",
        sent.arg_macro_f1,
        ci("arg_macro_f1"),
        sent.baseline_arg_macro_f1,
        published::cite("argunsc", "arg_macro_f1")
    );
    println!(
        "  claim vs premise weighted F1 {:.3} {} (cue baseline {:.3}; {})",
        sent.claim_premise_weighted_f1,
        ci("claim_premise_weighted_f1"),
        sent.baseline_claim_premise_weighted_f1,
        published::cite("argunsc", "claim_premise_weighted_f1")
    );
    for p in [&grouped, &random] {
        println!(
            "  pairs, {}: related weighted F1 {:.3} ({}), support/attack macro-F1 {:.3} ({}), {} pairs",
            p.folds,
            p.related_weighted_f1,
            published::values("argunsc", "related_weighted_f1"),
            p.support_attack_macro_f1,
            published::values("argunsc", "support_attack_macro_f1"),
            p.pairs
        );
    }
    Ok(
        serde_json::json!({"protocol": "argunsc", "backend": format!("{:?}", args.backend), "sentences": sent, "pairs_grouped": grouped, "pairs_random": random, "seed": seed}),
    )
}

/// `argmine cv microtexts`.
fn microtexts(args: &Args, s: &TrainSettings, path: &Path) -> Result<serde_json::Value> {
    let en = path.join("corpus/en");
    let docs = gold::load(if en.is_dir() { &en } else { path }, Format::Microtexts)?;
    let folds_file = path.join("folds_peldszus_10x5cv.json");
    let folds: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(&folds_file)
            .with_context(|| format!("cannot read {}", folds_file.display()))?,
    )?;
    let test_folds: Vec<Vec<String>> = serde_json::from_value(folds["test_folds"].clone())
        .context("folds file: test_folds must be a list of lists of text ids")?;
    let cache = crate::train::embed_texts(
        args.backend,
        &argmine::model::train::texts_to_embed(&docs, &[], &[]),
        args.autocast,
    )?;
    let r = cv::microtexts(&docs, &test_folds, s, cache.as_ref());
    println!(
        "Microtexts part 1, {} texts, {} folds (10 iterations × 5)",
        docs.len(),
        r.folds
    );
    println!(
        "  central claim macro-F1 {:.3} ({})",
        r.cc_macro_f1,
        published::cite("microtexts", "central_claim_macro_f1")
    );
    println!(
        "  attachment macro-F1    {:.3} ({})",
        r.attachment_macro_f1,
        published::cite("microtexts", "attachment_macro_f1")
    );
    Ok(
        serde_json::json!({"protocol": "microtexts", "backend": format!("{:?}", args.backend), "result": r}),
    )
}

/// `argmine cv genre-links`.
fn genre_links(mut s: TrainSettings, g: &GenreLinksArgs) -> Result<serde_json::Value> {
    let GenreLinksArgs {
        path,
        weight,
        corpora,
        link_objective,
        link_threshold,
        link_features,
        link_decoding,
        markdown,
        pred_out,
    } = g;
    s.features.link_features = *link_features;
    if !(1..=1000).contains(weight) {
        anyhow::bail!("--weight must be 1 to 1000");
    }
    s.threshold = *link_threshold;
    s.link_objective = link_objective.to_lib();
    let docs = gold::load(path, Format::Json)?;
    let mut fixed = gold::load(&corpora.join("argunsc"), Format::Argunsc)?;
    fixed.extend(gold::load(&corpora.join("cdcp/train"), Format::Cdcp)?);
    fixed.extend(gold::load(
        &corpora.join("microtexts/corpus/en"),
        Format::Microtexts,
    )?);
    let decoding = link_decoding.to_lib();
    let (r, maps) = cv::gold_role_links(&fixed, &docs, *weight, &s, decoding)?;
    if let Some(dir) = pred_out {
        let pairs: Vec<_> = maps.iter().map(|m| (m.doc_id.as_str(), m)).collect();
        crate::output::write_csv_folder(dir, &pairs, Default::default())?;
    }
    println!(
        "{}: {} documents left out in turn, gold units and roles given, {} gold links ({:?} link scorer, weight {weight})",
        path.display(),
        r.documents,
        r.gold_links,
        s.link_objective
    );
    print!("{}", r.to_table());
    if let Some(md) = markdown {
        let mut f = AtomicFile::create(md)?;
        f.write_all(
            r.to_markdown(
                "Links on gold units and roles, leave one document out",
                &format!(
                    "argmine cv genre-links --path {} --weight {weight} --link-objective {:?} --link-decoding {:?}",
                    path.display(),
                    s.link_objective,
                    decoding
                ),
            )
            .as_bytes(),
        )?;
        f.commit()?;
    }
    Ok(
        serde_json::json!({"protocol": "genre-links", "link_objective": s.link_objective, "weight": weight, "report": r}),
    )
}

/// `argmine cv cdcp`.
fn cdcp(args: &Args, s: &TrainSettings, path: &Path) -> Result<serde_json::Value> {
    let train = gold::load(&path.join("train"), Format::Cdcp)?;
    let test = gold::load(&path.join("test"), Format::Cdcp)?;
    let mut texts = argmine::model::train::texts_to_embed(&train, &[], &[]);
    texts.extend(argmine::model::train::texts_to_embed(&test, &[], &[]));
    let cache = crate::train::embed_texts(args.backend, &texts, args.autocast)?;
    let r = cv::cdcp(&train, &test, s, cache.as_ref());
    println!(
        "CDCP, train {} comments, test {} comments, {} gold test links",
        train.len(),
        r.test_documents,
        r.gold_links
    );
    println!(
        "  link F1 {:.1} (TP {} FP {} FN {}; threshold {:.2} chosen on train) ({})",
        r.link_f1_percent,
        r.counts.tp,
        r.counts.fp,
        r.counts.fn_,
        r.threshold,
        published::cite("cdcp", "link_f1")
    );
    Ok(
        serde_json::json!({"protocol": "cdcp", "backend": format!("{:?}", args.backend), "result": r}),
    )
}

/// The encoders of a fine-tuning protocol: one per `--ft-model` (the default encoder when none
/// is given), each with its learning rate and number of seeds.
#[cfg(feature = "transformer")]
fn ensemble(opts: &FineTuneOpts, autocast: bool) -> Result<Vec<cv::EnsembleEncoder>> {
    use argmine::embed::{FineTuneConfig, TransformerConfig};
    let models: Vec<Option<PathBuf>> = if opts.ft_model.is_empty() {
        vec![None]
    } else {
        opts.ft_model.iter().cloned().map(Some).collect()
    };
    // A list of one value holds for every encoder; otherwise it needs one value per encoder.
    fn each<T: Copy>(name: &str, values: &[T], n: usize) -> Result<Vec<T>> {
        match values.len() {
            1 => Ok(vec![values[0]; n]),
            m if m == n => Ok(values.to_vec()),
            m => anyhow::bail!(
                "--{name} has {m} values for {n} encoders: give one, or one per --ft-model"
            ),
        }
    }
    let rates = each("ft-learning-rate", &opts.ft_learning_rate, models.len())?;
    let seeds = each("ft-seeds", &opts.ft_seeds, models.len())?;
    if seeds.contains(&0) {
        anyhow::bail!("--ft-seeds must be at least 1");
    }
    Ok(models
        .into_iter()
        .zip(rates.iter().zip(&seeds))
        .map(
            |(model_dir, (&learning_rate, &seeds))| cv::EnsembleEncoder {
                transformer: TransformerConfig {
                    model_dir,
                    threads: opts.threads,
                    autocast,
                    ..Default::default()
                },
                settings: FineTuneConfig {
                    epochs: opts.ft_epochs,
                    learning_rate,
                    batch_size: opts.ft_batch_size,
                    context_tokens: opts.ft_context,
                    ..Default::default()
                },
                seeds,
            },
        )
        .collect())
}

/// One fine-tuning step (`step` of `steps`, its loss) on the progress bar under `prefix`; when the
/// bar is hidden (not a terminal), every 100th step and the last on stderr, named `what`.
#[cfg(feature = "transformer")]
fn show_step(
    bar: &indicatif::ProgressBar,
    prefix: &str,
    what: &str,
    (step, steps, loss): (usize, usize, f64),
) {
    bar.set_prefix(prefix.to_string());
    bar.set_length(steps as u64);
    bar.set_position(step as u64);
    bar.set_message(format!("{loss:.3}"));
    if bar.is_hidden() && (step.is_multiple_of(100) || step == steps) {
        eprintln!("argmine: {what} step {step}/{steps} loss {loss:.3}");
    }
}

/// The member store of `--ft-store` (none without it).
#[cfg(feature = "transformer")]
fn member_store(opts: &FineTuneOpts) -> Result<Box<dyn cv::MemberStore>> {
    Ok(match &opts.ft_store {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            Box::new(DirStore(dir.clone()))
        }
        None => Box::new(cv::NoStore),
    })
}

#[cfg(feature = "transformer")]
fn finetune(
    s: &TrainSettings,
    at: &ArgunscFolds,
    opts: &FineTuneOpts,
    autocast: bool,
) -> Result<serde_json::Value> {
    let ArgunscFolds { path, folds, seed } = at;
    let (folds, seed) = (*folds, *seed);
    let encoders = ensemble(opts, autocast)?;
    let docs = gold::load(path, Format::Argunsc)?;
    let mut store = member_store(opts)?;
    let start = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(0).with_style(indicatif::ProgressStyle::with_template(
        "fold {prefix} {wide_bar} {pos}/{len} steps, loss {msg} ({elapsed})",
    )?);
    let names: Vec<String> = encoders
        .iter()
        .map(|e| e.transformer.model_name())
        .collect();
    let progress = |f: usize, e: usize, seed: u64, s: usize, n: usize, l: f64| {
        let name = &names[e];
        show_step(
            &bar,
            &format!("{}, {name} seed {seed}", f + 1),
            &format!("fold {} {name} seed {seed}", f + 1),
            (s, n, l),
        );
    };
    let r = cv::argunsc_sentences_finetuned(
        &docs,
        folds,
        seed,
        s,
        &encoders,
        store.as_mut(),
        progress,
    )?;
    bar.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    let first = &encoders[0].settings;
    let seeds_of = |n: usize| {
        if n > 1 {
            format!(", the mean of {n} seeds")
        } else {
            String::new()
        }
    };
    let what = match encoders.as_slice() {
        [e] => format!(
            "{} fine-tuned{} ({} epochs, lr {},",
            e.transformer.model_name(),
            seeds_of(e.seeds),
            first.epochs,
            e.settings.learning_rate
        ),
        many => format!(
            "fine-tuned {}, the mean of the encoders ({} epochs,",
            many.iter()
                .map(|e| format!(
                    "{} (lr {}{})",
                    e.transformer.model_name(),
                    e.settings.learning_rate,
                    seeds_of(e.seeds)
                ))
                .collect::<Vec<_>>()
                .join(" + "),
            first.epochs
        ),
    };
    println!(
        "ArgUNSC, {} sentences, {}-fold CV grouped by speech, {what} batch {}, context {} tokens a side, {} threads{}) in {:.0} s{}",
        r.sentences,
        r.folds,
        first.batch_size,
        first.context_tokens,
        opts.threads,
        if autocast { ", autocast" } else { "" },
        secs,
        if r.stored_members > 0 {
            format!(
                " ({} of {} members from the store; {:.0} s of fine-tuning in all)",
                r.stored_members,
                r.folds * r.seeds,
                r.member_seconds
            )
        } else {
            String::new()
        }
    );
    let ci = |name: &str| with_interval(&r.intervals, name);
    println!(
        "  arg vs non-arg macro-F1      fine-tuned {:.3} {}, linear {:.3} {}, mean of both {:.3} {} ({})",
        r.arg_macro_f1,
        ci("arg_macro_f1"),
        r.linear_arg_macro_f1,
        ci("linear_arg_macro_f1"),
        r.mean_arg_macro_f1,
        ci("mean_arg_macro_f1"),
        published::cite("argunsc", "arg_macro_f1")
    );
    println!(
        "  claim vs premise weighted F1 fine-tuned {:.3} {}, linear {:.3} {}, mean of both {:.3} {} ({})",
        r.claim_premise_weighted_f1,
        ci("claim_premise_weighted_f1"),
        r.linear_claim_premise_weighted_f1,
        ci("linear_claim_premise_weighted_f1"),
        r.mean_claim_premise_weighted_f1,
        ci("mean_claim_premise_weighted_f1"),
        published::cite("argunsc", "claim_premise_weighted_f1")
    );
    let several = encoders.len() > 1;
    for one in &r.per_seed {
        println!(
            "  {}seed {} alone: arg vs non-arg {:.3}, claim vs premise {:.3}",
            if several {
                format!("{} ", one.encoder)
            } else {
                String::new()
            },
            one.seed,
            one.arg_macro_f1,
            one.claim_premise_weighted_f1
        );
    }
    for e in &r.per_encoder {
        println!(
            "  {} ({} seeds): arg vs non-arg {:.3}, with linear {:.3}; claim vs premise {:.3}, with linear {:.3}",
            e.encoder,
            e.seeds,
            e.arg_macro_f1,
            e.mean_arg_macro_f1,
            e.claim_premise_weighted_f1,
            e.mean_claim_premise_weighted_f1
        );
    }
    Ok(
        serde_json::json!({"protocol": "argunsc-finetune", "threads": opts.threads, "autocast": autocast, "seconds": secs, "sentences": r, "seed": seed}),
    )
}

/// A figure's 95% interval from a report's `intervals`, as `[lo, hi]`.
fn with_interval(intervals: &std::collections::BTreeMap<String, [f64; 2]>, name: &str) -> String {
    intervals
        .get(name)
        .map_or_else(String::new, |[lo, hi]| format!("[{lo:.3}, {hi:.3}]"))
}

/// `argunsc-pairs-finetune`: both kinds of folds, one encoder.
#[cfg(feature = "transformer")]
fn finetune_pairs(
    s: &TrainSettings,
    at: &ArgunscFolds,
    opts: &FineTuneOpts,
    autocast: bool,
) -> Result<serde_json::Value> {
    let ArgunscFolds { path, folds, seed } = at;
    let encoders = ensemble(opts, autocast)?;
    let [encoder] = encoders.as_slice() else {
        anyhow::bail!("argunsc-pairs-finetune fine-tunes one encoder: give one --ft-model");
    };
    let docs = gold::load(path, Format::Argunsc)?;
    let (pairs, speech_of) = argunsc_pairs(path, &docs)?;
    let mut store = member_store(opts)?;
    let start = std::time::Instant::now();
    let bar = indicatif::ProgressBar::new(0).with_style(indicatif::ProgressStyle::with_template(
        "{prefix} {wide_bar} {pos}/{len} steps, loss {msg} ({elapsed})",
    )?);
    let mut out = serde_json::Map::new();
    for grouped in [true, false] {
        let kind = if grouped { "grouped" } else { "random" };
        let progress = |f: usize, seed: u64, s: usize, n: usize, l: f64| {
            show_step(
                &bar,
                &format!("{kind} fold {}, seed {seed}", f + 1),
                &format!("pairs {kind} fold {} seed {seed}", f + 1),
                (s, n, l),
            );
        };
        let r = cv::argunsc_pairs_finetuned(
            &pairs,
            &speech_of,
            grouped,
            *folds,
            *seed,
            s,
            encoder,
            store.as_mut(),
            progress,
        )?;
        out.insert(format!("pairs_{kind}"), serde_json::to_value(&r)?);
    }
    bar.finish_and_clear();
    let secs = start.elapsed().as_secs_f64();
    let e = &encoder.settings;
    println!(
        "ArgUNSC pairs, {} fine-tuned{} ({} epochs, lr {}, batch {}, second sentence {} tokens, {} threads{}) in {:.0} s",
        encoder.transformer.model_name(),
        if encoder.seeds > 1 {
            format!(", the mean of {} seeds", encoder.seeds)
        } else {
            String::new()
        },
        e.epochs,
        e.learning_rate,
        e.batch_size,
        if e.context_tokens == 0 { e.max_tokens } else { e.context_tokens },
        opts.threads,
        if autocast { ", autocast" } else { "" },
        secs
    );
    for kind in ["grouped", "random"] {
        let r: cv::FineTunedPairs = serde_json::from_value(out[&format!("pairs_{kind}")].clone())?;
        println!(
            "  {}, {} pairs: related weighted F1 fine-tuned {:.3}, linear {:.3}, mean of both {:.3} ({}); support/attack macro-F1 fine-tuned {:.3}, linear {:.3}, mean of both {:.3} ({})",
            r.folds,
            r.pairs,
            r.related_weighted_f1,
            r.linear_related_weighted_f1,
            r.mean_related_weighted_f1,
            published::cite("argunsc", "related_weighted_f1"),
            r.support_attack_macro_f1,
            r.linear_support_attack_macro_f1,
            r.mean_support_attack_macro_f1,
            published::values("argunsc", "support_attack_macro_f1")
        );
    }
    out.insert("protocol".into(), "argunsc-pairs-finetune".into());
    out.insert("threads".into(), opts.threads.into());
    out.insert("autocast".into(), autocast.into());
    out.insert("seconds".into(), secs.into());
    out.insert("seed".into(), (*seed).into());
    Ok(serde_json::Value::Object(out))
}

#[cfg(not(feature = "transformer"))]
fn finetune_pairs(
    s: &TrainSettings,
    at: &ArgunscFolds,
    opts: &FineTuneOpts,
    autocast: bool,
) -> Result<serde_json::Value> {
    finetune(s, at, opts, autocast)
}

#[cfg(not(feature = "transformer"))]
fn finetune(
    _: &TrainSettings,
    _: &ArgunscFolds,
    _: &FineTuneOpts,
    _: bool,
) -> Result<serde_json::Value> {
    anyhow::bail!(
        "fine-tuning needs the transformer backend: run scripts/setup-transformer.sh, \
         `source scripts/transformer-env.sh`, and build with `--features transformer`"
    )
}

/// How the linker decodes (see `--link-decoding`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Decoding {
    /// Each unit's best target; a link that would close a cycle is dropped.
    Greedy,
    /// The best forest (maximum spanning arborescence).
    Tree,
    /// One tree per document rooted at its main claim.
    Rooted,
}

impl Decoding {
    /// The library's value.
    pub fn to_lib(self) -> argmine::link::LinkDecoding {
        match self {
            Self::Greedy => argmine::link::LinkDecoding::Greedy,
            Self::Tree => argmine::link::LinkDecoding::Tree,
            Self::Rooted => argmine::link::LinkDecoding::Rooted,
        }
    }
}
