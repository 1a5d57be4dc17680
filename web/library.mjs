// Writes the scenario library into one file beside the wasm, so the wasm does not grow with
// it: the line `promoted-library 1`, then for each file `<name>\t<byte length>\n` and its
// bytes (read by `LibraryFiles::from_bundle` in src/adapters/library.rs).
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

const [from = "scenarios", to = "dist/library.bin"] = process.argv.slice(2);
const names = (await readdir(from)).filter((n) => /\.(scenario|campaign)\.ron$/.test(n)).sort();
const parts = [Buffer.from("promoted-library 1\n")];
for (const name of names) {
  const bytes = await readFile(join(from, name));
  parts.push(Buffer.from(`${name}\t${bytes.length}\n`), bytes);
}
await writeFile(to, Buffer.concat(parts));
console.log(`library.bin: ${names.length} files`);
