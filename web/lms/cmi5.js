// cmi5: the LMS launches the page with an xAPI endpoint, a fetch URL for the session's
// credentials, the learner, a registration and the AU's activity id. The page reads the
// launch data the LMS left (mastery score, launch mode, context template), keeps the run's
// bookmark in the xAPI State API (so it resumes on another machine), and sends statements:
// initialized, one "answered" per decision, completed, passed or failed, terminated.

import * as xapi from "./xapi.js";
import { LmsError } from "./scorm.js";

const VERSION = "1.0.3";
/** The State API document that keeps the bookmark and what was already sent. */
const STATE_ID = "promoted-progress";

/** The launch parameters, if this page was launched by a cmi5 LMS. */
export function launchParameters(url) {
  const params = new URL(url).searchParams;
  const names = ["endpoint", "fetch", "actor", "registration", "activityId"];
  if (!names.some((n) => params.has(n))) return null;
  const missing = names.filter((n) => !params.get(n));
  if (missing.length) throw new LmsError(`the cmi5 launch has no ${missing.join(", ")}`);
  let actor;
  try {
    actor = JSON.parse(params.get("actor"));
  } catch {
    throw new LmsError("the cmi5 launch's actor is not JSON");
  }
  const endpoint = params.get("endpoint");
  return {
    endpoint: endpoint.endsWith("/") ? endpoint : `${endpoint}/`,
    fetchUrl: params.get("fetch"),
    actor,
    registration: params.get("registration"),
    activityId: params.get("activityId"),
  };
}

export class Cmi5 {
  constructor(launch, base, fetcher = globalThis.fetch.bind(globalThis)) {
    this.launch = launch;
    this.base = base;
    this.fetch = fetcher;
    this.token = null;
    this.queue = []; // statements not yet accepted by the record store
    // What the record store has, so nothing is said twice: the decisions of each run, the
    // completion, and the verdict ("failed" may be followed by "passed", never the reverse).
    this.sent = { answered: {}, completed: false, verdict: null };
  }

  headers(extra = {}) {
    return {
      Authorization: `Basic ${this.token}`,
      "X-Experience-API-Version": VERSION,
      ...extra,
    };
  }

  stateUrl(stateId) {
    const q = new URLSearchParams({
      stateId,
      activityId: this.launch.activityId,
      agent: JSON.stringify(this.launch.actor),
      registration: this.launch.registration,
    });
    return `${this.launch.endpoint}activities/state?${q}`;
  }

  async request(url, init, what) {
    let response;
    try {
      response = await this.fetch(url, init);
    } catch (error) {
      throw new LmsError(`${what}: the record store could not be reached (${error.message})`);
    }
    if (!response.ok && response.status !== 404) {
      throw new LmsError(`${what}: the record store answered ${response.status}`);
    }
    return response;
  }

  async getState(stateId) {
    const response = await this.request(this.stateUrl(stateId), { headers: this.headers() }, `reading ${stateId}`);
    if (response.status === 404) return null;
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  async start() {
    // The fetch URL gives the session's credentials, once.
    const answer = await this.request(this.launch.fetchUrl, { method: "POST" }, "asking for credentials");
    const body = await answer.json().catch(() => ({}));
    if (!body["auth-token"]) {
      throw new LmsError(`the LMS gave no credentials (${body["error-text"] ?? body["error-code"] ?? answer.status})`);
    }
    this.token = body["auth-token"];
    const data = (await this.getState("LMS.LaunchData")) ?? {};
    const kept = (await this.getState(STATE_ID)) ?? {};
    this.mode = data.launchMode ?? "Normal";
    this.context = {
      ...this.launch,
      base: this.base,
      contextTemplate: data.contextTemplate ?? {},
      uuid: () => crypto.randomUUID(),
      now: () => new Date().toISOString(),
    };
    this.sent.completed = Boolean(kept.completed);
    // The run going on: its decisions the record store has from an earlier session.
    if (typeof kept.run === "string" && Array.isArray(kept.answered)) this.sent.answered[kept.run] = kept.answered;
    this.sent.verdict = kept.verdict === "passed" || kept.verdict === "failed" ? kept.verdict : null;
    this.best = Number.isFinite(kept.best) ? kept.best : null;
    this.queue.push(xapi.initialized(this.context));
    await this.flush();
    return {
      resume: typeof kept.bookmark === "string" ? kept.bookmark : "",
      best: this.best,
      mastery: Number.isFinite(data.masteryScore) ? data.masteryScore * 100 : null,
    };
  }

  /** Queue the record's statements and send what is queued; the bookmark goes to the State
   * API. */
  async write(record, state) {
    const sent = (this.sent.answered[record.run] ??= []);
    const made = record.decisions.map((d) => d.choice);
    let from = 0;
    while (from < sent.length && from < made.length && sent[from] === made[from]) from++;
    for (const decision of record.decisions.slice(from)) this.queue.push(xapi.answered(this.context, record, decision));
    this.sent.answered[record.run] = made;
    // Browse and Review launches look without being judged: cmi5 forbids completing them.
    if (this.mode === "Normal" && state.complete) {
      if (!this.sent.completed) {
        this.queue.push(xapi.completed(this.context, state.elapsedMs));
        this.sent.completed = true;
      }
      if (state.mastery !== null && state.best !== null) {
        const verdict = state.best >= state.mastery ? "passed" : "failed";
        if (this.sent.verdict !== "passed" && this.sent.verdict !== verdict) {
          this.queue.push(xapi.judged(this.context, state.best, state.mastery, state.elapsedMs));
          this.sent.verdict = verdict;
        }
      }
    }
    await this.flush();
    const keep = {
      bookmark: record.bookmark,
      run: record.run,
      answered: made,
      best: state.best,
      completed: this.sent.completed,
      verdict: this.sent.verdict,
    };
    await this.request(
      this.stateUrl(STATE_ID),
      { method: "PUT", headers: this.headers({ "Content-Type": "application/json" }), body: JSON.stringify(keep) },
      "keeping the bookmark",
    );
    return null;
  }

  /** Send the queue in order; what fails stays queued for the next try. */
  async flush(keepalive = false) {
    if (!this.queue.length) return;
    const batch = this.queue.slice();
    await this.request(
      `${this.launch.endpoint}statements`,
      {
        method: "POST",
        headers: this.headers({ "Content-Type": "application/json" }),
        body: JSON.stringify(batch),
        keepalive,
      },
      "sending statements",
    );
    this.queue.splice(0, batch.length);
  }

  async finish(elapsedMs) {
    this.queue.push(xapi.terminated(this.context, elapsedMs));
    await this.flush(true);
  }
}
