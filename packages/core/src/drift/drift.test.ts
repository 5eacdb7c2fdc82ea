import { describe, expect, it } from "vitest";
import { mulberry } from "../dashboards/rng";
import {
  assessJudgeDrift,
  assessQuality,
  compareCategorical,
  compareNumeric,
  compareTopics,
  detectLanguage,
  emptyHistogram,
  mergeHistogram,
  sampleRateMillionths,
  textOf,
} from "./index";

describe("language detector", () => {
  it.each([
    ["How do I reset my password for the account?", "en"],
    ["¿Cómo puedo cambiar la contraseña de mi cuenta por favor?", "es"],
    ["Comment est-ce que je peux changer le mot de passe de mon compte ?", "fr"],
    ["Wie kann ich das Passwort für mein Konto ändern, bitte?", "de"],
    ["Как изменить пароль учетной записи?", "ru"],
    ["パスワードを変更するにはどうすればいいですか", "ja"],
    ["如何更改我的账户密码", "zh"],
    ["ok", "und"],
  ])("%s → %s", (text, lang) => expect(detectLanguage(text)).toBe(lang));
});

describe("text and sampling", () => {
  it("reads the strings of chat JSON, not roles", () => {
    expect(
      textOf([
        { role: "user", content: "hello there" },
        { role: "assistant", content: [{ type: "text", text: "hi" }] },
      ]),
    ).toBe("hello there hi");
    expect(textOf("x".repeat(10_000)).length).toBe(4000);
  });
  it("keeps everything under the limit and scales the rate above it", () => {
    expect(sampleRateMillionths(100, 5000)).toBe(1_000_000);
    expect(sampleRateMillionths(50_000, 5000)).toBeCloseTo(110_000, -1);
  });
});

describe("distribution comparisons", () => {
  const rng = mulberry(7);
  const normal = (m: number, s: number) =>
    m + s * Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  it("does not flag the same distribution and flags a shifted one", () => {
    const ref = Array.from({ length: 800 }, () => normal(100, 20));
    const same = Array.from({ length: 800 }, () => normal(100, 20));
    const shifted = Array.from({ length: 800 }, () => normal(160, 20));
    expect(compareNumeric(ref, same).severity).toBe("ok");
    const r = compareNumeric(ref, shifted);
    expect(r.severity).toBe("alert");
    expect(r.tests.find((t) => t.name === "PSI")!.value).toBeGreaterThan(0.25);
    expect(r.bins.reduce((a, b) => a + b.ref, 0)).toBeCloseTo(1);
  });
  it("separates a shifted window from a constant reference (PSI and JS do not read 0)", () => {
    const ref = Array.from({ length: 200 }, () => 46);
    const cur = Array.from({ length: 200 }, () => Math.round(normal(110, 10)));
    const r = compareNumeric(ref, cur);
    expect(r.tests.find((t) => t.name === "PSI")!.severity).toBe("alert");
    expect(r.tests.find((t) => t.name === "JS distance")!.severity).toBe("alert");
    expect(r.bins.reduce((a, b) => a + b.cur, 0)).toBeCloseTo(1);
    // The same constant in both windows is still no drift.
    const same = compareNumeric(ref, ref.slice());
    expect(same.tests.find((t) => t.name === "PSI")!.value).toBe(0);
    expect(same.severity).toBe("ok");
  });
  it("skips tiny windows", () => {
    expect(compareNumeric([1, 2, 3], [4, 5, 6]).tests[0]!.name).toBe("samples");
  });
  it("compares category mixes", () => {
    const ref = new Map([
      ["en", 90],
      ["es", 10],
    ]);
    expect(
      compareCategorical(
        ref,
        new Map([
          ["en", 88],
          ["es", 12],
        ]),
      ).severity,
    ).toBe("ok");
    expect(
      compareCategorical(
        ref,
        new Map([
          ["en", 30],
          ["es", 70],
        ]),
      ).severity,
    ).toBe("alert");
  });
});

describe("topics", () => {
  it("labels clusters and counts a topic absent from the reference as new", () => {
    const ref = Array.from({ length: 60 }, (_, i) =>
      i % 2 ? `refund for my order ${i}` : `shipping delay on parcel ${i}`,
    );
    const cur = [
      ...Array.from({ length: 30 }, (_, i) => `refund for my order ${i}`),
      ...Array.from({ length: 30 }, (_, i) => `crypto wallet transfer failed ${i}`),
    ];
    const r = compareTopics(ref, cur);
    const wallet = r.topics.find((t) => t.label.includes("wallet") || t.label.includes("crypto"))!;
    expect(wallet.isNew).toBe(true);
    expect(r.newTopicShare).toBeCloseTo(0.5, 1);
    expect(r.jsDistance).toBeGreaterThan(0.2);
  });
});

describe("quality", () => {
  const hist = (values: number[]) => {
    const h = emptyHistogram();
    for (const v of values) mergeHistogram(h, { n: 1, sum: v, sumSq: v * v, b: [Math.floor(v * 100)], c: [1] });
    return h;
  };
  const days = (m: number, k: number) =>
    Array.from({ length: k }, (_, i) => ({ t: `d${i}`, n: 50, mean: m + (i % 2 ? 0.05 : -0.05) }));
  it("flags a lower-scoring window on a 1–5 scale against a golden baseline", () => {
    const low = Array.from({ length: 200 }, (_, i) => (i % 2 ? 2 : 3));
    const ref = Array.from({ length: 200 }, (_, i) => (i % 4 ? 4 : 5));
    const r = assessQuality({
      name: "helpfulness",
      window: hist(low),
      reference: hist(ref),
      history: days(4.2, 14),
      windowDays: [{ t: "today", n: 200, mean: 2.5 }],
      baseline: { kind: "golden", value: 4.3, label: "run x" },
      badThreshold: null,
    });
    expect(r.scale.kind).toBe("likert5");
    expect(r.severity).toBe("alert");
    expect(r.badShare).toBeCloseTo(0.5);
    expect(r.p10).toBe(2);
    expect(r.tests.map((t) => t.name)).toEqual(expect.arrayContaining(["CUSUM (downward)", "Page–Hinkley (downward)"]));
    expect(r.tests.find((t) => t.name === "CUSUM (downward)")!.severity).toBe("warn");
  });
  it("stays quiet when nothing moved", () => {
    const v = Array.from({ length: 200 }, (_, i) => (i % 4 ? 4 : 5));
    const r = assessQuality({
      name: "helpfulness",
      window: hist(v),
      reference: hist(v),
      history: days(4.25, 14),
      windowDays: [{ t: "today", n: 200, mean: 4.25 }],
      baseline: { kind: "reference", value: 4.25, label: "reference" },
      badThreshold: null,
    });
    expect(r.severity).toBe("ok");
  });
});

describe("judge drift", () => {
  const items = Array.from({ length: 20 }, (_, i) => ({ itemKey: `i${i}`, human: (i % 5) + 1 }));
  const run = (id: string, f: (h: number) => number) => ({
    runId: id,
    at: id,
    graderVersion: 1,
    judgments: items.map((x) => ({ ...x, judge: f(x.human) })),
  });
  it("flags a judge whose verdicts on the anchor items moved, not one that stayed", () => {
    const base = run("b", (h) => h);
    expect(assessJudgeDrift(base, [run("r1", (h) => h)], { min: 1, max: 5 }).changed).toBe(false);
    const moved = assessJudgeDrift(base, [run("r1", () => 1)], { min: 1, max: 5 });
    expect(moved.changed).toBe(true);
    expect(moved.looks[0]!.meanDiff).toBeGreaterThan(1);
  });
});
