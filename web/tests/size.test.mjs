// The bundle may not quietly grow: its gzip size stays within 10% of the figure recorded in
// web/size-baseline.json (update that file, with a reason in the commit, when growth is worth it).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";

const read = async (path) => JSON.parse(await readFile(resolve(import.meta.dirname, path), "utf8"));

test("the wasm's gzip size is within 10% of the recorded baseline", async () => {
  const build = await read("../../dist/build.json");
  const baseline = await read("../size-baseline.json");
  const gzip = build.sizes["promoted_bg.wasm"].gzip;
  const limit = Math.round(baseline.wasm_gzip_bytes * 1.1);
  console.log(`promoted_bg.wasm gzip: ${gzip} bytes (baseline ${baseline.wasm_gzip_bytes}, limit ${limit})`);
  assert.ok(gzip <= limit, `the wasm grew to ${gzip} bytes gzipped, over ${limit}`);
});
