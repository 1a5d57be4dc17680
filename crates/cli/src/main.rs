//! The author's tools without the game: `cargo run -p promoted-cli -- check` builds in
//! seconds on a fresh checkout, with no Bevy.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    promoted_cli::run_in_terminal(&args);
}
