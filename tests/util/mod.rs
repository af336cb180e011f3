//! The harness the integration tests share for running the `argmine` binary (in the manner of
//! ripgrep's `tests/util.rs`): each test file says `mod util;` and uses what it needs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The project's root (where `Cargo.toml` is).
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A corpus of `../shared/corpora`, e.g. `corpus("state-milestones/txt")`.
pub fn corpus(rel: &str) -> PathBuf {
    root().join("../shared/corpora").join(rel)
}

/// The binary under test, with standard input closed.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_argmine"));
    c.stdin(Stdio::null());
    c
}

/// Runs `argmine ARGS` in `dir` and returns its status and output.
pub fn argmine(args: &[&str], dir: &Path) -> Output {
    bin()
        .args(args)
        .current_dir(dir)
        .output()
        .expect("argmine runs")
}

/// Runs `argmine ARGS` in the project's root.
pub fn argmine_at_root(args: &[&str]) -> Output {
    argmine(args, root())
}

/// A file's text (panics with the path when it cannot be read).
pub fn read(p: impl AsRef<Path>) -> String {
    let p = p.as_ref();
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()))
}

/// Standard error of a run, for assertion messages.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
