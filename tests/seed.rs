//! The seed article end to end: its units, their spans and their repaired text.
//! The seed is test data: these tests check segmentation and alignment, never model output.

use argmine::normalize::{Normalizer, PdfRepair, PdfRepairConfig};
use argmine::{Pipeline, PipelineConfig};
use std::sync::Arc;

const SEED: &str = include_str!("../corpus/000_6308da54c4a726a2.txt");

fn units() -> Vec<argmine::Sentence> {
    Pipeline::new(&PipelineConfig::default())
        .unwrap()
        .run("seed", SEED)
        .unwrap()
        .sentences
}

#[test]
fn seed_has_two_headings_and_38_sentences() {
    let u = units();
    assert_eq!(u.len(), 40);
    let headings: Vec<_> = u
        .iter()
        .filter(|s| s.heading)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(
        headings,
        ["JAPAN-RUSSIA RELATIONS", "THE KREMLIN HAS THE UPPER HAND"]
    );
}

#[test]
fn every_unit_is_the_repaired_slice_of_the_original() {
    let repair = PdfRepair::new(
        PdfRepairConfig::default(),
        Arc::new(argmine::pipeline::default_lexicon().unwrap()),
    );
    let mut last_end = 0;
    for s in units() {
        let slice = &SEED[s.span.byte.clone()];
        // Char offsets and byte offsets name the same slice.
        let by_chars: String = SEED
            .chars()
            .skip(s.span.char.start)
            .take(s.span.char.end - s.span.char.start)
            .collect();
        assert_eq!(by_chars, slice);
        assert!(s.span.byte.start >= last_end, "units overlap at {}", s.id);
        last_end = s.span.byte.end;
        assert_eq!(
            repair.normalize(slice).text.as_str(),
            s.text,
            "unit {}",
            s.id
        );
        assert!(s.n_tokens > 0);
        assert!((s.probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }
}

#[test]
fn seed_hard_cases() {
    let texts: Vec<String> = units().into_iter().map(|s| s.text).collect();
    let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
    let unit = |start: &str| {
        texts
            .iter()
            .find(|t| t.starts_with(start))
            .unwrap_or_else(|| panic!("no unit starts with {start:?}"))
            .clone()
    };
    for word in [
        "to improve relations",
        "responded positively",
        "in Northern Russia",
        "not hesitating",
        "a number of",
        "a long-term basis",
        "Russian-Chinese cooperation",
        "Yamal-LNG",
        "political-military pressure",
        "precondition for discussing",
    ] {
        assert!(has(word), "{word:?} not repaired");
    }
    // Paragraphs cut by a blank line are rejoined.
    assert!(unit("For Japan, this constitutes").ends_with("since the end of World War II."));
    assert!(unit("Abe was a guest of honour")
        .contains("between foreign and defence ministers (2+2 format)."));
    assert!(unit("Furthermore, Russia has increased").contains("increased its military presence"));
    // Money, a closing quote before the period, a sentence that starts with a digit.
    assert!(unit("Japan, eager to ensure").ends_with("(US$ 200 million versus US$ 10 billion)."));
    assert!(unit("During a plenary").ends_with("“without any preconditions”."));
    assert!(unit("56% believed").starts_with("56% believed that keeping the islands"));
    assert_eq!(unit("Russia clearly"), "Russia clearly has the upper hand.");
}
