//! Finding and reading scenario files.

use std::io::Read;
use std::path::{Path, PathBuf};

use promoted_engine::{Diagnostic, MAX_SCENARIO_BYTES, Scenario, load};

pub const SCENARIO: &str = ".scenario.ron";
pub const CAMPAIGN: &str = ".campaign.ron";

/// The files at `path`: the file itself, or every scenario and campaign file below a folder,
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
            } else if [SCENARIO, CAMPAIGN]
                .iter()
                .any(|e| entry.to_string_lossy().ends_with(e))
            {
                found.push(entry);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Read a file, refusing one too large without reading it whole.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let unreadable =
        |e: std::io::Error| vec![Diagnostic::error("", format!("cannot read the file: {e}"))];
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// Read and load one scenario file.
pub fn load_file(path: &Path) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    load(&read_limited(path)?)
}
