//! The `promoted` binary's subcommands, run as an author runs them.

use std::process::Command;

fn promoted(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_promoted"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

#[test]
fn check_passes_the_shipped_scenarios() {
    let out = promoted(&["check"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("0 errors"), "{text}");
}

#[test]
fn exit_codes_follow_the_convention() {
    assert_eq!(
        promoted(&["check", "Cargo.toml"]).status.code(),
        Some(1),
        "not a scenario"
    );
    assert_eq!(
        promoted(&["nonsense"]).status.code(),
        Some(2),
        "wrong usage"
    );
    let help = promoted(&["--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("promoted check"));
}
