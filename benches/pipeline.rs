//! Throughput of each stage and of the whole pipeline on the seed article, in bytes and units.
//! Run with `cargo bench`; see eval/PERFORMANCE.md for results on whole corpora.

use argmine::classify::{CueBaseline, SentenceClassifier};
use argmine::export::CsvExporter;
use argmine::link::{Linker, TfidfLinker};
use argmine::normalize::{Normalizer, PdfRepair, PdfRepairConfig};
use argmine::segment::{RuleSegmenter, Segmenter};
use argmine::tokenize::{HfTokenizer, Tokenize};
use argmine::{Pipeline, PipelineConfig};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::sync::Arc;

const SEED: &str = include_str!("../corpus/000_6308da54c4a726a2.txt");

fn stages(c: &mut Criterion) {
    let pipeline = Pipeline::new(&PipelineConfig::default()).unwrap();
    let map = pipeline.run("seed", SEED).unwrap();
    let n_units = map.sentences.len() as u64;
    let repair = PdfRepair::new(
        PdfRepairConfig::default(),
        Arc::new(argmine::pipeline::default_lexicon().unwrap()),
    );
    let normalized = repair.normalize(SEED);
    let segmenter = RuleSegmenter::default();
    let tokenizer = HfTokenizer::minilm().unwrap();
    // The baselines (cue classifier, TF-IDF linker).
    let classifier = CueBaseline::default();
    let linker = TfidfLinker::default();

    let mut g = c.benchmark_group("bytes");
    g.throughput(Throughput::Bytes(SEED.len() as u64));
    g.bench_function("normalize", |b| b.iter(|| repair.normalize(SEED)));
    g.bench_function("segment", |b| b.iter(|| segmenter.segment(&normalized)));
    g.bench_function("end_to_end", |b| {
        b.iter(|| pipeline.run("seed", SEED).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("units");
    g.throughput(Throughput::Elements(n_units));
    g.bench_function("tokenize", |b| {
        b.iter(|| {
            map.sentences
                .iter()
                .map(|s| tokenizer.count(&s.text).unwrap())
                .sum::<usize>()
        })
    });
    g.bench_function("classify", |b| {
        b.iter(|| classifier.classify(&map.sentences).unwrap())
    });
    g.bench_function("link", |b| b.iter(|| linker.link(&map.sentences).unwrap()));
    // The default pipeline's own stages: the learned linear classifier and linker of
    // models/default (issue 25: where the time of the fast tier goes).
    let model = Arc::new(argmine::pipeline::load_model(None).unwrap());
    let learned_classifier = argmine::classify::LearnedClassifier::new(model.clone(), None);
    let learned_linker = argmine::link::LearnedLinker::new(model, None);
    g.bench_function("classify_learned", |b| {
        b.iter(|| learned_classifier.classify(&map.sentences).unwrap())
    });
    g.bench_function("link_learned", |b| {
        b.iter(|| learned_linker.link(&map.sentences).unwrap())
    });
    g.bench_function("export_csv", |b| {
        b.iter(|| {
            let mut e = CsvExporter::new(Vec::new(), Vec::new(), Vec::new()).unwrap();
            e.write_map("seed.txt", &map).unwrap();
            e.finish().unwrap()
        })
    });
    g.finish();
}

/// Linking cost against document length: a UN General Debate speech of about 300 units and ten
/// of them concatenated (about 3,000 units). Candidates are a window plus the most central claims,
/// so the cost should grow about linearly, not with the square of the length.
fn link_scaling(c: &mut Criterion) {
    let speech = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/ungdc/TXT/Session 79 - 2024/USA_79_2024.txt"
    ))
    .unwrap_or_else(|_| SEED.repeat(8));
    let pipeline = Pipeline::new(&PipelineConfig::default()).unwrap();
    let linker = argmine::link::LearnedLinker::new(
        std::sync::Arc::new(argmine::pipeline::load_model(None).unwrap()),
        None,
    );
    let mut g = c.benchmark_group("link_scaling");
    g.sample_size(10);
    for copies in [1usize, 10, 100] {
        let text = vec![speech.as_str(); copies].join("\n\n");
        let map = pipeline.run("long", &text).unwrap();
        let n = map.sentences.len() as u64;
        g.throughput(Throughput::Elements(n));
        g.bench_function(format!("learned_{n}_units"), |b| {
            b.iter(|| linker.link(&map.sentences).unwrap())
        });
        let tfidf = TfidfLinker::default();
        g.bench_function(format!("tfidf_{n}_units"), |b| {
            b.iter(|| tfidf.link(&map.sentences).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, stages, link_scaling);
criterion_main!(benches);
