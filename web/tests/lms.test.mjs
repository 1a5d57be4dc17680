// The course packages in a real browser, inside a learning platform's frame: for SCORM the
// parent page hosts scorm-again (the runtime learning platforms embed) as the LMS; for cmi5
// a small record store on 127.0.0.1 takes the statements, each checked by xapi-validation.
// A run is played through the accessibility mirror, the data the LMS recorded is checked,
// and a relaunch with that data resumes at the same decision. Run `web/build.sh` first.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { launchChromium } from "./chromium.mjs";
import xapiValidation from "xapi-validation";
import { makePackages } from "../package.mjs";
import { unzip } from "../zip.mjs";

const validate = xapiValidation.default ?? xapiValidation;
const require = createRequire(import.meta.url);
const dist = resolve(import.meta.dirname, "../../dist");
const shots = resolve(import.meta.dirname, "../test-results");
const SCENARIO = "first-hard-feedback";
const MASTERY = 70;

let server;
let browser;
let out;
let base;
/** Each package's files by standard, read back from its zip. */
const courses = {};
/** The record store: statements in the order received, documents by state id. */
const lrs = { statements: [], invalid: [], state: new Map(), failing: false, launched: 0 };

const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".xml": "application/xml" };

/** The parent page a SCORM LMS puts around the course: scorm-again as its API. `broken`
 * stands in for a platform that errors instead. */
function lmsPage(standard, broken) {
  const [name, api] = standard === "scorm12" ? ["Scorm12API", "API"] : ["Scorm2004API", "API_1484_11"];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test learning platform</title><link rel="icon" href="data:,">
<style>html,body{margin:0;height:100%;background:#ddd;font-family:sans-serif}header{height:40px;line-height:40px;padding:0 12px;background:#1f4e79;color:#fff}iframe{border:0;width:100%;height:calc(100% - 40px);display:block}</style>
<script src="/vendor/${standard}.min.js"></script>
<script>
  window.${api} = new ${name}({ logLevel: 5, autocommit: false });
  const kept = window.promotedTestKept;
  if (kept) window.${api}.loadFromJSON(kept);
  const broken = ${JSON.stringify(broken ?? null)};
  if (broken) {
    // A platform that fails: commits refused (until fixed), or a suspend_data it cannot hold.
    const real = window.${api};
    const set = real.${standard === "scorm12" ? "LMSSetValue" : "SetValue"}.bind(real);
    const commit = real.${standard === "scorm12" ? "LMSCommit" : "Commit"}.bind(real);
    const lastError = real.${standard === "scorm12" ? "LMSGetLastError" : "GetLastError"}.bind(real);
    let error = null;
    window.promotedTestFixed = false;
    real.${standard === "scorm12" ? "LMSSetValue" : "SetValue"} = (element, value) => {
      if (broken === "suspend" && element === "cmi.suspend_data") { error = "405"; return "false"; }
      error = null;
      return set(element, value);
    };
    real.${standard === "scorm12" ? "LMSCommit" : "Commit"} = (arg) => {
      if (broken === "commit" && !window.promotedTestFixed) { error = "101"; return "false"; }
      error = null;
      return commit(arg);
    };
    const get = real.${standard === "scorm12" ? "LMSGetValue" : "GetValue"}.bind(real);
    real.${standard === "scorm12" ? "LMSGetValue" : "GetValue"} = (element) => {
      error = null;
      return get(element);
    };
    real.${standard === "scorm12" ? "LMSGetLastError" : "GetLastError"} = () => error ?? lastError();
  }
</script></head>
<body><header>Test learning platform: ${standard}</header><iframe src="/course/${standard}/index.html" title="The course"></iframe></body></html>`;
}

function json(response, status, body) {
  response.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(body));
}

async function body(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return Buffer.concat(chunks).toString("utf8");
}

/** The record store's side of cmi5: credentials, state documents, statements. */
async function recordStore(request, response, url) {
  const path = url.pathname.slice("/lrs/".length);
  if (path === "fetch" && request.method === "POST") return json(response, 200, { "auth-token": "dGVzdDp0ZXN0" });
  if (request.headers.authorization !== "Basic dGVzdDp0ZXN0") return json(response, 401, { error: "no credentials" });
  if (request.headers["x-experience-api-version"] !== "1.0.3") return json(response, 400, { error: "no xAPI version" });
  if (path === "activities/state") {
    const key = `${url.searchParams.get("stateId")}|${url.searchParams.get("registration")}`;
    if (request.method === "GET") {
      return lrs.state.has(key) ? json(response, 200, lrs.state.get(key)) : response.writeHead(404).end();
    }
    if (lrs.failing) return json(response, 503, { error: "down" });
    lrs.state.set(key, JSON.parse(await body(request)));
    return response.writeHead(204).end();
  }
  if (path === "statements" && request.method === "POST") {
    const text = await body(request);
    if (lrs.failing) return json(response, 503, { error: "down" });
    const statements = [].concat(JSON.parse(text));
    for (const statement of statements) {
      // A statement the store has (the same id) is stored once, as a record store does.
      if (lrs.statements.some((s) => s.id === statement.id)) continue;
      const warnings = validate(statement);
      if (warnings.length) lrs.invalid.push({ verb: statement.verb?.id, warnings: warnings.map((w) => `${w.path.join(".")}: ${w.message}`) });
      lrs.statements.push(statement);
    }
    return json(response, 200, statements.map((s) => s.id));
  }
  return json(response, 404, { error: `no ${path}` });
}

before(async () => {
  await mkdir(shots, { recursive: true });
  out = await mkdtemp(join(tmpdir(), "promoted-packages-"));
  const made = await makePackages(["--scenario", SCENARIO, "--mastery", String(MASTERY), "--out", out, "--dist", dist,
    "--scenarios", resolve(import.meta.dirname, "../../scenarios")]);
  for (const path of made) {
    const standard = path.match(/-(scorm12|scorm2004|cmi5)\.zip$/)[1];
    courses[standard] = unzip(await readFile(path));
  }
  server = createServer(async (request, response) => {
    const url = new URL(request.url, "http://127.0.0.1");
    const parts = url.pathname.split("/").filter(Boolean);
    try {
      if (parts[0] === "lms") return response.writeHead(200, { "Content-Type": types[".html"] }).end(lmsPage(parts[1], url.searchParams.get("broken")));
      if (parts[0] === "vendor") {
        const file = join(dirname(require.resolve("scorm-again")), parts[1]);
        return response.writeHead(200, { "Content-Type": types[".js"] }).end(await readFile(file));
      }
      if (parts[0] === "lrs") return recordStore(request, response, url);
      if (parts[0] === "course") {
        const file = courses[parts[1]]?.get(parts.slice(2).join("/") || "index.html");
        if (!file) return response.writeHead(404).end();
        return response.writeHead(200, { "Content-Type": types[extname(url.pathname)] ?? "application/octet-stream" }).end(file);
      }
      response.writeHead(404).end();
    } catch (error) {
      response.writeHead(500).end(String(error));
    }
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  if (out) await rm(out, { recursive: true, force: true });
});

/** A page at `url`, the course's frame once the game's title shows, and what the game
 * logged. Console errors fail the test; the platform's warnings do not. */
async function launch(t, url, init) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 760 } });
  if (init) await context.addInitScript(init.script, init.arg);
  const page = await context.newPage();
  const log = [];
  const problems = [];
  page.on("console", (m) => {
    log.push(m.text());
    // A failed download is judged by its response, below.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) problems.push(m.text());
  });
  page.on("response", (r) => {
    // A state document not there yet is xAPI's 404; the record store's outage is the test's.
    const expected = (r.status() === 404 && r.url().includes("/lrs/activities/state")) || (r.status() === 503 && lrs.failing);
    if (r.status() >= 400 && !expected) problems.push(`${r.status()} ${r.url()}`);
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) problems.push(`request to ${r.url()}`);
  });
  t.after(async () => {
    await context.close();
    assert.deepEqual(problems, [], "no console errors, panics or foreign requests");
  });
  await page.goto(url);
  const frame = await (async () => {
    for (let i = 0; i < 200; i++) {
      const found = page.frames().find((f) => f.url().includes("/course/"));
      if (found) return found;
      await page.waitForTimeout(50);
    }
    throw new Error("no course frame");
  })();
  await frame.getByRole("heading", { level: 1 }).first().waitFor({ state: "attached", timeout: 90_000 });
  return { page, frame, log };
}

/** Press a mirror button in the course's frame, and wait for the screen to change. */
async function press(frame, name) {
  const before = await frame.locator("#access-page").innerHTML();
  await frame.getByRole("button", { name }).first().press("Enter");
  await frame.waitForFunction((html) => document.getElementById("access-page").innerHTML !== html, before);
}

/** The numbered choices open now, once they show. */
async function choices(frame) {
  await frame.waitForFunction(() => [...document.querySelectorAll("#access-page button:not([disabled])")].some((b) => /^\d+\. /.test(b.textContent)));
  return frame.locator("#access-page button:not([disabled])").filter({ hasText: /^\d+\. / });
}

/** From the title: Start, the course's one scenario, two priorities named. */
async function begin(frame) {
  await press(frame, /^Start/);
  await frame.getByRole("heading", { name: "Choose a scenario" }).waitFor({ state: "attached" });
  const cards = await frame.locator("#access-page button").filter({ hasText: /First Hard Feedback/ }).count();
  assert.ok(cards >= 1, "the course's scenario is offered");
  assert.equal(await frame.locator("#access-page button").filter({ hasText: /Peer to Boss|Two A\.M\./i }).count(), 0,
    "a one-scenario course offers no other scenario");
  await press(frame, /First Hard Feedback/);
  // The first two of the priorities the scenario offers.
  const priority = /(The team's trust|Delivery|My credibility|The customer|The quality of the work)/;
  await frame.getByRole("button", { name: /^Begin/ }).waitFor({ state: "attached" });
  const offered = await frame.locator("#access-page button").filter({ hasText: priority }).allInnerTexts();
  assert.ok(offered.length >= 2, `priorities offered: ${offered}`);
  for (const label of offered.slice(0, 2)) await press(frame, label.match(priority)[1]);
  await press(frame, /^Begin/);
}

/** Make `n` decisions (the first enabled choice; the mentor asked at the first chance), or
 * decide until the debrief when `n` is Infinity. Returns how many were made. */
async function decide(frame, log, n, { askOnce = true } = {}) {
  let made = 0;
  let asked = !askOnce;
  const ended = () => log.some((line) => /promoted: screen Outcome/.test(line));
  while (made < n && !ended()) {
    assert.ok(made < 60, "the run ends");
    const list = await choices(frame);
    if (!asked && (await frame.getByRole("button", { name: /Ask your mentor/ }).count()) > 0) {
      await press(frame, /Ask your mentor/);
      asked = true;
    }
    const before = await frame.locator("#access-page").innerHTML();
    await list.first().press("Enter");
    await frame.waitForFunction((html) => document.getElementById("access-page").innerHTML !== html, before);
    made++;
    // The next decision, or the debrief.
    for (let i = 0; i < 600 && !ended(); i++) {
      const open = await frame.locator("#access-page button:not([disabled])").filter({ hasText: /^\d+\. / }).count();
      if (open > 0) break;
      await frame.waitForTimeout(50);
    }
  }
  return made;
}

/** The debrief's score, as it shows it. */
async function shownScore(frame) {
  const text = await frame.locator("#access-page").innerText();
  const match = text.match(/(\d+) \/ 100/);
  assert.ok(match, `the debrief shows a score: ${text.slice(0, 300)}`);
  return Number(match[1]);
}

const cmiOf = (page, standard) => page.evaluate((api) => window[api].renderCMIToJSONObject().cmi, standard === "scorm12" ? "API" : "API_1484_11");

/** The question the course's frame shows now: its situation's first words. */
const situation = async (frame) => (await frame.locator("#access-page p").first().innerText()).slice(0, 80);

for (const standard of ["scorm12", "scorm2004"]) {
  test(`${standard}: a run reports completion, score, objectives and interactions, and a relaunch resumes at the same decision`, async (t) => {
    const first = await launch(t, `${base}/lms/${standard}`);
    await begin(first.frame);
    await decide(first.frame, first.log, 3);
    const where = await situation(first.frame);
    await first.page.screenshot({ path: `${shots}/lms-${standard}-playing.png` });
    const midway = await cmiOf(first.page, standard);
    const bookmark = midway.suspend_data;
    assert.match(bookmark, new RegExp(`^1r;${SCENARIO};`), "the run's bookmark is in suspend_data");
    assert.ok(bookmark.length < 4096);
    if (standard === "scorm12") {
      assert.equal(midway.core.lesson_status, "incomplete");
      assert.equal(midway.core.exit, "suspend");
    } else {
      assert.equal(midway.completion_status, "incomplete");
      assert.equal(midway.exit, "suspend");
    }

    // Relaunch with what the LMS kept: the same decision, on a fresh browser.
    const kept = structuredClone(midway);
    if (standard === "scorm12") kept.core.entry = "resume";
    else kept.entry = "resume";
    for (const drop of ["session_time", "total_time"]) {
      delete kept[drop];
      if (kept.core) delete kept.core[drop];
    }
    const again = await launch(t, `${base}/lms/${standard}`, { script: (k) => { window.promotedTestKept = k; }, arg: kept });
    await again.frame.waitForFunction(() => [...document.querySelectorAll("#access-page button")].some((b) => /^\d+\. /.test(b.textContent)));
    assert.equal(await situation(again.frame), where, "the relaunch opens at the same decision");
    await again.page.screenshot({ path: `${shots}/lms-${standard}-resumed.png` });
    const made = 3 + (await decide(again.frame, again.log, Infinity));
    const score = await shownScore(again.frame);
    await again.page.screenshot({ path: `${shots}/lms-${standard}-debrief.png` });
    const cmi = await cmiOf(again.page, standard);
    const passed = score >= MASTERY;
    const interactions = Object.values(cmi.interactions ?? {}).filter((i) => i && typeof i === "object" && i.id);
    const objectives = Object.values(cmi.objectives ?? {}).filter((o) => o && typeof o === "object" && o.id);
    if (standard === "scorm12") {
      assert.equal(cmi.core.lesson_status, passed ? "passed" : "failed");
      assert.equal(Number(cmi.core.score.raw), score);
      assert.equal(cmi.core.exit, "");
      assert.match(cmi.comments, /asked the mentor/);
    } else {
      assert.equal(cmi.completion_status, "completed");
      assert.equal(cmi.success_status, passed ? "passed" : "failed");
      assert.equal(Number(cmi.score.raw), score);
      assert.equal(Number(cmi.score.scaled), score / 100);
      assert.equal(cmi.exit, "normal");
      const comments = Object.values(cmi.comments_from_learner ?? {}).filter((c) => c?.comment);
      assert.ok(comments.some((c) => /asked the mentor/.test(c.comment)), "the mentor's question is the learner's comment");
    }
    // Every decision once, in order, as a choice; the priorities named as one more.
    const decisions = interactions.filter((i) => !i.id.endsWith(".priorities"));
    assert.equal(decisions.length, made, "one interaction per decision");
    const type = standard === "scorm12" ? "fill-in" : "choice"; // 1.2's choice takes letters only
    assert.ok(decisions.every((i) => i.id.startsWith(`${SCENARIO}.`) && i.type === type));
    const priorities = interactions.find((i) => i.id === `${SCENARIO}.priorities`);
    const response = priorities?.student_response ?? priorities?.learner_response;
    assert.match(response ?? "", /^[a-z]+(,|\[,\])[a-z]+$/, "the two priorities named");
    if (standard === "scorm2004") assert.ok(decisions.every((i) => i.description.includes("|")), "what each decision traded");
    assert.ok(objectives.length >= 2, "each competency an objective");
    assert.ok(objectives.every((o) => o.id.startsWith(`${SCENARIO}.`) && Number(o.score.raw) >= 0 && Number(o.score.raw) <= 100));
  });
}

test("scorm12: a platform that refuses commits never stops play; the learner is told once, and the next decision gets through", async (t) => {
  const { page, frame, log } = await launch(t, `${base}/lms/scorm12?broken=commit`);
  await begin(frame);
  await decide(frame, log, 2);
  const notice = frame.locator("#course-notice");
  await notice.waitFor({ state: "visible" });
  assert.match(await notice.innerText(), /did not answer: the LMS did not keep the data \(101.*kept in this browser/s);
  await page.screenshot({ path: `${shots}/lms-scorm12-refused.png` });
  await decide(frame, log, 1);
  await page.evaluate(() => { window.promotedTestFixed = true; });
  await decide(frame, log, 1);
  await frame.waitForFunction(() => document.querySelector("#course-notice p").textContent.includes("reaches the learning platform again"));
  const cmi = await cmiOf(page, "scorm12");
  assert.match(cmi.suspend_data, /^1r;/, "what waited is written once the platform answers");
});

test("scorm2004: a suspend_data the platform cannot hold is said once, and the result is still recorded", async (t) => {
  const { frame, log, page } = await launch(t, `${base}/lms/scorm2004?broken=suspend`);
  await begin(frame);
  await decide(frame, log, 1);
  await frame.locator("#course-notice").waitFor({ state: "visible" });
  assert.match(await frame.locator("#course-notice").innerText(), /cannot keep this run \(the LMS refused cmi.suspend_data \(405/);
  await decide(frame, log, Infinity, { askOnce: false });
  const cmi = await cmiOf(page, "scorm2004");
  assert.equal(cmi.completion_status, "completed");
});

test("no platform around a SCORM package: the game plays as on the web, and says progress stays in this browser", async (t) => {
  const { frame, log } = await launch(t, `${base}/course/scorm12/index.html`);
  const notice = frame.locator("#course-notice");
  await notice.waitFor({ state: "visible" });
  assert.match(await notice.innerText(), /no learning platform was found.*kept only in this browser/s);
  await frame.getByRole("button", { name: /^OK$/ }).press("Enter");
  await notice.waitFor({ state: "hidden" });
  await begin(frame);
  assert.ok((await decide(frame, log, 2)) === 2);
});

// ---- cmi5 ----

const actor = { objectType: "Agent", name: "A. Learner", account: { homePage: "http://127.0.0.1", name: "learner-1" } };

/** A cmi5 launch as the LMS makes it: its launch data written, "launched" sent. */
function cmi5Launch(registration) {
  const activityId = "urn:promoted:au:first-hard-feedback";
  const contextTemplate = {
    contextActivities: { grouping: [{ objectType: "Activity", id: "urn:promoted:course:first-hard-feedback" }] },
    extensions: { "https://w3id.org/xapi/cmi5/context/extensions/sessionid": `session-${++lrs.launched}` },
  };
  lrs.state.set(`LMS.LaunchData|${registration}`, { contextTemplate, launchMode: "Normal", moveOn: "CompletedAndPassed", masteryScore: MASTERY / 100 });
  lrs.statements.push({ verb: { id: "http://adlnet.gov/expapi/verbs/launched" }, context: { registration }, fromLms: true });
  const q = new URLSearchParams({
    endpoint: `${base}/lrs/`, fetch: `${base}/lrs/fetch`, actor: JSON.stringify(actor), registration, activityId,
  });
  return `${base}/course/cmi5/index.html?${q}`;
}

test("cmi5: statements in the defined order, every one valid xAPI, the bookmark kept across a relaunch, a record store outage caught up", async (t) => {
  const registration = "6f1c2d8e-3b4a-4c5d-8e9f-0a1b2c3d4e5f";
  const of = (verb) => lrs.statements.filter((s) => s.context?.registration === registration && s.verb.id.endsWith(`/${verb}`));
  const first = await launch(t, cmi5Launch(registration));
  await begin(first.frame);
  await decide(first.frame, first.log, 2);
  // The record store goes down for a decision, then comes back.
  lrs.failing = true;
  await decide(first.frame, first.log, 1);
  await first.frame.locator("#course-notice").waitFor({ state: "visible" });
  lrs.failing = false;
  await decide(first.frame, first.log, 1);
  await first.frame.waitForFunction(() => document.querySelector("#course-notice p").textContent.includes("reaches the learning platform again"));
  const where = await situation(first.frame);
  assert.equal(of("answered").length, 4, "every decision once, the one sent in the outage included");
  await first.page.close({ runBeforeUnload: true });
  for (let i = 0; i < 50 && of("terminated").length < 1; i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(of("terminated").length, 1, "a closed page terminates its session");

  const again = await launch(t, cmi5Launch(registration));
  await again.frame.waitForFunction(() => [...document.querySelectorAll("#access-page button")].some((b) => /^\d+\. /.test(b.textContent)));
  assert.equal(await situation(again.frame), where, "the relaunch opens at the same decision");
  const made = 4 + (await decide(again.frame, again.log, Infinity, { askOnce: false }));
  const score = await shownScore(again.frame);
  await again.page.screenshot({ path: `${shots}/lms-cmi5-debrief.png` });
  for (let i = 0; i < 50 && of("completed").length < 1; i++) await new Promise((r) => setTimeout(r, 100));

  assert.deepEqual(lrs.invalid, [], "every statement is valid xAPI");
  const mine = lrs.statements.filter((s) => s.context?.registration === registration);
  const verbs = mine.map((s) => s.verb.id.split("/").pop());
  // launched (LMS), initialized, answered…, terminated; launched, initialized, answered…,
  // completed, passed or failed.
  const expected = ["launched", "initialized", "answered", "answered", "answered", "answered", "terminated", "launched", "initialized",
    ...Array(made - 4).fill("answered"), "completed", score >= MASTERY ? "passed" : "failed"];
  assert.deepEqual(verbs, expected);
  const answered = of("answered");
  assert.ok(answered.every((s) => s.object.id.startsWith(`urn:promoted:scenario:${SCENARIO}:node:`)), "stable node ids");
  assert.ok(answered.every((s) => s.context.contextActivities.other[0].id.startsWith(`${s.object.id}:choice:`)), "stable choice ids");
  assert.ok(answered.every((s) => s.context.contextActivities.parent[0].id === "urn:promoted:au:first-hard-feedback"));
  assert.ok(answered.every((s) => !s.context.contextActivities.category), "allowed statements carry no cmi5 category");
  assert.ok(answered.every((s) => s.context.extensions["https://w3id.org/xapi/cmi5/context/extensions/sessionid"]), "the session id of the launch");
  const judged = mine.at(-1);
  assert.equal(judged.result.score.raw, score);
  assert.equal(judged.result.success, score >= MASTERY);
  assert.ok(judged.context.contextActivities.category.some((c) => c.id.endsWith("/moveon")));
  assert.ok(of("completed")[0].result.duration.startsWith("PT"));
});

test("cmi5: a launch missing its parameters plays on, saying progress stays in this browser", async (t) => {
  const { frame } = await launch(t, `${base}/course/cmi5/index.html?endpoint=${encodeURIComponent(`${base}/lrs/`)}`);
  const notice = frame.locator("#course-notice");
  await notice.waitFor({ state: "visible" });
  assert.match(await notice.innerText(), /cmi5 launch has no fetch, actor, registration, activityId/);
});
