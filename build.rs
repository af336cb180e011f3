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

    // With the transformer feature, the binaries find torch's libraries through a RUNPATH, so
    // they run without LD_LIBRARY_PATH.
    println!("cargo:rerun-if-env-changed=LIBTORCH_USE_PYTORCH");
    println!("cargo:rerun-if-env-changed=PATH");
    if std::env::var_os("CARGO_FEATURE_TRANSFORMER").is_some() {
        let lib = std::process::Command::new("python3")
            .args([
                "-c",
                "import os, torch; print(os.path.join(os.path.dirname(torch.__file__), 'lib'))",
            ])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
        match lib {
            Some(lib) => {
                println!("cargo:rustc-link-arg=-Wl,-rpath,{lib}");
                autocast_shim(Path::new(&lib));
            }
            None => println!(
                "cargo:warning=the transformer feature needs torch 2.4.0: run scripts/setup-transformer.sh, then `source scripts/transformer-env.sh`"
            ),
        }
    }
}

/// Compile src/embed/autocast.cpp (libtorch's CPU autocast switch, which tch does not bind)
/// against the headers of the torch whose libraries are in `lib`.
#[cfg(feature = "transformer")]
fn autocast_shim(lib: &Path) {
    println!("cargo:rerun-if-changed=src/embed/autocast.cpp");
    let include = lib
        .parent()
        .expect("torch/lib has a parent")
        .join("include");
    // The pip wheels of torch 2.4 are built with the pre-C++11 string ABI; a shim compiled
    // otherwise would not link against libtorch.
    let abi = std::env::var("LIBTORCH_CXX11_ABI").unwrap_or_else(|_| "0".into());
    cc::Build::new()
        .cpp(true)
        .file("src/embed/autocast.cpp")
        .include(&include)
        .include(include.join("torch/csrc/api/include"))
        .flag("-std=c++17")
        .flag_if_supported("-Wno-unused-parameter")
        .define("_GLIBCXX_USE_CXX11_ABI", abi.as_str())
        .warnings(false)
        .compile("argmine_autocast");
    println!("cargo:rustc-link-search=native={}", lib.display());
    println!("cargo:rustc-link-lib=dylib=torch_cpu");
    println!("cargo:rustc-link-lib=dylib=c10");
}

#[cfg(not(feature = "transformer"))]
fn autocast_shim(_lib: &Path) {}
