"use client";
import { useQuery } from "@tanstack/react-query";
import type { TDiffRow } from "@yardstick/core/prompts";
import { Card, CardHeader } from "~/components/ui/card";
import { Label } from "~/components/ui/field";
import { ErrorPanel } from "~/components/ui/query-state";
import { Select } from "~/components/ui/select";
import { TableSkeleton } from "~/components/ui/skeleton";
import { cn } from "~/lib/cn";
import type { TPrompt } from "~/lib/prompts";
import { useTRPC } from "~/trpc/react";

type TSide = { n: number; text: string; kind: "equal" | "removed" | "added" } | null;

/** Pairs a line diff into side-by-side rows: a block of removals sits next to the additions that replaced it. */
export function sideBySide(rows: TDiffRow[]): Array<[TSide, TSide]> {
  const out: Array<[TSide, TSide]> = [];
  let removed: TDiffRow[] = [];
  let added: TDiffRow[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const l = removed[i];
      const r = added[i];
      out.push([
        l && l.type === "removed" ? { n: l.left, text: l.text, kind: "removed" } : null,
        r && r.type === "added" ? { n: r.right, text: r.text, kind: "added" } : null,
      ]);
    }
    removed = [];
    added = [];
  };
  for (const row of rows) {
    if (row.type === "removed") removed.push(row);
    else if (row.type === "added") added.push(row);
    else {
      flush();
      out.push([
        { n: row.left, text: row.text, kind: "equal" },
        { n: row.right, text: row.text, kind: "equal" },
      ]);
    }
  }
  flush();
  return out;
}

function Cell({ side, which }: { side: TSide; which: "left" | "right" }) {
  if (!side) return <td colSpan={2} className={cn("bg-slate-50", which === "left" && "border-r border-slate-200")} />;
  const tone =
    side.kind === "removed"
      ? "bg-red-50 text-red-900"
      : side.kind === "added"
        ? "bg-emerald-50 text-emerald-900"
        : "text-slate-700";
  const marker = side.kind === "removed" ? "−" : side.kind === "added" ? "+" : " ";
  return (
    <>
      <td
        className={cn(
          "w-10 px-2 py-0.5 text-right align-top text-slate-400 select-none",
          side.kind !== "equal" && tone,
        )}
      >
        {side.n}
      </td>
      <td
        className={cn(
          "px-2 py-0.5 align-top break-words whitespace-pre-wrap",
          tone,
          which === "left" && "border-r border-slate-200",
        )}
        data-diff={side.kind}
      >
        <span className="mr-1 select-none opacity-60">{marker}</span>
        {side.text || " "}
      </td>
    </>
  );
}

export function DiffTable({
  rows,
  label,
  fromLabel,
  toLabel,
}: {
  rows: TDiffRow[];
  label: string;
  fromLabel: string;
  toLabel: string;
}) {
  const pairs = sideBySide(rows);
  if (pairs.length === 0) return <p className="text-sm text-slate-400">Empty in both versions</p>;
  return (
    <div className="overflow-x-auto rounded-lg ring-1 ring-slate-200">
      <table aria-label={label} className="w-full table-fixed border-collapse font-mono text-xs leading-relaxed">
        <colgroup>
          <col className="w-10" />
          <col />
          <col className="w-10" />
          <col />
        </colgroup>
        <thead className="bg-slate-50 text-left font-sans text-[11px] font-semibold tracking-wide text-slate-500 uppercase">
          <tr>
            <th colSpan={2} className="border-r border-b border-slate-200 px-3 py-1.5">
              {fromLabel}
            </th>
            <th colSpan={2} className="border-b border-slate-200 px-3 py-1.5">
              {toLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {pairs.map(([l, r], i) => (
            <tr key={i}>
              <Cell side={l} which="left" />
              <Cell side={r} which="right" />
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const show = (v: unknown) => (v === null || v === undefined ? "—" : typeof v === "string" ? v : JSON.stringify(v));

export function PromptDiff({
  projectId,
  prompt,
  from,
  to,
  onChange,
}: {
  projectId: string;
  prompt: TPrompt;
  from: number;
  to: number;
  onChange: (from: number, to: number) => void;
}) {
  const trpc = useTRPC();
  const diff = useQuery(trpc.prompts.diff.queryOptions({ projectId, promptId: prompt.id, from, to }));
  const select = (id: string, label: string, value: number, set: (v: number) => void) => (
    <div>
      <Label htmlFor={id} className="mb-1 text-xs text-slate-500">
        {label}
      </Label>
      <Select id={id} className="w-60" value={value} onChange={(e) => set(Number(e.target.value))}>
        {prompt.versions.map((v) => (
          <option key={v.version} value={v.version}>
            v{v.version} · {v.commitMessage.slice(0, 40)}
          </option>
        ))}
      </Select>
    </div>
  );
  const d = diff.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-4">
        {select("diff-from", "From (old)", from, (v) => onChange(v, to))}
        <span className="pb-2 text-slate-400">→</span>
        {select("diff-to", "To (new)", to, (v) => onChange(from, v))}
      </div>
      {diff.isPending && <TableSkeleton label="Loading the diff" />}
      {diff.isError && <ErrorPanel error={diff.error} onRetry={() => void diff.refetch()} />}
      {d && (
        <>
          {!d.diff.changed && (
            <p className="rounded-lg bg-slate-50 px-4 py-3 text-sm text-slate-600 ring-1 ring-slate-200">
              These versions are identical.
            </p>
          )}
          {d.diff.fields.length > 0 && (
            <Card aria-labelledby="changed-fields">
              <CardHeader id="changed-fields" title="Changed fields" />
              <table aria-label="Changed fields" className="w-full text-sm">
                <tbody>
                  {d.diff.fields.map((f) => (
                    <tr key={f.field} className="border-b border-slate-100 last:border-0">
                      <th scope="row" className="w-28 px-5 py-2 text-left font-mono text-xs font-medium text-slate-500">
                        {f.field}
                      </th>
                      <td className="px-3 py-2 font-mono text-xs break-all text-red-800">
                        <span className="rounded bg-red-50 px-1.5 py-0.5">{show(f.from)}</span>
                      </td>
                      <td className="w-6 text-slate-400">→</td>
                      <td className="px-3 py-2 font-mono text-xs break-all text-emerald-800">
                        <span className="rounded bg-emerald-50 px-1.5 py-0.5">{show(f.to)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </Card>
          )}
          <section>
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">System</h3>
            <DiffTable
              rows={d.diff.system}
              label="System diff"
              fromLabel={`v${d.from.version}`}
              toLabel={`v${d.to.version}`}
            />
          </section>
          <section>
            <h3 className="mb-1.5 text-xs font-semibold tracking-wide text-slate-500 uppercase">Messages</h3>
            <DiffTable
              rows={d.diff.messages}
              label="Messages diff"
              fromLabel={`v${d.from.version}`}
              toLabel={`v${d.to.version}`}
            />
          </section>
        </>
      )}
    </div>
  );
}
