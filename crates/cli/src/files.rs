//! Finding and reading scenario files.

use std::collections::HashSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use promoted_engine::source::too_large;
use promoted_engine::{Diagnostic, MAX_SCENARIO_BYTES, Scenario, Source, load_source};

pub const SCENARIO: &str = ".scenario.ron";
pub const CAMPAIGN: &str = ".campaign.ron";

/// The files at `path`: the file itself, or every scenario and campaign file below a folder,
/// sorted so output is stable. Each folder is read once, so a symbolic link that loops back
/// to a folder above it ends the walk instead of repeating it.
pub fn find_scenarios(path: &Path) -> std::io::Result<Vec<PathBuf>> {
    if !path.is_dir() {
        // Reading it reports a missing file with its path.
        return Ok(vec![path.to_path_buf()]);
    }
    let mut found = Vec::new();
    let mut visited = HashSet::new();
    let mut folders = vec![path.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let real = std::fs::canonicalize(&folder).unwrap_or_else(|_| folder.clone());
        if !visited.insert(real) {
            continue;
        }
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?.path();
            if entry.is_dir() {
                folders.push(entry);
            } else if is_scenario_or_campaign(&entry) {
                found.push(entry);
            }
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

pub fn is_campaign(path: &Path) -> bool {
    path.to_string_lossy().ends_with(CAMPAIGN)
}

fn is_scenario_or_campaign(path: &Path) -> bool {
    let name = path.to_string_lossy();
    name.ends_with(SCENARIO) || name.ends_with(CAMPAIGN)
}

/// Read a file, refusing one too large (by its real size) without reading it whole.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let unreadable =
        |e: std::io::Error| vec![Diagnostic::error("", format!("cannot read the file: {e}"))];
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > MAX_SCENARIO_BYTES as u64 {
        return Err(vec![too_large(size)]);
    }
    let mut bytes = Vec::new();
    file.take(MAX_SCENARIO_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    Ok(bytes)
}

/// A file's text, checked.
pub fn read_source(path: &Path) -> Result<Source, Vec<Diagnostic>> {
    Source::new(&read_limited(path)?).map_err(|d| vec![d])
}

/// A scenario file that loaded, with its text for locating later findings.
pub struct Loaded {
    pub source: Source,
    pub scenario: Scenario,
    pub warnings: Vec<Diagnostic>,
}

/// A file that did not load: its errors, and its text when it could be read.
pub struct NotLoaded {
    pub source: Option<Source>,
    pub errors: Vec<Diagnostic>,
}

/// Read and load one scenario file.
pub fn load_file(path: &Path) -> Result<Loaded, NotLoaded> {
    let source = read_source(path).map_err(|errors| NotLoaded {
        source: None,
        errors,
    })?;
    match load_source(&source) {
        Ok((scenario, warnings)) => Ok(Loaded {
            source,
            scenario,
            warnings,
        }),
        Err(errors) => Err(NotLoaded {
            source: Some(source),
            errors,
        }),
    }
}

/// The folder a file is in: `.` for a bare file name, whose parent is the empty path.
pub fn folder_of(file: &Path) -> &Path {
    match file.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The scenarios in a folder, loaded (those that load), for a campaign beside them.
pub fn scenarios_in(folder: &Path) -> Vec<Scenario> {
    let files = find_scenarios(folder).unwrap_or_default();
    files
        .iter()
        .filter(|f| !is_campaign(f))
        .filter_map(|f| load_file(f).ok().map(|loaded| loaded.scenario))
        .collect()
}

pub use promoted_engine::check::render;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_file_name_is_in_the_current_folder() {
        assert_eq!(folder_of(Path::new("c.campaign.ron")), Path::new("."));
        assert_eq!(
            folder_of(Path::new("scenarios/c.campaign.ron")),
            Path::new("scenarios")
        );
    }
}
