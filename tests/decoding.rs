//! The learned linker's decodings on real text: the default pipeline's roles on the 204
//! Milestones essays, the default model's link probabilities, greedy, tree and rooted decoding.

use argmine::link::{LearnedLinker, LinkDecoding};
use argmine::model::ArgModel;
use argmine::{Pipeline, PipelineConfig};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// The Milestones essays, sorted by path.
fn essays() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora/state-milestones/txt");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The default model built into the binary.
fn default_model() -> ArgModel {
    ArgModel::read(
        argmine::pipeline::embedded_default_model(),
        Path::new("default"),
    )
    .unwrap()
}

/// The default configuration with the learned linker decoding as `decoding` says.
fn decoding(decoding: LinkDecoding) -> PipelineConfig {
    PipelineConfig {
        linker: argmine::pipeline::LinkerConfig::Learned {
            path: None,
            decoding,
        },
        ..PipelineConfig::default()
    }
}

/// The error of `decoding` on a listwise link model (which only greedy decoding takes).
fn listwise_refuses(decoding: LinkDecoding) -> argmine::Error {
    let mut m = default_model();
    m.header.link_objective = argmine::model::LinkObjective::Listwise;
    LearnedLinker::new(Arc::new(m), None)
        .with_decoding(decoding)
        .unwrap_err()
}

/// P(link) − threshold summed over `links`.
fn gain(links: &[argmine::document::Link], threshold: f64) -> f64 {
    links.iter().map(|l| f64::from(l.score) - threshold).sum()
}

#[test]
fn tree_decoding_is_greedy_without_cycles_and_never_worse_with_them() {
    let files = essays();
    assert!(files.len() >= 200, "{} essays", files.len());
    let pipeline = Pipeline::new(&decoding(LinkDecoding::Greedy)).unwrap();
    let model = Arc::new(default_model());
    let threshold = f64::from(model.header.link_threshold);
    // With a main-claim model that reads wording, greedy decoding roots the map at the main
    // claim (which links nowhere), so the pipeline's links are the linker's, not the plain
    // decoding of every unit's best candidate.
    let main_words = model.header.features.main_words;
    let greedy = LearnedLinker::new(model.clone(), None);
    let tree = LearnedLinker::new(model, None)
        .with_decoding(LinkDecoding::Tree)
        .unwrap();
    let (mut same, mut differ) = (0, 0);
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let map = pipeline.run("d", &text).unwrap();
        let units = &map.sentences;
        let cands = greedy.candidate_probs(units).unwrap();
        let best: Vec<_> = cands.iter().map(|c| greedy.pick(c)).collect();
        let g = greedy.decode(units, &best);
        assert_eq!(
            argmine::link::Linker::link(&greedy, units).unwrap(),
            map.links,
            "the pipeline's linker decodes greedily"
        );
        if !main_words {
            assert_eq!(g, map.links);
        }
        let t = tree.links_from(units, &cands);
        // A forest of links to claims, one per source, ordered by source.
        let role: HashMap<usize, argmine::document::Role> =
            units.iter().map(|u| (u.id, u.role)).collect();
        let parent: HashMap<usize, usize> = t.iter().map(|l| (l.source, l.target)).collect();
        assert_eq!(parent.len(), t.len(), "one link per source");
        assert!(t.windows(2).all(|w| w[0].source < w[1].source));
        for l in &t {
            assert_eq!(role[&l.target], argmine::document::Role::Claim);
            assert!(f64::from(l.score) >= threshold);
            let mut v = l.target;
            for _ in 0..=units.len() {
                assert_ne!(v, l.source, "{}: a cycle through {}", f.display(), l.source);
                match parent.get(&v) {
                    Some(&p) => v = p,
                    None => break,
                }
            }
        }
        let kept = best
            .iter()
            .flatten()
            .filter(|b| f64::from(b.1) >= threshold)
            .count();
        if g.len() == kept {
            // Greedy dropped nothing: no cycle, the same links.
            assert_eq!(t, g, "{}", f.display());
            same += 1;
        } else {
            assert!(
                gain(&t, threshold) >= gain(&g, threshold) - 1e-6,
                "{}: tree {} < greedy {}",
                f.display(),
                gain(&t, threshold),
                gain(&g, threshold)
            );
            differ += 1;
        }
    }
    eprintln!("{same} essays without a cycle, {differ} with one");
    // Both branches above ran: the corpus has essays where greedy breaks a cycle (so the tree
    // decoder's gain was compared) and essays where the two decoders must agree.
    assert!(
        same > 0 && differ > 0,
        "{same} essays without a cycle, {differ} with one: a branch went untested"
    );
    // The tree decoder refuses a listwise link model.
    let err = listwise_refuses(LinkDecoding::Tree);
    assert!(err.to_string().contains("pairwise"), "{err}");
}

/// Rooted decoding on the first 40 Milestones essays: one tree per document, rooted at the main
/// claim the candidates' probabilities name; every other claim and evidence unit links, and its
/// chain reaches the main claim; a stance links only above the threshold.
#[test]
fn rooted_decoding_gives_one_tree_per_document_under_its_main_claim() {
    use argmine::document::Role;
    let files = essays();
    // The default configuration decodes rooted: its maps are the rooted linker's.
    let pipeline = Pipeline::new(&PipelineConfig::default()).unwrap();
    let model = Arc::new(default_model());
    let threshold = model.header.link_threshold;
    let greedy = LearnedLinker::new(model.clone(), None);
    let rooted = LearnedLinker::new(model.clone(), None)
        .with_decoding(LinkDecoding::Rooted)
        .unwrap();
    let (mut far, mut total) = (0, 0);
    for f in files.iter().take(40) {
        let text = std::fs::read_to_string(f).unwrap();
        let map = pipeline.run("d", &text).unwrap();
        let units = map.sentences;
        let cands = greedy.candidate_probs(&units).unwrap();
        // The root: the main-claim model's pick when the model has one (link feature sets 4
        // and 5), else the claim the candidates' probabilities name.
        let m = match &model.main {
            Some(main) => argmine::link::predict_main(
                &units,
                &argmine::link::LinkContext::new(&units),
                main,
                &model.header.features,
            ),
            None => argmine::link::main_claim(&cands),
        }
        .expect("a claim with candidates");
        assert_eq!(units[m].role, Role::Claim);
        let links = argmine::link::Linker::link(&rooted, &units).unwrap();
        assert_eq!(links, map.links, "the default configuration decodes rooted");
        let parent: HashMap<usize, usize> = links.iter().map(|l| (l.source, l.target)).collect();
        assert_eq!(parent.len(), links.len(), "one link per source");
        assert!(
            !parent.contains_key(&units[m].id),
            "the main claim links nowhere"
        );
        let index: HashMap<usize, usize> =
            units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        for (i, u) in units.iter().enumerate() {
            match u.role {
                Role::Claim | Role::Evidence if i != m => {
                    assert!(
                        parent.contains_key(&u.id),
                        "{}: unit {i} is left out",
                        f.display()
                    )
                }
                Role::None => assert!(!parent.contains_key(&u.id)),
                _ => {}
            }
        }
        for l in &links {
            assert_eq!(units[index[&l.target]].role, Role::Claim);
            if units[index[&l.source]].role == Role::Stance {
                assert!(l.score >= threshold);
            }
            // The chain from a claim or evidence unit reaches the main claim (the chain of a
            // stance may end at one too: every claim it can link to is in the tree).
            let mut v = l.source;
            for _ in 0..=units.len() {
                match parent.get(&v) {
                    Some(&p) => v = p,
                    None => break,
                }
            }
            assert_eq!(
                v,
                units[m].id,
                "{}: {} does not reach the main claim",
                f.display(),
                l.source
            );
            total += 1;
            far += (index[&l.source].abs_diff(index[&l.target]) > 5) as usize;
        }
    }
    // The main claim is a candidate of every unit, so links reach past the window of neighbours.
    assert!(
        far * 10 > total,
        "{far} of {total} links span more than 5 units"
    );
    // Rooted decoding is the learned linker's: a listwise model refuses it.
    let err = listwise_refuses(LinkDecoding::Rooted);
    assert!(err.to_string().contains("rooted"), "{err}");
}
