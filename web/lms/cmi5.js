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

  /** A request that fails loudly: unreachable, slow (15 s) or refused. A missing state
   * document (404) is an answer only where `absent` allows it. */
  async request(url, init, what, { absent = false } = {}) {
    let response;
    try {
      response = await this.fetch(url, { ...init, signal: init.keepalive ? undefined : AbortSignal.timeout(15_000) });
    } catch (error) {
      throw new LmsError(`${what}: the record store could not be reached (${error.message})`);
    }
    if (!response.ok && !(absent && response.status === 404)) {
      throw new LmsError(`${what}: the record store answered ${response.status}`);
    }
    return response;
  }

  async getState(stateId) {
    const response = await this.request(this.stateUrl(stateId), { headers: this.headers() }, `reading ${stateId}`, { absent: true });
    if (response.status === 404) return null;
    try {
      return await response.json();
    } catch {
      return null;
    }
  }

  /** The session's credentials: the fetch URL answers once (cmi5 §8.2), so they are kept
   * for a retry and, in this tab, for a reload. */
  async credentials() {
    const key = `promoted.cmi5.${this.launch.fetchUrl}`;
    this.token ??= sessionStorage.getItem(key);
    if (this.token) return;
    const answer = await this.request(this.launch.fetchUrl, { method: "POST" }, "asking for credentials");
    const body = await answer.json().catch(() => ({}));
    if (!body["auth-token"]) {
      throw new LmsError(`the LMS gave no credentials (${body["error-text"] ?? body["error-code"] ?? answer.status})`);
    }
    this.token = body["auth-token"];
    try {
      sessionStorage.setItem(key, this.token);
    } catch {
      // storage off: a reload asks again
    }
  }

  async start() {
    await this.credentials();
    const data = (await this.getState("LMS.LaunchData")) ?? {};
    const kept = (await this.getState(STATE_ID)) ?? {};
    this.mode = data.launchMode ?? "Normal";
    this.lmsMastery = Number.isFinite(data.masteryScore) ? data.masteryScore : null;
    this.context = {
      ...this.launch,
      base: this.base,
      contextTemplate: data.contextTemplate ?? {},
      uuid,
      now: () => new Date().toISOString(),
    };
    this.sent.completed = Boolean(kept.completed);
    // The run going on: its decisions the record store has from an earlier session.
    if (typeof kept.run === "string" && Array.isArray(kept.answered)) this.sent.answered[kept.run] = kept.answered;
    this.sent.verdict = kept.verdict === "passed" || kept.verdict === "failed" ? kept.verdict : null;
    this.best = Number.isFinite(kept.best) ? kept.best : null;
    // Once a session: a retry after a failure further on sends it no second time.
    if (!this.initialized) {
      this.queue.push(xapi.initialized(this.context));
      this.initialized = true;
    }
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
          this.queue.push(xapi.judged(this.context, state.best, state.mastery, state.elapsedMs, this.lmsMastery));
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

  /** Send the queue in order; what fails stays queued for the next try. One send at a
   * time, so nothing goes twice and the order holds. */
  flush() {
    this.sending = (this.sending ?? Promise.resolve()).catch(() => {}).then(async () => {
      if (!this.queue.length) return;
      const batch = this.queue.slice();
      await this.request(
        `${this.launch.endpoint}statements`,
        { method: "POST", headers: this.headers({ "Content-Type": "application/json" }), body: JSON.stringify(batch) },
        "sending statements",
      );
      this.queue.splice(0, batch.length);
    });
    return this.sending;
  }

  /** The last statement, as the page closes, in one request that outlives the page (so
   * under keepalive's 64 KiB): with what is still queued before it, or alone if that is too
   * much. A batch still on its way may store the same statements first; their ids are the
   * same, so the record store keeps each once, and "terminated" last. */
  finish(elapsedMs) {
    if (!this.context) return undefined;
    const batch = [...this.queue, xapi.terminated(this.context, elapsedMs)];
    let body = JSON.stringify(batch);
    if (body.length > 60_000) body = JSON.stringify(batch.slice(-1));
    this.queue = [];
    return this.request(
      `${this.launch.endpoint}statements`,
      { method: "POST", headers: this.headers({ "Content-Type": "application/json" }), body, keepalive: true },
      "ending the session",
    );
  }
}

/** A random UUID: the browser's, or made from its random numbers where `randomUUID` is
 * not offered (a page served over plain http). */
function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
