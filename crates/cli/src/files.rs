//! Finding and reading scenario files.

use std::io::Read;
use std::path::{Path, PathBuf};

use promoted_engine::{Diagnostic, MAX_SCENARIO_BYTES, Scenario, load};

pub const EXTENSION: &str = ".scenario.ron";

/// The scenario files at `path`: the file itself, or every `*.scenario.ron` below a folder,
/// sorted so output is stable.
pub fn find_scenarios(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        // Reading it reports a missing file with its path.
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut folders = vec![path.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?.path();
            if entry.is_dir() {
                folders.push(entry);
            } else if entry.to_string_lossy().ends_with(EXTENSION) {
                found.push(entry);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Read and load one scenario file; a file too large is refused without reading it whole.
pub fn load_file(path: &Path) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    let unreadable =
        |e: std::io::Error| vec![Diagnostic::error("", format!("cannot read the file: {e}"))];
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    load(&bytes)
}
