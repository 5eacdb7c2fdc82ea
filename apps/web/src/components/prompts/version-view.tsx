import type { ReactNode } from "react";
import { Card, CardHeader } from "~/components/ui/card";
import { JsonView } from "~/components/common/json-view";
import { authorName } from "~/lib/datasets";
import { formatDateTime } from "~/lib/format";
import type { TPromptVersion } from "~/lib/prompts";
import { LabelBadge } from "./label-badges";
import { TemplateText, VariableChips } from "./template-text";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section>
      <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">{title}</h3>
      {children}
    </section>
  );
}

export function VersionView({
  version,
  labels,
  locked,
  actions,
}: {
  version: TPromptVersion;
  labels: string[];
  locked: boolean;
  actions?: ReactNode;
}) {
  const params = Object.entries(version.params).filter(([, v]) => v !== undefined);
  return (
    <Card aria-labelledby="version-heading">
      <CardHeader
        id="version-heading"
        title={
          <span className="flex flex-wrap items-center gap-2">
            Version {version.version}
            {labels.map((l) => (
              <LabelBadge key={l} name={l} locked={locked} />
            ))}
          </span>
        }
        description={
          <>
            <span className="text-slate-700">{version.commitMessage}</span> · {authorName(version.createdBy)} ·{" "}
            {formatDateTime(version.createdAt)}
          </>
        }
        actions={actions}
      />
      <div className="space-y-5 px-5 py-4">
        <div className="flex flex-wrap gap-x-8 gap-y-3 text-sm">
          <div>
            <p className="text-xs text-slate-500">Model</p>
            <p className="font-mono text-sm text-slate-900">{version.model}</p>
          </div>
          <div>
            <p className="text-xs text-slate-500">Parameters</p>
            <p className="font-mono text-xs text-slate-800">
              {params.length ? (
                params.map(([k, v]) => `${k}=${Array.isArray(v) ? JSON.stringify(v) : String(v)}`).join(" · ")
              ) : (
                <span className="text-slate-400">defaults</span>
              )}
            </p>
          </div>
          <div>
            <p className="text-xs text-slate-500">Variables</p>
            <VariableChips names={version.variables} />
          </div>
        </div>
        <Section title="System">
          {version.system ? (
            <div className="rounded-lg bg-slate-50 px-3.5 py-3 ring-1 ring-slate-200">
              <TemplateText text={version.system} />
            </div>
          ) : (
            <p className="text-sm text-slate-400">No system prompt</p>
          )}
        </Section>
        <Section title="Messages">
          <ol className="space-y-2">
            {version.messages.map((m, i) => (
              <li key={i} className="rounded-lg bg-white px-3.5 py-3 ring-1 ring-slate-200">
                <p className="mb-1 text-[11px] font-semibold tracking-wide text-slate-400 uppercase">{m.role}</p>
                <TemplateText text={m.content} />
              </li>
            ))}
          </ol>
        </Section>
        {version.tools && version.tools.length > 0 && (
          <Section title="Tools">
            <JsonView value={version.tools} label="Tools" />
          </Section>
        )}
      </div>
    </Card>
  );
}
