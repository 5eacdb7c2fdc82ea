import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetProviderCache } from "@yardstick/llm";
import { startFakeOpenAI, type FakeOpenAI } from "@yardstick/llm/testing";
import { newTenant } from "./helpers";
import { driftScenario, ingestTraces, waitFor } from "./watch-fixtures";

// A drift report's topics come from embedding clusters when the project has an OpenAI-compatible
// provider (the fake's /v1/embeddings: hashed bags of words), through the real router and job
// path; when that provider fails the report still completes, with TF-IDF terms, and says so.
const jobs = await vi.hoisted(async () => (await import("./job-server")).startJobServer());
beforeAll(() => jobs.serveApp());
afterAll(() => jobs.stop());

type Tenant = Awaited<ReturnType<typeof newTenant>>;
type TTopicsChart = { method: string; model: string | null; topics: Array<{ isNew: boolean; label: string }> };
type TTest = { name: string; value: number; note?: string };

describe("drift topics from embeddings", () => {
  let fake: FakeOpenAI;
  let t: Tenant;
  let projectId: string;

  beforeAll(async () => {
    fake = await startFakeOpenAI();
    resetProviderCache();
    t = await newTenant("drift-embed");
    projectId = t.project.id;
    await t.owner.caller.providers.set({
      projectId,
      provider: "openai-compatible",
      apiKey: "sk-local-123456",
      baseUrl: fake.url,
    });
    await ingestTraces(projectId, driftScenario(Date.now()));
  });
  afterAll(() => fake.close());

  async function topicsOfReport() {
    const c = t.owner.caller;
    const started = await c.drift.runNow({ projectId });
    const r = await waitFor(
      () => c.drift.get({ projectId, reportId: started.id }),
      (x) => x.status !== "running",
      "the report",
    );
    expect(r.status).toBe("completed");
    const f = r.findings.find((x) => x.kind === "topics")!;
    const tests = f.tests as TTest[];
    return {
      report: r,
      finding: f,
      chart: f.chart as TTopicsChart,
      test: (name: string) => tests.find((x) => x.name === name)!,
    };
  }

  it("clusters the sampled inputs' embeddings and flags the new topic", async () => {
    fake.reset();
    const { report, finding, chart, test } = await topicsOfReport();
    expect(chart).toMatchObject({ method: "embeddings", model: "text-embedding-3-small" });
    expect(report.summary).toMatchObject({ topicsMethod: "embeddings", refSampled: 140, windowSampled: 140 });
    expect(finding.severity).not.toBe("ok");
    expect(test("New-topic share").value).toBeGreaterThan(0);
    expect(test("JS distance of topic mix").note).toMatch(
      /^clusters from embeddings \(text-embedding-3-small, k = \d+\) of 140 reference and 140 window traces$/,
    );
    // The Spanish crypto-wallet questions exist only in the window: a new cluster labelled by their words.
    const fresh = chart.topics.filter((x) => x.isNew);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.some((x) => /billetera|cripto|transferencia/.test(x.label))).toBe(true);
    // 280 documents in batches of ≤ 96: three requests, every document embedded once.
    const calls = fake.requests.filter((r) => r.path === "/v1/embeddings");
    expect(calls).toHaveLength(3);
    const inputs = calls.flatMap((r) => (r.body as { input: string[] }).input);
    expect(inputs).toHaveLength(280);
    expect(calls.every((r) => (r.body as { input: string[] }).input.length <= 96)).toBe(true);
  });

  it("falls back to TF-IDF terms when the embedding provider fails, and says so", async () => {
    fake.reset();
    fake.failEmbeddings(500);
    const { report, finding, chart, test } = await topicsOfReport();
    expect(chart.method).toBe("tf-idf");
    expect(chart.model).toBeNull();
    expect(report.summary).toMatchObject({ topicsMethod: "tf-idf" });
    expect(test("JS distance of topic mix").note).toMatch(/^embedding provider failed: .*; TF-IDF terms used$/);
    expect(finding.severity).not.toBe("ok");
    expect(test("New-topic share").value).toBeGreaterThan(0);
    // The first batch, tried once and retried twice (maxRetries 2), then given up.
    expect(fake.requests.filter((r) => r.path === "/v1/embeddings")).toHaveLength(3);
  });
});
