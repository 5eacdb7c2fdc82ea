import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@yardstick/db";
import { ingestEvents } from "@yardstick/server/services/ingestion";
import { assignVariants } from "@yardstick/server/services/online-assignment";
import {
  createOnlineExperiment,
  onlineExperimentReadout,
  startOnlineExperiment,
} from "@yardstick/server/services/online-experiments";
import { createProject } from "@yardstick/server/services/projects";
import { createBanditAllocationFn } from "../src/functions/bandit-allocation.cron";
import { startHarness, type THarness } from "./harness";

// A simulated bandit run through the cron function on the deterministic harness (virtual clock,
// real HTTP to the function, real Postgres): units are assigned through the assignment service,
// their traces and `converted` events are ingested like an application's, and every 5 minutes
// the cron recomputes the allocation. Arm "b" converts at 60 %, arm "a" at 20 %: traffic must
// move to "b", each allocation is stored as a version, and assigned units keep their variant.

const RATES: Record<string, number> = { a: 0.2, b: 0.6 };

/** Deterministic uniform in [0, 1) from a string (no Math.random in tests). */
function coin(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

describe("bandit-allocation cron", () => {
  let h: THarness;
  beforeAll(async () => {
    h = await startHarness((client) => [createBanditAllocationFn(client)]);
  });
  afterAll(() => h.close());

  it("shifts traffic toward the better arm, versioning each allocation", { timeout: 240_000 }, async () => {
    const org = await getDb().organization.create({ data: { name: "bandit org" }, select: { id: true } });
    const project = await createProject(org.id, "bandit");
    const key = { id: "k", projectId: project.id, scopes: ["ingest" as const] };
    const e = await createOnlineExperiment(project.id, null, {
      projectId: project.id,
      key: "reply-style",
      name: "Reply style bandit",
      hypothesis: "",
      unitType: "userId",
      coverage: 1,
      mode: "thompson",
      primaryMetric: { kind: "event", name: "converted" },
      secondaryMetrics: [],
      guardrails: [],
      shipLabel: "production",
      variants: [
        { key: "a", name: "A", weight: 0.5 },
        { key: "b", name: "B", weight: 0.5 },
      ],
      banditIntervalMinutes: 5,
      banditBurnIn: 20,
      banditFloor: 0.05,
      epsilon: 0.1,
    });
    await startOnlineExperiment(project.id, e.id);

    const firstVariant = new Map<string, string>();
    const servedPerRound: Array<Record<string, number>> = [];
    for (let round = 0; round < 6; round++) {
      const served: Record<string, number> = { a: 0, b: 0 };
      const batch = [];
      for (let i = 0; i < 80; i++) {
        const unit = `r${round}-u${i}`;
        const { assignments } = await assignVariants(project.id, { unit: { id: unit }, experiments: ["reply-style"] });
        const a = assignments[0]!;
        served[a.variant]!++;
        firstVariant.set(unit, a.variant);
        const traceId = randomUUID();
        const ts = new Date().toISOString();
        batch.push({
          id: randomUUID(),
          type: "trace-create",
          timestamp: ts,
          body: { id: traceId, userId: unit, assignmentIds: [a.assignmentId!] },
        });
        if (coin(unit) < RATES[a.variant]!)
          batch.push({ id: randomUUID(), type: "event-create", timestamp: ts, body: { traceId, name: "converted" } });
      }
      const res = await ingestEvents(key, { batch });
      expect(res.errors).toEqual([]);
      servedPerRound.push(served);
      await h.advance(6 * 60_000); // the cron fires (the experiment is due every 5 minutes)
    }

    const r = await onlineExperimentReadout(project.id, e.id);
    // one allocation per round after the initial one
    expect(r.allocations.length).toBeGreaterThanOrEqual(6);
    const last = r.allocations.at(-1)!.weights;
    expect(last.b!).toBeGreaterThan(0.8);
    expect(last.a!).toBeGreaterThanOrEqual(0.05 - 1e-9); // the floor
    // traffic moved: the last round served "b" far more than the first
    expect(servedPerRound.at(-1)!.b!).toBeGreaterThan(servedPerRound.at(-1)!.a! * 3);
    expect(r.bandit?.regret).toBeGreaterThan(0);
    expect("ipw" in r && r.ipw).toBe(true);
    expect(r.readout?.primary.estimator).toBe("ipw");
    // sticky: units assigned in round 0 keep their variant under the new allocation
    for (let i = 0; i < 10; i++) {
      const unit = `r0-u${i}`;
      const { assignments } = await assignVariants(project.id, { unit: { id: unit }, experiments: ["reply-style"] });
      expect(assignments[0]!.variant).toBe(firstVariant.get(unit));
    }
  });
});
