//! Export: argument maps written to any `io::Write`.

mod csv;

pub use self::csv::{CsvExporter, DOCUMENTS_HEADER, LINKS_HEADER, SENTENCES_HEADER};
