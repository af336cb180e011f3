//! argmine: argument mining for analysis articles.
//!
//! The pipeline runs these stages in order. Ingest and export are functions and writers; the
//! stages between are traits with one verb, and each stage's folder holds all of its
//! implementations (baseline, learned, fine-tuned):
//!
//! 1. **Ingest** ([`ingest::extract`]): bytes to text: plain text decoded ([`ingest::decode`]: BOM
//!    stripped, binary and invalid UTF-8 rejected with the byte offset), a PDF's text layer in
//!    reading order ([`ingest::pdf`]), an HTML page's main text ([`ingest::html`]).
//! 2. **Normalize** ([`normalize::Normalizer`]): repair PDF-extracted text (hyphenation at line
//!    breaks, paragraphs cut by page breaks, heading lines), keeping an alignment to the original.
//! 3. **Segment** ([`segment::Segmenter`]): sentence boundaries, mapped back to char and byte
//!    offsets of the original.
//! 4. **Tokenize** ([`tokenize::Tokenize`]): WordPiece tokens with the `tokenizers` crate.
//! 5. **Classify** ([`classify::SentenceClassifier`]): `claim`, `evidence`, `stance` or `none`,
//!    with a probability per role: the learned linear model ([`classify::LearnedClassifier`], trained by
//!    [`model::train()`]), the fine-tuned encoder or the cue baseline.
//! 6. **Link** ([`link::Linker`]): each argumentative unit to the claim it supports or attacks
//!    ([`link::LearnedLinker`], the fine-tuned pair encoder, or the TF-IDF baseline).
//!
//! Beside the stages: [`model`] (the linear model, its versioned file and training), [`eval`]
//! (matching, metrics and the cross-validation protocols of [`eval::protocols`]), [`annotation`]
//! (readers of the annotated corpora), [`embed`] (sentence encoders) and [`util`] (hashing, the
//! seeded RNG, sparse vectors, English word lists).
//! 7. **Export** ([`export::CsvExporter`]): CSV argument maps to any `io::Write`.
//!
//! [`Pipeline`] composes the stages from a serde [`PipelineConfig`]. The library prints nothing
//! and walks no folders: that is the binary's job.
//!
//! ```
//! use argmine::{Pipeline, PipelineConfig, Role};
//!
//! let text = "ENERGY POLICY\n\nThe plan will clearly fail. According to a 2020 survey, \
//!             64% of respondents opposed it.";
//! // The default pipeline uses the learned model shipped in models/default.
//! let map = Pipeline::new(&PipelineConfig::default()).unwrap().run("example", text).unwrap();
//! assert_eq!(map.sentences.len(), 3);
//! assert!(map.sentences[0].heading);
//! assert_eq!(map.sentences[2].role, Role::Evidence);
//! // Every span slices the original text.
//! assert_eq!(&text[map.sentences[1].span.byte.clone()], "The plan will clearly fail.");
//! // The transparent baselines need no model file.
//! let baseline = Pipeline::new(&PipelineConfig::baseline()).unwrap();
//! let map = baseline.run("example", text).unwrap();
//! assert_eq!(map.sentences[0].role, Role::None);
//! assert_eq!(map.sentences[1].role, Role::Claim);
//! ```
#![deny(missing_docs)]

pub mod annotation;
pub mod classify;
pub mod document;
pub mod embed;
mod error;
pub mod eval;
pub mod export;
pub mod ingest;
pub mod link;
pub mod model;
pub mod normalize;
pub mod pipeline;
pub mod segment;
pub mod text;
pub mod tokenize;
pub mod util;

pub use document::{ArgumentMap, Link, Relation, Role, Sentence};
pub use error::{Error, Result};
pub use pipeline::{Pipeline, PipelineConfig};
