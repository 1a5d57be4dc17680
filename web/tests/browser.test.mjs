// The browser build in a real browser: Debian's Chromium, headless, with software WebGL2.
// Run `web/build.sh` first; `npm test` (in web/) runs these against dist/.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { serve } from "../server.mjs";

const dist = resolve(import.meta.dirname, "../../dist");
const shots = resolve(import.meta.dirname, "../test-results");
// `PROMOTED_VIEWPORT=1920x1080 npm test` plays the same tests on a larger screen.
const [width, height] = (process.env.PROMOTED_VIEWPORT ?? "1280x720").split("x").map(Number);
let server;
let browser;
let base;

before(async () => {
  await mkdir(shots, { recursive: true });
  server = await serve(dist, 0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
});

/** A page that records the game's log and fails the test on any error or panic. */
async function openGame(t, options = {}) {
  const context = await browser.newContext({ viewport: { width, height }, ...options });
  const page = await context.newPage();
  const log = [];
  const problems = [];
  page.on("console", (message) => {
    log.push(message.text());
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("request", (request) => {
    const own = [base, "data:", `blob:${base.slice(0, -1)}`];
    if (!own.some((prefix) => request.url().startsWith(prefix))) {
      problems.push(`request to another origin: ${request.url()}`);
    }
  });
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], "no console errors, panics or foreign requests");
  });
  const game = {
    page,
    log,
    /** Wait for a log line matching `pattern` that arrives after line `from`. */
    async waitFor(pattern, from = 0, timeout = 90_000) {
      const start = Date.now();
      for (;;) {
        const index = log.findIndex((line, i) => i >= from && pattern.test(line));
        if (index >= 0) return index;
        if (problems.length) throw new Error(`the game failed: ${problems.join("\n")}`);
        if (Date.now() - start > timeout) {
          throw new Error(`no log line like ${pattern} within ${timeout} ms; the last lines:\n${log.slice(-6).join("\n")}`);
        }
        await page.waitForTimeout(50);
      }
    },
    async shot(name) {
      await page.screenshot({ path: `${shots}/${width}x${height}-${name}.png` });
    },
    /** The current node's choices, in the order shown, from the latest layout report. */
    async choices(from) {
      await game.waitFor(/promoted: choice \d+ (enabled|disabled) at/, from);
      await page.waitForTimeout(200);
      const lines = log.slice(from).map((line) => line.match(/promoted: choice (\d+) (enabled|disabled) at (-?\d+),(-?\d+)/)).filter(Boolean);
      const latest = new Map();
      for (const [, index, state, x, y] of lines) latest.set(Number(index), { index: Number(index), enabled: state === "enabled", x: Number(x), y: Number(y) });
      return [...latest.values()].sort((a, b) => a.y - b.y);
    },
  };
  return game;
}

async function reachTitle(game) {
  const started = Date.now();
  await game.page.goto(base);
  await game.waitFor(/promoted: screen Title/);
  return Date.now() - started;
}

/** From the title: Start, then Enter on the card that has the focus after `tabs` Tabs.
 * Returns the log line of the play screen. */
async function startFromTitle(game, tabs = 0) {
  let mark = game.log.length;
  await game.page.keyboard.press("Enter"); // Start
  await game.waitFor(/promoted: screen Select/, mark);
  await game.shot("select");
  mark = game.log.length;
  for (let i = 0; i < tabs; i++) await game.page.keyboard.press("Tab");
  await game.page.keyboard.press("Enter");
  const play = await game.waitFor(/promoted: screen Play/, mark);
  // Before the first decision the player names two priorities: 1 and 2, then Enter.
  const next = await game.waitFor(/promoted: (priorities asked|choice \d+ enabled)/, mark);
  if (!/priorities asked/.test(game.log[next])) return play;
  await game.page.waitForTimeout(300);
  await game.shot("priorities");
  mark = game.log.length;
  await game.page.keyboard.press("Digit1");
  await game.page.keyboard.press("Digit3");
  await game.page.keyboard.press("Enter");
  return game.waitFor(/promoted: priorities [a-z]+, [a-z]+/, mark);
}

/** From the play screen announced at log line `from`, make decisions with
 * `decide(choice, number)` until the debrief shows. */
async function playToTheEnd(game, from, decide) {
  let mark = from;
  for (let decisions = 0; decisions < 60; decisions++) {
    const choices = await game.choices(mark);
    const pick = choices.findIndex((c) => c.enabled);
    assert.ok(pick >= 0, "an enabled choice");
    mark = game.log.length;
    await decide(choices[pick], pick + 1);
    const next = await game.waitFor(/promoted: (screen Outcome|choice \d+ enabled)/, mark);
    if (/screen Outcome/.test(game.log[next])) return decisions + 1;
  }
  throw new Error("the run did not end");
}

test("the page loads and reaches the title screen", async (t) => {
  const game = await openGame(t);
  const ms = await reachTitle(game);
  console.log(`time from navigation to the title screen: ${ms} ms`);
  await game.shot("title");
  const focused = await game.page.evaluate(() => document.activeElement?.id);
  assert.equal(focused, "promoted", "the canvas has the keyboard");
});

test("a scenario played to its ending with the keyboard alone", async (t) => {
  const game = await openGame(t);
  await reachTitle(game);
  const play = await startFromTitle(game); // the first card, the campaign's, which has the focus
  await game.shot("play");
  const decisions = await playToTheEnd(game, play, (_choice, number) => game.page.keyboard.press(`Digit${number}`));
  assert.ok(decisions >= 7, `a whole first chapter (${decisions} decisions)`);
  await game.page.waitForTimeout(500);
  await game.shot("outcome");
});

test("a scenario played with mouse clicks on the choices", async (t) => {
  const game = await openGame(t);
  await reachTitle(game);
  const play = await startFromTitle(game, 1); // the second card
  await playToTheEnd(game, play, async (choice) => {
    // As a hand would: move there, then press and release, a few frames apart.
    await game.page.mouse.move(choice.x, choice.y);
    await game.page.waitForTimeout(100);
    await game.page.mouse.down();
    await game.page.waitForTimeout(60);
    await game.page.mouse.up();
  });
  await game.shot("outcome-mouse");
});

test("a reload in the middle of a run continues it", async (t) => {
  const game = await openGame(t);
  await reachTitle(game);
  let mark = await startFromTitle(game);
  for (let i = 0; i < 2; i++) {
    const choices = await game.choices(mark);
    mark = game.log.length;
    await game.page.keyboard.press(`Digit${choices.findIndex((c) => c.enabled) + 1}`);
    await game.waitFor(/promoted: choice \d+ enabled/, mark);
  }
  mark = game.log.length;
  await game.page.reload();
  await game.waitFor(/promoted: screen Title/, mark);
  await game.shot("title-continue");
  mark = game.log.length;
  await game.page.keyboard.press("Enter"); // Continue, which has the focus
  await game.waitFor(/promoted: resumed a run of/, mark);
  await game.waitFor(/promoted: screen Play/, mark);
  await game.shot("resumed");
});

test("a workshop run by the facilitator's keyboard alone, and its report downloaded", async (t) => {
  const game = await openGame(t);
  await reachTitle(game);
  let mark = game.log.length;
  await game.page.keyboard.press("w");
  await game.waitFor(/promoted: screen WorkshopSetup/, mark);
  await game.page.waitForTimeout(300);
  await game.shot("workshop-setup");
  mark = game.log.length;
  await game.page.keyboard.press("Enter"); // Start the workshop, which has the focus
  const started = await game.waitFor(/promoted: workshop of `[a-z-]+` with seed \d+ and 1 team/, mark);
  const seed = Number(game.log[started].match(/seed (\d+)/)[1]);
  await game.waitFor(/promoted: screen Workshop\b/, mark);

  // Read → discuss → vote → reveal, with the keys a facilitator (or a clicker) sends.
  let decisions = 0;
  let stageLine = await game.waitFor(/promoted: workshop stage Read after 0 decisions/, mark);
  for (let steps = 0; steps < 400; steps++) {
    const stage = game.log[stageLine].match(/workshop stage (\w+)/)[1];
    if (stage === "Discuss" && decisions === 0) await game.shot("workshop-discuss");
    if (stage === "Vote") {
      await game.page.keyboard.press("Digit3"); // three hands for option 1
      // Software rendering is slow: give the first count time to show before the screenshot.
      await game.page.waitForTimeout(decisions === 0 ? 1500 : 300);
      if (decisions === 0) await game.shot("workshop-vote");
    }
    if (stage === "Reveal" && decisions === 0) await game.shot("workshop-reveal");
    mark = game.log.length;
    await game.page.keyboard.press(steps % 2 ? "PageDown" : "ArrowRight");
    const next = await game.waitFor(/promoted: (workshop stage \w+ after \d+|screen WorkshopDebrief)/, mark);
    // The room's last stage and the debrief screen log one after the other: either ends it.
    if (/screen WorkshopDebrief|workshop stage Debrief/.test(game.log[next])) break;
    decisions = Number(game.log[next].match(/after (\d+) decisions/)[1]);
    stageLine = next;
  }
  await game.waitFor(/promoted: screen WorkshopDebrief/, mark);
  assert.ok(decisions >= 12, `a whole session (${decisions} decisions)`);
  await game.page.waitForTimeout(500);
  await game.shot("workshop-debrief");

  // The report downloads, as Markdown and as JSON, and says what happened.
  const [markdown] = await Promise.all([game.page.waitForEvent("download"), game.page.keyboard.press("m")]);
  assert.equal(markdown.suggestedFilename(), `promoted-workshop-architecture-deadlock-seed-${seed}.md`);
  const md = await readFile(await markdown.path(), "utf8");
  assert.match(md, /^# Workshop report: /);
  assert.match(md, new RegExp(`seed ${seed}`));
  assert.match(md, /Road not taken: had the room chosen/);
  const [json] = await Promise.all([game.page.waitForEvent("download"), game.page.keyboard.press("j")]);
  const report = JSON.parse(await readFile(await json.path(), "utf8"));
  assert.equal(report.setup.seed, seed);
  assert.equal(report.teams[0].decisions.length, decisions);
  assert.ok(report.teams[0].decisions.every((d) => d.options.find((o) => o.id === d.chosen).votes === 3));
  assert.ok(report.teams[0].score.overall >= 0);
});

/** A page whose scenario library is replaced by `route`; its console, without failing on it. */
async function withLibrary(t, route) {
  const context = await browser.newContext({ viewport: { width, height } });
  t.after(() => context.close());
  const page = await context.newPage();
  const log = [];
  page.on("console", (message) => log.push(message.text()));
  await page.route("**/library.bin", route);
  await page.goto(base);
  return { page, log };
}

test("a scenario library that cannot be downloaded says so, not a blank page", async (t) => {
  const { page } = await withLibrary(t, (route) => route.fulfill({ status: 404, body: "not found" }));
  await page.locator("#problem").waitFor({ state: "visible", timeout: 60_000 });
  const text = await page.locator("#problem-text").textContent();
  assert.match(text, /the scenario library could not be downloaded \(404\)/);
});

test("a damaged scenario library shows where a broken file shows", async (t) => {
  const { page, log } = await withLibrary(t, (route) =>
    route.fulfill({ status: 200, contentType: "application/octet-stream", body: "<html>a proxy's page</html>" }));
  const deadline = Date.now() + 90_000;
  while (!log.some((line) => /promoted: screen Title/.test(line))) {
    assert.ok(Date.now() < deadline, `the title screen; the log:\n${log.slice(-6).join("\n")}`);
    await page.waitForTimeout(100);
  }
  assert.ok(
    log.some((line) => line.includes("The scenario library (library.bin) could not be read: it does not start with")),
    log.join("\n"),
  );
  await page.keyboard.press("Enter");
  await page.waitForTimeout(800);
  await page.screenshot({ path: `${shots}/${width}x${height}-damaged-library.png` });
});

// ---- The accessibility mirror beside the canvas (src/access), as a screen reader uses it. ----

/** Once a run starts: "Skip" when the priorities are asked before the first decision
 * (their buttons are numbered too), else the first numbered choice. */
async function firstOfTheRun(page) {
  const handle = await page.waitForFunction(() => {
    const labels = [...document.querySelectorAll("#access-page button")].map((b) => b.textContent);
    return labels.includes("Skip") ? "Skip" : labels.find((label) => /^\d+\. /.test(label));
  });
  return handle.jsonValue();
}

/** Press a mirror button as a screen reader user would: focus it, then Enter. */
async function pressInMirror(page, name) {
  const before = await page.locator("#access-page").innerHTML();
  await page.getByRole("button", { name }).first().press("Enter");
  await page.waitForFunction((html) => document.getElementById("access-page").innerHTML !== html, before);
}

const axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's serious and critical findings on what the page shows now. */
async function axeFindings(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

test("a scenario played through the accessibility tree alone, with no serious axe finding on any screen", async (t) => {
  const game = await openGame(t, { bypassCSP: true }); // axe is injected as a script
  await reachTitle(game);
  const { page } = game;
  const findings = [];
  const check = async (screenName) => {
    for (const f of await axeFindings(page)) findings.push(`${screenName}: ${f}`);
  };
  await page.getByRole("heading", { level: 1 }).first().waitFor({ state: "attached" });
  await check("title");
  await pressInMirror(page, /^Start/);
  await page.getByRole("heading", { name: "Choose a scenario" }).waitFor({ state: "attached" });
  assert.equal(await page.getByRole("button", { name: /^Any$/ }).first().getAttribute("aria-pressed"), "true",
    "a filter says whether it is on");
  await check("select");
  await pressInMirror(page, /Your First One-to-One/);
  if ((await firstOfTheRun(page)) === "Skip") await pressInMirror(page, /^Skip$/);
  await check("play");
  const ended = () => game.log.some((line) => /promoted: screen Outcome/.test(line));
  let decisions = 0;
  while (!ended()) {
    assert.ok(decisions < 40, "the run ends");
    // A numbered choice, or the debrief: whichever comes.
    const next = await page.waitForFunction(() => [...document.querySelectorAll("#access-page button:not([disabled])")]
      .some((b) => /^\d+\. /.test(b.textContent)) || document.querySelector("#access-page h1")?.textContent, null);
    await next.dispose();
    if (ended()) break;
    const choice = page.locator("#access-page button:not([disabled])").filter({ hasText: /^\d+\. / }).first();
    if ((await choice.count()) === 0) {
      await page.waitForTimeout(100);
      continue;
    }
    const before = await page.locator("#access-page").innerHTML();
    await choice.press("Enter");
    await page.waitForFunction((html) => document.getElementById("access-page").innerHTML !== html, before);
    decisions++;
    if (decisions === 1) {
      await page.waitForFunction(() => document.getElementById("announce").textContent.length > 0);
    }
  }
  assert.ok(decisions >= 3, `a whole run (${decisions} decisions)`);
  await page.getByRole("heading", { name: /Your decisions/ }).waitFor({ state: "attached" });
  assert.ok(await page.getByRole("list").count() > 0, "the debrief's decisions are a list");
  await check("outcome");
  await pressInMirror(page, /^Title$/);
  await check("title again");
  assert.deepEqual(findings, [], "no serious or critical accessibility finding");
});

// ---- Phones: one column, a meters strip, finger-sized targets, a run by taps. ----

/** A swipe up by `dy` CSS px from (x, y), as a finger would (touch events by the DevTools protocol). */
async function swipe(page, cdp, x, y, dy) {
  const steps = 8;
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x, y }] });
  for (let i = 1; i <= steps; i++) {
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints: [{ x, y: y - (dy * i) / steps }] });
    await page.waitForTimeout(20);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await page.waitForTimeout(150);
}

/** The mirror's buttons with their places on screen (CSS px). */
async function buttonsOnScreen(page) {
  return page.$$eval("#access-page button", (buttons) => buttons.map((b) => {
    const [x, y, w, h] = b.dataset.rect.split(",").map(Number);
    return { label: b.textContent, disabled: b.disabled, x, y, w, h };
  }));
}

/** Tap the first button whose label matches, scrolling it into view with a finger first. */
async function tap(page, cdp, pattern, viewport) {
  for (let tries = 0; tries < 12; tries++) {
    const button = (await buttonsOnScreen(page)).find((b) => !b.disabled && pattern.test(b.label));
    assert.ok(button, `a button like ${pattern}`);
    const bottom = button.y + button.h;
    // A finger taps the part it can see: enough of the button on screen will do.
    const top = Math.max(button.y, 0);
    const seen = Math.min(bottom, viewport.height) - top;
    if (seen >= Math.min(button.h, 44)) {
      const before = await page.locator("#access-page").innerHTML();
      // As a finger does: down, a tenth of a second, up (a tap in one frame is not one).
      const at = { x: button.x + button.w / 2, y: top + seen / 2 };
      await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [at] });
      await page.waitForTimeout(120);
      await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
      await page.waitForFunction((html) => document.getElementById("access-page").innerHTML !== html, before);
      return button;
    }
    const dy = bottom <= 0 ? -viewport.height / 2 : Math.min(viewport.height / 2, bottom - viewport.height + 20);
    await swipe(page, cdp, viewport.width / 2, viewport.height * 0.6, dy);
  }
  throw new Error(`could not bring ${pattern} into view`);
}

for (const viewport of [{ width: 390, height: 844 }, { width: 360, height: 640 }]) {
  test(`a whole run by taps on a ${viewport.width}×${viewport.height} phone`, async (t) => {
    // At a device pixel ratio of 1: at 2, Chromium's phone emulation leaves the canvas at one
    // pixel per CSS pixel and the game lays out for half the width (open in the closing note).
    const game = await openGame(t, { viewport, hasTouch: true, isMobile: true, deviceScaleFactor: 1 });
    const { page } = game;
    const cdp = await page.context().newCDPSession(page);
    await reachTitle(game);
    await page.waitForTimeout(300);
    const shot = (name) => page.screenshot({ path: `${shots}/${viewport.width}x${viewport.height}-${name}.png` });
    await shot("title");
    await tap(page, cdp, /^Start/, viewport);
    await game.waitFor(/promoted: screen Select/);
    await page.waitForTimeout(300);
    await shot("select");
    const small = (await buttonsOnScreen(page)).filter((b) => b.h < 44 || b.w < 44);
    assert.deepEqual(small, [], "every target on the select screen is at least 44×44 CSS px");
    const cards = (await buttonsOnScreen(page)).filter((b) => /min ·/.test(b.label));
    assert.ok(cards.every((b) => b.w > viewport.width * 0.8), "one card to a row");
    await tap(page, cdp, /Your First No/, viewport);
    await game.waitFor(/promoted: screen Play/);
    if ((await firstOfTheRun(page)) === "Skip") await tap(page, cdp, /^Skip$/, viewport);
    await page.waitForTimeout(300);
    await shot("play");
    const strip = await tap(page, cdp, /the team and you/, viewport);
    assert.ok(strip.w > viewport.width * 0.8, "the meters strip spans the column");
    await page.waitForTimeout(300);
    await shot("play-meters-open");
    await tap(page, cdp, /the team and you/, viewport);
    const ended = () => game.log.some((line) => /promoted: screen Outcome/.test(line));
    let decisions = 0;
    while (!ended()) {
      assert.ok(decisions < 40, "the run ends");
      const targets = (await buttonsOnScreen(page)).filter((b) => /^\d+\. /.test(b.label));
      if (targets.length === 0) {
        await page.waitForTimeout(100);
        continue;
      }
      assert.ok(targets.every((b) => b.h >= 44), "choices are finger-sized");
      await tap(page, cdp, /^\d+\. /, viewport);
      decisions++;
      if (decisions === 2) await shot("play-later");
    }
    assert.ok(decisions >= 3, `a whole run (${decisions} decisions)`);
    await page.waitForTimeout(400);
    await shot("outcome");
    await swipe(page, cdp, viewport.width / 2, viewport.height * 0.7, viewport.height / 2);
    await page.waitForTimeout(300);
    await shot("outcome-scrolled");
  });
}

// ---- A scenario file of the player's own. ----

test("your own scenario file: a valid one plays and stays across a reload, a broken and a huge one say why", async (t) => {
  const game = await openGame(t);
  const { page } = game;
  await reachTitle(game);
  await pressInMirror(page, /^Start/);
  const original = await readFile(resolve(import.meta.dirname, "../../scenarios/your-first-no.scenario.ron"), "utf8");
  const mine = original.replace(/id: "your-first-no"/, 'id: "my-own-no"').replace(/title: "/, 'title: "My Own ');
  const files = resolve(shots, "files");
  await mkdir(files, { recursive: true });
  await writeFile(`${files}/mine.scenario.ron`, mine);
  await writeFile(`${files}/broken.scenario.ron`, mine.replace(/start: "/, 'start: "nowhere-'));
  await writeFile(`${files}/huge.scenario.ron`, Buffer.alloc(6 * 1024 * 1024, 32));

  const open = async (name) => {
    const chooser = page.waitForEvent("filechooser");
    await page.getByRole("button", { name: /Open a scenario file/ }).press("Enter");
    await (await chooser).setFiles(`${files}/${name}`);
  };
  let mark = game.log.length;
  await open("mine.scenario.ron");
  await page.getByRole("button", { name: /My Own/ }).first().waitFor({ state: "attached" });
  await page.waitForTimeout(300);
  await game.shot("opened-valid");

  mark = game.log.length;
  await open("broken.scenario.ron");
  await game.waitFor(/promoted: screen Problem/, mark);
  const problem = await page.locator("#access-page").textContent();
  assert.match(problem, /broken\.scenario\.ron:\d+:\d+: error/, "file:line:col");
  assert.match(problem, /\d+ \|.*start: "nowhere-/, "the offending line");
  await page.waitForTimeout(300);
  await game.shot("opened-broken");
  await pressInMirror(page, /Back to the scenarios/);

  mark = game.log.length;
  await open("huge.scenario.ron");
  await game.waitFor(/promoted: screen Problem/, mark);
  assert.match(await page.locator("#access-page").textContent(), /6\.0 MiB|6 MiB|6\.0 MB|larger/, "says it is too large");
  await pressInMirror(page, /Back to the scenarios/);

  // Kept across a reload; playable; then removed for good.
  await page.reload();
  await game.waitFor(/promoted: screen Title/, game.log.length - 1);
  await pressInMirror(page, /^Start/);
  await page.getByRole("button", { name: /My Own/ }).first().waitFor({ state: "attached" });
  await pressInMirror(page, /My Own/);
  await game.waitFor(/promoted: screen Play/);
  if ((await firstOfTheRun(page)) === "Skip") await pressInMirror(page, /^Skip$/);
  await pressInMirror(page, /^1\. /);
  await pressInMirror(page, /^Menu/);
});
