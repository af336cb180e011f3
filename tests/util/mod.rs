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

/// The first of `paths` that exists: an external tool a test drives. Missing, the test is skipped
/// with a line saying what to install, unless `CI` is set (CI installs every tool: there a missing
/// one is a failure).
pub fn external_tool(paths: &[&str], install: &str) -> Option<PathBuf> {
    let found = paths
        .iter()
        .map(PathBuf::from)
        .find(|p| p.exists() || (p.components().count() == 1 && on_path(p)));
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "{} is missing in CI ({install})",
            paths[0]
        );
        eprintln!("skipped: {} is not installed ({install})", paths[0]);
    }
    found
}

fn on_path(name: &Path) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
}
