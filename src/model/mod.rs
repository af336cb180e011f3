//! The learned models' shared machinery: the logistic regression ([`linear`]), the versioned
//! model file ([`file`]) and training from annotated corpora with the weak stance rule ([`train`]).
//! The stages that use a model live in their stage folders ([`crate::classify::LearnedClassifier`],
//! [`crate::link::LearnedLinker`]).

pub mod file;
pub mod linear;
pub mod train;

pub use file::{ArgModel, LinkObjective, LinkRoles, LinkTargets, ModelHeader, TrainingSummary};
pub use linear::{ListGroup, LogReg, SparseVec, TrainConfig};
pub use train::{train, TrainSettings};
