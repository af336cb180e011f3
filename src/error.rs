//! Errors of the library. Every error carries the data a user needs to act on it.

use std::path::PathBuf;

/// What went wrong, with the data needed to report it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input bytes are not valid UTF-8.
    #[error("invalid UTF-8 at byte offset {offset}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// The input looks like a binary file (a PDF, an image, an archive, ...), not text.
    #[error(
        "binary file ({kind}) at byte offset {offset}: argmine reads plain text, PDF and HTML"
    )]
    Binary {
        /// What the bytes look like, e.g. "PDF", "NUL byte".
        kind: String,
        /// Byte offset of the evidence.
        offset: usize,
    },
    /// A PDF argmine cannot take text from: damaged, encrypted, or without a text layer (scanned).
    #[error("PDF: {reason}")]
    Pdf {
        /// What is wrong, and what to do about it.
        reason: String,
    },
    /// An HTML page with no main text argmine can find.
    #[error("HTML: {reason}")]
    Html {
        /// What is wrong.
        reason: String,
    },
    /// A text encoding argmine does not read (for example UTF-16).
    #[error("unsupported encoding {encoding}: convert the file to UTF-8")]
    Encoding {
        /// The encoding detected.
        encoding: String,
    },
    /// A configuration value is out of range or inconsistent.
    #[error("invalid configuration: {0}")]
    Config(String),
    /// A model or resource file could not be read or is not what it claims to be.
    #[error("model {path}: {msg}")]
    Model {
        /// Where the model was read from (or a name for an embedded one).
        path: PathBuf,
        /// What is wrong with it.
        msg: String,
    },
    /// The tokenizer failed.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// Reading or writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// JSON could not be read or written.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    /// A CSV input (for example `argmine mine`'s own output, read back) is not what it should be.
    #[error("{file}: {msg}")]
    CsvInput {
        /// The file (or files) read.
        file: String,
        /// What is wrong: the column, row or value.
        msg: String,
    },
    /// A span of a map lies outside its document's text.
    #[error("{doc_id}: offset {offset} beyond the text ({len} characters)")]
    Offset {
        /// The document.
        doc_id: String,
        /// The offending character offset.
        offset: usize,
        /// The text's length in characters.
        len: usize,
    },
    /// A lock guarding shared state was poisoned: another thread panicked while holding it.
    #[error("{0} is poisoned: a thread panicked while using it")]
    Poisoned(&'static str),
    /// An annotation file is invalid.
    #[error(transparent)]
    Annotation(#[from] crate::annotation::AnnotationError),
}

/// Result with the crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
