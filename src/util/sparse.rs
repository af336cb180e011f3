//! Sparse TF-IDF vectors of a document's units, their cosine and the centroid of a set of them
//! (the similarity behind the TF-IDF linker and the learned link features).

use super::words::{words, STOPWORDS};

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
    let ws: Vec<Vec<String>> = texts.iter().map(|t| words(t)).collect();
    tfidf_words(&ws)
}

/// [`tfidf`] of units already split into [`words`].
pub fn tfidf_words(ws: &[Vec<String>]) -> Vec<Sparse> {
    let mut vocab: rustc_hash::FxHashMap<String, u32> = Default::default();
    let docs: Vec<Vec<u32>> = ws
        .iter()
        .map(|w| {
            w.iter()
                .filter(|w| !is_stopword(w) && w.chars().any(char::is_alphabetic))
                .map(|w| {
                    let s = stem(w);
                    match vocab.get(&s) {
                        Some(&id) => id,
                        None => {
                            let n = vocab.len() as u32;
                            vocab.insert(s, n);
                            n
                        }
                    }
                })
                .collect()
        })
        .collect();
    let mut df = vec![0u32; vocab.len()];
    // Each unit's term ids, sorted: equal ids are runs, counted once for df and by length for tf.
    let sorted: Vec<Vec<u32>> = docs
        .into_iter()
        .map(|mut d| {
            d.sort_unstable();
            d
        })
        .collect();
    for d in &sorted {
        for (k, &t) in d.iter().enumerate() {
            if k == 0 || d[k - 1] != t {
                df[t as usize] += 1;
            }
        }
    }
    let n = ws.len() as f32;
    sorted
        .into_iter()
        .map(|d| {
            let mut v: Sparse = Vec::new();
            for &t in &d {
                match v.last_mut() {
                    Some(last) if last.0 == t => last.1 += 1.0,
                    _ => v.push((t, 1.0)),
                }
            }
            for x in &mut v {
                let (t, c) = *x;
                x.1 = (1.0 + c.ln()) * ((1.0 + n) / (1.0 + df[t as usize] as f32)).ln() + 1.0;
            }
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

/// Whether `w` is one of [`STOPWORDS`] (a hash lookup, not a scan of the list).
pub fn is_stopword(w: &str) -> bool {
    static SET: std::sync::OnceLock<rustc_hash::FxHashSet<&'static str>> =
        std::sync::OnceLock::new();
    SET.get_or_init(|| STOPWORDS.iter().copied().collect())
        .contains(w)
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
