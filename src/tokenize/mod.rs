//! Tokenize: WordPiece tokens of each unit, with the `tokenizers` crate.

use crate::{Error, Result};
use std::path::Path;

/// The `tokenizer.json` of all-MiniLM-L6-v2 (Apache-2.0), shipped in `models/minilm-tokenizer/`.
pub const MINILM_TOKENIZER_JSON: &[u8] =
    include_bytes!("../../models/minilm-tokenizer/tokenizer.json");

/// The typographic punctuation of English text: Unicode punctuation (split off as words by the
/// BERT pre-tokeniser) that the BERT normaliser leaves as it is (no canonical decomposition, no
/// case). With ASCII, what [`HfTokenizer`]'s fast count reads.
const TYPOGRAPHIC: [char; 7] = [
    '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}', '\u{2013}', '\u{2014}', '\u{2026}',
];

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
    /// For a BERT tokenizer (BERT normaliser, BERT pre-tokeniser, WordPiece): its WordPiece
    /// vocabulary for counting and whether it lower-cases. Counting then takes
    /// [`PieceCounter::count_ascii`] on ASCII text.
    bert: Option<PieceCounter>,
}

/// WordPiece's greedy longest-match-first split of one word, counted without building tokens:
/// the split of `tokenizers`' `WordPiece::tokenize` (the longest vocabulary entry that starts
/// the word, then the longest continuation piece, with its `##` prefix, that starts the rest, and
/// so on; a word longer than the model's limit, or one that cannot be split, is one unknown
/// token), with the vocabulary in hash sets of a fast hasher and no strings formatted.
struct PieceCounter {
    /// Every vocabulary entry.
    whole: std::collections::HashSet<Box<str>, rustc_hash::FxBuildHasher>,
    /// The continuation pieces, without their prefix.
    cont: std::collections::HashSet<Box<str>, rustc_hash::FxBuildHasher>,
    max_chars: usize,
    has_unk: bool,
    /// Whether the BERT normaliser lower-cases.
    lowercase: bool,
}

impl PieceCounter {
    fn new(wp: &tokenizers::models::wordpiece::WordPiece, lowercase: bool) -> Self {
        use tokenizers::Model;
        let vocab = wp.get_vocab();
        let prefix = wp.continuing_subword_prefix.as_str();
        Self {
            cont: vocab
                .keys()
                .filter_map(|k| k.strip_prefix(prefix))
                .map(Into::into)
                .collect(),
            has_unk: vocab.contains_key(&wp.unk_token),
            whole: vocab.keys().map(|k| k.as_str().into()).collect(),
            max_chars: wp.max_input_chars_per_word,
            lowercase,
        }
    }

    /// The number of pieces of `w` (not empty).
    fn count(&self, w: &str) -> Result<usize> {
        if w.chars().count() > self.max_chars {
            return self.unknown();
        }
        let (mut start, mut n) = (0, 0);
        while start < w.len() {
            let set = if start == 0 { &self.whole } else { &self.cont };
            let mut end = w.len();
            while !set.contains(&w[start..end]) {
                end -= w[start..end].chars().next_back().map_or(1, char::len_utf8);
                if end <= start {
                    return self.unknown();
                }
            }
            n += 1;
            start = end;
        }
        Ok(n)
    }

    /// The number of tokens of ASCII `text` (and [`TYPOGRAPHIC`] punctuation) for a BERT
    /// tokenizer, without the general
    /// machinery (normalised strings with alignments, added-token matching): what the BERT
    /// normaliser and pre-tokeniser do to ASCII is to split at white space, to make each
    /// punctuation mark a word of its own and to lower-case; each word then goes to WordPiece.
    /// `None` (count the general way) for text with other characters, control characters (which
    /// the normaliser deletes) or `[` (which may open an added token such as `[MASK]`).
    /// `tests/tokenize_count.rs` checks that both ways agree on every unit of the corpora.
    fn count_ascii(&self, text: &str) -> Option<Result<usize>> {
        let clean = text.chars().all(|c| {
            (c.is_ascii_graphic() && c != '[')
                || matches!(c, ' ' | '\t' | '\n' | '\r')
                || TYPOGRAPHIC.contains(&c)
        });
        if !clean {
            return None;
        }
        Some(self.count_clean(text))
    }

    /// [`Self::count_ascii`] of text it takes.
    fn count_clean(&self, text: &str) -> Result<usize> {
        let mut n = 0;
        let mut word = String::with_capacity(64);
        for c in text.chars() {
            let punct = c.is_ascii_punctuation() || TYPOGRAPHIC.contains(&c);
            if c.is_ascii_whitespace() || punct {
                if !word.is_empty() {
                    n += self.count(&word)?;
                    word.clear();
                }
                if punct {
                    n += self.count(c.encode_utf8(&mut [0u8; 4]))?;
                }
            } else {
                word.push(if self.lowercase {
                    c.to_ascii_lowercase()
                } else {
                    c
                });
            }
        }
        if !word.is_empty() {
            n += self.count(&word)?;
        }
        Ok(n)
    }

    /// A word WordPiece cannot split: one unknown token, or its error when the vocabulary lacks
    /// the unknown token.
    fn unknown(&self) -> Result<usize> {
        if self.has_unk {
            Ok(1)
        } else {
            Err(Error::Tokenizer(
                "Missing [UNK] token from the vocabulary".into(),
            ))
        }
    }
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
        use tokenizers::{ModelWrapper, NormalizerWrapper, PreTokenizerWrapper};
        let bert = match (
            inner.get_normalizer(),
            inner.get_pre_tokenizer(),
            inner.get_model(),
        ) {
            (
                Some(NormalizerWrapper::BertNormalizer(n)),
                Some(PreTokenizerWrapper::BertPreTokenizer(_)),
                ModelWrapper::WordPiece(wp),
            ) => Some(PieceCounter::new(wp, n.lowercase)),
            _ => None,
        };
        Ok(Self { inner, bert })
    }

    /// The number of tokens of `text` the general way (the whole `tokenizers` pipeline).
    pub fn count_general(&self, text: &str) -> Result<usize> {
        // Counting needs no offsets: the fast path skips computing them.
        let enc = self
            .inner
            .encode_fast(text, false)
            .map_err(|e| Error::Tokenizer(e.to_string()))?;
        Ok(enc.len())
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
        if let Some(n) = self
            .bert
            .as_ref()
            .and_then(|pieces| pieces.count_ascii(text))
        {
            return n;
        }
        self.count_general(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn piece_counts_are_wordpiece_splits() {
        use tokenizers::Model;
        let t = HfTokenizer::minilm().unwrap();
        let counter = t.bert.as_ref().expect("a BERT tokenizer");
        let model = t.inner.get_model();
        let long = "a".repeat(101);
        for w in [
            "the",
            "denuclearization",
            "interoperability",
            "zzzxqj",
            "1945",
            "’",
            "—",
            "naïve",
            "☃",
            "x☃y",
            long.as_str(),
        ] {
            let want = model.tokenize(w).unwrap().len();
            assert_eq!(counter.count(w).unwrap(), want, "{w}");
        }
    }

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
    fn ascii_counting_agrees_with_the_tokenizer() {
        let t = HfTokenizer::minilm().unwrap();
        assert_eq!(t.bert.as_ref().map(|b| b.lowercase), Some(true));
        for text in [
            "Russia clearly has the upper hand.",
            "U.S.-Japan ties: 78% (2016) said \"no\"; e-mail@x.org #1 ~~ a_b",
            "  leading\tand\ntrailing  \r\n",
            "supercalifragilisticexpialidocious antidisestablishmentarianism",
            "Japan\u{2019}s \u{201c}charm offensive\u{201d} \u{2013} 2012\u{2014}2016\u{2026}",
            &"x".repeat(150),
            "",
        ] {
            assert_eq!(
                t.count(text).unwrap(),
                t.count_general(text).unwrap(),
                "{text:?}"
            );
            assert!(t.bert.as_ref().unwrap().count_ascii(text).is_some());
        }
        // Other text is counted the general way.
        for text in ["Shinzō Abe", "a [MASK] b", "bell\u{7}char"] {
            assert!(
                t.bert.as_ref().unwrap().count_ascii(text).is_none(),
                "{text:?}"
            );
            assert_eq!(t.count(text).unwrap(), t.count_general(text).unwrap());
        }
    }

    #[test]
    fn not_a_tokenizer_is_an_error() {
        assert!(matches!(
            HfTokenizer::from_bytes(b"{\"nope\": 1}", Path::new("x.json")),
            Err(Error::Model { .. })
        ));
    }
}
