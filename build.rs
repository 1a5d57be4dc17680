//! Embeds every `scenarios/*.scenario.ron` and `*.campaign.ron` in the game binary, so the
//! web build needs no file fetches and a native build runs from anywhere.

use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=scenarios");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
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
