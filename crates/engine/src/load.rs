//! From the bytes of a file to a compiled scenario, with every message located.

use crate::diagnostic::Diagnostic;
use crate::format::ScenarioFile;
use crate::model::Scenario;
use crate::source::Source;

pub use crate::source::MAX_FILE_BYTES as MAX_SCENARIO_BYTES;

/// Parse and compile a scenario from the bytes of a file. On success, also the warnings;
/// every message carries its line and column.
pub fn load(bytes: &[u8]) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    let source = Source::new(bytes).map_err(|d| vec![d])?;
    load_source(&source)
}

/// Compile a scenario from a file already read, so that later findings (those of
/// [`crate::analysis::analyse`]) can be located in the same text.
pub fn load_source(source: &Source) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    let file = parse(source).map_err(|d| vec![d])?;
    let locate = |mut list: Vec<Diagnostic>| {
        for d in &mut list {
            source.locate(d);
        }
        list
    };
    match Scenario::compile(&file, source.fingerprint()) {
        Ok((scenario, warnings)) => Ok((scenario, locate(warnings))),
        Err(errors) => Err(locate(errors)),
    }
}

/// Read the text into the authored structure; syntax and type errors carry line and column.
pub fn parse(source: &Source) -> Result<ScenarioFile, Diagnostic> {
    source.read()
}
