// The phone page: join a room by its code, vote on the open decision (and change the vote
// until it closes), give a private commitment at the end. The phone is a random token kept in
// this browser, never a name. It reconnects by itself and keeps its vote.
"use strict";

const $ = (id) => document.getElementById(id);
const CODE = /^[23456789ABCDEFGHJKLMNPQRSTUVWXYZ]{8}$/;

// Tokens made on this visit: where storage is refused, a reconnect must not make a new one
// (its earlier vote would still count).
const made = new Map();

/** This phone's random token in the room `code`: kept across reloads, one per room, so no
 * two sessions can be linked by it. */
function token(room) {
  const key = `promoted-phone:${room}`;
  let kept = made.get(room) ?? null;
  try {
    kept ??= localStorage.getItem(key);
  } catch {
    // Storage refused (a private window): this visit's token will do.
  }
  if (kept && /^[A-Za-z0-9_-]{16,64}$/.test(kept)) {
    made.set(room, kept);
    return kept;
  }
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const fresh = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
  made.set(room, fresh);
  try {
    localStorage.setItem(key, fresh);
  } catch {
    // As above.
  }
  return fresh;
}

let code = codeFromPath();
let socket = null;
let retry = 500;
let view = null;
let stopped = false;

function codeFromPath() {
  let typed = "";
  try {
    typed = decodeURIComponent(location.pathname.replace(/^\/j\/?/, ""));
  } catch {
    // A mangled address: the join form asks for the code.
  }
  const clean = typed.replace(/[-\s]/g, "").toUpperCase();
  return CODE.test(clean) ? clean : null;
}

function say(text, tone = "") {
  const status = $("status");
  status.textContent = text;
  status.className = `status ${tone}`;
}

function show(id) {
  for (const section of ["join", "poll", "commit", "waiting"]) $(section).hidden = section !== id;
}

function connect() {
  if (!code || stopped) return;
  const room = code;
  $("room").textContent = `Room ${room.slice(0, 4)}-${room.slice(4)}`;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  // The code in the address too, so a proxy in front of several hosts can route by room.
  const mine = new WebSocket(`${scheme}://${location.host}/ws/phone?room=${room}`);
  socket = mine;
  // Each socket's events count only while it is this page's socket.
  mine.addEventListener("open", () => {
    if (socket !== mine) return;
    retry = 500;
    mine.send(JSON.stringify({ type: "join", code: room, token: token(room) }));
  });
  mine.addEventListener("message", (event) => {
    if (socket !== mine) return;
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    receive(message);
  });
  mine.addEventListener("close", () => {
    if (socket !== mine) return;
    socket = null;
    if (stopped) return;
    say("Connection lost: reconnecting… Your vote is kept.", "bad");
    // A little jitter, so a room's phones do not all come back in the same instant.
    setTimeout(connect, retry * (0.75 + Math.random() / 2));
    retry = Math.min(retry * 2, 8000);
  });
}

function receive(message) {
  switch (message.type) {
    case "view":
      render(message.view);
      break;
    case "counted":
      if (view && view.type === "poll" && view.poll.key === message.key) {
        view.mine = message.option;
        render(view, false);
        say(`Counted: option ${message.option}. You may change it until the vote closes.`, "ok");
      }
      break;
    case "kept":
      $("commitment").value = "";
      say(`Kept, with no name (${message.given} of ${message.most}). Add another if you like.`, "ok");
      if (message.given >= message.most) $("keep").disabled = true;
      break;
    case "refused":
      say(message.why, "bad");
      if (message.kind === "unknown_room") {
        stopped = true;
        code = null;
        const old = socket;
        socket = null;
        old?.close();
        show("join");
      }
      break;
  }
}

function render(next, announce = true) {
  view = next;
  if (next.type === "waiting") {
    show("waiting");
    $("waiting-title").textContent = "You're in";
    $("waiting-text").textContent = "The vote opens when the facilitator says so. Keep this page open.";
    if (announce) say("");
  } else if (next.type === "ended") {
    stopped = true;
    show("waiting");
    $("waiting-title").textContent = "The session is over";
    $("waiting-text").textContent = "Thank you for taking part. You can close this page.";
    say("");
    socket?.close();
  } else if (next.type === "commitments") {
    show("commit");
    $("keep").disabled = next.given >= next.most;
    if (announce) say(next.given ? `You have given ${next.given} of ${next.most}.` : "");
  } else if (next.type === "poll") {
    show("poll");
    drawPoll(next, announce);
  }
}

function drawPoll({ poll, mine, open }, announce) {
  $("poll-title").textContent = poll.title;
  $("poll-hint").textContent = open
    ? "Tap the option you choose. Read the full options on the shared screen."
    : "This vote has closed.";
  const options = $("options");
  const focused = document.activeElement?.dataset?.number;
  options.replaceChildren(
    ...poll.options.map((option) => {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "option";
      button.dataset.number = option.number;
      button.setAttribute("aria-pressed", String(mine === option.number));
      button.disabled = !open;
      const number = document.createElement("span");
      number.className = "number";
      number.textContent = option.number;
      number.setAttribute("aria-hidden", "true");
      const label = document.createElement("span");
      label.className = "label";
      label.textContent = option.label;
      button.setAttribute("aria-label", `Option ${option.number}: ${option.label}`);
      button.append(number, label);
      button.addEventListener("click", () => vote(poll.key, option.number));
      return button;
    }),
  );
  if (focused) options.querySelector(`[data-number="${focused}"]`)?.focus();
  if (!announce) return;
  if (open) say(mine ? `Your vote: option ${mine}. You may change it until the vote closes.` : "The vote is open.");
  else say(mine ? `The vote has closed. Your vote, option ${mine}, was counted.` : "The vote closed before this phone voted.");
}

function vote(key, option) {
  if (!socket || socket.readyState !== WebSocket.OPEN) {
    say("Not connected yet: try again in a moment.", "bad");
    return;
  }
  say(`Sending option ${option}…`);
  socket.send(JSON.stringify({ type: "vote", key, option }));
}

$("keep").addEventListener("click", () => {
  const text = $("commitment").value.trim();
  if (!text) {
    say("Write a sentence first.", "bad");
    return;
  }
  if (!socket || socket.readyState !== WebSocket.OPEN) {
    say("Not connected yet: try again in a moment.", "bad");
    return;
  }
  socket.send(JSON.stringify({ type: "commit", text: text.replace(/\s+/g, " ") }));
});

$("join").addEventListener("submit", (event) => {
  event.preventDefault();
  const clean = $("code").value.replace(/[-\s]/g, "").toUpperCase();
  if (!CODE.test(clean)) {
    say("A code is eight letters and digits, like ABCD-EFGH.", "bad");
    return;
  }
  history.replaceState(null, "", `/j/${clean.slice(0, 4)}-${clean.slice(4)}`);
  code = clean;
  stopped = false;
  say("Joining…");
  connect();
});

if (code) {
  show("waiting");
  say("Joining…");
  connect();
} else {
  show("join");
}
