// SCORM 1.2 and SCORM 2004 (4th edition): the LMS's API object, found in a parent frame or
// the window that opened this one, and the game's record (crates/engine/src/learning/
// record.rs) written into its data model. The two versions say the same things under
// different names; `DIALECTS` holds the names, the rest is shared.

/** What the LMS refused, with its own error code and words. */
export class LmsError extends Error {}

/** The limits of `suspend_data`, in characters. */
export const SUSPEND_LIMITS = { scorm12: 4096, scorm2004: 64000 };

/** What `suspend_data` holds when the run could not be kept there: the browser keeps it. */
export const KEPT_IN_BROWSER = "kept-in-browser";

const DIALECTS = {
  scorm12: {
    api: "API",
    calls: {
      init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
      finish: "LMSFinish", error: "LMSGetLastError", words: "LMSGetErrorString",
    },
    entry: "cmi.core.entry",
    location: "cmi.core.lesson_location",
    locationLimit: 255,
    mastery: "cmi.student_data.mastery_score",
    raw: "cmi.core.score.raw",
    min: "cmi.core.score.min",
    max: "cmi.core.score.max",
    exit: "cmi.core.exit",
    sessionTime: "cmi.core.session_time",
    time: (ms) => {
      const s = Math.max(0, Math.round(ms / 1000));
      const pad = (n) => String(n).padStart(2, "0");
      return `${pad(Math.min(9999, Math.floor(s / 3600)))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
    },
    clock: (date) => date.toTimeString().slice(0, 8),
    response: "student_response",
    // 1.2's "choice" responses are single letters or digits; a choice's id is a fill-in.
    interaction: "fill-in",
    list: ",",
  },
  scorm2004: {
    api: "API_1484_11",
    calls: {
      init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
      finish: "Terminate", error: "GetLastError", words: "GetErrorString",
    },
    entry: "cmi.entry",
    location: "cmi.location",
    locationLimit: 1000,
    mastery: "cmi.scaled_passing_score",
    raw: "cmi.score.raw",
    min: "cmi.score.min",
    max: "cmi.score.max",
    exit: "cmi.exit",
    sessionTime: "cmi.session_time",
    time: (ms) => {
      const s = Math.max(0, Math.round(ms / 10) / 100);
      const h = Math.floor(s / 3600);
      const m = Math.floor((s % 3600) / 60);
      return `PT${h}H${m}M${(s % 60).toFixed(2)}S`;
    },
    // A time without a zone is local time, so the learner's clock, not UTC's.
    clock: (date) => {
      const pad = (n) => String(n).padStart(2, "0");
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    },
    response: "learner_response",
    interaction: "choice",
    list: "[,]",
  },
};

/** The SCORM API of `version` where a launching LMS puts it: this window's parents, then
 * its opener's. */
export function findApi(win, version) {
  const name = DIALECTS[version].api;
  const look = (start) => {
    let w = start;
    for (let depth = 0; w && depth < 12; depth++) {
      try {
        if (w[name]) return w[name];
      } catch {
        return null; // another origin's frame: no API there for us
      }
      if (w.parent === w) break;
      w = w.parent;
    }
    return null;
  };
  return look(win) ?? (win.opener ? look(win.opener) : null);
}

/** A SCORM session: what the LMS kept at the start, and the record written after. */
export class Scorm {
  constructor(api, version) {
    this.api = api;
    this.version = version;
    this.d = DIALECTS[version];
    this.started = false;
    this.finished = false;
    // The decisions of the run going on that the LMS holds (interactions are write-only, so
    // the page keeps count), whether its priorities were written, and the comments it has.
    this.journal = { run: null, written: [], priorities: false };
    this.comments = new Set();
  }

  call(name, ...args) {
    const fn = this.api[this.d.calls[name]];
    if (typeof fn !== "function") throw new LmsError(`the LMS's API has no ${this.d.calls[name]}`);
    return String(fn.apply(this.api, args));
  }

  /** The LMS's own words for its last error. */
  why(what) {
    let code = "";
    let words = "";
    try {
      code = this.call("error");
      words = this.call("words", code);
    } catch {
      // an API too broken to say: the message names the call alone
    }
    return new LmsError(`${what} (${code || "no error code"}${words ? `: ${words}` : ""})`);
  }

  get(element) {
    const value = this.call("get", element);
    const code = this.call("error");
    // Not set yet (403 in 2004) or not implemented (401): an empty value, as SCORM reads it.
    if (code !== "0" && code !== "" && code !== "403" && code !== "401") {
      throw this.why(`the LMS could not read ${element}`);
    }
    return value;
  }

  set(element, value) {
    if (this.call("set", element, String(value)) !== "true") {
      throw this.why(`the LMS refused ${element}`);
    }
  }

  /** Begin: what the LMS kept for this learner. Once initialized, a retry does not
   * initialize again (the LMS would refuse a second Initialize). */
  start() {
    if (!this.started) {
      if (this.call("init", "") !== "true") throw this.why("the LMS did not start the session");
      this.started = true;
    }
    const entry = this.get(this.d.entry);
    const mastery = Number.parseFloat(this.get(this.d.mastery));
    const best = Number.parseFloat(this.get(this.d.raw));
    const location = this.get(this.d.location);
    if (this.version === "scorm12") {
      if (this.get("cmi.core.lesson_status") === "not attempted") this.set("cmi.core.lesson_status", "incomplete");
    } else if (["unknown", "not attempted"].includes(this.get("cmi.completion_status"))) {
      this.set("cmi.completion_status", "incomplete");
    }
    // A new attempt (ab-initio) starts from nothing, whatever suspend_data holds.
    const kept = entry === "ab-initio" ? "" : this.get("cmi.suspend_data");
    // The location says which run's decisions were written, and how many: `run|count`.
    const [run, count] = location.split("|");
    if (kept && run) this.journal = { run, written: null, count: Number(count) || 0, priorities: true };
    if (this.version === "scorm2004") {
      for (let i = 0; i < this.countOf("comments_from_learner"); i++) {
        this.comments.add(this.get(`cmi.comments_from_learner.${i}.comment`));
      }
    }
    return {
      // A run too long for the LMS stayed in the browser: the game keeps its own.
      resume: kept === KEPT_IN_BROWSER ? undefined : kept,
      best: Number.isFinite(best) ? best : null,
      // 1.2 gives a score out of 100, 2004 a scaled one out of 1.
      mastery: Number.isFinite(mastery) ? (this.version === "scorm12" ? mastery : mastery * 100) : null,
    };
  }

  /** Where the decisions of `record` not yet written begin: all of a new run's, and those
   * after the first that differs from what was written (a decision taken back and made
   * again). */
  unwritten(record) {
    const made = record.decisions.map((d) => d.choice);
    if (this.journal.run !== record.run) {
      this.journal = { run: record.run, written: [], priorities: false };
    } else if (this.journal.written === null) {
      // Resumed: the LMS holds this run's first `count` decisions already.
      this.journal.written = made.slice(0, this.journal.count);
    }
    const written = this.journal.written;
    let from = 0;
    while (from < written.length && from < made.length && written[from] === made[from]) from++;
    return from;
  }

  countOf(list) {
    return Number.parseInt(this.get(`cmi.${list}._count`), 10) || 0;
  }

  /** Write `record`; `state` says the best score so far, the mastery score, the time spent
   * and whether the course is complete. Returns why the bookmark could not be kept, if it
   * could not. The journal moves on with each interaction and comment the LMS took (they are
   * in its data whether or not the commit then fails), so a write that fails part way is
   * taken up where it stopped. */
  write(record, state) {
    if (this.finished) return null;
    const d = this.d;
    let overflow = null;
    const limit = SUSPEND_LIMITS[this.version];
    const keep = (text) => {
      try {
        this.set("cmi.suspend_data", text);
        return true;
      } catch (error) {
        overflow ??= error.message;
        return false;
      }
    };
    if (record.bookmark.length > limit) overflow = `the run needs ${record.bookmark.length} characters and SCORM keeps ${limit}`;
    else keep(record.bookmark);
    // Not kept: say so in suspend_data, so a relaunch keeps the browser's run, not a stale one.
    if (overflow) keep(KEPT_IN_BROWSER);
    const from = this.unwritten(record);
    const journal = this.journal;
    journal.written = journal.written.slice(0, from);
    let next = this.countOf("interactions");
    const first = from === 0 && (journal.count ?? 0) === 0;
    if (!journal.priorities && first && record.priorities.some((p) => p.named)) {
      this.priorities(record, next++);
      journal.priorities = true;
    }
    for (const decision of record.decisions.slice(from)) {
      this.interaction(record, decision, next++);
      journal.written.push(decision.choice);
    }
    this.set(d.location, `${record.run}|${record.decisions.length}`.slice(0, d.locationLimit));
    this.writeComments(record);
    if (state.best !== null) {
      this.set(d.min, 0);
      this.set(d.max, 100);
      this.set(d.raw, state.best);
      if (this.version === "scorm2004") this.set("cmi.score.scaled", (state.best / 100).toFixed(4));
    }
    if (record.ended) for (const objective of record.ended.objectives) this.objective(objective, state.mastery);
    this.status(record, state);
    this.set(d.exit, state.complete ? (this.version === "scorm12" ? "" : "normal") : "suspend");
    this.set(d.sessionTime, d.time(state.elapsedMs));
    if (this.call("commit", "") !== "true") throw this.why("the LMS did not keep the data");
    return overflow;
  }

  status(record, state) {
    const passed = state.best !== null && state.mastery !== null ? state.best >= state.mastery : null;
    if (this.version === "scorm12") {
      // 1.2 has one status: passed or failed against a mastery score, else completed.
      if (!state.complete) return;
      this.set("cmi.core.lesson_status", passed === null ? "completed" : passed ? "passed" : "failed");
      return;
    }
    if (state.complete) this.set("cmi.completion_status", "completed");
    if (state.complete && passed !== null) this.set("cmi.success_status", passed ? "passed" : "failed");
    if (record.campaign) {
      const done = record.campaign.chapter - 1 + (record.ended ? 1 : 0);
      this.set("cmi.progress_measure", (done / record.campaign.chapters).toFixed(4));
    }
  }

  interaction(record, decision, n) {
    const d = this.d;
    const at = `cmi.interactions.${n}`;
    this.set(`${at}.id`, decision.id);
    this.set(`${at}.type`, d.interaction);
    decision.competencies.forEach((c, m) => this.set(`${at}.objectives.${m}.id`, `${record.scenario.id}.${c.id}`));
    this.set(`${at}.${d.response}`, decision.choice);
    // No answer is right. 2004 takes the competency points the decision earned as its
    // result; 1.2's runtimes take no negative number, so it says "neutral".
    const points = decision.competencies.reduce((sum, c) => sum + c.delta, 0);
    this.set(`${at}.result`, this.version === "scorm12" ? "neutral" : points);
    if (this.version === "scorm12") {
      this.set(`${at}.time`, d.clock(new Date()));
    } else {
      this.set(`${at}.timestamp`, d.clock(new Date()));
      this.set(`${at}.description`, `${decision.text} | ${decision.traded}`.slice(0, 250));
    }
  }

  /** The priorities the learner named, as one more interaction. */
  priorities(record, n) {
    const at = `cmi.interactions.${n}`;
    const named = record.priorities.filter((p) => p.named).map((p) => p.key);
    this.set(`${at}.id`, `${record.scenario.id}.priorities`);
    this.set(`${at}.type`, this.d.interaction);
    this.set(`${at}.${this.d.response}`, named.join(this.d.list));
    this.set(`${at}.result`, "neutral");
    if (this.version === "scorm2004") this.set(`${at}.description`, "The priorities named before the first decision");
  }

  /** The mentor's questions asked, as the learner's comments (1.2: the whole list, which
   * replaces the last; 2004: each once). */
  writeComments(record) {
    if (!record.mentor.length) return;
    const lines = record.mentor.map((q) => `At ${q.node}, asked the mentor: ${q.question}`.slice(0, 4000));
    if (this.version === "scorm12") {
      this.set("cmi.comments", lines.join("\n").slice(0, 4096));
      return;
    }
    let n = this.countOf("comments_from_learner");
    lines.forEach((line, i) => {
      if (this.comments.has(line)) return;
      const at = `cmi.comments_from_learner.${n++}`;
      this.set(`${at}.comment`, line);
      this.comments.add(line);
      this.set(`${at}.location`, record.mentor[i].node);
      this.set(`${at}.timestamp`, this.d.clock(new Date()));
    });
  }

  /** A competency's score as an objective, found by id or added. */
  objective(objective, mastery) {
    const count = this.countOf("objectives");
    let n = count;
    for (let i = 0; i < count; i++) {
      if (this.get(`cmi.objectives.${i}.id`) === objective.id) n = i;
    }
    const at = `cmi.objectives.${n}`;
    if (n === count) this.set(`${at}.id`, objective.id);
    this.set(`${at}.score.min`, 0);
    this.set(`${at}.score.max`, 100);
    this.set(`${at}.score.raw`, objective.score);
    const passed = mastery === null ? null : objective.score >= mastery;
    if (this.version === "scorm12") {
      this.set(`${at}.status`, passed === null ? "completed" : passed ? "passed" : "failed");
    } else {
      this.set(`${at}.score.scaled`, (objective.score / 100).toFixed(4));
      this.set(`${at}.completion_status`, "completed");
      if (passed !== null) this.set(`${at}.success_status`, passed ? "passed" : "failed");
      this.set(`${at}.description`, objective.label);
    }
  }

  /** End the session: the time spent, and the LMS's own finish; nothing is written after. */
  finish(elapsedMs) {
    if (!this.started || this.finished) return;
    this.finished = true;
    this.set(this.d.sessionTime, this.d.time(elapsedMs));
    this.call("commit", "");
    this.call("finish", "");
  }
}
