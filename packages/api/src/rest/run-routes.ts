import { z } from "zod";
import { ZExperimentIdParam } from "@yardstick/contracts/experiments";
import {
  ZDatasetNameParam,
  ZPublicComparison,
  ZPublicCompareQuery,
  ZPublicDatasetPullQuery,
  ZPublicDatasetPushQuery,
  ZPublicDatasetPushResponse,
  ZPublicRunListQuery,
  ZPublicRunListResponse,
  ZPublicRunProgress,
  ZPublicStartRunRequest,
  ZPublicStartRunResponse,
} from "@yardstick/contracts/public-runs";
import { experimentRequested } from "@yardstick/jobs";
import { failExperimentRun } from "@yardstick/server/services/experiment-runner";
import {
  comparePublicRun,
  createRunByNames,
  getPublicRunProgress,
  listPublicRuns,
} from "@yardstick/server/services/experiments-public";
import { pullDatasetJsonl, pushDatasetJsonl } from "@yardstick/server/services/datasets-public";
import { enqueueJob } from "../enqueue";
import { defineRoute } from "./define-route";

// What the `yardstick` CLI needs of the public API: start a run by names, poll it, compare it,
// list runs, and push/pull datasets as JSONL. A `run` key starts runs and pushes datasets, and
// reads what it started; a `read` key reads.

const READ_OR_RUN: ["read", "run"] = ["read", "run"];
const JSONL_TYPES = ["application/x-ndjson", "application/jsonl", "text/plain"];
/** The dataset import's own limit (20 MB). */
const MAX_JSONL_BYTES = 20 * 1024 * 1024;
const NO_STORE = { "cache-control": "no-store" };

export const startRunRoute = defineRoute<
  Record<string, never>,
  Record<string, never>,
  z.output<typeof ZPublicStartRunRequest>
>({
  method: "POST",
  path: "/api/public/experiments",
  summary: "Start an experiment run by names",
  description:
    "Dataset `name[@version]`, prompt `name@<label|version>`, graders by name (each with an optional `threshold` on " +
    "`passRate` or `meanScore`). With `baseline` (a label or version of the same prompt, or `name@label`), the baseline " +
    "is arm 0 and the candidate arm 1 of the same run, so they are compared item by item. Answers at once with the " +
    "queued run; poll `/api/public/experiments/{id}/progress`. A client mistake is a 400 (or 404) whose message starts " +
    "with the field (`graders.1.name: …`). Needs the `run` scope.",
  scopes: ["run"],
  body: { kind: "json", schema: ZPublicStartRunRequest, maxBytes: 64 * 1024 },
  response: { status: 201, description: "The queued run", schema: ZPublicStartRunResponse },
  errors: [400, 404, 412],
  handler: async ({ key, body }) => {
    const started = await createRunByNames(key.projectId, body);
    await enqueueJob(experimentRequested.create({ projectId: key.projectId, runId: started.runId }), (message) =>
      failExperimentRun(key.projectId, started.runId, message),
    );
    return { status: 201, body: started, headers: NO_STORE };
  },
});

export const listRunsRoute = defineRoute({
  method: "GET",
  path: "/api/public/experiments",
  summary: "List experiment runs",
  description:
    "Newest first; `dataset` filters by dataset name; pass `nextCursor` back as `cursor`. Needs `read` or `run`.",
  scopes: READ_OR_RUN,
  query: ZPublicRunListQuery,
  response: { status: 200, description: "A page of runs", schema: ZPublicRunListResponse },
  errors: [400, 404],
  handler: async ({ key, query }) => ({ body: await listPublicRuns(key.projectId, query), headers: NO_STORE }),
});

export const runProgressRoute = defineRoute({
  method: "GET",
  path: "/api/public/experiments/{id}/progress",
  summary: "An experiment run's progress",
  description: "Status and counters (cases done, errors, cached, cost so far), cheap enough to poll every second.",
  scopes: READ_OR_RUN,
  params: z.object({ id: ZExperimentIdParam }),
  response: { status: 200, description: "Progress", schema: ZPublicRunProgress },
  errors: [400, 404],
  handler: async ({ key, params }) => ({
    body: await getPublicRunProgress(key.projectId, params.id),
    headers: NO_STORE,
  }),
});

export const compareRunRoute = defineRoute({
  method: "GET",
  path: "/api/public/experiments/{id}/compare",
  summary: "Compare a run with a baseline",
  description:
    "The run's candidate arm (`candidateArm`, default its last) against `baselineRunId` (another run over the same " +
    "dataset version; default arm: its last, the candidate it gated) and/or `baselineArm` (default 0 of this run). Per grader: pass rate (McNemar) and mean score (paired t), " +
    "delta with a bootstrap CI, Holm-adjusted p, the project's minimum effect, and a conclusion; the items that got " +
    "worst. `partition` restricts both sides to one partition's items. Needs `read` or `run`.",
  scopes: READ_OR_RUN,
  params: z.object({ id: ZExperimentIdParam }),
  query: ZPublicCompareQuery,
  response: { status: 200, description: "The comparison", schema: ZPublicComparison },
  errors: [400, 404, 412],
  handler: async ({ key, params, query }) => ({
    body: await comparePublicRun(key.projectId, params.id, query),
    headers: NO_STORE,
  }),
});

export const pullDatasetRoute = defineRoute({
  method: "GET",
  path: "/api/public/datasets/{name}/jsonl",
  summary: "A dataset version as JSONL",
  description:
    "The latest version unless `version` is given; one item per line in the import format. The version is in the " +
    "`x-dataset-version` header. Needs `read` or `run`.",
  scopes: READ_OR_RUN,
  params: z.object({ name: ZDatasetNameParam }),
  query: ZPublicDatasetPullQuery,
  response: { status: 200, description: "JSONL", contentTypes: ["application/x-ndjson"] },
  errors: [400, 404],
  handler: async ({ key, params, query }) => {
    const file = await pullDatasetJsonl(key.projectId, params.name, query.version);
    return new Response(file.content, {
      status: 200,
      headers: {
        "content-type": "application/x-ndjson; charset=utf-8",
        "content-disposition": `attachment; filename="${file.filename}"`,
        "x-dataset-version": String(file.version),
        "cache-control": "no-store",
      },
    });
  },
});

export const pushDatasetRoute = defineRoute({
  method: "POST",
  path: "/api/public/datasets/{name}/jsonl",
  summary: "Push a JSONL file as a dataset version",
  description:
    "Creates the dataset when it does not exist. `mode=replace` (default: the file becomes the whole dataset), `upsert` " +
    "or `append`. Strict and all-or-nothing: any invalid line rejects the file with its line and field. A file that " +
    "changes nothing writes no version. Needs the `run` scope.",
  scopes: ["run"],
  params: z.object({ name: ZDatasetNameParam }),
  query: ZPublicDatasetPushQuery,
  body: { kind: "raw", contentTypes: JSONL_TYPES, maxBytes: MAX_JSONL_BYTES },
  response: { status: 200, description: "The dataset's version after the push", schema: ZPublicDatasetPushResponse },
  errors: [400, 409, 413, 415],
  handler: async ({ key, params, query, body }) => ({
    body: await pushDatasetJsonl(key.projectId, params.name, {
      content: new TextDecoder("utf-8", { fatal: false }).decode(body as unknown as Uint8Array),
      mode: query.mode,
      message: query.message,
    }),
    headers: NO_STORE,
  }),
});
