import { describe, expect, it } from "vitest";
import { jobsServerKind, readJobsEnv } from "../src/env";

describe("jobs environment", () => {
  it("runs the embedded executor only when no Inngest server is named or implied", () => {
    expect(jobsServerKind(readJobsEnv({}))).toBe("embedded");
    expect(jobsServerKind(readJobsEnv({ INNGEST_BASE_URL: "http://inngest:8288" }))).toBe("inngest");
    expect(jobsServerKind(readJobsEnv({ INNGEST_DEV: "1" }))).toBe("inngest");
    // A signing key alone: Inngest Cloud.
    expect(jobsServerKind(readJobsEnv({ INNGEST_SIGNING_KEY: "signkey-prod-0a1b" }))).toBe("inngest");
  });
  it("names the variable that is wrong", () => {
    expect(() => readJobsEnv({ INNGEST_SIGNING_KEY: "secret" })).toThrow(
      "Invalid jobs environment: INNGEST_SIGNING_KEY: must look like signkey-<env>-<hex>",
    );
    expect(() => readJobsEnv({ INNGEST_BASE_URL: "not a url" })).toThrow(/INNGEST_BASE_URL/);
  });
});
