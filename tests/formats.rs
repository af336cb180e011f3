//! Every export format round-trips or validates: JSON against its schema, brat through the brat
//! reader, DOT through Graphviz, GraphML and AIF by parsing, HTML in a real headless browser.

use argmine::annotation::read_brat;
use argmine::export::{JsonDocument, SCHEMA};
use std::path::{Path, PathBuf};
use std::process::Command;

mod util;
use util::external_tool;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const SEED: &str = "000_6308da54c4a726a2";

/// The DOM of the page at `url` after its scripts ran, from headless Chromium.
fn dump_dom(chromium: &Path, profile: &Path, url: &str) -> String {
    let o = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn chromium() -> Option<PathBuf> {
    external_tool(
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
        "apt-get install chromium",
    )
}

/// Mine the seed and a second, small document into every format.
fn mine_all(out: &Path) -> PathBuf {
    let input = out.join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::copy(
        root().join("corpus").join(format!("{SEED}.txt")),
        input.join(format!("{SEED}.txt")),
    )
    .unwrap();
    std::fs::write(
        input.join("second doc.txt"),
        "TRADE\n\nTariffs will hurt exporters. According to a 2021 survey, 61% of firms \"expect losses\".\n\
         Although prices fell, the government insists that the policy works.\r\n",
    )
    .unwrap();
    let o = out.join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args([
            "mine",
            "in",
            "--out",
            "out",
            "-q",
            "--format",
            "csv,json,jsonl,brat,aif,xaif,argdown,dot,graphml,html",
        ])
        .current_dir(out)
        .status()
        .unwrap();
    assert!(status.success());
    o
}

fn csv_rows(p: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(p)
        .unwrap()
        .records()
        .map(|r| r.unwrap())
        .collect()
}

#[test]
fn json_validates_against_the_schema_and_converts_back() {
    let tmp = tempfile::tempdir().unwrap();
    let out = mine_all(tmp.path());
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let mut n = 0;
    for line in std::fs::read_to_string(out.join("maps.jsonl"))
        .unwrap()
        .lines()
    {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        let doc: JsonDocument = serde_json::from_value(v).unwrap();
        // Offsets slice the text the document carries.
        let map = doc.to_map().unwrap();
        for s in &map.sentences {
            assert!(!doc.text[s.span.byte.clone()].trim().is_empty());
        }
        n += 1;
    }
    assert_eq!(n, 2);
    let single: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join(format!("json/{SEED}.json"))).unwrap(),
    )
    .unwrap();
    assert!(validator.is_valid(&single));
    // A document that breaks the schema is caught.
    let mut bad = single.clone();
    bad["sentences"][0]["role"] = serde_json::json!("thesis");
    assert!(!validator.is_valid(&bad));

    // convert: the CSV files again, byte for byte, from maps.jsonl.
    let again = tmp.path().join("again");
    let o = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args([
            "convert",
            out.to_str().unwrap(),
            "--out",
            again.to_str().unwrap(),
            "--format",
            "csv",
        ])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    for f in ["sentences.csv", "links.csv"] {
        let (a, b) = (
            std::fs::read_to_string(out.join(f)).unwrap(),
            std::fs::read_to_string(again.join(f)).unwrap(),
        );
        assert!(a == b, "{f} differs after convert");
    }
}

#[test]
fn brat_round_trips_through_the_brat_reader() {
    let tmp = tempfile::tempdir().unwrap();
    let out = mine_all(tmp.path());
    assert!(std::fs::read_to_string(out.join("brat/annotation.conf"))
        .unwrap()
        .contains("supports"));
    let sentences = csv_rows(&out.join("sentences.csv"));
    let links = csv_rows(&out.join("links.csv"));
    for id in [SEED, "second doc"] {
        let text = std::fs::read_to_string(out.join(format!("brat/{id}.txt"))).unwrap();
        let ann = std::fs::File::open(out.join(format!("brat/{id}.ann"))).unwrap();
        let gold = read_brat(id, &text, ann, "x.ann").unwrap();
        let mine: Vec<_> = sentences.iter().filter(|r| &r[0] == id).collect();
        assert_eq!(gold.units.len(), mine.len());
        for (u, r) in gold.units.iter().zip(&mine) {
            assert_eq!(
                (u.start.to_string(), u.end.to_string()),
                (r[3].to_string(), r[4].to_string())
            );
            assert_eq!(u.role.as_str(), &r[5]);
            assert_eq!(u.id, format!("T{}", &r[1]));
        }
        let mut got: Vec<(String, String, String)> = gold
            .links
            .iter()
            .map(|l| {
                (
                    l.source[1..].to_string(),
                    l.target[1..].to_string(),
                    l.relation.to_string(),
                )
            })
            .collect();
        let mut want: Vec<(String, String, String)> = links
            .iter()
            .filter(|r| &r[0] == id)
            .map(|r| (r[1].to_string(), r[2].to_string(), r[3].to_string()))
            .collect();
        got.sort();
        want.sort();
        assert_eq!(got, want);
    }
}

#[test]
fn graph_formats_parse_with_the_right_counts() {
    let tmp = tempfile::tempdir().unwrap();
    let out = mine_all(tmp.path());
    let sentences = csv_rows(&out.join("sentences.csv"));
    let links = csv_rows(&out.join("links.csv"));
    let nodes = sentences
        .iter()
        .filter(|r| &r[0] == SEED && &r[5] != "none")
        .count();
    let edges = links.iter().filter(|r| &r[0] == SEED).count();

    // DOT through Graphviz (installed by .ci/run).
    let dot = out.join(format!("dot/{SEED}.dot"));
    if let Some(dot_bin) = external_tool(&["dot"], "apt-get install graphviz") {
        check_dot(&dot_bin, &dot, &sentences, &links, nodes, edges);
    }

    // GraphML is well-formed XML with one node per argumentative unit and one edge per link.
    let xml = std::fs::read_to_string(out.join(format!("graphml/{SEED}.graphml"))).unwrap();
    let mut r = quick_xml::Reader::from_str(&xml);
    let (mut n, mut e) = (0, 0);
    loop {
        match r.read_event().unwrap() {
            quick_xml::events::Event::Start(t) if t.name().as_ref() == b"node" => n += 1,
            quick_xml::events::Event::Start(t) if t.name().as_ref() == b"edge" => e += 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((n, e), (nodes, edges));

    // AIF: an I-node per unit, an RA or CA node per link, two edges per link.
    let aif: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join(format!("aif/{SEED}.json"))).unwrap(),
    )
    .unwrap();
    let count = |t: &str| {
        aif["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["type"] == t)
            .count()
    };
    assert_eq!(count("I"), 40);
    assert_eq!(count("RA") + count("CA"), edges);
    assert_eq!(aif["edges"].as_array().unwrap().len(), 2 * edges);

    // xAIF: an I-, L- and YA-node per argumentative unit, a locution per L-node, an RA or CA node
    // per link, and the text (scripts/xaif-check.sh reads it with ARG-tech's package in CI).
    let x: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join(format!("xaif/{SEED}.json"))).unwrap(),
    )
    .unwrap();
    let xcount = |t: &str| {
        x["AIF"]["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["type"] == t)
            .count()
    };
    assert_eq!(
        (xcount("I"), xcount("L"), xcount("YA")),
        (nodes, nodes, nodes)
    );
    assert_eq!(x["AIF"]["locutions"].as_array().unwrap().len(), nodes);
    assert_eq!(xcount("RA") + xcount("CA"), edges);
    assert_eq!(
        x["AIF"]["edges"].as_array().unwrap().len(),
        2 * nodes + 2 * edges
    );
    // The text is the document's, as mined (its line breaks kept).
    let mined = std::fs::read_to_string(root().join(format!("corpus/{SEED}.txt"))).unwrap();
    assert_eq!(
        x["text"].as_str().unwrap(),
        mined.trim_start_matches('\u{feff}')
    );

    // Argdown: every linked unit appears exactly once as a statement.
    let ad = std::fs::read_to_string(out.join(format!("argdown/{SEED}.argdown"))).unwrap();
    for l in links.iter().filter(|r| &r[0] == SEED) {
        let tag = format!("[s{}]:", &l[1]);
        assert_eq!(ad.matches(&tag).count(), 1, "{tag}");
    }
    argdown_statements_are_separated_and_escaped(&ad);
}

/// Argdown needs a blank line between top-level statements, and gives meaning to brackets, `#`,
/// `{`, `*`, `.X.` and more in a statement's text (issue 24: `@argdown/cli` rejected 161 of the
/// 204 essays). `scripts/argdown-check.sh` parses every essay with the real CLI in CI.
fn argdown_statements_are_separated_and_escaped(ad: &str) {
    let lines: Vec<&str> = ad.lines().collect();
    for w in lines.windows(2) {
        if w[1].starts_with("[s") {
            assert!(
                w[0].is_empty(),
                "a top-level statement right after another line: {w:?}"
            );
        }
    }
    for l in lines.iter().filter(|l| l.contains("]: ")) {
        let text = &l[l.find("]: ").unwrap() + 3..l.rfind(" #").unwrap()];
        let mut chars = text.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                let next = chars.next();
                assert!(
                    next.is_some_and(|n| n.is_ascii_punctuation()),
                    "a lone backslash in {l}"
                );
            } else {
                assert!(!c.is_ascii_punctuation(), "an unescaped {c:?} in {l}");
            }
        }
    }
}

#[test]
fn html_report_draws_the_map_in_a_real_browser() {
    let tmp = tempfile::tempdir().unwrap();
    let out = mine_all(tmp.path());
    let sentences = csv_rows(&out.join("sentences.csv"));
    let links = csv_rows(&out.join("links.csv"));
    let page = out.join(format!("html/{SEED}.html"));
    let html = std::fs::read_to_string(&page).unwrap();
    // Self-contained: one inline script, pinned by the Content-Security-Policy's hash, and
    // nothing fetched.
    assert_eq!(html.matches("<script").count(), 1, "one inline script");
    assert!(html.contains("<script>") && !html.contains("<link "));
    assert!(html.contains("script-src 'sha256-") && html.contains("default-src 'none'"));
    assert!(!html.contains("https://") && !html.contains(" src="));
    let Some(chromium) = chromium() else {
        return;
    };
    let flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];
    let profile = tmp.path().join("profile");
    let url = format!("file://{}", page.display());
    // The page's self-check in a 1,400 px window: no label overflows its node, the map fits the
    // window, and a click on sentence 34 highlights its chain up to the main claim, in the map
    // and in the text.
    let o = Command::new(&chromium)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--window-size=1400,900")
        .arg("--dump-dom")
        .arg(format!("{url}#selftest=34"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let dom = String::from_utf8_lossy(&o.stdout);
    let start = dom
        .find("<pre id=\"selftest\"")
        .expect("the self-check's output");
    let json = &dom[start + dom[start..].find('>').unwrap() + 1..];
    let json = &json[..json.find("</pre>").unwrap()];
    let check: serde_json::Value = serde_json::from_str(json).expect(json);
    assert_eq!(
        check["overflows"],
        serde_json::json!([]),
        "labels overflow: {check}"
    );
    let window = check["window"].as_u64().unwrap();
    assert_eq!(window, 1400, "{check}");
    assert!(check["page_width"].as_u64().unwrap() <= window, "{check}");
    let m = check["map"].as_array().unwrap();
    assert!(
        m[1].as_i64().unwrap() <= 1400 && m[2].as_i64().unwrap() > 400,
        "{check}"
    );
    assert_eq!(check["inside"], true, "the whole map is in view: {check}");
    let parent: std::collections::HashMap<&str, &str> = links
        .iter()
        .filter(|r| &r[0] == SEED)
        .map(|r| (&r[1], &r[2]))
        .collect();
    let mut chain = vec!["34"];
    while let Some(&p) = parent.get(chain.last().unwrap()) {
        chain.push(p);
    }
    assert!(chain.len() >= 2, "sentence 34 links somewhere");
    let ids = |k: &str| -> Vec<String> {
        let mut v: Vec<String> = check[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        v.sort();
        v
    };
    let mut want: Vec<String> = chain.iter().map(|s| s.to_string()).collect();
    assert_eq!(check["chain"], serde_json::json!(want), "{check}");
    want.sort();
    assert_eq!(ids("highlighted"), want, "nodes of the chain: {check}");
    assert_eq!(ids("text"), want, "sentences of the chain: {check}");
    assert_eq!(check["edges"].as_u64().unwrap() as usize, chain.len() - 1);
    let nodes = sentences
        .iter()
        .filter(|r| &r[0] == SEED && &r[5] != "none")
        .count();
    let edges = links.iter().filter(|r| &r[0] == SEED).count();
    assert_eq!(
        dom.matches("<g class=\"node ").count(),
        nodes,
        "drawn nodes"
    );
    assert_eq!(
        dom.matches("<path class=\"edge ").count(),
        edges,
        "drawn edges"
    );
    assert_eq!(
        dom.matches(" s role-").count() + dom.matches("\"s role-").count(),
        40,
        "every unit in the text"
    );
    let shot = std::env::var_os("ARGMINE_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| tmp.path().join("seed.png"));
    let o = Command::new(&chromium)
        .args(flags)
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--screenshot={}", shot.display()))
        .arg("--window-size=1400,900")
        .arg(format!("{url}#selftest=34"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let png = std::fs::read(&shot).unwrap();
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "a real screenshot"
    );
    let index = std::fs::read_to_string(out.join("html/index.html")).unwrap();
    // Relative, percent-encoded links (issue 23): never a scheme, a space or a fragment.
    assert!(
        index.contains(&format!("href=\"./{SEED}.html\"")) && index.contains("./second%20doc.html")
    );
}

#[test]
fn html_report_draws_the_hand_annotation_and_its_chains() {
    // `render --gold`: the seed report follows the gold chain from the Levada poll to "Russia
    // clearly has the upper hand" step by step, marks which steps argmine found, and draws the
    // gold links it missed, in a real browser.
    let tmp = tempfile::tempdir().unwrap();
    let out = mine_all(tmp.path());
    let rendered = tmp.path().join("rendered");
    let o = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args(["render", "--gold"])
        .arg(root().join("annotations/test"))
        .arg(&out)
        .arg("--out")
        .arg(&rendered)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("drawn into 1 of 2 reports"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // An annotation of none of the documents is said, not passed over in silence.
    let o = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args(["render", "--gold"])
        .arg(root().join("annotations/speeches"))
        .arg(&out)
        .arg("--out")
        .arg(tmp.path().join("unmatched"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("annotates none of these 2 documents"), "{err}");
    let page = rendered.join(format!("html/{SEED}.html"));
    let Some(chromium) = chromium() else {
        return;
    };
    let dom = dump_dom(
        &chromium,
        &tmp.path().join("profile"),
        &format!("file://{}", page.display()),
    );

    // The predicted map is drawn as without --gold: one node per argumentative unit, one edge
    // per predicted link.
    let sentences = csv_rows(&out.join("sentences.csv"));
    let links = csv_rows(&out.join("links.csv"));
    let predicted = links.iter().filter(|r| &r[0] == SEED).count();
    assert_eq!(dom.matches("<path class=\"edge ").count(), predicted);
    // Gold links: found ones are predicted edges marked `match`, the others drawn as gold edges.
    let gold: serde_json::Value = serde_json::from_slice(
        &std::fs::read(root().join(format!("annotations/test/{SEED}.json"))).unwrap(),
    )
    .unwrap();
    let gold_links = gold["links"].as_array().unwrap().len();
    let found = dom.matches(" match\"").count();
    assert_eq!(
        dom.matches("class=\"gold-edge\"").count() + found,
        gold_links,
        "every gold link is drawn, as a match or as a gold edge"
    );
    assert!(dom.contains(&format!("data-found=\"{found}\"")));

    // The Levada chain, unit by unit.
    let id_of = |needle: &str| {
        sentences
            .iter()
            .find(|r| &r[0] == SEED && r[12].contains(needle))
            .unwrap_or_else(|| panic!("no unit with {needle}"))[1]
            .to_string()
    };
    let levada = id_of("Levada Center");
    let li_start = dom
        .find(&format!("<li class=\"chain\" data-source=\"{levada}\">"))
        .expect("a chain from the Levada poll");
    let li = &dom[li_start..li_start + dom[li_start..].find("</li>").unwrap()];
    let opinion = li.find("Public opinion is another factor").expect("step 1");
    let upper = li
        .find("Russia clearly has the upper hand")
        .expect("step 2");
    assert!(opinion < upper, "in chain order: {li}");
    assert_eq!(
        li.matches("(found)").count() + li.matches("(missed)").count(),
        2
    );
    // The step marks agree with the predicted links.
    let has_link = |s: &str, t: &str| {
        links
            .iter()
            .any(|r| &r[0] == SEED && &r[1] == s && &r[2] == t)
    };
    let step1 = has_link(&levada, &id_of("Public opinion is another factor"));
    assert_eq!(li[..opinion].contains("(found)"), step1, "{li}");
}

/// The seed's DOT through Graphviz: the map's nodes and edges besides the legend, labels wrapped,
/// confidences and scores as in the CSV.
fn check_dot(
    dot_bin: &Path,
    dot: &Path,
    sentences: &[csv::StringRecord],
    links: &[csv::StringRecord],
    nodes: usize,
    edges: usize,
) {
    let o = Command::new(dot_bin)
        .arg("-Tjson")
        .arg(dot)
        .output()
        .expect("graphviz `dot` runs");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let g: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    // The map's nodes and edges, besides the legend (a cluster of three nodes and two edges).
    let objects = g["objects"].as_array().unwrap();
    let legend = |name: &serde_json::Value| name.as_str().is_some_and(|n| n.contains("legend"));
    assert_eq!(
        objects.iter().filter(|o| !legend(&o["name"])).count(),
        nodes
    );
    assert_eq!(objects.iter().filter(|o| legend(&o["name"])).count(), 4);
    assert_eq!(g["edges"].as_array().map_or(0, |v| v.len()), edges + 2);
    // Labels wrap at word boundaries: every label line ends a word (or the cut text's `…`).
    for o in objects.iter().filter(|o| !legend(&o["name"])) {
        let label = o["label"].as_str().unwrap();
        for line in label.split("\\n") {
            assert!(line.chars().count() <= 41, "{line}");
        }
    }
    // Confidences and scores with the CSV's digits.
    let dot_text = std::fs::read_to_string(dot).unwrap();
    for r in sentences
        .iter()
        .filter(|r| &r[0] == SEED && &r[5] != "none")
    {
        let want = format!("s{} [label=", &r[1]);
        let line = dot_text.lines().find(|l| l.contains(&want)).unwrap();
        assert!(
            line.contains(&format!("confidence=\"{}\"", &r[6])),
            "{line}"
        );
    }
    for l in links.iter().filter(|r| &r[0] == SEED) {
        let want = format!("s{} -> s{} [", &l[1], &l[2]);
        let line = dot_text.lines().find(|x| x.contains(&want)).unwrap();
        assert!(line.contains(&format!("score=\"{}\"", &l[4])), "{line}");
    }
}

#[test]
fn html_report_keeps_hostile_text_inert_and_the_index_lists_failures() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(
        input.join("payload.txt"),
        "</script><script>document.title='owned'</script> Tariffs will hurt exporters.\n\n\
         <img src=x onerror=\"document.title='owned'\"> According to a survey, 61% of firms expect losses.\n\n\
         \"><svg onload=alert(1)> The government insists that the policy works, {{7*7}} ${7*7}.\n",
    )
    .unwrap();
    std::fs::write(input.join("broken.txt"), b"caf\xe9 au lait").unwrap();
    let out = tmp.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args(["mine", "-q", "--format", "html"])
        .arg(&input)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let page = out.join("html/payload.html");
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        html.matches("<script").count(),
        1,
        "only argmine's own script"
    );
    for raw in [
        "<img",
        "<svg onload",
        "onerror=\"",
        "</script><script>document",
    ] {
        assert!(!html.contains(raw), "{raw} got through");
    }
    let index = std::fs::read_to_string(out.join("html/index.html")).unwrap();
    assert!(
        index.contains("data-documents=\"2\" data-failed=\"1\""),
        "{index}"
    );
    assert!(
        index.contains("<tr class=\"failed\"><td>broken</td>"),
        "{index}"
    );
    assert!(
        index.contains("failed: invalid UTF-8 at byte offset 3"),
        "{index}"
    );
    assert!(index.contains("<tr id=\"totals\"><td>total</td><td class=\"t\">2 documents</td>"));
    let Some(chromium) = chromium() else {
        return;
    };
    let dump = |url: String| dump_dom(&chromium, &tmp.path().join("profile"), &url);
    let dom = dump(format!("file://{}#selftest=1", page.display()));
    assert!(
        !dom.contains("<title>owned</title>") && !dom.contains("<img"),
        "{dom}"
    );
    assert!(
        dom.contains("\"overflows\":[]"),
        "the page's own script ran: {dom}"
    );
    // The index's script ran under its policy: the headers became focusable for sorting.
    let dom = dump(format!("file://{}", out.join("html/index.html").display()));
    let thead = &dom[dom.find("<thead>").unwrap()..dom.find("</thead>").unwrap()];
    assert_eq!(thead.matches("tabindex=\"0\"").count(), 9, "{thead}");
}
