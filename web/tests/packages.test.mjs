// The course packages without a browser: what each zip holds and says (manifest, metadata,
// mastery, a library cut to the course), the archive readable back, the options refused
// with a reason, and every xAPI statement builder's output valid for xapi-validation.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import xapiValidation from "xapi-validation";
import { makePackages } from "../package.mjs";
import { unzip, zip } from "../zip.mjs";
import * as xapi from "../lms/xapi.js";
import { createServer } from "node:http";
import { main as workshopXapi } from "../workshop-xapi.mjs";

const validate = xapiValidation.default ?? xapiValidation;
const dist = resolve(import.meta.dirname, "../../dist");
const scenarios = resolve(import.meta.dirname, "../../scenarios");

const folders = [];
after(() => Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true }))));

async function packages(...args) {
  const out = await mkdtemp(join(tmpdir(), "promoted-pack-"));
  folders.push(out);
  const paths = await makePackages([...args, "--out", out, "--dist", dist, "--scenarios", scenarios]);
  return Promise.all(paths.map(async (path) => ({ path, files: unzip(await readFile(path)) })));
}

/** The names in a library bundle (web/library.mjs's format). */
function libraryNames(bytes) {
  const names = [];
  let at = bytes.indexOf(0x0a) + 1;
  while (at < bytes.length) {
    const end = bytes.indexOf(0x0a, at);
    const [name, length] = bytes.subarray(at, end).toString("utf8").split("\t");
    names.push(name);
    at = end + 1 + Number(length);
  }
  return names;
}

test("a zip reads back as written, and the system's unzip agrees where there is one", () => {
  const entries = [["a.txt", Buffer.from("hello ".repeat(100))], ["lms/b.js", Buffer.from([1, 2, 3])], ["é.txt", Buffer.alloc(0)]];
  const archive = zip(entries);
  assert.deepEqual([...unzip(archive)], entries);
  const path = join(tmpdir(), `promoted-zip-${process.pid}.zip`);
  writeFileSync(path, archive);
  try {
    const listing = execFileSync("python3", ["-c", "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(z.testzip()); print(len(z.namelist()))", path]);
    assert.equal(listing.toString().trim(), "None\n3");
  } catch (error) {
    if (error.code !== "ENOENT") throw error;
  } finally {
    rmSync(path, { force: true });
  }
});

test("one scenario's packages: three standards, each manifest naming its course, mastery and files", async () => {
  const made = await packages("--scenario", "first-hard-feedback", "--mastery", "80");
  assert.deepEqual(made.map((m) => m.path.split("/").pop()),
    ["promoted-first-hard-feedback-scorm12.zip", "promoted-first-hard-feedback-scorm2004.zip", "promoted-first-hard-feedback-cmi5.zip"]);
  const [s12, s2004, cmi5] = made.map((m) => m.files);
  for (const files of [s12, s2004, cmi5]) {
    for (const name of ["index.html", "main.js", "promoted.js", "promoted_bg.wasm", "library.bin", "lms/course.js", "lms/scorm.js", "lms/cmi5.js", "lms/xapi.js"]) {
      assert.ok(files.has(name), `${name} is in the package`);
    }
    assert.ok(![...files.keys()].some((n) => n.endsWith(".gz") || n.endsWith(".br")), "no pre-compressed copies");
    assert.deepEqual(libraryNames(files.get("library.bin")), ["first-hard-feedback.scenario.ron"]);
    const sizes = JSON.parse(files.get("build.json"));
    assert.equal(sizes.library_bytes, files.get("library.bin").length, "the loader's progress counts this library");
  }
  const manifest12 = s12.get("imsmanifest.xml").toString();
  assert.match(manifest12, /<schemaversion>1\.2<\/schemaversion>/);
  assert.match(manifest12, /<adlcp:masteryscore>80<\/adlcp:masteryscore>/);
  assert.match(manifest12, /<title>The First Hard Feedback<\/title>/);
  assert.match(manifest12, /adlcp:scormtype="sco" href="index.html"/);
  for (const name of s12.keys()) if (name !== "imsmanifest.xml") assert.ok(manifest12.includes(`<file href="${name}"/>`), `${name} listed`);
  const manifest2004 = s2004.get("imsmanifest.xml").toString();
  assert.match(manifest2004, /<schemaversion>2004 4th Edition<\/schemaversion>/);
  assert.match(manifest2004, /<imsss:minNormalizedMeasure>0\.80<\/imsss:minNormalizedMeasure>/);
  assert.match(manifest2004, /<lom:description><lom:string language="en">[^<]{20,}/);
  const structure = cmi5.get("cmi5.xml").toString();
  assert.match(structure, /<au id="urn:promoted:au:first-hard-feedback" moveOn="CompletedAndPassed" masteryScore="0\.80"/);
  assert.match(structure, /<url>index.html<\/url>/);
  const settings = (files) => JSON.parse(files.get("index.html").toString().match(/<script type="application\/json" id="promoted-course">(.*?)<\/script>/)[1]);
  assert.deepEqual(settings(s12).course, { scenario: "first-hard-feedback" });
  assert.equal(settings(s12).mastery, 80);
  assert.equal(settings(cmi5).standard, "cmi5");
  assert.match(cmi5.get("index.html").toString(), /connect-src 'self' https:/, "cmi5 may reach the platform's record store");
  assert.match(s12.get("index.html").toString(), /connect-src 'self';/, "SCORM keeps the page's own policy");
});

test("the campaign's packages hold the campaign and its chapters; the whole library's, everything", async () => {
  const [campaign] = await packages("--campaign", "first-90-days");
  const names = libraryNames(campaign.files.get("library.bin"));
  assert.equal(names.length, 5);
  assert.ok(names.includes("first-90-days.campaign.ron"));
  assert.ok(names.every((n) => n.startsWith("first-90-days")));
  assert.match(campaign.files.get("imsmanifest.xml").toString(), /<title>Your First 90 Days<\/title>/);
  const [library] = await packages();
  assert.match(library.path, /\/promoted-scorm12\.zip$/);
  assert.ok(libraryNames(library.files.get("library.bin")).length > 10);
});

test("options a package cannot be made from are refused, saying why", async () => {
  const cases = [
    [["--scenario", "no-such"], /no scenario `no-such`; the library has: .*first-hard-feedback/],
    [["--campaign", "nope"], /no campaign `nope`; the library has: first-90-days/],
    [["--mastery", "120"], /--mastery is a score from 0 to 100, not `120`/],
    [["--mastery"], /--mastery needs a value/],
    [["--colour", "red"], /unknown option `--colour`/],
    [["--scenario", "a", "--campaign", "b"], /one scenario or one campaign, not both/],
    [["--ids", "not an iri"], /--ids is an IRI/],
  ];
  for (const [args, says] of cases) await assert.rejects(packages(...args), says, args.join(" "));
});

test("every statement the course sends is valid xAPI, with stable ids", () => {
  let n = 0;
  const launch = {
    actor: { objectType: "Agent", account: { homePage: "https://lms.example.com", name: "42" } },
    registration: "6f1c2d8e-3b4a-4c5d-8e9f-0a1b2c3d4e5f",
    activityId: "https://lms.example.com/au/1",
    base: "https://learning.example.com/promoted",
    contextTemplate: { extensions: { "https://w3id.org/xapi/cmi5/context/extensions/sessionid": "s1" } },
    uuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`,
    now: () => "2026-12-02T10:00:00.000Z",
  };
  const record = {
    scenario: { id: "first-hard-feedback", title: "The First Hard Feedback" },
    campaign: null,
    mentor: [{ node: "the_talk", question: "What do you want to be true when he walks out?" }],
    priorities: [{ key: "team", named: true }, { key: "delivery", named: false }, { key: "quality", named: true }],
  };
  const decision = {
    node: "the_talk", choice: "name_the_pattern", options: [["name_the_pattern", "Name the pattern."], ["soften_it", "Soften it."]],
    meters: [{ id: "trust", delta: -4 }], competencies: [{ id: "feedback", delta: 2 }], traded: "Trust -4; Feedback +2", asked_mentor: true,
  };
  const statements = [
    xapi.initialized(launch),
    xapi.answered(launch, record, decision),
    xapi.completed(launch, 754_321),
    xapi.judged(launch, 64, 70, 754_321),
    xapi.terminated(launch, 760_000),
  ];
  for (const s of statements) assert.deepEqual(validate(s), [], `${s.verb.display["en-US"]} is valid`);
  assert.equal(statements[1].object.id, "https://learning.example.com/promoted/scenario/first-hard-feedback/node/the_talk");
  assert.equal(statements[1].context.contextActivities.other[0].id, `${statements[1].object.id}/choice/name_the_pattern`);
  assert.equal(statements[1].result.extensions["https://learning.example.com/promoted/extension/mentor-question"], record.mentor[0].question);
  assert.deepEqual(statements[1].context.extensions["https://learning.example.com/promoted/extension/priorities"], ["team", "quality"]);
  assert.equal(statements[1].context.extensions["https://w3id.org/xapi/cmi5/context/extensions/sessionid"], "s1", "the launch's session");
  assert.equal(statements[3].verb.id, xapi.VERBS.failed);
  assert.equal(statements[3].result.score.scaled, 0.64);
  assert.equal(xapi.iri("urn:promoted", "scenario", "x"), "urn:promoted:scenario:x");
  assert.equal(xapi.duration(754_321), "PT12M34.32S");
  assert.equal(xapi.duration(0), "PT0S");
  assert.equal(xapi.duration(3_600_000), "PT1H0S");
});

test("a workshop report becomes one valid statement per room decision, with counts and no names, sent to a record store", async () => {
  const reportPath = resolve(import.meta.dirname, "../../tests/golden/workshop-report.json");
  const report = JSON.parse(await readFile(reportPath, "utf8"));
  const received = [];
  const store = createServer(async (request, response) => {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    received.push({ auth: request.headers.authorization, version: request.headers["x-experience-api-version"], body: JSON.parse(Buffer.concat(chunks)) });
    response.writeHead(200, { "Content-Type": "application/json" }).end("[]");
  });
  await new Promise((ready) => store.listen(0, "127.0.0.1", ready));
  try {
    const endpoint = `http://127.0.0.1:${store.address().port}/xapi`;
    const args = [reportPath, "--home-page", "https://lms.example.com", "--endpoint", endpoint, "--auth", "key:secret"];
    const made = await workshopXapi(args);
    const decisions = report.teams.reduce((n, team) => n + team.decisions.length, 0);
    assert.equal(made.length, decisions);
    for (const s of made) assert.deepEqual(validate(s), [], "valid xAPI");
    assert.equal(received.length, 1);
    assert.equal(received[0].auth, `Basic ${Buffer.from("key:secret").toString("base64")}`);
    assert.equal(received[0].version, "1.0.3");
    assert.equal(received[0].body.length, decisions);
    const first = made[0];
    const opening = report.teams[0].decisions[0];
    assert.equal(first.actor.objectType, "Group");
    assert.equal(first.actor.member, undefined, "no participant is named");
    assert.equal(first.object.id, `urn:promoted:scenario:${report.scenario}:node:${opening.node}`);
    assert.equal(first.result.response, opening.chosen);
    assert.deepEqual(first.result.extensions["urn:promoted:extension:votes"], Object.fromEntries(opening.options.map((o) => [o.id, o.votes])));
    // The same report gives the same statement ids: sent twice, stored once.
    const again = await workshopXapi([reportPath, "--home-page", "https://lms.example.com", "--out", join(tmpdir(), `promoted-ws-${process.pid}.json`)]);
    assert.deepEqual(again.map((s) => s.id), made.map((s) => s.id));
    rmSync(join(tmpdir(), `promoted-ws-${process.pid}.json`), { force: true });
  } finally {
    store.close();
  }
  await assert.rejects(workshopXapi([reportPath]), /--home-page is the address/);
  await assert.rejects(workshopXapi(["/nonexistent.json", "--home-page", "https://x.example"]), /no such file/);
  await assert.rejects(workshopXapi([reportPath, "--home-page", "https://x.example", "--endpoint", "http://127.0.0.1:1/"]), /needs --auth/);
});
