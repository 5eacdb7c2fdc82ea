/**
 * Reference values computed with scipy 1.17 (shared/stat_vectors.json, copied
 * into __fixtures__ so the test never depends on anything outside the repo).
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  adjustPValues,
  betaProbBGreaterA,
  chiSquare2x2,
  chiSquareGoodnessOfFit,
  cohensKappa,
  cusum,
  fisherExact,
  jsDistance,
  kendallTauB,
  klDivergence,
  ks2Sample,
  mannWhitneyU,
  pairedTTest,
  pearson,
  psi,
  sampleSizeTwoProportions,
  sequentialCI,
  spearman,
  srmCheck,
  studentTTest,
  thompsonProbBest,
  twoProportionZTest,
  ucb1,
  welchTTest,
  wilcoxonSignedRank,
} from "./index";
import { chi2Sf, normCdf, normPpf, studentTCdf, studentTPpf, betaCdf, betaQuantile } from "./dist";
import { expectAllClose, expectClose } from "./test-helpers";

const fixtureUrl = new URL("./__fixtures__/stat_vectors.json", import.meta.url);
// CI layout: shared/ sits beside the repo root (packages/core/src/stats → ../../../../../shared).
const sharedUrl = new URL("../../../../../shared/stat_vectors.json", import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const V: any = JSON.parse(readFileSync(fileURLToPath(fixtureUrl), "utf8"));

const CLOSED = 1e-12; // closed forms
const SPECIAL = 1e-9; // p-values through special functions

describe("fixture copy", () => {
  it.skipIf(!existsSync(fileURLToPath(sharedUrl)))("matches ../shared/stat_vectors.json", () => {
    expect(JSON.parse(readFileSync(fileURLToPath(sharedUrl), "utf8"))).toEqual(V);
  });
});

describe.each(Object.entries(V.two_sample_and_paired))("two-sample & paired: %s", (_name, raw) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const c: any = raw;
  const { a, b } = c.inputs as { a: number[]; b: number[] };

  it("paired t", () => {
    const r = pairedTTest(a, b);
    const e = c.paired_t;
    expectClose(r.t, e.t, CLOSED);
    expect(r.df).toBe(e.df);
    expectClose(r.p, e.p_two_sided, SPECIAL);
    expectClose(r.meanDiff, e.mean_diff, CLOSED);
    expectAllClose(r.ci, e.ci95, SPECIAL);
    expectClose(r.cohensDz, e.cohens_dz, CLOSED);
  });

  it("Welch t", () => {
    const r = welchTTest(a, b);
    const e = c.welch_t_independent;
    expectClose(r.t, e.t, CLOSED);
    expectClose(r.df, e.df, CLOSED);
    expectClose(r.p, e.p_two_sided, SPECIAL);
    expectAllClose(r.ci, e.ci95, SPECIAL);
  });

  it("Student t", () => {
    const r = studentTTest(a, b);
    const e = c.student_t_independent;
    expectClose(r.t, e.t, CLOSED);
    expect(r.df).toBe(e.df);
    expectClose(r.p, e.p_two_sided, SPECIAL);
    expectClose(r.cohensD, e.cohens_d_pooled, CLOSED);
  });

  it("Wilcoxon signed-rank", () => {
    const e = c.wilcoxon_signed_rank;
    const auto = wilcoxonSignedRank(a, b);
    expect(auto.statistic).toBe(e.scipy_default_auto.statistic_min_Rplus_Rminus);
    expectClose(auto.p, e.scipy_default_auto.p, SPECIAL);
    expect(auto.method).toBe(e.scipy_default_auto.method_resolved === "exact" ? "exact" : "permutation");

    const asym = wilcoxonSignedRank(a, b, { method: "asymptotic", correction: false });
    expect(asym.statistic).toBe(e.asymptotic_correction_False.statistic);
    expectClose(asym.z as number, e.asymptotic_correction_False.z, CLOSED);
    expectClose(asym.p, e.asymptotic_correction_False.p, SPECIAL);

    const asymC = wilcoxonSignedRank(a, b, { method: "asymptotic", correction: true });
    expectClose(asymC.z as number, e.asymptotic_correction_True.z, CLOSED);
    expectClose(asymC.p, e.asymptotic_correction_True.p, SPECIAL);

    const pratt = wilcoxonSignedRank(a, b, { method: "asymptotic", correction: false, zeroMethod: "pratt" });
    expect(pratt.statistic).toBe(e.asymptotic_pratt_correction_False.statistic);
    expectClose(pratt.z as number, e.asymptotic_pratt_correction_False.z, CLOSED);
    expectClose(pratt.p, e.asymptotic_pratt_correction_False.p, SPECIAL);

    if (e.exact) {
      const ex = wilcoxonSignedRank(a, b, { method: "exact" });
      expect(ex.statistic).toBe(e.exact.statistic);
      expectClose(ex.p, e.exact.p, CLOSED);
    }
  });

  it("Mann–Whitney U", () => {
    const e = c.mann_whitney_u;
    const r = mannWhitneyU(a, b);
    expect(r.u1).toBe(e.U1_for_a);
    expect(r.u2).toBe(e.U2_for_b);
    expect(r.method).toBe("asymptotic");
    expectClose(r.p, e.p_auto, SPECIAL);
    expectClose(
      mannWhitneyU(a, b, { method: "asymptotic", continuity: false }).p,
      e.p_asymptotic_no_continuity,
      SPECIAL,
    );
  });

  it("two-sample KS", () => {
    const e = c.ks_2samp;
    const r = ks2Sample(a, b);
    expectClose(r.d, e.D, CLOSED);
    expect(r.method).toBe("exact");
    expectClose(r.p, e.p_auto_exact_for_small_n, SPECIAL);
    expectClose(ks2Sample(a, b, { method: "asymptotic" }).p, e.p_asymp, SPECIAL);
  });

  it("correlations", () => {
    const e = c.correlation_a_vs_b;
    const s = spearman(a, b);
    expectClose(s.rho, e.spearman_rho, CLOSED);
    expectClose(s.p, e.spearman_p, SPECIAL);
    const p = pearson(a, b);
    expectClose(p.r, e.pearson_r, CLOSED);
    expectClose(p.p, e.pearson_p, SPECIAL);
    const k = kendallTauB(a, b);
    expectClose(k.tau, e.kendall_tau_b, CLOSED);
    expectClose(k.p, e.kendall_p, SPECIAL);
  });
});

describe.each(Object.entries(V.proportions_2x2))("2×2 proportions: %s", (_name, raw) => {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const c: any = raw;
  const table = c.table_rows_arm_cols_up_down as [[number, number], [number, number]];

  it("chi-square with and without Yates", () => {
    for (const [yates, e] of [
      [true, c.chi2_contingency_yates_True],
      [false, c.chi2_contingency_yates_False],
    ] as const) {
      const r = chiSquare2x2(table, { yates });
      expectClose(r.chi2, e.chi2, CLOSED);
      expectClose(r.p, e.p, SPECIAL);
      expect(r.dof).toBe(e.dof);
      expectAllClose(r.expected.flat(), e.expected, CLOSED);
    }
  });

  it("two-proportion z-test and Wald CI", () => {
    const [[x1, f1], [x2, f2]] = table;
    const r = twoProportionZTest(x1, x1 + f1, x2, x2 + f2);
    const e = c.two_proportion_z_pooled;
    expectClose(r.p1, e.p1, CLOSED);
    expectClose(r.p2, e.p2, CLOSED);
    expectClose(r.z, e.z, CLOSED);
    expectClose(r.p, e.p_two_sided, SPECIAL);
    expectClose(r.z * r.z, c.chi2_contingency_yates_False.chi2, CLOSED);
    expectAllClose(r.ciDiff, c.wald_ci95_diff_p1_minus_p2_unpooled, SPECIAL);
  });

  it("Fisher exact", () => {
    const r = fisherExact(table);
    expectClose(r.oddsRatio, c.fisher_exact_two_sided.odds_ratio, CLOSED);
    expectClose(r.p, c.fisher_exact_two_sided.p, SPECIAL);
  });
});

describe("SRM", () => {
  it.each(Object.entries(V.srm_chisquare_goodness_of_fit))("%s", (_name, raw) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const c: any = raw;
    const r = srmCheck(c.observed, c.weights);
    expectClose(r.chi2, c.chi2, CLOSED);
    expect(r.dof).toBe(c.dof);
    expectClose(r.p, c.p, SPECIAL);
    expect(r.flagged).toBe(c.flagged_at_GrowthBook_default_0_001);
  });
});

describe("distributions (stdlib wrappers)", () => {
  const d = V.distributions;
  it("normal, t, chi-square, beta", () => {
    expectClose(normPpf(0.975), d["norm_ppf_0.975"], SPECIAL);
    expectClose(normCdf(1.96), d["norm_cdf_1.96"], SPECIAL);
    expectClose(studentTPpf(0.975, 9), d["t_ppf_0.975_df9"], SPECIAL);
    expectClose(studentTCdf(2.0, 5), d["t_cdf_2.0_df5"], SPECIAL);
    expectClose(chi2Sf(10, 3), d.chi2_sf_10_df3, SPECIAL);
    expectClose(betaQuantile(0.025, 3, 7), d.beta_3_7.ppf_0_025, SPECIAL);
    expectClose(betaQuantile(0.975, 3, 7), d.beta_3_7.ppf_0_975, SPECIAL);
    expectClose(betaCdf(0.5, 3, 7), d.beta_3_7.cdf_at_0_5, SPECIAL);
  });
});

describe("Bayesian beta-binomial", () => {
  const c = V.bayes_beta_binomial;
  it("closed-form P(B > A)", () => {
    const p = betaProbBGreaterA(c.A.alpha, c.A.beta, c.B.alpha, c.B.beta);
    expectClose(p, c.P_B_gt_A_closed_form, CLOSED);
    expectClose(p, c.P_B_gt_A_quad, 1e-10);
  });
  it("Thompson sampling agrees within Monte Carlo error", () => {
    const draws = 40000;
    const [, pB] = thompsonProbBest(
      [
        [c.A.alpha, c.A.beta],
        [c.B.alpha, c.B.beta],
      ],
      { draws, seed: 7 },
    ) as [number, number];
    const se = Math.sqrt((c.P_B_gt_A_closed_form * (1 - c.P_B_gt_A_closed_form)) / draws);
    expectClose(pB, c.P_B_gt_A_closed_form, 0, 4 * se);
  });
});

describe("UCB1", () => {
  it("index = mean + sqrt(2 ln N / n)", () => {
    const r = ucb1(V.ucb1.arms_successes_pulls);
    expectAllClose(r.index, V.ucb1.index, CLOSED);
    expect(r.choice).toBe(0);
  });
});

describe("multiple testing", () => {
  const m = V.multiple_testing;
  it.each([
    ["bonferroni", m.bonferroni],
    ["holm", m.holm],
    ["bh", m.benjamini_hochberg],
    ["by", m.benjamini_yekutieli],
  ] as const)("%s", (method, expected) => {
    const input = [...m.p];
    const r = adjustPValues(input, method);
    expectAllClose(r, expected, CLOSED);
    expect(input).toEqual(m.p);
  });
  it("rejections at 0.05", () => {
    expect(adjustPValues(m.p, "holm").filter((p) => p <= 0.05).length).toBe(m.rejected_at_0_05.holm);
    expect(adjustPValues(m.p, "bh").filter((p) => p <= 0.05).length).toBe(m.rejected_at_0_05.bh);
  });
});

describe("drift", () => {
  const d = V.drift;
  it("JS distance, PSI, KL, chi-square GOF", () => {
    expectClose(jsDistance(d.ref_counts, d.cur_counts, { base: 2 }), d.js_distance_base2, CLOSED);
    expectClose(jsDistance(d.ref_counts, d.cur_counts), d.js_distance_natural, CLOSED);
    expectClose(psi(d.ref_counts, d.cur_counts), d.psi, CLOSED);
    expectClose(klDivergence(d.cur_counts, d.ref_counts), d.kl_cur_ref_nats, CLOSED);
    const g = chiSquareGoodnessOfFit(d.cur_counts, d.ref_counts);
    expectClose(g.chi2, d.chisquare_gof_cur_vs_ref_scaled_Evidently.chi2, CLOSED);
    expectClose(g.p, d.chisquare_gof_cur_vs_ref_scaled_Evidently.p, SPECIAL);
  });
  it("CUSUM", () => {
    const c = d.cusum_upper;
    const r = cusum(c.x, { mu0: c.mu0, k: c.k, h: c.h });
    expectAllClose(r.s, c.S, CLOSED, 1e-15);
    expect(r.alarmIndex).toBe(c.first_alarm_index_0based);
  });
});

describe("agreement", () => {
  it("Cohen's kappa (binary)", () => {
    const c = V.agreement.binary;
    const r = cohensKappa(c.judge, c.human);
    expectClose(r.kappa, c.cohens_kappa, CLOSED);
    expectClose(r.pObserved, c.p_observed, CLOSED);
    expectClose(r.pExpected, c.p_expected, CLOSED);
  });
});

describe("power", () => {
  it("two proportions, pooled-null formula", () => {
    const c = V.power.two_proportion;
    const r = sampleSizeTwoProportions(c.p1, c.p2, { alpha: c.alpha, power: c.power });
    expectClose(r.exact, c.n_per_arm_pooled_null_formula, SPECIAL);
    expect(r.nPerArm).toBe(c.n_per_arm_pooled_null_ceil);
  });
});

describe("sequential", () => {
  it("GrowthBook asymptotic confidence sequence", () => {
    const c = V.sequential.growthbook_asymptotic_cs;
    const r = sequentialCI({
      estimate: c.estimate,
      stdError: c.std_error,
      n: c.n_total,
      nStar: c.N_star,
      alpha: c.alpha,
    });
    expectClose(r.rho, c.rho, CLOSED);
    expectClose(r.halfwidth, c.halfwidth, CLOSED);
    expectAllClose(r.ci, c.ci, CLOSED);
    expectClose(r.p, c.p_value_sequential, CLOSED);
    expectClose(r.fixedHalfwidth, c.fixed_halfwidth_normal, SPECIAL);
  });
});
