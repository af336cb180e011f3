//! Link: for each argumentative unit, the claim it supports or attacks. Every linker lives here:
//! the TF-IDF baseline ([`TfidfLinker`]), the learned link scorer ([`LearnedLinker`], over the
//! features of [`features`]) and the fine-tuned pair encoder ([`finetuned`], with the
//! `transformer` feature); [`max_forest`] is the tree decoding they share.

pub mod features;
pub mod finetuned;
mod forest;
mod linear;
mod tfidf;

pub use features::{
    link_features, main_claim_features, nolink_features, pair_features, predict_main, LinkContext,
};
#[cfg(feature = "transformer")]
pub use finetuned::FineTunedLinker;
pub use forest::{max_forest, Candidate};
pub use linear::{
    candidates, listwise_decision, main_claim, CandidateProbs, LearnedLinker, LinkDecoding,
};
pub use tfidf::{TfidfLinker, TfidfLinkerConfig};

use crate::document::{Link, Sentence};

/// A linking stage.
pub trait Linker: Send + Sync {
    /// Links between the units of one document whose roles are set. Every link's target is a
    /// claim, each unit has at most one outgoing link, the links form no cycle, and they are
    /// ordered by source.
    fn link(&self, units: &[Sentence]) -> crate::Result<Vec<Link>>;
}

/// The centroid of the TF-IDF vectors `vecs` of the argumentative units (role other than none) of
/// `units`, and its norm: a unit's centrality is its cosine with it, divided by the norm.
pub(crate) fn argument_centroid(
    units: &[Sentence],
    vecs: &[crate::util::sparse::Sparse],
) -> (crate::util::sparse::Sparse, f32) {
    crate::util::sparse::centroid(
        units
            .iter()
            .zip(vecs)
            .filter(|(u, _)| u.role != crate::document::Role::None)
            .map(|(_, v)| v),
    )
}
