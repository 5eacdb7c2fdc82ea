// A seeded random subset of a JSONL file: the same file, size and seed give the same items (in
// file order), so a re-run hits the output cache and a baseline sees exactly the same items.

/** mulberry32: small, fast, good enough to pick items. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function sampleJsonl(content: string, size: number, seed: number, partitions?: string[]): string {
  let lines = content.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (partitions) {
    lines = lines.filter((l) => {
      const p = (JSON.parse(l) as { partition?: string }).partition ?? "distribution";
      return partitions.includes(p);
    });
  }
  if (size >= lines.length) return lines.join("\n") + "\n";
  const idx = lines.map((_, i) => i);
  const next = rng(seed);
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  const keep = idx.slice(0, size).sort((a, b) => a - b);
  return keep.map((i) => lines[i]).join("\n") + "\n";
}
