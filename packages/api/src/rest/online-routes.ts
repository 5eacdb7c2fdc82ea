import {
  MAX_ASSIGN_BODY_BYTES,
  ZAssignRequest,
  ZAssignResponse,
  ZExperimentConfigQuery,
  ZExperimentConfigResponse,
  ZExposuresRequest,
  ZExposuresResponse,
  ZPreferenceRequest,
  ZPreferenceResponse,
  type TAssignRequest,
  type TExposuresRequest,
  type TPreferenceRequest,
} from "@yardstick/contracts/online-experiments";
import {
  assignVariants,
  experimentConfigs,
  recordExposures,
  recordPreference,
} from "@yardstick/server/services/online-assignment";
import { defineRoute } from "./define-route";

// Online experiments for applications: assignment, the config an SDK evaluates locally, the
// exposures it reports, and interleaving preferences. All need the `assign` scope.

export const assignRoute = defineRoute<Record<string, never>, Record<string, never>, TAssignRequest>({
  method: "POST",
  path: "/api/public/assignments",
  summary: "Assign a unit to online experiments",
  description:
    "`{unit: {id, attributes}, experiments: [keys]}` → per experiment the variant, its resolved prompt version and an " +
    "assignmentId to attach to traces (`trace-create` body `assignmentIds`; the SDK does it). Sticky: a unit keeps its " +
    "variant when weights or a bandit's allocation change. Exposure is recorded once per unit. Units outside coverage, " +
    "and experiments that are not running, get the control (or the shipped variant) with `inExperiment: false`. " +
    "Interleaving experiments answer both variants in a randomised, recorded order. Unknown keys answer 404 and a unit " +
    "without the experiment's attribute 400; nothing is written then. Needs the `assign` scope.",
  scopes: ["assign"],
  body: { kind: "json", schema: ZAssignRequest, maxBytes: MAX_ASSIGN_BODY_BYTES },
  response: { status: 200, description: "One assignment per experiment, in request order", schema: ZAssignResponse },
  errors: [400, 404, 413],
  handler: async ({ key, body }) => ({
    body: await assignVariants(key.projectId, body),
    headers: { "cache-control": "no-store, no-transform" },
  }),
});

export const experimentConfigRoute = defineRoute({
  method: "GET",
  path: "/api/public/assignments/config",
  summary: "Experiment configs for local evaluation",
  description:
    "What an SDK needs to evaluate assignments itself: status, unit, coverage, seed, bucket version, hash version (2, " +
    "GrowthBook-compatible), the current allocation and each variant's resolved prompt version. `keys` narrows it " +
    "(repeatable); without it every non-draft experiment. Report exposures to /api/public/assignments/exposures. " +
    "Needs the `assign` scope.",
  scopes: ["assign"],
  query: ZExperimentConfigQuery,
  response: { status: 200, description: "Configs and how long to keep them", schema: ZExperimentConfigResponse },
  errors: [400, 404],
  handler: async ({ key, query }) => {
    const keys = query.keys === undefined ? undefined : Array.isArray(query.keys) ? query.keys : [query.keys];
    const body = await experimentConfigs(key.projectId, keys);
    return { body, headers: { "cache-control": `private, max-age=${body.ttlSeconds}` } };
  },
});

export const exposuresRoute = defineRoute<Record<string, never>, Record<string, never>, TExposuresRequest>({
  method: "POST",
  path: "/api/public/assignments/exposures",
  summary: "Report exposures evaluated locally",
  description:
    "Up to 500 exposures `{experiment, unitId, variant, bucketVersion, allocationVersion}`. The first exposure of a unit " +
    "is stored (as a server-side assignment would be); later ones, stale bucket versions and experiments not running " +
    "are counted as ignored. Needs the `assign` scope.",
  scopes: ["assign"],
  body: { kind: "json", schema: ZExposuresRequest, maxBytes: 256 * 1024 },
  response: { status: 200, description: "How many were recorded", schema: ZExposuresResponse },
  errors: [400, 404, 413],
  handler: async ({ key, body }) => ({ body: await recordExposures(key.projectId, body) }),
});

export const preferenceRoute = defineRoute<Record<string, never>, Record<string, never>, TPreferenceRequest>({
  method: "POST",
  path: "/api/public/assignments/preferences",
  summary: "Record an interleaving preference",
  description:
    "`{assignmentId, chosenVariant}` for an interleaving assignment: the variant key the user chose, or null for a tie. " +
    "Recorded once; a repeat answers `recorded: false`. Needs the `assign` scope.",
  scopes: ["assign"],
  body: { kind: "json", schema: ZPreferenceRequest, maxBytes: 4 * 1024 },
  response: { status: 200, description: "Whether this call recorded it", schema: ZPreferenceResponse },
  errors: [400, 404],
  handler: async ({ key, body }) => ({ body: await recordPreference(key.projectId, body) }),
});
