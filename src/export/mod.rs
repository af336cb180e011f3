//! Export: argument maps written to any `io::Write`: CSV (the default), JSON and JSON Lines with a
//! JSON Schema, brat standoff, AIF, Argdown, Graphviz DOT, GraphML, and HTML reports; the reader
//! of the CSV maps ([`read_csv_maps`]); evaluation reports as text and Markdown ([`report`]).

mod csv;
mod graph;
mod html;
mod json;
pub mod report;

pub use self::csv::{
    neutralise, read_csv_maps, unneutralise, CsvExporter, CsvOptions, DOCUMENTS_HEADER,
    LINKS_HEADER, SENTENCES_HEADER,
};
pub use graph::{
    forest, role_colour, write_aif, write_argdown, write_brat_ann, write_dot, write_graphml,
    write_xaif, BRAT_ANNOTATION_CONF, BRAT_VISUAL_CONF,
};
pub use html::{
    relative_url, svg, svg_with_gold, write_html, write_html_with_gold, write_index, GoldView,
    IndexEntry,
};
pub use json::{JsonDocument, JsonSentence, Probs, SCHEMA, SCHEMA_VERSION};

/// Probabilities and scores are written with four decimals: this rounding is applied once, before
/// any format prints them, so every format shows the same digits.
pub(crate) fn round4(x: f32) -> f32 {
    (x * 10_000.0).round() / 10_000.0
}

/// A probability as every text format writes it: rounded once as in JSON ([`round4`]), four
/// decimals, so CSV, DOT and GraphML show the same digits.
pub(crate) fn prob4(x: f32) -> String {
    format!("{:.4}", round4(x))
}
