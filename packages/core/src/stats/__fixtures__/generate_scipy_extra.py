"""Regenerate scipy_extra.json: extra reference cases (ties, zeros, tiny n,
tiny p, unequal sizes) beyond shared/stat_vectors.json.
Run: python3 generate_scipy_extra.py  (scipy 1.17, numpy 2.x)"""
import json
import numpy as np
from scipy import stats

rng = np.random.default_rng(12345)
out = {"meta": {"scipy": __import__("scipy").__version__}}


def f(x):
    return [float(v) for v in x]


# Wilcoxon
wil = []
def add_w(a, b, **kw):
    r = stats.wilcoxon(a, b, **kw)
    wil.append({"a": f(a), "b": f(b), "kw": kw, "statistic": float(r.statistic), "p": float(r.pvalue),
                "z": float(getattr(r, "zstatistic", np.nan)) if hasattr(r, "zstatistic") else None})
for n in [1, 3, 5, 8, 12, 13]:
    a = rng.integers(1, 6, n).astype(float); b = rng.integers(1, 6, n).astype(float)
    if np.all(a == b): a[0] += 1
    add_w(a, b)
    add_w(a, b, method="asymptotic", correction=True)
    add_w(a, b, method="asymptotic", zero_method="pratt")
for n in [6, 15, 30, 50]:
    a = rng.normal(0.3, 1, n); b = rng.normal(0, 1, n)
    add_w(a, b); add_w(a, b, method="exact"); add_w(a, b, method="asymptotic", correction=True)
for n in [14, 25, 51, 80]:
    a = rng.integers(1, 8, n).astype(float); b = rng.integers(1, 8, n).astype(float)
    add_w(a, b); add_w(a, b, zero_method="pratt", method="asymptotic")
a = rng.normal(2, 1, 60); b = rng.normal(0, 1, 60); add_w(a, b)
out["wilcoxon"] = wil

# Mann-Whitney
mw = []
def add_m(a, b, **kw):
    r = stats.mannwhitneyu(a, b, **kw)
    mw.append({"a": f(a), "b": f(b), "kw": kw, "u1": float(r.statistic), "p": float(r.pvalue)})
add_m([1.0], [2.0]); add_m([1.0, 2.0], [3.0, 4.0, 5.0])
for (n1, n2) in [(3, 7), (8, 8), (5, 20), (9, 9), (4, 4)]:
    a = rng.normal(0.5, 1, n1); b = rng.normal(0, 1, n2)
    add_m(a, b); add_m(a, b, method="exact"); add_m(a, b, method="asymptotic", use_continuity=False)
for (n1, n2) in [(6, 7), (30, 25)]:
    a = rng.integers(1, 5, n1).astype(float); b = rng.integers(1, 5, n2).astype(float)
    add_m(a, b)
add_m(list(range(20)), list(range(100, 125)), method="exact")
add_m([3.0] * 5, [3.0] * 6)
out["mannwhitney"] = mw

# KS 2-sample
ks = []
def add_k(a, b, **kw):
    r = stats.ks_2samp(a, b, **kw)
    if not np.isfinite(r.pvalue):
        return  # scipy: round(n1*n2/(n1+n2)) == 0 gives NaN
    ks.append({"a": f(a), "b": f(b), "kw": kw, "d": float(r.statistic), "p": float(r.pvalue)})
for (n1, n2) in [(1, 1), (1, 5), (7, 13), (30, 45), (20, 20), (100, 150), (12, 8), (300, 400)]:
    a = rng.normal(0.4, 1, n1); b = rng.normal(0, 1, n2)
    add_k(a, b); add_k(a, b, method="asymp")
a = rng.integers(0, 4, 25).astype(float); b = rng.integers(1, 5, 18).astype(float)
add_k(a, b); add_k(a, b, method="asymp")
add_k(list(range(40)), list(range(100, 135))); add_k(list(range(40)), list(range(100, 135)), method="asymp")
out["ks"] = ks

# Fisher
fi = []
for t in [[[1, 9], [11, 3]], [[0, 5], [5, 0]], [[3, 1], [1, 3]], [[10, 10], [10, 10]], [[50, 2], [3, 60]],
          [[1, 0], [2, 3]], [[7, 12], [0, 5]], [[200, 150], [170, 190]]]:
    r = stats.fisher_exact(t)
    fi.append({"table": t, "odds_ratio": float(r.statistic) if np.isfinite(r.statistic) else "inf", "p": float(r.pvalue)})
out["fisher"] = fi

# chi2 2x2 (incl. small expected)
ch = []
for t in [[[1, 9], [11, 3]], [[10, 10], [10, 10]], [[3, 1], [1, 3]], [[500, 480], [430, 520]], [[10, 10], [10, 11]]]:
    for y in [True, False]:
        r = stats.chi2_contingency(t, correction=y)
        ch.append({"table": t, "yates": y, "chi2": float(r.statistic), "p": float(r.pvalue)})
out["chi2_2x2"] = ch

# Correlations
co = []
def add_c(a, b):
    s = stats.spearmanr(a, b); p = stats.pearsonr(a, b); k = stats.kendalltau(a, b)
    co.append({"a": f(a), "b": f(b), "spearman": [float(s.statistic), float(s.pvalue)],
               "pearson": [float(p.statistic), float(p.pvalue)], "kendall": [float(k.statistic), float(k.pvalue)]})
for n in [3, 5, 20, 40]:
    x = rng.normal(0, 1, n); add_c(x, x * 0.5 + rng.normal(0, 1, n))
for n in [12, 45]:
    add_c(rng.integers(1, 6, n).astype(float), rng.integers(1, 6, n).astype(float))
x = np.arange(40.0); add_c(x, x + 0.01 * rng.normal(0, 1, 40))
x = np.arange(50.0); y = x.copy(); y[[3, 4]] = y[[4, 3]]; add_c(x, y)
out["correlation"] = co

# t-tests
tt = []
for (n1, n2) in [(2, 2), (5, 9), (30, 30), (3, 50)]:
    a = rng.normal(1, 2, n1); b = rng.normal(0, 1, n2)
    w = stats.ttest_ind(a, b, equal_var=False); s = stats.ttest_ind(a, b)
    tt.append({"a": f(a), "b": f(b), "welch": [float(w.statistic), float(w.df), float(w.pvalue)],
               "welch_ci": f(w.confidence_interval(0.9)),
               "student": [float(s.statistic), float(s.df), float(s.pvalue)]})
out["ttest_ind"] = tt
tr = []
for n in [2, 7, 40]:
    a = rng.normal(0, 1, n); b = a + rng.normal(0.5, 0.3, n)
    r = stats.ttest_rel(a, b)
    tr.append({"a": f(a), "b": f(b), "t": float(r.statistic), "p": float(r.pvalue), "ci99": f(r.confidence_interval(0.99)),
               "p_less": float(stats.ttest_rel(a, b, alternative="less").pvalue)})
out["ttest_rel"] = tr

# drift extras
dr = []
ref = np.array([10, 0, 30, 60.0]); cur = np.array([5, 5, 40, 50.0])
from scipy.spatial.distance import jensenshannon
dr.append({"ref": f(ref), "cur": f(cur), "js_base2": float(jensenshannon(ref, cur, base=2)),
           "js_e": float(jensenshannon(ref, cur))})
out["js"] = dr
ws = []
for (n1, n2) in [(10, 12), (50, 40), (1, 3)]:
    r_ = rng.normal(0, 2, n1); c_ = rng.normal(0.5, 2, n2)
    ws.append({"ref": f(r_), "cur": f(c_), "wd": float(stats.wasserstein_distance(r_, c_)),
               "norm": float(max(np.std(r_), 0.001))})
out["wasserstein"] = ws
gof = []
for (c_, r_) in [([20, 30, 50], [0.2, 0.3, 0.5]), ([5, 0, 100, 3], [0.1, 0.1, 0.7, 0.1])]:
    c_ = np.array(c_, float); r_ = np.array(r_, float)
    exp = r_ / r_.sum() * c_.sum()
    res = stats.chisquare(c_, exp)
    gof.append({"cur": f(c_), "ref": f(r_), "chi2": float(res.statistic), "p": float(res.pvalue)})
out["gof"] = gof

# McNemar (exact binomial, chi2 with correction)
mc = []
for (b, c) in [(0, 0), (1, 0), (5, 5), (3, 12), (30, 48), (0, 25)]:
    ex = min(1.0, 2 * stats.binom.cdf(min(b, c), b + c, 0.5)) if b + c > 0 else 1.0
    st = (max(0, abs(b - c) - 1)) ** 2 / (b + c) if b + c > 0 else 0.0
    mc.append({"b": b, "c": c, "p_exact": float(ex), "chi2": float(st), "p_chi2": float(stats.chi2.sf(st, 1)) if b + c > 0 else 1.0})
out["mcnemar"] = mc

# Beta P(B>A) by quadrature for non-integer parameters
from scipy import integrate
bb = []
for (aA, bA, aB, bB) in [(2.5, 3.5, 4.5, 2.5), (1.5, 1.5, 1.5, 1.5), (20.3, 30.7, 25.1, 26.9), (3, 7, 2, 9), (1, 1, 1, 1)]:
    val, _ = integrate.quad(lambda x: stats.beta.pdf(x, aB, bB) * stats.beta.cdf(x, aA, bA), 0, 1, epsabs=1e-14, epsrel=1e-13, limit=200)
    bb.append({"params": [aA, bA, aB, bB], "p": float(val)})
out["beta_b_gt_a"] = bb

with open("scipy_extra.json", "w") as fh:
    json.dump(out, fh, indent=1)
print("ok")
