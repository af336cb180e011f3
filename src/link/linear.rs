//! The learned link scorer and its decoding into a forest.

use crate::document::{Link, Relation, Role, Sentence};
use crate::embed::{EmbCache, SharedEmbedder};
use crate::link::features::{link_features, nolink_features, LinkContext, PairScorer};
use crate::link::Linker;
use crate::model::file::{ArgModel, LinkObjective, LinkTargets, ModelHeader};
use crate::model::linear::ListGroup;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// Candidate targets of `s`: the units within `window` units that `targets` admits (the claims,
/// or every argumentative unit), plus `central` (the most central claims), in text order. Only
/// the window is scanned, so a document's candidates cost O(units × window), not O(units²).
pub fn candidates(
    units: &[Sentence],
    central: &[usize],
    s: usize,
    window: usize,
    targets: LinkTargets,
) -> Vec<usize> {
    let lo = s.saturating_sub(window);
    let hi = s.saturating_add(window).min(units.len().saturating_sub(1));
    let mut v: Vec<usize> = (lo..=hi)
        .filter(|&t| t != s && targets.admits(units[t].role))
        .collect();
    v.extend(
        central
            .iter()
            .copied()
            .filter(|&t| t != s && !(lo..=hi).contains(&t)),
    );
    v.sort_unstable();
    v
}

/// For each unit of a document, its candidate targets (unit indices, in text order) with the
/// probabilities of none, support and attack.
pub type CandidateProbs = Vec<Vec<(usize, [f32; 3])>>;

/// How a linker turns its candidates' probabilities into a forest of links.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkDecoding {
    /// Each unit's most probable candidate, kept when the probability of a link reaches the
    /// threshold; links are added from the most to the least probable and one that would close
    /// a cycle is dropped (its unit gets no link).
    #[default]
    Greedy,
    /// The forest of the greatest total of (probability of a link − threshold) over the links
    /// of probability at least the threshold ([`crate::link::max_forest`]): the same links as
    /// greedy when no cycle arises; a cycle is broken where it costs least, so a unit may get
    /// its second-best target instead of none. Pairwise link models only.
    Tree,
    /// One tree per document, rooted at its main claim: the claim with the greatest expected
    /// number of links into it (the sum of its P(link) over every unit that has it as a
    /// candidate) is the root and links nowhere; every other claim and evidence unit links, to
    /// the main claim (made a candidate of every unit) or another of its candidates, in the tree
    /// of the greatest total P(link) ([`crate::link::max_forest`]); a stance links only where
    /// its P(link) reaches the threshold, as in tree decoding. Pairwise linear link models only.
    Rooted,
}

/// The learned linker: each argumentative unit to its most probable candidate claim, kept when
/// the probability of a link reaches the threshold; cycles are resolved as its
/// [`LinkDecoding`] says, so the map is a forest.
#[derive(Debug, Clone)]
pub struct LearnedLinker {
    model: Arc<ArgModel>,
    embedder: Option<Arc<SharedEmbedder>>,
    /// Weights of none / support / attack that turn the model's probabilities into the
    /// training distribution's (all 1 for a model trained without class weights).
    prior: [f32; 3],
    decoding: LinkDecoding,
}

/// The class frequencies of the link examples a balanced model was trained on (uniform when the
/// model was trained without class weights or the header has no counts).
fn relation_prior(h: &ModelHeader) -> [f32; 3] {
    let n = &h.training.link_examples;
    let total: usize = n.iter().sum();
    if !h.link_balanced.unwrap_or(h.train.balanced) || n.len() != 3 || n.contains(&0) {
        return [1.0; 3];
    }
    [0, 1, 2].map(|k| n[k] as f32 / total as f32)
}

impl LearnedLinker {
    /// A linker with the link model of `model` (and the embedder its header asks for).
    pub fn new(model: Arc<ArgModel>, embedder: Option<Arc<SharedEmbedder>>) -> Self {
        let prior = relation_prior(&model.header);
        Self {
            model,
            embedder,
            prior,
            decoding: LinkDecoding::Greedy,
        }
    }

    /// The linker decoding as `decoding` says; an error for tree decoding with a listwise link
    /// model (whose probabilities are over a unit's candidates together, not per pair).
    pub fn with_decoding(mut self, decoding: LinkDecoding) -> crate::Result<Self> {
        if decoding != LinkDecoding::Greedy
            && self.model.header.link_objective == LinkObjective::Listwise
        {
            return Err(crate::Error::Config(format!(
                "{} link decoding needs a pairwise link model; this one is listwise",
                decoding.name()
            )));
        }
        self.decoding = decoding;
        Ok(self)
    }

    /// How this linker decodes.
    pub fn decoding(&self) -> LinkDecoding {
        self.decoding
    }

    /// The link model's header.
    pub fn header(&self) -> &ModelHeader {
        &self.model.header
    }

    /// For each unit, its candidate targets (in text order) with the pairwise link model's
    /// probabilities of none, support and attack; none units have no candidates. An error for a
    /// listwise model, whose probabilities are over a unit's candidates together.
    pub fn candidate_probs(&self, units: &[Sentence]) -> crate::Result<CandidateProbs> {
        let h = &self.model.header;
        if h.link_objective == LinkObjective::Listwise {
            return Err(crate::Error::Config(
                "pairwise link probabilities from a listwise link model".into(),
            ));
        }
        Ok(self.context_and_probs(units)?.1)
    }

    /// A document's link context and its units' candidate probabilities.
    fn context_and_probs(
        &self,
        units: &[Sentence],
    ) -> crate::Result<(LinkContext, CandidateProbs)> {
        let ctx = self.context(units);
        let emb = crate::embed::embed_units(&self.embedder, units, false)?;
        let probs = self.probs_in(units, &ctx, emb.as_ref());
        Ok((ctx, probs))
    }

    /// The link context of a document; with a main-claim model (link feature set 4), the main
    /// claim it picks is set.
    fn context(&self, units: &[Sentence]) -> LinkContext {
        let mut ctx = LinkContext::new(units);
        if let Some(m) = &self.model.main {
            let main = crate::link::predict_main(units, &ctx, m, &self.model.header.features);
            ctx.set_main(main);
        }
        ctx
    }

    /// [`Self::candidate_probs`] over a document's context and embeddings.
    fn probs_in(
        &self,
        units: &[Sentence],
        ctx: &LinkContext,
        emb: Option<&EmbCache>,
    ) -> CandidateProbs {
        self.probs_with(units, ctx, emb, &self.scorer(units, ctx))
    }

    /// [`Self::probs_in`] with the document's pair scorer.
    fn probs_with(
        &self,
        units: &[Sentence],
        ctx: &LinkContext,
        emb: Option<&EmbCache>,
        scorer: &Option<PairScorer>,
    ) -> CandidateProbs {
        let h = &self.model.header;
        let global = ctx.global_candidates(h.link_central);
        (0..units.len())
            .map(|s| {
                if units[s].role == Role::None {
                    return Vec::new();
                }
                candidates(units, &global, s, h.link_window, h.link_targets)
                    .into_iter()
                    .map(|t| (t, self.pair_proba(scorer, units, ctx, emb, s, t)))
                    .collect()
            })
            .collect()
    }

    /// The pair scorer of a document (`None` if the link model cannot score pairs that way).
    fn scorer<'a>(&'a self, units: &[Sentence], ctx: &LinkContext) -> Option<PairScorer<'a>> {
        PairScorer::new(&self.model.links, units, ctx, &self.model.header.features)
    }

    /// The none / support / attack probabilities of the pair `s` → `t`.
    fn pair_proba(
        &self,
        scorer: &Option<PairScorer>,
        units: &[Sentence],
        ctx: &LinkContext,
        emb: Option<&EmbCache>,
        s: usize,
        t: usize,
    ) -> [f32; 3] {
        match scorer {
            Some(sc) => sc.proba(units, ctx, s, t, emb),
            None => {
                let cfg = &self.model.header.features;
                let p = self
                    .model
                    .links
                    .predict_proba(&link_features(units, ctx, s, t, cfg, emb));
                [p[0], p[1], p[2]]
            }
        }
    }

    /// Rooted decoding ([`LinkDecoding::Rooted`]) of a document: its candidates' probabilities,
    /// with the main claim made a candidate of every unit that links.
    fn rooted_links(&self, units: &[Sentence]) -> crate::Result<Vec<Link>> {
        let ctx = self.context(units);
        let emb = crate::embed::embed_units(&self.embedder, units, false)?;
        let scorer = self.scorer(units, &ctx);
        let mut cands = self.probs_with(units, &ctx, emb.as_ref(), &scorer);
        let Some(m) = ctx.main().or_else(|| main_claim(&cands)) else {
            return Ok(Vec::new());
        };
        for (s, c) in cands.iter_mut().enumerate() {
            if s != m && units[s].role != Role::None && !c.iter().any(|&(t, _)| t == m) {
                let p = self.pair_proba(&scorer, units, &ctx, emb.as_ref(), s, m);
                let at = c.partition_point(|&(t, _)| t < m);
                c.insert(at, (m, p));
            }
        }
        Ok(self.decode_rooted(units, &cands, m))
    }

    /// The tree of [`LinkDecoding::Rooted`] over `cands`, rooted at the main claim `m`; ordered
    /// by source.
    pub fn decode_rooted(&self, units: &[Sentence], cands: &CandidateProbs, m: usize) -> Vec<Link> {
        let threshold = f64::from(self.model.header.link_threshold);
        let flat: Vec<(usize, usize, [f32; 3])> = cands
            .iter()
            .enumerate()
            .filter(|&(s, _)| s != m)
            .flat_map(|(s, c)| c.iter().map(move |&(t, p)| (s, t, p)))
            .collect();
        let scored: Vec<crate::link::Candidate> = flat
            .iter()
            .map(|&(source, target, p)| {
                let link = f64::from(1.0 - p[0]);
                crate::link::Candidate {
                    source,
                    target,
                    // Claims and evidence always link (1 + P beats no link, and among targets
                    // the greater P wins); a stance only above the threshold.
                    weight: match units[source].role {
                        Role::Claim | Role::Evidence => 1.0 + link,
                        _ => link - threshold,
                    },
                }
            })
            .collect();
        self.forest_links(units, &flat, &scored)
    }

    /// The links of the forest [`crate::link::max_forest`] picks among `scored` (whose pairs and
    /// probabilities are `flat`), ordered by source.
    fn forest_links(
        &self,
        units: &[Sentence],
        flat: &[(usize, usize, [f32; 3])],
        scored: &[crate::link::Candidate],
    ) -> Vec<Link> {
        crate::link::max_forest(units.len(), scored)
            .into_iter()
            .flatten()
            .map(|k| {
                let (s, t, p) = flat[k];
                Link {
                    source: units[s].id,
                    target: units[t].id,
                    relation: self.relation(&p),
                    score: (1.0 - p[0]).clamp(0.0, 1.0),
                }
            })
            .collect()
    }

    /// The best of a unit's candidates with their none / support / attack probabilities:
    /// (target, P(link), relation), the first of equal ones.
    pub fn pick(&self, cands: &[(usize, [f32; 3])]) -> Option<(usize, f32, Relation)> {
        let mut best: Option<(usize, f32, Relation)> = None;
        for &(t, p) in cands {
            let score = 1.0 - p[0];
            if best.is_none_or(|b| score > b.1) {
                best = Some((t, score, self.relation(&p)));
            }
        }
        best
    }

    /// Support or attack, from a pair's none / support / attack probabilities. The model was
    /// trained with balanced class weights, which inflate the rare attack class; the decision
    /// compares the probabilities reweighted by the classes' training frequencies (Saerens et
    /// al. 2002), i.e. what an unweighted model would say.
    fn relation(&self, p: &[f32; 3]) -> Relation {
        if p[2] * self.prior[2] > p[1] * self.prior[1] {
            Relation::Attack
        } else {
            Relation::Support
        }
    }

    /// The links of `units` from every unit's candidates, decoded as this linker decodes.
    pub fn links_from(&self, units: &[Sentence], cands: &CandidateProbs) -> Vec<Link> {
        match self.decoding {
            LinkDecoding::Greedy => {
                let best: Vec<_> = cands.iter().map(|c| self.pick(c)).collect();
                self.decode(units, &best)
            }
            LinkDecoding::Tree => self.decode_tree(units, cands),
            LinkDecoding::Rooted => match main_claim(cands) {
                Some(m) => self.decode_rooted(units, cands, m),
                None => Vec::new(),
            },
        }
    }

    /// Tree decoding ([`LinkDecoding::Tree`]): the best forest of the candidates whose P(link)
    /// reaches the threshold, each weighing P(link) − threshold; ordered by source.
    pub fn decode_tree(&self, units: &[Sentence], cands: &CandidateProbs) -> Vec<Link> {
        let threshold = f64::from(self.model.header.link_threshold);
        let flat: Vec<(usize, usize, [f32; 3])> = cands
            .iter()
            .enumerate()
            .flat_map(|(s, c)| c.iter().map(move |&(t, p)| (s, t, p)))
            .collect();
        let scored: Vec<crate::link::Candidate> = flat
            .iter()
            .map(|&(source, target, p)| crate::link::Candidate {
                source,
                target,
                weight: f64::from(1.0 - p[0]) - threshold,
            })
            .collect();
        self.forest_links(units, &flat, &scored)
    }

    /// For each unit, its best candidate (target, P(link), relation), if any, by a listwise
    /// link model (a pairwise model's come from [`Self::candidate_probs`] and [`Self::pick`]).
    fn listwise_targets(
        &self,
        units: &[Sentence],
    ) -> crate::Result<Vec<Option<(usize, f32, Relation)>>> {
        let h = &self.model.header;
        let ctx = self.context(units);
        let emb = crate::embed::embed_units(&self.embedder, units, false)?;
        let global = ctx.global_candidates(h.link_central);
        Ok((0..units.len())
            .map(|s| {
                if units[s].role == Role::None {
                    return None;
                }
                let cands = candidates(units, &global, s, h.link_window, h.link_targets);
                let group = ListGroup {
                    none: nolink_features(units, &ctx, s, cands.len(), &h.features),
                    cands: cands
                        .iter()
                        .map(|&t| link_features(units, &ctx, s, t, &h.features, emb.as_ref()))
                        .collect(),
                    gold: Vec::new(),
                };
                let p = group.outcome_proba(&self.model.links);
                // No threshold here: the linker applies it to the returned P(link).
                listwise_decision(&p, 0.0).map(|(k, _, r)| (cands[k], 1.0 - p[0], r))
            })
            .collect())
    }

    /// The links of `units` from each unit's best target: those whose P(link) reaches the
    /// model's threshold, added from the most probable down, skipping any that would close a
    /// cycle; ordered by source.
    pub fn decode(&self, units: &[Sentence], best: &[Option<(usize, f32, Relation)>]) -> Vec<Link> {
        let mut order: Vec<(usize, usize, f32, Relation)> = best
            .iter()
            .enumerate()
            .filter_map(|(s, b)| b.map(|(t, p, r)| (s, t, p, r)))
            .filter(|x| x.2 >= self.model.header.link_threshold)
            .collect();
        order.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        let mut parent: Vec<Option<usize>> = vec![None; units.len()];
        let mut links = Vec::new();
        for (s, t, p, relation) in order {
            // Would s → t close a cycle? Walk up from t.
            let mut cur = Some(t);
            let mut cycle = false;
            while let Some(c) = cur {
                if c == s {
                    cycle = true;
                    break;
                }
                cur = parent[c];
            }
            if cycle {
                continue;
            }
            parent[s] = Some(t);
            links.push(Link {
                source: units[s].id,
                target: units[t].id,
                relation,
                score: p.clamp(0.0, 1.0),
            });
        }
        links.sort_by_key(|l| l.source);
        links
    }
}

/// The listwise decision from a group's outcome probabilities ([`ListGroup::outcome_proba`]):
/// the candidate with the highest probability of a link (support plus attack), its relation
/// (the likelier of the two), and the probability of that link, when the probability that the
/// unit links at all (1 - P(no link)) reaches `threshold`.
pub fn listwise_decision(p: &[f32], threshold: f32) -> Option<(usize, f32, Relation)> {
    if p.len() < 3 || 1.0 - p[0] < threshold {
        return None;
    }
    let both = |k: usize| (p[ListGroup::outcome(k, 1)], p[ListGroup::outcome(k, 2)]);
    let link = |k: usize| both(k).0 + both(k).1;
    let k = (0..(p.len() - 1) / 2)
        .max_by(|&a, &b| link(a).total_cmp(&link(b)).then(b.cmp(&a)))
        .expect("at least one candidate");
    let (sup, att) = both(k);
    let relation = if att > sup {
        Relation::Attack
    } else {
        Relation::Support
    };
    Some((k, sup + att, relation))
}

impl Linker for LearnedLinker {
    fn link(&self, units: &[Sentence]) -> crate::Result<Vec<Link>> {
        if self.model.header.link_objective == LinkObjective::Listwise {
            // Greedy only: with_decoding refuses tree decoding for a listwise model.
            let best = self.listwise_targets(units)?;
            return Ok(self.decode(units, &best));
        }
        if self.decoding == LinkDecoding::Rooted {
            return self.rooted_links(units);
        }
        if self.decoding == LinkDecoding::Greedy && self.model.header.features.main_words {
            // The main claim the wording-reading main-claim model picks is the root: it links
            // nowhere.
            let (ctx, mut cands) = self.context_and_probs(units)?;
            if let Some(m) = ctx.main() {
                cands[m].clear();
            }
            return Ok(self.links_from(units, &cands));
        }
        Ok(self.links_from(units, &self.candidate_probs(units)?))
    }
}

impl LinkDecoding {
    /// The name a configuration gives it.
    pub fn name(self) -> &'static str {
        match self {
            LinkDecoding::Greedy => "greedy",
            LinkDecoding::Tree => "tree",
            LinkDecoding::Rooted => "rooted",
        }
    }
}

/// The main claim of a document by its candidates' probabilities: the target with the greatest
/// sum of P(link) over the units that have it as a candidate (the earlier on a tie); `None` when
/// no unit has a candidate.
pub fn main_claim(cands: &CandidateProbs) -> Option<usize> {
    let mut inflow: Vec<f64> = Vec::new();
    for &(t, p) in cands.iter().flatten() {
        if inflow.len() <= t {
            inflow.resize(t + 1, 0.0);
        }
        inflow[t] += f64::from(1.0 - p[0]);
    }
    let mut best: Option<usize> = None;
    for (t, &w) in inflow.iter().enumerate() {
        if w > 0.0 && best.is_none_or(|b| w > inflow[b]) {
            best = Some(t);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Units of the given roles, numbered from 1, each saying something of its own.
    fn units_of(roles: &[Role]) -> Vec<Sentence> {
        roles
            .iter()
            .enumerate()
            .map(|(i, &role)| Sentence {
                id: i + 1,
                role,
                ..Sentence::test_unit(&format!("Unit number {i} says something."))
            })
            .collect()
    }

    #[test]
    fn with_a_wording_main_claim_model_the_main_claim_links_nowhere_in_greedy_decoding() {
        // Every pair is a likely support; the main-claim model scores every claim alike, so the
        // first claim (unit 0) is the main claim.
        let mut model = crate::model::file::tests::model();
        model.header.features.link_features = 4;
        model.links.b[1] = 5.0;
        model.main = Some(crate::model::LogReg::zeros(8, 2));
        let units = units_of(&[Role::Claim, Role::Evidence, Role::Claim, Role::Evidence]);
        let sources = |m: &ArgModel| -> Vec<usize> {
            LearnedLinker::new(Arc::new(m.clone()), None)
                .link(&units)
                .unwrap()
                .iter()
                .map(|l| l.source)
                .collect()
        };
        // Without the option the main claim links like any claim (to the other claim, whose
        // link back would close a cycle); with it, it is the root and the other claim links.
        assert_eq!(sources(&model), vec![1, 2, 4]);
        model.header.features.main_words = true;
        assert_eq!(sources(&model), vec![2, 3, 4]);
    }

    #[test]
    fn argumentative_targets_admit_every_role_but_none() {
        let units = units_of(&[
            Role::Claim,
            Role::Evidence,
            Role::None,
            Role::Stance,
            Role::Claim,
            Role::Evidence,
        ]);
        // Window 2 around unit 1 (units 0-3), and unit 4 as a central claim.
        assert_eq!(
            candidates(&units, &[4], 1, 2, LinkTargets::Claims),
            vec![0, 4]
        );
        assert_eq!(
            candidates(&units, &[4], 1, 2, LinkTargets::Argumentative),
            vec![0, 3, 4]
        );
        assert_eq!(
            candidates(&units, &[], 4, 1, LinkTargets::Argumentative),
            vec![3, 5]
        );
    }

    #[test]
    fn the_relation_decision_undoes_balanced_class_weights() {
        let mut h = crate::model::file::tests::model().header;
        h.training.link_examples = vec![900, 90, 10];
        h.train.balanced = true;
        let p = relation_prior(&h);
        assert_eq!(p, [0.9, 0.09, 0.01]);
        // A balanced model that says attack 0.5 / support 0.3 means support once reweighted:
        // 0.5 * 0.01 < 0.3 * 0.09.
        assert!(0.5 * p[2] < 0.3 * p[1]);
        // Without class weights (or without counts) the probabilities are taken as they are.
        h.train.balanced = false;
        assert_eq!(relation_prior(&h), [1.0; 3]);
        h.link_balanced = Some(true);
        assert_eq!(
            relation_prior(&h),
            p,
            "the link scorer's own setting counts"
        );
        h.train.balanced = true;
        h.link_balanced = Some(false);
        assert_eq!(relation_prior(&h), [1.0; 3]);
        h.link_balanced = None;
        h.train.balanced = true;
        h.training.link_examples = vec![];
        assert_eq!(relation_prior(&h), [1.0; 3]);
    }
}
