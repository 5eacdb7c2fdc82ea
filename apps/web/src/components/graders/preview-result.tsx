import { CalibrationBadge } from "~/components/calibration/calibration-badge";
import { CostStat, RunText, Stat } from "~/components/common/run-panel";
import { Badge } from "~/components/ui/badge";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { JsonView } from "~/components/common/json-view";
import { graderTypeLabel, type TGraderPreview, type TJudgeSampleRow } from "~/lib/graders";
import { formatTokens } from "~/lib/metrics-format";
import { WarningsCallout } from "./grader-warnings";

function Points({ items }: { items: string[] }) {
  if (items.length === 0) return <span className="text-slate-300">—</span>;
  return (
    <ul className="list-disc space-y-0.5 pl-4">
      {items.map((s, i) => (
        <li key={i}>{s}</li>
      ))}
    </ul>
  );
}

function SamplesTable({ samples }: { samples: TJudgeSampleRow[] }) {
  return (
    <div className="overflow-hidden rounded-lg ring-1 ring-slate-200" data-testid="preview-samples">
      <Table label="Judge samples">
        <THead>
          <tr>
            <TH className="w-10">#</TH>
            <TH className="w-16 text-right">Score</TH>
            <TH>Reasoning</TH>
            <TH>Strengths</TH>
            <TH>Weaknesses</TH>
          </tr>
        </THead>
        <tbody>
          {samples.map((s, i) => (
            <TR key={i} className="align-top text-xs">
              <TD className="align-top text-slate-400 tabular-nums">{i + 1}</TD>
              {"error" in s ? (
                <TD colSpan={4} className="align-top text-red-700">
                  Could not parse the judge&apos;s answer ({s.code}): {s.error}
                </TD>
              ) : (
                <>
                  <TD className="text-right align-top font-semibold text-slate-900 tabular-nums">{s.score}</TD>
                  <TD className="align-top whitespace-pre-wrap">{s.reasoning}</TD>
                  <TD className="align-top">
                    <Points items={s.strengths} />
                  </TD>
                  <TD className="align-top">
                    <Points items={s.weaknesses} />
                  </TD>
                </>
              )}
            </TR>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

export function PreviewResult({ run }: { run: TGraderPreview }) {
  const { result } = run;
  return (
    <Card aria-labelledby="preview-result-heading">
      <CardHeader
        id="preview-result-heading"
        title={
          <span className="flex items-center gap-2">
            Result
            <span data-testid="preview-verdict">
              <Badge tone={result.pass ? "green" : "red"}>{result.pass ? "Pass" : "Fail"}</Badge>
            </span>
          </span>
        }
        description={
          <span className="font-mono text-xs">
            {graderTypeLabel(run.type)}
            {run.graderVersion !== null && ` · v${run.graderVersion}`}
            {run.judgeModel && ` · ${run.judgeModel}`}
          </span>
        }
        actions={run.calibration ? <CalibrationBadge calibration={run.calibration} /> : undefined}
      />
      <CardBody className="space-y-4">
        <WarningsCallout warnings={run.warnings} />
        <dl className="grid grid-cols-2 gap-3 sm:grid-cols-5">
          <Stat label="Score" testId="preview-score">
            {result.score.toFixed(2)}
          </Stat>
          {run.calls > 0 && (
            <>
              <Stat label="Tokens in" testId="preview-tokens-in">
                {formatTokens(run.usage?.inputTokens)}
              </Stat>
              <Stat label="Tokens out" testId="preview-tokens-out">
                {formatTokens(run.usage?.outputTokens)}
              </Stat>
              <CostStat costUsd={run.costUsd} testId="preview-cost" />
              <Stat label="Model calls" testId="preview-calls">
                {run.calls}
              </Stat>
            </>
          )}
        </dl>
        <RunText text={result.reason} empty="(no reason given)" testId="preview-reason" />
        {run.calls === 0 && <p className="text-xs text-slate-500">Graded in process: no model calls, no cost.</p>}
        {run.samples && run.samples.length > 0 && <SamplesTable samples={run.samples} />}
        <details className="text-sm">
          <summary className="cursor-pointer text-slate-500 hover:text-slate-800">Details</summary>
          <JsonView value={result.details} label="Result details" className="mt-2" />
        </details>
      </CardBody>
    </Card>
  );
}
