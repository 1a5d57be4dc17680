// Writes the scenario library into one file beside the wasm, so the wasm does not grow with
// it: the line `promoted-library 1`, then for each file `<name>\t<byte length>\n` and its
// bytes (read by `LibraryFiles::from_bundle` in src/adapters/library.rs).
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** The library files of a folder, sorted: [name, bytes]. */
export async function libraryFiles(from) {
  const names = (await readdir(from)).filter((n) => /\.(scenario|campaign)\.ron$/.test(n)).sort();
  return Promise.all(names.map(async (name) => [name, await readFile(join(from, name))]));
}

/** One bundle of `files` ([name, bytes]). */
export function bundle(files) {
  const parts = [Buffer.from("promoted-library 1\n")];
  for (const [name, bytes] of files) parts.push(Buffer.from(`${name}\t${bytes.length}\n`), bytes);
  return Buffer.concat(parts);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [from = "scenarios", to = "dist/library.bin"] = process.argv.slice(2);
  const files = await libraryFiles(from);
  await writeFile(to, bundle(files));
  console.log(`library.bin: ${files.length} files`);
}
