//! `promoted` opens the game; natively, `promoted check|simulate|graph|play` are the author's
//! tools. The browser build carries the game alone.

fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if promoted_cli::is_tool_invocation(&args) {
            promoted_cli::run_in_terminal(&args);
        }
    }
    promoted::run();
}
