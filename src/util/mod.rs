//! Shared machinery with no domain knowledge of its own: the seeded generator, digests, sparse
//! TF-IDF vectors and English word lists. Stages import these from here; this module imports no
//! stage.

pub mod hash;
pub mod rng;
pub mod sparse;
pub mod words;

pub use hash::sha256_hex;
pub use rng::SplitMix64;
