// What the browser tests that drive the game's page share: its console as a log, waiting for
// a line in it, pressing a button of its accessibility mirror, and reading that mirror.

/** Every console line of `page` into `log`, and its errors into `problems`. */
export function watch(page, log, problems) {
  page.on("console", (message) => {
    log.push(message.text());
    if (message.type() === "error") problems.push(message.text());
  });
  page.on("pageerror", (error) => problems.push(String(error)));
}

/** The index of the first line of `log` from `from` on that matches `pattern`. */
export async function waitForLine(page, log, pattern, from = 0, timeout = 90_000) {
  const start = Date.now();
  for (;;) {
    const index = log.findIndex((line, i) => i >= from && pattern.test(line));
    if (index >= 0) return index;
    if (Date.now() - start > timeout) throw new Error(`no ${pattern}; last: ${log.slice(-5).join(" | ")}`);
    await page.waitForTimeout(50);
  }
}

/** Press the mirror's button named `name` and wait for the screen to change. */
export async function pressInMirror(page, name) {
  const before = await page.locator("#access-page").innerHTML();
  await page.getByRole("button", { name }).first().press("Enter");
  await page.waitForFunction((html) => document.getElementById("access-page").innerHTML !== html, before);
}

/** What the room's window shows: its accessible text (the mirror of every screen). */
export const roomText = (room) => room.locator("#access-page").innerText();
