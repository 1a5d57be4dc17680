// Writes .br and .gz beside each file of the bundle, and build.json with the sizes.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { join } from "node:path";

const dir = process.argv[2] ?? "dist";
const sizes = {};
for (const name of await readdir(dir)) {
  if (!/\.(html|js|css|wasm|bin)$/.test(name)) continue;
  const raw = await readFile(join(dir, name));
  const gz = gzipSync(raw, { level: 9 });
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  });
  await writeFile(join(dir, `${name}.gz`), gz);
  await writeFile(join(dir, `${name}.br`), br);
  sizes[name] = { raw: raw.length, gzip: gz.length, brotli: br.length };
}
// The bundle's wasm: the game's, or the bare app's that web/compare-bare.sh builds.
const wasmName = Object.keys(sizes).find((n) => n.endsWith(".wasm"));
const wasm = sizes[wasmName];
const library = sizes["library.bin"];
await writeFile(
  join(dir, "build.json"),
  JSON.stringify({ wasm_bytes: wasm.raw, library_bytes: library?.raw ?? 0, sizes }, null, 2),
);
const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
console.log(`${wasmName}: ${mb(wasm.raw)} raw, ${mb(wasm.gzip)} gzip, ${mb(wasm.brotli)} brotli`);
if (library) console.log(`library.bin: ${mb(library.raw)} raw, ${mb(library.gzip)} gzip, ${mb(library.brotli)} brotli`);
