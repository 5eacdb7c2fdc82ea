"use client";
import { useQuery } from "@tanstack/react-query";
import { Calculator } from "lucide-react";
import { useId, useState, type FormEvent } from "react";
import { Badge } from "~/components/ui/badge";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { formatCost } from "~/lib/metrics-format";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";

const TOKEN_FIELDS = [
  { key: "inputTokens", label: "Input tokens" },
  { key: "outputTokens", label: "Output tokens" },
  { key: "cacheReadTokens", label: "Cache read tokens" },
  { key: "cacheWriteTokens", label: "Cache write tokens" },
] as const;
type TTokenKey = (typeof TOKEN_FIELDS)[number]["key"];

const toInt = (s: string) => {
  const n = Math.floor(Number(s));
  return Number.isFinite(n) && n >= 0 ? n : 0;
};

/** "What would this call cost?" against the project's prices and the defaults. */
export function CostPreviewSection({ projectId, models }: { projectId: string; models: string[] }) {
  const trpc = useTRPC();
  const listId = useId();
  const [model, setModel] = useState("claude-sonnet-4-6");
  const [tokens, setTokens] = useState<Record<TTokenKey, string>>({
    inputTokens: "1000",
    outputTokens: "500",
    cacheReadTokens: "0",
    cacheWriteTokens: "0",
  });
  const [asked, setAsked] = useState<null | ({ model: string } & Record<TTokenKey, number>)>(null);
  const preview = useQuery(
    trpc.modelPrices.preview.queryOptions({ projectId, ...asked! }, { enabled: asked !== null }),
  );

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    if (!model.trim()) return;
    setAsked({
      model: model.trim(),
      inputTokens: toInt(tokens.inputTokens),
      outputTokens: toInt(tokens.outputTokens),
      cacheReadTokens: toInt(tokens.cacheReadTokens),
      cacheWriteTokens: toInt(tokens.cacheWriteTokens),
    });
  }

  const r = preview.data;
  return (
    <Card aria-labelledby="cost-preview-heading">
      <CardHeader
        id="cost-preview-heading"
        title="Cost preview"
        description="Check which price a model name matches and what a call would cost."
      />
      <CardBody>
        <form onSubmit={onSubmit} className="grid gap-3 sm:grid-cols-6" noValidate>
          <Field id="preview-model" label="Model" className="sm:col-span-2">
            <Input
              id="preview-model"
              list={listId}
              value={model}
              onChange={(e) => setModel(e.target.value)}
              placeholder="gpt-4o-mini"
            />
            <datalist id={listId}>
              {models.map((m) => (
                <option key={m} value={m} />
              ))}
            </datalist>
          </Field>
          {TOKEN_FIELDS.map((f) => (
            <Field key={f.key} id={`preview-${f.key}`} label={f.label}>
              <Input
                id={`preview-${f.key}`}
                type="number"
                min={0}
                value={tokens[f.key]}
                onChange={(e) => setTokens((t) => ({ ...t, [f.key]: e.target.value }))}
              />
            </Field>
          ))}
          <div className="flex items-end sm:col-span-6">
            <Button type="submit" variant="secondary" loading={preview.isFetching}>
              {!preview.isFetching && <Calculator className="size-4" aria-hidden />}
              Calculate
            </Button>
          </div>
        </form>
        {preview.isError && (
          <div className="mt-4">
            <FormError>{friendlyMessage(preview.error)}</FormError>
          </div>
        )}
        {r && (
          <div
            className="mt-4 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200"
            role="status"
            aria-label="Cost preview result"
          >
            {r.matched && r.cost ? (
              <>
                <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
                  Matched <span className="font-semibold text-slate-900">{r.matched.modelName}</span>
                  <Badge tone={r.matched.source === "project" ? "indigo" : "neutral"}>
                    {r.matched.source === "project" ? "project price" : "default price"}
                  </Badge>
                </p>
                <dl className="mt-3 grid grid-cols-2 gap-3 text-sm sm:grid-cols-5">
                  {(
                    [
                      ["Input", r.cost.inputCost],
                      ["Output", r.cost.outputCost],
                      ["Cache read", r.cost.cacheReadCost],
                      ["Cache write", r.cost.cacheWriteCost],
                      ["Total", r.cost.totalCost],
                    ] as const
                  ).map(([label, v]) => (
                    <div key={label}>
                      <dt className="text-xs text-slate-500">{label}</dt>
                      <dd
                        className={
                          label === "Total"
                            ? "font-semibold text-slate-900 tabular-nums"
                            : "text-slate-700 tabular-nums"
                        }
                      >
                        {formatCost(v)}
                      </dd>
                    </div>
                  ))}
                </dl>
              </>
            ) : (
              <p className="text-sm text-slate-600">
                No price matches <span className="font-mono">{asked?.model}</span>. Generations of this model are stored
                without a cost unless the client sends one. Add a project price to cover it.
              </p>
            )}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
