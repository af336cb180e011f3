//! `argmine eval` and `argmine agree` over the shipped annotation and a real corpus.

mod util;
use util::argmine_at_root as argmine;

#[test]
fn eval_writes_reports_and_agree_with_itself_is_perfect() {
    let tmp = tempfile::tempdir().unwrap();
    let prefix = tmp.path().join("r/seed");
    let out = argmine(&[
        "eval",
        "--gold",
        "annotations/test",
        "--report",
        prefix.to_str().unwrap(),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("1 documents, 40 gold units, 24 gold links"),
        "{stdout}"
    );
    let md = std::fs::read_to_string(prefix.with_extension("md")).unwrap();
    assert!(md.contains("Matching:") && md.contains("## Links"));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(prefix.with_extension("json")).unwrap())
            .unwrap();
    assert_eq!(json["units"], 40);

    // Scoring mine's CSV output gives the same figures as running the pipeline inside eval.
    let pred = tmp.path().join("pred");
    let out = argmine(&["mine", "corpus", "--out", pred.to_str().unwrap(), "-q"]);
    assert_eq!(out.status.code(), Some(0));
    let from_csv = argmine(&[
        "eval",
        "--gold",
        "annotations/test",
        "--pred",
        pred.to_str().unwrap(),
    ]);
    assert_eq!(String::from_utf8_lossy(&from_csv.stdout), stdout);

    let agree = argmine(&["agree", "annotations/test", "annotations/test/"]);
    let s = String::from_utf8_lossy(&agree.stdout);
    assert!(s.contains("Cohen's kappa on roles 1.000"), "{s}");
    assert!(s.contains("link F1 strict 1.000, relaxed 1.000"), "{s}");

    // The retest set annotates three of the essays: a subset needs --common, and is then scored
    // on those three only.
    let partial = argmine(&["agree", "annotations/genre", "annotations/retest"]);
    assert_eq!(partial.status.code(), Some(2));
    let err = String::from_utf8_lossy(&partial.stderr);
    assert!(
        err.contains("but not in annotations/retest") && err.contains("--common"),
        "{err}"
    );
    let common = argmine(&[
        "agree",
        "--common",
        "annotations/genre",
        "annotations/retest",
    ]);
    let s = String::from_utf8_lossy(&common.stdout);
    assert_eq!(common.status.code(), Some(0), "{s}");
    assert!(
        s.contains("3 documents, 73 gold units, 37 gold links"),
        "{s}"
    );
    let none = argmine(&[
        "agree",
        "--common",
        "annotations/test",
        "annotations/retest",
    ]);
    assert!(String::from_utf8_lossy(&none.stderr).contains("no document in common"));

    // The speeches (a second out-of-domain test set) read and score: every file's sha256,
    // offsets and links are checked on reading.
    let speeches = argmine(&["eval", "--gold", "annotations/speeches"]);
    let s = String::from_utf8_lossy(&speeches.stdout);
    assert_eq!(speeches.status.code(), Some(0), "{s}");
    assert!(
        s.contains("8 documents, 321 gold units, 157 gold links"),
        "{s}"
    );

    // A set that annotates one document twice (genre and retest under one folder) is refused.
    let twice = argmine(&["eval", "--gold", "annotations"]);
    assert_eq!(twice.status.code(), Some(2));
    let err = String::from_utf8_lossy(&twice.stderr);
    assert!(err.contains("is annotated twice"), "{err}");
}

#[test]
fn eval_on_argunsc_and_bad_gold() {
    let out = argmine(&["eval", "--gold", "../shared/corpora/argunsc"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("144 documents, 4765 gold units"));

    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(tmp.path().join("annotations")).unwrap();
    std::fs::create_dir_all(tmp.path().join("corpus")).unwrap();
    std::fs::write(tmp.path().join("corpus/a.txt"), "Some text.").unwrap();
    std::fs::write(
        tmp.path().join("annotations/a.json"),
        r#"{"document": "corpus/a.txt", "sha256": "00", "annotator": "x", "units": [], "links": []}"#,
    )
    .unwrap();
    let out = argmine(&[
        "eval",
        "--gold",
        tmp.path().join("annotations").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("a.json: sha256 00 does not match"), "{err}");
}
