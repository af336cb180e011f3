//! The transformer backend (cargo feature `transformer`; needs scripts/setup-transformer.sh).
#![cfg(feature = "transformer")]

use argmine::embed::{cosine, DirectMiniLm, Embed, Engine, MiniLm, TransformerConfig};
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

/// Real sentences of many lengths (the seed article's kind of prose, written for this test).
const VARIED: [&str; 12] = [
    "Russia clearly has the upper hand.",
    "According to a Levada Center poll from 2016, 78% of Russians opposed handing over the islands.",
    "Public opinion is another factor.",
    "Abe met Putin in Vladivostok.",
    "The Japanese delegation signed a number of framework agreements and memorandums of \
     understanding relating to economy and trade, but Abe had two further objectives.",
    "Second, Tokyo is becoming increasingly wary of an assertive China and sees closer ties with \
     Moscow as a way to slow down the pace of Russian-Chinese cooperation.",
    "No.",
    "The talks failed.",
    "Sanctions remain in place, and trade between the two countries fell by a third in 2015.",
    "Moscow has every reason to wait.",
    "A peace treaty has never been signed since the end of the Second World War, which leaves the \
     territorial question open and the relationship hostage to public opinion on both sides.",
    "Japan imports liquefied natural gas from Sakhalin.",
];

#[test]
fn the_direct_engine_matches_rust_bert_whatever_the_worker_count() {
    let rb = MiniLm::new(&TransformerConfig::default()).unwrap();
    let reference = rb.embed(&VARIED).unwrap();
    let direct = |threads: usize, autocast: bool| {
        DirectMiniLm::new(&TransformerConfig {
            threads,
            autocast,
            batch_size: 3,
            ..Default::default()
        })
        .unwrap()
        .embed(&VARIED)
        .unwrap()
    };
    let one = direct(1, false);
    for (i, (x, y)) in one.iter().zip(&reference).enumerate() {
        let c = cosine(x, y);
        assert!(c > 0.99999, "sentence {i}: direct vs rust-bert cosine {c}");
    }
    // Four batches over two workers: the same bytes as one worker.
    assert_eq!(direct(2, false), one);
    // Vectors are unit length (sentence-transformers' Normalize module).
    for v in &one {
        let n: f32 = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((n - 1.0).abs() < 1e-5, "norm {n}");
    }
    // Under CPU autocast: within cosine 0.9999 of float32 (issue 5's bound), and again the same
    // bytes whatever the number of workers; the switch is off again afterwards.
    let ac = direct(1, true);
    assert!(!argmine::embed::autocast_enabled());
    for (x, y) in ac.iter().zip(&one) {
        let c = cosine(x, y);
        assert!(c > 0.9999, "autocast vs float32 cosine {c}");
    }
    assert_ne!(ac, one);
    assert_eq!(direct(2, true), ac);
    // Order and batching do not matter beyond float noise.
    let alone = DirectMiniLm::new(&TransformerConfig::default())
        .unwrap()
        .embed(&[VARIED[4]])
        .unwrap();
    assert!(cosine(&alone[0], &one[4]) > 0.99999);
}

#[test]
fn a_unit_longer_than_the_encoder_takes_is_truncated() {
    // all-MiniLM-L6-v2 reads 256 WordPiece tokens ([CLS] and [SEP] included,
    // sentence_bert_config.json): a longer unit is embedded from its first 254 tokens. Every word
    // here is one token of the uncased vocabulary.
    for engine in [Engine::RustBert, Engine::Direct] {
        let m = argmine::embed::embedder(
            argmine::embed::MINILM,
            &TransformerConfig {
                engine,
                ..Default::default()
            },
        )
        .unwrap();
        truncates(m.as_ref());
    }
}

fn truncates(m: &dyn Embed) {
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

/// Things that rise and fall, for the fine-tuning tests' made-up sentences.
const THINGS: [&str; 10] = [
    "exports",
    "imports",
    "turnout",
    "inflation",
    "spending",
    "tariffs",
    "the deficit",
    "enrolment",
    "the budget",
    "output",
];

/// Two easily told classes, reported figures (0) and questions (1), ten of each.
fn figures_and_questions() -> (Vec<String>, Vec<usize>) {
    let mut texts = Vec::new();
    let mut labels = Vec::new();
    for (i, t) in THINGS.iter().enumerate() {
        texts.push(format!("In {}, {t} rose by {} percent.", 1990 + i, 3 + i));
        labels.push(0);
        texts.push(format!("Why did {t} change so little?"));
        labels.push(1);
    }
    (texts, labels)
}

/// Fine-tunes the encoder of `tcfg` with `cfg` on inputs whose classified sentence is always the
/// same, "That is what the minister said.", and whose sentence before is a figure (class 0) or a
/// question (class 1); returns how many of the 20 it then gets right, and the training log.
fn context_task(
    tcfg: &TransformerConfig,
    cfg: &argmine::embed::FineTuneConfig,
) -> (usize, argmine::embed::FineTuneLog) {
    use argmine::embed::{FineTuned, Input};
    let (before, labels) = figures_and_questions();
    let inputs: Vec<Input> = before
        .iter()
        .map(|b| Input {
            text: "That is what the minister said.",
            before: b,
            after: "",
        })
        .collect();
    let mut m = FineTuned::pretrained(tcfg, 2, cfg).unwrap();
    let log = m.train(&inputs, &labels, |_, _, _| {}).unwrap();
    let p = m.predict_proba(&inputs).unwrap();
    let right = p
        .iter()
        .zip(&labels)
        .filter(|(p, &l)| (p[1] > p[0]) == (l == 1))
        .count();
    (right, log)
}

#[test]
fn fine_tuning_with_context_reads_the_neighbours() {
    use argmine::embed::FineTuneConfig;
    // Only the sentence before tells the classes apart. Without context nothing can be learned
    // (every input is the same); with it, every example is right.
    let tcfg = TransformerConfig::default();
    let run = |context_tokens| {
        let cfg = FineTuneConfig {
            epochs: 4,
            learning_rate: 1e-4,
            batch_size: 4,
            context_tokens,
            ..Default::default()
        };
        context_task(&tcfg, &cfg).0
    };
    assert_eq!(run(32), 20);
    // Without context the inputs are identical: one answer for all, half of them right.
    assert_eq!(run(0), 10);
}

#[test]
fn fine_tuning_learns_a_separable_task_and_is_reproducible() {
    use argmine::embed::{FineTuneConfig, FineTuned, Input};
    // Two easily told classes, reported figures and questions, ten of each: a fine-tuning run
    // that trains at all gets every one right.
    let (texts, labels) = figures_and_questions();
    let refs: Vec<Input> = texts.iter().map(|t| Input::alone(t)).collect();
    let tcfg = TransformerConfig::default();
    let cfg = FineTuneConfig {
        epochs: 4,
        learning_rate: 1e-4,
        batch_size: 4,
        ..Default::default()
    };
    let train = || {
        let mut m = FineTuned::pretrained(&tcfg, 2, &cfg).unwrap();
        let mut steps = 0;
        let log = m.train(&refs, &labels, |s, n, _| {
            steps = s;
            assert!(s <= n);
        });
        let log = log.unwrap();
        assert_eq!((log.steps, steps), (20, 20));
        assert_eq!(log.epoch_loss.len(), 4);
        assert!(
            log.epoch_loss[3] < log.epoch_loss[0],
            "loss did not fall: {:?}",
            log.epoch_loss
        );
        m.predict_proba(&refs).unwrap()
    };
    let a = train();
    let right = a
        .iter()
        .zip(&labels)
        .filter(|(p, &l)| (p[1] > p[0]) == (l == 1))
        .count();
    assert_eq!(right, 20, "{a:?}");
    for p in &a {
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
    }
    // Same data, settings and seed: the same model.
    let b = train();
    let d = a
        .iter()
        .flatten()
        .zip(b.iter().flatten())
        .map(|(x, y)| (x - y).abs())
        .fold(0f32, f32::max);
    assert_eq!(a, b, "max diff {d}");

    // Bad input is a clear error.
    let mut m = FineTuned::pretrained(&tcfg, 2, &cfg).unwrap();
    assert!(m.train(&refs, &labels[..3], |_, _, _| {}).is_err());
    let bad = vec![2; refs.len()];
    assert!(m.train(&refs, &bad, |_, _, _| {}).is_err());
    assert!(FineTuned::pretrained(&tcfg, 1, &cfg).is_err());
}

#[test]
fn an_ensemble_of_seeds_and_encoders_keeps_each_member_and_its_first_is_the_single_model() {
    use argmine::annotation::{GoldDocument, GoldUnit};
    use argmine::embed::FineTuneConfig;
    use argmine::Role;
    use argmine::{eval::protocols as cv, model::TrainSettings};
    // Ten made-up speeches of three sentences: a figure (premise), a demand (claim) and thanks
    // (non-argumentative), each speech its own group.
    let docs: Vec<GoldDocument> = THINGS
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let parts = [
                (
                    format!("In {}, {t} rose by {} percent.", 1990 + i, 3 + i),
                    Role::Evidence,
                ),
                (format!("We must act on {t} now."), Role::Claim),
                ("Thank you, Mr. President.".to_string(), Role::None),
            ];
            let mut text = String::new();
            let mut units = Vec::new();
            for (k, (s, role)) in parts.iter().enumerate() {
                if k > 0 {
                    text.push(' ');
                }
                let start = text.chars().count();
                text.push_str(s);
                units.push(GoldUnit {
                    id: format!("u{k}"),
                    start,
                    end: text.chars().count(),
                    role: *role,
                    label: format!("{role:?}"),
                });
            }
            GoldDocument {
                id: format!("s{i}"),
                text,
                units,
                links: Vec::new(),
                group: format!("s{i}"),
            }
        })
        .collect();
    let tcfg = TransformerConfig::default();
    let ft = FineTuneConfig {
        epochs: 2,
        learning_rate: 1e-4,
        batch_size: 4,
        context_tokens: 8,
        ..Default::default()
    };
    let s = TrainSettings::default();
    let mut seen = Vec::new();
    let mut store: std::collections::HashMap<String, cv::MemberRun> = Default::default();
    let encoder = |settings: &FineTuneConfig, seeds: usize| cv::EnsembleEncoder {
        transformer: tcfg.clone(),
        settings: settings.clone(),
        seeds,
    };
    let two = cv::argunsc_sentences_finetuned(
        &docs,
        2,
        1,
        &s,
        &[encoder(&ft, 2)],
        &mut store,
        |f, _, seed, _, _, _| {
            if seen.last() != Some(&(f, seed)) {
                seen.push((f, seed));
            }
        },
    )
    .unwrap();
    // Each fold trains seed 1, then seed 2.
    assert_eq!(seen, [(0, 1), (0, 2), (1, 1), (1, 2)]);
    assert_eq!(two.seeds, 2);
    assert_eq!(two.epoch_loss.len(), 4);
    let seeds: Vec<u64> = two.per_seed.iter().map(|p| p.seed).collect();
    assert_eq!(seeds, [1, 2]);
    let one = cv::argunsc_sentences_finetuned(
        &docs,
        2,
        1,
        &s,
        &[encoder(&ft, 1)],
        &mut cv::NoStore,
        |_, _, _, _, _, _| {},
    )
    .unwrap();
    assert!(one.per_seed.is_empty());
    assert_eq!(one.seeds, 1);
    // The ensemble's first member is the single-seed run, figure for figure.
    assert_eq!(two.per_seed[0].arg_macro_f1, one.arg_macro_f1);
    assert_eq!(
        two.per_seed[0].claim_premise_weighted_f1,
        one.claim_premise_weighted_f1
    );
    // The linear model does not depend on the encoders.
    assert_eq!(two.linear_arg_macro_f1, one.linear_arg_macro_f1);

    // Every member was stored as it finished; a second run with the same store fine-tunes
    // nothing and reports the same figures.
    assert_eq!(store.len(), 4);
    assert_eq!(two.stored_members, 0);
    assert!(store.keys().any(|k| k.starts_with("fold2-seed1-")));
    let mut trained = 0;
    let again = cv::argunsc_sentences_finetuned(
        &docs,
        2,
        1,
        &s,
        &[encoder(&ft, 2)],
        &mut store,
        |_, _, _, _, _, _| trained += 1,
    )
    .unwrap();
    assert_eq!(trained, 0);
    assert_eq!(again.stored_members, 4);
    assert_eq!(again.per_seed, two.per_seed);
    assert_eq!(
        (again.arg_macro_f1, again.claim_premise_weighted_f1),
        (two.arg_macro_f1, two.claim_premise_weighted_f1)
    );
    assert_eq!(again.epoch_loss, two.epoch_loss);
    // A run that differs in anything a member depends on (here the epochs) does not use them:
    // a stored fold 1 of the old settings is not taken (counted by the steps trained).
    let mut other = store.clone();
    let three = FineTuneConfig { epochs: 1, ..ft };
    let mut steps = 0;
    cv::argunsc_sentences_finetuned(
        &docs,
        2,
        1,
        &s,
        &[encoder(&three, 1)],
        &mut other,
        |_, _, _, _, _, _| steps += 1,
    )
    .unwrap();
    assert!(steps > 0);
    assert_eq!(other.len(), 6);

    // An ensemble of two encoders (here the same one with two learning rates): the first
    // encoder's members come from the store, and its own figures are those of the run that made
    // them; only the second encoder is fine-tuned, and its members are named as its own.
    let faster = FineTuneConfig {
        learning_rate: 2e-4,
        ..ft.clone()
    };
    let mut trained = Vec::new();
    let pair = cv::argunsc_sentences_finetuned(
        &docs,
        2,
        1,
        &s,
        &[encoder(&ft, 2), encoder(&faster, 1)],
        &mut store,
        |f, e, seed, _, _, _| {
            if trained.last() != Some(&(f, e, seed)) {
                trained.push((f, e, seed));
            }
        },
    )
    .unwrap();
    assert_eq!(trained, [(0, 1, 1), (1, 1, 1)]);
    assert_eq!(pair.stored_members, 4);
    assert_eq!(pair.seeds, 3);
    assert_eq!(store.len(), 6);
    assert_eq!(pair.per_encoder.len(), 2);
    let first = &pair.per_encoder[0];
    assert_eq!(first.seeds, 2);
    assert_eq!(
        (first.arg_macro_f1, first.claim_premise_weighted_f1),
        (two.arg_macro_f1, two.claim_premise_weighted_f1)
    );
    assert_eq!(
        (
            first.mean_arg_macro_f1,
            first.mean_claim_premise_weighted_f1
        ),
        (two.mean_arg_macro_f1, two.mean_claim_premise_weighted_f1)
    );
    assert_eq!(pair.per_encoder[1].settings.learning_rate, 2e-4);
    assert_eq!(pair.per_seed.len(), 3);
    assert_eq!(pair.per_seed[..2], two.per_seed[..]);
    assert_eq!(pair.linear_arg_macro_f1, two.linear_arg_macro_f1);
    // No encoder at all is an error, not an empty report.
    assert!(cv::argunsc_sentences_finetuned(
        &docs,
        2,
        1,
        &s,
        &[],
        &mut cv::NoStore,
        |_, _, _, _, _, _| {}
    )
    .is_err());
}

#[test]
fn in_pair_mode_the_encoder_reads_the_second_text() {
    use argmine::embed::{FineTuneConfig, FineTuned, Input};
    // Only the second text tells the classes apart: a pair model learns it, a model of the first
    // text alone cannot.
    let tcfg = TransformerConfig::default();
    let (second, labels) = figures_and_questions();
    let inputs: Vec<Input> = second
        .iter()
        .map(|b| Input {
            text: "That is what the minister said.",
            before: "",
            after: b,
        })
        .collect();
    let right = |pair| {
        let cfg = FineTuneConfig {
            epochs: 4,
            learning_rate: 1e-4,
            batch_size: 4,
            pair,
            ..Default::default()
        };
        let mut m = FineTuned::pretrained(&tcfg, 2, &cfg).unwrap();
        m.train(&inputs, &labels, |_, _, _| {}).unwrap();
        let p = m.predict_proba(&inputs).unwrap();
        p.iter()
            .zip(&labels)
            .filter(|(p, &l)| (p[1] > p[0]) == (l == 1))
            .count()
    };
    assert_eq!(right(true), 20);
    assert_eq!(right(false), 10);
    // Settings without pairs serialise as before pairs existed (stored members keep their keys).
    let plain = serde_json::to_string(&FineTuneConfig::default()).unwrap();
    assert!(!plain.contains("pair"), "{plain}");
    let paired = FineTuneConfig {
        pair: true,
        ..Default::default()
    };
    assert!(serde_json::to_string(&paired)
        .unwrap()
        .contains("\"pair\":true"));
}

#[test]
fn the_pair_protocol_fine_tunes_per_fold_and_keeps_its_members() {
    use argmine::annotation::ArgunscPair;
    use argmine::embed::FineTuneConfig;
    use argmine::{eval::protocols as cv, model::TrainSettings};
    // Thirty made-up pairs in ten speeches: a figure supports the demand on the same thing, a
    // dismissal attacks it, and a figure about another thing has no relation to it.
    let mut pairs = Vec::new();
    let mut speech_of = std::collections::HashMap::new();
    for (i, t) in THINGS.iter().enumerate() {
        let other = THINGS[(i + 3) % THINGS.len()];
        let id = 100 * i as u64;
        for (k, (premise, relation)) in [
            (
                format!("In {}, {t} rose by {} percent.", 1990 + i, 3 + i),
                "support",
            ),
            (format!("Some say {t} never mattered at all."), "attack"),
            (
                format!("In {}, {other} fell by {} percent.", 1990 + i, 2 + i),
                "no relation",
            ),
        ]
        .into_iter()
        .enumerate()
        {
            speech_of.insert(id, format!("s{i}"));
            speech_of.insert(id + 1 + k as u64, format!("s{i}"));
            pairs.push(ArgunscPair {
                claim_id: id,
                claim: format!("We must act on {t} now."),
                premise_id: id + 1 + k as u64,
                premise,
                relation: relation.to_string(),
            });
        }
    }
    let encoder = cv::EnsembleEncoder {
        transformer: TransformerConfig::default(),
        settings: FineTuneConfig {
            epochs: 2,
            learning_rate: 1e-4,
            batch_size: 4,
            ..Default::default()
        },
        seeds: 1,
    };
    let s = TrainSettings::default();
    let mut store: std::collections::HashMap<String, cv::MemberRun> = Default::default();
    let mut folds_seen = Vec::new();
    let r = cv::argunsc_pairs_finetuned(
        &pairs,
        &speech_of,
        true,
        2,
        1,
        &s,
        &encoder,
        &mut store,
        |f, _, _, _, _| {
            if folds_seen.last() != Some(&f) {
                folds_seen.push(f);
            }
        },
    )
    .unwrap();
    assert_eq!(folds_seen, [0, 1]);
    assert_eq!(r.pairs, 30);
    assert!(r.settings.pair);
    assert_eq!(store.len(), 2);
    assert!(store.keys().all(|k| k.starts_with("pairs-grouped-fold")));
    for f in [
        r.related_weighted_f1,
        r.support_attack_macro_f1,
        r.mean_related_weighted_f1,
        r.mean_support_attack_macro_f1,
    ] {
        assert!((0.0..=1.0).contains(&f), "{r:?}");
    }
    // The linear columns are the linear protocol's figures on the same folds.
    let linear = cv::argunsc_pairs(&pairs, &speech_of, true, 2, 1, &s, None);
    assert_eq!(
        (
            r.linear_related_weighted_f1,
            r.linear_support_attack_macro_f1
        ),
        (linear.related_weighted_f1, linear.support_attack_macro_f1)
    );
    // Run again with the store: nothing is fine-tuned, the same figures come out.
    let mut steps = 0;
    let again = cv::argunsc_pairs_finetuned(
        &pairs,
        &speech_of,
        true,
        2,
        1,
        &s,
        &encoder,
        &mut store,
        |_, _, _, _, _| steps += 1,
    )
    .unwrap();
    assert_eq!(steps, 0);
    assert_eq!(again.stored_members, 2);
    assert_eq!(
        (again.related_weighted_f1, again.support_attack_macro_f1),
        (r.related_weighted_f1, r.support_attack_macro_f1)
    );
}

/// all-mpnet-base-v2, installed by `scripts/setup-transformer.sh --mpnet`.
fn mpnet_config() -> TransformerConfig {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("models/third-party/all-mpnet-base-v2");
    assert!(
        dir.join("model.safetensors").is_file(),
        "all-mpnet-base-v2 is missing: run scripts/setup-transformer.sh --mpnet"
    );
    TransformerConfig {
        model_dir: Some(dir),
        threads: 2,
        ..Default::default()
    }
}

#[test]
fn the_mpnet_forward_pass_gives_sentence_transformers_vectors() {
    use argmine::embed::{FineTuneConfig, FineTuned};
    // tests/fixtures/mpnet-reference.json: Python sentence-transformers' float32 vectors of five
    // sentences (short, long, one word), by tests/fixtures/mpnet-reference.py.
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mpnet-reference.json"),
    )
    .unwrap();
    let reference: serde_json::Value = serde_json::from_str(&text).unwrap();
    let texts: Vec<&str> = reference["texts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap())
        .collect();
    let want: Vec<Vec<f32>> = serde_json::from_value(reference["vectors"].clone()).unwrap();
    let cfg = FineTuneConfig {
        batch_size: 2,
        ..Default::default()
    };
    let m = FineTuned::pretrained(&mpnet_config(), 3, &cfg).unwrap();
    assert_eq!(m.name(), "all-mpnet-base-v2");
    let got = m.sentence_vectors(&texts).unwrap();
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g.len(), 768);
        let c = cosine(g, w);
        let d = g
            .iter()
            .zip(w)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        assert!(c > 0.99999 && d < 1e-4, "cosine {c}, max difference {d}");
    }
    // Under CPU autocast (bfloat16 products) the vectors stay close.
    let auto = FineTuned::pretrained(
        &TransformerConfig {
            autocast: true,
            ..mpnet_config()
        },
        3,
        &cfg,
    )
    .unwrap();
    for (g, w) in auto.sentence_vectors(&texts).unwrap().iter().zip(&want) {
        assert!(cosine(g, w) > 0.999, "autocast cosine {}", cosine(g, w));
    }
}

#[test]
fn the_bert_encoder_under_a_head_gives_the_embedding_backend_vectors() {
    use argmine::embed::{FineTuneConfig, FineTuned};
    let texts = [
        "The government raised taxes on fuel.",
        "According to a 2016 poll, 78% of respondents were against the transfer.",
        "Why?",
    ];
    let tcfg = TransformerConfig::default();
    let m = FineTuned::pretrained(&tcfg, 2, &FineTuneConfig::default()).unwrap();
    assert_eq!(m.name(), "all-MiniLM-L6-v2");
    let direct = DirectMiniLm::new(&tcfg).unwrap().embed(&texts).unwrap();
    for (g, w) in m.sentence_vectors(&texts).unwrap().iter().zip(&direct) {
        assert!(cosine(g, w) > 0.99999, "cosine {}", cosine(g, w));
    }
}

#[test]
fn mpnet_fine_tunes_on_a_separable_task_with_context() {
    use argmine::embed::FineTuneConfig;
    // The context task of fine_tuning_with_context_reads_the_neighbours with the larger encoder
    // (whose second segment opens with a second </s>).
    let cfg = FineTuneConfig {
        epochs: 3,
        learning_rate: 5e-5,
        batch_size: 4,
        context_tokens: 32,
        ..Default::default()
    };
    // Under autocast, as the ArgUNSC runs fine-tune.
    let tcfg = TransformerConfig {
        autocast: true,
        ..mpnet_config()
    };
    let (right, log) = context_task(&tcfg, &cfg);
    assert!(
        log.epoch_loss[2] < log.epoch_loss[0],
        "loss did not fall: {:?}",
        log.epoch_loss
    );
    assert_eq!(right, 20);
    // The same run twice is the same run, to the bit.
    let again = context_task(&tcfg, &cfg);
    assert_eq!(
        log.epoch_loss, again.1.epoch_loss,
        "MPNet under autocast, twice"
    );
    assert_eq!(right, again.0);
}

#[test]
fn a_fine_tuned_model_is_saved_and_read_back_exactly() {
    use argmine::embed::{FineTuneConfig, FineTuned, FineTunedHeader, Input};
    let (texts, labels) = figures_and_questions();
    let refs: Vec<Input> = texts.iter().map(|t| Input::alone(t)).collect();
    let tcfg = TransformerConfig::default();
    let cfg = FineTuneConfig {
        epochs: 1,
        batch_size: 4,
        context_tokens: 8,
        ..Default::default()
    };
    let mut m = FineTuned::pretrained(&tcfg, 2, &cfg).unwrap();
    let log = m.train(&refs, &labels, |_, _, _| {}).unwrap();
    let before = m.predict_proba(&refs).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let header = FineTunedHeader {
        format: String::new(),
        encoder: String::new(),
        labels: vec!["evidence".into(), "none".into()],
        settings: cfg.clone(),
        autocast: false,
        threads: 1,
        epoch_loss: log.epoch_loss,
        training: serde_json::json!({"data": "figures and questions"}),
        weights_sha256: String::new(),
    };
    let saved = m.save(tmp.path(), &header).unwrap();
    assert_eq!(saved.format, argmine::embed::FINETUNED_FORMAT);
    assert_eq!(saved.encoder, "all-MiniLM-L6-v2");
    assert_eq!(saved.weights_sha256.len(), 64);
    let (back, read) = FineTuned::load(tmp.path(), 1, None).unwrap();
    assert_eq!(read, saved);
    assert_eq!(back.classes(), 2);
    // The same weights, head included, and the same context window: the same bytes out.
    assert_eq!(back.predict_proba(&refs).unwrap(), before);
    // A copy in memory predicts the same bytes too.
    assert_eq!(back.copy().unwrap().predict_proba(&refs).unwrap(), before);
    // A head of another size is refused when saving.
    let three = FineTunedHeader {
        labels: vec!["claim".into(), "evidence".into(), "none".into()],
        ..header.clone()
    };
    assert!(m.save(tmp.path(), &three).is_err());
    // Changed weights are caught by the checksum.
    let w = tmp.path().join("model.safetensors");
    let mut bytes = std::fs::read(&w).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&w, bytes).unwrap();
    let e = FineTuned::load(tmp.path(), 1, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("sha256"), "{e}");
    // A folder that is not a fine-tuned model says so.
    let e = FineTuned::load(&tcfg.resolved_dir(), 1, None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("finetuned.json"), "{e}");
}

/// Runs `argmine finetune` on the JSON annotations in `data` into `model` with `extra`
/// arguments; checks the exit status and returns the header written.
fn run_finetune(data: &Path, model: &Path, extra: &[&str]) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args(["finetune", "--epochs", "1", "--threads", "1"])
        .args(extra)
        .arg("--data")
        .arg(format!("json:{}", data.display()))
        .arg("--out")
        .arg(model)
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&std::fs::read_to_string(model.join("finetuned.json")).unwrap()).unwrap()
}

/// Two of argmine's own annotated essays (all four roles, a few dozen units, links) copied into
/// `dir/data`, and the seed article with the first `essays` Milestones essays into `dir/docs`.
fn finetune_fixture(dir: &Path, essays: usize) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let data = dir.join("data");
    std::fs::create_dir(&data).unwrap();
    for f in ["1937-1945__lend-lease.json", "1937-1945__tehran-conf.json"] {
        std::fs::copy(root.join("annotations/genre").join(f), data.join(f)).unwrap();
    }
    let docs = dir.join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::copy(
        root.join("corpus/000_6308da54c4a726a2.txt"),
        docs.join("seed.txt"),
    )
    .unwrap();
    let from = root.join("../shared/corpora/state-milestones/txt");
    let mut names: Vec<_> = std::fs::read_dir(&from)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    for n in names.iter().take(essays) {
        std::fs::copy(from.join(n), docs.join(n)).unwrap();
    }
    (data, docs)
}

/// Runs `argmine mine` over `docs` into `dir/out` with the pipeline configuration `config`
/// (JSON) and `jobs`; returns the exit status, the stderr and the output folder.
fn mine_with(
    dir: &Path,
    docs: &Path,
    config: serde_json::Value,
    jobs: &str,
    out: &str,
) -> (Option<i32>, String, std::path::PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let file = dir.join(format!("{out}.json"));
    std::fs::write(&file, config.to_string()).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_argmine"))
        .args(["mine", "-q", "--jobs", jobs, "--config"])
        .arg(&file)
        .arg(docs)
        .arg("--out")
        .arg(dir.join(out))
        .current_dir(root)
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
        dir.join(out),
    )
}

#[test]
fn argmine_finetune_writes_a_model_that_mines_the_same_whatever_the_threads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_argmine");
    let (data, docs) = finetune_fixture(tmp.path(), 3);
    let model = tmp.path().join("ft");
    let header = run_finetune(&data, &model, &["--context", "8"]);
    assert_eq!(
        header["labels"],
        serde_json::json!(["claim", "evidence", "stance", "none"])
    );
    assert_eq!(header["settings"]["context_tokens"], 8);
    assert!(header["training"]["weak_stance"].is_null());
    // Fine-tuning again replaces the folder, and leaves nothing else beside it; with the weak
    // stance rule the header counts the units it relabelled.
    let header = run_finetune(&data, &model, &["--context", "8", "--weak-stance"]);
    assert!(
        header["training"]["weak_stance"].as_u64().is_some(),
        "{header}"
    );
    let names: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    // The seed article and three essays, mined with one and two libtorch threads and one and two
    // documents at a time.
    let mine = |threads: usize, jobs: &str, out: &str| {
        let json = serde_json::json!({
            "classifier": {"type": "fine_tuned", "model": model},
            "transformer": {"threads": threads},
        });
        let (code, err, dir) = mine_with(tmp.path(), &docs, json, jobs, out);
        assert_eq!(code, Some(0), "{err}");
        std::fs::read_to_string(dir.join("sentences.csv")).unwrap()
    };
    let one = mine(1, "1", "o1");
    assert!(one.lines().count() > 100);
    assert!(one.contains("\nseed,"));
    assert_eq!(one, mine(2, "2", "o2"));
    // `--model accurate` reads the folder of ARGMINE_ACCURATE_MODEL: without its linear model it
    // says what to run; with it, the tier is the fine-tuned classifier averaged with that linear
    // model and that model's linker, as an explicit configuration gives.
    let accurate = |out: &str| {
        Command::new(bin)
            .args(["mine", "-q", "--model", "accurate", "--jobs", "1"])
            .arg(&docs)
            .arg("--out")
            .arg(tmp.path().join(out))
            .env("ARGMINE_ACCURATE_MODEL", &model)
            .current_dir(root)
            .output()
            .unwrap()
    };
    let o = accurate("acc0");
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("linear.bin"));
    let linear = model.join("linear.bin");
    std::fs::copy(root.join("models/accurate-linear/model.bin"), &linear).unwrap();
    let o = accurate("acc1");
    assert_eq!(o.status.code(), Some(0), "{o:?}");
    let json = serde_json::json!({
        "classifier": {"type": "fine_tuned", "model": model, "path": linear},
        "linker": {"type": "learned", "path": linear},
    });
    let (code, err, explicit) = mine_with(tmp.path(), &docs, json, "1", "acc2");
    assert_eq!(code, Some(0), "{err}");
    for f in ["sentences.csv", "links.csv"] {
        assert_eq!(
            std::fs::read(tmp.path().join("acc1").join(f)).unwrap(),
            std::fs::read(explicit.join(f)).unwrap(),
            "{f}"
        );
    }
    std::fs::remove_file(&linear).unwrap();
    // A role model is not a link model: the fine-tuned linker refuses it, and says so.
    let json = serde_json::json!({"linker": {"type": "fine_tuned", "model": model}});
    let (code, err, _) = mine_with(tmp.path(), &docs, json, "1", "o3");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("not a fine-tuned link model"), "{err}");
    // Microtexts have no roles of their own: refused, and no folder is written.
    let o = Command::new(bin)
        .args([
            "finetune",
            "--data",
            "microtexts:../shared/corpora/microtexts/corpus/en",
        ])
        .arg("--out")
        .arg(tmp.path().join("never"))
        .current_dir(root)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("microtexts"));
    assert!(!tmp.path().join("never").exists());
}

#[test]
fn argmine_finetune_links_writes_a_linker_that_mines_the_same_whatever_the_threads() {
    let tmp = tempfile::tempdir().unwrap();
    let (data, docs) = finetune_fixture(tmp.path(), 2);
    let model = tmp.path().join("links");
    let header = run_finetune(
        &data,
        &model,
        &["--links", "--context", "32", "--max-negatives", "3"],
    );
    assert_eq!(
        header["labels"],
        serde_json::json!(["none", "support", "attack"])
    );
    assert_eq!(header["settings"]["pair"], true);
    assert_eq!(header["training"]["max_negatives"], 3);
    let ex = &header["training"]["examples"];
    assert!(ex["support"].as_u64().unwrap() > 10, "{header}");
    // At most three negatives per source were kept: fewer than the sources times four.
    assert!(header["training"]["negatives_left_out"].as_u64().unwrap() > 0);
    let mine = |linker: serde_json::Value, threads: usize, jobs: &str, out: &str| {
        let json = serde_json::json!({"linker": linker, "transformer": {"threads": threads}});
        let (code, err, dir) = mine_with(tmp.path(), &docs, json, jobs, out);
        assert_eq!(code, Some(0), "{err}");
        std::fs::read_to_string(dir.join("links.csv")).unwrap()
    };
    let tuned = serde_json::json!({"type": "fine_tuned", "model": model});
    let one = mine(tuned.clone(), 1, "1", "l1");
    assert!(one.lines().count() > 20, "{one}");
    assert!(one.contains("\nseed,"));
    assert_eq!(one, mine(tuned, 2, "2", "l2"));
    // The scores are the mean with the fine-tuned model's: not the linear linker's.
    let linear = mine(serde_json::json!({"type": "learned"}), 1, "1", "l3");
    assert_ne!(one, linear);
    // A link model is not a role model.
    let json = serde_json::json!({"classifier": {"type": "fine_tuned", "model": model}});
    let (code, err, _) = mine_with(tmp.path(), &docs, json, "1", "l4");
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("link model"), "{err}");
}
