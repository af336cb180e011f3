//! Sparse TF-IDF vectors of a document's units, their cosine and the centroid of a set of them
//! (the similarity behind the TF-IDF linker and the learned link features).

use super::words::{words, STOPWORDS};
use std::collections::HashMap;

/// A light stem: plural and possessive endings only.
pub fn stem(w: &str) -> String {
    if let Some(s) = w.strip_suffix("ies").filter(|s| s.len() > 2) {
        return format!("{s}y");
    }
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && !w.ends_with("us") {
        return w[..w.len() - 1].to_string();
    }
    w.to_string()
}

/// Sparse unit-length TF-IDF vectors, sorted by term id.
pub type Sparse = Vec<(u32, f32)>;

/// Dot product of two sparse vectors sorted by index (their cosine when both have unit length).
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// TF-IDF vectors (sparse, unit length, sorted by term id) of the units, with the units of the
/// document as the collection.
pub fn tfidf(texts: &[&str]) -> Vec<Sparse> {
    let mut vocab: HashMap<String, u32> = HashMap::new();
    let docs: Vec<Vec<u32>> = texts
        .iter()
        .map(|t| {
            words(t)
                .into_iter()
                .filter(|w| !STOPWORDS.contains(&w.as_str()) && w.chars().any(char::is_alphabetic))
                .map(|w| {
                    let n = vocab.len() as u32;
                    *vocab.entry(stem(&w)).or_insert(n)
                })
                .collect()
        })
        .collect();
    let mut df = vec![0u32; vocab.len()];
    for d in &docs {
        let mut seen: Vec<u32> = d.clone();
        seen.sort_unstable();
        seen.dedup();
        for t in seen {
            df[t as usize] += 1;
        }
    }
    let n = texts.len() as f32;
    docs.into_iter()
        .map(|d| {
            let mut tf: HashMap<u32, f32> = HashMap::new();
            for t in d {
                *tf.entry(t).or_insert(0.0) += 1.0;
            }
            let mut v: Sparse = tf
                .into_iter()
                .map(|(t, c)| {
                    (
                        t,
                        (1.0 + c.ln()) * ((1.0 + n) / (1.0 + df[t as usize] as f32)).ln() + 1.0,
                    )
                })
                .collect();
            v.sort_unstable_by_key(|x| x.0);
            let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
            if norm > 0.0 {
                for x in &mut v {
                    x.1 /= norm;
                }
            }
            v
        })
        .collect()
}

/// The centroid (sum) of `vecs`, sorted by term id, and its Euclidean norm (at least 1e-9).
pub fn centroid<'a>(vecs: impl IntoIterator<Item = &'a Sparse>) -> (Sparse, f32) {
    let mut sum: std::collections::BTreeMap<u32, f32> = Default::default();
    for v in vecs {
        for &(t, x) in v {
            *sum.entry(t).or_insert(0.0) += x;
        }
    }
    let c: Sparse = sum.into_iter().collect();
    let norm = c.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt().max(1e-9);
    (c, norm)
}
