//! Embeds the default model (models/default/model.bin) when it exists, so that `argmine` runs
//! from any folder. A checkout without it still builds; the pipeline then says to run
//! `argmine train`.

use std::path::{Path, PathBuf};

fn main() {
    let src = Path::new("models/default/model.bin");
    println!("cargo:rerun-if-changed=models/default/model.bin");
    println!("cargo:rerun-if-changed=models/default");
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("default_model.bin");
    let bytes = std::fs::read(src).unwrap_or_default();
    std::fs::write(&out, bytes).expect("OUT_DIR is writable");
}
