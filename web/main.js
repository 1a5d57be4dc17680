// Loads the game: checks for WebGL2, downloads the wasm with a progress bar, starts it and
// gives the canvas the keyboard.
import init from "./promoted.js";

const loader = document.getElementById("loader");
const loaderText = document.getElementById("loader-text");
const loaderBar = document.getElementById("loader-bar");
const canvas = document.getElementById("promoted");

// The game calls this to save a workshop report: the browser's own download, nothing sent
// anywhere. Kept here so the game needs no extra browser bindings.
globalThis.promotedDownload = (name, mime, content) => {
  const url = URL.createObjectURL(new Blob([content], { type: mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  // Revoking at once can cancel the download; a report is a few kilobytes.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
};

function fail(message) {
  loader.hidden = true;
  document.getElementById("problem-text").textContent = message;
  document.getElementById("problem").hidden = false;
}

function hasWebGL2() {
  try {
    return document.createElement("canvas").getContext("webgl2") !== null;
  } catch {
    return false;
  }
}

// The size of the uncompressed wasm, written by the build: the download may be compressed.
async function expectedBytes() {
  try {
    const response = await fetch("build.json");
    return (await response.json()).wasm_bytes;
  } catch {
    return 0;
  }
}

async function download(url, total) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`the game file could not be downloaded (${response.status})`);
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total > 0) {
      const percent = Math.min(100, Math.round((100 * received) / total));
      loaderBar.style.width = `${percent}%`;
      loaderText.textContent = `Loading the game… ${percent}%`;
    }
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function start() {
  if (!hasWebGL2()) {
    fail("Promoted needs WebGL2, which this browser has turned off or does not support. " +
      "Try a current Chrome, Edge, Firefox or Safari, and check that hardware acceleration is on.");
    return;
  }
  const bytes = await download("promoted_bg.wasm", await expectedBytes());
  loaderText.textContent = "Starting…";
  loaderBar.style.width = "100%";
  try {
    await init({ module_or_path: bytes });
  } catch (error) {
    // winit leaves the start-up function by throwing once the game loop runs: not an error.
    if (!String(error?.message ?? error).includes("Using exceptions for control flow")) throw error;
  }
}

start()
  .then(() => {
    loader.hidden = true;
    canvas.focus();
  })
  .catch((error) => {
    console.error(error);
    fail(`Promoted could not start: ${error?.message ?? error}`);
  });

// Clicking anywhere on the page gives the game the keyboard back.
document.addEventListener("pointerdown", () => canvas.focus());
