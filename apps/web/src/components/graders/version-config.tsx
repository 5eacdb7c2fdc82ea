import type { ReactNode } from "react";
import { Badge } from "~/components/ui/badge";
import { Card, CardHeader } from "~/components/ui/card";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { JsonView } from "~/components/common/json-view";
import { authorName } from "~/lib/datasets";
import { formatDateTime } from "~/lib/format";
import { graderTypeLabel, type TGraderVersion, type TLlmJudgeConfig } from "~/lib/graders";
import { WarningsCallout } from "./grader-warnings";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

function Setting({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-sm text-slate-900">{children}</dd>
    </div>
  );
}

function JudgeConfigView({ config }: { config: TLlmJudgeConfig }) {
  const { rubric } = config;
  const levels = Object.keys(rubric.scale.anchors)
    .map(Number)
    .sort((a, b) => a - b);
  return (
    <>
      <Section title="Rubric">
        <p className="text-sm font-semibold text-slate-900">{rubric.name}</p>
        {rubric.description && <p className="mt-1 text-sm whitespace-pre-wrap text-slate-700">{rubric.description}</p>}
      </Section>
      <Section title="Criteria">
        {rubric.criteria.length === 0 ? (
          <p className="text-sm text-slate-400">No criteria: the judge scores against the scale alone</p>
        ) : (
          <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-800">
            {rubric.criteria.map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ol>
        )}
      </Section>
      <Section title={`Scale ${rubric.scale.min}–${rubric.scale.max}`}>
        <div className="overflow-hidden rounded-lg ring-1 ring-slate-200">
          <Table label="Scale anchors">
            <THead>
              <tr>
                <TH className="w-20">Level</TH>
                <TH>Anchor</TH>
              </tr>
            </THead>
            <tbody>
              {levels.map((l) => (
                <TR key={l}>
                  <TD className="font-semibold text-slate-900 tabular-nums">{l}</TD>
                  <TD>{rubric.scale.anchors[String(l)]}</TD>
                </TR>
              ))}
            </tbody>
          </Table>
        </div>
      </Section>
      <dl className="flex flex-wrap gap-x-8 gap-y-3">
        <Setting label="Samples">{config.samples}</Setting>
        <Setting label="Pass threshold">{config.passThreshold}</Setting>
        <Setting label="Temperature">{config.temperature}</Setting>
        {config.maxTokens !== undefined && <Setting label="Max tokens">{config.maxTokens}</Setting>}
        <Setting label="Includes">
          {[config.includeExpected && "expected output", config.includeContext && "context"]
            .filter(Boolean)
            .join(", ") || <span className="text-slate-400">output only</span>}
        </Setting>
      </dl>
    </>
  );
}

export function VersionConfig({ version, actions }: { version: TGraderVersion; actions?: ReactNode }) {
  return (
    <Card aria-labelledby="grader-version-heading">
      <CardHeader
        id="grader-version-heading"
        title={
          <span className="flex flex-wrap items-center gap-2">
            Version {version.version}
            <Badge>{graderTypeLabel(version.type)}</Badge>
          </span>
        }
        description={
          <>
            <span className="text-slate-700">{version.message}</span> · {authorName(version.createdBy)} ·{" "}
            {formatDateTime(version.createdAt)}
          </>
        }
        actions={actions}
      />
      <div className="space-y-5 px-5 py-4">
        <WarningsCallout warnings={version.warnings} />
        {(version.judgeModel || version.subjectModel) && (
          <dl className="flex flex-wrap gap-x-8 gap-y-3">
            {version.judgeModel && (
              <Setting label="Judge model">
                <span className="font-mono">{version.judgeModel}</span>
              </Setting>
            )}
            {version.subjectModel && (
              <Setting label="Subject model">
                <span className="font-mono">{version.subjectModel}</span>
              </Setting>
            )}
          </dl>
        )}
        {version.config.type === "llm_judge" ? (
          <>
            <JudgeConfigView config={version.config} />
            <details className="text-sm">
              <summary className="cursor-pointer text-slate-500 hover:text-slate-800">Config as JSON</summary>
              <JsonView value={version.config} label="Config" className="mt-2" />
            </details>
          </>
        ) : (
          <Section title="Config">
            <JsonView value={version.config} label="Config" />
          </Section>
        )}
      </div>
    </Card>
  );
}
