//! The `argmine` binary over real folders: exit codes, reported failures, deterministic output.

use std::path::Path;
use std::process::{Command, Stdio};

mod util;
use util::{argmine, read};

const GOOD: &str = "MARKETS\n\nThe reform will likely fail. According to a 2021 survey, 61% of \
                    respondents opposed it.\n";

#[test]
fn good_empty_and_binary_files() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in put");
    std::fs::create_dir_all(input.join("sub dir")).unwrap();
    std::fs::write(input.join("a good.txt"), GOOD).unwrap();
    std::fs::write(input.join("empty.txt"), "").unwrap();
    std::fs::write(
        input.join("sub dir/scan.txt"),
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
    )
    .unwrap();
    std::fs::write(input.join("skipped.md"), "Not a txt file.").unwrap();

    let out = argmine(&["mine", "in put", "--out", "out", "-q"], tmp.path());
    assert_eq!(
        out.status.code(),
        Some(1),
        "a failed file makes exit status 1"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("scan.txt: PDF: damaged"), "{stderr}");

    let docs = read(tmp.path().join("out/documents.csv"));
    let rows: Vec<&str> = docs.lines().collect();
    assert_eq!(
        rows[0],
        "doc_id,path,sentences,claims,evidence,stance,links,status,error"
    );
    assert_eq!(rows.len(), 4, "{docs}");
    assert!(rows[1].starts_with("a good,in put/a good.txt,3,"), "{docs}");
    assert!(rows[1].ends_with(",ok,"));
    assert_eq!(rows[2], "empty,in put/empty.txt,0,0,0,0,0,ok,");
    assert!(
        rows[3].starts_with("sub dir/scan,in put/sub dir/scan.txt,0,0,0,0,0,error,PDF: damaged")
    );

    let sentences = read(tmp.path().join("out/sentences.csv"));
    let mut rdr = csv::Reader::from_reader(sentences.as_bytes());
    let recs: Vec<csv::StringRecord> = rdr.records().map(|r| r.unwrap()).collect();
    assert_eq!(recs.len(), 3);
    let texts: Vec<&str> = recs.iter().map(|r| &r[12]).collect();
    assert_eq!(
        texts,
        [
            "MARKETS",
            "The reform will likely fail.",
            "According to a 2021 survey, 61% of respondents opposed it."
        ]
    );
    // start/end are char offsets into the original file.
    for r in &recs {
        let (a, b): (usize, usize) = (r[3].parse().unwrap(), r[4].parse().unwrap());
        let slice: String = GOOD.chars().skip(a).take(b - a).collect();
        assert_eq!(slice, &r[12]);
    }
    // No temporary files are left behind.
    let left: Vec<_> = std::fs::read_dir(tmp.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != ".argmine-lock")
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn all_good_exits_zero_and_output_does_not_depend_on_jobs() {
    let tmp = tempfile::tempdir().unwrap();
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    for n in 0..5 {
        std::fs::write(tmp.path().join(format!("d{n}.txt")), GOOD.repeat(n + 1)).unwrap();
    }
    let dirs = [tmp.path().to_str().unwrap(), seed.to_str().unwrap()];
    let o1 = argmine(
        &["mine", dirs[0], dirs[1], "--out", "o1", "-j", "1", "-q"],
        tmp.path(),
    );
    let o2 = argmine(
        &["mine", dirs[0], dirs[1], "--out", "o2", "-j", "2", "-q"],
        tmp.path(),
    );
    assert_eq!(
        o1.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o1.stderr)
    );
    assert_eq!(o2.status.code(), Some(0));
    for f in ["sentences.csv", "links.csv", "documents.csv"] {
        let a = std::fs::read(tmp.path().join("o1").join(f)).unwrap();
        let b = std::fs::read(tmp.path().join("o2").join(f)).unwrap();
        assert_eq!(a, b, "{f} differs between 1 and 2 jobs");
    }
    let docs = read(tmp.path().join("o1/documents.csv"));
    assert!(docs.contains("000_6308da54c4a726a2,"), "{docs}");
    assert!(docs.lines().skip(1).all(|l| l.ends_with(",ok,")));
}

#[test]
fn stdin_missing_paths_and_usage_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args(["mine", "-", "--out", "o", "-q"])
        .current_dir(tmp.path())
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(GOOD.as_bytes())
        .unwrap();
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(read(tmp.path().join("o/documents.csv")).contains("stdin,-,3,"));

    let out = argmine(
        &["mine", "no such file.txt", "--out", "o2", "-q"],
        tmp.path(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(read(tmp.path().join("o2/documents.csv")).contains(",error,cannot read:"));

    // Usage errors exit 2: no --out, an unknown flag, an output path that is a file.
    assert_eq!(
        argmine(&["mine", "x.txt"], tmp.path()).status.code(),
        Some(2)
    );
    assert_eq!(
        argmine(&["mine", "-", "--out", "o", "--bogus"], tmp.path())
            .status
            .code(),
        Some(2)
    );
    std::fs::write(tmp.path().join("afile"), "").unwrap();
    std::fs::write(tmp.path().join("in.txt"), GOOD).unwrap();
    let out = argmine(&["mine", "in.txt", "--out", "afile"], tmp.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a folder"));
}

#[test]
fn the_built_in_default_model_is_the_checkouts() {
    // The default model is embedded at build time; the binary warns when models/default/model.bin
    // has changed since. Built from this checkout, they are the same bytes: no warning.
    let embedded = argmine::pipeline::embedded_default_model();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/default/model.bin");
    assert_eq!(embedded, std::fs::read(&file).unwrap().as_slice());
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), GOOD).unwrap();
    let out = argmine(&["mine", "a.txt", "--out", "out", "-q"], tmp.path());
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("warning"), "{stderr}");
}

/// Without the transformer feature, the fine-tuned stage and `argmine finetune` say what to build,
/// exit 2, and write nothing.
#[cfg(not(feature = "transformer"))]
#[test]
fn the_fine_tuned_stage_needs_the_transformer_feature() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), GOOD).unwrap();
    let config = tmp.path().join("c.json");
    std::fs::write(
        &config,
        r#"{"classifier": {"type": "fine_tuned", "model": "models/finetuned"}}"#,
    )
    .unwrap();
    let o = argmine(
        &["mine", "in", "--out", "out", "-q", "--config", "c.json"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("--features transformer"), "{err}");
    assert!(!tmp.path().join("out/sentences.csv").exists());
    let o = argmine(
        &["finetune", "--data", "argunsc:x", "--out", "ft"],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--features transformer"));
    assert!(!tmp.path().join("ft").exists());
}

/// `--model` names a tier: `baseline` is `--config eval/baseline.json`, `default` is no option,
/// and without the transformer feature `accurate` says what to build, exits 2 and writes nothing.
#[test]
fn model_tiers_by_name() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("a.txt"), GOOD).unwrap();
    let baseline = Path::new(env!("CARGO_MANIFEST_DIR")).join("eval/baseline.json");
    let runs: [(&str, Vec<&str>); 4] = [
        ("named-baseline", vec!["--model", "baseline"]),
        (
            "config-baseline",
            vec!["--config", baseline.to_str().unwrap()],
        ),
        ("named-default", vec!["--model", "default"]),
        ("plain", vec![]),
    ];
    for (out, extra) in &runs {
        let mut args = vec!["mine", "a.txt", "--out", out, "-q"];
        args.extend(extra);
        let o = argmine(&args, tmp.path());
        assert_eq!(o.status.code(), Some(0), "{out}: {o:?}");
    }
    let csv = |d: &str, f: &str| read(tmp.path().join(d).join(f));
    for f in ["sentences.csv", "links.csv"] {
        assert_eq!(csv("named-baseline", f), csv("config-baseline", f), "{f}");
        assert_eq!(csv("named-default", f), csv("plain", f), "{f}");
    }
    assert_ne!(
        csv("named-baseline", "sentences.csv"),
        csv("plain", "sentences.csv"),
        "the baseline and the default model label this text differently"
    );
    let o = argmine(
        &[
            "mine", "a.txt", "--out", "x", "-q", "--model", "baseline", "--config", "c.json",
        ],
        tmp.path(),
    );
    assert_eq!(o.status.code(), Some(2), "--model and --config conflict");
    #[cfg(not(feature = "transformer"))]
    {
        let o = argmine(
            &["mine", "a.txt", "--out", "acc", "-q", "--model", "accurate"],
            tmp.path(),
        );
        assert_eq!(o.status.code(), Some(2));
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("transformer feature"), "{err}");
        assert!(!tmp.path().join("acc/sentences.csv").exists());
    }
}
