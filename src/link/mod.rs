//! Link: for each argumentative unit, the claim it supports or attacks.

mod forest;
mod tfidf;

pub use forest::{max_forest, Candidate};

pub use tfidf::{cosine as sparse_cosine, tfidf as tfidf_vectors, TfidfLinker, TfidfLinkerConfig};

use crate::document::{Link, Sentence};

/// A linking stage.
pub trait Linker: Send + Sync {
    /// Links between the units of one document whose roles are set. Every link's target is a
    /// claim, each unit has at most one outgoing link, the links form no cycle, and they are
    /// ordered by source.
    fn link(&self, units: &[Sentence]) -> crate::Result<Vec<Link>>;
}
