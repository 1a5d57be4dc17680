// A workshop's report (the JSON the game exports after a session) as xAPI statements: one
// per room decision, with every option's count, never a participant's name. Sent to a
// learning record store, or written to a file for one to import.
//
//   node web/workshop-xapi.mjs REPORT.json --home-page https://lms.example.com
//        [--ids urn:promoted] [--endpoint https://lrs.example.com/xapi/ --auth KEY:SECRET]
//        [--out statements.json]
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { roomDecision } from "./lms/xapi.js";

const USAGE =
  "usage: node web/workshop-xapi.mjs REPORT.json --home-page URL [--ids IRI] [--endpoint URL --auth KEY:SECRET] [--out FILE]";

function options(argv) {
  const o = { ids: "urn:promoted" };
  const known = ["home-page", "ids", "endpoint", "auth", "out", "registration"];
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith("--")) {
      if (o.report) throw new Error(`one report at a time, not also \`${argv[i]}\`\n${USAGE}`);
      o.report = argv[i];
      continue;
    }
    const name = argv[i].slice(2);
    if (!known.includes(name)) throw new Error(`unknown option \`${argv[i]}\`\n${USAGE}`);
    if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) throw new Error(`--${name} needs a value\n${USAGE}`);
    o[name] = argv[++i];
  }
  if (!o.report) throw new Error(`which report?\n${USAGE}`);
  if (!/^https?:\/\/\S+$/.test(o["home-page"] ?? "")) {
    throw new Error("--home-page is the address of the platform the room belongs to (https://…): xAPI names a group by an account there");
  }
  if (o.endpoint && !o.auth) throw new Error("--endpoint needs --auth KEY:SECRET, the record store's credentials");
  return o;
}

/** A UUID made from `key`: the same report gives the same statement ids, so sending it
 * twice stores it once. */
function uuidFrom(key) {
  const h = createHash("sha1").update(key).digest("hex");
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The statements of a report (`text`, as exported): every team's decisions, in the
 * order the room made them. The session's registration and the statements' ids come from
 * the report's own text, so two sessions never share them and one report always gives the
 * same. */
export function statements(text, { base = "urn:promoted", homePage, registration }) {
  const report = JSON.parse(text);
  if (!Array.isArray(report?.teams) || typeof report.scenario !== "string") {
    throw new Error("this is not a workshop report (no scenario or teams)");
  }
  const session = createHash("sha1").update(text).digest("hex");
  const context = {
    base,
    homePage,
    registration: registration ?? uuidFrom(session),
    uuid: (key) => uuidFrom(`${session}/${key}`),
  };
  return report.teams.flatMap((team, t) =>
    team.decisions.map((decision, d) => roomDecision(context, report, { ...team, index: t }, { ...decision, index: d })));
}

async function send(endpoint, auth, batch) {
  const url = `${endpoint.replace(/\/?$/, "/")}statements`;
  const response = await fetch(url, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(auth).toString("base64")}`,
      "X-Experience-API-Version": "1.0.3",
      "Content-Type": "application/json",
    },
    body: JSON.stringify(batch),
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`the record store at ${url} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
}

export async function main(argv) {
  const o = options(argv);
  let text;
  try {
    text = await readFile(o.report, "utf8");
    JSON.parse(text);
  } catch (error) {
    throw new Error(`${o.report}: ${error.code === "ENOENT" ? "no such file" : `not JSON (${error.message})`}`);
  }
  const made = statements(text, { base: o.ids, homePage: o["home-page"], registration: o.registration });
  if (o.out) await writeFile(o.out, JSON.stringify(made, null, 2));
  if (o.endpoint) await send(o.endpoint, o.auth, made);
  if (!o.out && !o.endpoint) console.log(JSON.stringify(made, null, 2));
  return made;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const made = await main(process.argv.slice(2));
    if (process.stdout.isTTY || process.argv.includes("--endpoint") || process.argv.includes("--out")) {
      console.error(`${made.length} statements, one per room decision`);
    }
  } catch (error) {
    console.error(`workshop-xapi: ${error.message}`);
    process.exit(2);
  }
}
