//! The fast ASCII count of WordPiece tokens (issue 25) equals the `tokenizers` pipeline's count
//! on every unit of the Milestones essays and the 2024 UN General Debate speeches, and on every
//! line of those files (which, unlike units, keep their line breaks and white space).

use argmine::tokenize::{HfTokenizer, Tokenize};
use argmine::{Pipeline, PipelineConfig};
use std::path::Path;

fn texts() -> Vec<(String, String)> {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let mut out = Vec::new();
    for dir in ["state-milestones/txt", "ungdc/TXT/Session 79 - 2024"] {
        let mut files: Vec<_> = std::fs::read_dir(shared.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        files.sort();
        for f in files {
            out.push((
                f.display().to_string(),
                std::fs::read_to_string(&f).unwrap(),
            ));
        }
    }
    out
}

#[test]
fn the_ascii_count_equals_the_tokenizers_count_on_the_corpora() {
    let tok = HfTokenizer::minilm().unwrap();
    let pipeline = Pipeline::new(&PipelineConfig::default()).unwrap();
    let (mut units, mut lines) = (0, 0);
    for (path, text) in texts() {
        for s in pipeline.units(&text).unwrap() {
            assert_eq!(
                s.n_tokens,
                tok.count_general(&s.text).unwrap(),
                "{path}: {:?}",
                s.text
            );
            units += 1;
        }
        for line in text.lines() {
            assert_eq!(
                tok.count(line).unwrap(),
                tok.count_general(line).unwrap(),
                "{path}: {line:?}"
            );
            lines += 1;
        }
    }
    assert!(
        units > 20_000 && lines > 5_000,
        "{units} units, {lines} lines"
    );
}
