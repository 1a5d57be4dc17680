//! The author's tools without the game: `cargo run -p promoted-cli -- check` builds in
//! seconds on a fresh checkout, with no Bevy.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = promoted_cli::run(
        &args,
        &mut std::io::stdin().lock(),
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
