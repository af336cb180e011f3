//! Batch features: --shard, --resume (after kill -9), and the JSON Lines map stage.

use std::io::Write;
use std::process::{Command, Stdio};

mod util;
use util::{bin, read};

fn milestones() -> &'static str {
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/state-milestones/txt"
    )
}

#[test]
fn shards_partition_the_corpus() {
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full");
    assert!(bin()
        .args([
            "mine",
            milestones(),
            "-q",
            "--config",
            "eval/baseline.json",
            "--out"
        ])
        .arg(&full)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .unwrap()
        .success());
    let mut rows: Vec<String> = Vec::new();
    for i in 0..3 {
        let out = tmp.path().join(format!("s{i}"));
        let st = bin()
            .args([
                "mine",
                milestones(),
                "-q",
                "--config",
                "eval/baseline.json",
                "--shard",
                &format!("{i}/3"),
                "--out",
            ])
            .arg(&out)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .unwrap();
        assert!(st.success());
        let s = read(out.join("sentences.csv"));
        assert!(s.lines().count() > 1, "shard {i} is not empty");
        rows.extend(s.lines().skip(1).map(str::to_string));
    }
    let mut want: Vec<String> = read(full.join("sentences.csv"))
        .lines()
        .skip(1)
        .map(str::to_string)
        .collect();
    rows.sort();
    want.sort();
    assert!(rows == want, "the shards together are the whole run");
}

#[test]
fn resume_after_kill_finishes_without_duplicates() {
    let tmp = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let clean = tmp.path().join("clean");
    assert!(bin()
        .args(["mine", milestones(), "-q", "--out"])
        .arg(&clean)
        .current_dir(root)
        .status()
        .unwrap()
        .success());
    let out = tmp.path().join("resumed");
    // Kill -9 part-way, at a few different moments, then finish with --resume.
    for wait_ms in [150u64, 400] {
        let mut child = bin()
            .args(["mine", milestones(), "-q", "--resume", "-j", "1", "--out"])
            .arg(&out)
            .current_dir(root)
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(wait_ms));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    let o = bin()
        .args(["mine", milestones(), "--resume", "--out"])
        .arg(&out)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary = String::from_utf8_lossy(&o.stderr);
    assert!(summary.contains("reused from an earlier run"), "{summary}");
    for f in ["sentences.csv", "links.csv", "documents.csv"] {
        assert!(
            read(clean.join(f)) == read(out.join(f)),
            "{f} differs from an uninterrupted run"
        );
    }
    // A second --resume reuses everything and changes nothing.
    let o = bin()
        .args(["mine", milestones(), "--resume", "--out"])
        .arg(&out)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("204 reused"));
    assert!(read(clean.join("sentences.csv")) == read(out.join("sentences.csv")));
}

#[test]
fn jsonl_map_stage() {
    let mut child = bin()
        .args(["mine", "--jsonl", "-"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let input = "{\"id\": \"a\", \"text\": \"Taxes will rise. In 2020, 60% agreed.\"}\n\
                 not json\n\
                 {\"id\": 7, \"text\": \"\"}\n\
                 {\"id\": \"b\", \"text\": \"TITLE\\n\\nThe plan failed.\"}\n";
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1), "a bad line makes exit 1");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[0]["doc_id"], "a");
    assert_eq!(lines[0]["sentences"].as_array().unwrap().len(), 2);
    assert_eq!(lines[1]["doc_id"], "line 2");
    assert!(lines[1]["error"].as_str().unwrap().contains("not a"));
    assert_eq!(lines[2]["doc_id"], "7");
    assert_eq!(lines[2]["sentences"].as_array().unwrap().len(), 0);
    assert_eq!(lines[3]["doc_id"], "b");
}

#[test]
fn ctrl_c_stops_cleanly_and_resume_completes() {
    let tmp = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let out = tmp.path().join("o");
    let child = bin()
        .args(["mine", milestones(), "-q", "--resume", "-j", "1", "--out"])
        .arg(&out)
        .current_dir(root)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert!(Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap()
        .success());
    let o = child.wait_with_output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(130),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("interrupted after"));
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n == "sentences.csv" || n.contains(".tmp-")),
        "{names:?}"
    );
    let o = bin()
        .args(["mine", milestones(), "--resume", "--out"])
        .arg(&out)
        .current_dir(root)
        .output()
        .unwrap();
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("reused from an earlier run"));
    assert_eq!(read(out.join("documents.csv")).lines().count(), 205);
}
