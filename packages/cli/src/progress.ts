import type { TPublicRunProgress } from "@yardstick/contracts/public-runs";

// Progress while a run is going: a bar redrawn in place on a terminal (cases, ETA, cost so far),
// plain lines in a CI log (at most one per 10% or per 15 s, so logs stay short).

export interface TProgressSink {
  update(p: TPublicRunProgress): void;
  done(): void;
}

const WIDTH = 24;

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60
    ? `${m}m${String(s % 60).padStart(2, "0")}s`
    : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, "0")}m`;
}

/** Time left from the rate so far; null before the first case or when done. */
export function eta(p: TPublicRunProgress, now: number, startedAt: number): number | null {
  if (p.doneCases === 0 || p.doneCases >= p.totalCases) return null;
  const elapsed = now - (p.startedAt ? Date.parse(p.startedAt) : startedAt);
  return (elapsed / p.doneCases) * (p.totalCases - p.doneCases);
}

export function progressText(p: TPublicRunProgress, etaMs: number | null): string {
  const pct = Math.floor(p.fraction * 100);
  const parts = [
    `${p.doneCases}/${p.totalCases} cases`,
    `${pct}%`,
    ...(p.errorCases ? [`${p.errorCases} errors`] : []),
    ...(p.cachedCases ? [`${p.cachedCases} cached`] : []),
    `$${p.costUsd.toFixed(4)}`,
    ...(etaMs !== null ? [`ETA ${formatDuration(etaMs)}`] : []),
  ];
  return `${p.status} ${parts.join(" · ")}`;
}

export function progressBar(fraction: number): string {
  const filled = Math.round(Math.min(1, Math.max(0, fraction)) * WIDTH);
  return `[${"█".repeat(filled)}${"░".repeat(WIDTH - filled)}]`;
}

export function createProgress(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = Date.now,
): TProgressSink {
  const started = now();
  if (stream.isTTY) {
    let last = "";
    return {
      update(p) {
        const line = `${label} ${progressBar(p.fraction)} ${progressText(p, eta(p, now(), started))}`;
        if (line !== last) stream.write(`\r\x1b[2K${line}`);
        last = line;
      },
      done() {
        if (last) stream.write("\n");
      },
    };
  }
  let lastDecile = -1;
  let lastAt = 0;
  let lastStatus = "";
  return {
    update(p) {
      const decile = Math.floor(p.fraction * 10);
      const t = now();
      if (decile === lastDecile && p.status === lastStatus && t - lastAt < 15_000) return;
      lastDecile = decile;
      lastAt = t;
      lastStatus = p.status;
      stream.write(`${label} ${progressText(p, eta(p, t, started))}\n`);
    },
    done() {},
  };
}
