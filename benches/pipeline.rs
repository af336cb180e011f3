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
    g.bench_function("export_csv", |b| {
        b.iter(|| {
            let mut e = CsvExporter::new(Vec::new(), Vec::new(), Vec::new()).unwrap();
            e.write_map("seed.txt", &map).unwrap();
            e.finish().unwrap()
        })
    });
    g.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
