// Times navigation to the first frame of the game (its title screen) and of the bare Bevy app
// (web/compare-bare.sh), five times each in headless Chromium, and prints the medians, the
// ratio and the bundles' sizes. Usage: node web/compare-bare.mjs GAME_DIST BARE_DIST
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const [gameDir = "dist", bareDir] = process.argv.slice(2);
const runs = 5;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless=new", "--no-sandbox", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
  ],
});

async function time(dir, marker) {
  const server = await serve(resolve(dir), 0);
  const url = `http://127.0.0.1:${server.address().port}/`;
  const times = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
      const page = await context.newPage();
      const seen = new Promise((done) => page.on("console", (m) => marker.test(m.text()) && done()));
      const started = Date.now();
      await page.goto(url);
      await Promise.race([seen, page.waitForTimeout(120_000).then(() => { throw new Error(`no ${marker} in ${dir}`); })]);
      times.push(Date.now() - started);
      await context.close();
    }
  } finally {
    server.close();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function gzip(dir) {
  const sizes = JSON.parse(await readFile(resolve(dir, "build.json"), "utf8")).sizes;
  return Object.values(sizes).reduce((sum, s) => sum + s.gzip, 0);
}

try {
  const game = await time(gameDir, /promoted: screen Title/);
  const bare = await time(bareDir, /bare: first frame/);
  const mb = (n) => `${(n / 1e6).toFixed(2)} MB`;
  console.log(`navigation to first frame, median of ${runs}: game ${game} ms, bare Bevy ${bare} ms, ratio ${(game / bare).toFixed(2)}`);
  console.log(`bundle, gzip: game ${mb(await gzip(gameDir))}, bare Bevy ${mb(await gzip(bareDir))}`);
} finally {
  await browser.close();
}
