// The presenter window: two pages of one browser, the room's window (the game, for the
// projector) and the facilitator's (web/presenter.html), talking over a BroadcastChannel.
// The presenter drives a whole 60-minute cut by keys; the room's window never shows a
// facilitator's note; either page reloads and picks up; the facilitator's sheet downloads
// from the setup and prints to PDF.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { pressInMirror, roomText, waitForLine, watch } from "./page.mjs";
import { serve } from "../server.mjs";

const dist = resolve(import.meta.dirname, "../../dist");
const shots = resolve(import.meta.dirname, "../test-results");
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


test("the presenter window runs a whole cut session by keys, and the room never sees a note", async (t) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
  t.after(() => context.close());
  const room = await context.newPage();
  const log = [];
  const problems = [];
  watch(room, log, problems);
  await room.goto(base);
  await waitForLine(room, log, /promoted: screen Title/);
  let mark = log.length;
  await pressInMirror(room, /^Workshop/);
  await waitForLine(room, log, /promoted: screen WorkshopSetup/, mark);
  await pressInMirror(room, /^Session/);
  assert.match(await roomText(room), /60-minute cut: the \d+ pivotal decisions/);

  // The facilitator's sheet downloads from the setup, and prints.
  const sheets = [];
  room.on("download", (d) => sheets.push(d));
  await room.getByRole("button", { name: /Facilitator's sheet/ }).first().press("Enter");
  await room.waitForFunction(() => /open the HTML to print/.test(document.getElementById("access-page").innerText), null, { timeout: 30_000 });
  assert.deepEqual(sheets.map((d) => d.suggestedFilename()).sort(),
    ["promoted-architecture-deadlock-sheet.html", "promoted-architecture-deadlock-sheet.md"]);
  const html = await readFile(await sheets.find((d) => d.suggestedFilename().endsWith(".html")).path(), "utf8");
  const sheet = await context.newPage();
  await sheet.setContent(html);
  await sheet.pdf({ path: `${shots}/facilitator-sheet.pdf`, format: "A4", printBackground: true });
  await sheet.emulateMedia({ media: "print" });
  await sheet.screenshot({ path: `${shots}/facilitator-sheet-print.png`, fullPage: true });
  const pdf = await readFile(`${shots}/facilitator-sheet.pdf`, "latin1");
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  assert.ok(pages >= 3, `the sheet prints on several A4 pages (${pages})`);
  assert.ok((await sheet.locator("h3").count()) >= 6, "a section per pivotal decision");
  await sheet.close();

  // The presenter window opens from the setup, a second page of the same site.
  const [presenter] = await Promise.all([
    room.waitForEvent("popup"),
    room.getByRole("button", { name: /Presenter window/ }).first().press("Enter"),
  ]);
  const presenterProblems = [];
  watch(presenter, [], presenterProblems);
  await presenter.waitForLoadState();
  mark = log.length;
  await pressInMirror(room, /^Start the workshop/);
  await waitForLine(room, log, /promoted: screen Workshop\b/, mark);
  await presenter.waitForFunction(() => /Following the room's window/.test(document.getElementById("status").textContent));

  const notes = new Set();
  const key = (code) => presenter.keyboard.press(code);
  let reloadedPresenter = false;
  let reloadedRoom = false;
  let voted = 0;
  let shotTaken = false;
  for (let steps = 0; steps < 600; steps++) {
    const stage = await presenter.locator("#stage").textContent();
    if (/Debrief/.test(stage)) break;
    for (const text of await presenter.locator("#options .coach, #teaches, #split").allTextContents()) {
      const note = text.replace(/^Coach: /, "").trim();
      if (note.length > 20) notes.add(note);
    }
    const shown = await roomText(room);
    for (const note of notes) assert.ok(!shown.includes(note), `the room's window shows a note: ${note}`);
    if (stage === "Vote" && !shotTaken) {
      await key("Digit4");
      await presenter.waitForFunction(() => /4 votes/.test(document.getElementById("options").textContent));
      await presenter.screenshot({ path: `${shots}/presenter-vote.png` });
      await room.screenshot({ path: `${shots}/presenter-room-vote.png` });
      shotTaken = true;
    } else if (stage === "Vote") {
      await key("Digit3");
    }
    if (stage === "Vote") voted++;
    if (voted === 2 && !reloadedPresenter) {
      // The presenter reloads mid-vote and picks up where the room is.
      reloadedPresenter = true;
      await presenter.reload();
      await presenter.waitForFunction(() => document.getElementById("stage").textContent === "Vote");
      await key("Digit3");
    }
    if (voted === 4 && !reloadedRoom && stage === "Read") {
      // The room's window reloads; the presenter offers to go on with the saved session.
      reloadedRoom = true;
      mark = log.length;
      await room.reload();
      await waitForLine(room, log, /promoted: screen Title/, mark);
      await presenter.reload();
      await presenter.locator("#continue").waitFor({ state: "visible" });
      await presenter.locator("#continue").click();
      await waitForLine(room, log, /promoted: screen Workshop\b/, mark);
      await presenter.waitForFunction(() => /Following/.test(document.getElementById("status").textContent));
      continue;
    }
    const before = await presenter.locator("#stage").textContent();
    const beforeTeam = await presenter.locator("#team").textContent();
    await key("PageDown");
    await presenter.waitForFunction(([s, team]) => document.getElementById("stage").textContent !== s
      || document.getElementById("team").textContent !== team, [before, beforeTeam], { timeout: 30_000 });
  }
  assert.match(await presenter.locator("#stage").textContent(), /Debrief/);
  assert.ok(reloadedPresenter && reloadedRoom, "both windows were reloaded mid-session");
  assert.ok(notes.size >= 10, `the presenter showed the notes (${notes.size})`);
  assert.ok(log.some((l) => /workshop stage Meanwhile/.test(l)), "the cut recapped its defaults");
  assert.ok(await presenter.locator("#pace").textContent(), "the agenda clock");
  await waitForLine(room, log, /promoted: screen WorkshopDebrief/);
  // In the debrief the presenter says what the ending teaches; the room's screen does not.
  const lesson = presenter.locator("#lessons li").first();
  await lesson.waitFor({ state: "visible" });
  const taught = (await lesson.textContent()).split(": ").slice(1).join(": ");
  assert.ok(taught.length > 20 && !(await roomText(room)).includes(taught), "the lesson is the facilitator's");

  // The report holds the cut: its defaults, and only the room's votes.
  await room.locator("canvas").focus();
  const [json] = await Promise.all([room.waitForEvent("download"), room.keyboard.press("j")]);
  const report = JSON.parse(await readFile(await json.path(), "utf8"));
  assert.equal(report.setup.length, "Cut");
  const decisions = report.teams[0].decisions;
  assert.ok(decisions.some((d) => d.meanwhile) && decisions.some((d) => !d.meanwhile));
  assert.ok(decisions.filter((d) => !d.meanwhile).every((d) => d.options.find((o) => o.id === d.chosen).votes >= 3));
  await room.screenshot({ path: `${shots}/presenter-room-debrief.png` });
  assert.deepEqual([...problems, ...presenterProblems], [], "no errors in either window");
});
