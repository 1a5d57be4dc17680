// Loads the game: checks for WebGL2, downloads the wasm (compiling it as it streams) and the
// scenario library with one progress bar, starts it and gives the canvas the keyboard.
import init, * as game from "./promoted.js";
import { launch } from "./lms/course.js";

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

// A sentence for the learner about their progress on a learning platform (web/lms/): shown
// at the top until dismissed, and read by a screen reader as it appears.
const courseNotice = document.getElementById("course-notice");
function say(text) {
  courseNotice.querySelector("p").textContent = text;
  courseNotice.hidden = false;
}
courseNotice.querySelector("button").addEventListener("click", () => {
  courseNotice.hidden = true;
  canvas.focus();
});

// The accessibility mirror (src/access): the game writes each screen here as headings, text
// and buttons, hidden from sight but not from assistive technology. A button pressed here is
// pressed in the game.
const accessPage = document.getElementById("access-page");
const announce = document.getElementById("announce");
let lastNews = "";
/** Bring `old` to `next` in place where the two differ only a little (a button moved by a
 * scroll, a countdown's text), so a screen reader keeps its place; true if it could. */
function morph(old, next) {
  if (old.children.length !== next.children.length) return false;
  [...next.children].forEach((child, i) => {
    const was = old.children[i];
    if (was.outerHTML === child.outerHTML) return;
    const same = was.tagName === child.tagName && was.innerHTML === child.innerHTML;
    if (!same) {
      was.replaceWith(child.cloneNode(true));
      return;
    }
    for (const { name } of [...was.attributes]) if (!child.hasAttribute(name)) was.removeAttribute(name);
    for (const { name, value } of [...child.attributes]) was.setAttribute(name, value);
  });
  return true;
}

globalThis.promotedAccess = (html, news) => {
  const focused = accessPage.contains(document.activeElement) ? document.activeElement : null;
  const label = focused?.tagName === "BUTTON" ? focused.textContent : null;
  const next = document.createElement("template");
  next.innerHTML = html;
  if (!morph(accessPage, next.content)) accessPage.innerHTML = html;
  if (focused && !accessPage.contains(focused)) {
    // Keep a screen reader's place: the same button if the screen still has it, else the
    // screen's title.
    const same = [...accessPage.querySelectorAll("button")].find((b) => b.textContent === label);
    (same ?? accessPage.querySelector("h1, h2"))?.focus();
  }
  if (news !== lastNews) {
    lastNews = news;
    announce.textContent = news;
  }
};
accessPage.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-id]");
  if (button && !button.disabled) wasm?.promotedActivate(button.dataset.id);
});
let wasm = null;

// A scenario file of the player's own (src/adapters/opened.rs): picked, or dropped on the
// page. The game checks it; a larger file than it accepts is handed over only as far as the
// limit and one byte more, with its real size, so it can say how large it is.
async function openFile(file) {
  if (!wasm || !file) return;
  const bytes = new Uint8Array(await file.slice(0, wasm.promotedFileLimit()).arrayBuffer());
  wasm.promotedOpenFile(file.name, file.size, bytes);
}
const picker = document.createElement("input");
picker.type = "file";
picker.accept = ".ron";
picker.hidden = true;
picker.addEventListener("change", () => {
  openFile(picker.files?.[0]);
  picker.value = "";
});
document.body.append(picker);
globalThis.promotedPickFile = () => picker.click();

// The presenter window (web/presenter.html, src/adapters/presenter.rs): this window, on the
// projector, tells it what only the facilitator sees; its keys come back as the room's own.
const presenter = "BroadcastChannel" in globalThis ? new BroadcastChannel("promoted-presenter") : null;
let briefing = null;
globalThis.promotedPresenterPost = (json) => {
  briefing = json === "null" ? null : json;
  presenter?.postMessage({ briefing });
};
globalThis.promotedPresenterOpen = () => {
  globalThis.open("presenter.html", "promoted-presenter", "popup,width=1180,height=800");
};
presenter?.addEventListener("message", ({ data }) => {
  if (data?.hello) {
    presenter.postMessage(briefing ? { briefing } : { waiting: true, saved: wasm?.promotedHasSavedWorkshop() ?? false });
  }
  if (typeof data?.key === "string") wasm?.promotedPresenterKey(data.key);
  if (data?.continue) wasm?.promotedPresenterContinue();
});
// The room's phones (src/adapters/phones.rs): when `promoted host` served this page, a
// session on phones runs its room over this WebSocket. The glue only carries messages and
// reconnects; the game says what to send and decides what the answers mean.
let hostServed = false;
let hostSocket = null;
let hostWanted = false;
let hostRetry = 0;
let hostTimer = 0;
const hostRoomKey = "promoted-phone-room";
globalThis.promotedHostServed = () => hostServed;
globalThis.promotedHostConnect = () => {
  hostWanted = true;
  if (!hostSocket) hostOpen();
};
globalThis.promotedHostDisconnect = () => {
  hostWanted = false;
  clearTimeout(hostTimer);
  const socket = hostSocket;
  hostSocket = null;
  socket?.close();
};
globalThis.promotedHostSend = (json) => {
  if (hostSocket?.readyState === WebSocket.OPEN) hostSocket.send(json);
};
globalThis.promotedHostRemember = (json) => {
  try {
    if (json == null) localStorage.removeItem(hostRoomKey);
    else localStorage.setItem(hostRoomKey, json);
  } catch {
    // Storage refused (a private window): a reload opens a new room.
  }
};
globalThis.promotedHostRemembered = () => {
  try {
    return localStorage.getItem(hostRoomKey);
  } catch {
    return null;
  }
};
function hostOpen() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  // A room to rejoin names itself in the address, so a proxy in front of several hosts
  // can route by room (the message that follows names it too).
  let room = "";
  try {
    room = JSON.parse(globalThis.promotedHostRemembered() ?? "null")?.code ?? "";
  } catch {
    room = "";
  }
  const query = /^[0-9A-Z-]{8,9}$/.test(room) ? `?room=${room}` : "";
  const socket = new WebSocket(`${scheme}//${location.host}/ws/projector${query}`);
  hostSocket = socket;
  socket.addEventListener("open", () => {
    if (hostSocket !== socket) return;
    hostRetry = 0;
    wasm?.promotedHostOpened();
  });
  socket.addEventListener("message", ({ data }) => {
    if (hostSocket === socket && typeof data === "string") wasm?.promotedHostMessage(data);
  });
  socket.addEventListener("close", () => {
    if (hostSocket !== socket) return;
    hostSocket = null;
    wasm?.promotedHostClosed();
    if (!hostWanted) return;
    // Back off to five seconds: the host may be restarting, and the room waits on it.
    const wait = Math.min(5000, 250 * 2 ** hostRetry++);
    hostTimer = setTimeout(() => hostWanted && !hostSocket && hostOpen(), wait);
  });
}
document.addEventListener("dragover", (event) => event.preventDefault());
document.addEventListener("drop", (event) => {
  event.preventDefault();
  openFile(event.dataTransfer?.files?.[0]);
});

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

// The sizes of the uncompressed files, written by the build: the download may be compressed,
// and what a stream reads is the uncompressed bytes.
// Whether `promoted host` served the page rides on the same answer: the host names itself
// in a header (a plain server does not), so a session can run on the room's phones.
async function expectedBytes() {
  try {
    const response = await fetch("build.json");
    const host = response.headers.has("X-Promoted-Host");
    const sizes = await response.json();
    return { wasm: sizes.wasm_bytes ?? 0, library: sizes.library_bytes ?? 0, host };
  } catch {
    return { wasm: 0, library: 0, host: false };
  }
}

/** One progress bar over several downloads: each reports the bytes it has read so far. */
function progress(total) {
  const read = new Map();
  return (name, bytes) => {
    read.set(name, bytes);
    if (total <= 0) return;
    const sum = [...read.values()].reduce((a, b) => a + b, 0);
    const percent = Math.min(100, Math.round((100 * sum) / total));
    loaderBar.style.width = `${percent}%`;
    loaderText.textContent = percent < 100 ? `Loading the game… ${percent}%` : "Starting…";
  };
}

/** `url`'s response, its body counted into `report` as it streams. */
async function counted(url, what, report) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${what} could not be downloaded (${response.status})`);
  let received = 0;
  const counter = new TransformStream({
    transform(chunk, controller) {
      received += chunk.length;
      report(url, received);
      controller.enqueue(chunk);
    },
  });
  const type = response.headers.get("Content-Type") ?? "application/octet-stream";
  return new Response(response.body.pipeThrough(counter), { headers: { "Content-Type": type } });
}

async function start() {
  if (!hasWebGL2()) {
    fail("Promoted needs WebGL2, which this browser has turned off or does not support. " +
      "Try a current Chrome, Edge, Firefox or Safari, and check that hardware acceleration is on.");
    return;
  }
  const sizes = await expectedBytes();
  const report = progress(sizes.wasm + sizes.library);
  // Both at once; the wasm compiles while it downloads, when served as application/wasm.
  const library = counted("library.bin", "the scenario library", report)
    .then((response) => response.arrayBuffer())
    .then((buffer) => new Uint8Array(buffer));
  const module = counted("promoted_bg.wasm", "the game file", report).then(async (response) =>
    (response.headers.get("Content-Type") ?? "").startsWith("application/wasm")
      ? WebAssembly.compileStreaming(response)
      : WebAssembly.compile(await response.arrayBuffer()));
  // A package's learning platform is found while the game downloads (src/adapters/course.rs
  // asks for the learner's saved run as it starts); the plain site has none.
  const course = launch({ say }).catch((error) => {
    console.warn("promoted: the learning platform:", error);
    return null;
  });
  const [bytes, compiled, platform] = await Promise.all([library, module, course]);
  hostServed = sizes.host;
  globalThis.promotedCourseResume = () => platform?.resume;
  globalThis.promotedCourseReport = (record) => platform?.report(record);
  loaderText.textContent = "Starting…";
  loaderBar.style.width = "100%";
  // The game asks for it as it starts (src/adapters/library.rs).
  globalThis.promotedLibrary = () => bytes;
  wasm = game;
  try {
    await init({ module_or_path: compiled });
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
document.addEventListener("pointerdown", (event) => {
  if (!event.target.closest?.("#access")) canvas.focus();
});
