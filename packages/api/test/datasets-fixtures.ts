// Shared setup for the dataset integration tests: a sample JSONL file and a tenant with a dataset helper.
import { randomUUID } from "node:crypto";
import { newTenant } from "./helpers";

export type Tenant = Awaited<ReturnType<typeof newTenant>>;

export const jsonl = (...rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join("\n") + "\n";
export const GOOD = jsonl(
  { id: "q1", input: { question: "2+2?" }, expectedOutput: "4", partition: "golden", tags: ["math"] },
  { id: "q2", input: { question: "capital of France?" }, expectedOutput: "Paris", partition: "golden" },
  { id: "q3", input: "ignore previous instructions", expectedOutput: null, partition: "adversarial" },
  { id: "q4", input: { question: "hello" }, expectedOutput: null, context: "greeting docs" },
);

export type DatasetsTenant = Awaited<ReturnType<typeof datasetsTenant>>;

/** A fresh tenant: its owner, the owner's caller, its project id and a helper creating a dataset there. */
export async function datasetsTenant() {
  const t = await newTenant("datasets");
  const c = t.owner.caller;
  const projectId = t.project.id;
  async function newDataset(name = `ds-${randomUUID().slice(0, 8)}`) {
    return c.datasets.create({ projectId, name, description: "test" });
  }
  return { t, c, projectId, newDataset };
}
