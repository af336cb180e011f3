//! The TF-IDF baseline linker: lexical similarity combined with distance, paragraph and
//! discourse cues, and the centrality of the candidate claim.

use super::Linker;
use crate::classify::cues::is_concessive;
use crate::document::{Link, Relation, Role, Sentence};
use crate::util::sparse::{cosine, tfidf};
use serde::{Deserialize, Serialize};

/// Settings of [`TfidfLinker`]. The weights add up to 1, so that a score is in [0, 1].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TfidfLinkerConfig {
    /// Minimum score of a link.
    pub threshold: f32,
    /// Candidate claims are those within this many units before or after the source, plus the
    /// `central` most central claims of the document (so the cost grows linearly with length).
    pub window: usize,
    /// How many of the most central claims are candidates for every source.
    pub central: usize,
    /// Weight of the TF-IDF cosine similarity.
    pub w_similarity: f32,
    /// Weight of proximity, `exp(-distance / decay)`.
    pub w_proximity: f32,
    /// Distance (in units) over which proximity falls by a factor e.
    pub decay: f32,
    /// Weight of being in the same paragraph.
    pub w_same_paragraph: f32,
    /// Weight of the claim coming before the source.
    pub w_backward: f32,
    /// Weight of the centrality of the claim (similarity to the whole document).
    pub w_centrality: f32,
    /// Weight of the claim being a headline.
    pub w_headline: f32,
}

impl Default for TfidfLinkerConfig {
    fn default() -> Self {
        Self {
            threshold: 0.3,
            window: 40,
            central: 3,
            w_similarity: 0.35,
            w_proximity: 0.25,
            decay: 8.0,
            w_same_paragraph: 0.15,
            w_backward: 0.05,
            w_centrality: 0.1,
            w_headline: 0.1,
        }
    }
}

/// The TF-IDF baseline linker (see the module docs).
#[derive(Debug, Clone, Default)]
pub struct TfidfLinker {
    config: TfidfLinkerConfig,
}

impl TfidfLinker {
    /// A linker with `config`.
    pub fn new(config: TfidfLinkerConfig) -> Self {
        Self { config }
    }

    /// The settings.
    pub fn config(&self) -> &TfidfLinkerConfig {
        &self.config
    }
}

impl Linker for TfidfLinker {
    fn link(&self, units: &[Sentence]) -> crate::Result<Vec<Link>> {
        let c = &self.config;
        let texts: Vec<&str> = units.iter().map(|u| u.text.as_str()).collect();
        let vecs = tfidf(&texts);
        let (centroid, norm) = crate::link::argument_centroid(units, &vecs);
        let claims: Vec<usize> = (0..units.len())
            .filter(|&i| units[i].role == Role::Claim)
            .collect();
        let mut centrality = vec![0.0f32; units.len()];
        for &i in &claims {
            centrality[i] = cosine(&vecs[i], &centroid) / norm;
        }
        let max_c = claims
            .iter()
            .map(|&i| centrality[i])
            .fold(0.0f32, f32::max)
            .max(1e-9);
        // Strict order of "more central": headlines first, then centrality, then earlier.
        let rank = |i: usize| (units[i].heading, centrality[i], std::cmp::Reverse(i));
        let more_central = |a: usize, b: usize| {
            let (ra, rb) = (rank(a), rank(b));
            (ra.0, ra.1, ra.2).partial_cmp(&(rb.0, rb.1, rb.2)) == Some(std::cmp::Ordering::Greater)
        };
        let mut top: Vec<usize> = claims.clone();
        top.sort_by(|&a, &b| {
            rank(b)
                .partial_cmp(&rank(a))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        top.truncate(c.central);

        let mut links = Vec::new();
        for (s, su) in units.iter().enumerate() {
            if su.role == Role::None || (su.role == Role::Claim && su.heading) {
                continue;
            }
            let lo = claims.partition_point(|&k| k + c.window < s);
            let hi = claims.partition_point(|&k| k <= s + c.window);
            let mut cands: Vec<usize> = claims[lo..hi].to_vec();
            cands.extend(
                top.iter()
                    .copied()
                    .filter(|&k| k + c.window < s || k > s + c.window),
            );
            let mut best: Option<(f32, usize)> = None;
            for t in cands {
                if t == s || (su.role == Role::Claim && !more_central(t, s)) {
                    continue;
                }
                let tu = &units[t];
                let d = s.abs_diff(t) as f32;
                let score = c.w_similarity * cosine(&vecs[s], &vecs[t])
                    + c.w_proximity * (-d / c.decay).exp()
                    + c.w_same_paragraph * (tu.paragraph == su.paragraph) as u8 as f32
                    + c.w_backward * (t < s) as u8 as f32
                    + c.w_centrality * centrality[t] / max_c
                    + c.w_headline * tu.heading as u8 as f32;
                // Ties go to the nearer, then the earlier claim, so the result is deterministic.
                let better = match best {
                    None => true,
                    Some((b, bt)) => {
                        score > b || (score == b && (d, t) < (s.abs_diff(bt) as f32, bt))
                    }
                };
                if better {
                    best = Some((score, t));
                }
            }
            if let Some((score, t)) = best.filter(|b| b.0 >= c.threshold) {
                let relation = if is_concessive(&su.text) {
                    Relation::Attack
                } else {
                    Relation::Support
                };
                links.push(Link {
                    source: su.id,
                    target: units[t].id,
                    relation,
                    score: score.clamp(0.0, 1.0),
                });
            }
        }
        Ok(links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn unit(id: usize, paragraph: usize, role: Role, text: &str) -> Sentence {
        Sentence {
            id,
            paragraph,
            role,
            ..Sentence::test_unit(text)
        }
    }

    #[test]
    fn evidence_links_to_the_related_claim_across_paragraphs() {
        let units = vec![
            unit(
                1,
                1,
                Role::Claim,
                "Public opinion blocks any compromise on the border.",
            ),
            unit(2, 1, Role::None, "The talks resumed in spring."),
            unit(
                3,
                2,
                Role::Claim,
                "Trade between the two is growing quickly.",
            ),
            unit(
                4,
                2,
                Role::Evidence,
                "Exports rose by 40% in 2019 according to customs data.",
            ),
            unit(
                5,
                3,
                Role::Evidence,
                "A poll found 78% of respondents oppose any compromise on the border.",
            ),
            unit(
                6,
                3,
                Role::Evidence,
                "Although trade grew, exports fell in 2020.",
            ),
        ];
        let links = TfidfLinker::default().link(&units).unwrap();
        let by_source: HashMap<usize, (usize, Relation)> = links
            .iter()
            .map(|l| (l.source, (l.target, l.relation)))
            .collect();
        assert_eq!(by_source.get(&4), Some(&(3, Relation::Support)));
        assert_eq!(by_source.get(&5), Some(&(1, Relation::Support)));
        assert_eq!(by_source.get(&6).map(|x| x.1), Some(Relation::Attack));
        assert!(!by_source.contains_key(&2), "none units do not link");
        // A forest: targets are claims, one outgoing link per source, no cycles.
        for l in &links {
            assert_eq!(units[l.target - 1].role, Role::Claim);
            assert!((0.0..=1.0).contains(&l.score));
        }
        let mut parent: HashMap<usize, usize> = HashMap::new();
        for l in &links {
            assert!(parent.insert(l.source, l.target).is_none());
        }
        for &start in parent.keys() {
            let mut seen = vec![start];
            let mut cur = start;
            while let Some(&p) = parent.get(&cur) {
                assert!(!seen.contains(&p), "cycle through {p}");
                seen.push(p);
                cur = p;
            }
        }
    }

    #[test]
    fn tfidf_vectors_are_unit_length() {
        let v = tfidf(&["Russia and Japan", "Japan alone", "the of and"]);
        for x in &v[..2] {
            let n: f32 = x.iter().map(|t| t.1 * t.1).sum();
            assert!((n - 1.0).abs() < 1e-5);
        }
        assert!(v[2].is_empty());
        assert!(cosine(&v[0], &v[1]) > 0.0);
    }
}
