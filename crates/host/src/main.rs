//! `promoted-host`: the workshop host alone (the game's `promoted host` is the same).

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = promoted_host::run(
        &args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    );
    std::process::exit(code);
}
