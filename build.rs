//! Embeds every `scenarios/*.scenario.ron` and `*.campaign.ron` in the native game binary, so
//! it runs from anywhere. The browser build embeds none: the page fetches the library beside
//! the wasm (`web/library.mjs`), so the wasm does not grow with it.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    // Read when the script runs, not when it was compiled: a target folder shared by clones
    // at other paths (CI's) reuses the compiled script.
    let root = std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_else(|| ".".into());
    let dir = Path::new(&root).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        files.clear();
    }
    let mut out = String::new();
    for (constant, ending) in [
        ("SCENARIO_FILES", ".scenario.ron"),
        ("CAMPAIGN_FILES", ".campaign.ron"),
    ] {
        let _ = writeln!(
            out,
            "/// Embedded at build time: (file name, bytes).\npub const {constant}: &[(&str, &[u8])] = &["
        );
        for path in files
            .iter()
            .filter(|p| p.to_string_lossy().ends_with(ending))
        {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let full = path.display().to_string();
            let _ = writeln!(out, "    ({name:?}, include_bytes!({full:?})),");
        }
        out.push_str("];\n");
    }
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("scenario_files.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
