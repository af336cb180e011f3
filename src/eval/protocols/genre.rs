//! The in-genre link protocol: links on gold units and roles, each essay held out in turn.

#[allow(unused_imports)]
use super::*;
use crate::annotation::GoldDocument;
use crate::model::train::{gold_sentences, TrainSettings};

/// Leave-one-document-out cross-validation of the linker alone, on gold units with gold roles
/// (the link-identification setting of Stab & Gurevych 2017 and Persing & Ng 2016, where the
/// components are given): for each document of `docs`, a link scorer is trained on `fixed` plus
/// the other documents (each `weight` times), then links the held-out document's gold units.
/// Role errors, which dominate the end-to-end link figures, are taken out, so link features and
/// objectives can be compared on what they change. Scored with [`crate::eval::evaluate`] (roles
/// are perfect by construction; links strict and relaxed, reachability, document bootstrap).
/// The linker decodes as `decoding` says. Returns the report and the held-out predictions (gold
/// units and roles, predicted links).
pub fn gold_role_links(
    fixed: &[GoldDocument],
    docs: &[GoldDocument],
    weight: usize,
    s: &TrainSettings,
    decoding: crate::link::LinkDecoding,
) -> crate::Result<(crate::eval::Report, Vec<crate::document::ArgumentMap>)> {
    use crate::link::Linker;
    let maps = (0..docs.len())
        .map(|i| {
            let mut link_docs = fixed.to_vec();
            for (j, d) in docs.iter().enumerate() {
                if j != i {
                    link_docs.extend(std::iter::repeat_n(d, weight).cloned());
                }
            }
            let model = crate::model::train(&[], &link_docs, &[], s, None, Default::default());
            let linker = crate::link::LearnedLinker::new(std::sync::Arc::new(model), None)
                .with_decoding(decoding)?;
            let mut sentences = gold_sentences(&docs[i]);
            for u in &mut sentences {
                u.probs[u.role.index()] = 1.0;
            }
            let links = linker.link(&sentences)?;
            Ok(crate::document::ArgumentMap {
                doc_id: docs[i].id.clone(),
                title: None,
                sentences,
                links,
            })
        })
        .collect::<crate::Result<Vec<_>>>()?;
    let preds: Vec<crate::eval::PredDocument> = maps.iter().map(Into::into).collect();
    let pairs: Vec<_> = docs.iter().zip(&preds).collect();
    Ok((crate::eval::evaluate(&pairs, 2026), maps))
}
