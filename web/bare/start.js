// Starts the bare app (a file, as the server's Content-Security-Policy allows no inline script).
import init from "./bare.js";

init({ module_or_path: fetch("bare_bg.wasm") }).catch((error) => {
  // winit leaves the start-up function by throwing once the game loop runs: not an error.
  if (!String(error?.message ?? error).includes("Using exceptions for control flow")) throw error;
});
