//! The corpus readers on the real files in ../shared/corpora, with counts checked against each
//! corpus's documentation.

use argmine::annotation::{read_argunsc, read_cdcp, read_microtext, GoldDocument};
use argmine::{Relation, Role};
use std::fs::File;
use std::path::{Path, PathBuf};

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
}

fn check_spans(d: &GoldDocument) {
    let n = d.text.chars().count();
    for w in d.units.windows(2) {
        assert!(
            w[0].end <= w[1].start || w[0].start < w[1].start,
            "{}: unordered units",
            d.id
        );
    }
    for u in &d.units {
        assert!(
            u.start < u.end && u.end <= n,
            "{}: unit {} out of range",
            d.id,
            u.id
        );
        assert!(!d.unit_text(u).trim().is_empty());
    }
    for l in &d.links {
        assert!(d.unit_index(&l.source).is_some() && d.unit_index(&l.target).is_some());
    }
}

#[test]
fn argunsc() {
    let dir = corpora().join("argunsc/data");
    let docs = read_argunsc(
        File::open(dir.join("sentence_CP.csv")).unwrap(),
        File::open(dir.join("base.csv")).unwrap(),
    )
    .unwrap();
    assert_eq!(docs.len(), 144, "speeches");
    let units: Vec<_> = docs.iter().flat_map(|d| &d.units).collect();
    assert_eq!(units.len(), 4765, "sentences");
    let count = |r: Role| units.iter().filter(|u| u.role == r).count();
    assert_eq!(
        (count(Role::Claim), count(Role::Evidence), count(Role::None)),
        (2081, 2024, 660)
    );
    let links: Vec<_> = docs.iter().flat_map(|d| &d.links).collect();
    assert!(links.iter().any(|l| l.relation == Relation::Attack));
    for d in &docs {
        check_spans(d);
    }
    // The first sentence of the first speech, sliced by its offsets.
    let d = &docs[0];
    assert_eq!(d.id, "UNSC_2014_SPV.7154_spch002_UNBriefer_neg");
    assert!(d
        .unit_text(&d.units[0])
        .starts_with("Once again, since the last briefing"));
}

#[test]
fn microtexts() {
    let dir = corpora().join("microtexts/corpus/en");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xml"))
        .collect();
    paths.sort();
    let docs: Vec<GoldDocument> = paths
        .iter()
        .map(|p| read_microtext(File::open(p).unwrap(), &p.display().to_string()).unwrap())
        .collect();
    assert_eq!(docs.len(), 112, "texts");
    assert_eq!(
        docs.iter().map(|d| d.units.len()).sum::<usize>(),
        576,
        "ADUs"
    );
    // Every non-central ADU has one outgoing edge: 576 - 112 relations.
    assert_eq!(
        docs.iter().map(|d| d.links.len()).sum::<usize>(),
        464,
        "relations"
    );
    for d in &docs {
        check_spans(d);
        let central: Vec<_> = d
            .units
            .iter()
            .filter(|u| u.label.ends_with("+cc"))
            .collect();
        assert_eq!(central.len(), 1, "{}: one central claim", d.id);
        // The text is the .txt file of the corpus.
        let txt = std::fs::read_to_string(dir.join(format!("{}.txt", d.id))).unwrap();
        assert_eq!(d.text, txt.trim(), "{}", d.id);
    }
    // micro_b001: a3 undercuts the edge a1 -> a5, so it attacks a1; a4 adds to a3's edge.
    let b001 = &docs[0];
    assert_eq!(b001.id, "micro_b001");
    let link = |s: &str| b001.links.iter().find(|l| l.source == s).unwrap();
    assert_eq!(
        (link("a3").target.as_str(), link("a3").relation),
        ("a1", Relation::Attack)
    );
    assert_eq!(
        (link("a4").target.as_str(), link("a4").relation),
        ("a1", Relation::Attack)
    );
    assert_eq!(link("a2").target, "a1");
}

#[test]
fn cdcp() {
    let mut total = 0;
    let mut props = 0;
    let mut links = 0;
    for split in ["train", "test"] {
        let dir = corpora().join("cdcp").join(split);
        let mut ids: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| {
                let n = e.unwrap().file_name().to_string_lossy().into_owned();
                n.strip_suffix(".ann.json").map(str::to_string)
            })
            .collect();
        ids.sort();
        for id in ids {
            let d = read_cdcp(
                &id,
                File::open(dir.join(format!("{id}.txt"))).unwrap(),
                File::open(dir.join(format!("{id}.ann.json"))).unwrap(),
                split,
            )
            .unwrap();
            check_spans(&d);
            total += 1;
            props += d.units.len();
            links += d.links.len();
        }
    }
    assert_eq!(total, 731, "comments");
    assert_eq!(props, 4932, "propositions");
    // The documented 1,221 support links name source ranges; expanded to one link per source
    // proposition they are 1,426.
    assert_eq!(links, 1426, "links");
}
