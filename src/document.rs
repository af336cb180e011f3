//! The data the pipeline produces: sentences with roles, links, and the argument map of a document.

use crate::text::Span;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The role of a unit (sentence or heading line), as defined in the annotation guidelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// A debatable assertion the author argues for.
    Claim,
    /// Material offered for or against a claim.
    Evidence,
    /// The reported position, demand or goal of an actor other than the author.
    Stance,
    /// Everything else.
    None,
}

impl Role {
    /// All roles, in the order of the probability columns.
    pub const ALL: [Role; 4] = [Role::Claim, Role::Evidence, Role::Stance, Role::None];

    /// The label as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Claim => "claim",
            Role::Evidence => "evidence",
            Role::Stance => "stance",
            Role::None => "none",
        }
    }

    /// Index into [`Role::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role {s:?} (expected claim, evidence, stance or none)"))
    }
}

/// How a source unit relates to its target claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Relation {
    /// The source is a reason for the target.
    Support,
    /// The source is a reason against the target.
    Attack,
}

impl Relation {
    /// The label as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Support => "support",
            Relation::Attack => "attack",
        }
    }
}

impl fmt::Display for Relation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Relation {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "support" => Ok(Relation::Support),
            "attack" => Ok(Relation::Attack),
            _ => Err(format!(
                "unknown relation {s:?} (expected support or attack)"
            )),
        }
    }
}

/// A unit of the document: a sentence, or a heading line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sentence {
    /// 1-based id, unique within the document, in text order.
    pub id: usize,
    /// 1-based paragraph (block) number; a heading is a block of its own.
    pub paragraph: usize,
    /// Where the unit is in the original text.
    pub span: Span,
    /// True when the unit is a heading line.
    pub heading: bool,
    /// The repaired text of the unit (hyphenation and line breaks undone, white space folded).
    pub text: String,
    /// Number of WordPiece tokens, without special tokens.
    pub n_tokens: usize,
    /// The predicted role.
    pub role: Role,
    /// Probability of each role, in the order of [`Role::ALL`]; sums to 1.
    pub probs: [f32; 4],
}

impl Sentence {
    /// A unit with `text` and everything else at a default (id 1, paragraph 1, empty span,
    /// role none), for tests to adjust with struct update syntax.
    #[cfg(test)]
    pub(crate) fn test_unit(text: &str) -> Self {
        Self {
            id: 1,
            paragraph: 1,
            span: crate::text::Span {
                byte: 0..0,
                char: 0..0,
            },
            heading: false,
            text: text.to_string(),
            n_tokens: 0,
            role: Role::None,
            probs: [0.0; 4],
        }
    }

    /// Probability of the predicted role.
    pub fn confidence(&self) -> f32 {
        self.probs[self.role.index()]
    }
}

/// A directed link from a unit to the claim it supports or attacks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    /// Id of the source unit.
    pub source: usize,
    /// Id of the target claim.
    pub target: usize,
    /// Support or attack.
    pub relation: Relation,
    /// Score of the link in [0, 1]; higher is more confident.
    pub score: f32,
}

/// The argument structure of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArgumentMap {
    /// Identifier of the document (derived from its path by the caller).
    pub doc_id: String,
    /// The document's title, when its file gives one (a PDF's information dictionary, an HTML
    /// page's title); `None` for plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The units in text order.
    pub sentences: Vec<Sentence>,
    /// Links, ordered by source id.
    pub links: Vec<Link>,
}

impl ArgumentMap {
    /// What to call the document: its title, or its id when it has none.
    pub fn display_title(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.doc_id)
    }

    /// Number of units with the role `role`.
    pub fn count(&self, role: Role) -> usize {
        self.sentences.iter().filter(|s| s.role == role).count()
    }

    /// The index in `sentences` of each unit id.
    pub fn index_by_id(&self) -> std::collections::HashMap<usize, usize> {
        self.sentences
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect()
    }
}
