"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ProjectFrame } from "~/components/projects/project-frame";
import { Button } from "~/components/ui/button";
import { Card, CardBody, CardHeader } from "~/components/ui/card";
import { Field } from "~/components/ui/field";
import { FormError } from "~/components/ui/form-error";
import { Input } from "~/components/ui/input";
import { PageHeader } from "~/components/ui/page-header";
import { ErrorPanel } from "~/components/ui/query-state";
import { Skeleton } from "~/components/ui/skeleton";
import { Table, TD, TH, THead, TR } from "~/components/ui/table";
import { useToast } from "~/components/ui/toast";
import { hasRole } from "~/lib/roles";
import { friendlyMessage } from "~/lib/trpc-errors";
import { useTRPC } from "~/trpc/react";
import { pct } from "./format";

const TOKEN_SOURCE = {
  measured_online: "measured from this grader's online judge calls",
  measured_calibration: "measured from this grader's calibration runs",
  estimated_prompt_length: "estimated from the judge prompt's length (no judge call yet)",
} as const;

const usd = (v: number | null) =>
  v === null
    ? "unknown (no price)"
    : `$${v.toLocaleString("en-US", { maximumFractionDigits: v < 10 ? 2 : 0, minimumFractionDigits: v < 10 ? 2 : 0 })}`;
const num = (v: number) => Math.round(v).toLocaleString("en-US");
const ci = (v: number | null) => (v === null ? "—" : `± ${v.toFixed(3)}`);

export function PlannerPage({ projectId }: { projectId: string }) {
  return (
    <ProjectFrame projectId={projectId} label="eval cost planner">
      {(p, crumbs) => (
        <>
          <PageHeader
            crumbs={crumbs(
              { label: "Evaluators", href: `/projects/${projectId}/evaluators` },
              { label: "Cost planner" },
            )}
            title="Eval cost planner"
            description="Layered sampling of your real traffic: deterministic checks, LLM judges and human review. See what each layer costs per month and how tight a confidence interval it buys."
          />
          <Planner projectId={projectId} canAdmin={hasRole(p.role, "ADMIN")} />
        </>
      )}
    </ProjectFrame>
  );
}

function Planner({ projectId, canAdmin }: { projectId: string; canAdmin: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const inputs = useQuery(trpc.onlineEvals.plannerInputs.queryOptions({ projectId }));
  const [volume, setVolume] = useState("");
  const [det, setDet] = useState("100");
  const [judge, setJudge] = useState("10");
  const [human, setHuman] = useState("1");
  const [minutes, setMinutes] = useState("3");
  const [sd, setSd] = useState("1");
  const [seeded, setSeeded] = useState(false);
  useEffect(() => {
    if (!inputs.data || seeded) return;
    setSeeded(true);
    setMinutes(String(inputs.data.reviewMinutes));
    setHuman(String(+(inputs.data.humanReviewRate * 100).toFixed(4)));
    const judgeRule = inputs.data.rules.find((r) => r.layer === "judge");
    if (judgeRule) setJudge(String(+(judgeRule.rate * 100).toFixed(4)));
  }, [inputs.data, seeded]);

  const input = {
    projectId,
    deterministicRate: Number(det) / 100,
    judgeRate: Number(judge) / 100,
    humanReviewRate: Number(human) / 100,
    reviewMinutes: Number(minutes),
    scoreSd: Number(sd),
    ...(volume.trim() !== "" && { tracesPerDay: Number(volume) }),
  };
  const plan = useQuery({
    ...trpc.onlineEvals.plan.queryOptions(input),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const apply = useMutation(
    trpc.onlineEvals.applyPlan.mutationOptions({
      onSuccess: async (r) => {
        await qc.invalidateQueries({ queryKey: trpc.onlineEvals.pathKey() });
        toast.success(`Plan applied to ${r.updated} rule${r.updated === 1 ? "" : "s"}`);
      },
    }),
  );
  const d = plan.data;
  return (
    <div className="grid gap-6 xl:grid-cols-[22rem_1fr]">
      <Card aria-labelledby="plan-inputs">
        <CardHeader id="plan-inputs" title="Inputs" />
        <CardBody className="space-y-4">
          <Field
            id="pl-volume"
            label="Traces per day"
            hint={
              inputs.data
                ? `Measured: ${num(inputs.data.tracesPerDay)} (${inputs.data.volumeSource}). Leave empty to use it.`
                : undefined
            }
          >
            <Input
              id="pl-volume"
              inputMode="decimal"
              value={volume}
              placeholder={inputs.data ? num(inputs.data.tracesPerDay) : ""}
              onChange={(e) => setVolume(e.target.value)}
            />
          </Field>
          <Field id="pl-det" label="Deterministic checks (%)">
            <Input id="pl-det" inputMode="decimal" value={det} onChange={(e) => setDet(e.target.value)} />
          </Field>
          <Field id="pl-judge" label="LLM judge (%)">
            <Input id="pl-judge" inputMode="decimal" value={judge} onChange={(e) => setJudge(e.target.value)} />
          </Field>
          <Field id="pl-human" label="Human review (%)">
            <Input id="pl-human" inputMode="decimal" value={human} onChange={(e) => setHuman(e.target.value)} />
          </Field>
          <Field id="pl-minutes" label="Minutes per human review">
            <Input id="pl-minutes" inputMode="decimal" value={minutes} onChange={(e) => setMinutes(e.target.value)} />
          </Field>
          <Field
            id="pl-sd"
            label="Typical score standard deviation"
            hint="On the score's own scale (e.g. 1 on a 1–5 rubric)"
          >
            <Input id="pl-sd" inputMode="decimal" value={sd} onChange={(e) => setSd(e.target.value)} />
          </Field>
        </CardBody>
      </Card>
      <div className="space-y-6">
        <Card aria-labelledby="plan-result">
          <CardHeader
            id="plan-result"
            title="Per month"
            description={d ? `${num(d.tracesPerDay)} traces/day (${d.volumeSource}) × 30 days` : undefined}
            actions={
              canAdmin ? (
                <Button size="sm" disabled={!d || plan.isError || apply.isPending} onClick={() => apply.mutate(input)}>
                  Apply the plan to the rules
                </Button>
              ) : undefined
            }
          />
          <CardBody className="space-y-3">
            {plan.isError && <FormError>{friendlyMessage(plan.error)}</FormError>}
            {apply.error && <FormError>{friendlyMessage(apply.error)}</FormError>}
            {!d ? (
              inputs.isError ? (
                <ErrorPanel error={inputs.error} onRetry={() => void inputs.refetch()} />
              ) : (
                <Skeleton className="h-32 w-full" />
              )
            ) : (
              <Table label="Plan by layer">
                <THead>
                  <tr>
                    <TH>Layer</TH>
                    <TH className="text-right">Rate</TH>
                    <TH className="text-right">Traces</TH>
                    <TH className="text-right">Judge calls</TH>
                    <TH className="text-right">Dollars</TH>
                    <TH className="text-right">Review hours</TH>
                    <TH className="text-right">95% CI, daily mean</TH>
                    <TH className="text-right">95% CI, monthly mean</TH>
                  </tr>
                </THead>
                <tbody>
                  {d.layers.map((l) => (
                    <TR key={l.layer}>
                      <TD className="font-medium capitalize">
                        {l.layer === "judge" ? "LLM judge" : l.layer === "human" ? "Human review" : "Deterministic"}
                      </TD>
                      <TD className="text-right tabular-nums">{pct(l.rate)}</TD>
                      <TD className="text-right tabular-nums">{num(l.tracesPerMonth)}</TD>
                      <TD className="text-right tabular-nums">{l.layer === "judge" ? num(l.callsPerMonth) : "—"}</TD>
                      <TD className="text-right tabular-nums" data-testid={`dollars-${l.layer}`}>
                        {l.layer === "judge" ? usd(l.dollarsPerMonth) : "$0"}
                      </TD>
                      <TD className="text-right tabular-nums">
                        {l.layer === "human" ? l.hoursPerMonth.toFixed(1) : "—"}
                      </TD>
                      <TD className="text-right tabular-nums">{ci(l.ciHalfWidthDaily)}</TD>
                      <TD className="text-right tabular-nums">{ci(l.ciHalfWidthMonthly)}</TD>
                    </TR>
                  ))}
                </tbody>
              </Table>
            )}
            <p className="text-xs text-slate-500">
              CI half-widths assume a score with the standard deviation you entered and simple random sampling at the
              layer&apos;s rate (finite-population corrected). Applying sets every judge rule&apos;s base rate to the
              judge rate and every deterministic rule&apos;s to the deterministic rate, in one transaction; each
              stratum&apos;s rate moves by the same factor (at most 100%), and always-sample conditions stay as they
              are. The human-review rate and minutes are saved with the plan.
            </p>
          </CardBody>
        </Card>
        <Card aria-labelledby="plan-judges">
          <CardHeader id="plan-judges" title="Judges" description="Tokens per judge call and where they come from." />
          {d && d.perRule.length === 0 ? (
            <CardBody>
              <p className="text-sm text-slate-500">
                No LLM-judge evaluators yet: the judge layer costs nothing until you add one.
              </p>
            </CardBody>
          ) : (
            <Table label="Judge rules">
              <THead>
                <tr>
                  <TH>Rule</TH>
                  <TH>Model</TH>
                  <TH className="text-right">Input tokens/call</TH>
                  <TH className="text-right">Output tokens/call</TH>
                  <TH className="text-right">Calls/trace</TH>
                  <TH>Source</TH>
                  <TH className="text-right">Dollars/month</TH>
                </tr>
              </THead>
              <tbody>
                {(d?.perRule ?? []).map((r) => (
                  <TR key={r.ruleId}>
                    <TD>{r.name}</TD>
                    <TD className="font-mono text-xs">{r.judgeModel}</TD>
                    <TD className="text-right tabular-nums">{num(r.tokens!.inputTokens)}</TD>
                    <TD className="text-right tabular-nums">{num(r.tokens!.outputTokens)}</TD>
                    <TD className="text-right tabular-nums">{r.tokens!.callsPerTrace}</TD>
                    <TD className="text-xs text-slate-600">
                      {TOKEN_SOURCE[r.tokens!.source]}
                      {r.tokens!.measuredCalls > 0 && ` (${num(r.tokens!.measuredCalls)} calls)`}
                    </TD>
                    <TD className="text-right tabular-nums">{usd(r.plan.dollarsPerMonth)}</TD>
                  </TR>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </div>
  );
}
