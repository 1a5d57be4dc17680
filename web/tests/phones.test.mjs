// Phones as voting pads: `promoted host` serves the game and the phone page on 127.0.0.1; one
// projector page runs a whole 60-minute cut on phones while thirty phones (each a browser
// context of its own, so each its own token) vote, change votes, lose their connection, and
// give commitments at the end. The projector reloads mid-session and rejoins its room. The
// downloaded report must hold exactly the phones' counts and their commitments, and no token.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launchChromium } from "./chromium.mjs";
import { pressInMirror, roomText, waitForLine, watch } from "./page.mjs";

const root = resolve(import.meta.dirname, "../..");
const dist = join(root, "dist");
const shots = resolve(import.meta.dirname, "../test-results");
const PHONES = 30;
let host;
let state;
let browser;
let base;

/** The host binary, built if this checkout has not built it yet (CI's tests have). */
function hostBinary() {
  const target = process.env.CARGO_TARGET_DIR ?? join(homedir(), ".cache/promoted/target");
  const built = spawnSync("cargo", ["build", "--quiet", "--locked", "-p", "promoted-host"], {
    cwd: root,
    env: { ...process.env, CARGO_TARGET_DIR: target },
    stdio: "inherit",
  });
  assert.equal(built.status, 0, "the host builds");
  return join(target, "debug/promoted-host");
}

/** Starts the host on 127.0.0.1 with a port of its choosing; resolves to its address. */
function startHost(binary) {
  return new Promise((resolvePort, reject) => {
    host = spawn(binary, [dist, "--listen", "127.0.0.1:0", "--state", state], { stdio: ["ignore", "pipe", "inherit"] });
    const timer = setTimeout(() => reject(new Error("the host did not start within 10 s")), 10_000);
    let out = "";
    host.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (found) {
        clearTimeout(timer);
        resolvePort(`http://127.0.0.1:${found[1]}/`);
      }
    });
    host.on("exit", (code) => reject(new Error(`the host stopped (${code}): ${out}`)));
  });
}

before(async () => {
  await mkdir(shots, { recursive: true });
  state = await mkdtemp(join(tmpdir(), "promoted-phones-"));
  base = await startHost(hostBinary());
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  host?.kill();
  await rm(state, { recursive: true, force: true });
});

const status = (phone) => phone.locator("#status").textContent();

test("the phone page is small, labelled, and fits 320 px", async (t) => {
  let bytes = 0;
  for (const path of ["j", "phone.js", "phone.css"]) {
    const response = await fetch(new URL(path, base));
    assert.equal(response.status, 200, path);
    assert.match(response.headers.get("content-security-policy") ?? "", /default-src 'none'/, path);
    bytes += (await response.arrayBuffer()).byteLength;
  }
  assert.ok(bytes < 50 * 1024, `the phone page weighs ${bytes} bytes`);
  const context = await browser.newContext({ viewport: { width: 320, height: 568 }, isMobile: true, hasTouch: true });
  t.after(() => context.close());
  const phone = await context.newPage();
  await phone.goto(new URL("j", base).href);
  await phone.getByLabel(/The room's code/).fill("not a code");
  await phone.getByRole("button", { name: "Join" }).click();
  assert.match(await status(phone), /eight letters and digits/);
  await phone.getByLabel(/The room's code/).fill("ZZZZ-ZZZZ");
  await phone.getByRole("button", { name: "Join" }).click();
  await phone.waitForFunction(() => /No room has that code/.test(document.getElementById("status").textContent));
  assert.ok(await phone.evaluate(() => document.documentElement.scrollWidth <= 320), "no sideways scrolling");
  await phone.screenshot({ path: `${shots}/phone-join.png` });
});

test("thirty phones vote through a whole cut session, and the report holds their counts", async (t) => {
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
  for (let i = 0; i < 3 && !/on the room's phones/.test(await roomText(room)); i++) {
    await pressInMirror(room, /^Vote/);
  }
  assert.match(await roomText(room), /anonymous, on the room's phones/);
  mark = log.length;
  await pressInMirror(room, /^Start the workshop/);
  await waitForLine(room, log, /promoted: screen Workshop\b/, mark);
  const joinLine = log[await waitForLine(room, log, /promoted: phones join at/, mark)];
  const join = joinLine.match(/(http:\/\/127\.0\.0\.1:\d+\/j\/[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4})/)?.[1];
  assert.ok(join, `a join address on this host: ${joinLine}`);

  // Thirty phones, each its own context (its own storage, so its own token); a few narrow.
  const phones = [];
  for (let i = 0; i < PHONES; i++) {
    const phoneContext = await browser.newContext({ viewport: { width: i % 5 === 0 ? 320 : 390, height: 700 } });
    t.after(() => phoneContext.close());
    const phone = await phoneContext.newPage();
    const phoneProblems = [];
    watch(phone, [], phoneProblems);
    phones.push({ page: phone, context: phoneContext, problems: phoneProblems });
  }
  await Promise.all(phones.map(({ page }) => page.goto(join)));
  await Promise.all(phones.map(({ page }) => page.getByRole("heading", { name: "You're in" }).waitFor()));

  // The room's keys go to the game's canvas (the mirror's buttons keep the focus they had).
  const key = async (code) => {
    await room.locator("canvas").focus();
    await room.keyboard.press(code);
  };
  const expected = [];
  let reloaded = false;
  let shot = false;
  for (let steps = 0; steps < 400; steps++) {
    const shown = await roomText(room);
    if (log.some((l) => /promoted: screen WorkshopDebrief/.test(l))) break;
    const stage = [...log].reverse().find((l) => /promoted: workshop stage \w+/.test(l))?.match(/stage (\w+)/)?.[1];
    if (stage === "Vote") {
      // The room votes: the vote opens on every phone.
      await Promise.all(phones.map(({ page }) => page.locator(".option:not([disabled])").first().waitFor({ timeout: 15_000 })));
      // A vote is open on the phones: each votes; some change their minds; one drops and
      // comes back. The projector shows how many voted, never the split, until asked.
      const count = await phones[0].page.locator(".option").count();
      const decision = expected.length;
      const tally = new Array(count).fill(0);
      await Promise.all(phones.map(async ({ page }, i) => {
        const first = ((i + decision) % count) + 1;
        // Two thirds land on the same option, so the room's pick is known.
        const final = i % 3 === 2 ? first : 1 + (decision % count);
        await page.getByRole("button", { name: new RegExp(`^Option ${first}:`) }).click();
        await page.waitForFunction((n) => new RegExp(`Counted: option ${n}\\b`).test(document.getElementById("status").textContent), first);
        if (final !== first) {
          await page.getByRole("button", { name: new RegExp(`^Option ${final}:`) }).click();
          await page.waitForFunction((n) => new RegExp(`Counted: option ${n}\\b`).test(document.getElementById("status").textContent), final);
        }
        tally[final - 1]++;
      }));
      expected.push(tally);
      await room.waitForFunction((n) => document.getElementById("access-page").innerText.includes(`${n} phones have voted`), PHONES, { timeout: 30_000 });
      assert.doesNotMatch(await roomText(room), /\d: \d+ \(\d+%\)/, "no split shown before the reveal");
      if (decision === 1) {
        // A phone loses its connection and comes back: its vote is still its own.
        const { page } = phones[3];
        await page.context().setOffline(true);
        await page.reload().catch(() => {});
        await page.context().setOffline(false);
        await page.reload();
        await page.waitForFunction(() => /Your vote: option \d/.test(document.getElementById("status").textContent));
      }
      assert.ok((await roomText(room)).includes(join.slice(-9)), "the room's code on the screen while the vote runs");
      if (!shot) await room.screenshot({ path: `${shots}/phones-room-voting.png` });
      await key("KeyV");
      await room.waitForFunction((n) => document.getElementById("access-page").innerText.includes(`${n} votes`), PHONES);
      if (!shot) {
        await room.screenshot({ path: `${shots}/phones-room-vote.png` });
        await phones[0].page.screenshot({ path: `${shots}/phones-phone-vote.png` });
        await phones[5].page.screenshot({ path: `${shots}/phones-phone-vote-320.png` });
        shot = true;
      }
      // Closing the vote on the projector closes it on every phone, then decides.
      mark = log.length;
      await key("PageDown");
      await Promise.all(phones.map(({ page }) => page.waitForFunction(() => /vote has closed/.test(document.getElementById("poll-hint").textContent))));
      assert.ok(await phones[7].page.locator(".option[disabled]").count() === count, "closed buttons cannot be pressed");
      await waitForLine(room, log, /promoted: workshop stage (Consequence|Reveal|Read|Meanwhile|Debrief)/, mark, 30_000);
      continue;
    }
    if (expected.length === 3 && !reloaded) {
      // The projector reloads mid-session: it goes on with the saved workshop, in its room.
      reloaded = true;
      mark = log.length;
      await room.reload();
      await waitForLine(room, log, /promoted: screen Title/, mark);
      await pressInMirror(room, /^Continue the workshop/);
      await waitForLine(room, log, /promoted: screen Workshop\b/, mark);
      const rejoined = log[await waitForLine(room, log, /promoted: phones join at/, mark)];
      assert.ok(rejoined.includes(join.slice(-9)), `the projector rejoined its room: ${rejoined}`);
      continue;
    }
    const before = shown;
    await key("PageDown");
    await room.waitForFunction((html) => document.getElementById("access-page").innerText !== html, before, { timeout: 30_000 })
      .catch(async (error) => {
        throw new Error(`PageDown at ${stage} changed nothing: ${error.message}\n${await roomText(room)}\n${log.slice(-8).join("\n")}`);
      });
  }
  await waitForLine(room, log, /promoted: screen WorkshopDebrief/);
  assert.ok(expected.length >= 4, `the phones voted on the cut's decisions (${expected.length})`);
  assert.ok(reloaded, "the projector reloaded mid-session");

  // The debrief asks the phones for commitments; three give one, one gives two.
  await Promise.all(phones.map(({ page }) => page.getByRole("heading", { name: /What will you try differently/ }).waitFor({ timeout: 30_000 })));
  const words = ["Ask the quietest person first in every design review.", "Say the trade out loud before I say yes to a date.", "Name the risk to the director in her words, not mine."];
  for (const [i, text] of words.entries()) {
    const { page } = phones[i * 4];
    await page.getByLabel("Your commitment").fill(text);
    await page.getByRole("button", { name: "Keep my commitment" }).click();
    await page.waitForFunction(() => /^Kept, with no name/.test(document.getElementById("status").textContent));
  }
  await phones[0].page.getByLabel("Your commitment").fill("Write the decision down, with what it cost.");
  await phones[0].page.getByRole("button", { name: "Keep my commitment" }).click();
  await phones[0].page.waitForFunction(() => /^Kept, with no name \(2 of/.test(document.getElementById("status").textContent));
  await room.waitForFunction((text) => document.getElementById("access-page").innerText.includes(text), "Write the decision down", { timeout: 30_000 });

  // The report: the room's votes are the phones' counts, decision by decision; the
  // commitments are there, and nothing that names a phone.
  await room.locator("canvas").focus();
  const [download] = await Promise.all([room.waitForEvent("download"), room.keyboard.press("j")]);
  const text = await readFile(await download.path(), "utf8");
  const report = JSON.parse(text);
  const voted = report.teams[0].decisions.filter((d) => !d.meanwhile);
  assert.equal(voted.length, expected.length, "a decision in the report for each vote on the phones");
  const split = (counts) => counts.filter((n) => n > 0).sort((a, b) => a - b);
  for (const [i, decision] of voted.entries()) {
    assert.deepEqual(split(decision.options.map((o) => o.votes)), split(expected[i]), `decision ${i + 1}'s counts`);
    assert.equal(decision.options.find((o) => o.id === decision.chosen).votes, Math.max(...expected[i]), "the phones' majority chose");
  }
  const kept = JSON.stringify(report.commitments ?? report);
  for (const text of [...words, "Write the decision down, with what it cost."]) assert.ok(kept.includes(text), `the report keeps: ${text}`);
  const tokens = await Promise.all(phones.map(({ page }) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("promoted-phone:")).map((k) => localStorage.getItem(k))[0])));
  for (const token of tokens) assert.ok(token && !text.includes(token), "the report names no phone");
  await room.screenshot({ path: `${shots}/phones-room-debrief.png` });
  await phones[0].page.screenshot({ path: `${shots}/phones-phone-commit.png` });

  // Leaving the debrief ends the room: the phones say so, and the code stops working.
  mark = log.length;
  await pressInMirror(room, /^Title/);
  await waitForLine(room, log, /promoted: screen Title/, mark);
  await phones[9].page.getByRole("heading", { name: "The session is over" }).waitFor({ timeout: 15_000 });
  const late = await browser.newContext();
  t.after(() => late.close());
  const latecomer = await late.newPage();
  await latecomer.goto(join);
  await latecomer.waitForFunction(() => /No room has that code/.test(document.getElementById("status").textContent));
  assert.ok(await latecomer.getByLabel(/The room's code/).isVisible(), "the latecomer is asked for a code");
  for (const { problems: phoneProblems } of phones) assert.deepEqual(phoneProblems, [], "no errors on a phone");
  assert.deepEqual(problems, [], "no errors on the projector");
});
