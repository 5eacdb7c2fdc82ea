import type { TOnlineSampling, TStratumField } from "@yardstick/contracts/online-evals";
import { compileUserPattern } from "../regex";

// Deterministic, per-rule sampling: a trace is judged when hash(salt, traceId) < its rate, so a
// re-run picks the same traces, and rules with different salts sample independently (two rules
// at 10% overlap on ≈1% of traffic, not 10%).

/** A uniform number in [0, 1) from (salt, id): cyrb53, a fast 53-bit string hash with good avalanche. */
export function sampleUnit(salt: string, id: string): number {
  const s = `${salt}\u001f${id}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const n = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return n / 9007199254740992; // 2^53
}

/** What sampling needs to know about a completed trace. */
export interface TSamplingFacts {
  id: string;
  hasError: boolean;
  latencyMs: number | null;
  models: string[];
  /** "name\u001fversion" keys (and bare names) as Trace.prompts stores them. */
  prompts: string[];
  tags: string[];
  name: string | null;
  environment: string;
  release: string | null;
  /** The text the rule's output mapping resolves to. */
  outputText: string;
  negativeFeedback: boolean;
}

export type TSampledBy = "rate" | "stratum" | "always:error" | "always:latency" | "always:pattern" | "always:feedback";

export interface TSamplingDecision {
  sampled: boolean;
  /** P(judged) under the design: 1 for always-sample hits, else the stratum's or the base rate. */
  inclusionProb: number;
  sampledBy: TSampledBy;
  stratum: string | null;
}

const PROMPT_SEP = "\u001f";

/** "name v3" for a "name\u001f3" prompt key. */
export function promptLabel(key: string): string {
  const i = key.indexOf(PROMPT_SEP);
  return i < 0 ? key : `${key.slice(0, i)} v${key.slice(i + 1)}`;
}

/** The trace's primary prompt version label ("name v3"), or null. */
export function primaryPromptVersion(prompts: string[]): string | null {
  const k = prompts.find((p) => p.includes(PROMPT_SEP));
  return k ? promptLabel(k) : null;
}

/** The values a trace has for a stratum field (a trace can carry several models or tags). */
export function stratumValues(field: TStratumField, t: TSamplingFacts): string[] {
  switch (field) {
    case "model":
      return t.models;
    case "promptVersion":
      return t.prompts.filter((p) => p.includes(PROMPT_SEP)).map(promptLabel);
    case "tag":
      return t.tags;
    case "name":
      return t.name ? [t.name] : [];
    case "environment":
      return [t.environment];
    case "release":
      return t.release ? [t.release] : [];
  }
}

/** Which always-sample rule a trace hits, if any (checked in a fixed order). */
export function alwaysSampleHit(sampling: TOnlineSampling, t: TSamplingFacts): TSampledBy | null {
  const a = sampling.always;
  if (a.errors && t.hasError) return "always:error";
  if (a.latencyOverMs != null && t.latencyMs != null && t.latencyMs > a.latencyOverMs) return "always:latency";
  if (a.negativeFeedback && t.negativeFeedback) return "always:feedback";
  // Bounded input: the linear-time engine on at most 100k characters.
  if (a.outputPattern && compileUserPattern(a.outputPattern).test(t.outputText.slice(0, 100_000)))
    return "always:pattern";
  return null;
}

/** The rate a trace is sampled at: its stratum's (the first of its values listed) or the base rate. */
export function rateFor(sampling: TOnlineSampling, t: TSamplingFacts): { rate: number; stratum: string | null } {
  if (sampling.strata) {
    const values = new Set(stratumValues(sampling.strata.field, t));
    const hit = sampling.strata.rates.find((r) => values.has(r.value));
    if (hit) return { rate: hit.rate, stratum: hit.value };
    return { rate: sampling.rate, stratum: "(other)" };
  }
  return { rate: sampling.rate, stratum: null };
}

/** The rule's decision for one trace: deterministic in (salt, trace id, facts). */
export function decideSample(sampling: TOnlineSampling, salt: string, t: TSamplingFacts): TSamplingDecision {
  const { rate, stratum } = rateFor(sampling, t);
  const always = alwaysSampleHit(sampling, t);
  if (always) return { sampled: true, inclusionProb: 1, sampledBy: always, stratum };
  return {
    sampled: rate > 0 && sampleUnit(salt, t.id) < rate,
    inclusionProb: rate,
    sampledBy: sampling.strata ? "stratum" : "rate",
    stratum,
  };
}
