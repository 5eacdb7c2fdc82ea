import { describe, expect, it } from "vitest";
import { mulberry } from "../dashboards/rng";
import { jsDistance, psi } from "../stats/drift";
import { compareEmbeddingTopics, compareTopics, embeddingTopicCount } from "./index";

// Synthetic embeddings: each group is a direction in 16 dimensions plus small seeded noise, so the
// clusters are known; the texts carry each group's words so the labels can be checked.
const DIM = 16;
const GROUPS = {
  refund: { axis: 0, text: "refund order money back" },
  shipping: { axis: 5, text: "shipping parcel delay courier" },
  wallet: { axis: 11, text: "crypto wallet transfer failed" },
} as const;
type TGroup = keyof typeof GROUPS;

function corpus(groups: TGroup[], seed: number) {
  const r = mulberry(seed);
  return {
    docs: groups.map((g, i) => `${GROUPS[g].text} ticket${i % 7 ? "" : " urgent"}`),
    vecs: groups.map((g) => Array.from({ length: DIM }, (_, d) => (d === GROUPS[g].axis ? 1 : 0) + (r() - 0.5) * 0.1)),
  };
}

const ref = corpus(
  Array.from({ length: 60 }, (_, i) => (i % 2 ? "refund" : "shipping")),
  1,
);
// Window: 24 refund, 12 shipping, 24 wallet (absent from the reference): new-topic share 0.4.
const cur = corpus(
  Array.from({ length: 60 }, (_, i) => (i % 5 < 2 ? "refund" : i % 5 === 2 ? "shipping" : "wallet")),
  2,
);

describe("compareEmbeddingTopics", () => {
  const r = compareEmbeddingTopics(ref.docs, cur.docs, ref.vecs, cur.vecs, { maxTopics: 3 });

  it("finds the group absent from the reference as a new topic with its share", () => {
    expect(r.method).toBe("embeddings");
    expect(r.clusters).toBe(3);
    const wallet = r.topics.find((t) => t.isNew)!;
    expect(wallet).toMatchObject({ refCount: 0, curCount: 24, curShare: 0.4 });
    expect(r.newTopicShare).toBeCloseTo(0.4, 12);
    expect(r.topics.filter((t) => t.isNew)).toHaveLength(1);
    // Reference 30/30/0 vs window 24/12/24: a large shift.
    expect(r.jsDistance).toBeGreaterThan(0.3);
    expect(wallet.examples.every((i) => cur.docs[i]!.startsWith("crypto wallet"))).toBe(true);
  });

  it("labels each cluster by its members' terms", () => {
    const byLabel = Object.fromEntries(r.topics.map((t) => [t.label, t]));
    const wallet = r.topics.find((t) => t.isNew)!;
    expect(wallet.label.split(" · ")).toHaveLength(3);
    for (const w of wallet.label.split(" · ")) expect(GROUPS.wallet.text).toContain(w);
    const refund = r.topics.find((t) => t.label.includes("money"))!;
    expect(refund).toMatchObject({ refCount: 30, curCount: 24, isNew: false });
    expect(Object.keys(byLabel)).toHaveLength(3);
  });

  it("gives the same clusters for the same input, and uses compareTopics' definitions", () => {
    const again = compareEmbeddingTopics(ref.docs, cur.docs, ref.vecs, cur.vecs, { maxTopics: 3 });
    expect(again).toEqual(r);
    // The mix's distances are compareTopics' (base-2 JS, PSI) over the cluster counts.
    const counts = (w: "refCount" | "curCount") => r.topics.map((t) => t[w]);
    expect(r.jsDistance).toBeCloseTo(jsDistance(counts("refCount"), counts("curCount"), { base: 2 }), 12);
    expect(r.psi).toBeCloseTo(psi(counts("refCount"), counts("curCount")), 12);
    expect(compareTopics(ref.docs, cur.docs).method).toBe("tf-idf");
  });

  it("picks k from the sample size and rejects vectors that do not match the documents", () => {
    expect([embeddingTopicCount(2), embeddingTopicCount(8), embeddingTopicCount(600)]).toEqual([2, 2, 17]);
    expect(embeddingTopicCount(5000)).toBe(25);
    expect(() => compareEmbeddingTopics(["a"], [], [], [])).toThrow(/one vector per document/);
    // Default k for 120 documents is 8: the three groups split further but no cluster mixes them.
    const d = compareEmbeddingTopics(ref.docs, cur.docs, ref.vecs, cur.vecs);
    expect(d.clusters).toBeLessThanOrEqual(8);
    expect(d.newTopicShare).toBeCloseTo(0.4, 12);
    expect(new Set(d.topics.map((x) => x.key)).size).toBe(d.topics.length);
  });
});
