//! From text to a compiled scenario, with errors that say where.

use ron::extensions::Extensions;

use crate::diagnostic::Diagnostic;
use crate::format::ScenarioFile;
use crate::scenario::Scenario;

/// Scenario files larger than this are refused before parsing.
pub const MAX_SCENARIO_BYTES: usize = 1024 * 1024;

/// RON with the extensions scenario files use.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(64)
}

/// Parse and compile a scenario from the bytes of a file. On success, also the warnings.
pub fn load(bytes: &[u8]) -> Result<(Scenario, Vec<Diagnostic>), Vec<Diagnostic>> {
    if bytes.len() > MAX_SCENARIO_BYTES {
        return Err(vec![Diagnostic::error(
            "",
            format!(
                "the file is {} bytes; scenario files are limited to {} (1 MiB)",
                bytes.len(),
                MAX_SCENARIO_BYTES
            ),
        )]);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        vec![Diagnostic::error("", "the file is not UTF-8 text").at(line, 1)]
    })?;
    let file = parse(text).map_err(|d| vec![d])?;
    let locate = |mut d: Diagnostic| {
        if d.line.is_none()
            && let Some((line, column)) = locate(text, &d.place)
        {
            d = d.at(line, column);
        }
        d
    };
    match Scenario::compile(&file) {
        Ok((mut scenario, warnings)) => {
            scenario.fingerprint = fingerprint(bytes);
            Ok((scenario, warnings.into_iter().map(locate).collect()))
        }
        Err(errors) => Err(errors.into_iter().map(locate).collect()),
    }
}

/// Parse the text into the authored structure; syntax and type errors carry line and column.
pub fn parse(text: &str) -> Result<ScenarioFile, Diagnostic> {
    ron_options().from_str(text).map_err(|e| {
        Diagnostic::error("", e.code.to_string()).at(e.span.start.line, e.span.start.col)
    })
}

/// FNV-1a: small, stable across platforms and versions.
pub fn fingerprint(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Find the line of the thing a semantic error names (`node `x`, choice `y``) by looking for
/// its `id: "..."` in the text, in order, so a choice is found inside its node.
fn locate(text: &str, place: &str) -> Option<(usize, usize)> {
    let mut from = 0;
    let mut found = None;
    for id in place.split('`').skip(1).step_by(2) {
        let needle = format!("\"{id}\"");
        let offset = text[from..].find(&needle)? + from;
        found = Some(offset);
        from = offset + needle.len();
    }
    let offset = found?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1) + 1;
    Some((line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_a_choice_inside_its_node() {
        let text = "nodes: [\n  Node(id: \"a\", choices: [Choice(id: \"go\")]),\n  Node(id: \"b\",\n    choices: [Choice(id: \"go\")]),\n]";
        assert_eq!(locate(text, "node `b`, choice `go`"), Some((4, 26)));
        assert_eq!(locate(text, "node `a`"), Some((2, 12)));
        assert_eq!(locate(text, "node `zzz`"), None);
    }

    #[test]
    fn fingerprint_is_stable() {
        assert_eq!(fingerprint(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fingerprint(b"a"), 0xaf63_dc4c_8601_ec8c);
    }
}
