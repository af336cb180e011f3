//! Any string: no panic, and spans that are valid, ordered and non-overlapping; and the same
//! maps, bit for bit, whether a batch runs on one thread or several.

use argmine::{Pipeline, PipelineConfig};
use proptest::prelude::*;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::new(&PipelineConfig::default()).unwrap())
}

fn check(text: &str) {
    let map = pipeline().run("p", text).unwrap();
    let mut last = 0;
    let mut last_char = 0;
    for (k, s) in map.sentences.iter().enumerate() {
        assert_eq!(s.id, k + 1);
        let b = s.span.byte.clone();
        assert!(b.start < b.end && b.end <= text.len());
        assert!(text.is_char_boundary(b.start) && text.is_char_boundary(b.end));
        assert!(b.start >= last, "overlap");
        assert!(s.span.char.start >= last_char && s.span.char.start < s.span.char.end);
        assert_eq!(
            text[..b.start].chars().count(),
            s.span.char.start,
            "char offset of {b:?}"
        );
        assert_eq!(
            text[b.clone()].chars().count(),
            s.span.char.end - s.span.char.start
        );
        last = b.end;
        last_char = s.span.char.end;
        assert!(!s.text.is_empty() && s.text.trim() == s.text);
        assert!((s.probs.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    }
    for l in &map.links {
        assert!(l.source >= 1 && l.source <= map.sentences.len());
        assert_eq!(map.sentences[l.target - 1].role, argmine::Role::Claim);
    }
}

/// Prose-like text: words, sentence ends, hyphens at line breaks, paragraphs, numbers, quotes.
const PROSE: &str = "([A-Z][a-z]{0,8}([ \\n-]|\\n\\n|\\. |\\.\" |\\r\\n|-\\n|[0-9]{1,3}%|U\\.S\\. |\u{00e9}|\u{201c}|\u{201d}|\u{0000}|\t|\n[0-9]{1,2}\n|\n1/2 15-29940 |\n02/10/2015 A/70/PV.27\n|\n\\* \\* \\*\n){1,3}){0,40}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn any_string(s in "\\PC*") {
        check(&s);
    }

    #[test]
    fn any_bytes_through_ingest(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        // Ingest either decodes or says why; what it decodes goes through the whole pipeline.
        if let Ok(d) = argmine::ingest::decode(&bytes) {
            check(&d.text);
        }
    }

    #[test]
    fn one_thread_or_four_give_the_same_maps(
        docs in proptest::collection::vec(PROSE, 1..12),
    ) {
        // The library runs documents independently; a pool of any size must give the same maps
        // (probabilities and link scores included), in the same order.
        use rayon::prelude::*;
        let run = |threads: usize| {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            pool.install(|| {
                docs.par_iter()
                    .enumerate()
                    .map(|(i, d)| pipeline().run(&format!("d{i}"), d).unwrap())
                    .collect::<Vec<_>>()
            })
        };
        let one = run(1);
        let four = run(4);
        prop_assert_eq!(&one, &four);
        for (a, b) in one.iter().zip(&four) {
            let bits = |m: &argmine::ArgumentMap| {
                m.sentences
                    .iter()
                    .flat_map(|s| s.probs.map(f32::to_bits))
                    .chain(m.links.iter().map(|l| l.score.to_bits()))
                    .collect::<Vec<u32>>()
            };
            prop_assert_eq!(bits(a), bits(b));
        }
    }

    #[test]
    fn prose_like(s in PROSE) {
        check(&s);
    }
}

#[test]
fn edge_cases() {
    for s in [
        "",
        " ",
        "\n\n\n",
        ".",
        "..",
        "-\n",
        "A-\n\nb",
        "\u{feff}",
        "\r",
        "U.S.",
        "“”.",
        "a\0b. C",
        "47",
        "I would\n47\n\nalso.",
        "x\n1/2 15-29940 y",
        "1/2 15-29940 ",
        "a\n* * *\nb",
        "* * *",
        "the\n8\n\nHabitat.",
        "\n47\n",
    ] {
        check(s);
    }
}
