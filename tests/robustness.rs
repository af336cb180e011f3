//! Files a real archive contains, in one batch: each gets its documented outcome (docs/errors.md),
//! none stops the batch, and every span stays valid.

use std::path::Path;
use std::process::Command;

#[test]
fn a_batch_of_hostile_files() {
    let tmp = tempfile::tempdir().unwrap();
    let d = tmp.path().join("in");
    std::fs::create_dir_all(&d).unwrap();
    let w = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).unwrap();
    w("empty.txt", b"");
    w("blank.txt", b"  \n\t\n\n   \r\n");
    w("nopunct.txt", "word ".repeat(3000).as_bytes());
    w(
        "longline.txt",
        "This goes on and on, and on ".repeat(180_000).as_bytes(),
    ); // ~5 MB, one line
    let mut bad = b"Fine text here. ".repeat(10);
    bad.extend_from_slice(b"\xff\xfe broken");
    w("badutf8.txt", &bad);
    let mut utf16 = vec![0xff, 0xfe];
    for u in "Taxes will rise. In 2020, 60% agreed.".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    w("utf16.txt", &utf16);
    w("scan.txt", b"%PDF-1.7\n1 0 obj\n");
    w("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    w("archive.txt", b"\x1f\x8b\x08\0\0\0\0\0");
    w(
        "lineends.txt",
        b"First line ends CRLF.\r\nSecond ends CR.\rThird ends LF.\nDone.",
    );
    w(
        "nul.txt",
        b"Some text\0 with a NUL. And more text after it.",
    );
    w(
        "scripts.txt",
        "مرحبا بالعالم. Cafe\u{301} na\u{308}ive. Emoji 😀🚀 too. שלום.".as_bytes(),
    );
    w(
        "longword.txt",
        format!("Start {} end.", "x".repeat(100_000)).as_bytes(),
    );
    std::os::unix::fs::symlink(&d, d.join("loop")).unwrap();

    let out = tmp.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args(["mine", "-q", "--out"])
        .arg(&out)
        .arg(&d)
        .arg(tmp.path().join("missing.txt"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "some files fail, the batch completes"
    );
    let docs: Vec<csv::StringRecord> = csv::Reader::from_path(out.join("documents.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    let row = |id: &str| {
        docs.iter()
            .find(|r| &r[0] == id)
            .unwrap_or_else(|| panic!("no row for {id}"))
            .clone()
    };
    let outcome = |id: &str| {
        let r = row(id);
        (
            r[7].to_string(),
            r[8].to_string(),
            r[2].parse::<usize>().unwrap(),
        )
    };
    for (id, status, error_starts, units_min) in [
        ("empty", "ok", "", 0),
        ("blank", "ok", "", 0),
        ("nopunct", "ok", "", 3),
        ("longline", "ok", "", 1000),
        ("badutf8", "error", "invalid UTF-8 at byte offset 160", 0),
        ("utf16", "ok", "", 2),
        ("scan", "error", "PDF: damaged", 0),
        ("image", "error", "binary file (PNG)", 0),
        ("archive", "error", "binary file (gzip)", 0),
        ("lineends", "ok", "", 4),
        ("nul", "ok", "", 2),
        ("scripts", "ok", "", 3),
        ("longword", "ok", "", 1),
        ("missing", "error", "cannot read", 0),
    ] {
        let (s, e, n) = outcome(id);
        assert_eq!(s, status, "{id}");
        assert!(e.starts_with(error_starts), "{id}: {e}");
        assert!(n >= units_min, "{id}: {n} units");
    }
    // The symlink loop is a link to a folder: not followed, reported once as skipped.
    assert_eq!(docs.len(), 15);
    let l = row("loop");
    assert_eq!((&l[7], l[8].contains("not followed")), ("skipped", true));
    // Every span of every unit slices its file's text (char offsets).
    let sentences: Vec<csv::StringRecord> = csv::Reader::from_path(out.join("sentences.csv"))
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect();
    let lineends = std::fs::read_to_string(d.join("lineends.txt")).unwrap();
    for r in sentences.iter().filter(|r| &r[0] == "lineends") {
        let (a, b): (usize, usize) = (r[3].parse().unwrap(), r[4].parse().unwrap());
        let slice: String = lineends.chars().skip(a).take(b - a).collect();
        assert_eq!(
            slice.split_whitespace().collect::<Vec<_>>().join(" "),
            &r[12]
        );
    }
    // The 5 MB line is cut into units no longer than the segmenter's limit.
    assert!(sentences
        .iter()
        .filter(|r| &r[0] == "longline")
        .all(|r| r[12].chars().count() <= 4000));
    assert!(Path::new(&out.join("sentences.csv")).exists());
}
