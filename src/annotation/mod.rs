//! Gold annotations: argmine's own JSON format, and readers that map the field's corpora into the
//! same structure.
//!
//! Every reader reads from `io::Read` (the binary opens the files) and keeps the corpus's own label
//! of every unit and link beside the mapped one, so that a corpus can also be scored with its own
//! protocol.
//!
//! | corpus | unit | mapped role | relation mapping |
//! |---|---|---|---|
//! | argmine JSON | any span | as written | as written |
//! | brat standoff | `T` text-bound annotation | its type if it is a role name, else `claim` for `Claim`/`MajorClaim`, `evidence` for `Premise`, `stance` for `Stance`, else `none` | `R` relations: `supports`/`support` → support, `attacks`/`attack` → attack |
//! | microtexts | ADU (its EDUs joined) | the central claim (no outgoing argumentative edge) and any ADU that is itself supported or attacked → `claim`; other ADUs → `evidence` | `sup`, `exa` → support; `reb`, `und` → attack; `und` targets an edge and attaches to its source ADU; `add` joins an edge and attaches where it does, with its relation |
//! | ArgUNSC | sentence | `claim` → claim, `premise` → evidence, `non-arg` → none | component links mapped to their sentences: `support`, `attack` |
//! | CDCP | proposition | `policy`, `value` → claim; `fact`, `testimony`, `reference` → evidence | `reasons` and `evidences` → support, from every proposition of the source range |

mod argunsc;
mod brat;
mod cdcp;
mod json;
mod microtext;
pub mod pyliteral;

pub use argunsc::{read_argunsc, read_argunsc_pairs, ArgunscPair};
pub use brat::read_brat;
pub use cdcp::read_cdcp;
pub use json::{gold_from_file, parse_json, read_json, write_json, AnnotationFile};
pub use microtext::read_microtext;

use crate::document::{Relation, Role};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A gold unit: a span of the document's text with its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldUnit {
    /// Identifier, unique within the document.
    pub id: String,
    /// Start, in Unicode chars of the document text.
    pub start: usize,
    /// End (exclusive), in Unicode chars.
    pub end: usize,
    /// The role in argmine's label set.
    pub role: Role,
    /// The corpus's own label (for argmine's format, the role again).
    pub label: String,
}

/// A gold link between two units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoldLink {
    /// Id of the source unit.
    pub source: String,
    /// Id of the target unit.
    pub target: String,
    /// Support or attack.
    pub relation: Relation,
    /// The corpus's own label of the relation.
    pub label: String,
}

/// A document with its gold annotation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldDocument {
    /// Identifier of the document.
    pub id: String,
    /// The full text the offsets refer to.
    pub text: String,
    /// Units in text order.
    pub units: Vec<GoldUnit>,
    /// Links.
    pub links: Vec<GoldLink>,
    /// A group the document belongs to for grouped cross-validation (a speech, a topic, a split).
    pub group: String,
}

impl GoldDocument {
    /// The text of a unit.
    pub fn unit_text(&self, u: &GoldUnit) -> String {
        self.text
            .chars()
            .skip(u.start)
            .take(u.end - u.start)
            .collect()
    }

    /// Index of the unit with id `id`.
    pub fn unit_index(&self, id: &str) -> Option<usize> {
        self.units.iter().position(|u| u.id == id)
    }
}

/// A problem in an annotation file, naming the file, the unit or link, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{}: {msg}", path.display(), item.as_ref().map(|i| format!(" ({i})")).unwrap_or_default())]
pub struct AnnotationError {
    /// The file.
    pub path: PathBuf,
    /// The unit, link or line concerned, if any.
    pub item: Option<String>,
    /// What is wrong.
    pub msg: String,
}

impl AnnotationError {
    /// An error about `item` of the file `path`.
    pub fn new(path: impl Into<PathBuf>, item: Option<String>, msg: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            item,
            msg: msg.into(),
        }
    }
}

/// Result of reading annotations.
pub type AnnResult<T> = std::result::Result<T, AnnotationError>;
