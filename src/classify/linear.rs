//! The learned role classifier: logistic regression over the features of [`super::features`].

use crate::classify::cues::doc_cues_words;
use crate::classify::features::role_proba;
use crate::classify::SentenceClassifier;
use crate::document::Sentence;
use crate::embed::SharedEmbedder;
use crate::model::file::ArgModel;
use crate::util::words::words;
use std::sync::Arc;

/// The learned role classifier. Units the normalizer flags as heading lines go to the cue baseline
/// instead: training builds its units from gold annotations, where no unit carries the heading
/// flag (an essay's title is learned as an ordinary sentence), so the model has never seen the
/// flag, while the guidelines give the rule the baseline encodes (a headline that asserts
/// something is a claim, a section title is none).
#[derive(Debug, Clone)]
pub struct LearnedClassifier {
    model: Arc<ArgModel>,
    headings: crate::classify::CueBaseline,
    embedder: Option<Arc<SharedEmbedder>>,
}

impl LearnedClassifier {
    /// A classifier with the role model of `model`; `embedder` must be given when the model was
    /// trained with embeddings (its header names a backend).
    pub fn new(model: Arc<ArgModel>, embedder: Option<Arc<SharedEmbedder>>) -> Self {
        Self {
            model,
            headings: crate::classify::CueBaseline::default(),
            embedder,
        }
    }
}

impl SentenceClassifier for LearnedClassifier {
    fn classify(&self, units: &[Sentence]) -> crate::Result<Vec<[f32; 4]>> {
        let ws: Vec<Vec<String>> = units.iter().map(|u| words(&u.text)).collect();
        let cues = doc_cues_words(units, &ws);
        let emb = crate::embed::embed_units(&self.embedder, units, true)?;
        Ok((0..units.len())
            .map(|i| {
                if units[i].heading {
                    return crate::classify::softmax(&self.headings.scores(cues[i].view()));
                }
                let p = role_proba(
                    &self.model.roles,
                    units,
                    &cues,
                    i,
                    &self.model.header.features,
                    emb.as_ref(),
                    &ws[i],
                );
                [p[0], p[1], p[2], p[3]]
            })
            .collect())
    }
}
