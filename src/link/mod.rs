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

/// Makes every unit of `units` that a link of `links` points to a claim: a link's target is a
/// claim by definition, so when the linker may link to units the classifier did not call claims
/// ([`crate::model::LinkTargets::Argumentative`]), the link decides the target's role. The unit's
/// probabilities stay the classifier's. Returns how many units changed role; with a linker that
/// links to claims only, none do.
pub fn promote_targets(units: &mut [Sentence], links: &[Link]) -> usize {
    let index: std::collections::HashMap<usize, usize> =
        units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let mut changed = 0;
    for l in links {
        if let Some(&t) = index.get(&l.target) {
            if units[t].role != crate::document::Role::Claim {
                units[t].role = crate::document::Role::Claim;
                changed += 1;
            }
        }
    }
    changed
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{Relation, Role};

    #[test]
    fn a_unit_a_link_points_to_becomes_a_claim() {
        let roles = [Role::Claim, Role::Evidence, Role::Stance, Role::Evidence];
        let mut units: Vec<Sentence> = roles
            .iter()
            .enumerate()
            .map(|(i, &role)| Sentence {
                id: i + 1,
                role,
                ..Sentence::test_unit("A unit.")
            })
            .collect();
        let link = |source, target| Link {
            source,
            target,
            relation: Relation::Support,
            score: 0.9,
        };
        // Links to a claim change nothing.
        assert_eq!(promote_targets(&mut units, &[link(2, 1), link(3, 1)]), 0);
        // Unit 4 backs unit 2 (evidence, made a claim); unit 2 still links to the claim.
        let links = [link(2, 1), link(4, 2)];
        assert_eq!(promote_targets(&mut units, &links), 1);
        let got: Vec<Role> = units.iter().map(|u| u.role).collect();
        assert_eq!(
            got,
            vec![Role::Claim, Role::Claim, Role::Stance, Role::Evidence]
        );
        // The classifier's probabilities are kept.
        assert_eq!(units[1].probs, Sentence::test_unit("A unit.").probs);
    }
}
