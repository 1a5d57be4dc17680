// The facilitator's presenter window: what the room's window (the game, on the projector)
// says the facilitator alone should see, over a BroadcastChannel between two windows of the
// same site — no server. Keys and buttons here go back to the game as the room's own keys.
// Either window may reload: this one asks for the latest on load; the game answers.

const channel = new BroadcastChannel("promoted-presenter");
const $ = (id) => document.getElementById(id);
const status = $("status");
let heard = false;

function send(message) {
  channel.postMessage(message);
}

function item(tag, text, className) {
  const element = document.createElement(tag);
  element.textContent = text;
  if (className) element.className = className;
  return element;
}

function show(b) {
  heard = true;
  $("continue").hidden = true;
  if (!b) {
    status.textContent = "The room's window is not in a workshop.";
    return;
  }
  status.textContent = "Following the room's window.";
  document.title = `Presenter — ${b.title}`;
  $("stage").textContent = b.stage;
  $("team").textContent = b.team ? `${b.title} · ${b.team}, decision ${b.decision}` : b.title;
  const state = [];
  if (b.countdown) state.push(`Discussion ${b.countdown}`);
  if (b.paused) state.push("paused");
  if (b.blank) state.push("the room's screen is blank");
  if (b.prompt_shown) state.push("the prompt is on the room's screen");
  $("state").textContent = state.join(" · ");
  $("message").textContent = b.message ?? "";
  $("prompt").hidden = !b.prompt;
  $("prompt").querySelector("p").textContent = b.prompt ?? "";
  $("note").hidden = !b.teaches;
  $("teaches").textContent = b.teaches ?? "";
  $("split").textContent = b.split ?? "";
  $("options").replaceChildren(
    ...b.options.map((o) => {
      const li = item("li", "");
      if (o.selected) li.className = "selected";
      li.append(item("span", `${o.votes} votes`, "votes"), item("p", `${o.number}. ${o.text}`, "text"));
      li.append(item("p", `Coach: ${o.note}`, "coach"), item("p", `If chosen: ${o.likely}`, "likely"));
      return li;
    }),
  );
  $("keys").textContent = b.keys;
  const pace = $("pace");
  pace.textContent = b.pace ? `Agenda: ${b.pace}` : "";
  pace.className = !b.pace ? "" : b.pace.includes("behind") ? "behind" : b.pace.includes("ahead") ? "ahead" : "ontime";
  $("phase").textContent = b.pace ? `The agenda has you in: ${b.phase ?? "over time"} · ${b.minutes_left ?? 0} min left` : "";
  $("agenda").replaceChildren(
    ...b.agenda.map((p) => item("li", `${p.label} · ${p.minutes} min — ${p.notes}`, p.now ? "now" : "")),
  );
  $("objectives").replaceChildren(...b.objectives.map((o) => item("li", o)));
  $("lessons").hidden = b.lessons.length === 0;
  $("lessons").querySelector("ul").replaceChildren(...b.lessons.map((l) => item("li", l)));
}

channel.addEventListener("message", ({ data }) => {
  if (data && "briefing" in data) {
    try {
      show(data.briefing === null ? null : JSON.parse(data.briefing));
    } catch {
      status.textContent = "The room's window sent something this page cannot read.";
    }
  } else if (data?.waiting) {
    heard = true;
    status.textContent = "The room's window is open but not in a workshop.";
    $("continue").hidden = !data.saved;
  }
});

// The keys the room's screen answers to; anything else is left to the browser.
const KEYS = new Set([
  "PageDown", "PageUp", "ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Space", "Backspace",
  "Equal", "Minus", "NumpadAdd", "NumpadSubtract", "Period", "KeyB", "KeyP", "KeyU", "KeyE",
  ...Array.from({ length: 10 }, (_, n) => `Digit${n}`),
  ...Array.from({ length: 10 }, (_, n) => `Numpad${n}`),
]);
document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || !KEYS.has(event.code)) return;
  if (event.target instanceof HTMLButtonElement && (event.code === "Space" || event.code === "Enter")) return;
  event.preventDefault();
  send({ key: event.code });
});
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-key]");
  if (button) send({ key: button.dataset.key });
});
$("continue").addEventListener("click", () => send({ continue: true }));

send({ hello: true });
setTimeout(() => {
  if (!heard) status.textContent = "No room's window answers: open the game in another window of this browser, or reload it.";
}, 3000);
