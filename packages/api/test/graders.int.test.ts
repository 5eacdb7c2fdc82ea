// Grader versions: saving configs (versioned on change only), validation, same-family warnings, roles and tenant isolation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeAnthropic } from "@yardstick/llm/testing";
import { gradersTenant, JUDGE, RUBRIC, type Tenant } from "./graders-fixtures";
import { addMember, expectTrpcError, newTenant } from "./helpers";

describe("graders", () => {
  let fake: FakeAnthropic, t: Tenant, projectId: string, c: Tenant["owner"]["caller"];
  beforeAll(async () => {
    ({ fake, t, projectId, c } = await gradersTenant());
  });
  afterAll(() => fake.close());

  it("versions a grader on change only, stores the parsed config, lists it with its calibration status", async () => {
    const v1 = await c.graders.createVersion({ projectId, name: "helpful", config: JUDGE, message: "first" });
    expect(v1.changed).toBe(true);
    expect(v1.version).toMatchObject({
      version: 1,
      type: "llm_judge",
      judgeModel: "claude-sonnet-4-6",
      message: "first",
    });
    // Defaults made explicit: a later default change cannot alter this metric.
    expect(v1.version.config).toMatchObject({
      samples: 1,
      temperature: 0,
      passThreshold: 0.5,
      rubric: { scale: { min: 1, max: 5 } },
    });

    const same = await c.graders.createVersion({ projectId, name: "helpful", config: JUDGE, message: "again" });
    expect(same).toMatchObject({ changed: false, version: { version: 1, message: "first" } });

    const v2 = await c.graders.createVersion({
      projectId,
      name: "helpful",
      config: { ...JUDGE, samples: 3 },
      message: "three samples",
    });
    expect(v2).toMatchObject({
      changed: true,
      version: { version: 2 },
      grader: { id: v1.grader.id, latestVersion: 2 },
    });

    const got = await c.graders.get({ projectId, graderId: v1.grader.id });
    expect(got.versions.map((v) => [v.version, v.message, v.createdBy?.id])).toEqual([
      [2, "three samples", t.owner.id],
      [1, "first", t.owner.id],
    ]);
    expect(got.calibration.status).toBe("not_run");

    const defaulted = await c.graders.createVersion({
      projectId,
      name: "default-judge",
      config: { type: "llm_judge", rubric: RUBRIC },
      message: "m",
    });
    expect(defaulted.version).toMatchObject({
      judgeModel: "claude-sonnet-4-6",
      config: { model: "claude-sonnet-4-6" },
    });
    await c.graders.createVersion({ projectId, name: "exact", config: { type: "exact_match" }, message: "m" });
    const list = await c.graders.list({ projectId });
    expect(list.map((g) => [g.name, g.type, g.latestVersion, g.calibration.status])).toEqual([
      ["default-judge", "llm_judge", 1, "not_run"],
      ["exact", "exact_match", 1, "not_applicable"],
      ["helpful", "llm_judge", 2, "not_run"],
    ]);
  });

  it("an invalid config is BAD_REQUEST naming the field; VIEWER reads but cannot save", async () => {
    const hot = await expectTrpcError(
      c.graders.createVersion({ projectId, name: "bad", config: { ...JUDGE, temperature: 0.9 }, message: "m" }),
      "BAD_REQUEST",
    );
    expect(hot.cause).toMatchObject({ field: "config.temperature" });
    expect(hot.message).toMatch(/^config\.temperature: .*0\.3/);
    const typo = await expectTrpcError(
      c.graders.createVersion({ projectId, name: "bad", config: { ...JUDGE, rubrik: {} }, message: "m" }),
      "BAD_REQUEST",
    );
    expect(typo.cause).toMatchObject({ field: "config.rubrik" });
    const scale = await expectTrpcError(
      c.graders.createVersion({
        projectId,
        name: "bad",
        config: { ...JUDGE, rubric: { name: "r", scale: { min: 1, max: 3, anchors: { 1: "bad" } } } },
        message: "m",
      }),
      "BAD_REQUEST",
    );
    expect(scale.cause).toMatchObject({ field: "config.rubric.scale.anchors" });
    const type = await expectTrpcError(
      c.graders.createVersion({ projectId, name: "bad", config: { type: "vibes" }, message: "m" }),
      "BAD_REQUEST",
    );
    expect(type.cause).toMatchObject({ field: "config.type" });
    expect((await c.graders.list({ projectId })).some((g) => g.name === "bad")).toBe(false);

    const viewer = await addMember(t, "VIEWER");
    expect((await viewer.caller.graders.list({ projectId })).length).toBeGreaterThan(0);
    await expectTrpcError(
      viewer.caller.graders.createVersion({ projectId, name: "v", config: { type: "is_json" }, message: "m" }),
      "FORBIDDEN",
    );
    await expectTrpcError(
      viewer.caller.graders.preview({ projectId, config: { type: "is_json" }, item: { output: "{}" } }),
      "FORBIDDEN",
    );
  });

  it("a regex or JSON Schema pattern RE2 cannot run (lookaround, backreference) is BAD_REQUEST naming the field", async () => {
    const save = (config: unknown) =>
      c.graders.createVersion({ projectId, name: "re2", config: config as never, message: "m" });
    const ahead = await expectTrpcError(save({ type: "regex", pattern: "refund(?! denied)" }), "BAD_REQUEST");
    expect(ahead.cause).toMatchObject({ field: "config.pattern" });
    expect(ahead.message).toMatch(/^config\.pattern: lookahead .* not supported/);
    const backref = await expectTrpcError(save({ type: "regex", pattern: "(\\w+) \\1" }), "BAD_REQUEST");
    expect(backref.message).toMatch(/^config\.pattern: backreferences .* not supported/);
    const schema = await expectTrpcError(
      save({ type: "json_schema", schema: { type: "string", pattern: "(?<=\\$)\\d+" } }),
      "BAD_REQUEST",
    );
    expect(schema.cause).toMatchObject({ field: "config.schema" });
    expect(schema.message).toMatch(/regex at \/pattern: lookbehind .* not supported/);
    expect((await c.graders.list({ projectId })).some((g) => g.name === "re2")).toBe(false);
  });

  it("warns when judge and subject are the same model family", async () => {
    const same = await c.graders.createVersion({
      projectId,
      name: "self",
      config: JUDGE,
      message: "m",
      subjectModel: "claude-haiku-4-5",
    });
    expect(same.warnings).toHaveLength(1);
    expect(same.warnings[0]).toMatch(/both claude models.*self-preference/);
    const other = await c.graders.createVersion({
      projectId,
      name: "self",
      config: JUDGE,
      message: "m",
      subjectModel: "gpt-4o",
    });
    expect(other).toMatchObject({ changed: true, warnings: [] });
    const listed = await c.graders.list({ projectId });
    expect(listed.find((g) => g.name === "self")!.warnings).toEqual([]);
  });

  it("another tenant cannot read, preview or see a grader", async () => {
    const { grader } = await c.graders.createVersion({
      projectId,
      name: "private",
      config: { type: "is_json" },
      message: "m",
    });
    const b = await newTenant("graders-spy");
    const bp = b.project.id;
    await expectTrpcError(b.owner.caller.graders.get({ projectId: bp, graderId: grader.id }), "NOT_FOUND");
    await expectTrpcError(
      b.owner.caller.graders.preview({ projectId: bp, graderId: grader.id, item: { output: "{}" } }),
      "NOT_FOUND",
    );
    await expectTrpcError(b.owner.caller.graders.get({ projectId, graderId: grader.id }), "NOT_FOUND");
    await expectTrpcError(b.owner.caller.graders.delete({ projectId: bp, graderId: grader.id }), "NOT_FOUND");
    expect(await b.owner.caller.graders.list({ projectId: bp })).toEqual([]);
  });
});
