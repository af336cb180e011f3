//! Tokenize: WordPiece tokens of each unit, with the `tokenizers` crate.

use crate::{Error, Result};
use std::path::Path;

/// The `tokenizer.json` of all-MiniLM-L6-v2 (Apache-2.0), shipped in `models/minilm-tokenizer/`.
pub const MINILM_TOKENIZER_JSON: &[u8] =
    include_bytes!("../../models/minilm-tokenizer/tokenizer.json");

/// A tokenization stage.
pub trait Tokenize: Send + Sync {
    /// The tokens of `text`, without special tokens and without truncation.
    fn tokenize(&self, text: &str) -> Result<Vec<String>>;

    /// Number of tokens of `text`.
    fn count(&self, text: &str) -> Result<usize> {
        self.tokenize(text).map(|t| t.len())
    }
}

/// A `tokenizers` tokenizer (for example WordPiece from a `tokenizer.json`).
pub struct HfTokenizer {
    inner: tokenizers::Tokenizer,
}

impl std::fmt::Debug for HfTokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HfTokenizer").finish_non_exhaustive()
    }
}

impl HfTokenizer {
    /// Load from the bytes of a `tokenizer.json`. Truncation and padding are switched off: the
    /// counts are of whole units (a model that reads units truncates or splits them itself).
    pub fn from_bytes(bytes: &[u8], origin: &Path) -> Result<Self> {
        let mut inner = tokenizers::Tokenizer::from_bytes(bytes).map_err(|e| Error::Model {
            path: origin.to_path_buf(),
            msg: format!("not a tokenizer.json: {e}"),
        })?;
        inner
            .with_truncation(None)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        inner.with_padding(None);
        Ok(Self { inner })
    }

    /// Load a `tokenizer.json` file.
    pub fn from_file(path: &Path) -> Result<Self> {
        let bytes = std::fs::read(path).map_err(|e| Error::Model {
            path: path.to_path_buf(),
            msg: e.to_string(),
        })?;
        Self::from_bytes(&bytes, path)
    }

    /// The WordPiece tokenizer of all-MiniLM-L6-v2 shipped with argmine.
    pub fn minilm() -> Result<Self> {
        Self::from_bytes(
            MINILM_TOKENIZER_JSON,
            Path::new("<embedded minilm tokenizer>"),
        )
    }

    /// The model's input ids of `text`: `[CLS]`, the WordPiece ids, `[SEP]`, cut to at most
    /// `max_len` ids in all by [`cut_ids`].
    pub fn input_ids(&self, text: &str, max_len: usize) -> Result<Vec<i64>> {
        let enc = self
            .inner
            .encode_fast(text, true)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        let mut ids: Vec<i64> = enc.get_ids().iter().map(|&i| i64::from(i)).collect();
        cut_ids(&mut ids, max_len);
        Ok(ids)
    }
}

/// Cut input ids that end with `[SEP]` to at most `max_len` (at least 2), keeping the `[SEP]`.
pub fn cut_ids(ids: &mut Vec<i64>, max_len: usize) {
    let max_len = max_len.max(2);
    if ids.len() > max_len {
        let sep = *ids.last().unwrap_or(&0);
        ids.truncate(max_len - 1);
        ids.push(sep);
    }
}

impl Tokenize for HfTokenizer {
    fn tokenize(&self, text: &str) -> Result<Vec<String>> {
        let enc = self
            .inner
            .encode(text, false)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        Ok(enc.get_tokens().to_vec())
    }

    fn count(&self, text: &str) -> Result<usize> {
        // Counting needs no offsets: the fast path skips computing them.
        let enc = self
            .inner
            .encode_fast(text, false)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        Ok(enc.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordpiece_tokens() {
        let t = HfTokenizer::minilm().unwrap();
        assert_eq!(
            t.tokenize("Russia clearly has the upper hand.").unwrap(),
            ["russia", "clearly", "has", "the", "upper", "hand", "."]
        );
        // Subwords of a rare word, no truncation at 128 tokens.
        let toks = t.tokenize("denuclearization").unwrap();
        assert!(
            toks.len() > 1 && toks[1..].iter().all(|t| t.starts_with("##")),
            "{toks:?}"
        );
        let long = "word ".repeat(300);
        assert_eq!(t.count(&long).unwrap(), 300);
        assert_eq!(t.count("").unwrap(), 0);
    }

    #[test]
    fn input_ids_have_special_tokens_and_are_cut() {
        let t = HfTokenizer::minilm().unwrap();
        // [CLS] russia clearly has the upper hand . [SEP] (bert-base-uncased vocabulary ids)
        let ids = t
            .input_ids("Russia clearly has the upper hand.", 128)
            .unwrap();
        assert_eq!(ids.len(), 9);
        assert_eq!((ids[0], ids[8]), (101, 102));
        let cut = t.input_ids(&"word ".repeat(300), 16).unwrap();
        assert_eq!(cut.len(), 16);
        assert_eq!((cut[0], cut[15]), (101, 102));
    }

    #[test]
    fn not_a_tokenizer_is_an_error() {
        assert!(matches!(
            HfTokenizer::from_bytes(b"{\"nope\": 1}", Path::new("x.json")),
            Err(Error::Model { .. })
        ));
    }
}
