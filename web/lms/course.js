// The game as a course on a learning platform. A package (web/package.sh) carries its
// settings in its page (a JSON block, #promoted-course): the standard it was made for, the
// course (one scenario, the campaign, or the whole library), the mastery score and the id
// base of its xAPI activities. Here the page finds the platform before the game starts,
// hands the game the learner's saved run, and writes every record the game reports. A platform that fails never stops play: the learner
// is told once that progress is kept in this browser for now, and the page tries again.

import { Cmi5, launchParameters } from "./cmi5.js";
import { LmsError, Scorm, findApi } from "./scorm.js";

const RETRY_MS = 30_000;
/** How long the game's start waits for the platform. */
const START_MS = 8_000;

/** The package's settings, which web/package.mjs writes into its page; null for the plain
 * site, which so asks nothing of the network. */
function config(doc) {
  const element = doc.getElementById("promoted-course");
  if (!element) return null;
  try {
    return JSON.parse(element.textContent);
  } catch {
    return null;
  }
}

/** Whether a record belongs to the course: a campaign package ignores its chapters played
 * alone, a scenario package every other scenario. */
function ofCourse(course, record) {
  if (course.campaign) return record.campaign?.id === course.campaign;
  if (course.scenario) return record.scenario.id === course.scenario && !record.campaign;
  return true;
}

/**
 * Find the platform and begin. `say` shows the learner a sentence. Returns what the game
 * asks for: `resume` (undefined when no platform speaks for the learner) and
 * `report(json)`; null for the plain site. The session ends as the page goes.
 */
export async function launch({ win = window, say }) {
  const settings = config(win.document);
  if (!settings) return null;
  const course = settings.course ?? {};
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  let link;
  try {
    if (settings.standard === "cmi5") {
      const params = launchParameters(win.location.href);
      if (!params) throw new LmsError("the page was not launched by a cmi5 learning platform");
      link = new Cmi5(params, settings.ids);
    } else {
      const api = findApi(win, settings.standard);
      if (!api) throw new LmsError("no learning platform was found around this page");
      link = new Scorm(api, settings.standard);
    }
  } catch (error) {
    say(`${error.message}: your progress is kept only in this browser.`);
    return { resume: undefined, report() {} };
  }

  const state = { best: null, mastery: settings.mastery ?? null, complete: false, elapsedMs: 0 };
  let ready = false;
  let failing = false;
  let overflowSaid = false;
  let pending = null;
  let busy = false;
  let retry = null;
  let finished = false;

  const trouble = (error) => {
    console.warn("promoted: the learning platform:", error);
    if (!failing) {
      say(`The learning platform did not answer: ${error.message}. Your progress is kept in this browser for now; the game tries again.`);
    }
    failing = true;
    clearTimeout(retry);
    retry = setTimeout(push, RETRY_MS);
  };

  // One start at a time: a retry while the first is still waiting joins it.
  let starting = null;
  const begin = () => {
    starting ??= Promise.resolve()
      .then(() => link.start())
      .then((kept) => {
        ready = true;
        if (kept.best !== null) state.best = kept.best;
        if (kept.mastery !== null) state.mastery = kept.mastery;
        return kept;
      })
      .catch((error) => {
        starting = null;
        throw error;
      });
    return starting;
  };

  async function push() {
    if (busy || finished) return;
    busy = true;
    let record = null;
    try {
      if (!ready) await begin();
      while (pending) {
        record = pending;
        pending = null;
        state.elapsedMs = elapsed();
        const overflow = await link.write(record, state);
        record = null;
        if (overflow && !overflowSaid) {
          overflowSaid = true;
          say(`The learning platform cannot keep this run (${overflow}): it is kept in this browser, and your result is still recorded.`);
        }
      }
      if (failing) say("Your progress reaches the learning platform again.");
      failing = false;
    } catch (error) {
      // What failed is written again next time, unless a newer record has come since.
      pending ??= record;
      trouble(error);
    } finally {
      busy = false;
    }
  }

  // The game waits for this, so a platform that does not answer in time is let go: the
  // learner plays on, from what the browser kept, and the page keeps trying.
  let resume;
  try {
    const kept = await Promise.race([
      begin(),
      new Promise((_, fail) => setTimeout(() => fail(new LmsError("it took too long to answer")), START_MS)),
    ]);
    resume = kept.resume;
  } catch (error) {
    trouble(error);
  }

  const finish = (event) => {
    // A page kept in the back-forward cache may come back: its session goes on.
    if (event?.persisted || finished || !ready) return;
    finished = true;
    clearTimeout(retry);
    try {
      state.elapsedMs = elapsed();
      Promise.resolve(link.finish(state.elapsedMs)).catch((error) => console.warn("promoted: finishing:", error));
    } catch (error) {
      console.warn("promoted: finishing:", error);
    }
  };
  win.addEventListener("pagehide", finish);

  return {
    resume,
    report(json) {
      let record;
      try {
        record = JSON.parse(json);
      } catch {
        return;
      }
      if (!ofCourse(course, record)) return;
      if (record.complete && record.score !== null) {
        state.complete = true;
        state.best = Math.max(state.best ?? 0, record.score);
      }
      pending = record;
      push();
    },
  };
}
