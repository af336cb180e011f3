//! The transformer backend (cargo feature `transformer`; needs scripts/setup-transformer.sh).
#![cfg(feature = "transformer")]

use argmine::embed::{cosine, Embed, MiniLm, TransformerConfig};
use std::path::Path;
use std::process::Command;

#[test]
fn minilm_embeds_in_input_order_with_sensible_similarities() {
    let m = MiniLm::new(&TransformerConfig::default()).unwrap();
    let texts = [
        "The government raised taxes on fuel.",
        "A storm flooded the coastal towns.",
        "Fuel taxes were increased by the government.",
    ];
    let v = m.embed(&texts).unwrap();
    assert_eq!(v.len(), 3);
    assert!(v.iter().all(|x| x.len() == 384));
    // Paraphrases are closer than unrelated sentences.
    assert!(cosine(&v[0], &v[2]) > cosine(&v[0], &v[1]) + 0.3);
    // Batching and order do not change a sentence's vector beyond float noise.
    let alone = m.embed(&[texts[2]]).unwrap();
    assert!(cosine(&alone[0], &v[2]) > 0.9999);
}

#[test]
fn cpu_autocast_stays_close_to_float32_and_is_undone() {
    let texts = [
        "The government raised taxes on fuel.",
        "According to a 2016 poll, 78% of respondents were against the transfer.",
        "Russia clearly has the upper hand.",
    ];
    let fp32 = MiniLm::new(&TransformerConfig::default()).unwrap();
    let ac = MiniLm::new(&TransformerConfig {
        autocast: true,
        ..Default::default()
    })
    .unwrap();
    let a = fp32.embed(&texts).unwrap();
    assert!(!argmine::embed::autocast_enabled());
    let b = ac.embed(&texts).unwrap();
    // The switch is thread-local and off again after the call.
    assert!(!argmine::embed::autocast_enabled());
    for (x, y) in a.iter().zip(&b) {
        let c = cosine(x, y);
        assert!(c > 0.999, "autocast far from float32: {c}");
    }
    assert!(
        a != b,
        "bfloat16 products give (slightly) different vectors"
    );
    // Float32 after an autocast call on the same thread is float32 again.
    for (x, y) in fp32.embed(&texts).unwrap().iter().zip(&a) {
        assert!(cosine(x, y) > 0.999_999);
    }
}

#[test]
fn a_unit_longer_than_the_encoder_takes_is_truncated() {
    // all-MiniLM-L6-v2 reads 256 WordPiece tokens ([CLS] and [SEP] included,
    // sentence_bert_config.json): a longer unit is embedded from its first 254 tokens. Every word
    // here is one token of the uncased vocabulary.
    let m = MiniLm::new(&TransformerConfig::default()).unwrap();
    let words = ["the", "state", "will", "act", "now", "and", "war", "ends"];
    let head: Vec<&str> = words.iter().copied().cycle().take(254).collect();
    let head = head.join(" ");
    let long = format!("{head} {}", "peace treaty talks fail ".repeat(700));
    let shorter: Vec<&str> = words.iter().copied().cycle().take(200).collect();
    let v = m
        .embed(&[head.as_str(), long.as_str(), &shorter.join(" ")])
        .unwrap();
    assert!(v.iter().flatten().all(|x| x.is_finite()));
    assert!(
        cosine(&v[0], &v[1]) > 0.99999,
        "the tail past 254 tokens is cut"
    );
    assert!(
        cosine(&v[0], &v[2]) < 0.99999,
        "shorter inputs are not cut: {}",
        cosine(&v[0], &v[2])
    );
}

#[test]
fn a_transformer_model_trains_and_mines() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_argmine");
    let out = tmp.path().join("m");
    let o = Command::new(bin)
        .args([
            "train",
            "--backend",
            "transformer",
            "--epochs",
            "2",
            "--data",
            "cdcp:../shared/corpora/cdcp/test",
            "--out",
        ])
        .arg(&out)
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let header: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("model.json")).unwrap()).unwrap();
    assert_eq!(header["backend"], "all-MiniLM-L6-v2");
    assert_eq!(header["embedding_dim"], 384);
    let model = out.join("model.bin");
    let config = tmp.path().join("c.json");
    let json = serde_json::json!({"classifier": {"type": "learned", "path": model}, "linker": {"type": "learned", "path": model}});
    std::fs::write(&config, json.to_string()).unwrap();
    let o = Command::new(bin)
        .args(["mine", "corpus", "-q", "--config"])
        .arg(&config)
        .arg("--out")
        .arg(tmp.path().join("o"))
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let s = std::fs::read_to_string(tmp.path().join("o/sentences.csv")).unwrap();
    assert_eq!(s.lines().count(), 41);
}
