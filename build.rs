//! Embeds every `scenarios/*.scenario.ron` in the game binary, so the web build needs no
//! file fetches and a native build runs from anywhere.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.to_string_lossy().ends_with(".scenario.ron"));
    files.sort();
    let mut out = String::from(
        "/// Every scenario file, embedded at build time: (file name, bytes).\n\
         pub const SCENARIO_FILES: &[(&str, &[u8])] = &[\n",
    );
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let full = path.display().to_string();
        let _ = writeln!(out, "    ({name:?}, include_bytes!({full:?})),");
    }
    out.push_str("];\n");
    let target =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("scenario_files.rs");
    std::fs::write(target, out).expect("OUT_DIR is writable");
}
