// Shared setup for the grader integration tests: judge configs and a tenant whose Anthropic provider is a fake.
import { resetProviderCache } from "@yardstick/llm";
import { startFakeAnthropic } from "@yardstick/llm/testing";
import { newTenant } from "./helpers";

export type Tenant = Awaited<ReturnType<typeof newTenant>>;

const KEY = "sk-ant-graders-key-1234";
export const RUBRIC = { name: "helpfulness", criteria: ["Answers the question asked", "Is factually correct"] };
export const JUDGE = { type: "llm_judge", rubric: RUBRIC, model: "claude-sonnet-4-6" } as const;

/** A fresh tenant whose anthropic provider is a started fake Anthropic server (close it after the tests). */
export async function gradersTenant() {
  const fake = await startFakeAnthropic({ apiKey: KEY });
  const t = await newTenant("graders");
  const projectId = t.project.id;
  const c = t.owner.caller;
  resetProviderCache();
  await c.providers.set({ projectId, provider: "anthropic", apiKey: KEY, baseUrl: fake.url });
  return { fake, t, projectId, c };
}
