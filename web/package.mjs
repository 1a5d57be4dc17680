// Turns the browser build (dist/) into courses a learning platform takes: a SCORM 1.2, a
// SCORM 2004 (4th edition) and a cmi5 package, each one .zip with its manifest, the game,
// the library (the whole of it, one scenario, or the campaign and its chapters), and in its
// page the settings that tell web/lms/course.js which standard it speaks.
//
//   node web/package.mjs [--scenario ID | --campaign ID] [--mastery 70] [--ids urn:promoted]
//                        [--title T] [--description D] [--out packages] [--dist dist]
import { mkdir, readFile, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { bundle, libraryFiles } from "./library.mjs";
import { iri } from "./lms/xapi.js";
import { zip } from "./zip.mjs";

const USAGE = "usage: web/package.sh [--scenario ID | --campaign ID] [--mastery 0-100] [--ids IRI] [--title T] [--description D] [--out DIR]";

function options(argv) {
  const known = ["scenario", "campaign", "mastery", "ids", "title", "description", "out", "dist", "scenarios"];
  const o = { mastery: "70", ids: "urn:promoted", out: "packages", dist: "dist", scenarios: "scenarios" };
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].replace(/^--/, "");
    if (!argv[i].startsWith("--") || !known.includes(name)) throw new Error(`unknown option \`${argv[i]}\`\n${USAGE}`);
    if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) throw new Error(`--${name} needs a value\n${USAGE}`);
    o[name] = argv[++i];
  }
  if (o.scenario && o.campaign) throw new Error(`a package holds one scenario or one campaign, not both\n${USAGE}`);
  if (!/^\d{1,3}$/.test(o.mastery) || Number(o.mastery) > 100) {
    throw new Error(`--mastery is a score from 0 to 100, not \`${o.mastery}\``);
  }
  o.mastery = Number(o.mastery);
  if (!/^[a-z][a-z0-9+.-]*:\S+$/i.test(o.ids)) throw new Error(`--ids is an IRI (urn:… or https://…), not \`${o.ids}\``);
  return o;
}

/** A RON string field's value: the first `name: "…"` outside comments. */
function field(text, name) {
  const code = text.replace(/^\s*\/\/.*$/gm, "");
  const match = code.match(new RegExp(`\\b${name}:\\s*"((?:[^"\\\\]|\\\\.)*)"`));
  return match ? match[1].replace(/\\(.)/g, "$1") : null;
}

/** What a library file is: its kind, id, title and summary; a campaign's chapters. */
function describe([name, bytes]) {
  const text = bytes.toString("utf8");
  const kind = name.endsWith(".campaign.ron") ? "campaign" : "scenario";
  const chapters = kind === "campaign" ? [...text.matchAll(/\bscenario:\s*"([^"]+)"/g)].map((m) => m[1]) : [];
  return { name, bytes, kind, id: field(text, "id"), title: field(text, "title"), summary: field(text, "summary"), chapters };
}

/** The files of the course, and what the course is called. */
function course(files, o) {
  const all = files.map(describe);
  const ids = (kind) => all.filter((f) => f.kind === kind).map((f) => f.id).join(", ");
  if (o.scenario) {
    const it = all.find((f) => f.kind === "scenario" && f.id === o.scenario);
    if (!it) throw new Error(`no scenario \`${o.scenario}\`; the library has: ${ids("scenario")}`);
    return { id: it.id, files: [it], title: it.title, summary: it.summary, course: { scenario: it.id } };
  }
  if (o.campaign) {
    const it = all.find((f) => f.kind === "campaign" && f.id === o.campaign);
    if (!it) throw new Error(`no campaign \`${o.campaign}\`; the library has: ${ids("campaign")}`);
    const chapters = it.chapters.map((id) => {
      const chapter = all.find((f) => f.kind === "scenario" && f.id === id);
      if (!chapter) throw new Error(`campaign \`${it.id}\` names scenario \`${id}\`, which the library lacks`);
      return chapter;
    });
    return { id: it.id, files: [...chapters, it], title: it.title, summary: it.summary, course: { campaign: it.id } };
  }
  return {
    id: "library",
    files: all,
    title: "Promoted",
    summary: "A leadership game: a star developer, just promoted, makes the calls that follow, and sees the consequences.",
    course: {},
  };
}

const xml = (s) => String(s).replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]);

/** The one resource, the game, and its files (1.2 spells the attribute `scormtype`, 2004
 * `scormType`). */
function resources(hrefs, scormType) {
  return `  <resources>
    <resource identifier="game" type="webcontent" ${scormType}="sco" href="index.html">
${hrefs.map((h) => `      <file href="${xml(h)}"/>`).join("\n")}
    </resource>
  </resources>`;
}

function scorm12(meta, hrefs) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="promoted-${meta.id}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:imsmd="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
    <imsmd:lom>
      <imsmd:general>
        <imsmd:title><imsmd:langstring xml:lang="en">${xml(meta.title)}</imsmd:langstring></imsmd:title>
        <imsmd:description><imsmd:langstring xml:lang="en">${xml(meta.summary)}</imsmd:langstring></imsmd:description>
      </imsmd:general>
    </imsmd:lom>
  </metadata>
  <organizations default="promoted">
    <organization identifier="promoted">
      <title>${xml(meta.title)}</title>
      <item identifier="course" identifierref="game" isvisible="true">
        <title>${xml(meta.title)}</title>
        <adlcp:masteryscore>${meta.mastery}</adlcp:masteryscore>
      </item>
    </organization>
  </organizations>
${resources(hrefs, "adlcp:scormtype")}
</manifest>
`;
}

function scorm2004(meta, hrefs) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="promoted-${meta.id}" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:lom="http://ltsc.ieee.org/xsd/LOM"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd http://ltsc.ieee.org/xsd/LOM lom.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>2004 4th Edition</schemaversion>
    <lom:lom>
      <lom:general>
        <lom:title><lom:string language="en">${xml(meta.title)}</lom:string></lom:title>
        <lom:description><lom:string language="en">${xml(meta.summary)}</lom:string></lom:description>
      </lom:general>
    </lom:lom>
  </metadata>
  <organizations default="promoted">
    <organization identifier="promoted">
      <title>${xml(meta.title)}</title>
      <item identifier="course" identifierref="game" isvisible="true">
        <title>${xml(meta.title)}</title>
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="score" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>${(meta.mastery / 100).toFixed(2)}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
          <imsss:deliveryControls completionSetByContent="true" objectiveSetByContent="true"/>
        </imsss:sequencing>
      </item>
    </organization>
  </organizations>
${resources(hrefs, "adlcp:scormType")}
</manifest>
`;
}

function cmi5(meta) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<courseStructure xmlns="https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd">
  <course id="${xml(iri(meta.ids, "course", meta.id))}">
    <title><langstring lang="en-US">${xml(meta.title)}</langstring></title>
    <description><langstring lang="en-US">${xml(meta.summary)}</langstring></description>
  </course>
  <au id="${xml(iri(meta.ids, "au", meta.id))}" moveOn="CompletedAndPassed" masteryScore="${(meta.mastery / 100).toFixed(2)}" launchMethod="AnyWindow">
    <title><langstring lang="en-US">${xml(meta.title)}</langstring></title>
    <description><langstring lang="en-US">${xml(meta.summary)}</langstring></description>
    <url>index.html</url>
  </au>
</courseStructure>
`;
}

/** The game's files from dist/, without the pre-compressed copies (a platform serves the
 * files as they are) and without the plain site's library. */
async function gameFiles(dist) {
  const top = (await readdir(dist)).filter((n) => /\.(html|js|css|wasm)$/.test(n)).sort();
  const lms = (await readdir(join(dist, "lms"))).filter((n) => n.endsWith(".js")).sort().map((n) => `lms/${n}`);
  return Promise.all([...top, ...lms].map(async (name) => [name, await readFile(join(dist, name))]));
}

/** The page of a package: its settings as a JSON block (data, never run), and for cmi5 a
 * policy that lets it reach the platform's record store, on another address. */
function coursePage(html, settings) {
  let text = html.toString("utf8");
  if (settings.standard === "cmi5") text = text.replace("connect-src 'self'", "connect-src 'self' https:");
  const block = JSON.stringify(settings).replace(/</g, "\\u003c");
  return Buffer.from(text.replace("</head>", `  <script type="application/json" id="promoted-course">${block}</script>\n</head>`));
}

/** Make the packages `argv` asks for; returns their paths. `verbose` prints each. */
export async function makePackages(argv, { verbose = false } = {}) {
  const o = { ...options(argv), verbose };
  const meta = course(await libraryFiles(o.scenarios), o);
  meta.mastery = o.mastery;
  meta.ids = o.ids;
  if (o.title) meta.title = o.title;
  if (o.description) meta.summary = o.description;
  const game = await gameFiles(o.dist);
  const library = bundle(meta.files.map((f) => [f.name, f.bytes]));
  const wasm = game.find(([n]) => n.endsWith(".wasm"))?.[1];
  if (!wasm) throw new Error(`${o.dist} holds no game: run web/build.sh first`);
  const sizes = Buffer.from(JSON.stringify({ wasm_bytes: wasm.length, library_bytes: library.length }));
  await mkdir(o.out, { recursive: true });
  const stem = meta.id === "library" ? "promoted" : `promoted-${meta.id}`;
  const made = [];
  for (const standard of ["scorm12", "scorm2004", "cmi5"]) {
    const settings = { standard, title: meta.title, mastery: meta.mastery, ids: meta.ids, course: meta.course };
    const files = [
      ...game.map(([n, b]) => [n, n === "index.html" ? coursePage(b, settings) : b]),
      ["library.bin", library],
      ["build.json", sizes],
    ];
    const hrefs = files.map(([n]) => n);
    const manifest =
      standard === "scorm12" ? ["imsmanifest.xml", scorm12(meta, hrefs)]
        : standard === "scorm2004" ? ["imsmanifest.xml", scorm2004(meta, hrefs)]
          : ["cmi5.xml", cmi5(meta)];
    const archive = zip([[manifest[0], Buffer.from(manifest[1])], ...files]);
    const path = join(o.out, `${stem}-${standard}.zip`);
    await writeFile(path, archive);
    made.push(path);
    if (o.verbose) console.log(`${path}: ${(archive.length / 1e6).toFixed(2)} MB, "${meta.title}", mastery ${meta.mastery}, ${meta.files.length} library files`);
  }
  return made;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await makePackages(process.argv.slice(2), { verbose: true });
  } catch (error) {
    console.error(`package: ${error.message}`);
    process.exit(2);
  }
}
