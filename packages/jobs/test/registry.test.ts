import { describe, expect, it } from "vitest";
import { compileCondition, compileKey } from "../src/embedded/expressions";
import { parseRegistration, toFunctionDef } from "../src/embedded/registry";

const fn = (extra: Record<string, unknown> = {}) => ({
  id: "app-fn",
  name: "Fn",
  triggers: [{ event: "a/b" }],
  steps: {
    step: {
      id: "step",
      name: "step",
      runtime: { type: "http", url: "http://127.0.0.1:3000/api/inngest?fnId=app-fn&stepId=step" },
    },
  },
  ...extra,
});
const body = (...functions: object[]) => ({ url: "http://127.0.0.1:3000/api/inngest", appName: "app", functions });

describe("expressions", () => {
  it("evaluates event.data paths and constants as concurrency keys", () => {
    expect(compileKey("event.data.user.id")({ data: { user: { id: "u1" } } })).toBe("u1");
    expect(compileKey("event.data.n")({ data: { n: 7 } })).toBe("7");
    expect(compileKey("event.data.missing")({ data: {} })).toBe("null");
    expect(compileKey('"ai"')({ data: {} })).toBe("ai");
  });
  it("evaluates path == literal conditions", () => {
    const cond = compileCondition("event.data.function_id == 'app-fn'");
    expect(cond({ data: { function_id: "app-fn" } })).toBe(true);
    expect(cond({ data: { function_id: "other" } })).toBe(false);
    expect(compileCondition("event.data.n == 3")({ data: { n: 3 } })).toBe(true);
  });
  it("refuses anything else, naming the expression", () => {
    expect(() => compileKey("event.data.a + '-' + event.data.b")).toThrow(
      /concurrency key "event.data.a \+ '-' \+ event.data.b" is not supported/,
    );
    expect(() => compileCondition("event.data.n > 3")).toThrow(
      /trigger expression "event.data.n > 3" is not supported/,
    );
    expect(() => compileCondition("event.data.n == 3 && event.data.m == 4")).toThrow(/not supported/);
  });
});

describe("parseRegistration", () => {
  it("turns the SDK's payload into stored functions (retries + 1 attempts, default 4 retries)", () => {
    const { appName, functions } = parseRegistration(
      body(
        fn({ steps: { step: { ...fn().steps.step, retries: { attempts: 2 } } } }),
        fn({ id: "app-cron", triggers: [{ cron: "0 * * * *" }] }),
      ),
    );
    expect(appName).toBe("app");
    expect(functions.map((f) => [f.id, f.maxAttempts])).toEqual([
      ["app-fn", 3],
      ["app-cron", 5],
    ]);
  });
  it("refuses features the embedded executor does not implement, naming them", () => {
    expect(() =>
      parseRegistration(body(fn({ debounce: { period: "5s" }, throttle: { limit: 1, period: "1s" } }))),
    ).toThrow("function app-fn: throttle, debounce not supported by the embedded executor");
    expect(() => parseRegistration(body(fn({ triggers: [{ event: "a/b", expression: "event.data.x > 1" }] })))).toThrow(
      /function app-fn: trigger expression/,
    );
    expect(() =>
      parseRegistration(body(fn({ concurrency: [{ key: "event.data.a + event.data.b", limit: 1 }] }))),
    ).toThrow(/function app-fn: concurrency key/);
    expect(() => parseRegistration({ url: "x" })).toThrow(/invalid register payload: url/);
  });
  it("reads limits and wildcard triggers", () => {
    const def = toFunctionDef({
      id: "f",
      url: "http://x",
      maxAttempts: 1,
      triggers: [{ event: "app/*" }],
      concurrency: [{ limit: 5 }, { key: "event.data.t", limit: 2 }],
    });
    expect(def.fnLimit).toBe(5);
    expect(def.keyLimit?.limit).toBe(2);
    expect(def.events[0]!.matches({ name: "app/x.created" })).toBe(true);
    expect(def.events[0]!.matches({ name: "other/x" })).toBe(false);
    expect(toFunctionDef({ id: "f", url: "http://x", maxAttempts: 1, triggers: [], concurrency: 3 }).fnLimit).toBe(3);
  });

  it("accepts a single concurrency option, as the SDK registers `concurrency: { limit: 1 }`", () => {
    expect(() => parseRegistration(body(fn({ concurrency: { limit: 1 } })))).not.toThrow();
    const one = { id: "f", url: "http://x", maxAttempts: 1, triggers: [], concurrency: { limit: 1 } };
    expect(toFunctionDef(one).fnLimit).toBe(1);
    const keyed = { ...one, concurrency: { key: "event.data.t", limit: 2 } };
    expect(toFunctionDef(keyed).keyLimit?.limit).toBe(2);
  });
});
