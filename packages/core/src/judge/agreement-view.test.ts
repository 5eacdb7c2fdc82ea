import { describe, expect, it } from "vitest";
import { confusionView, judgeBias, scoreDistribution } from "./agreement-view";
import { judgeAgreement } from "./calibration";

describe("confusionView", () => {
  const levels = [1, 2, 3];
  const confusion = [
    [2, 1, 0],
    [0, 3, 1],
    [0, 0, 0],
  ];

  it("turns a confusion matrix into cells with row shares, intensity and the diagonal", () => {
    const v = confusionView(levels, confusion);
    expect(v.total).toBe(7);
    expect(v.rows.map((r) => r.total)).toEqual([3, 4, 0]);
    expect(v.columnTotals).toEqual([2, 4, 1]);
    expect(v.rows[0]!.cells[0]).toMatchObject({
      human: 1,
      judge: 1,
      count: 2,
      rowShare: 2 / 3,
      intensity: 2 / 3,
      diagonal: true,
      distance: 0,
    });
    expect(v.rows[1]!.cells[2]).toMatchObject({
      human: 2,
      judge: 3,
      count: 1,
      rowShare: 0.25,
      intensity: 1 / 3,
      diagonal: false,
      distance: 1,
    });
    // An empty row has no shares rather than NaN.
    expect(v.rows[2]!.cells.map((c) => c.rowShare)).toEqual([0, 0, 0]);
    expect(v.exactShare).toBeCloseTo(5 / 7, 15);
    expect(v.withinOneShare).toBe(1);
  });

  it("gives marginals and the judge's leniency", () => {
    const v = confusionView(levels, confusion);
    expect(scoreDistribution(v).map((d) => [d.level, d.human, d.judge])).toEqual([
      [1, 3, 2],
      [2, 4, 4],
      [3, 0, 1],
    ]);
    // human mean (3·1 + 4·2)/7, judge mean (2·1 + 4·2 + 1·3)/7
    expect(judgeBias(v)).toBeCloseTo((13 - 11) / 7, 15);
  });

  it("agrees with judgeAgreement's own exact agreement and handles an empty run", () => {
    const human = [1, 2, 3, 4, 5, 5, 4, 3, 2, 1, 3, 3];
    const judge = [1, 2, 4, 4, 5, 4, 4, 3, 1, 1, 3, 2];
    const a = judgeAgreement(human, judge, { resamples: 200, seed: 1 });
    const v = confusionView(a.levels, a.confusion);
    expect(v.exactShare).toBeCloseTo(a.exactAgreement!, 15);
    expect(v.total).toBe(human.length);

    const empty = confusionView(
      [1, 2],
      [
        [0, 0],
        [0, 0],
      ],
    );
    expect(empty).toMatchObject({ total: 0, exactShare: null, withinOneShare: null });
    expect(judgeBias(empty)).toBeNull();
    expect(() => confusionView([1, 2, 3], [[1]])).toThrow(RangeError);
  });
});
