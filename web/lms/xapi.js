// xAPI statements of a run, as cmi5 wants them: pure functions of the launch's context and
// the game's record (crates/engine/src/learning/record.rs), so they are tested without a
// browser. Activity ids are stable: a learning record store can ask how leads choose at one
// decision across a company.

export const CMI5_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
export const MOVEON_CATEGORY = "https://w3id.org/xapi/cmi5/context/categories/moveon";
const MASTERY_EXTENSION = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

export const VERBS = {
  initialized: "http://adlnet.gov/expapi/verbs/initialized",
  answered: "http://adlnet.gov/expapi/verbs/answered",
  completed: "http://adlnet.gov/expapi/verbs/completed",
  passed: "http://adlnet.gov/expapi/verbs/passed",
  failed: "http://adlnet.gov/expapi/verbs/failed",
  terminated: "http://adlnet.gov/expapi/verbs/terminated",
};

/** An IRI under `base`: `urn:promoted` joins with ":", an http(s) base with "/". */
export function iri(base, ...parts) {
  const sep = base.startsWith("urn:") ? ":" : "/";
  return [base.replace(/[:/]+$/, ""), ...parts.map(encodeURIComponent)].join(sep);
}

/** The ids of a scenario, one of its decisions and one of its choices. */
export function ids(base, scenario) {
  return {
    scenario: iri(base, "scenario", scenario),
    node: (node) => iri(base, "scenario", scenario, "node", node),
    choice: (node, choice) => iri(base, "scenario", scenario, "node", node, "choice", choice),
  };
}

/** Milliseconds as an ISO 8601 duration, to the hundredth of a second. */
export function duration(ms) {
  const centis = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(centis / 360000);
  const m = Math.floor((centis % 360000) / 6000);
  const s = (centis % 6000) / 100;
  return `PT${h ? `${h}H` : ""}${m ? `${m}M` : ""}${s.toFixed(2).replace(/\.?0+$/, "") || "0"}S`;
}

const en = (text) => ({ "en-US": text });

/**
 * The statement frame every statement of a launch shares. `launch` holds what cmi5 gave:
 * actor, registration, activityId, contextTemplate (from LMS.LaunchData), the package's id
 * base, and a statement id maker.
 */
function statement(launch, verb, object, { result, categories = [], extraContext = {} } = {}) {
  const template = launch.contextTemplate ?? {};
  // The template's activities stay as the LMS gave them; ours are added beside them.
  const activities = { ...(template.contextActivities ?? {}) };
  for (const [kind, list] of Object.entries(extraContext.contextActivities ?? {})) {
    activities[kind] = [...(activities[kind] ?? []), ...list];
  }
  if (categories.length) {
    activities.category = [...(activities.category ?? []), ...categories.map((id) => ({ id, objectType: "Activity" }))];
  }
  const context = {
    ...template,
    registration: launch.registration,
    contextActivities: activities,
    extensions: { ...(template.extensions ?? {}), ...(extraContext.extensions ?? {}) },
  };
  if (!Object.keys(context.extensions).length) delete context.extensions;
  const made = {
    id: launch.uuid(),
    timestamp: launch.now(),
    actor: launch.actor,
    verb: { id: VERBS[verb], display: en(verb) },
    object,
    context,
  };
  if (result) made.result = result;
  return made;
}

const au = (launch) => ({ objectType: "Activity", id: launch.activityId });

/** The first statement of a session. */
export function initialized(launch) {
  return statement(launch, "initialized", au(launch), { categories: [CMI5_CATEGORY] });
}

/**
 * One decision: the node as a choice interaction, the choice as the response, what it
 * traded as extensions. The AU is its parent, the scenario (and campaign) its grouping.
 */
export function answered(launch, record, decision) {
  const id = ids(launch.base, record.scenario.id);
  const grouping = [{ objectType: "Activity", id: id.scenario, definition: { name: en(record.scenario.title) } }];
  if (record.campaign) grouping.push({ objectType: "Activity", id: iri(launch.base, "campaign", record.campaign.id) });
  const object = {
    objectType: "Activity",
    id: id.node(decision.node),
    definition: {
      type: "http://adlnet.gov/expapi/activities/cmi.interaction",
      name: en(`${record.scenario.title}: ${decision.node}`),
      interactionType: "choice",
      choices: decision.options.map(([choice, text]) => ({ id: choice, description: en(text) })),
    },
  };
  const extension = (name) => iri(launch.base, "extension", name);
  const result = {
    response: decision.choice,
    extensions: {
      [extension("meters")]: Object.fromEntries(decision.meters.map((c) => [c.id, c.delta])),
      [extension("competencies")]: Object.fromEntries(decision.competencies.map((c) => [c.id, c.delta])),
      [extension("traded")]: decision.traded,
      [extension("asked-mentor")]: decision.asked_mentor,
    },
  };
  const asked = decision.asked_mentor && record.mentor.find((q) => q.node === decision.node);
  if (asked) result.extensions[extension("mentor-question")] = asked.question;
  const named = record.priorities.filter((p) => p.named).map((p) => p.key);
  return statement(launch, "answered", object, {
    result,
    extraContext: {
      contextActivities: {
        parent: [au(launch)],
        grouping,
        other: [{ objectType: "Activity", id: id.choice(decision.node, decision.choice) }],
      },
      extensions: named.length ? { [extension("priorities")]: named } : {},
    },
  });
}

/** The course is complete: an ending (or the campaign's last) was reached. */
export function completed(launch, elapsedMs) {
  return statement(launch, "completed", au(launch), {
    result: { completion: true, duration: duration(elapsedMs) },
    categories: [CMI5_CATEGORY, MOVEON_CATEGORY],
  });
}

/** Passed or failed against the mastery score, with the score; the LMS's mastery score
 * (0–1), when it gave one, as cmi5 asks. */
export function judged(launch, score, mastery, elapsedMs, lmsMastery = null) {
  const passed = score >= mastery;
  return statement(launch, passed ? "passed" : "failed", au(launch), {
    result: {
      score: { scaled: score / 100, raw: score, min: 0, max: 100 },
      success: passed,
      duration: duration(elapsedMs),
    },
    categories: [CMI5_CATEGORY, MOVEON_CATEGORY],
    extraContext: lmsMastery === null ? {} : { extensions: { [MASTERY_EXTENSION]: lmsMastery } },
  });
}

/** The last statement of a session. */
export function terminated(launch, elapsedMs) {
  return statement(launch, "terminated", au(launch), {
    result: { duration: duration(elapsedMs) },
    categories: [CMI5_CATEGORY],
  });
}

/**
 * One decision of a workshop room (a team of a workshop report, web/workshop-xapi.mjs):
 * the room, as a group with no member named, chose at the node; every option's count is in
 * the result. `session` holds the id base, the room's home page, a registration for the
 * session and a statement id maker.
 */
export function roomDecision(session, report, team, decision) {
  const id = ids(session.base, report.scenario);
  const extension = (name) => iri(session.base, "extension", name);
  return {
    // No timestamp: the report keeps no clock, and the record store stamps what it stores,
    // so the same report sent twice is the same statements.
    id: session.uuid(`${team.index}/${decision.index}`),
    actor: {
      objectType: "Group",
      name: team.name,
      account: { homePage: session.homePage, name: `${session.registration}/team-${team.index + 1}` },
    },
    verb: { id: VERBS.answered, display: en("answered") },
    object: {
      objectType: "Activity",
      id: id.node(decision.node),
      definition: {
        type: "http://adlnet.gov/expapi/activities/cmi.interaction",
        name: en(`${report.title}: ${decision.node}`),
        interactionType: "choice",
        choices: decision.options.map((o) => ({ id: o.id, description: en(o.text) })),
      },
    },
    result: {
      response: decision.chosen,
      extensions: {
        [extension("votes")]: Object.fromEntries(decision.options.map((o) => [o.id, o.votes])),
        [extension("close-call")]: decision.close_call,
        [extension("tie-break")]: decision.tie_break,
      },
    },
    context: {
      registration: session.registration,
      contextActivities: {
        grouping: [{ objectType: "Activity", id: id.scenario, definition: { name: en(report.title) } }],
        other: [{ objectType: "Activity", id: id.choice(decision.node, decision.chosen) }],
      },
      extensions: { [extension("workshop")]: { seed: report.setup.seed, teams: report.teams.length } },
    },
  };
}
