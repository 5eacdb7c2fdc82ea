"use client";
import Link from "next/link";
import { ArrowRight, Play } from "lucide-react";
import type { FormEvent, ReactNode } from "react";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardFooter, CardHeader } from "~/components/ui/card";
import { Label } from "~/components/ui/field";
import { Select } from "~/components/ui/select";
import { formatCost } from "~/lib/metrics-format";

/**
 * Runs one saved version on inputs typed into the form (a prompt's playground, a grader's "Try it"):
 * the form on the left, `result` (or a placeholder) on the right. Nothing is saved.
 */
export function RunPanel<V extends { version: number }>({
  idPrefix,
  headingId,
  title,
  description,
  versions,
  version,
  onVersion,
  versionLabel,
  onSubmit,
  run,
  canRun,
  children,
  result,
  placeholder,
}: {
  /** Prefix of the version select's id. */
  idPrefix: string;
  headingId: string;
  title: string;
  description: string;
  versions: V[];
  version: number;
  onVersion: (version: number) => void;
  /** What follows "vN · " in the version select. */
  versionLabel: (v: V) => string;
  onSubmit: (e: FormEvent) => void;
  /** The run's mutation: a new version clears its result. */
  run: { isPending: boolean; reset: () => void };
  canRun: boolean;
  /** The inputs and errors, between the version select and the Run button. */
  children: ReactNode;
  result: ReactNode | undefined;
  /** Shown where the result goes until there is one: while running, and before. */
  placeholder: { pending: string; idle: string };
}) {
  return (
    <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
      <Card aria-labelledby={headingId}>
        <CardHeader id={headingId} title={title} description={description} />
        <form onSubmit={onSubmit} noValidate>
          <CardBody className="space-y-4">
            <div>
              <Label htmlFor={`${idPrefix}-version`} className="mb-1.5">
                Version
              </Label>
              <Select
                id={`${idPrefix}-version`}
                value={version}
                onChange={(e) => {
                  onVersion(Number(e.target.value));
                  run.reset();
                }}
              >
                {versions.map((x) => (
                  <option key={x.version} value={x.version}>
                    {`v${x.version} · ${versionLabel(x)}`}
                  </option>
                ))}
              </Select>
            </div>
            {children}
          </CardBody>
          <CardFooter>
            <Button type="submit" loading={run.isPending} disabled={!canRun}>
              <Play className="size-4" aria-hidden />
              Run
            </Button>
          </CardFooter>
        </form>
      </Card>
      <div>
        {result ?? (
          <div className="flex h-full min-h-48 items-center justify-center rounded-xl border border-dashed border-slate-300 px-6 text-center text-sm text-slate-500">
            {run.isPending ? placeholder.pending : placeholder.idle}
          </div>
        )}
      </div>
    </div>
  );
}

/** For errors a missing or failing model provider causes. */
export function ProviderSettingsLink({ projectId }: { projectId: string }) {
  return (
    <Link
      href={`/projects/${projectId}/settings/providers`}
      className="mt-1 flex items-center gap-1 font-medium text-red-800 underline"
    >
      Open model provider settings <ArrowRight className="size-3.5" aria-hidden />
    </Link>
  );
}

/** One figure of a run (tokens, cost, latency…), in a `<dl>`. */
export function Stat({ label, children, testId }: { label: string; children: ReactNode; testId: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-3 py-2">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-base font-semibold text-slate-900 tabular-nums" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/** A run's cost, or why there is none. */
export function CostStat({ costUsd, testId }: { costUsd: number | null; testId: string }) {
  return (
    <Stat label="Cost" testId={testId}>
      {costUsd === null ? (
        <span className="text-sm font-normal text-slate-400">no price for this model</span>
      ) : (
        formatCost(costUsd)
      )}
    </Stat>
  );
}

/** The model's text (or a judge's reason), or `empty` when there is none. */
export function RunText({ text, empty, testId }: { text: string | null | undefined; empty: string; testId: string }) {
  return (
    <div
      className="rounded-lg bg-slate-50 px-4 py-3 text-sm leading-relaxed whitespace-pre-wrap text-slate-900 ring-1 ring-slate-200"
      data-testid={testId}
    >
      {text || <span className="text-slate-400 italic">{empty}</span>}
    </div>
  );
}
